#!/usr/bin/env bash
# The stop and restart keys the key guard found without a test:
# KillSignal=, RestartKillSignal=, SendSIGHUP=, FinalKillSignal=,
# SendSIGKILL=, TimeoutSec=, WatchdogSignal= with TimeoutAbortSec=,
# ExecStartPost=, PermissionsStartOnly=, RestartSteps= with
# RestartMaxDelaySec=.  Each service records the signals it gets.
. ../svc-lib.sh
getent passwd nobody >/dev/null || skip "no user 'nobody'"
command -v systemd-notify >/dev/null || skip "no systemd-notify"
chmod 0711 "$T"	# nobody reaches $T/w
mkdir -m 1777 "$T/w"
# a script that logs the signals named, quits soon after the first one,
# and polls so that its traps run; prints the ExecStart= line
catcher() {	# FILE "SIGNALS THAT QUIT" SIGNALS THAT ARE ONLY LOGGED...
	local f=$1 quit=$2 s
	shift 2
	{
		for s in "$@"; do echo "trap 'echo $s >>$f' $s"; done
		for s in $quit; do echo "trap 'echo $s >>$f; q=1' $s"; done
		echo "echo up >>$f"
		echo 'n=0; while [ $n -lt 3 ]; do [ -n "$q" ] && n=$((n+1)); sleep 0.1; done'
	} >"$f.sh"
	echo "/bin/sh $f.sh"
}
unit killsig.service <<E
[Service]
KillMode=process
KillSignal=SIGUSR1
ExecStart=$(catcher "$T/killsig" USR1 TERM)
E
unit restartsig.service <<E
[Service]
KillMode=process
RestartKillSignal=SIGUSR2
ExecStart=$(catcher "$T/restartsig" "TERM USR2")
E
unit hup.service <<E
[Service]
KillMode=process
SendSIGHUP=yes
ExecStart=$(catcher "$T/hup" "TERM HUP")
E
unit final.service <<E
[Service]
KillMode=process
TimeoutStopSec=300ms
FinalKillSignal=SIGQUIT
ExecStart=$(catcher "$T/final" QUIT TERM)
E
unit nokill.service <<E
[Service]
KillMode=process
TimeoutStopSec=300ms
SendSIGKILL=no
ExecStart=/bin/sh -c "trap '' TERM; while :; do sleep 0.1; done; : nokill.$$"
E
unit timeout.service <<E
[Service]
Type=notify
KillMode=process
TimeoutSec=400ms
ExecStart=/bin/sh -c "trap '' TERM; while :; do sleep 0.1; done"
E
unit wdsig.service <<E
[Service]
Type=notify
NotifyAccess=all
KillMode=process
WatchdogSec=300ms
WatchdogSignal=SIGUSR1
TimeoutStopSec=60s
TimeoutAbortSec=300ms
ExecStart=/bin/sh -c "trap 'echo USR1 >>$T/wdsig' USR1; systemd-notify --ready; while :; do sleep 0.1; done"
E
unit post.service <<E
[Service]
Type=notify
NotifyAccess=all
ExecStart=/bin/sh -c 'echo main >$T/post-main; systemd-notify --ready; exec sleep 1000'
ExecStartPost=/bin/sh -c 'test -s $T/post-main && echo after-main >$T/post'
E
unit perm.service <<E
[Service]
User=nobody
PermissionsStartOnly=yes
ExecStartPre=/bin/sh -c 'id -u >$T/w/pre'
ExecStart=/bin/sh -c 'id -u >$T/w/main; exec sleep 1000'
ExecStartPost=/bin/sh -c 'id -u >$T/w/post'
E
unit steps.service <<E
[Unit]
StartLimitIntervalSec=0
[Service]
Restart=always
RestartSec=100ms
RestartSteps=3
RestartMaxDelaySec=800ms
ExecStart=/bin/false
E
start_units --units "$U"
wait_ctl 10
for f in killsig restartsig hup final; do
	retry 10 test -s "$T/$f" || fail "$f.service did not start"
done
# KillSignal=
ctl stop killsig.service
retry 10 grep -q USR1 "$T/killsig" || fail "KillSignal=SIGUSR1 not sent: $(cat "$T/killsig")"
assert "no SIGTERM with KillSignal=SIGUSR1" sh -c "! grep -q TERM '$T/killsig'"
# RestartKillSignal= on a restart, KillSignal= (TERM) on a stop
ctl restart restartsig.service
retry 10 grep -q USR2 "$T/restartsig" || fail "RestartKillSignal= not sent"
retry 10 sh -c "[ \$(grep -c up '$T/restartsig') -ge 2 ]" || fail "restartsig did not come back"
assert "no TERM at the restart" sh -c "! grep -q TERM '$T/restartsig'"
ctl stop restartsig.service
retry 10 grep -q TERM "$T/restartsig" || fail "KillSignal= (TERM) not sent at the stop"
# SendSIGHUP=
ctl stop hup.service
retry 10 grep -q HUP "$T/hup" || fail "SendSIGHUP=yes: no SIGHUP"
assert "SIGTERM too" grep -q TERM "$T/hup"
# FinalKillSignal=: TERM is caught and ignored, QUIT after TimeoutStopSec=
ctl stop final.service
wait_log 10 "'final.service': stop timed out: sending SIGQUIT"
retry 10 grep -q QUIT "$T/final" || fail "FinalKillSignal=SIGQUIT not received"
# SendSIGKILL=no: tend gives up on the process, which keeps running
ctl stop nokill.service
wait_log 10 "'nokill.service': processes still running after the stop timeout; giving up on them"
pgrep -f "nokill.$$" >/dev/null || fail "SendSIGKILL=no: the process was killed"
assert "no SIGKILL sent" sh -c "! grep -q \"'nokill.service': stop timed out: sending\" '$T/p1.log'"
pkill -f "nokill.$$" || true
# TimeoutSec=: the start times out, then the stop
wait_log 10 "'timeout.service': start timed out after 400 ms"
wait_log 10 "'timeout.service': stop timed out: sending SIGKILL"
# WatchdogSignal=, then TimeoutAbortSec= (not TimeoutStopSec=60s) to the kill
wait_log 10 "'wdsig.service': watchdog timeout (no WATCHDOG=1 for 300 ms): sending SIGUSR1"
retry 5 grep -q USR1 "$T/wdsig" || fail "WatchdogSignal=SIGUSR1 not received"
wait_log 5 "'wdsig.service': stop timed out: sending SIGKILL"
# ExecStartPost= runs once the main process is up, before "running"
retry 10 test -s "$T/post" || fail "ExecStartPost= did not run"
assert_eq "ExecStartPost= after the main process" after-main "$(cat "$T/post")"
wait_log 5 "'post.service': starting -> running"
# PermissionsStartOnly=: only ExecStart= as User=
retry 10 test -s "$T/w/post" || fail "perm.service did not finish starting"
assert_eq "ExecStartPre= as root" 0 "$(cat "$T/w/pre")"
assert_eq "ExecStart= as User=" "$(id -u nobody)" "$(cat "$T/w/main")"
assert_eq "ExecStartPost= as root" 0 "$(cat "$T/w/post")"
# RestartSteps=3 from 100 ms to RestartMaxDelaySec=800ms: 100 200 400 800 800
wait_log 15 "'steps.service': restarting in 800 ms"
retry 10 sh -c "[ \$(grep -c \"'steps.service': restarting in 800 ms\" '$T/p1.log') -ge 2 ]" ||
	fail "the delay did not stay at RestartMaxDelaySec="
delays=$(sed -n "s/.*'steps.service': restarting in \([0-9]*\) ms/\1/p" "$T/p1.log" | head -n 5 | tr '\n' ' ')
assert_eq "RestartSteps= delays" "100 200 400 800 800 " "$delays"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
