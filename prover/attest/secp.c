/* secp256k1 keys, signing and recovery in Ethereum's format (see secp.h). */
#include "secp.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <string.h>

#include "keccak.h"

/* A signing context, randomized against side channels (libsecp256k1's advice). */
static secp256k1_context *sign_context(void) {
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    uint8_t seed[32];
    if (!ctx) return NULL;
    if (RAND_bytes(seed, sizeof seed) != 1 || !secp256k1_context_randomize(ctx, seed)) {
        secp256k1_context_destroy(ctx);
        return NULL;
    }
    OPENSSL_cleanse(seed, sizeof seed);
    return ctx;
}

static void pubkey_address(uint8_t addr[20], const secp256k1_context *ctx, const secp256k1_pubkey *pk) {
    uint8_t ser[65], h[32];
    size_t len = sizeof ser;
    secp256k1_ec_pubkey_serialize(ctx, ser, &len, pk, SECP256K1_EC_UNCOMPRESSED);
    zki_keccak256(h, ser + 1, 64); /* skip the 0x04 prefix */
    memcpy(addr, h + 12, 20);
}

zki_status zki_secp_keygen(uint8_t seckey[32]) {
    for (int tries = 0; tries < 64; tries++) {
        if (RAND_bytes(seckey, 32) != 1) return ZKI_ERR_IO;
        if (secp256k1_ec_seckey_verify(secp256k1_context_static, seckey)) return ZKI_OK;
    }
    return ZKI_ERR_IO; /* 64 draws outside [1, n): the generator is broken */
}

zki_status zki_secp_address(uint8_t addr[20], const uint8_t seckey[32]) {
    if (!secp256k1_ec_seckey_verify(secp256k1_context_static, seckey)) return ZKI_ERR_ARG;
    secp256k1_context *ctx = sign_context();
    if (!ctx) return ZKI_ERR_NOMEM;
    secp256k1_pubkey pk;
    zki_status st = ZKI_ERR_ARG;
    if (secp256k1_ec_pubkey_create(ctx, &pk, seckey)) {
        pubkey_address(addr, ctx, &pk);
        st = ZKI_OK;
    }
    secp256k1_context_destroy(ctx);
    return st;
}

zki_status zki_secp_sign(uint8_t sig[65], const uint8_t digest[32], const uint8_t seckey[32]) {
    if (!secp256k1_ec_seckey_verify(secp256k1_context_static, seckey)) return ZKI_ERR_ARG;
    secp256k1_context *ctx = sign_context();
    if (!ctx) return ZKI_ERR_NOMEM;
    secp256k1_ecdsa_recoverable_signature rs;
    int recid = -1;
    zki_status st = ZKI_ERR_ARG;
    /* default nonce function: RFC 6979; the result always has a low s */
    if (secp256k1_ecdsa_sign_recoverable(ctx, &rs, digest, seckey, NULL, NULL) &&
        secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, sig, &recid, &rs) && recid >= 0 && recid <= 1) {
        sig[64] = (uint8_t)(27 + recid);
        st = ZKI_OK;
    }
    secp256k1_context_destroy(ctx);
    return st;
}

zki_status zki_secp_recover(uint8_t addr[20], const uint8_t digest[32], const uint8_t sig[65]) {
    if (sig[64] != 27 && sig[64] != 28) return ZKI_ERR_ENCODING;
    static const uint8_t zero[32] = {0};
    if (!memcmp(sig, zero, 32) || !memcmp(sig + 32, zero, 32)) return ZKI_ERR_NONCANONICAL;
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    if (!ctx) return ZKI_ERR_NOMEM;
    secp256k1_ecdsa_recoverable_signature rs;
    secp256k1_ecdsa_signature plain, low;
    secp256k1_pubkey pk;
    zki_status st;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs, sig, sig[64] - 27)) {
        st = ZKI_ERR_NONCANONICAL; /* r or s >= n */
    } else {
        secp256k1_ecdsa_recoverable_signature_convert(ctx, &plain, &rs);
        if (secp256k1_ecdsa_signature_normalize(ctx, &low, &plain)) {
            st = ZKI_ERR_NONCANONICAL; /* s > n/2: the malleable twin of a valid signature */
        } else if (!secp256k1_ecdsa_recover(ctx, &pk, &rs, digest)) {
            st = ZKI_REJECT;
        } else {
            pubkey_address(addr, ctx, &pk);
            st = ZKI_OK;
        }
    }
    secp256k1_context_destroy(ctx);
    return st;
}
