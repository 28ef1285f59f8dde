#!/usr/bin/env bash
# When the command exits and leftovers remain, tend sends them SIGTERM,
# waits up to --grace, then SIGKILL, and only then exits with the
# command's status.  A leftover that honours SIGTERM ends it at once.
. ../lib.sh
left=$HELPERS/leftover

case_ignore() {
	local m=$1 pidfile=$T/ign.$1
	run_tend "$m" --grace 1 -- "$left" ignore 7 "$pidfile"
	assert_eq "$m: tend exits with the command's status" 7 "$RC"
	[ -s "$pidfile" ] || fail "$m: leftover never started"
	file_has "$pidfile.log" '^TERM$' || fail "$m: leftover got no SIGTERM first"
	[ "$TOOK_MS" -ge 950 ] || fail "$m: exited after $TOOK_MS ms, before the grace period"
	[ "$TOOK_MS" -lt 4000 ] || fail "$m: took $TOOK_MS ms for a 1 s grace"
	grep -q 'SIGKILL' "$T/err" || fail "$m: no word about SIGKILL: $(cat "$T/err")"
	if [ "$m" = sub ]; then
		gone "$(cat "$pidfile")" || fail "sub: leftover $(cat "$pidfile") survived tend"
	fi
}

case_honour() {
	local m=$1 pidfile=$T/hon.$1
	run_tend "$m" --grace 20 -- "$left" honour 3 "$pidfile"
	assert_eq "$m: status" 3 "$RC"
	[ -s "$pidfile" ] || fail "$m: leftover never started"
	[ "$TOOK_MS" -lt 3000 ] || fail "$m: a leftover honouring SIGTERM took $TOOK_MS ms"
	! grep -q SIGKILL "$T/err" || fail "$m: SIGKILL for an obedient leftover"
	if [ "$m" = sub ]; then
		gone "$(cat "$pidfile")" || fail "sub: leftover survived tend"
	fi
}

# A signal death of the command is reported as 128+S even with leftovers.
case_killed() {
	local m=$1 pidfile=$T/kil.$1
	run_tend "$m" --grace 0.2 -- sh -c "'$left' ignore 0 '$pidfile'; kill -KILL \$\$"
	assert_eq "$m: status" 137 "$RC"
	file_has "$pidfile.log" '^TERM$' || fail "$m: leftover got no SIGTERM"
}

# A second SIGTERM to tend during the grace period cuts it short.
case_impatient() {
	local m=$1 pidfile=$T/imp.$1
	start_tend "$m" --grace 30 -- "$left" ignore 5 "$pidfile"
	retry 5 file_has "$pidfile.log" '^TERM$' || fail "$m: leftover got no SIGTERM"
	kill -TERM "$TEND_PID"
	wait_tend
	assert_eq "$m: status" 5 "$RC"
	[ "$TOOK_MS" -lt 10000 ] || fail "$m: SIGTERM did not cut the grace short"
}

case_grace() {
	case_ignore "$1"
	case_honour "$1"
	case_killed "$1"
	case_impatient "$1"
}

for_modes case_grace
