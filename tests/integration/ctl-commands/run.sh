#!/usr/bin/env bash
# Every tendctl command against a real tend as PID 1, text and --json.
. ../svc-lib.sh
unit web.service <<E
[Unit]
Description=Web server
[Service]
Type=notify
NotifyAccess=all
ExecStart=/bin/sh -c 'trap "echo got-usr1 >>$T/usr1" USR1; echo web-line-1; echo web-line-2; systemd-notify --ready --status="serving 3 clients"; while :; do sleep 0.1; done'
ExecReload=/bin/sh -c 'echo reloaded >>$T/reloads'
E
unit slow.service <<E
[Service]
Type=notify
NotifyAccess=all
ExecStart=/bin/sh -c 'while [ ! -f $T/go ]; do sleep 0.05; done; systemd-notify --ready; exec sleep 1000'
E
unit broken.service <<E
[Service]
ExecStart=/bin/sh -c 'exit 4'
E
start_units --units "$U" ${TEND_TEST_ARGS:-}
wait_ctl 10
wait_log 10 "'web.service': starting -> running"
# is-ready: broken failed, slow is still starting
ctl is-ready 2>"$T/notready" && fail "is-ready with a failed unit"
grep -q "broken.service is failed" "$T/notready" || fail "is-ready reason: $(cat "$T/notready")"
ctl reset-failed broken
ctl list | grep -q "^broken.service  *inactive" || fail "reset-failed: $(ctl list)"
ctl is-ready 2>"$T/notready" && fail "is-ready while slow.service starts"
grep -q "slow.service is starting" "$T/notready" || fail "is-ready reason: $(cat "$T/notready")"
ctl --json is-ready | json_get 'j["ready"]' | grep -qx False || fail "is-ready --json"
touch "$T/go"
wait_log 10 "'slow.service': starting -> running"
retry 5 ctl is-ready || fail "is-ready after everything started"
# list and status
ctl list >"$T/list"
grep -q "^web.service  *running" "$T/list" || fail "list: $(cat "$T/list")"
ctl status web >"$T/status"
grep -q "serving 3 clients" "$T/status" || fail "STATUS= text missing: $(cat "$T/status")"
grep -q "switches: [0-9]* voluntary" "$T/status" || fail "context switches missing"
j=$(ctl --json status web)
assert_eq "json state" running "$(echo "$j" | json_get 'j["units"][0]["state"]')"
assert_eq "json status_text" "serving 3 clients" "$(echo "$j" | json_get 'j["units"][0]["status_text"]')"
assert_eq "json description" "Web server" "$(echo "$j" | json_get 'j["units"][0]["description"]')"
echo "$j" | json_get 'j["units"][0]["voluntary_ctxt_switches"] > 0' | grep -qx True ||
	fail "voluntary switches not > 0"
ctl --json list | json_get 'len([u for u in j["units"] if u["name"].endswith(".service")])' | grep -qx 3 || fail "json list"
# logs
ctl logs -n 5 web | grep -q "web-line-2" || fail "logs: $(ctl logs web)"
assert_eq "logs -n 1" "web-line-2" "$(ctl logs -n 1 web)"
ctl --json logs web | json_get 'j["lines"][0]["text"]' | grep -qx "web-line-1" || fail "json logs"
# kill, reload, restart
ctl kill -s USR1 web
retry 5 test -s "$T/usr1" || fail "kill -s USR1 did not arrive"
ctl reload web
retry 5 test -s "$T/reloads" || fail "ExecReload did not run"
pid1=$(main_pid web)
ctl restart web
retry 10 sh -c "[ \"\$('$TENDCTL' -s '$T/run/control.sock' --json status web | python3 -c 'import json,sys; u=json.load(sys.stdin)[\"units\"][0]; print(u[\"state\"], u[\"main_pid\"])')\" != 'running $pid1' ] && '$TENDCTL' -s '$T/run/control.sock' status web | grep -q 'state: running'" ||
	fail "restart did not give a new main pid"
# stop and start
ctl stop web
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^web.service  *inactive'" || fail "stop"
ctl start web
wait_log 10 "'web.service': inactive -> starting"
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^web.service  *running'" || fail "start"
# errors and exit codes
rc=0; ctl status nosuch 2>"$T/err" || rc=$?
assert_eq "unknown unit exit code" 3 "$rc"
grep -q "nosuch: no such unit" "$T/err" || fail "unknown unit message: $(cat "$T/err")"
rc=0; ctl frobnicate 2>/dev/null || rc=$?
assert_eq "unknown command exit code" 100 "$rc"
rc=0; "$TENDCTL" -s "$T/run/nothing.sock" list 2>/dev/null || rc=$?
assert_eq "unreachable exit code" 111 "$rc"
# poweroff in a container: stop everything and exit 0
ctl poweroff
wait_p1
assert_eq "exit status after poweroff" 0 "$P1_RC"
assert "units stopped in order" log_has "all units stopped"
