/* The light verifier (verifier/zkv.c) against the prover's library:
 *   - Keccak-256 equals zki_keccak256 on every length 0..300 (rate boundaries), and the
 *     transcript reproduces PROTOCOL.md §3.3's golden vector;
 *   - the pairing agrees with go-ethereum's EIP-197 vectors (those with <= 2 pairs) and
 *     the G1/G2 decoders report the first failing check of the invalid vectors;
 *   - differential: on proofs of the example circuit (several sizes, both variants, and
 *     a false statement proved with the prover's checks off), zkv_verify and zki_verify
 *     give the same verdict class (accept / reject / malformed) on the valid proof, on
 *     single-byte corruptions of the proof, on changed and non-canonical public inputs,
 *     on wrong lengths; and zkv_vk_parse rejects every VK the full decoder rejects.
 *
 * zkv.c is compiled into this test file (#include below) so the main test binary links
 * it without a Makefile change; its names are zkv_ or static, so nothing clashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../verifier/zkv.c"
#include "example.h"
#include "keccak.h"
#include "prove.h"
#include "test.h"
#include "../plonk/srs_cache.h"

/* ---- Keccak and transcript */

CASE(zkv_keccak_matches_prover) {
    uint8_t msg[300], a[32], b[32];
    zt_rand_bytes(msg, sizeof msg);
    for (size_t len = 0; len <= sizeof msg; len++) {
        zkv_keccak256(a, msg, len);
        zki_keccak256(b, msg, len);
        CHECK(memcmp(a, b, 32) == 0);
    }
    static const uint8_t abc[32] = {0x4e, 0x03, 0x65, 0x7a, 0xea, 0x45, 0xa9, 0x4f, 0xc7, 0xd4, 0x7b,
                                    0xa8, 0x26, 0xc8, 0xd6, 0x67, 0xc0, 0xd1, 0xe6, 0xe3, 0x3a, 0x64,
                                    0xa0, 0x36, 0xec, 0x44, 0xf5, 0x8f, 0xa1, 0x2d, 0x6c, 0x45};
    zkv_keccak256(a, (const uint8_t *)"abc", 3);
    CHECK(memcmp(a, abc, 32) == 0);
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static long unhex(uint8_t *out, const char *s, size_t len) {
    if (len % 2) return -1;
    for (size_t i = 0; i < len / 2; i++) {
        int h = hexval(s[2 * i]), l = hexval(s[2 * i + 1]);
        if (h < 0 || l < 0) return -1;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return (long)(len / 2);
}

static void fr_bytes(uint8_t out[32], const fe *a) {
    fe t;
    fe_to_plain(&t, a, &FR);
    for (int i = 0; i < 32; i++) out[i] = (uint8_t)(t.v[(31 - i) / (LB / 8)] >> (8 * ((31 - i) % (LB / 8))));
}

CASE(zkv_transcript_golden_vector) {
    /* PROTOCOL.md §3.3 */
    uint8_t vkd[32], w[64], got[32], want[32];
    zkv_keccak256(vkd, (const uint8_t *)"zkinfer test vk", 15);
    transcript t;
    fe c;
    tr_init(&t, "zkinfer-plonk-v1", 16);
    tr_absorb(&t, vkd, 1);
    memset(w, 0, 64);
    w[31] = 7;
    tr_absorb(&t, w, 1);
    memset(w, 0, 64);
    w[31] = 1;
    w[63] = 2;
    tr_absorb(&t, w, 2);
    memset(w, 0, 64);
    tr_absorb(&t, w, 2);
    tr_squeeze(&t, &c);
    fr_bytes(got, &c);
    unhex(want, "100c0028ab7093aa66a45e125923ee2fa89b72b3517e731f5afb9d2bcddf2cd4", 64);
    CHECK(memcmp(got, want, 32) == 0);
    unhex(w, "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000", 64);
    tr_absorb(&t, w, 1);
    unhex(w, "0000000000000000000000000000000000000000000000000000000000000001"
             "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45", 128);
    tr_absorb(&t, w, 2);
    tr_squeeze(&t, &c);
    fr_bytes(got, &c);
    unhex(want, "1db182cd8d2c888bfa08217352630d1f57186474a4ec2b8b6339bb488ea867a1", 64);
    CHECK(memcmp(got, want, 32) == 0);
    tr_squeeze(&t, &c);
    fr_bytes(got, &c);
    unhex(want, "05554ef8e6bbbbabf12eedae4c3944e108b0d0e3d44fd3744f63d0918d6f208a", 64);
    CHECK(memcmp(got, want, 32) == 0);
}

/* ---- pairing and point decoding against the EIP-197 vectors */

typedef void (*vector_fn)(const char *name, const uint8_t *in, size_t len, const char *expected);

static long for_each_vector(const char *path, vector_fn fn) {
    size_t flen;
    char *text = (char *)zt_read_file(path, &flen);
    if (!text) return -1;
    uint8_t *in = malloc(flen / 2 + 1);
    long count = 0;
    for (char *line = strtok(text, "\n"); in && line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || line[0] == 0) continue;
        char *sp1 = strchr(line, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
        if (!sp2) {
            count = -1;
            break;
        }
        *sp1 = *sp2 = 0;
        char *hin = sp1 + 1, *exp = sp2 + 1;
        exp[strcspn(exp, " \r")] = 0;
        long n = strcmp(hin, "-") == 0 ? 0 : unhex(in, hin, strlen(hin));
        if (n < 0) {
            count = -1;
            break;
        }
        fn(line, in, (size_t)n, exp);
        count++;
    }
    free(in);
    free(text);
    return count;
}

/* decode k pairs like the precompile; returns the first error */
static zkv_status decode_pairs(const uint8_t *in, size_t len, g1a P[2], g2a Q[2]) {
    memset(P, 0, 2 * sizeof *P);
    memset(Q, 0, 2 * sizeof *Q);
    if (len % 192 || len / 192 > 2) return ZKV_ERR_SIZE;
    for (size_t k = 0; k < len / 192; k++) {
        zkv_status st = g1a_from_bytes(&P[k], in + 192 * k);
        if (st == ZKV_OK) st = g2a_from_bytes(&Q[k], in + 192 * k + 64, 1);
        if (st != ZKV_OK) return st;
    }
    return ZKV_OK;
}

static unsigned pairing_checked, pairing_ones;

static void check_valid_vector(const char *name, const uint8_t *in, size_t len, const char *expected) {
    if (len / 192 > 2) return; /* the light verifier's pairing takes two pairs */
    g1a P[2];
    g2a Q[2];
    CHECK(decode_pairs(in, len, P, Q) == ZKV_OK);
    int want = expected[strlen(expected) - 1] == '1';
    int got = pairing_check2(P, Q);
    if (got != want) fprintf(stderr, "  zkv eip197 vector %s: got %d want %d\n", name, got, want);
    CHECK(got == want);
    pairing_checked++;
    pairing_ones += (unsigned)want;
}

CASE(zkv_pairing_eip197_vectors) {
    pairing_checked = pairing_ones = 0;
    CHECK(for_each_vector("tests/vectors/eip197_pairing.txt", check_valid_vector) == 14);
    CHECK(pairing_checked >= 8);
    CHECK(pairing_ones >= 1 && pairing_ones < pairing_checked);
}

static unsigned invalid_checked;

static void check_invalid_vector(const char *name, const uint8_t *in, size_t len, const char *expected) {
    static const struct {
        const char *tok;
        zkv_status st;
    } map[4] = {{"size", ZKV_ERR_SIZE},
                {"noncanonical", ZKV_ERR_NONCANONICAL},
                {"not_on_curve", ZKV_ERR_NOT_ON_CURVE},
                {"not_in_subgroup", ZKV_ERR_NOT_IN_SUBGROUP}};
    if (len % 192 == 0 && len / 192 > 2) return;
    g1a P[2];
    g2a Q[2];
    zkv_status st = decode_pairs(in, len, P, Q);
    for (int i = 0; i < 4; i++)
        if (!strcmp(expected, map[i].tok)) {
            if (st != map[i].st) fprintf(stderr, "  zkv invalid vector %s: %d want %s\n", name, (int)st, expected);
            CHECK(st == map[i].st);
            invalid_checked++;
        }
}

CASE(zkv_point_decoding_eip197_invalid_vectors) {
    invalid_checked = 0;
    CHECK(for_each_vector("tests/vectors/eip197_pairing_invalid.txt", check_invalid_vector) == 18);
    CHECK(invalid_checked >= 10);
}

CASE(zkv_pairing_bilinear) {
    /* e(aP, bQ)·e(-abP, Q) = 1, and e(aP, bQ)·e(-P, Q) != 1 */
    for (unsigned it = 0; it < zt_iters(4); it++) {
        zki_g1_aff g1, a1, ab1;
        zki_g2_aff g2, b2;
        zki_g1 j1;
        zki_g2 j2;
        zki_fr a, b, ab;
        zki_fr_set_u64(&a, zt_rand_u64());
        zki_fr_set_u64(&b, zt_rand_u64());
        zki_fr_mul(&ab, &a, &b);
        zki_g1_generator(&g1);
        zki_g2_generator(&g2);
        zki_g1_from_aff(&j1, &g1);
        zki_g1_mul(&j1, &j1, &a);
        zki_g1_to_aff(&a1, &j1);
        zki_g1_from_aff(&j1, &g1);
        zki_g1_mul(&j1, &j1, &ab);
        zki_g1_neg(&j1, &j1);
        zki_g1_to_aff(&ab1, &j1);
        zki_g2_from_aff(&j2, &g2);
        zki_g2_mul(&j2, &j2, &b);
        zki_g2_to_aff(&b2, &j2);
        uint8_t buf[128];
        g1a P[2];
        g2a Q[2];
        zki_g1_aff_to_bytes(buf, &a1);
        REQUIRE(g1a_from_bytes(&P[0], buf) == ZKV_OK);
        zki_g1_aff_to_bytes(buf, &ab1);
        REQUIRE(g1a_from_bytes(&P[1], buf) == ZKV_OK);
        zki_g2_aff_to_bytes(buf, &b2);
        REQUIRE(g2a_from_bytes(&Q[0], buf, 1) == ZKV_OK);
        zki_g2_aff_to_bytes(buf, &g2);
        REQUIRE(g2a_from_bytes(&Q[1], buf, 1) == ZKV_OK);
        CHECK(pairing_check2(P, Q));
        fq_neg(&P[1].y, &P[1].y); /* e(aP, bQ)·e(abP, Q) = e(P,Q)^(2ab) != 1 */
        CHECK(!pairing_check2(P, Q));
    }
}

CASE(zkv_field_matches_prover) {
    for (unsigned it = 0; it < zt_iters(200); it++) {
        zki_fr a, b, r;
        uint8_t ab[32], bb[32], want[32], got[32];
        zki_fr_set_u64(&a, zt_rand_u64());
        zki_fr_mul(&a, &a, &a);
        zki_fr_mul(&a, &a, &a);
        zki_fr_set_u64(&b, zt_rand_u64());
        zki_fr_mul(&b, &b, &a);
        zki_fr_to_bytes(ab, &a);
        zki_fr_to_bytes(bb, &b);
        fe x, y, z;
        REQUIRE(fe_from_bytes(&x, ab, &FR) && fe_from_bytes(&y, bb, &FR));
        zki_fr_mul(&r, &a, &b);
        zki_fr_to_bytes(want, &r);
        fr_mul(&z, &x, &y);
        fr_bytes(got, &z);
        CHECK(memcmp(got, want, 32) == 0);
        zki_fr_sub(&r, &a, &b);
        zki_fr_to_bytes(want, &r);
        fr_sub(&z, &x, &y);
        fr_bytes(got, &z);
        CHECK(memcmp(got, want, 32) == 0);
        zki_fr_inv(&r, &a);
        zki_fr_to_bytes(want, &r);
        fe_inv(&z, &x, &FR);
        fr_bytes(got, &z);
        CHECK(memcmp(got, want, 32) == 0);
    }
}

/* ---- differential against the full verifier */

typedef enum { V_ACCEPT = 0, V_REJECT = 1, V_MALFORMED = 2 } verdict;

static verdict of_zki(zki_status st) { return st == ZKI_OK ? V_ACCEPT : st == ZKI_REJECT ? V_REJECT : V_MALFORMED; }
static verdict of_zkv(zkv_status st) { return st == ZKV_OK ? V_ACCEPT : st == ZKV_REJECT ? V_REJECT : V_MALFORMED; }

typedef struct {
    zki_cs cs;
    zki_fr *adv;
    zki_fr pub[2];
    uint32_t npub[1];
    zki_pk pk;
    uint8_t *vkb, *proof, pubb[2][32];
    size_t vk_len, len;
    zkv_vk vk;
    uint64_t *work;
    size_t work_size;
} dfix;

static zki_srs *srs_for(unsigned log_n) { return zt_srs_cached(log_n, "zkv tests"); }

/* Variant 2's late columns filled for challenges 3 and 5 instead of the transcript's:
 * what a prover choosing them before the challenges would do. */
static zki_status late_for_other_challenges(void *ctx, const zki_fr *ch, zki_fr *A) {
    (void)ch;
    zki_fr c[2];
    zki_fr_set_u64(&c[0], 3);
    zki_fr_set_u64(&c[1], 5);
    return zki_example_late(ctx, c, A);
}

/* false_stmt 1: break the witness (the mac gate on row 4) and prove anyway; 2 (variant
 * 2): fill the late columns for other challenges and prove anyway. Variant 2 proves with
 * zki_prove_late (late columns a5, a6, challenges c0, c1, a version-2 VK). */
/* Gates that vanish identically but read fixed columns at other rotations: f1, f2 at
 * {0, 1} and f3 at {-1, 0} (rotation -1 is a new opening point), so the SHPLONK packs
 * come in three groups of different rotation sets instead of one. */
static int add_rotation_gates(zki_cs *cs) {
    static const struct {
        uint32_t col;
        int rot;
    } r[3] = {{1, 1}, {2, 1}, {3, -1}};
    for (int i = 0; i < 3; i++) {
        zki_expr f = zki_cs_cell(cs, ZKI_COL_FIXED, r[i].col, r[i].rot), a = zki_cs_cell(cs, ZKI_COL_ADVICE, 0, 0);
        if (zki_cs_gate(cs, "rot", zki_cs_sub(cs, zki_cs_mul(cs, f, a), zki_cs_mul(cs, a, f))) != ZKI_OK) return 0;
    }
    return 1;
}

/* Gates that vanish identically but read advice columns a1 at -1, a2 at 2, a4 at 3: with
 * a3's {0, 1} the early advice spans 5 rotations, so a witness pack holding them all
 * would exceed 4 and the greedy cut splits S1 whatever P (PROTOCOL.md §4.7). */
static int add_advice_rotation_gates(zki_cs *cs) {
    static const struct {
        uint32_t col;
        int rot;
    } r[3] = {{1, -1}, {2, 2}, {4, 3}};
    for (int i = 0; i < 3; i++) {
        zki_expr b = zki_cs_cell(cs, ZKI_COL_ADVICE, r[i].col, r[i].rot), a = zki_cs_cell(cs, ZKI_COL_ADVICE, 0, 0);
        if (zki_cs_gate(cs, "arot", zki_cs_sub(cs, zki_cs_mul(cs, b, a), zki_cs_mul(cs, a, b))) != ZKI_OK) return 0;
    }
    return 1;
}

/* The keys of the example circuit with a v3 VK parsed by zkv (no proof yet).
 * shplonk: the pack limit P (0: GWC); rots: 1 add_rotation_gates, 2
 * add_advice_rotation_gates (bits) */
static int dsetup_keys(dfix *F, uint32_t log_n, int variant, uint32_t shplonk, int rots) {
    memset(F, 0, sizeof *F);
    if (zki_example_circuit(&F->cs, &F->adv, F->pub, F->npub, log_n, variant, zt_rand_u64()) != ZKI_OK) return 0;
    if ((rots & 1) && !add_rotation_gates(&F->cs)) return 0;
    if ((rots & 2) && !add_advice_rotation_gates(&F->cs)) return 0;
    unsigned srs_log = log_n + 1;
    if (shplonk) { /* SHPLONK: an SRS of zki_plonk_srs_need powers (packs, the whole quotient) */
        zki_plonk_layout L;
        if (zki_cs_set_shplonk(&F->cs, shplonk) != ZKI_OK || zki_plonk_layout_init(&L, &F->cs, F->npub) != ZKI_OK)
            return 0;
        size_t need = zki_plonk_srs_need(&L);
        zki_plonk_layout_free(&L);
        for (srs_log = log_n; ((size_t)1 << srs_log) < need; srs_log++) {}
    }
    zki_srs *srs = srs_for(srs_log);
    if (!srs || zki_keygen(&F->pk, &F->cs, F->npub, srs, 0) != ZKI_OK) return 0;
    if (zki_vk_encode(&F->pk.vk, NULL, 0, &F->vk_len) != ZKI_OK) return 0;
    F->vkb = malloc(F->vk_len);
    if (!F->vkb || zki_vk_encode(&F->pk.vk, F->vkb, F->vk_len, &F->vk_len) != ZKI_OK) return 0;
    for (int i = 0; i < 2; i++) zki_fr_to_bytes(F->pubb[i], &F->pub[i]);
    if (zkv_vk_parse(&F->vk, F->vkb, F->vk_len) != ZKV_OK) return 0;
    F->work_size = zkv_workspace_size(&F->vk);
    F->work = malloc(F->work_size + 8);
    F->len = zki_plonk_proof_size(&F->pk.vk.L, &F->pk.vk.cs);
    F->proof = calloc(1, F->len);
    return F->work != NULL && F->proof != NULL;
}

/* dsetup_keys and a proof; false_stmt: see above */
static int dsetup_p(dfix *F, uint32_t log_n, int variant, int false_stmt, uint32_t shplonk, int rots) {
    if (!dsetup_keys(F, log_n, variant, shplonk, rots)) return 0;
    if (false_stmt == 1) {
        zki_fr one;
        zki_fr_set_one(&one);
        zki_fr_add(&F->adv[3 * F->cs.n + 5], &F->adv[3 * F->cs.n + 5], &one);
    }
    zki_late_fn late = variant != 2 ? NULL : false_stmt == 2 ? late_for_other_challenges : zki_example_late;
    zki_status st = zki_prove_late(&F->pk, F->adv, late, &F->pk.vk.cs, F->pub, F->proof, F->len, zt_rng, NULL, 0,
                                   false_stmt ? ZKI_PROVE_UNCHECKED : 0);
    return st == ZKI_OK;
}

static int dsetup(dfix *F, uint32_t log_n, int variant, int false_stmt) {
    return dsetup_p(F, log_n, variant, false_stmt, 0, 0);
}

static void dfree(dfix *F) {
    zki_cs_free(&F->cs);
    free(F->adv);
    zki_pk_free(&F->pk);
    free(F->proof);
    free(F->vkb);
    free(F->work);
}

static unsigned diff_cases, diff_by[3];

/* both verdicts on (proof, pub); CHECKs they agree; returns the verdict */
static verdict both(dfix *F, const uint8_t *proof, size_t len, const uint8_t (*pub)[32], size_t npub) {
    verdict a = of_zki(zki_verify_bytes(&F->pk.vk, pub[0], npub, proof, len));
    verdict b = of_zkv(zkv_verify(&F->vk, proof, len, pub, npub, F->work, F->work_size));
    if (a != b) fprintf(stderr, "  zkv differential: full %d light %d (seed %llu)\n", a, b, (unsigned long long)zt_seed());
    CHECK(a == b);
    diff_cases++;
    diff_by[b]++;
    return b;
}

/* the byte offset of the first evaluation in the fixture's proof */
static size_t evals_off(const dfix *F) {
    const zki_plonk_layout *L = &F->pk.vk.L;
    if (L->shplonk) return 64 * ((size_t)L->n_wpacks + 1); /* v3: the witness packs, [T] whole */
    return 64 * ((size_t)F->pk.vk.cs.n_advice + 2 * (size_t)F->pk.vk.cs.n_lookups + L->n_z + L->n_t);
}

static void differential_p(uint32_t log_n, int variant, int false_stmt, size_t stride, uint32_t shplonk, int rots) {
    dfix F;
    REQUIRE(dsetup_p(&F, log_n, variant, false_stmt, shplonk, rots));
    CHECK_EQ_INT(zkv_proof_size(&F.vk), F.len);
    CHECK_EQ_INT(zkv_public_count(&F.vk), 2);
    CHECK(both(&F, F.proof, F.len, F.pubb, 2) == (false_stmt ? V_REJECT : V_ACCEPT));
    size_t nt = F.pk.vk.L.n_t;
    uint8_t *bad = malloc(F.len + 32 * nt + 32);
    REQUIRE(bad);
    /* single-byte corruptions: every stride-th byte, a random nonzero xor */
    for (size_t i = zt_rand_u64() % stride; i < F.len; i += stride) {
        memcpy(bad, F.proof, F.len);
        bad[i] ^= (uint8_t)(1 + zt_rand_u64() % 255);
        verdict v = both(&F, bad, F.len, F.pubb, 2);
        CHECK(v != V_ACCEPT);
    }
    /* public inputs: each changed, swapped, non-canonical; wrong counts */
    uint8_t pb[3][32];
    for (int k = 0; k < 2; k++) {
        memcpy(pb, F.pubb, 64);
        pb[k][31] ^= 1;
        CHECK(both(&F, F.proof, F.len, (const uint8_t(*)[32])pb, 2) != V_ACCEPT);
        memcpy(pb, F.pubb, 64);
        unhex(pb[k], "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", 64); /* r */
        CHECK(both(&F, F.proof, F.len, (const uint8_t(*)[32])pb, 2) == V_MALFORMED);
    }
    memcpy(pb[0], F.pubb[1], 32);
    memcpy(pb[1], F.pubb[0], 32);
    if (memcmp(pb[0], pb[1], 32) != 0) CHECK(both(&F, F.proof, F.len, (const uint8_t(*)[32])pb, 2) != V_ACCEPT);
    memcpy(pb, F.pubb, 64);
    memset(pb[2], 0, 32);
    CHECK(both(&F, F.proof, F.len, (const uint8_t(*)[32])pb, 1) == V_MALFORMED);
    CHECK(both(&F, F.proof, F.len, (const uint8_t(*)[32])pb, 3) == V_MALFORMED);
    /* lengths */
    memcpy(bad, F.proof, F.len);
    memset(bad + F.len, 0, 32);
    CHECK(both(&F, bad, F.len - 1, F.pubb, 2) == V_MALFORMED);
    CHECK(both(&F, bad, F.len + 32, F.pubb, 2) == V_MALFORMED);
    /* the length of a zkinfer-plonk-v1 proof (32 bytes per quotient chunk more) */
    memset(bad + F.len, 0, 32 * nt);
    CHECK(zkv_verify(&F.vk, bad, F.len + 32 * nt, F.pubb, 2, F.work, F.work_size) == ZKV_ERR_SIZE);
    CHECK(both(&F, bad, F.len + 32 * nt, F.pubb, 2) == V_MALFORMED);
    /* a changed evaluation (canonical): the derived quotient value no longer opens */
    {
        size_t ev = evals_off(&F);
        zki_fr e, one;
        zki_fr_set_one(&one);
        memcpy(bad, F.proof, F.len);
        REQUIRE(zki_fr_from_bytes(&e, bad + ev) == ZKI_OK);
        zki_fr_add(&e, &e, &one);
        zki_fr_to_bytes(bad + ev, &e);
        CHECK(zkv_verify(&F.vk, bad, F.len, F.pubb, 2, F.work, F.work_size) == ZKV_REJECT);
        CHECK(both(&F, bad, F.len, F.pubb, 2) == V_REJECT);
    }
    /* workspace too small, misaligned */
    CHECK(zkv_verify(&F.vk, F.proof, F.len, F.pubb, 2, F.work, F.work_size - 1) == ZKV_ERR_WORKSPACE);
    CHECK(zkv_verify(&F.vk, F.proof, F.len, F.pubb, 2, (uint8_t *)F.work + 4, F.work_size) == ZKV_ERR_ARG);
    free(bad);
    dfree(&F);
}

static void differential(uint32_t log_n, int variant, int false_stmt, size_t stride) {
    differential_p(log_n, variant, false_stmt, stride, 0, 0);
}

CASE(zkv_differential_example_circuit) {
    diff_cases = 0;
    memset(diff_by, 0, sizeof diff_by);
    size_t stride = zt_iters(10) < 10 ? 41 : 3;
    differential(4, 0, 0, stride);
    differential(5, 1, 0, stride * 2);
    differential(6, 0, 0, stride * 4);
    differential(5, 0, 1, stride * 4);
    differential(5, 2, 0, stride * 2);
    differential(4, 2, 2, stride * 4);
    if (zt_iters(10) >= 10) differential(8, 1, 0, 16);
    fprintf(stderr, "  zkv differential: %u cases (accept %u, reject %u, malformed %u)\n", diff_cases, diff_by[0],
            diff_by[1], diff_by[2]);
    CHECK(diff_cases >= (zt_iters(10) < 10 ? 100u : 500u));
    CHECK(diff_by[1] > 0 && diff_by[2] > 0);
}

CASE(zkv_vk_corruptions_rejected_like_full_decoder) {
    dfix F;
    REQUIRE(dsetup(&F, 4, 0, 0));
    uint8_t *bad = malloc(F.vk_len + 1);
    REQUIRE(bad);
    unsigned n = 0;
    size_t stride = zt_iters(10) < 10 ? 29 : 3;
    for (size_t i = zt_rand_u64() % stride; i < F.vk_len; i += stride) {
        memcpy(bad, F.vkb, F.vk_len);
        bad[i] ^= (uint8_t)(1 + zt_rand_u64() % 255);
        zki_vk full;
        zki_status a = zki_vk_decode(&full, bad, F.vk_len);
        if (a == ZKI_OK) zki_vk_free(&full);
        zkv_vk vk;
        zkv_status b = zkv_vk_parse(&vk, bad, F.vk_len);
        if (b == ZKV_OK) b = zkv_verify(&vk, F.proof, F.len, F.pubb, 2, F.work, F.work_size);
        CHECK(a != ZKI_OK && b != ZKV_OK && b != ZKV_REJECT);
        n++;
    }
    CHECK(n > 10);
    zkv_vk vk;
    CHECK(zkv_vk_parse(&vk, F.vkb, F.vk_len - 1) != ZKV_OK);
    memcpy(bad, F.vkb, F.vk_len);
    bad[F.vk_len] = 0;
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len + 1) == ZKV_ERR_SIZE);
    CHECK(zkv_vk_parse(&vk, F.vkb, 0) == ZKV_ERR_ENCODING);
    CHECK(zkv_vk_parse(&vk, NULL, 10) == ZKV_ERR_ARG);
    memcpy(bad, F.vkb, F.vk_len);
    bad[8] = 4;
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_VERSION);
    bad[8] = 0;
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_VERSION);
    memcpy(bad, F.vkb, F.vk_len);
    bad[F.vk_len - 1] ^= 1;
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_DIGEST);
    for (int s = 0; s <= 11; s++) CHECK(zkv_status_str((zkv_status)s) != NULL);
    free(bad);
    dfree(&F);
}

/* ---- VK version 2 (late advice columns and challenges, PROTOCOL.md §4.1, §5).
 * Edits are re-digested, so the edited field is the only difference the parser sees. */

#define V2_HEADER 64 /* magic, version, 11 counts, A_late, n_c */

static void wr32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static void vk_redigest(uint8_t *vk, size_t len) { zkv_keccak256(vk + len - 32, vk, len - 32); }

/* byte offset of node i in a VK of either version */
static size_t vk_node_off(const uint8_t *vk, uint32_t i) {
    size_t header = rd32(vk + 8) == 3 ? 68 : rd32(vk + 8) == 2 ? V2_HEADER : 56;
    return header + 4 * (size_t)rd32(vk + 12 + 16) + 12 * (size_t)i;
}

/* rewrites node i (op, kind, rot, a, b) and re-digests */
static void vk_set_node(uint8_t *vk, size_t len, uint32_t i, uint8_t op, uint8_t kind, int16_t rot, uint32_t a,
                        uint32_t b) {
    uint8_t *p = vk + vk_node_off(vk, i);
    p[0] = op;
    p[1] = kind;
    p[2] = (uint8_t)((uint16_t)rot & 0xff);
    p[3] = (uint8_t)((uint16_t)rot >> 8);
    wr32(p + 4, a);
    wr32(p + 8, b);
    vk_redigest(vk, len);
}

/* a version-1 VK rewritten as version 2 with the given counts (8 bytes longer, malloc'd) */
static uint8_t *vk_to_v2(const uint8_t *v1, size_t len, uint32_t late, uint32_t nc, size_t *out_len) {
    uint8_t *v2 = malloc(len + 8);
    if (!v2) return NULL;
    memcpy(v2, v1, 56);
    wr32(v2 + 8, 2);
    wr32(v2 + 56, late);
    wr32(v2 + 60, nc);
    memcpy(v2 + V2_HEADER, v1 + 56, len - 56);
    *out_len = len + 8;
    vk_redigest(v2, *out_len);
    return v2;
}

/* zkv_vk_parse of v2 with its counts set to (late, nc), re-digested */
static zkv_status parse_counts(uint8_t *v2, size_t len, uint32_t late, uint32_t nc) {
    wr32(v2 + 56, late);
    wr32(v2 + 60, nc);
    vk_redigest(v2, len);
    zkv_vk vk;
    return zkv_vk_parse(&vk, v2, len);
}

CASE(zkv_vk_version2_counts_and_challenge_nodes) {
    dfix F;
    REQUIRE(dsetup(&F, 4, 0, 0));
    REQUIRE(vk_node(&F.vk, 0).op == OP_CONST); /* the example's unused constant node */
    size_t len;
    uint8_t *v2 = vk_to_v2(F.vkb, F.vk_len, 1, 2, &len);
    uint8_t *bad = malloc(len);
    REQUIRE(v2 && bad);
    /* the converted key parses, with the counts, 64 workspace bytes more, same proof size */
    zkv_vk vk;
    REQUIRE(zkv_vk_parse(&vk, v2, len) == ZKV_OK);
    CHECK_EQ_INT(vk.n_late, 1);
    CHECK_EQ_INT(vk.n_chal, 2);
    CHECK_EQ_INT(F.vk.n_late, 0);
    CHECK_EQ_INT(F.vk.n_chal, 0);
    CHECK_EQ_INT(zkv_workspace_size(&vk), zkv_workspace_size(&F.vk) + 64);
    CHECK_EQ_INT(zkv_proof_size(&vk), zkv_proof_size(&F.vk));
    /* the one-phase proof under that key: the challenges are squeezed after the early
     * advice, so θ, β, ... differ and the proof no longer opens */
    size_t ws = zkv_workspace_size(&vk);
    uint64_t *work = malloc(ws);
    REQUIRE(work);
    CHECK(zkv_verify(&vk, F.proof, F.len, F.pubb, 2, work, ws) == ZKV_REJECT);
    CHECK(zkv_verify(&F.vk, F.proof, F.len, F.pubb, 2, F.work, F.work_size) == ZKV_OK);
    CHECK(zkv_verify(&vk, F.proof, F.len, F.pubb, 2, work, ws - 1) == ZKV_ERR_WORKSPACE);
    /* counts: 1 <= A_late <= #advice (5), 1 <= n_c <= 4, both present */
    memcpy(bad, v2, len);
    CHECK(parse_counts(bad, len, 5, 4) == ZKV_OK);
    CHECK(parse_counts(bad, len, 1, 1) == ZKV_OK);
    CHECK(parse_counts(bad, len, 0, 2) == ZKV_ERR_ENCODING);
    CHECK(parse_counts(bad, len, 6, 2) == ZKV_ERR_ENCODING);
    CHECK(parse_counts(bad, len, 0xffffffffu, 2) == ZKV_ERR_ENCODING);
    CHECK(parse_counts(bad, len, 1, 0) == ZKV_ERR_ENCODING);
    CHECK(parse_counts(bad, len, 1, 5) == ZKV_ERR_ENCODING);
    CHECK(parse_counts(bad, len, 0, 0) == ZKV_ERR_ENCODING);
    /* a truncated version-2 header; the version-1 bytes labelled version 2 */
    CHECK(zkv_vk_parse(&vk, v2, 60) == ZKV_ERR_SIZE);
    memcpy(bad, F.vkb, F.vk_len);
    wr32(bad + 8, 2);
    vk_redigest(bad, F.vk_len);
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) != ZKV_OK);
    /* challenge nodes (node 0, an unused constant): a < n_c, b = kind = rot = 0 */
    memcpy(bad, v2, len);
    vk_set_node(bad, len, 0, OP_CHALLENGE, 0, 0, 1, 0);
    CHECK(zkv_vk_parse(&vk, bad, len) == ZKV_OK);
    CHECK(zkv_verify(&vk, F.proof, F.len, F.pubb, 2, work, ws) == ZKV_REJECT);
    vk_set_node(bad, len, 0, OP_CHALLENGE, 0, 0, 2, 0);
    CHECK(zkv_vk_parse(&vk, bad, len) == ZKV_ERR_ENCODING);
    vk_set_node(bad, len, 0, OP_CHALLENGE, 0, 0, 0xffffffffu, 0);
    CHECK(zkv_vk_parse(&vk, bad, len) == ZKV_ERR_ENCODING);
    vk_set_node(bad, len, 0, OP_CHALLENGE, 0, 0, 0, 1);
    CHECK(zkv_vk_parse(&vk, bad, len) == ZKV_ERR_ENCODING);
    vk_set_node(bad, len, 0, OP_CHALLENGE, 1, 0, 0, 0);
    CHECK(zkv_vk_parse(&vk, bad, len) == ZKV_ERR_ENCODING);
    vk_set_node(bad, len, 0, OP_CHALLENGE, 0, 1, 0, 0);
    CHECK(zkv_vk_parse(&vk, bad, len) == ZKV_ERR_ENCODING);
    vk_set_node(bad, len, 0, 7, 0, 0, 0, 0);
    CHECK(zkv_vk_parse(&vk, bad, len) == ZKV_ERR_ENCODING);
    /* op 6 in a version-1 VK */
    uint8_t *v1 = malloc(F.vk_len);
    REQUIRE(v1);
    memcpy(v1, F.vkb, F.vk_len);
    vk_set_node(v1, F.vk_len, 0, OP_CHALLENGE, 0, 0, 0, 0);
    CHECK(zkv_vk_parse(&vk, v1, F.vk_len) == ZKV_ERR_ENCODING);
    /* a challenge as a lookup table expression (node 9 is the range table T): the parse
     * passes, the table check at the start of zkv_verify refuses it */
    REQUIRE(vk_node(&F.vk, 9).op == OP_CELL && vk_node(&F.vk, 9).kind == COL_FIXED);
    memcpy(bad, v2, len);
    vk_set_node(bad, len, 9, OP_CHALLENGE, 0, 0, 0, 0);
    REQUIRE(zkv_vk_parse(&vk, bad, len) == ZKV_OK);
    CHECK(zkv_verify(&vk, F.proof, F.len, F.pubb, 2, work, ws) == ZKV_ERR_ENCODING);
    free(v1);
    free(work);
    free(bad);
    free(v2);
    dfree(&F);
}

/* Both verifiers on (VK bytes, the fixture's proof and public inputs): a VK either
 * decoder refuses is malformed. CHECKs the verdicts agree; returns the light one. */
static verdict vk_both(dfix *F, const uint8_t *vkb, size_t len) {
    zki_vk full;
    zki_status a = zki_vk_decode(&full, vkb, len);
    verdict va = a != ZKI_OK ? V_MALFORMED : of_zki(zki_verify_bytes(&full, F->pubb[0], 2, F->proof, F->len));
    if (a == ZKI_OK) zki_vk_free(&full);
    zkv_vk vk;
    zkv_status b = zkv_vk_parse(&vk, vkb, len);
    verdict vb = V_MALFORMED;
    if (b == ZKV_OK) {
        size_t ws = zkv_workspace_size(&vk);
        void *w = malloc(ws);
        if (w) vb = of_zkv(zkv_verify(&vk, F->proof, F->len, F->pubb, 2, w, ws));
        free(w);
    }
    if (va != vb) fprintf(stderr, "  zkv v2 VK differential: full %d light %d\n", va, vb);
    CHECK(va == vb);
    return vb;
}

/* the first challenge node reading challenge i, or n_nodes */
static uint32_t challenge_node(const zkv_vk *vk, uint32_t i) {
    uint32_t k = 0;
    while (k < vk->n_nodes && !(vk_node(vk, k).op == OP_CHALLENGE && vk_node(vk, k).a == i)) k++;
    return k;
}

CASE(zkv_version2_differential_example_variant2) {
    dfix F;
    REQUIRE(dsetup(&F, 5, 2, 0));
    /* the example's variant 2: a version-2 VK, 7 advice columns of which 2 late, 2 challenges */
    REQUIRE(rd32(F.vkb + 8) == 2);
    CHECK_EQ_INT(F.vk.n_adv, 7);
    CHECK_EQ_INT(F.vk.n_late, 2);
    CHECK_EQ_INT(F.vk.n_chal, 2);
    CHECK(both(&F, F.proof, F.len, F.pubb, 2) == V_ACCEPT);
    uint8_t *bad = malloc(F.len);
    REQUIRE(bad);
    /* each advice commitment replaced by another valid one: early by the last late
     * column's, late by the first early column's */
    uint32_t n_adv = F.vk.n_adv, early = n_adv - F.vk.n_late;
    for (uint32_t j = 0; j < n_adv; j++) {
        uint32_t from = j < early ? n_adv - 1 : 0;
        if (memcmp(F.proof + 64 * j, F.proof + 64 * from, 64) == 0) continue;
        memcpy(bad, F.proof, F.len);
        memcpy(bad + 64 * j, F.proof + 64 * from, 64);
        CHECK(zkv_verify(&F.vk, bad, F.len, F.pubb, 2, F.work, F.work_size) == ZKV_REJECT);
        CHECK(both(&F, bad, F.len, F.pubb, 2) == V_REJECT);
    }
    /* a late commitment swapped with the other late one */
    memcpy(bad, F.proof, F.len);
    memcpy(bad + 64 * early, F.proof + 64 * (early + 1), 64);
    memcpy(bad + 64 * (early + 1), F.proof + 64 * early, 64);
    CHECK(both(&F, bad, F.len, F.pubb, 2) == V_REJECT);
    free(bad);

    /* VK edits, re-digested so that only the named field differs */
    CHECK(vk_both(&F, F.vkb, F.vk_len) == V_ACCEPT);
    uint8_t *vk2 = malloc(F.vk_len);
    REQUIRE(vk2);
    static const struct {
        uint32_t late, nc;
        verdict want;
    } counts[] = {
        {2, 3, V_REJECT},    /* one more challenge squeezed: every later challenge moves */
        {2, 4, V_REJECT},    /* likewise */
        {2, 1, V_MALFORMED}, /* the node reading c1 is out of range */
        {2, 5, V_MALFORMED}, /* more than 4 challenges */
        {2, 0, V_MALFORMED}, /* late columns without challenges */
        {1, 2, V_REJECT},    /* a5 absorbed before the challenges */
        {3, 2, V_REJECT},    /* a4 absorbed after them */
        {7, 2, V_REJECT},    /* every column late */
        {8, 2, V_MALFORMED}, /* more late columns than advice columns */
        {0, 2, V_MALFORMED}, /* challenges without late columns */
    };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        memcpy(vk2, F.vkb, F.vk_len);
        wr32(vk2 + 56, counts[i].late);
        wr32(vk2 + 60, counts[i].nc);
        vk_redigest(vk2, F.vk_len);
        verdict v = vk_both(&F, vk2, F.vk_len);
        if (v != counts[i].want) fprintf(stderr, "  zkv v2 counts (%u, %u): %d\n", counts[i].late, counts[i].nc, v);
        CHECK(v == counts[i].want);
    }
    /* challenge nodes: index out of range; c1 read as c0 (a false evaluation) */
    uint32_t k0 = challenge_node(&F.vk, 0), k1 = challenge_node(&F.vk, 1);
    REQUIRE(k0 < F.vk.n_nodes && k1 < F.vk.n_nodes);
    memcpy(vk2, F.vkb, F.vk_len);
    vk_set_node(vk2, F.vk_len, k1, OP_CHALLENGE, 0, 0, 2, 0);
    CHECK(vk_both(&F, vk2, F.vk_len) == V_MALFORMED);
    vk_set_node(vk2, F.vk_len, k1, OP_CHALLENGE, 0, 0, 4, 0);
    CHECK(vk_both(&F, vk2, F.vk_len) == V_MALFORMED);
    vk_set_node(vk2, F.vk_len, k1, OP_CHALLENGE, 0, 1, 1, 0);
    CHECK(vk_both(&F, vk2, F.vk_len) == V_MALFORMED);
    vk_set_node(vk2, F.vk_len, k1, OP_CHALLENGE, 0, 0, 0, 0);
    CHECK(vk_both(&F, vk2, F.vk_len) == V_REJECT);
    /* a challenge as a lookup table (node 9, the range table T) */
    REQUIRE(vk_node(&F.vk, 9).op == OP_CELL && vk_node(&F.vk, 9).kind == COL_FIXED);
    memcpy(vk2, F.vkb, F.vk_len);
    vk_set_node(vk2, F.vk_len, 9, OP_CHALLENGE, 0, 0, 0, 0);
    CHECK(vk_both(&F, vk2, F.vk_len) == V_MALFORMED);
    /* the version-2 key written as version 1 (counts dropped): its challenge nodes are
     * refused there */
    memcpy(vk2, F.vkb, 56);
    wr32(vk2 + 8, 1);
    memcpy(vk2 + 56, F.vkb + V2_HEADER, F.vk_len - V2_HEADER);
    vk_redigest(vk2, F.vk_len - 8);
    CHECK(vk_both(&F, vk2, F.vk_len - 8) == V_MALFORMED);
    free(vk2);
    dfree(&F);
}

/* ---- VK version 3: the SHPLONK opening (PROTOCOL.md §4.7) */

CASE(zkv_v3_differential_example_circuit) {
    diff_cases = 0;
    memset(diff_by, 0, sizeof diff_by);
    size_t stride = zt_iters(10) < 10 ? 41 : 5;
    differential_p(4, 0, 0, stride, 1, 0);
    differential_p(5, 1, 0, stride * 2, 2, 0);
    differential_p(5, 2, 0, stride * 2, 256, 0); /* late columns, one pack of everything */
    differential_p(5, 0, 1, stride * 4, 2, 0);   /* a false statement proved anyway */
    differential_p(4, 2, 2, stride * 4, 3, 0);   /* late columns for other challenges */
    differential_p(5, 0, 0, stride * 2, 2, 1);   /* three rotation sets, rotation -1 */
    differential_p(5, 0, 0, stride * 4, 0, 1);   /* the same circuit with GWC */
    differential_p(4, 1, 0, stride * 4, 8, 2);   /* early advice over 5 rotations: S1 split */
    differential_p(4, 2, 0, stride * 4, 8, 3);   /* late columns, both rotation gates */
    fprintf(stderr, "  zkv v3 differential: %u cases (accept %u, reject %u, malformed %u)\n", diff_cases, diff_by[0],
            diff_by[1], diff_by[2]);
    CHECK(diff_cases >= (zt_iters(10) < 10 ? 100u : 400u));
    CHECK(diff_by[1] > 0 && diff_by[2] > 0);
}

/* zkv's pack layout (left in the workspace by a zkv_verify that got to the opening, as
 * any proof of the right length does) is the prover's zki_plonk_layout: the same
 * preprocessed packs (members in order), the same witness packs (members, rotation
 * sets, S1/S2/S3 counts) and each witness polynomial's queries where the prover put them */
static void check_pack_layout(dfix *F) {
    const zki_plonk_layout *L = &F->pk.vk.L;
    const zkv_vk *vk = &F->vk;
    CHECK_EQ_INT(vk->n_packs, L->n_packs);
    CHECK_EQ_INT(n_opens(vk), L->n_opens);
    CHECK_EQ_INT(vk->n_wpacks, L->n_wpacks);
    CHECK_EQ_INT(vk->n_wp1, L->wpack_seq_end[0]);
    CHECK_EQ_INT(vk->n_wp1 + vk->n_wp2, L->wpack_seq_end[1]);
    CHECK_EQ_INT(vk->n_queries, L->n_queries);
    CHECK_EQ_INT(zkv_proof_size(vk), zki_plonk_proof_size(L, &F->pk.vk.cs));
    zkv_status st = zkv_verify(vk, F->proof, F->len, F->pubb, 2, F->work, F->work_size);
    REQUIRE(st == ZKV_OK || st == ZKV_REJECT);
    const uint32_t *mem = (const uint32_t *)F->work + vk->n_nodes + (vk->n_af - vk->n_aq);
    const uint32_t *first = mem + n_pre(vk), *wq = first + vk->n_packs + 1, *wfirst = wq + wit_count(vk);
    const uint32_t *wrot = wfirst + vk->n_wpacks + 1;
    uint32_t g = 0, A = vk->n_adv, Lk = vk->n_lookups, Z = vk->n_z;
    for (uint32_t i = 0; i < L->n_opens; i++) {
        const zki_plonk_open *o = &L->opens[i];
        if (o->kind != ZKI_P_PACK) continue;
        CHECK_EQ_INT(first[g + 1] - first[g], o->t);
        for (uint32_t m = 0; m < o->t && first[g] + m < first[g + 1]; m++) {
            const zki_query *q = &L->queries[mem[first[g] + m]];
            const zki_plonk_member *pm = &L->pack_members[o->member_first + m];
            CHECK(q->kind == pm->kind && q->index == pm->index && q->rot == L->open_rots[o->rot_first]);
        }
        g++;
    }
    CHECK_EQ_INT(g, vk->n_packs);
    uint32_t opened = 0;
    for (g = 0; g < L->n_wpacks && g < vk->n_wpacks; g++) {
        const zki_plonk_open *o = &L->wpacks[g];
        CHECK_EQ_INT(wfirst[g + 1] - wfirst[g], o->t);
        CHECK_EQ_INT(urot_len(wrot[g]), o->n_rot);
        opened += o->n_rot > 0;
        for (uint32_t k = 0; k < o->n_rot && k < 4; k++) CHECK_EQ_INT(urot_get(wrot[g], k), L->open_rots[o->rot_first + k]);
        for (uint32_t m = 0; m < o->t && wfirst[g] + m < wfirst[g + 1]; m++) {
            uint32_t w = wfirst[g] + m;
            const zki_plonk_member *pm = &L->pack_members[o->member_first + m];
            unsigned kind = w < A ? ZKI_P_ADVICE : w < A + Lk ? ZKI_P_M : w < A + Lk + Z ? ZKI_P_Z : ZKI_P_PHI;
            uint32_t idx = w < A ? w : w < A + Lk ? w - A : w < A + Lk + Z ? w - A - Lk : w - A - Lk - Z;
            CHECK(pm->kind == kind && pm->index == idx);
            for (uint32_t k = 0; k < o->n_rot; k++)
                CHECK_EQ_INT((int)(wq[w] + k), zki_plonk_query_index(L, kind, idx, L->open_rots[o->rot_first + k]));
        }
    }
    CHECK_EQ_INT(opened, vk->n_wopen);
}

/* The witness packs of zkv and the prover on keys alone, for P = 1, 2, 3, 8, 256, the
 * three variants, and the circuits whose early advice spans 5 rotations (split whatever
 * P) or whose fixed columns have three rotation sets. */
CASE(zkv_v3_witness_pack_layout) {
    static const uint32_t ps[] = {1, 2, 3, 8, 256};
    unsigned split = 0;
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++)
        for (int variant = 0; variant < 3; variant++)
            for (int rots = 0; rots < 4; rots++) {
                dfix F;
                REQUIRE(dsetup_keys(&F, 4, variant, ps[i], rots));
                REQUIRE(rd32(F.vkb + 8) == 3);
                check_pack_layout(&F);
                /* with advice rotations the first S1 pack ends before the 5th rotation */
                if (rots & 2) {
                    CHECK(F.vk.n_wp1 >= 2);
                    split += F.pk.vk.L.wpacks[0].t < ps[i];
                }
                dfree(&F);
            }
    CHECK(split > 0);
}

/* every commitment, evaluation and witness of a v3 proof replaced by another valid value:
 * both verifiers reject */
static void v3_tamper(dfix *F) {
    size_t ev = evals_off(F), n_comm = ev / 64, nq = F->pk.vk.L.n_queries, w = ev + 32 * nq;
    uint8_t *bad = malloc(F->len), g1[64];
    REQUIRE(bad);
    memcpy(g1, F->vkb + F->vk.off_g1, 64); /* [1]_1: valid, unrelated */
    for (size_t k = 0; k < n_comm + 2; k++) {
        size_t off = k < n_comm ? 64 * k : w + 64 * (k - n_comm);
        memcpy(bad, F->proof, F->len);
        memcpy(bad + off, memcmp(bad + off, g1, 64) ? g1 : F->proof + (off ? 0 : 64), 64);
        CHECK(zkv_verify(&F->vk, bad, F->len, F->pubb, 2, F->work, F->work_size) == ZKV_REJECT);
        CHECK(both(F, bad, F->len, F->pubb, 2) == V_REJECT);
    }
    for (size_t q = 0; q < nq; q++) {
        zki_fr e, one;
        zki_fr_set_one(&one);
        memcpy(bad, F->proof, F->len);
        REQUIRE(zki_fr_from_bytes(&e, bad + ev + 32 * q) == ZKI_OK);
        zki_fr_add(&e, &e, &one);
        zki_fr_to_bytes(bad + ev + 32 * q, &e);
        CHECK(zkv_verify(&F->vk, bad, F->len, F->pubb, 2, F->work, F->work_size) == ZKV_REJECT);
        CHECK(both(F, bad, F->len, F->pubb, 2) == V_REJECT);
    }
    /* [W] and [W'] swapped; [W'] at infinity */
    memcpy(bad, F->proof, F->len);
    memcpy(bad + w, F->proof + w + 64, 64);
    memcpy(bad + w + 64, F->proof + w, 64);
    CHECK(both(F, bad, F->len, F->pubb, 2) == V_REJECT);
    memcpy(bad, F->proof, F->len);
    memset(bad + w + 64, 0, 64);
    CHECK(both(F, bad, F->len, F->pubb, 2) == V_REJECT);
    free(bad);
}

CASE(zkv_v3_every_commitment_and_evaluation_tampered) {
    static const struct {
        uint32_t log_n, P;
        int variant, rots;
    } cases[] = {{4, 1, 0, 0}, {4, 8, 2, 2}, {4, 256, 0, 3}, {4, 2, 2, 0}, {5, 1, 0, 1}, {4, 2, 1, 1}, {4, 3, 1, 2}};
    size_t n_cases = zt_iters(10) < 10 ? 3 : sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < n_cases; i++) {
        dfix F;
        REQUIRE(dsetup_p(&F, cases[i].log_n, cases[i].variant, 0, cases[i].P, cases[i].rots));
        REQUIRE(rd32(F.vkb + 8) == 3);
        CHECK_EQ_INT(F.vk.pack_limit, cases[i].P);
        /* packs of more than one add evaluations (members at their pack's rotations),
         * which v3_tamper changes one by one like the others */
        if (cases[i].P > 1) CHECK(F.pk.vk.L.n_queries > F.pk.vk.L.n_queries_gwc);
        else CHECK_EQ_INT(F.pk.vk.L.n_queries, F.pk.vk.L.n_queries_gwc);
        CHECK(both(&F, F.proof, F.len, F.pubb, 2) == V_ACCEPT);
        check_pack_layout(&F);
        v3_tamper(&F);
        dfree(&F);
    }
}

#define V3_HEADER 68 /* magic, version, 11 counts, A_late, n_c, P */

CASE(zkv_v3_malformed_keys) {
    dfix F;
    REQUIRE(dsetup_p(&F, 4, 0, 0, 2, 1));
    REQUIRE(rd32(F.vkb + 8) == 3);
    CHECK(vk_both(&F, F.vkb, F.vk_len) == V_ACCEPT);
    uint8_t *bad = malloc(F.vk_len + 64);
    zkv_vk vk;
    REQUIRE(bad);
    /* P: 0 and 257 are out of range; another P gives another pack count (a VK of the
     * wrong length) or the same packs under another digest (the proof rejects) */
    static const uint32_t ps[] = {0, 257, 0xffffffffu, 1, 3, 4, 256};
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        memcpy(bad, F.vkb, F.vk_len);
        wr32(bad + 64, ps[i]);
        vk_redigest(bad, F.vk_len);
        verdict v = vk_both(&F, bad, F.vk_len);
        CHECK(v != V_ACCEPT);
        if (ps[i] == 0 || ps[i] > 256) CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_ENCODING);
    }
    /* A_late and n_c are zero together */
    memcpy(bad, F.vkb, F.vk_len);
    wr32(bad + 56, 1);
    vk_redigest(bad, F.vk_len);
    CHECK(vk_both(&F, bad, F.vk_len) == V_MALFORMED);
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_ENCODING);
    memcpy(bad, F.vkb, F.vk_len);
    wr32(bad + 60, 1);
    vk_redigest(bad, F.vk_len);
    CHECK(vk_both(&F, bad, F.vk_len) == V_MALFORMED);
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_ENCODING);
    /* truncated (the last pack gone, re-digested), one pack more, a byte short */
    memcpy(bad, F.vkb, F.vk_len);
    memmove(bad + F.vk.off_g1 - 64, bad + F.vk.off_g1, F.vk_len - F.vk.off_g1);
    vk_redigest(bad, F.vk_len - 64);
    CHECK(vk_both(&F, bad, F.vk_len - 64) == V_MALFORMED);
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len - 64) != ZKV_OK);
    memcpy(bad, F.vkb, F.vk.off_g1);
    memcpy(bad + F.vk.off_g1, F.vkb + F.vk.off_g1, 64);
    memcpy(bad + F.vk.off_g1 + 64, F.vkb + F.vk.off_g1, F.vk_len - F.vk.off_g1);
    vk_redigest(bad, F.vk_len + 64);
    CHECK(vk_both(&F, bad, F.vk_len + 64) == V_MALFORMED);
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len + 64) != ZKV_OK);
    CHECK(zkv_vk_parse(&vk, F.vkb, F.vk_len - 1) == ZKV_ERR_SIZE);
    CHECK(zkv_vk_parse(&vk, F.vkb, V3_HEADER - 1) == ZKV_ERR_SIZE);
    /* each pack: off the curve, non-canonical, replaced by another valid point */
    for (uint32_t g = 0; g < F.vk.n_packs; g++) {
        size_t off = F.vk.off_fixed + 64 * (size_t)g;
        memcpy(bad, F.vkb, F.vk_len);
        bad[off + 63] ^= 1;
        vk_redigest(bad, F.vk_len);
        CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_NOT_ON_CURVE);
        CHECK(vk_both(&F, bad, F.vk_len) == V_MALFORMED);
        memset(bad + off, 0xff, 32);
        vk_redigest(bad, F.vk_len);
        CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_NONCANONICAL);
        memcpy(bad, F.vkb, F.vk_len);
        memcpy(bad + off, F.vkb + F.vk.off_g1, 64);
        vk_redigest(bad, F.vk_len);
        CHECK(vk_both(&F, bad, F.vk_len) == V_REJECT);
    }
    /* a3 read at 0 and 16 ≡ 0 mod n (2^4): one opening set naming one point twice, refused
     * for SHPLONK by both decoders (PROTOCOL.md §4.7) */
    uint32_t a3 = 0;
    while (a3 < F.vk.n_nodes && !(vk_node(&F.vk, a3).op == OP_CELL && vk_node(&F.vk, a3).kind == COL_ADVICE &&
                                  vk_node(&F.vk, a3).a == 3 && vk_node(&F.vk, a3).rot == 1))
        a3++;
    REQUIRE(a3 < F.vk.n_nodes);
    memcpy(bad, F.vkb, F.vk_len);
    vk_set_node(bad, F.vk_len, a3, OP_CELL, COL_ADVICE, 16, 3, 0);
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_ENCODING);
    CHECK(vk_both(&F, bad, F.vk_len) == V_MALFORMED);
    vk_set_node(bad, F.vk_len, a3, OP_CELL, COL_ADVICE, 17, 3, 0); /* {0, 17}: distinct points */
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_OK);
    CHECK(vk_both(&F, bad, F.vk_len) == V_REJECT);
    /* wrong digest; relabelled version 2 (its header is 4 bytes shorter) */
    memcpy(bad, F.vkb, F.vk_len);
    bad[F.vk_len - 1] ^= 0x80;
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_DIGEST);
    CHECK(vk_both(&F, bad, F.vk_len) == V_MALFORMED);
    memcpy(bad, F.vkb, F.vk_len);
    wr32(bad + 8, 2);
    vk_redigest(bad, F.vk_len);
    CHECK(vk_both(&F, bad, F.vk_len) == V_MALFORMED);
    /* the GWC proof of the same circuit against the v3 key, and the v3 proof against the
     * GWC key: wrong lengths, malformed for both verifiers */
    dfix G;
    REQUIRE(dsetup_p(&G, 4, 0, 0, 0, 1));
    REQUIRE(G.len != F.len);
    CHECK(zkv_verify(&F.vk, G.proof, G.len, G.pubb, 2, F.work, F.work_size) == ZKV_ERR_SIZE);
    CHECK(of_zki(zki_verify_bytes(&F.pk.vk, G.pubb[0], 2, G.proof, G.len)) == V_MALFORMED);
    CHECK(zkv_verify(&G.vk, F.proof, F.len, F.pubb, 2, G.work, G.work_size) == ZKV_ERR_SIZE);
    CHECK(of_zki(zki_verify_bytes(&G.pk.vk, F.pubb[0], 2, F.proof, F.len)) == V_MALFORMED);
    /* a bad workspace */
    CHECK(zkv_verify(&F.vk, F.proof, F.len, F.pubb, 2, F.work, F.work_size - 1) == ZKV_ERR_WORKSPACE);
    CHECK(zkv_verify(&F.vk, F.proof, F.len, F.pubb, 2, (uint8_t *)F.work + 4, F.work_size) == ZKV_ERR_ARG);
    dfree(&G);
    free(bad);
    dfree(&F);
}

/* the first node reading (kind, col) at rot, or n_nodes */
static uint32_t cell_node(const zkv_vk *vk, uint8_t kind, uint32_t col, int rot) {
    uint32_t i = 0;
    while (i < vk->n_nodes && !(vk_node(vk, i).op == OP_CELL && vk_node(vk, i).kind == kind &&
                                vk_node(vk, i).a == col && vk_node(vk, i).rot == rot))
        i++;
    return i;
}

/* Version-3 keys whose witness packs cannot be formed (PROTOCOL.md §4.7): a witness
 * pack's set naming one point twice, an advice column read at 5 rotations. Both
 * decoders refuse them (the full one in its layout). */
CASE(zkv_v3_witness_pack_malformed_keys) {
    dfix F;
    REQUIRE(dsetup_keys(&F, 4, 0, 2, 2)); /* P = 2: S1 packs (a0, a1), (a2, a3), (a4, m0), (m1) */
    uint8_t *bad = malloc(F.vk_len);
    REQUIRE(bad);
    zkv_vk vk;
    uint32_t a3 = cell_node(&F.vk, COL_ADVICE, 3, 1);
    REQUIRE(a3 < F.vk.n_nodes);
    /* a3 at {0, 18}: distinct points for a3, but its pack with a2 {0, 2} gets 2 ≡ 18 mod 16 */
    memcpy(bad, F.vkb, F.vk_len);
    vk_set_node(bad, F.vk_len, a3, OP_CELL, COL_ADVICE, 18, 3, 0);
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_ENCODING);
    CHECK(vk_both(&F, bad, F.vk_len) == V_MALFORMED);
    /* a3 at {0, 17}: the pack's set {0, 2, 17} names distinct points */
    vk_set_node(bad, F.vk_len, a3, OP_CELL, COL_ADVICE, 17, 3, 0);
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_OK);
    CHECK(vk_both(&F, bad, F.vk_len) != V_ACCEPT);
    /* a3 read at -1, 0, 1, 2, 3: five rotations, more than the blinding rows hide */
    memcpy(bad, F.vkb, F.vk_len);
    static const struct {
        uint32_t col;
        int rot;
    } mv[3] = {{1, -1}, {2, 2}, {4, 3}};
    for (int i = 0; i < 3; i++) {
        uint32_t k = cell_node(&F.vk, COL_ADVICE, mv[i].col, mv[i].rot);
        REQUIRE(k < F.vk.n_nodes);
        vk_set_node(bad, F.vk_len, k, OP_CELL, COL_ADVICE, (int16_t)mv[i].rot, 3, 0);
    }
    CHECK(zkv_vk_parse(&vk, bad, F.vk_len) == ZKV_ERR_ENCODING);
    CHECK(vk_both(&F, bad, F.vk_len) == V_MALFORMED);
    free(bad);
    dfree(&F);
}
