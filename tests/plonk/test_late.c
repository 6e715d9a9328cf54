/* Late advice columns and challenges (docs/PROTOCOL.md §4.1, §4.4, §5): the example
 * circuit's variant 2 (two late columns filled from two challenges, challenge nodes in
 * gates and in a lookup input, a late column copied to an early cell) proves and
 * verifies; its VK is version 2 and round-trips; one-phase circuits keep version-1
 * VKs; late values computed for other challenges are caught by the mock prover, refused
 * by the prover and, proved anyway, rejected; every late and early commitment replaced
 * by another point is rejected; malformed version-2 VKs and descriptions are refused. */
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "keccak.h"
#include "mock.h"
#include "prove.h"
#include "test.h"
#include "srs_cache.h"

typedef struct {
    zki_cs cs;
    zki_fr *adv;
    zki_fr pub[2];
    uint32_t npub[1];
    zki_pk pk;
    uint8_t *proof;
    size_t len;
} late_fixture;

static zki_srs *srs_for(unsigned log_n) { return zt_srs_cached(log_n, "zkinfer late"); }

/* A late function that ignores the challenges: fills the late columns for fixed
 * challenges 3 and 5 (what a prover choosing values before the challenges would do). */
static zki_status late_fixed(void *ctx, const zki_fr *ch, zki_fr *A) {
    (void)ch;
    zki_fr c[2];
    zki_fr_set_u64(&c[0], 3);
    zki_fr_set_u64(&c[1], 5);
    return zki_example_late(ctx, c, A);
}

static zki_status late_fails(void *ctx, const zki_fr *ch, zki_fr *A) {
    (void)ctx;
    (void)ch;
    (void)A;
    return ZKI_ERR_IO;
}

static int setup(late_fixture *F, uint32_t log_n, zki_late_fn fn, unsigned flags) {
    memset(F, 0, sizeof *F);
    if (zki_example_circuit(&F->cs, &F->adv, F->pub, F->npub, log_n, 2, zt_rand_u64()) != ZKI_OK) return 0;
    zki_srs *srs = srs_for(log_n + 1);
    if (!srs || zki_keygen(&F->pk, &F->cs, F->npub, srs, 0) != ZKI_OK) return 0;
    F->len = zki_plonk_proof_size(&F->pk.vk.L, &F->pk.vk.cs);
    F->proof = malloc(F->len);
    return F->proof && zki_prove_late(&F->pk, F->adv, fn, &F->pk.vk.cs, F->pub, F->proof, F->len, zt_rng, NULL, 0,
                                      flags) == ZKI_OK;
}

static void teardown(late_fixture *F) {
    zki_cs_free(&F->cs);
    free(F->adv);
    zki_pk_free(&F->pk);
    free(F->proof);
}

CASE(late_columns_prove_and_verify) {
    for (uint32_t k = 5; k <= 7; k++) {
        late_fixture F;
        REQUIRE(setup(&F, k, zki_example_late, 0));
        CHECK(F.pk.vk.cs.n_advice_late == 2 && F.pk.vk.cs.n_challenges == 2);
        CHECK(zki_verify(&F.pk.vk, F.pub, 2, F.proof, F.len) == ZKI_OK);
        /* the public inputs still bind */
        zki_fr p2[2] = {F.pub[0], F.pub[1]};
        zki_fr_add(&p2[1], &p2[1], &p2[0]);
        CHECK(zki_verify(&F.pk.vk, p2, 2, F.proof, F.len) == ZKI_REJECT);
        teardown(&F);
    }
}

CASE(late_columns_need_a_late_function) {
    late_fixture F;
    REQUIRE(setup(&F, 5, zki_example_late, 0));
    /* zki_prove (no late function) refuses a circuit with late columns; an error of the
     * late function is returned as it is */
    CHECK(zki_prove(&F.pk, F.adv, F.pub, F.proof, F.len, zt_rng, NULL, 0) == ZKI_ERR_ARG);
    CHECK(zki_prove_late(&F.pk, F.adv, late_fails, NULL, F.pub, F.proof, F.len, zt_rng, NULL, 0, 0) == ZKI_ERR_IO);
    teardown(&F);
}

CASE(late_values_for_other_challenges_are_caught) {
    /* mock prover: values filled for challenges (3, 5) satisfy the constraints for
     * (3, 5) and fail them for (3, 6) */
    zki_cs cs;
    zki_fr *adv, pub[2];
    uint32_t npub[1];
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, 6, 2, zt_rand_u64()) == ZKI_OK);
    zki_fr ch[2];
    zki_fr_set_u64(&ch[0], 3);
    zki_fr_set_u64(&ch[1], 5);
    REQUIRE(zki_example_late(&cs, ch, adv) == ZKI_OK);
    zki_fr *inst = calloc(cs.n, sizeof(zki_fr));
    REQUIRE(inst);
    inst[0] = pub[0];
    inst[1] = pub[1];
    zki_witness w = {adv, inst, ch};
    zki_mock_failure f;
    CHECK(zki_mock_prove(&cs, &w, &f) == ZKI_OK);
    zki_fr_set_u64(&ch[1], 6);
    CHECK(zki_mock_prove(&cs, &w, &f) == ZKI_REJECT);
    CHECK(f.kind == ZKI_MOCK_GATE);
    zki_fr_set_u64(&ch[1], 5);
    zki_fr_set_u64(&ch[0], 4);
    CHECK(zki_mock_prove(&cs, &w, &f) == ZKI_REJECT);
    /* no challenges given for a circuit that has them */
    zki_witness w0 = {adv, inst, NULL};
    CHECK(zki_mock_prove(&cs, &w0, &f) == ZKI_ERR_ARG);
    free(inst);
    free(adv);
    zki_cs_free(&cs);

    /* the real prover refuses values that ignore the transcript's challenges; proved
     * anyway (unchecked), every verifier must reject the proof */
    late_fixture F;
    memset(&F, 0, sizeof F);
    CHECK(!setup(&F, 5, late_fixed, 0));
    teardown(&F);
    REQUIRE(setup(&F, 5, late_fixed, ZKI_PROVE_UNCHECKED));
    CHECK(zki_verify(&F.pk.vk, F.pub, 2, F.proof, F.len) == ZKI_REJECT);
    teardown(&F);
}

CASE(late_commitments_replaced_are_rejected) {
    /* each advice commitment (early a0..a4 and late a5, a6) replaced by another
     * commitment of the same proof (a valid point): reject */
    late_fixture F;
    REQUIRE(setup(&F, 5, zki_example_late, 0));
    uint8_t *bad = malloc(F.len);
    REQUIRE(bad);
    uint32_t na = F.pk.vk.cs.n_advice;
    for (uint32_t j = 0; j < na; j++) {
        memcpy(bad, F.proof, F.len);
        memcpy(bad + 64 * j, F.proof + 64 * ((j + 1) % na), 64);
        CHECK(zki_verify(&F.pk.vk, F.pub, 2, bad, F.len) == ZKI_REJECT);
    }
    /* swapping the two late commitments */
    memcpy(bad, F.proof, F.len);
    memcpy(bad + 64 * 5, F.proof + 64 * 6, 64);
    memcpy(bad + 64 * 6, F.proof + 64 * 5, 64);
    CHECK(zki_verify(&F.pk.vk, F.pub, 2, bad, F.len) == ZKI_REJECT);
    free(bad);
    teardown(&F);
}

/* Re-digests an edited VK so that only the edit differs. */
static void redigest(uint8_t *vk, size_t len) { zki_keccak256(vk + len - 32, vk, len - 32); }

CASE(late_vk_version_2_round_trip_and_malformed) {
    late_fixture F;
    REQUIRE(setup(&F, 5, zki_example_late, 0));
    size_t len = 0;
    zki_vk_encode(&F.pk.vk, NULL, 0, &len);
    uint8_t *b = malloc(len), *e = malloc(len);
    REQUIRE(b && e);
    REQUIRE(zki_vk_encode(&F.pk.vk, b, len, &len) == ZKI_OK);
    CHECK(b[8] == 2 && b[9] == 0);
    /* the two counts follow the eleven */
    CHECK(b[56] == 2 && b[60] == 2);
    zki_vk vk;
    REQUIRE(zki_vk_decode(&vk, b, len) == ZKI_OK);
    CHECK(vk.cs.n_advice_late == 2 && vk.cs.n_challenges == 2);
    CHECK(memcmp(vk.digest, F.pk.vk.digest, 32) == 0);
    CHECK(zki_verify(&vk, F.pub, 2, F.proof, F.len) == ZKI_OK);
    zki_vk_free(&vk);

    /* counts out of range, each re-digested */
    static const struct {
        size_t off;
        uint8_t v;
    } edits[] = {{56, 0}, {56, 8}, {60, 0}, {60, 5}};
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        memcpy(e, b, len);
        e[edits[i].off] = edits[i].v;
        redigest(e, len);
        CHECK(zki_vk_decode(&vk, e, len) == ZKI_ERR_ENCODING);
    }
    /* one challenge fewer: the node reading c1 is out of range */
    memcpy(e, b, len);
    e[60] = 1;
    redigest(e, len);
    CHECK(zki_vk_decode(&vk, e, len) == ZKI_ERR_ENCODING);
    /* the same bytes labelled version 1 (without the two counts) must not decode: a
     * challenge node in a version-1 VK */
    memcpy(e, b, 56);
    memcpy(e + 56, b + 64, len - 64);
    e[8] = 1;
    redigest(e, len - 8);
    CHECK(zki_vk_decode(&vk, e, len - 8) == ZKI_ERR_ENCODING);
    /* a challenge node with a nonzero kind / rotation / b */
    const zki_cs *cs = &F.pk.vk.cs;
    size_t nodes = 64 + 4 * (size_t)cs->n_instance;
    uint32_t ci = 0;
    while (ci < cs->n_nodes && cs->nodes[ci].op != ZKI_EXPR_CHALLENGE) ci++;
    REQUIRE(ci < cs->n_nodes);
    size_t at = nodes + 12 * (size_t)ci;
    CHECK(b[at] == ZKI_EXPR_CHALLENGE);
    size_t offs[3] = {at + 1, at + 2, at + 8};
    for (int i = 0; i < 3; i++) {
        memcpy(e, b, len);
        e[offs[i]] = 1;
        redigest(e, len);
        CHECK(zki_vk_decode(&vk, e, len) == ZKI_ERR_ENCODING);
    }
    free(b);
    free(e);
    teardown(&F);

    /* variants 0 and 1 (no late columns) keep version 1 */
    zki_cs cs0;
    zki_fr *adv;
    zki_fr pub[2];
    uint32_t npub[1];
    REQUIRE(zki_example_circuit(&cs0, &adv, pub, npub, 5, 0, 1) == ZKI_OK);
    zki_pk pk;
    REQUIRE(zki_keygen(&pk, &cs0, npub, srs_for(6), 0) == ZKI_OK);
    uint8_t v1[16];
    zki_vk_encode(&pk.vk, v1, sizeof v1, &len);
    uint8_t *full = malloc(len);
    REQUIRE(full && zki_vk_encode(&pk.vk, full, len, &len) == ZKI_OK);
    CHECK(full[8] == 1);
    free(full);
    zki_pk_free(&pk);
    zki_cs_free(&cs0);
    free(adv);
}

CASE(late_description_rules) {
    zki_cs cs;
    REQUIRE(zki_cs_init(&cs, 5, 3, 1, 0) == ZKI_OK);
    CHECK(zki_cs_set_late(&cs, 1, 0) == ZKI_ERR_ARG);
    CHECK(zki_cs_set_late(&cs, 0, 1) == ZKI_ERR_ARG);
    CHECK(zki_cs_set_late(&cs, 4, 1) == ZKI_ERR_ARG);
    CHECK(zki_cs_set_late(&cs, 1, ZKI_CS_MAX_CHALLENGES + 1) == ZKI_ERR_ARG);
    CHECK(zki_cs_validate(&cs) == ZKI_OK);
    /* a challenge node without challenges declared */
    zki_expr c0 = zki_cs_challenge(&cs, 0);
    CHECK(zki_cs_validate(&cs) == ZKI_ERR_ARG);
    REQUIRE(zki_cs_set_late(&cs, 1, 1) == ZKI_OK);
    CHECK(zki_cs_validate(&cs) == ZKI_OK);
    CHECK(zki_cs_expr_degree(&cs, zki_cs_mul(&cs, c0, zki_cs_cell(&cs, ZKI_COL_ADVICE, 0, 0))) == 1);
    /* a challenge in a lookup table expression */
    zki_expr in = zki_cs_cell(&cs, ZKI_COL_ADVICE, 2, 0);
    zki_expr tb = zki_cs_mul(&cs, c0, zki_cs_cell(&cs, ZKI_COL_FIXED, 0, 0));
    REQUIRE(zki_cs_lookup(&cs, "bad", 1, &in, &tb) == ZKI_OK);
    CHECK(zki_cs_validate(&cs) == ZKI_ERR_ARG);
    zki_cs_free(&cs);
}
