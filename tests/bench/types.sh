#!/usr/bin/env bash
# Costs of the unit types (issue 15), tend as PID 1 of a fresh PID
# namespace.  Not part of `make check`.
#
#   BUILD=build tests/bench/types.sh
#
# 1. Socket activation: the first request to a service that a .socket
#    starts on that request, against the same service started up front
#    (WantedBy=, so it runs before the client comes).  ROUNDS fresh tends
#    each; median and 90th percentile of connect-to-answer, measured by
#    the client (examples/listen-echo is the service).
# 2. Timers: tend's resident memory with TIMERS calendar timers armed
#    (all for next New Year, all starting one shared job.service) less
#    that with none, per timer; and tend's context switches over IDLE
#    seconds with all of them armed (0 = no wake-up).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
TEND=${TEND:-$BUILD/tend}
ECHO=$BUILD/examples/listen-echo
ROUNDS=${ROUNDS:-15}
TIMERS=${TIMERS:-1000}
IDLE=${IDLE:-10}
[ "$(id -u)" = 0 ] || { echo "types bench: needs root (unshare --pid)"; exit 77; }
[ -x "$ECHO" ] || { echo "types bench: build $ECHO first (make unit)"; exit 1; }
T=$(mktemp -d /tmp/tend-bench-types.XXXXXX)
P1=
trap '[ -n "$P1" ] && kill -KILL "$P1" 2>/dev/null; rm -rf "$T"' EXIT

# start UNITDIR: tend as PID 1; sets P1 (unshare) and PID (tend on the host)
start() {
	rm -rf "$T/run"
	unshare --pid --fork --mount-proc --kill-child "$TEND" --units "$1" --runtime-dir "$T/run" \
		>"$T/log" 2>&1 &
	P1=$!
	# settled, from its log: no tendctl request, whose client ctl watches
	# for idleness with a timer of its own (one wake-up seconds later)
	for _ in $(seq 400); do
		grep -q "all units settled" "$T/log" 2>/dev/null && break
		sleep 0.02
	done
	PID=$(pgrep -P "$P1" -x tend | head -n 1)
}
stop() {
	kill -TERM "$PID" 2>/dev/null || true
	wait "$P1" 2>/dev/null || true
	P1=
}
# ask: connect, one request, the answer; milliseconds from connect
ask() {
	python3 - "$T/echo.sock" <<'PY'
import socket, sys, time
t = time.perf_counter()
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"x\n")
a = s.recv(100)
print("%.3f" % ((time.perf_counter() - t) * 1000) if a.endswith(b"x\n") else "ERR")
PY
}
stats() {	# median and p90 of the numbers on stdin
	sort -n | awk '{ v[NR] = $1 } END { printf "%.2f ms (p90 %.2f ms)", v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.5)] }'
}

# ---- 1. socket activation ----
for mode in activated upfront; do
	U=$T/u-$mode
	mkdir -p "$U"
	printf '[Socket]\nListenStream=%s/echo.sock\n' "$T" >"$U/echo.socket"
	printf '[Service]\nExecStart=%s\n' "$ECHO" >"$U/echo.service"
	[ $mode = upfront ] && printf '[Install]\nWantedBy=multi-user.target\n' >>"$U/echo.service"
	: >"$T/$mode.ms"
	for _ in $(seq "$ROUNDS"); do
		start "$U"
		if [ $mode = upfront ]; then
			for _ in $(seq 200); do
				grep -q "listen-echo: 1 fds" "$T/log" && break
				sleep 0.02
			done
		fi
		ask >>"$T/$mode.ms"
		stop
	done
done
act=$(stats <"$T/activated.ms")
up=$(stats <"$T/upfront.ms")

# ---- 2. timers ----
U=$T/u-timers
mkdir -p "$U"
printf '[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$U/job.service"
rss() { awk '/^(VmRSS|RssAnon):/ { printf "%s ", $2 }' "/proc/$PID/status"; }
switches() {
	awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { n += $2 } END { print n }' "/proc/$PID/status"
}
start "$U"
read -r rss0 anon0 <<<"$(rss)"
stop
for i in $(seq "$TIMERS"); do
	printf '[Timer]\nOnCalendar=*-01-01 00:%02d:%02d\nUnit=job.service\n' \
		$((i / 60 % 60)) $((i % 60)) >"$U/t$i.timer"
done
start "$U"
# (not tendctl list-timers: ctl queues a whole reply at once, and over
# 64 KiB, some 400 units, it drops the client)
n=$(grep -c "'t[0-9]*.timer': starting -> running" "$T/log" || true)
sleep 1	# start-up's last deferred work (log writes, reaping) done
read -r rss1 anon1 <<<"$(rss)"
a=$(switches)
sleep "$IDLE"	# the measurement window
b=$(switches)
stop
per=$(( (anon1 - anon0) * 1024 / TIMERS ))
cat <<E
| what | measured |
| --- | --- |
| first request, socket-activated (tend starts the service on it) | $act |
| first request, the same service started up front | $up |
| $n calendar timers armed: tend's VmRSS / RssAnon | ${rss1} / ${anon1} KiB (none: ${rss0} / ${anon0} KiB) |
| memory per armed timer (RssAnon) | ${per} bytes |
| tend's context switches in ${IDLE} s with them armed | $((b - a)) |
E
