#!/usr/bin/env bash
# Run entrypoint scenarios with tend under valgrind's memcheck and fail on
# any error or definite leak: normal exits, a missing and a non-executable
# command, signal forwarding, orphan reaping, and the grace period; then a
# supervising tend through VG_RESTARTS (10,000) restarts and a reload.
set -u
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
# valgrind needs a dynamically linked tend to see malloc: `make valgrind`
# builds one with STATIC=0 and passes it as TEND.
TEND=${TEND:-$BUILD/tend}
H=$BUILD/helpers
T=$(mktemp -d /tmp/tend-vg.XXXXXX)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

if ! command -v valgrind >/dev/null; then
	echo "valgrind: not installed (apt-get install valgrind); nothing checked"
	echo "valgrind: 0 passed, 1 failed"
	exit 1
fi
VG=(valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
	--track-fds=no -q)

# scenario NAME EXPECTED-STATUS COMMAND...: run one, under a hard timeout
scenario() {
	local name=$1 want=$2 rc
	shift 2
	timeout -k 5 120 "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	result "$name" "$want" "$rc"
}

result() {
	local name=$1 want=$2 rc=$3
	if [ "$rc" = "$want" ] && ! grep -q '^==[0-9]*==' "$T/err"; then
		pass=$((pass + 1))
		echo "ok   $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name: status $rc, expected $want"
		sed 's/^/    /' "$T/err" | tail -n 40
	fi
}

wait_for() {
	for _ in $(seq 1 1000); do
		eval "$1" && return 0
		sleep 0.02
	done
	return 1
}

# signal forwarding: tend is the valgrind process itself.  No SIGSEGV and
# no 64 here: valgrind keeps a sent SIGSEGV and SIGRTMAX (its SIGVGKILL) for
# itself; entry-signals covers those without valgrind.
forward() {
	local r=$T/rec rc pid kid="" missed=""
	rm -f "$r"
	"${VG[@]}" "$TEND" -- "$H/sigrec" "$r" 50 >"$T/out" 2>"$T/err" </dev/null &
	pid=$!
	if wait_for "grep -q '^ready' '$r' 2>/dev/null"; then
		kid=$(pgrep -P "$pid" | head -n 1)
		for s in 1 10 12 15 28 35 36; do
			kill -s "$s" "$pid"
			wait_for "grep -q '^$s ' '$r'" || missed="$missed $s"
		done
		kill -s 50 "$pid"
	else
		missed=" all (recorder never ready)"
		kill -KILL "$pid"
	fi
	wait "$pid"
	rc=$?
	# if tend died, the recorder was orphaned: don't leave it behind
	[ "$rc" = 0 ] || [ -z "$kid" ] || kill -KILL "$kid" 2>/dev/null
	[ -z "$missed" ] || rc="$rc, signals not forwarded:$missed"
	result "signal forwarding" 0 "$rc"
}

new_running() {
	"${ctl[@]}" status new 2>/dev/null | grep -q running
}

# A supervising tend: VG_UNITS (4) units restarting at once until they
# have restarted VG_RESTARTS times in all, then a reload that changes, adds
# and removes units, then SIGTERM.  Memory leaks per restart or per reload
# would show here.  Several units, because under valgrind each spawn is a
# real fork() of a large process (valgrind turns a vfork-style clone into
# one): they keep both CPUs busy (10,000 restarts: 280-292 s, one unit 349).
restarts() {
	local d=$T/rs want=${VG_RESTARTS:-10000} units=${VG_UNITS:-4} n=0 rc pid t0 ctl i
	mkdir -p "$d/units"
	ctl=("$BUILD/tendctl" -s "$d/run/control.sock")
	for i in $(seq "$units"); do
		printf '[Unit]\nStartLimitIntervalSec=0\n[Service]\nExecStart=/bin/true\nRestart=always\nRestartSec=0\n' \
			>"$d/units/bounce$i.service"
	done
	printf '[Service]\nExecStart=/bin/sleep 1000\n' >"$d/units/idle.service"
	printf '[Service]\nExecStart=/bin/sleep 1000\n' >"$d/units/gone.service"
	t0=$(date +%s)
	"${VG[@]}" "$TEND" -q --runtime-dir "$d/run" -u "$d/units" >"$T/out" 2>"$T/err" </dev/null &
	pid=$!
	while [ "$n" -lt "$want" ] && kill -0 "$pid" 2>/dev/null &&
		[ $(($(date +%s) - t0)) -lt 1800 ]; do
		sleep 1
		n=$("${ctl[@]}" --json status 2>/dev/null | grep -o '"restarts":[0-9]*' |
			awk -F: '{ s += $2 } END { print s + 0 }')
	done
	printf '[Service]\nExecStart=/bin/sleep 1001\n' >"$d/units/idle.service"
	printf '[Service]\nExecStart=/bin/sleep 1000\n' >"$d/units/new.service"
	rm "$d/units/gone.service"
	"${ctl[@]}" reload-units >"$T/reload" 2>&1 || echo "vgtest: reload-units failed" >>"$T/err"
	wait_for new_running || echo "vgtest: new.service not running after the reload" >>"$T/err"
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	echo "     $n restarts of $units units and a reload in $(($(date +%s) - t0)) s under valgrind"
	[ "$n" -ge "$want" ] || rc="$rc, only $n restarts"
	grep -q "^vgtest:" "$T/err" && rc="$rc, see below"
	result "$want restarts and a reload, supervising" 0 "$rc"
}

printf 'no #! line\n' >"$T/noexec"
chmod 755 "$T/noexec"
scenario "exit 0" 0 "${VG[@]}" "$TEND" -- true
scenario "exit 3" 3 "${VG[@]}" "$TEND" -- sh -c 'exit 3'
scenario "killed by SIGTERM" 143 "${VG[@]}" "$TEND" -- sh -c 'kill -TERM $$'
scenario "missing command" 127 "${VG[@]}" "$TEND" -- /nonexistent/command
scenario "exec format error" 126 "${VG[@]}" "$TEND" -- "$T/noexec"
scenario "usage error" 2 "${VG[@]}" "$TEND" --bogus
forward
scenario "500 orphans" 0 "${VG[@]}" "$TEND" -- "$H/orphans" 500 60
scenario "grace: leftover ignores SIGTERM" 4 "${VG[@]}" "$TEND" --grace 0.5 -- \
	"$H/leftover" ignore 4 "$T/left"
scenario "grace: leftover honours SIGTERM" 5 "${VG[@]}" "$TEND" -- \
	"$H/leftover" honour 5 "$T/left2"
scenario "as PID 1: orphans and grace" 6 unshare --pid --fork --mount-proc --kill-child \
	"${VG[@]}" "$TEND" --grace 0.5 -- sh -c "'$H/orphans' 200 60 >/dev/null &&
		'$H/leftover' ignore 6 '$T/left3'"
restarts
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
