#!/usr/bin/env bash
# Build the libFuzzer target for the unit parser and run it for a bounded
# time:  tests/fuzz/run.sh [SECONDS]   (default 30).  Exits 77 without clang.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-30}
out=${BUILD:-$root/build}/fuzz
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: SKIP: $CC not found"; exit 77; }
mkdir -p "$out/corpus_unit"
srcs="cmdline specifier timespan unit unitcheck unitkeys unitread unitval"
"$CC" -g -O1 -std=gnu11 -D_GNU_SOURCE -I"$root/src" \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-o "$out/fuzz_unit" "$here/fuzz_unit.c" \
	$(for s in $srcs; do echo "$root/src/$s.c"; done) -linih -lcap
# new inputs go to the scratch corpus; the seeds stay as committed
"$out/fuzz_unit" -max_total_time="$secs" -max_len=16384 -timeout=10 \
	-rss_limit_mb=1024 -print_final_stats=1 -dict="$here/unit.dict" \
	"$out/corpus_unit" "$here/corpus_unit"
