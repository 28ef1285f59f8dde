#!/usr/bin/env bash
# `tend calendar` against `systemd-analyze calendar` (Debian's systemd):
# every expression of ./exprs (parsed and refused alike), five elapses
# each, from base times on leap days, DST changes in Europe, the US and
# Australia, and past 2037 where zone files end and their POSIX rule
# takes over, with four local time zones.  The "From now" lines depend
# on the clock and are left out.
set -u
TEND=${TEND:-../../../build/tend}
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is not installed (tests/deps.sh installs systemd)"; exit 77; }
[ -e /usr/share/zoneinfo/Europe/Berlin ] || { echo "no tzdata in /usr/share/zoneinfo"; exit 77; }
mapfile -t exprs < <(grep -v '^#' exprs)
bases=(
	'2024-02-28 12:00:00 UTC'
	'2023-02-27 23:00:00 UTC'
	'2024-03-30 22:00:00 UTC'
	'2024-10-26 23:30:00 UTC'
	'2024-10-27 00:15:00 UTC'
	'2024-10-27 00:45:00 UTC'
	'2024-10-27 01:15:00 UTC'
	'2024-11-03 06:10:00 UTC'
	'2024-02-29 23:59:59 UTC'
	'2024-03-10 05:00:00 UTC'
	'2024-11-03 05:30:00 UTC'
	'2024-04-06 14:00:00 UTC'
	'2037-12-31 12:00:00 UTC'
	'2099-12-31 23:59:59 UTC'
)
zones=(UTC Europe/Berlin America/New_York Australia/Sydney)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 runs=0
for z in "${zones[@]}"; do
	for b in "${bases[@]}"; do
		runs=$((runs + 1))
		TZ=$z systemd-analyze calendar --iterations=5 --base-time="$b" "${exprs[@]}" \
			>"$tmp/want" 2>"$tmp/want.err"
		wrc=$?
		TZ=$z "$TEND" calendar --iterations=5 --base-time="$b" "${exprs[@]}" \
			>"$tmp/got" 2>"$tmp/got.err"
		grc=$?
		# systemd-analyze's "Hint: ... is a valid timestamp" is advice, not
		# the calendar's meaning: tend does not print it
		sed -i '/From now:/d' "$tmp/want" "$tmp/got"
		sed -i '/^Hint: /d' "$tmp/want.err"
		if ! cmp -s "$tmp/want" "$tmp/got" || ! cmp -s "$tmp/want.err" "$tmp/got.err" ||
		   [ $wrc != $grc ]; then
			echo "FAIL: TZ=$z base '$b' (exit $grc, systemd-analyze $wrc)"
			diff "$tmp/want" "$tmp/got" | head -n 20
			diff "$tmp/want.err" "$tmp/got.err" | head -n 5
			fail=$((fail + 1))
		fi
	done
done
n=${#exprs[@]}
echo "cal-systemd: $n expressions x $runs (zone, base) pairs x 5 elapses, $fail runs differ"
[ $fail -eq 0 ]
