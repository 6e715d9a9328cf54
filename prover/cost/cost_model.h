/* zki_cost_model: what the prover's building blocks cost on this machine, measured once
 * by microbenchmarks and cached as JSON, so that an estimate (estimate.h) or the layout
 * optimizer (optimize.h) can price a circuit before any key is made.
 *
 * Measured, with the prover's default thread count, at sizes 2^lo .. 2^hi (10..16 by
 * default, a few seconds in all):
 *   ntt        a forward NTT of 2^k elements                   (extrapolated n·log n)
 *   coset_ext  zki_ntt_coset_ext of 2^(k-2) coefficients onto 2^k points (n·log n)
 *   msm_full   zki_g1s_msm with uniform 254-bit scalars        (extrapolated n/log n)
 *   msm_small  zki_g1s_msm_small with 8-bit signed scalars, the witness columns'
 *              Lagrange-basis commitment (prover/plonk/keys.h)  (n/log n)
 *   g1_intt    zki_g1s_intt, the Lagrange basis made at setup (n·log n; 2^(lo-2)..2^lo,
 *              the slowest figure, so kept small)
 * and per element, single-threaded: Fr multiplication and addition, one step of the
 * lookup table build (hash + sort + search per row, as in the prover's multiplicities),
 * one node of the combined constraint (zki_plonk_eval_constraints on a synthetic
 * circuit, divided by the operation count zki_cost_constraint_ops gives it), and one
 * node of an expression (zki_plonk_eval_expr, how lookup tuples are evaluated).
 *
 * Beyond the measured range a figure is extrapolated from the largest size measured
 * (n·log n or n/log n as above); below it, from the smallest. Time in nanoseconds.
 *
 * Cache file: $ZKINFER_COST_MODEL if set, else $XDG_CACHE_HOME/zkinfer/cost-model.json,
 * else $HOME/.cache/zkinfer/cost-model.json. A file of another format version or
 * thread count is measured again.
 */
#ifndef ZKI_COST_MODEL_H
#define ZKI_COST_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "cs.h"
#include "status.h"

#define ZKI_COST_MODEL_VERSION 3
#define ZKI_COST_MAX_LOG 16

typedef struct {
    unsigned lo, hi;                       /* measured log sizes (inclusive) */
    double ntt_ns[ZKI_COST_MAX_LOG + 1];       /* index = log size */
    double coset_ext_ns[ZKI_COST_MAX_LOG + 1];
    double msm_full_ns[ZKI_COST_MAX_LOG + 1];
    double msm_small_ns[ZKI_COST_MAX_LOG + 1];
    double g1_intt_ns[ZKI_COST_MAX_LOG + 1];   /* measured g1_lo .. g1_hi only */
    unsigned g1_lo, g1_hi;
    double fr_mul_ns, fr_add_ns;
    double lookup_row_ns;  /* per input row of one width-1 lookup */
    double constraint_op_ns; /* per operation of zki_cost_constraint_ops */
    double expr_node_ns;   /* per node of zki_plonk_eval_expr (cells, constants, +, ×) */
    unsigned threads;      /* zki_parallel_threads(0) when measured */
    double calibrate_s;    /* how long the measurement took */
} zki_cost_model;

/* Measures the model at sizes 2^lo .. 2^hi (3 <= lo <= hi <= ZKI_COST_MAX_LOG).
 * Returns: ZKI_OK, ZKI_ERR_ARG, ZKI_ERR_NOMEM. */
zki_status zki_cost_model_calibrate(zki_cost_model *m, unsigned lo, unsigned hi) __attribute__((warn_unused_result));

/* Writes / reads the JSON cache. read: ZKI_ERR_IO (missing), ZKI_ERR_ENCODING (not a cost
 * model), ZKI_ERR_VERSION (another format version or thread count: measure again). */
zki_status zki_cost_model_write(const zki_cost_model *m, const char *path) __attribute__((warn_unused_result));
zki_status zki_cost_model_read(zki_cost_model *m, const char *path) __attribute__((warn_unused_result));

/* The default cache path (see above) into buf. Returns: 1, or 0 when no variable names a
 * place (no HOME) or buf is too small. */
int zki_cost_model_default_path(char *buf, size_t cap);

/* How much faster than a cached model a quick probe must run for the cache to be taken
 * as measured on a busy machine (zki_cost_model_load measures again). */
#define ZKI_COST_STALE_RATIO 2.0

/* A quick probe (a few ms: an NTT at 2^(lo+2) and a full-scalar MSM at 2^lo, best of a
 * few) against the figures of m at those sizes. Returns: the smaller of the two ratios
 * cached / now (about 1 for a model measured in the same conditions, above 1 when the
 * cache is slower than the machine now), or 0 if the probe could not run. */
double zki_cost_model_probe(const zki_cost_model *m);

/* Reads the cache at path (NULL: the default path), or calibrates (2^10..2^16, or the
 * cache's own sizes) and writes it when it is missing, of another version or thread
 * count, or slower than the machine now by ZKI_COST_STALE_RATIO (zki_cost_model_probe);
 * *measured tells which (may be NULL).
 * Returns: ZKI_OK; the calibration's errors; a cache that cannot be written is not an
 * error (the figures are used anyway). */
zki_status zki_cost_model_load(zki_cost_model *m, const char *path, int *measured) __attribute__((warn_unused_result));

/* Figures for any size 2^log_n (extrapolated outside the measured range), nanoseconds. */
double zki_cost_ntt(const zki_cost_model *m, unsigned log_n);
double zki_cost_coset_ext(const zki_cost_model *m, unsigned log_n);
double zki_cost_msm_full(const zki_cost_model *m, unsigned log_n);
double zki_cost_msm_small(const zki_cost_model *m, unsigned log_n);
double zki_cost_g1_intt(const zki_cost_model *m, unsigned log_n);

/* The operation count of one evaluation of the combined constraint of cs at one point
 * (expression nodes, permutation and lookup terms; the unit constraint_op_ns prices).
 * n_z: permutation chunks (zki_plonk_layout). */
double zki_cost_constraint_ops(const zki_cs *cs, uint32_t n_z);

#endif
