#!/usr/bin/env bash
# Hole 9: the control slots.  A local user who can reach the socket (it
# is opened to everyone here, as a group-readable socket would be) opens
# every one of the 256 slots and sends nothing.  root's tendctl still gets
# through at once (a per-uid cap, headroom kept for root), and the idle
# connections are closed by tend within its idle timeout.
. ../lib.sh
make_user
unit web.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
chmod 755 "$T/run"
chmod 666 "$T/run/control.sock"
# the attacker: 300 idle connections, held; prints how many connected
as_evil "$PY" - "$T/run/control.sock" "$EVIL_DIR/held" <<'PY' &
import socket, sys, time
path, out = sys.argv[1], sys.argv[2]
held = []
for i in range(300):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        s.connect(path)
    except OSError:
        break
    held.append(s)
time.sleep(0.5)		# let tend accept (or refuse) them all
def open_(s):
    try:
        s.setblocking(False)
        return s.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
open(out, "w").write("%d\n" % sum(open_(s) for s in held))
# then watch tend close the idle ones: how many are closed, and when
t0 = time.time()
while time.time() - t0 < 30 and any(open_(s) for s in held):
    time.sleep(0.2)
open(out + ".closed", "w").write("%d %d %.1f\n" % (sum(not open_(s) for s in held), len(held),
                                                   time.time() - t0))
time.sleep(60)
PY
evil=$!; disown
retry 10 test -s "$EVIL_DIR/held" || fail "the attacker did not report"
held=$(cat "$EVIL_DIR/held")
echo "attacker holds $held connections open"
[ "$held" -le 32 ] || fail "one uid holds $held of the 256 slots (cap 32)"
t0=$(date +%s%N)
ctl list >"$T/list" 2>&1 || fail "root's tendctl was locked out: $(cat "$T/list")"
ms=$((($(date +%s%N) - t0) / 1000000))
echo "root's tendctl list answered in $ms ms"
[ "$ms" -lt 2000 ] || fail "root waited $ms ms"
wait_log 5 "control socket: uid $EVIL_UID holds 32 connection(s)"
# the idle ones are closed by tend (CTL_IDLE_MS, 5 s)
retry 20 test -s "$EVIL_DIR/held.closed" || fail "the attacker did not report closes"
read -r n total secs <"$EVIL_DIR/held.closed"
echo "of $total connections, $n closed by tend (the last after $secs s)"
assert_eq "connections closed by tend" "$total" "$n"
awk -v s="$secs" 'BEGIN { exit !(s >= 3 && s <= 15) }' ||
	fail "the idle ones were closed after $secs s, not after the idle timeout (5 s)"
kill "$evil" 2>/dev/null || true
wait "$evil" 2>/dev/null || true
ctl list >/dev/null || fail "tendctl after the attack"
stop_p1 TERM
