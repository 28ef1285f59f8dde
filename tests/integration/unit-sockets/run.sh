#!/usr/bin/env bash
# .socket units (systemd.socket(5), Accept=no): tend binds before any
# service starts; the first connection starts the service, which gets the
# fds from 3 on with LISTEN_FDS/LISTEN_PID/LISTEN_FDNAMES (listen-echo uses
# libsystemd's sd_listen_fds_with_names()); the fds stay with tend across
# restarts, so a client hammering the socket through three restarts is
# never refused; a datagram activates a service that exits after each
# answer, again and again; Sockets= hands a socket to a service started at
# boot; Accept=yes starts an instance of a template per connection, with
# the connection as its stdin/stdout (StandardInput=socket); SocketMode=,
# DirectoryMode=, Symlinks=, RemoveOnStop=, ListenFIFO=, IPv6 and a bare
# port; ExecStartPre= ... ExecStopPost= around bind and close; unknown
# keys are refused.
. ../svc-lib.sh
C="$PWD/client.py"
getent passwd nobody >/dev/null || skip "no user nobody for SocketUser="
grp=$(getent group nogroup >/dev/null && echo nogroup || echo nobody)
ECHO="$EXAMPLES/listen-echo"
[ -x "$ECHO" ] || fail "no $ECHO (make builds examples/)"
port=$((20000 + RANDOM % 20000))
unit echo.socket <<E
[Socket]
ListenStream=$T/sock/dir/echo.sock
ListenStream=127.0.0.1:$port
ListenStream=[::1]:$((port + 1))
SocketMode=0600
SocketUser=nobody
SocketGroup=$grp
DirectoryMode=0700
Symlinks=$T/echo.link
RemoveOnStop=yes
FileDescriptorName=echo
E
unit echo.service <<E
[Service]
ExecStart=$ECHO
E
unit once.socket <<E
[Socket]
ListenDatagram=@tend-once-$$
ListenFIFO=$T/once.fifo
E
unit once.service <<E
[Service]
ExecStart=$ECHO --once
E
unit extra.socket <<E
[Socket]
ListenStream=$((port + 2))
Service=multi.service
E
unit multi.service <<E
[Unit]
Description=started at boot: another unit wants it
[Service]
Sockets=extra.socket
ExecStart=$ECHO
E
unit wants-multi.service <<E
[Unit]
Wants=multi.service
[Service]
ExecStart=/bin/sleep 1000
E
# Accept=yes: an inetd-style template, one instance per connection
unit greet.socket <<E
[Socket]
ListenStream=$T/greet.sock
Accept=yes
MaxConnections=1
E
unit greet@.service <<'E'
[Service]
StandardInput=socket
ExecStart=/bin/sh -c 'read -r l; echo "hello $$l from %n, LISTEN_FDS=$$LISTEN_FDS"'
E
# commands of a socket: before the bind, after it, around the close
unit cmds.socket <<E
[Socket]
ExecStartPre=/bin/sh -c 'test ! -e $T/cmds.sock && echo pre >>$T/cmds'
ListenStream=$T/cmds.sock
ExecStartPost=-/bin/false
ExecStartPost=/bin/sh -c 'test -S $T/cmds.sock && echo post >>$T/cmds'
ExecStopPre=/bin/sh -c 'test -S $T/cmds.sock && echo stoppre >>$T/cmds'
ExecStopPost=/bin/sh -c 'test ! -e $T/cmds.sock && echo stoppost >>$T/cmds'
RemoveOnStop=yes
E
unit failpre.socket <<E
[Socket]
ExecStartPre=/bin/false
ListenStream=$T/failpre.sock
ExecStopPost=/bin/sh -c 'echo failpost >>$T/cmds'
E
# Service= names an alias: the unit with that Alias= is fed (syslog.socket
# and rsyslog.service); an enabled service (WantedBy=) starts at boot
unit al.socket <<E
[Socket]
ListenStream=$T/al.sock
Service=aliased.service
E
unit real.service <<E
[Service]
ExecStart=$ECHO
[Install]
Alias=aliased.service
E
unit boot.socket <<E
[Socket]
ListenStream=$T/boot.sock
E
unit boot.service <<E
[Service]
ExecStart=$ECHO
[Install]
WantedBy=multi-user.target
E
unit slow.socket <<E
[Socket]
ListenStream=$T/slow.sock
Accept=yes
E
unit slow@.service <<'E'
[Service]
StandardInput=socket
StandardOutput=journal
ExecStart=/bin/sh -c 'echo "slow %i started"; read -r l; echo "slow %i done"'
E
# ReusePort=: two sockets on one port both bind; without it the second fails
for n in rp1 rp2; do
	printf '[Socket]\nListenStream=127.0.0.1:%s\nReusePort=yes\n' $((port + 3)) >"$U/$n.socket"
done
for n in nr1 nr2; do
	printf '[Socket]\nListenStream=127.0.0.1:%s\n' $((port + 4)) >"$U/$n.socket"
done
unit plain-inetd.service <<E
[Service]
StandardInput=socket
ExecStart=/bin/cat
E
unit bad.socket <<E
[Socket]
ListenStream=$T/bad.sock
DeferAcceptSec=5
E
start_units --units "$U"
wait_ctl 10
wait_log 10 "'echo.socket': starting -> running"
# bound before anything runs; the service waits for its first client
ctl list >"$T/list"
grep -q "^echo.socket  *running  *listening" "$T/list" || fail "echo.socket: $(cat "$T/list")"
grep -q "^echo.service  *inactive" "$T/list" || fail "echo.service started early: $(cat "$T/list")"
assert_eq "socket mode" "600" "$(stat -c %a "$T/sock/dir/echo.sock")"
assert_eq "directory mode" "700" "$(stat -c %a "$T/sock/dir")"
assert_eq "SocketUser=, SocketGroup=" "nobody:$grp" "$(stat -c %U:%G "$T/sock/dir/echo.sock")"
assert_eq "symlink" "$T/sock/dir/echo.sock" "$(readlink "$T/echo.link")"
log_has "bad.socket:3: .*DeferAcceptSec= is not supported" || fail "DeferAcceptSec= not refused"
# the first connection starts echo.service; it has all three fds, named
a=$(python3 "$C" ask "$T/sock/dir/echo.sock" hello)
case "$a" in *" echo: hello") ;; *) fail "answer: $a" ;; esac
wait_log 5 "'echo.socket': activity: starting 'echo.service'"
wait_log 5 "listen-echo: 3 fds, LISTEN_FDS and LISTEN_PID are unset"
log_has "listen-echo: fd 5 is echo, a socket" || fail "fd 5 not passed"
assert_eq "tcp" "echo: tcp" "$(python3 "$C" ask 127.0.0.1:$port tcp | cut -d' ' -f2-)"
assert_eq "ipv6" "echo: six" "$(python3 "$C" ask "[::1]:$((port + 1))" six | cut -d' ' -f2-)"
# restarts: the socket stays with tend, no client is ever refused
python3 "$C" hammer 127.0.0.1:$port 4 >"$T/hammer" &
h=$!
for i in 1 2 3; do
	sleep 0.6	# let the hammer run between restarts
	ctl restart echo.service
done
wait "$h"
# (a request the old process accepted when SIGTERM came is lost with it,
# as with systemd: at most one per restart; refused is what must not be)
read -r _ ok _ refused _ failed <"$T/hammer"
[ "$refused" = 0 ] && [ "$failed" -le 3 ] && [ "$ok" -gt 10 ] ||
	fail "during 3 restarts: $(cat "$T/hammer")"
[ "$(grep -c "'echo.service': starting -> running" "$T/p1.log")" -ge 4 ] ||
	fail "echo.service was not restarted 3 times"
# a datagram activates once.service; it exits after one; the next one
# starts it again (a new pid)
python3 "$C" dgram "@tend-once-$$" one
wait_log 5 "datagram one"
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^once.service  *inactive'" ||
	fail "once.service did not end"
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^once.socket  *running  *listening'" ||
	fail "once.socket does not listen again"
python3 "$C" dgram "@tend-once-$$" two
wait_log 5 "datagram two"
p1=$(grep "datagram one" "$T/p1.log" | sed 's/.*\[\([0-9]*\)\].*/\1/')
p2=$(grep "datagram two" "$T/p1.log" | sed 's/.*\[\([0-9]*\)\].*/\1/')
[ "$p1" != "$p2" ] || fail "the second datagram reached the same process"
[ -p "$T/once.fifo" ] || fail "ListenFIFO= made no fifo"
log_has "fd 4 is once.socket, a fifo" || fail "fifo not passed"
# Sockets=: multi.service runs from boot with extra.socket's fd
wait_log 5 "fd 3 is extra.socket, a socket"
assert_eq "Sockets=" "extra.socket: via" "$(python3 "$C" ask 127.0.0.1:$((port + 2)) via | cut -d' ' -f2-)"
# Accept=yes: each connection its own instance, its stdin and stdout the
# connection; instances are gone once they end
for i in 1 2 3; do
	a=$(python3 "$C" ask "$T/greet.sock" "n$i")
	case "$a" in "hello n$i from greet@"*".service, LISTEN_FDS=1") ;;
	*) fail "Accept=yes answer: $a" ;; esac
	echo "$a" >>"$T/greetings"
done
assert_eq "three instances" 3 "$(sed 's/.* from \(greet@[0-9]*\).*/\1/' "$T/greetings" | sort -u | wc -l)"
retry 5 sh -c "! '$TENDCTL' -s '$T/run/control.sock' list | grep -q '^greet@'" ||
	fail "instances left behind: $(ctl list | grep greet)"
# tendctl logs -f of an instance ends when the instance is freed
python3 - "$T/slow.sock" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
time.sleep(1.5)
s.sendall(b"bye\n")
time.sleep(0.2)
PY
cl=$!
wait_log 5 "slow 0 started"
timeout 10 "$TENDCTL" -s "$T/run/control.sock" logs -f slow@0.service >"$T/follow" ||
	fail "logs -f of a freed instance: exit $? ($(cat "$T/follow"))"
wait "$cl"
grep -q "slow 0 done" "$T/follow" || fail "logs -f: $(cat "$T/follow")"
log_has "'plain-inetd.service': .*StandardInput=socket: not started for a connection" ||
	fail "StandardInput=socket without a connection started"
grep -q "^rp1.socket  *running" <(ctl list) && grep -q "^rp2.socket  *running" <(ctl list) ||
	fail "ReusePort=: $(ctl list | grep rp)"
[ "$(ctl list | grep -c '^nr[12].socket  *failed')" = 1 ] || fail "without ReusePort=: $(ctl list | grep nr)"
# Alias=: al.socket feeds real.service; WantedBy=: boot.service up at boot
grep -q "^real.service  *inactive" <(ctl list) || fail "real.service started early"
assert_eq "alias" "al.socket: via-alias" "$(python3 "$C" ask "$T/al.sock" via-alias | cut -d' ' -f2-)"
wait_log 5 "'al.socket': activity: starting 'real.service'"
wait_log 5 "'boot.service': starting -> running"
! log_has "'boot.socket': activity" || fail "boot.service waited for a client"
assert_eq "enabled" "boot.socket: b" "$(python3 "$C" ask "$T/boot.sock" b | cut -d' ' -f2-)"
# reload-units with a changed socket (rebinds) and a removed one (closes)
printf '# changed\n' >>"$U/al.socket"
rm "$U/boot.socket"
ctl reload-units >"$T/reload" 2>&1 || true	# the refused units say so
grep -q "changed al.socket" "$T/reload" || fail "reload: $(cat "$T/reload")"
wait_log 5 "'boot.socket': running -> stopping"
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^al.socket  *running'" ||
	fail "al.socket after the reload: $(ctl list | grep al.socket)"
assert_eq "alias after reload" "al.socket: again" "$(python3 "$C" ask "$T/al.sock" again | cut -d' ' -f2-)"
# ExecStartPre=, ExecStartPost= ('-' ignores the failure), ExecStopPre=,
# ExecStopPost= in order around bind and close; a failing ExecStartPre=
# fails the socket without binding, then runs ExecStopPost=
ctl stop cmds.socket
retry 5 grep -q stoppost "$T/cmds" || fail "cmds.socket: $(cat "$T/cmds" 2>&1)"
assert_eq "socket commands" "pre post stoppre stoppost" "$(grep -v failpost "$T/cmds" | tr '\n' ' ' | sed 's/ $//')"
grep -q "^failpre.socket  *failed" <(ctl list) || fail "failpre.socket: $(ctl list | grep failpre)"
[ ! -e "$T/failpre.sock" ] || fail "failpre.socket bound after its ExecStartPre= failed"
grep -q failpost "$T/cmds" || fail "no ExecStopPost= after a failed start"
# RemoveOnStop=: stopping the socket removes the file and the symlink
ctl stop echo.service
ctl stop echo.socket
retry 5 test ! -e "$T/sock/dir/echo.sock" || fail "RemoveOnStop= left the socket"
[ ! -L "$T/echo.link" ] || fail "RemoveOnStop= left the symlink"
stop_p1
echo "unit-sockets: ok"
