#!/usr/bin/env bash
# A stop when the unit has no main process (here a oneshot with
# RemainAfterExit=yes whose ExecStart= left a daemon behind), as systemd's
# KillMode=control-group: KillSignal= (then SIGCONT) goes to every process
# left in the unit's cgroup, tend waits for the cgroup to empty, and only
# after TimeoutStopSec= sends SIGKILL.  KillMode=process leaves them alone.
# In a stop, what the main process left is waited for before ExecStopPost=,
# which has a TimeoutStopSec= of its own, as systemd's stop-post.
# setsid.service's daemon leaves the unit's process group: only the cgroup
# finds it, so that part needs units with a cgroup; the others stay in
# the group, tend's way to a unit's processes without cgroups.
. ../svc-lib.sh
M="leftover.$$"	# in every daemon's command line: pgrep finds ours
# daemon NAME TRAP [TimeoutStopSec [KillMode [setsid]]]: a oneshot whose
# ExecStart= leaves "sh -c TRAP; loop" behind
daemon() {
	unit "$1.service" <<E
[Service]
Type=oneshot
RemainAfterExit=yes
TimeoutStopSec=${3:-10s}
KillMode=${4:-control-group}
ExecStart=/bin/sh -c "${5:-} sh -c '$2; touch $T/$1.up; while :; do sleep 0.1; done; : $1.$M' >/dev/null 2>&1 &"
E
}
catch() { echo "trap \\\"echo got TERM >$T/$1; exit 0\\\" TERM"; }
daemon term "$(catch term)"
daemon setsid "$(catch setsid)" 10s control-group setsid
daemon stubborn 'trap \"\" TERM' 1s
daemon keep "$(catch keep)" 10s process
# the main process quits at SIGTERM, its child needs a while: as systemd,
# the child gets its time (TimeoutStopSec=) before ExecStopPost=
unit slow.service <<E
[Service]
ExecStart=/bin/sh -c "sh -c 'trap \\"sleep 0.3; echo done >$T/slow; exit 0\\" TERM; touch $T/slow.up; while :; do sleep 0.1; done; : slow.$M' & exec sleep 1000"
E
# the same with ExecStopPost=: it runs once the child is gone, and it has
# a TimeoutStopSec= of its own (1.5 s + 3 s is past the first 4 s)
unit waitpost.service <<E
[Service]
TimeoutStopSec=4s
ExecStart=/bin/sh -c "sh -c 'trap \\"sleep 1.5; exit 0\\" TERM; echo \$\$\$\$ >$T/waitpost.pid; touch $T/waitpost.up; while :; do sleep 0.05; done; : waitpost.$M' & exec sleep 1000"
ExecStopPost=/bin/sh -c "if grep -q . /proc/\$\$(cat $T/waitpost.pid)/cmdline 2>/dev/null; then echo alive; else echo gone; fi >$T/waitpost.post; sleep 3; echo done >>$T/waitpost.post"
E
start_units --units "$U"
wait_ctl 5
for n in term setsid stubborn keep slow waitpost; do
	retry 5 test -e "$T/$n.up" || fail "$n.service: its daemon did not start"
	wait_log 5 "'$n.service': starting -> running"
done
pid_of() { pgrep -f ": $1.$M" | head -n 1; }

if grep -q "setsid.service" "/proc/$(pid_of setsid)/cgroup" 2>/dev/null; then
	ctl stop setsid.service >/dev/null
	retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^setsid.service  *inactive'" ||
		fail "setsid.service did not stop: $(ctl list | grep setsid)"
	assert "the leftover out of the group got SIGTERM, not SIGKILL" grep -q "got TERM" "$T/setsid"
	assert "the leftover out of the group is gone" test -z "$(pid_of setsid)"
else
	echo "note: units get no cgroup here: setsid.service not checked"
	kill "$(pid_of setsid)"
fi
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

ctl stop slow.service >/dev/null
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^slow.service  *inactive'" ||
	fail "slow.service did not stop: $(ctl list | grep slow)"
assert "the main process's child finished its SIGTERM handler" grep -q done "$T/slow"

ctl stop waitpost.service >/dev/null
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^waitpost.service  *inactive'" ||
	fail "waitpost.service did not stop: $(ctl list | grep waitpost)"
assert_eq "ExecStopPost= after the child, to its end" "gone
done" "$(cat "$T/waitpost.post")"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
