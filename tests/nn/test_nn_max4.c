/* The four-input max (zki_nn_max4) and maxima of n values (zki_nn_max_n): the result
 * equals the maximum on random activations with ties and all-equal tuples, the rows are
 * exactly zki_nn_max_n_rows, the mock prover accepts (also beside Freivalds columns, used
 * or dropped), the circuit's degree does not grow, and a builder that lays out no max4
 * row emits the very circuit of one made without max4. A wrong m (a smaller input with
 * the true maximum in each of the four positions, a value above all four) copied on to
 * the public output is caught: the mock prover rejects, the prover refuses, and a proof
 * made with ZKI_PROVE_UNCHECKED is rejected by the verifier. */
#include <stdlib.h>
#include <string.h>

#include "mock.h"
#include "nn.h"
#include "plonk.h"
#include "prove.h"
#include "nn/nn_emitted.h"
#include "test.h"

#define BITS 6 /* activations in [-32, 32): small tables, small circuits */

static int64_t rand_act(void) { return (int64_t)(zt_rand_u64() % 64) - 32; }

static int64_t max_ref(const int64_t *v, size_t n) {
    int64_t m = v[0];
    for (size_t i = 1; i < n; i++)
        if (v[i] > m) m = v[i];
    return m;
}

static zki_nn *new_nn(uint32_t width, int freivalds, int max4) {
    zki_nn_params p = {width, 4, BITS, 0, freivalds, max4};
    return zki_nn_new(&p);
}

static zki_status mock(zt_emitted *e, zki_mock_failure *f) {
    zki_witness w = {e->adv, e->inst, NULL};
    return zki_mock_prove(&e->cs, &w, f);
}

static uint32_t degree(const zki_cs *cs, uint32_t np) {
    zki_plonk_layout L;
    uint32_t ppc[1] = {np};
    if (zki_plonk_layout_init(&L, cs, ppc) != ZKI_OK) return 0;
    uint32_t d = L.degree;
    zki_plonk_layout_free(&L);
    return d;
}

/* Random tuples, ties and all-equal ones, each max4 an output; *want the maxima. */
static zki_nn *tuples_net(int64_t *want, uint32_t count) {
    zki_nn *nn = new_nn(4, 0, 1);
    if (!nn) return NULL;
    for (uint32_t t = 0; t < count; t++) {
        int64_t v[4];
        for (int i = 0; i < 4; i++) v[i] = rand_act();
        if (t % 4 == 1) v[zt_rand_u64() % 4] = v[zt_rand_u64() % 4];      /* a tie (maybe of the max) */
        if (t % 4 == 2) v[0] = v[1] = v[2] = v[3];                        /* all equal */
        if (t % 8 == 3) v[0] = v[1] = v[2] = v[3] = t % 16 == 3 ? 31 : -32; /* the range's ends */
        zki_wire w[4];
        for (int i = 0; i < 4; i++) w[i] = zki_nn_input(nn, v[i], 0);
        zki_wire m = zki_nn_max4(nn, w[0], w[1], w[2], w[3]);
        want[t] = max_ref(v, 4);
        zki_nn_output(nn, m);
    }
    return nn;
}

CASE(nn_max4_equals_the_max_and_mock_accepts) {
    enum { COUNT = 40 };
    int64_t want[COUNT];
    zki_nn *nn = tuples_net(want, COUNT);
    REQUIRE(nn && zki_nn_status(nn) == ZKI_OK);
    zt_emitted e;
    REQUIRE(zt_emit(nn, &e));
    CHECK_EQ_INT(e.np, COUNT);
    for (uint32_t t = 0; t < COUNT; t++) {
        zki_fr x;
        zki_fr_set_i64(&x, want[t]);
        CHECK(zki_fr_eq(&e.pub[t], &x));
    }
    zki_mock_failure f;
    CHECK(mock(&e, &f) == ZKI_OK);
    CHECK(zki_cs_check_gates_gated(&e.cs, &f) == ZKI_OK);
    /* one more fixed column, a gate and two lookups; the degree stays 5 */
    CHECK_EQ_INT(e.cs.n_lookups, 6);
    CHECK(strcmp(e.cs.gates[e.cs.n_gates - 1].name, "max4") == 0);
    CHECK_EQ_INT(degree(&e.cs, e.np), 5);
    zt_emitted_free(&e);
    zki_nn_free(nn);
}

CASE(nn_max_n_rows_values_and_mock) {
    for (int use4 = 0; use4 < 2; use4++) {
        zki_nn *nn = new_nn(4, 0, use4);
        REQUIRE(nn);
        for (size_t n = 1; n <= 11; n++) {
            int64_t v[11];
            zki_wire w[11];
            for (size_t i = 0; i < n; i++) {
                v[i] = rand_act();
                w[i] = zki_nn_input(nn, v[i], 0);
            }
            uint32_t r0 = zki_nn_rows(nn);
            zki_wire m = zki_nn_max_n(nn, w, n);
            CHECK_EQ_INT(zki_nn_rows(nn) - r0, zki_nn_max_n_rows(use4, n));
            CHECK_EQ_INT(zki_nn_value(nn, m), max_ref(v, n));
            zki_nn_output(nn, m);
        }
        CHECK_EQ_INT(zki_nn_max_n_rows(use4, 1), 0);
        CHECK_EQ_INT(zki_nn_max_n_rows(use4, 4), use4 ? 1 : 3);
        CHECK_EQ_INT(zki_nn_max_n_rows(use4, 9), use4 ? 3 : 8);
        zt_emitted e;
        REQUIRE(zt_emit(nn, &e));
        zki_mock_failure f;
        CHECK(mock(&e, &f) == ZKI_OK);
        zt_emitted_free(&e);
        zki_nn_free(nn);
    }
    /* errors: no values; max4 without params.max4; an input outside the range */
    zki_nn *nn = new_nn(4, 0, 1);
    REQUIRE(nn);
    zki_nn_max_n(nn, NULL, 0);
    CHECK(zki_nn_status(nn) == ZKI_ERR_ARG);
    zki_nn_free(nn);
    nn = new_nn(4, 0, 0);
    REQUIRE(nn);
    zki_wire a = zki_nn_input(nn, 1, 0);
    zki_nn_max4(nn, a, a, a, a);
    CHECK(zki_nn_status(nn) == ZKI_ERR_ARG && strstr(zki_nn_error(nn), "max4 = 1"));
    zki_nn_free(nn);
    nn = new_nn(4, 0, 1);
    REQUIRE(nn);
    a = zki_nn_input(nn, 1, 0);
    zki_wire big = zki_nn_input(nn, 32, 0);
    zki_nn_max4(nn, a, a, big, a);
    CHECK(zki_nn_out_of_range(nn) && strstr(zki_nn_error(nn), "max input 32 outside the proven range [-32, 32)"));
    zki_nn_free(nn);
    CHECK(new_nn(3, 0, 1) == NULL); /* x_0..x_3 need width 4 */
}

/* A small net of dot products and maxima: without max4 rows (max4 on or off) the
 * circuits are identical; with freivalds on and its columns dropped or used, the q_m4
 * column lands last and the mock accepts. */
static zki_nn *mixed_net(const int64_t xv[6], int freivalds, int max4, int matmul, int use4) {
    zki_nn *nn = new_nn(4, freivalds, max4);
    if (!nn) return NULL;
    zki_wire x[6];
    for (int i = 0; i < 6; i++) x[i] = zki_nn_input(nn, xv[i], 1);
    int64_t w[6] = {1, -2, 3, 0, 1, 1};
    zki_wire d = zki_nn_rescale(nn, zki_nn_dot(nn, x, w, 6, 5), 1);
    if (matmul) {
        zki_wire y[2];
        int64_t wm[3] = {1, 2, -1};
        if (zki_nn_matmul(nn, x, wm, NULL, 1, 3, 2, y) != ZKI_OK) return nn;
        zki_nn_output(nn, zki_nn_rescale(nn, y[0], 0));
    }
    zki_wire in[5] = {x[0], d, x[2], x[3], x[4]};
    zki_nn_output(nn, use4 ? zki_nn_max_n(nn, in, 5) : zki_nn_max(nn, zki_nn_max(nn, in[0], in[1]), in[2]));
    return nn;
}

static int same_circuit(const zki_cs *a, const zki_cs *b) {
    return a->n == b->n && a->n_advice == b->n_advice && a->n_fixed == b->n_fixed && a->n_gates == b->n_gates &&
           a->n_lookups == b->n_lookups && a->n_nodes == b->n_nodes && a->n_consts == b->n_consts &&
           memcmp(a->nodes, b->nodes, a->n_nodes * sizeof *a->nodes) == 0 &&
           memcmp(a->fixed, b->fixed, (size_t)a->n_fixed * a->n * sizeof(zki_fr)) == 0;
}

CASE(nn_max4_absent_circuit_unchanged_and_beside_freivalds) {
    int64_t xv[6];
    for (int i = 0; i < 6; i++) xv[i] = rand_act();
    /* (params.freivalds, a matmul laid out): none; the option with its columns dropped; used */
    for (int v = 0; v < 3; v++) {
        int frei = v > 0, mm = v == 2;
        zki_nn *n0 = mixed_net(xv, frei, 0, mm, 0);
        zki_nn *n1 = mixed_net(xv, frei, 1, mm, 0);
        REQUIRE(n0 && n1 && zki_nn_status(n0) == ZKI_OK && zki_nn_status(n1) == ZKI_OK);
        zt_emitted e0, e1;
        REQUIRE(zt_emit(n0, &e0) && zt_emit(n1, &e1));
        CHECK(same_circuit(&e0.cs, &e1.cs));
        zt_emitted_free(&e0);
        zt_emitted_free(&e1);
        zki_nn_free(n0);
        zki_nn_free(n1);
    }
    /* max4 rows with Freivalds columns dropped (no matmul) or used */
    for (int matmul = 0; matmul < 2; matmul++) {
        zki_nn *nn = mixed_net(xv, 1, 1, matmul, 1);
        REQUIRE(nn && zki_nn_status(nn) == ZKI_OK);
        zt_emitted e;
        REQUIRE(zt_emit(nn, &e));
        zki_fr d[1];
        zki_fr_set_u64(&d[0], 12345);
        if (matmul) REQUIRE(zki_nn_late(nn, d, e.adv) == ZKI_OK);
        CHECK_EQ_INT(e.cs.n_advice_late, matmul ? 2 : 0);
        zki_witness w = {e.adv, e.inst, matmul ? d : NULL};
        zki_mock_failure f;
        CHECK(zki_mock_prove(&e.cs, &w, &f) == ZKI_OK);
        CHECK(zki_cs_check_gates_gated(&e.cs, &f) == ZKI_OK);
        zt_emitted_free(&e);
        zki_nn_free(nn);
    }
}

static int test_rng(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    zt_rand_bytes(out, len);
    return 1;
}

/* One max4 row of inputs v (m its public output); m changed to `m` in the out cell and
 * the public input. Returns the mock's verdict; with prove (1: a lookup fails, 2: only
 * the gate), also proves the honest witness, and checks the prover's refusal of the
 * forged one and the verifier's rejection of its unchecked proof. */
static zki_status forge(const int64_t v[4], int64_t m, int prove, zki_mock_failure *f) {
    zki_nn *nn = new_nn(4, 0, 1);
    if (!nn) return ZKI_ERR_NOMEM;
    zki_wire w[4];
    for (int i = 0; i < 4; i++) w[i] = zki_nn_input(nn, v[i], 1);
    zki_wire y = zki_nn_max4(nn, w[0], w[1], w[2], w[3]);
    zki_nn_output(nn, y);
    zt_emitted e;
    if (!zt_emit(nn, &e)) {
        zki_nn_free(nn);
        return ZKI_ERR_ARG;
    }
    zki_pk pk;
    zki_srs srs;
    size_t len = 0;
    uint8_t *proof = NULL;
    if (prove) {
        uint32_t npub[1] = {e.np};
        if (zki_srs_dev(&srs, e.cs.log_n + 1, (const uint8_t *)"m4", 2) != ZKI_OK) return ZKI_ERR_NOMEM;
        if (zki_keygen(&pk, &e.cs, npub, &srs, 0) != ZKI_OK) return ZKI_ERR_ARG;
        len = zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs);
        proof = malloc(len);
        if (!proof) return ZKI_ERR_NOMEM;
        CHECK(zki_prove_ex(&pk, e.adv, e.pub, proof, len, test_rng, NULL, 0, 0) == ZKI_OK);
        CHECK(zki_verify(&pk.vk, e.pub, e.np, proof, len) == ZKI_OK);
    }
    zki_fr_set_i64(&e.adv[(size_t)y.col * e.cs.n + y.row], m);
    zki_fr_set_i64(&e.pub[4], m);
    zki_fr_set_i64(&e.inst[4], m);
    zki_status st = mock(&e, f);
    if (prove) {
        /* the prover refuses a witness that fails a lookup, or only a gate (its check at ζ) */
        CHECK(zki_prove_ex(&pk, e.adv, e.pub, proof, len, test_rng, NULL, 0, 0) == ZKI_ERR_ARG);
        CHECK(zki_prove_ex(&pk, e.adv, e.pub, proof, len, test_rng, NULL, 0, ZKI_PROVE_UNCHECKED) == ZKI_OK);
        CHECK(zki_verify(&pk.vk, e.pub, e.np, proof, len) == ZKI_REJECT);
        free(proof);
        zki_pk_free(&pk);
        zki_srs_free(&srs);
    }
    zt_emitted_free(&e);
    zki_nn_free(nn);
    return st;
}

CASE(nn_max4_wrong_m_caught) {
    zki_mock_failure f;
    static const char *diff[4] = {"diff-a", "diff-b", "diff-c", "diff-d"};
    for (int pos = 0; pos < 4; pos++) {
        /* the maximum at pos, a smaller input claimed: the gate holds, pos's lookup fails */
        int64_t v[4];
        for (int i = 0; i < 4; i++) v[i] = -20 + 3 * i;
        v[pos] = 25;
        int64_t smaller = pos == 3 ? v[2] : v[3]; /* the largest of the others: only pos's lookup fails */
        CHECK(forge(v, smaller, 1, &f) == ZKI_REJECT);
        CHECK(f.kind == ZKI_MOCK_LOOKUP && strcmp(f.name, diff[pos]) == 0);
        /* the true maximum is accepted */
        CHECK(forge(v, 25, 0, &f) == ZKI_OK);
    }
    /* above all four: the gate fails (the lookups would pass) */
    int64_t v[4] = {3, -7, 10, 10};
    CHECK(forge(v, 11, 2, &f) == ZKI_REJECT);
    CHECK(f.kind == ZKI_MOCK_GATE && strcmp(f.name, "max4") == 0);
    /* below all four: the gate fails too */
    CHECK(forge(v, -8, 0, &f) == ZKI_REJECT);
    CHECK(f.kind == ZKI_MOCK_GATE || f.kind == ZKI_MOCK_LOOKUP);
}
