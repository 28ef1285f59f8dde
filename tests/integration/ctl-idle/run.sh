#!/usr/bin/env bash
# After tendctl requests, an idle tend has no wake-up left: the control
# socket's idle timer is armed only while a client is connected, not for
# clients long gone (it used to fire once, seconds after the last one).
. ../svc-lib.sh
SECS=${IDLE_SECONDS:-7}
unit web.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
wait_log 10 "all units settled"
pid=$(p1_host_pid)
switches() {
	awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { n += $2 } END { print n }' "/proc/$1/status"
}
for cmd in list status "--json status" is-ready "logs web" "status web"; do
	ctl $cmd >/dev/null || fail "tendctl $cmd"
done
retry 5 grep -q epoll "/proc/$pid/wchan" || fail "tend not waiting"
a=$(switches "$pid")
sleep "$SECS"	# the measurement window (past the 5 s idle timeout), not a synchronisation
b=$(switches "$pid")
echo "ctl-idle: tend context switches over $SECS s after 6 requests: $((b - a))"
assert_eq "wake-ups after the clients left" 0 $((b - a))
# a client still connected is closed at its idle timeout all the same
python3 - "$T/run/control.sock" <<'PY' || fail "an idle client was not closed"
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
t0 = time.time()
s.settimeout(15)
assert s.recv(16) == b"", "data from tend"
took = time.time() - t0
print("ctl-idle: idle client closed after %.1f s" % took)
assert 4 < took < 8, took
PY
stop_p1
echo "ctl-idle: ok"
