#!/usr/bin/env bash
# Not PID 1, tend makes itself a subreaper: a process orphaned under it is
# re-parented to tend, not to the real init, and reaped by tend at once.
. ../lib.sh
pidfile=$T/left

case_subreaper() {
	local opt=$1 lp
	rm -f "$pidfile"
	start_tend sub $opt -- sh -c "'$HELPERS/leftover' honour 0 '$pidfile' && exec sleep 60"
	retry 5 [ -s "$pidfile" ] || fail "leftover did not start"
	lp=$(cat "$pidfile")
	retry 5 has_main || fail "no main command"
	assert_eq "parent of the orphan" "$TEND_PID" "$(proc_field "$lp" PPid)"
	kill -TERM "$lp"
	retry 5 gone "$lp" || fail "orphan $lp not reaped: state $(proc_field "$lp" State)"
	kill -0 "$TEND_PID" || fail "tend ended with its command still running"
	kill -TERM "$TEND_PID"
	wait_tend
	assert_eq "status" 143 "$RC"
}

case_subreaper ""
case_subreaper -s
