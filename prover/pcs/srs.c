/* The powers-of-tau SRS: the insecure development generator, the consistency check,
 * and the "ZKISRS" file format (see srs.h for the format and the invariants).
 *
 * Development SRS: [τ^i]₁ = τ^i·G for every i by zki_g1s_fixed_base (fixed_base.h:
 * one fixed-base window table, blocks of points accumulated in affine coordinates
 * with one field inversion per window), fed with the powers of τ block by block.
 *
 * Consistency check: see zki_srs_check in srs.h.
 */
#define _POSIX_C_SOURCE 200809L

#include "srs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "afile.h"
#include "fixed_base.h"
#include "keccak.h"
#include "msm.h"
#include "pairing.h"

static const uint8_t srs_magic[6] = {'Z', 'K', 'I', 'S', 'R', 'S'};

unsigned zki_srs_log2_floor(uint64_t n) {
    unsigned l = 0;
    while (n >> 1) { n >>= 1; l++; }
    return l;
}

void zki_srs_free(zki_srs *srs) {
    if (!srs) return;
    free(srs->g1);
    memset(srs, 0, sizeof *srs);
}

/* ---------------------------------------------------------------- dev SRS */

void zki_srs_dev_tau(zki_fr *tau, const uint8_t *seed, size_t seed_len) {
    static const char tag[] = "zkinfer insecure dev srs v1";
    uint8_t h[32];
    zki_keccak_ctx k;
    zki_keccak256_init(&k);
    zki_keccak_update(&k, (const uint8_t *)tag, sizeof tag - 1);
    zki_keccak_update(&k, seed, seed_len);
    zki_keccak_final(&k, h);
    zki_fr_from_bytes_reduce(tau, h);
    while (zki_fr_is_zero(tau) || zki_fr_is_one(tau)) {
        zki_keccak256(h, h, 32);
        zki_fr_from_bytes_reduce(tau, h);
    }
}

/* The generator of zki_g1s_fixed_base for the powers τ^begin .. τ^{begin+count−1}. */
static void dev_powers_gen(void *ctx, zki_fr *out, zki_fr *scratch, size_t begin, size_t count) {
    const zki_fr *tau = ctx;
    (void)scratch;
    uint64_t e[4] = {begin, 0, 0, 0};
    zki_fr_pow(&out[0], tau, e);
    for (size_t j = 1; j < count; j++) zki_fr_mul(&out[j], &out[j - 1], tau);
}

zki_status zki_srs_dev(zki_srs *srs, unsigned log_n, const uint8_t *seed, size_t seed_len) {
    if (!srs || (!seed && seed_len)) return ZKI_ERR_ARG;
    memset(srs, 0, sizeof *srs);
    if (log_n < 1 || log_n > 29 || ((uint64_t)1 << log_n) > ZKI_SRS_MAX_G1) return ZKI_ERR_SIZE;
    size_t n = (size_t)1 << log_n;

    zki_fr tau;
    zki_srs_dev_tau(&tau, seed, seed_len);
    zki_g1_aff *g1 = malloc(n * sizeof *g1);
    if (!g1) return ZKI_ERR_NOMEM;
    zki_status st = zki_g1s_fixed_base(g1, n, dev_powers_gen, &tau, 0);
    if (st != ZKI_OK) {
        free(g1);
        return st;
    }

    zki_g2_aff g2;
    zki_g2 g2j, t2;
    zki_g2_generator(&g2);
    zki_g2_from_aff(&g2j, &g2);
    zki_g2_mul(&t2, &g2j, &tau);
    srs->g2[0] = g2;
    zki_g2_to_aff(&srs->g2[1], &t2);
    srs->g1 = g1;
    srs->n_g1 = n;
    srs->log_n = log_n;
    srs->source = ZKI_SRS_SOURCE_DEV;
    return ZKI_OK;
}

/* ---------------------------------------------------------------- check */

static int g1_aff_eq(const zki_g1_aff *a, const zki_g1_aff *b) {
    return zki_fq_eq(&a->x, &b->x) && zki_fq_eq(&a->y, &b->y);
}

static int g2_aff_eq(const zki_g2_aff *a, const zki_g2_aff *b) {
    return zki_fq2_eq(&a->x, &b->x) && zki_fq2_eq(&a->y, &b->y);
}

/* 32 bytes from the OS; zeros if /dev/urandom cannot be read (the challenge stays
 * bound to the points through the hash, so the check remains sound). */
static void os_entropy(uint8_t out[32]) {
    memset(out, 0, 32);
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f) return;
    if (fread(out, 1, 32, f) != 32) memset(out, 0, 32);
    fclose(f);
}

/* ρ for the ratio check: see zki_srs_check. The points are hashed in their in-memory
 * representation (host order): ρ is local to this process and never leaves it. */
static void ratio_challenge(zki_fr *rho, const zki_srs *srs) {
    static const char tag[] = "zkinfer srs ratio check v1";
    uint8_t h[32], ent[32];
    zki_keccak_ctx k;
    zki_keccak256_init(&k);
    zki_keccak_update(&k, (const uint8_t *)srs->g2, sizeof srs->g2);
    zki_keccak_update(&k, (const uint8_t *)srs->g1, srs->n_g1 * sizeof *srs->g1);
    zki_keccak_final(&k, h);
    os_entropy(ent);
    zki_keccak256_init(&k);
    zki_keccak_update(&k, (const uint8_t *)tag, sizeof tag - 1);
    zki_keccak_update(&k, h, 32);
    zki_keccak_update(&k, ent, 32);
    zki_keccak_final(&k, h);
    zki_fr_from_bytes_reduce(rho, h);
}

/* Returns: 1 iff e(a, [1]₂) · e(−b, [τ]₂) = 1, i.e. a = τ·b. */
static int ratio_pairs(const zki_srs *srs, const zki_g1_aff *a, const zki_g1_aff *b) {
    zki_g1_aff ps[2];
    zki_g2_aff qs[2];
    ps[0] = *a;
    zki_g1_aff_neg(&ps[1], b);
    qs[0] = srs->g2[0];
    qs[1] = srs->g2[1];
    return zki_pairing_check(ps, qs, 2);
}

zki_status zki_srs_check(const zki_srs *srs, unsigned n_threads) {
    if (!srs || !srs->g1) return ZKI_ERR_ARG;
    if (srs->n_g1 < 2 || srs->n_g1 > ZKI_SRS_MAX_G1 || srs->log_n != zki_srs_log2_floor(srs->n_g1))
        return ZKI_ERR_SIZE;

    zki_g1_aff g1;
    zki_g2_aff g2;
    zki_g1_generator(&g1);
    zki_g2_generator(&g2);
    if (!g1_aff_eq(&srs->g1[0], &g1) || !g2_aff_eq(&srs->g2[0], &g2)) return ZKI_REJECT;
    /* τ = 0 puts [τ]₁ at infinity, τ = 1 makes it the generator. */
    if (zki_g1_aff_is_inf(&srs->g1[1]) || g1_aff_eq(&srs->g1[1], &g1)) return ZKI_REJECT;
    if (!ratio_pairs(srs, &srs->g1[1], &g1)) return ZKI_REJECT;
    if (srs->n_g1 == 2) return ZKI_OK;

    /* A = Σ_{i<m} ρ^i g1[i+1] by one MSM, and B = Σ_{i<m} ρ^i g1[i] from it: ρ·A covers
     * g1[1..m] with the same weights, so B = ρ·A + g1[0] − ρ^m·g1[m]. */
    size_t m = srs->n_g1 - 1;
    zki_fr *rho = malloc(m * sizeof *rho);
    if (!rho) return ZKI_ERR_NOMEM;
    zki_fr r, rm;
    ratio_challenge(&r, srs);
    zki_fr_set_one(&rho[0]);
    for (size_t i = 1; i < m; i++) zki_fr_mul(&rho[i], &rho[i - 1], &r);
    zki_fr_mul(&rm, &rho[m - 1], &r);
    zki_fr_neg(&rm, &rm);

    zki_g1 aj, bj, t;
    zki_status st = zki_g1s_msm(&aj, srs->g1 + 1, rho, m, n_threads);
    free(rho);
    if (st != ZKI_OK) return st;
    zki_g1_mul(&bj, &aj, &r);
    zki_g1_add_aff(&bj, &bj, &srs->g1[0]);
    zki_g1_from_aff(&t, &srs->g1[m]);
    zki_g1_mul(&t, &t, &rm);
    zki_g1_add(&bj, &bj, &t);
    zki_g1_aff a, b;
    zki_g1_to_aff(&a, &aj);
    zki_g1_to_aff(&b, &bj);
    return ratio_pairs(srs, &a, &b) ? ZKI_OK : ZKI_REJECT;
}

/* ---------------------------------------------------------------- file format */

/* Points per read/write chunk (256 KiB of G1 encodings). */
#define IO_CHUNK 4096

static void put_u32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static void put_u64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get_u32(const uint8_t *p) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}
static uint64_t get_u64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

static uint64_t file_bytes(uint64_t n_g1) {
    return ZKI_SRS_HEADER_BYTES + 2 * ZKI_SRS_G2_BYTES + n_g1 * ZKI_SRS_G1_BYTES + 32;
}

/* Writes len bytes and absorbs them into the digest. Returns: 1 on success. */
static int put(zki_afile *f, zki_keccak_ctx *k, const uint8_t *b, size_t len) {
    zki_keccak_update(k, b, len);
    return zki_afile_write(f, b, len) == ZKI_OK;
}

zki_status zki_srs_write(const zki_srs *srs, const char *path) {
    if (!srs || !path || !srs->g1 || srs->n_g1 < 2 || srs->n_g1 > ZKI_SRS_MAX_G1) return ZKI_ERR_ARG;
    uint8_t *buf = malloc((size_t)IO_CHUNK * ZKI_SRS_G1_BYTES);
    if (!buf) return ZKI_ERR_NOMEM;
    /* temporary file, fsync, rename (afile.h): an interrupted write never replaces path */
    zki_afile f;
    if (zki_afile_open(&f, path, file_bytes(srs->n_g1)) != ZKI_OK) {
        free(buf);
        return ZKI_ERR_IO;
    }

    zki_keccak_ctx k;
    zki_keccak256_init(&k);
    int ok = 1;
    uint8_t hdr[ZKI_SRS_HEADER_BYTES];
    memcpy(hdr, srs_magic, 6);
    put_u32(hdr + 6, ZKI_SRS_VERSION);
    put_u32(hdr + 10, zki_srs_log2_floor(srs->n_g1));
    put_u64(hdr + 14, srs->n_g1);
    put_u32(hdr + 22, srs->source);
    ok = ok && put(&f, &k, hdr, sizeof hdr);
    for (int i = 0; ok && i < 2; i++) {
        uint8_t e[ZKI_SRS_G2_BYTES];
        zki_g2_aff_to_bytes(e, &srs->g2[i]);
        ok = put(&f, &k, e, sizeof e);
    }
    for (size_t i = 0; ok && i < srs->n_g1; i += IO_CHUNK) {
        size_t cnt = srs->n_g1 - i < IO_CHUNK ? srs->n_g1 - i : IO_CHUNK;
        for (size_t j = 0; j < cnt; j++) zki_g1_aff_to_bytes(buf + j * ZKI_SRS_G1_BYTES, &srs->g1[i + j]);
        ok = put(&f, &k, buf, cnt * ZKI_SRS_G1_BYTES);
    }
    free(buf);
    uint8_t digest[32];
    zki_keccak_final(&k, digest);
    /* a failed put has already removed the temporary file */
    if (!ok || zki_afile_write(&f, digest, 32) != ZKI_OK) return ZKI_ERR_IO;
    return zki_afile_commit(&f);
}

/* Reads exactly len bytes and absorbs them. Returns: 1 on success. */
static int get(FILE *f, zki_keccak_ctx *k, uint8_t *b, size_t len) {
    if (fread(b, 1, len, f) != len) return 0;
    zki_keccak_update(k, b, len);
    return 1;
}

/* Keeps the first error seen (errors found while streaming are only reported once
 * the digest has been found correct). */
static void note(zki_status *first, zki_status st) {
    if (*first == ZKI_OK) *first = st;
}

static zki_status read_file(zki_srs *srs, FILE *f, size_t max_n) {
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0) return ZKI_ERR_IO;
    uint64_t flen = (uint64_t)sb.st_size;

    zki_keccak_ctx k;
    zki_keccak256_init(&k);
    uint8_t hdr[ZKI_SRS_HEADER_BYTES];
    if (flen < sizeof hdr) return ZKI_ERR_SIZE;
    if (!get(f, &k, hdr, sizeof hdr)) return ZKI_ERR_IO;
    if (memcmp(hdr, srs_magic, 6) != 0) return ZKI_ERR_ENCODING;
    if (get_u32(hdr + 6) != ZKI_SRS_VERSION) return ZKI_ERR_VERSION;
    uint32_t log_n = get_u32(hdr + 10), source = get_u32(hdr + 22);
    uint64_t n = get_u64(hdr + 14);
    if (source != ZKI_SRS_SOURCE_DEV && source != ZKI_SRS_SOURCE_PTAU) return ZKI_ERR_ENCODING;
    if (n > ZKI_SRS_MAX_G1) return ZKI_ERR_LIMIT; /* before any allocation */
    if (n < 2 || log_n != zki_srs_log2_floor(n) || flen != file_bytes(n))
        return ZKI_ERR_SIZE;

    size_t keep = (max_n && max_n < n) ? max_n : (size_t)n;
    uint8_t *buf = malloc((size_t)IO_CHUNK * ZKI_SRS_G1_BYTES);
    srs->g1 = malloc(keep * sizeof *srs->g1);
    if (!buf || !srs->g1) { free(buf); return ZKI_ERR_NOMEM; }
    srs->n_g1 = keep;
    srs->log_n = zki_srs_log2_floor(keep);
    srs->source = source;

    zki_status first = ZKI_OK;
    for (int i = 0; i < 2; i++) {
        uint8_t e[ZKI_SRS_G2_BYTES];
        if (!get(f, &k, e, sizeof e)) { free(buf); return ZKI_ERR_IO; }
        zki_status st = zki_g2_aff_from_bytes(&srs->g2[i], e);
        if (st != ZKI_OK) note(&first, st);
    }
    for (uint64_t i = 0; i < n; i += IO_CHUNK) {
        size_t cnt = n - i < IO_CHUNK ? (size_t)(n - i) : IO_CHUNK;
        if (!get(f, &k, buf, cnt * ZKI_SRS_G1_BYTES)) { free(buf); return ZKI_ERR_IO; }
        for (size_t j = 0; first == ZKI_OK && j < cnt && i + j < keep; j++) {
            zki_status st = zki_g1_aff_from_bytes(&srs->g1[i + j], buf + j * ZKI_SRS_G1_BYTES);
            if (st != ZKI_OK) note(&first, st);
        }
    }
    free(buf);
    uint8_t want[32], got[32];
    zki_keccak_final(&k, want);
    if (fread(got, 1, 32, f) != 32) return ZKI_ERR_IO;
    if (memcmp(want, got, 32) != 0) return ZKI_ERR_ENCODING;
    if (first != ZKI_OK) return first;
    return zki_srs_check(srs, 0);
}

zki_status zki_srs_read(zki_srs *srs, const char *path, size_t max_n) {
    if (!srs || !path || max_n == 1) return ZKI_ERR_ARG;
    memset(srs, 0, sizeof *srs);
    FILE *f = fopen(path, "rb");
    if (!f) return ZKI_ERR_IO;
    zki_status st = read_file(srs, f, max_n);
    fclose(f);
    if (st != ZKI_OK) zki_srs_free(srs);
    return st;
}
