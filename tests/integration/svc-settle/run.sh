#!/usr/bin/env bash
# A main process that ends on its own (not in a stop) and leaves processes
# behind, as systemd's stop-sigterm after it: KillMode=control-group sends
# KillSignal= to what is left and waits for it, up to TimeoutStopSec=,
# then FinalKillSignal= and as long again; only then ExecStopPost= and the
# restart.  KillMode=mixed sends FinalKillSignal= to them at once.  A stop
# asked for while they are being waited for runs no second ExecStop=.
. ../svc-lib.sh
M="settle.$$"	# in every leftover's command line: pgrep finds ours
# leftover NAME TRAP: a child that runs on after the main process quits;
# ExecStopPost= records whether it is still there (a zombie counts as gone)
leftover() {
	local name=$1 trap=$2
	shift 2
	unit "$name.service" <<E
[Service]
ExecStart=/bin/sh -c "sh -c '$trap; echo \$\$\$\$ >$T/$name.pid; touch $T/$name.up; while :; do sleep 0.05; done; : $name.$M' & while [ ! -e $T/$name.up ]; do sleep 0.02; done; exit 3"
ExecStopPost=/bin/sh -c "if grep -q . /proc/\$\$(cat $T/$name.pid)/cmdline 2>/dev/null; then echo alive; else echo gone; fi >>$T/$name.post"
$(printf '%s\n' "$@")
E
}
# the leftover needs 0.4 s after SIGTERM, and says it got it
slow="trap \\\"sleep 0.4; echo got TERM >>$T/SIG; exit 0\\\" TERM"
leftover term "${slow//SIG/term.sig}"
leftover stubborn 'trap \"\" TERM' TimeoutStopSec=1s
leftover mixed "${slow//SIG/mixed.sig}" KillMode=mixed
leftover stopped 'trap \"\" TERM' TimeoutStopSec=4s "ExecStop=/bin/sh -c 'echo stop >>$T/stopped.stop'"
unit restart.service <<E
[Unit]
StartLimitIntervalSec=0
[Service]
Restart=on-failure
RestartSec=100ms
ExecStart=/bin/sh -c "n=\$\$(cat $T/restart.n 2>/dev/null || echo 0); echo \$\$((n + 1)) >$T/restart.n; [ \$\$n -ge 1 ] && exec sleep 1000; sh -c '${slow//SIG/restart.sig}; touch $T/restart.up; while :; do sleep 0.05; done; : restart.$M' & while [ ! -e $T/restart.up ]; do sleep 0.02; done; exit 3"
E
start_units --units "$U"
wait_ctl 5
pid_of() { pgrep -f ": $1.$M" | head -n 1; }

wait_log 10 "'term.service': main process gone: sent SIGTERM to the processes left"
wait_log 10 "'term.service': .* -> failed"
assert_eq "control-group: the leftover had its SIGTERM time before ExecStopPost=" gone \
	"$(cat "$T/term.post")"
assert "the leftover got SIGTERM" grep -q "got TERM" "$T/term.sig"

wait_log 10 "'stubborn.service': processes left did not exit in time: sending SIGKILL"
wait_log 10 "'stubborn.service': .* -> failed"
assert_eq "a TERM-ignoring leftover is SIGKILLed before ExecStopPost=" gone \
	"$(cat "$T/stubborn.post")"
ms=$((($(date -r "$T/stubborn.post" +%s%N) - $(date -r "$T/stubborn.up" +%s%N)) / 1000000))
assert "no SIGKILL before TimeoutStopSec=1s (ExecStopPost= $ms ms after the start)" test "$ms" -ge 900

# (SIGKILL may leave nothing to wait for, and then says nothing)
wait_log 10 "'mixed.service': .* -> failed"
assert_eq "mixed: gone before ExecStopPost=" gone "$(cat "$T/mixed.post")"
assert "mixed: SIGKILL, no SIGTERM" test ! -e "$T/mixed.sig"

# restart only once the leftover is gone: one leftover, one SIGTERM
retry 10 test "$(cat "$T/restart.n" 2>/dev/null)" = 2 || fail "restart.service did not restart"
assert_eq "restart: the leftover had its SIGTERM time first" "got TERM" "$(cat "$T/restart.sig")"
assert "restart: the leftover is gone" test -z "$(pid_of restart)"

wait_log 10 "'stopped.service': main process gone: sent SIGTERM"
assert_eq "status while it waits" "running (stop-sigterm)" \
	"$(ctl --json status stopped.service | json_get 'j["units"][0]["state"] + " (" + j["units"][0]["sub"] + ")"')"
ctl stop stopped.service >/dev/null
retry 15 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^stopped.service  *inactive'" ||
	fail "stopped.service did not stop: $(ctl list | grep stopped)"
assert_eq "ExecStop= ran once" stop "$(cat "$T/stopped.stop")"
assert_eq "stopped: the leftover is gone by ExecStopPost=" gone "$(cat "$T/stopped.post")"
assert "stopped: the leftover is gone" test -z "$(pid_of stopped)"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
