# b44sso: build, test and install. `make` builds everything into build/.
SWIFT       ?= swift
CC          ?= cc
PYTHON      ?= python3
PREFIX      ?= /usr/local
VERSION     := 0.1.0
SOVERSION   := 0

BUILD       := build
LIB         := $(BUILD)/lib/libb44sso.so.$(VERSION)
CLI         := $(BUILD)/bin/b44-sso
HEADER      := $(BUILD)/include/b44sso.h
PC          := $(BUILD)/lib/pkgconfig/b44sso.pc
C_TEST      := $(BUILD)/tests/test_b44sso
WITH_STANDIN := Tests/StandIn/with-standin.sh

# The Swift runtime is linked into the library and the CLI: users need no Swift toolchain.
SWIFT_RELEASE := $(SWIFT) build -c release -Xswiftc -static-stdlib
SWIFT_SOURCES := Package.swift $(shell find Sources -type f)

.PHONY: all lib cli test $(BINDING_TESTS) test-valgrind test-sanitize fuzz test-fuzz bench test-swift test-c test-abi test-cli test-install test-python wheel demo install clean
all: lib cli $(HEADER) $(PC)
lib: $(LIB)
cli: $(CLI)

$(BUILD)/.swift-release: $(SWIFT_SOURCES)
	$(SWIFT_RELEASE)
	@mkdir -p $(@D) && touch $@

$(LIB): $(BUILD)/.swift-release
	@mkdir -p $(@D)
	# Replaced by rename, never rewritten in place: running programs may have it mapped.
	cp .build/release/libb44sso.so $@.tmp
	strip --strip-unneeded $@.tmp
	mv -f $@.tmp $@
	ln -sf libb44sso.so.$(VERSION) $(BUILD)/lib/libb44sso.so.$(SOVERSION)
	ln -sf libb44sso.so.$(SOVERSION) $(BUILD)/lib/libb44sso.so

$(CLI): $(BUILD)/.swift-release
	@mkdir -p $(@D)
	cp .build/release/b44-sso $@.tmp
	strip $@.tmp
	mv -f $@.tmp $@

$(HEADER): include/b44sso.h
	@mkdir -p $(@D)
	cp $< $@

# Relocatable: the prefix is found from the .pc file's own location.
$(PC): Makefile
	@mkdir -p $(@D)
	printf '%s\n' 'prefix=$${pcfiledir}/../..' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
	  'Name: b44sso' 'Description: Native client for the Base44 SSO API' 'Version: $(VERSION)' \
	  'Libs: -L$${libdir} -lb44sso' 'Cflags: -I$${includedir}' > $@

$(C_TEST): Tests/C/test_b44sso.c $(HEADER) $(LIB)
	@mkdir -p $(@D)
	$(CC) -std=c99 -Wall -Wextra -Werror -I$(BUILD)/include $< -L$(BUILD)/lib -lb44sso \
	  -Wl,-rpath,$(CURDIR)/$(BUILD)/lib -lpthread -o $@

BINDINGS := cpp go rust ruby php lua
BINDING_TESTS := $(addprefix test-,$(BINDINGS))

test: test-swift test-c test-abi test-cli test-install test-python $(BINDING_TESTS) test-valgrind test-sanitize test-fuzz

# Each binding runs its own suite against a fresh stand-in.
$(BINDING_TESTS): test-%: all
	$(WITH_STANDIN) bindings/$*/run_tests.sh $(BUILD)

test-swift:
	$(SWIFT) test

test-c: $(C_TEST)
	$(WITH_STANDIN) $(C_TEST)

# memcheck over the whole C suite. Valgrind's coarse thread scheduling also makes the
# fork-while-threads case land fork() inside other threads' library calls far more often than
# a native run does (it found libcurl's global spinlock held across fork that way).
VALGRIND := valgrind -q --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--error-exitcode=99 --child-silent-after-fork=yes
test-valgrind: $(C_TEST)
	$(WITH_STANDIN) $(VALGRIND) $(C_TEST)

# The Swift tests (32-thread stress included) under ThreadSanitizer and AddressSanitizer,
# each in its own build folder so the ordinary build is not thrown away.
test-sanitize:
	$(SWIFT) test --sanitize=thread --scratch-path .build/tsan
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/lsan.supp $(SWIFT) test --sanitize=address --scratch-path .build/asan

test-abi: all
	Tests/C/check_abi.sh $(BUILD)

# Fuzzing (Fuzz/README.md): `make fuzz` runs each target 60 s; `make test` replays the
# regressions and runs each target 10 s.
fuzz:
	Fuzz/run.sh 60

test-fuzz:
	Fuzz/run.sh 10

test-install: all
	$(WITH_STANDIN) Tests/C/check_install.sh

test-cli: all
	$(WITH_STANDIN) Tests/CLI/test_cli.sh $(CLI)

# The Python package as a wheel that carries the library.
wheel: lib
	$(PYTHON) bindings/python/build_wheel.py --library $(BUILD)/lib/libb44sso.so.$(SOVERSION) --dist $(BUILD)/dist

test-python: wheel
	B44SSO_LIBRARY=$(CURDIR)/$(BUILD)/lib/libb44sso.so $(PYTHON) -m pytest -q bindings/python/tests

# Benchmarks beside their baselines, as ratios from one run (bench/README.md); writes BENCHMARKS.md.
bench: lib
	PYTHON=$(PYTHON) CC=$(CC) bash bench/run.sh

# A token fetched end to end against the local stand-in, through the C API, the CLI and Python.
demo: all
	$(WITH_STANDIN) examples/demo.sh $(BUILD)
	B44SSO_LIBRARY=$(CURDIR)/$(BUILD)/lib/libb44sso.so PYTHONPATH=$(CURDIR)/bindings/python \
	  $(WITH_STANDIN) $(PYTHON) bindings/python/examples/fetch_token.py

install: all
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(LIB) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libb44sso.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libb44sso.so.$(SOVERSION)
	ln -sf libb44sso.so.$(SOVERSION) $(DESTDIR)$(PREFIX)/lib/libb44sso.so
	install -m 644 $(HEADER) $(DESTDIR)$(PREFIX)/include/
	sed 's|^prefix=.*|prefix=$(PREFIX)|' $(PC) > $(DESTDIR)$(PREFIX)/lib/pkgconfig/b44sso.pc
	install -m 755 $(CLI) $(DESTDIR)$(PREFIX)/bin/

clean:
	rm -rf $(BUILD) .build
