/* prover/cost: the estimate's exact sizes against real keys and proofs, the cost
 * model's cache (round trip, damaged and stale files), extrapolation, memory sizes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cost_model.h"
#include "estimate.h"
#include "example.h"
#include "keys.h"
#include "parallel.h"
#include "prove.h"
#include "srs.h"
#include "test.h"

static int rng_fixed(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    for (size_t i = 0; i < len; i++) out[i] = (uint8_t)zt_rand_u64();
    return 1;
}

/* Sizes of the keys and proof of the example circuit at 2^k, against the estimate;
 * shplonk: the opening scheme (0 GWC, else the SHPLONK pack limit). */
static void check_exact(uint32_t log_n, int variant, uint32_t shplonk) {
    zki_cs cs;
    zki_fr *adv = NULL, pub[ZKI_EXAMPLE_PUBLIC];
    uint32_t npub[1];
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, log_n, variant, 7) == ZKI_OK);
    REQUIRE(zki_cs_set_shplonk(&cs, shplonk) == ZKI_OK);
    zki_estimate e;
    REQUIRE(zki_estimate_circuit(&e, &cs, npub[0], NULL) == ZKI_OK);
    CHECK_EQ_INT(e.shplonk, shplonk);
    size_t need = 0;
    REQUIRE(zki_estimate_srs_need(&cs, npub[0], &need) == ZKI_OK);
    CHECK_EQ_INT(need, e.srs_powers);
    /* the suggested `srs --dev --logrows` is the smallest that holds them */
    CHECK(((size_t)1 << e.srs_logrows) >= e.srs_powers && ((size_t)1 << (e.srs_logrows - 1)) < e.srs_powers);
    zki_srs srs;
    if (shplonk) {
        /* one power short is refused by key generation */
        REQUIRE(zki_srs_dev(&srs, e.srs_logrows, (const uint8_t *)"cost", 4) == ZKI_OK);
        zki_srs short_srs = srs;
        short_srs.n_g1 = e.srs_powers - 1;
        zki_pk bad;
        CHECK(zki_keygen(&bad, &cs, npub, &short_srs, 0) != ZKI_OK);
    } else {
        REQUIRE(zki_srs_dev(&srs, log_n + 1, (const uint8_t *)"cost", 4) == ZKI_OK);
    }
    zki_pk pk;
    REQUIRE(zki_keygen(&pk, &cs, npub, &srs, 0) == ZKI_OK);
    size_t vlen = 0;
    (void)zki_vk_encode(&pk.vk, NULL, 0, &vlen);
    CHECK_EQ_INT(e.vk_bytes, vlen);
    CHECK_EQ_INT(e.proof_bytes, zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs));
    CHECK_EQ_INT(e.n_queries, pk.vk.L.n_queries);
    CHECK_EQ_INT(e.n_points, pk.vk.L.n_points);
    CHECK_EQ_INT(e.degree, pk.vk.L.degree);
    CHECK_EQ_INT(e.srs_powers, zki_plonk_srs_need(&pk.vk.L));
    if (!shplonk) CHECK_EQ_INT(e.srs_powers, (size_t)cs.n + 1);
    else {
        uint32_t t = pk.vk.L.pack_max_t > pk.vk.L.n_t ? pk.vk.L.pack_max_t : pk.vk.L.n_t;
        CHECK_EQ_INT(e.srs_powers, (size_t)t * cs.n + 1);
        CHECK_EQ_INT(e.n_opens, pk.vk.L.n_opens);
        CHECK_EQ_INT(e.n_packs, pk.vk.L.n_packs);
        CHECK(e.pack_max_t >= 1 && e.pack_max_t <= shplonk);
        CHECK(e.wpack_max_t >= 1 && e.wpack_max_t <= shplonk);
        CHECK((size_t)e.wpack_max_t * cs.n + 1 <= e.srs_powers);
        /* one commitment per witness pack, then [T], [W], [W'] */
        CHECK_EQ_INT(e.proof_commitments, e.n_wpacks + 3);
        uint32_t n_wit = cs.n_advice + 2 * cs.n_lookups + pk.vk.L.n_z;
        if (shplonk == 1) { /* packs of one: the polynomials themselves, no added evaluation */
            CHECK_EQ_INT(e.n_wpacks, n_wit);
            CHECK_EQ_INT(e.wpack_max_t, 1);
        } else {
            CHECK(e.n_wpacks < n_wit && e.wpack_max_t > 1);
        }
    }
    /* the proof really has that many bytes: 64 per commitment, 32 per evaluation */
    CHECK_EQ_INT(e.proof_bytes, 64 * (size_t)e.proof_commitments + 32 * (size_t)e.n_queries);
    uint8_t *proof = malloc(e.proof_bytes);
    REQUIRE(proof);
    CHECK(zki_prove(&pk, adv, pub, proof, e.proof_bytes, rng_fixed, NULL, 1) == ZKI_OK);
    CHECK(zki_prove(&pk, adv, pub, proof, e.proof_bytes - 1, rng_fixed, NULL, 1) == ZKI_ERR_BUFFER);
    /* the modelled memory at least holds the extended-coset columns */
    CHECK(e.prove_peak_bytes > (size_t)cs.n_advice * cs.n * (1u << e.ext_log) * sizeof(zki_fr));
    CHECK(e.setup_peak_bytes > (size_t)(2 * cs.n) * sizeof(zki_g1_aff));
    CHECK(e.prove_s == 0 && e.setup_s == 0); /* no cost model: no times */
    free(proof);
    free(adv);
    zki_pk_free(&pk);
    zki_srs_free(&srs);
    zki_cs_free(&cs);
}

CASE(estimate_sizes_exact_example_circuit) {
    check_exact(5, 0, 0);
    check_exact(6, 1, 0);
}

CASE(estimate_sizes_exact_example_circuit_shplonk) {
    check_exact(5, 0, 1);
    check_exact(5, 0, ZKI_CS_MAX_PACK);
    check_exact(6, 1, 2);
    check_exact(6, 1, 4);
}

CASE(estimate_witness_packs_follow_the_limit) {
    /* the example circuit's witness packs for every P: never more packs for a larger P,
     * at most P members, the evaluations only grow (members opened at their pack's
     * rotations), and P = 1 proves the polynomials one by one */
    zki_cs cs;
    zki_fr *adv = NULL, pub[ZKI_EXAMPLE_PUBLIC];
    uint32_t npub[1];
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, 6, 1, 1) == ZKI_OK);
    zki_estimate g, prev;
    REQUIRE(zki_estimate_circuit(&g, &cs, npub[0], NULL) == ZKI_OK);
    CHECK(g.n_wpacks == 0 && g.wpack_max_t == 0);
    uint32_t n_wit = cs.n_advice + 2 * cs.n_lookups + g.n_z;
    memset(&prev, 0, sizeof prev);
    const uint32_t ps[] = {1, 2, 3, 4, 8, 16, ZKI_CS_MAX_PACK};
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        zki_estimate e;
        cs.shplonk = ps[i];
        REQUIRE(zki_estimate_circuit(&e, &cs, npub[0], NULL) == ZKI_OK);
        CHECK(e.wpack_max_t >= 1 && e.wpack_max_t <= ps[i]);
        /* each pack holds at most P, so at least ⌈n_wit / P⌉ packs, and a sequence's cut
         * only ends a pack early at four rotations: no more than P = 1's */
        CHECK(e.n_wpacks >= (n_wit + ps[i] - 1) / ps[i] && e.n_wpacks <= n_wit);
        CHECK(e.n_queries >= g.n_queries);
        CHECK(e.proof_bytes == 64 * (size_t)(e.n_wpacks + 3) + 32 * (size_t)e.n_queries);
        if (i == 0) {
            CHECK_EQ_INT(e.n_wpacks, n_wit);
            CHECK_EQ_INT(e.n_queries, g.n_queries);
        } else {
            CHECK(e.n_wpacks <= prev.n_wpacks && e.wpack_max_t >= prev.wpack_max_t);
        }
        prev = e;
    }
    free(adv);
    zki_cs_free(&cs);
}

CASE(estimate_witness_packs_trade_small_commits_for_one_msm) {
    /* with small-scalar column commits 20x cheaper than full ones, packing the advice
     * costs round 1 more (one full t·n MSM instead of t small ones); z and φ are full
     * already, and one MSM of t·n points is no dearer than t of n */
    zki_cost_model m;
    memset(&m, 0, sizeof m);
    m.lo = 8;
    m.hi = 12;
    m.g1_lo = 6;
    m.g1_hi = 8;
    for (unsigned k = 3; k <= ZKI_COST_MAX_LOG; k++) {
        double n = ldexp(1.0, (int)k);
        m.ntt_ns[k] = m.coset_ext_ns[k] = m.g1_intt_ns[k] = 2.0 * n * k;
        m.msm_full_ns[k] = 2000.0 * n / k; /* as measured: a full MSM ~20x a small one, */
        m.msm_small_ns[k] = 100.0 * n / k; /* ~200 additions a point */
    }
    m.fr_mul_ns = 20;
    m.fr_add_ns = 1;
    m.lookup_row_ns = 100;
    m.constraint_op_ns = 10;
    m.expr_node_ns = 7;
    m.threads = zki_parallel_threads(0);
    zki_cs cs;
    zki_fr *adv = NULL, pub[ZKI_EXAMPLE_PUBLIC];
    uint32_t npub[1];
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, 10, 1, 1) == ZKI_OK);
    zki_estimate one, four;
    cs.shplonk = 1;
    REQUIRE(zki_estimate_circuit(&one, &cs, npub[0], &m) == ZKI_OK);
    cs.shplonk = 4;
    REQUIRE(zki_estimate_circuit(&four, &cs, npub[0], &m) == ZKI_OK);
    CHECK(four.n_wpacks < one.n_wpacks);
    CHECK(four.phase_s[ZKI_EST_ADVICE_COMMIT] > one.phase_s[ZKI_EST_ADVICE_COMMIT]);
    CHECK(four.phase_s[ZKI_EST_PERM_LOGUP] <= one.phase_s[ZKI_EST_PERM_LOGUP]);
    /* the multiplicities' commitments moved into the packs' phase */
    CHECK(four.phase_s[ZKI_EST_LOOKUP_M] <= one.phase_s[ZKI_EST_LOOKUP_M]);
    double sum = 0;
    for (int i = 0; i < ZKI_EST_N_PHASES; i++) sum += four.phase_s[i];
    CHECK(fabs(sum - four.prove_s) < 1e-9 * four.prove_s);
    free(adv);
    zki_cs_free(&cs);
}

CASE(parse_mem_size) {
    size_t v = 0;
    CHECK(zki_parse_mem_size("1024", &v) && v == 1024);
    CHECK(zki_parse_mem_size("512M", &v) && v == (size_t)512 << 20);
    CHECK(zki_parse_mem_size("4G", &v) && v == (size_t)4 << 30);
    CHECK(zki_parse_mem_size("2GiB", &v) && v == (size_t)2 << 30);
    CHECK(zki_parse_mem_size("64k", &v) && v == (size_t)64 << 10);
    CHECK(zki_parse_mem_size("3MB", &v) && v == (size_t)3 << 20);
    const char *bad[] = {"", "0", "0M", "-1", "12x", "M", "1.5G", "4GiBB", "4Gi", " 4G", "99999999999999999999",
                         "99999999999999G", NULL};
    for (int i = 0; bad[i]; i++) {
        v = 77;
        CHECK(!zki_parse_mem_size(bad[i], &v));
        CHECK(v == 77);
    }
    CHECK(!zki_parse_mem_size(NULL, &v));
}

/* A made-up model with exact n·log n and n/log n figures. */
static void synthetic(zki_cost_model *m) {
    memset(m, 0, sizeof *m);
    m->lo = 8;
    m->hi = 12;
    m->g1_lo = 6;
    m->g1_hi = 8;
    for (unsigned k = 3; k <= ZKI_COST_MAX_LOG; k++) {
        double n = ldexp(1.0, (int)k);
        m->ntt_ns[k] = m->coset_ext_ns[k] = m->g1_intt_ns[k] = 2.0 * n * k;
        m->msm_full_ns[k] = m->msm_small_ns[k] = 3.0 * n / k;
    }
    m->fr_mul_ns = 20;
    m->fr_add_ns = 5;
    m->lookup_row_ns = 100;
    m->constraint_op_ns = 10;
    m->expr_node_ns = 7;
    m->threads = zki_parallel_threads(0);
}

CASE(cost_extrapolation) {
    zki_cost_model m;
    synthetic(&m);
    /* inside: the table; outside: the same law */
    CHECK(zki_cost_ntt(&m, 10) == m.ntt_ns[10]);
    CHECK(fabs(zki_cost_ntt(&m, 20) - 2.0 * ldexp(1.0, 20) * 20) < 1e-3);
    CHECK(fabs(zki_cost_msm_full(&m, 22) - 3.0 * ldexp(1.0, 22) / 22) < 1e-3);
    CHECK(fabs(zki_cost_ntt(&m, 4) - 2.0 * 16 * 4) < 1e-6);
    CHECK(fabs(zki_cost_g1_intt(&m, 16) - 2.0 * ldexp(1.0, 16) * 16) < 1e-3);
    /* one noisy size at the end does not set the slope (median of three) */
    m.ntt_ns[12] *= 10;
    double r = zki_cost_ntt(&m, 18) / (2.0 * ldexp(1.0, 18) * 18);
    CHECK(r > 0.99 && r < 1.01);
}

CASE(cost_model_cache_round_trip) {
    char path[64];
    mkdir("build/test-tmp", 0777);
    snprintf(path, sizeof path, "build/test-tmp/cost-%ld.json", (long)getpid());
    zki_cost_model m, r;
    synthetic(&m);
    REQUIRE(zki_cost_model_write(&m, path) == ZKI_OK);
    REQUIRE(zki_cost_model_read(&r, path) == ZKI_OK);
    CHECK(r.lo == m.lo && r.hi == m.hi && r.g1_lo == m.g1_lo && r.g1_hi == m.g1_hi);
    for (unsigned k = m.lo; k <= m.hi; k++) CHECK(fabs(r.ntt_ns[k] - m.ntt_ns[k]) < 1e-6 * m.ntt_ns[k]);
    CHECK(fabs(r.expr_node_ns - 7) < 1e-9);
    /* damaged and stale files */
    const char *bad[] = {"", "{", "[]", "{\"format\": \"other\"}", "{\"format\": \"zkinfer-cost-model\"}", NULL};
    for (int i = 0; bad[i]; i++) {
        FILE *f = fopen(path, "w");
        REQUIRE(f);
        fputs(bad[i], f);
        fclose(f);
        CHECK(zki_cost_model_read(&r, path) == ZKI_ERR_ENCODING);
    }
    m.threads += 1; /* measured with another thread count */
    REQUIRE(zki_cost_model_write(&m, path) == ZKI_OK);
    CHECK(zki_cost_model_read(&r, path) == ZKI_ERR_VERSION);
    m.threads -= 1;
    m.ntt_ns[9] = -1; /* a negative time */
    REQUIRE(zki_cost_model_write(&m, path) == ZKI_OK);
    CHECK(zki_cost_model_read(&r, path) == ZKI_ERR_ENCODING);
    unlink(path);
    CHECK(zki_cost_model_read(&r, path) == ZKI_ERR_IO);
    CHECK(zki_cost_model_calibrate(&r, 2, 9) == ZKI_ERR_ARG);
    CHECK(zki_cost_model_calibrate(&r, 10, 9) == ZKI_ERR_ARG);
    CHECK(zki_cost_model_calibrate(&r, 8, 17) == ZKI_ERR_ARG);
}

CASE(cost_model_cache_measured_on_a_busy_machine_is_measured_again) {
    /* a cache whose NTT and MSM figures are 20x what this machine does (as if measured
     * under heavy load) is measured again by zki_cost_model_load over its own sizes; a
     * cache 20x too fast (the probe itself slowed down) is kept */
    char path[64];
    mkdir("build/test-tmp", 0777);
    snprintf(path, sizeof path, "build/test-tmp/cost-stale-%ld.json", (long)getpid());
    zki_cost_model m, r;
    REQUIRE(zki_cost_model_calibrate(&m, 8, 10) == ZKI_OK);
    double p = zki_cost_model_probe(&m);
    CHECK(p > 0);
    zki_cost_model slow = m, fast = m;
    for (unsigned k = m.lo; k <= m.hi; k++) {
        slow.ntt_ns[k] *= 20;
        slow.msm_full_ns[k] *= 20;
        fast.ntt_ns[k] /= 20;
        fast.msm_full_ns[k] /= 20;
    }
    CHECK(zki_cost_model_probe(&slow) > ZKI_COST_STALE_RATIO);
    CHECK(zki_cost_model_probe(&fast) < 1);
    int measured = -1;
    REQUIRE(zki_cost_model_write(&slow, path) == ZKI_OK);
    REQUIRE(zki_cost_model_load(&r, path, &measured) == ZKI_OK);
    CHECK(measured == 1);
    CHECK(r.lo == 8 && r.hi == 10);
    CHECK(r.ntt_ns[10] < slow.ntt_ns[10] / 4);
    /* rewritten: the next load keeps it */
    REQUIRE(zki_cost_model_read(&r, path) == ZKI_OK);
    CHECK(r.ntt_ns[10] < slow.ntt_ns[10] / 4);
    REQUIRE(zki_cost_model_write(&fast, path) == ZKI_OK);
    REQUIRE(zki_cost_model_load(&r, path, &measured) == ZKI_OK);
    CHECK(measured == 0);
    CHECK(fabs(r.ntt_ns[10] - fast.ntt_ns[10]) < 1e-6 * fast.ntt_ns[10]);
    unlink(path);
}

CASE(estimate_times_grow_with_rows) {
    zki_cost_model m;
    synthetic(&m);
    zki_estimate a, b;
    zki_cs cs;
    zki_fr *adv = NULL, pub[ZKI_EXAMPLE_PUBLIC];
    uint32_t npub[1];
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, 6, 0, 1) == ZKI_OK);
    REQUIRE(zki_estimate_circuit(&a, &cs, npub[0], &m) == ZKI_OK);
    free(adv);
    zki_cs_free(&cs);
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, 10, 0, 1) == ZKI_OK);
    REQUIRE(zki_estimate_circuit(&b, &cs, npub[0], &m) == ZKI_OK);
    free(adv);
    zki_cs_free(&cs);
    CHECK(a.prove_s > 0 && b.prove_s > 8 * a.prove_s);
    CHECK(b.setup_s > a.setup_s && b.prove_peak_bytes > a.prove_peak_bytes);
    double sum = 0;
    for (int i = 0; i < ZKI_EST_N_PHASES; i++) sum += b.phase_s[i];
    CHECK(fabs(sum - b.prove_s) < 1e-9 * b.prove_s);
}

CASE(estimate_shplonk_trades_prover_time_for_fewer_commitments) {
    /* the same layout: SHPLONK's proof has fewer commitments, its VK packs instead of
     * fixed and σ, and packing everything costs a longer SRS and more prover time than
     * packs no longer than the quotient */
    zki_cost_model m;
    synthetic(&m);
    zki_cs cs;
    zki_fr *adv = NULL, pub[ZKI_EXAMPLE_PUBLIC];
    uint32_t npub[1];
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, 8, 1, 1) == ZKI_OK);
    zki_estimate g, small, all;
    REQUIRE(zki_estimate_circuit(&g, &cs, npub[0], &m) == ZKI_OK);
    cs.shplonk = 2;
    REQUIRE(zki_estimate_circuit(&small, &cs, npub[0], &m) == ZKI_OK);
    cs.shplonk = ZKI_CS_MAX_PACK;
    REQUIRE(zki_estimate_circuit(&all, &cs, npub[0], &m) == ZKI_OK);
    CHECK(g.shplonk == 0 && g.n_opens == 0 && g.n_packs == 0);
    CHECK(all.proof_commitments < g.proof_commitments);
    CHECK(all.proof_bytes < g.proof_bytes && all.proof_commitments <= small.proof_commitments);
    CHECK(all.n_packs <= small.n_packs && all.n_opens <= small.n_opens);
    CHECK(all.vk_bytes < g.vk_bytes);
    CHECK(all.srs_powers >= small.srs_powers && small.srs_powers > g.srs_powers);
    CHECK(all.pack_max_t > g.n_t ? all.phase_s[ZKI_EST_OPENING] > small.phase_s[ZKI_EST_OPENING] : 1);
    CHECK(all.pk_bytes >= small.pk_bytes && small.pk_bytes > g.pk_bytes);
    double sum = 0;
    for (int i = 0; i < ZKI_EST_N_PHASES; i++) sum += all.phase_s[i];
    CHECK(fabs(sum - all.prove_s) < 1e-9 * all.prove_s);
    CHECK(all.prove_peak_bytes >= g.prove_peak_bytes);
    free(adv);
    zki_cs_free(&cs);
    /* the --logrows of a dev SRS */
    CHECK_EQ_INT(zki_srs_logrows_for(0), 1);
    CHECK_EQ_INT(zki_srs_logrows_for(2), 1);
    CHECK_EQ_INT(zki_srs_logrows_for(3), 2);
    CHECK_EQ_INT(zki_srs_logrows_for(513), 10);
    CHECK_EQ_INT(zki_srs_logrows_for((size_t)4 * 131072 + 1), 20);
}

CASE(estimate_shape_vk_matches_description) {
    zki_cs cs;
    zki_fr *adv = NULL, pub[ZKI_EXAMPLE_PUBLIC];
    uint32_t npub[1];
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, 5, 0, 1) == ZKI_OK);
    zki_vk vk;
    REQUIRE(zki_estimate_shape_vk(&vk, &cs, npub[0]) == ZKI_OK);
    CHECK_EQ_INT(vk.cs.n_nodes, cs.n_nodes);
    CHECK_EQ_INT(vk.L.n_public, npub[0]);
    zki_vk_free(&vk);
    /* public inputs without an instance column */
    zki_cs bare;
    REQUIRE(zki_cs_init(&bare, 4, 1, 1, 0) == ZKI_OK);
    CHECK(zki_estimate_shape_vk(&vk, &bare, 3) == ZKI_ERR_ARG);
    zki_estimate e;
    CHECK(zki_estimate_circuit(&e, NULL, 0, NULL) == ZKI_ERR_ARG);
    zki_cs_free(&bare);
    free(adv);
    zki_cs_free(&cs);
}
