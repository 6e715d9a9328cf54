/* A structured libFuzzer mutator for "proof ‖ public inputs" inputs of a fixed VK
 * (PROTOCOL.md §6): half of the time one change that knows the layout, otherwise
 * libFuzzer's own byte mutations. The structured changes are the ones a malicious
 * prover would try and that byte flips rarely produce:
 *   - a scalar (evaluation or public input) plus r or p, or set to r − 1, r, p, 0, 2^256 − 1;
 *   - a point replaced by another valid point (the generator, its own negation, another
 *     commitment of the proof, the point at infinity) or moved off the curve (y + 1),
 *     or its x plus p (the same point mod p, non-canonical);
 *   - two words or two points swapped; a public input plus one;
 *   - the proof or the public inputs one word shorter or longer.
 * The including harness defines fuzz_layout() (the byte offsets for its VK). */
#ifndef ZKI_FUZZ_PROOF_MUTATOR_H
#define ZKI_FUZZ_PROOF_MUTATOR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

/* Byte offsets inside the proof: commitments [0, comm_end), evaluations
 * [comm_end, evals_end), opening witnesses [evals_end, proof_len); then public inputs. */
typedef struct {
    size_t comm_end, evals_end, proof_len;
} fuzz_layout_t;

static const fuzz_layout_t *fuzz_layout(void);

static const uint8_t FUZZ_R[32] = {0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45,
                                   0xb6, 0x81, 0x81, 0x58, 0x5d, 0x28, 0x33, 0xe8, 0x48, 0x79, 0xb9,
                                   0x70, 0x91, 0x43, 0xe1, 0xf5, 0x93, 0xf0, 0x00, 0x00, 0x01};
static const uint8_t FUZZ_P[32] = {0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45,
                                   0xb6, 0x81, 0x81, 0x58, 0x5d, 0x97, 0x81, 0x6a, 0x91, 0x68, 0x71,
                                   0xca, 0x8d, 0x3c, 0x20, 0x8c, 0x16, 0xd8, 0x7c, 0xfd, 0x47};

static uint64_t fuzz_rng(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* w = (w + a) mod 2^256, big-endian; a_neg: w = (w − a) mod 2^256 */
static void fuzz_add256(uint8_t w[32], const uint8_t a[32], int a_neg) {
    unsigned carry = 0;
    for (int i = 31; i >= 0; i--) {
        if (!a_neg) {
            unsigned t = (unsigned)w[i] + a[i] + carry;
            w[i] = (uint8_t)t;
            carry = t >> 8;
        } else {
            int t = (int)w[i] - a[i] - (int)carry;
            carry = t < 0;
            w[i] = (uint8_t)(t + (t < 0 ? 256 : 0));
        }
    }
}

static void fuzz_add_small(uint8_t w[32], unsigned v) {
    uint8_t a[32] = {0};
    a[31] = (uint8_t)v;
    fuzz_add256(w, a, 0);
}

/* one scalar change on the word at w */
static void fuzz_mutate_scalar(uint8_t *w, uint64_t *s) {
    switch (fuzz_rng(s) % 8) {
    case 0: fuzz_add256(w, FUZZ_R, 0); break;
    case 1: fuzz_add256(w, FUZZ_P, 0); break;
    case 2: memcpy(w, FUZZ_R, 32); w[31] -= 1; break; /* r − 1 (r ends in 0x01) */
    case 3: memcpy(w, FUZZ_R, 32); break;
    case 4: memcpy(w, FUZZ_P, 32); break;
    case 5: memset(w, 0, 32); break;
    case 6: memset(w, 0xff, 32); break;
    default: fuzz_add_small(w, 1); break;
    }
}

/* one point change on the 64-byte point at pt; pts/n_pts: the proof's commitments */
static void fuzz_mutate_point(uint8_t *pt, const uint8_t *pts, size_t n_pts, uint64_t *s) {
    switch (fuzz_rng(s) % 7) {
    case 0: memset(pt, 0, 64); break;                       /* infinity */
    case 1: memset(pt, 0, 64); pt[31] = 1; pt[63] = 2; break; /* the generator */
    case 2: {                                               /* −P: y -> p − y */
        uint8_t y[32];
        memcpy(y, FUZZ_P, 32);
        fuzz_add256(y, pt + 32, 1);
        int zero = 1;
        for (int i = 0; i < 32; i++) zero &= pt[32 + i] == 0;
        if (!zero) memcpy(pt + 32, y, 32);
        break;
    }
    case 3:                                                 /* another commitment */
        if (n_pts) memmove(pt, pts + 64 * (fuzz_rng(s) % n_pts), 64);
        break;
    case 4: fuzz_add_small(pt + 32, 1); break;              /* off the curve */
    case 5: fuzz_add256(pt, FUZZ_P, 0); break;              /* x + p */
    default: fuzz_add256(pt + 32, FUZZ_P, 0); break;        /* y + p */
    }
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
    uint64_t s = (uint64_t)seed * 0x9e3779b97f4a7c15ull + 1;
    const fuzz_layout_t *L = fuzz_layout();
    if (fuzz_rng(&s) % 2 || size < L->proof_len) return LLVMFuzzerMutate(data, size, max_size);
    size_t n_pub = (size - L->proof_len) / 32, n_comm = L->comm_end / 64;
    size_t n_pts = n_comm + (L->proof_len - L->evals_end) / 64;
    switch (fuzz_rng(&s) % 6) {
    case 0: { /* a scalar: an evaluation or a public input */
        size_t n_ev = (L->evals_end - L->comm_end) / 32, k = fuzz_rng(&s) % (n_ev + n_pub);
        fuzz_mutate_scalar(data + (k < n_ev ? L->comm_end + 32 * k : L->proof_len + 32 * (k - n_ev)), &s);
        break;
    }
    case 1: { /* a point: a commitment or an opening witness */
        size_t k = fuzz_rng(&s) % n_pts;
        uint8_t *pt = k < n_comm ? data + 64 * k : data + L->evals_end + 64 * (k - n_comm);
        fuzz_mutate_point(pt, data, n_comm, &s);
        break;
    }
    case 2: { /* swap two words anywhere in the input */
        size_t nw = size / 32, a = fuzz_rng(&s) % nw, b = fuzz_rng(&s) % nw;
        uint8_t t[32];
        memcpy(t, data + 32 * a, 32);
        memcpy(data + 32 * a, data + 32 * b, 32);
        memcpy(data + 32 * b, t, 32);
        break;
    }
    case 3: /* a public input plus one */
        if (n_pub) fuzz_add_small(data + L->proof_len + 32 * (fuzz_rng(&s) % n_pub), 1);
        break;
    case 4: /* one word shorter */
        if (size >= 32) size -= 32;
        break;
    default: /* one word longer (a copy of the last word) */
        if (size >= 32 && size + 32 <= max_size) {
            memcpy(data + size, data + size - 32, 32);
            size += 32;
        }
        break;
    }
    return size;
}

#endif
