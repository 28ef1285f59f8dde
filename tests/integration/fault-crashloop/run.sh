#!/usr/bin/env bash
# 100 units crash-looping at once (exit 1 immediately, Restart=always,
# RestartSec=0, no start limit) for 10 s: CI-sized stand-in for the
# issue's minute; the rate, not the length, is what loads tend.  tend's
# CPU stays a fraction of one core, no zombie is left, a steady unit and
# the control socket keep working.
. ../svc-lib.sh
for i in $(seq -w 1 100); do
	unit "crash$i.service" <<E
[Unit]
StartLimitIntervalSec=0
[Service]
Restart=always
RestartSec=0
ExecStart=/bin/false
E
done
unit steady.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units -q --units "$U"
wait_ctl 10
tend=$(p1_host_pid)
ticks() { awk '{ print $14 + $15 }' "/proc/$tend/stat"; }
t0=$(ticks)
sleep 10	# the storm's length is the point of this test
t1=$(ticks)
cpu=$(((t1 - t0) * 100 / $(getconf CLK_TCK) / 10))
echo "tend CPU during the storm: ${cpu}% of one core"
[ "$cpu" -lt 90 ] || fail "tend used ${cpu}% of a core"
ctl list | grep -q "^steady.service  *running" || fail "steady unit not running"
# every crashing unit keeps being restarted, and fairly: none falls far
# behind the others (the absolute rate is the machine's: 200-2,000/s)
read -r lo mean hi < <(ctl --json status | json_get '" ".join(str(x) for x in (lambda r: (min(r), sum(r) // len(r), max(r)))([u["restarts"] for u in j["units"] if u["name"].startswith("crash")]))')
echo "restarts per crashing unit in 10 s: min $lo, mean $mean, max $hi"
[ "$mean" -ge 5 ] || fail "the crashing units restarted only $mean times each in 10 s"
[ $((lo * 2)) -ge "$mean" ] || fail "a crashing unit fell behind: $lo restarts, mean $mean"
# exits in flight are zombies for a moment; none may stay one
zpids() { ps -e -o stat=,ppid=,pid= | awk -v p="$tend" '$1 ~ /^Z/ && $2 == p { print $3 }'; }
z=$(zpids)
sleep 1
for p in $z; do
	[ "$(awk '/^State/ { print $2 }' "/proc/$p/status" 2>/dev/null)" != Z ] ||
		fail "pid $p still a zombie after 1 s"
done
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
