#!/usr/bin/env bash
# An attack of our own: control messages with lying lengths (a header
# longer, shorter or 4 GiB larger than the datagram, fields past the end),
# odd names, wrong versions and commands, a 70 KB datagram, sent by an
# unprivileged user (to a socket opened to everyone) and by root.  tend
# answers each with an error or closes the connection, stops nothing,
# stays up, answers tendctl after, and holds as many fds as before.
. ../lib.sh
make_user
unit web.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
wait_log 10 "'web.service': starting -> running"
tend=$(p1_host_pid)
fd0=$(ls "/proc/$tend/fd" | wc -l)
chmod 755 "$T/run"
chmod 666 "$T/run/control.sock"
as_evil "$PY" "$PWD/lie.py" "$T/run/control.sock" >"$T/evil.out" || fail "lie.py as the user"
"$PY" "$PWD/lie.py" "$T/run/control.sock" >"$T/root.out" || fail "lie.py as root"
paste "$T/evil.out" "$T/root.out"
for who in evil root; do
	! grep -q " nothing$" "$T/$who.out" ||
		fail "$who: a malformed request left hanging: $(grep nothing "$T/$who.out")"
done
kill -0 "$tend" || fail "tend died"
assert_eq "web after the lies" running "$(state web)"
ctl list >/dev/null || fail "tendctl after the lies"
retry 5 sh -c "[ \$(ls /proc/$tend/fd | wc -l) -le $fd0 ]" ||
	fail "tend holds $(ls "/proc/$tend/fd" | wc -l) fds, $fd0 before"
stop_p1 TERM
