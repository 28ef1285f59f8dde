#!/usr/bin/env bash
# 5,000 orphans exit at once (one burst of coalesced SIGCHLDs) after being
# re-parented to tend; every one is reaped, none is left in /proc.  As a
# plain process, tend must have made itself a subreaper for this to work.
. ../lib.sh
N=${ORPHANS:-5000}

case_orphans() {
	local m=$1
	run_tend "$m" -- "$HELPERS/orphans" "$N" 20
	cat "$T/out"
	assert_eq "$m: orphans helper status ($(cat "$T/out" "$T/err"))" 0 "$RC"
	assert "$m: all reaped" grep -q "^reaped $N orphans in" "$T/out"
}

# As PID 1, check from outside too: nothing of the namespace is a zombie
# while tend and its command are still running.
case_no_zombies_p1() {
	local z
	start_tend p1 -- sh -c "'$HELPERS/orphans' 1000 20 && touch '$T/made' && exec sleep 30"
	retry 30 [ -e "$T/made" ] || fail "orphans helper failed: $(cat "$T/out" "$T/err")"
	z=$(ps -o pid=,stat= --ppid "$TEND_PID" | awk '$2 ~ /^Z/' | wc -l)
	assert_eq "zombies under tend (PID 1)" 0 "$z"
	kill -TERM "$TEND_PID"
	wait_tend
	assert_eq "status after SIGTERM to sleep" 143 "$RC"
}

for_modes case_orphans
case_no_zombies_p1
