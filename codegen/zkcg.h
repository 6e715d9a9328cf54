/* zkcg: the Solidity verifier generator and the calldata encoder (issue "Code generator").
 *
 * One table drives both sides: zkcg_layout, derived from a verifying key alone, gives
 *   - the proof's parts (docs/PROTOCOL.md §6) as byte offsets inside the proof, which the
 *     calldata encoder checks against and the contract copies from;
 *   - the ABI shape of verifyProof(bytes proof, uint256[] instances);
 *   - the contract's memory map: the transcript buffer (five chunks, each a state word S
 *     followed by the words absorbed before the next squeeze, so the proof is copied
 *     once and every hash is one KECCAK256 over contiguous memory; a sixth, "late" chunk
 *     right after the first when the circuit has late advice columns, docs/PROTOCOL.md
 *     §4.4 step 2), the challenge slots,
 *     the Lagrange and instance values, the constraint DAG's shared nodes and the MSM and
 *     pairing scratch.
 * The generator (solidity.c) reads nothing else: the template (templates/Verifier.sol,
 * embedded at build time) only names the slots and holds the fixed Yul helpers.
 *
 * Invariants: every memory address is a multiple of 32 and below ZKCG_MEM_LIMIT-ish
 * sizes that the layout computes; offsets of the proof parts are in proof order and sum
 * to zki_plonk_proof_size().
 *
 * SHPLONK (zkinfer-plonk-v3, docs/PROTOCOL.md §4.7, vk->L.shplonk > 0): the same table
 * with one quotient commitment [T] at off_t, the two witnesses [W], [W'] at off_w (only
 * [W] is absorbed: chunk 4 is S, [W]; [W'] follows it in memory), the VK's packs [F_g] as
 * its commitments, and the opening's denominators x^t − ζ·ω^ρ inverted in the same
 * batch as the Lagrange rows (zkcg_open_sets).
 */
#ifndef ZKCG_H
#define ZKCG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "keys.h"

/* The ABI: verifyProof(bytes,uint256[]). Standard encoding puts the proof's bytes at
 * calldata offset 4 + 0x60 and the instances after the proof (padded to 32 bytes). */
#define ZKCG_SIGNATURE "verifyProof(bytes,uint256[])"

/* Words of the fixed challenge region at m_ch (θ … T(ζ)); the circuit's challenges follow. */
#define ZKCG_CH_WORDS 17

/* The transcript chunks (one per squeeze that absorbs words) and the proof parts. */
enum { ZKCG_TR_ROUND1 = 0, ZKCG_TR_PERM, ZKCG_TR_QUOT, ZKCG_TR_EVALS, ZKCG_TR_OPEN, ZKCG_TR_N };

/* Commitment slots, in proof order then VK order (the MSM's bases). */
typedef enum {
    ZKCG_C_ADVICE = 0,
    ZKCG_C_M,
    ZKCG_C_Z,
    ZKCG_C_PHI,
    ZKCG_C_T,
    ZKCG_C_FIXED, /* in the VK */
    ZKCG_C_SIGMA  /* in the VK */
} zkcg_comm_kind;

typedef struct {
    /* proof byte offsets (within the `bytes proof` argument) */
    size_t proof_len;
    size_t off_advice, off_m, off_z, off_phi, off_t, off_evals, off_w;
    size_t off_advice_late;     /* the first late advice column's [a_j] (= off_m without late
                                 * columns); SHPLONK: off_advice, off_advice_late and off_z
                                 * start S1's, S2's and S3's witness packs, and off_m = off_z,
                                 * off_phi = off_t */
    uint32_t n_public;
    /* commitments: n_comm in the proof (advice, m, z, φ, t; SHPLONK: the witness packs,
     * then [T]), then fixed, σ from the VK (SHPLONK: the packs [F_g] from the VK) */
    uint32_t n_proof_comm, n_comm;
    uint32_t n_t_comm;          /* quotient commitments in the proof: D − 1 chunks; SHPLONK 1 */
    uint32_t n_w;               /* opening witnesses: one per point; SHPLONK 2 ([W], [W']) */
    /* memory map (bytes) */
    uint32_t m_tr[ZKCG_TR_N];   /* start of each transcript chunk: its S word */
    uint32_t tr_words[ZKCG_TR_N]; /* words hashed per chunk, S included */
    uint32_t m_tr_late;         /* late advice columns only (else 0): the chunk S, [a_j] of the
                                 * late columns, [m_l], right after chunk 0 (which then ends
                                 * with the early columns), hashed for θ after the challenges */
    uint32_t tr_late_words;     /* its words, S included (0 without late columns) */
    uint32_t m_public;          /* public inputs (inside chunk 0, after S and the digest) */
    uint32_t m_comm0;           /* proof commitment k is at m_comm0 + 64·k, except that the
                                 * chunks are separated by S words: use zkcg_comm_addr */
    uint32_t m_evals;           /* evaluation q at m_evals + 32·q */
    uint32_t m_w;               /* opening witness p at m_w + 64·p */
    uint32_t m_ch;              /* challenges θ β γ λ y ζ v u, then ζ^n, Z_H(ζ), l0, llast,
                                 * lblind, lactive, 1/u, 1/Z_H(ζ), T(ζ) = C(ζ)/Z_H(ζ), then the
                                 * circuit's own challenges c_0 .. c_{n_c-1} (ZKCG_CH_WORDS on) */
    uint32_t m_inst;            /* I_j(ζ) per instance column */
    uint32_t m_lag;             /* n_lag Lagrange values (rows 0..P-1, then u..n-1), + n_inv_extra
                                 * words inverted in the same batch: u and Z_H(ζ) (GWC); Z_H(ζ),
                                 * ζ and the opening's n_den denominators (SHPLONK: M_DEN_j at
                                 * m_lag + 32·(n_lag + 2 + j)) */
    uint32_t m_lag_tmp;         /* n_lag + n_inv_extra prefix products for the batch inversion */
    uint32_t n_inv_extra;
    uint32_t m_open;            /* SHPLONK: n_open_slots words of the opening sets (zkcg_open_sets) */
    uint32_t n_open_slots;
    uint32_t n_lag, pub_rows;
    uint32_t m_vpow, m_upow;    /* powers of v (max terms per point, the quotient counted at
                                 * ζ) and u (points) */
    uint32_t n_vpow;
    uint32_t m_nodes;           /* shared DAG nodes: node i at m_nodes + 32·node_slot[i] */
    uint32_t n_node_slots;
    uint32_t m_msm;             /* MSM accumulator + scratch: 5 words */
    uint32_t m_pair;            /* pairing input: 12 words, output at m_pair */
    uint32_t m_end;             /* first free byte */
} zkcg_layout;

/* SHPLONK (docs/PROTOCOL.md §4.7): the opened polynomials of L->opens grouped for the
 * verifier's arithmetic. s_i = v^i / Z_i(x) with Z_i(x) = Π_{ρ∈R_i} (x^t_i − ζ·ω^ρ): each
 * distinct (t, ρ) is one denominator (inverted once, with the Lagrange rows), each
 * distinct (t, R) one opening set whose 1/Z(x) is the product of its denominators'
 * inverses. The remainder enters only as r_i(x)/Z_i(x) = Σ_ρ Y_{i,ρ}(x)·w_ρ with
 * w_ρ = 1/((x^t − ζω^ρ)·Π_{ρ'≠ρ}(ζω^ρ − ζω^ρ')) (the CRT formula over Z_i), so a set with
 * |R| > 1 keeps 1 + |R| memory words (1/Z(x), then w_ρ per ρ); a set with one rotation
 * needs none (w = 1/Z(x) is its denominator's inverse). */
typedef struct {
    uint32_t n_den;       /* distinct (t, ρ) */
    uint32_t *den_t;
    int32_t *den_rot;
    uint32_t n_set;       /* distinct (t, R) */
    uint32_t *set_t, *set_nrot, *set_first; /* R_s at rots[set_first[s] ..], their
                                             * denominators' indices at dens[set_first[s] ..] */
    int32_t *rots;
    uint32_t *dens;
    uint32_t *set_slot;   /* |R| > 1: the first of its 1 + |R| words; else UINT32_MAX */
    uint32_t n_slots;
    uint32_t *open_set;   /* per opened polynomial (L->opens order): its set */
} zkcg_open_sets;

/* Groups L->opens (L->shplonk > 0; an empty result for GWC).
 * Returns: ZKI_OK, ZKI_ERR_NOMEM. */
zki_status zkcg_open_sets_init(zkcg_open_sets *S, const zki_plonk_layout *L);
void zkcg_open_sets_free(zkcg_open_sets *S);

/* Derives the table. node_slot is not filled here (solidity.c decides which nodes are
 * shared); m_nodes is the start of their region and m_msm etc. follow n_node_slots,
 * which the caller passes (0 for the encoder, which needs only the proof offsets).
 * Returns: ZKI_OK, ZKI_ERR_SIZE (a layout that does not fit the EVM's practical memory),
 * ZKI_ERR_ARG (inconsistent late-column counts; a decoded VK never has them). */
zki_status zkcg_layout_init(zkcg_layout *lay, const zki_vk *vk, uint32_t n_node_slots);

/* The proof's commitments before the quotient, per transcript chunk: nc[0] in chunk 0,
 * nc[1] in the late chunk (0 without late columns), nc[2] in chunk 1. GWC: [a_j] and
 * [m_l] (the late columns and [m] in the late chunk), then [z_j], [φ_l]; SHPLONK: the
 * witness packs of S1, S2 and S3 (docs/PROTOCOL.md §4.7, L->wpack_seq_end). */
void zkcg_comm_counts(uint32_t nc[3], const zki_vk *vk);

/* Returns: the memory address of proof commitment k (proof order: the counts of
 * zkcg_comm_counts, then the quotient's); the late advice columns and [m] (SHPLONK: S2's
 * packs) sit in the late chunk when the circuit has one. */
uint32_t zkcg_comm_addr(const zkcg_layout *lay, const zki_vk *vk, uint32_t k);

/* Options of the generator. */
typedef struct {
    const char *contract_name; /* default "ZkinferVerifier" */
    int debug_phases;          /* 1: emit log1(0, 0, phase) markers (non-view; for gas tracing) */
    int separate_vk;           /* 1: the VK's points live in a second contract (see README) */
    int loops;                 /* 1: the loop forms of the checks, Lagrange values and instance
                                * sums even where straight-line code is chosen (tests) */
} zkcg_options;

/* Writes the Solidity source of the verifier for vk into a malloc'd NUL-terminated string.
 * Returns: ZKI_OK, ZKI_ERR_NOMEM, ZKI_ERR_SIZE. */
zki_status zkcg_generate_solidity(char **out, const zki_vk *vk, const zkcg_options *opt);

/* ABI-encodes verifyProof(proof, instances): 4-byte selector, two head words, the proof's
 * length and bytes (zero-padded to 32), the instance count and words.
 * out: at least zkcg_calldata_size(proof_len, n_public) bytes.
 * Returns: the number of bytes written. */
size_t zkcg_calldata_size(size_t proof_len, size_t n_public);
size_t zkcg_encode_calldata(uint8_t *out, const uint8_t *proof, size_t proof_len, const uint8_t *pub,
                            size_t n_public);
/* The 4-byte selector of ZKCG_SIGNATURE. */
void zkcg_selector(uint8_t sel[4]);

/* The two CLI commands (argv without the command name). Exit codes of prover/cli. */
int zkcg_cmd_create_evm_verifier(int argc, char **argv);
int zkcg_cmd_encode_calldata(int argc, char **argv);

/* The templates embedded at build time (build/gen/zkcg_templates.h via codegen/embed.sh). */
const char *zkcg_template(const char *name);

#endif
