#!/usr/bin/env bash
# Every Limit*= key: the service's /proc/PID/limits shows soft and hard
# as written (sizes with suffixes, LimitNICE= as a nice value, LimitCPU=
# and LimitRTTIME= as time spans).  Without CAP_SYS_RESOURCE a limit
# above tend's hard one is clamped to it, as systemd's setrlimit_closest().
. ../svc-lib.sh
sysres=no
if (( 0x$(awk '/^CapEff/ {print $2}' /proc/self/status) >> 24 & 1 )); then sysres=yes; fi
unit lim.service <<E
[Service]
LimitCPU=1h:2h
LimitFSIZE=1M:2M
LimitDATA=1G
LimitSTACK=4M:8M
LimitCORE=0:1M
LimitRSS=100M
LimitNOFILE=100:200
LimitAS=3G
LimitNPROC=500:600
LimitMEMLOCK=64K
LimitLOCKS=100:150
LimitSIGPENDING=50
LimitMSGQUEUE=4096:8192
LimitNICE=-5
LimitRTPRIO=5:6
LimitRTTIME=1s:2s
ExecStart=/bin/sleep 7201.$$
E
start_units --units "$U"
wait_log 10 "'lim.service': starting -> running"
retry 5 pgrep -f "sleep 7201.$$" >/dev/null || fail "no sleep"
pid=$(pgrep -f "sleep 7201.$$" | head -n 1)	# the host's pid, not tend's namespace's
limit() {	# ROW: "soft hard" of /proc/PID/limits
	awk -v row="$1" 'index($0, row) == 1 { n = split(substr($0, 27), f, " +"); print f[1], f[2] }' "/proc/$pid/limits"
}
assert_eq LimitCPU "3600 7200" "$(limit 'Max cpu time')"
assert_eq LimitFSIZE "1048576 2097152" "$(limit 'Max file size')"
assert_eq LimitDATA "1073741824 1073741824" "$(limit 'Max data size')"
assert_eq LimitSTACK "4194304 8388608" "$(limit 'Max stack size')"
assert_eq LimitCORE "0 1048576" "$(limit 'Max core file size')"
assert_eq LimitRSS "104857600 104857600" "$(limit 'Max resident set')"
assert_eq LimitNOFILE "100 200" "$(limit 'Max open files')"
assert_eq LimitAS "3221225472 3221225472" "$(limit 'Max address space')"
assert_eq LimitNPROC "500 600" "$(limit 'Max processes')"
assert_eq LimitMEMLOCK "65536 65536" "$(limit 'Max locked memory')"
assert_eq LimitLOCKS "100 150" "$(limit 'Max file locks')"
assert_eq LimitSIGPENDING "50 50" "$(limit 'Max pending signals')"
assert_eq LimitMSGQUEUE "4096 8192" "$(limit 'Max msgqueue size')"
assert_eq LimitRTTIME "1000000 2000000" "$(limit 'Max realtime timeout')"
if [ $sysres = yes ]; then
	assert_eq LimitNICE "25 25" "$(limit 'Max nice priority')"
	assert_eq LimitRTPRIO "5 6" "$(limit 'Max realtime priority')"
else
	# tend's hard limits (0 here) can't be raised: clamped, and said
	hn=$(awk '/^Max nice priority/ {print $5}' /proc/self/limits)
	hr=$(awk '/^Max realtime priority/ {print $5}' /proc/self/limits)
	[ "$hn" -lt 25 ] || fail "nice hard limit $hn: can't test the clamp"
	assert_eq "LimitNICE clamped" "$hn $hn" "$(limit 'Max nice priority')"
	assert_eq "LimitRTPRIO clamped" "$([ "$hr" -lt 5 ] && echo "$hr $hr" || echo "5 6")" \
		"$(limit 'Max realtime priority')"
	wait_log 5 "'lim.service': ExecStart: LimitNICE= above the hard limit tend may set"
fi
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
