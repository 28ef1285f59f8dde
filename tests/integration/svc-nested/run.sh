#!/usr/bin/env bash
# tend reports READY=1 to its own manager (sd_notify's protocol, sent by
# tend itself: src/notify.c): here the manager is an outer tend, and the inner tend is a Type=notify unit
# that becomes ready only once its own units run.
. ../svc-lib.sh
mkdir -p "$T/inner"
cat >"$T/inner/slow.service" <<E
[Service]
Type=notify
NotifyAccess=all
ExecStart=/bin/sh -c 'sleep 0.4; touch $T/inner-ready; systemd-notify --ready; exec sleep 1000'
E
unit inner-tend.service <<E
[Service]
Type=notify
ExecStart=$TEND --units $T/inner --runtime-dir $T/run-inner
E
unit after.service <<E
[Unit]
After=inner-tend.service
[Service]
ExecStart=/bin/sh -c 'test -f $T/inner-ready && touch $T/ordered; exec sleep 1000'
E
start_units --units "$U"
wait_log 10 "'inner-tend.service': starting -> running"
wait_log 10 "'after.service': starting -> running"
retry 5 test -f "$T/ordered" || fail "outer tend saw READY=1 before the inner units were ready"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
