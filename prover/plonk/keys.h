/* Proving and verifying keys of the PLONKish argument.
 *
 * zki_vk  what a verifier needs: the circuit description (expressions, gates, lookups,
 *         equality columns), the public-input counts, commitments to the fixed and
 *         permutation (σ) polynomials, [1]₁, [1]₂, [τ]₂, and the VK digest, the Keccak-256
 *         of the VK's binary encoding (zki_vk_encode), absorbed first by the transcript.
 * zki_pk  the VK plus what the prover needs: fixed and σ polynomials (coefficients and
 *         values on H), the SRS powers it commits with, in the monomial basis ([τ^i]₁)
 *         and the Lagrange basis of H ([L_i(τ)]₁, prover/pcs/lagrange.h), and the NTT
 *         domains.
 *
 * Commitments from values: a column known by its values a_i on H is committed as
 * Σ a_i [L_i(τ)]₁, the same point as the monomial commitment of its interpolation, so
 * the proof and the VK do not depend on which basis was used. Values that read as
 * small signed integers (v > r/2 stands for v − r) go to the small-scalar MSM; the few
 * that do not (the random blinding rows) to a full-scalar MSM (zki_plonk_commit_values).
 */
#ifndef ZKI_KEYS_H
#define ZKI_KEYS_H

#include "ntt.h"
#include "plonk.h"
#include "srs.h"

typedef struct {
    zki_cs cs;            /* description only: fixed == NULL, no copies */
    zki_plonk_layout L;
    zki_g1_aff *fixed_comm; /* n_fixed (GWC; NULL for SHPLONK) */
    zki_g1_aff *sigma_comm; /* n_perm_cols (GWC; NULL for SHPLONK) */
    zki_g1_aff *pack_comm;  /* L.n_packs: [F_g] of each pack (SHPLONK, VK version 3; else NULL) */
    zki_g1_aff g1;        /* [1]₁ */
    zki_g2_aff g2[2];     /* [1]₂, [τ]₂ */
    uint8_t digest[32];
} zki_vk;

typedef struct {
    zki_vk vk;
    zki_fr *fixed_coeffs;  /* n_fixed · n */
    /* The values on H of the fixed columns the prover reads row by row (those in lookup
     * expressions and equality columns; gates only need coefficients), n per column:
     * column j at fixed_values[fixed_slot[j]·n], fixed_slot[j] = UINT32_MAX if not kept. */
    zki_fr *fixed_values;
    uint32_t *fixed_slot;  /* n_fixed */
    zki_fr *sigma_coeffs;  /* n_perm_cols · n */
    /* σ_k(ω^i) = δ^k'·ω^i' with k'·n + i' = sigma_next[k·n + i] (4 bytes a cell instead
     * of 32; zki_pk_sigma_value), ω^i' = omega_pows[i'], δ^k' = delta_pows[k'] */
    uint32_t *sigma_next;  /* n_perm_cols · n */
    zki_fr *omega_pows;    /* n */
    zki_fr *delta_pows;    /* n_perm_cols */
    uint8_t circuit_digest[32]; /* zki_pk_circuit_digest, computed at key generation */
    zki_g1_aff *srs_g1;    /* zki_plonk_srs_need(&vk.L) powers [τ^i]₁ (n + 1 for GWC), copied from the SRS */
    zki_g1_aff *lagrange;  /* n points [L_i(τ)]₁ of H, checked against srs_g1 */
    zki_ntt_domain dom;    /* size n */
    zki_ntt_domain ext;    /* size n << ext_log */
} zki_pk;

/* Generates the keys of circuit cs with an SRS of at least zki_plonk_srs_need G1 powers
 * (n + 1; for SHPLONK circuits, cs->shplonk > 0, max(largest pack, preprocessed or
 * witness, D − 1)·n + 1). A SHPLONK VK (version 3) holds pack commitments instead of
 * fixed and σ ones.
 * public_per_col[j]: the number of public inputs in instance column j (rows 0..).
 * The Lagrange basis of H is derived from the SRS by the G1 inverse NTT
 * (zki_srs_lagrange): (n/2)·log2(n) scalar multiplications, about 8 s at 2^16 on two
 * cores. Callers that have the basis (a prepared .ptau file, the development SRS, a
 * cache) should pass it to zki_keygen_ex instead.
 * Returns: ZKI_OK; ZKI_ERR_ARG (invalid circuit, ungated gate, or a copy involving an
 * instance row that is not a public input); ZKI_ERR_SIZE (SRS too small); ZKI_ERR_NOMEM. */
zki_status zki_keygen(zki_pk *pk, const zki_cs *cs, const uint32_t *public_per_col,
                      const zki_srs *srs, unsigned n_threads) __attribute__((warn_unused_result));

/* zki_keygen with the Lagrange basis of H supplied, e.g. by zki_srs_dev_lagrange or
 * zki_ptau_read_lagrange; zki_keygen is this with lagrange == NULL, which computes it
 * from the SRS by the G1 inverse NTT (zki_srs_lagrange: seconds at 2^16). A supplied
 * basis is copied after zki_lagrange_check against srs (two MSMs of n points).
 * The keys, the VK digest included, are the same either way.
 * Returns: as zki_keygen, and ZKI_REJECT if the supplied basis is not the Lagrange
 *          basis of srs's τ on H.
 * In: lagrange  NULL, or cs->n points [L_i(τ)]₁ for ω = zki_fr_root_of_unity(cs->log_n). */
zki_status zki_keygen_ex(zki_pk *pk, const zki_cs *cs, const uint32_t *public_per_col,
                         const zki_srs *srs, const zki_g1_aff *lagrange, unsigned n_threads)
    __attribute__((warn_unused_result));
/* A Keccak-256 digest of the circuit's fixed and permutation values (canonical 32-byte
 * words, column after column): what the VK's fixed and σ commitments commit to. */
void zki_pk_circuit_digest(const zki_pk *pk, uint8_t out[32]);

/* Returns: the number of fixed columns whose values on H a proving key for cs keeps
 * (read by lookups or copies), or -1 if memory runs out. For memory estimates. */
long zki_pk_fixed_kept(const zki_cs *cs);

/* out = σ_k(ω^i), the permutation value of cell k·n + i (k < n_perm_cols, i < n). */
static inline void zki_pk_sigma_value(const zki_pk *pk, size_t cell, zki_fr *out) {
    size_t n = pk->vk.cs.n, t = pk->sigma_next[cell];
    zki_fr_mul(out, &pk->delta_pows[t / n], &pk->omega_pows[t % n]);
}

/* The coefficients (n) of a pack member (docs/PROTOCOL.md §4.7): a fixed column's or a σ's. */
static inline const zki_fr *zki_pk_member_coeffs(const zki_pk *pk, const zki_plonk_member *m) {
    size_t n = pk->vk.cs.n;
    return m->kind == ZKI_P_FIXED ? pk->fixed_coeffs + (size_t)m->index * n : pk->sigma_coeffs + (size_t)m->index * n;
}

/* The prover's keys for a circuit whose VK was made earlier by zki_keygen: computes the
 * polynomials but no commitment, then takes the VK from vk_bytes after checking that the
 * circuit has the VK's description and that zki_pk_circuit_digest of the new keys equals
 * circuit_digest (recorded at setup). The Lagrange basis is trusted (it was checked at
 * setup). Returns: as zki_keygen; ZKI_ERR_ARG when the circuit is not the VK's; the
 * decoder's errors for bad vk_bytes. */
zki_status zki_keygen_prover(zki_pk *pk, const zki_cs *cs, const uint32_t *public_per_col, const zki_srs *srs,
                             const zki_g1_aff *lagrange, const uint8_t *vk_bytes, size_t vk_len,
                             const uint8_t circuit_digest[32], unsigned n_threads) __attribute__((warn_unused_result));

void zki_pk_free(zki_pk *pk);
void zki_vk_free(zki_vk *vk);

/* Binary VK encoding (docs/PROTOCOL.md, "Verifying key"). encode writes at most cap
 * bytes and reports the size needed in *len (call with out == NULL to size).
 * Returns: ZKI_OK, ZKI_ERR_BUFFER. */
zki_status zki_vk_encode(const zki_vk *vk, uint8_t *out, size_t cap, size_t *len);
/* Parses and validates a VK: magic, version, sizes, expression and lookup structure,
 * every point canonical and on curve, G2 points in the subgroup, and the digest.
 * Returns: ZKI_OK, ZKI_ERR_ENCODING, ZKI_ERR_VERSION, ZKI_ERR_SIZE, ZKI_ERR_NONCANONICAL,
 * ZKI_ERR_NOT_ON_CURVE, ZKI_ERR_NOT_IN_SUBGROUP, ZKI_ERR_NOMEM. */
zki_status zki_vk_decode(zki_vk *vk, const uint8_t *in, size_t len) __attribute__((warn_unused_result));

/* A JSON view of the VK for people and tools (sizes, layout, gates and lookups as
 * formulas, commitments in hex, digest). Returns: a malloc'd NUL-terminated string the
 * caller frees, or NULL on allocation failure. */
char *zki_vk_to_json(const zki_vk *vk);

/* Commits to a polynomial given by len coefficients with the SRS powers g1 (len <= their
 * number): out = Σ c_i [τ^i]₁. */
zki_status zki_plonk_commit(zki_g1_aff *out, const zki_g1_aff *g1, const zki_fr *coeffs, size_t len,
                            unsigned n_threads);

/* Commits to the polynomial with values[i] at ω^i, i < n: out = Σ values[i]·lagrange[i]
 * (equal to zki_plonk_commit of its coefficients with the matching monomial powers).
 * Values that fit int64 as signed integers take zki_g1s_msm_small; if fewer than half
 * do not, those are committed apart with zki_g1s_msm on their points alone, otherwise
 * the whole column goes to zki_g1s_msm.
 * Returns: ZKI_OK; ZKI_ERR_ARG (NULL with n > 0); ZKI_ERR_NOMEM. */
zki_status zki_plonk_commit_values(zki_g1_aff *out, const zki_g1_aff *lagrange, const zki_fr *values, size_t n,
                                   unsigned n_threads) __attribute__((warn_unused_result));

#endif
