/* Poseidon over BN254 Fr with circomlib's parameters, and the vector hash that the
 * `hashed` visibility exposes as a public input.
 *
 * Spec: Grassi, Khovratovich, Rechberger, Roy, Schofnegger, "Poseidon: A New Hash
 * Function for Zero-Knowledge Proof Systems" (USENIX Security 2021), the HADES design
 * with x^5 S-boxes; the instance is the one circomlib and circomlibjs use:
 *   - state width t = n + 1 for n = 1..16 inputs; state = [0, in_0, ..., in_{n-1}];
 *   - RF = 8 full rounds (4 before and 4 after the partial rounds) and RP partial
 *     rounds from circomlib's table (RP = 56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60,
 *     65, 70, 60, 64, 68 for t = 2..17);
 *   - each round: add the round's t constants, S-box (every cell in full rounds, cell 0
 *     in partial rounds), then state <- M·state with the t×t MDS matrix M;
 *   - the hash is state[0] after the last round.
 *
 * Constants are not tabulated: they are derived the way the Poseidon authors' reference
 * script (generate_parameters_grain.sage) made circomlib's, on first use of a width:
 * an 80-bit Grain LFSR seeded with (field = 1, S-box = 0, n = 254, t, RF, RP, thirty
 * 1 bits), run 160 steps, then used in self-shrinking mode (of each pair of bits, the
 * second is output when the first is 1). Round constants are 254-bit draws (most
 * significant bit first), redrawn while >= r; the MDS matrix is the Cauchy matrix
 * M[i][j] = 1/(x_i + y_j) of the next 2t draws (reduced mod r) x_0..x_{t-1},
 * y_0..y_{t-1}. tests/poseidon compares every constant with circomlibjs.
 *
 * Memory: the derived constants live in static storage owned by this module, built
 * once per width under a lock (thread-safe) and never freed. Nothing else allocates.
 */
#ifndef ZKI_POSEIDON_H
#define ZKI_POSEIDON_H

#include <stddef.h>
#include <stdint.h>

#include "fr.h"
#include "status.h"

#define ZKI_POSEIDON_MAX_INPUTS 16
#define ZKI_POSEIDON_MIN_T 2
#define ZKI_POSEIDON_MAX_T (ZKI_POSEIDON_MAX_INPUTS + 1)
#define ZKI_POSEIDON_RF 8

/* The vector hash's chunking: the first call absorbs up to 15 elements, each later
 * call the running hash and up to 14 more (so every call has t <= 16). */
#define ZKI_POSEIDON_VEC_FIRST 15
#define ZKI_POSEIDON_VEC_NEXT 14

/* The constants of one width. Invariants: rf == 8, rp from circomlib's table,
 * rc holds (rf + rp) * t elements, round k's at rc[k*t .. k*t + t);
 * mds is t*t row-major: after the S-box, new[i] = sum_j mds[i*t + j] * old[j]. */
typedef struct {
    unsigned t;
    unsigned rf;
    unsigned rp;
    const zki_fr *rc;
    const zki_fr *mds;
} zki_poseidon_consts;

/* The constants for state width t (derived on first use, then cached).
 * Returns: a pointer to static, read-only constants, or NULL if t is outside
 *          ZKI_POSEIDON_MIN_T..ZKI_POSEIDON_MAX_T. */
const zki_poseidon_consts *zki_poseidon_params(unsigned t);

/* The Poseidon permutation of width t on state[0..t) in place.
 * Returns: ZKI_OK, or ZKI_ERR_ARG if t is out of range or state is NULL. */
zki_status zki_poseidon_permute(zki_fr *state, unsigned t);

/* circomlib's Poseidon: out = Poseidon_n(in[0..n)), the first cell of the permuted
 * state [0, in...].
 * Returns: ZKI_OK, or ZKI_ERR_ARG unless 1 <= n <= 16 and the pointers are set.
 * out may alias in. */
zki_status zki_poseidon(zki_fr *out, const zki_fr *in, size_t n);

/* The vector hash of `hashed` visibility (docs/PROTOCOL.md, "Poseidon and hashed
 * visibility"): for n <= 15, Poseidon_n(x); otherwise h = Poseidon_15(x[0..15)) and
 * then, for each following chunk c of up to 14 elements, h = Poseidon_{1+|c|}(h, c).
 * Returns: ZKI_OK, or ZKI_ERR_ARG if n == 0 or a pointer is NULL. */
zki_status zki_poseidon_hash_vec(zki_fr *out, const zki_fr *x, size_t n);

/* The same over signed integers (quantized values), each mapped to x mod r.
 * Returns: as zki_poseidon_hash_vec. */
zki_status zki_poseidon_hash_vec_i64(zki_fr *out, const int64_t *x, size_t n);

#endif
