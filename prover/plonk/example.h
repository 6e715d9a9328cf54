/* A built-in example circuit that exercises every feature of the proof system, for
 * demos, cross-verifier tests (light verifier, EVM) and benchmarks until model circuits
 * exist. Columns: advice a0..a4; fixed q, qlk, T, T2; one instance column with 2 public
 * inputs.
 *   gate    mac:    q·(a0·a1 + a2 − a3[next]) = 0          (a multi-row gate)
 *   lookup  range:  qlk·a0 ∈ T, T = 0..K−1 then zeros      (repeated and unused rows)
 *   lookup  square: (qlk·a1, qlk·a4) ∈ (T, T²)             (a 2-column table)
 *   copies  a2[r+1] = a3[r] for r ≡ 0 (mod 3); x0 = a3[u−1]; x1 = a0[0]
 * variant 1 switches the gate off on row 0: same shape, a different VK.
 * variant 2 adds late advice a5, a6 and challenges c0, c1 (docs/PROTOCOL.md §4.1):
 *   gate    late_prod:  qlk·(a5 − (c0·a0 + a1)) = 0
 *   gate    late_rlc:   q·(a6[next] − (a6·c1 + a5)) = 0
 *   lookup  late_range: qlk·(a5 − c0·a0) ∈ T             (a challenge in a lookup input)
 *   copy    a6[0] = a0[0]                                 (a late column equality-enabled)
 * its late columns are filled by zki_example_late once the challenges are known. */
#ifndef ZKI_EXAMPLE_H
#define ZKI_EXAMPLE_H

#include "cs.h"

#define ZKI_EXAMPLE_PUBLIC 2

/* Builds the circuit and a satisfying witness from a seed.
 * Out: cs (zki_cs_free), advice (malloc'd, 5·n values, 7·n for variant 2 with the late
 * columns zero; free), pub[2], npub[1].
 * Returns: ZKI_OK, ZKI_ERR_ARG (log_n < 4 or > 24, variant not 0..2), ZKI_ERR_NOMEM. */
zki_status zki_example_circuit(zki_cs *cs, zki_fr **advice, zki_fr pub[ZKI_EXAMPLE_PUBLIC],
                               uint32_t npub[1], uint32_t log_n, int variant, uint64_t seed);

/* Fills variant 2's late columns a5, a6 (usable rows) of its advice A given challenges
 * ch[0..1]; ctx is the circuit (its description suffices). A zki_late_fn. */
zki_status zki_example_late(void *ctx, const zki_fr *ch, zki_fr *A);

/* The proof-system benchmark circuit (bench/bench_plonk.c, tests/evm/tools): 16 advice
 * columns, 2 fixed, no public inputs.
 *   gate    mac:    q·(Σ_{j<7} a_{2j}·a_{2j+1} + a14 − a15) = 0
 *   lookups range:  q·a0 ∈ T and q·a1 ∈ T, T = 0..255
 *   copies          a15[r] = a14[r+1] on every usable row (chaining the accumulators)
 * Out: cs (zki_cs_free), advice (malloc'd, 16·n values; free).
 * Returns: ZKI_OK, ZKI_ERR_ARG (log_n < 9, the table needs 256 rows, or > 24), ZKI_ERR_NOMEM. */
zki_status zki_bench_circuit(zki_cs *cs, zki_fr **advice, uint32_t log_n, uint64_t seed);

#endif
