#!/usr/bin/env bash
# A flood of 10,000 signals: tend neither crashes nor loses a queued one.
# Real-time signals queue, so every one of 10,000 sigqueue()d SIGRTMIN+1
# must arrive; standard ones coalesce, so each must arrive at least once.
. ../lib.sh
N=10000
rec=$HELPERS/sigrec

count() {
	grep -c "^$2 " "$1" 2>/dev/null || true
}

# has FILE SIG N: exactly N of SIG recorded so far
has() {
	[ "$(count "$1" "$2")" -eq "$3" ]
}

case_flood() {
	local m=$1 r=$T/rec.$1
	start_tend "$m" -- "$rec" "$r" 64
	retry 5 file_has "$r" '^ready$' || fail "$m: recorder not ready"
	"$HELPERS/sigflood" -q "$TEND_PID" "$N" 35 || fail "$m: flood 1 failed"
	retry 20 has "$r" 35 "$N" || fail "$m: $(count "$r" 35) of $N real-time signals arrived"
	# mixed: kill() cycling USR1 USR2 WINCH and a real-time one
	"$HELPERS/sigflood" "$TEND_PID" "$N" 10 12 28 36 || fail "$m: flood 2 failed"
	retry 20 has "$r" 36 $((N / 4)) || fail "$m: $(count "$r" 36) of $((N / 4)) SIGRTMIN+2"
	for s in 10 12 28; do
		[ "$(count "$r" "$s")" -ge 1 ] || fail "$m: signal $s never arrived"
	done
	kill -0 "$TEND_PID" || fail "$m: tend died"
	kill -s 64 "$TEND_PID"
	wait_tend
	assert_eq "$m: status after the flood" 0 "$RC"
	echo "$m: $(count "$r" 35) + $(count "$r" 36) queued signals forwarded," \
		"USR1 x$(count "$r" 10), USR2 x$(count "$r" 12), WINCH x$(count "$r" 28)"
}

for_modes case_flood
