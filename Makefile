# dyad — build, test, sanitize, fuzz.  `make` builds build/dyad; `make check` runs the tests.
CC      ?= cc
CFLAGS  ?= -O2 -g
BUILD   ?= build
STD      = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN     = -Wall -Wextra -Werror
CJSON_CFLAGS := $(shell pkg-config --cflags libcjson 2>/dev/null)
CJSON_LIBS   := $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
SQLITE_LIBS  := $(shell pkg-config --libs sqlite3 2>/dev/null || echo -lsqlite3)
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(CJSON_CFLAGS) -Isrc -Iinclude
LDLIBS   = $(CJSON_LIBS) $(SQLITE_LIBS) -lpthread -lm
# With gcc, dyad itself is linked with link-time optimisation: the stages call each
# other's small functions (dictionary lookups above all) some hundred times a sentence,
# which only -flto can inline across files (2.5% fewer instructions, bench/README.md).
# The objects keep their plain code too (-ffat-lto-objects), so the tests and other
# compilers link them as before.  `make LTO=` builds without it.
ifeq ($(origin LTO),undefined)
LTO     := $(if $(shell $(CC) -v 2>&1 | grep '^gcc version'),-flto=auto -ffat-lto-objects)
endif

LIB_SRC  = $(wildcard src/*.c)
CLI_SRC  = $(wildcard src/cli/*.c)
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded.o
DATA     = $(sort $(wildcard data/*))
TESTS    = $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/test_*.c))
FUZZERS  = $(patsubst fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard fuzz/fuzz_*.c))

.PHONY: all deps example check asan fuzz bench clean
all: $(BUILD)/dyad

# Debian packages the build, the tests and the benchmark (time) need; apt-get runs only when
# one is missing.
DEBS = gcc clang make pkg-config libcjson-dev libclang-rt-14-dev libsqlite3-dev time
deps:
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  sudo=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  echo "installing: $$missing"; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# The bundled wire story, coded with the built-in dictionaries.
example: $(BUILD)/dyad
	$(BUILD)/dyad code --date 2024-03-06 examples/wire-story.txt

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) $(STD) $(WARN) -O1 -o $@ $<

$(BUILD)/embedded.c: $(BUILD)/embed $(DATA)
	$(BUILD)/embed $@ $(DATA)

$(BUILD)/obj/embedded.o: $(BUILD)/embedded.c
	@mkdir -p $(@D)
	$(CC) $(STD) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h include/*.h)
	@mkdir -p $(@D)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) $(LTO) -c -o $@ $<

$(BUILD)/libdyad.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/dyad: $(CLI_SRC) $(wildcard src/cli/*.h) $(BUILD)/libdyad.a
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) $(LTO) -Isrc/cli -o $@ $(CLI_SRC) $(BUILD)/libdyad.a $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h) $(BUILD)/libdyad.a
	@mkdir -p $(@D)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(BUILD)/libdyad.a $(LDLIBS)

# The whole suite: unit tests per stage, then end-to-end tests of the binary.
check: $(BUILD)/dyad $(TESTS)
	sh tests/run.sh $(BUILD)

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan:
	$(MAKE) check BUILD=build-asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

# libFuzzer targets (clang); `make fuzz FUZZ_SECONDS=N` runs each for N seconds.
FUZZ_SECONDS ?= 20
$(BUILD)/fuzz/%: fuzz/%.c $(LIB_SRC) $(BUILD)/embedded.c
	@mkdir -p $(@D)
	clang $(STD) $(WARN) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(CJSON_CFLAGS) -Isrc -Iinclude \
	  -o $@ $< $(LIB_SRC) $(BUILD)/embedded.c $(LDLIBS)
fuzz: $(FUZZERS)
	sh fuzz/run.sh $(BUILD) $(FUZZ_SECONDS)

bench: $(BUILD)/dyad
	sh bench/run.sh $(BUILD)

clean:
	rm -rf build build-asan
