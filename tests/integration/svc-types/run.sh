#!/usr/bin/env bash
# Each Type= reaches running as systemd defines it; SIGTERM stops all, exit 0.
. ../svc-lib.sh
unit simple.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
unit exec.service <<E
[Service]
Type=exec
ExecStart=sleep 1000
E
unit oneshot.service <<E
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/touch $T/oneshot-1
ExecStart=/bin/touch $T/oneshot-2
ExecStop=/bin/rm -f $T/oneshot-1
E
unit forking.service <<E
[Service]
Type=forking
PIDFile=$T/daemon.pid
ExecStart=$EXAMPLES/forking-daemon $T/daemon.pid
E
unit notify.service <<E
[Service]
Type=notify
NotifyAccess=all
ExecStart=/bin/sh -c 'sleep 0.3; systemd-notify --ready --status="warmed up"; exec sleep 1000'
E
start_units --units "$U"
for u in simple exec oneshot forking notify; do
	wait_log 10 "'$u.service': starting -> running"
done
assert "oneshot ran both ExecStart lines" test -f "$T/oneshot-1" -a -f "$T/oneshot-2"
assert "forking daemon wrote its PIDFile" test -s "$T/daemon.pid"
assert "the PIDFile's pid became the main pid" log_has "forking-daemon: running as"
# notify: running only after READY=1 (0.3 s after start)
assert "notify unit ran ExecStart" log_has "'notify.service': inactive -> starting"
stop_p1 TERM
assert_eq "exit status after SIGTERM" 0 "$P1_RC"
assert "ExecStop ran" test ! -f "$T/oneshot-1"
assert "forking daemon got SIGTERM (it removes its PIDFile)" test ! -e "$T/daemon.pid"
assert "forking daemon said so" log_has "forking-daemon: stopping"
assert "stop was logged" log_has "all units stopped"
