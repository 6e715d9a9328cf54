/* zkv: the zkinfer light verifier (one header, one C99 file: zkv.c).
 *
 * Verifies zkinfer-plonk-v2 proofs (GWC opening, VK versions 1 and 2) and
 * zkinfer-plonk-v3 proofs (SHPLONK opening with packed preprocessed polynomials, VK
 * version 3) (docs/PROTOCOL.md §4–6) on small devices: no heap,
 * no global mutable state, no libc beyond memcpy/memset, no recursion, no VLAs. All
 * memory is the caller's: the VK buffer (read in place, never copied), a zkv_vk
 * (a few hundred bytes of offsets and counts), and a workspace whose exact size
 * zkv_workspace_size() reports for a given VK.
 *
 * Usage:
 *     zkv_vk vk;
 *     if (zkv_vk_parse(&vk, vk_bytes, vk_len) != ZKV_OK) ...        // malformed VK
 *     size_t need = zkv_workspace_size(&vk);                          // bytes
 *     // work: `need` bytes, 8-byte aligned (e.g. a static uint64_t array)
 *     zkv_status st = zkv_verify(&vk, proof, proof_len, pub, n_pub, work, need);
 *     // ZKV_OK: accept; ZKV_REJECT: well formed but false; anything else: malformed
 *
 * Limbs: 64-bit where unsigned __int128 exists, 32-bit otherwise; -DZKV_LIMB_BITS=32
 * forces the 32-bit code path. Both give identical results.
 *
 * Stack: verification uses a bounded stack independent of the VK (no recursion, no
 * VLAs); README.md gives the measured worst case per build.
 *
 * Everything the verifier reads is public, so the code is not constant time.
 */
#ifndef ZKV_H
#define ZKV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define ZKV_NODISCARD __attribute__((warn_unused_result))
#else
#define ZKV_NODISCARD
#endif

/* One status for every function: 0 accepts, 1 rejects a well-formed false proof, every
 * other value is a malformed or unusable input (distinct per kind). */
typedef enum {
    ZKV_OK = 0,              /* success; from zkv_verify: the proof is accepted */
    ZKV_REJECT = 1,          /* well-formed proof of a false statement (or a bad proof) */
    ZKV_ERR_ARG = 2,         /* NULL pointer where data is needed, misaligned workspace */
    ZKV_ERR_SIZE = 3,        /* wrong length: proof, public input count, truncated VK */
    ZKV_ERR_ENCODING = 4,    /* VK: bad magic, count out of range, invalid expression */
    ZKV_ERR_VERSION = 5,     /* VK: unsupported version */
    ZKV_ERR_NONCANONICAL = 6,/* a field element >= its modulus */
    ZKV_ERR_NOT_ON_CURVE = 7,/* a G1/G2 point not on its curve */
    ZKV_ERR_NOT_IN_SUBGROUP = 8, /* a G2 point outside the order-r subgroup */
    ZKV_ERR_DIGEST = 9,      /* VK: stored digest is not keccak256 of its contents */
    ZKV_ERR_DEGREE = 10,     /* VK: declared degree D differs from the expressions' */
    ZKV_ERR_WORKSPACE = 11   /* workspace smaller than zkv_workspace_size(vk) */
} zkv_status;

/* Returns: a static English description of st (never NULL). */
const char *zkv_status_str(zkv_status st);

/* A parsed verifying key: offsets into the caller's VK buffer plus derived counts.
 * Valid only while that buffer is alive and unchanged. Treat as opaque. */
typedef struct {
    const uint8_t *buf;
    uint32_t len;
    uint32_t log_n, n_adv, n_fix, n_inst, n_nodes, n_consts, n_gates, n_lookups, n_perm, degree;
    uint32_t version;                     /* 1, 2 or 3 */
    uint32_t n_late, n_chal;              /* versions 2, 3: late advice columns, challenges; else 0 */
    uint32_t pack_limit, n_packs;         /* version 3: P and the number of packs; else 0 */
    uint32_t n_fq, n_ao, n_aq;            /* version 3: fixed and advice columns with a query; advice queries */
    uint32_t n_wpacks, n_wopen;           /* version 3: witness packs, those with a rotation (opened) */
    uint32_t n_wp1, n_wp2;                /* version 3: witness packs of S1 and S2 (S3: the rest) */
    uint32_t n_public, max_public_rows;   /* Σ np_j, max(1, max np_j) */
    uint32_t n_z, n_t, n_queries, n_af;   /* n_af: advice and fixed queries (the first σ query) */
    uint32_t n_points;
    uint32_t lookup_words;                /* Σ (1 + 2w) over lookups */
    uint32_t rot_bits[5];                 /* bit (ρ + 64): rotation ρ is an opening point */
    uint32_t off_pub, off_nodes, off_consts, off_gates, off_lookups, off_perm;
    uint32_t off_fixed, off_sigma, off_g1, off_g2, off_digest; /* v3: off_fixed = the packs' [F_g] */
    uint32_t proof_len;
} zkv_vk;

/* Parses and validates a binary VK (PROTOCOL.md §5) in place: version 1, version 2
 * (late advice columns and challenges: 1 <= A_late <= #advice, 1 <= n_c <= 4, challenge
 * nodes with index < n_c and b = kind = rotation = 0; a challenge node in a version-1
 * VK is ZKV_ERR_ENCODING) or version 3 (SHPLONK, §4.7: 0 <= A_late <= #advice,
 * 0 <= n_c <= 4, zero together; the pack limit 1 <= P <= 256; the pack commitments,
 * whose number the parser derives from the description and P, instead of fixed and σ;
 * the witness packs, which fix the proof's length, derived the same way; an advice
 * column read at more than 4 rotations, or an opening set naming one point twice, is
 * ZKV_ERR_ENCODING).
 * Returns: ZKV_OK; ZKV_ERR_ARG (NULL); ZKV_ERR_SIZE (truncated or trailing bytes);
 *   ZKV_ERR_ENCODING, ZKV_ERR_VERSION, ZKV_ERR_NONCANONICAL, ZKV_ERR_NOT_ON_CURVE,
 *   ZKV_ERR_NOT_IN_SUBGROUP, ZKV_ERR_DIGEST.
 * Args: vk (out) the parsed key, referring to buf; buf/len: the VK bytes, which must
 *   stay unchanged while vk is used.
 * Two checks need per-node memory and run at the start of zkv_verify instead: the
 * declared degree D (ZKV_ERR_DEGREE) and lookup tables reading only fixed columns at
 * rotation 0, never a challenge (ZKV_ERR_ENCODING). */
zkv_status zkv_vk_parse(zkv_vk *vk, const uint8_t *buf, size_t len) ZKV_NODISCARD;

/* Returns: the exact workspace size in bytes zkv_verify needs for this VK:
 *   versions 1, 2: 4·nodes (rounded up to 8) + 32·(instance columns + challenges)
 *     + 32·max(nodes, M + points + 2·max(min(M, 48), points)),
 *     M = commitments + opening points + 1 (the final MSM's terms),
 *     with commitments = advice + 2·lookups + z chunks + (D−1) + fixed + equality columns;
 *   version 3: 4·(nodes + F + pre + packs + W + 2·wpacks + 2) (rounded up to 8)
 *     + 32·(instance columns + challenges)
 *     + 32·max(nodes, K + 2 + max(K + points, 2·min(K + 2, 48))),
 *     F = distinct fixed (column, rotation) queries, pre = fixed columns with a query +
 *     equality columns, W = advice + 2·lookups + z chunks (the witness polynomials),
 *     wpacks = witness packs, K = opened polynomials (witness packs with a rotation,
 *     preprocessed packs, the quotient). */
size_t zkv_workspace_size(const zkv_vk *vk);

/* Returns: the exact proof length in bytes for this VK (PROTOCOL.md §6; version 3: §4.7,
 * 64·(witness packs + 3) + 32·queries, the witness packs' members queried at every
 * rotation of their pack).
 * A proof of the older zkinfer-plonk-v1 is 32·(D−1) bytes longer and fails with
 * ZKV_ERR_SIZE, as does a proof of the other opening scheme (v2 for a version-3 VK, v3
 * for a version-1 or 2 VK). */
size_t zkv_proof_size(const zkv_vk *vk);

/* Returns: the number of public inputs (32-byte words) the VK expects. */
size_t zkv_public_count(const zkv_vk *vk);

/* Verifies a proof.
 * Returns: ZKV_OK (accept), ZKV_REJECT, or a malformed-input code: ZKV_ERR_ARG,
 *   ZKV_ERR_SIZE (proof length or public input count), ZKV_ERR_NONCANONICAL,
 *   ZKV_ERR_NOT_ON_CURVE (a proof point), ZKV_ERR_WORKSPACE, ZKV_ERR_DEGREE and
 *   ZKV_ERR_ENCODING (the VK checks that need the workspace).
 * In: vk parsed by zkv_vk_parse; proof/proof_len the proof bytes; pub: n_pub public
 *   inputs, each a 32-byte big-endian canonical Fr (instance column 0 first);
 *   work: work_size bytes, 8-byte aligned, contents ignored and overwritten. */
zkv_status zkv_verify(const zkv_vk *vk, const uint8_t *proof, size_t proof_len,
                      const uint8_t (*pub)[32], size_t n_pub, void *work, size_t work_size) ZKV_NODISCARD;

/* Keccak-256 (Ethereum's, original padding) of len bytes; exposed for tests. */
void zkv_keccak256(uint8_t out[32], const uint8_t *in, size_t len);

#ifdef __cplusplus
}
#endif

#endif
