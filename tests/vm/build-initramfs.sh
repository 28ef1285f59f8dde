#!/usr/bin/env bash
# build-initramfs.sh OUT.cpio: a BusyBox userland with build/tend as
# /sbin/init, the shared libraries of the binaries that are dynamic (found
# with ldd; tend and tendctl are static unless STATIC=0), the units of
# examples/vm plus the test units, and the kernel modules for the power
# button, input events and the software watchdog, taken from the installed
# linux-image-cloud-amd64.  Set BUILD (default build) and KVER.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
out=$1
KVER=${KVER:-$(ls /lib/modules | grep -- -cloud-amd64 | sort -V | tail -n 1)}
root=$(mktemp -d /tmp/tend-vmroot.XXXXXX)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"	# mktemp made it 0700: / must be searchable by nobody

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc/tend/units,etc/tend/vmtest,lib/modules,dev,proc,sys,run,tmp,root}
cp /bin/busybox "$root/bin/busybox"
for a in $(/bin/busybox --list-full); do
	[ -e "$root/$a" ] || ln -s /bin/busybox "$root/$a"
done
rm -f "$root/sbin/init" "$root/linuxrc"
install -m 0755 "$BUILD/tend" "$root/sbin/init"
ln -s init "$root/sbin/tend"
ln -s /sbin/init "$root/init"
install -m 0755 "$BUILD/tendctl" "$root/usr/bin/tendctl"
install -m 0755 "$BUILD/examples/powerkey" "$root/usr/bin/powerkey"
install -m 0755 "$BUILD/vm/freeze1" "$root/usr/bin/freeze1"
# every shared library of the binaries, with the loader at its own path
for b in "$root/sbin/init" "$root/usr/bin/"{tendctl,powerkey,freeze1}; do
	{ ldd "$b" || true; } | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'
done | sort -u | while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
for m in kernel/drivers/watchdog/watchdog.ko kernel/drivers/watchdog/softdog.ko \
	kernel/drivers/acpi/button.ko kernel/drivers/input/evdev.ko; do
	cp "/lib/modules/$KVER/$m" "$root/lib/modules/"
done
cp "$top"/examples/vm/units/*.service "$top"/examples/embedded/units/*.service \
	"$top"/tests/vm/units/*.service "$top"/tests/vm/units/*.timer \
	"$root/etc/tend/units/"
# only the example's units: the boot-time comparison with BusyBox init
mkdir -p "$root/etc/tend/example-units"
cp "$top"/examples/vm/units/*.service "$root/etc/tend/example-units/"
# the embedded example's: RuntimeWatchdogSec=4s (examples/vm/tend.conf is the same)
cp "$top/examples/embedded/tend.conf" "$root/etc/tend/tend.conf"
cp "$top"/tests/vm/bin/*.sh "$root/etc/tend/vmtest/"
echo tendvm >"$root/etc/hostname"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
# BusyBox init on the same tree, for the boot-time comparison
mkdir -p "$root/bbinit"
ln -s /bin/busybox "$root/bbinit/init"
cp "$top/tests/vm/bb-inittab" "$root/etc/inittab"
install -m 0755 "$top/tests/vm/bb-rc" "$root/etc/bb-rc"
mknod -m 600 "$root/dev/console" c 5 1
(cd "$root" && find . | cpio --quiet -o -H newc) >"$out"
echo "initramfs: $out ($(du -h "$out" | cut -f1), kernel modules of $KVER)"
