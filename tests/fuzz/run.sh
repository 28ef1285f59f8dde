#!/usr/bin/env bash
# Build the libFuzzer targets and run each for a bounded time:
#   tests/fuzz/run.sh [SECONDS] [TARGET...]   (default 30 s; all four)
# Targets: unit (unit-file parser), notify (sd_notify parser), proto
# (control protocol decoder), cmdline (Exec= splitter).  New inputs go to
# $BUILD/fuzz/corpus_*; the committed seeds in tests/fuzz/corpus_* stay as
# they are.  Exits 77 without clang; non-zero when a target finds a bug
# (the crashing input is left in $BUILD/fuzz/).  An input that takes more
# than FUZZ_TIMEOUT seconds (default 2: every target handles its largest
# input in milliseconds) fails as a bug too: PID 1 must not stall on a
# slow parse (issue 14: 262,000 Environment= lines once took 12 s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-30}
slow=${FUZZ_TIMEOUT:-2}
shift || true
targets=${*:-unit notify proto cmdline}
out=${BUILD:-$root/build}
case "$out" in /*) ;; *) out="$root/$out" ;; esac
out=$out/fuzz
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: SKIP: $CC not found"; exit 77; }
mkdir -p "$out"
FLAGS=(-g -O1 -std=gnu11 -D_GNU_SOURCE -I"$root/src" -I"$root/include"
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)

# build TARGET SRC...: the target from tests/fuzz/fuzz_TARGET.c and src/SRC.c
build() {
	local t=$1
	shift
	"$CC" "${FLAGS[@]}" -o "$out/fuzz_$t" "$here/fuzz_$t.c" \
		$(for s in "$@"; do echo "$root/src/$s.c"; done) -linih -lcap
}

for t in $targets; do
	case $t in
	unit) # the parser reaches into most of the daemon (kinds, conditions,
		# tend check): link all of it but main()
		build unit $(cd "$root/src" && ls *.c | sed -n '/^main\.c$/d; /^tendctl\.c$/d; s/\.c$//p')
		max=262144 ;;	# fuzz_unit's own cap: room for long repeated keys
	notify) build notify notify log loop util
		max=5000 ;;
	proto) build proto proto
		max=4200 ;;
	cmdline) build cmdline cmdline util
		max=8192 ;;
	*) echo "fuzz: unknown target $t" >&2; exit 2 ;;
	esac
	mkdir -p "$out/corpus_$t"
	echo "== fuzz_$t: $secs s"
	(cd "$out" && "$out/fuzz_$t" -max_total_time="$secs" -max_len="$max" -timeout="$slow" \
		-rss_limit_mb=1024 -print_final_stats=1 -dict="$here/$t.dict" \
		"$out/corpus_$t" "$here/corpus_$t" 2>&1 | grep -E "^(stat::|==|SUMMARY|#[0-9]+ *DONE)|ERROR|Done")
done
