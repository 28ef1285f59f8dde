#!/usr/bin/env bash
# Hole 6: `tend check` on what is not a readable unit file (missing, a
# directory with no units in it, a FIFO, a symlink loop, a file over 4 MiB)
# reports the reason and exits 1: no crash, no hang.
. ../lib.sh
mkdir "$T/d.service"
mkfifo "$T/fifo.service"
ln -s loop2.service "$T/loop1.service"
ln -s loop1.service "$T/loop2.service"
head -c $((4 * 1024 * 1024 + 1)) /dev/zero | tr '\0' '#' >"$T/big.service"
check() {
	local f=$1 want=$2 rc=0
	timeout 10 "$TEND" check "$T/$f" >"$T/out" 2>&1 || rc=$?
	[ "$rc" = 1 ] || fail "check $f: exit $rc, want 1; output: $(cat "$T/out")"
	grep -q -- "$want" "$T/out" || fail "check $f: no '$want' in: $(cat "$T/out")"
}
check missing.service "missing.service: No such file or directory"
check fifo.service "fifo.service: not a regular file"
check loop1.service "loop1.service: Too many levels of symbolic links"
check big.service "big.service: larger than 4 MiB"
# a directory is checked as a directory of units: one with none in it
# (a unit's name given for a directory) is an error too
check d.service "d.service: a directory with no unit files in it"
# a hostile file's text in a diagnostic can't drive the terminal
printf '[Unit]\nWants=x@\033]0;pwned\007.service\n[Service]\nExecStart=/bin/true\n' >"$T/esc.service"
"$TEND" check "$T/esc.service" >"$T/out" 2>&1 || true
grep -qF 'x@\x1b]0;pwned\x07.service' "$T/out" || fail "diagnostic: $(cat -v "$T/out")"
! LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]' "$T/out" || fail "raw control characters: $(cat -v "$T/out")"
# the parser itself: a missing file through unit_load() in the loader
unit ok.service <<E
[Service]
ExecStart=/bin/true
E
"$TEND" check "$U/ok.service" >"$T/out" 2>&1 || fail "a good unit failed: $(cat "$T/out")"
