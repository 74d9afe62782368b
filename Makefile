# pejl — one GNU Makefile (DESIGN §6). `make` builds build/pejl; `make check`
# installs what is missing, builds and runs every test; `make demo` builds a
# demo database; `make san` builds with AddressSanitizer + UBSan.

CC      ?= cc
PKGS    := sqlite3 libpq jansson minizip expat libsodium libmicrohttpd inih xlsxwriter
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wpointer-arith -Wcast-qual -Wundef -Wno-missing-field-initializers -Wno-format-truncation
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=gnu11 -Isrc $(WARN) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
LDLIBS  := $(PKG_LIBS) -lm

SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
             -DPEJL_ARENA_MALLOC

LIB_SRCS := $(wildcard src/util/*.c src/core/*.c src/store/*.c src/io/*.c src/web/*.c)
LIB_ASM  := src/web/openapi_data.S src/io/instrument_data.S
CLI_SRCS := $(wildcard src/cli/*.c)
DATA     := $(wildcard data/*.json data/instruments/*.json)
UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
FUZZERS  := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

B := build
S := build/san

.PHONY: all san check demo bench fmt fuzz clean deps tests
all: $(B)/pejl

# --- objects: one tree per flavour ------------------------------------------
$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@
$(S)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c $< -o $@
$(B)/obj/%.o: %.S $(DATA) src/web/openapi.json
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@
$(S)/obj/%.o: %.S $(DATA) src/web/openapi.json
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@

LIB_OBJS     = $(LIB_SRCS:%.c=$(B)/obj/%.o) $(LIB_ASM:%.S=$(B)/obj/%.o)
LIB_SAN_OBJS = $(LIB_SRCS:%.c=$(S)/obj/%.o) $(LIB_ASM:%.S=$(S)/obj/%.o)
CLI_OBJS     = $(CLI_SRCS:%.c=$(B)/obj/%.o) $(B)/obj/src/cli/builtin_data.o
CLI_SAN_OBJS = $(CLI_SRCS:%.c=$(S)/obj/%.o) $(S)/obj/src/cli/builtin_data.o

$(B)/libpejl.a: $(LIB_OBJS)
	@rm -f $@
	@ar rcs $@ $^
$(S)/libpejl.a: $(LIB_SAN_OBJS)
	@rm -f $@
	@ar rcs $@ $^

$(B)/pejl: $(CLI_OBJS) $(B)/libpejl.a
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@
$(S)/pejl: $(CLI_SAN_OBJS) $(S)/libpejl.a
	@echo "  LD san  $@"
	@$(CC) $(SAN_FLAGS) $^ $(LDLIBS) -o $@

# --- tests ------------------------------------------------------------------
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

$(B)/tests/%: $(B)/obj/tests/unit/%.o $(B)/libpejl.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $^ $(CMOCKA_LIBS) $(LDLIBS) -o $@
$(S)/tests/%: $(S)/obj/tests/unit/%.o $(S)/libpejl.a
	@mkdir -p $(dir $@)
	@echo "  LD san  $@"
	@$(CC) $(SAN_FLAGS) $^ $(CMOCKA_LIBS) $(LDLIBS) -o $@
$(B)/tests/store_conformance: $(B)/obj/tests/store/conformance.o $(B)/libpejl.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $^ $(CMOCKA_LIBS) $(LDLIBS) -o $@
$(S)/tests/store_conformance: $(S)/obj/tests/store/conformance.o $(S)/libpejl.a
	@mkdir -p $(dir $@)
	@echo "  LD san  $@"
	@$(CC) $(SAN_FLAGS) $^ $(CMOCKA_LIBS) $(LDLIBS) -o $@
# Fuzz targets built as corpus replayers (no libFuzzer needed), under the
# sanitizers, so `make check` replays every corpus.
$(S)/fuzz/%: $(S)/obj/tests/fuzz/fuzz_%.o $(S)/obj/tests/fuzz/replay.o $(S)/libpejl.a
	@mkdir -p $(dir $@)
	@echo "  LD san  $@"
	@$(CC) $(SAN_FLAGS) $^ $(LDLIBS) -o $@

$(B)/bench_%: $(B)/obj/bench/bench_%.o $(B)/libpejl.a
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

TEST_BINS = $(UNIT_TESTS:%=$(B)/tests/%) $(B)/tests/store_conformance \
            $(UNIT_TESTS:%=$(S)/tests/%) $(S)/tests/store_conformance \
            $(FUZZERS:%=$(S)/fuzz/%)

tests: $(B)/pejl $(S)/pejl $(TEST_BINS)

san: $(S)/pejl

deps:
	@scripts/deps

check: deps
	@$(MAKE) --no-print-directory tests
	@tests/run

# Benchmarks (not tests): figures named by the issues, printed with the
# command that measures them. BENCH_DIR holds the generated data.
bench:
	@scripts/deps --bench
	@$(MAKE) --no-print-directory $(B)/pejl $(B)/bench_status $(B)/bench_feedback
	@bench/run
	@bench/web
	@bench/feedback
	@bench/record

demo: deps
	@$(MAKE) --no-print-directory $(B)/pejl
	@scripts/demo

# libFuzzer builds for real fuzzing sessions: `make fuzz`, then e.g.
# build/fuzz/strategy tests/fuzz/corpus/strategy
fuzz:
	@mkdir -p $(B)/fuzz
	@for f in $(FUZZERS); do \
	  clang -std=gnu11 -Isrc -g -O1 -fsanitize=fuzzer,address,undefined -DPEJL_ARENA_MALLOC $(PKG_CFLAGS) \
	    tests/fuzz/fuzz_$$f.c $(LIB_SRCS) $(LIB_ASM) $(LDLIBS) -o $(B)/fuzz/$$f || exit 1; \
	  echo "built $(B)/fuzz/$$f"; done

fmt:
	clang-format -i $$(find src tests -name '*.[ch]')

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
