#!/usr/bin/env bash
# cgroup v1 (hybrid here): the limits are written and bite.  CPUQuota=20%
# holds a CPU burner to about a fifth of a core (cpuacct.usage), TasksMax=5
# stops the sixth task, MemoryMax gets an overallocating unit OOM-killed
# and restarted, and a double-forked setsid() daemon dies with its cgroup.
. ../attr-lib.sh
[ -d /sys/fs/cgroup/cpu ] && [ -d /sys/fs/cgroup/cpuacct ] || skip "no cgroup v1 cpu, cpuacct"
cg_enter
unit burn.service <<E
[Service]
CPUQuota=20%
CPUWeight=50
ExecStart=/bin/sh -c 'while :; do :; done'
E
unit tasks.service <<E
[Service]
TasksMax=5
StandardOutput=file:$T/tasks
ExecStart=:/usr/bin/perl -e '\$|=1; for (1..6) { \$p = fork; if (!defined \$p) { print "fork failed: \$!\\n"; last } if (!\$p) { exec "sleep", "$M.9" } \$n++ } print "forked \$n\\n"; exec "sleep", "$M.2"'
E
unit oom.service <<E
[Service]
MemoryMax=32M
Restart=on-failure
RestartSec=200ms
StartLimitBurst=50
ExecStart=:/usr/bin/perl -e 'sleep 1; \$x = "a" x (256 * 1024 * 1024); sleep 1000'
E
unit daemon.service <<E
[Service]
Type=forking
ExecStart=/bin/sh -c 'setsid sh -c "sleep $M.4 & exit 0" </dev/null >/dev/null 2>&1 & sleep 0.2'
E
start_units --units "$U"
d=$(cg_dir cpu burn.service)
retry 5 test -d "$d" || fail "no cgroup $d"
assert_eq "cpu.cfs_quota_us" 20000 "$(cat "$d/cpu.cfs_quota_us")"
assert_eq "cpu.cfs_period_us" 100000 "$(cat "$d/cpu.cfs_period_us")"
assert_eq "cpu.shares (CPUWeight=50)" 512 "$(cat "$d/cpu.shares")"
a=$(cg_dir cpuacct burn.service)
u0=$(cat "$a/cpuacct.usage") t0=$(date +%s%N)
sleep 3
u1=$(cat "$a/cpuacct.usage") t1=$(date +%s%N)
share=$(( (u1 - u0) * 1000 / (t1 - t0) ))	# per mille of one CPU
echo "CPUQuota=20%: measured $share per mille of a core over $(( (t1 - t0) / 1000000 )) ms"
[ "$share" -ge 150 ] && [ "$share" -le 230 ] || fail "CPUQuota=20% used $share per mille"
read -r nr thr < <(awk '$1 == "nr_throttled" { n = $2 } $1 == "throttled_time" { t = $2 } END { print n, t }' "$d/cpu.stat")
[ "$nr" -gt 0 ] || fail "burner never throttled"
p=$(wait_svc 2)
assert_eq "pids.max" 5 "$(cat "$(cg_dir pids tasks.service)/pids.max")"
assert_eq "TasksMax=5: perl and four children" "fork failed: Resource temporarily unavailable
forked 4" "$(cat "$T/tasks")"
assert_eq "TasksMax=5: sleeps running" 4 "$(pgrep -c -f "sleep $M.9\$" || true)"
# between restarts the cgroup is gone: catch it while the unit runs
f=$(cg_dir memory oom.service)/memory.limit_in_bytes
retry 10 sh -c "cat '$f' >'$T/memlim' 2>/dev/null" || fail "no $f"
assert_eq "memory.limit_in_bytes" 33554432 "$(cat "$T/memlim")"
wait_log 20 "'oom.service': process .* killed by signal 9\|'oom.service': process .*SIGKILL"
wait_log 20 "'oom.service': .*-> auto-restart\|'oom.service': .*-> backoff"
p=$(wait_svc 4)
dd=$(cg_dir pids daemon.service)
grep -qx "$p" "$dd/cgroup.procs" || fail "the daemon is not in its unit's cgroup"
"$TENDCTL" -s "$T/run/control.sock" stop daemon.service >/dev/null 2>&1 || true
wait_log 10 "'daemon.service': .*-> inactive"
retry 5 sh -c "! kill -0 $p 2>/dev/null" || fail "the setsid() daemon survived its unit's stop"
retry 5 sh -c "! test -d '$dd'" || fail "cgroup $dd not removed after the stop"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
for h in cpu cpuacct memory pids unified; do
	d=$(cg_dir $h burn.service)
	[ -z "$d" ] || [ ! -d "$d" ] || fail "cgroup $d left behind"
done
