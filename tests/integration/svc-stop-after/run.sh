#!/usr/bin/env bash
# ExecStop= runs whenever the start had succeeded, also after the main
# process died on its own, then ExecStopPost=; both get $SERVICE_RESULT
# and, once the main process is gone, $EXIT_CODE and $EXIT_STATUS, with
# $MAINPID unset (systemd.service(5), systemd.exec(5)).  A start that
# failed runs ExecStopPost= only.
. ../svc-lib.sh
M=$((RANDOM % 9000 + 1000))
cat >"$T/rec.sh" <<'E'
#!/bin/sh
echo "$1 mainpid=${MAINPID-unset} result=${SERVICE_RESULT-unset} code=${EXIT_CODE-unset} status=${EXIT_STATUS-unset}" >>"$2"
E
chmod 755 "$T/rec.sh"
for u in exits killed failed stopped; do
	case $u in
	exits) start="/bin/sh -c 'exit 3'"; type=simple ;;
	killed) start="/bin/sleep $M.1"; type=simple ;;
	failed) start="/bin/sh -c 'exit 1'"; type=notify ;;
	stopped) start="/bin/sleep $M.2"; type=exec ;;
	esac
	unit $u.service <<E
[Service]
Type=$type
ExecStart=$start
ExecStop=$T/rec.sh stop $T/$u.log
ExecStopPost=$T/rec.sh post $T/$u.log
E
done
start_units --units "$U"
wait_ctl 10
wait_log 10 "'exits.service': .* -> failed"
retry 10 pgrep -f "^/bin/sleep $M.1\$" >/dev/null || fail "killed.service did not start"
kill -KILL "$(pgrep -f "^/bin/sleep $M.1\$")"
wait_log 10 "'killed.service': .* -> failed"
wait_log 10 "'failed.service': .* -> failed"
retry 10 pgrep -f "^/bin/sleep $M.2\$" >/dev/null || fail "stopped.service did not start"
pid=$(main_pid stopped.service)
ctl stop stopped.service
wait_log 10 "'stopped.service': stopping -> inactive"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
assert_eq "exited on its own" "stop mainpid=unset result=exit-code code=exited status=3
post mainpid=unset result=exit-code code=exited status=3" "$(cat "$T/exits.log")"
assert_eq "killed" "stop mainpid=unset result=signal code=killed status=KILL
post mainpid=unset result=signal code=killed status=KILL" "$(cat "$T/killed.log")"
assert_eq "a failed start: ExecStopPost= only" \
	"post mainpid=unset result=exit-code code=exited status=1" "$(cat "$T/failed.log")"
assert_eq "a stop while it runs" "stop mainpid=$pid result=success code=unset status=unset
post mainpid=unset result=success code=killed status=TERM" "$(cat "$T/stopped.log")"
