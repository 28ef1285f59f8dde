#!/usr/bin/env bash
# Keys that change what a service sees or what follows it: RuntimeDirectory=
# (and friends) made, owned and removed; IgnoreSIGPIPE=; OnFailure=;
# RuntimeMaxSec=; SyslogIdentifier=.
. ../svc-lib.sh
getent passwd nobody >/dev/null || skip "no user 'nobody'"
rt="tend-test-rt.$$"
unit dirs.service <<E
[Service]
User=nobody
RuntimeDirectory=$rt/sub
RuntimeDirectoryMode=0750
StandardOutput=file:$T/dirs-env
ExecStart=/bin/sh -c 'echo "\$\$RUNTIME_DIRECTORY"; exec sleep 1000'
E
unit pipe-default.service <<E
[Service]
ExecStart=/bin/sleep 7001.$$
E
unit pipe-no.service <<E
[Service]
IgnoreSIGPIPE=no
ExecStart=/bin/sleep 7002.$$
E
unit failing.service <<E
[Unit]
OnFailure=handler.service
[Service]
Type=oneshot
ExecStart=/bin/false
E
unit handler.service <<E
[Service]
Type=oneshot
ExecStart=/bin/touch $T/handled
E
unit shortlived.service <<E
[Service]
RuntimeMaxSec=300ms
ExecStart=/bin/sleep 1000
E
unit named.service <<E
[Service]
SyslogIdentifier=myapp
ExecStart=/bin/echo hello-from-named
E
start_units --units "$U"
wait_log 10 "'dirs.service': starting -> running"
retry 5 test -s "$T/dirs-env" || fail "no output from dirs.service"
assert_eq "RUNTIME_DIRECTORY" "/run/$rt/sub" "$(cat "$T/dirs-env")"
assert_eq "owner and mode" "nobody 750" "$(stat -c '%U %a' "/run/$rt/sub")"
# SIGPIPE ignored by default (bit 13 of SigIgn), not with IgnoreSIGPIPE=no
sigign() { awk '/^SigIgn/ {print $2}' "/proc/$(pgrep -f "sleep $1" | head -1)/status"; }
retry 5 pgrep -f "sleep 7001.$$" >/dev/null || fail "pipe-default.service did not start"
retry 5 pgrep -f "sleep 7002.$$" >/dev/null || fail "pipe-no.service did not start"
python3 -c "import sys; sys.exit(0 if int('$(sigign 7001.$$)',16) >> 12 & 1 else 1)" ||
	fail "SIGPIPE not ignored by default"
python3 -c "import sys; sys.exit(1 if int('$(sigign 7002.$$)',16) >> 12 & 1 else 0)" ||
	fail "SIGPIPE ignored with IgnoreSIGPIPE=no"
wait_log 10 "'failing.service': OnFailure: starting 'handler.service'"
retry 5 test -f "$T/handled" || fail "OnFailure= unit did not run"
wait_log 10 "'shortlived.service': ran for RuntimeMaxSec=300 ms: stopping"
wait_log 10 "'shortlived.service': .*-> failed (timeout)"
wait_log 10 "^myapp\[[0-9]*\]: hello-from-named"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
assert "RuntimeDirectory removed at stop" test ! -e "/run/$rt/sub"
rmdir "/run/$rt" 2>/dev/null || true
