#!/usr/bin/env bash
# Keys of issue 17's guard that had no behaviour test: RefuseManualStart=,
# RefuseManualStop=, and the keys that change nothing at run time in
# systemd either ([Install], Documentation=, DefaultDependencies=,
# RequiresMountsFor=): loaded without a warning, checked, not acted on.
. ../svc-lib.sh
unit nostart.service <<E
[Unit]
RefuseManualStart=yes
[Service]
ExecStart=/bin/sleep 7101.$$
E
unit nostop.service <<E
[Unit]
RefuseManualStop=yes
[Service]
ExecStart=/bin/sleep 7102.$$
E
unit inert.service <<E
[Unit]
Description=keys that change nothing at run time
Documentation=man:inert(8) https://example.invalid/inert
DefaultDependencies=no
RequiresMountsFor=/var /srv
[Service]
Type=oneshot
ExecStart=/bin/touch $T/inert-ran
[Install]
WantedBy=multi-user.target
RequiredBy=other.target
Alias=inert-alias.service
Also=nostart.service
E
"$TEND" check "$U/inert.service" >"$T/check" 2>&1 || fail "tend check refused inert.service: $(cat "$T/check")"
assert_eq "no warning for keys that change nothing" "" "$(cat "$T/check")"
printf '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=not a unit\n' >"$T/bad.service"
assert "a bad WantedBy= is an error" sh -c "! '$TEND' check '$T/bad.service' >'$T/bad' 2>&1"
assert "the error names it" grep -q "bad.service:4: WantedBy: not a unit name: not" "$T/bad"
printf '[Unit]\nTTYVTDisallocate=yes\n[Service]\nExecStart=/bin/true\n' >"$T/vt.service"
"$TEND" check "$T/vt.service" >"$T/vt" 2>&1 || true
assert "TTYVTDisallocate= is warned and skipped" grep -q "skipped: .*TTYVTDisallocate= is not supported, ignored" "$T/vt"

start_units --units "$U"
wait_ctl 10
retry 10 test -e "$T/inert-ran" || fail "inert.service did not run"
wait_log 10 "'nostart.service': starting -> running"
wait_log 10 "'nostop.service': starting -> running"
# Alias=: every unit is enabled, so its aliases are its names (systemd's
# enable symlinks), and a unit that names the alias finds it
ctl status inert-alias.service | grep -q "^inert.service" || fail "Alias= is not a name of inert.service"
# RefuseManualStop=: stop and restart refused, the unit keeps running
pid=$(main_pid nostop.service)
! ctl stop nostop.service 2>"$T/err" || fail "stop not refused"
assert "says why: $(cat "$T/err")" grep -q "nostop.service: operation refused" "$T/err"
! ctl restart nostop.service 2>/dev/null || fail "restart not refused"
assert_eq "still the same process" "$pid" "$(main_pid nostop.service)"
# RefuseManualStart=: stop works, start and restart are refused
ctl stop nostart.service
no_sleep() { ! pgrep -f "sleep $1" >/dev/null; }
retry 10 no_sleep 7101.$$ || fail "nostart.service did not stop"
! ctl start nostart.service 2>/dev/null || fail "start not refused"
! ctl restart nostart.service 2>/dev/null || fail "restart not refused"
assert "not started again" no_sleep 7101.$$
ctl kill nostop.service
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
