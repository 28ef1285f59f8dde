#!/usr/bin/env bash
# 1,000 control clients at once (ctl-abuse covers garbage, oversized and
# non-reading ones, and 100 tendctl in parallel).  Held: 1,000 sockets
# connect and each sends a request; every one is either answered or
# closed by tend (over its client cap), none hangs.  Churn: 1,000 clients
# connect, ask and hang up concurrently, refused ones retrying, until all
# are answered.  tend answers throughout and afterwards holds exactly as
# many fds as before (no leak).
. ../svc-lib.sh
unit web.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
tend=$(p1_host_pid)
nfd() { ls "/proc/$tend/fd" | wc -l; }
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^web.service  *running'" ||
	fail "web.service did not start"
fd0=$(settled_nfd "$tend")	# not while wait_ctl's client is still being closed
python3 - "$T/run/control.sock" "$tend" <<'PY' || fail "client storm failed"
import os, select, socket, struct, sys, time
path, tend = sys.argv[1], sys.argv[2]
N = 1000
REQ = struct.pack("<IHHI", 0x314e4554, 1, 2, 0)	# P1_LIST
END = 0x104				# P1_R_END

def nfd():
    return len(os.listdir("/proc/%s/fd" % tend))

def answer(s):
    """Read replies until END: True, or False when tend closed the socket."""
    while True:
        m = s.recv(8192)
        if not m:
            return False
        if struct.unpack_from("<IHHI", m)[2] == END:
            return True

# held: all 1,000 open at the same time
socks = []
for i in range(N):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(path)		# blocking: waits while the backlog is full
    s.settimeout(20)
    socks.append(s)
held_fds = nfd()
served = refused = 0
for s in socks:
    try:
        s.send(REQ)
        ok = answer(s)
    except (BrokenPipeError, ConnectionResetError):
        ok = False
    except socket.timeout:
        sys.exit("a held client got neither an answer nor a close in 20 s")
    served += ok
    refused += not ok
print("held: %d connected, %d answered, %d closed by tend (cap); tend held %d fds" %
      (N, served, refused, held_fds))
assert served >= 100, "only %d of %d held clients answered" % (served, N)
for s in socks:
    s.close()

# churn: 1,000 clients at once, each connect, ask, read, hang up
pending, live, answered, retries = N, {}, 0, 0
poll = select.epoll()
deadline = time.time() + 40
while (pending or live) and time.time() < deadline:
    while pending and len(live) < N:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET | socket.SOCK_NONBLOCK)
        try:
            s.connect(path)
            s.send(REQ)
        except (BlockingIOError, ConnectionRefusedError, BrokenPipeError, ConnectionResetError):
            s.close()		# backlog full or cap: try again later
            retries += 1
            break
        live[s.fileno()] = s
        poll.register(s, select.EPOLLIN)
        pending -= 1
    for fd, ev in poll.poll(0.05):
        s = live.pop(fd)
        poll.unregister(s)
        try:
            s.setblocking(True)
            s.settimeout(5)
            ok = answer(s)
        except (ConnectionResetError, BrokenPipeError):
            ok = False
        s.close()
        if ok:
            answered += 1
        else:
            pending += 1
            retries += 1
print("churn: %d of %d clients answered, %d refusals retried" % (answered, N, retries))
assert answered == N, "churn: only %d of %d answered in 40 s" % (answered, N)
PY
retry 10 sh -c "[ \$(ls /proc/$tend/fd | wc -l) -eq $fd0 ]" ||
	fail "fd leak: tend had $fd0 fds before, $(nfd) after"
echo "tend fds: $fd0 before, $(nfd) after"
ctl list | grep -q "^web.service  *running" || fail "tend no longer answers"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
