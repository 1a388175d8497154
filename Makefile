# Centinela — GNU make build.
#
# Flavours build into build/<flavour>/: `make` is build/default (and links
# ./centinela), `make asan` and `make ubsan` build and test with sanitizers.
# Sources are found by wildcard, so a new module needs no Makefile edit; the
# unit-test runner collects every `Suite *name_suite(void)` it finds in
# tests/unit/check_*.c.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
DESTDIR ?=

FLAVOUR ?= default
B := build/$(FLAVOUR)

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS      := ncursesw sqlite3 libcurl jansson readline libcrypto zlib
TEST_PKGS := check

# Feature-test macros live here and nowhere else. pkg-config's ncursesw and
# readline flags carry -D_XOPEN_SOURCE=600; _GNU_SOURCE supersedes it without
# a redefinition clash.
FEATURES := -D_GNU_SOURCE
WARN := -std=c17 -Wall -Wextra -Wpedantic -Wformat=2 -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Wvla \
	-fno-common
ifneq ($(CI),)
WARN += -Werror
endif

OPT_default := -O2 -g
OPT_asan    := -O1 -g -fsanitize=address -fno-omit-frame-pointer
OPT_ubsan   := -O1 -g -fsanitize=undefined -fno-sanitize-recover=all
# libFuzzer (make fuzz, clang only): the library instrumented for coverage.
OPT_fuzz    := -O1 -g -fsanitize=address,fuzzer-no-link -fno-omit-frame-pointer
OPT := $(OPT_$(FLAVOUR))

PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

CPPFLAGS += $(FEATURES) -Iinclude -DCENTINELA_DATADIR='"$(DATADIR)/centinela"'
ALL_CFLAGS = $(WARN) $(OPT) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(OPT) $(LDFLAGS)
LIBS = $(PKG_LIBS) -lpthread -lm

LAYERS := base model store net feed sync export app ui cli
LIB_SRC  := $(foreach l,$(LAYERS),$(sort $(wildcard src/$(l)/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
MAIN_OBJ := $(B)/src/main.o
LIBA     := $(B)/libcentinela.a
BIN      := $(B)/centinela

UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_OBJ := $(UNIT_SRC:%.c=$(B)/%.o)
UNIT_BIN := $(B)/tests/check_all
SUITES_H := $(B)/tests/suites.h

HEADERS := $(sort $(wildcard include/centinela/*/*.h))
MANS    := $(wildcard man/*.[1-9])
THEMES  := $(wildcard themes/*)

# Quiet by default; `make V=1` shows the full commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
endif

export CENTINELA_FIXTURES ?= $(abspath ../shared/fixtures/real)

.PHONY: all check unit-test cli-test e2e-test integration-test crash-test asan ubsan fuzz fuzz-build install uninstall clean lint \
	format format-check hdr-check check-layers deps demo bench bench-nvd man-lint

all: $(BIN)
ifeq ($(FLAVOUR),default)
all: centinela
centinela: $(BIN)
	$(Q)ln -sf $(BIN) $@
endif

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The themes folder is compiled in: a different PREFIX or DATADIR (as in
# `make install PREFIX=/opt/centinela`) rebuilds what uses it.
DATADIR_STAMP := $(B)/datadir.stamp
$(DATADIR_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(B)/src/app/theme.o: $(DATADIR_STAMP)
.PHONY: FORCE
FORCE:

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(@D)
	$(call say,AR,$@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIBA)
	$(call say,LINK,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(LIBA) $(LIBS)

# The unit runner: one binary, every suite. The suite list is generated from
# the sources so that adding a check_*.c file is all a new suite needs: a
# suite is a function `Suite *NAME_suite(void)` (return type on the same line
# or the line before, as clang-format puts it).
$(SUITES_H): $(UNIT_SRC)
	@mkdir -p $(@D)
	@sed -n 's/^\(Suite \*\)\{0,1\}\([a-z0-9_]*_suite\)(void)$$/\2/p' \
		$(filter tests/unit/check_%,$(UNIT_SRC)) | sort -u | \
		awk '{ d = d "Suite *" $$1 "(void);\n"; t = t "\t" $$1 ",\n" } \
		END { printf "%s#define SUITE_LIST \\\n%s", d, "" ; \
		n = split(t, a, "\n"); for (i = 1; i < n; i++) \
		printf "%s \\\n", a[i]; printf "\n" }' > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

$(B)/tests/unit/%.o: tests/unit/%.c $(SUITES_H)
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS) -I$(B)/tests -Itests/unit -Isrc $(ALL_CFLAGS) $(TEST_CFLAGS) -Wno-missing-prototypes \
		-MMD -MP -c -o $@ $<

$(UNIT_BIN): $(UNIT_OBJ) $(LIBA)
	$(call say,LINK,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(UNIT_OBJ) $(LIBA) $(TEST_LIBS) $(LIBS)

check: deps
	@$(MAKE) --no-print-directory unit-test-build
	@$(MAKE) --no-print-directory cli-test
	@$(MAKE) --no-print-directory e2e-test
	@$(MAKE) --no-print-directory integration-test
	@$(MAKE) --no-print-directory unit-test

.PHONY: unit-test-build
unit-test-build: $(BIN) $(UNIT_BIN)

cli-test: $(BIN)
	@CENTINELA=$(abspath $(BIN)) FLAVOUR=$(FLAVOUR) sh tests/cli/run.sh

e2e-test: $(BIN)
	@CENTINELA=$(abspath $(BIN)) sh tests/e2e/run.sh

# The simulator's self-test (tests/integration/); parse_check links the
# library to run the client's native parser on what the simulator serves.
PARSE_CHECK := $(B)/tests/parse_check
$(PARSE_CHECK): tests/integration/parse_check.c $(LIBA)
	@mkdir -p $(@D)
	$(call say,LINK,$@)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBA) $(LIBS)

# CRASH_TRIALS: SIGKILL trials of tests/integration/crash.py in
# integration-test (200 by default); `make crash-test CRASH_TRIALS=2000`
# runs only those.
CRASH_TRIALS ?= 200
integration-test: $(BIN) $(PARSE_CHECK)
	@CENTINELA=$(abspath $(BIN)) PARSE_CHECK=$(abspath $(PARSE_CHECK)) \
		CRASH_TRIALS=$(CRASH_TRIALS) sh tests/integration/run.sh

crash-test: $(BIN)
	@CENTINELA=$(abspath $(BIN)) python3 tests/integration/crash.py \
		$(CRASH_TRIALS)

unit-test: $(UNIT_BIN)
	@CK_DEFAULT_TIMEOUT=60 $(UNIT_BIN)

asan:
	@$(MAKE) --no-print-directory FLAVOUR=asan check \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
ubsan:
	@$(MAKE) --no-print-directory FLAVOUR=ubsan check \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# make fuzz: the libFuzzer targets of tests/fuzz/ (one per parser), built
# with clang into build/fuzz/ and run for FUZZ_TIME seconds each (60 by
# default; FUZZ_TARGETS="filter feed_kev" picks some). Not part of check.
FUZZ_TIME ?= 60
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/tests/%)
fuzz:
	@$(MAKE) --no-print-directory FLAVOUR=fuzz CC=clang fuzz-build
	@FUZZ_BIN=$(abspath build/fuzz/tests) FUZZ_TIME=$(FUZZ_TIME) \
		sh tests/fuzz/run.sh $(FUZZ_TARGETS)
fuzz-build: $(FUZZ_BIN)
$(B)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIBA)
	@mkdir -p $(@D)
	$(call say,LINK,$@)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer \
		-Wno-missing-prototypes -o $@ $< $(LIBA) $(LIBS)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(DATADIR)/centinela/themes
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/centinela
	for m in $(MANS); do \
		s=$${m##*.}; install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done
	for t in $(THEMES); do \
		install -m 0644 $$t $(DESTDIR)$(DATADIR)/centinela/themes/; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/centinela
	for m in $(MANS); do \
		s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; \
	done
	rm -rf $(DESTDIR)$(DATADIR)/centinela

clean:
	rm -rf build centinela

deps:
	@sh contrib/deps

# Code checks. Each one fails on any finding.
CPPCHECK_FLAGS := --enable=warning,style,performance,portability \
	--error-exitcode=1 --inline-suppr --quiet --std=c11 \
	--suppress=missingIncludeSystem --suppress=unusedFunction \
	--suppress=constParameterCallback --suppress=variableScope \
	-Iinclude -D_GNU_SOURCE
lint:
	cppcheck $(CPPCHECK_FLAGS) src
	clang-tidy --quiet $(LIB_SRC) src/main.c -- $(CPPFLAGS) $(WARN) \
		$(PKG_CFLAGS)
	@sh contrib/banned-functions

FORMAT_FILES = $(wildcard src/*.c src/*/*.c include/centinela/*/*.h \
	tests/unit/*.c tests/unit/*.h tests/bench/*.c tests/fuzz/*.c \
	tests/fuzz/*.h)
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format-check: clean"

hdr-check:
	@fail=0; for h in $(HEADERS); do \
		printf '#include "%s"\n' "$${h#include/}" | \
		$(CC) $(CPPFLAGS) $(WARN) -Werror $(PKG_CFLAGS) -x c \
			-fsyntax-only - || { echo "hdr-check: $$h does not compile alone"; fail=1; }; \
	done; [ $$fail = 0 ] && echo "hdr-check: $(words $(HEADERS)) headers compile alone"

check-layers:
	@sh contrib/check-layers

man-lint:
	@for m in $(MANS); do mandoc -Tlint -W warning $$m || exit 1; done; \
		echo "man-lint: $(MANS) clean"

demo: deps
	@$(MAKE) --no-print-directory all
	@sh contrib/demo

# The bench helpers link the library (tests/bench/*.c, one program each).
BENCH_AUDIT := $(B)/tests/bench_audit_chain
$(BENCH_AUDIT): tests/bench/audit_chain.c tests/bench/clock.h $(LIBA)
	@mkdir -p $(@D)
	$(call say,LINK,$@)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBA) $(LIBS)

BENCH_MATCH := $(B)/tests/bench_exposure_match
# (it clears a side's exposures in the store's transaction: store/internal.h)
$(BENCH_MATCH): tests/bench/exposure_match.c tests/bench/clock.h $(LIBA)
	@mkdir -p $(@D)
	$(call say,LINK,$@)
	$(Q)$(CC) $(CPPFLAGS) -Isrc $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBA) $(LIBS)

# The NVD catalog and inventory are generated once into build/bench/.
bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_AUDIT) $(BENCH_MATCH)
	@CENTINELA=$(abspath $(BIN)) BENCH_AUDIT_CHAIN=$(abspath $(BENCH_AUDIT)) \
		BENCH_EXPOSURE_MATCH=$(abspath $(BENCH_MATCH)) \
		BENCH_NVD_DIR=$(abspath build/bench) sh tests/bench/run.sh

# The NVD part of make bench alone (tests/bench/nvd.sh).
bench-nvd: deps
	@$(MAKE) --no-print-directory all $(BENCH_MATCH)
	@CENTINELA=$(abspath $(BIN)) BENCH_EXPOSURE_MATCH=$(abspath $(BENCH_MATCH)) \
		BENCH_NVD_DIR=$(abspath build/bench) sh tests/bench/nvd.sh

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
