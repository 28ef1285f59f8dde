#!/usr/bin/env bash
# A fork bomb inside a unit with TasksMax=40: the unit's cgroup never
# holds more than 40 tasks (pids.current, sampled; pids.events counts the
# refused forks), tend and another unit keep running and answering, and
# stopping the unit kills every process of the bomb.
. ../attr-lib.sh
[ -e /sys/fs/cgroup/pids/cgroup.procs ] || [ -e /sys/fs/cgroup/cgroup.controllers ] ||
	skip "no pids cgroup controller (v1 /sys/fs/cgroup/pids or v2)"
cg_enter
mkfifo "$T/fifo"
# the main shell starts the bomb, then blocks in the builtin read (no fork)
unit bomb.service <<E
[Service]
TasksMax=40
TimeoutStopSec=5s
StandardError=null
ExecStart=/bin/bash -c 'b() { b | b & }; b; read <>$T/fifo'
E
unit steady.service <<E
[Service]
ExecStart=/bin/sleep $M.1
E
start_units --units "$U"
wait_ctl 10
steady=$(wait_svc 1)
if [ -d /sys/fs/cgroup/pids ]; then d=$(cg_dir pids bomb.service); else d=$(cg_dir unified bomb.service); fi
retry 10 test -e "$d/pids.current" || fail "no cgroup $d"
assert_eq "pids.max" 40 "$(cat "$d/pids.max")"
tend=$(p1_host_pid)
limited() { [ "$(awk '$1 == "max" { print $2 }' "$d/pids.events")" -gt 0 ]; }
retry 20 limited || fail "the bomb never hit the limit: $(cat "$d/pids.current") tasks"
peak=0
for i in $(seq 50); do	# sample the bomb for a few seconds
	n=$(cat "$d/pids.current")
	[ "$n" -gt "$peak" ] && peak=$n
	[ "$n" -le 40 ] || fail "unit holds $n tasks, TasksMax=40"
	sleep 0.05
done
procs=$(wc -l <"$d/cgroup.procs")
echo "bomb: peak pids.current $peak, $procs processes, refused forks $(awk '$1 == "max" { print $2 }' "$d/pids.events")"
[ "$procs" -le 40 ] || fail "$procs processes in the unit's cgroup"
kill -0 "$tend" || fail "tend died"
ctl list | grep -q "^steady.service  *running" || fail "steady unit not running"
assert_eq "steady unit untouched" "$steady" "$(svc_pid 1)"
# tend itself can still fork: start a unit while the bomb runs
unit late.service <<E
[Service]
ExecStart=/bin/sleep $M.2
E
ctl reload-units >/dev/null
wait_svc 2 >/dev/null
t0=$(date +%s%N)
ctl stop bomb
stopped() { ! ctl list | grep -q "^bomb.service  *\(running\|stopping\)"; }
retry 30 stopped || fail "bomb still $(ctl list | grep '^bomb') after 30 s"
empty() { [ ! -e "$d/cgroup.procs" ] || [ -z "$(cat "$d/cgroup.procs")" ]; }
retry 10 empty || fail "$(wc -l <"$d/cgroup.procs") bomb processes survived the stop"
echo "stop took $((($(date +%s%N) - t0) / 1000000)) ms"
ctl list | grep "^bomb.service"
[ -z "$(pgrep -f "read <>$T/fifo" || true)" ] || fail "bomb processes left: $(pgrep -f "read <>$T/fifo" | wc -l)"
ctl list | grep -q "^steady.service  *running" || fail "steady unit not running after the stop"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
