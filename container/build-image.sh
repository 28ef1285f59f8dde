#!/usr/bin/env bash
# build-image.sh [OUT]: build container/Dockerfile with buildah, without a
# registry, and export the final image to OUT (default build/image):
#   OUT/rootfs      the image's root filesystem (what runc runs)
#   OUT/image.json  the image's config (Entrypoint, Cmd, Env, Healthcheck)
#   OUT/image.id    the image's ID
#
# The Dockerfile's bases (debian:12, debian:12-slim) come from Docker Hub on
# a normal machine.  Here they are built once with debootstrap (minbase,
# bookworm, the mirror of the host's apt sources), imported as
# localhost/debian:12 and localhost/debian:12-slim (the same tree without
# docs, man pages and locales) and kept in buildah's store, which is
# private to this script (TEND_CT_STORE).  buildah bud then runs with
# --pull=never (no registry) and --network host (apt-get in the build
# stage reaches the mirror).
#
# Environment:
#   TEND_CT_STORE   buildah's root (default /var/cache/tend-ci/containers)
#   TEND_CT_DRIVER  storage driver (default overlay, vfs where the store
#                   is on overlayfs; the store keeps the driver it began with)
#   TEND_CT_MIRROR  Debian mirror (default: the host's apt sources')
#   TEND_CT_REBASE=1  debootstrap the base images again
#   TEND_CT_TAG     the image's name (default localhost/tend-example)
#   TEND_CT_RUNTIME the OCI runtime of the RUN steps (default runc).  Named
#                   explicitly: buildah prefers crun when both are
#                   installed, and crun refuses the hybrid cgroup layout
#                   of the CI machines ("cgroups in hybrid mode not
#                   supported"); tests/container/run.sh runs the same one.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/image}
store=${TEND_CT_STORE:-/var/cache/tend-ci/containers}
mkdir -p "$store"
driver=overlay	# not over another overlayfs (this machine in a container)
[ "$(stat -f -c %T "$store")" != overlayfs ] || driver=vfs
driver=${TEND_CT_DRIVER:-$driver}
tag=${TEND_CT_TAG:-localhost/tend-example}
suite=bookworm	# debian:12

runtime=$(command -v "${TEND_CT_RUNTIME:-runc}") ||
	{ echo "build-image: ${TEND_CT_RUNTIME:-runc} not found (tests/deps.sh --vm)" >&2; exit 2; }
for c in buildah debootstrap; do
	command -v "$c" >/dev/null || { echo "build-image: $c not found (tests/deps.sh --vm)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "build-image: needs root (debootstrap, buildah's store)" >&2; exit 2; }

B=(buildah --root "$store/storage" --runroot "/run/tend-ci/containers" --storage-driver "$driver")

# the first Debian mirror of the host's apt sources (deb822 or one-line)
mirror() {
	local m=""
	m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }') || true
	[ -n "$m" ] || m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }') || true
	echo "${TEND_CT_MIRROR:-${m:-http://deb.debian.org/debian}}"
}

step_start=0
step() { step_start=$(date +%s.%N); echo "build-image: $*"; }
took() { awk -v a="$step_start" -v b="$(date +%s.%N)" -v w="$1" 'BEGIN { printf "build-image: %s took %.1f s\n", w, b - a }'; }

has_image() { "${B[@]}" inspect --type image "$1" >/dev/null 2>&1; }

# import TREE TAG [slim]: a one-layer image of TREE (without /dev, /proc, /sys)
import() {
	local tree=$1 name=$2 ctr mnt
	ctr=$("${B[@]}" from scratch)
	mnt=$("${B[@]}" mount "$ctr")
	tar -C "$tree" -c --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' . | tar -C "$mnt" -x
	if [ "${3:-}" = slim ]; then	# as debian:*-slim: no docs but copyrights, no man pages or locales
		find "$mnt/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
		find "$mnt/usr/share/doc" -mindepth 1 -type d -empty -delete
		rm -rf "$mnt"/usr/share/{man,info,locale}/* "$mnt"/usr/share/{groff,lintian,linda}
		cat >"$mnt/etc/dpkg/dpkg.cfg.d/docker" <<-'EOF'
		path-exclude /usr/share/doc/*
		path-include /usr/share/doc/*/copyright
		path-exclude /usr/share/man/*
		path-exclude /usr/share/info/*
		path-exclude /usr/share/locale/*
		path-exclude /usr/share/groff/*
		path-exclude /usr/share/lintian/*
		path-exclude /usr/share/linda/*
		EOF
	fi
	"${B[@]}" umount "$ctr" >/dev/null
	"${B[@]}" config --cmd '["bash"]' --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$ctr"
	"${B[@]}" commit --quiet --rm "$ctr" "$name" >/dev/null
}

# ---- 1. the base images, once ----
if [ "${TEND_CT_REBASE:-0}" = 1 ] || ! has_image localhost/debian:12 || ! has_image localhost/debian:12-slim; then
	m=$(mirror)
	step "debootstrap --variant=minbase $suite ($m)"
	tree=$(mktemp -d /var/tmp/tend-debootstrap.XXXXXX)
	trap 'rm -rf "$tree"' EXIT
	debootstrap --variant=minbase "$suite" "$tree" "$m" >"$tree.log" 2>&1 ||
		{ tail -n 20 "$tree.log" >&2; rm -f "$tree.log"; exit 1; }
	rm -f "$tree.log"
	rm -rf "$tree"/var/cache/apt/archives/*.deb "$tree"/var/lib/apt/lists/* "$tree/etc/resolv.conf"
	: >"$tree/etc/hostname"
	# as the official images (debuerreotype): dpkg without fsync, no
	# translations, compressed lists, no package caches
	echo force-unsafe-io >"$tree/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
	echo 'Acquire::Languages "none";' >"$tree/etc/apt/apt.conf.d/docker-no-languages"
	echo 'Acquire::GzipIndexes "true";' >"$tree/etc/apt/apt.conf.d/docker-gzip-indexes"
	echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$tree/etc/apt/apt.conf.d/docker-autoremove-suggests"
	printf 'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' >"$tree/etc/apt/apt.conf.d/docker-clean"
	took debootstrap
	step "import as localhost/debian:12 and localhost/debian:12-slim"
	import "$tree" localhost/debian:12
	import "$tree" localhost/debian:12-slim slim
	rm -rf "$tree"
	trap - EXIT
	took import
else
	echo "build-image: localhost/debian:12 and :12-slim in $store (TEND_CT_REBASE=1 to rebuild)"
fi

# ---- 2. the Dockerfile ----
mkdir -p "$out"
step "buildah bud -f container/Dockerfile -t $tag"
# --format docker keeps HEALTHCHECK (OCI configs have no field for it);
# --layers reuses the apt-get layer while the Dockerfile's start is unchanged
"${B[@]}" bud --runtime "$runtime" --pull=never --network host --layers --format docker \
	--iidfile "$out/image.id" -f "$top/container/Dockerfile" -t "$tag" "$top" >"$out/bud.log" 2>&1 ||
	{ tail -n 30 "$out/bud.log" >&2; exit 1; }
# name the build stage too (cached: no work) so that pruning the images
# of earlier builds keeps the layers this one reuses (apt-get install)
"${B[@]}" bud --runtime "$runtime" --pull=never --network host --layers --format docker --target build \
	-f "$top/container/Dockerfile" -t "$tag-build" "$top" >>"$out/bud.log" 2>&1 ||
	{ tail -n 30 "$out/bud.log" >&2; exit 1; }
"${B[@]}" rmi --prune >/dev/null
took bud

# ---- 3. export: the root filesystem and the config ----
step "export the root filesystem to $out/rootfs"
id=$(cat "$out/image.id")
"${B[@]}" inspect --type image "$id" >"$out/image.json"
rm -rf "$out/rootfs"
mkdir -p "$out/rootfs"
ctr=$("${B[@]}" from --pull=never "$id")
mnt=$("${B[@]}" mount "$ctr")
tar -C "$mnt" -c . | tar -C "$out/rootfs" -x
"${B[@]}" umount "$ctr" >/dev/null
"${B[@]}" rm "$ctr" >/dev/null
took export
size=$("${B[@]}" images --format '{{.Size}}' "$id" | head -n 1)
echo "build-image: $tag $(cut -c 1-19 "$out/image.id") ($size): $(du -sh "$out/rootfs" | cut -f 1) root filesystem"
