#!/usr/bin/env bash
# Delegate=yes on cgroup v1 (hybrid here): a non-root service owns its
# unit's cgroup in every hierarchy, so it can make a sub-cgroup, move
# into it and set a limit there that bites; without Delegate= the same
# service is refused.  Stopping the unit kills the whole subtree and
# removes every directory of it.  (v2 is checked in the VM test.)
. ../attr-lib.sh
getent passwd nobody >/dev/null || skip "no user 'nobody' on this machine"
[ -d /sys/fs/cgroup/pids ] && [ -d /sys/fs/cgroup/memory ] || skip "no cgroup v1 pids, memory"
cg_enter
chmod 755 "$T"
# For each hierarchy: make sub/, move there; then cap sub/ at one task
# and try to fork.  Prints what worked; runs as nobody.
cat >"$T/sub.sh" <<'S'
pids=
for h in pids memory unified; do
	if [ $h = unified ]; then
		rel=$(awk -F: '$1 == "0" { print $3 }' /proc/self/cgroup)
	else
		rel=$(awk -F: -v h=$h '$2 == h { print $3 }' /proc/self/cgroup)
	fi
	d=/sys/fs/cgroup/$h$rel
	if mkdir "$d/sub" 2>/dev/null && echo $$ >"$d/sub/cgroup.procs" 2>/dev/null; then
		echo "$h: moved"
		[ $h = pids ] && pids=$d/sub
	else
		echo "$h: refused"
	fi
done
# from here on only builtins: the shell itself may not fork
if [ -n "$pids" ] && echo 1 >"$pids/pids.max"; then
	read -r max <"$pids/pids.max"
	echo "pids.max: $max"
fi
if echo 9 2>/dev/null >"${pids%/sub}/pids.max"; then
	echo "parent pids.max: written"
else
	echo "parent pids.max: refused"
fi
# dash gives up on a failed fork; perl reports it
exec perl -e '$|=1; my $p = fork; exit 0 if defined $p && !$p;
	print defined $p ? "fork: allowed\n" : "fork: refused\n"; exec "sleep", $ARGV[0]' "$1"
S
chmod 755 "$T/sub.sh"
unit deleg.service <<E
[Service]
User=nobody
Delegate=yes
TasksMax=50
StandardOutput=file:$T/deleg
StandardError=inherit
ExecStart=/bin/sh $T/sub.sh $M.1
E
unit plain.service <<E
[Service]
User=nobody
TasksMax=50
StandardOutput=file:$T/plain
StandardError=file:/dev/null
ExecStart=/bin/sh $T/sub.sh $M.2
E
start_units --units "$U"
p=$(wait_svc 1) || fail "deleg.service: $(cat "$T/deleg")"
wait_svc 2 >/dev/null
retry 5 grep -q "^fork" "$T/deleg" || fail "deleg.service said: $(cat "$T/deleg")"
assert_eq "Delegate=yes, as nobody" "pids: moved
memory: moved
unified: moved
pids.max: 1
parent pids.max: refused
fork: refused" "$(cat "$T/deleg")"
retry 5 grep -q "^fork" "$T/plain" || fail "plain.service said: $(cat "$T/plain")"
assert_eq "no Delegate=, as nobody" "pids: refused
memory: refused
unified: refused
parent pids.max: refused
fork: allowed" "$(cat "$T/plain")"
for h in pids memory unified; do
	d=$(cg_dir $h deleg.service)
	assert_eq "owner of $d" nobody "$(stat -c %U "$d")"
	assert_eq "owner of $h cgroup.procs" nobody "$(stat -c %U "$d/cgroup.procs")"
	assert_eq "owner of the service's $h sub-cgroup" nobody "$(stat -c %U "$d/sub")"
	grep -qx "$p" "$d/sub/cgroup.procs" || fail "the service is not in $d/sub"
done
assert_eq "owner of the unit's pids.max" root "$(stat -c %U "$(cg_dir pids deleg.service)/pids.max")"
assert_eq "owner of plain.service's cgroup" root "$(stat -c %U "$(cg_dir pids plain.service)")"
ctl stop deleg.service >/dev/null || fail "stop deleg.service"
wait_log 10 "'deleg.service': .*-> inactive"
retry 5 sh -c "! kill -0 $p 2>/dev/null" || fail "the service in its sub-cgroup survived the stop"
for h in pids memory unified; do
	d=$(cg_dir $h deleg.service)
	retry 5 sh -c "! test -d '$d'" || fail "$d not removed after the stop: $(find "$d" -type d)"
done
log_has "deleg.service.*cgroup not removed" && fail "tend could not remove the delegated cgroup"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
# tend leaves no tend.<pid-namespace inode> behind, plain.service's included
for d in "${CG_DIRS[@]}"; do
	left=$(find "$d" -mindepth 1 -maxdepth 1 -type d -name 'tend*')
	[ -z "$left" ] || fail "left behind after tend exited: $left"
done
