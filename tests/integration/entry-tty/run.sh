#!/usr/bin/env bash
# The terminal: with a tty on stdin the command runs in its own process
# group in the foreground, so ^C and ^Z reach it and not tend; a plain
# tend stops with its job and SIGCONT (a shell's fg) resumes both.
. ../lib.sh
command -v python3 >/dev/null || skip "python3 is needed to drive a pty"

case_tty() {
	python3 ./pty_case.py "$1" "$TEND"
}

for_modes case_tty
