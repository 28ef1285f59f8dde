#!/usr/bin/env bash
# Scale benchmark: tend beside runit (runsvdir + runsv) and s6 (s6-svscan +
# s6-supervise) with N = 10, 100, 1,000 and 10,000 services, restart
# latency, a crash storm and tend's per-event cost.  See scale.py.
# Not part of `make check`; tests/bench/run.sh calls it (SCALE=0 skips).
#
#   BUILD=build tests/bench/scale.sh
#
# Knobs (environment): NS (default 10,100,1000,10000), STORM (seconds of
# crash storm, default 30), ONLY (scale,restart,storm,event), COMPARE (a
# second tend binary for the per-event rows).  Needs root; with the
# defaults it takes about five minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
OUT="$BUILD/bench"
CC=${CC:-cc}
if [ "$(id -u)" -ne 0 ]; then
	echo "scale: needs root for unshare --pid" >&2
	exit 77
fi
TEND=${TEND:-$BUILD/tend}
[ -x "$TEND" ] || make -C "$TOP" BUILD="$BUILD" all >/dev/null
mkdir -p "$OUT"
for p in pause bounce spawnfloor; do
	"$CC" -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o "$OUT/$p" "$here/$p.c"
done
# tend at N = 10,000 holds ~70,000 fds and raises its own limit; the peers
# run one process per service and need room for 20,000 more processes
ulimit -n 65536 2>/dev/null || true
extra=()
[ -n "${COMPARE:-}" ] && extra=(--compare "$COMPARE")
{
	echo "$(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"
	echo "kernel $(uname -r), $(date -u +%Y-%m-%d); load $(cut -d' ' -f1-3 /proc/loadavg);"
	echo "tend $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo '?'),"
	echo "runit $(dpkg-query -W -f '${Version}' runit 2>/dev/null || echo '?'),"
	echo "s6 $(dpkg-query -W -f '${Version}' s6 2>/dev/null || echo '?')."
	echo
	python3 "$here/scale.py" --out "$OUT/scale" --tend "$TEND" --pause "$OUT/pause" \
		--bounce "$OUT/bounce" --ns "${NS:-10,100,1000,10000}" --storm "${STORM:-30}" \
		--only "${ONLY:-scale,restart,storm,event}" "${extra[@]}"
} | tee "$OUT/scale.md"
