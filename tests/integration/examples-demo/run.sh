#!/usr/bin/env bash
# `make demo` really runs: every unit in units/ starts and stops under tend
# as PID 1, tendctl reports them, and tend exits with the command's 0.
. ../lib.sh
"$TOP/examples/demo.sh" "$BUILD" >"$T/out" 2>&1 || fail "demo exited $?: $(tail -20 "$T/out")"
for u in hello notify-demo setup; do
	grep -q "^$u.service  *running" "$T/out" || fail "$u not running in the demo: $(cat "$T/out")"
	grep -q "'$u.service': stopping -> inactive" "$T/out" || fail "$u did not stop"
done
grep -q "^hello from [0-9]" "$T/out" || fail "hello's log line missing"
grep -q "^ready$" "$T/out" || fail "is-ready"
test ! -e /tmp/tend-demo || fail "setup.service's ExecStop did not clean up"
