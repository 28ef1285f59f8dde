# tend: a small init and process supervisor.  See README.md.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
CC ?= cc
VERSION := 0.1.0

WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2
CFLAGS ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 -DTEND_VERSION='"$(VERSION)"' -Isrc -Iinclude
# A section per function and object, so that the linker can drop what
# nothing calls (--gc-sections below).
ALL_CFLAGS = -std=gnu11 $(WARN) -ffunction-sections -fdata-sections $(CFLAGS) $(EXTRA_CFLAGS)
# inih and libcap statically: only unit parsing uses them, and every
# container start would otherwise load two more shared objects.
LDLIBS_DYN := -Wl,-Bstatic -linih -lcap -Wl,-Bdynamic
# Relative relocations packed as DT_RELR (glibc 2.36, binutils 2.38): 930
# of them took 22 KiB of .rela.dyn that ld.so read at every start; RELR
# takes 300 bytes.  Unreferenced sections are dropped.
LDFLAGS_TEND := -Wl,-z,pack-relative-relocs -Wl,--gc-sections
# tend and tendctl are static PIEs (STATIC=1): no ld.so, no libc to map, so
# `tend -- CMD` starts ~0.3-0.5 ms sooner here, and one binary runs in any
# image (scratch, distroless, musl).  STATIC=0 links glibc dynamically, as
# ASan and valgrind need (README, "Static binary").
STATIC ?= 1
ifeq ($(STATIC),1)
LDFLAGS_TEND += -static-pie
LDLIBS_TEND := -linih -lcap
else
LDLIBS_TEND := $(LDLIBS_DYN)
endif

DAEMON_SRCS := $(filter-out src/tendctl.c,$(wildcard src/*.c))
DAEMON_OBJS := $(DAEMON_SRCS:src/%.c=$(BUILD)/obj/%.o)
CTL_SRCS := src/tendctl.c $(wildcard src/proto.c)
CTL_OBJS := $(CTL_SRCS:src/%.c=$(BUILD)/obj/%.o)
# everything but main() is linked into the unit tests
LIB_OBJS := $(filter-out $(BUILD)/obj/main.o,$(DAEMON_OBJS))

UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
HELPERS := $(patsubst tests/helpers/%.c,$(BUILD)/helpers/%,$(wildcard tests/helpers/*.c))
EXAMPLES := $(patsubst examples/%.c,$(BUILD)/examples/%,$(wildcard examples/*.c))

.PHONY: all dyn check unit integration asan valgrind fuzz bench install deps clean format demo vm container

all: $(BUILD)/tend $(BUILD)/tendctl

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h include/tend/*.h) | $(BUILD)/obj
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tend: $(DAEMON_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_TEND) $(LDFLAGS) -o $@ $^ $(LDLIBS_TEND)

$(BUILD)/tendctl: $(CTL_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_TEND) $(LDFLAGS) -o $@ $^

$(BUILD)/obj $(BUILD)/tests $(BUILD)/helpers $(BUILD)/examples:
	mkdir -p $@

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Wno-shadow -o $@ $< $(LIB_OBJS) $(LDLIBS_DYN) -lcmocka

$(BUILD)/helpers/%: tests/helpers/%.c | $(BUILD)/helpers
	$(CC) -D_GNU_SOURCE $(ALL_CFLAGS) -o $@ $< -lsystemd

$(BUILD)/examples/%: examples/%.c | $(BUILD)/examples
	$(CC) -D_GNU_SOURCE $(ALL_CFLAGS) -o $@ $< -lsystemd

# examples too: test_notify runs notify-client against tend's server
unit: $(UNIT_TESTS) $(EXAMPLES)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; TEND_EXAMPLES=$(BUILD)/examples $$t; done

integration: all $(HELPERS) $(EXAMPLES)
	BUILD=$(BUILD) tests/integration/run-all.sh

# The whole suite: unit tests, integration tests, then both again under
# ASan+UBSan, then valgrind, then the fuzzers for FUZZ_SECS each.
check: deps
	$(MAKE) unit integration
	$(MAKE) asan
	$(MAKE) valgrind
	$(MAKE) fuzz
	$(MAKE) vm container

# tend as the /init of a qemu guest (tests/vm) and as the entrypoint of a
# runc container (tests/container: container/Dockerfile's image, built with
# buildah); each skips (exit 77) without its tools.
vm: all $(BUILD)/examples/powerkey
	TEND_DEPS_VM=1 ./tests/deps.sh
	BUILD=$(BUILD) tests/vm/run.sh || [ $$? = 77 ]

container: all
	TEND_DEPS_VM=1 ./tests/deps.sh
	BUILD=$(BUILD) tests/container/run.sh || [ $$? = 77 ]

# libFuzzer targets (clang): unit files, notify, control protocol, Exec= lines
FUZZ_SECS ?= 30
fuzz:
	BUILD=$(BUILD) tests/fuzz/run.sh $(FUZZ_SECS)

asan:
	$(MAKE) BUILD=build-asan STATIC=0 EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" CFLAGS="-O1 -g" unit integration

# valgrind and the bench's tend-dyn column: tend linked dynamically
dyn:
	$(MAKE) BUILD=$(BUILD)-dyn STATIC=0 all

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
	rm -rf build build-dyn build-asan
