#!/usr/bin/env bash
# Restart= values decide from the exit status; counted from real starts.
. ../svc-lib.sh
mk() {	# name restart code [extra]
	unit "$1.service" <<E
[Unit]
StartLimitBurst=3
StartLimitIntervalSec=1min
[Service]
Restart=$2
RestartSec=50ms
Environment=CRASHLOOP_LOG=$T/$1 CRASHLOOP_CODE=$3
ExecStart=$EXAMPLES/crashloop
${4:-}
E
}
mk no-fail no 1
mk onfail-ok on-failure 0
mk onfail-bad on-failure 1
mk onsuccess-ok on-success 0
mk onsuccess-bad on-success 1
mk always-ok always 0
mk prevent always 7 "RestartPreventExitStatus=7"
mk success-status on-failure 9 "SuccessExitStatus=9"
mk abnormal-code on-abnormal 1
mk force no 5 "RestartForceExitStatus=5"
start_units --units "$U"
# those that restart hit the limit of 3 starts and fail
for u in onfail-bad onsuccess-ok always-ok force; do
	wait_log 10 "'$u.service': .*-> failed (start-limit-hit)"
done
for u in no-fail onfail-ok onsuccess-bad prevent success-status abnormal-code; do
	wait_log 10 "'$u.service': .*-> \(inactive\|failed\)"
done
expect() { assert_eq "starts of $1" "$2" "$(count_lines "$T/$1")"; }
expect no-fail 1
expect onfail-ok 1
expect onfail-bad 3
expect onsuccess-ok 3
expect onsuccess-bad 1
expect always-ok 3
expect prevent 1
expect success-status 1
expect abnormal-code 1
expect force 3
assert "a clean exit ends inactive" log_has "'onfail-ok.service': .*-> inactive"
assert "SuccessExitStatus=9 ends inactive" log_has "'success-status.service': .*-> inactive"
assert "a failure without restart ends failed" log_has "'no-fail.service': .*-> failed (exit-code)"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
