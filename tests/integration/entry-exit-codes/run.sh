#!/usr/bin/env bash
# Exit status: the command's code, 128+S for a death by signal S, 127 for a
# command that isn't there, 126 for one that can't be executed; the last
# two with exactly one stderr line naming the command and the errno text.
. ../lib.sh
ulimit -c 0	# SIGSEGV/SIGABRT deaths must not write cores

printf 'just text, no #! line\n' >"$T/noexec-format"
chmod 755 "$T/noexec-format"
printf '#!/nonexistent/interpreter\n' >"$T/bad-interp"
chmod 755 "$T/bad-interp"
printf '#!/bin/sh\nexit 0\n' >"$T/not-x"
chmod 644 "$T/not-x"
mkdir "$T/a-dir"

# expect_code MODE CODE ARGS...
expect_code() {
	local mode=$1 want=$2
	shift 2
	run_tend "$mode" "$@"
	assert_eq "$mode: exit status of tend $*" "$want" "$RC"
}

# expect_error MODE CODE ERRNO-TEXT CMD: one stderr line, naming CMD
expect_error() {
	local mode=$1 want=$2 text=$3 cmd=$4
	run_tend "$mode" -- "$cmd" arg
	assert_eq "$mode: exit status for $cmd" "$want" "$RC"
	assert_eq "$mode: stderr lines for $cmd ($(cat "$T/err"))" 1 "$(lines "$T/err")"
	assert "$mode: stderr names '$cmd': $(cat "$T/err")" grep -qF -- "'$cmd'" "$T/err"
	assert "$mode: stderr says '$text': $(cat "$T/err")" grep -qF -- "$text" "$T/err"
	[ "$TOOK_MS" -lt 5000 ] || fail "$mode: $cmd took $TOOK_MS ms"
}

case_codes() {
	local m=$1 s
	for s in 0 1 3 42 127 200 255; do
		expect_code "$m" "$s" -- sh -c "exit $s"
	done
	expect_code "$m" 0 true
	expect_code "$m" 1 -- false
	# a signal death S is 128+S, real-time signals included
	for s in HUP INT QUIT ABRT KILL SEGV TERM USR1; do
		expect_code "$m" $((128 + $(kill -l "$s"))) -- sh -c "kill -$s \$\$"
	done
	expect_code "$m" $((128 + 36)) -- sh -c 'kill -36 $$'
	expect_code "$m" $((128 + 64)) -- sh -c 'kill -64 $$'
	# the output of a successful command is its own, untouched
	run_tend "$m" -- sh -c 'echo out; echo err >&2; exit 7'
	assert_eq "$m: stdout" out "$(cat "$T/out")"
	assert_eq "$m: stderr" err "$(cat "$T/err")"
	assert_eq "$m: status" 7 "$RC"

	expect_error "$m" 127 "No such file or directory" /nonexistent/cmd
	expect_error "$m" 127 "No such file or directory" no-such-command-tend-test
	expect_error "$m" 127 "No such file or directory" "$T/bad-interp"
	expect_error "$m" 126 "Permission denied" "$T/not-x"
	expect_error "$m" 126 "Permission denied" "$T/a-dir"
	expect_error "$m" 126 "Exec format error" "$T/noexec-format"
}

for_modes case_codes
