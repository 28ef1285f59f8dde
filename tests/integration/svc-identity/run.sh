#!/usr/bin/env bash
# What a service runs as and with: User/Group/SupplementaryGroups, a clean
# environment (not tend's), Environment/EnvironmentFile/UnsetEnvironment,
# PassEnvironment, WorkingDirectory, UMask, $VAR expansion in ExecStart.
. ../svc-lib.sh
getent passwd nobody >/dev/null || skip "no user 'nobody' on this machine"
grp=$(getent group nogroup >/dev/null && echo nogroup || echo nobody)
cat >"$T/envfile" <<E
# comment
FROM_FILE="quoted value"
DROPPED=yes
E
mkdir -p "$T/work"
unit ident.service <<E
[Service]
Type=oneshot
User=nobody
Group=$grp
SupplementaryGroups=daemon
WorkingDirectory=$T/work
UMask=0027
Environment="GREETING=hello world" WORDS=one\\x20two
Environment=OPTS="-a -b"
EnvironmentFile=$T/envfile
EnvironmentFile=-$T/no-such-file
UnsetEnvironment=DROPPED
PassEnvironment=TEND_TEST_PASSED
StandardOutput=file:$T/out
ExecStart=/bin/sh -c 'echo "uid=\$(id -u) gid=\$(id -g) groups=\$(id -G)"; echo "cwd=\$(pwd)"; echo "umask=\$(umask)"; env | sort' ignored \$OPTS
E
unit argv.service <<E
[Service]
Type=oneshot
Environment=OPTS="-a -b" NAME=world
StandardOutput=file:$T/argv
ExecStart=/usr/bin/printf '[%%s]' \$OPTS \${OPTS} pre-\${NAME} \$\$literal
E
export TEND_TEST_PASSED=passed TEND_TEST_SECRET=leak
start_units --units "$U"
wait_log 10 "'ident.service': .*-> inactive"
wait_log 10 "'argv.service': .*-> inactive"
out=$(cat "$T/out")
nobody_uid=$(id -u nobody)
grp_gid=$(getent group "$grp" | cut -d: -f3)
daemon_gid=$(getent group daemon | cut -d: -f3)
echo "$out" | grep -q "^uid=$nobody_uid gid=$grp_gid " || fail "ids: $(echo "$out" | head -1)"
echo "$out" | grep "^uid=" | grep -qw "$daemon_gid" || fail "supplementary group daemon missing"
echo "$out" | grep -qx "cwd=$T/work" || fail "working directory: $out"
echo "$out" | grep -qx "umask=0027" || fail "umask: $out"
echo "$out" | grep -qx "GREETING=hello world" || fail "Environment with quotes"
echo "$out" | grep -qx "WORDS=one two" || fail "Environment with \\x20"
echo "$out" | grep -qx "FROM_FILE=quoted value" || fail "EnvironmentFile"
echo "$out" | grep -qx "TEND_TEST_PASSED=passed" || fail "PassEnvironment"
echo "$out" | grep -q "^DROPPED=" && fail "UnsetEnvironment"
echo "$out" | grep -q "^TEND_TEST_SECRET=" && fail "tend's own environment leaked"
echo "$out" | grep -qx "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" || fail "PATH"
echo "$out" | grep -qx "USER=nobody" || fail "USER"
echo "$out" | grep -qx "HOME=$(getent passwd nobody | cut -d: -f6)" || fail "HOME"
assert_eq "argv expansion" "[-a][-b][-a -b][pre-world][\$literal]" "$(cat "$T/argv")"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
