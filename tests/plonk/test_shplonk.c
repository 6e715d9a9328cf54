/* The SHPLONK opening (zkinfer-plonk-v3, docs/PROTOCOL.md §4.7) end to end, on the
 * example circuit's three variants (variant 2 with late columns) and pack limits 1, 2,
 * 3 and 256: proofs verify and have the layout's size; the VK (version 3) round-trips,
 * serves zki_keygen_prover, and its packs of one are the GWC commitments; every proof
 * word, commitment, evaluation, W, W', public input and pack commitment tampered with
 * is rejected; a witness failing a gate, a lookup or a copy is refused by the prover
 * and, proved anyway, rejected; the bytes do not depend on the thread count; a small
 * SRS and malformed version-3 VKs are refused; the sparse division is exact. */
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "keccak.h"
#include "lagrange.h"
#include "mock.h"
#include "prove.h"
#include "shplonk.h"
#include "test.h"
#include "srs_cache.h"

static zki_srs *srs_for(unsigned log_n) { return zt_srs_cached(log_n, "zkinfer shplonk"); }

/* The Lagrange basis of srs_for's τ on 2^log_n points (the development fast path). */
static const zki_g1_aff *lagrange_for(unsigned log_n) {
    static zki_g1_aff *lag[32];
    if (!lag[log_n]) {
        lag[log_n] = malloc(((size_t)1 << log_n) * sizeof(zki_g1_aff));
        if (!lag[log_n] || zki_srs_dev_lagrange(lag[log_n], log_n, (const uint8_t *)"zkinfer shplonk", 15) != ZKI_OK) {
            free(lag[log_n]);
            lag[log_n] = NULL;
        }
    }
    return lag[log_n];
}

/* The smallest SRS (a power of two) holding zki_plonk_srs_need's powers. */
static unsigned srs_log(const zki_cs *cs, const uint32_t *npub) {
    zki_plonk_layout L;
    if (zki_plonk_layout_init(&L, cs, npub) != ZKI_OK) return 0;
    size_t need = zki_plonk_srs_need(&L);
    zki_plonk_layout_free(&L);
    unsigned lg = 0;
    while (((size_t)1 << lg) < need) lg++;
    return lg;
}

typedef struct {
    zki_cs cs;
    zki_fr *adv;
    zki_fr pub[2];
    uint32_t npub[1];
    int variant;
    zki_pk pk;
    uint8_t *proof;
    size_t len;
} fixture;

static zki_status prove(fixture *F, uint8_t *out, zki_rng_fn rng, void *rng_ctx, unsigned threads, unsigned flags) {
    return zki_prove_late(&F->pk, F->adv, F->variant == 2 ? zki_example_late : NULL, &F->pk.vk.cs, F->pub, out,
                          F->len, rng, rng_ctx, threads, flags);
}

/* Builds the example circuit with pack limit P and its keys; proves unless prove_it is 0. */
static int setup(fixture *F, uint32_t log_n, int variant, uint32_t P, int prove_it) {
    memset(F, 0, sizeof *F);
    F->variant = variant;
    if (zki_example_circuit(&F->cs, &F->adv, F->pub, F->npub, log_n, variant, zt_rand_u64()) != ZKI_OK) return 0;
    if (zki_cs_set_shplonk(&F->cs, P) != ZKI_OK) return 0;
    zki_srs *srs = srs_for(srs_log(&F->cs, F->npub));
    const zki_g1_aff *lag = lagrange_for(log_n);
    if (!srs || !lag || zki_keygen_ex(&F->pk, &F->cs, F->npub, srs, lag, 0) != ZKI_OK) return 0;
    F->len = zki_plonk_proof_size(&F->pk.vk.L, &F->pk.vk.cs);
    F->proof = malloc(F->len);
    return F->proof && (!prove_it || prove(F, F->proof, zt_rng, NULL, 0, 0) == ZKI_OK);
}

static void teardown(fixture *F) {
    zki_cs_free(&F->cs);
    free(F->adv);
    zki_pk_free(&F->pk);
    free(F->proof);
}

static zki_status verify(const fixture *F, const zki_vk *vk, const uint8_t *proof) {
    return zki_verify(vk, F->pub, 2, proof, F->len);
}

static uint8_t *encode_vk(const zki_vk *vk, size_t *len) {
    *len = 0;
    zki_vk_encode(vk, NULL, 0, len);
    uint8_t *b = malloc(*len);
    if (b && zki_vk_encode(vk, b, *len, len) != ZKI_OK) {
        free(b);
        return NULL;
    }
    return b;
}

/* Offsets in a version-3 VK: magic 8, version 4, 11 counts, A_late, n_c, then P. */
enum { VK_VERSION_AT = 8, VK_LATE_AT = 56, VK_NC_AT = 60, VK_P_AT = 64 };

static void put_u32le(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* The witness packs of L (§4.7) against their definition: every advice, m, z and φ in
 * exactly one pack, in the order S1, S2, S3; at most P members and 4 rotations
 * (ascending) a pack; each member queried at exactly its pack's rotations; the opened
 * ones (nonempty set) among L->opens in the order S1/S2, preprocessed, S3, T. */
static void check_witness_packs(const zki_plonk_layout *L, const zki_cs *cs, uint32_t P) {
    uint32_t n_wit = cs->n_advice + 2 * cs->n_lookups + L->n_z, members = 0, wq = 0, tmax = 0;
    CHECK_EQ_INT(L->wpack_seq_end[2], L->n_wpacks);
    CHECK(L->wpack_seq_end[0] <= L->wpack_seq_end[1] && L->wpack_seq_end[1] <= L->n_wpacks);
    CHECK(cs->n_advice_late ? L->wpack_seq_end[1] > L->wpack_seq_end[0] : L->wpack_seq_end[1] == L->wpack_seq_end[0]);
    for (uint32_t w = 0; w < L->n_wpacks; w++) {
        const zki_plonk_open *o = &L->wpacks[w];
        const int32_t *R = &L->open_rots[o->rot_first];
        CHECK(o->kind == ZKI_P_WPACK && o->index == w && o->t >= 1 && o->t <= P && o->n_rot <= 4);
        if (o->t > tmax) tmax = o->t;
        for (uint32_t k = 1; k < o->n_rot; k++) CHECK(R[k - 1] < R[k]);
        for (uint32_t m = 0; m < o->t; m++) {
            const zki_plonk_member *pm = &L->pack_members[o->member_first + m];
            unsigned seq = pm->kind == ZKI_P_Z || pm->kind == ZKI_P_PHI ? 2
                           : pm->kind == ZKI_P_ADVICE && pm->index < cs->n_advice - cs->n_advice_late ? 0
                           : pm->kind == ZKI_P_M && !cs->n_advice_late ? 0 : 1;
            CHECK(w >= (seq ? L->wpack_seq_end[seq - 1] : 0) && w < L->wpack_seq_end[seq]);
            for (uint32_t k = 0; k < o->n_rot; k++) CHECK(zki_plonk_query_index(L, pm->kind, pm->index, R[k]) >= 0);
            members++;
            wq += o->n_rot;
        }
    }
    CHECK_EQ_INT(members, n_wit);
    uint32_t have = 0; /* the witness polynomials' queries are exactly their packs' rotations */
    for (uint32_t q = 0; q < L->n_queries; q++) have += L->queries[q].kind != ZKI_P_FIXED && L->queries[q].kind != ZKI_P_SIGMA;
    CHECK_EQ_INT(have, wq);
    if (P == 1) {
        CHECK_EQ_INT(L->n_wpacks, n_wit);
        CHECK_EQ_INT(L->n_queries, L->n_queries_gwc);
    }
    CHECK(L->pack_max_t >= tmax);
    /* the opening order: S1/S2 packs with a set, the preprocessed packs, S3's, T */
    uint32_t i = 0;
    for (uint32_t w = 0; w < L->n_wpacks; w++) {
        if (w == L->wpack_seq_end[1])
            for (uint32_t g = 0; g < L->n_packs; g++, i++) CHECK(L->opens[i].kind == ZKI_P_PACK && L->opens[i].index == g);
        if (L->wpacks[w].n_rot) {
            CHECK(L->opens[i].kind == ZKI_P_WPACK && L->opens[i].index == w);
            i++;
        }
    }
    if (L->wpack_seq_end[1] == L->n_wpacks) i += L->n_packs;
    CHECK(i + 1 == L->n_opens && L->opens[i].kind == ZKI_P_T);
}

CASE(shplonk_proves_and_verifies_every_pack_limit_and_variant) {
    static const uint32_t packs[4] = {1, 2, 3, 256};
    for (int variant = 0; variant < 3; variant++)
        for (int p = 0; p < 4; p++) {
            fixture F;
            REQUIRE(setup(&F, 5, variant, packs[p], 1));
            const zki_plonk_layout *L = &F.pk.vk.L;
            const zki_cs *cs = &F.pk.vk.cs;
            CHECK(verify(&F, &F.pk.vk, F.proof) == ZKI_OK);
            /* §4.7: one commitment per witness pack, one [T], [W], [W'] instead of D − 1
             * chunks and one witness per point */
            size_t comm = (size_t)L->n_wpacks + 3;
            CHECK_EQ_INT(F.len, 64 * comm + 32 * (size_t)L->n_queries);
            check_witness_packs(L, cs, packs[p]);
            /* every preprocessed polynomial of the example is read at rotation 0 only: one
             * group, cut into packs of at most P */
            uint32_t pre = cs->n_fixed + cs->n_perm_cols;
            CHECK_EQ_INT(L->n_packs, (pre + packs[p] - 1) / packs[p]);
            CHECK(L->pack_max_t >= (packs[p] < pre ? packs[p] : pre) && L->pack_max_t <= packs[p]);
            /* packs of all: the early advice and m; the late advice and m (variant 2);
             * z and φ (their rotations -6, 0, 1) */
            if (packs[p] == 256) CHECK_EQ_INT(L->n_wpacks, variant == 2 ? 3 : 2);
            /* the VK is version 3, round-trips byte for byte and verifies after decoding */
            size_t vlen;
            uint8_t *vb = encode_vk(&F.pk.vk, &vlen);
            REQUIRE(vb);
            CHECK(vb[VK_VERSION_AT] == 3);
            CHECK(vb[VK_P_AT] == (uint8_t)packs[p] && vb[VK_P_AT + 1] == (uint8_t)(packs[p] >> 8));
            zki_vk vk;
            REQUIRE(zki_vk_decode(&vk, vb, vlen) == ZKI_OK);
            size_t vlen2;
            uint8_t *vb2 = encode_vk(&vk, &vlen2);
            CHECK(vb2 && vlen2 == vlen && memcmp(vb, vb2, vlen) == 0);
            CHECK(verify(&F, &vk, F.proof) == ZKI_OK);
            zki_vk_free(&vk);
            free(vb2);
            free(vb);
            teardown(&F);
        }
}

CASE(shplonk_prover_keys_from_the_vk_and_a_larger_size) {
    /* zki_keygen_prover (the prove command's path) takes the version-3 VK and keeps the
     * SRS powers SHPLONK needs; a proof from those keys verifies (2^7, variant 2) */
    fixture F;
    REQUIRE(setup(&F, 7, 2, 2, 0));
    size_t vlen;
    uint8_t *vb = encode_vk(&F.pk.vk, &vlen), dig[32];
    REQUIRE(vb);
    zki_pk_circuit_digest(&F.pk, dig);
    zki_pk pk2;
    REQUIRE(zki_keygen_prover(&pk2, &F.cs, F.npub, srs_for(srs_log(&F.cs, F.npub)), lagrange_for(7), vb, vlen, dig, 0) ==
            ZKI_OK);
    CHECK(memcmp(pk2.vk.digest, F.pk.vk.digest, 32) == 0);
    uint8_t *p = malloc(F.len);
    REQUIRE(p);
    REQUIRE(zki_prove_late(&pk2, F.adv, zki_example_late, &pk2.vk.cs, F.pub, p, F.len, zt_rng, NULL, 0, 0) == ZKI_OK);
    CHECK(verify(&F, &F.pk.vk, p) == ZKI_OK);
    /* the same circuit with another pack limit is another VK */
    zki_pk pk3;
    REQUIRE(zki_cs_set_shplonk(&F.cs, 3) == ZKI_OK);
    CHECK(zki_keygen_prover(&pk3, &F.cs, F.npub, srs_for(srs_log(&F.cs, F.npub)), lagrange_for(7), vb, vlen, dig, 0) ==
          ZKI_ERR_ARG);
    free(p);
    free(vb);
    zki_pk_free(&pk2);
    teardown(&F);
}

CASE(shplonk_packs_of_one_are_the_gwc_commitments) {
    /* F_g = Q_0 when t = 1: with P = 1 each pack commitment is the GWC VK's fixed or σ
     * commitment of its member (one built from values, the other from coefficients) */
    fixture F, G;
    uint64_t seed = zt_rand_u64();
    memset(&G, 0, sizeof G);
    REQUIRE(zki_example_circuit(&G.cs, &G.adv, G.pub, G.npub, 5, 0, seed) == ZKI_OK);
    REQUIRE(zki_keygen_ex(&G.pk, &G.cs, G.npub, srs_for(6), lagrange_for(5), 0) == ZKI_OK);
    REQUIRE(setup(&F, 5, 0, 1, 0));
    const zki_plonk_layout *L = &F.pk.vk.L;
    CHECK(F.pk.vk.fixed_comm == NULL && F.pk.vk.sigma_comm == NULL && G.pk.vk.pack_comm == NULL);
    for (uint32_t i = 0; i < L->n_opens; i++) {
        const zki_plonk_open *o = &L->opens[i];
        if (o->kind != ZKI_P_PACK) continue;
        const zki_plonk_member *m = &L->pack_members[o->member_first];
        const zki_g1_aff *want = m->kind == ZKI_P_FIXED ? &G.pk.vk.fixed_comm[m->index] : &G.pk.vk.sigma_comm[m->index];
        uint8_t a[64], b[64];
        zki_g1_aff_to_bytes(a, &F.pk.vk.pack_comm[o->index]);
        zki_g1_aff_to_bytes(b, want);
        CHECK(memcmp(a, b, 64) == 0);
    }
    teardown(&F);
    teardown(&G);
}

CASE(shplonk_every_proof_word_tampered_is_rejected) {
    fixture F;
    REQUIRE(setup(&F, 4, 2, 3, 1));
    uint8_t *bad = malloc(F.len);
    REQUIRE(bad);
    size_t words = F.len / 32;
    for (size_t w = 0; w < words; w++) {
        memcpy(bad, F.proof, F.len);
        bad[w * 32 + zt_rand_u64() % 32] ^= (uint8_t)(1u << (zt_rand_u64() % 8));
        if (verify(&F, &F.pk.vk, bad) == ZKI_OK) zt_fail(__FILE__, __LINE__, "a tampered proof word was accepted");
    }
    free(bad);
    teardown(&F);
}

CASE(shplonk_commitments_evaluations_and_witnesses_replaced_are_rejected) {
    /* well-formed replacements (a point on the curve, a canonical scalar): each is
     * caught by the pairing check, not by decoding */
    fixture F;
    REQUIRE(setup(&F, 5, 2, 2, 1));
    const zki_plonk_layout *L = &F.pk.vk.L;
    size_t n_comm = (size_t)L->n_wpacks + 1; /* the witness packs, [T] */
    /* packs of two add queries (members at their partner's rotations): each of those
     * extra evaluations is bound by the opening like the others */
    CHECK(L->n_queries > L->n_queries_gwc);
    size_t ev = 64 * n_comm, w = ev + 32 * (size_t)L->n_queries;
    uint8_t *bad = malloc(F.len);
    REQUIRE(bad);
    zki_g1 g2;
    zki_g1_aff two;
    zki_g1_from_aff(&g2, &F.pk.vk.g1);
    zki_g1_add(&g2, &g2, &g2);
    zki_g1_to_aff(&two, &g2);
    for (size_t k = 0; k < n_comm + 2; k++) { /* every commitment, [T], [W], [W'] */
        size_t at = k < n_comm ? 64 * k : w + 64 * (k - n_comm);
        memcpy(bad, F.proof, F.len);
        zki_g1_aff_to_bytes(bad + at, memcmp(bad + at, (uint8_t[64]){0}, 64) ? &F.pk.vk.g1 : &two);
        CHECK(verify(&F, &F.pk.vk, bad) == ZKI_REJECT);
    }
    zki_fr one, e;
    zki_fr_set_one(&one);
    for (uint32_t q = 0; q < L->n_queries; q++) {
        memcpy(bad, F.proof, F.len);
        REQUIRE(zki_fr_from_bytes(&e, bad + ev + 32 * q) == ZKI_OK);
        zki_fr_add(&e, &e, &one);
        zki_fr_to_bytes(bad + ev + 32 * q, &e);
        CHECK(verify(&F, &F.pk.vk, bad) == ZKI_REJECT);
    }
    /* [W] and [W'] swapped */
    memcpy(bad, F.proof, F.len);
    memcpy(bad + w, F.proof + w + 64, 64);
    memcpy(bad + w + 64, F.proof + w, 64);
    CHECK(verify(&F, &F.pk.vk, bad) == ZKI_REJECT);
    CHECK(verify(&F, &F.pk.vk, F.proof) == ZKI_OK);
    free(bad);
    teardown(&F);
}

CASE(shplonk_public_inputs_pack_commitments_and_the_other_scheme) {
    fixture F;
    REQUIRE(setup(&F, 5, 0, 1, 1));
    zki_fr one, keep = F.pub[1];
    zki_fr_set_one(&one);
    zki_fr_add(&F.pub[1], &F.pub[1], &one);
    CHECK(verify(&F, &F.pk.vk, F.proof) == ZKI_REJECT);
    F.pub[1] = keep;
    /* two pack commitments of the VK swapped, or one replaced */
    zki_vk *vk = &F.pk.vk;
    REQUIRE(vk->L.n_packs >= 2);
    zki_g1_aff a = vk->pack_comm[0];
    vk->pack_comm[0] = vk->pack_comm[1];
    vk->pack_comm[1] = a;
    CHECK(verify(&F, vk, F.proof) == ZKI_REJECT);
    vk->pack_comm[1] = vk->pack_comm[0];
    vk->pack_comm[0] = a;
    CHECK(verify(&F, vk, F.proof) == ZKI_OK);
    for (uint32_t g = 0; g < vk->L.n_packs; g++) {
        a = vk->pack_comm[g];
        vk->pack_comm[g] = vk->g1;
        CHECK(verify(&F, vk, F.proof) == ZKI_REJECT);
        vk->pack_comm[g] = a;
    }
    /* a GWC (v2) proof of the same circuit has another size for this VK, and the other
     * way round: refused for the size, named by zki_plonk_is_other_scheme_proof_size */
    fixture G;
    memset(&G, 0, sizeof G);
    REQUIRE(zki_example_circuit(&G.cs, &G.adv, G.pub, G.npub, 5, 0, 1) == ZKI_OK);
    REQUIRE(zki_keygen_ex(&G.pk, &G.cs, G.npub, srs_for(6), lagrange_for(5), 0) == ZKI_OK);
    G.len = zki_plonk_proof_size(&G.pk.vk.L, &G.pk.vk.cs);
    CHECK(G.len != F.len);
    CHECK(zki_plonk_is_other_scheme_proof_size(&F.pk.vk.L, &F.pk.vk.cs, G.len));
    CHECK(zki_plonk_is_other_scheme_proof_size(&G.pk.vk.L, &G.pk.vk.cs, F.len));
    CHECK(!zki_plonk_is_other_scheme_proof_size(&F.pk.vk.L, &F.pk.vk.cs, F.len));
    CHECK(!zki_plonk_is_v1_proof_size(&F.pk.vk.L, &F.pk.vk.cs, F.len + 32 * (size_t)F.pk.vk.L.n_t));
    CHECK(zki_verify(&G.pk.vk, G.pub, 2, F.proof, F.len) == ZKI_ERR_SIZE);
    teardown(&G);
    teardown(&F);
}

CASE(shplonk_wrong_witness_refused_and_rejected) {
    /* the three breaks of test_plonk.c (a gate, a lookup, a copy), P = 3 */
    for (int kind = 0; kind < 3; kind++) {
        fixture F;
        REQUIRE(setup(&F, 6, 0, 3, 0));
        size_t n = F.cs.n;
        zki_fr one;
        zki_fr_set_one(&one);
        if (kind == 0) zki_fr_add(&F.adv[3 * n + 5], &F.adv[3 * n + 5], &one); /* gate mac at row 4 */
        if (kind == 1) {                                                     /* 1000 is not in the table */
            zki_fr_set_u64(&F.adv[0 * n + 9], 1000);
            zki_fr_mul(&F.adv[3 * n + 10], &F.adv[0 * n + 9], &F.adv[1 * n + 9]);
            zki_fr_add(&F.adv[3 * n + 10], &F.adv[3 * n + 10], &F.adv[2 * n + 9]);
        }
        if (kind == 2) { /* the copy a2[4] = a3[3] broken, the mac gate at row 4 kept */
            zki_fr_add(&F.adv[2 * n + 4], &F.adv[2 * n + 4], &one);
            zki_fr_add(&F.adv[3 * n + 5], &F.adv[3 * n + 5], &one);
        }
        CHECK(prove(&F, F.proof, zt_rng, NULL, 0, 0) == ZKI_ERR_ARG);
        REQUIRE(prove(&F, F.proof, zt_rng, NULL, 0, ZKI_PROVE_UNCHECKED) == ZKI_OK);
        CHECK(verify(&F, &F.pk.vk, F.proof) == ZKI_REJECT);
        teardown(&F);
    }
}

CASE(shplonk_proof_bytes_do_not_depend_on_threads) {
    fixture F;
    REQUIRE(setup(&F, 6, 2, 3, 0));
    uint8_t *p = malloc(F.len);
    REQUIRE(p);
    zt_ctr_rng r0 = {11};
    REQUIRE(prove(&F, F.proof, zt_ctr_rng_fn, &r0, 1, 0) == ZKI_OK);
    unsigned threads[2] = {2, 3};
    for (int i = 0; i < 2; i++) {
        zt_ctr_rng r = {11};
        REQUIRE(prove(&F, p, zt_ctr_rng_fn, &r, threads[i], 0) == ZKI_OK);
        CHECK(memcmp(p, F.proof, F.len) == 0);
    }
    CHECK(verify(&F, &F.pk.vk, F.proof) == ZKI_OK);
    free(p);
    teardown(&F);
}

CASE(shplonk_srs_too_small_is_refused) {
    /* the example has D = 5: [T] alone needs 4n + 1 powers; 4n are too few (GWC: n + 1) */
    zki_cs cs;
    zki_fr *adv, pub[2];
    uint32_t npub[1];
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, 5, 0, 3) == ZKI_OK);
    REQUIRE(zki_cs_set_shplonk(&cs, 2) == ZKI_OK);
    zki_plonk_layout L;
    REQUIRE(zki_plonk_layout_init(&L, &cs, npub) == ZKI_OK);
    CHECK_EQ_INT(zki_plonk_srs_need(&L), 4 * 32 + 1);
    zki_plonk_layout_free(&L);
    zki_pk pk;
    CHECK(zki_keygen_ex(&pk, &cs, npub, srs_for(7), lagrange_for(5), 0) == ZKI_ERR_SIZE);
    REQUIRE(zki_keygen_ex(&pk, &cs, npub, srs_for(8), lagrange_for(5), 0) == ZKI_OK);
    zki_pk_free(&pk);
    REQUIRE(zki_cs_set_shplonk(&cs, 0) == ZKI_OK);
    REQUIRE(zki_keygen_ex(&pk, &cs, npub, srs_for(6), lagrange_for(5), 0) == ZKI_OK);
    zki_pk_free(&pk);
    CHECK(zki_cs_set_shplonk(&cs, ZKI_CS_MAX_PACK + 1) == ZKI_ERR_ARG);
    zki_cs_free(&cs);
    free(adv);
}

/* Re-hashes a changed VK so that only the change is wrong, not the digest. */
static void rehash(uint8_t *vb, size_t len) { zki_keccak256(vb + len - 32, vb, len - 32); }

CASE(shplonk_vk_version_3_malformed) {
    fixture F;
    REQUIRE(setup(&F, 4, 0, 2, 0));
    size_t len;
    uint8_t *vb = encode_vk(&F.pk.vk, &len), *bad = malloc(len + 64);
    REQUIRE(vb && bad);
    zki_vk vk;
    /* P out of range */
    uint32_t bad_p[2] = {0, ZKI_CS_MAX_PACK + 1};
    for (int i = 0; i < 2; i++) {
        memcpy(bad, vb, len);
        put_u32le(bad + VK_P_AT, bad_p[i]);
        rehash(bad, len);
        CHECK(zki_vk_decode(&vk, bad, len) == ZKI_ERR_ENCODING);
    }
    /* another valid P: another number of packs than the bytes hold (the points after
     * them are then read at the wrong offsets) */
    uint32_t other_p[2] = {1, 256};
    for (int i = 0; i < 2; i++) {
        memcpy(bad, vb, len);
        put_u32le(bad + VK_P_AT, other_p[i]);
        rehash(bad, len);
        CHECK(zki_vk_decode(&vk, bad, len) != ZKI_OK);
    }
    /* one pack commitment fewer (the last removed), or one point more before the digest */
    size_t last = len - 32 - 320 - 64;
    memcpy(bad, vb, last);
    memcpy(bad + last, vb + last + 64, 320 + 32);
    rehash(bad, len - 64);
    CHECK(zki_vk_decode(&vk, bad, len - 64) != ZKI_OK);
    memcpy(bad, vb, len - 32);
    memcpy(bad + len - 32, vb + last, 64);
    rehash(bad, len + 64);
    CHECK(zki_vk_decode(&vk, bad, len + 64) == ZKI_ERR_SIZE);
    /* late counts: one zero without the other, more late columns than advice */
    uint32_t lc[3][2] = {{1, 0}, {0, 1}, {99, 1}};
    for (int i = 0; i < 3; i++) {
        memcpy(bad, vb, len);
        put_u32le(bad + VK_LATE_AT, lc[i][0]);
        put_u32le(bad + VK_NC_AT, lc[i][1]);
        rehash(bad, len);
        CHECK(zki_vk_decode(&vk, bad, len) == ZKI_ERR_ENCODING);
    }
    /* a pack commitment off the curve; the first pack commitment starts after the
     * description, 64·n_packs + 64 + 256 + 32 bytes before the end */
    size_t pk0 = len - 32 - 320 - 64 * (size_t)F.pk.vk.L.n_packs;
    memcpy(bad, vb, len);
    bad[pk0 + 63] ^= 1;
    rehash(bad, len);
    CHECK(zki_vk_decode(&vk, bad, len) == ZKI_ERR_NOT_ON_CURVE);
    /* the digest */
    memcpy(bad, vb, len);
    bad[len - 1] ^= 1;
    CHECK(zki_vk_decode(&vk, bad, len) == ZKI_ERR_ENCODING);
    /* every truncation */
    for (size_t cut = 0; cut < len; cut += 1 + len / 61) CHECK(zki_vk_decode(&vk, vb, cut) != ZKI_OK);
    REQUIRE(zki_vk_decode(&vk, vb, len) == ZKI_OK);
    zki_vk_free(&vk);
    /* the JSON view names the proof system and the packs, and no fixed commitments */
    char *js = zki_vk_to_json(&F.pk.vk);
    REQUIRE(js);
    CHECK(strstr(js, ZKI_PLONK_LABEL_V3) != NULL);
    CHECK(strstr(js, "\"packs\"") != NULL && strstr(js, "\"members\"") != NULL);
    CHECK(strstr(js, "fixed_commitments") == NULL);
    free(js);
    free(vb);
    free(bad);
    teardown(&F);
}

CASE(shplonk_division_is_exact) {
    /* c = q·(X^t − a) + r for random c, a and t = 1, 2, 3, 5 */
    enum { LEN = 23 };
    for (uint32_t t = 1; t <= 5; t += t < 3 ? 1 : 2) {
        zki_fr c[LEN], d[LEN], a, back[LEN], s;
        for (int i = 0; i < LEN; i++) zki_fr_set_u64(&c[i], zt_rand_u64());
        zki_fr_set_u64(&a, zt_rand_u64());
        memcpy(d, c, sizeof c);
        zki_shplonk_div(d, LEN, t, &a);
        /* back = r + q·X^t − a·q, with q = d[t..], r = d[0..t) */
        for (int i = 0; i < LEN; i++) zki_fr_set_zero(&back[i]);
        for (uint32_t i = 0; i < t; i++) back[i] = d[i];
        for (uint32_t j = 0; j + t < LEN; j++) {
            zki_fr_add(&back[j + t], &back[j + t], &d[j + t]);
            zki_fr_mul(&s, &a, &d[j + t]);
            zki_fr_sub(&back[j], &back[j], &s);
        }
        for (int i = 0; i < LEN; i++) CHECK(zki_fr_eq(&back[i], &c[i]));
    }
}

CASE(shplonk_layout_refuses_rotations_naming_one_point) {
    /* at n = 8, rotations 0 and 8 of one column are the same point ζ: GWC opens it twice,
     * SHPLONK's vanishing polynomial would have a double root */
    zki_cs cs;
    REQUIRE(zki_cs_init(&cs, 3, 1, 1, 0) == ZKI_OK);
    zki_expr q = zki_cs_cell(&cs, ZKI_COL_FIXED, 0, 0);
    zki_expr d = zki_cs_sub(&cs, zki_cs_cell(&cs, ZKI_COL_ADVICE, 0, 0), zki_cs_cell(&cs, ZKI_COL_ADVICE, 0, 8));
    REQUIRE(zki_cs_gate(&cs, "g", zki_cs_mul(&cs, q, d)) == ZKI_OK);
    zki_plonk_layout L;
    REQUIRE(zki_plonk_layout_init(&L, &cs, NULL) == ZKI_OK);
    zki_plonk_layout_free(&L);
    REQUIRE(zki_cs_set_shplonk(&cs, 1) == ZKI_OK);
    CHECK(zki_plonk_layout_init(&L, &cs, NULL) == ZKI_ERR_ARG);
    zki_cs_free(&cs);
}

CASE(shplonk_packs_opened_at_two_rotations) {
    /* fixed f1, f2 read at rotations 0 and 1 (one group {0, 1}), q and σ at 0: packs of
     * t = 2 opened at two points (the CRT remainder with t > 1), for P = 1, 2, 3;
     * a changed claimed value of f2 at ω·ζ is rejected */
    for (uint32_t P = 1; P <= 3; P++) {
        zki_cs cs;
        REQUIRE(zki_cs_init(&cs, 5, 2, 3, 0) == ZKI_OK);
        zki_expr q = zki_cs_cell(&cs, ZKI_COL_FIXED, 0, 0);
        for (uint32_t j = 0; j < 2; j++) {
            zki_expr f = zki_cs_add(&cs, zki_cs_cell(&cs, ZKI_COL_FIXED, 1 + j, 0), zki_cs_cell(&cs, ZKI_COL_FIXED, 1 + j, 1));
            REQUIRE(zki_cs_gate(&cs, "sum", zki_cs_mul(&cs, q, zki_cs_sub(&cs, zki_cs_cell(&cs, ZKI_COL_ADVICE, j, 0), f))) ==
                    ZKI_OK);
        }
        REQUIRE(zki_cs_enable_equality(&cs, ZKI_COL_ADVICE, 0) == ZKI_OK);
        REQUIRE(zki_cs_set_shplonk(&cs, P) == ZKI_OK);
        size_t n = cs.n, u = zki_cs_usable_rows(&cs);
        zki_fr one, v, *adv = calloc(2 * n, sizeof(zki_fr));
        REQUIRE(adv);
        zki_fr_set_one(&one);
        for (uint32_t r = 0; r < u; r++) {
            if (r + 1 < u) REQUIRE(zki_cs_set_fixed(&cs, 0, r, &one) == ZKI_OK);
            for (uint32_t j = 1; j <= 2; j++) {
                zki_fr_set_u64(&v, zt_rand_u64() % 1000);
                REQUIRE(zki_cs_set_fixed(&cs, j, r, &v) == ZKI_OK);
            }
        }
        for (uint32_t j = 0; j < 2; j++)
            for (size_t r = 0; r + 1 < u; r++)
                zki_fr_add(&adv[j * n + r], &cs.fixed[(1 + j) * n + r], &cs.fixed[(1 + j) * n + r + 1]);
        zki_mock_failure f;
        zki_witness w = {adv, NULL, NULL};
        CHECK(zki_mock_prove(&cs, &w, &f) == ZKI_OK);
        zki_pk pk;
        uint32_t np[1] = {0};
        REQUIRE(zki_keygen_ex(&pk, &cs, np, srs_for(srs_log(&cs, np)), lagrange_for(5), 0) == ZKI_OK);
        const zki_plonk_layout *L = &pk.vk.L;
        int two = 0;
        for (uint32_t i = 0; i < L->n_opens; i++) two |= L->opens[i].kind == ZKI_P_PACK && L->opens[i].n_rot == 2 &&
                                                           L->opens[i].t == (P >= 2 ? 2 : 1);
        CHECK(two);
        size_t len = zki_plonk_proof_size(L, &pk.vk.cs);
        uint8_t *proof = malloc(len);
        REQUIRE(proof);
        REQUIRE(zki_prove(&pk, adv, NULL, proof, len, zt_rng, NULL, 0) == ZKI_OK);
        CHECK(zki_verify(&pk.vk, NULL, 0, proof, len) == ZKI_OK);
        int qi = zki_plonk_query_index(L, ZKI_P_FIXED, 2, 1);
        REQUIRE(qi >= 0);
        size_t at = 64 * ((size_t)L->n_wpacks + 1) + 32 * (size_t)qi;
        zki_fr e;
        REQUIRE(zki_fr_from_bytes(&e, proof + at) == ZKI_OK);
        zki_fr_add(&e, &e, &one);
        zki_fr_to_bytes(proof + at, &e);
        CHECK(zki_verify(&pk.vk, NULL, 0, proof, len) == ZKI_REJECT);
        free(proof);
        zki_pk_free(&pk);
        free(adv);
        zki_cs_free(&cs);
    }
}

CASE(shplonk_witness_packs_of_one_are_the_gwc_commitments) {
    /* with P = 1 every witness pack is its polynomial: from the same witness and the same
     * random blinding, the round-1 commitments (advice, then m) of a v3 proof are those
     * of the GWC proof, in the same order (later rounds differ: the challenges follow the
     * VK digest and the label) */
    fixture F, G;
    uint64_t seed = zt_rand_u64();
    memset(&G, 0, sizeof G);
    REQUIRE(zki_example_circuit(&G.cs, &G.adv, G.pub, G.npub, 5, 0, seed) == ZKI_OK);
    REQUIRE(zki_keygen_ex(&G.pk, &G.cs, G.npub, srs_for(6), lagrange_for(5), 0) == ZKI_OK);
    G.len = zki_plonk_proof_size(&G.pk.vk.L, &G.pk.vk.cs);
    G.proof = malloc(G.len);
    memset(&F, 0, sizeof F);
    REQUIRE(zki_example_circuit(&F.cs, &F.adv, F.pub, F.npub, 5, 0, seed) == ZKI_OK);
    REQUIRE(zki_cs_set_shplonk(&F.cs, 1) == ZKI_OK);
    REQUIRE(zki_keygen_ex(&F.pk, &F.cs, F.npub, srs_for(srs_log(&F.cs, F.npub)), lagrange_for(5), 0) == ZKI_OK);
    F.len = zki_plonk_proof_size(&F.pk.vk.L, &F.pk.vk.cs);
    F.proof = malloc(F.len);
    REQUIRE(F.proof && G.proof);
    zt_ctr_rng r1 = {5}, r2 = {5};
    REQUIRE(prove(&F, F.proof, zt_ctr_rng_fn, &r1, 0, 0) == ZKI_OK);
    REQUIRE(prove(&G, G.proof, zt_ctr_rng_fn, &r2, 0, 0) == ZKI_OK);
    CHECK(verify(&F, &F.pk.vk, F.proof) == ZKI_OK && verify(&G, &G.pk.vk, G.proof) == ZKI_OK);
    const zki_cs *cs = &F.pk.vk.cs;
    size_t round1 = (size_t)cs->n_advice + cs->n_lookups;
    CHECK_EQ_INT(F.pk.vk.L.wpack_seq_end[0], round1);
    CHECK(memcmp(F.proof, G.proof, 64 * round1) == 0);
    teardown(&F);
    teardown(&G);
}

/* a0 read at rotations {0, 1, 2}, a1 at {−2, −1, 0}, a2 at {0}: the gates
 * q·(a0 + a0(ω) + a0(ω²) − a1 − a1(ω⁻¹) − a1(ω⁻²)) and q·(a2 − a0), q = 1 on rows
 * 2 .. u−3, satisfied by a1[r] = a0[r + 2] and a2 = a0. */
static int split_circuit(zki_cs *cs, zki_fr **adv, uint32_t P) {
    if (zki_cs_init(cs, 5, 3, 1, 0) != ZKI_OK) return 0;
    zki_expr q = zki_cs_cell(cs, ZKI_COL_FIXED, 0, 0), s0 = zki_cs_cell(cs, ZKI_COL_ADVICE, 0, 0);
    zki_expr s1 = zki_cs_cell(cs, ZKI_COL_ADVICE, 1, 0);
    for (int32_t r = 1; r <= 2; r++) {
        s0 = zki_cs_add(cs, s0, zki_cs_cell(cs, ZKI_COL_ADVICE, 0, r));
        s1 = zki_cs_add(cs, s1, zki_cs_cell(cs, ZKI_COL_ADVICE, 1, -r));
    }
    zki_expr d2 = zki_cs_sub(cs, zki_cs_cell(cs, ZKI_COL_ADVICE, 2, 0), zki_cs_cell(cs, ZKI_COL_ADVICE, 0, 0));
    if (zki_cs_gate(cs, "sums", zki_cs_mul(cs, q, zki_cs_sub(cs, s0, s1))) != ZKI_OK ||
        zki_cs_gate(cs, "copy", zki_cs_mul(cs, q, d2)) != ZKI_OK || zki_cs_set_shplonk(cs, P) != ZKI_OK)
        return 0;
    size_t n = cs->n, u = zki_cs_usable_rows(cs);
    zki_fr one;
    zki_fr_set_one(&one);
    *adv = calloc(3 * n, sizeof(zki_fr));
    if (!*adv) return 0;
    for (size_t r = 0; r < u; r++) {
        zki_fr_set_u64(&(*adv)[r], zt_rand_u64() % 1000);
        (*adv)[2 * n + r] = (*adv)[r];
        if (r >= 2 && r + 3 <= u && zki_cs_set_fixed(cs, 0, (uint32_t)r, &one) != ZKI_OK) return 0;
    }
    for (size_t r = 0; r + 2 < u; r++) (*adv)[n + r] = (*adv)[r + 2];
    return 1;
}

CASE(shplonk_witness_pack_split_by_the_rotation_bound) {
    /* a0 ∪ a1 would have 5 rotations: a new pack starts with a1 even for P = 256, and a2
     * joins it (its {0} adds none); a2 is then queried at −2 and −1 as well. Proofs
     * verify for P = 1, 2, 256; an added evaluation (a2 at −2) changed is rejected. */
    static const uint32_t packs[3] = {1, 2, 256};
    for (int p = 0; p < 3; p++) {
        zki_cs cs;
        zki_fr *adv = NULL;
        REQUIRE(split_circuit(&cs, &adv, packs[p]));
        zki_mock_failure f;
        zki_witness wit = {adv, NULL, NULL};
        CHECK(zki_mock_prove(&cs, &wit, &f) == ZKI_OK);
        zki_pk pk;
        uint32_t np[1] = {0};
        REQUIRE(zki_keygen_ex(&pk, &cs, np, srs_for(srs_log(&cs, np)), lagrange_for(5), 0) == ZKI_OK);
        const zki_plonk_layout *L = &pk.vk.L;
        check_witness_packs(L, &pk.vk.cs, packs[p]);
        CHECK_EQ_INT(L->n_wpacks, packs[p] == 1 ? 3 : 2);
        CHECK_EQ_INT(L->wpacks[0].t, 1);
        CHECK_EQ_INT(L->wpacks[0].n_rot, 3);
        if (packs[p] > 1) {
            CHECK(L->wpacks[1].t == 2 && L->wpacks[1].n_rot == 3 && L->open_rots[L->wpacks[1].rot_first] == -2);
            CHECK(zki_plonk_query_index(L, ZKI_P_ADVICE, 2, -2) >= 0);
        } else {
            CHECK(zki_plonk_query_index(L, ZKI_P_ADVICE, 2, -2) < 0);
        }
        size_t len = zki_plonk_proof_size(L, &pk.vk.cs);
        CHECK_EQ_INT(len, 64 * ((size_t)L->n_wpacks + 3) + 32 * (size_t)L->n_queries);
        uint8_t *proof = malloc(len);
        REQUIRE(proof);
        REQUIRE(zki_prove(&pk, adv, NULL, proof, len, zt_rng, NULL, 0) == ZKI_OK);
        CHECK(zki_verify(&pk.vk, NULL, 0, proof, len) == ZKI_OK);
        int qi = zki_plonk_query_index(L, ZKI_P_ADVICE, 2, packs[p] > 1 ? -2 : 0);
        REQUIRE(qi >= 0);
        size_t at = 64 * ((size_t)L->n_wpacks + 1) + 32 * (size_t)qi;
        zki_fr e, one;
        zki_fr_set_one(&one);
        REQUIRE(zki_fr_from_bytes(&e, proof + at) == ZKI_OK);
        zki_fr_add(&e, &e, &one);
        zki_fr_to_bytes(proof + at, &e);
        CHECK(zki_verify(&pk.vk, NULL, 0, proof, len) == ZKI_REJECT);
        free(proof);
        zki_pk_free(&pk);
        free(adv);
        zki_cs_free(&cs);
    }
}
