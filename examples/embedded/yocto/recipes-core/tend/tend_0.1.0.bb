SUMMARY = "A small init and process supervisor with systemd unit syntax"
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://LICENSE;md5=468577c08e98344cf981f4bd1942fa47"

# A checkout of tend (or SRC_URI = "git://...;branch=main" with SRCREV).
SRC_URI = "file://${TEND_SRC}"
TEND_SRC ?= "tend"
S = "${WORKDIR}/${TEND_SRC}"

DEPENDS = "libinih libcap"
inherit pkgconfig

# CC, CFLAGS, CPPFLAGS and LDFLAGS as the toolchain sets them (with
# --sysroot), pkg-config through the pkgconfig class; tend's Makefile adds
# its own flags.  A toolchain without rcrt1.o, or musl, gets a static
# binary instead of a static PIE.
EXTRA_OEMAKE = "'CC=${CC}' 'CFLAGS=${CFLAGS}' 'CPPFLAGS=${CPPFLAGS}' \
                'LDFLAGS=${LDFLAGS}' 'PKG_CONFIG=pkg-config' BUILD=build"

do_compile() {
    oe_runmake all
}

do_install() {
    oe_runmake DESTDIR=${D} PREFIX=${prefix} install
}

FILES:${PN} = "${sbindir}/tend ${bindir}/tendctl"
