#!/usr/bin/env bash
# Builds (once) the base root filesystem of the VM test: a minimal Debian 12
# from debootstrap with Debian's kernel and the runtime libraries watcherd
# links against, and nothing of the Swift toolchain.
#   scripts/vm/base-image.sh CACHE_DIR PACKAGE...
# Prints the path of the cached base folder. The cache key is a hash of the
# suite, the mirror, the package list and the recipe version, so a changed
# list or recipe builds a new base, and an unchanged one is reused across clones.
# Needs root (debootstrap) and the host packages debootstrap, e2fsprogs.
set -euo pipefail

cache=${1:?usage: base-image.sh CACHE_DIR PACKAGE...}
shift
packages=("$@")
suite=${WATCHERD_VM_SUITE:-bookworm}

# The mirror apt uses on this host (deb822 .sources or a one-line sources.list),
# unless WATCHERD_VM_MIRROR says otherwise.
mirror=${WATCHERD_VM_MIRROR:-}
if [[ -z $mirror ]]; then
    mirror=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' \
        /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 || true)
fi
if [[ -z $mirror ]]; then
    mirror=$(awk '$1 == "deb" && $2 ~ /\/debian\/?$/ { print $2; exit }' \
        /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1 || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}

# Bump when what this script does to the base changes (not for comments).
recipe=1
key=$(printf '%s\n' "recipe=$recipe" "$suite" "$mirror" "${packages[@]}" | sort | sha256sum | cut -c1-16)
base="$cache/base-$key"
log() { echo "vm-base: $*" >&2; }

if [[ -f $base/.complete ]]; then
    log "cached base $base"
    echo "$base"
    exit 0
fi

mkdir -p "$cache"
# One builder at a time per cache; a half-built base from a killed run is redone.
exec 9> "$cache/.lock"
flock 9
if [[ -f $base/.complete ]]; then
    echo "$base"
    exit 0
fi
# debootstrap mounts /proc (and more) in the target: a killed run leaves them
# mounted, and rm -rf must never walk into them.
unmount_under() {
    local m
    for m in $(awk -v p="$1/" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r); do
        umount -l "$m" 2>/dev/null || true
    done
}
trap 'unmount_under "$base.tmp"' EXIT
unmount_under "$base.tmp"
rm -rf --one-file-system "$base" "$base.tmp"
mkdir -p "$base.tmp"
root="$base.tmp/root"

include=$(IFS=,; echo "${packages[*]}")
log "debootstrap $suite from $mirror (minbase + $include) ..."
started=$SECONDS
if ! debootstrap --variant=minbase --include="$include" "$suite" "$root" "$mirror" > "$base.tmp/debootstrap.log" 2>&1; then
    tail -n 30 "$base.tmp/debootstrap.log" >&2
    [[ -f $root/debootstrap/debootstrap.log ]] && tail -n 30 "$root/debootstrap/debootstrap.log" >&2
    log "debootstrap failed (log above)"
    exit 1
fi
log "debootstrap took $((SECONDS - started)) s"

# Kernel and initrd for qemu's -kernel/-initrd.
vmlinuz=$(ls "$root"/boot/vmlinuz-* 2>/dev/null | sort -V | tail -n1)
initrd=$(ls "$root"/boot/initrd.img-* 2>/dev/null | sort -V | tail -n1)
[[ -n $vmlinuz && -n $initrd ]] || { log "no kernel or initrd under $root/boot"; exit 1; }
cp "$vmlinuz" "$base.tmp/vmlinuz"
cp "$initrd" "$base.tmp/initrd.img"

# A machine that boots straight to multi-user on the serial console, without
# a login prompt there (the getty would take the console over) and without
# waiting for a network it does not have.
echo watcherd-vm > "$root/etc/hostname"
: > "$root/etc/fstab"
ln -sf /lib/systemd/system/multi-user.target "$root/etc/systemd/system/default.target"
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
ln -sf /dev/null "$root/etc/systemd/system/getty@tty1.service"
ln -sf /dev/null "$root/etc/systemd/system/systemd-networkd-wait-online.service"
# The journal is the evidence: keep it on disk so it can be read back too.
mkdir -p "$root/var/log/journal"
# apt's caches are not needed in the VM.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

printf '%s\n' "suite=$suite" "mirror=$mirror" "packages=${packages[*]}" > "$base.tmp/manifest"
touch "$base.tmp/.complete"
mv "$base.tmp" "$base"
log "base ready: $base"
echo "$base"
