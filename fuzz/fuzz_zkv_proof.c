/* Light verifier, structured: a fixed valid VK (the example circuit at 2^4 rows,
 * tests/evm/golden/example-k4.vk.bin, embedded at build time) and the input as
 * proof ‖ public inputs: the first zkv_proof_size() bytes are the proof (all of the
 * input if shorter), the rest whole 32-byte public inputs. proof_mutator.h adds the
 * layout-aware changes. Invariant: a status of the enum comes back, never a workspace
 * or argument error (the harness's inputs are always usable); ASan/UBSan watch the rest.
 * fuzz_proof.c runs the same inputs through both verifiers and compares verdicts. */
#define _GNU_SOURCE
#include "fuzz_common.h"
#include "fuzz_golden_vk.h"
#include "proof_mutator.h"
#include "zkv.h"

static zkv_vk vk;
static uint64_t *work;
static size_t work_size;
static fuzz_layout_t layout;

static const fuzz_layout_t *fuzz_layout(void) { return &layout; }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    FUZZ_ASSERT(zkv_vk_parse(&vk, FUZZ_GOLDEN_VK, sizeof FUZZ_GOLDEN_VK) == ZKV_OK);
    work_size = zkv_workspace_size(&vk);
    work = malloc(work_size);
    FUZZ_ASSERT(work != NULL);
    layout.comm_end = 64 * ((size_t)vk.n_adv + 2 * (size_t)vk.n_lookups + vk.n_z + vk.n_t);
    layout.evals_end = layout.comm_end + 32 * (size_t)vk.n_queries;
    layout.proof_len = zkv_proof_size(&vk);
    FUZZ_ASSERT(layout.evals_end + 64 * (size_t)vk.n_points == layout.proof_len);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t pl = size < layout.proof_len ? size : layout.proof_len, n_pub = (size - pl) / 32;
    uint8_t *proof = malloc(pl ? pl : 1), *pub = malloc(32 * n_pub + 1);
    FUZZ_ASSERT(proof && pub);
    memcpy(proof, data, pl);
    memcpy(pub, data + pl, 32 * n_pub);
    zkv_status st = zkv_verify(&vk, proof, pl, (const uint8_t(*)[32])pub, n_pub, work, work_size);
    FUZZ_ASSERT((unsigned)st <= ZKV_ERR_WORKSPACE && st != ZKV_ERR_WORKSPACE && st != ZKV_ERR_ARG);
    free(proof);
    free(pub);
    return 0;
}
