#!/usr/bin/env bash
# The other unit types of the corpus: the .socket, .timer and .target files
# of the packages run.sh downloads (its cache/tree; run it first).  For
# every file: `tend check` must not crash or hang, a file `systemd-analyze
# verify` rejects as a bad unit file must be refused, and at least GOAL%
# (95) of each type must load.  Exits 77 without the cache.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TEND=${TEND:-$root/build/tend}
GOAL=${GOAL:-95}
tree=${CORPUS_TREE:-$here/cache/tree}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ -x "$TEND" ] || { echo "corpus-types: $TEND not built (make)"; exit 1; }
[ -d "$tree" ] || { echo "corpus-types: SKIP: no $tree (run tests/corpus/run.sh first)"; exit 77; }
status=0
for kind in socket timer target; do
	mapfile -t files < <(find "$tree" -type f -name "*.$kind" | sort)
	n=${#files[@]} loaded=0 crashed=0 disagree=0
	[ "$n" -gt 0 ] || { echo "corpus-types: no .$kind files"; continue; }
	for f in "${files[@]}"; do
		timeout 10 "$TEND" check "$f" >"$out/tend.txt" 2>&1
		rc=$?
		if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
			crashed=$((crashed + 1))
			echo "  crash or hang (rc=$rc): $f"
			continue
		fi
		if [ $rc -eq 0 ]; then
			loaded=$((loaded + 1))
		else
			echo "  refused: $f"
			grep '^error: ' "$out/tend.txt" | sed 's/^/    /'
		fi
		unit=$f tmpd=
		case $(basename "$f") in
		*@.$kind)	# systemd checks a template as an instance
			tmpd=$(mktemp -d)
			unit=$tmpd/$(basename "$f" ".$kind" | sed 's/@$//')@check.$kind
			ln -s "$f" "$unit"
			;;
		esac
		sd=$(timeout 30 systemd-analyze verify --man=no "$unit" 2>&1)
		[ -n "$tmpd" ] && rm -rf "$tmpd"
		if grep -qE "bad unit file setting|fatal error|Refusing" <<<"$sd" && [ $rc -eq 0 ]; then
			disagree=$((disagree + 1))
			echo "  systemd rejects, tend loads: $f"
		fi
	done
	pct=$((loaded * 100 / n))
	echo "corpus-types: .$kind: $loaded/$n load ($pct%); crashes/hangs $crashed; systemd rejects, tend loads: $disagree"
	[ $crashed -eq 0 ] && [ $disagree -eq 0 ] && [ $pct -ge "$GOAL" ] || status=1
done
exit $status
