#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Debian's source packages of inih, libcap and cmocka, for the musl and
# cross builds (tests/cross/libs.sh builds them with each target's
# compiler: Debian has no musl builds of them, and building them beats
# `dpkg --add-architecture`, whose foreign indexes can break apt-get
# update while a mirror syncs).  `apt-get source` through an apt state
# of its own under $SRC_DIR (deb-src lines of its own, Debian's archive
# key): the machine's apt configuration is left alone and nothing is
# cached outside the build directories.
#
# bookworm's sources, except libinih: this mirror does not carry
# bookworm's libinih 55-1 source, so trixie's 59-1 is taken and built
# with upstream's defaults, as Debian built 55 (libs.sh).
#
#   tests/cross/sources.sh        # -> build-src/{libinih,libcap2,cmocka}/
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${SRC_DIR:-$top/build-src}
[ -f "$out/.done" ] && exit 0
mkdir -p "$out/apt/lists/partial" "$out/apt/cache/archives/partial"
mirror=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/\{0,1\}$/\1/p' /etc/apt/sources.list.d/*.sources \
	2>/dev/null | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}
key=/usr/share/keyrings/debian-archive-keyring.gpg
{
	echo "deb-src [signed-by=$key] $mirror bookworm main"
	echo "deb-src [signed-by=$key] $mirror trixie main"
} >"$out/apt/sources.list"
apt=(apt-get -q -o "Dir::Etc::SourceList=$out/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$out/apt/lists" -o "Dir::Cache=$out/apt/cache"
	-o APT::Sandbox::User=root)
"${apt[@]}" update >/dev/null ||
	echo "sources: apt-get update had errors; trying the indexes it got" >&2
cd "$out"
for spec in libinih/trixie libcap2/bookworm cmocka/bookworm; do
	pkg=${spec%/*}
	rm -rf "$pkg" "$pkg".dl && mkdir "$pkg".dl
	(cd "$pkg".dl && "${apt[@]}" source --download-only "$spec" >/dev/null &&
		dpkg-source -x ./*.dsc ../"$pkg" >/dev/null 2>&1)	# apt checked the hashes
	echo "sources: $(cd "$pkg".dl && ls ./*.dsc | sed 's|^\./||')"
done
touch .done
