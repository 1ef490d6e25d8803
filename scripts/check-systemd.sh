#!/usr/bin/env bash
# Static checks for watcherd's systemd integration. No running systemd needed.
#   scripts/check-systemd.sh [BINARY]
# BINARY replaces ExecStart's /usr/local/bin/watcherd so that `verify` finds an
# executable (default .build/release/watcherd, else /bin/true).
# Checks: systemd-analyze verify (any complaint about our unit fails),
# systemd-analyze security --offline (fails above 1.0), and where the tools
# exist: logrotate -d, systemd-sysusers --dry-run, systemd-tmpfiles --create
# into a scratch --root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
unit_src="$here/systemd/watcherd.service"
sysusers_src="$here/systemd/watcherd.sysusers"
tmpfiles_src="$here/systemd/watcherd.tmpfiles"
logrotate_src="$here/systemd/watcherd.logrotate"
max_exposure=1.0
threshold=10            # --threshold is on a 0-100 scale: 10 means 1.0

bin=${1:-$here/.build/release/watcherd}
if [[ ! -x $bin ]]; then
    [[ $# -ge 1 ]] && echo "check-systemd: $bin is not executable, using /bin/true" >&2
    bin=/bin/true
fi
bin=$(realpath "$bin")

fail() { echo "check-systemd: FAIL: $*" >&2; exit 1; }
note() { echo "check-systemd: $*"; }
indent() { local l; while IFS= read -r l; do printf '  %s\n' "$l"; done; }

command -v systemd-analyze >/dev/null 2>&1 ||
    fail "systemd-analyze not found (Debian: apt-get install systemd); run the Makefile's deps target"

for f in "$unit_src" "$sysusers_src" "$tmpfiles_src" "$logrotate_src"; do
    [[ -f $f ]] || fail "missing $f"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- (a) systemd-analyze verify ------------------------------------------------
# Same file name, so the unit keeps its name; only the binary path changes.
unit="$tmp/watcherd.service"
grep -q '^ExecStart=/usr/local/bin/watcherd ' "$unit_src" ||
    fail "ExecStart in $unit_src must start with /usr/local/bin/watcherd (make install rewrites it)"
sed "s#^\(Exec[A-Za-z]*=\)/usr/local/bin/watcherd #\1$bin #" "$unit_src" > "$unit"

verify_rc=0
verify_out=$(systemd-analyze verify --man=no "$unit" 2>&1) || verify_rc=$?

# verify also loads the units ours depends on (multi-user.target, sysinit...),
# and on some hosts those have their own problems. Drop only lines that are
# clearly about a different unit file or unit; keep everything else.
complaints=()
while IFS= read -r line; do
    [[ -z $line ]] && continue
    if [[ $line =~ ^(/[^:]+\.(service|socket|target|mount|timer|path|slice|scope|swap|automount|device)):[0-9]+: ]]; then
        # "<file>:<line>: message": foreign if the file is not our copy.
        [[ ${BASH_REMATCH[1]} != "$unit" ]] && continue
    elif [[ $line =~ ^([A-Za-z0-9@._\\-]+\.(service|socket|target|mount|timer|path|slice|scope|swap|automount|device)):\  ]]; then
        # "<unit>: message": foreign if the unit is not ours.
        [[ ${BASH_REMATCH[1]} != watcherd.service ]] && continue
    fi
    complaints+=("$line")
done <<< "$verify_out"

if ((${#complaints[@]} > 0)); then
    # Same line numbers as the source: report the source's path.
    printf '  %s\n' "${complaints[@]//"$unit"/"$unit_src"}" >&2
    fail "systemd-analyze verify complained about watcherd.service"
fi
ignored=$(grep -c . <<< "$verify_out" || true)
# A non-zero exit is only excused by complaints that are all about other units.
if ((verify_rc != 0 && ignored == 0)); then
    fail "systemd-analyze verify exited $verify_rc without saying why"
fi
if ((ignored > 0)); then
    note "verify: ignored $ignored line(s) about other units (exit status $verify_rc):"
    indent <<< "$verify_out"
fi
note "verify: clean"

# --- (b) exposure score --------------------------------------------------------
sec_rc=0
sec_out=$(systemd-analyze security --offline=true --no-pager \
    --threshold="$threshold" "$unit" 2>&1) || sec_rc=$?
overall=$(grep -m1 'Overall exposure level' <<< "$sec_out" || true)
[[ -n $overall ]] || { printf '%s\n' "$sec_out" >&2; fail "no exposure line from systemd-analyze security"; }
note "${overall#→ }"
exposure=$(sed -E 's/.*: ([0-9]+\.[0-9]+) .*/\1/' <<< "$overall")
if ((sec_rc != 0)); then
    grep '✗' <<< "$sec_out" >&2 || true
    fail "exposure $exposure is above $max_exposure (systemd-analyze exited $sec_rc)"
fi

# --- (b2) the daily report: watcherd-report.service + .timer ---------------------
report_src="$here/systemd/watcherd-report.service"
timer_src="$here/systemd/watcherd-report.timer"
for f in "$report_src" "$timer_src"; do [[ -f $f ]] || fail "missing $f"; done
grep -q '^ExecStart=/usr/local/bin/watcherd report ' "$report_src" ||
    fail "ExecStart in $report_src must start with /usr/local/bin/watcherd report (make install rewrites it)"
grep -q '^OnCalendar=\*-\*-\* 06:00:00$' "$timer_src" || fail "$timer_src must run daily at 06:00"
mkdir -p "$tmp/report"
report_unit="$tmp/report/watcherd-report.service"
timer_unit="$tmp/report/watcherd-report.timer"
sed "s#^ExecStart=/usr/local/bin/watcherd #ExecStart=$bin #" "$report_src" > "$report_unit"
cp "$timer_src" "$timer_unit"
report_rc=0
report_out=$(systemd-analyze verify --man=no "$report_unit" "$timer_unit" 2>&1) || report_rc=$?
report_complaints=()
while IFS= read -r line; do
    [[ -z $line ]] && continue
    if [[ $line =~ ^(/[^:]+\.(service|socket|target|mount|timer|path|slice|scope|swap|automount|device)):[0-9]+: ]]; then
        [[ ${BASH_REMATCH[1]} != "$report_unit" && ${BASH_REMATCH[1]} != "$timer_unit" ]] && continue
    elif [[ $line =~ ^([A-Za-z0-9@._\\-]+\.(service|socket|target|mount|timer|path|slice|scope|swap|automount|device)):\  ]]; then
        [[ ${BASH_REMATCH[1]} != watcherd-report.service && ${BASH_REMATCH[1]} != watcherd-report.timer ]] && continue
    fi
    report_complaints+=("$line")
done <<< "$report_out"
if ((${#report_complaints[@]} > 0)); then
    printf '  %s\n' "${report_complaints[@]}" >&2
    fail "systemd-analyze verify complained about watcherd-report.service or .timer"
fi
report_ignored=$(grep -c . <<< "$report_out" || true)
((report_rc != 0 && report_ignored == 0)) && fail "systemd-analyze verify of the report units exited $report_rc without saying why"
note "verify (report service + timer): clean"
rsec_rc=0
rsec_out=$(systemd-analyze security --offline=true --no-pager --threshold="$threshold" "$report_unit" 2>&1) || rsec_rc=$?
roverall=$(grep -m1 'Overall exposure level' <<< "$rsec_out" || true)
[[ -n $roverall ]] || { printf '%s\n' "$rsec_out" >&2; fail "no exposure line for watcherd-report.service"; }
report_exposure=$(sed -E 's/.*: ([0-9]+\.[0-9]+) .*/\1/' <<< "$roverall")
note "watcherd-report.service: ${roverall#→ }"
if ((rsec_rc != 0)); then
    grep '✗' <<< "$rsec_out" >&2 || true
    fail "watcherd-report.service exposure $report_exposure is above $max_exposure"
fi

# --- (c) sysusers.d / tmpfiles.d -----------------------------------------------
extras=()
if command -v systemd-sysusers >/dev/null 2>&1 && systemd-sysusers --help 2>&1 | grep -q -- '--dry-run'; then
    # Against an empty scratch root: shows what a fresh host would get.
    mkdir -p "$tmp/root/etc"
    out=$(systemd-sysusers --dry-run --root="$tmp/root" "$sysusers_src" 2>&1) ||
        { printf '%s\n' "$out" >&2; fail "systemd-sysusers rejected $sysusers_src"; }
    if grep -Eiq 'fail|invalid|unknown|ignor|warn' <<< "$out"; then
        printf '%s\n' "$out" >&2; fail "systemd-sysusers complained about $sysusers_src"
    fi
    indent <<< "$out"
    extras+=("sysusers ok")
else
    note "sysusers: systemd-sysusers --dry-run not available, skipped"
fi

# systemd 252's tmpfiles has no --dry-run: create into a scratch --root instead.
# That needs the users, so sysusers runs (for real) into the same scratch root.
if command -v systemd-tmpfiles >/dev/null 2>&1; then
    mkdir -p "$tmp/root/etc" "$tmp/root/var/spool"
    if [[ $(id -u) -eq 0 ]] && command -v systemd-sysusers >/dev/null 2>&1; then
        systemd-sysusers --root="$tmp/root" "$sysusers_src" >/dev/null 2>&1 ||
            fail "systemd-sysusers could not create the users in a scratch root"
        out=$(systemd-tmpfiles --create --root="$tmp/root" "$tmpfiles_src" 2>&1) ||
            { printf '%s\n' "$out" >&2; fail "systemd-tmpfiles rejected $tmpfiles_src"; }
        [[ -z $out ]] || { printf '%s\n' "$out" >&2; fail "systemd-tmpfiles complained about $tmpfiles_src"; }
        uid=$(awk -F: '$1=="watcherd"{print $3}' "$tmp/root/etc/passwd")
        gid_drop=$(awk -F: '$1=="watcherd-drop"{print $3}' "$tmp/root/etc/group")
        got_spool=$(stat -c '%a %u %g' "$tmp/root/var/spool/watcherd")
        got_drop=$(stat -c '%a %u %g' "$tmp/root/var/spool/watcherd/drop")
        [[ $got_spool == "750 0 $gid_drop" ]] || fail "/var/spool/watcherd is '$got_spool', want '750 0 $gid_drop'"
        [[ $got_drop == "2770 $uid $gid_drop" ]] || fail "drop folder is '$got_drop', want '2770 $uid $gid_drop'"
        grep -q "^watcherd-drop:[^:]*:[0-9]*:\(.*,\)\?watcherd\(,.*\)\?$" "$tmp/root/etc/group" ||
            fail "watcherd is not a member of watcherd-drop"
        note "tmpfiles: scratch root has spool $got_spool, drop $got_drop"
        extras+=("tmpfiles ok")
    else
        # Unprivileged: parse only (--prefix matching nothing creates nothing).
        out=$(systemd-tmpfiles --create --root="$tmp/root" --prefix=/nonexistent-prefix "$tmpfiles_src" 2>&1) ||
            { printf '%s\n' "$out" >&2; fail "systemd-tmpfiles rejected $tmpfiles_src"; }
        [[ -z $out ]] || { printf '%s\n' "$out" >&2; fail "systemd-tmpfiles complained about $tmpfiles_src"; }
        note "tmpfiles: parsed only (not root, cannot chown in a scratch root)"
        extras+=("tmpfiles parsed")
    fi
else
    note "tmpfiles: systemd-tmpfiles not installed, skipped"
fi

# --- (d) logrotate -d ----------------------------------------------------------
if command -v logrotate >/dev/null 2>&1; then
    # Point the pattern at a scratch dir with one non-empty log, and use the
    # current user where watcherd does not exist, so the debug run resolves.
    lr="$tmp/logrotate.conf"
    mkdir -p "$tmp/log"
    echo '{}' > "$tmp/log/articles.jsonl"
    u=watcherd g=watcherd
    if ! getent passwd watcherd >/dev/null || ! getent group watcherd >/dev/null; then
        u=$(id -un) g=$(id -gn)
    fi
    sed -e "s#^/var/log/watcherd/\*\.jsonl #$tmp/log/*.jsonl #" \
        -e "s#^\(\s*su\) watcherd watcherd\$#\1 $u $g#" \
        -e "s#^\(\s*create 0640\) watcherd watcherd\$#\1 $u $g#" \
        "$logrotate_src" > "$lr"
    chmod 0644 "$lr"
    grep -Eq '^[[:space:]]*copytruncate' "$logrotate_src" && fail "logrotate config uses copytruncate"
    out=$(logrotate -d -f -s "$tmp/logrotate.state" "$lr" 2>&1) ||
        { printf '%s\n' "$out" >&2; fail "logrotate -d failed"; }
    if grep -q '^error:' <<< "$out"; then
        grep '^error:' <<< "$out" >&2; fail "logrotate -d reported errors"
    fi
    grep -q 'rotating log .*articles\.jsonl' <<< "$out" ||
        { printf '%s\n' "$out" >&2; fail "logrotate -d did not plan to rotate the test log"; }
    note "logrotate: -d clean (user $u:$g)"
    extras+=("logrotate ok")
else
    note "logrotate: not installed, skipped"
fi

summary="systemd: verify clean, exposure $exposure (≤ $max_exposure), report unit + timer verify clean, exposure $report_exposure"
for e in "${extras[@]}"; do summary+=", $e"; done
echo "$summary"
