#!/usr/bin/env bash
# tend -u DIR -- CMD: units are ready before CMD; CMD's exit stops them and
# is tend's status; FailureAction=exit ends tend with the unit's status.
. ../svc-lib.sh
unit prep.service <<E
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'sleep 0.3; touch $T/prepared'
ExecStop=/bin/sh -c 'touch $T/unprepared'
E
start_units --units "$U" -- /bin/sh -c "test -f $T/prepared && exit 7; exit 1"
wait_p1
assert_eq "CMD's status" 7 "$P1_RC"
assert "units stopped after CMD" test -f "$T/unprepared"

rm -f "$U"/*
unit essential.service <<E
[Unit]
FailureAction=exit
[Service]
ExecStart=/bin/sh -c 'sleep 0.3; exit 3'
E
start_units --units "$U" -- /bin/sleep 1000
wait_p1
assert_eq "FailureAction=exit status" 3 "$P1_RC"

# a signal to tend goes to CMD, whose death by it is 128+S
rm -f "$U"/*
unit side.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U" -- /bin/sleep 1000
wait_log 10 "starting the main command"
kill -TERM "$(p1_host_pid)"
wait_p1
assert_eq "CMD killed by SIGTERM" 143 "$P1_RC"
