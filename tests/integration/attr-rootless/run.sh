#!/usr/bin/env bash
# tend without privileges (as nobody, --user --map-root-user): cgroups are read-only,
# so a unit with limits says so once and runs; a real-time policy tend may
# not grant fails that unit with a clear step and errno; the rest runs.
. ../attr-lib.sh
unit lim.service <<E
[Service]
CPUQuota=20%
MemoryMax=64M
ExecStart=/bin/sleep $M.1
E
unit fifo.service <<E
[Service]
CPUSchedulingPolicy=fifo
CPUSchedulingPriority=10
ExecStart=/bin/sleep $M.2
E
unit plain.service <<E
[Service]
Nice=3
ExecStart=/bin/sleep $M.3
E
getent passwd nobody >/dev/null || skip "no user 'nobody' on this machine"
command -v setpriv >/dev/null || skip "no setpriv"
mkdir -p "$T/run"
chmod 755 "$T" "$U"
chown nobody "$T/run"
setpriv --reuid nobody --regid "$(id -g nobody)" --clear-groups \
	unshare --user --map-root-user --pid --fork --mount-proc --kill-child \
	"$TEND" --runtime-dir "$T/run" --units "$U" >"$T/p1.log" 2>&1 &
P1_PID=$!
p=$(wait_svc 1)
wait_log 5 "'lim.service': runs without its cgroup limits: "
assert_eq "one warning" 1 "$(grep -c "'lim.service': runs without its cgroup limits" "$T/p1.log")"
wait_log 5 "'fifo.service': ExecStart: sched: Operation not permitted"
wait_log 5 "'fifo.service': .* -> failed"
p=$(wait_svc 3)
assert_eq "nice" 3 "$(cut -d' ' -f19 "/proc/$p/stat")"
[ -n "$(svc_pid 1)" ] || fail "lim.service stopped"
if grep -q "runs without its cgroup limits" "$T/p1.log"; then
	grep "runs without its cgroup limits" "$T/p1.log" | head -n 1
fi
kill -TERM "$(pgrep -f "^$TEND --runtime-dir $T/run" | head -n 1)"
wait_p1
assert_eq "exit status" 0 "$P1_RC"
