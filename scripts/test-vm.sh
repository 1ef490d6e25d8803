#!/usr/bin/env bash
# `make test-vm`: boots a minimal Debian 12 with systemd under qemu, installs
# watcherd into it with `make install DESTDIR=…`, enables the unit and runs the
# operator scenario of scripts/vm/scenario.sh inside. Fails when any step fails.
#   MAKE='$(MAKE)' scripts/test-vm.sh
# Environment:
#   WATCHERD_VM_CACHE     base image cache (default /var/cache/watcherd-vm)
#   WATCHERD_VM_PACKAGES  Debian packages of the base (set by mk/vm.mk)
#   WATCHERD_VM_ACCEL     kvm, tcg or auto (default: KVM when it boots, else TCG)
#   WATCHERD_VM_TIMEOUT   seconds the scenario may take once booted (default 420)
#   WATCHERD_VM_MIRROR    Debian mirror (default: the one apt uses here)
# Needs root: debootstrap, and files owned by root and watcherd in the image.
# Logs: .build/vm/{vm-test.log,journal.txt,console.log}.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
read -r -a make_cmd <<< "${MAKE:-make}"
cache=${WATCHERD_VM_CACHE:-/var/cache/watcherd-vm}
read -r -a packages <<< "${WATCHERD_VM_PACKAGES:-systemd systemd-sysv linux-image-amd64 logrotate libinotifytools0 libuchardet0 libxml2 libnats3.4 libsqlite3-0}"
accel=${WATCHERD_VM_ACCEL:-auto}
scenario_timeout=${WATCHERD_VM_TIMEOUT:-420}
out_dir="$root_dir/.build/vm"
started=$SECONDS

say() { echo "test-vm: $*"; }
die() { echo "test-vm: FAIL: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, and root-owned files in the image); run it as root or with sudo"
for tool in debootstrap qemu-system-x86_64 mkfs.ext4 debugfs systemctl; do
    command -v "$tool" >/dev/null || die "$tool is missing: run make deps-vm"
done

mkdir -p "$out_dir"
rm -f "$out_dir"/{vm-test.log,journal.txt,console.log,qemu-kvm.log,qemu-tcg.log}

# --- base image (cached) -----------------------------------------------------------
base=$("$root_dir/scripts/vm/base-image.sh" "$cache" "${packages[@]}")
say "base image $base ($((SECONDS - started)) s)"

work=$(mktemp -d /var/tmp/watcherd-vm.XXXXXX)
qemu_pid=
cleanup() {
    [[ -n $qemu_pid ]] && kill "$qemu_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
rootfs="$work/root"
cp -a "$base/root" "$rootfs"

# --- install as an operator would ----------------------------------------------
# `-o build-static`: make test-vm has just built; a nested rebuild would only cost time.
if ! "${make_cmd[@]}" -C "$root_dir" --no-print-directory -o build-static install DESTDIR="$rootfs" > "$work/install.log" 2>&1; then
    cat "$work/install.log" >&2
    die "make install DESTDIR=$rootfs failed"
fi
say "installed with make install DESTDIR=… (PREFIX=/usr/local) ($((SECONDS - started)) s)"
systemctl --root="$rootfs" --quiet enable watcherd.service

# The scenario, its seeds and the oneshot unit that runs it after boot.
install -d "$rootfs/usr/local/share/watcherd-vm/seeds" "$rootfs/usr/local/libexec/watcherd-vm"
install -m 0644 "$root_dir"/seeds/* "$rootfs/usr/local/share/watcherd-vm/seeds/"
install -m 0755 "$root_dir/scripts/vm/scenario.sh" "$rootfs/usr/local/libexec/watcherd-vm/scenario.sh"
cat > "$rootfs/etc/systemd/system/watcherd-vm-test.service" <<'EOF'
[Unit]
Description=watcherd VM test scenario
After=multi-user.target watcherd.service
[Service]
Type=oneshot
ExecStart=/usr/local/libexec/watcherd-vm/scenario.sh
ExecStopPost=/bin/systemctl --no-block poweroff
StandardOutput=journal+console
StandardError=journal+console
TimeoutStartSec=infinity
[Install]
WantedBy=multi-user.target
EOF
systemctl --root="$rootfs" --quiet enable watcherd-vm-test.service
# As on a host where the package was just installed: sysusers and tmpfiles run at boot.
rm -f "$rootfs/etc/.updated" "$rootfs/var/.updated"

image="$work/disk.img"
mkfs.ext4 -q -F -L watcherd-vm -d "$rootfs" "$image" 3G
rm -rf "$rootfs"
say "disk image ready ($((SECONDS - started)) s)"

# --- boot ----------------------------------------------------------------------
console="$out_dir/console.log"
kvm_usable() { [[ -r /dev/kvm && -w /dev/kvm ]]; }

# boot ACCEL BOOT_LIMIT: runs the VM; returns 0 when it powered off after the
# scenario, 2 when it did not reach the scenario within BOOT_LIMIT seconds.
boot() {
    local mode=$1 boot_limit=$2 accel_opts
    if [[ $mode == kvm ]]; then accel_opts=(-accel kvm -cpu host); else accel_opts=(-accel tcg,thread=multi -cpu max); fi
    : > "$console"
    qemu-system-x86_64 "${accel_opts[@]}" -smp 2 -m 2048 -nodefaults -no-user-config \
        -kernel "$base/vmlinuz" -initrd "$base/initrd.img" \
        -append 'root=/dev/vda rw console=ttyS0 panic=-1 systemd.show_status=1' \
        -drive "file=$image,if=virtio,format=raw" -nic none \
        -display none -serial "file:$console" -monitor none -no-reboot 2> "$out_dir/qemu-$mode.log" &
    qemu_pid=$!
    local t0=$SECONDS phase=boot
    while kill -0 "$qemu_pid" 2>/dev/null; do
        if [[ $phase == boot ]] && grep -q 'vm-test: start' "$console" 2>/dev/null; then
            phase=scenario t0=$SECONDS
            say "booted with $mode; scenario running"
        fi
        # Under KVM the kernel prints within a second or two; silence means it hangs
        # (seen with nested virtualisation), so give up early and let TCG boot.
        if [[ $phase == boot && $mode == kvm ]] && ((SECONDS - t0 > 20)) && [[ ! -s $console ]]; then
            kill "$qemu_pid" 2>/dev/null; wait "$qemu_pid" 2>/dev/null || true; qemu_pid=
            return 2
        fi
        if [[ $phase == boot ]] && ((SECONDS - t0 > boot_limit)); then
            kill "$qemu_pid" 2>/dev/null; wait "$qemu_pid" 2>/dev/null || true; qemu_pid=
            return 2
        fi
        if [[ $phase == scenario ]] && ((SECONDS - t0 > scenario_timeout)); then
            say "scenario still running after $scenario_timeout s: stopping the VM"
            kill "$qemu_pid" 2>/dev/null; wait "$qemu_pid" 2>/dev/null || true; qemu_pid=
            return 1
        fi
        sleep 1
    done
    wait "$qemu_pid" 2>/dev/null || true
    qemu_pid=
    [[ $phase == scenario ]] || return 2
}

rc=0
if [[ $accel == kvm || ( $accel == auto ) ]] && kvm_usable; then
    cp --sparse=always "$image" "$work/pristine.img"
    boot kvm 90 || rc=$?
    if ((rc == 2)) && [[ $accel == auto ]]; then
        say "KVM did not boot to the scenario; falling back to TCG (software emulation). qemu said:"
        tail -n 3 "$out_dir/qemu-kvm.log" | sed 's/^/    /'
        mv -f "$work/pristine.img" "$image"
        rc=0
        boot tcg 300 || rc=$?
    fi
else
    [[ $accel == kvm ]] && die "WATCHERD_VM_ACCEL=kvm but /dev/kvm is not usable"
    boot tcg 300 || rc=$?
fi
((rc == 2)) && { tail -n 40 "$console" >&2; die "the VM did not reach the scenario (console: $console)"; }

# --- collect the evidence from the image -----------------------------------------
debugfs -R 'cat /root/vm-test.log' "$image" > "$out_dir/vm-test.log" 2>/dev/null || true
debugfs -R 'cat /root/vm-journal.txt' "$image" > "$out_dir/journal.txt" 2>/dev/null || true
failed=$(debugfs -R 'cat /root/vm-test.failed' "$image" 2>/dev/null | tr -dc 0-9)
cat "$out_dir/vm-test.log"
say "logs in $out_dir (vm-test.log, journal.txt, console.log); $((SECONDS - started)) s in all"
[[ -s $out_dir/vm-test.log ]] || die "no scenario log in the image"
((rc == 0)) || die "the scenario did not finish"
[[ -n $failed ]] || die "the scenario did not finish (no result in the image)"
((failed == 0)) || die "$failed step(s) failed"
say "ok"
