#!/usr/bin/env bash
# tend runs out of file descriptors: its RLIMIT_NOFILE is cut (prlimit)
# to a little above its highest fd, and idle control clients take the rest.
# Then a restarting unit's spawns fail with a clear "Too many open files"
# at its RestartSec pace; accept() fails and is logged, and tend does not
# spin on the listener it cannot accept from while a client waits in the
# backlog; the steady unit runs on and tend lives.  When the idle clients
# go, their fds are freed: the waiting client is answered, the unit runs
# again, and once the limit is lifted the fd count is back where it was.
. ../svc-lib.sh
command -v prlimit >/dev/null || skip "no prlimit (util-linux)"
unit blink.service <<E
[Unit]
StartLimitIntervalSec=0
[Service]
Restart=always
RestartSec=300ms
ExecStart=/bin/sleep 0.3
E
unit steady.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
steady=$(main_pid steady)
tend=$(p1_host_pid)
nfd() { ls "/proc/$tend/fd" | wc -l; }
fd0=$(nfd)
lim0=$(prlimit --pid "$tend" --nofile --raw --noheadings -o SOFT,HARD | awk '{ print $1 ":" $2 }')
top=$(ls "/proc/$tend/fd" | sort -n | tail -n 1)
# 8 fds of room above the highest: idle clients take them, and give them
# back when they go (with no room at all they only fill the backlog, and
# their leaving frees nothing in tend)
lim=$((top + 1 + 8))
prlimit --pid "$tend" --nofile="$lim:${lim0#*:}"
# idle clients connect until tend can take no more and the backlog is
# full (a full backlog may also just mean tend is slow: keep trying); they
# hold on until $T/go appears
python3 - "$T/run/control.sock" "$T/go" >"$T/hog" 2>&1 <<'PY' &
import os, socket, sys, time
socks = []
while not os.path.exists(sys.argv[2]):
    if len(socks) >= 600:
        time.sleep(0.05)
        continue
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET | socket.SOCK_NONBLOCK)
    try:
        s.connect(sys.argv[1])
        socks.append(s)
    except BlockingIOError:
        s.close()	# the backlog is full
        time.sleep(0.05)
print(len(socks), "connected", flush=True)
PY
hog=$!
accept_log="control socket: accept: Too many open files"
wait_log 20 "$accept_log"
emfile="'blink.service': .*Too many open files"
wait_log 20 "$emfile"
echo "tend: $fd0 fds, RLIMIT_NOFILE $lim0 cut to $lim; $(nfd) fds with the idle clients"
# one more client waits in the backlog: tend cannot accept it now
"$TENDCTL" -s "$T/run/control.sock" list >"$T/late" 2>&1 &
late=$!
ticks() { awk '{ print $14 + $15 }' "/proc/$tend/stat"; }
t0=$(ticks) n0=$(grep -c "$emfile" "$T/p1.log")
sleep 3	# the length of the outage is the point of this test
t1=$(ticks) n1=$(grep -c "$emfile" "$T/p1.log")
cpu=$(((t1 - t0) * 100 / $(getconf CLK_TCK) / 3))
echo "out of fds: tend CPU ${cpu}% of a core, $((n1 - n0)) spawns refused in 3 s"
grep -m 1 "$emfile" "$T/p1.log"
grep -m 1 "$accept_log" "$T/p1.log"
[ "$cpu" -lt 30 ] || fail "tend spins at ${cpu}% of a core while out of fds"
[ $((n1 - n0)) -ge 2 ] || fail "tend stopped retrying blink: $((n1 - n0)) attempts"
[ $((n1 - n0)) -le 40 ] || fail "tend retries in a hot loop: $((n1 - n0)) attempts in 3 s"
kill -0 "$tend" || fail "tend died"
kill -0 "$late" 2>/dev/null || fail "a client was answered while tend had no fd: $(cat "$T/late")"
# the idle clients leave: their fds free up
t0=$(date +%s%N)
touch "$T/go"
wait "$hog" || fail "idle clients: $(cat "$T/hog")"
echo "idle clients: $(cat "$T/hog")"
done_late() { ! kill -0 "$late" 2>/dev/null; }
retry 20 done_late || fail "the waiting client was not answered after fds were freed"
wait "$late" || fail "the waiting client failed: $(cat "$T/late")"
grep -q "^steady.service  *running" "$T/late" || fail "late answer: $(cat "$T/late")"
echo "waiting client answered $((($(date +%s%N) - t0) / 1000000)) ms after fds were freed"
r0=$(ctl --json status blink | json_get 'j["units"][0]["restarts"]')
more() { [ "$(ctl --json status blink | json_get 'j["units"][0]["restarts"]')" -ge $((r0 + 3)) ]; }
retry 20 more || fail "blink does not run again: $(ctl list | grep blink)"
prlimit --pid "$tend" --nofile="$lim0"
assert_eq "steady unit untouched" "$steady" "$(main_pid steady)"
fd_back() { [ "$(nfd)" -le "$fd0" ]; }
retry 10 fd_back || fail "tend holds $(nfd) fds, $fd0 before"
echo "tend fds: $fd0 before, $(nfd) after"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
