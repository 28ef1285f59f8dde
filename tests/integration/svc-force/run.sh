#!/usr/bin/env bash
# The -force values of SuccessAction=/FailureAction= (systemd.unit(5)):
# tend ends without stopping the units in order: no ExecStop=, no
# ExecStopPost=, every process gets SIGTERM (SIGKILL after the grace),
# and tend exits with the unit's code (or *ActionExitStatus=).  The plain
# values still stop every unit in order.
. ../svc-lib.sh
M=$((RANDOM % 9000 + 1000))
run_case() {	# NAME ACTION-LINES...
	local name=$1
	shift
	rm -rf "$U" && mkdir -p "$U"
	unit web.service <<E
[Service]
ExecStart=/bin/sleep $M.1
ExecStop=/bin/touch $T/$name.stop
ExecStopPost=/bin/touch $T/$name.post
E
	unit job.service <<E
[Unit]
After=web.service
$(printf '%s\n' "$@")
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'exit 5'
E
	start_units --units "$U"
	wait_p1
}
run_case fexit "FailureAction=exit-force"
assert_eq "FailureAction=exit-force: the unit's exit code" 5 "$P1_RC"
log_has "'job.service': FailureAction: exit-force" || fail "no log line: $(cat "$T/p1.log")"
[ ! -e "$T/fexit.stop" ] || fail "exit-force ran ExecStop=: $(cat "$T/p1.log")"
[ ! -e "$T/fexit.post" ] || fail "exit-force ran ExecStopPost="
pgrep -f "sleep $M\.1\$" && fail "exit-force left the service running"
run_case fstatus "FailureAction=exit-force" "FailureActionExitStatus=9"
assert_eq "FailureActionExitStatus= with exit-force" 9 "$P1_RC"
# SuccessAction=exit-force: a job that succeeds ends tend at once
rm -rf "$U" && mkdir -p "$U"
unit web.service <<E
[Service]
ExecStart=/bin/sleep $M.2
ExecStop=/bin/touch $T/sexit.stop
E
unit job.service <<E
[Unit]
After=web.service
SuccessAction=exit-force
SuccessActionExitStatus=7
[Service]
Type=oneshot
ExecStart=/bin/true
E
start_units --units "$U"
wait_p1
assert_eq "SuccessAction=exit-force" 7 "$P1_RC"
[ ! -e "$T/sexit.stop" ] || fail "SuccessAction=exit-force ran ExecStop="
# the plain value stops in order: ExecStop= and ExecStopPost= run
run_case plain "FailureAction=exit"
assert_eq "FailureAction=exit" 5 "$P1_RC"
[ -e "$T/plain.stop" ] && [ -e "$T/plain.post" ] || fail "FailureAction=exit skipped ExecStop=/ExecStopPost="
# system mode: FailureAction=reboot-force reboots without the orderly stop
# (reboot(2) in a PID namespace ends it with SIGHUP: 129)
[ "$(id -u)" = 0 ] || exit 0
rm -rf "$U" && mkdir -p "$U"
unit web.service <<E
[Service]
ExecStart=/bin/sleep $M.3
ExecStop=/bin/touch $T/sys.stop
E
unit job.service <<E
[Unit]
After=web.service
FailureAction=reboot-force
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'exit 5'
E
unshare --pid --fork --mount-proc --uts --kill-child \
	"$TEND" --system --units "$U" --runtime-dir "$T/run" >"$T/p1.log" 2>&1 &
P1_PID=$!
wait_p1
assert_eq "FailureAction=reboot-force: rebooted" 129 "$P1_RC"
log_has "sending SIGTERM to the remaining processes" || fail "no final phase: $(cat "$T/p1.log")"
[ ! -e "$T/sys.stop" ] || fail "reboot-force ran ExecStop="
