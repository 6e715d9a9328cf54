/* snarkjs .ptau import, on files snarkjs 0.7.6 made (tests/pcs/make-ptau.sh writes
 * them into build/test-ptau/): the points must equal those snarkjs's own library
 * decodes (pot8.points), every stage's section layout must be accepted, a file
 * without contributions refused, and corrupted files rejected with the right status.
 * A missing file is a FAILED check, never a silent pass. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptau.h"
#include "test.h"

#define DIR "build/test-ptau/"
#define POT8 DIR "pot8.ptau"

static int have(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "  %s missing: run sh tests/pcs/make-ptau.sh (needs node + npm ci)\n", path);
        return 0;
    }
    fclose(f);
    return 1;
}

static int hex_bytes(uint8_t *out, const char *hex, size_t n) {
    if (strlen(hex) != 2 * n) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) return 0;
        out[i] = (uint8_t)v;
    }
    return 1;
}

/* Compares srs with the oracle file: g1 lines give EVM encodings x ‖ y directly; g2
 * lines give x.c0 x.c1 y.c0 y.c1, EIP-197 wants x.c1 x.c0 y.c1 y.c0.
 * Returns: the number of points compared (0 on a parse error or a mismatch). */
static int matches_oracle(const zki_srs *srs, const char *points_path) {
    FILE *f = fopen(points_path, "r");
    if (!f) return 0;
    char kind[8], h[4][80];
    size_t i;
    int n = 0, ok = 1;
    while (ok && fscanf(f, "%7s %zu", kind, &i) == 2) {
        if (!strcmp(kind, "g1")) {
            uint8_t want[64], got[64];
            ok = fscanf(f, "%79s %79s", h[0], h[1]) == 2 && hex_bytes(want, h[0], 32) &&
                 hex_bytes(want + 32, h[1], 32);
            if (ok && i < srs->n_g1) {
                zki_g1_aff_to_bytes(got, &srs->g1[i]);
                ok = memcmp(want, got, 64) == 0;
                n++;
            }
        } else if (!strcmp(kind, "g2")) {
            uint8_t want[128], got[128];
            ok = fscanf(f, "%79s %79s %79s %79s", h[0], h[1], h[2], h[3]) == 4 && i < 2 &&
                 hex_bytes(want + 32, h[0], 32) && hex_bytes(want, h[1], 32) &&
                 hex_bytes(want + 96, h[2], 32) && hex_bytes(want + 64, h[3], 32);
            if (ok) {
                zki_g2_aff_to_bytes(got, &srs->g2[i]);
                ok = memcmp(want, got, 128) == 0;
                n++;
            }
        } else {
            ok = 0;
        }
    }
    fclose(f);
    return ok ? n : 0;
}

CASE(ptau_snarkjs_contributed_file) {
    REQUIRE(have(POT8));
    zki_srs s;
    REQUIRE(zki_ptau_read(&s, POT8, 0) == ZKI_OK);
    CHECK_EQ_INT(s.n_g1, 511);
    CHECK_EQ_INT(s.log_n, 8);
    CHECK_EQ_INT(s.source, ZKI_SRS_SOURCE_PTAU);
    CHECK_EQ_INT(matches_oracle(&s, DIR "pot8.points"), 18);
    zki_srs_free(&s);
}

CASE(ptau_snarkjs_prefix) {
    REQUIRE(have(POT8));
    zki_srs s, full;
    REQUIRE(zki_ptau_read(&full, POT8, 0) == ZKI_OK);
    size_t maxes[] = {2, 17, 256, 511, 5000};
    for (size_t k = 0; k < sizeof maxes / sizeof maxes[0]; k++) {
        REQUIRE(zki_ptau_read(&s, POT8, maxes[k]) == ZKI_OK);
        size_t want = maxes[k] < 511 ? maxes[k] : 511;
        CHECK_EQ_INT(s.n_g1, want);
        CHECK_EQ_INT(s.log_n, zki_srs_log2_floor(want));
        CHECK(memcmp(s.g1, full.g1, want * sizeof *s.g1) == 0);
        CHECK(memcmp(s.g2, full.g2, sizeof s.g2) == 0);
        zki_srs_free(&s);
    }
    CHECK_EQ_INT(zki_ptau_read(&s, POT8, 1), ZKI_ERR_ARG);
    zki_srs_free(&full);
}

/* `prepare phase2` adds sections 12-15 and keeps 1-7: same powers. */
CASE(ptau_snarkjs_phase2_file) {
    REQUIRE(have(POT8));
    REQUIRE(have(DIR "pot8_phase2.ptau"));
    zki_srs a, b;
    REQUIRE(zki_ptau_read(&a, POT8, 0) == ZKI_OK);
    REQUIRE(zki_ptau_read(&b, DIR "pot8_phase2.ptau", 0) == ZKI_OK);
    CHECK_EQ_INT(b.n_g1, a.n_g1);
    CHECK(memcmp(a.g1, b.g1, a.n_g1 * sizeof *a.g1) == 0);
    CHECK(memcmp(a.g2, b.g2, sizeof a.g2) == 0);
    zki_srs_free(&a);
    zki_srs_free(&b);
}

/* `powersoftau new` alone: every power is the generator (τ = 1). */
CASE(ptau_snarkjs_without_contribution_refused) {
    REQUIRE(have(DIR "pot8_0.ptau"));
    zki_srs s;
    CHECK_EQ_INT(zki_ptau_read(&s, DIR "pot8_0.ptau", 0), ZKI_REJECT);
    CHECK(s.g1 == NULL);
}

/* ---- corruptions of pot8.ptau ---- */

static uint32_t u32_at(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t u64_at(const uint8_t *p) { return u32_at(p) | (uint64_t)u32_at(p + 4) << 32; }

/* Offset of the section table entry (type, size) and payload of section `type`. */
static int find_section(const uint8_t *b, size_t len, uint32_t type, size_t *entry, size_t *payload) {
    size_t pos = 12;
    for (uint32_t i = 0; i < u32_at(b + 8) && pos + 12 <= len; i++) {
        if (u32_at(b + pos) == type) {
            *entry = pos;
            *payload = pos + 12;
            return 1;
        }
        pos += 12 + (size_t)u64_at(b + pos + 4);
    }
    return 0;
}

static zki_status read_variant(const uint8_t *b, size_t len) {
    char path[256];
    mkdir("build", 0777);
    mkdir("build/test-tmp", 0777);
    snprintf(path, sizeof path, "build/test-tmp/ptau-%ld.ptau", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return ZKI_ERR_IO;
    int ok = fwrite(b, 1, len, f) == len;
    if (fclose(f) != 0 || !ok) return ZKI_ERR_IO;
    zki_srs s;
    zki_status st = zki_ptau_read(&s, path, 0);
    zki_srs_free(&s);
    remove(path);
    return st;
}

CASE(ptau_corruptions) {
    REQUIRE(have(POT8));
    size_t len;
    uint8_t *orig = zt_read_file(POT8, &len);
    REQUIRE(orig != NULL);
    uint8_t *b = malloc(len + 16);
    REQUIRE(b != NULL);
    size_t hdr_e, hdr, g1_e, g1, g2_e, g2;
    REQUIRE(find_section(orig, len, 1, &hdr_e, &hdr));
    REQUIRE(find_section(orig, len, 2, &g1_e, &g1));
    REQUIRE(find_section(orig, len, 3, &g2_e, &g2));
#define RESET() memcpy(b, orig, len)

    RESET();
    CHECK_EQ_INT(read_variant(b, len), ZKI_OK);
    /* Framing. */
    RESET(); b[0] = 'q';
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_ENCODING);
    RESET(); b[4] = 2;
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_VERSION);
    RESET();
    CHECK_EQ_INT(read_variant(b, len - 1), ZKI_ERR_SIZE);
    CHECK_EQ_INT(read_variant(b, g1 + 1000), ZKI_ERR_SIZE); /* cut inside tauG1 */
    CHECK_EQ_INT(read_variant(b, 10), ZKI_ERR_SIZE);
    RESET(); b[len] = 0;
    CHECK_EQ_INT(read_variant(b, len + 1), ZKI_ERR_SIZE);
    RESET(); b[8] += 1; /* one section more than there is */
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_SIZE);
    RESET(); b[g2_e] = 99; /* tauG2 missing */
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_ENCODING);
    RESET(); b[g2_e] = 2; /* tauG1 twice */
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_ENCODING);
    RESET(); b[g1_e + 4] ^= 0x40; /* tauG1's size field */
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_SIZE);
    /* Header. */
    RESET(); b[hdr + 4] ^= 0x02; /* the prime */
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_ENCODING);
    RESET(); b[hdr + 4 + 31] = 0x40;
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_ENCODING);
    RESET(); b[hdr] = 48; /* n8 */
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_ENCODING);
    RESET(); b[hdr + 36] = 9; /* power 9: sections too small for it */
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_SIZE);
    RESET(); b[hdr + 36] = 0;
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_SIZE);
    /* Points. */
    for (int k = 0; k < 6; k++) {
        RESET();
        size_t i = 1 + (size_t)(zt_rand_u64() % 510);
        size_t at = g1 + 64 * i + (size_t)(zt_rand_u64() % 64);
        b[at] ^= (uint8_t)(1 + zt_rand_u64() % 255);
        zki_status st = read_variant(b, len);
        CHECK(st == ZKI_ERR_NOT_ON_CURVE || st == ZKI_ERR_NONCANONICAL);
    }
    RESET(); b[g1] ^= 1; /* [1]₁'s x */
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_NOT_ON_CURVE);
    RESET(); /* a coordinate equal to q (the little-endian prime from the header) */
    memcpy(b + g1 + 64 * 3, orig + hdr + 4, 32);
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_NONCANONICAL);
    RESET(); memcpy(b + g1 + 64 * 7, orig + g1 + 64 * 8, 64); /* valid point, wrong place */
    CHECK_EQ_INT(read_variant(b, len), ZKI_REJECT);
    RESET(); memcpy(b + g1 + 64 * 510, orig + g1 + 64 * 509, 64); /* the last power */
    CHECK_EQ_INT(read_variant(b, len), ZKI_REJECT);
    RESET(); memcpy(b + g1 + 64, orig + g1, 64); /* [τ]₁ = [1]₁ */
    CHECK_EQ_INT(read_variant(b, len), ZKI_REJECT);
    RESET(); b[g2 + 128 + 5] ^= 0x10; /* [τ]₂ */
    CHECK_EQ_INT(read_variant(b, len), ZKI_ERR_NOT_ON_CURVE);
    RESET(); memcpy(b + g2 + 128, orig + g2 + 256, 128); /* [τ²]₂ as [τ]₂ */
    CHECK_EQ_INT(read_variant(b, len), ZKI_REJECT);
    RESET(); memcpy(b + g2, orig + g2 + 128, 128); /* [1]₂ not the generator */
    CHECK_EQ_INT(read_variant(b, len), ZKI_REJECT);
    /* Bytes the reader does not use (the contributions section) may change. */
    size_t c_e, c;
    if (find_section(orig, len, 7, &c_e, &c)) {
        RESET(); b[c + 10] ^= 0xff;
        CHECK_EQ_INT(read_variant(b, len), ZKI_OK);
    }
#undef RESET
    free(b);
    free(orig);
}

CASE(ptau_missing_file) {
    zki_srs s;
    CHECK_EQ_INT(zki_ptau_read(&s, "build/test-ptau/does-not-exist.ptau", 0), ZKI_ERR_IO);
    CHECK_EQ_INT(zki_ptau_read(NULL, POT8, 0), ZKI_ERR_ARG);
}
