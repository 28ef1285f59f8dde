#!/usr/bin/env bash
# Type=forking without PIDFile=: GuessMainPID= (default yes) takes the one
# process of the unit that the parent left as tend's child, as systemd
# does; so Restart= fires when that master dies, `tendctl restart` stops
# the old master before starting a new one, and status shows the master,
# not the parent's exit.  Several candidates: no main pid, and a warning.
# Also with no cgroup at all (tend without privileges): the process tree.
. ../svc-lib.sh
M=$((RANDOM % 9000 + 1000))
unit guess.service <<E
[Service]
Type=forking
ExecStart=$EXAMPLES/forking-daemon $T/guess.pid
Restart=always
RestartSec=50ms
E
# apache2's shape: a master that forks its workers, its parent exits at once
cat >"$T/master.sh" <<E
#!/bin/sh
echo \$\$ >$T/master
sleep $M.1 & sleep $M.2 & wait
E
chmod 755 "$T/master.sh"
unit apache.service <<E
[Service]
Type=forking
ExecStart=/bin/sh -c 'setsid $T/master.sh & exit 0'
Restart=on-abort
RestartSec=50ms
KillMode=mixed
E
unit twins.service <<E
[Service]
Type=forking
ExecStart=/bin/sh -c 'setsid sleep $M.3 & setsid sleep $M.4 & exit 0'
E
# a PIDFile= that never appears: the guess stands in, as in systemd
unit nopidfile.service <<E
[Service]
Type=forking
PIDFile=$T/never.pid
ExecStart=/bin/sh -c 'setsid sleep $M.6 & exit 0'
E
unit noguess.service <<E
[Service]
Type=forking
GuessMainPID=no
ExecStart=/bin/sh -c 'setsid sleep $M.5 & exit 0'
E
start_units --units "$U"
wait_ctl 10
retry 10 test -s "$T/guess.pid" || fail "the forking daemon did not start"
retry 10 test -s "$T/master" || fail "the apache-like master did not start"
wait_log 10 "'guess.service': main process $(cat "$T/guess.pid") (guessed)"
pid=$(cat "$T/guess.pid")
assert_eq "guessed main pid" "$pid" "$(main_pid guess.service)"
ctl status guess.service >"$T/status"
grep -q "state: running (running)" "$T/status" || fail "status: $(cat "$T/status")"
grep -q "last exit" "$T/status" && fail "the parent's exit shown as last exit: $(cat "$T/status")"
assert_eq "json sub" running "$(ctl --json status guess.service | json_get 'j["units"][0]["sub"]')"
assert_eq "json last_exit" None "$(ctl --json status guess.service | json_get 'j["units"][0]["last_exit"]')"
# Restart= on the master's death (pids tend shows are the namespace's)
new_main() {	# UNIT OLD: the unit has a main pid, not OLD
	local p
	p=$(main_pid "$1")
	[ -n "$p" ] && [ "$p" != None ] && [ "$p" != "$2" ]
}
kill -KILL "$(pgrep -f "forking-daemon $T/guess.pid" | head -n 1)"
retry 10 new_main guess.service "$pid" ||
	fail "not restarted after its master died: $(tail -n 20 "$T/p1.log")"
ctl --json status guess.service >"$T/json"
assert_eq "restarts" 1 "$(json_get 'j["units"][0]["restarts"]' <"$T/json")"
assert_eq "last exit: the master's" "{'signal': 'SIGKILL', 'core': False}" \
	"$(json_get 'j["units"][0]["last_exit"]' <"$T/json")"
# tendctl restart stops the old master first
old=$(main_pid guess.service)
ctl restart guess.service
retry 10 new_main guess.service "$old" || fail "restart did not start a new master"
new=$(main_pid guess.service)
assert_eq "one daemon: the old master was stopped" 1 "$(pgrep -fc "forking-daemon $T/guess.pid")"
ended=$(grep -n "'guess.service': process $old exited" "$T/p1.log" | head -n 1 | cut -d: -f1)
began=$(grep -n "'guess.service': main process $new (guessed)" "$T/p1.log" | cut -d: -f1)
[ -n "$ended" ] && [ -n "$began" ] && [ "$ended" -lt "$began" ] ||
	fail "the old master did not end before the new one ran: $(tail -n 20 "$T/p1.log")"
# the apache-like master is the main pid; its death restarts the unit
master=$(cat "$T/master")
retry 10 sh -c "[ \"\$('$TENDCTL' -s '$T/run/control.sock' --json status apache.service | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"units\"][0][\"main_pid\"])')\" = $master ]" ||
	fail "apache master $master is not the main pid: $(ctl status apache.service)"
rm -f "$T/master"
kill -ABRT "$(pgrep -f "$T/master.sh" | head -n 1)"
retry 10 test -s "$T/master" || fail "apache.service not restarted on abort: $(tail -n 20 "$T/p1.log")"
assert_eq "workers of the old master are gone" 1 "$(pgrep -fc "^sleep $M\.1\$")"
# two candidates: no guess
wait_log 10 "'twins.service': several processes could be the main one"
assert_eq "twins: no main pid" None "$(main_pid twins.service)"
ctl status twins.service | grep -q "state: running (exited)" || fail "twins: $(ctl status twins.service)"
assert_eq "GuessMainPID=no" None "$(main_pid noguess.service)"
wait_log 10 "'nopidfile.service': main process [0-9]* (guessed)"
[ "$(main_pid nopidfile.service)" != None ] || fail "no main pid after a missing PIDFile="
log_has "'noguess.service'.*guess" && fail "GuessMainPID=no guessed"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
pgrep -f "sleep $M\." && fail "processes left after the stop"

# no cgroup: tend without privileges, guessing from its process tree
getent passwd nobody >/dev/null || exit 0
command -v setpriv >/dev/null || exit 0
rm -f "$T/guess.pid" "$T/master" "$U/twins.service" "$U/noguess.service" "$U/apache.service" \
	"$U/nopidfile.service"
mkdir -p "$T/run2"
chmod 777 "$T" "$T/run2"
chmod 755 "$U"
setpriv --reuid nobody --regid "$(id -g nobody)" --clear-groups \
	unshare --user --map-root-user --pid --fork --mount-proc --kill-child \
	"$TEND" --runtime-dir "$T/run2" --units "$U" >"$T/p1.log" 2>&1 &
P1_PID=$!
retry 10 test -s "$T/guess.pid" || fail "rootless: the daemon did not start: $(cat "$T/p1.log")"
wait_log 10 "'guess.service': main process"
pid=$(cat "$T/guess.pid")
kill -KILL "$(pgrep -f "forking-daemon $T/guess.pid" | head -n 1)"
retry 10 sh -c "test -s '$T/guess.pid' && [ \"\$(cat '$T/guess.pid')\" != $pid ]" ||
	fail "rootless: not restarted after its master died: $(tail -n 20 "$T/p1.log")"
stop_p1 TERM
