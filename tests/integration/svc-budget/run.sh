#!/usr/bin/env bash
# The restart budget is spent per restart, not per event: a Type=forking
# unit's parent exits at every start (a success, no restart), so only the
# daemon's deaths may count.  StartLimitBurst=3: three starts run, the
# fourth is refused; the delays double once per restart (100, 200 ms).
. ../svc-lib.sh
unit fork.service <<E
[Unit]
StartLimitBurst=3
StartLimitIntervalSec=60
[Service]
Type=forking
PIDFile=$T/daemon.pid
Restart=always
ExecStart=$EXAMPLES/forking-daemon $T/daemon.pid
E
start_units --units "$U"
# daemon_up N: the N-th start reached running with a live daemon (its
# pid in this namespace: the PIDFile holds the one in tend's)
daemon_up() {
	[ "$(grep -c "'fork.service': starting -> running" "$T/p1.log")" -ge "$1" ] &&
		[ -s "$T/daemon.pid" ] && [ "$(pgrep -f -c "forking-daemon $T/daemon.pid")" = 1 ]
}
daemon() {
	pgrep -f "forking-daemon $T/daemon.pid"
}
for n in 1 2; do
	retry 10 daemon_up "$n" || fail "start $n did not reach running; log:
$(tail -n 20 "$T/p1.log")"
	kill -KILL "$(daemon)"
	rm -f "$T/daemon.pid"
done
retry 10 daemon_up 3 || fail "start 3 did not reach running; log:
$(tail -n 20 "$T/p1.log")"
log_has "start limit hit" && fail "start limit hit after 3 starts"
assert "restart 1 after 100 ms" log_has "'fork.service': restarting in 100 ms"
assert "restart 2 after 200 ms" log_has "'fork.service': restarting in 200 ms"
assert_eq "state" running "$(ctl --json status fork.service | json_get 'j["units"][0]["state"]')"
kill -KILL "$(daemon)"
wait_log 10 "'fork.service': .* -> failed (start-limit-hit)"
assert "the limit was named" log_has "start limit hit"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
