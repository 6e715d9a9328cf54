/* The fixed-point rounding rules of quant.h. Everything is integer arithmetic except
 * zki_quantize, whose double arithmetic is exact (see quant.h). */
#include <math.h>

#include "onnx_internal.h"
#include "quant.h"

/* floor(a / 2^r) for r in 1..62, toward -inf for negative a. */
static int64_t floor_shift(int64_t a, int r) {
    int64_t d = (int64_t)1 << r, q = a / d;
    if (a % d != 0 && a < 0) q--;
    return q;
}

zki_status zki_rescale(int64_t *q, int64_t a, int r, zki_rescale_policy policy) {
    if (r < 0 || r > 62 || (unsigned)policy > ZKI_RESCALE_FLOOR) return ZKI_ERR_ARG;
    if (r == 0) {
        *q = a;
        return ZKI_OK;
    }
    int64_t h = (int64_t)1 << (r - 1);
    switch (policy) {
    case ZKI_RESCALE_HALF_UP:
        if (a > INT64_MAX - h) return ZKI_ERR_SIZE;
        *q = floor_shift(a + h, r);
        return ZKI_OK;
    case ZKI_RESCALE_HALF_AWAY:
        if (a == INT64_MIN || (a < 0 ? -a : a) > INT64_MAX - h) return ZKI_ERR_SIZE;
        *q = a < 0 ? -floor_shift(-a + h, r) : floor_shift(a + h, r);
        return ZKI_OK;
    case ZKI_RESCALE_FLOOR: *q = floor_shift(a, r); return ZKI_OK;
    }
    return ZKI_ERR_ARG;
}

zki_status zki_quantize(int64_t *q, double x, int s, zki_rescale_policy policy) {
    if (s < 0 || s > 62 || (unsigned)policy > ZKI_RESCALE_FLOOR) return ZKI_ERR_ARG;
    double v = ldexp(x, s); /* exact */
    if (!isfinite(v) || fabs(v) >= 4503599627370496.0 /* 2^52 */) return ZKI_ERR_SIZE;
    double r;
    switch (policy) {
    case ZKI_RESCALE_HALF_UP: r = floor(v + 0.5); break;       /* v + 0.5 exact below 2^52 */
    case ZKI_RESCALE_HALF_AWAY: r = v < 0 ? -floor(-v + 0.5) : floor(v + 0.5); break;
    default: r = floor(v); break;
    }
    *q = (int64_t)r;
    return ZKI_OK;
}

float zki_dequantize(int64_t q, int s) { return (float)ldexp((double)q, -s); }
