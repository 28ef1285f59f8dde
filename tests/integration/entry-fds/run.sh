#!/usr/bin/env bash
# Only fds 0, 1 and 2 reach the command, even when tend inherited more;
# tend's own fds (epoll, signalfd, timerfd, pidfd, pipes) are close-on-exec.
. ../lib.sh

case_fds() {
	local m=$1
	run_tend "$m" -- "$HELPERS/fdlist"
	assert_eq "$m: fds of the command ($(cat "$T/err"))" "0 1 2" "$(cat "$T/out")"
	# inherited non-cloexec fds 5 and 9 stay with tend
	run_tend "$m" -- "$HELPERS/fdlist" 5<"$T" 9>"$T/nine"
	assert_eq "$m: fds with 5 and 9 inherited ($(cat "$T/err"))" "0 1 2" "$(cat "$T/out")"
	# and deeper down the tree too
	run_tend "$m" -- sh -c "exec '$HELPERS/fdlist'" 5<"$T"
	assert_eq "$m: fds of a grandchild" "0 1 2" "$(cat "$T/out")"
}

# tend closes 0-2 never and keeps them valid: a PID 1 started with a
# closed stdin still gives its command a valid fd 0 (/dev/null).
case_closed_stdin() {
	local m=$1
	RC=0
	$(tend_cmd "$m") -- "$HELPERS/fdlist" >"$T/out" 2>"$T/err" <&- || RC=$?
	assert_eq "$m: status" 0 "$RC"
	assert_eq "$m: fds with stdin closed" "0 1 2" "$(cat "$T/out")"
	grep -q '^fd 0 -> /dev/null$' "$T/err" || fail "$m: fd 0 is $(grep '^fd 0' "$T/err")"
}

for_modes case_fds
case_closed_stdin sub
