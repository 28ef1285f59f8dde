#!/usr/bin/env bash
# A notify flood: 8 processes inside a Type=notify unit (not its main
# process), another unit and 3 processes outside tend's PID namespace
# send forged READY=1/STATUS=/MAINPID=/WATCHDOG=trigger, garbage, NULs,
# oversized datagrams and passed fds, as fast as they can, to the unit's
# NOTIFY_SOCKET.  With NotifyAccess=main all of it is rejected: the unit
# stays "starting" and no forged STATUS= shows.  tend stays up, its RSS
# and fd count stay bounded, and the main process's own STATUS= and
# READY=1, sent during the flood, still take effect.
. ../svc-lib.sh
mkdir "$T/n"
flood="$PWD/flood.py"
unit nt.service <<E
[Service]
Type=notify
TimeoutStartSec=120s
Environment=KIDS=8
ExecStart=/usr/bin/python3 $flood main $T/n
E
unit intruder.service <<E
[Service]
ExecStart=/usr/bin/python3 $flood flood $T/n intruder
E
unit steady.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
tend=$(p1_host_pid)
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$tend/status"; }
nfd() { ls "/proc/$tend/fd" | wc -l; }
retry 10 test -s "$T/n/path" || fail "nt.service did not start"
rss0=$(rss) fd0=$(nfd)
hosts=()
for i in 1 2 3; do
	python3 "$flood" flood "$T/n" "host $i" >"$T/host$i" &
	hosts+=($!)
done
# sample: tend's RSS and fds, and nt's status (raw JSON, no python: the
# flood has the CPUs)
peak=0 maxfd=0
sample() {
	local r f
	r=$(rss) f=$(nfd)
	[ "$r" -gt "$peak" ] && peak=$r
	[ "$f" -gt "$maxfd" ] && maxfd=$f
	J=$(ctl --json status nt)
	case $J in *forged*) fail "forged STATUS= accepted: $J" ;; esac
}
state() { grep -o '"state":"[a-z-]*"' <<<"$J" | cut -d'"' -f4; }
for i in $(seq 20); do	# ~2 s of flood
	sample
	assert_eq "state during the flood" starting "$(state)"
	sleep 0.1
done
kill -0 "$tend" || fail "tend died"
# the real readiness, sent while the flood goes on
touch "$T/n/ready"
t0=$(date +%s%N)
running() { sample; [ "$(state)" = running ]; }
retry 30 running || fail "READY=1 from the main process lost in the flood: $(state)"
echo "main's READY=1 took effect $((($(date +%s%N) - t0) / 1000000)) ms after it was sent"
grep -q '"status_text":"main is ready"' <<<"$J" || fail "STATUS= from the main process: $J"
for i in $(seq 10); do
	sample
	sleep 0.1
done
touch "$T/n/stop"
for p in "${hosts[@]}"; do wait "$p"; done
retry 10 sh -c "[ \$(cat '$T'/n/kid* | wc -l) -eq 8 ]" || fail "unit flooders did not finish"
total=$(cat "$T"/host* "$T"/n/kid* | awk '{ n += $NF } END { print n }')
echo "datagrams sent: $total (8 in-unit, 3 host flooders, plus intruder.service)"
echo "tend VmRSS: $rss0 kB before, peak $peak kB; fds: $fd0 before, peak $maxfd"
[ "$total" -gt 10000 ] || fail "the flood was too small to mean anything: $total"
[ "$peak" -le $((rss0 + 4096)) ] || fail "tend grew from $rss0 to $peak kB"
[ "$maxfd" -le $((fd0 + 8)) ] || fail "tend's fds grew from $fd0 to $maxfd (passed fds kept?)"
log_has "'nt.service': notify: " || fail "bad datagrams not reported"
grep -m 3 "'nt.service': notify: " "$T/p1.log"
fd_back() { [ "$(nfd)" -le "$fd0" ]; }
retry 5 fd_back || fail "tend holds $(nfd) fds, $fd0 before"
ctl list | grep -q "^steady.service  *running" || fail "steady unit not running"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
