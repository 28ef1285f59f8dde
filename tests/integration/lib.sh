# Shared helpers for integration cases; source it from run.sh.
# Every case runs with set -eu; a failed assert exits 1 with a message.
set -eu
: "${TEND:?run through tests/integration/run-all.sh}"
T=$(mktemp -d /tmp/tend-it.XXXXXX)
trap 'rc=$?; cleanup_case; rm -rf "$T"; exit $rc' EXIT
# set -e ends a case silently: say which command did it
set -E
trap 'echo "FAIL: line $LINENO: \"$BASH_COMMAND\" returned $?" >&2' ERR
# run-all.sh's timeout sends TERM: say where tend had got to (the units'
# lines, not the targets')
on_term() {
	echo "TERM: the case ran out of time; the end of tend's log:" >&2
	grep -v "target'" "$T/p1.log" 2>/dev/null | tail -n 38 >&2 || true
	exit 124
}
trap on_term TERM
P1_PID=

cleanup_case() {
	if [ -n "$P1_PID" ] && kill -0 "$P1_PID" 2>/dev/null; then
		# a plain tend's command and leftovers would outlive it: kill them all
		if [ "$(type -t kill_tree)" = function ]; then
			kill_tree "$P1_PID"
		fi
		kill -KILL "$P1_PID" 2>/dev/null || true
		wait "$P1_PID" 2>/dev/null || true
	fi
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "skip: $*"
	exit 77
}

# assert DESCRIPTION COMMAND...: run COMMAND, fail with DESCRIPTION if it fails.
assert() {
	local what=$1
	shift
	"$@" || fail "$what (command: $*)"
}

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# retry SECONDS COMMAND...: poll until COMMAND succeeds or the deadline passes.
retry() {
	local limit=$1 end
	shift
	end=$(($(date +%s%N) + limit * 1000000000))
	until "$@"; do
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		sleep 0.02
	done
}

# start_p1 ARGS...: tend as PID 1 of a fresh PID namespace, in the background.
# Its stdout/stderr go to $T/p1.log; P1_PID is the unshare process.
start_p1() {
	unshare --pid --fork --mount-proc --kill-child "$TEND" "$@" >"$T/p1.log" 2>&1 &
	P1_PID=$!
}

# wait_p1: wait for the namespace to end; sets P1_RC.
wait_p1() {
	P1_RC=0
	wait "$P1_PID" || P1_RC=$?
	P1_PID=
}

# the host pid of tend running as PID 1 under unshare (its only child)
p1_host_pid() {
	pgrep -P "$P1_PID" -x tend | head -n 1
}

# ---- running tend in either mode ----
# Every entrypoint case runs twice: "p1", tend as PID 1 of a fresh PID
# namespace, and "sub", tend as a plain process (a subreaper by itself).
MODES=${MODES:-p1 sub}
TEND_PID=
BG_PID=

# tend_cmd MODE: the words that start tend in that mode.
tend_cmd() {
	case $1 in
	p1) echo unshare --pid --fork --mount-proc --kill-child "$TEND" ;;
	sub) echo "$TEND" ;;
	*) fail "unknown mode $1" ;;
	esac
}

# run_tend MODE ARGS...: run tend in the foreground; stdout in $T/out,
# stderr in $T/err, exit status in RC, wall time in ms in TOOK_MS.
run_tend() {
	local mode=$1 t0
	shift
	t0=$(date +%s%N)
	RC=0
	$(tend_cmd "$mode") "$@" >"$T/out" 2>"$T/err" </dev/null || RC=$?
	TOOK_MS=$((($(date +%s%N) - t0) / 1000000))
}

# start_tend MODE ARGS...: tend in the background (stdin /dev/null); sets
# BG_PID (what the shell waits for) and TEND_PID (tend's pid as seen here).
start_tend() {
	local mode=$1
	shift
	$(tend_cmd "$mode") "$@" >"$T/out" 2>"$T/err" </dev/null &
	BG_PID=$!
	P1_PID=$BG_PID		# cleanup_case kills it if the case fails
	if [ "$mode" = p1 ]; then
		retry 5 bg_child_tend || fail "tend did not start under unshare"
		TEND_PID=$(pgrep -P "$BG_PID" -x tend | head -n 1)
	else
		TEND_PID=$BG_PID
	fi
	TEND_T0=$(date +%s%N)
}

bg_child_tend() {
	pgrep -P "$BG_PID" -x tend >/dev/null
}

# wait_tend: wait for the background tend; sets RC and TOOK_MS (since start).
wait_tend() {
	RC=0
	wait "$BG_PID" || RC=$?
	TOOK_MS=$((($(date +%s%N) - TEND_T0) / 1000000))
	BG_PID= P1_PID=
}

# the pids of PID's children, one a line
children_of() {
	pgrep -P "$1" || true
}

# main_pid: the host pid of tend's main command (its first child).
main_pid() {
	children_of "$TEND_PID" | head -n 1
}

has_main() {
	[ -n "$(main_pid)" ]
}

# kill_tree PID: SIGKILL PID and every descendant (a failed case's leftovers).
kill_tree() {
	local p
	for p in $(children_of "$1"); do
		kill_tree "$p"
	done
	kill -KILL "$1" 2>/dev/null || true
}

# file_has FILE PATTERN: FILE exists and has a line matching PATTERN (ERE).
file_has() {
	[ -f "$1" ] && grep -Eq -- "$2" "$1"
}

# proc_field PID FIELD: a field of /proc/PID/status ("State", "PPid"...).
proc_field() {
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null
}

# gone PID: PID no longer exists (reaped, not a zombie).
gone() {
	! [ -e "/proc/$1" ]
}

# lines FILE: its number of lines
lines() {
	wc -l <"$1" | tr -d ' '
}

# for_modes FN: run FN MODE for each of $MODES, naming the mode on output.
for_modes() {
	local m
	for m in $MODES; do
		echo "== $m"
		"$1" "$m"
	done
}
