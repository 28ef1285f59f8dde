#!/usr/bin/env bash
# Garbage, oversized and non-reading clients are dropped; 100 clients at
# once are all served; tend keeps running.
. ../svc-lib.sh
unit web.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
sock="$T/run/control.sock"
python3 - "$sock" <<'PY' || fail "abuse client failed"
import socket, sys, os
path = sys.argv[1]
def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(path)
    return s
# garbage
s = conn(); s.send(os.urandom(64)); s.settimeout(5)
assert s.recv(4096) in (b"",), "garbage client not dropped"
# oversized
s = conn(); s.send(b"\x54\x45\x4e\x31" + b"x" * 8000); s.settimeout(5)
assert s.recv(4096) == b"", "oversized client not dropped"
# a client that never reads its replies: tend must drop it, not wait
import struct, time
s = conn(); s.setblocking(False)
req = struct.pack("<IHHI", 0x314e4554, 1, 1, 0)   # P1_STATUS, all units
sent, dropped, end = 0, False, time.time() + 20
while time.time() < end and not dropped:
    try:
        s.send(req); sent += 1
    except BlockingIOError:
        time.sleep(0.01)
    except (BrokenPipeError, ConnectionResetError):
        dropped = True
print("sent", sent, "dropped", dropped)
assert dropped, "tend kept a client that does not read"
PY
# 100 clients at once
pids=()
for i in $(seq 100); do ctl list >"$T/c$i" 2>&1 & pids+=($!); done
wait "${pids[@]}"
for i in $(seq 100); do grep -q "web.service" "$T/c$i" || fail "client $i: $(cat "$T/c$i")"; done
assert "garbage was logged" log_has "malformed request: dropped"
assert "oversize was logged" log_has "limit 4096): dropped"
retry 5 log_has "stopped reading: dropped" || fail "the non-reading client was not dropped"
ctl list | grep -q "^web.service  *running" || fail "tend no longer answers"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
