#!/usr/bin/env bash
# tendctl status tells a throttled service from a slow one: a CPU burner
# under CPUQuota=10% shows nr_throttled > 0 and throttled time, and the
# context switch counts of its main process.
. ../svc-lib.sh
unit burn.service <<E
[Service]
CPUQuota=10%
ExecStart=/bin/sh -c 'while :; do :; done'
E
start_units --units "$U"
wait_ctl 10
wait_log 10 "'burn.service': starting -> running"
if log_has "'burn.service': runs without its cgroup limits"; then
	skip "cgroups are not writable here: $(grep 'without its cgroup' "$T/p1.log")"
fi
retry 10 sh -c "[ \"\$('$TENDCTL' -s '$T/run/control.sock' --json status burn | python3 -c 'import json,sys; u=json.load(sys.stdin)[\"units\"][0]; print(u[\"nr_throttled\"] > 0 and u[\"throttled_usec\"] > 0)')\" = True ]" ||
	fail "no throttling reported: $(ctl --json status burn)"
j=$(ctl --json status burn)
echo "$j" | json_get 'j["units"][0]["nonvoluntary_ctxt_switches"] > 0' | grep -qx True ||
	fail "no involuntary context switches reported: $j"
ctl status burn | grep -q "cpu: throttled [1-9][0-9]* times" || fail "text status: $(ctl status burn)"
echo "burn: $(echo "$j" | json_get '(j["units"][0]["nr_throttled"], j["units"][0]["throttled_usec"])')"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
