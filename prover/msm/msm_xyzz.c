/* XYZZ bucket accumulation for one (window, chunk) task of the MSM: each nonzero
 * digit d adds ±P to bucket |d| with a mixed addition (g1_xyzz.h, 8M + 2S), then
 * the running sum reduces the buckets (msm_reduce.c). The simple method: no sorting, no
 * inversions, so it wins for small inputs, and it is the reference the
 * batch-affine path is measured against (bench/bench_msm.c).
 */
#include <string.h>

#include "msm_internal.h"

void zki_msm_window_xyzz(zki_g1 *out, const zki_g1_aff *points, const zki_msm_scalar *scalars,
                         size_t lo, size_t hi, unsigned j, const zki_msm_plan *p, zki_msm_scratch *s) {
    const unsigned c = p->c;
    const int top = j + 1 == p->windows;
    uint32_t nb = zki_msm_buckets(p, j);
    zki_g1_xyzz *bk = s->xbucket;
    memset(bk, 0, nb * sizeof *bk); /* all-zero is infinity */
    for (size_t i = lo; i < hi; i++) {
        int32_t d = zki_msm_digit(&scalars[i], j, c, top);
        if (d > 0) zki_g1_xyzz_add_aff(&bk[d - 1], &bk[d - 1], &points[i]);
        else if (d < 0) zki_g1_xyzz_sub_aff(&bk[-d - 1], &bk[-d - 1], &points[i]);
    }
    zki_msm_reduce_xyzz(out, bk, nb);
}
