#!/usr/bin/env bash
# Run every integration case: tests/integration/<case>/run.sh, each under a
# hard timeout so a hang fails instead of blocking CI.  A case exits 0 (pass),
# 77 (skip, after printing why) or anything else (fail).  Another suite of
# cases in the same form runs through this script with CASES=its dir and
# SUITE=its name (tests/security/run-all.sh).
#
# Strict mode (STRICT=1; on by default when CI=true): a skip is a failure
# unless skips-allowed lists the case with the reason it printed, i.e. a
# reason this machine can't run it.  A case CI can run must run there.
set -u
here=${CASES:-$(cd "$(dirname "$0")" && pwd)}
suite=${SUITE:-integration}
export TOP=$(cd "$(dirname "$0")/../.." && pwd)
export BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
export TEND="$BUILD/tend" TENDCTL="$BUILD/tendctl" HELPERS="$BUILD/helpers"
pass=0 fail=0 skip=0 failed=()
only=${1:-}
strict=${STRICT:-}
[ -z "$strict" ] && [ "${CI:-}" = true ] && strict=1
allowed="$here/skips-allowed"

# skip_allowed CASE REASON: skips-allowed has "CASE<TAB>GLOB" matching REASON
skip_allowed() {
	local c g
	[ -f "$allowed" ] || return 1
	while IFS=$'\t' read -r c g; do
		case $c in '#'* | '') continue ;; esac
		# shellcheck disable=SC2053
		[ "$c" = "$1" ] && [[ $2 == $g ]] && return 0
	done <"$allowed"
	return 1
}
for dir in "$here"/*/; do
	name=$(basename "$dir")
	[ -x "$dir/run.sh" ] || continue
	[ -n "$only" ] && [ "$name" != "$only" ] && continue
	limit=$(cat "$dir/timeout" 2>/dev/null || echo 60)
	log=$(mktemp)
	start=$(date +%s.%N)
	( cd "$dir" && timeout -k 5 "$limit" ./run.sh ) >"$log" 2>&1
	rc=$?
	took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
	case $rc in
	0) pass=$((pass + 1)); echo "PASS $name (${took}s)" ;;
	77)
		why=$(tail -n 1 "$log")
		if [ "$strict" = 1 ] && ! skip_allowed "$name" "$why"; then
			fail=$((fail + 1)); failed+=("$name")
			echo "FAIL $name: skipped in strict mode and not in $(basename "$allowed"): $why"
		else
			skip=$((skip + 1)); echo "SKIP $name: $why"
		fi
		;;
	124|137) fail=$((fail + 1)); failed+=("$name"); echo "FAIL $name (timeout ${limit}s)"; sed 's/^/    /' "$log" | tail -n 40 ;;
	*) fail=$((fail + 1)); failed+=("$name"); echo "FAIL $name (rc=$rc)"; sed 's/^/    /' "$log" | tail -n 40 ;;
	esac
	rm -f "$log"
done
echo "$suite: $pass passed, $fail failed, $skip skipped${strict:+ (strict)}"
[ $fail -eq 0 ]
