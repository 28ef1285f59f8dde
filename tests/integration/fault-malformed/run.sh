#!/usr/bin/env bash
# 1,000 malformed unit files next to 10 good ones: each bad file is
# refused with its own error line, the good units all run, tend answers.
. ../svc-lib.sh
for i in $(seq -w 1 1000); do
	case $((10#$i % 5)) in
	0) printf 'ExecStart=/bin/true\n' ;;			# key above any section
	1) printf '[Service]\nExecStart=\n' ;;			# empty ExecStart
	2) printf '[Service]\nRestartSec=banana\nExecStart=/bin/true\n' ;;
	3) printf '[Service\nExecStart=/bin/true\n' ;;		# broken header
	4) head -c 300 /dev/urandom ;;
	esac >"$U/bad$i.service"
done
for i in $(seq 1 10); do
	unit "good$i.service" <<E
[Service]
ExecStart=/bin/sleep 1000
E
done
start_units --units "$U"
wait_ctl 20
retry 10 sh -c "[ \$('$TENDCTL' -s '$T/run/control.sock' list | grep -c '^good.* running') -eq 10 ]" ||
	fail "not all good units run: $(ctl list | grep -c running)"
refused=$(grep -c "bad[0-9]*.service: not loaded" "$T/p1.log" || true)
echo "bad units refused: $refused"
assert_eq "every bad unit refused" 1000 "$refused"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
