# codegen/: the Solidity verifier generator and calldata encoder, linked into build/zkinfer
# (no edit to the top Makefile: CLI_OBJ's recipe use is expanded late, and the extra
# prerequisite line below makes the CLI depend on these objects).
# templates/*.sol are embedded into build/gen/zkcg_templates.h by codegen/embed.sh.
ZKCG_SRC := $(wildcard codegen/*.c)
ZKCG_OBJ := $(ZKCG_SRC:%.c=$(BUILD)/obj/%.o)
ZKCG_TPL := $(wildcard templates/*.sol)
ZKCG_GEN := $(BUILD)/gen/zkcg_templates.h

CLI_OBJ += $(ZKCG_OBJ)
$(CLI_BIN): $(ZKCG_OBJ)

$(CLI_OBJ): PROVER_CFLAGS += -Icodegen -I$(BUILD)/gen
$(BUILD)/obj/codegen/templates.o: $(ZKCG_GEN)

$(ZKCG_GEN): $(ZKCG_TPL) codegen/embed.sh
	@mkdir -p $(dir $@)
	sh codegen/embed.sh $@ $(ZKCG_TPL)

# The EVM suite: generated verifiers compiled with solc and run in @ethereumjs/evm,
# differential against `zkinfer verify-raw` (and the light verifier when it exists).
TEST_SUITES += "sh tests/evm/test_evm.sh $(BUILD)/zkinfer evm"
BENCH_CMDS += sh tests/evm/bench_evm.sh build/zkinfer;

-include $(ZKCG_OBJ:.o=.d)

# The benchmark circuit's vk/proof (2^16 x 16 for make bench, 2^9 in the EVM suite).
ZKCG_BENCH_BIN := $(BUILD)/tests/evm-bench-circuit
TEST_PREREQS += $(ZKCG_BENCH_BIN)
$(ZKCG_BENCH_BIN): $(BUILD)/obj/tests/evm/tools/bench_circuit.o $(LIBZKI)
	@mkdir -p $(dir $@)
	$(CC) $(PROVER_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBZKI) $(PROVER_LIBS)

# Unit checks of codegen/cauchy.c (run by the EVM suite).
ZKCG_CAUCHY_BIN := $(BUILD)/tests/evm-cauchy-check
TEST_PREREQS += $(ZKCG_CAUCHY_BIN)
$(BUILD)/obj/tests/evm/tools/cauchy_check.o: PROVER_CFLAGS += -Icodegen
$(ZKCG_CAUCHY_BIN): $(BUILD)/obj/tests/evm/tools/cauchy_check.o $(BUILD)/obj/codegen/cauchy.o $(LIBZKI)
	@mkdir -p $(dir $@)
	$(CC) $(PROVER_CFLAGS) $(LDFLAGS) -o $@ $^ $(PROVER_LIBS)

# Small circuits with late advice columns of a chosen shape (run by the EVM suite).
ZKCG_LATE_BIN := $(BUILD)/tests/evm-late-circuit
TEST_PREREQS += $(ZKCG_LATE_BIN)
$(ZKCG_LATE_BIN): $(BUILD)/obj/tests/evm/tools/late_circuit.o $(LIBZKI)
	@mkdir -p $(dir $@)
	$(CC) $(PROVER_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBZKI) $(PROVER_LIBS)
