#!/usr/bin/env bash
# Hole 5: a unit name too long for <runtime-dir>/notify/<name> in sun_path
# once fell back to a predictable abstract socket (@tend/1/#1), which has
# no permissions and which anyone can bind first.  A local user squats
# that name before tend starts; the unit still gets a NOTIFY_SOCKET, a
# file with a short name in tend's notify directory, and its READY=1 is
# heard.
. ../lib.sh
make_user
name=$(printf 'n%.0s' $(seq 110)).service
unit "$name" <<E
[Service]
Type=notify
TimeoutStartSec=5
ExecStart=$PY $PWD/ready.py $T/sock
E
# the squatter: the abstract names the old code would have chosen
as_evil "$PY" -c '
import socket, time
held = []
for n in ["tend/1/#1", "tend/1/#2"]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind("\0" + n)
    held.append(s)
open("'"$EVIL_DIR"'/bound", "w").close()
time.sleep(60)
' &
disown
retry 5 test -e "$EVIL_DIR/bound" || fail "the squatter did not bind"
start_units --units "$U"
wait_ctl 10
retry 5 test -s "$T/sock" || fail "the unit did not start: $(tail -n 5 "$T/p1.log")"
sock=$(cat "$T/sock")
echo "NOTIFY_SOCKET=$sock"
case $sock in
"$T/run/notify/"*) ;;
*) fail "NOTIFY_SOCKET is not a file in the notify directory: '$sock'" ;;
esac
[ -S "$sock" ] || fail "$sock is not a socket"
[ ${#sock} -lt 108 ] || fail "$sock does not fit in sun_path"
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^$name  *running'" ||
	fail "READY=1 not heard: $(tail -n 5 "$T/p1.log")"
stop_p1 TERM
