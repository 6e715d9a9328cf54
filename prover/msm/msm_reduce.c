/* Bucket reduction: out = Σ_{k<nb} (k+1)·B_k, the weighted sum that turns a
 * window's buckets (B_k holds the points whose digit is ±(k+1)) into the window sum.
 *
 * Method: the running sum, Σ_k (k+1)·B_k = Σ_k Σ_{j>=k} B_j: walking k downwards,
 * run += B_k, sum += run; two additions per bucket.
 *   Few buckets: in XYZZ (madd + add, ~26 M per bucket).
 *   Many buckets (>= ZKI_MSM_RED_MIN, batch affine): the buckets are cut into G
 *   groups of L consecutive ones, each with its own run_g and sum_g, and the G
 *   groups step together, so each step is two batches of G independent affine
 *   additions sharing an inversion (~15 M per bucket). With k = gL + t,
 *     Σ_k (k+1)·B_k = Σ_g sum_g + L·Σ_g g·run_g,
 *   where sum_g = Σ_t (t+1)·B_(gL+t) and run_g = Σ_t B_(gL+t) after the walk; the
 *   second term is a running sum over the G groups and L small doublings.
 */
#include <string.h>

#include "msm_fq.h"
#include "msm_internal.h"

/* r = k·a for a small k, double-and-add (k < 2^32 here). */
static void xyzz_mul_small(zki_g1_xyzz *r, const zki_g1_xyzz *a, uint64_t k) {
    zki_g1_xyzz acc;
    zki_g1_xyzz_set_inf(&acc);
    for (int i = 63; i >= 0; i--) {
        zki_g1_xyzz_dbl(&acc, &acc);
        if ((k >> i) & 1) zki_g1_xyzz_add(&acc, &acc, a);
    }
    *r = acc;
}

void zki_msm_reduce_xyzz(zki_g1 *out, const zki_g1_xyzz *b, uint32_t nb) {
    zki_g1_xyzz run, sum;
    zki_g1_xyzz_set_inf(&run);
    zki_g1_xyzz_set_inf(&sum);
    for (uint32_t k = nb; k-- > 0;) {
        zki_g1_xyzz_add(&run, &run, &b[k]);
        if (!zki_g1_xyzz_is_inf(&run)) zki_g1_xyzz_add(&sum, &sum, &run);
    }
    zki_g1_xyzz_to_jac(out, &sum);
}

void zki_msm_reduce_affine(zki_g1 *out, zki_msm_scratch *s, uint32_t nb) {
    const zki_g1_aff *bk = s->bucket;
    zki_g1_xyzz run, sum;
    zki_g1_xyzz_set_inf(&run);
    zki_g1_xyzz_set_inf(&sum);
    if (nb < ZKI_MSM_RED_MIN) {
        for (uint32_t k = nb; k-- > 0;) {
            zki_g1_xyzz_add_aff(&run, &run, &bk[k]);
            if (!zki_g1_xyzz_is_inf(&run)) zki_g1_xyzz_add(&sum, &sum, &run);
        }
        zki_g1_xyzz_to_jac(out, &sum);
        return;
    }
    const uint32_t L = (nb + ZKI_MSM_RED_GROUPS - 1) / ZKI_MSM_RED_GROUPS, G = (nb + L - 1) / L;
    zki_g1_aff *gr = s->red_run, *gs = s->red_sum;
    zki_msm_pair *pr = s->pair;
    memset(gr, 0, G * sizeof *gr);
    memset(gs, 0, G * sizeof *gs);
    for (uint32_t t = L; t-- > 0;) {
        size_t m = 0;
        for (uint32_t g = 0; g < G; g++) {
            uint32_t k = g * L + t;
            if (k >= nb || msm_aff_is_inf(&bk[k])) continue;
            pr[m].dst = &gr[g];
            pr[m].a = &gr[g];
            pr[m].b = &bk[k];
            m++;
        }
        if (m) zki_msm_batch_add(s, m);
        m = 0;
        for (uint32_t g = 0; g < G; g++) {
            if (msm_aff_is_inf(&gr[g])) continue;
            pr[m].dst = &gs[g];
            pr[m].a = &gs[g];
            pr[m].b = &gr[g];
            m++;
        }
        if (m) zki_msm_batch_add(s, m);
    }
    for (uint32_t g = G; g-- > 1;) { /* Σ_g g·run_g */
        zki_g1_xyzz_add_aff(&run, &run, &gr[g]);
        if (!zki_g1_xyzz_is_inf(&run)) zki_g1_xyzz_add(&sum, &sum, &run);
    }
    xyzz_mul_small(&sum, &sum, L);
    for (uint32_t g = 0; g < G; g++) zki_g1_xyzz_add_aff(&sum, &sum, &gs[g]);
    zki_g1_xyzz_to_jac(out, &sum);
}
