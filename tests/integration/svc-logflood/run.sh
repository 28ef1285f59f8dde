#!/usr/bin/env bash
# A unit writing as fast as it can while tend's own output is blocked (a
# pipe nobody reads): tend never blocks, its memory stays bounded, other
# units' lines still reach their rings, and the drops are counted.
. ../svc-lib.sh
flood_units flooding-the-log
mkfifo "$T/out"
sleep 1000 <"$T/out" &	# holds the read end, never reads
reader=$!
unshare --pid --fork --mount-proc --kill-child "$TEND" --runtime-dir "$T/run" --units "$U" \
	>"$T/out" 2>&1 &
P1_PID=$!
wait_ctl 10
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' logs -n 1 quiet | grep -q 'quiet line'" ||
	fail "quiet unit's lines not captured"
tend=$(p1_host_pid)
sleep 2	# let it flood: a fixed span is the point of this test
rss1=$(awk '/VmRSS/ {print $2}' "/proc/$tend/status")
sleep 2
rss2=$(awk '/VmRSS/ {print $2}' "/proc/$tend/status")
echo "tend VmRSS: $rss1 kB, then $rss2 kB"
[ "$rss2" -lt 16384 ] || fail "tend grew to $rss2 kB under a log flood"
[ "$rss2" -le $((rss1 + 512)) ] || fail "tend keeps growing: $rss1 -> $rss2 kB"
n1=$(ctl logs -n 1 quiet | sed 's/.* //')
retry 5 sh -c "[ \"\$('$TENDCTL' -s '$T/run/control.sock' logs -n 1 quiet | sed 's/.* //')\" -gt $n1 ]" ||
	fail "quiet unit's lines stopped flowing during the flood"
dropped=$(ctl --json status flood | json_get 'j["units"][0]["log_dropped"]')
echo "flood lines dropped (tend's output blocked): $dropped"
[ "$dropped" -gt 0 ] || fail "no drops counted while tend's output was blocked"
ctl logs -n 3 flood | grep -q flooding-the-log || fail "flood ring empty"
kill -TERM "$tend"
wait_p1
kill "$reader" 2>/dev/null || true
assert_eq "exit status" 0 "$P1_RC"
