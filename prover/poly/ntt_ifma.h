/* zki_ntt_ifma: the AVX-512 IFMA back end of the NTT over Fr (internal to
 * prover/poly; ntt.c is its only caller).
 *
 * What it represents: eight field elements at a time as five 8-lane vectors of
 * 52-bit limbs (structure of arrays), multiplied with VPMADD52LUQ/VPMADD52HUQ
 * in Montgomery form with R' = 2^260. The data keep zki_fr's usual form
 * (x·2^256 mod r); twiddles and scaling factors are stored as w·2^260 mod r, so
 * a product of a data vector and such a factor is again in the usual form. The
 * method, the bounds and why the results equal the scalar path's bit for bit are
 * in the comment at the top of ntt_ifma.c.
 *
 * Availability: compiled on x86-64 with a GNU C compiler (gcc, clang) only, with
 * per-function target attributes, so the rest of the build needs no AVX-512
 * flags. ZKI_NTT_HAVE_IFMA says whether the functions below exist; callers must
 * also check zki_cpu_ifma (cpu.h) before calling the kernels.
 */
#ifndef ZKI_NTT_IFMA_H
#define ZKI_NTT_IFMA_H

#include <stddef.h>
#include <stdint.h>

#include "fr.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define ZKI_NTT_HAVE_IFMA 1

/* Bytes of scratch zki_ntt_ifma_levels needs for a block of len elements
 * (40 bytes per element, 64-byte aligned by the caller). */
#define ZKI_NTT_IFMA_SCRATCH(len) ((size_t)(len) * 40)

/* Returns: the number of uint64_t words of a vector twiddle table holding
 * count twiddles (count rounded up to a multiple of 8, five words each). */
size_t zki_ntt_ifma_tw_words(size_t count);

/* Fills entries [begin, end) of a vector twiddle table from the canonical
 * twiddles tw[begin .. end) (zki_fr Montgomery form): entry i becomes
 * tw[i]·2^4 mod r (that is w·2^260), limb k of entry i at word
 * 40·(i/8) + 8·k + i%8. begin must be a multiple of 8; the padding lanes of a
 * last partial group become 0. Requires an IFMA-capable CPU (zki_cpu_has_ifma). */
void zki_ntt_ifma_tw_fill(uint64_t *tw52, const zki_fr *tw, size_t begin, size_t end);

/* Runs n_lev levels of the engine of ntt.c ("twiddle per block") on the block
 * whose element (m, c), m < rows, c < cols, is x[m·stride + c]: at local level t
 * the blocks have rows·cols >> t elements, in row-major order, and local block q
 * is global block (base << t) + q.
 * In: x holds values in [0, 4r) in zki_fr's 4×64-bit layout; out: the same,
 * or canonical values (< r) if canon is set.
 * Requires: cols a multiple of 8, rows·cols >= 16, a power of two, and
 * rows·cols >> n_lev >= 2; tw52 as filled by zki_ntt_ifma_tw_fill with every
 * entry the levels read; scratch ZKI_NTT_IFMA_SCRATCH(rows·cols) bytes, 64-byte
 * aligned; an IFMA-capable CPU (zki_cpu_ifma). */
void zki_ntt_ifma_levels(zki_fr *x, size_t rows, size_t cols, size_t stride, unsigned n_lev, size_t base,
                         const uint64_t *tw52, void *scratch, int canon);

/* dst[i] = src[i]·start·step^i for i < count (count >= 0, any size; dst may equal
 * src). src, start and step must be canonical. Out: canonical if canon, else in
 * [0, 2r) (enough for a transform's input). Requires zki_cpu_ifma. */
void zki_ntt_ifma_mul_powers(zki_fr *dst, const zki_fr *src, size_t count, const zki_fr *start,
                             const zki_fr *step, int canon);

/* r[i] = a[i]·b[i] (vmul) or a[i]·s (vmul_s) for i < n, any n: canonical inputs,
 * canonical outputs equal to zki_fr_mul's. r may be a or b exactly. Requires
 * zki_cpu_ifma. (zki_vec_mul in vec.h chooses this or the scalar loop.) */
void zki_ntt_ifma_vmul(zki_fr *r, const zki_fr *a, const zki_fr *b, size_t n);
void zki_ntt_ifma_vmul_s(zki_fr *r, const zki_fr *a, const zki_fr *s, size_t n);

/* Test hook: r[i] = a[i]·b[i] for i < 8 through the vector Montgomery product
 * (b converted to the 2^260 form first), canonical. Requires zki_cpu_ifma. */
void zki_ntt_ifma_mul8(zki_fr r[8], const zki_fr a[8], const zki_fr b[8]);
#endif

#endif
