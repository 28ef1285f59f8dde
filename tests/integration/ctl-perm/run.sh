#!/usr/bin/env bash
# Only root (or tend's own uid) may change state; others get "permission
# denied" and nothing happens.
. ../svc-lib.sh
command -v setpriv >/dev/null || skip "setpriv (util-linux) is missing"
unit web.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
wait_log 10 "'web.service': starting -> running"
sock="$T/run/control.sock"
assert_eq "socket mode" 600 "$(stat -c %a "$sock")"
chmod 755 "$T" "$T/run"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$TENDCTL" -s "$sock" "$@"; }
rc=0; as_nobody stop web 2>"$T/err" || rc=$?
assert_eq "unprivileged connect refused" 4 "$rc"
grep -q "permission denied" "$T/err" || fail "message: $(cat "$T/err")"
# open the socket to everyone: tend itself must still refuse state changes
chmod 666 "$sock"
as_nobody list >/dev/null || fail "read-only list refused"
rc=0; as_nobody stop web 2>"$T/err" || rc=$?
assert_eq "unprivileged stop refused" 4 "$rc"
grep -q "permission denied" "$T/err" || fail "message: $(cat "$T/err")"
ctl list | grep -q "^web.service  *running" || fail "the unit was touched"
stop_p1 TERM
