/* The PLONKish prover and full verifier (docs/PROTOCOL.md, "Proof system").
 *
 * A proof is a flat sequence of 32-byte big-endian words, exactly
 * zki_plonk_proof_size(&vk->L, &vk->cs) bytes:
 *   [a_j] advice commitments, [m_l] lookup multiplicities,
 *   [z_j] permutation products, [φ_l] lookup sums, [t_i] quotient chunks (64 bytes each),
 *   the claimed evaluation of every query, in layout order (32 bytes each; none for the
 *   quotient, whose value at ζ the verifier derives),
 *   [W_p] one opening witness per distinct point, in ascending rotation order.
 * SHPLONK circuits (cs->shplonk > 0, zkinfer-plonk-v3, docs/PROTOCOL.md §4.7): one
 * commitment per witness pack (L.wpacks: advice, m, z, φ packed per round, at most P
 * members; a pack of one is its polynomial) instead of one per polynomial, one [T] (the
 * whole quotient) instead of the chunks, the evaluations of the queries (witness pack
 * members at every rotation of their pack), and [W], [W'] instead of the W_p.
 * Public inputs are not part of the proof; they are passed to both sides in instance
 * column order (column 0's rows 0..np_0-1, then column 1's, ...).
 */
#ifndef ZKI_PROVE_H
#define ZKI_PROVE_H

#include "keys.h"

/* Fills out[0..len) with random bytes. Returns: 1 on success. */
typedef int (*zki_rng_fn)(void *ctx, uint8_t *out, size_t len);

/* The transcript label of this proof system version. v2 (this one) leaves the quotient
 * chunks' evaluations out of the proof (the verifier derives T(ζ) = C(ζ)/Z_H(ζ)); a v1
 * proof is (D - 1)·32 bytes longer and is refused for its length (ZKI_ERR_SIZE). */
#define ZKI_PLONK_VERSION 2
#define ZKI_PLONK_LABEL "zkinfer-plonk-v2"
/* The "format" of the CLI's proof.json for proofs of this version (v1 went with
 * zkinfer-plonk-v1). */
#define ZKI_PROOF_JSON_FORMAT "zkinfer-proof-v2"
/* SHPLONK circuits (cs->shplonk > 0, VK version 3, docs/PROTOCOL.md §4.7) prove with
 * this label and proof.json format instead. zki_plonk_label picks by layout. */
#define ZKI_PLONK_LABEL_V3 "zkinfer-plonk-v3"
#define ZKI_PROOF_JSON_FORMAT_V3 "zkinfer-proof-v3"
#define zki_plonk_label(L) ((L)->shplonk ? ZKI_PLONK_LABEL_V3 : ZKI_PLONK_LABEL)
#define zki_proof_json_format(L) ((L)->shplonk ? ZKI_PROOF_JSON_FORMAT_V3 : ZKI_PROOF_JSON_FORMAT)

/* Proves that the advice satisfies the circuit of pk with the given public inputs.
 * advice: n_advice columns of n values (column-major); only the usable rows are read,
 * the reserved rows are overwritten with randomness internally (advice is not modified).
 * rng: NULL for the operating system's generator (getrandom); tests may pass their own.
 * Returns: ZKI_OK; ZKI_ERR_BUFFER if proof_cap is too small; ZKI_ERR_ARG if the witness
 * visibly fails a lookup or the permutation (run the mock prover for details);
 * ZKI_ERR_NOMEM; ZKI_ERR_IO if the randomness source fails. */
zki_status zki_prove(const zki_pk *pk, const zki_fr *advice, const zki_fr *public_inputs,
                     uint8_t *proof, size_t proof_cap, zki_rng_fn rng, void *rng_ctx,
                     unsigned n_threads) __attribute__((warn_unused_result));

/* Flags for zki_prove_ex. */
enum {
    /* Skip the prover's own sanity checks (lookup inputs found, copies hold, quotient
     * degree) and emit a proof anyway. For soundness tests only: such a proof of a
     * false statement must be rejected by every verifier. */
    ZKI_PROVE_UNCHECKED = 1
};

/* zki_prove with flags (ZKI_PROVE_*). */
zki_status zki_prove_ex(const zki_pk *pk, const zki_fr *advice, const zki_fr *public_inputs,
                        uint8_t *proof, size_t proof_cap, zki_rng_fn rng, void *rng_ctx,
                        unsigned n_threads, unsigned flags) __attribute__((warn_unused_result));

/* Fills the late advice columns (the last cs->n_advice_late of the n_advice columns of
 * n values, column-major) once the challenges c_0 .. c_{n_challenges-1} are known: only
 * their usable rows are read afterwards. The other columns hold the caller's values on
 * the usable rows (and randomness on the reserved ones); they may be read, not changed.
 * Returns: ZKI_OK, or an error that zki_prove_late returns as it is. */
typedef zki_status (*zki_late_fn)(void *ctx, const zki_fr *challenges, zki_fr *advice);

/* zki_prove_ex for circuits with late advice columns (docs/PROTOCOL.md §4.4): commits
 * the early columns, draws the challenges, calls late(late_ctx, challenges, columns)
 * and commits the late columns. The late columns of `advice` are not read. With late
 * == NULL this is zki_prove_ex; a circuit with late columns needs late (ZKI_ERR_ARG). */
zki_status zki_prove_late(const zki_pk *pk, const zki_fr *advice, zki_late_fn late, void *late_ctx,
                          const zki_fr *public_inputs, uint8_t *proof, size_t proof_cap, zki_rng_fn rng,
                          void *rng_ctx, unsigned n_threads, unsigned flags) __attribute__((warn_unused_result));

/* Checks a proof. Returns: ZKI_OK (accept); ZKI_REJECT (well-formed, false);
 * ZKI_ERR_SIZE (wrong length or number of public inputs); ZKI_ERR_NONCANONICAL (a scalar
 * or coordinate >= its modulus, including public inputs); ZKI_ERR_NOT_ON_CURVE. */
zki_status zki_verify(const zki_vk *vk, const zki_fr *public_inputs, size_t n_public,
                      const uint8_t *proof, size_t proof_len) __attribute__((warn_unused_result));

/* Public inputs given as 32-byte big-endian words (checked canonical) instead of zki_fr. */
zki_status zki_verify_bytes(const zki_vk *vk, const uint8_t *public_inputs, size_t n_public,
                            const uint8_t *proof, size_t proof_len) __attribute__((warn_unused_result));

#endif
