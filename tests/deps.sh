#!/usr/bin/env bash
# Install the Debian packages tend needs to build, test and benchmark.
# Used by README's set-up commands and by .ci/run.  Idempotent.
set -euo pipefail
pkgs=(
	build-essential pkg-config clang llvm valgrind python3 util-linux procps
	libinih-dev libcap-dev libcmocka-dev libsystemd-dev systemd tzdata
	tini dumb-init catatonit runit s6 busybox-static
	# make cross, make musl (tests/cross): cross compilers and C libraries,
	# qemu-user, musl; dpkg-dev and cmake build inih/libcap/cmocka from source
	musl-tools qemu-user-static dpkg-dev cmake file
	qemu-system-arm cpio	# tests/cross/a64vm.sh: the aarch64 fast path, real kernel
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
	gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
)
# make vm and make container: qemu and a kernel; runc, and buildah with
# debootstrap to build container/Dockerfile without a registry
if [ "${1:-}" = "--vm" ] || [ "${TEND_DEPS_VM:-0}" = 1 ]; then
	pkgs+=(qemu-system-x86 linux-image-cloud-amd64 cpio runc buildah debootstrap)
fi
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
	exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "deps: installing ${missing[*]}"
# one failing index (a mirror mid-sync) must not stop the install when
# the packages are in the indexes that did update
$SUDO apt-get update -qq || echo "deps: apt-get update had errors; installing from the indexes it got" >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
