#!/usr/bin/env bash
# A stop when the unit has no main process (here a oneshot with
# RemainAfterExit=yes whose ExecStart= left a daemon behind), as systemd's
# KillMode=control-group: KillSignal= (then SIGCONT) goes to every process
# left in the unit's cgroup, tend waits for the cgroup to empty, and only
# after TimeoutStopSec= sends SIGKILL.  KillMode=process leaves them alone.
# The daemons setsid() out of the unit's process group: only the cgroup
# finds them, so the case skips where units get no cgroup.
. ../svc-lib.sh
M="leftover.$$"	# in every daemon's command line: pgrep finds ours
# daemon NAME TRAP: a oneshot whose ExecStart= leaves "sh -c TRAP; loop"
daemon() {
	unit "$1.service" <<E
[Service]
Type=oneshot
RemainAfterExit=yes
TimeoutStopSec=${3:-10s}
KillMode=${4:-control-group}
ExecStart=/bin/sh -c "setsid sh -c '$2; touch $T/$1.up; while :; do sleep 0.1; done; : $1.$M' >/dev/null 2>&1 &"
E
}
daemon term "trap \\\"echo got TERM >$T/term; exit 0\\\" TERM"
daemon stubborn 'trap \"\" TERM' 1s
daemon keep "trap \\\"echo got TERM >$T/keep; exit 0\\\" TERM" 10s process
start_units --units "$U"
wait_ctl 5
for n in term stubborn keep; do
	retry 5 test -e "$T/$n.up" || fail "$n.service: its daemon did not start"
	wait_log 5 "'$n.service': starting -> running"
done
pid_of() { pgrep -f ": $1.$M" | head -n 1; }
grep -q "term.service" "/proc/$(pid_of term)/cgroup" 2>/dev/null ||
	skip "units get no cgroup here: $(cat "/proc/$(pid_of term)/cgroup" 2>&1 | tr '\n' ' ')"

ctl stop term.service >/dev/null
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^term.service  *inactive'" ||
	fail "term.service did not stop: $(ctl list | grep term)"
assert "the leftover got SIGTERM (it wrote $T/term), not SIGKILL" grep -q "got TERM" "$T/term"
assert "the leftover is gone" test -z "$(pid_of term)"

t0=$(date +%s%N)
ctl stop stubborn.service >/dev/null
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^stubborn.service  *inactive'" ||
	fail "stubborn.service did not stop: $(ctl list | grep stubborn)"
ms=$((($(date +%s%N) - t0) / 1000000))
wait_log 2 "'stubborn.service': stop timed out: sending SIGKILL"
assert "the TERM-ignoring leftover got TimeoutStopSec=1s before SIGKILL (took $ms ms)" \
	test "$ms" -ge 900
assert "the TERM-ignoring leftover is gone" test -z "$(pid_of stubborn)"

ctl stop keep.service >/dev/null
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^keep.service  *inactive'" ||
	fail "keep.service did not stop: $(ctl list | grep keep)"
assert "KillMode=process: the leftover got no signal" test ! -e "$T/keep"
assert "KillMode=process: the leftover runs on" test -n "$(pid_of keep)"
kill "$(pid_of keep)"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
