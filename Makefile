# tend: a small init and process supervisor.  See README.md.
#
# What a user or a build system (Buildroot, Yocto, a distribution) passes
# in CC, CFLAGS, CPPFLAGS, LDFLAGS, LDLIBS, PKG_CONFIG, PREFIX and DESTDIR
# is added to what tend needs, never a replacement for it: the flags tend
# needs live in TEND_* variables of their own.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
CC ?= cc
PKG_CONFIG ?= pkg-config
VERSION := 0.1.0

# Warnings are errors in CI and `make check` only (WERROR=1): a user's
# newer compiler or another architecture's may warn where ours doesn't.
WERROR ?= 0
WARN := -Wall -Wextra -Wshadow -Wformat=2
ifeq ($(WERROR),1)
WARN += -Werror
endif
CFLAGS ?= -O2 -g
# _FORTIFY_SOURCE unless the user's flags already choose a level.
FORTIFY := $(if $(findstring _FORTIFY_SOURCE,$(CPPFLAGS) $(CFLAGS)),,-D_FORTIFY_SOURCE=2)
# 64-bit off_t and time_t on 32-bit targets too (armhf): directory
# offsets that don't fit 32 bits (ext4's hashes under qemu-user), files
# and clocks past 2038.  No change on 64-bit targets and musl.
TEND_CPPFLAGS := -Isrc -Iinclude -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 $(FORTIFY) \
	-DTEND_VERSION='"$(VERSION)"'
# A section per function and object, so that the linker can drop what
# nothing calls (--gc-sections below).
ALL_CFLAGS = -std=gnu11 $(WARN) -ffunction-sections -fdata-sections $(CFLAGS) $(EXTRA_CFLAGS)

# inih and libcap through pkg-config (PKG_CONFIG, PKG_CONFIG_PATH and
# PKG_CONFIG_SYSROOT_DIR as the cross toolchain sets them), else the
# plain -l flags.  cmocka likewise, for the unit tests only.
pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))
LIB_CPPFLAGS := $(call pc_cflags,inih libcap)
LIBS_INIH := $(call pc_libs,inih,-linih)
LIBS_CAP := $(call pc_libs,libcap,-lcap)
LIBS_CMOCKA := $(call pc_libs,cmocka,-lcmocka)
# inih and libcap statically: only unit parsing uses them, and every
# container start would otherwise load two more shared objects.
LDLIBS_DYN := -Wl,-Bstatic $(LIBS_INIH) $(LIBS_CAP) -Wl,-Bdynamic
# Relative relocations packed as DT_RELR (glibc 2.36, binutils 2.38): 930
# of them took 22 KiB of .rela.dyn that ld.so read at every start; RELR
# takes 300 bytes.  Unreferenced sections are dropped.  A linker that
# says anything about -z pack-relative-relocs (older ones, aarch64's
# before binutils 2.41: "ignored") goes without.
LD_RELR := $(shell echo 'int main(void){return 0;}' | $(CC) $(CFLAGS) $(LDFLAGS) \
	-Wl,-z,pack-relative-relocs -x c -o /dev/null - 2>&1 | grep -q . || \
	echo -Wl,-z,pack-relative-relocs)
TEND_LDFLAGS := $(LD_RELR) -Wl,--gc-sections

# How tend and tendctl link (README, "Build"):
#   STATIC=pie     static PIEs, the default: no ld.so, no libc to map, so
#                  `tend -- CMD` starts ~0.3-0.5 ms sooner, one binary runs
#                  in any image (scratch, distroless, musl), and PID 1
#                  keeps ASLR.  A toolchain without rcrt1.o (armhf, most
#                  cross and older toolchains) or a libc other than glibc
#                  (musl's static PIE crashes at start) gets STATIC=static.
#   STATIC=static  static, not position-independent.
#   STATIC=no      glibc dynamically (inih and libcap stay static), as
#                  ASan and valgrind need.
# STATIC=1 and STATIC=0 are the old spellings of pie and no.
STATIC ?= pie
override STATIC := $(patsubst 1,pie,$(patsubst 0,no,$(STATIC)))
ifeq ($(filter pie static no,$(STATIC)),)
$(error STATIC=$(STATIC): expected pie, static or no)
endif
ifeq ($(STATIC),pie)
HAVE_RCRT1 := $(shell [ "$$($(CC) $(CFLAGS) -print-file-name=rcrt1.o)" != rcrt1.o ] && echo 1)
IS_GLIBC := $(shell echo __GLIBC__ | $(CC) $(CFLAGS) -include features.h -E -P -x c - 2>/dev/null | \
	grep -qx '[0-9][0-9]*' && echo 1)
ifneq ($(HAVE_RCRT1)$(IS_GLIBC),11)
override STATIC := static
endif
endif
ifeq ($(STATIC),pie)
TEND_LDFLAGS += -static-pie
LDLIBS_TEND := $(LIBS_INIH) $(LIBS_CAP)
else ifeq ($(STATIC),static)
TEND_LDFLAGS += -static
LDLIBS_TEND := $(LIBS_INIH) $(LIBS_CAP)
else
LDLIBS_TEND := $(LDLIBS_DYN)
endif
# The unit tests link glibc dynamically (Debian has no libcmocka.a);
# UNIT_STATIC=1 links them statically, for cross and musl builds that run
# them under qemu-user with no target libc.so (tests/cross).
UNIT_STATIC ?= 0
ifeq ($(UNIT_STATIC),1)
LDLIBS_TEST := -static $(LIBS_INIH) $(LIBS_CAP) $(LIBS_CMOCKA)
else
LDLIBS_TEST := $(LDLIBS_DYN) $(LIBS_CMOCKA)
endif

DAEMON_SRCS := $(filter-out src/tendctl.c,$(wildcard src/*.c))
DAEMON_OBJS := $(DAEMON_SRCS:src/%.c=$(BUILD)/obj/%.o)
CTL_SRCS := src/tendctl.c src/proto.c src/signame.c
CTL_OBJS := $(CTL_SRCS:src/%.c=$(BUILD)/obj/%.o)
# everything but main() is linked into the unit tests
LIB_OBJS := $(filter-out $(BUILD)/obj/main.o,$(DAEMON_OBJS))

UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
HELPERS := $(patsubst tests/helpers/%.c,$(BUILD)/helpers/%,$(wildcard tests/helpers/*.c))
EXAMPLES := $(patsubst examples/%.c,$(BUILD)/examples/%,$(wildcard examples/*.c))

.PHONY: all dyn check unit unit-build cross musl integration asan valgrind fuzz bench install deps clean format demo vm container

# A suite that exits 77 skipped (it printed why).  That passes for a user
# who lacks a tool; in CI (CI=true) it fails, since CI installs everything
# and this machine can run every suite.
SKIPPED = r=$$?; [ $$r = 77 ] || exit $$r; \
	if [ "$${CI:-}" = true ]; then echo "CI: a skipped suite is a failure" >&2; exit 1; fi

all: $(BUILD)/tend $(BUILD)/tendctl

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h include/tend/*.h) | $(BUILD)/obj
	$(CC) $(TEND_CPPFLAGS) $(LIB_CPPFLAGS) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tend: $(DAEMON_OBJS)
	$(CC) $(ALL_CFLAGS) $(TEND_LDFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS_TEND) $(LDLIBS)

$(BUILD)/tendctl: $(CTL_OBJS)
	$(CC) $(ALL_CFLAGS) $(TEND_LDFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj $(BUILD)/tests $(BUILD)/helpers $(BUILD)/examples:
	mkdir -p $@

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(BUILD)/tests
	$(CC) $(TEND_CPPFLAGS) $(LIB_CPPFLAGS) $(call pc_cflags,cmocka) $(CPPFLAGS) $(ALL_CFLAGS) -Wno-shadow \
		$(LDFLAGS) $(TEST_WRAP) -o $@ $< $(LIB_OBJS) $(LDLIBS_TEST) $(LDLIBS)

# test_fault injects syscall failures at sys.c's seam
$(BUILD)/tests/test_fault: TEST_WRAP := -Wl,--wrap=sys_clone3,--wrap=sys_clone3_vm \
	-Wl,--wrap=sys_pipe2,--wrap=sys_write,--wrap=reallocarray

$(BUILD)/helpers/%: tests/helpers/%.c | $(BUILD)/helpers
	$(CC) -D_GNU_SOURCE $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< -lsystemd

$(BUILD)/examples/%: examples/%.c | $(BUILD)/examples
	$(CC) -D_GNU_SOURCE $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< -lsystemd

# the unit test binaries, not run (tests/cross runs them under qemu-user)
unit-build: $(UNIT_TESTS)

# examples too: test_notify runs notify-client against tend's server
unit: $(UNIT_TESTS) $(EXAMPLES)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; TEND_EXAMPLES=$(BUILD)/examples $$t; done

integration: all $(HELPERS) $(EXAMPLES)
	BUILD=$(BUILD) tests/integration/run-all.sh

# The attacks of tests/security/ (SECURITY.md): each must fail to get through.
# Functions nothing calls (--gc-sections hides them): tests/deadcode.sh
.PHONY: deadcode
deadcode: all
	CC="$(CC)" LDLIBS="$(TEND_LDFLAGS) $(LDFLAGS) $(LDLIBS_TEND)" tests/deadcode.sh \
		$(DAEMON_OBJS) -- $(CTL_OBJS)

.PHONY: security
security: all $(HELPERS) $(EXAMPLES)
	BUILD=$(BUILD) tests/security/run-all.sh

# The whole suite: unit tests, integration tests, then both again under
# ASan+UBSan, then valgrind, then the fuzzers for FUZZ_SECS each.
check: export WERROR := 1
check: deps
	$(MAKE) unit integration security deadcode
	$(MAKE) daemons corpus
	$(MAKE) asan
	$(MAKE) valgrind
	$(MAKE) fuzz
	$(MAKE) cross musl
	$(MAKE) vm container

# Debian's packaged daemons run from their shipped unit files, tend as
# PID 1 of a container-like namespace (tests/daemons); installs them first
# with a policy-rc.d that keeps their maintainer scripts from starting them.
.PHONY: daemons corpus
daemons: all
	./tests/daemons/deps.sh
	BUILD=$(BUILD) tests/daemons/run.sh || { $(SKIPPED); }

# tend check over the .service files of ~300 popular Debian packages
# (tests/corpus: downloads the packages once into tests/corpus/cache)
corpus: all
	TEND=$(BUILD)/tend tests/corpus/run.sh || { $(SKIPPED); }
	TEND=$(BUILD)/tend tests/corpus/types.sh || { $(SKIPPED); }

# tend as the /init of a qemu guest (tests/vm) and as the entrypoint of a
# runc container (tests/container: container/Dockerfile's image, built with
# buildah); each skips (exit 77) without its tools.
vm: all $(BUILD)/examples/powerkey
	TEND_DEPS_VM=1 ./tests/deps.sh
	BUILD=$(BUILD) tests/vm/run.sh || { $(SKIPPED); }

container: all
	TEND_DEPS_VM=1 ./tests/deps.sh
	BUILD=$(BUILD) tests/container/run.sh || { $(SKIPPED); }

# tend, tendctl and the unit tests built for aarch64, armhf and riscv64
# with Debian's cross compilers, and for musl (static) on x86_64, in
# build-<target>/; each run under qemu-user (musl: natively): the unit
# tests, `tend -- true`, and a supervisor restarting a crashing unit
# (tests/cross/run.sh; inih, libcap and cmocka built from Debian's
# sources by tests/cross/libs.sh).  qemu-user has no clone3, so the
# aarch64 fast path also runs in qemu-system-aarch64 (tests/cross/a64vm.sh).
cross:
	tests/cross/run.sh aarch64 armhf riscv64
	tests/cross/a64vm.sh

musl:
	tests/cross/run.sh musl

# libFuzzer targets (clang): unit files, notify, control protocol, Exec= lines
FUZZ_SECS ?= 30
fuzz:
	BUILD=$(BUILD) tests/fuzz/run.sh $(FUZZ_SECS)

# The security attacks too: hostile input is where memory errors hide.
# load-linear's time limit is ASan's (3-8x slower): there it proves the
# load stays linear (a quadratic one ran past 60 s), the plain run keeps
# the 1.5 s promise.
asan:
	$(MAKE) BUILD=build-asan STATIC=no EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" CFLAGS="-O1 -g" unit integration
	$(MAKE) BUILD=build-asan STATIC=no EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" CFLAGS="-O1 -g" LIMIT_MS=10000 security

# valgrind and the bench's tend-dyn column: tend linked dynamically
dyn:
	$(MAKE) BUILD=$(BUILD)-dyn STATIC=no all

valgrind: all dyn $(HELPERS)
	BUILD=$(BUILD) TEND=$(BUILD)-dyn/tend tests/valgrind.sh

bench: all dyn $(HELPERS)
	BUILD=$(BUILD) TEND_DYN=$(BUILD)-dyn/tend tests/bench/run.sh

deps:
	./tests/deps.sh

# Build and run tend on the bundled example units (see README).
demo: deps
	$(MAKE) all
	./examples/demo.sh $(BUILD)

install: all
	install -D -m 0755 $(BUILD)/tend $(DESTDIR)$(PREFIX)/sbin/tend
	install -D -m 0755 $(BUILD)/tendctl $(DESTDIR)$(PREFIX)/bin/tendctl

format:
	clang-format -i src/*.c src/*.h include/tend/*.h

clean:
	rm -rf build build-dyn build-asan build-portable build-src \
		build-aarch64 build-armhf build-riscv64 build-musl
