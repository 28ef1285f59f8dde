#!/usr/bin/env bash
# A runtime directory under /tmp (here $T/run) and PrivateTmp=yes: the
# unit's fresh /tmp hides <runtime-dir>/notify/.  tend gives such a unit
# an abstract NOTIFY_SOCKET instead and says so, so READY=1 arrives; with
# PrivateNetwork= too nothing could reach tend, and the unit is refused
# when it is loaded instead of timing out after 90 s.
. ../svc-lib.sh
case $T in /tmp/*) ;; *) skip "the case needs its runtime directory under /tmp" ;; esac
unit hidden.service <<E
[Service]
Type=notify
NotifyAccess=all
PrivateTmp=yes
TimeoutStartSec=20
ExecStart=/bin/sh -c 'echo "sock=\$NOTIFY_SOCKET tmp=\$(ls -A /tmp | wc -l)"; systemd-notify --ready; exec sleep 1000'
E
unit nonet.service <<E
[Service]
Type=notify
PrivateTmp=yes
PrivateNetwork=yes
ExecStart=/bin/sleep 1000
E
start_units --units "$U"
wait_ctl 10
wait_log 10 "nonet.service:[0-9]*: PrivateNetwork: the notify socket under .* is hidden by PrivateTmp= and its abstract twin by PrivateNetwork="
wait_log 10 "'hidden.service': PrivateTmp= hides $T/run: NOTIFY_SOCKET is the abstract @"
wait_log 10 "'hidden.service': starting -> running"
log_has "sock=@tend/" || fail "NOTIFY_SOCKET is not abstract: $(grep sock= "$T/p1.log")"
log_has "tmp=0" || fail "PrivateTmp= gave no fresh /tmp: $(grep tmp= "$T/p1.log")"
ctl list | grep -q "^nonet" && fail "nonet.service was loaded"
stop_p1
assert_eq "exit status" 0 "$P1_RC"
echo ok
