# Helpers for the process-attribute cases (attr-*): source after cd into
# the case directory.  Services are found on the host by a unique sleep.
. ../svc-lib.sh
M=$((RANDOM % 9000 + 1000))	# marks this case's processes: sleep $M.N

# svc_pid N: host pid of the process running "sleep $M.N"
svc_pid() {
	local p
	p=$(pgrep -f "sleep $M\.$1\$" | head -n 1)
	[ -n "$p" ] && echo "$p"
}

# wait_svc N: wait until "sleep $M.N" runs, print its host pid
wait_svc() {
	retry 10 svc_pid "$1" >/dev/null || fail "no process 'sleep $M.$1'; log:
$(tail -n 30 "$T/p1.log")"
	svc_pid "$1"
}

# status_of PID FIELD: a field of /proc/PID/status
status_of() {
	awk -v f="$2:" '$1 == f { $1 = ""; sub(/^[ \t]+/, ""); print; exit }' "/proc/$1/status"
}

# V2: where the cgroup2 hierarchy is, /sys/fs/cgroup/unified on a hybrid
# host, /sys/fs/cgroup on a pure v2 one; empty without one.
V2=
if [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
	V2=/sys/fs/cgroup/unified
elif [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ]; then
	V2=/sys/fs/cgroup
fi

# hier_path H: the mount point of hierarchy H (a v1 controller, or unified)
hier_path() {
	if [ "$1" = unified ]; then echo "$V2"; else echo "/sys/fs/cgroup/$1"; fi
}

# cg_enter: run this case, and so tend, in a cgroup of its own in every
# hierarchy, so that tend's <own>/tend/<unit> can't meet another tend's.
# Not on a pure v2 host: there this shell's cgroup would be tend's, and a
# v2 cgroup that holds a process can't pass controllers down, so limits
# (TasksMax= of a fork bomb...) would not apply.  attr-cgroup2 sets up
# its own v2 tree; tests/vm checks v2 with tend as the init.
CG_DIRS=()
cg_enter() {
	local h own dir mnt
	[ "$V2" = /sys/fs/cgroup ] &&
		skip "pure cgroup v2 host: this case needs the v1 or hybrid layout (attr-cgroup2 and tests/vm check v2)"
	for h in cpu cpuacct memory pids unified; do
		mnt=$(hier_path "$h")
		[ -n "$mnt" ] && [ -e "$mnt/cgroup.procs" ] || continue
		if [ "$h" = unified ]; then
			own=$(awk -F: '$1 == "0" { print $3 }' /proc/self/cgroup)
		else
			own=$(awk -F: -v h="$h" '{ n = split($2, c, ","); for (i = 1; i <= n; i++) if (c[i] == h) print $3 }' /proc/self/cgroup)
		fi
		dir="$mnt${own%/}/tend-it.$M.$$"
		mkdir "$dir" 2>/dev/null || continue
		# RT_GROUP_SCHED: a new cpu cgroup has no real-time budget; give ours one
		[ -e "$dir/cpu.rt_runtime_us" ] && { echo 100000 >"$dir/cpu.rt_runtime_us" || true; }
		echo $$ >"$dir/cgroup.procs" || { rmdir "$dir"; continue; }
		CG_DIRS+=("$dir")
	done
	[ ${#CG_DIRS[@]} -gt 0 ] || skip "no writable cgroup hierarchy"
}

# cg_dir H UNIT: the unit's cgroup directory in hierarchy H; tend's base
# below our cgroup is "tend" or, in a PID namespace, "tend.<inode>"
cg_dir() {
	local d b
	for d in "${CG_DIRS[@]}"; do
		case $d in "$(hier_path "$1")/"*) ;; *) continue ;; esac
		retry 5 sh -c "ls -d '$d'/tend* >/dev/null 2>&1" || true
		b=$(ls -d "$d"/tend* 2>/dev/null | head -n 1)
		echo "${b:-$d/tend}/$2"
		return
	done
}

# rm_cg DIR: remove a cgroup tree; false while processes still leave it
rm_cg() {
	[ ! -d "$1" ] && return 0
	find "$1" -depth -type d -exec rmdir {} + 2>/dev/null
	[ ! -d "$1" ]
}

cg_leave() {
	local d
	for d in "${CG_DIRS[@]}"; do
		echo $$ >"$(dirname "$d")/cgroup.procs" 2>/dev/null || true
		retry 5 rm_cg "$d" || echo "warning: cgroup $d not removed" >&2
	done
	CG_DIRS=()
}

eval "$(declare -f cleanup_case | sed '1s/cleanup_case/p1_cleanup_case/')"
cleanup_case() {
	p1_cleanup_case
	cg_leave
}
