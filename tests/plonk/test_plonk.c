/* The PLONKish prover and full verifier end to end: completeness on circuits of several
 * sizes with gates across rows, copies across columns (and to public inputs) and lookups
 * (with repeated and unused table rows); soundness: a wrong witness is caught by the
 * mock prover and, proved anyway, rejected; every word of a proof tampered with is
 * rejected; changed public inputs and another circuit's VK are rejected; non-canonical
 * scalars and off-curve points are reported as such; the VK survives encode/decode. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "lagrange.h"
#include "mock.h"
#include "prove.h"
#include "test.h"

/* The circuit is the library's example circuit (prover/plonk/example.h): a multi-row
 * gate, a 1- and a 2-column lookup with repeated and unused table rows, copies across
 * columns and to two public inputs. */
typedef struct {
    zki_cs cs;
    zki_fr *adv;
    zki_fr pub[2];
    uint32_t npub[1];
} circuit;

static int build_circuit(circuit *c, uint32_t log_n, int variant) {
    return zki_example_circuit(&c->cs, &c->adv, c->pub, c->npub, log_n, variant, zt_rand_u64()) == ZKI_OK;
}

static void free_circuit(circuit *c) {
    zki_cs_free(&c->cs);
    free(c->adv);
}

static zki_status mock(const circuit *c, zki_mock_failure *f) {
    size_t n = c->cs.n;
    zki_fr *inst = calloc(n, sizeof(zki_fr));
    inst[0] = c->pub[0];
    inst[1] = c->pub[1];
    zki_witness w = {c->adv, inst, NULL};
    zki_status st = zki_mock_prove(&c->cs, &w, f);
    free(inst);
    return st;
}

/* Deterministic "randomness" for reproducible proofs in tests. */
static int test_rng(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    zt_rand_bytes(out, len);
    return 1;
}

static zki_srs *test_srs(unsigned log_n) {
    static zki_srs srs[32];
    static int have[32];
    if (!have[log_n]) {
        if (zki_srs_dev(&srs[log_n], log_n, (const uint8_t *)"zkinfer tests", 13) != ZKI_OK) return NULL;
        have[log_n] = 1;
    }
    return &srs[log_n];
}

/* The Lagrange basis of test_srs's τ on the domain of size 2^log_n, by the fast
 * development path: zki_keygen would derive it by a G1 inverse NTT (seconds at 2^16);
 * tests/pcs/test_lagrange.c checks that both give the same keys. */
static const zki_g1_aff *test_lagrange(unsigned log_n) {
    static zki_g1_aff *lag[32];
    if (!lag[log_n]) {
        lag[log_n] = malloc(((size_t)1 << log_n) * sizeof(zki_g1_aff));
        if (!lag[log_n] || zki_srs_dev_lagrange(lag[log_n], log_n, (const uint8_t *)"zkinfer tests", 13) != ZKI_OK) {
            free(lag[log_n]);
            lag[log_n] = NULL;
        }
    }
    return lag[log_n];
}

typedef struct {
    circuit c;
    zki_pk pk;
    uint8_t *proof;
    size_t len;
} fixture;

static int setup(fixture *F, uint32_t log_n, int variant) {
    memset(F, 0, sizeof *F);
    if (!build_circuit(&F->c, log_n, variant)) return 0;
    zki_srs *srs = test_srs(log_n + 1);
    if (!srs) return 0;
    const zki_g1_aff *lag = test_lagrange(log_n);
    if (!lag || zki_keygen_ex(&F->pk, &F->c.cs, F->c.npub, srs, lag, 0) != ZKI_OK) return 0;
    F->len = zki_plonk_proof_size(&F->pk.vk.L, &F->pk.vk.cs);
    F->proof = malloc(F->len);
    return F->proof && zki_prove(&F->pk, F->c.adv, F->c.pub, F->proof, F->len, test_rng, NULL, 0) == ZKI_OK;
}

static void teardown(fixture *F) {
    free_circuit(&F->c);
    zki_pk_free(&F->pk);
    free(F->proof);
}

static void check_sizes(uint32_t log_n) {
    fixture F;
    REQUIRE(setup(&F, log_n, 0));
    zki_mock_failure f;
    CHECK(mock(&F.c, &f) == ZKI_OK);
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, F.proof, F.len) == ZKI_OK);
    teardown(&F);
}

CASE(plonk_completeness_small_sizes) {
    for (uint32_t k = 4; k <= 8; k++) check_sizes(k);
}

CASE(plonk_completeness_2e12) {
    if (zt_iters(10) < 10) return; /* sanitizer runs: the smaller sizes suffice */
    check_sizes(12);
}

CASE(plonk_completeness_2e16) {
    if (zt_iters(10) < 10) return; /* sanitizer runs: the smaller sizes suffice */
    check_sizes(16);
}

CASE(plonk_proofs_use_fresh_randomness) {
    /* the same witness proved twice with the OS generator: every advice commitment
     * differs (blinding rows are random) and both proofs verify */
    fixture F;
    REQUIRE(setup(&F, 5, 0));
    uint8_t *p2 = malloc(F.len);
    REQUIRE(p2);
    REQUIRE(zki_prove(&F.pk, F.c.adv, F.c.pub, F.proof, F.len, NULL, NULL, 1) == ZKI_OK);
    REQUIRE(zki_prove(&F.pk, F.c.adv, F.c.pub, p2, F.len, NULL, NULL, 2) == ZKI_OK);
    for (uint32_t j = 0; j < F.c.cs.n_advice; j++) CHECK(memcmp(F.proof + 64 * j, p2 + 64 * j, 64) != 0);
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, F.proof, F.len) == ZKI_OK);
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, p2, F.len) == ZKI_OK);
    free(p2);
    teardown(&F);
}

CASE(plonk_proof_bytes_do_not_depend_on_threads) {
    /* the evaluations (queries over threads) and the opening combination (coefficients
     * over threads) are split differently for 1, 2, 3 and 8 threads: same bytes */
    fixture F;
    REQUIRE(setup(&F, 6, 1));
    uint8_t *p = malloc(F.len);
    REQUIRE(p);
    zt_ctr_rng r0 = {7};
    REQUIRE(zki_prove(&F.pk, F.c.adv, F.c.pub, F.proof, F.len, zt_ctr_rng_fn, &r0, 1) == ZKI_OK);
    unsigned threads[3] = {2, 3, 8};
    for (int i = 0; i < 3; i++) {
        zt_ctr_rng r = {7};
        REQUIRE(zki_prove(&F.pk, F.c.adv, F.c.pub, p, F.len, zt_ctr_rng_fn, &r, threads[i]) == ZKI_OK);
        CHECK(memcmp(p, F.proof, F.len) == 0);
    }
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, F.proof, F.len) == ZKI_OK);
    free(p);
    teardown(&F);
}

CASE(plonk_quotient_is_not_a_query_and_the_size_formula) {
    /* v2 layout: no query of a quotient chunk, ζ (rotation 0) always an opening point,
     * t_vpow = the queries at ζ, and the proof size from the parts of PROTOCOL.md §6 */
    for (int variant = 0; variant < 2; variant++) {
        circuit c;
        REQUIRE(build_circuit(&c, 5, variant));
        zki_plonk_layout L;
        REQUIRE(zki_plonk_layout_init(&L, &c.cs, c.npub) == ZKI_OK);
        uint32_t at0 = 0;
        for (uint32_t q = 0; q < L.n_queries; q++) {
            CHECK(L.queries[q].kind != ZKI_P_T);
            at0 += L.queries[q].rot == 0;
        }
        CHECK(L.t_vpow == at0);
        CHECK(zki_plonk_point_index(&L, 0) >= 0);
        CHECK(L.n_t == L.degree - 1);
        size_t comm = (size_t)c.cs.n_advice + 2 * (size_t)c.cs.n_lookups + L.n_z + L.n_t + L.n_points;
        CHECK_EQ_INT(zki_plonk_proof_size(&L, &c.cs), 64 * comm + 32 * (size_t)L.n_queries);
        /* a v1 proof had one more evaluation per chunk */
        CHECK(zki_plonk_is_v1_proof_size(&L, &c.cs, zki_plonk_proof_size(&L, &c.cs) + 32 * (size_t)L.n_t));
        CHECK(!zki_plonk_is_v1_proof_size(&L, &c.cs, zki_plonk_proof_size(&L, &c.cs)));
        zki_plonk_layout_free(&L);
        free_circuit(&c);
    }
}

CASE(plonk_derived_quotient_mismatch_rejected) {
    /* the quotient's value is derived from the other evaluations: a changed evaluation
     * (still canonical) or a changed quotient commitment (still on the curve) makes the
     * opening of Σ ζ^(n·i)·T'_i fail; a v1-length proof is refused for its size */
    fixture F;
    REQUIRE(setup(&F, 5, 0));
    const zki_plonk_layout *L = &F.pk.vk.L;
    size_t t0 = 64 * ((size_t)F.c.cs.n_advice + 2 * (size_t)F.c.cs.n_lookups + L->n_z);
    size_t ev = t0 + 64 * (size_t)L->n_t;
    uint8_t *bad = malloc(F.len + 32 * (size_t)L->n_t);
    REQUIRE(bad);
    zki_fr one, e;
    zki_fr_set_one(&one);
    for (uint32_t q = 0; q < L->n_queries; q += L->n_queries - 1) { /* first and last */
        memcpy(bad, F.proof, F.len);
        REQUIRE(zki_fr_from_bytes(&e, bad + ev + 32 * q) == ZKI_OK);
        zki_fr_add(&e, &e, &one);
        zki_fr_to_bytes(bad + ev + 32 * q, &e);
        CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, bad, F.len) == ZKI_REJECT);
    }
    for (uint32_t i = 0; i < L->n_t; i++) { /* T'_i replaced by the generator */
        memcpy(bad, F.proof, F.len);
        zki_g1_aff_to_bytes(bad + t0 + 64 * i, &F.pk.vk.g1);
        CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, bad, F.len) == ZKI_REJECT);
    }
    if (L->n_t >= 2) { /* two chunks swapped: same points, other weights ζ^(n·i) */
        memcpy(bad, F.proof, F.len);
        memcpy(bad + t0, F.proof + t0 + 64, 64);
        memcpy(bad + t0 + 64, F.proof + t0, 64);
        CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, bad, F.len) == ZKI_REJECT);
    }
    /* a v1-shaped proof: the chunks' evaluations where v1 had them (zero words) */
    memcpy(bad, F.proof, F.len - 64 * (size_t)L->n_points);
    memset(bad + F.len - 64 * (size_t)L->n_points, 0, 32 * (size_t)L->n_t);
    memcpy(bad + F.len - 64 * (size_t)L->n_points + 32 * (size_t)L->n_t, F.proof + F.len - 64 * (size_t)L->n_points,
           64 * (size_t)L->n_points);
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, bad, F.len + 32 * (size_t)L->n_t) == ZKI_ERR_SIZE);
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, F.proof, F.len) == ZKI_OK);
    free(bad);
    teardown(&F);
}

CASE(plonk_wrong_witness_caught_by_mock_and_rejected) {
    /* three ways to break the witness, each proved with the prover's checks off */
    for (int kind = 0; kind < 3; kind++) {
        fixture F;
        REQUIRE(setup(&F, 6, 0));
        size_t n = F.c.cs.n;
        zki_fr one;
        zki_fr_set_one(&one);
        if (kind == 0) zki_fr_add(&F.c.adv[3 * n + 5], &F.c.adv[3 * n + 5], &one); /* gate mac at row 4 */
        if (kind == 1) { /* out of range, with the mac gate on row 9 kept satisfied */
            zki_fr_set_u64(&F.c.adv[0 * n + 9], 1000);
            zki_fr_mul(&F.c.adv[3 * n + 10], &F.c.adv[0 * n + 9], &F.c.adv[1 * n + 9]);
            zki_fr_add(&F.c.adv[3 * n + 10], &F.c.adv[3 * n + 10], &F.c.adv[2 * n + 9]);
        }
        if (kind == 2) zki_fr_add(&F.c.adv[2 * n + 4], &F.c.adv[2 * n + 4], &one); /* breaks copy a2[4]=a3[3] */
        if (kind == 2) zki_fr_add(&F.c.adv[3 * n + 5], &F.c.adv[3 * n + 5], &one); /* keep mac at row 4 */
        zki_mock_failure f;
        CHECK(mock(&F.c, &f) == ZKI_REJECT);
        CHECK(f.kind == (kind == 0 ? ZKI_MOCK_GATE : kind == 1 ? ZKI_MOCK_LOOKUP : ZKI_MOCK_COPY));
        if (kind == 0) CHECK(f.row == 4);
        if (kind == 1) CHECK(f.row == 9);
        /* the checked prover refuses (a gate alone: its check at ζ, since with D = 5 the
         * quotient's degree has no room to show it); the unchecked one's proof is rejected */
        zki_status st = zki_prove(&F.pk, F.c.adv, F.c.pub, F.proof, F.len, test_rng, NULL, 0);
        CHECK(st == ZKI_ERR_ARG);
        REQUIRE(zki_prove_ex(&F.pk, F.c.adv, F.c.pub, F.proof, F.len, test_rng, NULL, 0, ZKI_PROVE_UNCHECKED) == ZKI_OK);
        CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, F.proof, F.len) == ZKI_REJECT);
        teardown(&F);
    }
}

CASE(plonk_every_proof_word_tampered_is_rejected) {
    fixture F;
    REQUIRE(setup(&F, 4, 0));
    uint8_t *bad = malloc(F.len);
    REQUIRE(bad);
    size_t words = F.len / 32, rejected = 0;
    for (size_t w = 0; w < words; w++) {
        memcpy(bad, F.proof, F.len);
        size_t byte = w * 32 + zt_rand_u64() % 32;
        bad[byte] ^= (uint8_t)(1u << (zt_rand_u64() % 8));
        zki_status st = zki_verify(&F.pk.vk, F.c.pub, 2, bad, F.len);
        if (st != ZKI_OK) rejected++;
        else zt_fail(__FILE__, __LINE__, "a tampered proof word was accepted");
    }
    CHECK(rejected == words);
    /* every byte of the first commitment and the first evaluation */
    for (size_t b = 0; b < 96; b++) {
        memcpy(bad, F.proof, F.len);
        bad[b] ^= 0x01;
        CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, bad, F.len) != ZKI_OK);
    }
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, F.proof, F.len) == ZKI_OK);
    /* wrong lengths */
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, F.proof, F.len - 1) == ZKI_ERR_SIZE);
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, F.proof, F.len - 32) == ZKI_ERR_SIZE);
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 1, F.proof, F.len) == ZKI_ERR_SIZE);
    free(bad);
    teardown(&F);
}

CASE(plonk_malformed_words_get_their_own_status) {
    fixture F;
    REQUIRE(setup(&F, 4, 0));
    uint8_t *bad = malloc(F.len);
    REQUIRE(bad);
    const zki_plonk_layout *L = &F.pk.vk.L;
    size_t n_comm = F.c.cs.n_advice + 2 * F.c.cs.n_lookups + L->n_z + L->n_t;
    /* an evaluation replaced by r (non-canonical) */
    memcpy(bad, F.proof, F.len);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) bad[n_comm * 64 + (3 - i) * 8 + j] = (uint8_t)(zki_fr_modulus[i] >> (56 - 8 * j));
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, bad, F.len) == ZKI_ERR_NONCANONICAL);
    /* a commitment moved off the curve */
    memcpy(bad, F.proof, F.len);
    bad[63] ^= 1;
    CHECK(zki_verify(&F.pk.vk, F.c.pub, 2, bad, F.len) == ZKI_ERR_NOT_ON_CURVE);
    /* a public input given as bytes >= r */
    uint8_t pub[64];
    memset(pub, 0xff, sizeof pub);
    CHECK(zki_verify_bytes(&F.pk.vk, pub, 2, F.proof, F.len) == ZKI_ERR_NONCANONICAL);
    zki_fr_to_bytes(pub, &F.c.pub[0]);
    zki_fr_to_bytes(pub + 32, &F.c.pub[1]);
    CHECK(zki_verify_bytes(&F.pk.vk, pub, 2, F.proof, F.len) == ZKI_OK);
    free(bad);
    teardown(&F);
}

CASE(plonk_changed_public_inputs_and_other_vk_rejected) {
    fixture F, G;
    REQUIRE(setup(&F, 5, 0));
    REQUIRE(setup(&G, 5, 1));
    zki_fr pub[2] = {F.c.pub[0], F.c.pub[1]}, one;
    zki_fr_set_one(&one);
    for (int i = 0; i < 2; i++) {
        pub[i] = F.c.pub[i];
        zki_fr_add(&pub[i], &pub[i], &one);
        CHECK(zki_verify(&F.pk.vk, pub, 2, F.proof, F.len) == ZKI_REJECT);
        pub[i] = F.c.pub[i];
    }
    /* same shape, different fixed column: the other VK rejects this proof and vice versa */
    REQUIRE(F.len == G.len);
    CHECK(memcmp(F.pk.vk.digest, G.pk.vk.digest, 32) != 0);
    CHECK(zki_verify(&G.pk.vk, F.c.pub, 2, F.proof, F.len) == ZKI_REJECT);
    CHECK(zki_verify(&F.pk.vk, G.c.pub, 2, G.proof, G.len) == ZKI_REJECT);
    CHECK(zki_verify(&G.pk.vk, G.c.pub, 2, G.proof, G.len) == ZKI_OK);
    teardown(&F);
    teardown(&G);
}

CASE(plonk_vk_round_trip_and_corruptions) {
    fixture F;
    REQUIRE(setup(&F, 4, 0));
    size_t len = 0;
    REQUIRE(zki_vk_encode(&F.pk.vk, NULL, 0, &len) == ZKI_OK);
    uint8_t *buf = malloc(len), *bad = malloc(len);
    REQUIRE(buf && bad);
    REQUIRE(zki_vk_encode(&F.pk.vk, buf, len, &len) == ZKI_OK);
    CHECK(zki_vk_encode(&F.pk.vk, buf, len - 1, &len) == ZKI_ERR_BUFFER);
    zki_vk vk;
    REQUIRE(zki_vk_decode(&vk, buf, len) == ZKI_OK);
    CHECK(memcmp(vk.digest, F.pk.vk.digest, 32) == 0);
    CHECK(zki_verify(&vk, F.c.pub, 2, F.proof, F.len) == ZKI_OK);
    zki_vk_free(&vk);
    /* every truncation and a flip in each 8-byte block is refused, never accepted */
    for (size_t cut = 0; cut < len; cut += 1 + len / 97) CHECK(zki_vk_decode(&vk, buf, cut) != ZKI_OK);
    for (size_t b = 0; b < len; b += 8) {
        memcpy(bad, buf, len);
        bad[b] ^= 0x10;
        zki_status st = zki_vk_decode(&vk, bad, len);
        CHECK(st != ZKI_OK);
        if (st == ZKI_OK) zki_vk_free(&vk);
    }
    memcpy(bad, buf, len);
    bad[8] = 4; /* version: 1, 2 and 3 exist */
    CHECK(zki_vk_decode(&vk, bad, len) == ZKI_ERR_VERSION);
    bad[8] = 3; /* a version-1 body read as version 3 */
    CHECK(zki_vk_decode(&vk, bad, len) != ZKI_OK);
    bad[8] = 2; /* a version-1 body read as version 2 (digest unchanged: fails either way) */
    CHECK(zki_vk_decode(&vk, bad, len) != ZKI_OK);
    free(buf);
    free(bad);
    teardown(&F);
}

CASE(plonk_vk_json_view) {
    fixture F;
    REQUIRE(setup(&F, 4, 0));
    char *txt = zki_vk_to_json(&F.pk.vk);
    REQUIRE(txt);
    json_object *o = json_tokener_parse(txt);
    REQUIRE(o);
    json_object *v;
    CHECK(json_object_object_get_ex(o, "rows", &v) && json_object_get_int(v) == 16);
    CHECK(json_object_object_get_ex(o, "degree", &v) && json_object_get_int(v) == (int)F.pk.vk.L.degree);
    CHECK(json_object_object_get_ex(o, "proof_bytes", &v) && (size_t)json_object_get_int64(v) == F.len);
    CHECK(json_object_object_get_ex(o, "advice_columns", &v) && json_object_get_int(v) == 5);
    CHECK(json_object_object_get_ex(o, "gates", &v) && json_object_array_length(v) == 1);
    json_object *g0 = json_object_array_get_idx(v, 0), *e;
    CHECK(json_object_object_get_ex(g0, "expr", &e) &&
          !strcmp(json_object_get_string(e), "(f0*(((a0*a1) + a2) - a3[+1]))"));
    CHECK(json_object_object_get_ex(o, "lookups", &v) && json_object_array_length(v) == 2);
    CHECK(json_object_object_get_ex(o, "equality_columns", &v) && json_object_array_length(v) == 4);
    CHECK(json_object_object_get_ex(o, "digest", &v));
    char want[67] = "0x";
    for (int i = 0; i < 32; i++) snprintf(want + 2 + 2 * i, 3, "%02x", F.pk.vk.digest[i]);
    CHECK(!strcmp(json_object_get_string(v), want));
    json_object_put(o);
    free(txt);
    teardown(&F);
}

CASE(plonk_layout_refuses_too_many_advice_rotations) {
    /* an advice column read at 5 rotations: its 5 blinding rows could not hide 5
     * openings plus the commitment, so key generation must refuse the circuit */
    zki_cs cs;
    REQUIRE(zki_cs_init(&cs, 5, 1, 1, 0) == ZKI_OK);
    zki_expr q = zki_cs_cell(&cs, ZKI_COL_FIXED, 0, 0), sum = zki_cs_cell(&cs, ZKI_COL_ADVICE, 0, 0);
    for (int r = 1; r < 5; r++) sum = zki_cs_add(&cs, sum, zki_cs_cell(&cs, ZKI_COL_ADVICE, 0, r));
    zki_cs_gate(&cs, "wide", zki_cs_mul(&cs, q, sum));
    zki_plonk_layout L;
    CHECK(zki_plonk_layout_init(&L, &cs, NULL) == ZKI_ERR_ARG);
    zki_pk pk;
    CHECK(zki_keygen(&pk, &cs, NULL, test_srs(6), 0) == ZKI_ERR_ARG);
    zki_cs_free(&cs);
    /* four rotations are fine */
    REQUIRE(zki_cs_init(&cs, 5, 1, 1, 0) == ZKI_OK);
    q = zki_cs_cell(&cs, ZKI_COL_FIXED, 0, 0);
    sum = zki_cs_cell(&cs, ZKI_COL_ADVICE, 0, 0);
    for (int r = 1; r < 4; r++) sum = zki_cs_add(&cs, sum, zki_cs_cell(&cs, ZKI_COL_ADVICE, 0, r));
    zki_cs_gate(&cs, "ok", zki_cs_mul(&cs, q, sum));
    CHECK(zki_plonk_layout_init(&L, &cs, NULL) == ZKI_OK);
    zki_plonk_layout_free(&L);
    zki_cs_free(&cs);
}

CASE(plonk_equality_columns_are_always_opened) {
    /* an equality-enabled fixed column that no gate reads: enable_equality adds the
     * rotation-0 node that makes its value a query, and a description without it (as a
     * crafted VK could carry) is refused */
    zki_cs cs;
    REQUIRE(zki_cs_init(&cs, 4, 1, 2, 0) == ZKI_OK);
    zki_expr q = zki_cs_cell(&cs, ZKI_COL_FIXED, 0, 0), a = zki_cs_cell(&cs, ZKI_COL_ADVICE, 0, 0);
    zki_cs_gate(&cs, "g", zki_cs_mul(&cs, q, a));
    uint32_t before = cs.n_nodes;
    REQUIRE(zki_cs_enable_equality(&cs, ZKI_COL_FIXED, 1) == ZKI_OK);
    CHECK(cs.n_nodes == before + 1);
    zki_plonk_layout L;
    REQUIRE(zki_plonk_layout_init(&L, &cs, NULL) == ZKI_OK);
    CHECK(zki_plonk_query_index(&L, ZKI_P_FIXED, 1, 0) >= 0);
    zki_plonk_layout_free(&L);
    cs.nodes[cs.n_nodes - 1].a = 0; /* the node now reads column 0: column 1 is unread */
    CHECK(zki_plonk_layout_init(&L, &cs, NULL) == ZKI_ERR_ARG);
    zki_cs_free(&cs);
}
