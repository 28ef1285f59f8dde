#!/usr/bin/env bash
# CPUQuota= with CPUSchedulingPolicy=fifo|rr on cgroup v1: CFS bandwidth
# does not bind a real-time process, so the unit's cpu cgroup also gets a
# real-time budget (cpu.rt_runtime_us = quota x cpu.rt_period_us) and the
# process runs in it, under both limits; where tend's cgroup has not the
# budget to give, the start is refused with the reason, never run unlimited.
. ../attr-lib.sh
[ "$(id -u)" = 0 ] || skip "needs root for cgroups"
[ -e /sys/fs/cgroup/cpu/cpu.rt_runtime_us ] ||
	skip "no cgroup v1 cpu controller with RT_GROUP_SCHED here"
cg_enter
cpu=
for d in "${CG_DIRS[@]}"; do case $d in /sys/fs/cgroup/cpu/*) cpu=$d ;; esac; done
[ -n "$cpu" ] || skip "the cpu hierarchy is not writable"
[ "$(cat "$cpu/cpu.rt_runtime_us")" = 100000 ] || skip "no real-time budget for this case's cgroup"
unit rtq.service <<E
[Service]
ExecStart=/bin/sleep $M.1
CPUSchedulingPolicy=fifo
CPUSchedulingPriority=5
CPUQuota=5%
E
unit rrq.service <<E
[Service]
ExecStart=/bin/sleep $M.2
CPUSchedulingPolicy=rr
CPUQuota=3%
E
# 20% of a CPU is 200000 µs per second: more than this case's cgroup has
unit big.service <<E
[Service]
ExecStart=/bin/sleep $M.3
CPUSchedulingPolicy=fifo
CPUQuota=20%
E
start_units --units "$U"
p=$(wait_svc 1)
chrt -p "$p" | grep -q "policy: SCHED_FIFO" || fail "policy: $(chrt -p "$p")"
dir=$(cg_dir cpu rtq.service)
grep -q "^[0-9]*:cpu:.*/rtq.service\$" "/proc/$p/cgroup" ||
	fail "the real-time unit is not in its cpu cgroup: $(cat "/proc/$p/cgroup")"
assert_eq "CFS quota" 5000 "$(cat "$dir/cpu.cfs_quota_us")"
assert_eq "real-time budget" 50000 "$(cat "$dir/cpu.rt_runtime_us")"
p=$(wait_svc 2)
chrt -p "$p" | grep -q "policy: SCHED_RR" || fail "policy: $(chrt -p "$p")"
assert_eq "rr: real-time budget" 30000 "$(cat "$(cg_dir cpu rrq.service)/cpu.rt_runtime_us")"
base=$(dirname "$dir")
[ "$(cat "$base/cpu.rt_runtime_us")" -ge 80000 ] ||
	fail "tend's dir holds $(cat "$base/cpu.rt_runtime_us") µs, its units 80000"
wait_log 10 "'big.service': ExecStart: cgroup: tend's cgroup can't give 200000 µs more real-time per 1000000 µs (it has 100000 µs per 1000000 µs"
svc_pid 3 >/dev/null && fail "the unit that can't have its budget runs anyway"
# a restart reuses the budget the last run left in tend's dir
old=$(wait_svc 1)
ctl restart rtq.service
retry 10 sh -c "p=\$(pgrep -f 'sleep $M\.1\$' | head -n 1); [ -n \"\$p\" ] && [ \"\$p\" != $old ]" ||
	fail "rtq.service did not come back after restart: $(tail -n 20 "$T/p1.log")"
p=$(wait_svc 1)
chrt -p "$p" | grep -q "policy: SCHED_FIFO" || fail "after restart: $(chrt -p "$p")"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
