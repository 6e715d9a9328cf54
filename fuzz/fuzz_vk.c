/* The prover's VK decoder (prover/plonk/vk.c) on arbitrary bytes, with three oracles:
 *   - a VK it accepts re-encodes to the same bytes (zki_vk_encode), and converts to JSON;
 *   - the light verifier agrees on validity: zkv_vk_parse, plus the two checks zkv
 *     defers to zkv_verify (degree, lookup tables), run here on an all-zero proof;
 *   - nothing else: ASan/UBSan, and no allocation failure on a few kilobytes of input.
 * Input: mode byte (fuzz_common.h: bit 0 clear recomputes the digest), then the VK. */
#define _GNU_SOURCE
#include "fuzz_common.h"
#include "keccak.h"
#include "keys.h"
#include "zkv.h"

/* the light verifier's verdict on the VK: 1 valid, 0 not */
static int zkv_accepts(const uint8_t *b, size_t len) {
    zkv_vk vk;
    if (zkv_vk_parse(&vk, b, len) != ZKV_OK) return 0;
    size_t need = zkv_workspace_size(&vk), pl = zkv_proof_size(&vk), np = zkv_public_count(&vk);
    void *work = malloc(need);
    uint8_t *proof = calloc(pl ? pl : 1, 1), *pub = calloc(np ? np : 1, 32);
    FUZZ_ASSERT(work && proof && pub);
    zkv_status st = zkv_verify(&vk, proof, pl, (const uint8_t(*)[32])pub, np, work, need);
    free(work);
    free(proof);
    free(pub);
    return st != ZKV_ERR_DEGREE && st != ZKV_ERR_ENCODING;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t len;
    uint8_t *b = fuzz_fix_digest(data, size, &len, zki_keccak256);
    if (!b) return 0;
    zki_vk vk;
    zki_status st = zki_vk_decode(&vk, b, len);
    FUZZ_ASSERT(st != ZKI_ERR_NOMEM);
    int light = zkv_accepts(b, len);
    if ((st == ZKI_OK) != light) {
        fprintf(stderr, "fuzz: VK validity differs: full %s, light %s\n", zki_status_str(st), light ? "valid" : "invalid");
        abort();
    }
    if (st == ZKI_OK) {
        size_t n = 0;
        FUZZ_ASSERT(zki_vk_encode(&vk, NULL, 0, &n) == ZKI_ERR_BUFFER || n > 0);
        uint8_t *e = malloc(n);
        FUZZ_ASSERT(e != NULL);
        FUZZ_ASSERT(zki_vk_encode(&vk, e, n, &n) == ZKI_OK);
        FUZZ_ASSERT(n == len && memcmp(e, b, len) == 0);
        free(e);
        free(zki_vk_to_json(&vk));
        zki_vk_free(&vk);
    }
    free(b);
    return 0;
}
