#!/usr/bin/env bash
# tendctl is-ready as a readiness probe (README, "Readiness"): never ready
# with no unit loaded or with a failed unit; ready once every wanted unit
# runs or has finished successfully.  A clean exit leaves no control.sock
# and no notify/ socket behind.
. ../svc-lib.sh

# not_ready WHY: is-ready fails and says WHY
not_ready() {
	local rc=0
	ctl is-ready >"$T/r.out" 2>"$T/r.err" || rc=$?
	[ "$rc" -ne 0 ] || fail "is-ready succeeded; wanted '$1'"
	grep -q -- "$1" "$T/r.err" || fail "is-ready: wanted '$1', got: $(cat "$T/r.out" "$T/r.err")"
}

echo "== no unit at all: a supervisor of nothing is not ready"
start_units --units "$U"
wait_ctl 10
not_ready "no unit is loaded"
stop_p1
assert_eq "exit status" 0 "$P1_RC"

echo "== the only unit does not load: not ready"
unit typo.service <<E
[Service]
ExecStart=/bin/sleep 1000
NoSuchKey=1
E
start_units --units "$U"
wait_ctl 10
not_ready "no unit is loaded"
stop_p1
rm "$U/typo.service"

echo "== every unit failed: not ready, whatever they wanted"
unit dead.service <<E
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'exit 3'
E
unit needsdead.service <<E
[Unit]
Requires=dead.service
After=dead.service
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
wait_log 10 "'needsdead.service'.*failed"
not_ready "is failed"
stop_p1
rm "$U"/*.service

echo "== a oneshot done and a notify unit running: ready; clean exit leaves no socket"
unit once.service <<E
[Service]
Type=oneshot
ExecStart=/bin/true
E
unit up.service <<E
[Service]
Type=notify
NotifyAccess=all
ExecStart=/bin/sh -c 'while [ ! -f $T/go ]; do sleep 0.05; done; systemd-notify --ready; exec sleep 1000'
E
start_units --units "$U"
wait_ctl 10
# the control socket comes up before the units load and start
retry 10 test -S "$T/run/notify/up.service" ||
	fail "no notify socket for up.service: $(ls -R "$T/run")"
# once.service (/bin/true) can itself be "starting" for a moment (longer
# under ASan); up.service waits for $T/go, so once it is the reason, it stays
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' is-ready 2>&1 | grep -q 'up.service is starting'" ||
	fail "is-ready never named up.service: $(ctl is-ready 2>&1)"
not_ready "up.service is starting"
touch "$T/go"
retry 10 ctl is-ready || fail "not ready with once done and up running: $(ctl is-ready 2>&1)"
ctl --json is-ready | json_get 'j["ready"]' | grep -qx True || fail "is-ready --json"
stop_p1
assert_eq "exit status" 0 "$P1_RC"
[ ! -e "$T/run/control.sock" ] || fail "control.sock left behind"
[ ! -e "$T/run/notify" ] || fail "notify sockets left behind: $(ls "$T/run/notify")"
out=$(ctl status 2>&1) && fail "tendctl reached a tend that exited"
echo "tendctl after the exit: $out"
grep -qi "refused" <<<"$out" && fail "tendctl found a stale socket: $out"

echo "== combined mode, no unit: ready while the command runs"
rm "$U"/*.service
start_units --units "$U" -- /bin/sh -c "while [ ! -f $T/end ]; do sleep 0.05; done"
wait_ctl 10
retry 10 ctl is-ready || fail "combined mode, command running, not ready: $(ctl is-ready 2>&1)"
touch "$T/end"
wait_p1
assert_eq "exit status" 0 "$P1_RC"
[ ! -e "$T/run/control.sock" ] || fail "control.sock left behind (combined mode)"
echo ok
