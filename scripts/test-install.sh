#!/usr/bin/env bash
# Tests `make install` / `make uninstall` (mk/install.mk) into a scratch DESTDIR
# with PREFIX=/usr. Uses $MAKE (default make), so call it from a Makefile as
#   MAKE='$(MAKE)' scripts/test-install.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
read -r -a make_cmd <<< "${MAKE:-make}"
prefix=/usr

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/dest"

failures=0
fail() { echo "test-install: FAIL: $*" >&2; failures=$((failures + 1)); }
run_make() {
    # Output goes to a log, shown only when make fails.
    if ! "${make_cmd[@]}" -C "$root" --no-print-directory "$@" DESTDIR="$dest" PREFIX="$prefix" \
            > "$tmp/make.log" 2>&1; then
        cat "$tmp/make.log" >&2
        echo "test-install: FAIL: ${make_cmd[*]} $* DESTDIR=$dest PREFIX=$prefix" >&2
        exit 1
    fi
}

# path (relative to DESTDIR) and octal mode of every file install must create.
expected=(
    "$prefix/bin/watcherd 755"
    "$prefix/lib/systemd/system/watcherd.service 644"
    "$prefix/lib/systemd/system/watcherd-report.service 644"
    "$prefix/lib/systemd/system/watcherd-report.timer 644"
    "$prefix/lib/sysusers.d/watcherd.conf 644"
    "$prefix/lib/tmpfiles.d/watcherd.conf 644"
    "/etc/logrotate.d/watcherd 644"
    "/etc/watcherd/watcherd.yaml 644"
    "$prefix/share/watcherd/watcherd.yaml.example 644"
    "$prefix/share/watcherd/ner-data-credits.md 644"
)
shopt -s nullglob
for s in "$root"/schemas/*.json; do
    expected+=("$prefix/share/watcherd/schemas/$(basename "$s") 644")
done
shopt -u nullglob
config="$dest/etc/watcherd/watcherd.yaml"
unit="$dest$prefix/lib/systemd/system/watcherd.service"

check_installed() {
    local entry path mode got
    for entry in "${expected[@]}"; do
        path=${entry% *} mode=${entry##* }
        if [[ ! -f $dest$path ]]; then
            fail "missing $path"
            continue
        fi
        got=$(stat -c '%a' "$dest$path")
        [[ $got == "$mode" ]] || fail "$path has mode $got, want $mode"
    done
    local exec
    exec=$(grep '^ExecStart=' "$unit" || true)
    [[ $exec == "ExecStart=$prefix/bin/watcherd run --config /etc/watcherd/watcherd.yaml" ]] ||
        fail "installed unit has '$exec'"
    exec=$(grep '^ExecReload=' "$unit" || true)
    [[ $exec == "ExecReload=$prefix/bin/watcherd reload --config /etc/watcherd/watcherd.yaml" ]] ||
        fail "installed unit has '$exec' (systemctl reload must run the installed binary, nothing from procps)"
    grep -q "^ *$prefix/bin/watcherd reload --config /etc/watcherd/watcherd.yaml --if-running" "$dest/etc/logrotate.d/watcherd" ||
        fail "the installed logrotate snippet does not reload through $prefix/bin/watcherd"
    # Apart from ExecStart and ExecReload, the installed unit is the source unit.
    diff <(grep -v '^Exec\(Start\|Reload\)=' "$root/systemd/watcherd.service") <(grep -v '^Exec\(Start\|Reload\)=' "$unit") >/dev/null ||
        fail "installed unit differs from systemd/watcherd.service beyond ExecStart and ExecReload"
    local report="$dest$prefix/lib/systemd/system/watcherd-report.service"
    exec=$(grep '^ExecStart=' "$report" || true)
    [[ $exec == "ExecStart=$prefix/bin/watcherd report --config /etc/watcherd/watcherd.yaml --since 24h --out-dir /var/lib/watcherd/reports" ]] ||
        fail "installed report unit has '$exec'"
    diff <(grep -v '^ExecStart=' "$root/systemd/watcherd-report.service") <(grep -v '^ExecStart=' "$report") >/dev/null ||
        fail "installed report unit differs from systemd/watcherd-report.service beyond ExecStart"
    cmp -s "$root/systemd/watcherd-report.timer" "$dest$prefix/lib/systemd/system/watcherd-report.timer" ||
        fail "installed watcherd-report.timer is not systemd/watcherd-report.timer"
    cmp -s "$root/config/watcherd.yaml" "$dest$prefix/share/watcherd/watcherd.yaml.example" ||
        fail "watcherd.yaml.example is not config/watcherd.yaml"
    cmp -s "$root/data/ner/README.md" "$dest$prefix/share/watcherd/ner-data-credits.md" ||
        fail "ner-data-credits.md is not data/ner/README.md (the embedded model's and word lists' credits)"
}

# 1. Fresh install, then uninstall: nothing of ours may be left.
run_make install
check_installed
run_make uninstall
left=$(cd "$dest" && find . -type f | sort)
[[ -z $left ]] || fail "files left after uninstall: $left"
for d in /etc/watcherd "$prefix/share/watcherd"; do
    [[ ! -e $dest$d ]] || fail "directory $d left after uninstall"
done

# 2. An admin's edited config survives a reinstall and an uninstall.
run_make install
echo "# edited by the admin" >> "$config"
cp "$config" "$tmp/edited.yaml"
run_make install
cmp -s "$config" "$tmp/edited.yaml" || fail "reinstall overwrote an edited /etc/watcherd/watcherd.yaml"
check_installed
run_make uninstall
cmp -s "$config" "$tmp/edited.yaml" || fail "uninstall removed or changed an edited /etc/watcherd/watcherd.yaml"
left=$(cd "$dest" && find . -type f ! -path ./etc/watcherd/watcherd.yaml | sort)
[[ -z $left ]] || fail "files left after uninstall: $left"

if ((failures > 0)); then
    echo "test-install: $failures failure(s)" >&2
    exit 1
fi
echo "test-install: ok (${#expected[@]} files, PREFIX=$prefix, ExecStart, ExecReload and logrotate rewritten in both units, edited config kept)"
