#!/usr/bin/env bash
# StandardInput=tty: the unit is a session leader whose controlling
# terminal is TTYPath= (a pty here, /dev/ttyS0 in the VM test), in the
# terminal's foreground, so a shell there has job control; Restart=
# brings it back when it exits.
. ../svc-lib.sh
# a pty that stays open for the test: python holds the master
python3 - "$T" <<'PY' &
import os, pty, sys, time
m, s = pty.openpty()
open(sys.argv[1] + "/ptyname", "w").write(os.ttyname(s))
os.close(s)
out = open(sys.argv[1] + "/pty.out", "ab", buffering=0)
end = time.time() + 30
while time.time() < end:
    try:
        d = os.read(m, 4096)
    except OSError:
        time.sleep(0.05)
        continue
    out.write(d)
PY
reader=$!
trap 'kill $reader 2>/dev/null || true' EXIT
retry 5 test -s "$T/ptyname" || fail "no pty"
pty=$(cat "$T/ptyname")
cat >"$T/show.sh" <<'E'
#!/bin/sh
echo "run pid=$$ sid=$(ps -o sid= -p $$ | tr -d ' ') tpgid=$(ps -o tpgid= -p $$ | tr -d ' ') tty=$(tty)"
sleep 0.3
E
chmod +x "$T/show.sh"
unit console.service <<E
[Service]
StandardInput=tty
TTYPath=$pty
TTYReset=yes
TTYVHangup=yes
Restart=always
RestartSec=200ms
ExecStart=$T/show.sh
E
start_units --units "$U"
retry 10 sh -c "[ \$(grep -c '^run ' '$T/pty.out') -ge 2 ]" ||
	fail "console unit did not run twice on $pty: $(cat "$T/pty.out")"
line=$(grep -a '^run ' "$T/pty.out" | head -n 1 | tr -d '\r')
echo "$line"
set -- $line
pid=${2#pid=} sid=${3#sid=} tpgid=${4#tpgid=} tty=${5#tty=}
assert_eq "session leader" "$pid" "$sid"
assert_eq "foreground of its terminal" "$pid" "$tpgid"
assert_eq "tty" "$pty" "$tty"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
