#!/usr/bin/env bash
# cgroup v2 as tend sees it on a pure v2 machine: a cgroup2 hierarchy
# mounted on /sys/fs/cgroup in a private mount namespace.  Units are
# placed with CLONE_INTO_CGROUP, a double-forked daemon dies through
# cgroup.kill, the cgroup goes away after the stop.
#
# The limits (cpu.max, memory.max, pids.max) are checked wherever the v2
# hierarchy has the cpu, memory and pids controllers.  Where they are
# bound to v1 hierarchies (a hybrid host: /proc/cgroups gives them a
# hierarchy id) the kernel can't move them to v2 while v1 uses them, so
# there the case checks tend's warning instead, and tests/vm checks the
# v2 values.  It skips only where no cgroup2 hierarchy is writable.
. ../attr-lib.sh
grep -q cgroup2 /proc/filesystems || skip "no cgroup2 in this kernel"
[ -n "$V2" ] || skip "no cgroup2 hierarchy mounted (/sys/fs/cgroup/unified or /sys/fs/cgroup)"

# in_v1 CTRL: the controller is bound to a v1 hierarchy
in_v1() {
	awk -v c="$1" '$1 == c && $2 != 0 { f = 1 } END { exit !f }' /proc/cgroups
}
limits=yes
for c in cpu memory pids; do
	in_v1 "$c" && limits=
	if [ -n "$limits" ] && ! grep -qw "$c" "$V2/cgroup.controllers"; then
		fail "controller $c is in no v1 hierarchy, yet not in $V2/cgroup.controllers"
	fi
done

if [ -n "$limits" ]; then
	# A cgroup that passes controllers down may hold no process (the v2
	# rule), and our own cgroup holds this shell and its parents: the box
	# hangs off the root, the shell waits in box/sh, tend runs alone in
	# box/p1 and moves itself below that, as it does in any cgroup.
	box="$V2/tend-it.$M.$$"
	mkdir "$box" "$box/sh" "$box/p1" || skip "no writable cgroup2 hierarchy: mkdir $box failed"
	CG_DIRS+=("$box")
	for c in cpu memory pids; do
		grep -qw "$c" "$V2/cgroup.subtree_control" || echo "+$c" >"$V2/cgroup.subtree_control" ||
			fail "can't enable $c below the root of $V2"
		echo "+$c" >"$box/cgroup.subtree_control" || fail "can't enable $c in $box"
	done
	echo $$ >"$box/sh/cgroup.procs"
	p1_cg="${box#"$V2"}/p1"
else
	cg_enter
	p1_cg=
fi
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
# tend in a mount namespace whose /sys/fs/cgroup is the cgroup2 tree (in
# p1_cg, when set: tend there alone)
start_p1_v2() {
	unshare --mount --propagation private sh -c '
		mount -t cgroup2 cgroup2 /sys/fs/cgroup || exit 99
		p1_cg=$1
		shift
		exec unshare --pid --fork --mount-proc --kill-child sh -c "
			[ -z \"$p1_cg\" ] || echo 0 >/sys/fs/cgroup$p1_cg/cgroup.procs || exit 98
			exec \"\$@\"" sh "$@"' sh "$p1_cg" \
		"$TEND" --runtime-dir "$T/run" --units "$U" >"$T/p1.log" 2>&1 &
	P1_PID=$!
}
start_p1_v2
p=$(wait_svc 1)
own=$(awk -F: '$1 == "0" { print $3 }' "/proc/$(p1_host_pid)/cgroup")
own=${own%/supervisor}	# tend moved itself there to pass controllers down
grep -q "^0::$own/tend[^/]*/lim.service\$" "/proc/$p/cgroup" ||
	fail "lim.service not in its v2 cgroup below $own: $(cat "/proc/$p/cgroup")"
d=$(ls -d "$V2$own"/tend*/lim.service | head -n 1)
if [ -n "$limits" ]; then
	assert_eq "cpu.max" "20000 100000" "$(cat "$d/cpu.max")"
	assert_eq "memory.max" 67108864 "$(cat "$d/memory.max")"
	assert_eq "pids.max" 20 "$(cat "$d/pids.max")"
	log_has "'lim.service': runs without its cgroup limits" && fail "limits refused: $(
		grep "without its cgroup limits" "$T/p1.log")"
else
	echo "cpu, memory, pids are bound to v1 here: checking the warning (tests/vm checks v2 values)"
	wait_log 5 "'lim.service': runs without its cgroup limits: cpu.max: controller not available"
	[ ! -e "$d/cpu.max" ] || fail "$d/cpu.max exists, yet cpu is bound to v1"
fi
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
