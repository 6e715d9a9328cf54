/* Fixed-point quantization for the quantized reference engine (infer_quant.h): the
 * exact integer rules the circuit must reproduce bit for bit.
 *
 * Representation: a real tensor x is held as integers q (int64) with a power-of-two
 * scale s: x ≈ q / 2^s. The graph input is quantized at settings.input_scale ("the
 * activation scale" s_act), weights at settings.param_scale.
 *
 * Rounding (one rule, chosen by settings.rescale, used both to quantize floats and to
 * rescale products; r >= 1 below, r = 0 is the identity):
 *   ZKI_RESCALE_HALF_UP   (default) q = floor((a + 2^(r-1)) / 2^r)   round half up
 *                         quantize: q = floor(x·2^s + 1/2)
 *   ZKI_RESCALE_HALF_AWAY q = sign(a) · floor((|a| + 2^(r-1)) / 2^r) round half away from 0
 *                         quantize: q = sign(x) · floor(|x|·2^s + 1/2)
 *   ZKI_RESCALE_FLOOR     q = floor(a / 2^r)                          floor
 *                         quantize: q = floor(x·2^s)
 * floor is the mathematical floor (toward -inf) also for negative a. HALF_UP is what
 * the circuit's rescale row proves (prover/nn: a + 2^(r-1) = q·2^r + rem with
 * 0 <= rem < 2^r), hence the default. x·2^s is computed exactly in double (a float
 * times a power of two), so quantization is exact and reproducible; |x·2^s| must be
 * below 2^52 (else ZKI_ERR_SIZE).
 */
#ifndef ZKI_ONNX_QUANT_H
#define ZKI_ONNX_QUANT_H

#include <stdint.h>

#include "status.h"

#define ZKI_QUANT_MAX_SCALE 30

typedef enum {
    ZKI_RESCALE_HALF_UP = 0,
    ZKI_RESCALE_HALF_AWAY = 1,
    ZKI_RESCALE_FLOOR = 2
} zki_rescale_policy;

typedef struct {
    int input_scale;           /* s_act: the graph input and every activation, 0..30 */
    int param_scale;           /* weights (Conv W, Gemm/MatMul constant operands), 0..30 */
    zki_rescale_policy rescale;
    int act_bits;              /* the circuit's activation range [-2^(b-1), 2^(b-1)) where a rule
                                  depends on it (Softmax's clamp); 0: unbounded, no clamp */
} zki_quant_settings;

/* Rescales a by 2^-r with the policy's rounding.
 * Returns: ZKI_OK; ZKI_ERR_ARG (r outside 0..62, unknown policy); ZKI_ERR_SIZE (a + 2^(r-1)
 *          overflows int64).
 * Out: q. In: a, r, policy. */
zki_status zki_rescale(int64_t *q, int64_t a, int r, zki_rescale_policy policy) __attribute__((warn_unused_result));

/* Quantizes x at scale s (x·2^s rounded per policy). s may exceed the settings' limit
 * (a bias is quantized at input_scale + param_scale).
 * Returns: ZKI_OK; ZKI_ERR_ARG (s outside 0..62, unknown policy);
 *          ZKI_ERR_SIZE (x not finite, or |x·2^s| >= 2^52).
 * Out: q. In: x, s, policy. */
zki_status zki_quantize(int64_t *q, double x, int s, zki_rescale_policy policy) __attribute__((warn_unused_result));

/* Returns: q / 2^s as a float (the dequantized value). */
float zki_dequantize(int64_t q, int s);

#endif
