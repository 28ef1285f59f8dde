#!/usr/bin/env bash
# A unit that ignores SIGTERM gets SIGKILL after TimeoutStopSec; the whole
# process group goes; tend exits 0.
. ../svc-lib.sh
unit stubborn.service <<E
[Service]
TimeoutStopSec=500ms
ExecStart=/bin/sh -c 'trap "" TERM; sleep 1000 & echo \$! >$T/child; trap "" TERM; while :; do sleep 1; done'
E
start_units --units "$U"
wait_log 10 "'stubborn.service': starting -> running"
retry 5 test -s "$T/child" || fail "no child pid"
child=$(cat "$T/child")
start=$(date +%s%N)
stop_p1 TERM
took=$((($(date +%s%N) - start) / 1000000))
assert_eq "exit status" 0 "$P1_RC"
assert "escalated to SIGKILL" log_has "stop timed out: sending SIGKILL"
[ "$took" -ge 450 ] || fail "stopped after ${took} ms, before the 500 ms timeout"
# the child ignores SIGTERM too (inherited SIG_IGN): had the unit's stop not
# killed its whole process group, tend's final sweep would sit out its 5 s
# grace period before SIGKILL
[ "$took" -lt 3000 ] || fail "stop took ${took} ms: the group was not killed"
