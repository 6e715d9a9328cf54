/* The quantized-layer circuit builder: the witness equals an integer reference, the
 * mock prover accepts it, real proofs verify, and a changed activation is caught by
 * the mock prover and rejected by the verifier; values outside the proven range are
 * refused at build time with a message. */
#include <stdlib.h>
#include <string.h>

#include "mock.h"
#include "nn.h"
#include "poseidon.h"
#include "prove.h"
#include "test.h"

static int64_t ref_rescale(int64_t a, unsigned s, int relu) {
    int64_t k = (int64_t)1 << s, h = k / 2, q = (a + h) / k;
    if ((a + h) % k != 0 && (a + h) < 0) q--; /* floor */
    return relu && q < 0 ? 0 : q;
}

static int test_rng(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    zt_rand_bytes(out, len);
    return 1;
}

/* Proves the circuit and checks the verdict; with tamper, changes one advice cell first
 * (the mock prover must then fail and the unchecked proof be rejected). */
static void prove_and_check(zki_nn *nn, int tamper_col, int tamper_row) {
    zki_cs cs;
    zki_fr *adv = NULL, *pub = NULL;
    uint32_t np = 0;
    REQUIRE(zki_nn_finish(nn, &cs, &adv, &pub, &np) == ZKI_OK);
    size_t n = cs.n;
    zki_fr *inst = calloc(n, sizeof(zki_fr));
    REQUIRE(inst);
    memcpy(inst, pub, np * sizeof(zki_fr));
    if (tamper_col >= 0) {
        zki_fr one;
        zki_fr_set_one(&one);
        zki_fr_add(&adv[(size_t)tamper_col * n + (size_t)tamper_row], &adv[(size_t)tamper_col * n + (size_t)tamper_row], &one);
    }
    zki_witness w = {adv, inst, NULL};
    zki_mock_failure f;
    zki_status mst = zki_mock_prove(&cs, &w, &f);
    CHECK(tamper_col >= 0 ? mst == ZKI_REJECT : mst == ZKI_OK);
    zki_srs srs;
    REQUIRE(zki_srs_dev(&srs, cs.log_n + 1, (const uint8_t *)"nn", 2) == ZKI_OK);
    zki_pk pk;
    uint32_t npub[1] = {np};
    REQUIRE(zki_keygen(&pk, &cs, npub, &srs, 0) == ZKI_OK);
    size_t len = zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs);
    uint8_t *proof = malloc(len);
    REQUIRE(proof);
    REQUIRE(zki_prove_ex(&pk, adv, pub, proof, len, test_rng, NULL, 0, tamper_col >= 0 ? ZKI_PROVE_UNCHECKED : 0) == ZKI_OK);
    zki_status vst = zki_verify(&pk.vk, pub, np, proof, len);
    CHECK(tamper_col >= 0 ? vst == ZKI_REJECT : vst == ZKI_OK);
    if (tamper_col < 0 && np > 0) { /* a different claimed output is rejected */
        zki_fr one;
        zki_fr_set_one(&one);
        zki_fr_add(&pub[np - 1], &pub[np - 1], &one);
        CHECK(zki_verify(&pk.vk, pub, np, proof, len) == ZKI_REJECT);
    }
    free(proof);
    zki_pk_free(&pk);
    zki_srs_free(&srs);
    free(inst);
    free(adv);
    free(pub);
    zki_cs_free(&cs);
}

/* dense 5 -> 3 with ReLU, then max of the first two outputs; inputs and outputs public */
static zki_nn *dense_net(int64_t *want_max, int64_t want[3]) {
    zki_nn_params p = {4, 4, 10, 0, 0, 0};
    zki_nn *nn = zki_nn_new(&p);
    if (!nn) return NULL;
    int64_t xv[5] = {3, -7, 12, 0, 5};
    int64_t W[3][5] = {{2, -1, 3, 4, -2}, {-3, 2, 1, 0, 5}, {1, 1, 1, 1, 1}};
    int64_t bias[3] = {16, -40, 3};
    zki_wire x[5], y[3];
    for (int i = 0; i < 5; i++) x[i] = zki_nn_input(nn, xv[i], 1);
    for (int o = 0; o < 3; o++) {
        zki_wire d = zki_nn_dot(nn, x, W[o], 5, bias[o]);
        y[o] = zki_nn_rescale(nn, d, 1);
        int64_t acc = bias[o];
        for (int i = 0; i < 5; i++) acc += W[o][i] * xv[i];
        want[o] = ref_rescale(acc, 4, 1);
    }
    zki_wire m = zki_nn_max(nn, y[0], y[1]);
    *want_max = want[0] > want[1] ? want[0] : want[1];
    zki_nn_output(nn, m);
    zki_nn_output(nn, y[2]);
    return nn;
}

CASE(nn_dense_relu_max_matches_reference_and_proves) {
    int64_t want_max, want[3];
    zki_nn *nn = dense_net(&want_max, want);
    REQUIRE(nn);
    REQUIRE(zki_nn_status(nn) == ZKI_OK);
    prove_and_check(nn, -1, 0);
    zki_nn_free(nn);
    /* the witness values equal the integer reference */
    nn = dense_net(&want_max, want);
    REQUIRE(nn);
    zki_cs cs;
    zki_fr *adv, *pub;
    uint32_t np;
    REQUIRE(zki_nn_finish(nn, &cs, &adv, &pub, &np) == ZKI_OK);
    CHECK(np == 7);
    zki_fr e;
    zki_fr_set_i64(&e, want_max);
    CHECK(zki_fr_eq(&pub[5], &e));
    zki_fr_set_i64(&e, want[2]);
    CHECK(zki_fr_eq(&pub[6], &e));
    free(adv);
    free(pub);
    zki_cs_free(&cs);
    zki_nn_free(nn);
}

CASE(nn_tampered_activation_caught_and_rejected) {
    /* change the rescaled value d of the first rescale row (column x1) */
    int64_t wm, w[3];
    zki_nn *nn = dense_net(&wm, w);
    REQUIRE(nn);
    /* rows: 2 input rows (5 inputs, width 4), dot rows 2..3, rescale row 4 */
    prove_and_check(nn, 1, 4);
    zki_nn_free(nn);
    nn = dense_net(&wm, w);
    REQUIRE(nn);
    prove_and_check(nn, 2, 4); /* the remainder */
    zki_nn_free(nn);
}

/* Products of two wires (private weights): y = b + Σ x_i·w_i with w and b private
 * inputs, then rescaled; the witness equals the reference, proofs verify, and a changed
 * weight cell in the product row or at its source is caught. */
static zki_nn *private_dot_net(int64_t *want) {
    zki_nn_params p = {4, 4, 10, 1, 0, 0};
    zki_nn *nn = zki_nn_new(&p);
    if (!nn) return NULL;
    int64_t xv[5] = {3, -7, 12, 0, 5}, wv[5] = {2, -1, 3, 4, -2}, bv = 16;
    zki_wire x[5], w[5], b;
    for (int i = 0; i < 5; i++) x[i] = zki_nn_input(nn, xv[i], 1);
    for (int i = 0; i < 5; i++) w[i] = zki_nn_input(nn, wv[i], 0);
    b = zki_nn_input(nn, bv, 0);
    int64_t acc = bv;
    for (int i = 0; i < 5; i++) acc += xv[i] * wv[i];
    *want = ref_rescale(acc, 4, 0);
    zki_nn_output(nn, zki_nn_rescale(nn, zki_nn_dot_wires(nn, x, w, 5, &b), 0));
    return nn;
}

CASE(nn_products_of_wires) {
    int64_t want;
    zki_nn *nn = private_dot_net(&want);
    REQUIRE(nn && zki_nn_status(nn) == ZKI_OK);
    zki_cs cs;
    zki_fr *adv, *pub;
    uint32_t np;
    REQUIRE(zki_nn_finish(nn, &cs, &adv, &pub, &np) == ZKI_OK);
    zki_fr e;
    zki_fr_set_i64(&e, want);
    CHECK(np == 6 && zki_fr_eq(&pub[5], &e));
    free(adv);
    free(pub);
    zki_cs_free(&cs);
    zki_nn_free(nn);
    nn = private_dot_net(&want);
    REQUIRE(nn);
    prove_and_check(nn, -1, 0);
    zki_nn_free(nn);
    /* rows (width 4): x in row 0 and row 1 column 0; w_0..w_2 in row 1 columns 1-3, w_3,
     * w_4, b in row 2; product rows 3-5 (two per row: x in even, w in odd columns);
     * rescale row 6. Change w_0 in the first product row, then at its source. */
    nn = private_dot_net(&want);
    REQUIRE(nn);
    prove_and_check(nn, 1, 3);
    zki_nn_free(nn);
    nn = private_dot_net(&want);
    REQUIRE(nn);
    prove_and_check(nn, 1, 1);
    zki_nn_free(nn);
    /* the builder refuses products when not enabled */
    zki_nn_params p = {4, 4, 10, 0, 0, 0};
    nn = zki_nn_new(&p);
    REQUIRE(nn);
    zki_wire a = zki_nn_input(nn, 1, 0);
    (void)zki_nn_dot_wires(nn, &a, &a, 1, NULL);
    CHECK(zki_nn_status(nn) == ZKI_ERR_ARG);
    zki_nn_free(nn);
}

/* Function tables, application, division and constants. With width 4, scale 4, 8-bit
 * activations: f(t) = 3t + 1 (clamped to the range) as table 1. */
static int64_t f1(int64_t t) {
    int64_t y = 3 * t + 1;
    return y > 127 ? 127 : y < -128 ? -128 : y;
}

static zki_nn *fn_net(int64_t want[4]) {
    zki_nn_params p = {4, 4, 8, 0, 0, 0};
    zki_nn *nn = zki_nn_new(&p);
    if (!nn) return NULL;
    int64_t vals[256];
    for (int i = 0; i < 256; i++) vals[i] = f1(i - 128);
    uint32_t tag = zki_nn_table(nn, vals);
    zki_wire x = zki_nn_input(nn, -7, 1), a = zki_nn_input(nn, 300, 1);
    zki_wire y1 = zki_nn_apply(nn, x, tag);            /* f(-7) = -20 */
    zki_wire y2 = zki_nn_rescale_fn(nn, a, tag);       /* f(round(300/16)) = f(19) = 58 */
    zki_wire c = zki_nn_const(nn, 9);
    int64_t one = 1;
    zki_wire num = zki_nn_dot(nn, &a, &one, 1, 0);
    zki_wire q = zki_nn_div(nn, num, c);               /* 300 / 9 = 33 */
    want[0] = f1(-7);
    want[1] = f1((300 + 8) / 16);
    want[2] = 9;
    want[3] = 300 / 9;
    zki_nn_output(nn, y1);
    zki_nn_output(nn, y2);
    zki_nn_output(nn, c);
    zki_nn_output(nn, q);
    return nn;
}

CASE(nn_tables_division_constants) {
    int64_t want[4];
    zki_nn *nn = fn_net(want);
    REQUIRE(nn && zki_nn_status(nn) == ZKI_OK);
    zki_cs cs;
    zki_fr *adv, *pub;
    uint32_t np;
    REQUIRE(zki_nn_finish(nn, &cs, &adv, &pub, &np) == ZKI_OK);
    REQUIRE(np == 6);
    for (int i = 0; i < 4; i++) {
        zki_fr e;
        zki_fr_set_i64(&e, want[i]);
        CHECK(zki_fr_eq(&pub[2 + i], &e));
    }
    /* a consistent but out-of-range division (q + 1, r - den) is caught by the lookups */
    zki_fr *inst = calloc(cs.n, sizeof(zki_fr));
    REQUIRE(inst);
    memcpy(inst, pub, np * sizeof(zki_fr));
    zki_witness w = {adv, inst, NULL};
    zki_mock_failure f;
    CHECK(zki_mock_prove(&cs, &w, &f) == ZKI_OK);
    /* rows: 0 inputs, 1 apply, 2 rescale, 3 const, 4 dot, 5 div */
    zki_fr one, nine;
    zki_fr_set_one(&one);
    zki_fr_set_i64(&nine, 9);
    zki_fr_add(&adv[2 * cs.n + 5], &adv[2 * cs.n + 5], &one);
    zki_fr_sub(&adv[3 * cs.n + 5], &adv[3 * cs.n + 5], &nine);
    zki_fr_add(&inst[5], &inst[5], &one);
    CHECK(zki_mock_prove(&cs, &w, &f) == ZKI_REJECT);
    free(inst);
    free(adv);
    free(pub);
    zki_cs_free(&cs);
    zki_nn_free(nn);
    /* real proofs; a changed function output, quotient or constant is rejected */
    nn = fn_net(want);
    REQUIRE(nn);
    prove_and_check(nn, -1, 0);
    zki_nn_free(nn);
    static const int tamper[3][2] = {{1, 1}, {3, 2}, {2, 5}}; /* apply out, rescale f(d), quotient */
    for (int t = 0; t < 3; t++) {
        nn = fn_net(want);
        REQUIRE(nn);
        prove_and_check(nn, tamper[t][0], tamper[t][1]);
        zki_nn_free(nn);
    }
    /* inputs outside the table, divisors out of range: refused with a message */
    zki_nn_params p = {4, 4, 8, 0, 0, 0};
    nn = zki_nn_new(&p);
    REQUIRE(nn);
    int64_t vals[256] = {0};
    uint32_t tag = zki_nn_table(nn, vals);
    (void)zki_nn_apply(nn, zki_nn_input(nn, 500, 0), tag);
    CHECK(zki_nn_status(nn) == ZKI_ERR_ARG && strstr(zki_nn_error(nn), "outside") != NULL);
    zki_nn_free(nn);
    nn = zki_nn_new(&p);
    REQUIRE(nn);
    (void)zki_nn_div(nn, zki_nn_input(nn, 5, 0), zki_nn_input(nn, 0, 0));
    CHECK(zki_nn_status(nn) == ZKI_ERR_ARG);
    zki_nn_free(nn);
}

/* Poseidon of n private inputs (circomlib's, chunked as zki_poseidon_hash_vec), exposed
 * as the public input: equal to the native hash, the circuit holds and proves, and a
 * changed state cell or input is caught. */
static zki_nn *hash_net(size_t n, zki_fr *want) {
    zki_nn_params p = {16, 4, 8, 0, 0, 0};
    zki_nn *nn = zki_nn_new(&p);
    if (!nn || zki_nn_poseidon_widths(nn, zki_nn_poseidon_mask(n)) != ZKI_OK) return nn;
    int64_t v[40];
    zki_wire x[40];
    for (size_t i = 0; i < n; i++) {
        v[i] = (int64_t)(i * 37 % 23) - 11;
        x[i] = zki_nn_input(nn, v[i], 0);
    }
    zki_nn_expose(nn, zki_nn_poseidon_vec(nn, x, n));
    zki_poseidon_hash_vec_i64(want, v, n);
    return nn;
}

CASE(nn_poseidon_hash_of_inputs) {
    static const size_t lens[] = {3, 15, 20, 33};
    for (unsigned li = 0; li < 4; li++) {
        zki_fr want;
        zki_nn *nn = hash_net(lens[li], &want);
        REQUIRE(nn && zki_nn_status(nn) == ZKI_OK);
        zki_cs cs;
        zki_fr *adv, *pub;
        uint32_t np;
        REQUIRE(zki_nn_finish(nn, &cs, &adv, &pub, &np) == ZKI_OK);
        CHECK(np == 1 && zki_fr_eq(&pub[0], &want));
        zki_fr *inst = calloc(cs.n, sizeof(zki_fr));
        REQUIRE(inst);
        inst[0] = pub[0];
        zki_witness w = {adv, inst, NULL};
        zki_mock_failure f;
        CHECK(zki_mock_prove(&cs, &w, &f) == ZKI_OK);
        free(inst);
        free(adv);
        free(pub);
        zki_cs_free(&cs);
        zki_nn_free(nn);
    }
    zki_fr want;
    zki_nn *nn = hash_net(20, &want);
    REQUIRE(nn);
    prove_and_check(nn, -1, 0);
    zki_nn_free(nn);
    /* rows: inputs 0-1, the first call's state rows from 2: change a middle state cell,
     * then an input */
    nn = hash_net(20, &want);
    REQUIRE(nn);
    prove_and_check(nn, 3, 30);
    zki_nn_free(nn);
    nn = hash_net(20, &want);
    REQUIRE(nn);
    prove_and_check(nn, 5, 0);
    zki_nn_free(nn);
    /* undeclared width: refused */
    zki_nn_params p = {16, 4, 8, 0, 0, 0};
    nn = zki_nn_new(&p);
    REQUIRE(nn);
    zki_wire a = zki_nn_input(nn, 1, 0);
    (void)zki_nn_poseidon_vec(nn, &a, 1);
    CHECK(zki_nn_status(nn) == ZKI_ERR_ARG);
    zki_nn_free(nn);
}

CASE(nn_tiny_cnn) {
    /* 6x6 input, one 3x3 kernel -> 4x4, rescale+ReLU, 2x2 max pool -> 2x2, dense -> 2 */
    zki_nn_params p = {9, 5, 10, 0, 0, 0};
    zki_nn *nn = zki_nn_new(&p);
    REQUIRE(nn);
    int64_t img[36], ker[9], dw[2][4], db[2] = {7, -9};
    for (int i = 0; i < 36; i++) img[i] = (int64_t)(zt_rand_u64() % 64) - 16;
    for (int i = 0; i < 9; i++) ker[i] = (int64_t)(zt_rand_u64() % 33) - 16;
    for (int o = 0; o < 2; o++)
        for (int i = 0; i < 4; i++) dw[o][i] = (int64_t)(zt_rand_u64() % 21) - 10;
    zki_wire in[36], conv[16], pool[4];
    int64_t cv[16], pv[4];
    for (int i = 0; i < 36; i++) in[i] = zki_nn_input(nn, img[i], 0);
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) {
            zki_wire win[9];
            int64_t acc = 0;
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++) {
                    win[ky * 3 + kx] = in[(y + ky) * 6 + x + kx];
                    acc += img[(y + ky) * 6 + x + kx] * ker[ky * 3 + kx];
                }
            conv[y * 4 + x] = zki_nn_rescale(nn, zki_nn_dot(nn, win, ker, 9, 0), 1);
            cv[y * 4 + x] = ref_rescale(acc, 5, 1);
        }
    for (int y = 0; y < 2; y++)
        for (int x = 0; x < 2; x++) {
            int i0 = (2 * y) * 4 + 2 * x;
            zki_wire m1 = zki_nn_max(nn, conv[i0], conv[i0 + 1]);
            zki_wire m2 = zki_nn_max(nn, conv[i0 + 4], conv[i0 + 5]);
            pool[y * 2 + x] = zki_nn_max(nn, m1, m2);
            int64_t a = cv[i0] > cv[i0 + 1] ? cv[i0] : cv[i0 + 1], b = cv[i0 + 4] > cv[i0 + 5] ? cv[i0 + 4] : cv[i0 + 5];
            pv[y * 2 + x] = a > b ? a : b;
        }
    for (int o = 0; o < 2; o++) {
        zki_wire d = zki_nn_dot(nn, pool, dw[o], 4, db[o]);
        zki_nn_output(nn, d);
        int64_t acc = db[o];
        for (int i = 0; i < 4; i++) acc += dw[o][i] * pv[i];
        CHECK(zki_nn_value(nn, d) == acc);
    }
    for (int i = 0; i < 4; i++) CHECK(zki_nn_value(nn, pool[i]) == pv[i]);
    REQUIRE(zki_nn_status(nn) == ZKI_OK);
    prove_and_check(nn, -1, 0);
    zki_nn_free(nn);
}

CASE(nn_out_of_range_activation_refused) {
    zki_nn_params p = {4, 4, 6, 0, 0, 0};
    zki_nn *nn = zki_nn_new(&p);
    REQUIRE(nn);
    zki_wire x = zki_nn_input(nn, 100, 0);
    int64_t w = 16;
    zki_nn_rescale(nn, zki_nn_dot(nn, &x, &w, 1, 0), 1); /* 100 ≥ 2^5 */
    CHECK(zki_nn_status(nn) == ZKI_ERR_ARG);
    CHECK(strcmp(zki_nn_error(nn), "activation 100 outside the proven range [-32, 32)") == 0);
    CHECK(zki_nn_out_of_range(nn) == 1);
    zki_cs cs;
    zki_fr *adv, *pub;
    uint32_t np;
    CHECK(zki_nn_finish(nn, &cs, &adv, &pub, &np) == ZKI_ERR_ARG);
    zki_nn_free(nn);
    /* a quotient beyond [0, 2^(b-1)) is a range error too; a bad divisor is not */
    nn = zki_nn_new(&p);
    REQUIRE(nn);
    zki_wire n1 = zki_nn_input(nn, 4000, 0), d1 = zki_nn_input(nn, 2, 0), d0 = zki_nn_input(nn, 0, 0);
    zki_nn_div(nn, n1, d1);
    CHECK(strcmp(zki_nn_error(nn), "quotient 2000 outside the proven range [0, 32)") == 0);
    CHECK(zki_nn_out_of_range(nn) == 1);
    zki_nn_free(nn);
    nn = zki_nn_new(&p);
    REQUIRE(nn);
    n1 = zki_nn_input(nn, 4, 0);
    d0 = zki_nn_input(nn, 0, 0);
    zki_nn_div(nn, n1, d0);
    CHECK(zki_nn_status(nn) == ZKI_ERR_ARG);
    CHECK(zki_nn_out_of_range(nn) == 0);
    zki_nn_free(nn);
    zki_nn_params bad = {0, 4, 6, 0, 0, 0};
    CHECK(zki_nn_new(&bad) == NULL);
}
