#!/usr/bin/env bash
# An attack of our own: the notify sockets are open to every uid (the
# sender's pid decides who is heard), so any local user can flood one.
# Three processes of a throwaway user, outside tend, send datagrams with
# 250 fds each (SCM_RIGHTS) and a forged READY=1/STATUS=/MAINPID= to a
# Type=notify unit's socket for 3 s.  Nothing forged is taken, tend's fd
# count and RSS stay flat, it answers tendctl throughout, the refusal is
# logged once, and the unit's own READY=1 still gets through.
. ../lib.sh
make_user
unit web.service <<E
[Service]
Type=notify
TimeoutStartSec=60
ExecStart=$PY $PWD/ready.py $T
NotifyAccess=all
E
start_units --units "$U"
wait_ctl 10
retry 10 test -s "$T/sock" || fail "web did not start"
tend=$(p1_host_pid)
nfd() { ls "/proc/$tend/fd" | wc -l; }
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$tend/status"; }
fd0=$(nfd) rss0=$(rss)
floods=()
for i in 1 2 3; do
	as_evil "$PY" "$PWD/flood.py" "$(cat "$T/sock")" 3 "$EVIL_DIR/flood$i" &
	floods+=($!)
done
maxfd=$fd0 maxrss=$rss0
for i in $(seq 25); do
	f=$(nfd) r=$(rss)
	[ "$f" -gt "$maxfd" ] && maxfd=$f
	[ "$r" -gt "$maxrss" ] && maxrss=$r
	ctl list >/dev/null || fail "tendctl during the flood"
	sleep 0.1
done
wait "${floods[@]}"
sent=$(cat "$EVIL_DIR"/flood* | awk '{ s += $1 } END { print s }')
echo "sent $sent datagrams of 250 fds each"
[ "$sent" -gt 0 ] || fail "the flood did not reach the socket at all"
echo "tend fds: $fd0 before, at most $maxfd during; RSS $rss0 kB before, at most $maxrss kB"
[ "$maxfd" -le $((fd0 + 8)) ] || fail "tend held up to $maxfd fds (from $fd0)"
[ "$maxrss" -le $((rss0 + 4096)) ] || fail "tend's RSS grew to $maxrss kB (from $rss0)"
retry 5 sh -c "[ \$(ls /proc/$tend/fd | wc -l) -le $fd0 ]" || fail "tend holds $(nfd) fds after the flood, $fd0 before"
assert_eq "web during the flood" starting "$(state web)"
ctl --json status web | grep -q forged && fail "forged STATUS= taken"
n=$(grep -c "'web.service': notify: message from pid" "$T/p1.log" || true)
echo "refusals logged: $n"
[ "$n" -le 2 ] || fail "$n refusal lines for one unit in 3 s"
touch "$T/go"
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^web.service  *running'" ||
	fail "web's own READY=1 after the flood: $(tail -n 5 "$T/p1.log")"
stop_p1 TERM
