#!/usr/bin/env bash
# (a Type=simple unit counts as started at fork, as in systemd: its
# activation failing needs Type=oneshot/notify/forking/exec)
# Requirement failure propagates through Requires=, not Wants=; Conflicts=
# keeps one of two; a dependency on name@inst.service instantiates the
# template with its specifiers.
. ../svc-lib.sh
unit db.service <<E
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'exit 1'
E
unit app.service <<E
[Unit]
Requires=db.service
After=db.service
[Service]
ExecStart=/bin/sleep 1000
E
unit cache.service <<E
[Unit]
Wants=db.service
After=db.service
Wants=greeter@alice.service
[Service]
ExecStart=/bin/sleep 1000
E
unit greeter@.service <<E
[Unit]
Description=Greets %i
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "%i %n %p" >$T/greeted'
E
# Conflicts= is symmetric and the unit that starts first wins: new starts
# first (old is ordered after it), so old never runs
unit old.service <<E
[Unit]
After=new.service
[Service]
ExecStart=/bin/sleep 1000
E
unit new.service <<E
[Unit]
Conflicts=old.service
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_log 10 "'app.service': not started: it requires 'db.service'"
wait_log 10 "'cache.service': starting -> running"
wait_log 10 "'new.service': starting -> running"
retry 5 test -s "$T/greeted" || fail "template instance did not run"
assert_eq "specifiers of the instance" "alice greeter@alice.service greeter" "$(cat "$T/greeted")"
assert "Conflicts= named" log_has "'new.service': stopping 'old.service' (Conflicts=)"
assert "old never started" sh -c "! grep -q \"'old.service': inactive -> starting\" $T/p1.log"
assert "app never started" sh -c "! grep -q \"'app.service': inactive -> starting\" $T/p1.log"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
