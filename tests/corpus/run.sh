#!/usr/bin/env bash
# Real-world corpus for the unit parser: the .service files of a few
# hundred popular Debian packages (tests/corpus/packages.txt).
#
#   tests/corpus/run.sh            download (once, cached), check, report
#
# For every file: `tend check` must not crash or hang; every file that
# `systemd-analyze verify` rejects as a bad unit file tend must reject
# too; at least LOAD_GOAL% (98) must load, and at least GOAL% (80) with
# only skippable warnings (or notes about this host's conditions); every
# file tend refuses must be refused for a reason tests/corpus/refusals.txt
# explains and README.md lists.  Files
# are cached under tests/corpus/cache/ (gitignored).  Exits 77 when the
# packages can't be downloaded (no network) and nothing is cached.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TEND=${TEND:-$root/build/tend}
GOAL=${GOAL:-80}
LOAD_GOAL=${LOAD_GOAL:-98}
cache=$here/cache
debs=$cache/debs
tree=$cache/tree
out=$cache/out
mkdir -p "$debs" "$tree" "$out"

[ -x "$TEND" ] || { echo "corpus: $TEND not built (make)"; exit 1; }

# 1. download what is not cached yet
mapfile -t pkgs < <(grep -v '^#' "$here/packages.txt" | sort -u)
missing=()
for p in "${pkgs[@]}"; do
	[ -f "$debs/$p.ok" ] || [ -f "$debs/$p.none" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if ! command -v apt-get >/dev/null; then
		echo "corpus: SKIP: apt-get is not available"; exit 77
	fi
	echo "corpus: downloading ${#missing[@]} packages"
	got=0
	for p in "${missing[@]}"; do
		if (cd "$debs" && timeout 120 apt-get download -qq "$p" >/dev/null 2>"$debs/$p.err"); then
			touch "$debs/$p.ok"
			got=$((got + 1))
		elif grep -qiE "unable to locate|no candidate|has no installation candidate|not a real package|Can't select" "$debs/$p.err"; then
			touch "$debs/$p.none"	# not in this release: skip for good
		fi
	done
	if [ "$got" -eq 0 ] && ! ls "$debs"/*.deb >/dev/null 2>&1; then
		echo "corpus: SKIP: apt-get download fails (offline?):"
		head -3 "$debs"/*.err 2>/dev/null | sed 's/^/  /'
		exit 77
	fi
fi

# 2. extract the unit files of each package
for deb in "$debs"/*.deb; do
	name=$(basename "$deb" .deb)
	[ -d "$tree/$name" ] && continue
	tmp=$(mktemp -d)
	dpkg-deb -x "$deb" "$tmp" 2>/dev/null
	mkdir -p "$tree/$name"
	for d in lib/systemd/system usr/lib/systemd/system etc/systemd/system; do
		[ -d "$tmp/$d" ] && cp -a "$tmp/$d/." "$tree/$name/"
	done
	rm -rf "$tmp"
done

# 3. every regular .service file (aliases and masks are symlinks)
mapfile -t files < <(find "$tree" -type f -name '*.service' | sort)
echo "corpus: ${#files[@]} unit files from $(ls "$tree" | wc -l) packages"
[ ${#files[@]} -gt 0 ] || { echo "corpus: SKIP: no unit files"; exit 77; }

clean=0 loaded=0 refused=0 crashed=0 disagree=0
: > "$out/refused.txt"; : > "$out/disagree.txt"; : > "$out/crashed.txt"; : > "$out/unexplained.txt"
for f in "${files[@]}"; do
	timeout 10 "$TEND" check "$f" > "$out/tend.txt" 2>&1
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		crashed=$((crashed + 1))
		echo "$f: rc=$rc" >> "$out/crashed.txt"
		continue
	fi
	if [ $rc -eq 0 ]; then
		loaded=$((loaded + 1))
		grep -qvE '^(skipped|note): ' "$out/tend.txt" || clean=$((clean + 1))
	else
		refused=$((refused + 1))
		grep '^error: ' "$out/tend.txt" >> "$out/refused.txt"
		grep -qEf <(grep -v '^#' "$here/refusals.txt" | cut -f 1) "$out/tend.txt" ||
			{ echo "== $f"; grep '^error: ' "$out/tend.txt"; } >> "$out/unexplained.txt"
	fi
	# systemd must load templates as an instance
	unit=$f
	tmpd=
	case $(basename "$f") in
	*@.service)
		tmpd=$(mktemp -d)
		unit=$tmpd/$(basename "$f" .service | sed 's/@$//')@check.service
		ln -s "$f" "$unit"
		;;
	esac
	sd=$(timeout 30 systemd-analyze verify --man=no "$unit" 2>&1)
	[ -n "$tmpd" ] && rm -rf "$tmpd"
	if grep -qE "bad unit file setting|fatal error|Refusing" <<<"$sd" && [ $rc -eq 0 ]; then
		disagree=$((disagree + 1))
		{ echo "== $f"; echo "$sd"; } >> "$out/disagree.txt"
	fi
done

total=${#files[@]}
pct=$((clean * 100 / total))
lpct10=$((loaded * 1000 / total))
echo "corpus: loaded $loaded/$total ($((lpct10 / 10)).$((lpct10 % 10))%); only skippable warnings: $clean ($pct%)"
echo "corpus: refused $refused; crashes/hangs $crashed; systemd rejects, tend loads: $disagree"
echo "corpus: most common reasons for refusing:"
sed -E 's/.*: (key [A-Za-z]+= is not supported).*/\1/; s/^error: [^:]+:[0-9]+: ([A-Za-z]+): .*/\1: bad value/' \
	"$out/refused.txt" | sort | uniq -c | sort -rn | head -15
status=0
[ $crashed -eq 0 ] || { echo "FAIL: tend check crashed or hung:"; cat "$out/crashed.txt"; status=1; }
[ $disagree -eq 0 ] || { echo "FAIL: files systemd rejects load in tend: see $out/disagree.txt"; status=1; }
[ $pct -ge "$GOAL" ] || { echo "FAIL: $pct% < $GOAL% load with only skippable warnings"; status=1; }
[ $lpct10 -ge $((LOAD_GOAL * 10)) ] || { echo "FAIL: $((lpct10 / 10)).$((lpct10 % 10))% < $LOAD_GOAL% load"; status=1; }
if [ -s "$out/unexplained.txt" ]; then
	echo "FAIL: refused for a reason tests/corpus/refusals.txt does not list:"
	cat "$out/unexplained.txt"
	status=1
fi
while IFS=$'\t' read -r re text; do
	case $re in '#'*|'') continue ;; esac
	grep -qF -- "$text" "$root/README.md" ||
		{ echo "FAIL: README.md does not list the refusal reason: $text"; status=1; }
done < "$here/refusals.txt"
exit $status
