/* Poseidon with circomlib's parameters: constant derivation (Grain LFSR), the
 * permutation and the vector hash. See poseidon.h. */
#include "poseidon.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

/* circomlib's partial-round counts for t = 2..17 */
static const unsigned rp_table[ZKI_POSEIDON_MAX_T - ZKI_POSEIDON_MIN_T + 1] = {
    56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68};

/* sum over t of (8 + RP(t)) * t, and of t * t */
#define RC_TOTAL 10854
#define MDS_TOTAL 1784
#define FIELD_BITS 254

static zki_fr rc_store[RC_TOTAL];
static zki_fr mds_store[MDS_TOTAL];
static zki_poseidon_consts consts[ZKI_POSEIDON_MAX_T + 1];
static atomic_int ready[ZKI_POSEIDON_MAX_T + 1];
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- Grain LFSR in self-shrinking mode (the reference script's generator) ---- */

/* 80 bits; s[k] = bits[(head + k) % 80], s[0] the oldest. */
typedef struct {
    uint8_t bits[80];
    unsigned head;
} grain;

static unsigned grain_step(grain *g) {
    const uint8_t *b = g->bits;
    unsigned h = g->head;
#define S(k) b[(h + (k)) % 80]
    unsigned nb = S(62) ^ S(51) ^ S(38) ^ S(23) ^ S(13) ^ S(0);
#undef S
    g->bits[h] = (uint8_t)nb; /* the oldest bit leaves, the new one enters last */
    g->head = (h + 1) % 80;
    return nb;
}

static void put_bits(grain *g, unsigned *pos, unsigned value, unsigned width) {
    for (unsigned i = 0; i < width; i++) g->bits[(*pos)++] = (uint8_t)((value >> (width - 1 - i)) & 1);
}

static void grain_init(grain *g, unsigned t, unsigned rf, unsigned rp) {
    unsigned pos = 0;
    put_bits(g, &pos, 1, 2);          /* field: GF(p) */
    put_bits(g, &pos, 0, 4);          /* S-box: x^alpha */
    put_bits(g, &pos, FIELD_BITS, 12); /* n */
    put_bits(g, &pos, t, 12);
    put_bits(g, &pos, rf, 10);
    put_bits(g, &pos, rp, 10);
    while (pos < 80) g->bits[pos++] = 1;
    g->head = 0;
    for (int i = 0; i < 160; i++) grain_step(g);
}

/* One output bit: of each pair, the second bit when the first is 1. */
static unsigned grain_bit(grain *g) {
    for (;;) {
        unsigned keep = grain_step(g);
        unsigned bit = grain_step(g);
        if (keep) return bit;
    }
}

/* FIELD_BITS output bits, most significant first, as a 32-byte big-endian integer. */
static void grain_draw(grain *g, uint8_t be[32]) {
    memset(be, 0, 32);
    for (unsigned i = 0; i < FIELD_BITS; i++) {
        unsigned k = FIELD_BITS - 1 - i; /* bit index from the least significant */
        be[31 - k / 8] |= (uint8_t)(grain_bit(g) << (k % 8));
    }
}

/* ---- building one width's constants ---- */

static size_t rc_offset(unsigned t) {
    size_t off = 0;
    for (unsigned u = ZKI_POSEIDON_MIN_T; u < t; u++) off += (size_t)(ZKI_POSEIDON_RF + rp_table[u - 2]) * u;
    return off;
}

static size_t mds_offset(unsigned t) {
    size_t off = 0;
    for (unsigned u = ZKI_POSEIDON_MIN_T; u < t; u++) off += (size_t)u * u;
    return off;
}

static void build(unsigned t) {
    unsigned rp = rp_table[t - 2];
    size_t nrc = (size_t)(ZKI_POSEIDON_RF + rp) * t;
    zki_fr *rc = rc_store + rc_offset(t), *mds = mds_store + mds_offset(t);
    grain g;
    uint8_t be[32];
    grain_init(&g, t, ZKI_POSEIDON_RF, rp);
    for (size_t i = 0; i < nrc; i++) {
        do grain_draw(&g, be);
        while (zki_fr_from_bytes(&rc[i], be) != ZKI_OK); /* redraw while >= r */
    }
    /* Cauchy matrix from 2t distinct draws with every x_i + y_j != 0 (the script
     * redraws all 2t otherwise; for circomlib's widths the first draw qualifies). */
    zki_fr xy[2 * ZKI_POSEIDON_MAX_T], sums[ZKI_POSEIDON_MAX_T * ZKI_POSEIDON_MAX_T];
    for (;;) {
        for (unsigned i = 0; i < 2 * t; i++) {
            grain_draw(&g, be);
            zki_fr_from_bytes_reduce(&xy[i], be);
        }
        int ok = 1;
        for (unsigned i = 0; i < 2 * t && ok; i++)
            for (unsigned j = i + 1; j < 2 * t && ok; j++) ok = !zki_fr_eq(&xy[i], &xy[j]);
        for (unsigned i = 0; i < t && ok; i++)
            for (unsigned j = 0; j < t && ok; j++) {
                zki_fr_add(&sums[i * t + j], &xy[i], &xy[t + j]);
                ok = !zki_fr_is_zero(&sums[i * t + j]);
            }
        if (ok) break;
    }
    zki_fr_batch_inv(mds, sums, (size_t)t * t);
    consts[t] = (zki_poseidon_consts){.t = t, .rf = ZKI_POSEIDON_RF, .rp = rp, .rc = rc, .mds = mds};
}

const zki_poseidon_consts *zki_poseidon_params(unsigned t) {
    if (t < ZKI_POSEIDON_MIN_T || t > ZKI_POSEIDON_MAX_T) return NULL;
    if (!atomic_load_explicit(&ready[t], memory_order_acquire)) {
        pthread_mutex_lock(&build_lock);
        if (!atomic_load_explicit(&ready[t], memory_order_relaxed)) {
            build(t);
            atomic_store_explicit(&ready[t], 1, memory_order_release);
        }
        pthread_mutex_unlock(&build_lock);
    }
    return &consts[t];
}

/* ---- the permutation and the hashes ---- */

static void sbox(zki_fr *a) {
    zki_fr a2;
    zki_fr_sqr(&a2, a);
    zki_fr_sqr(&a2, &a2);
    zki_fr_mul(a, a, &a2);
}

static void permute(const zki_poseidon_consts *c, zki_fr *st) {
    unsigned t = c->t, half = c->rf / 2, rounds = c->rf + c->rp;
    zki_fr tmp[ZKI_POSEIDON_MAX_T], prod;
    for (unsigned r = 0; r < rounds; r++) {
        const zki_fr *k = c->rc + (size_t)r * t;
        for (unsigned i = 0; i < t; i++) zki_fr_add(&st[i], &st[i], &k[i]);
        if (r < half || r >= half + c->rp)
            for (unsigned i = 0; i < t; i++) sbox(&st[i]);
        else
            sbox(&st[0]);
        for (unsigned i = 0; i < t; i++) {
            zki_fr_set_zero(&tmp[i]);
            for (unsigned j = 0; j < t; j++) {
                zki_fr_mul(&prod, &c->mds[i * t + j], &st[j]);
                zki_fr_add(&tmp[i], &tmp[i], &prod);
            }
        }
        memcpy(st, tmp, t * sizeof *st);
    }
}

zki_status zki_poseidon_permute(zki_fr *state, unsigned t) {
    const zki_poseidon_consts *c = zki_poseidon_params(t);
    if (!c || !state) return ZKI_ERR_ARG;
    permute(c, state);
    return ZKI_OK;
}

zki_status zki_poseidon(zki_fr *out, const zki_fr *in, size_t n) {
    if (!out || !in || n < 1 || n > ZKI_POSEIDON_MAX_INPUTS) return ZKI_ERR_ARG;
    zki_fr st[ZKI_POSEIDON_MAX_T];
    zki_fr_set_zero(&st[0]);
    memcpy(st + 1, in, n * sizeof *in);
    permute(zki_poseidon_params((unsigned)n + 1), st);
    *out = st[0];
    return ZKI_OK;
}

zki_status zki_poseidon_hash_vec(zki_fr *out, const zki_fr *x, size_t n) {
    if (!out || !x || n == 0) return ZKI_ERR_ARG;
    if (n <= ZKI_POSEIDON_VEC_FIRST) return zki_poseidon(out, x, n);
    zki_fr h, buf[1 + ZKI_POSEIDON_VEC_NEXT];
    zki_poseidon(&h, x, ZKI_POSEIDON_VEC_FIRST);
    for (size_t i = ZKI_POSEIDON_VEC_FIRST; i < n; i += ZKI_POSEIDON_VEC_NEXT) {
        size_t m = n - i < ZKI_POSEIDON_VEC_NEXT ? n - i : ZKI_POSEIDON_VEC_NEXT;
        buf[0] = h;
        memcpy(buf + 1, x + i, m * sizeof *x);
        zki_poseidon(&h, buf, 1 + m);
    }
    *out = h;
    return ZKI_OK;
}

zki_status zki_poseidon_hash_vec_i64(zki_fr *out, const int64_t *x, size_t n) {
    if (!out || !x || n == 0) return ZKI_ERR_ARG;
    if (n <= ZKI_POSEIDON_VEC_FIRST) {
        zki_fr v[ZKI_POSEIDON_VEC_FIRST];
        for (size_t i = 0; i < n; i++) zki_fr_set_i64(&v[i], x[i]);
        return zki_poseidon(out, v, n);
    }
    zki_fr h, buf[1 + ZKI_POSEIDON_VEC_FIRST];
    for (size_t i = 0; i < ZKI_POSEIDON_VEC_FIRST; i++) zki_fr_set_i64(&buf[i], x[i]);
    zki_poseidon(&h, buf, ZKI_POSEIDON_VEC_FIRST);
    for (size_t i = ZKI_POSEIDON_VEC_FIRST; i < n; i += ZKI_POSEIDON_VEC_NEXT) {
        size_t m = n - i < ZKI_POSEIDON_VEC_NEXT ? n - i : ZKI_POSEIDON_VEC_NEXT;
        buf[0] = h;
        for (size_t k = 0; k < m; k++) zki_fr_set_i64(&buf[1 + k], x[i + k]);
        zki_poseidon(&h, buf, 1 + m);
    }
    *out = h;
    return ZKI_OK;
}
