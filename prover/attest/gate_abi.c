/* requestCredit calldata (gate_abi.h). */
#include "gate_abi.h"

#include <string.h>

#include "keccak.h"

#define GATE_SIGNATURE "requestCredit(bytes,uint256[],(address,bytes32,bytes32,uint256,uint256),bytes)"
#define HEAD_WORDS 8 /* proof offset, inputs offset, 5 attestation words, signature offset */

static size_t pad32(size_t n) { return (n + 31) / 32 * 32; }

size_t zki_gate_calldata_size(size_t proof_len, size_t n_public) {
    return 4 + 32 * HEAD_WORDS + 32 + pad32(proof_len) + 32 + 32 * n_public + 32 + pad32(65);
}

void zki_gate_selector(uint8_t sel[4]) {
    uint8_t h[32];
    zki_keccak256(h, (const uint8_t *)GATE_SIGNATURE, strlen(GATE_SIGNATURE));
    memcpy(sel, h, 4);
}

/* a big-endian uint256 word holding v */
static void word_u64(uint8_t *w, uint64_t v) {
    memset(w, 0, 32);
    for (int i = 0; i < 8; i++) w[31 - i] = (uint8_t)(v >> (8 * i));
}

size_t zki_gate_calldata(uint8_t *out, const uint8_t *proof, size_t proof_len, const uint8_t *pub, size_t n_public,
                         const zki_attestation *a, const uint8_t sig[65]) {
    size_t total = zki_gate_calldata_size(proof_len, n_public);
    memset(out, 0, total);
    zki_gate_selector(out);
    uint8_t *head = out + 4;
    size_t off_proof = 32 * HEAD_WORDS, off_pub = off_proof + 32 + pad32(proof_len),
           off_sig = off_pub + 32 + 32 * n_public;
    word_u64(head, off_proof);
    word_u64(head + 32, off_pub);
    memcpy(head + 2 * 32 + 12, a->borrower, 20);
    memcpy(head + 3 * 32, a->input_hash, 32);
    memcpy(head + 4 * 32, a->vk_digest, 32);
    memcpy(head + 5 * 32, a->nonce, 32);
    memcpy(head + 6 * 32, a->expiry, 32);
    word_u64(head + 7 * 32, off_sig);
    word_u64(head + off_proof, proof_len);
    if (proof_len) memcpy(head + off_proof + 32, proof, proof_len);
    word_u64(head + off_pub, n_public);
    if (n_public) memcpy(head + off_pub + 32, pub, 32 * n_public);
    word_u64(head + off_sig, 65);
    memcpy(head + off_sig + 32, sig, 65);
    return total;
}
