#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The aarch64 vfork-style spawn path on a real aarch64 kernel: qemu-user
# has no clone3, so `make cross` runs the aarch64 test_spawn (and tend --
# true/false) in qemu-system-aarch64 too, booting Debian's arm64 cloud
# kernel with an initramfs of BusyBox and those binaries (about 5 s).
# The kernel and BusyBox packages are fetched with apt-get download
# through an apt state of its own in build-aarch64/vm/ (the machine's apt
# configuration is left alone).
#
#   tests/cross/a64vm.sh            # after tests/cross/run.sh aarch64
#   tests/cross/a64vm.sh bench [N]  # spawn benchmark: N units (1000) running,
#                                   # fast path and portable twin, 3 rounds
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
B=$top/build-aarch64
V=$B/vm
command -v qemu-system-aarch64 >/dev/null || { echo "a64vm: qemu-system-aarch64 missing (tests/deps.sh)" >&2; exit 1; }
[ -x "$B/tests/test_spawn" ] && [ -x "$B/rootfs/usr/sbin/tend" ] ||
	{ echo "a64vm: run tests/cross/run.sh aarch64 first" >&2; exit 1; }
if [ ! -f "$V/.done" ]; then
	rm -rf "$V" && mkdir -p "$V/apt/lists/partial" "$V/apt/cache/archives/partial"
	mirror=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/\{0,1\}$/\1/p' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
	echo "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
		"${mirror:-http://deb.debian.org/debian} bookworm main" >"$V/apt/sources.list"
	apt=(apt-get -q -o "Dir::Etc::SourceList=$V/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$V/apt/lists" -o "Dir::Cache=$V/apt/cache"
		-o Dir::State::Status=/dev/null -o APT::Architecture=arm64
		-o APT::Architectures=arm64 -o APT::Sandbox::User=root)
	"${apt[@]}" update >/dev/null ||
		echo "a64vm: apt-get update had errors; trying the indexes it got" >&2
	kpkg=$(apt-cache "${apt[@]:1}" depends linux-image-cloud-arm64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n 1)
	(cd "$V" && "${apt[@]}" download "$kpkg:arm64" busybox-static:arm64 >/dev/null)
	for d in "$V"/*.deb; do dpkg -x "$d" "$V/x"; done
	touch "$V/.done"
fi
boot() {
	(cd "$r" && find . | cpio -o -H newc 2>/dev/null | gzip >"$V/initrd.gz")
	timeout 900 qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -m 1024 -nographic \
		-no-reboot -kernel "$V"/x/boot/vmlinuz-* -initrd "$V/initrd.gz" \
		-append "console=ttyAMA0 panic=-1 quiet" >"$1" 2>&1 || true
}
r=$V/root
rm -rf "$r" && mkdir -p "$r"/{bin,proc,sys,dev,tmp,run,units}
if [ "${1:-}" = bench ]; then
	n=${2:-1000}
	make -s -C "$top" BUILD=build-aarch64-portable CC=aarch64-linux-gnu-gcc \
		CPPFLAGS=-DSPAWN_NO_VFORK PKG_CONFIG="$B/pkg-config" all
	aarch64-linux-gnu-gcc -static -O2 -o "$r/pause" "$top/tests/bench/pause.c"
	cp "$V/x/bin/busybox" "$r/bin/"
	cp "$B/rootfs/usr/sbin/tend" "$r/tend-fast"
	cp "$top/build-aarch64-portable/tend" "$r/tend-portable"
	sed "s/@N@/$n/" >"$r/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t devtmpfs dev /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
N=@N@ i=0
while [ $i -lt $N ]; do
	printf '[Service]\nExecStart=/pause\nEnvironment=PAUSE_COUNT=/tmp/count\n' >/units/p$i.service
	i=$((i + 1))
done
up() { cut -d' ' -f1 /proc/uptime; }
for round in 1 2 3; do
	for t in fast portable; do
		: >/tmp/count
		t0=$(up)
		/tend-$t --runtime-dir /run/$t -u /units >/dev/null 2>&1 &
		pid=$!
		while [ "$(stat -c %s /tmp/count)" -lt $N ] && kill -0 $pid; do sleep 0.05; done
		echo "a64bench: $t round $round: $N units running in $(echo "$t0 $(up)" |
			awk '{ printf "%d", ($2 - $1) * 1000 }') ms"
		kill -TERM $pid; wait $pid; rm -rf /run/$t
	done
done
poweroff -f
INIT
	chmod +x "$r/init"
	boot "$V/bench.log"
	grep "a64bench:" "$V/bench.log"
	exit 0
fi
cp "$V/x/bin/busybox" "$r/bin/"
cp "$B/tests/test_spawn" "$B/rootfs/usr/sbin/tend" "$r/"
cat >"$r/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t devtmpfs dev /dev 2>/dev/null
echo "a64vm: kernel $(uname -m) $(uname -r)"
/test_spawn; echo "a64vm: test_spawn rc=$?"
/tend -- true; echo "a64vm: tend -- true rc=$?"
/tend -- false; echo "a64vm: tend -- false rc=$?"
poweroff -f
INIT
chmod +x "$r/init"
log=$V/console.log
boot "$log"
ok=1
for want in "a64vm: kernel aarch64" "OK \] fast_path_runs" "a64vm: test_spawn rc=0" \
	"a64vm: tend -- true rc=0" "a64vm: tend -- false rc=1"; do
	grep -q "$want" "$log" || { echo "a64vm: FAIL: no '$want'" >&2; ok=0; }
done
if [ $ok = 0 ]; then
	tail -n 30 "$log" >&2
	exit 1
fi
grep -E "^\[ +(OK|SKIPPED) +\]" "$log" | sed 's/^/a64vm: /'
echo "a64vm: the aarch64 fast path ran on a real aarch64 kernel: test_spawn passed"
