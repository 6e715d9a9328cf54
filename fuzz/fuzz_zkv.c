/* Light verifier on arbitrary bytes: zkv_vk_parse, then zkv_verify with a workspace of
 * exactly zkv_workspace_size() bytes (so ASan sees any write past it).
 * Input: mode (1 byte, fuzz_common.h: bit 0 clear recomputes the VK digest),
 *        vk_len (u16 LE), proof_len (u16 LE), vk, proof, public inputs (32-byte words;
 *        a trailing partial word is dropped). Lengths past the end are clipped. */
#define _GNU_SOURCE
#include "fuzz_common.h"
#include "zkv.h"

static uint32_t get16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 5) return 0;
    size_t vl = get16(data + 1), pl = get16(data + 3), rest = size - 5;
    if (vl > rest) vl = rest;
    if (pl > rest - vl) pl = rest - vl;
    const uint8_t *vkp = data + 5, *proofp = vkp + vl, *pubp = proofp + pl;
    size_t n_pub = (rest - vl - pl) / 32;

    /* copies in exact-size heap blocks: any read past them is caught */
    uint8_t mode[1] = {data[0]}, *vkb = malloc(vl + 1), *proof = malloc(pl ? pl : 1), *pub = malloc(32 * n_pub + 1);
    FUZZ_ASSERT(vkb && proof && pub);
    vkb[0] = mode[0];
    memcpy(vkb + 1, vkp, vl);
    memcpy(proof, proofp, pl);
    memcpy(pub, pubp, 32 * n_pub);
    size_t vlen;
    uint8_t *vk_bytes = fuzz_fix_digest(vkb, vl + 1, &vlen, zkv_keccak256);
    free(vkb);

    zkv_vk vk;
    zkv_status st = zkv_vk_parse(&vk, vk_bytes, vlen);
    if (st == ZKV_OK) {
        size_t need = zkv_workspace_size(&vk);
        FUZZ_ASSERT(need > 0 && need < ((size_t)1 << 32));
        (void)zkv_proof_size(&vk);
        (void)zkv_public_count(&vk);
        void *work = malloc(need);
        FUZZ_ASSERT(work != NULL);
        st = zkv_verify(&vk, proof, pl, (const uint8_t(*)[32])pub, n_pub, work, need);
        FUZZ_ASSERT((unsigned)st <= ZKV_ERR_WORKSPACE && st != ZKV_ERR_WORKSPACE);
        /* one byte too little workspace must be refused, never used */
        if (need >= 8) FUZZ_ASSERT(zkv_verify(&vk, proof, pl, (const uint8_t(*)[32])pub, n_pub, work, need - 8) ==
                                   ZKV_ERR_WORKSPACE);
        free(work);
    } else {
        FUZZ_ASSERT((unsigned)st <= ZKV_ERR_WORKSPACE);
    }
    (void)zkv_status_str(st);
    free(vk_bytes);
    free(proof);
    free(pub);
    return 0;
}
