#!/usr/bin/env bash
# A supervisor of thousands of units answers list, status and list-timers
# in full: 2,000 services (500 of them with a timer) and tend's built-in
# targets, more than any one reply could hold.  tend streams one record
# per unit as tendctl reads them; text and --json show every unit.
. ../svc-lib.sh
N=${CTL_MANY_UNITS:-2000}
TIMERS=${CTL_MANY_TIMERS:-500}
for i in $(seq 1 "$N"); do
	printf '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n' \
		>"$U/u$i.service"
done
for i in $(seq 1 "$TIMERS"); do	# next elapse: next year, no wake-up meanwhile
	printf '[Timer]\nOnCalendar=*-01-01 00:00:00\n' >"$U/u$i.timer"
done
ls "$U" | sort >"$T/want"
start_units --units "$U"
wait_ctl 30
wait_log 60 "all units settled"

# slow_ctl OUT ARGS...: tendctl whose output goes through a pipe read only
# after a second, as into a pager or a slow terminal: tendctl stops reading
# the socket while the pipe is full, and tend must wait for it, not give up
slow_ctl() {
	local out=$1
	shift
	set -o pipefail
	ctl "$@" | { sleep 1; cat; } >"$out"	# the slow reader, not a synchronisation
	local rc=$?
	set +o pipefail
	return $rc
}
# names: the first column of a listing, sorted; missing: wanted, not listed
missing() {
	comm -23 "$T/want" <(awk '{ print $1 }' "$1" | sort -u) | head -n 3
}
# timed: tendctl reading as fast as it can
for what in list status "--json list" "--json status" list-timers; do
	t0=$(date +%s%N)
	ctl $what >"$T/fast" || fail "$what failed"
	echo "ctl-many: tendctl $what: $((($(date +%s%N) - t0) / 1000000)) ms," \
		"$(wc -l <"$T/fast") lines, $(wc -c <"$T/fast") bytes"
done
slow_ctl "$T/list" list || fail "list failed: $(head -c 300 "$T/list")"
total=$(wc -l <"$T/list")
[ "$total" -ge $((N + TIMERS)) ] || fail "list shows $total units"
assert_eq "list: units not listed" "" "$(missing "$T/list")"
grep -q '^u2000.service  *active\|^u2000.service  *running' "$T/list" ||
	fail "u2000.service not up: $(grep '^u2000.service' "$T/list")"

slow_ctl "$T/list.json" --json list || fail "list --json failed"
assert_eq "--json list: units" "$total" "$(json_get 'len(j["units"])' <"$T/list.json")"
json_get '"\n".join(u["name"] for u in j["units"])' <"$T/list.json" >"$T/list.names"
assert_eq "--json list: units not listed" "" "$(missing "$T/list.names")"
json_get 'sorted(j["units"][0].keys())' <"$T/list.json" |
	grep -qx "\['name', 'state', 'sub', 'want'\]" || fail "--json list keys changed"

slow_ctl "$T/status" status || fail "status failed: $(tail -c 300 "$T/status")"
assert_eq "status: unit lines" "$total" "$(wc -l <"$T/status")"
assert_eq "status: units not shown" "" "$(missing "$T/status")"
slow_ctl "$T/status.json" --json status || fail "status --json failed"
assert_eq "--json status: units" "$total" "$(json_get 'len(j["units"])' <"$T/status.json")"

slow_ctl "$T/timers" list-timers || fail "list-timers failed"
assert_eq "list-timers: timers" "$TIMERS" "$(grep -c ' u[0-9]*\.timer  *u[0-9]*\.service$' "$T/timers")"
grep -q ' u500\.timer  *u500\.service$' "$T/timers" || fail "u500.timer not listed"
slow_ctl "$T/timers.json" --json list-timers || fail "--json list-timers failed"
assert_eq "--json list-timers" "$TIMERS" "$(json_get 'len(j["timers"])' <"$T/timers.json")"

# status of named units: every one of 200 names in one request
slow_ctl "$T/named" status $(seq -f "u%g.service" 1 200) || fail "status of 200 named units"
assert_eq "status of 200 named units" 200 "$(grep -c '^    state: ' "$T/named")"
ctl status u1.service nosuch.service >/dev/null 2>&1 && fail "status of an unknown unit"
# a client that asks for the list and never reads: tend neither blocks nor
# buffers the list for it; it is dropped once its reply stalls 5 s
python3 - "$T/run/control.sock" >"$T/stalled" <<'PY' &
import socket, struct, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
s.send(struct.pack("<IHHI", 0x314e4554, 1, 2, 0))	# P1_LIST, no field
time.sleep(12)	# holds its end open, reads nothing
PY
stalled=$!
ctl list >"$T/list2" || fail "list while another client stalls"
assert_eq "list while another client stalls" "$total" "$(wc -l <"$T/list2")"
wait_log 10 "control client (uid 0) stopped reading: dropped"
kill "$stalled" 2>/dev/null || true
wait "$stalled" 2>/dev/null || true
stop_p1
echo "ctl-many: ok"
