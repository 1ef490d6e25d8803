#!/usr/bin/env bash
# Checks the NATS network drop-in (systemd/watcherd.service.d/nats.conf) the way check-systemd.sh checks the
# unit: the unit with the drop-in applied must pass systemd-analyze verify and score an exposure of at most 2.0,
# and the drop-in must keep IPAddressDeny=any with an explicit IPAddressAllow=.
#   scripts/check-systemd-nats.sh [BINARY]
# UNIT_SRC and DROPIN_SRC check other copies (an installed unit and drop-in) instead of the sources.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
unit_src=${UNIT_SRC:-$here/systemd/watcherd.service}
dropin_src=${DROPIN_SRC:-$here/systemd/watcherd.service.d/nats.conf}
threshold=20            # --threshold is on a 0-100 scale: 20 means 2.0

bin=${1:-$here/.build/release/watcherd}
[[ -x $bin ]] || bin=/bin/true
bin=$(realpath "$bin")

fail() { echo "check-systemd-nats: FAIL: $*" >&2; exit 1; }
command -v systemd-analyze >/dev/null 2>&1 || fail "systemd-analyze not found (apt-get install systemd)"
[[ -f $dropin_src ]] || fail "missing $dropin_src"

grep -q '^IPAddressDeny=any$' "$dropin_src" || fail "the drop-in must keep IPAddressDeny=any"
grep -q '^IPAddressAllow=..*' "$dropin_src" || fail "the drop-in must name the brokers in IPAddressAllow="
grep -q '^PrivateNetwork=no$' "$dropin_src" || fail "the drop-in must set PrivateNetwork=no"
grep -q '^RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6$' "$dropin_src" ||
    fail "the drop-in must allow exactly AF_UNIX AF_INET AF_INET6"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A drop-in's settings apply as if appended to the unit: the merged file is what systemd runs.
unit="$tmp/watcherd.service"
{ sed "s#^\(Exec[A-Za-z]*=\)[^ ]*/watcherd #\1$bin #" "$unit_src"; echo; cat "$dropin_src"; } > "$unit"

verify_out=$(systemd-analyze verify --man=no "$unit" 2>&1 || true)
if grep -E "^$unit:|^watcherd.service: " <<< "$verify_out" >&2; then
    fail "systemd-analyze verify complained about the unit with the drop-in"
fi

sec_rc=0
sec_out=$(systemd-analyze security --offline=true --no-pager --threshold="$threshold" "$unit" 2>&1) || sec_rc=$?
overall=$(grep -m1 'Overall exposure level' <<< "$sec_out" || true)
[[ -n $overall ]] || { printf '%s\n' "$sec_out" >&2; fail "no exposure line from systemd-analyze security"; }
exposure=$(sed -E 's/.*: ([0-9]+\.[0-9]+) .*/\1/' <<< "$overall")
if ((sec_rc != 0)); then
    grep '✗' <<< "$sec_out" >&2 || true
    fail "exposure $exposure with the NATS drop-in is above 2.0"
fi
echo "systemd (NATS drop-in): verify clean, exposure $exposure (≤ 2.0)"
