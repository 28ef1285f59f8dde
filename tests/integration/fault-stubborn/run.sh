#!/usr/bin/env bash
# A unit whose processes ignore SIGTERM and SIGCONT (and every other
# catchable signal) is SIGKILLed at its TimeoutStopSec: `tendctl stop`
# ends after about that long, not before and not never, with all of the
# unit's processes gone; another unit and the control socket are fine.
. ../svc-lib.sh
unit stubborn.service <<E
[Service]
TimeoutStopSec=3s
ExecStart=$HELPERS/stubborn $T/pids 3
E
unit steady.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
has_pids() { [ "$(count_lines "$T/pids")" -eq 4 ]; }
retry 10 has_pids ||
	fail "stubborn did not write its pids"
# the file has pids of tend's namespace; look for the host's
pids=$(pgrep -f "^$HELPERS/stubborn $T/pids")
assert_eq "stubborn processes" 4 "$(echo $pids | wc -w)"
for p in $pids; do
	sig=$(awk '/^SigIgn/ { print $2 }' "/proc/$p/status")
	# SIGHUP, SIGTERM (bit 14) and SIGCONT (bit 17) are ignored
	[ $((0x$sig & (1 << 14) && 0x$sig & (1 << 17))) -ne 0 ] ||
		fail "pid $p does not ignore TERM and CONT (SigIgn $sig)"
done
steady=$(main_pid steady)
t0=$(date +%s%N)
ctl stop stubborn
stopped() { ! ctl list | grep -q "^stubborn.service  *\(running\|stopping\)"; }
retry 30 stopped || fail "stubborn still $(ctl list | grep stubborn) after 30 s"
took=$((($(date +%s%N) - t0) / 1000000))
echo "stop took ${took} ms (TimeoutStopSec=3s)"
[ "$took" -ge 2900 ] || fail "stopped after ${took} ms, before the 3 s timeout"
[ "$took" -lt 15000 ] || fail "stop took ${took} ms, far beyond the 3 s timeout"
assert "escalated to SIGKILL" log_has "'stubborn.service'.*SIGKILL"
for p in $pids; do
	retry 5 gone "$p" || fail "pid $p survived the stop: $(cat /proc/$p/status | head -3)"
done
ctl list | grep "^stubborn.service"
assert_eq "steady unit untouched" "$steady" "$(main_pid steady)"
ctl list | grep -q "^steady.service  *running" || fail "steady unit not running"
# and once more through tend's own shutdown: it must not wait forever either
ctl start stubborn
running() { ctl list | grep -q "^stubborn.service  *running"; }
retry 10 running ||
	fail "stubborn did not start again"
t0=$(date +%s%N)
stop_p1 TERM
took=$((($(date +%s%N) - t0) / 1000000))
echo "shutdown took ${took} ms"
assert_eq "exit status" 0 "$P1_RC"
[ "$took" -lt 15000 ] || fail "shutdown took ${took} ms"
