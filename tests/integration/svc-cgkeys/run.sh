#!/usr/bin/env bash
# The cgroup keys the key guard found without a test: CPUQuotaPeriodSec=,
# CPUShares=, MemoryLimit= written to the unit's cgroup v1 files, and
# MemoryHigh=, which v1 has no file for: the unit runs, with the warning
# README promises.  It needs cgroup v1 (the build machines); on a pure
# v2 host it skips, and tests/vm checks the v2 files of CPUQuota=.
. ../attr-lib.sh
[ -d /sys/fs/cgroup/cpu ] && [ -d /sys/fs/cgroup/memory ] || skip "no cgroup v1 cpu and memory hierarchies"
cg_enter
unit period.service <<E
[Service]
CPUQuota=20%
CPUQuotaPeriodSec=50ms
CPUShares=300
MemoryLimit=48M
ExecStart=/bin/sleep $M.1
E
unit high.service <<E
[Service]
MemoryHigh=32M
ExecStart=/bin/sleep $M.2
E
start_units --units "$U"
wait_svc 1 >/dev/null
d=$(cg_dir cpu period.service)
retry 5 test -d "$d" || fail "no cgroup $d"
assert_eq "CPUQuotaPeriodSec=50ms: cpu.cfs_period_us" 50000 "$(cat "$d/cpu.cfs_period_us")"
assert_eq "CPUQuota=20% of that period: cpu.cfs_quota_us" 10000 "$(cat "$d/cpu.cfs_quota_us")"
assert_eq "CPUShares=300: cpu.shares" 300 "$(cat "$d/cpu.shares")"
m=$(cg_dir memory period.service)
assert_eq "MemoryLimit=48M: memory.limit_in_bytes" 50331648 "$(cat "$m/memory.limit_in_bytes")"
wait_svc 2 >/dev/null
wait_log 5 "'high.service': runs without its cgroup limits: MemoryHigh= on cgroup v1"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
