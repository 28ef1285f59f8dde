#!/usr/bin/env bash
# clone() fails with EAGAIN: tend runs in a pids cgroup of its own whose
# pids.max is then cut to what already runs.  A restarting unit's spawns
# fail, each with a logged error, at its RestartSec pace (no hot loop);
# a steady unit keeps running, tend keeps answering.  Once the limit is
# lifted the unit runs again, and a unit started during the limit can be
# started.
. ../attr-lib.sh
[ -e /sys/fs/cgroup/pids/cgroup.procs ] || [ -e /sys/fs/cgroup/cgroup.controllers ] ||
	skip "no pids cgroup controller (v1 /sys/fs/cgroup/pids or v2)"
cg_enter
box=
for d in "${CG_DIRS[@]}"; do	# v1 pids, else v2 with pids enabled
	case $d in /sys/fs/cgroup/pids/*) box=$d/box ;; esac
done
for d in "${CG_DIRS[@]}"; do
	case $d in /sys/fs/cgroup/unified/*)
		[ -z "$box" ] && grep -qw pids "$d/cgroup.controllers" && box=$d/box ;;
	esac
done
[ -n "$box" ] || skip "no writable pids cgroup"
mkdir "$box"
[ -e "$box/pids.max" ] || skip "$box has no pids.max (pids controller not enabled there)"
unit crash.service <<E
[Unit]
StartLimitIntervalSec=0
[Service]
Restart=always
RestartSec=200ms
ExecStart=/bin/sleep 0.3
E
unit steady.service <<E
[Service]
ExecStart=/bin/sleep $M.1
E
unit late.service <<E
[Service]
ExecStart=/bin/sleep $M.2
E
# tend and all it spawns in $box: start_units, moved into the cgroup first
( echo "$BASHPID" >"$box/cgroup.procs" &&
	exec unshare --pid --fork --mount-proc --kill-child "$TEND" --runtime-dir "$T/run" --units "$U" ) \
	>"$T/p1.log" 2>&1 &
P1_PID=$!
wait_ctl 10
steady=$(wait_svc 1)
wait_svc 2 >/dev/null
ctl stop late
tend=$(p1_host_pid)
grep -qx "$tend" "$box/cgroup.procs" || fail "tend is not in $box"
wait_log 10 "'crash.service': .*-> auto-restart\|'crash.service': .*-> backoff"
echo 1 >"$box/pids.max"	# fewer than run already: every fork fails
t0=$(date +%s%N)
eagain="'crash.service': .*Resource temporarily unavailable"
wait_log 10 "$eagain"
ctl start late || true	# refused or failed, but answered
sleep 4	# the length of the outage is the point of this test
n=$(grep -c "$eagain" "$T/p1.log")
echo "spawn attempts refused with EAGAIN during ~4 s: $n (RestartSec=200ms)"
[ "$n" -ge 3 ] || fail "tend stopped retrying the spawn: $n attempts"
[ "$n" -le 60 ] || fail "tend retries in a hot loop: $n attempts in 4 s"
kill -0 "$tend" || fail "tend died"
assert_eq "steady unit untouched" "$steady" "$(svc_pid 1)"
ctl list | grep -q "^steady.service  *running" || fail "steady unit: $(ctl list | grep '^steady')"
ctl list | grep "^late.service"
echo "pids.events: $(cat "$box/pids.events")"
echo max >"$box/pids.max"
t1=$(date +%s%N)
r0=$(ctl --json status crash | json_get 'j["units"][0]["restarts"]')
restarted() {
	local r
	r=$(ctl --json status crash | json_get 'j["units"][0]["restarts"]')
	[ "$r" -gt "$r0" ] && grep -q "'crash.service': starting -> running" <(tail -n 5 "$T/p1.log")
}
retry 20 restarted || fail "crash.service did not recover after the limit was lifted; log:
$(tail -n 20 "$T/p1.log")"
echo "crash.service running again $((($(date +%s%N) - t1) / 1000000)) ms after the limit was lifted"
ctl reset-failed late >/dev/null 2>&1 || true
ctl start late
wait_svc 2 >/dev/null
echo "late.service started after the outage"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
