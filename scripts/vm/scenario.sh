#!/bin/bash
# The operator scenario of `make test-vm`, run INSIDE the VM as root by
# watcherd-vm-test.service once the machine has booted with watcherd enabled.
# Every step prints PASS or FAIL with its evidence; the log goes to
# /root/vm-test.log (read back from the disk image by scripts/test-vm.sh) and
# to the serial console. The machine powers off at the end.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export SYSTEMD_PAGER= SYSTEMD_COLORS=0 LC_ALL=C.UTF-8

LOG=/root/vm-test.log
: > "$LOG"
exec > >(tee -a "$LOG") 2>&1

BIN=/usr/local/bin/watcherd
CONFIG=/etc/watcherd/watcherd.yaml
DROP=/var/spool/watcherd/drop
ARTICLES=/var/log/watcherd/articles.jsonl
ALERTS=/var/log/watcherd/alerts.jsonl
SEEDS=/usr/local/share/watcherd-vm/seeds
DROPPER=alice

passed=0 failed=0
say() { echo "vm-test: $*"; }
# step NAME FUNCTION: runs the function, whose output is the evidence.
step() {
    local name=$1 fn=$2 out rc started=$SECONDS
    out=$("$fn" 2>&1)
    rc=$?
    if ((rc == 0)); then
        passed=$((passed + 1))
        echo "PASS $name ($((SECONDS - started)) s)"
    else
        failed=$((failed + 1))
        echo "FAIL $name ($((SECONDS - started)) s)"
    fi
    [[ -n $out ]] && sed 's/^/    /' <<< "$out"
    return 0
}
# wait_for SECONDS COMMAND...: polls every 0.2 s until the command succeeds.
wait_for() {
    local limit=$1; shift
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS >= deadline)) && return 1
        sleep 0.2
    done
}
ms_now() { date +%s%3N; }
main_pid() { systemctl show -p MainPID --value watcherd.service; }
prop() { systemctl show -p "$1" --value watcherd.service; }
status_field() { # status_field KEY: an integer from `watcherd status --json`
    "$BIN" status --json --config "$CONFIG" 2>/dev/null |
        sed -n "s/^ *\"$1\" *: *\([0-9][0-9]*\).*/\1/p" | head -n1
}
status_at_least() { local v; v=$(status_field "$1"); [[ -n $v ]] && ((v >= $2)); }
record_in() { grep -q "\"name\":\"$2\"" "$1" 2>/dev/null; }
lines_in() { if [[ -f $1 ]]; then grep -c . "$1"; else echo 0; fi; }
cursor() { journalctl -n 1 --show-cursor -q -o cat 2>/dev/null | sed -n 's/^-- cursor: //p' | tail -n1; }
# drop NAME: the dropper writes a seed under a hidden temporary name and renames it into place.
drop() {
    runuser -u "$DROPPER" -- sh -c "cp '$SEEDS/$1' '$DROP/.$1.part' && mv '$DROP/.$1.part' '$DROP/$1'"
}

seed_a=000_b826e8d6ef2de806.txt   # several alerts, two of them high
seed_b=001_50c1e03c49b27c1e.txt
seed_c=002_4803b6ff202ccf08.txt
seed_d=003_b894ee89e1b64982.txt

say "start ($(uname -r), systemd $(systemctl --version | head -n1 | awk '{print $2}'))"

# --- 1. The installed unit came up on a fresh boot -----------------------------
s_boot() {
    wait_for 120 systemctl is-active --quiet watcherd.service ||
        { echo "watcherd.service is $(systemctl is-active watcherd.service)"; systemctl status --no-pager watcherd.service; return 1; }
    echo "ActiveState=$(prop ActiveState) SubState=$(prop SubState)"
    local st; st=$(prop StatusText)
    echo "StatusText=$st"
    [[ -n $st ]] || { echo "no STATUS line"; return 1; }
    getent passwd watcherd || { echo "sysusers did not create user watcherd"; return 1; }
    getent group watcherd-drop || { echo "sysusers did not create group watcherd-drop"; return 1; }
    local d; d=$(stat -c '%a %U %G' "$DROP")
    echo "drop folder: $d"
    [[ $d == "2770 watcherd watcherd-drop" ]] || { echo "tmpfiles: want 2770 watcherd watcherd-drop"; return 1; }
}
step "boot: sysusers, tmpfiles, unit active with STATUS" s_boot

# --- 2. The binary needs nothing of the toolchain --------------------------------
s_selfcontained() {
    [[ ! -e /opt/swift ]] || { echo "/opt/swift exists in the VM"; return 1; }
    local out; out=$(ldd "$BIN" 2>&1) || { echo "$out"; return 1; }
    echo "$out"
    if grep -q 'not found' <<< "$out"; then echo "unresolved libraries"; return 1; fi
    if grep -qi 'swift' <<< "$out"; then echo "links a Swift runtime library"; return 1; fi
    # Every library it loads belongs to an installed Debian package: its path,
    # real path or their /usr-merged twins is in a dpkg file list (read directly:
    # dpkg -S is slow under emulation).
    local lib real list owners=()
    for lib in $(awk '/=>/ { print $3 }' <<< "$out"); do
        real=$(readlink -f "$lib")
        list=$(grep -lxF -e "$lib" -e "$real" -e "${lib#/usr}" -e "${real#/usr}" -e "/usr$lib" -e "/usr$real" \
            /var/lib/dpkg/info/*.list | head -n1)
        [[ -n $list ]] || { echo "$lib belongs to no Debian package"; return 1; }
        list=${list##*/}; list=${list%.list}; owners+=("${list%%:*}")
    done
    echo "packages: $(printf '%s\n' "${owners[@]}" | sort -u | tr '\n' ' ')"
    "$BIN" --version
}
step "binary runs without the toolchain's libraries" s_selfcontained

# --- 3. A non-root dropper's article gives its record and alerts -----------------
useradd --create-home --groups watcherd-drop "$DROPPER" 2>/dev/null || true
chmod 0755 /usr/local/share/watcherd-vm "$SEEDS"
chmod 0644 "$SEEDS"/*
s_drop() {
    id "$DROPPER"
    # What the alerts must be: the same binary and config, run once on the seed alone.
    local want; want=$("$BIN" process --show-alerts --config "$CONFIG" "$SEEDS/$seed_a" 2>/dev/null | grep -c '"rule"')
    echo "expected alerts (watcherd process --show-alerts): $want"
    ((want > 0)) || { echo "the seed gives no alert"; return 1; }
    local alerts0; alerts0=$(lines_in "$ALERTS")
    local t0; t0=$(ms_now)
    drop "$seed_a" || { echo "$DROPPER could not drop into $DROP"; return 1; }
    wait_for 30 record_in "$ARTICLES" "$seed_a" || { echo "no record for $seed_a in $ARTICLES"; return 1; }
    local t1; t1=$(ms_now)
    wait_for 10 test "$(lines_in "$ALERTS")" -ge $((alerts0 + want))
    local got=$(( $(lines_in "$ALERTS") - alerts0 ))
    echo "record after $((t1 - t0)) ms; $got alert(s) in $ALERTS"
    grep -o '"severity":"[a-z]*"' "$ALERTS" | sort | uniq -c
    ((got == want)) || { echo "want $want alerts"; return 1; }
    [[ ! -e $DROP/$seed_a ]] || { echo "$seed_a still in the drop folder"; return 1; }
}
step "drop as a non-root member of watcherd-drop: record + alerts" s_drop

# --- 4. systemctl reload succeeds and counts as applied ---------------------------
s_reload() {
    wait_for 30 test -n "$(status_field config_reloads)" || { echo "no metrics from watcherd status"; return 1; }
    local before; before=$(status_field config_reloads)
    local pid; pid=$(main_pid)
    local out; out=$(systemctl reload watcherd.service 2>&1)
    local rc=$?
    [[ -n $out ]] && echo "$out"
    ((rc == 0)) || { echo "systemctl reload exited $rc"; journalctl -u watcherd.service -n 15 --no-pager; return 1; }
    wait_for 40 status_at_least config_reloads $((before + 1)) ||
        { echo "reloads still $(status_field config_reloads) (before: $before)"; "$BIN" status --config "$CONFIG"; return 1; }
    "$BIN" status --config "$CONFIG" | grep -i 'reloads'
    [[ $(main_pid) == "$pid" ]] || { echo "MainPID changed: a reload must not restart"; return 1; }
    if journalctl -b -u watcherd.service -o cat | grep -E '203/EXEC|Failed to locate executable'; then return 1; fi
}
step "systemctl reload: succeeds, counted as applied" s_reload

# --- 5. A config with an error: reload fails with the reason, the old one keeps working
s_reload_refused() {
    local before; before=$(status_field config_reload_failures)
    local pid; pid=$(main_pid)
    cp "$CONFIG" /root/watcherd.yaml.good
    sed -i 's/^workers: 0$/workers: many/' "$CONFIG"
    grep -q '^workers: many$' "$CONFIG" || { echo "could not break the config (no 'workers: 0' line)"; return 1; }
    local out rc
    date +%s.%N > /run/vm-test.refused-from
    out=$(systemctl reload watcherd.service 2>&1); rc=$?
    sleep 1
    date +%s.%N > /run/vm-test.refused-until
    echo "systemctl reload exited $rc: $out"
    local reason; reason=$(journalctl -u watcherd.service --since=-60s -o cat | grep -iE 'workers|invalid configuration|refus' | tail -n 5)
    echo "journal:"; sed 's/^/  /' <<< "$reason"
    cp /root/watcherd.yaml.good "$CONFIG"
    ((rc != 0)) || { echo "reload of a broken config succeeded"; return 1; }
    grep -q 'many' <<< "$reason" || { echo "the journal does not say why"; return 1; }
    systemctl is-active --quiet watcherd.service || { echo "service not active after a refused reload"; return 1; }
    [[ $(main_pid) == "$pid" ]] || { echo "MainPID changed"; return 1; }
    wait_for 40 status_at_least config_reload_failures $((before + 1)) ||
        { echo "refusals still $(status_field config_reload_failures) (before: ${before:-?})"; return 1; }
    "$BIN" status --config "$CONFIG" | grep -i 'reloads'
    drop "$seed_b"
    wait_for 30 record_in "$ARTICLES" "$seed_b" || { echo "the old config stopped working: no record for $seed_b"; return 1; }
    echo "old config kept working: $seed_b recorded"
    systemctl reload watcherd.service || { echo "reload of the restored config failed"; return 1; }
}
step "bad config: systemctl reload fails with the reason, old config keeps working" s_reload_refused

# --- 6. logrotate -f: the next record goes to the new file ------------------------
s_logrotate() {
    local before; before=$(status_field config_reloads)
    local old_inode; old_inode=$(stat -c %i "$ARTICLES")
    logrotate -f /etc/logrotate.d/watcherd || { echo "logrotate failed"; return 1; }
    ls -l /var/log/watcherd/
    [[ -f $ARTICLES.1 ]] || { echo "no $ARTICLES.1"; return 1; }
    [[ $(stat -c %i "$ARTICLES.1") == "$old_inode" ]] || { echo "$ARTICLES.1 is not the old file"; return 1; }
    local n1; n1=$(lines_in "$ARTICLES.1")
    drop "$seed_c"
    wait_for 30 record_in "$ARTICLES" "$seed_c" ||
        { echo "no record for $seed_c in the new $ARTICLES"; record_in "$ARTICLES.1" "$seed_c" && echo "it went into $ARTICLES.1"; return 1; }
    echo "$seed_c recorded in the new $ARTICLES"
    [[ $(lines_in "$ARTICLES.1") == "$n1" ]] || { echo "$ARTICLES.1 grew after rotation"; return 1; }
    # The postrotate reload ran (through ExecReload), not only the path check.
    wait_for 40 status_at_least config_reloads $((before + 1)) ||
        { echo "logrotate's reload was not applied (reloads $(status_field config_reloads), before $before)"; return 1; }
    echo "postrotate reload applied"
}
step "logrotate -f: next record goes to the new file" s_logrotate

# --- 7. The journal: the high alerts at warning or above, and no noise -----------
s_journal() {
    local warn; warn=$(journalctl -b -u watcherd.service -p warning -o cat --no-pager)
    # Step 6 rotated the alert log: the high alerts are in both files.
    local high; high=$(cat "$ALERTS".1 "$ALERTS" 2>/dev/null | grep '"severity":"high"' | grep -o '"id":"alert:[0-9a-f]*"' | sed 's/"id":"//; s/"$//')
    [[ -n $high ]] || { echo "no high alert in $ALERTS or $ALERTS.1"; return 1; }
    local id missing=0
    for id in $high; do
        if grep -q "$id" <<< "$warn"; then echo "journal has high alert $id"; else echo "journal lacks high alert $id"; missing=1; fi
    done
    local prio; prio=$(journalctl -b -o cat --no-pager | grep -c 'Failed to set thread priority')
    echo "'Failed to set thread priority' lines in this boot's journal: $prio"
    # The reason they are gone: libdispatch's setpriority calls succeed, so its
    # event thread runs at nice -4 and the workers at their QoS's nice.
    local pid t nices; pid=$(main_pid)
    nices=$(for t in /proc/"$pid"/task/*; do sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{ print $17 }'; done | sort -n | uniq -c | awk '{ printf "%s thread(s) at nice %s; ", $1, $2 }')
    echo "daemon threads: $nices"
    grep -q 'at nice -4;' <<< "$nices" || { echo "no thread at nice -4: libdispatch could not set its event thread's priority"; prio=$((prio + 1)); }
    # Noise: any warning-or-worse line of the unit that is not an alert and was
    # not logged during the refused reload of step 5.
    local from until noise
    from=$(cat /run/vm-test.refused-from 2>/dev/null || echo 0)
    until=$(cat /run/vm-test.refused-until 2>/dev/null || echo 0)
    noise=$(journalctl -b -u watcherd.service -p warning -o short-unix --no-pager |
        awk -v from="$from" -v until="$until" '$1 + 0 < from + 0 || $1 + 0 > until + 0' |
        grep -v ': alert: ' | grep -v '^-- ' || true)
    if [[ -n $noise ]]; then echo "noise:"; sed 's/^/  /' <<< "$noise"; fi
    echo "journalctl -p warning -u watcherd (first lines):"
    head -n 8 <<< "$warn" | cut -c1-160 | sed 's/^/  /'
    ((missing == 0 && prio == 0)) && [[ -z $noise ]]
}
step "journalctl -p warning: the high alerts, no priority warnings, no noise" s_journal

# --- 8. SIGSTOP: the watchdog restarts the service ---------------------------------
s_watchdog() {
    local pid; pid=$(main_pid)
    local restarts; restarts=$(prop NRestarts)
    echo "MainPID $pid, NRestarts $restarts, WatchdogUSec $(prop WatchdogUSec)"
    systemctl kill --kill-who=main --signal=SIGSTOP watcherd.service || return 1
    wait_for 120 sh -c "[ \"\$(systemctl show -p NRestarts --value watcherd.service)\" -gt $restarts ] && systemctl is-active --quiet watcherd.service" ||
        { echo "no restart: NRestarts $(prop NRestarts), $(systemctl is-active watcherd.service)"; return 1; }
    echo "restarted: MainPID $(main_pid), NRestarts $(prop NRestarts)"
    [[ $(main_pid) != "$pid" ]] || { echo "same MainPID"; return 1; }
    journalctl -b -u watcherd.service -o cat | grep -i 'watchdog timeout' | tail -n1
    journalctl -b -u watcherd.service -o cat | grep -qi 'watchdog timeout' || { echo "no watchdog timeout in the journal"; return 1; }
    drop "$seed_d"
    wait_for 30 record_in "$ARTICLES" "$seed_d" || { echo "no record for $seed_d after the restart"; return 1; }
    echo "$seed_d recorded after the restart"
}
step "SIGSTOP: the watchdog restarts the service" s_watchdog

# --- 9. systemctl stop is clean --------------------------------------------------------
s_stop() {
    local c; c=$(cursor)
    systemctl stop watcherd.service || { echo "systemctl stop failed"; return 1; }
    echo "ActiveState=$(prop ActiveState) Result=$(prop Result) ExecMainStatus=$(prop ExecMainStatus) ExecMainCode=$(prop ExecMainCode)"
    [[ $(prop ActiveState) == inactive ]] || return 1
    [[ $(prop Result) == success ]] || return 1
    local tail; tail=$(journalctl -u watcherd.service ${c:+--after-cursor="$c"} -o cat --no-pager)
    echo "$tail" | tail -n 6
    grep -qiE 'SIGKILL|Failed with result|timed out' <<< "$tail" && { echo "unclean stop"; return 1; }
    return 0
}
step "systemctl stop: clean" s_stop

journalctl -b --no-pager -o short-monotonic > /root/vm-journal.txt 2>&1
echo "vm-test: $passed passed, $failed failed"
echo "$failed" > /root/vm-test.failed
sync
