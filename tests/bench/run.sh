#!/usr/bin/env bash
# Benchmark tend against tini, dumb-init and catatonit, each as PID 1 of a
# fresh PID namespace, side by side in one run.  Writes a markdown table to
# $BUILD/bench/results.md and prints it.  Not part of `make check`.
#
#   make bench            or   BUILD=build tests/bench/run.sh
#
# Knobs (environment): REPS (reaping repetitions, median taken, default 3),
# ORPHANS (default 20000), SIGS (signals per init, default 500), IDLE
# (seconds of idle watch, default 10), RUNS (start-up runs, default 300),
# BENCH_CGROUP (1: run in a cpu cgroup of its own, as a container does),
# TEND (the binary to measure, default $BUILD/tend), TEND_DYN (a tend built
# with STATIC=0, measured too and shown in a last column that takes no part
# in the verdict; \`make bench\` builds one in $BUILD-dyn).
# Needs root (unshare --pid) and takes about two minutes, then runs
# scale.sh (tend beside runit and s6, about five minutes; SCALE=0 skips it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
OUT="$BUILD/bench"
REPS=${REPS:-3}
ORPHANS=${ORPHANS:-20000}
BATCH=${BATCH:-100}
SIGS=${SIGS:-500}
IDLE=${IDLE:-10}
RUNS=${RUNS:-300}
CC=${CC:-cc}

if [ "$(id -u)" -ne 0 ]; then
	echo "bench: needs root for unshare --pid --mount-proc" >&2
	exit 77
fi
TEND=${TEND:-$BUILD/tend}
[ -x "$TEND" ] || make -C "$TOP" BUILD="$BUILD" all >/dev/null

mkdir -p "$OUT"
for src in "$here"/*.c; do
	"$CC" -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wshadow -Wformat=2 \
		-o "$OUT/$(basename "$src" .c)" "$src"
done

# The inits, tend first.  A peer that is not installed is left out, loudly.
names=(tend) paths=("$TEND")
for p in tini dumb-init catatonit; do
	if path=$(command -v "$p"); then
		names+=("$p") paths+=("$path")
	else
		echo "bench: $p is not installed (tests/deps.sh installs it); skipped" >&2
	fi
done
np=${#names[@]}	# tend and the peers: the verdict compares these
if [ -n "${TEND_DYN:-}" ]; then
	names+=(tend-dyn) paths+=("$TEND_DYN")
fi
n=${#names[@]}

declare -A V	# V[metric,init] = value
ns() { unshare --pid --fork --mount-proc "$@"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
say() { printf '%s\n' "$*" >&2; }

# Where containers run: a cgroup of its own.  In the root cgroup the
# kernel's autogroup (sched_autogroup_enabled) gives a child in a new
# session (dumb-init's setsid) a scheduling group of its own, which moved
# signal latency by 1-4 us here (tests/bench/RESULTS.md); inside any other
# cgroup autogroup does not apply.  BENCH_CGROUP=0 stays where it is.
bench_cg=
if [ "${BENCH_CGROUP:-1}" = 1 ]; then
	for d in /sys/fs/cgroup/cpu /sys/fs/cgroup; do
		[ -w "$d/cgroup.procs" ] || continue
		[ -e "$d/cpu.shares" ] || [ -e "$d/cgroup.controllers" ] || continue
		if mkdir -p "$d/tend-bench" 2>/dev/null &&
			echo $$ >"$d/tend-bench/cgroup.procs" 2>/dev/null; then
			bench_cg=$d/tend-bench
			break
		fi
	done
fi
leave_cg() {
	if [ -n "$bench_cg" ]; then
		echo $$ >"$(dirname "$bench_cg")/cgroup.procs" 2>/dev/null || true
		rmdir "$bench_cg" 2>/dev/null || true
	fi
}

started=$(date +%s)
load0=$(cut -d' ' -f1 /proc/loadavg)
say "bench: $(nproc) CPUs, kernel $(uname -r), ${n} inits: ${names[*]}, cgroup ${bench_cg:-as started}"

# ---- 1. orphan reaping ---------------------------------------------------
say "bench: reaping $ORPHANS orphans, $REPS rounds (stream, drain, floor)"
declare -A R
for ((r = 0; r < REPS; r++)); do
	# one at a time is slow: a quarter of the processes gives the same rate
	R[floor1]+="$("$OUT/floor" $((ORPHANS / 4)) 1 | cut -d' ' -f1)"$'\n'
	R[floorb]+="$("$OUT/floor" "$ORPHANS" "$BATCH" | cut -d' ' -f1)"$'\n'
	for ((i = 0; i < n; i++)); do
		R[stream,$i]+="$(ns "${paths[i]}" -- "$OUT/orphans" stream "$ORPHANS" "$BATCH" |
			cut -d' ' -f1)"$'\n'
		R[drain,$i]+="$(ns "${paths[i]}" -- "$OUT/orphans" drain "$ORPHANS" |
			cut -d' ' -f1)"$'\n'
	done
done
V[floor1]=$(printf '%s' "${R[floor1]}" | median)
V[floorb]=$(printf '%s' "${R[floorb]}" | median)
for ((i = 0; i < n; i++)); do
	V[stream,$i]=$(printf '%s' "${R[stream,$i]}" | median)
	V[drain,$i]=$(printf '%s' "${R[drain,$i]}" | median)
done

# ---- 2. signal forwarding latency ------------------------------------------
say "bench: signal latency, $SIGS SIGUSR1 per init, round robin"
i=0
while read -r _ med p99 _; do
	V[sigmed,$i]=$med V[sigp99,$i]=$p99
	i=$((i + 1))
done < <("$OUT/siglat" -n "$SIGS" -w 50 "$OUT/sigrecv" "${paths[@]}")

# ---- 3-5. idle PID 1: memory, shared objects, wake-ups -------------------
say "bench: idle PID 1 with a sleeping child, ${IDLE}s, all inits at once"
upids=() ipids=()
cleanup() {
	local p t alive
	for p in "${ipids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for ((t = 0; t < 500; t++)); do	# forwarded TERM ends sleep, then the init
		alive=0
		for p in "${upids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ $alive = 0 ] && break
		sleep 0.01
	done
	for p in "${ipids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT
for ((i = 0; i < n; i++)); do
	# not through ns(): $! must be unshare itself, whose only child is the init
	unshare --pid --fork --mount-proc "${paths[i]}" -- sleep 100000 &
	upids+=($!)
done
children() { cat "/proc/$1/task/$1/children" 2>/dev/null || true; }
for ((i = 0; i < n; i++)); do
	p=
	for ((t = 0; t < 500; t++)); do
		p=$(children "${upids[i]}")
		[ -n "$p" ] && [ -n "$(children "$p")" ] && break	# the sleep runs
		sleep 0.01
	done
	[ -n "$p" ] || { say "bench: ${names[i]} did not start"; exit 1; }
	ipids+=($p)
done
sleep 1	# let start-up settle
ctxt() { awk '/ctxt_switches/ { s += $2 } END { print s }' "/proc/$1/status"; }
for ((i = 0; i < n; i++)); do
	p=${ipids[i]}
	V[rss,$i]=$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status")
	V[priv,$i]=$(awk '/^Private_(Clean|Dirty)/ { s += $2 } END { print s }' \
		"/proc/$p/smaps_rollup")
	V[so,$i]=$(awk '$6 ~ /\.so/ { print $6 }' "/proc/$p/maps" | sort -u | wc -l)
	V[ctx0,$i]=$(ctxt "$p")
done
sleep "$IDLE"
for ((i = 0; i < n; i++)); do
	V[wake,$i]=$(($(ctxt "${ipids[i]}") - V[ctx0,$i]))
done
cleanup
ipids=() upids=()

# ---- 4. binary size --------------------------------------------------------
for ((i = 0; i < n; i++)); do
	V[size,$i]=$(stat -c %s "${paths[i]}")
	strip -o "$OUT/stripped.${names[i]}" "${paths[i]}"
	V[ssize,$i]=$(stat -c %s "$OUT/stripped.${names[i]}")
done

# ---- 6. start-up overhead --------------------------------------------------
say "bench: start-up, $RUNS runs of each, round robin"
args=(true)
for ((i = 0; i < n; i++)); do
	extra=()
	[ "${names[i]}" = tini ] && extra=(-s)	# subreaper, as tend sets itself
	args+=(::: "${paths[i]}" "${extra[@]}" -- true)
done
mapfile -t lines < <("$OUT/startup" -n "$RUNS" -w 20 "${args[@]}")
base=${lines[0]%% *}
for ((i = 0; i < n; i++)); do
	V[up,$i]=$(awk -v a="${lines[i + 1]%% *}" -v b="$base" 'BEGIN { printf "%.1f", a - b }')
done
args=(unshare --pid --fork true)
for ((i = 0; i < n; i++)); do
	args+=(::: unshare --pid --fork "${paths[i]}" -- true)
done
mapfile -t lines < <("$OUT/startup" -n "$RUNS" -w 20 "${args[@]}")
base1=${lines[0]%% *}
for ((i = 0; i < n; i++)); do
	V[up1,$i]=$(awk -v a="${lines[i + 1]%% *}" -v b="$base1" 'BEGIN { printf "%.1f", a - b }')
done

# ---- the table -------------------------------------------------------------
# row KEY LABEL DIR: DIR is "up" when higher is better, "down" otherwise.
row() {
	local key=$1 label=$2 dir=$3 line="| $2 |" vals=() i
	for ((i = 0; i < np; i++)); do
		vals+=("${V[$key,$i]}")
		line+=" ${V[$key,$i]} |"
	done
	line+=$(awk -v dir="$dir" -v vals="${vals[*]}" 'BEGIN {
		k = split(vals, v, " ")
		out = ""
		best = ""
		for (i = 2; i <= k; i++) {
			if (v[i] == 0)
				r = v[1] == 0 ? "=" : "inf"
			else
				r = sprintf("%.2f", v[1] / v[i])
			out = out " " r " |"
			if (best == "" || (dir == "up" ? v[i] > best : v[i] < best))
				best = v[i]
		}
		if (dir == "up" ? v[1] >= best : v[1] <= best)
			verdict = "yes"
		else if (best != 0 && (dir == "up" ? v[1] / best >= 0.95 : v[1] / best <= 1.05))
			verdict = "within 5%"
		else
			verdict = "**no**"
		printf "%s %s |", out, verdict
	}')
	for ((i = np; i < n; i++)); do line+=" ${V[$key,$i]} |"; done
	echo "$line"
}
{
	echo "# tend benchmark results"
	echo
	echo "$(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- |
		sed 's/^ *//'), kernel $(uname -r), $(date -u +%Y-%m-%d)."
	echo "Load average $load0 at the start, $(cut -d' ' -f1 /proc/loadavg) at the end"
	echo "(anything above ~0.3 means other work shared the CPUs: expect noise)."
	echo "Each init runs as PID 1: \`unshare --pid --fork --mount-proc INIT -- PROG\`,"
	echo "in the cgroup ${bench_cg:-the benchmark was started in (BENCH_CGROUP=0 or none writable)}."
	echo "Ratios are tend/peer; the arrow says which way is better."
	echo
	hdr="| metric |" sep="| --- |"
	for nm in "${names[@]:0:np}"; do hdr+=" $nm |" sep+=" ---: |"; done
	for nm in "${names[@]:1:np-1}"; do hdr+=" tend/$nm |" sep+=" ---: |"; done
	hdr+=" beats best peer? |" sep+=" --- |"
	for nm in "${names[@]:np}"; do hdr+=" $nm |" sep+=" ---: |"; done
	echo "$hdr"
	echo "$sep"
	row stream "orphans reaped/s, $ORPHANS double-forked (↑)" up
	row drain "orphans reaped/s, $ORPHANS zombies at once (↑)" up
	row sigmed "signal forward latency, median µs (↓)" down
	row sigp99 "signal forward latency, p99 µs (↓)" down
	row rss "idle PID 1 VmRSS KiB (↓)" down
	row priv "idle PID 1 private KiB (↓)" down
	row size "binary size, bytes (↓)" down
	row ssize "stripped binary, bytes (↓)" down
	row so "shared objects loaded (↓)" down
	row wake "idle wake-ups in ${IDLE} s (↓)" down
	row up1 "\`INIT -- true\` as PID 1, µs over \`unshare --pid --fork true\` (↓)" down
	row up "\`INIT -- true\` not PID 1, µs over \`true\` (↓)" down
	echo
	echo "Floor (no init): fork+_exit+waitpid one at a time ${V[floor1]}/s;"
	echo "fork $BATCH then wait $BATCH ${V[floorb]}/s (the shape of the orphan run)."
	awk -v t="${V[stream,0]}" -v a="${V[floor1]}" -v b="${V[floorb]}" 'BEGIN {
		printf "tend reaping vs floor (time per process, target <= 1.5): "
		printf "%.2f against the one-at-a-time loop, %.2f against the batched loop.\n",
			a / t, b / t
	}'
	echo
	echo "Start-up baselines: \`true\` ${base} µs, \`unshare --pid --fork true\` ${base1} µs (median)."
	echo "Reaping rows are the median of $REPS runs; latency over $SIGS signals per init."
	echo "tini runs with -s when not PID 1 (subreaper, as tend and catatonit do by themselves)."
	if [ "$n" -gt "$np" ]; then
		echo "tend-dyn: the same tend linked dynamically (STATIC=0), for reference: not in the ratios."
	fi
} >"$OUT/results.md"
cat "$OUT/results.md"
say "bench: done in $(($(date +%s) - started)) s"
leave_cg

# ---- scale: tend beside runit and s6 with up to 10,000 services ----------
if [ "${SCALE:-1}" != 0 ]; then
	trap - EXIT
	BUILD="$BUILD" TEND="$TEND" "$here/scale.sh"
fi
