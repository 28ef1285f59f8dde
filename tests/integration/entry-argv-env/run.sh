#!/usr/bin/env bash
# argv and the environment reach the command byte for byte: spaces,
# quotes, empty strings, globs, leading dashes, newlines and non-ASCII
# (including invalid UTF-8) bytes; no shell in between.
. ../lib.sh
dump=$HELPERS/argdump
[ -x "$dump" ] || fail "missing $dump"

args=(
	"two words" "" "'single'" '"double"' 'back\slash' '$HOME' '*' '-v' '--'
	$'tab\there' $'new\nline' "$(printf 'caf\xc3\xa9')" "$(printf '\xff\xfe bad utf8')"
	"$(printf '\x01\x7f')" "  lead and trail  " "a=b" ""
)
# an environment of our own making: odd names and values, in this order
# (NOTIFY_SOCKET is the one variable tend keeps for itself)
env_list=(
	"PATH=$PATH" "EMPTY=" "SPACES=a b  c" "QUOTES='\"" $'NL=x\ny'
	"UTF=$(printf '\xe2\x82\xac')" "RAW=$(printf '\xff')" "EQ=a=b=c" "lower_case=1"
)

# the env lines of an argdump, without "_=" and NOTIFY_SOCKET=
strip_env() {
	grep '^env ' "$1" | grep -v -e '^env 5f3d' -e "^env $(hex NOTIFY_SOCKET=)" || true
}

hex() {
	printf %s "$1" | od -An -tx1 | tr -d ' \n'
}

case_argv() {
	local m=$1
	env -i "${env_list[@]}" "$dump" "${args[@]}" >"$T/direct"
	run_tend "$m" -- env -i "${env_list[@]}" "$TEND" -- "$dump" "${args[@]}"
	# the outer env -i runs tend itself in the clean environment
	assert_eq "$m: status" 0 "$RC"
	[ -s "$T/direct" ] || fail "argdump printed nothing"
	assert "$m: argv/env differ:$(diff "$T/direct" "$T/out")" cmp -s "$T/direct" "$T/out"
	assert_eq "$m: argc" "argc $((${#args[@]} + 1))" "$(head -n 1 "$T/out")"
	# the caller's full environment passes too (bash sets "_" per command)
	"$dump" >"$T/direct2"
	run_tend "$m" -- "$dump"
	strip_env "$T/direct2" >"$T/e1"
	strip_env "$T/out" >"$T/e2"
	[ "$(lines "$T/e1")" -gt 3 ] || fail "too few variables to compare"
	assert "$m: inherited environment differs:$(diff "$T/e1" "$T/e2")" cmp -s "$T/e1" "$T/e2"
}

for_modes case_argv
