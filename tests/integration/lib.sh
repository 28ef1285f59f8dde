# Shared helpers for integration cases; source it from run.sh.
# Every case runs with set -eu; a failed assert exits 1 with a message.
set -eu
: "${TEND:?run through tests/integration/run-all.sh}"
T=$(mktemp -d /tmp/tend-it.XXXXXX)
trap 'rc=$?; cleanup_case; rm -rf "$T"; exit $rc' EXIT
P1_PID=

cleanup_case() {
	if [ -n "$P1_PID" ] && kill -0 "$P1_PID" 2>/dev/null; then
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
