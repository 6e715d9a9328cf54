# contracts/: the DeFi credit-score flow's off-circuit half (issue "DeFi credit-score
# flow"), included by the top Makefile:
#   - prover/core/poseidon checked against circomlibjs (tests/poseidon);
#   - prover/attest (EIP-712 attestations, recoverable secp256k1 ECDSA) needs
#     libsecp256k1 and OpenSSL's RAND_bytes in every binary that links libzki;
#   - contracts/CreditGate.sol in @ethereumjs/evm (tests/contracts), its gas in make bench.

# the Poseidon tool the circomlibjs suite drives
ZKI_POSEIDON_TOOL := $(BUILD)/tests/poseidon-tool
TEST_PREREQS += $(ZKI_POSEIDON_TOOL)
$(ZKI_POSEIDON_TOOL): $(BUILD)/obj/tests/poseidon/tools/poseidon_tool.o $(LIBZKI)
	@mkdir -p $(dir $@)
	$(CC) $(PROVER_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBZKI) $(PROVER_LIBS)
TEST_SUITES += "sh tests/poseidon/test_poseidon.sh $(ZKI_POSEIDON_TOOL) poseidon-circomlibjs"
-include $(BUILD)/obj/tests/poseidon/tools/poseidon_tool.d

# prover/attest links libsecp256k1 (with its recovery module) and OpenSSL's RAND_bytes
PROVER_LIBS += -lsecp256k1 -lcrypto

# CreditGate in the EVM (mock verifier, then the credit model's generated verifier) and
# `zkinfer attest` against ethers; the happy path's gas in make bench
TEST_SUITES += "sh tests/contracts/test_contracts.sh $(BUILD)/zkinfer contracts"
BENCH_CMDS += sh tests/contracts/bench_gate.sh build/zkinfer;
