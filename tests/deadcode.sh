#!/usr/bin/env bash
# Functions that nothing calls.  tend links with --gc-sections, so an
# unused function costs no byte of the binary and no warning: it hides.
# Link tend and tendctl again printing the sections the linker drops;
# a function of ours dropped from both, and named nowhere in src/*.c,
# tests/unit or tests/fuzz but at its own definition (a use the compiler
# inlined keeps its name in the source), is dead.  Exit 1 listing them,
# unless tests/deadcode-allowed names it with the reason.
#
#   tests/deadcode.sh DAEMON_OBJS... -- CTL_OBJS...   (make deadcode)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-cc}
daemon=() ctl=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do daemon+=("$1"); shift; done
[ $# -gt 0 ] && shift
ctl=("$@")
[ ${#daemon[@]} -gt 0 ] || { echo "usage: $0 DAEMON_OBJS... -- CTL_OBJS..." >&2; exit 2; }

# dropped OBJS... LIBS: "function object" per .text section the linker drops
dropped() {
	local objs=() libs
	while [ "$1" != -- ]; do objs+=("$1"); shift; done
	shift
	libs=$*
	# shellcheck disable=SC2086
	$CC -Wl,--gc-sections -Wl,--print-gc-sections -o /dev/null "${objs[@]}" $libs 2>&1 |
		sed -n "s/.*removing unused section '\.text\.\([A-Za-z0-9_]*\)' in file '\([^']*\)'.*/\1 \2/p" |
		sort -u
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dropped "${daemon[@]}" -- ${LDLIBS:-} >"$tmp/tend"
if [ ${#ctl[@]} -gt 0 ]; then
	dropped "${ctl[@]}" -- >"$tmp/ctl"
else
	: >"$tmp/ctl"
fi
ctl_objs=" ${ctl[*]} " our_objs=" ${daemon[*]} "
dead=()
while read -r fn obj; do
	case $our_objs in *" $obj "*) ;; *) continue ;; esac	# libc's, not ours
	# an object tendctl links too: dead only if tendctl drops it as well
	case $ctl_objs in *" $obj "*) grep -qx "$fn $obj" "$tmp/ctl" || continue ;; esac
	# named anywhere but at its definition (column 0, "type fn(")?
	uses=$(grep -nw -- "$fn" "$top"/src/*.c "$top"/tests/unit/*.c "$top"/tests/fuzz/*.c \
		2>/dev/null | grep -Ev "^[^:]*:[0-9]+:[a-z][^(]*\b$fn\(" || true)
	[ -z "$uses" ] || continue
	grep -Eq "^$fn[[:space:]]" "$top/tests/deadcode-allowed" 2>/dev/null && continue
	dead+=("$fn (${obj##*/})")
done <"$tmp/tend"
# an allowed name that is called by now, or gone: the line is stale
while read -r fn _; do
	case $fn in '#'* | '') continue ;; esac
	grep -q "^$fn " "$tmp/tend" ||
		echo "deadcode: note: $fn is used or gone now: drop its line in tests/deadcode-allowed"
done <"$top/tests/deadcode-allowed"
if [ ${#dead[@]} -gt 0 ]; then
	echo "deadcode: functions nothing calls (delete them, use them, or list them with"
	echo "the reason in tests/deadcode-allowed):"
	printf '  %s\n' "${dead[@]}"
	exit 1
fi
echo "deadcode: every function of tend and tendctl has a caller"
