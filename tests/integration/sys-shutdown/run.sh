#!/usr/bin/env bash
# System mode's shutdown, on the host: tend --system as PID 1 of a PID
# namespace, where reboot(2) ends the namespace with SIGINT (poweroff,
# halt) or SIGHUP (reboot) instead of the machine.  Units stop in reverse
# order, leftovers get SIGTERM, and the right reboot(2) command is made.
. ../svc-lib.sh
[ "$(id -u)" = 0 ] || skip "needs root for reboot(2) in a PID namespace"

unit a.service <<E
[Service]
ExecStart=/bin/sh -c 'trap "echo a >>$T/order; exit 0" TERM; touch $T/up.a; while :; do sleep 0.1; done'
E
unit b.service <<E
[Unit]
After=a.service
[Service]
ExecStart=/bin/sh -c 'trap "echo b >>$T/order; exit 0" TERM; touch $T/up.b; while :; do sleep 0.1; done'
E

# boot NAME: tend --system in fresh PID, mount and UTS namespaces
boot() {
	rm -f "$T/order" "$T"/up.*
	unshare --pid --fork --mount-proc --uts --kill-child \
		"$TEND" --system --units "$U" --runtime-dir "$T/run" >"$T/p1.log" 2>&1 &
	P1_PID=$!
	wait_log 10 "boot: [0-9]* units settled"
	retry 5 test -e "$T/up.a" -a -e "$T/up.b" || fail "units did not come up"
}

# down HOW EXPECT_RC: shut down with HOW (a signal name or a tendctl verb)
down() {
	case $1 in
	SIG*) kill -"${1#SIG}" "$(p1_host_pid)" ;;
	*) ctl "$1" >/dev/null ;;
	esac
	wait_p1
	assert_eq "$1: namespace end (128+signal of reboot(2))" "$2" "$P1_RC"
	assert_eq "$1: stop order" "b a" "$(tr '\n' ' ' <"$T/order" | sed 's/ $//')"
}

boot
assert "system mode is announced" log_has "system mode: tend is the init"
down poweroff 130
assert "powered off" log_has "powering off"
boot
down reboot 129
boot
down SIGTERM 129		# BusyBox: SIGTERM reboots
assert "rebooting" log_has "rebooting"
boot
down SIGUSR1 130		# halt
assert "halting" log_has "halting"
boot
down SIGUSR2 130		# poweroff
boot
down SIGINT 129			# Ctrl-Alt-Del

# a leftover outside any unit gets SIGTERM in the final phase
cat >"$T/leftover.sh" <<E
#!/bin/sh
trap "echo left >>$T/left; exit 0" TERM
touch $T/up.c
while :; do sleep 0.1; done
E
chmod +x "$T/leftover.sh"
unit c.service <<E
[Service]
Type=forking
ExecStart=/bin/sh -c 'setsid $T/leftover.sh & exit 0'
KillMode=none
E
boot
retry 5 test -e "$T/up.c" || fail "c did not come up"
rm -f "$T/left"
down poweroff 130
assert "leftover got SIGTERM" test -s "$T/left"
assert "final phase logged" log_has "sending SIGTERM to the remaining processes"
rm "$U/c.service"

# FailureAction=reboot of a unit reboots the machine
unit d.service <<E
[Unit]
FailureAction=reboot
[Service]
ExecStart=/bin/sh -c 'sleep 0.5; exit 3'
E
unshare --pid --fork --mount-proc --uts --kill-child \
	"$TEND" --system --units "$U" --runtime-dir "$T/run" >"$T/p1.log" 2>&1 &
P1_PID=$!
wait_p1
assert_eq "FailureAction=reboot" 129 "$P1_RC"
assert "rebooting" log_has "rebooting"
rm "$U/d.service"

# TimeoutStopSec=infinity can't hold the shutdown up: RebootWatchdogSec
# (from --config) caps it, then leftovers get TERM, ShutdownTimeoutSec, KILL
unit e.service <<E
[Service]
ExecStart=$HELPERS/stubborn $T/up.e
TimeoutStopSec=infinity
E
cat >"$T/tend.conf" <<E
[Manager]
RebootWatchdogSec=2s
ShutdownTimeoutSec=1s
E
unshare --pid --fork --mount-proc --uts --kill-child \
	"$TEND" --system --config "$T/tend.conf" --units "$U" --runtime-dir "$T/run" >"$T/p1.log" 2>&1 &
P1_PID=$!
wait_log 10 "boot: [0-9]* units settled"
retry 5 test -e "$T/up.e" || fail "e did not come up"
t0=$(date +%s%N)
ctl poweroff >/dev/null
wait_p1
took=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "poweroff with a stubborn unit: $took ms"
assert_eq "ceiling: powered off" 130 "$P1_RC"
assert "ceiling logged" log_has "units still stopping after 2000 ms (RebootWatchdogSec)"
assert "then SIGKILL" log_has "ignored SIGTERM for 1000 ms: sending SIGKILL"
[ "$took" -ge 2900 ] && [ "$took" -lt 8000 ] || fail "shutdown took $took ms, want 3-8 s"
echo "ok"
