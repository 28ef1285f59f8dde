#!/usr/bin/env bash
# tend as a container runs it: root without CAP_SYS_RESOURCE and a hard
# nofile limit below what the units ask.  As in systemd, a refused
# OOMScoreAdjust= is logged and the start goes on, and a Limit*= above the
# hard limit is clamped to it (setrlimit_closest) and logged.
. ../svc-lib.sh
[ "$(id -u)" = 0 ] || skip "needs root to drop CAP_SYS_RESOURCE"
command -v setpriv >/dev/null && command -v prlimit >/dev/null ||
	skip "needs setpriv and prlimit (util-linux)"
mkdir -p "$T/bin"
cat >"$T/bin/tend" <<E
#!/bin/sh
exec setpriv --bounding-set -sys_resource prlimit --nofile=1024:4096 -- "$TEND" "\$@"
E
chmod +x "$T/bin/tend"
probe='cat /proc/self/oom_score_adj; grep "^Max open files" /proc/self/limits; grep CapEff /proc/self/status'
unit oomdown.service <<E
[Service]
Type=oneshot
OOMScoreAdjust=-500
StandardOutput=file:$T/oomdown
ExecStart=/bin/sh -c '$probe'
E
unit oomup.service <<E
[Service]
Type=oneshot
OOMScoreAdjust=300
StandardOutput=file:$T/oomup
ExecStart=/bin/sh -c '$probe'
E
unit nofile.service <<E
[Service]
Type=oneshot
LimitNOFILE=65535
StandardOutput=file:$T/nofile
ExecStart=/bin/sh -c '$probe'
E
unit nofile2.service <<E
[Service]
Type=oneshot
LimitNOFILE=2000:65535
ExecStartPre=/bin/sh -c 'grep "^Max open files" /proc/self/limits >$T/nofile2.pre'
StandardOutput=file:$T/nofile2
ExecStart=/bin/sh -c '$probe'
E
TEND="$T/bin/tend" start_units --units "$U"
for u in oomdown oomup nofile nofile2; do
	wait_log 10 "'$u.service': starting -> "
done
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
for u in oomdown oomup nofile nofile2; do
	log_has "'$u.service': starting -> inactive" || fail "$u did not succeed: $(cat "$T/p1.log")"
done
# the probe really ran without CAP_SYS_RESOURCE (bit 24)
caps=$(awk '/CapEff/ { print $2 }' "$T/oomdown")
[ $((0x$caps >> 24 & 1)) = 0 ] || fail "the units ran with CAP_SYS_RESOURCE: $caps"
assert_eq "refused OOMScoreAdjust=-500 leaves tend's" 0 "$(head -n 1 "$T/oomdown")"
log_has "'oomdown.service': ExecStart: OOMScoreAdjust= not applied: Permission denied" ||
	fail "no warning for the refused OOMScoreAdjust=: $(cat "$T/p1.log")"
assert_eq "OOMScoreAdjust=300 (raising needs no privilege)" 300 "$(head -n 1 "$T/oomup")"
log_has "'oomup.service'.*not applied" && fail "a warning for an OOMScoreAdjust= that was applied"
read -r _ _ _ soft hard _ < <(grep "^Max open files" "$T/nofile")
assert_eq "LimitNOFILE=65535 clamped" "4096 4096" "$soft $hard"
log_has "'nofile.service': ExecStart: LimitNOFILE= above the hard limit tend may set: Operation not permitted: set to 4096:4096" ||
	fail "no warning for the clamped LimitNOFILE=: $(cat "$T/p1.log")"
read -r _ _ _ soft hard _ < <(grep "^Max open files" "$T/nofile2")
assert_eq "LimitNOFILE=2000:65535 keeps its soft limit" "2000 4096" "$soft $hard"
read -r _ _ _ soft hard _ < <(cat "$T/nofile2.pre")
assert_eq "ExecStartPre= clamped too" "2000 4096" "$soft $hard"
log_has "'nofile2.service': ExecStartPre: LimitNOFILE=.*set to 2000:4096" ||
	fail "no warning for the control command: $(cat "$T/p1.log")"
