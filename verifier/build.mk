# verifier/: the light verifier, built on its own (no prover code, no libraries).
# Included by the top Makefile. Outputs under build/verifier/.
#
#   build/verifier/zkv-verify     the CLI (zkv-verify VK PROOF [PUBLIC]; exit 0/1/2)
#   tests: the zkv_* cases run inside the main test binary (tests/verifier/test_zkv.c
#          compiles verifier/zkv.c in, so the differential links both verifiers), plus
#          the suites below: standalone build checks, 32-bit limbs (native, armhf under
#          qemu-arm, -m32 where available), Cortex-M4 firmware under qemu-system-arm,
#          valgrind on the CLI.
ZKV_CC      ?= cc
ZKV_CFLAGS  := -std=c99 -pedantic -Wall -Wextra -Werror -Wshadow -O2 -g
ZKV_OUT     := build/verifier

$(ZKV_OUT)/zkv-verify: verifier/zkv.c verifier/zkv.h verifier/zkv_verify.c
	@mkdir -p $(ZKV_OUT)
	$(ZKV_CC) $(ZKV_CFLAGS) verifier/zkv.c verifier/zkv_verify.c -o $@

.PHONY: zkv
zkv: $(ZKV_OUT)/zkv-verify

TEST_PREREQS += $(ZKV_OUT)/zkv-verify
TEST_SUITES  += "sh verifier/tests/build_checks.sh" \
                "sh verifier/tests/run32.sh $(BUILD)/zkinfer" \
                "sh verifier/tests/cortex_m4.sh $(BUILD)/zkinfer" \
                "sh verifier/tests/valgrind.sh $(BUILD)/zkinfer"
BENCH_CMDS   += sh verifier/tests/bench.sh build/bench/zkinfer;
