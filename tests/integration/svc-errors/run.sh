#!/usr/bin/env bash
# Bad units and failing starts are reported per unit; others run on.
. ../svc-lib.sh
unit missing.service <<E
[Service]
ExecStart=/nonexistent/binary --flag
E
unit baduser.service <<E
[Service]
User=no-such-user-tend
ExecStart=/bin/sleep 1000
E
unit cyc1.service <<E
[Unit]
After=cyc2.service
[Service]
ExecStart=/bin/sleep 1000
E
unit cyc2.service <<E
[Unit]
After=cyc1.service
[Service]
ExecStart=/bin/sleep 1000
E
unit needs.service <<E
[Unit]
Requires=missing.service
After=missing.service
[Service]
ExecStart=/bin/sleep 1000
E
unit badkey.service <<E
[Service]
ExecStart=/bin/sleep 1000
RestartSec=soon
E
unit good.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_log 10 "'good.service': starting -> running"
wait_log 10 "'missing.service': .*No such file or directory"
wait_log 10 "'missing.service': .*-> failed"
wait_log 10 "'baduser.service': .*no-such-user-tend"
wait_log 10 "ordering cycle: cyc1.service -> cyc2.service -> cyc1.service\|ordering cycle: cyc2.service -> cyc1.service -> cyc2.service"
wait_log 10 "'needs.service': not started: it requires 'missing.service'"
wait_log 10 "badkey.service:3: RestartSec"
assert "badkey did not start" sh -c "! grep -q \"'badkey.service': inactive -> starting\" $T/p1.log"
assert "cycle members did not start" sh -c "! grep -q \"'cyc1.service': inactive -> starting\" $T/p1.log"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
