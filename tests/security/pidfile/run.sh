#!/usr/bin/env bash
# Hole 2, and an attack of our own (a planted symlink).  Type=forking
# units run as a throwaway user with PIDFile= in a directory the user
# owns.  plain.service writes a root victim's pid into its PID file;
# link.service makes its PID file a symlink to a root-owned file that
# holds the victim's pid (the victim's own PID file).  tend refuses both
# pids (the file is not root's and the pid is not the unit's; the
# symlink is an unsafe transition), logs why, and stopping the units
# leaves the victim running.  A root-owned PID file naming the unit's own
# daemon still works (good.service).  A root daemon's PID file in a
# directory its user owns (chrony's /run/chrony) is reached through an
# unsafe step: as systemd, tend reads it anyway but takes its pid only
# when it is the unit's (own.service, without a warning), never a foreign
# root process's (foreign.service).
. ../lib.sh
make_user
# the victim's pid file is there before it is running (ExecStartPost=),
# so the units After= it never read a file not yet written
unit victim.service <<E
[Service]
ExecStart=/bin/sleep 1000
ExecStartPost=/bin/sh -c 'echo \$\$MAINPID >$T/victim.pid'
E
unit plain.service <<E
[Unit]
After=victim.service
[Service]
Type=forking
User=$EVIL
PIDFile=$EVIL_DIR/plain.pid
ExecStart=/bin/sh -c 'cat $T/victim.pid >$EVIL_DIR/plain.pid; sleep 1000 </dev/null >/dev/null 2>&1 &'
E
unit link.service <<E
[Unit]
After=victim.service
[Service]
Type=forking
User=$EVIL
PIDFile=$EVIL_DIR/link.pid
ExecStart=/bin/sh -c 'ln -sf $T/victim.pid $EVIL_DIR/link.pid; sleep 1000 </dev/null >/dev/null 2>&1 &'
E
unit good.service <<E
[Service]
Type=forking
PIDFile=$T/good.pid
ExecStart=/bin/sh -c 'sleep 1000 </dev/null >/dev/null 2>&1 & echo \$\$! >$T/good.pid'
E
unit own.service <<E
[Service]
Type=forking
GuessMainPID=no
PIDFile=$EVIL_DIR/own.pid
ExecStart=/bin/sh -c 'sleep 1001 </dev/null >/dev/null 2>&1 & echo \$\$! >$EVIL_DIR/own.pid'
E
unit foreign.service <<E
[Unit]
After=victim.service
[Service]
Type=forking
GuessMainPID=no
PIDFile=$EVIL_DIR/foreign.pid
ExecStart=/bin/sh -c 'cat $T/victim.pid >$EVIL_DIR/foreign.pid; sleep 1002 </dev/null >/dev/null 2>&1 &'
E
start_units --units "$U"
wait_ctl 10
wait_log 10 "'victim.service': starting -> running"
victim=$(main_pid victim)
retry 10 test -s "$T/victim.pid" || fail "no victim pid file"
wait_log 10 "'plain.service': starting -> running"
wait_log 10 "'link.service': starting -> running"
wait_log 10 "'good.service': starting -> running"
for name in plain link; do
	m=$(main_pid $name)
	[ "$m" != "$victim" ] || fail "$name.service took the victim's pid $victim from its PID file"
done
wait_log 5 "'plain.service': PIDFile $EVIL_DIR/plain.pid: pid $victim does not belong to the unit.*refusing"
wait_log 5 "'link.service': PIDFile $EVIL_DIR/link.pid.*unsafe"
retry 10 test -s "$T/good.pid" || fail "good.service wrote no PID file"
assert_eq "good.service: its main pid is the one in root's PID file" \
	"$(cat "$T/good.pid")" "$(main_pid good)"
wait_log 10 "'own.service': starting -> running"
wait_log 10 "'foreign.service': starting -> running"
own=$(cat "$EVIL_DIR/own.pid")
assert_eq "own.service: root's PID file in $EVIL's dir names its own daemon" \
	"$own" "$(main_pid own)"
! log_has "'own.service'.*PIDFile" || fail "own.service: a warning: $(grep own.service "$T/p1.log")"
[ "$(main_pid foreign)" != "$victim" ] || fail "foreign.service took the victim's pid $victim"
wait_log 5 "'foreign.service': PIDFile $EVIL_DIR/foreign.pid: pid $victim does not belong to the unit.*unsafe.*refusing"
ctl stop plain link good own foreign >/dev/null
retry 10 sh -c "! '$TENDCTL' -s '$T/run/control.sock' list | grep -q '^\(plain\|link\|good\|own\|foreign\).service  *\(running\|stopping\)'" ||
	fail "the units did not stop"
assert_eq "victim state" running "$(state victim)"
assert_eq "victim main pid" "$victim" "$(main_pid victim)"
stop_p1 TERM
