#!/usr/bin/env bash
# Install the Debian packages of the real-daemon suite (tests/daemons),
# without letting their maintainer scripts start anything on this machine:
# a policy-rc.d that answers 101 ("action forbidden") is in place for the
# install, as in a container image build, and the previous one (if any)
# is put back afterwards.  Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t pkgs < <(sed 's/#.*//' "$here/packages.txt" | tr -s ' \t' '\n' | grep -v '^$')
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "daemons deps: all ${#pkgs[@]} packages present"
	exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
prc=/usr/sbin/policy-rc.d
saved=
if [ -e "$prc" ]; then
	saved=$(mktemp)
	$SUDO cp -a "$prc" "$saved"
fi
restore() {
	if [ -n "$saved" ]; then
		$SUDO cp -a "$saved" "$prc"
		rm -f "$saved"
	else
		$SUDO rm -f "$prc"
	fi
}
trap restore EXIT
printf '#!/bin/sh\n# tests/daemons/deps.sh: no daemon starts during the install\nexit 101\n' |
	$SUDO tee "$prc" >/dev/null
$SUDO chmod 0755 "$prc"
echo "daemons deps: installing ${missing[*]}"
apt() {
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 "$@"
}
if ! apt install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
	apt update -qq || echo "daemons deps: apt-get update had errors; trying anyway" >&2
	apt install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
