#!/usr/bin/env bash
# Hole 8: service output is data.  A line with a carriage return (which
# would overprint the line with a forged "other.service[1]: FAKE"), ESC
# sequences (CSI, OSC window title), a BEL, DEL and a UTF-8 C1 control
# (U+009B, CSI) reaches tend's output and `tendctl logs` escaped as \xNN,
# after the true unit prefix; a tab and plain UTF-8 pass as they are.
. ../lib.sh
unit forger.service <<'E'
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/bin/printf 'hello\rother.service[1]: FAKE\n\033]0;pwned\007\033[2J\n\177del\302\233c1 t\tab h\303\251\n'
E
start_units --units "$U"
wait_ctl 10
wait_log 10 "FAKE"
grep -a "FAKE" "$T/p1.log" >"$T/line"
grep -qE '^forger\.service\[[0-9]+\]: ' "$T/line" || fail "prefix: $(cat -v "$T/line")"
grep -qF ': hello\x0dother.service[1]: FAKE' "$T/line" || fail "console: forged line not escaped: $(od -c "$T/line" | head)"
if LC_ALL=C grep -qaP '[\x00-\x08\x0a-\x1f\x7f]|\xc2[\x80-\x9f]' <(grep -a forger "$T/p1.log"); then
	fail "raw control characters on tend's output: $(grep -a forger "$T/p1.log" | od -c | head -n 20)"
fi
grep -aqF '\x1b]0;pwned\x07\x1b[2J' "$T/p1.log" || fail "OSC not escaped as \\x1b...\\x07"
grep -aqF "\\x7fdel\\xc2\\x9bc1 t	ab h$(printf '\303\251')" "$T/p1.log" ||
	fail "DEL/C1/tab/UTF-8: $(grep -a del "$T/p1.log" | od -c | head)"
ctl logs forger >"$T/logs"
if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$T/logs"; then
	fail "raw control characters in tendctl logs: $(od -c "$T/logs" | head -n 20)"
fi
grep -qF 'hello\x0dother.service[1]: FAKE' "$T/logs" || fail "logs: $(cat -v "$T/logs")"
grep -qF "ab h$(printf '\303\251')" "$T/logs" || fail "UTF-8 mangled in logs: $(cat -v "$T/logs")"
stop_p1 TERM
