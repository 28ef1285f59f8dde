#!/usr/bin/env bash
# After= waits for readiness (READY=1), not for exec; independent units
# start at once; stop runs in reverse order.
. ../svc-lib.sh
stamp='date +%%s%%N'	# %% : a literal % in a unit file
unit a.service <<E
[Service]
Type=notify
NotifyAccess=all
ExecStart=/bin/sh -c 'sleep 0.5; $stamp >$T/a-ready; systemd-notify --ready; exec sleep 1000'
ExecStopPost=/bin/sh -c '$stamp >$T/a-stopped'
E
unit b.service <<E
[Unit]
After=a.service
[Service]
ExecStart=/bin/sh -c '$stamp >$T/b-started; exec sleep 1000'
ExecStopPost=/bin/sh -c '$stamp >$T/b-stopped'
E
unit c.service <<E
[Unit]
Before=b.service
[Service]
Type=oneshot
ExecStart=/bin/sh -c '$stamp >$T/c-done'
E
unit free.service <<E
[Service]
ExecStart=/bin/sh -c '$stamp >$T/free-started; exec sleep 1000'
E
start_units --units "$U"
retry 10 test -s "$T/b-started" || fail "b never started"
a=$(cat "$T/a-ready") b=$(cat "$T/b-started") c=$(cat "$T/c-done") f=$(cat "$T/free-started")
[ "$b" -gt "$a" ] || fail "b started before a was ready"
[ "$b" -gt "$c" ] || fail "b started before c (Before=b) finished"
[ "$f" -lt "$a" ] || fail "an independent unit waited for a"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
[ "$(cat "$T/b-stopped")" -lt "$(cat "$T/a-stopped")" ] || fail "a stopped before b"
