#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make cross` and `make musl`: build tend, tendctl and the unit tests for
# each TARGET into build-TARGET/ (Debian's cross gcc and libc packages;
# musl-gcc for musl, static), then run them there: under qemu-user,
# invoked directly (qemu-aarch64-static ...; no binfmt needed), or
# natively for musl.  Per target:
#   - every cmocka unit test;
#   - `tend -- true`, `tend -- false` and `tend -- sh -c 'exit 7'` exit
#     0, 1 and 7;
#   - tend supervising a unit that crashes (Restart=always): restarted,
#     then stopped with tendctl (stays down), then tend stops on SIGTERM
#     and exits 0.
# The commands that build are the ones examples/embedded/ documents.
#
#   tests/cross/run.sh TARGET...      # aarch64 armhf riscv64 musl
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/cross/targets.sh"

fail() {
	echo "cross: $TARGET: FAIL: $*" >&2
	[ -f "${log:-}" ] && sed 's/^/    /' "$log" | tail -n 20 >&2
	exit 1
}

# retry SECONDS CMD...: until CMD succeeds, every 50 ms
retry() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}

lines_at_least() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }

# The package recipes' commands (examples/embedded: Buildroot's
# TARGET_CONFIGURE_OPTS, Yocto's EXTRA_OEMAKE): the toolchain's CC and
# CPPFLAGS, a pkg-config that looks in the target's sysroot only, then
# install into a staging root; WERROR=1 is CI's own addition.
build() {
	local sys=$top/build-$TARGET/sysroot pc=$top/build-$TARGET/pkg-config
	"$top/tests/cross/libs.sh" "$TARGET"
	printf '#!/bin/sh\nPKG_CONFIG_LIBDIR=%s PKG_CONFIG_PATH= exec pkg-config "$@"\n' \
		"$sys/lib/pkgconfig" >"$pc"
	chmod +x "$pc"
	mk=(make -s -C "$top" -j"$(nproc)" BUILD="build-$TARGET" CC="$TARGET_CC"
	    CPPFLAGS="$TARGET_CPPFLAGS" PKG_CONFIG="$pc" WERROR=1)
	"${mk[@]}" all
	rm -rf "$B/rootfs"
	"${mk[@]}" DESTDIR="$B/rootfs" PREFIX=/usr install
	"${mk[@]}" UNIT_STATIC=1 unit-build
	TEND=$B/rootfs/usr/sbin/tend TENDCTL=$B/rootfs/usr/bin/tendctl
}

run_units() {
	local t n=0
	for t in "$B"/tests/test_*; do
		log=$B/cross-run/$(basename "$t").log
		TEND_TEST_QEMU=$TARGET_RUN timeout 300 $TARGET_RUN "$t" >"$log" 2>&1 ||
			fail "$(basename "$t")"
		n=$((n + 1))
	done
	echo "cross: $TARGET: $n unit test programs passed"
}

run_entry() {
	local rc
	log=$B/cross-run/entry.log
	for want in 0 1 7; do
		rc=0
		case $want in
		0) $TARGET_RUN "$TEND" -- true >"$log" 2>&1 || rc=$? ;;
		1) $TARGET_RUN "$TEND" -- false >"$log" 2>&1 || rc=$? ;;
		7) $TARGET_RUN "$TEND" -- sh -c 'exit 7' >"$log" 2>&1 || rc=$? ;;
		esac
		[ "$rc" = "$want" ] || fail "tend -- ... exited $rc, not $want"
	done
	echo "cross: $TARGET: tend -- true/false/exit 7: 0/1/7"
}

run_supervisor() {
	local d=$B/cross-run/sup pid rc n
	rm -rf "$d"
	mkdir -p "$d/units"
	cat >"$d/units/crash.service" <<UNIT
[Service]
ExecStart=/bin/sh -c 'echo start >>$d/starts; exit 3'
Restart=always
RestartSec=100ms
StartLimitBurst=1000
UNIT
	log=$d/tend.log
	$TARGET_RUN "$TEND" --runtime-dir "$d/run" -u "$d/units" >"$log" 2>&1 &
	pid=$!
	retry 60 lines_at_least "$d/starts" 3 || fail "crash.service not restarted 3 times"
	$TARGET_RUN "$TENDCTL" -s "$d/run/control.sock" stop crash.service >>"$log" 2>&1 ||
		fail "tendctl stop"
	retry 10 sh -c "$TARGET_RUN $TENDCTL -s $d/run/control.sock status crash.service |
		grep -qw inactive" || fail "crash.service not inactive after stop"
	n=$(wc -l <"$d/starts")
	sleep 0.5	# longer than RestartSec: a restart would show by now
	[ "$(wc -l <"$d/starts")" = "$n" ] || fail "crash.service started again after stop"
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" = 0 ] || fail "tend exited $rc on SIGTERM"
	grep -q "exited" "$log" || fail "no exit logged for crash.service"
	echo "cross: $TARGET: crashing unit restarted $n times, stopped, tend exited 0"
}

[ $# -gt 0 ] || set -- $CROSS_TARGETS
"$top/tests/cross/recipes.sh"
for t in "$@"; do
	start=$SECONDS
	target_set "$t"
	command -v "$TARGET_CC" >/dev/null || { echo "cross: $t: $TARGET_CC missing (tests/deps.sh)" >&2; exit 1; }
	[ -z "$TARGET_RUN" ] || command -v "$TARGET_RUN" >/dev/null ||
		{ echo "cross: $t: $TARGET_RUN missing (tests/deps.sh)" >&2; exit 1; }
	B=$top/build-$t
	build
	mkdir -p "$B/cross-run"
	file "$TEND" | sed "s|^$top/||"
	run_units
	run_entry
	run_supervisor
	echo "cross: $t: passed in $((SECONDS - start)) s"
done
