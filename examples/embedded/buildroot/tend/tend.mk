################################################################################
#
# tend
#
################################################################################

TEND_VERSION = 0.1.0
# A checkout of tend; or a release tarball with TEND_SITE = <url> and a
# tend.hash next to this file.
TEND_SITE = $(TEND_PKGDIR)/../../../..
TEND_SITE_METHOD = local
TEND_LICENSE = MIT
TEND_LICENSE_FILES = LICENSE
TEND_DEPENDENCIES = host-pkgconf libinih libcap

# TARGET_CONFIGURE_OPTS passes CC, CFLAGS, CPPFLAGS, LDFLAGS and
# PKG_CONFIG; tend's Makefile adds its own flags to them.  A toolchain
# without rcrt1.o, or musl, gets a static binary instead of a static PIE.
define TEND_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(TARGET_CONFIGURE_OPTS) BUILD=build all
endef

define TEND_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(TARGET_CONFIGURE_OPTS) BUILD=build \
		DESTDIR=$(TARGET_DIR) PREFIX=/usr install
endef

$(eval $(generic-package))
