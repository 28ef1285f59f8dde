#!/usr/bin/env bash
# 100,000 signals at tend in supervisor mode, in 20 bursts over a few
# seconds: 80,000 kill()s cycling SIGUSR1, SIGUSR2, SIGWINCH, SIGHUP
# (reload) and spoofed SIGCHLDs, and 20,000 queued SIGRTMIN+1, while five
# units exit and restart every 100 ms.  tend stays up and answers during
# and after, the steady unit keeps its pid, every restarting unit keeps
# being restarted (a lost SIGCHLD would leave it "running" as a zombie)
# and no zombie stays.
. ../svc-lib.sh
for i in 1 2 3 4 5; do
	unit "blink$i.service" <<E
[Unit]
StartLimitIntervalSec=0
[Service]
Restart=always
RestartSec=0
ExecStart=/bin/sleep 0.1
E
done
unit steady.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units -q --units "$U"
wait_ctl 10
tend=$(p1_host_pid)
steady=$(main_pid steady)
# restarts: the fewest restarts of any blink unit
restarts() {
	ctl --json status | json_get 'min(u["restarts"] for u in j["units"] if u["name"].startswith("blink"))'
}
# flood: 20 bursts of 4,000 kill()s and 1,000 sigqueue()s
flood() {
	local i
	for i in $(seq 20); do
		"$HELPERS/sigflood" "$tend" 4000 10 12 28 1 17 || return 1
		"$HELPERS/sigflood" -q "$tend" 1000 35 || return 1
		sleep 0.1
	done
}
r0=$(restarts)
t0=$(date +%s%N)
flood &
f=$!
answered=0
while kill -0 "$f" 2>/dev/null; do
	ctl list >/dev/null || fail "tend did not answer during the flood"
	answered=$((answered + 1))
done
wait "$f" || fail "sigflood failed"
took=$((($(date +%s%N) - t0) / 1000000))
r1=$(restarts)
echo "100,000 signals sent in ${took} ms; $answered requests answered meanwhile;" \
	"each blink unit restarted at least $((r1 - r0)) times meanwhile"
[ "$r1" -gt "$r0" ] || fail "a blink unit was not restarted during the flood"
kill -0 "$tend" || fail "tend died"
assert_eq "steady unit keeps its pid" "$steady" "$(main_pid steady)"
# a lost SIGCHLD leaves blink's exit unseen: its restarts would stop
more() { [ "$(restarts)" -ge $((r1 + 5)) ]; }
retry 20 more || fail "a blink unit stopped restarting after the flood: $(restarts) restarts;
$(ctl list | grep blink)"
echo "fewest blink restarts after the flood: $(restarts)"
zpids() { ps -e -o stat=,ppid=,pid= | awk -v p="$tend" '$1 ~ /^Z/ && $2 == p { print $3 }'; }
z=$(zpids)
sleep 1
for p in $z; do
	[ "$(proc_field "$p" State)" != Z ] || fail "pid $p still a zombie after 1 s"
done
ctl list | grep -q "^steady.service  *running" || fail "steady unit not running"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
