/* zki_estimate: what proving a circuit will cost, from its description alone, before
 * any key is made.
 *
 * Exact (from the layout, docs/PROTOCOL.md §4-§6): the proof's size and number of
 * commitments, evaluations (one per query; none for the quotient chunks, whose
 * combination's value the verifier derives; with SHPLONK every member of a witness pack
 * at every rotation of its pack) and opening points; the VK's size (zki_vk_encode of a VK of
 * the circuit's shape); pk.bin's size (prover/model/artifacts.h: the VK, the SRS
 * powers and the n-point Lagrange basis); the SRS the circuit needs (zki_plonk_srs_need:
 * n + 1 G1 powers, and with the SHPLONK opening of §4.7 max(largest pack, D − 1)·n + 1,
 * for the packs' — preprocessed or witness — and the whole quotient's commitments). For
 * SHPLONK also the opened polynomials K, the packs (the VK holds one commitment per pack
 * instead of the fixed and σ ones) and the witness packs (the proof holds one commitment
 * per witness pack, then [T], [W], [W'], instead of advice, m, z, φ, D − 1 chunks and a
 * witness per point).
 *
 * Modelled: the prover's and setup's peak memory, the sum of the buffers the CLI's
 * `prove` and `setup` hold at their peak (the quotient round: every column on the
 * extended coset, prover/plonk/prove.c), and their time on this machine, the rounds of
 * prove.c priced with the cost model (cost_model.h): interpolation NTTs, the witness
 * columns' small-scalar MSMs in the Lagrange basis (full MSMs for late columns, whose
 * values depend on the challenges; SHPLONK: a witness pack of t > 1 members is one
 * full-scalar MSM of t·n interleaved coefficients instead), lookup table builds, the serial
 * permutation and logUp products, the coset extensions and the constraint evaluated at
 * every point of the extended coset, the quotient and opening MSMs. SHPLONK: one
 * (D − 1)·n-point quotient MSM; the opening (prover/plonk/shplonk_open.c) sums each
 * group of opened polynomials sharing (t, rotations), divides it by its factors
 * X^t − ζω^ρ, and commits [W] and [W'] over the longest opened polynomial; setup commits
 * each pack of t members as t·n coefficients (MSMs between the measured powers of two
 * are interpolated).
 */
#ifndef ZKI_ESTIMATE_H
#define ZKI_ESTIMATE_H

#include <stddef.h>
#include <stdint.h>

#include "cost_model.h"
#include "keys.h"

/* The prover's rounds, as ZKI_TRACE=1 prints them (prover/plonk/prove.c). */
enum {
    ZKI_EST_ADVICE_INTERP = 0,
    ZKI_EST_ADVICE_COMMIT,
    ZKI_EST_LOOKUP_M,
    ZKI_EST_PERM_LOGUP,
    ZKI_EST_QUOTIENT,
    ZKI_EST_QUOTIENT_COMMIT,
    ZKI_EST_EVALS,
    ZKI_EST_OPENING,
    ZKI_EST_N_PHASES
};

typedef struct {
    /* the circuit */
    uint32_t log_n, n, usable, degree, ext_log;
    uint32_t rows_used;         /* rows the layout fills, when the caller knows (else 0) */
    uint32_t n_advice, n_fixed, n_instance, n_lookups, n_perm_cols, n_z, n_t;
    uint32_t n_public, n_queries, n_points; /* n_queries: the proof's evaluations (SHPLONK:
                                             * with the witness packs' added rotations) */
    /* the opening scheme (docs/PROTOCOL.md §4.7): shplonk = P, the pack limit (0: GWC,
     * the other three 0 too); the opened polynomials (advice with a query, packs, z, m,
     * φ, T), the packs of the preprocessed polynomials and the largest pack's size */
    uint32_t shplonk, n_opens, n_packs, pack_max_t;
    /* SHPLONK's witness packs (§4.7): the prover's advice, m, z, φ packed per round, one
     * commitment each in the proof; the largest pack's member count */
    uint32_t n_wpacks, wpack_max_t;
    /* exact sizes */
    uint32_t proof_commitments; /* G1 points in the proof: GWC advice, m, z, φ, the
                                 * quotient chunks, a witness per point; SHPLONK the
                                 * witness packs, [T], [W], [W'] */
    size_t proof_bytes, vk_bytes, pk_bytes;
    size_t srs_powers;          /* G1 powers the circuit needs: n + 1 (GWC),
                                 * max(pack_max_t, n_t)·n + 1 (SHPLONK) */
    uint32_t srs_logrows;       /* `zkinfer srs --dev --logrows K` that holds them */
    size_t srs_bytes;           /* the smallest ZKISRS file holding them */
    /* modelled */
    size_t prove_peak_bytes, setup_peak_bytes;
    double prove_s;             /* zki_prove alone (what `prove` reports as prove_s) */
    double prove_cmd_s;         /* the whole `prove` command (pk.bin read, keys rebuilt) */
    double setup_s;
    double phase_s[ZKI_EST_N_PHASES];
} zki_estimate;

/* Estimates the cost of proving cs (n_public public inputs in instance column 0, the
 * model flow's convention) with the cost model m; m NULL: sizes and memory only (the
 * times are left 0), which needs no measurement.
 * Returns: ZKI_OK; ZKI_ERR_ARG (an invalid circuit); ZKI_ERR_NOMEM. */
zki_status zki_estimate_circuit(zki_estimate *e, const zki_cs *cs, uint32_t n_public, const zki_cost_model *m)
    __attribute__((warn_unused_result));

/* A VK of cs's shape whose points are placeholders (the generator; [1]₂ and [τ]₂ at
 * infinity): the real VK's size and code generation, without any key.
 * Returns: ZKI_OK, ZKI_ERR_ARG, ZKI_ERR_NOMEM. Free with zki_vk_free. */
zki_status zki_estimate_shape_vk(zki_vk *vk, const zki_cs *cs, uint32_t n_public) __attribute__((warn_unused_result));

/* The G1 powers an SRS must hold for cs (zki_plonk_srs_need of its layout; n_public as
 * zki_estimate_circuit). Returns: ZKI_OK and *powers; ZKI_ERR_ARG; ZKI_ERR_NOMEM. */
zki_status zki_estimate_srs_need(const zki_cs *cs, uint32_t n_public, size_t *powers) __attribute__((warn_unused_result));

/* Returns: the smallest K >= 1 with 2^K >= powers (the --logrows of `zkinfer srs --dev`
 * that makes an SRS holding that many powers). */
unsigned zki_srs_logrows_for(size_t powers);

/* Parses a memory size: a byte count, or a number with the suffix K, M, G (or KiB, MiB,
 * GiB; powers of 1024). Returns: 1 and *out, or 0 (not a size, zero, or overflow). */
int zki_parse_mem_size(const char *s, size_t *out);

#endif
