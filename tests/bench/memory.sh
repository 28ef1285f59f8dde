#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Memory of tend built with musl (static) and with glibc (static PIE)
# beside the peers, side by side in one run, each as PID 1 of a fresh PID
# namespace:
#   1. entrypoint: INIT -- sleep; VmRSS and anonymous resident memory of
#      the init (tend, catatonit, tini);
#   2. supervising 5 units of `sleep`: PSS of the supervisor processes
#      (tend; runit: runsvdir + 5 runsv; BusyBox init with 5 respawn
#      lines), the services themselves left out.
# Prints a markdown table.  Not part of `make check`.
#
#   make all musl && tests/bench/memory.sh
#
# TEND (default build/tend), TEND_MUSL (default build-musl/tend).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
TEND=${TEND:-$TOP/build/tend}
TEND_MUSL=${TEND_MUSL:-$TOP/build-musl/tend}
[ "$(id -u)" = 0 ] || { echo "memory: needs root (unshare --pid)" >&2; exit 77; }
for b in "$TEND" "$TEND_MUSL"; do
	[ -x "$b" ] || { echo "memory: $b missing (make all musl)" >&2; exit 77; }
done
D=$(mktemp -d /tmp/tend-mem.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$D"
}
trap cleanup EXIT

kids() { cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | grep . || true; }
st() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
pss() { local s=0 p; for p in "$@"; do s=$((s + $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup"))); done; echo $s; }
# wait_for CMD...: up to 10 s
wait_for() { local t; for ((t = 0; t < 1000; t++)); do "$@" && return 0; sleep 0.01; done; return 1; }
# init_of UNSHARE_PID: PID 1 of that namespace, as the host sees it
init_of() { kids "$1" | head -n 1; }
has_init() { [ -n "$(init_of "$1")" ]; }
nkids_ge() { [ "$(kids "$1" | wc -l)" -ge "$2" ]; }

# ---- 1. entrypoint -------------------------------------------------------
names=(tend-musl tend-glibc catatonit tini)
bins=("$TEND_MUSL" "$TEND" "$(command -v catatonit)" "$(command -v tini)")
declare -A init
for i in "${!names[@]}"; do
	unshare --pid --fork --mount-proc --kill-child "${bins[i]}" -- sleep 100000 &
	pids+=($!)
	wait_for has_init $!
	init[${names[i]}]=$(init_of $!)
	wait_for nkids_ge "${init[${names[i]}]}" 1
done
sleep 1
echo "| entrypoint: INIT -- sleep, as PID 1 | VmRSS KiB | anonymous (RssAnon) KiB | PSS KiB |"
echo "| --- | ---: | ---: | ---: |"
for n in "${names[@]}"; do
	p=${init[$n]}
	echo "| $n | $(st "$p" VmRSS) | $(st "$p" RssAnon) | $(pss "$p") |"
done
for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()

# ---- 2. five units -------------------------------------------------------
mkdir -p "$D/units" "$D/sv"
for i in 1 2 3 4 5; do
	printf '[Service]\nExecStart=/bin/sleep 100000\n' >"$D/units/s$i.service"
	mkdir -p "$D/sv/s$i"
	printf '#!/bin/sh\nexec /bin/sleep 100000\n' >"$D/sv/s$i/run"
	chmod +x "$D/sv/s$i/run"
	echo "::respawn:/bin/sleep 10000$i" >>"$D/inittab"	# BusyBox drops duplicates
done
declare -A sup
for n in tend-musl tend-glibc; do
	b=$TEND_MUSL
	[ $n = tend-glibc ] && b=$TEND
	unshare --pid --fork --mount-proc --kill-child "$b" --runtime-dir "$D/run-$n" -u "$D/units" >"$D/$n.log" 2>&1 &
	pids+=($!)
	wait_for has_init $!
	sup[$n]=$(init_of $!)
	wait_for nkids_ge "${sup[$n]}" 5
done
unshare --pid --fork --mount-proc --kill-child runsvdir -P "$D/sv" &
pids+=($!)
wait_for has_init $!
rsd=$(init_of $!)
wait_for nkids_ge "$rsd" 5
sup[runit]="$rsd $(kids "$rsd" | tr '\n' ' ')"
# BusyBox init reads /etc/inittab: its own, on a private /etc (a tmpfs)
unshare --pid --fork --mount-proc --kill-child sh -c \
	'mount -t tmpfs tmpfs /etc && cp "$1" /etc/inittab && exec busybox init' \
	sh "$D/inittab" >/dev/null 2>&1 &
pids+=($!)
wait_for has_init $!
bb=$(init_of $!)
wait_for nkids_ge "$bb" 5
sup[busybox-init]=$bb
sleep 1
echo
echo "| supervising 5 units of sleep | supervisor processes | PSS KiB | VmRSS KiB |"
echo "| --- | ---: | ---: | ---: |"
for n in tend-musl tend-glibc runit busybox-init; do
	set -- ${sup[$n]}
	rss=0
	for p in "$@"; do rss=$((rss + $(st "$p" VmRSS))); done
	echo "| $n | $# | $(pss "$@") | $rss |"
done
echo
echo "$(nproc) CPUs, kernel $(uname -r), $(date -u +%Y-%m-%d); tend $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo '?');" \
	"catatonit $(dpkg-query -W -f '${Version}' catatonit 2>/dev/null || echo '?'), tini $(dpkg-query -W -f '${Version}' tini 2>/dev/null || echo '?')," \
	"runit $(dpkg-query -W -f '${Version}' runit 2>/dev/null || echo '?'), busybox $(dpkg-query -W -f '${Version}' busybox-static 2>/dev/null || echo '?')"
