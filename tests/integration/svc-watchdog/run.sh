#!/usr/bin/env bash
# WatchdogSec: a unit that stops pinging is killed with SIGABRT, and
# Restart=on-watchdog brings it back; one that pings stays up.
. ../svc-lib.sh
unit silent.service <<E
[Service]
Type=notify
NotifyAccess=all
WatchdogSec=400ms
Restart=on-watchdog
RestartSec=100ms
ExecStart=/bin/sh -c 'echo start >>$T/silent; systemd-notify --ready; exec sleep 1000'
E
unit pinger.service <<E
[Service]
Type=notify
NotifyAccess=all
WatchdogSec=400ms
ExecStart=/bin/sh -c 'systemd-notify --ready; while :; do systemd-notify WATCHDOG=1; sleep 0.1; done'
E
start_units --units "$U"
wait_log 10 "'silent.service': watchdog timeout"
wait_log 10 "'silent.service': .*killed by SIGABRT\|'silent.service': .*dumped core on SIGABRT"
retry 10 sh -c "[ \$(wc -l <$T/silent) -ge 2 ]" || fail "silent was not restarted"
assert "pinger kept running" sh -c "! grep -q \"'pinger.service': watchdog timeout\" $T/p1.log"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
