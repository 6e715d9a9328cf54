/* snarkjs .ptau import (format and checks: ptau.h). The file is walked section by
 * section with fseeko; only the header, the kept tauG1 prefix and the first two tauG2
 * points are read (and, for the Lagrange basis, one block of section 12). Coordinates arrive as Montgomery residues m = a·2^256 mod q; the
 * value is recovered representation-independently as a = m · (2^256)^−1 in Fq, so
 * this file does not depend on zki_fq's internal form.
 */
#define _POSIX_C_SOURCE 200809L

#include "ptau.h"

#include "lagrange.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define PTAU_VERSION 1
#define PTAU_N8 32
#define PTAU_G1_BYTES 64
#define PTAU_G2_BYTES 128
/* Points per read (256 KiB). */
#define PTAU_CHUNK 4096

enum { SEC_HEADER = 1, SEC_TAU_G1 = 2, SEC_TAU_G2 = 3, SEC_LAGRANGE_G1 = 12, SEC_MAX = 13 };

typedef struct {
    int present;
    uint64_t pos, size; /* payload offset and length */
} section;

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

static int read_at(FILE *f, uint64_t pos, uint8_t *b, size_t len) {
    if (pos > (uint64_t)INT64_MAX || fseeko(f, (off_t)pos, SEEK_SET) != 0) return 0;
    return fread(b, 1, len, f) == len;
}

/* r = (2^256)^−1 mod q. */
static void mont_rinv(zki_fq *r) {
    zki_fq t;
    zki_fq_set_u64(&t, (uint64_t)1 << 32);
    for (int i = 0; i < 3; i++) zki_fq_sqr(&t, &t); /* 2^256 */
    zki_fq_inv(r, &t);
}

/* One coordinate: 32 little-endian bytes of a Montgomery residue. */
static zki_status coord(zki_fq *r, const uint8_t in[32], const zki_fq *rinv) {
    uint64_t l[4];
    for (int i = 0; i < 4; i++) {
        l[i] = 0;
        for (int j = 7; j >= 0; j--) l[i] = (l[i] << 8) | in[8 * i + j];
    }
    if (zki_fq_from_limbs(r, l) != ZKI_OK) return ZKI_ERR_NONCANONICAL;
    zki_fq_mul(r, r, rinv);
    return ZKI_OK;
}

static zki_status g1_point(zki_g1_aff *r, const uint8_t in[64], const zki_fq *rinv) {
    zki_g1_aff p;
    zki_status st = coord(&p.x, in, rinv);
    if (st == ZKI_OK) st = coord(&p.y, in + 32, rinv);
    if (st != ZKI_OK) return st;
    if (!zki_g1_aff_is_on_curve(&p)) return ZKI_ERR_NOT_ON_CURVE;
    *r = p;
    return ZKI_OK;
}

/* Re-encodes in EIP-197 order (c1 first, big-endian) and lets g2.c decode it, which
 * performs the on-curve and subgroup checks. */
static zki_status g2_point(zki_g2_aff *r, const uint8_t in[128], const zki_fq *rinv) {
    zki_fq c[4]; /* x.c0, x.c1, y.c0, y.c1 */
    for (int i = 0; i < 4; i++) {
        zki_status st = coord(&c[i], in + 32 * i, rinv);
        if (st != ZKI_OK) return st;
    }
    uint8_t e[128];
    zki_fq_to_bytes(e, &c[1]);
    zki_fq_to_bytes(e + 32, &c[0]);
    zki_fq_to_bytes(e + 64, &c[3]);
    zki_fq_to_bytes(e + 96, &c[2]);
    return zki_g2_aff_from_bytes(r, e);
}

/* Walks the section table, recording the sections whose type is in want[0..n_want)
 * (a second one of those is an error). Returns: ZKI_OK with those present, or a
 * status. */
static zki_status scan(section sec[SEC_MAX], FILE *f, uint64_t flen, const int *want, int n_want) {
    uint8_t b[12];
    if (flen < 12) return ZKI_ERR_SIZE;
    if (!read_at(f, 0, b, 12)) return ZKI_ERR_IO;
    if (memcmp(b, "ptau", 4) != 0) return ZKI_ERR_ENCODING;
    if (get_u32(b + 4) != PTAU_VERSION) return ZKI_ERR_VERSION;
    uint32_t n_sections = get_u32(b + 8);
    uint64_t pos = 12;
    for (uint32_t i = 0; i < n_sections; i++) {
        if (flen - pos < 12) return ZKI_ERR_SIZE;
        if (!read_at(f, pos, b, 12)) return ZKI_ERR_IO;
        uint32_t type = get_u32(b);
        uint64_t size = get_u64(b + 4);
        pos += 12;
        if (size > flen - pos) return ZKI_ERR_SIZE;
        for (int w = 0; w < n_want; w++) {
            if ((uint32_t)want[w] != type) continue;
            if (sec[type].present) return ZKI_ERR_ENCODING;
            sec[type].present = 1;
            sec[type].pos = pos;
            sec[type].size = size;
        }
        pos += size;
    }
    if (pos != flen) return ZKI_ERR_SIZE;
    for (int w = 0; w < n_want; w++)
        if (!sec[want[w]].present) return ZKI_ERR_ENCODING;
    return ZKI_OK;
}

/* BN254's q, little-endian, as in the header. */
static int is_bn254_q(const uint8_t q[32]) {
    for (int i = 0; i < 4; i++) {
        uint64_t l = 0;
        for (int j = 7; j >= 0; j--) l = (l << 8) | q[8 * i + j];
        if (l != zki_fq_modulus[i]) return 0;
    }
    return 1;
}

/* Checks section 1 (n8, q, power) and returns power. */
static zki_status read_header(uint32_t *power, FILE *f, const section *hdr) {
    uint8_t h[4 + PTAU_N8 + 8];
    if (hdr->size < 4) return ZKI_ERR_SIZE;
    if (!read_at(f, hdr->pos, h, 4)) return ZKI_ERR_IO;
    if (get_u32(h) != PTAU_N8) return ZKI_ERR_ENCODING;
    if (hdr->size != sizeof h) return ZKI_ERR_SIZE;
    if (!read_at(f, hdr->pos, h, sizeof h)) return ZKI_ERR_IO;
    if (!is_bn254_q(h + 4)) return ZKI_ERR_ENCODING;
    *power = get_u32(h + 4 + PTAU_N8);
    if (*power > ZKI_PTAU_MAX_POWER) return ZKI_ERR_LIMIT; /* before any allocation */
    if (*power < 1) return ZKI_ERR_SIZE;
    return ZKI_OK;
}

/* Reads cnt G1 points starting at file offset pos. */
static zki_status read_g1s(zki_g1_aff *out, FILE *f, uint64_t pos, size_t cnt, const zki_fq *rinv) {
    uint8_t *buf = malloc((size_t)PTAU_CHUNK * PTAU_G1_BYTES);
    if (!buf) return ZKI_ERR_NOMEM;
    zki_status st = ZKI_OK;
    if (pos > (uint64_t)INT64_MAX || fseeko(f, (off_t)pos, SEEK_SET) != 0) st = ZKI_ERR_IO;
    for (size_t i = 0; st == ZKI_OK && i < cnt; i += PTAU_CHUNK) {
        size_t c = cnt - i < PTAU_CHUNK ? cnt - i : PTAU_CHUNK;
        if (fread(buf, 1, c * PTAU_G1_BYTES, f) != c * PTAU_G1_BYTES) {
            st = ZKI_ERR_IO;
            break;
        }
        for (size_t j = 0; st == ZKI_OK && j < c; j++) st = g1_point(&out[i + j], buf + j * PTAU_G1_BYTES, rinv);
    }
    free(buf);
    return st;
}

static zki_status file_length(uint64_t *flen, FILE *f) {
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0) return ZKI_ERR_IO;
    *flen = (uint64_t)sb.st_size;
    return ZKI_OK;
}

static zki_status read_ptau(zki_srs *srs, FILE *f, size_t max_n) {
    static const int want[] = {SEC_HEADER, SEC_TAU_G1, SEC_TAU_G2};
    uint64_t flen;
    section sec[SEC_MAX];
    memset(sec, 0, sizeof sec);
    zki_status st = file_length(&flen, f);
    if (st == ZKI_OK) st = scan(sec, f, flen, want, 3);
    uint32_t power = 0;
    if (st == ZKI_OK) st = read_header(&power, f, &sec[SEC_HEADER]);
    if (st != ZKI_OK) return st;
    uint64_t n_g1 = ((uint64_t)2 << power) - 1, n_g2 = (uint64_t)1 << power;
    if (sec[SEC_TAU_G1].size != n_g1 * PTAU_G1_BYTES || sec[SEC_TAU_G2].size != n_g2 * PTAU_G2_BYTES)
        return ZKI_ERR_SIZE;

    size_t keep = (max_n && max_n < n_g1) ? max_n : (size_t)n_g1;
    zki_fq rinv;
    mont_rinv(&rinv);

    uint8_t g2b[2 * PTAU_G2_BYTES];
    if (!read_at(f, sec[SEC_TAU_G2].pos, g2b, sizeof g2b)) return ZKI_ERR_IO;
    for (int i = 0; i < 2; i++) {
        st = g2_point(&srs->g2[i], g2b + i * PTAU_G2_BYTES, &rinv);
        if (st != ZKI_OK) return st;
    }

    srs->g1 = malloc(keep * sizeof *srs->g1);
    if (!srs->g1) return ZKI_ERR_NOMEM;
    srs->n_g1 = keep;
    srs->log_n = zki_srs_log2_floor(keep);
    srs->source = ZKI_SRS_SOURCE_PTAU;
    st = read_g1s(srs->g1, f, sec[SEC_TAU_G1].pos, keep, &rinv);
    if (st != ZKI_OK) return st;
    return zki_srs_check(srs, 0);
}

zki_status zki_ptau_read(zki_srs *srs, const char *path, size_t max_n) {
    if (!srs || !path || max_n == 1) return ZKI_ERR_ARG;
    memset(srs, 0, sizeof *srs);
    FILE *f = fopen(path, "rb");
    if (!f) return ZKI_ERR_IO;
    zki_status st = read_ptau(srs, f, max_n);
    fclose(f);
    if (st != ZKI_OK) zki_srs_free(srs);
    return st;
}

/* Section 12 holds, for p = 0 .. power + 1 in turn, the 2^p points that snarkjs's
 * G.lagrangeEvaluations gives for the first 2^p tauG1 points (powersoftau_preparephase2.js):
 * the block of size 2^p starts (2^p − 1)·64 bytes into the section, which is
 * (2^(power+2) − 1)·64 bytes long. The last block (p = power + 1) is made from
 * 2^(power+1) − 1 powers and a zero point, so it is not a Lagrange basis of τ: refused. */
static zki_status read_lagrange(zki_g1_aff *out, FILE *f, unsigned log_n) {
    static const int want[] = {SEC_HEADER, SEC_TAU_G1, SEC_LAGRANGE_G1};
    uint64_t flen;
    section sec[SEC_MAX];
    memset(sec, 0, sizeof sec);
    zki_status st = file_length(&flen, f);
    if (st == ZKI_OK) st = scan(sec, f, flen, want, 3);
    uint32_t power = 0;
    if (st == ZKI_OK) st = read_header(&power, f, &sec[SEC_HEADER]);
    if (st != ZKI_OK) return st;
    uint64_t n_g1 = ((uint64_t)2 << power) - 1, n_lag = ((uint64_t)4 << power) - 1;
    if (sec[SEC_TAU_G1].size != n_g1 * PTAU_G1_BYTES || sec[SEC_LAGRANGE_G1].size != n_lag * PTAU_G1_BYTES)
        return ZKI_ERR_SIZE;
    if (log_n > power) return ZKI_ERR_SIZE;

    size_t n = (size_t)1 << log_n;
    zki_fq rinv;
    mont_rinv(&rinv);
    zki_g1_aff *g1 = malloc(n * sizeof *g1);
    if (!g1) return ZKI_ERR_NOMEM;
    st = read_g1s(out, f, sec[SEC_LAGRANGE_G1].pos + (uint64_t)(n - 1) * PTAU_G1_BYTES, n, &rinv);
    if (st == ZKI_OK) st = read_g1s(g1, f, sec[SEC_TAU_G1].pos, n, &rinv);
    if (st == ZKI_OK) st = zki_lagrange_check(out, g1, log_n, 0);
    free(g1);
    return st;
}

zki_status zki_ptau_read_lagrange(zki_g1_aff *out, const char *path, unsigned log_n) {
    if (!out || !path) return ZKI_ERR_ARG;
    FILE *f = fopen(path, "rb");
    if (!f) return ZKI_ERR_IO;
    zki_status st = read_lagrange(out, f, log_n);
    fclose(f);
    return st;
}
