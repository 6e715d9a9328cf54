/* EIP-712 hashing of attestations (see eip712.h). */
#include "eip712.h"

#include <string.h>

#include "keccak.h"

static const char domain_type[] = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
static const char attest_type[] =
    "Attestation(address borrower,bytes32 inputHash,bytes32 vkDigest,uint256 nonce,uint256 expiry)";

static void hash_str(uint8_t out[32], const char *s) { zki_keccak256(out, (const uint8_t *)s, strlen(s)); }

/* ABI encoding of an address: 12 zero bytes, then the 20 address bytes */
static void put_address(uint8_t word[32], const uint8_t a[20]) {
    memset(word, 0, 12);
    memcpy(word + 12, a, 20);
}

void zki_attest_domain_separator(uint8_t out[32], const zki_attest_domain *d) {
    uint8_t buf[5 * 32];
    hash_str(buf, domain_type);
    hash_str(buf + 32, ZKI_ATTEST_DOMAIN_NAME);
    hash_str(buf + 64, ZKI_ATTEST_DOMAIN_VERSION);
    memcpy(buf + 96, d->chain_id, 32);
    put_address(buf + 128, d->verifying_contract);
    zki_keccak256(out, buf, sizeof buf);
}

void zki_attest_struct_hash(uint8_t out[32], const zki_attestation *a) {
    uint8_t buf[6 * 32];
    hash_str(buf, attest_type);
    put_address(buf + 32, a->borrower);
    memcpy(buf + 64, a->input_hash, 32);
    memcpy(buf + 96, a->vk_digest, 32);
    memcpy(buf + 128, a->nonce, 32);
    memcpy(buf + 160, a->expiry, 32);
    zki_keccak256(out, buf, sizeof buf);
}

void zki_attest_digest(uint8_t out[32], const zki_attest_domain *d, const zki_attestation *a) {
    uint8_t buf[2 + 64];
    buf[0] = 0x19;
    buf[1] = 0x01;
    zki_attest_domain_separator(buf + 2, d);
    zki_attest_struct_hash(buf + 34, a);
    zki_keccak256(out, buf, sizeof buf);
}
