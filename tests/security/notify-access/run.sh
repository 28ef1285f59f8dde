#!/usr/bin/env bash
# Hole 4: notify access is decided by the sender's pid, not its uid.
# web.service runs as a throwaway user with NotifyAccess=all.  A process
# of the same user outside tend, and another unit with the same User=,
# send READY=1 and a forged STATUS= to web's socket: both are refused
# (logged once for the unit, then counted) and web stays "starting"
# until its own READY=1.  dropper.service starts as root with
# NotifyAccess=main and drops to the user before READY=1, as dbus or
# chrony do: it is heard.
. ../lib.sh
make_user
unit web.service <<E
[Service]
Type=notify
User=$EVIL
NotifyAccess=all
TimeoutStartSec=60
ExecStart=$PY $PWD/unit.py $EVIL_DIR web
E
unit other.service <<E
[Service]
User=$EVIL
ExecStart=/bin/sh -c 'while [ ! -s $EVIL_DIR/web.sock ]; do sleep 0.05; done; exec $PY $PWD/send.py $EVIL_DIR/web.sock "READY=1\\\\nSTATUS=forged-by-other"'
E
unit dropper.service <<E
[Service]
Type=notify
NotifyAccess=main
TimeoutStartSec=60
ExecStart=$PY $PWD/unit.py $EVIL_DIR dropper $EVIL_UID
E
start_units --units "$U"
wait_ctl 10
retry 10 test -s "$EVIL_DIR/web.sock" || fail "web.service did not start"
# outside tend, same uid: five times
as_evil "$PY" "$PWD/send.py" "$EVIL_DIR/web.sock" "READY=1\nSTATUS=forged-outside" 5 ||
	fail "the outsider could not even send (socket not open to every uid?)"
wait_log 10 "'other.service': process [0-9]* exited 0"
st=$(ctl --json status web)
case $st in *forged*) fail "forged STATUS= accepted: $st" ;; esac
assert_eq "web before its READY=1" starting "$(state web)"
wait_log 5 "'web.service': notify: message from pid [0-9]* (uid $EVIL_UID) refused: NotifyAccess=all"
n=$(grep -c "'web.service': notify: message from pid" "$T/p1.log")
assert_eq "refusals logged for web (then counted)" 1 "$n"
# the real thing: web's own READY=1, and the uid-changing dropper's
touch "$EVIL_DIR/go"
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^web.service  *running'" ||
	fail "web's own READY=1 was not heard: $(tail -n 5 "$T/p1.log")"
ctl --json status web | grep -q '"status_text":"real"' || fail "web's STATUS=: $(ctl --json status web)"
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^dropper.service  *running'" ||
	fail "dropper's READY=1 after changing its uid was refused: $(grep dropper "$T/p1.log" | tail -n 5)"
stop_p1 TERM
