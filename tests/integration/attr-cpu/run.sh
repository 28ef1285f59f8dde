#!/usr/bin/env bash
# CPU placement and policy, I/O class, OOM score and rlimits, each read
# back from what the kernel shows for the running service; bad values
# fail only their own unit.
. ../attr-lib.sh
last=$(($(nproc --all) - 1))
unit place.service <<E
[Service]
ExecStart=/bin/sleep $M.1
CPUAffinity=
CPUAffinity=$last
Nice=7
CPUSchedulingPolicy=batch
IOSchedulingClass=best-effort
IOSchedulingPriority=6
OOMScoreAdjust=345
LimitNOFILE=1000:2000
LimitCORE=infinity
LimitNPROC=300
LimitSTACK=4M:8M
LimitCPU=1h
E
unit fifo.service <<E
[Service]
ExecStart=/bin/sleep $M.2
CPUSchedulingPolicy=fifo
CPUSchedulingPriority=11
CPUSchedulingResetOnFork=yes
IOSchedulingClass=idle
E
unit idle.service <<E
[Service]
ExecStart=/bin/sleep $M.3
CPUSchedulingPolicy=idle
CPUAffinity=0
CPUAffinity=1-$last
IOSchedulingClass=realtime
IOSchedulingPriority=2
E
# a CPU that does not exist: the unit fails at its affinity step
unit badcpu.service <<E
[Service]
ExecStart=/bin/sleep $M.4
CPUAffinity=1000
E
cg_enter
start_units --units "$U"
p=$(wait_svc 1)
assert_eq "Cpus_allowed_list" "$last" "$(status_of "$p" Cpus_allowed_list)"
assert_eq "nice (stat field 19)" 7 "$(cut -d' ' -f19 "/proc/$p/stat")"
chrt -p "$p" | grep -q "policy: SCHED_BATCH" || fail "policy: $(chrt -p "$p")"
assert_eq "ionice" "best-effort: prio 6" "$(ionice -p "$p")"
assert_eq "oom_score_adj" 345 "$(cat "/proc/$p/oom_score_adj")"
lim() { awk -v n="$1" 'index($0, n) == 1 { s = substr($0, 27); split(s, a, / +/); print a[1] ":" a[2] }' "/proc/$p/limits"; }
assert_eq "LimitNOFILE" "1000:2000" "$(lim 'Max open files')"
assert_eq "LimitCORE" "unlimited:unlimited" "$(lim 'Max core file size')"
assert_eq "LimitNPROC" "300:300" "$(lim 'Max processes')"
assert_eq "LimitSTACK" "4194304:8388608" "$(lim 'Max stack size')"
assert_eq "LimitCPU" "3600:3600" "$(lim 'Max cpu time')"
p=$(wait_svc 2)
chrt -p "$p" | grep -q "policy: SCHED_FIFO|SCHED_RESET_ON_FORK" || fail "fifo: $(chrt -p "$p")"
chrt -p "$p" | grep -q "priority: 11" || fail "fifo priority: $(chrt -p "$p")"
assert_eq "ionice idle" "idle" "$(ionice -p "$p")"
p=$(wait_svc 3)
chrt -p "$p" | grep -q "policy: SCHED_IDLE" || fail "idle: $(chrt -p "$p")"
assert_eq "Cpus_allowed_list all" "0-$last" "$(status_of "$p" Cpus_allowed_list)"
assert_eq "ionice realtime" "realtime: prio 2" "$(ionice -p "$p")"
wait_log 10 "'badcpu.service': ExecStart: affinity: Invalid argument"
wait_log 10 "'badcpu.service': .* -> failed"
[ -n "$(svc_pid 1)" ] || fail "a bad unit stopped another"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
