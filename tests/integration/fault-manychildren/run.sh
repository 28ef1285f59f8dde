#!/usr/bin/env bash
# A service that forks 10,000 children and exits at once: every child ends
# up re-parented to tend (PID 1) and reaped; none is left as a zombie.
. ../svc-lib.sh
unit spawner.service <<E
[Service]
Type=oneshot
KillMode=process
ExecStart=$HELPERS/forkexit 10000
E
unit steady.service <<E
[Service]
ExecStart=/bin/sleep 1000
E
start_units -q --units "$U"
wait_ctl 10
retry 60 sh -c "'$TENDCTL' -s '$T/run/control.sock' --json status spawner |
	grep -q '\"state\": *\"inactive\"'" || fail "spawner did not finish"
tend=$(p1_host_pid)
zombies() { ps -e -o stat=,ppid= | awk -v p="$tend" '$1 ~ /^Z/ && $2 == p' | wc -l; }
retry 10 sh -c "[ \$(ps -e -o stat=,ppid= | awk -v p=$tend '\$1 ~ /^Z/ && \$2 == p' | wc -l) -eq 0 ]" ||
	fail "$(zombies) zombies left under tend"
echo "zombies under tend: $(zombies)"
ctl list | grep -q "^steady.service  *running" || fail "steady unit not running"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
