#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# inih, libcap and cmocka from Debian's sources (tests/cross/sources.sh),
# built as static libraries with TARGET's compiler into
# build-TARGET/sysroot/{include,lib,lib/pkgconfig}, which the Makefile
# finds through PKG_CONFIG_LIBDIR.  Not rewritten: Debian's source, each
# built with its own build system's defaults (inih: ini.c with upstream's
# defaults, which is how Debian's meson build of 55 compiled it).
#
#   tests/cross/libs.sh TARGET      # aarch64, armhf, riscv64 or musl
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/cross/targets.sh"
target_set "${1:?usage: libs.sh TARGET}"
src=${SRC_DIR:-$top/build-src}
sys=$top/build-$TARGET/sysroot
[ -f "$sys/.done" ] && exit 0
"$top/tests/cross/sources.sh"
rm -rf "$sys" "$sys.work"
mkdir -p "$sys/include" "$sys/lib/pkgconfig" "$sys.work"
cflags="-O2 -g $TARGET_CPPFLAGS"

# inih
(
	cd "$sys.work"
	$TARGET_CC $cflags -c -o ini.o "$src/libinih/ini.c"
	$TARGET_AR rcs "$sys/lib/libinih.a" ini.o
	cp "$src/libinih/ini.h" "$sys/include/"
)
printf 'Name: inih\nDescription: inih (Debian source %s)\nVersion: %s\nLibs: -L%s/lib -linih\nCflags: -I%s/include\n' \
	"$(cd "$src" && ls libinih.dl/*.dsc | xargs -n1 basename)" \
	"$(sed -n 's/^Version: //p' "$src"/libinih.dl/*.dsc)" "$sys" "$sys" \
	>"$sys/lib/pkgconfig/inih.pc"

# libcap: its own Makefile, only the static library
cp -a "$src/libcap2" "$sys.work/libcap2"
make -s -C "$sys.work/libcap2/libcap" CC="$TARGET_CC" BUILD_CC=gcc AR="$TARGET_AR" \
	RANLIB="$TARGET_RANLIB" COPTS="-O2 $TARGET_CPPFLAGS" GOLANG=no libcap.a >/dev/null
cp "$sys.work/libcap2/libcap/libcap.a" "$sys/lib/"
mkdir -p "$sys/include/sys"
cp "$sys.work/libcap2/libcap/include/sys/capability.h" "$sys/include/sys/"
printf 'Name: libcap\nDescription: libcap (Debian source %s)\nVersion: %s\nLibs: -L%s/lib -lcap\nCflags: -I%s/include\n' \
	"$(cd "$src" && ls libcap2.dl/*.dsc | xargs -n1 basename)" \
	"$(sed -n 's/^Version: //p' "$src"/libcap2.dl/*.dsc)" "$sys" "$sys" \
	>"$sys/lib/pkgconfig/libcap.pc"

# cmocka: its own CMake build, static
cmake -S "$src/cmocka" -B "$sys.work/cmocka" -DCMAKE_SYSTEM_NAME=Linux \
	-DCMAKE_C_COMPILER="$TARGET_CC" -DCMAKE_AR="$(command -v "$TARGET_AR")" \
	-DCMAKE_C_FLAGS="$cflags" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
	-DWITH_STATIC_LIB=ON -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF \
	-DCMAKE_INSTALL_PREFIX="$sys" -DCMAKE_INSTALL_LIBDIR=lib >/dev/null
cmake --build "$sys.work/cmocka" >/dev/null
cmake --install "$sys.work/cmocka" >/dev/null
[ -f "$sys/lib/libcmocka.a" ] || cp "$sys.work/cmocka/src/libcmocka"*.a "$sys/lib/libcmocka.a"
printf 'Name: cmocka\nDescription: cmocka (Debian source %s)\nVersion: %s\nLibs: -L%s/lib -lcmocka\nCflags: -I%s/include\n' \
	"$(cd "$src" && ls cmocka.dl/*.dsc | xargs -n1 basename)" \
	"$(sed -n 's/^Version: //p' "$src"/cmocka.dl/*.dsc)" "$sys" "$sys" \
	>"$sys/lib/pkgconfig/cmocka.pc"
rm -rf "$sys.work" "$sys"/lib/libcmocka.so* "$sys"/lib/libcmocka-static.a "$sys"/lib/cmake
touch "$sys/.done"
