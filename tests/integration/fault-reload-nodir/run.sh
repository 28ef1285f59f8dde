#!/usr/bin/env bash
# The unit directory disappears (renamed, then removed) and units are
# reloaded, by tendctl reload-units and by SIGHUP: the reload fails with
# an error naming the directory, running units keep running with the
# same pids, tend stays up; once the directory is back a reload works.
. ../svc-lib.sh
for u in a b c; do
	unit "$u.service" <<E
[Service]
ExecStart=/bin/sleep 1000
E
done
start_units --units "$U"
wait_ctl 10
for u in a b c; do wait_log 10 "'$u.service': starting -> running"; done
declare -A pid
for u in a b c; do pid[$u]=$(main_pid "$u"); done
tend=$(p1_host_pid)

# untouched: same pids, all running
untouched() {
	local u
	for u in a b c; do
		[ "$(main_pid "$u")" = "${pid[$u]}" ] || fail "$u.service: pid ${pid[$u]} -> $(main_pid "$u")"
		ctl list | grep -q "^$u.service  *running" || fail "$u.service: $(ctl list | grep "^$u")"
	done
	kill -0 "$tend" || fail "tend died"
}

# reload_fails WHAT: reload-units must fail, naming the directory
reload_fails() {
	local rc=0
	ctl reload-units >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" -ne 0 ] || fail "$1: reload-units succeeded: $(cat "$T/out")"
	grep -q "unit directory $U" "$T/err" || fail "$1: no clear error: $(cat "$T/out" "$T/err")"
	echo "$1: reload-units exit $rc: $(head -n 1 "$T/err")"
}

mv "$U" "$U.moved"
reload_fails renamed
kill -HUP "$tend"
wait_log 10 "SIGHUP: reloading units"
sleep 1	# a wrong reload would stop the units now: give it the time
untouched

rm -rf "$U.moved"
reload_fails removed
untouched

mkdir "$U"	# an empty directory is a real answer: everything removed
for u in a b d; do
	unit "$u.service" <<E
[Service]
ExecStart=/bin/sleep 1000
E
done
ctl reload-units >"$T/out" 2>"$T/err" || fail "reload after restore: $(cat "$T/out" "$T/err")"
grep -q "removed c.service" "$T/out" || fail "report: $(cat "$T/out")"
grep -q "added d.service" "$T/out" || fail "report: $(cat "$T/out")"
wait_log 10 "'d.service': starting -> running"
wait_log 10 "'c.service': .*-> inactive"
assert_eq "a.service keeps its pid" "${pid[a]}" "$(main_pid a)"
assert_eq "b.service keeps its pid" "${pid[b]}" "$(main_pid b)"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
