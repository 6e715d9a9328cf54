/* zki_ptau_read: imports the powers of tau of a snarkjs ".ptau" ceremony file
 * (Groth16/PLONK phase 1, e.g. the Hermez/Polygon "powersOfTau28_hez_final_XX.ptau"
 * files, or one made with `snarkjs powersoftau new/contribute`) as a zki_srs.
 *
 * The format, as snarkjs 0.7.x writes it (read from its sources: src/powersoftau_new.js
 * for the section list, src/powersoftau_utils.js writePTauHeader/readPTauHeader for
 * section 1, @iden3/binfileutils createBinFile/startWriteSection for the framing,
 * ffjavascript's toRprLEM for the point encoding; checked byte by byte on files
 * snarkjs 0.7.6 produced, see tests/pcs/test_ptau.c):
 *
 *   "ptau"  u32 version (= 1)  u32 n_sections
 *   n_sections × { u32 type, u64 size, size bytes }            (integers little-endian)
 *   type 1  header: u32 n8 (= 32), n8-byte prime q (little-endian), u32 power,
 *           u32 ceremonyPower
 *   type 2  tauG1:      2^(power+1) − 1 G1 points [τ^i]₁
 *   type 3  tauG2:      2^power G2 points [τ^i]₂
 *   type 4  alphaTauG1, 5 betaTauG1, 6 betaG2, 7 contributions (Groth16 only);
 *   types 12–15 (after `prepare phase2`): the same powers in Lagrange form; section 12
 *           (lTauG1) is, for p = 0 .. power + 1 in turn, the 2^p points
 *           [L_i(τ)]₁ of the domain of size 2^p (snarkjs's
 *           src/powersoftau_preparephase2.js: G1.lagrangeEvaluations, an inverse
 *           FFT, of the first 2^p tauG1 points; the block for p begins (2^p − 1)
 *           points into the section, which holds 2^(power+2) − 1 points). The block
 *           for p = power + 1 is made from 2^(power+1) − 1 powers and a zero point,
 *           so it is not a Lagrange basis and is never used. Checked point for point
 *           against zki_g1s_intt of tauG1 on snarkjs-made files (test_lagrange.c).
 * `new` and `contribute` write sections 1–7, `prepare phase2` writes 1–7 and 12–15;
 * this reader only uses 1–3, so it accepts every stage. A point is x ‖ y (G1, 64
 * bytes) or x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1 (G2, 128 bytes), each coordinate 32 bytes
 * little-endian in Montgomery form (the integer a·2^256 mod q for the value a); the
 * point at infinity is all zeros. Note the coordinate order differs from EIP-197,
 * which puts c1 first.
 *
 * Validation: framing (each section inside the file, the sections ending exactly
 * at the end of the file, no duplicate of sections 1–3), the header (n8 = 32, the
 * prime is BN254's q, 1 <= power <= 28), section sizes matching power, each used
 * coordinate < q, each point on its curve, the G2 points in the subgroup, and then
 * zki_srs_check: the standard generators at index 0, τ ∉ {0, 1} (so a file nobody
 * contributed to is refused) and the pairing consistency of the powers.
 * Only the first two G2 powers and the kept G1 prefix are read.
 */
#ifndef ZKI_PTAU_H
#define ZKI_PTAU_H

#include <stddef.h>

#include "srs.h"
#include "status.h"

/* Largest snarkjs power accepted (the Hermez ceremony's maximum; Fr's 2-adicity). */
#define ZKI_PTAU_MAX_POWER 28

/* Reads the tau powers of a .ptau file, keeping the first min(2^(power+1) − 1, max_n)
 * G1 powers and [1]₂, [τ]₂.
 * Returns: ZKI_OK, or the first failure:
 *   wrong magic, missing or duplicated section 1–3, n8 != 32,
 *   a prime other than BN254's q                          ZKI_ERR_ENCODING
 *   version != 1                                          ZKI_ERR_VERSION
 *   a section past the end of file (truncated), trailing
 *   bytes, header/section sizes inconsistent with power,
 *   power 0                                               ZKI_ERR_SIZE
 *   power > ZKI_PTAU_MAX_POWER (before any allocation)    ZKI_ERR_LIMIT
 *   a coordinate >= q                                     ZKI_ERR_NONCANONICAL
 *   a point off its curve                                 ZKI_ERR_NOT_ON_CURVE
 *   a G2 point outside the subgroup                       ZKI_ERR_NOT_IN_SUBGROUP
 *   zki_srs_check failed (generators, τ ∈ {0,1}, pairings) ZKI_REJECT
 *   ZKI_ERR_ARG (NULL, or max_n == 1), ZKI_ERR_IO, ZKI_ERR_NOMEM.
 *   On failure *srs is empty.
 * Out: srs    source ZKI_SRS_SOURCE_PTAU; release with zki_srs_free.
 * In:  path;  max_n  the most G1 powers wanted (0 = all; else >= 2). */
zki_status zki_ptau_read(zki_srs *srs, const char *path, size_t max_n)
    __attribute__((warn_unused_result));

/* Reads the Lagrange basis [L_i(τ)]₁ of the domain of size 2^log_n (ω =
 * zki_fr_root_of_unity(log_n), the root snarkjs uses too) from section 12 of a file
 * after `snarkjs powersoftau prepare phase2`, and checks it against the file's own
 * tauG1 with zki_lagrange_check (lagrange.h). Framing and header are validated as by
 * zki_ptau_read (sections 1, 2 and 12 must be present once each).
 * Returns: ZKI_OK, or the first failure:
 *   wrong magic, section 1, 2 or 12 missing or duplicated,
 *   n8 != 32, a prime other than BN254's q                ZKI_ERR_ENCODING
 *   version != 1                                          ZKI_ERR_VERSION
 *   framing as zki_ptau_read, section 2 or 12 of the
 *   wrong size for power, log_n > power                   ZKI_ERR_SIZE
 *   a coordinate >= q                                     ZKI_ERR_NONCANONICAL
 *   a point off the curve                                 ZKI_ERR_NOT_ON_CURVE
 *   the basis does not match tauG1                        ZKI_REJECT
 *   ZKI_ERR_ARG (NULL), ZKI_ERR_IO, ZKI_ERR_NOMEM.
 * Out: out   2^log_n points (caller-allocated; contents unspecified on failure).
 * In:  path, log_n (0 <= log_n <= the file's power). */
zki_status zki_ptau_read_lagrange(zki_g1_aff *out, const char *path, unsigned log_n)
    __attribute__((warn_unused_result));

#endif
