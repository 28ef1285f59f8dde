#!/usr/bin/env bash
# What tendctl status says in each state: the sub-state names what the
# unit is doing (never "starting (dead)"), and "last exit" is the end of
# the unit's main process, kept while it waits to restart.
. ../svc-lib.sh
M=$((RANDOM % 9000 + 1000))
unit waits.service <<E
[Service]
Type=notify
ExecStart=/bin/sleep $M.1
E
unit pre.service <<E
[Service]
ExecStartPre=/bin/sleep $M.2
ExecStart=/bin/sleep $M.3
E
unit crash.service <<E
[Service]
ExecStart=/bin/sh -c 'exit 7'
Restart=always
RestartSec=1h
E
unit broken.service <<E
[Service]
ExecStart=/bin/sh -c 'kill -SEGV \$\$\$\$'
E
start_units --units "$U"
wait_ctl 10
sub() {	# UNIT: state (sub)
	ctl --json status "$1" | json_get 'j["units"][0]["state"] + " (" + j["units"][0]["sub"] + ")"'
}
retry 10 pgrep -f "^/bin/sleep $M.1\$" >/dev/null || fail "waits.service did not start"
assert_eq "notify unit before READY=1" "starting (start)" "$(sub waits.service)"
ctl status waits.service | grep -q "state: starting (start)" || fail "text: $(ctl status waits.service)"
retry 10 pgrep -f "^/bin/sleep $M.2\$" >/dev/null || fail "pre.service did not start"
assert_eq "in ExecStartPre=" "starting (start-pre)" "$(sub pre.service)"
wait_log 10 "'crash.service': .* -> auto-restart"
assert_eq "waiting to restart" "auto-restart (auto-restart)" "$(sub crash.service)"
assert_eq "the exit that made it restart" "{'code': 7}" \
	"$(ctl --json status crash.service | json_get 'j["units"][0]["last_exit"]')"
ctl status crash.service | grep -q "last exit: exited 7\|last exit: .*7" ||
	fail "text last exit: $(ctl status crash.service)"
# when it will start again: RestartSec=1h, less the time since it failed
left=$(ctl --json status crash.service | json_get 'j["units"][0]["restart_in_ms"]')
[ "$left" -gt 3500000 ] && [ "$left" -le 3600000 ] || fail "restart_in_ms: $left"
ctl status crash.service | grep -q "restarts: [0-9]*, the next in 59min" ||
	fail "text next restart: $(ctl status crash.service)"
assert_eq "not restarting: no time" None \
	"$(ctl --json status waits.service | json_get 'j["units"][0]["restart_in_ms"]')"
wait_log 10 "'broken.service': .* -> failed"
assert_eq "failed" "failed (failed)" "$(sub broken.service)"
assert_eq "failed: last exit" SIGSEGV \
	"$(ctl --json status broken.service | json_get 'j["units"][0]["last_exit"]["signal"]')"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
