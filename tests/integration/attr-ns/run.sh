#!/usr/bin/env bash
# Namespaces: each Private*/ProtectHostname key gives the service its own
# namespace (compared with tend's in /proc/PID/ns), and behaves: only lo
# (up) in a private network, the hostname kept, PID 1 with a fresh /proc,
# an empty /tmp, a minimal uid map.
. ../attr-lib.sh
# the report, one line of sh; ExecStart=: keeps tend's hands off its $
report='echo "host=$(hostname)"; echo "pid=$$"; echo "procs=$(ls /proc | grep -c "^[0-9]")"; ip -o link | while read -r n l f r; do echo "link=$l$f"; done; echo "tmp=$(ls -A /tmp | wc -l)"; touch /tmp/tend-attr-ns.'$M'.$$; read -r a b c </proc/self/uid_map; echo "uidmap=$a,$b,$c"'
sh_unit() {	# sh_unit NAME N KEY... : a service that reports, then sleeps
	local name=$1 n=$2
	shift 2
	{
		echo "[Service]"
		printf '%s\n' "$@"
		echo "StandardOutput=file:$T/$name"
		echo "ExecStart=:/bin/sh -c '$report; exec sleep $M.$n'"
	} | unit "$name.service"
}
sh_unit net 1 PrivateNetwork=yes
sh_unit ipc 2 PrivateIPC=yes
sh_unit uts 3 ProtectHostname=yes
sh_unit pids 4 PrivatePIDs=yes TimeoutStopSec=1	# PID 1 there ignores SIGTERM
sh_unit mnt 5 PrivateMounts=yes
sh_unit tmp 6 PrivateTmp=yes
sh_unit users 7 PrivateUsers=yes
sh_unit plain 8
start_units --units "$U"
wait_svc 1 >/dev/null
tend=$(p1_host_pid)
ns() { readlink "/proc/$1/ns/$2"; }
check() {	# check N NS...: the namespaces service N has of its own
	local p k
	p=$(wait_svc "$1")
	shift
	for k in net ipc uts pid mnt user; do
		if printf '%s\n' "$@" | grep -qx "$k"; then
			[ "$(ns "$p" "$k")" != "$(ns "$tend" "$k")" ] || fail "service $p: $k namespace is tend's"
		else
			assert_eq "service $p: $k namespace" "$(ns "$tend" "$k")" "$(ns "$p" "$k")"
		fi
	done
}
check 1 net
check 2 ipc
check 3 uts
check 4 pid mnt
check 5 mnt
check 6 mnt
check 7 user
check 8
out() { retry 5 test -s "$T/$1" && cat "$T/$1"; }
assert_eq "private network: only lo, up" "link=lo:<LOOPBACK,UP,LOWER_UP>" "$(out net | grep '^link=')"
out plain | grep -q "^link=lo:" || fail "no links seen outside a private network"
assert_eq "ProtectHostname keeps the hostname" "host=$(hostname)" "$(out uts | grep '^host=')"
assert_eq "PrivatePIDs: PID 1" "pid=1" "$(out pids | grep '^pid=')"
n=$(out pids | sed -n 's/^procs=//p')	# sh, its subshell, ls, grep
[ "$n" -le 5 ] || fail "PrivatePIDs: /proc shows $n processes, not only the service's"
assert_eq "PrivateTmp: empty /tmp" "tmp=0" "$(out tmp | grep '^tmp=')"
tp=$(out tmp | sed -n 's/^pid=//p')
out plain >/dev/null
p=$(out plain | sed -n 's/^pid=//p')
[ -e "/tmp/tend-attr-ns.$M.$p" ] || fail "a service without PrivateTmp: not the host's /tmp"
[ ! -e "/tmp/tend-attr-ns.$M.$tp" ] || fail "PrivateTmp: /tmp is the host's"
assert_eq "PrivateUsers: root maps to root only" "uidmap=0,0,1" "$(out users | grep '^uidmap=')"
rm -f /tmp/tend-attr-ns."$M".*	# from the services with the host's /tmp
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
