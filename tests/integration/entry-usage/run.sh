#!/usr/bin/env bash
# Usage errors exit 2 with a message, as tini's: `tend --` with nothing
# after it (a Dockerfile's ENTRYPOINT ["tend", "--"] and no CMD), and a
# plain `tend` when there is no unit directory, instead of supervising
# nothing forever.
. ../lib.sh
MODES=${MODES:-p1 sub}

case_dashdash() {
	run_tend "$1" --
	assert_eq "tend -- : exit status" 2 "$RC"
	grep -q "'--' and no COMMAND after it" "$T/err" || fail "message: $(cat "$T/err")"
	grep -q "^usage: tend" "$T/err" || fail "no usage: $(cat "$T/err")"
	run_tend "$1" -u "$T" --
	assert_eq "tend -u DIR -- : exit status" 2 "$RC"
}

# plain tend: /etc/tend/units hidden by an empty tmpfs over /etc/tend
case_plain() {
	local hide="mount -t tmpfs none /etc/tend"
	[ -d /etc/tend ] || hide=true
	RC=0
	unshare --mount sh -c "$hide && exec $(tend_cmd "$1")" >"$T/out" 2>"$T/err" </dev/null || RC=$?
	assert_eq "plain tend: exit status" 2 "$RC"
	grep -q "no COMMAND and no unit directory (/etc/tend/units: " "$T/err" ||
		fail "message: $(cat "$T/err")"
}

for_modes case_dashdash
for_modes case_plain
echo ok
