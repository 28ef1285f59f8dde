#!/usr/bin/env bash
# Hole 1 (and two attacks of our own): MAINPID= from an unprivileged
# service.  evil.service runs as a throwaway user with NotifyAccess=main
# and, from its main process, claims in turn a root process of another
# unit, PID 1 (tend itself here) and a pid only visible in the host's
# namespace.  trigger.service does the same with WATCHDOG=trigger.  Every
# claim is refused and logged; stopping the attackers leaves the victim
# running under its own unit.
. ../lib.sh
make_user
unit victim.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
# the attacker: READY=1 with a forged MAINPID=, then more, then stays
for name in evil trigger; do
	extra=; [ $name = trigger ] && extra='\nWATCHDOG=trigger'
	unit $name.service <<E
[Service]
Type=notify
User=$EVIL
NotifyAccess=main
WatchdogSec=1h
ExecStart=$PY $PWD/attacker.py $EVIL_DIR $name $extra
E
done
start_units --units "$U"
wait_ctl 10
wait_log 10 "'victim.service': starting -> running"
victim=$(main_pid victim)
tend=$(p1_host_pid)
echo "$tend" >"$EVIL_DIR/hostpid"	# tend's host pid: not in its namespace
echo "$victim" >"$EVIL_DIR/victim.tmp"
mv "$EVIL_DIR/victim.tmp" "$EVIL_DIR/victim"
retry 10 test -e "$EVIL_DIR/evil.sent" -a -e "$EVIL_DIR/trigger.sent" || fail "attackers did not send"
retry 10 sh -c "[ \"\$('$TENDCTL' -s '$T/run/control.sock' --json status evil | grep -o '\"state\":\"[a-z]*\"')\" = '\"state\":\"running\"' ]" ||
	fail "evil.service did not get READY=1 through: $(tail -n 5 "$T/p1.log")"
sleep 0.3	# let tend act on the trigger, if it would
for name in evil trigger; do
	m=$(main_pid $name)
	[ "$m" != "$victim" ] || fail "$name.service took the victim's pid $victim as its main pid"
	[ "$m" != 1 ] || fail "$name.service took MAINPID=1"
done
# logged once, then counted (at most a line per 10 s and unit)
wait_log 5 "'evil.service': notify: MAINPID=$victim from pid [0-9]* (uid $EVIL_UID) does not belong to the unit: refused"
wait_log 5 "'trigger.service': notify: MAINPID=$victim .*refused"
ctl stop evil trigger >/dev/null
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^evil.service  *inactive'" || fail "evil did not stop"
assert_eq "victim state" running "$(state victim)"
assert_eq "victim main pid" "$victim" "$(main_pid victim)"
# the victim's process itself: alive, not signalled
grep -q "'victim.service'.*\(exited\|killed\|signal\)" "$T/p1.log" && fail "victim was signalled: $(grep victim "$T/p1.log")"
stop_p1 TERM
