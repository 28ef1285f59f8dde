#!/usr/bin/env bash
# RemainAfterExit=yes on a long-running type: a clean end of the main
# process leaves the unit active (exited), not restarted even with
# Restart=always, and ExecStop=/ExecStopPost= wait for its stop, as in
# systemd.  A failed end still fails (or restarts).
. ../svc-lib.sh
unit stays.service <<E
[Service]
RemainAfterExit=yes
Restart=always
ExecStart=/bin/sh -c 'touch $T/ran; exit 0'
ExecStop=/bin/touch $T/stop
ExecStopPost=/bin/touch $T/post
E
unit fails.service <<E
[Service]
RemainAfterExit=yes
ExecStart=/bin/sh -c 'exit 3'
E
start_units --units "$U"
wait_ctl 5
wait_log 5 "'stays.service': process [0-9]* exited 0"
wait_log 5 "'fails.service': running -> failed"
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^stays.service  *running'" ||
	fail "stays.service is not active after a clean exit: $(ctl list | grep stays)"
assert "not stopped on its own" test ! -e "$T/stop" -a ! -e "$T/post"
assert_eq "started once, no restart" 1 "$(grep -c "'stays.service': inactive -> starting" "$T/p1.log")"
ctl stop stays.service >/dev/null
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^stays.service  *inactive'" ||
	fail "stays.service did not stop: $(ctl list | grep stays)"
assert "ExecStop ran at the stop" test -e "$T/stop"
assert "ExecStopPost ran at the stop" test -e "$T/post"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
