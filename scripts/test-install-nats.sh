#!/usr/bin/env bash
# Tests the NATS network drop-in's installation (mk/nats.mk): `make install NATS=1 NATS_ALLOW=...` into a scratch
# DESTDIR with PREFIX=/usr. Call it from a Makefile as  MAKE='$(MAKE)' scripts/test-install-nats.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
read -r -a make_cmd <<< "${MAKE:-make}"
prefix=/usr
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/dest"
unit="$dest$prefix/lib/systemd/system/watcherd.service"
dropin="$dest$prefix/lib/systemd/system/watcherd.service.d/nats.conf"

failures=0
fail() { echo "test-install-nats: FAIL: $*" >&2; failures=$((failures + 1)); }
run_make() {
    if ! "${make_cmd[@]}" -C "$root" --no-print-directory "$@" DESTDIR="$dest" PREFIX="$prefix" > "$tmp/make.log" 2>&1; then
        cat "$tmp/make.log" >&2
        echo "test-install-nats: FAIL: ${make_cmd[*]} $* DESTDIR=$dest PREFIX=$prefix" >&2
        exit 1
    fi
}

# 1. Plain install: no drop-in (the unit keeps PrivateNetwork=yes).
run_make install
[[ ! -e $dropin ]] || fail "make install without NATS=1 installed the network drop-in"
run_make uninstall

# 2. NATS=1: the drop-in next to the unit, the brokers as IPAddressAllow= lines, and the unit with it passes
#    verify with exposure ≤ 2.0.
run_make install NATS=1 NATS_ALLOW="10.0.0.5 10.0.0.6/32 fd00::7"
[[ -f $dropin ]] || fail "make install NATS=1 did not install $prefix/lib/systemd/system/watcherd.service.d/nats.conf"
if [[ -f $dropin ]]; then
    [[ $(stat -c '%a' "$dropin") == 644 ]] || fail "the drop-in has mode $(stat -c '%a' "$dropin"), want 644"
    allow=$(grep '^IPAddressAllow=' "$dropin" | tr '\n' ' ')
    [[ $allow == "IPAddressAllow=10.0.0.5 IPAddressAllow=10.0.0.6/32 IPAddressAllow=fd00::7 " ]] ||
        fail "the drop-in allows '$allow', not the given brokers"
    diff <(grep -v '^IPAddressAllow=' "$root/systemd/watcherd.service.d/nats.conf") <(grep -v '^IPAddressAllow=' "$dropin") >/dev/null ||
        fail "the installed drop-in differs from systemd/watcherd.service.d/nats.conf beyond IPAddressAllow="
    UNIT_SRC="$unit" DROPIN_SRC="$dropin" "$root/scripts/check-systemd-nats.sh" "$dest$prefix/bin/watcherd" ||
        fail "the installed unit with the installed drop-in does not pass check-systemd-nats"
fi

# 3. An admin's allow list survives a reinstall.
echo "IPAddressAllow=192.0.2.1" >> "$dropin"
cp "$dropin" "$tmp/edited.conf"
run_make install NATS=1
cmp -s "$dropin" "$tmp/edited.conf" || fail "make install NATS=1 overwrote an existing drop-in"

# 4. A host name is refused (IPAddressAllow= takes addresses only).
if "${make_cmd[@]}" -C "$root" --no-print-directory install-nats-dropin NATS_ALLOW="nats.example.org" DESTDIR="$tmp/other" PREFIX="$prefix" > "$tmp/make.log" 2>&1; then
    fail "install-nats-dropin took a host name in NATS_ALLOW"
fi

# 5. Uninstall removes it with the unit.
run_make uninstall
[[ ! -e $dropin && ! -e $(dirname "$dropin") ]] || fail "uninstall left the drop-in or its folder"

if ((failures > 0)); then
    echo "test-install-nats: $failures failure(s)" >&2
    exit 1
fi
echo "test-install-nats: ok (drop-in only with NATS=1, brokers in IPAddressAllow=, verify and exposure ≤ 2.0, an admin's drop-in kept, removed by uninstall)"
