#!/usr/bin/env bash
# Identity and privileges from /proc/PID/status (Uid, Gid, Groups, CapBnd,
# CapAmb, CapEff, NoNewPrivs), and by behaviour: a non-root service binds
# port 80 with AmbientCapabilities=CAP_NET_BIND_SERVICE and can't without.
. ../attr-lib.sh
getent passwd nobody >/dev/null || skip "no user 'nobody' on this machine"
grp=$(getent group nogroup >/dev/null && echo nogroup || echo nobody)
last=$(cat /proc/sys/kernel/cap_last_cap)
bind80='use IO::Socket::INET; IO::Socket::INET->new(LocalAddr => "127.0.0.1:80", Listen => 1, ReuseAddr => 1) or die "bind: $!\n"; print "bound\n"'
unit amb.service <<E
[Service]
User=nobody
Group=$grp
SupplementaryGroups=daemon
AmbientCapabilities=CAP_NET_BIND_SERVICE
CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_CHOWN
NoNewPrivileges=yes
ExecStart=/bin/sleep $M.1
E
unit bnd.service <<E
[Service]
CapabilityBoundingSet=~CAP_SYS_ADMIN CAP_NET_RAW
ExecStart=/bin/sleep $M.2
E
unit none.service <<E
[Service]
CapabilityBoundingSet=
ExecStart=/bin/sleep $M.3
E
unit bind-amb.service <<E
[Service]
Type=oneshot
User=nobody
PrivateNetwork=yes
AmbientCapabilities=CAP_NET_BIND_SERVICE
StandardOutput=file:$T/bind-amb
StandardError=inherit
ExecStart=/usr/bin/perl -e '$bind80'
E
unit bind-no.service <<E
[Service]
Type=oneshot
User=nobody
PrivateNetwork=yes
StandardOutput=file:$T/bind-no
StandardError=inherit
ExecStart=-/usr/bin/perl -e '$bind80'
E
unit nouser.service <<E
[Service]
User=no-such-user-tend
ExecStart=/bin/sleep $M.4
E
start_units --units "$U"
p=$(wait_svc 1)
nobody=$(id -u nobody)
g=$(getent group "$grp" | cut -d: -f3)
daemon=$(getent group daemon | cut -d: -f3)
assert_eq "Uid" "$nobody $nobody $nobody $nobody" "$(status_of "$p" Uid)"
assert_eq "Gid" "$g $g $g $g" "$(status_of "$p" Gid)"
status_of "$p" Groups | grep -qw "$daemon" || fail "Groups: $(status_of "$p" Groups)"
assert_eq "CapBnd" 0000000000000401 "$(status_of "$p" CapBnd)"
assert_eq "CapAmb" 0000000000000400 "$(status_of "$p" CapAmb)"
assert_eq "CapEff" 0000000000000400 "$(status_of "$p" CapEff)"
assert_eq "CapPrm" 0000000000000400 "$(status_of "$p" CapPrm)"
assert_eq "NoNewPrivs" 1 "$(status_of "$p" NoNewPrivs)"
p=$(wait_svc 2)
bnd=$(printf '%016x' $(( ((1 << (last + 1)) - 1) & ~(1 << 21) & ~(1 << 13) )))
# tend's own bounding set may lack some already (a container's)
own=$(status_of "$(p1_host_pid)" CapBnd)
assert_eq "CapBnd with ~" "$(printf '%016x' $((0x$bnd & 0x$own)))" "$(status_of "$p" CapBnd)"
assert_eq "NoNewPrivs default" 0 "$(status_of "$p" NoNewPrivs)"
p=$(wait_svc 3)
assert_eq "CapBnd empty" 0000000000000000 "$(status_of "$p" CapBnd)"
assert_eq "CapEff empty" 0000000000000000 "$(status_of "$p" CapEff)"
wait_log 10 "'bind-amb.service': .*-> inactive"
wait_log 10 "'bind-no.service': process .* exited"
assert_eq "bind :80 with CAP_NET_BIND_SERVICE" bound "$(cat "$T/bind-amb")"
grep -q "bind: Permission denied" "$T/bind-no" || fail "bind :80 without the capability: $(cat "$T/bind-no")"
wait_log 10 "'nouser.service': .*user 'no-such-user-tend'"
wait_log 10 "'nouser.service': .* -> failed"
[ -n "$(svc_pid 1)" ] || fail "a bad unit stopped another"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
