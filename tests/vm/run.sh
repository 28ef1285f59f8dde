#!/usr/bin/env bash
# The VM test: tend as the /init of a qemu guest booted from Debian's
# linux-image-cloud-amd64 (see drive.py for what is checked).  KVM is used
# only when it can boot the kernel; the build machines' nested /dev/kvm
# can't, so TCG.  Exit 77 (skip) when qemu or the kernel is missing.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
export BUILD=${BUILD:-$top/build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
kernel=$(ls /boot/vmlinuz-*-cloud-amd64 2>/dev/null | sort -V | tail -n 1 || true)
if ! command -v qemu-system-x86_64 >/dev/null || [ -z "$kernel" ] || ! command -v cpio >/dev/null; then
	echo "skip: needs qemu-system-x86, linux-image-cloud-amd64 and cpio (tests/deps.sh --vm)"
	exit 77
fi
export KVER=${kernel#/boot/vmlinuz-}
work=${TEND_VM_WORK:-$(mktemp -d /tmp/tend-vm.XXXXXX)}
mkdir -p "$work" "$BUILD/vm"
cc -O2 -Wall -Wextra -Werror -o "$BUILD/vm/freeze1" "$top/tests/vm/freeze1.c"
"$top/tests/vm/build-initramfs.sh" "$work/initramfs.cpio"
# hard limit for the whole run; drive.py has a deadline per step
timeout -k 10 "${TEND_VM_TIMEOUT:-420}" python3 "$top/tests/vm/drive.py" "$kernel" \
	"$work/initramfs.cpio" "$work" "$@"
rc=$?
[ -n "${TEND_VM_WORK:-}" ] || { [ $rc -ne 0 ] && echo "console logs kept in $work"; } || rm -rf "$work"
exit $rc
