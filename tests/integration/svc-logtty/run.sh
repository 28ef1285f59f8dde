#!/usr/bin/env bash
# tend's own output on a terminal nobody reads (a serial console under
# flow control, a stuck pty): writes to a tty block like a full pipe, so
# tend reopens it non-blocking (O_NOCTTY) and queues or drops, counted.
# A flooding unit fills the pty; tend keeps answering, another unit's
# lines keep flowing, and the drops are reported once the tty drains.
. ../svc-lib.sh
flood_units flooding-the-console
# a pty whose master is held open and never read (until told to drain)
python3 -c '
import os, pty, signal, sys, time
m, s = pty.openpty()
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(os.ttyname(s))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
drain = False
def on_usr1(*_):
    global drain
    drain = True
signal.signal(signal.SIGUSR1, on_usr1)
out = open(sys.argv[2], "ab")
while True:
    if drain:
        out.write(os.read(m, 65536))
        out.flush()
    else:
        time.sleep(0.05)
' "$T/ptyname" "$T/drained" &
holder=$!
retry 5 test -s "$T/ptyname" || fail "no pty"
pts=$(cat "$T/ptyname")
unshare --pid --fork --mount-proc --kill-child "$TEND" --runtime-dir "$T/run" --units "$U" \
	</dev/null >"$pts" 2>&1 &
P1_PID=$!
wait_ctl 10
tend=$(p1_host_pid)
assert_eq "tend's stderr is the pty" "$pts" "$(readlink "/proc/$tend/fd/2")"
sleep 2	# let it flood: the pty's buffer fills within milliseconds
state=$(awk '{ print $3 }' "/proc/$tend/stat")
echo "tend's state with the pty full: $state ($(cat "/proc/$tend/wchan" 2>/dev/null))"
t0=$(date +%s%N)
timeout 5 "$TENDCTL" -s "$T/run/control.sock" status >/dev/null ||
	fail "tend did not answer with its terminal full (blocked in a write?)"
echo "status answered in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
n1=$(timeout 5 "$TENDCTL" -s "$T/run/control.sock" logs -n 1 quiet | sed 's/.* //')
retry 5 sh -c "[ \"\$(timeout 5 '$TENDCTL' -s '$T/run/control.sock' logs -n 1 quiet | sed 's/.* //')\" -gt $n1 ]" ||
	fail "quiet unit's lines stopped flowing with the terminal full"
dropped=$(ctl --json status flood | json_get 'j["units"][0]["log_dropped"]')
echo "flood lines dropped (terminal full): $dropped"
[ "$dropped" -gt 0 ] || fail "no drops counted while the terminal was full"
ctl stop flood.service >/dev/null
kill -USR1 "$holder"	# drain: the queued lines and the drop report follow
retry 10 grep -q "log lines dropped (output blocked)" "$T/drained" ||
	fail "no drop report after the terminal drained"
kill -TERM "$tend"
wait_p1
kill "$holder" 2>/dev/null || true
assert_eq "exit status" 0 "$P1_RC"
