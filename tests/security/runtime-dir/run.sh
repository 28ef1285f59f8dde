#!/usr/bin/env bash
# Hole 3, and attacks of our own on the runtime directory.
# 1. --runtime-dir in a directory a local user owns, where that user has
#    planted notify -> a root directory holding a root 0600 file named
#    like a unit: tend refuses the directory (clear error naming it and
#    why), makes no socket there and leaves the root file alone.
# 2. A runtime directory writable by a group, and one that is a symlink:
#    refused, saying why.
# 3. root's tendctl pointed at a socket the user serves: it checks
#    SO_PEERCRED and refuses before sending a byte.
. ../lib.sh
make_user
unit web.service <<E
[Service]
User=$EVIL
NotifyAccess=all
ExecStart=/bin/sleep 1000
E
mkdir -m 755 "$T/target"
echo secret >"$T/target/web.service"
chmod 600 "$T/target/web.service"
as_evil mkdir "$EVIL_DIR/run"
as_evil ln -s "$T/target" "$EVIL_DIR/run/notify"

# p1_until_log DIR PATTERN: tend with --runtime-dir DIR until PATTERN is logged
p1_until_log() {
	start_p1 --runtime-dir "$1" --units "$U"
	wait_log 10 "$2"
	wait_log 10 "'web.service': starting -> running"
	stop_p1 TERM
	cp "$T/p1.log" "$T/p1.$(basename "$1").log"
}
p1_until_log "$EVIL_DIR/run" \
	"runtime directory $EVIL_DIR/run: owned by uid $EVIL_UID, not by tend's uid 0: refusing it"
[ -f "$T/target/web.service" ] && [ "$(cat "$T/target/web.service")" = secret ] ||
	fail "root's file in the planted directory was replaced: $(ls -l "$T/target")"
assert_eq "its owner and mode" "0:600" "$(stat -c %u:%a "$T/target/web.service")"
[ ! -e "$EVIL_DIR/run/control.sock" ] || fail "a control socket was made in the user's directory"

mkdir -m 775 "$T/gw"
chgrp "$EVIL" "$T/gw"
p1_until_log "$T/gw" "runtime directory $T/gw: writable by its group (mode 0775): refusing it"
[ ! -e "$T/gw/control.sock" ] || fail "a control socket was made in a group-writable directory"

mkdir -m 755 "$T/real"
ln -s real "$T/lnk"
p1_until_log "$T/lnk" "runtime directory $T/lnk: is a symbolic link: refusing it"

# root's tendctl and a socket served by the user
as_evil "$PY" - "$EVIL_DIR" <<'PY' &
import os, socket, sys
d = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.bind(d + "/fake.sock")
s.listen(1)
open(d + "/listening", "w").close()
c, _ = s.accept()
c.settimeout(3)
try:
    got = c.recv(65536)
except socket.timeout:
    got = b""
open(d + "/got", "w").write("%d\n" % len(got))
PY
retry 5 test -e "$EVIL_DIR/listening" || fail "the fake server did not start"
rc=0
"$TENDCTL" -s "$EVIL_DIR/fake.sock" poweroff 2>"$T/err" || rc=$?
echo "tendctl: rc=$rc: $(cat "$T/err")"
[ "$rc" != 0 ] || fail "tendctl talked to a socket served by uid $EVIL_UID"
grep -q "served by uid $EVIL_UID" "$T/err" || fail "tendctl's message: $(cat "$T/err")"
retry 5 test -s "$EVIL_DIR/got" || fail "the fake server did not finish"
assert_eq "bytes root's tendctl sent to the fake server" 0 "$(cat "$EVIL_DIR/got")"
wait
