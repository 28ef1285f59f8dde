#!/usr/bin/env bash
# Default backoff: restart delays double from 100 ms; the default start
# limit (5 starts in 10 s) then puts the unit in failed.
. ../svc-lib.sh
unit crash.service <<E
[Service]
Restart=always
Environment=CRASHLOOP_LOG=$T/starts CRASHLOOP_CODE=3
ExecStart=$EXAMPLES/crashloop
E
unit other.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_log 15 "'crash.service': .*-> failed"
assert "start limit was named" log_has "start limit hit"
n=$(count_lines "$T/starts")
assert_eq "starts before the limit" 5 "$n"
# delays between starts: each at least ~the doubled base, growing
mapfile -t ts <"$T/starts"
prev=0
for i in 1 2 3 4; do
	d=$((ts[i] - ts[i - 1]))
	want=$((100 << (i - 1)))
	[ "$d" -ge $((want * 9 / 10)) ] || fail "delay $i: ${d} ms < ${want} ms"
	[ "$d" -lt $((want + 400)) ] || fail "delay $i: ${d} ms, far above ${want} ms"
	[ "$d" -gt "$prev" ] || fail "delay $i (${d} ms) did not grow (prev ${prev} ms)"
	prev=$d
done
assert "other unit unaffected" log_has "'other.service': starting -> running"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
