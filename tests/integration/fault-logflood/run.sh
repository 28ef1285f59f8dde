#!/usr/bin/env bash
# 1 GiB of log lines from one unit at full speed while tend's own output
# is blocked (a FIFO whose reader never reads): tend reads it all (the
# writer finishes), its peak RSS (VmHWM) stays bounded, another unit's
# lines keep reaching `tendctl logs` throughout, the drops are counted,
# the flood's last line is in its ring, and tend still answers.
. ../svc-lib.sh
flood_units flooding-the-log	# quiet.service; flood.service is replaced
SIZE=$((1024 * 1024 * 1024))
# the flood: 1 GiB of 100-byte lines, then one last line
line=$(printf 'gigaflood %089d' 0)
unit flood.service <<E
[Service]
ExecStart=/bin/sh -c '/usr/bin/yes $line | head -c $SIZE; echo flood-done; exec sleep 1000'
E
mkfifo "$T/out"
sleep 1000 <"$T/out" &	# holds the read end, never reads
reader=$!
# flood waits for a start by hand: tend comes up, then the flood begins
mv "$U/flood.service" "$T/flood.service"
unshare --pid --fork --mount-proc --kill-child "$TEND" --runtime-dir "$T/run" --units "$U" \
	>"$T/out" 2>&1 &
P1_PID=$!
wait_ctl 10
quiet_n() { ctl logs -n 1 quiet | sed -n 's/.*quiet line \([0-9]*\).*/\1/p'; }
has_quiet() { [ -n "$(quiet_n)" ]; }
retry 10 has_quiet || fail "quiet unit's lines not captured"
tend=$(p1_host_pid)
kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
rss0=$(kb "$tend" VmRSS)
ticks() { awk '{ print $14 + $15 }' "/proc/$tend/stat"; }
c0=$(ticks)
mv "$T/flood.service" "$U/flood.service"
ctl reload-units >/dev/null
t0=$(date +%s%N)
done_flood() { ctl logs -n 5 flood | grep -q flood-done; }
q0=$(quiet_n) stalls=0 samples=0 last=$q0
until done_flood; do
	now=$(date +%s%N)
	[ $(((now - t0) / 1000000000)) -lt 150 ] || fail "1 GiB not through after 150 s"
	sleep 1
	q=$(quiet_n)
	samples=$((samples + 1))
	[ "$q" -gt "$last" ] || stalls=$((stalls + 1))
	last=$q
	kill -0 "$tend" || fail "tend died"
done
took=$((($(date +%s%N) - t0) / 1000000))
cpu=$((($(ticks) - c0) * 1000 / $(getconf CLK_TCK)))
hwm=$(kb "$tend" VmHWM) rss=$(kb "$tend" VmRSS)
dropped=$(ctl --json status flood | json_get 'j["units"][0]["log_dropped"]')
echo "1 GiB through tend in ${took} ms ($((SIZE / 1024 / took)) MB/s), tend CPU ${cpu} ms"
echo "tend VmRSS: $rss0 kB before, $rss kB after, peak (VmHWM) $hwm kB"
echo "quiet lines: $q0 -> $last over $samples one-second samples, $stalls without progress"
echo "flood lines dropped from tend's blocked output: $dropped of $((SIZE / 100))"
[ "$hwm" -lt $((rss0 + 8192)) ] || fail "tend peaked at $hwm kB (from $rss0 kB) under the flood"
[ "$stalls" -le $((samples / 4)) ] || fail "quiet unit's lines stalled in $stalls of $samples seconds"
[ "$last" -gt "$q0" ] || fail "quiet unit's lines stopped during the flood"
[ "$dropped" -gt $((SIZE / 100 / 2)) ] || fail "only $dropped drops counted with tend's output blocked"
ctl list | grep -q "^quiet.service  *running" || fail "quiet unit not running"
stop_p1 TERM
kill "$reader" 2>/dev/null || true
assert_eq "exit status" 0 "$P1_RC"
