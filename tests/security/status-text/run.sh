#!/usr/bin/env bash
# An attack of our own: STATUS= is text a service chooses, and tendctl
# status prints it on root's terminal.  A User= service sends STATUS=
# with an OSC title sequence, a CSI clear-screen and a BEL; tendctl shows
# them escaped as \xNN.  An oversized STATUS= (4,000 bytes) is cut, and
# one in a datagram over 4 KiB is dropped; tend stays up.
. ../lib.sh
make_user
unit web.service <<E
[Service]
Type=notify
User=$EVIL
ExecStart=$PY $PWD/status.py
E
start_units --units "$U"
wait_ctl 10
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^web.service  *running'" ||
	fail "web did not get ready: $(tail -n 5 "$T/p1.log")"
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' status web | grep -q 'pwned'" ||
	fail "no STATUS= shown: $(ctl status web | cat -v)"
ctl status web >"$T/status"
if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]' "$T/status"; then
	fail "raw control characters in tendctl status: $(cat -v "$T/status")"
fi
grep -qF 'x\x1b]0;pwned\x07\x1b[2Jy' "$T/status" || fail "STATUS= not escaped: $(cat -v "$T/status")"
# the long ones, after the escaped one
retry 10 sh -c "'$TENDCTL' -s '$T/run/control.sock' status web | grep -q AAAA" ||
	fail "the 4,000-byte STATUS= did not arrive: $(tail -n 3 "$T/p1.log")"
len=$(ctl --json status web | json_get 'len(j["units"][0]["status_text"])')
echo "a 4,000-byte STATUS= is kept as $len bytes"
[ "$len" -lt 512 ] || fail "STATUS= kept at $len bytes"
ctl --json status web | grep -q BBBB && fail "a STATUS= in a datagram over 4 KiB was taken"
wait_log 5 "'web.service': notify: oversized message dropped"
stop_p1 TERM
