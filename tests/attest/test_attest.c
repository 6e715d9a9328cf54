/* Attestations (prover/attest): the EIP-712 digest and the signature pinned against
 * ethers 6.17 (TypedDataEncoder, Wallet.signTypedData: deterministic RFC 6979, so the
 * bytes must match), sign/recover round trips, and every malformed signature form. */
#include <string.h>

#include "eip712.h"
#include "gate_abi.h"
#include "secp.h"
#include "test.h"

static void unhex(uint8_t *out, const char *s, size_t n) {
    if (s[0] == '0' && s[1] == 'x') s += 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        for (int k = 0; k < 2; k++) {
            char c = s[2 * i + (size_t)k];
            v = v << 4 | (unsigned)(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10);
        }
        out[i] = (uint8_t)v;
    }
}

static void be_u64(uint8_t out[32], uint64_t v) {
    memset(out, 0, 32);
    for (int i = 0; i < 8; i++) out[31 - i] = (uint8_t)(v >> (8 * i));
}

/* The values tests/contracts/attest_ethers.mjs signs with ethers (hardhat's first
 * deployment address and second account as contract and borrower). */
static void sample(zki_attest_domain *d, zki_attestation *a, uint8_t key[32]) {
    be_u64(d->chain_id, 31337);
    unhex(d->verifying_contract, "5FbDB2315678afecb367f032d93F642f64180aa3", 20);
    unhex(a->borrower, "70997970C51812dc3A010C7d01b50e0d17dc79C8", 20);
    unhex(a->input_hash, "2621a8179d2fac81ec7eb71e7ed445fd1b633f4553d5a46e22ddc92d508a34b2", 32);
    memset(a->vk_digest, 0x11, 32);
    be_u64(a->nonce, 7);
    be_u64(a->expiry, 1900000000);
    unhex(key, "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 32);
}

CASE(attest_digest_matches_ethers) {
    zki_attest_domain d;
    zki_attestation a;
    uint8_t key[32], got[32], want[32];
    sample(&d, &a, key);
    zki_attest_domain_separator(got, &d);
    unhex(want, "37a07267a4a0bf39d19d5b06d8b925f051ac75612dbeaaf096208b81fa24ff46", 32);
    CHECK(!memcmp(got, want, 32));
    zki_attest_struct_hash(got, &a);
    unhex(want, "721f7215a7538e10f145d775a5a176c8f67d24b70b75eeac3e4a989043c17374", 32);
    CHECK(!memcmp(got, want, 32));
    zki_attest_digest(got, &d, &a);
    unhex(want, "e10b5c4fd292192321bb6ef3793cb8de6327dd9c1b59d577683def155d36e51a", 32);
    CHECK(!memcmp(got, want, 32));
}

CASE(attest_signature_matches_ethers) {
    zki_attest_domain d;
    zki_attestation a;
    uint8_t key[32], digest[32], sig[65], want[65], addr[20], want_addr[20];
    sample(&d, &a, key);
    zki_attest_digest(digest, &d, &a);
    REQUIRE(zki_secp_sign(sig, digest, key) == ZKI_OK);
    unhex(want, "bcefb90cc39b9dcb8016aa6e82bdeb26cce89236e94870575a4d1f654f8babd9"
                "590f391844bd886db58aa013fa63e5d45b77fa701a0d86af45257f44d7d90aba1b", 65);
    CHECK(!memcmp(sig, want, 65));
    unhex(want_addr, "2c7536E3605D9C16a7a3D7b1898e529396a65c23", 20);
    REQUIRE(zki_secp_address(addr, key) == ZKI_OK);
    CHECK(!memcmp(addr, want_addr, 20));
    REQUIRE(zki_secp_recover(addr, digest, sig) == ZKI_OK);
    CHECK(!memcmp(addr, want_addr, 20));
}

/* secp256k1's order n, big-endian */
static const char order_hex[] = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

CASE(attest_sign_recover_roundtrip) {
    for (unsigned it = 0; it < zt_iters(20); it++) {
        uint8_t key[32], addr[20], rec[20], digest[32], sig[65];
        REQUIRE(zki_secp_keygen(key) == ZKI_OK);
        REQUIRE(zki_secp_address(addr, key) == ZKI_OK);
        zt_rand_bytes(digest, 32);
        REQUIRE(zki_secp_sign(sig, digest, key) == ZKI_OK);
        CHECK(sig[64] == 27 || sig[64] == 28);
        CHECK(sig[32] < 0x80); /* low s */
        REQUIRE(zki_secp_recover(rec, digest, sig) == ZKI_OK);
        CHECK(!memcmp(rec, addr, 20));
        /* another digest recovers another address (or none) */
        digest[zt_rand_u64() % 32] ^= (uint8_t)(1u << (zt_rand_u64() % 8));
        zki_status st = zki_secp_recover(rec, digest, sig);
        CHECK(st == ZKI_REJECT || (st == ZKI_OK && memcmp(rec, addr, 20)));
    }
}

CASE(attest_malformed_signatures) {
    zki_attest_domain d;
    zki_attestation a;
    uint8_t key[32], digest[32], sig[65], bad[65], addr[20], n[32];
    sample(&d, &a, key);
    zki_attest_digest(digest, &d, &a);
    REQUIRE(zki_secp_sign(sig, digest, key) == ZKI_OK);
    unhex(n, order_hex, 32);
    /* v outside {27, 28} */
    for (int v = 0; v < 256; v++) {
        if (v == 27 || v == 28) continue;
        memcpy(bad, sig, 65);
        bad[64] = (uint8_t)v;
        CHECK(zki_secp_recover(addr, digest, bad) == ZKI_ERR_ENCODING);
    }
    /* the malleable twin (r, n - s, v ^ 1) is refused */
    memcpy(bad, sig, 65);
    unsigned borrow = 0;
    for (int i = 31; i >= 0; i--) {
        unsigned v = (unsigned)n[i] - sig[32 + i] - borrow;
        bad[32 + i] = (uint8_t)v;
        borrow = (v >> 8) & 1;
    }
    bad[64] = (uint8_t)(sig[64] == 27 ? 28 : 27);
    CHECK(zki_secp_recover(addr, digest, bad) == ZKI_ERR_NONCANONICAL);
    /* r = 0, s = 0, r = n, s = n */
    memcpy(bad, sig, 65);
    memset(bad, 0, 32);
    CHECK(zki_secp_recover(addr, digest, bad) == ZKI_ERR_NONCANONICAL);
    memcpy(bad, sig, 65);
    memset(bad + 32, 0, 32);
    CHECK(zki_secp_recover(addr, digest, bad) == ZKI_ERR_NONCANONICAL);
    memcpy(bad, sig, 65);
    memcpy(bad, n, 32);
    CHECK(zki_secp_recover(addr, digest, bad) == ZKI_ERR_NONCANONICAL);
    memcpy(bad, sig, 65);
    memcpy(bad + 32, n, 32);
    CHECK(zki_secp_recover(addr, digest, bad) == ZKI_ERR_NONCANONICAL);
    /* invalid secret keys */
    uint8_t zero[32] = {0};
    CHECK(zki_secp_sign(bad, digest, zero) == ZKI_ERR_ARG);
    CHECK(zki_secp_sign(bad, digest, n) == ZKI_ERR_ARG);
    CHECK(zki_secp_address(addr, n) == ZKI_ERR_ARG);
}

/* Every field of the domain and the message changes the digest. */
CASE(attest_digest_binds_every_field) {
    zki_attest_domain d, d2;
    zki_attestation a, a2;
    uint8_t key[32], base[32], h[32];
    sample(&d, &a, key);
    zki_attest_digest(base, &d, &a);
    uint8_t *dfields[] = {d2.chain_id + 31, d2.verifying_contract + 19};
    for (int i = 0; i < 2; i++) {
        d2 = d;
        *dfields[i] ^= 1;
        zki_attest_digest(h, &d2, &a);
        CHECK(memcmp(h, base, 32) != 0);
    }
    uint8_t *afields[] = {a2.borrower, a2.input_hash, a2.vk_digest, a2.nonce + 31, a2.expiry + 31};
    for (int i = 0; i < 5; i++) {
        a2 = a;
        *afields[i] ^= 1;
        zki_attest_digest(h, &d, &a2);
        CHECK(memcmp(h, base, 32) != 0);
    }
}

/* requestCredit's calldata: the selector solc gives the gate (ethers' Interface agrees:
 * tests/contracts checks the CLI's bytes against its encoding), then the ABI layout. */
CASE(attest_gate_calldata_layout) {
    uint8_t sel[4], proof[70], pub[64], sig[65], out[1024];
    const uint8_t want_sel[4] = {0xae, 0xf1, 0x94, 0x76};
    zki_attest_domain d;
    zki_attestation a;
    uint8_t key[32];
    sample(&d, &a, key);
    for (size_t i = 0; i < sizeof proof; i++) proof[i] = (uint8_t)(i + 1);
    for (size_t i = 0; i < sizeof pub; i++) pub[i] = (uint8_t)(0x80 + i);
    for (size_t i = 0; i < sizeof sig; i++) sig[i] = (uint8_t)(0x40 + i);
    zki_gate_selector(sel);
    CHECK(!memcmp(sel, want_sel, 4));
    size_t n = zki_gate_calldata_size(sizeof proof, 2);
    /* selector, 8 head words, proof (32 + 96), inputs (32 + 64), signature (32 + 96) */
    CHECK_EQ_INT(n, 4 + 256 + 128 + 96 + 128);
    CHECK(n <= sizeof out);
    memset(out, 0xee, sizeof out);
    CHECK_EQ_INT(zki_gate_calldata(out, proof, sizeof proof, pub, 2, &a, sig), n);
    const uint8_t *h = out + 4;
    uint8_t w[32];
    CHECK(!memcmp(out, want_sel, 4));
    be_u64(w, 256);
    CHECK(!memcmp(h, w, 32)); /* proof's offset */
    be_u64(w, 256 + 128);
    CHECK(!memcmp(h + 32, w, 32)); /* inputs' offset */
    CHECK(!memcmp(h + 64 + 12, a.borrower, 20));
    for (int i = 0; i < 12; i++) CHECK(h[64 + i] == 0);
    CHECK(!memcmp(h + 96, a.input_hash, 32));
    CHECK(!memcmp(h + 128, a.vk_digest, 32));
    CHECK(!memcmp(h + 160, a.nonce, 32));
    CHECK(!memcmp(h + 192, a.expiry, 32));
    be_u64(w, 256 + 128 + 96);
    CHECK(!memcmp(h + 224, w, 32)); /* signature's offset */
    be_u64(w, sizeof proof);
    CHECK(!memcmp(h + 256, w, 32));
    CHECK(!memcmp(h + 288, proof, sizeof proof));
    for (size_t i = 288 + sizeof proof; i < 384; i++) CHECK(h[i] == 0); /* padding */
    be_u64(w, 2);
    CHECK(!memcmp(h + 384, w, 32));
    CHECK(!memcmp(h + 416, pub, 64));
    be_u64(w, 65);
    CHECK(!memcmp(h + 480, w, 32));
    CHECK(!memcmp(h + 512, sig, 65));
    for (size_t i = 512 + 65; i < n - 4; i++) CHECK(h[i] == 0);
    CHECK(out[n] == 0xee); /* nothing written past the end */
}
