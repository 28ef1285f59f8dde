#!/usr/bin/env bash
# The real-daemon suite: Debian's packaged daemons, each with the unit
# files its package ships (byte for byte), under tend as PID 1 of a
# container-like namespace (tests/daemons/lib.sh says how).  Per daemon:
# it starts, tend reaches ready (tendctl is-ready), a real client gets an
# answer on localhost, SIGKILL of the main process restarts it when its
# Restart= says so (else it stays down), SIGTERM to tend stops every unit
# with nothing left behind, and tend exits 0.
#
#   tests/daemons/run.sh [NAME...]     (make daemons installs the packages)
#
# A case known to fail for a reason outside this suite's reach says so
# (XFAIL: the item that fixes it) and does not fail the run; one that
# passes then says XPASS.  Exits 77 when not root or nothing is installed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$top/build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
export TEND=${TEND:-$BUILD/tend} TENDCTL=${TENDCTL:-$BUILD/tendctl}
[ "$(id -u)" = 0 ] || { echo "skip: the daemons run as root in namespaces"; exit 77; }
for c in unshare nsenter capsh prlimit ip systemd-tmpfiles python3; do
	command -v "$c" >/dev/null || { echo "skip: $c not found (tests/daemons/deps.sh)"; exit 77; }
done
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(cd "$here/cases" && ls *.sh | sed 's/\.sh$//'))
table=$(mktemp)
pass=0 fail=0 skip=0 xfail=0 t0=$(date +%s)
for n in "${names[@]}"; do
	s=$(date +%s)
	out=$(timeout -k 5 300 bash -c '
		. "$1/lib.sh"; . "$1/cases/$2.sh"
		for p in $PKGS; do
			dpkg-query -W -f="\${Status}" "$p" 2>/dev/null | grep -q "install ok installed" ||
				{ echo "SKIP: package $p is not installed (tests/daemons/deps.sh)"; exit 77; }
		done
		run_case; rc=$?
		echo "ROW|${R[starts]}|${R[ready]}|${R[client]}|${R[restart]}|${R[stop]}|${R[exit]}"
		echo "XFAIL|${XFAIL:-}"
		if [ $rc != 0 ]; then echo "--- tend log"; tail -n 40 "$LOG"; fi
		exit $rc' _ "$here" "$n" 2>&1)
	rc=$?
	took=$(($(date +%s) - s))
	row=$(sed -n 's/^ROW|//p' <<<"$out")
	why=$(sed -n 's/^XFAIL|//p' <<<"$out")
	if [ $rc = 77 ]; then
		skip=$((skip + 1)); echo "SKIP $n: $(tail -n 1 <<<"$out")"; continue
	fi
	if [ $rc = 0 ] && [ -n "$why" ]; then
		verdict="XPASS"; pass=$((pass + 1))
	elif [ $rc = 0 ]; then
		verdict="PASS"; pass=$((pass + 1))
	elif [ -n "$why" ]; then
		verdict="XFAIL"; xfail=$((xfail + 1))
	else
		verdict="FAIL"; fail=$((fail + 1))
	fi
	echo "$verdict $n (${took}s)${why:+: known: $why}"
	[ "$verdict" = PASS ] || grep -v '^ROW|\|^XFAIL|' <<<"$out" | sed 's/^/    /' | tail -n 45
	echo "| $n | ${row//|/ | } | $verdict |" >>"$table"
done
echo
echo "| daemon | starts | ready | client | restart after SIGKILL | stop | exit | |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
cat "$table"
rm -f "$table"
echo "daemons: $pass passed, $fail failed, $xfail known failures, $skip skipped in $(($(date +%s) - t0)) s"
[ $fail = 0 ]
