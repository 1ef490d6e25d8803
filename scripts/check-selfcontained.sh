#!/usr/bin/env bash
# Checks that a watcherd binary needs no toolchain at run time: every shared
# library it loads must belong to an installed Debian package (dpkg -S), none
# may be a Swift runtime library, and none may come from the toolchain folder.
#   scripts/check-selfcontained.sh [BINARY]   (default .build/release/watcherd)
# Prints the Debian packages whose libraries it loads. `make test-vm` checks the
# same inside a VM that has no toolchain at all.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-$here/.build/release/watcherd}
fail() { echo "check-selfcontained: FAIL: $*" >&2; exit 1; }
[[ -x $bin ]] || fail "$bin is not executable (make build first)"

# No LD_LIBRARY_PATH: resolve as the service would.
out=$(env -u LD_LIBRARY_PATH ldd "$bin" 2>&1) || fail "ldd $bin: $out"
if grep -q 'not found' <<< "$out"; then
    grep 'not found' <<< "$out" >&2; fail "unresolved libraries"
fi
if grep -qiE 'swift|/opt/' <<< "$out"; then
    grep -iE 'swift|/opt/' <<< "$out" >&2
    fail "$bin loads toolchain libraries: build with --static-swift-stdlib (make build does)"
fi
# Also what the binary itself asks for, in case the toolchain folder is on a cache path.
needed=$(objdump -p "$bin" 2>/dev/null | awk '$1 == "NEEDED" { print $2 }' || true)
if grep -qi 'swift\|Foundation\|dispatch\|BlocksRuntime' <<< "$needed"; then
    fail "$bin has NEEDED entries of the Swift runtime: $(tr '\n' ' ' <<< "$needed")"
fi

packages=()
for lib in $(awk '/=>/ { print $3 }' <<< "$out"); do
    real=$(readlink -f "$lib")
    owner=$(dpkg -S "$real" 2>/dev/null || dpkg -S "$lib" 2>/dev/null ||
        dpkg -S "${real/#\/usr\/lib\//\/lib\/}" 2>/dev/null ||
        dpkg -S "${lib/#\/lib\//\/usr\/lib\/}" 2>/dev/null) ||
        fail "$lib belongs to no Debian package"
    packages+=("${owner%%:*}")
done
echo "check-selfcontained: ok, $(basename "$bin") loads libraries of: $(printf '%s\n' "${packages[@]}" | sort -u | tr '\n' ' ')"
