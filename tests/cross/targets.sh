# SPDX-License-Identifier: MIT
# Sourced: the cross and musl targets of `make cross` and `make musl`.
# target_set NAME sets TARGET, TARGET_CC, TARGET_AR, TARGET_RANLIB,
# TARGET_CPPFLAGS (musl: the kernel's headers, which musl-gcc leaves
# out) and TARGET_RUN (the qemu-user emulator, empty for musl).
CROSS_TARGETS="aarch64 armhf riscv64"

target_set() {
	TARGET=$1
	TARGET_CPPFLAGS=
	case $1 in
	aarch64) triplet=aarch64-linux-gnu TARGET_RUN=qemu-aarch64-static ;;
	armhf) triplet=arm-linux-gnueabihf TARGET_RUN=qemu-arm-static ;;
	riscv64) triplet=riscv64-linux-gnu TARGET_RUN=qemu-riscv64-static ;;
	musl) triplet= TARGET_RUN= ;;
	*) echo "unknown target '$1' (aarch64, armhf, riscv64, musl)" >&2; return 1 ;;
	esac
	if [ -n "$triplet" ]; then
		TARGET_CC=$triplet-gcc TARGET_AR=$triplet-ar TARGET_RANLIB=$triplet-ranlib
	else
		TARGET_CC=musl-gcc TARGET_AR=ar TARGET_RANLIB=ranlib
		# musl-gcc searches only musl's headers; the kernel's come after
		local k=$top/build-musl/kernel-headers
		mkdir -p "$k"
		ln -sfn /usr/include/linux "$k/linux"
		ln -sfn "/usr/include/$(gcc -dumpmachine)/asm" "$k/asm"
		ln -sfn /usr/include/asm-generic "$k/asm-generic"
		TARGET_CPPFLAGS="-idirafter $k"
	fi
}
