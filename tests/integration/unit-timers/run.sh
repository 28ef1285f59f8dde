#!/usr/bin/env bash
# .timer units (systemd.timer(5)): a timer starts its service when it
# elapses, never at boot on its own; OnActiveSec= + OnUnitActiveSec=
# repeat; OnCalendar=*:*:0/2 fires on even seconds (the realtime
# timerfd); Persistent= runs an elapse missed while tend was down (the
# stamp file is two hours old) and a timer without it does not; a
# stamp in the future is not used;
# RemainAfterElapse=no stops a timer with nothing left; tendctl
# list-timers shows next and last elapses; WakeSystem=yes, an unknown
# key and a bad calendar are refused; 200 timers armed for next year
# cost tend no wake-up at all; reload-units restarts a changed timer and
# stops a removed one.
. ../svc-lib.sh
stamps="$T/stamps"
mkdir -p "$stamps"
export TEND_TIMER_STAMPS="$stamps"
svc() {	# svc NAME: a oneshot that logs "NAME <epoch>"
	unit "$1.service" <<E
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "$1 \$\$(date +%%s)"'
E
}
unit tick.timer <<E
[Timer]
OnActiveSec=1s
OnUnitActiveSec=1s
AccuracySec=1ms
E
svc tick
unit cal.timer <<E
[Timer]
OnCalendar=*:*:0/2
E
svc cal
unit pers.timer <<E
[Timer]
OnCalendar=hourly
Persistent=true
E
svc pers
touch -d '2 hours ago' "$stamps/stamp-pers.timer"
# a stamp in the future (the clock was set back) is not used, as in
# systemd: the next elapse is the next hour, not the hour after it
unit future.timer <<E
[Timer]
OnCalendar=hourly
Persistent=true
E
svc future
touch -d 'tomorrow' "$stamps/stamp-future.timer"
unit nopers.timer <<E
[Timer]
OnCalendar=yearly
E
svc nopers
unit once.timer <<E
[Timer]
OnActiveSec=0.3s
RemainAfterElapse=no
Unit=oneshot-x.service
E
svc oneshot-x
unit stays.timer <<E
[Timer]
OnActiveSec=0.3s
E
svc stays
# OnBootSec= (in a container: from tend's start) and OnStartupSec=
# fire once each; OnUnitInactiveSec= counts from the unit's last stop
unit boot.timer <<E
[Timer]
OnBootSec=0.3s
OnStartupSec=0.6s
E
svc boot
unit inact.timer <<E
[Timer]
OnActiveSec=0.1s
OnUnitInactiveSec=0.5s
E
svc inact
unit wake.timer <<E
[Timer]
OnCalendar=daily
WakeSystem=yes
E
unit weird.timer <<E
[Timer]
OnCalendar=daily
OnClockChange=yes
E
unit badcal.timer <<E
[Timer]
OnCalendar=Mon..Wed..Fri
E
start_units --units "$U"
wait_ctl 10
wait_log 10 "'pers.timer': missed its last elapse (Persistent=): now"
wait_log 5 "^pers.service\[[0-9]*\]: pers "
wait_log 10 "^cal.service\[[0-9]*\]: cal "
retry 10 sh -c "[ \$(grep -c '^tick.service\[[0-9]*\]: tick' '$T/p1.log') -ge 3 ]" ||
	fail "tick.service ran $(grep -c '^tick.service' "$T/p1.log") times in 10 s"
# a timer's service waits for it: its first start follows the elapse
t=$(grep -n "'tick.timer': elapsed: starting 'tick.service'" "$T/p1.log" | head -n1 | cut -d: -f1)
s=$(grep -n "'tick.service': inactive -> starting" "$T/p1.log" | head -n1 | cut -d: -f1)
[ "$t" -lt "$s" ] || fail "tick.service started before its timer elapsed"
for c in $(sed -n 's/^cal.service\[[0-9]*\]: cal //p' "$T/p1.log"); do
	[ $((c % 2)) = 0 ] || fail "cal.service ran at an odd second: $c"
done
! log_has "^nopers.service" || fail "nopers.service ran"
retry 5 sh -c "[ \$(grep -c '^boot.service\[[0-9]*\]: boot' '$T/p1.log') -ge 2 ]" ||
	fail "OnBootSec=/OnStartupSec= did not both fire"
retry 5 sh -c "[ \$(grep -c '^inact.service\[[0-9]*\]: inact' '$T/p1.log') -ge 3 ]" ||
	fail "OnUnitInactiveSec= did not repeat"
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^once.timer  *inactive'" ||
	fail "once.timer (RemainAfterElapse=no) did not stop: $(ctl list)"
log_has "^oneshot-x.service\[[0-9]*\]: oneshot-x" || fail "Unit= not started"
grep -q "^stays.timer  *running  *elapsed" <(ctl list) || fail "stays.timer: $(ctl list)"
log_has "wake.timer:3: WakeSystem: WakeSystem=yes is not supported" || fail "WakeSystem=yes accepted"
log_has "weird.timer:3: .*OnClockChange= is not supported" || fail "OnClockChange= accepted"
log_has "badcal.timer:2: OnCalendar: not a calendar event" || fail "bad OnCalendar= accepted"
ctl list-timers >"$T/lt"
grep -q "^[A-Z][a-z][a-z] 20[0-9-]* [0-9:]* [A-Z]* .* left .* ago .* cal.timer  *cal.service" "$T/lt" ||
	fail "list-timers: $(cat "$T/lt")"
grep -q "nopers.timer  *nopers.service" "$T/lt" || fail "list-timers: $(cat "$T/lt")"
ctl --json list-timers | json_get '[t["unit"] for t in j["timers"] if t["next_usec"] > 0]' >"$T/ltj"
grep -q "'nopers.timer'" "$T/ltj" || fail "json list-timers: $(cat "$T/ltj")"
assert_eq "OnBootSec= and OnStartupSec= once each" 2 "$(grep -c '^boot.service\[[0-9]*\]: boot' "$T/p1.log")"
log_has "'future.timer': Persistent=: the stamp is in the future" || fail "future stamp used"
ctl --json list-timers | json_get '[t["next_usec"] for t in j["timers"] if t["unit"] == "future.timer"][0]' >"$T/fut"
[ $(( $(cat "$T/fut") / 1000000 - $(date +%s) )) -le 3600 ] ||
	fail "future.timer's next elapse is $(( $(cat "$T/fut") / 1000000 - $(date +%s) )) s away"
stamp=$(stat -c %Y "$stamps/stamp-pers.timer")
[ $(( $(date +%s) - stamp )) -lt 60 ] || fail "Persistent= did not update its stamp"
# reload-units: a changed timer restarts with its new triggers, a removed
# one stops (a reload once crashed tend here: a scratch copy of a changed
# unit stayed on the timers' list)
printf '[Timer]\nOnActiveSec=0.2s\nOnUnitActiveSec=0.4s\n' >"$U/tick.timer"
rm "$U/nopers.timer"
ctl reload-units >"$T/reload" 2>&1 || true	# the refused units say so
grep -q "changed tick.timer" "$T/reload" || fail "reload: $(cat "$T/reload")"
wait_log 5 "'tick.timer': now runs its new definition"
n=$(grep -c '^tick.service\[[0-9]*\]: tick' "$T/p1.log")
retry 5 sh -c "[ \$(grep -c '^tick.service\[[0-9]*\]: tick' '$T/p1.log') -ge $((n + 2)) ]" ||
	fail "tick.timer did not run after the reload"
wait_log 5 "'nopers.timer': running -> stopping"
stop_p1

# idle: 200 calendar timers armed for next year, nothing else: no wake-ups
rm -f "$U"/*
for i in $(seq 1 200); do
	printf '[Timer]\nOnCalendar=*-01-01 00:00:%02d\n' $((i % 60)) >"$U/t$i.timer"
	printf '[Service]\nExecStart=/bin/true\n' >"$U/t$i.service"
done
start_units --units "$U"
wait_ctl 10
wait_log 10 "all units settled"
pid=$(p1_host_pid)
switches() {
	awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { n += $2 } END { print n }' "/proc/$1/status"
}
retry 5 grep -q epoll "/proc/$pid/wchan" || fail "tend not waiting"
a=$(switches "$pid")
sleep 2	# the measurement window, not a synchronisation
b=$(switches "$pid")
echo "unit-timers: 200 timers armed, tend context switches over 2 s: $((b - a))"
assert_eq "wake-ups with 200 timers armed" 0 $((b - a))
grep -c "t[0-9]*.timer  *t[0-9]*.service" <(ctl list-timers) | grep -qx 200 || fail "not 200 timers"
stop_p1
echo "unit-timers: ok"
