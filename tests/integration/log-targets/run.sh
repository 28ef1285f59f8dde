#!/usr/bin/env bash
# [Manager] LogTarget= and LogTime=, and a unit's StandardOutput=kmsg and
# syslog.  tend --system runs as PID 1 of fresh PID and mount namespaces
# with a private /dev: null, the real kmsg, and /dev/log a symlink to a
# datagram socket this test listens on (or no /dev/log at all).
#   - LogTarget=syslog: tend's own lines are "<30>tend[1]: ..." records
#     on /dev/log, none on the console;
#   - StandardOutput=syslog: "<pri>ident[pid]: text" on /dev/log, pri
#     daemon.info or the line's sd-daemon "<N>", control bytes escaped;
#   - StandardOutput=kmsg: the same as kernel records (read back from
#     /dev/kmsg with their facility and level); kmsg+console also in
#     tend's log;
#   - LogTarget=console with LogTime=monotonic / realtime: each console
#     line, tend's and a unit's, starts with the timestamp;
#   - LogTarget=syslog without /dev/log: a warning, and the console.
. ../svc-lib.sh
[ "$(id -u)" = 0 ] || skip "needs root for a private /dev and reboot(2) in a PID namespace"
[ -w /dev/kmsg ] || skip "/dev/kmsg is not writable here"

# the syslog daemon: each datagram one line of $T/syslog.txt.  A slow
# one (5 ms a datagram): its socket queue (10 datagrams) fills at boot,
# and tend must queue, not drop.
python3 - "$T/log.sock" "$T/syslog.txt" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "ab", buffering=0) as f:
    while True:
        f.write(s.recv(65536).replace(b"\n", b"\\n") + b"\n")
        time.sleep(0.005)
PY
LISTENER=$!
# The kernel ratelimits /dev/kmsg writers (10 records per 5 s) unless
# printk.devkmsg=on: lift that while this case runs, then put it back.
DEVKMSG=$(cat /proc/sys/kernel/printk_devkmsg 2>/dev/null || echo)
[ "$DEVKMSG" != ratelimit ] || echo on >/proc/sys/kernel/printk_devkmsg ||
	skip "cannot lift the /dev/kmsg ratelimit"
trap 'rc=$?; kill $LISTENER 2>/dev/null; cleanup_case; rm -rf "$T"
	[ "$DEVKMSG" != ratelimit ] || echo ratelimit >/proc/sys/kernel/printk_devkmsg; exit $rc' EXIT
retry 5 test -S "$T/log.sock" || fail "syslog listener did not start"
: >"$T/syslog.txt"

# kernel records with TOKEN, as "pri;text" (pri = facility * 8 + level)
kmsg_lines() {
	python3 - "$1" <<'PY'
import os, sys
fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
while True:
    try:
        rec = os.read(fd, 8192).decode(errors="replace")
    except BlockingIOError:
        break
    except OSError:   # EPIPE: overwritten records, read on
        continue
    head, _, text = rec.partition(";")
    if sys.argv[1] in text:
        print(head.split(",")[0] + ";" + text.splitlines()[0])
PY
}

# units TOKEN: one unit per output target, each printing TOKEN lines
units() {
	rm -f "$U"/*.service
	unit sl.service <<E
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "<3>$1-err"; echo "$1-info"; printf "$1-esc\\033[2J\\n"'
StandardOutput=syslog
SyslogIdentifier=sl
E
	unit km.service <<E
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "<4>$1-kwarn"; echo "$1-kinfo"'
StandardOutput=kmsg
SyslogIdentifier=km
E
	unit both.service <<E
[Service]
Type=oneshot
ExecStartPre=/bin/sh -c 'echo $1-pre'
ExecStart=/bin/echo $1-both
StandardOutput=kmsg+console
E
	unit jr.service <<E
[Service]
Type=oneshot
ExecStart=/bin/echo $1-journal
StandardOutput=journal
E
}

# boot CONF DEVLOG(yes|no) TOKEN: tend --system with [Manager] CONF
boot() {
	units "$3"
	printf '[Manager]\n%b\n' "$1" >"$T/tend.conf"
	unshare --pid --fork --mount-proc --kill-child sh -c '
		mount -t tmpfs -o mode=755 tmpfs /dev &&
		mknod -m 666 /dev/null c 1 3 && mknod -m 600 /dev/kmsg c 1 11 &&
		{ [ "$2" = no ] || ln -s "$1/log.sock" /dev/log; } &&
		exec "$3" --system --config "$1/tend.conf" --units "$4" --runtime-dir "$1/run"' \
		sh "$T" "$2" "$TEND" "$U" >"$T/p1.log" 2>&1 &
	P1_PID=$!
	retry 10 test -S "$T/run/control.sock" || fail "tend did not come up"
}

down() {
	ctl poweroff >/dev/null || fail "tendctl poweroff"
	wait_p1
}

syslog_has() { grep -q -- "$1" "$T/syslog.txt"; }
# all_stamped FILE: from the first [seconds] line on, every line has one
# (what came before tend read its config has none)
all_stamped() {
	local re='^\[ *[0-9]+\.[0-9]{6}\] ' first
	first=$(grep -nE "$re" "$1" | head -n 1 | cut -d: -f1)
	[ -n "$first" ] && ! tail -n +"$first" "$1" | grep -vqE "$re"
}
kmsg_has() { kmsg_lines "$1" 2>/dev/null | grep -q -- "$2"; }
# kmsg_count TOKEN PATTERN N: exactly N records with TOKEN match PATTERN
kmsg_count() { [ "$(kmsg_lines "$1" 2>/dev/null | grep -c -- "$2")" = "$3" ]; }
# kmsg_after TOKEN: the text of every kernel record after the one with TOKEN
kmsg_after() {
	python3 - "$1" <<'PY'
import os, sys
fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
seen = False
while True:
    try:
        rec = os.read(fd, 8192).decode(errors="replace")
    except BlockingIOError:
        break
    except OSError:
        continue
    text = rec.partition(";")[2].splitlines()[0]
    if seen:
        print(text)
    seen = seen or sys.argv[1] in text
PY
}

# 1: everything to syslog; units to syslog and kmsg
tok=lt1-$$-$RANDOM
boot 'LogTarget=syslog\nLogTime=monotonic' yes "$tok"
retry 10 syslog_has "^<30>tend\[1\]: boot: [0-9]* units settled" ||
	fail "tend's boot line not on /dev/log: $(tail -n 5 "$T/syslog.txt")"
# far more records than the socket queues (10), none lost on the way
for u in sl km both jr; do
	assert "$u's start reached the slow syslog daemon" \
		syslog_has "^<30>tend\[1\]: '$u.service': inactive -> starting$"
done
assert "more than the socket's 10 datagrams at boot" [ "$(wc -l <"$T/syslog.txt")" -gt 30 ]
assert "no line dropped" eval '! syslog_has "dropped"'
retry 10 syslog_has "^<27>sl\[[0-9]*\]: $tok-err$" || fail "sl's <3> line not daemon.err on /dev/log: $(cat "$T/syslog.txt" | tail -n 8)"
assert "sl's plain line is daemon.info" retry 10 syslog_has "^<30>sl\[[0-9]*\]: $tok-info$"
assert "control bytes escaped on /dev/log" retry 10 syslog_has "^<30>sl\[[0-9]*\]: $tok-esc\\\\x1b\[2J$"
assert "kmsg+console also in tend's log (syslog here)" retry 10 syslog_has "^<30>both\.service\[[0-9]*\]: $tok-both$"
assert "journal units go to tend's log" retry 10 syslog_has "^<30>jr\.service\[[0-9]*\]: $tok-journal$"
assert "km's <4> line is a daemon.warning kernel record" retry 10 kmsg_has "$tok" "^28;km\[[0-9]*\]: $tok-kwarn$"
assert "km's plain line is a daemon.info kernel record" retry 10 kmsg_has "$tok" "^30;km\[[0-9]*\]: $tok-kinfo$"
# without SyslogIdentifier= a record is named after each command's
# executable, as systemd names its streams; tend's own log keeps the unit
assert "kmsg+console in kmsg, named after the executable" \
	retry 10 kmsg_has "$tok" "^30;echo\[[0-9]*\]: $tok-both$"
assert "ExecStartPre='s record named after its own executable" \
	retry 10 kmsg_has "$tok" "^30;sh\[[0-9]*\]: $tok-pre$"
assert "no record named after the unit" eval '! kmsg_has "$tok" "both\.service\["'
assert "no syslog unit line in kmsg" eval '! kmsg_has "$tok" "sl\["'
# A record is readable as soon as it is written, not only once the next
# one arrives (the kernel holds a record without a newline open for a
# continuation): run km again now that nothing else writes to kmsg
# (tend's own lines go to /dev/log here), and its last line must show.
ctl start km.service >/dev/null || fail "tendctl start km.service"
assert "the last record readable at once" retry 3 kmsg_count "$tok" "$tok-kinfo\$" 2
down
assert "tend's lines after LogTarget= are not on the console" eval '! grep -q "boot: \\|.sl.service.: " "$T/p1.log"'

# 2: the console with monotonic stamps; a syslog unit still goes to /dev/log
tok=lt2-$$-$RANDOM
boot 'LogTarget=console\nLogTime=monotonic' yes "$tok"
retry 10 syslog_has "^<30>sl\[[0-9]*\]: $tok-info$" || fail "sl not on /dev/log with LogTarget=console"
wait_log 10 "$tok-journal"
down
assert "tend's lines stamped [seconds.micros]" grep -qE '^\[ *[0-9]+\.[0-9]{6}\] tend: boot: ' "$T/p1.log"
assert "a unit's line stamped too" grep -qE "^\[ *[0-9]+\.[0-9]{6}\] jr\.service\[[0-9]+\]: $tok-journal$" "$T/p1.log"
assert "kmsg+console on the console" grep -qE "^\[ *[0-9]+\.[0-9]{6}\] both\.service\[[0-9]+\]: $tok-both$" "$T/p1.log"
assert "kmsg-only lines not on the console" eval '! grep -q "$tok-kinfo" "$T/p1.log"'
# from the first stamped line on (what came before the config was read has none)
assert "every line stamped once LogTime= is read" all_stamped "$T/p1.log"

# 3: syslog asked for, no /dev/log: a warning, the console, realtime stamps
tok=lt3-$$-$RANDOM
boot 'LogTarget=syslog\nLogTime=realtime' no "$tok"
wait_log 10 "$tok-info"
down
assert "the fallback is said" log_has "LogTarget=syslog: /dev/log not there, logging to the console"
assert "realtime stamps" grep -qE '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{6}Z tend: boot: ' "$T/p1.log"
assert "a syslog unit falls back to the console" grep -qE "Z sl\[[0-9]+\]: <3>$tok-err$" "$T/p1.log"
assert "nothing reached the socket" eval '! syslog_has "$tok"'

# 4: LogTarget=kmsg
tok=lt4-$$-$RANDOM
echo "<6>log-targets: $tok starts" >/dev/kmsg
boot 'LogTarget=kmsg' yes "$tok"
retry 10 syslog_has "^<30>sl\[[0-9]*\]: $tok-info$" || fail "sl not on /dev/log with LogTarget=kmsg"
assert "journal unit in kmsg" retry 10 kmsg_has "$tok" "^30;jr\.service\[[0-9]*\]: $tok-journal$"
down
assert "tend's lines are kernel records" kmsg_has "tend[1]: 'jr.service'" "^30;tend\[1\]: 'jr.service': "
assert_eq "the boot line once in kmsg" 1 "$(kmsg_after "$tok starts" | grep -c "boot: [0-9]* units settled")"
echo "ok"
