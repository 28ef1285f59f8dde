#!/usr/bin/env bash
# mkrootfs.sh DIR: a stand-in for the final image's root filesystem where
# container/build-image.sh can't run (no buildah or debootstrap):
# tests/container/run.sh then uses it, says so and exits 77.  Holds
# build/tend and tendctl, BusyBox for a shell, the shared libraries of
# any of them that is dynamic (none, unless built with STATIC=0), and
# examples/container/units as /etc/tend/units.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
root=$1
mkdir -p "$root"/{bin,sbin,usr/bin,etc/tend/units,proc,sys,dev,run,tmp}
chmod 1777 "$root/tmp"
install -m 0755 "$BUILD/tend" "$root/sbin/tend"
install -m 0755 "$BUILD/tendctl" "$root/usr/bin/tendctl"
cp /bin/busybox "$root/bin/busybox"
for a in sh cat echo sleep id ls ps grep kill; do ln -sf busybox "$root/bin/$a"; done
for b in "$root/sbin/tend" "$root/usr/bin/tendctl" "$root/bin/busybox"; do
	{ ldd "$b" || true; } | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'
done | sort -u | while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
cp "$top"/examples/container/units/*.service "$root/etc/tend/units/"
printf 'root:x:0:0:root:/:/bin/sh\napp:x:1000:1000:app:/:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' >"$root/etc/group"
