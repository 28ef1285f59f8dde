#!/usr/bin/env bash
# cgroup v2 as tend sees it on a pure v2 machine: a cgroup2 hierarchy
# mounted on /sys/fs/cgroup in a private mount namespace.  Units are
# placed with CLONE_INTO_CGROUP, a double-forked daemon dies through
# cgroup.kill, the cgroup goes away after the stop.  The limits
# themselves need the cpu/memory/pids controllers in the v2 tree; a v1
# host keeps them in v1, so then this case checks the clear warning and
# the VM test of the system-mode issue covers the limits.
. ../attr-lib.sh
grep -q cgroup2 /proc/filesystems || skip "no cgroup2 in this kernel"
cg_enter
own=$(awk -F: '$1 == "0" { print $3 }' /proc/self/cgroup)
unit lim.service <<E
[Service]
CPUQuota=20%
MemoryMax=64M
TasksMax=20
ExecStart=/bin/sleep $M.1
E
unit daemon.service <<E
[Service]
Type=forking
ExecStart=/bin/sh -c 'setsid sh -c "sleep $M.2 & exit 0" </dev/null >/dev/null 2>&1 & sleep 0.2'
E
# tend in a mount namespace whose /sys/fs/cgroup is the cgroup2 tree
start_p1_v2() {
	unshare --mount --propagation private sh -c '
		mount -t cgroup2 cgroup2 /sys/fs/cgroup || exit 99
		exec unshare --pid --fork --mount-proc --kill-child "$@"' sh \
		"$TEND" --runtime-dir "$T/run" --units "$U" >"$T/p1.log" 2>&1 &
	P1_PID=$!
}
start_p1_v2
p=$(wait_svc 1)
ctrl=$(cat "/sys/fs/cgroup/unified$own/cgroup.controllers")
grep -q "^0::$own/tend[^/]*/lim.service\$" "/proc/$p/cgroup" || fail "lim.service not in its v2 cgroup: $(cat "/proc/$p/cgroup")"
d=$(dirname "$(cg_dir unified lim.service)")
d=$(ls -d "$d"*/lim.service | head -n 1)
case " $ctrl " in
*" cpu "*)
	assert_eq "cpu.max" "20000 100000" "$(cat "$d/cpu.max")"
	assert_eq "memory.max" 67108864 "$(cat "$d/memory.max")"
	assert_eq "pids.max" 20 "$(cat "$d/pids.max")"
	;;
*)
	echo "v2 controllers here: '$ctrl' (cpu, memory, pids are bound to v1): limits not checked"
	wait_log 5 "'lim.service': runs without its cgroup limits: cpu.max: controller not available"
	;;
esac
q=$(wait_svc 2)
dd=$(ls -d "$(dirname "$d")"/daemon.service)
grep -qx "$q" "$dd/cgroup.procs" || fail "the daemon is not in its unit's cgroup"
[ -e "$dd/cgroup.kill" ] || echo "no cgroup.kill: killed through cgroup.procs"
"$TENDCTL" -s "$T/run/control.sock" stop daemon.service >/dev/null 2>&1 || true
wait_log 10 "'daemon.service': .*-> inactive"
retry 5 sh -c "! kill -0 $q 2>/dev/null" || fail "the setsid() daemon survived its unit's stop"
retry 5 sh -c "! test -d '$dd'" || fail "cgroup $dd not removed after the stop"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
retry 5 sh -c "! test -d '$d'" || fail "cgroup $d left behind"
