#!/usr/bin/env bash
# tendctl start X pulls in what X Requires=, Wants= and BindsTo= (as
# systemd's start job does); tendctl restart X restarts the running units
# that are PartOf=, Requires= or BindsTo= X, and nothing else.
. ../svc-lib.sh
for u in req want bind part needs other; do
	unit "$u.service" <<E
[Service]
ExecStart=/bin/sleep 1000
E
done
unit app.service <<E
[Unit]
Requires=req.service
Wants=want.service
BindsTo=bind.service
After=req.service
[Service]
ExecStart=/bin/sleep 1000
E
printf '[Unit]\nPartOf=app.service\n' >>"$U/part.service"
unit slow.service <<E
[Service]
ExecStart=/bin/sh -c 'trap "sleep 1; exit 0" TERM; while :; do sleep 0.1; done'
E
unit app2.service <<E
[Unit]
Requires=slow.service
[Service]
ExecStart=/bin/sleep 1000
E
printf '[Unit]\nRequires=app.service\nAfter=app.service\n' >>"$U/needs.service"
start_units --units "$U"
wait_ctl 10
running() { ctl list | grep -q "^$1.service  *running"; }
for u in app req want bind part needs other; do retry 10 running "$u" || fail "$u not running: $(ctl list)"; done

echo "== start pulls in Requires=, Wants=, BindsTo="
ctl stop app req want bind
inactive() { ctl list | grep -q "^$1.service  *inactive"; }
for u in app req want bind; do retry 10 inactive "$u" || fail "$u did not stop: $(ctl list)"; done
ctl start app
for u in app req want bind; do retry 10 running "$u" || fail "start app: $u not running: $(ctl list)"; done
wait_log 5 "'req.service': pulled in by 'app.service'"

echo "== a start while a pulled-in unit is still stopping brings it back"
ctl stop slow app2
ctl list | grep -q "^slow.service  *stopping" || fail "slow.service is not stopping: $(ctl list)"
ctl start app2
for u in slow app2; do retry 10 running "$u" || fail "start app2: $u not running: $(ctl list)"; done

echo "== restart reaches PartOf= and Requires= dependents"
# stopping app stopped them (PartOf=, Requires=); a start of app does not pull them in
for u in part needs; do running "$u" && fail "$u runs after app was stopped and started"; done
ctl start part needs
for u in part needs; do retry 10 running "$u" || fail "$u not running: $(ctl list)"; done
declare -A pid
for u in app part needs other req; do pid[$u]=$(main_pid "$u.service"); done
ctl restart app
changed() { p=$(main_pid "$1.service"); [ -n "$p" ] && [ "$p" != 0 ] && [ "$p" != "${pid[$1]}" ] && running "$1"; }
for u in app part needs; do retry 10 changed "$u" || fail "restart app: $u not restarted ($(main_pid "$u.service") was ${pid[$u]})"; done
for u in other req; do [ "$(main_pid "$u.service")" = "${pid[$u]}" ] || fail "restart app restarted $u"; done
wait_log 5 "'part.service': restarting with 'app.service'"
stop_p1
assert_eq "exit status" 0 "$P1_RC"
echo ok
