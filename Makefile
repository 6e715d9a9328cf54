# zkinfer: a plain Makefile. `make` builds everything into build/;
# `make test` runs every suite (plain and under ASan+UBSan); `make bench` builds
# with -O3 -march=native into build/bench/ and prints the benchmark table.
CC      ?= cc
CFLAGS  ?= -O2 -g
BUILD   ?= build
SAN     ?=
LDFLAGS ?=

WARN    := -Wall -Wextra -Werror
DEPS    := -MMD -MP
ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

PROVER_DIRS   := $(sort $(dir $(wildcard prover/*/*.c prover/*/*.h)))
PROVER_CFLAGS := -std=c11 $(WARN) $(DEPS) -pthread $(addprefix -I,$(PROVER_DIRS)) $(SANFLAGS) $(CFLAGS)
PROVER_LIBS   := -ljson-c -lm -lpthread

PROVER_SRC := $(filter-out prover/cli/%,$(wildcard prover/*/*.c))
PROVER_OBJ := $(PROVER_SRC:%.c=$(BUILD)/obj/%.o)
LIBZKI     := $(BUILD)/libzki.a

TEST_SRC := tests/test_main.c $(wildcard tests/*/*.c)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN := $(BUILD)/tests/zki-tests
TEST_LIBS := -lgmp -lcrypto

CLI_SRC := $(wildcard prover/cli/*.c)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
CLI_BIN := $(BUILD)/zkinfer

BENCH_SRC := $(wildcard bench/*.c)
BENCH_OBJ := $(BENCH_SRC:%.c=$(BUILD)/obj/%.o)
BENCH_BIN := $(BUILD)/bench/zki-bench

.PHONY: all lib tests-build test bench clean deps

all: lib tests-build $(BENCH_BIN) $(CLI_BIN)

lib: $(LIBZKI)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(PROVER_CFLAGS) -Itests -Ibench -c $< -o $@

$(LIBZKI): $(PROVER_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

tests-build: $(TEST_BIN) $(CLI_BIN)

$(TEST_BIN): $(TEST_OBJ) $(LIBZKI)
	@mkdir -p $(dir $@)
	$(CC) $(PROVER_CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJ) $(LIBZKI) $(TEST_LIBS) $(PROVER_LIBS)

$(CLI_BIN): $(CLI_OBJ) $(LIBZKI)
	@mkdir -p $(dir $@)
	$(CC) $(PROVER_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIBZKI) $(PROVER_LIBS)

$(BENCH_BIN): $(BENCH_OBJ) $(LIBZKI)
	@mkdir -p $(dir $@)
	$(CC) $(PROVER_CFLAGS) $(LDFLAGS) -o $@ $(BENCH_OBJ) $(LIBZKI) $(PROVER_LIBS)

# Every suite: the C suites twice (default build, and ASan+UBSan with fewer random
# iterations), the CLI suite twice, and whatever suites the directory fragments add to
# TEST_SUITES (commands that print "NAME: N passed, N failed"). tests/run.sh prints the
# closing total line. Fragments add build steps to TEST_PREREQS.
TEST_SUITES := "$(BUILD)/tests/zki-tests --suite=core" \
               "build/san/tests/zki-tests --quick --suite=core-asan-ubsan" \
               "sh tests/cli/test_cli.sh $(BUILD)/zkinfer cli" \
               "sh tests/cli/test_cli.sh build/san/zkinfer cli-asan-ubsan" \
               "sh tests/cli/test_badinput.sh $(BUILD)/zkinfer badinput" \
               "sh tests/cli/test_badinput.sh build/san/zkinfer badinput-asan-ubsan" \
               "sh tests/cli/test_calibrate.sh $(BUILD)/zkinfer calibrate" \
               "sh tests/estimate/test_estimate.sh $(BUILD)/zkinfer estimate" \
               "sh tests/estimate/test_estimate.sh build/san/zkinfer estimate-asan-ubsan"
TEST_PREREQS :=
BENCH_CMDS :=

# ---- ONNX front end (prover/onnx) ----
# Debian's onnx.proto (libonnx-dev) is compiled with protoc-c at build time into
# $(BUILD)/gen/onnx.pb-c.{c,h}; nothing generated is committed. The generated .c is
# compiled without -Werror (it is not our code) and added to the library; the
# prover/onnx objects wait for the generated header; the library needs -lprotobuf-c.
ONNX_PROTO    ?= /usr/include/onnx/onnx.proto
ONNX_GEN      := $(BUILD)/gen
ONNX_PB_OBJ   := $(BUILD)/obj/gen/onnx.pb-c.o
PROVER_CFLAGS += -I$(ONNX_GEN)
PROVER_LIBS   += -lprotobuf-c
$(ONNX_GEN)/onnx.pb-c.h: $(ONNX_GEN)/onnx.pb-c.c
$(ONNX_GEN)/onnx.pb-c.c: $(ONNX_PROTO)
	@mkdir -p $(ONNX_GEN)
	protoc-c --proto_path=$(dir $(ONNX_PROTO)) --c_out=$(ONNX_GEN) $(ONNX_PROTO)
$(ONNX_PB_OBJ): $(ONNX_GEN)/onnx.pb-c.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -I$(ONNX_GEN) $(SANFLAGS) $(CFLAGS) -c $< -o $@
$(filter $(BUILD)/obj/prover/onnx/%,$(PROVER_OBJ)): $(ONNX_GEN)/onnx.pb-c.h
$(LIBZKI): $(ONNX_PB_OBJ)

# Directory fragments (verifier/, codegen/, ...) append to the variables above.
-include $(wildcard */build.mk)

test:
	sh tests/pcs/make-ptau.sh || echo "make-ptau failed: the ptau_* cases will fail"
	$(MAKE) tests-build $(TEST_PREREQS)
	$(MAKE) BUILD=build/san SAN=1 CFLAGS="-O1 -g" tests-build
	sh tests/run.sh $(TEST_SUITES)

# Optimised for this machine; the portable -O2 build stays the default.
bench:
	$(MAKE) BUILD=build/bench CFLAGS="-O3 -march=native -g" build/bench/bench/zki-bench
	@mkdir -p build
	build/bench/bench/zki-bench --json build/bench.json
	$(BENCH_CMDS)

deps:
	sh scripts/install-deps.sh

clean:
	rm -rf build

-include $(PROVER_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BENCH_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
