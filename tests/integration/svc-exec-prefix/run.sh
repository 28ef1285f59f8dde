#!/usr/bin/env bash
# The '!' and '!!' Exec prefixes (systemd.service(5)): '!' runs the command
# without the User=/Group=/SupplementaryGroups= change and keeps the rest
# of the sandbox (bounding set, NoNewPrivileges=, the environment of the
# user); '!!' does so only where the kernel lacks ambient capabilities,
# and this one has them, so '!!' runs as User=.
. ../svc-lib.sh
getent passwd nobody >/dev/null || skip "no user 'nobody' on this machine"
nobody=$(id -u nobody)
mkdir -m 1777 "$T/w"
chmod o+x "$T"
probe='echo "uid=$(id -u) gid=$(id -g) user=$USER"; grep -E "^(NoNewPrivs|CapBnd|CapAmb):" /proc/self/status'
common="User=nobody
NoNewPrivileges=yes
CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_SETUID
AmbientCapabilities=CAP_NET_BIND_SERVICE"
unit plain.service <<E
[Service]
Type=oneshot
$common
StandardOutput=file:$T/plain.out
ExecStartPre=/bin/sh -c 'id -u >$T/w/plain.pre'
ExecStart=/bin/sh -c '$probe'
E
unit bang.service <<E
[Service]
Type=oneshot
$common
StandardOutput=file:$T/bang.out
ExecStartPre=!/bin/sh -c 'id -u >$T/w/bang.pre'
ExecStart=!/bin/sh -c '$probe'
E
unit bangbang.service <<E
[Service]
Type=oneshot
$common
StandardOutput=file:$T/bangbang.out
ExecStartPre=!!/bin/sh -c 'id -u >$T/w/bangbang.pre'
ExecStart=-!!/bin/sh -c '$probe'
E
# '+': full privileges, and no Limit*= either (systemd applies them with
# the sandbox); PermissionsStartOnly= gives every command but ExecStart= that
unit plus.service <<E
[Service]
Type=oneshot
LimitNOFILE=123
ExecStartPre=+/bin/sh -c 'ulimit -n >$T/w/plus.pre'
ExecStart=/bin/sh -c 'ulimit -n >$T/w/plus.main'
E
unit permonly.service <<E
[Service]
Type=oneshot
LimitNOFILE=123
PermissionsStartOnly=yes
ExecStartPre=/bin/sh -c 'ulimit -n >$T/w/permonly.pre'
ExecStart=/bin/sh -c 'ulimit -n >$T/w/permonly.main'
E
start_units --units "$U"
for p in plain bang bangbang plus permonly; do
	wait_log 10 "'$p.service': .*-> inactive"
done
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
# CAP_NET_BIND_SERVICE is 10, CAP_SETUID 7
bnd=0000000000000480
assert_eq "no prefix: uid" "uid=$nobody" "$(grep -o '^uid=[0-9]*' "$T/plain.out")"
assert_eq "'!': uid and gid stay root's" "uid=0 gid=0" "$(grep -o '^uid=[0-9]* gid=[0-9]*' "$T/bang.out")"
assert_eq "'!': ExecStartPre too" 0 "$(cat "$T/w/bang.pre")"
assert_eq "'!!' with ambient caps: uid" "uid=$nobody" "$(grep -o '^uid=[0-9]*' "$T/bangbang.out")"
assert_eq "'!!': ExecStartPre as User=" "$nobody" "$(cat "$T/w/bangbang.pre")"
own=$(ulimit -n)
[ "$own" != 123 ] || fail "this shell's own limit is the unit's: the check proves nothing"
assert_eq "'+': no LimitNOFILE=" "$own" "$(cat "$T/w/plus.pre")"
assert_eq "without '+': LimitNOFILE=" 123 "$(cat "$T/w/plus.main")"
assert_eq "PermissionsStartOnly=: ExecStartPre= without LimitNOFILE=" "$own" "$(cat "$T/w/permonly.pre")"
assert_eq "PermissionsStartOnly=: ExecStart= with it" 123 "$(cat "$T/w/permonly.main")"
for p in plain bang bangbang; do
	grep -q "user=nobody" "$T/$p.out" || fail "$p: \$USER is not User=: $(cat "$T/$p.out")"
	grep -qx "NoNewPrivs:.1" "$T/$p.out" || fail "$p: NoNewPrivileges= not applied: $(cat "$T/$p.out")"
	grep -qx "CapBnd:.$bnd" "$T/$p.out" || fail "$p: bounding set: $(cat "$T/$p.out")"
	grep -qx "CapAmb:.0000000000000400" "$T/$p.out" || fail "$p: ambient set: $(cat "$T/$p.out")"
done
