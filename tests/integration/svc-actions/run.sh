#!/usr/bin/env bash
# Requisite=, OnSuccess=, StartLimitInterval= (the old name), and the
# actions that end tend: SuccessAction=exit with SuccessActionExitStatus=,
# FailureAction=exit with FailureActionExitStatus=, StartLimitAction=exit.
. ../svc-lib.sh
unit db.service <<E
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/touch $T/db-ran
E
unit app.service <<E
[Unit]
Requisite=db.service
After=db.service
[Service]
ExecStart=/bin/sh -c 'echo run >>$T/app-runs; exec sleep 1000'
E
unit job.service <<E
[Unit]
OnSuccess=after-job.service
[Service]
Type=oneshot
ExecStart=/bin/true
E
unit after-job.service <<E
[Service]
Type=oneshot
ExecStart=/bin/touch $T/after-job
E
unit flaky.service <<E
[Unit]
StartLimitBurst=2
StartLimitInterval=1min
[Service]
Restart=always
RestartSec=50ms
ExecStart=/bin/false
E
start_units --units "$U"
wait_ctl 10
retry 10 test -e "$T/after-job" || fail "OnSuccess= did not start after-job.service"
wait_log 10 "'job.service': OnSuccess: starting 'after-job.service'"
wait_log 10 "'flaky.service': start limit hit (2 starts in 60000 ms): giving up"
# Requisite=: a start of app does not start db, and fails while db is down
retry 10 test -s "$T/app-runs" || fail "app.service did not run"
ctl stop app.service db.service
down() { [ "$(ctl --json status "$1" | json_get 'j["units"][0]["state"]')" = inactive ]; }
retry 10 down app.service || fail "app did not stop"
retry 10 down db.service || fail "db did not stop"
rm "$T/db-ran"
ctl start app.service || true
wait_log 10 "'app.service': not started: it requires 'db.service'"
assert "Requisite= did not start db" test ! -e "$T/db-ran"
assert_eq "app ran once" 1 "$(wc -l <"$T/app-runs")"
ctl start db.service
retry 10 test -e "$T/db-ran" || fail "db did not start"
ctl start app.service
retry 10 sh -c "[ \$(wc -l <'$T/app-runs') -eq 2 ]" || fail "app did not start with db up"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"

# each action in a tend of its own
action_run() {	# NAME UNIT-TEXT: tend with that one unit; sets P1_RC
	rm -rf "$T/act" && mkdir -p "$T/act"
	cat >"$T/act/$1.service"
	start_p1 --units "$T/act" --runtime-dir "$T/run-$1"
	retry 15 sh -c "! kill -0 $P1_PID 2>/dev/null" || fail "$1: tend did not exit"
	wait_p1
}
action_run succ <<E
[Unit]
SuccessAction=exit
SuccessActionExitStatus=7
[Service]
Type=oneshot
ExecStart=/bin/true
E
assert_eq "SuccessAction=exit with SuccessActionExitStatus=7" 7 "$P1_RC"
grep -q "'succ.service': SuccessAction: exit" "$T/p1.log" || fail "no SuccessAction line"
action_run fail <<E
[Unit]
FailureAction=exit
FailureActionExitStatus=9
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'exit 3'
E
assert_eq "FailureAction=exit with FailureActionExitStatus=9" 9 "$P1_RC"
action_run limit <<E
[Unit]
StartLimitBurst=2
StartLimitIntervalSec=1min
StartLimitAction=exit
[Service]
Restart=always
RestartSec=50ms
ExecStart=/bin/sh -c 'exit 4'
E
grep -q "'limit.service': start limit hit" "$T/p1.log" || fail "no start limit line"
assert_eq "StartLimitAction=exit: the unit's status" 4 "$P1_RC"
