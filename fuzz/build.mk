# fuzz/: libFuzzer harnesses (clang 14, -fsanitize=fuzzer,address,undefined) and the
# three-verifier differential fuzzer. Included by the top Makefile. See fuzz/README.md.
#
#   make fuzz-build          the harnesses, build/fuzz/bin/fuzz_* (the library compiled
#                            again by clang into build/fuzz/: gcc's build is untouched)
#   make fuzz [FUZZ_TIME=s]  seeds, then each harness for FUZZ_TIME seconds (default 60)
#                            on one core with a corpus kept in build/fuzz/corpus/, then a
#                            long differential pass (FUZZ_DIFF_CASES mutations)
#   test suites              "fuzz": each harness for FUZZ_SMOKE_TIME seconds (default 15)
#                            from the seeds alone, after the regression inputs of
#                            tests/fuzz/; "fuzz-diff": 200 seeded mutations through the
#                            full, light and EVM verifiers
FUZZ_CC          ?= clang-14
FUZZ_TIME        ?= 60
FUZZ_SMOKE_TIME  ?= 15
FUZZ_DIFF_CASES  ?= 2000
FUZZ_OUT         := build/fuzz
FUZZ_NAMES       := zkv zkv_proof proof vk pk zkc srs ptau onnx input_json settings
FUZZ_BINS        := $(FUZZ_NAMES:%=$(FUZZ_OUT)/bin/fuzz_%)
FUZZ_LIBZKI      := $(FUZZ_OUT)/libzki.a
FUZZ_SANFLAGS    := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS      := -O1 -g -Wall -Wextra -Werror $(FUZZ_SANFLAGS)
FUZZ_INC         := $(addprefix -I,$(PROVER_DIRS)) -I$(FUZZ_OUT)/gen -Iverifier -Ifuzz
FUZZ_LIBS        := -ljson-c -lprotobuf-c -lm -lpthread

.PHONY: fuzz fuzz-build fuzz-seeds fuzz-lib-force

# the prover library, compiled by clang with coverage instrumentation and sanitizers,
# by the top Makefile's own rules into build/fuzz/ (a no-op when up to date); the
# sub-make (BUILD=build/fuzz) sees none of these fuzz rules
ifneq ($(BUILD),$(FUZZ_OUT))
$(FUZZ_LIBZKI): fuzz-lib-force
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_OUT) CC=$(FUZZ_CC) SAN=1 \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link" lib
fuzz-lib-force:

$(FUZZ_OUT)/obj-fuzz/zkv.o: verifier/zkv.c verifier/zkv.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c99 -pedantic $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_OUT)/gen/fuzz_golden_vk.h: tests/evm/golden/example-k4.vk.bin fuzz/embed.sh
	@mkdir -p $(dir $@)
	sh fuzz/embed.sh $< FUZZ_GOLDEN_VK $@

$(FUZZ_OUT)/obj-fuzz/%.o: fuzz/%.c fuzz/fuzz_common.h fuzz/proof_mutator.h $(FUZZ_OUT)/gen/fuzz_golden_vk.h $(FUZZ_LIBZKI)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_INC) -c $< -o $@

# the light verifier's harnesses link zkv alone, as a device would
$(FUZZ_OUT)/bin/fuzz_zkv $(FUZZ_OUT)/bin/fuzz_zkv_proof: $(FUZZ_OUT)/bin/fuzz_%: $(FUZZ_OUT)/obj-fuzz/fuzz_%.o $(FUZZ_OUT)/obj-fuzz/zkv.o
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^

$(filter-out $(FUZZ_OUT)/bin/fuzz_zkv $(FUZZ_OUT)/bin/fuzz_zkv_proof,$(FUZZ_BINS)): $(FUZZ_OUT)/bin/fuzz_%: $(FUZZ_OUT)/obj-fuzz/fuzz_%.o $(FUZZ_OUT)/obj-fuzz/zkv.o $(FUZZ_LIBZKI)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz-seeds: $(CLI_BIN) build/verifier/zkv-verify
	sh fuzz/make-seeds.sh $(CLI_BIN)

fuzz: fuzz-build fuzz-seeds
	sh fuzz/run.sh long $(FUZZ_TIME) $(FUZZ_NAMES)
	sh fuzz/diff.sh $(CLI_BIN) $(FUZZ_DIFF_CASES) 7

# The regression inputs of tests/fuzz/ also run in the C test binary (gcc, and the
# ASan build): those test files include a harness, which reads the example VK header.
$(BUILD)/obj/tests/fuzz/%.o: PROVER_CFLAGS += -I$(BUILD)/gen -Iverifier -Ifuzz
$(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/fuzz/*.c)): $(BUILD)/gen/fuzz_golden_vk.h
$(BUILD)/gen/fuzz_golden_vk.h: tests/evm/golden/example-k4.vk.bin fuzz/embed.sh
	@mkdir -p $(dir $@)
	sh fuzz/embed.sh $< FUZZ_GOLDEN_VK $@

endif

# the smoke pass builds what it needs itself, so a missing clang fails the suite (loudly)
# rather than the build of every other suite
TEST_PREREQS += build/verifier/zkv-verify
TEST_SUITES  += "sh fuzz/run.sh smoke $(FUZZ_SMOKE_TIME) $(FUZZ_NAMES)" \
                "sh fuzz/diff.sh $(BUILD)/zkinfer 200 1 fuzz-diff"
