#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# examples/embedded's Buildroot package and Yocto recipe still say what
# tests/cross/run.sh does: `make ... all`, then `make ... DESTDIR=...
# PREFIX=/usr install`, the toolchain's CC/CFLAGS/CPPFLAGS/LDFLAGS and
# PKG_CONFIG passed in, and the LICENSE checksum Yocto checks.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
mk=$top/examples/embedded/buildroot/tend/tend.mk
bb=$(ls "$top"/examples/embedded/yocto/recipes-core/tend/tend_*.bb)
fail() { echo "recipes: $*" >&2; exit 1; }
has() { grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks: $2"; }
has "$mk" '$(MAKE) -C $(@D) $(TARGET_CONFIGURE_OPTS) BUILD=build all'
has "$mk" 'DESTDIR=$(TARGET_DIR) PREFIX=/usr install'
has "$mk" 'TEND_LICENSE = MIT'
has "$bb" "'CC=\${CC}' 'CFLAGS=\${CFLAGS}' 'CPPFLAGS=\${CPPFLAGS}'"
has "$bb" "'LDFLAGS=\${LDFLAGS}' 'PKG_CONFIG=pkg-config' BUILD=build"
has "$bb" 'oe_runmake all'
has "$bb" 'oe_runmake DESTDIR=${D} PREFIX=${prefix} install'
has "$bb" "LIC_FILES_CHKSUM = \"file://LICENSE;md5=$(md5sum "$top/LICENSE" | cut -d' ' -f1)\""
grep -q 'SPDX-License-Identifier: MIT' "$top/src/main.c" && grep -q '^MIT License' "$top/LICENSE" ||
	fail "LICENSE and the SPDX headers disagree"
grep -q 'VERSION := 0.1.0' "$top/Makefile" && has "$mk" "TEND_VERSION = 0.1.0" ||
	fail "versions disagree"
[ "$(basename "$bb")" = "tend_$(sed -n 's/^VERSION := //p' "$top/Makefile").bb" ] ||
	fail "$(basename "$bb"): not the Makefile's version"
echo "recipes: Buildroot and Yocto files match the cross build's commands"
