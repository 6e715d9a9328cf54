/* The full verifier's proof decoding and checks (prover/plonk/verify.c,
 * zki_verify_bytes), differential against the light verifier: the fixed example VK
 * (fuzz_zkv_proof.c) decoded by both, the input as proof ‖ public inputs, and the two
 * verdict classes (accept / reject / malformed) must be equal. A disagreement aborts. */
#define _GNU_SOURCE
#include "fuzz_common.h"
#include "fuzz_golden_vk.h"
#include "keys.h"
#include "proof_mutator.h"
#include "prove.h"
#include "zkv.h"

static zki_vk fvk;
static zkv_vk lvk;
static uint64_t *work;
static size_t work_size;
static fuzz_layout_t layout;

static const fuzz_layout_t *fuzz_layout(void) { return &layout; }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    FUZZ_ASSERT(zki_vk_decode(&fvk, FUZZ_GOLDEN_VK, sizeof FUZZ_GOLDEN_VK) == ZKI_OK);
    FUZZ_ASSERT(zkv_vk_parse(&lvk, FUZZ_GOLDEN_VK, sizeof FUZZ_GOLDEN_VK) == ZKV_OK);
    work_size = zkv_workspace_size(&lvk);
    work = malloc(work_size);
    FUZZ_ASSERT(work != NULL);
    layout.comm_end = 64 * ((size_t)lvk.n_adv + 2 * (size_t)lvk.n_lookups + lvk.n_z + lvk.n_t);
    layout.evals_end = layout.comm_end + 32 * (size_t)lvk.n_queries;
    layout.proof_len = zkv_proof_size(&lvk);
    FUZZ_ASSERT(layout.proof_len == zki_plonk_proof_size(&fvk.L, &fvk.cs));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t pl = size < layout.proof_len ? size : layout.proof_len, n_pub = (size - pl) / 32;
    uint8_t *proof = malloc(pl ? pl : 1), *pub = malloc(32 * n_pub + 1);
    FUZZ_ASSERT(proof && pub);
    memcpy(proof, data, pl);
    memcpy(pub, data + pl, 32 * n_pub);
    zki_status fs = zki_verify_bytes(&fvk, pub, n_pub, proof, pl);
    zkv_status ls = zkv_verify(&lvk, proof, pl, (const uint8_t(*)[32])pub, n_pub, work, work_size);
    fuzz_verdict a = fs == ZKI_OK ? FUZZ_ACCEPT : fs == ZKI_REJECT ? FUZZ_REJECT : FUZZ_MALFORMED;
    fuzz_verdict b = ls == ZKV_OK ? FUZZ_ACCEPT : ls == ZKV_REJECT ? FUZZ_REJECT : FUZZ_MALFORMED;
    if (a != b) {
        fprintf(stderr, "fuzz: verdicts differ: full %s (%s), light %s (%s)\n", fuzz_verdict_str(a),
                zki_status_str(fs), fuzz_verdict_str(b), zkv_status_str(ls));
        abort();
    }
    FUZZ_ASSERT(fs != ZKI_ERR_NOMEM && fs != ZKI_ERR_ARG);
    free(proof);
    free(pub);
    return 0;
}
