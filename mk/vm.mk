# mk/vm.mk: `make test-vm`, the boot test under a real systemd (issue 23).
# A minimal Debian 12 (debootstrap + Debian's kernel) boots under qemu (KVM when
# it works, else TCG), watcherd is installed into it with `make install
# DESTDIR=…` and scripts/vm/scenario.sh runs the operator scenario inside.
# The base image is cached in $(VM_CACHE), keyed by a hash of the package list,
# mirror and recipe, so a fresh clone on the same machine reuses it.
# Needs root (debootstrap, root-owned files in the image).

VM_CACHE ?= /var/cache/watcherd-vm
# What the VM has besides debootstrap's minbase: systemd as PID 1, Debian's
# kernel, logrotate, and the runtime libraries of the Debian packages watcherd
# uses (docs/install.md). No Swift toolchain, no procps (so no /bin/kill).
VM_PACKAGES := systemd systemd-sysv linux-image-amd64 logrotate libinotifytools0 libuchardet0 libxml2 libnats3.4 libsqlite3-0
VM_APT_PACKAGES := qemu-system-x86 debootstrap e2fsprogs util-linux
VM_APT_PROBES := /usr/bin/qemu-system-x86_64 /usr/sbin/debootstrap /usr/sbin/mkfs.ext4 /usr/sbin/debugfs /usr/bin/flock

.PHONY: deps-vm test-vm

## deps-vm: the host packages the VM test needs (qemu, debootstrap, e2fsprogs), when any is missing.
deps-vm:
	@missing=0; for f in $(VM_APT_PROBES); do [ -e "$$f" ] || missing=1; done; \
	if [ $$missing = 1 ]; then \
		echo "Installing $(VM_APT_PACKAGES) ..."; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(VM_APT_PACKAGES) >/dev/null; \
	fi

## test-vm: boot Debian 12 with systemd in qemu, install watcherd, run the operator scenario (PASS/FAIL per step).
test-vm: build-static deps-vm
	WATCHERD_VM_CACHE='$(VM_CACHE)' WATCHERD_VM_PACKAGES='$(VM_PACKAGES)' MAKE='$(MAKE)' scripts/test-vm.sh

.PHONY: test-selfcontained
## test-selfcontained: the release binary loads only libraries of Debian packages, nothing of the Swift toolchain.
test-selfcontained: build-static
	scripts/check-selfcontained.sh $(STATIC_BUILD_DIR)/watcherd
test: test-selfcontained
