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
#   tests/cross/a64vm.sh      # after tests/cross/run.sh aarch64
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
	"${apt[@]}" update >/dev/null
	kpkg=$(apt-cache "${apt[@]:1}" depends linux-image-cloud-arm64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n 1)
	(cd "$V" && "${apt[@]}" download "$kpkg:arm64" busybox-static:arm64 >/dev/null)
	for d in "$V"/*.deb; do dpkg -x "$d" "$V/x"; done
	touch "$V/.done"
fi
r=$V/root
rm -rf "$r" && mkdir -p "$r"/{bin,proc,sys,dev,tmp}
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
(cd "$r" && find . | cpio -o -H newc 2>/dev/null | gzip >"$V/initrd.gz")
log=$V/console.log
timeout 300 qemu-system-aarch64 -M virt -cpu cortex-a57 -m 512 -nographic -no-reboot \
	-kernel "$V"/x/boot/vmlinuz-* -initrd "$V/initrd.gz" \
	-append "console=ttyAMA0 panic=-1 quiet" >"$log" 2>&1 || true
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
