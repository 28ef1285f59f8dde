#!/usr/bin/env bash
# An idle tend does not wake up: its context-switch counters stay the same
# while the command sleeps (no polling interval, no timer armed).
. ../lib.sh
SECS=${IDLE_SECONDS:-3}

switches() {
	awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { n += $2 } END { print n }' \
		"/proc/$1/status"
}

# asleep in epoll_wait, or in rt_sigtimedwait() when the signalfd is its
# only source (the loop's solo wait)
in_wait() {
	grep -qE 'epoll|sigtimedwait' "/proc/$TEND_PID/wchan"
}

case_idle() {
	local m=$1 a b
	start_tend "$m" -- sleep 60
	retry 5 has_main || fail "$m: command did not start"
	retry 5 in_wait || fail "$m: tend not waiting: $(cat "/proc/$TEND_PID/wchan")"
	a=$(switches "$TEND_PID")
	sleep "$SECS"	# the measurement window, not a synchronisation
	b=$(switches "$TEND_PID")
	echo "$m: tend context switches over ${SECS} s idle: $((b - a))"
	assert_eq "$m: wake-ups while idle" 0 $((b - a))
	kill -TERM "$TEND_PID"
	wait_tend
	assert_eq "$m: status" 143 "$RC"
}

for_modes case_idle
