#!/usr/bin/env bash
# Every catchable signal sent to tend reaches the command: standard and
# real-time ones, glibc's reserved 32 and 33, and the fault signals
# (SEGV, BUS, FPE, ILL, SYS, TRAP, ABRT) when a user sent them with kill()
# or sigqueue().  With -g they reach the command's whole process group.
# SIGCHLD is tend's own (it reaps) and is not forwarded.
. ../lib.sh
rec=$HELPERS/sigrec
flood=$HELPERS/sigflood
EXIT_SIG=64
FAULTS="4 5 6 7 8 11 31"	# ILL TRAP ABRT BUS FPE SEGV SYS

# every signal tend should forward: 1..63 but KILL, STOP, CHLD
forwardable() {
	local s
	for s in $(seq 1 63); do
		case $s in 9|17|19) ;; *) echo "$s" ;; esac
	done
}

ready() {
	file_has "$1" '^ready$'
}

# got FILE SIG N: FILE has recorded SIG at least N times
got() {
	[ "$(grep -c "^$2 " "$1" 2>/dev/null)" -ge "$3" ]
}

case_all() {
	local m=$1 r=$T/rec.$1 s
	start_tend "$m" -- "$rec" "$r" "$EXIT_SIG"
	retry 5 ready "$r" || fail "$m: recorder not ready"
	for s in $(forwardable); do
		kill -s "$s" "$TEND_PID"
		retry 3 got "$r" "$s" 1 || fail "$m: signal $s (kill) not forwarded"
	done
	# user-sent faults through sigqueue (SI_QUEUE), a real-time one too
	for s in $FAULTS 40; do
		"$flood" -q "$TEND_PID" 1 "$s"
		retry 3 got "$r" "$s" 2 || fail "$m: signal $s (sigqueue) not forwarded"
	done
	kill -s CHLD "$TEND_PID"
	kill -s "$EXIT_SIG" "$TEND_PID"
	wait_tend
	assert_eq "$m: tend's status after the recorder's clean exit" 0 "$RC"
	! got "$r" 17 1 || fail "$m: SIGCHLD was forwarded"
	assert "$m: tend still fine" [ "$(grep -c . "$r")" -ge 70 ]
	! grep -q . "$T/err" || fail "$m: tend complained: $(cat "$T/err")"
}

case_pgroup() {
	local m=$1 r=$T/grp.$1 c=$T/grpchild.$1 s
	start_tend "$m" -g -- "$rec" -c "$c" "$r" "$EXIT_SIG"
	retry 5 ready "$r" || fail "$m: recorder not ready"
	retry 5 ready "$c" || fail "$m: recorder's child not ready"
	for s in 1 2 3 10 12 15 28 11 34 50; do
		kill -s "$s" "$TEND_PID"
		retry 3 got "$r" "$s" 1 || fail "$m -g: signal $s missed the command"
		retry 3 got "$c" "$s" 1 || fail "$m -g: signal $s missed the group"
	done
	kill -s "$EXIT_SIG" "$TEND_PID"
	wait_tend
	assert_eq "$m -g: status" 0 "$RC"
	got "$c" "$EXIT_SIG" 1 || fail "$m -g: exit signal missed the group"
}

case_signals() {
	case_all "$1"
	case_pgroup "$1"
}

for_modes case_signals
