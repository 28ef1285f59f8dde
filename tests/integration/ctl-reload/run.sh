#!/usr/bin/env bash
# reload-units applies the difference: unchanged units keep their pid,
# changed ones restart, removed ones stop, new ones start, a broken file
# keeps the old definition; SIGHUP does the same.
. ../svc-lib.sh
unit keep.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
unit change.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
unit gone.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
unit broken.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
for u in keep change gone broken; do wait_log 10 "'$u.service': starting -> running"; done
keep=$(main_pid keep) change=$(main_pid change) broken=$(main_pid broken)
unit change.service <<E
[Service]
ExecStart=/bin/sleep 2000
E
rm "$U/gone.service"
unit new.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
unit broken.service <<E
[Service]
ExecStart=/bin/sleep 1000
RestartSec=tomorrow
E
rc=0; ctl reload-units >"$T/out" 2>"$T/err" || rc=$?
assert_eq "reload-units reports the broken file" 1 "$rc"
grep -q "broken.service:3: RestartSec" "$T/err" || fail "error not reported: $(cat "$T/err")"
grep -q "changed change.service" "$T/out" || fail "report: $(cat "$T/out")"
grep -q "removed gone.service" "$T/out" || fail "report: $(cat "$T/out")"
grep -q "added new.service" "$T/out" || fail "report: $(cat "$T/out")"
wait_log 10 "'new.service': starting -> running"
wait_log 10 "'gone.service': .*-> inactive"
retry 10 sh -c "[ \"\$('$TENDCTL' -s '$T/run/control.sock' --json status change | python3 -c 'import json,sys; u=json.load(sys.stdin)[\"units\"][0]; print(u[\"state\"], u[\"main_pid\"] != $change)')\" = 'running True' ]" ||
	fail "change.service did not restart"
assert_eq "unchanged unit keeps its pid" "$keep" "$(main_pid keep)"
assert_eq "broken unit keeps running its old definition" "$broken" "$(main_pid broken)"
# SIGHUP reloads too
unit keep.service <<E
[Service]
ExecStart=/bin/sleep 3000
E
kill -HUP "$(p1_host_pid)"
retry 10 sh -c "[ \"\$('$TENDCTL' -s '$T/run/control.sock' --json status keep | python3 -c 'import json,sys; u=json.load(sys.stdin)[\"units\"][0]; print(u[\"main_pid\"] != $keep and u[\"state\"] == \"running\")')\" = True ]" ||
	fail "SIGHUP did not reload"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
