/* ABI encoding of verifyProof(bytes proof, uint256[] instances) (see zkcg.h). */
#include "zkcg.h"

#include <string.h>

#include "keccak.h"

static size_t pad32(size_t n) { return (n + 31) & ~(size_t)31; }

static void put_word(uint8_t *out, uint64_t v) {
    memset(out, 0, 32);
    for (int i = 0; i < 8; i++) out[31 - i] = (uint8_t)(v >> (8 * i));
}

void zkcg_selector(uint8_t sel[4]) {
    uint8_t h[32];
    zki_keccak256(h, (const uint8_t *)ZKCG_SIGNATURE, strlen(ZKCG_SIGNATURE));
    memcpy(sel, h, 4);
}

size_t zkcg_calldata_size(size_t proof_len, size_t n_public) {
    return 4 + 32 * 2 + 32 + pad32(proof_len) + 32 + 32 * n_public;
}

size_t zkcg_encode_calldata(uint8_t *out, const uint8_t *proof, size_t proof_len, const uint8_t *pub,
                            size_t n_public) {
    uint8_t *p = out;
    zkcg_selector(p);
    p += 4;
    put_word(p, 0x40); /* head: offset of proof */
    put_word(p + 32, 0x40 + 32 + pad32(proof_len)); /* head: offset of instances */
    p += 64;
    put_word(p, proof_len);
    p += 32;
    memset(p, 0, pad32(proof_len));
    if (proof_len) memcpy(p, proof, proof_len);
    p += pad32(proof_len);
    put_word(p, n_public);
    p += 32;
    if (n_public) memcpy(p, pub, 32 * n_public);
    p += 32 * n_public;
    return (size_t)(p - out);
}
