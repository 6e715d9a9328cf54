/* zki_ntt: number-theoretic transforms over Fr (BN254 scalar field) on radix-2
 * domains H = <ω> of size n = 2^k, k <= ZKI_NTT_MAX_LOG, and on the coset g·H
 * with g = 5 (zki_fr_generator, a quadratic non-residue, so g·H ∩ H = ∅).
 *
 * What it represents: the change of basis between a polynomial's coefficients
 * p(X) = Σ a_i X^i and its values on a domain. Conventions (natural order on both
 * sides, everything in place on a caller array of exactly n elements):
 *   forward        a[i] <- p(ω^i)
 *   inverse        the inverse of forward (values -> coefficients)
 *   coset forward  a[i] <- p(g·ω^i)        (scale a_i by g^i, then forward)
 *   coset inverse  the inverse of coset forward
 *   coset extend   out[i] <- p(g·ω_N^i) on a coset of a larger domain of size
 *                  N = 2^(k+e), for a polynomial with at most N coefficients,
 *                  e.g. e = 2 or 3 when evaluating a PLONK quotient's numerator.
 *
 * Method: Cooley–Tukey butterflies in the "twiddle per block" form (natural
 * input, bit-reversed output), one table Z of n/2 twiddles in bit-reversed order,
 * Z[b] = ω^bitrev(b), whose first 2^l entries serve level l (so every level
 * reads the table contiguously and block 0's twiddle is 1, which is skipped);
 * a final bit-reversal permutation gives natural order. The inverse uses
 * p^-1(y)[i] = n^-1 · Σ y[(n-j) mod n] ω^(ij): reverse, forward, scale.
 * For cache use the levels are grouped as in Bailey's four-step FFT ("FFTs in
 * external or hierarchical memory", 1990) without its transposes: the top levels
 * run on gathered column panels, the remaining levels on contiguous chunks that
 * stay in L2. The coset extension uses that a polynomial of degree < s equals
 * its own remainder modulo every X^s - c, so the first log2(N/s) levels are
 * replaced by copies.
 *
 * Threads: n_threads == 0 means the number of online CPUs. Each phase is split
 * with zki_parallel_for; field arithmetic is exact, so results are bit-identical
 * for every thread count.
 *
 * Memory: a domain owns its twiddle table (n/2 elements, 32·n/2 bytes: 16 MiB
 * at 2^20, 1 GiB at 2^26), allocated by zki_ntt_domain_init and released by
 * zki_ntt_domain_free; on a CPU with AVX-512 IFMA a second table of 40·n/2 bytes
 * (20 MiB at 2^20) holds the twiddles in the vector kernels' form. Transforms
 * allocate only per-thread panels for sizes above 2^12 (128 KiB per thread; on
 * the IFMA path a vector scratch of 40 bytes per element of a chunk, at most
 * 160 KiB per thread), before touching the data (ZKI_ERR_NOMEM if that fails),
 * and use about 17 KiB of stack per thread.
 *
 * Inputs must be canonical zki_fr values (as every zki_fr is); outputs are.
 * On x86-64 with ADX the butterflies are inline assembly on partially reduced
 * values (see ntt.c); elsewhere they call zki_fr_*. On x86-64 with AVX-512 IFMA
 * (zki_cpu_ifma) the butterfly levels and the scalings run eight at a time on
 * 52-bit limbs (ntt_ifma.c). All paths give the same bits.
 *
 * Speed (the 2-core AMD EPYC dev machine, -O3 -march=native, quiet machine):
 * forward 2^20 ~163 ms on 1 thread, ~85 ms on 2 with the ADX kernel; `make
 * bench`, keys ntt_2e20_2t_ms etc. The IFMA path (Zen 4, loaded machine, one
 * thread): forward 2^15 1.6 ms vs 3.9 ms scalar, 2^16 3.3 vs 8.8 ms, coset
 * forward 2^15 1.9 vs 6.0 ms, 2^20 90 ms (keys ntt_2e15_1t_ifma_ms etc.). The butterflies are ~90% of the time; memory traffic is
 * 3 passes over the array (top, bottom, bit reversal), plus one for the
 * scalings of the inverse and coset transforms.
 */
#ifndef ZKI_NTT_H
#define ZKI_NTT_H

#include <stddef.h>
#include <stdint.h>

#include "fr.h"
#include "status.h"

/* Largest supported log2 of a domain size (Fr's two-adicity is 28). */
#define ZKI_NTT_MAX_LOG 26

typedef struct {
    unsigned log_n;  /* k */
    size_t n;        /* 2^k */
    zki_fr omega;     /* ω, a primitive n-th root of unity (zki_fr_root_of_unity) */
    zki_fr omega_inv; /* ω^-1 */
    zki_fr n_inv;     /* n^-1 */
    zki_fr gen;       /* g = 5, the coset shift */
    zki_fr gen_inv;   /* g^-1 */
    zki_fr *twiddles; /* n/2 entries, twiddles[b] = ω^bitrev_(k-1)(b); NULL when n == 1 */
    uint64_t *tw_ifma; /* the same twiddles for the AVX-512 IFMA kernels (ntt_ifma.h:
                          w·2^260 mod r, 52-bit limbs, 40 bytes each); NULL when the
                          CPU has no IFMA, n < 16, or on other architectures */
} zki_ntt_domain;

/* Builds the domain of size 2^log_n and its twiddle table.
 * Returns: ZKI_OK; ZKI_ERR_ARG if d is NULL; ZKI_ERR_SIZE if log_n > ZKI_NTT_MAX_LOG;
 *          ZKI_ERR_NOMEM if the table cannot be allocated (d is then zeroed,
 *          so zki_ntt_domain_free on it is harmless).
 * Args: n_threads  threads used to fill the table (0 = online CPUs). */
zki_status zki_ntt_domain_init(zki_ntt_domain *d, unsigned log_n, unsigned n_threads)
    __attribute__((warn_unused_result));

/* Releases the twiddle table and zeroes d. NULL or an already freed domain is fine. */
void zki_ntt_domain_free(zki_ntt_domain *d);

/* In place: coefficients -> values on H (a[i] = p(ω^i)).
 * Returns: ZKI_OK; ZKI_ERR_ARG if a or d is NULL (or d was never initialised);
 *          ZKI_ERR_SIZE if n != d->n; ZKI_ERR_NOMEM.
 * Args: a          n elements, in and out,
 *       n          must equal d->n,
 *       n_threads  0 = online CPUs. */
zki_status zki_ntt_fwd(zki_fr *a, size_t n, const zki_ntt_domain *d, unsigned n_threads)
    __attribute__((warn_unused_result));

/* In place: values on H -> coefficients. Same arguments and returns as zki_ntt_fwd. */
zki_status zki_ntt_inv(zki_fr *a, size_t n, const zki_ntt_domain *d, unsigned n_threads)
    __attribute__((warn_unused_result));

/* In place: coefficients -> values on g·H (a[i] = p(g·ω^i)). As zki_ntt_fwd. */
zki_status zki_ntt_coset_fwd(zki_fr *a, size_t n, const zki_ntt_domain *d, unsigned n_threads)
    __attribute__((warn_unused_result));

/* In place: values on g·H -> coefficients. As zki_ntt_fwd. */
zki_status zki_ntt_coset_inv(zki_fr *a, size_t n, const zki_ntt_domain *d, unsigned n_threads)
    __attribute__((warn_unused_result));

/* out[i] = p(s·ω^i) for i < n, p = Σ_{j < n} coeffs[j] X^j: the values on the
 * coset s·H for any shift s (s = 1: zki_ntt_fwd; s = g: zki_ntt_coset_fwd), as
 * one scaling pass coeffs[j]·s^j (vectorised with the transform on the IFMA
 * path) and a forward transform. out may equal coeffs (in place) but must not
 * overlap it otherwise.
 * Returns: ZKI_OK; ZKI_ERR_ARG on NULL pointers or a partial overlap;
 *          ZKI_ERR_SIZE if n != d->n; ZKI_ERR_NOMEM (out untouched).
 * Args: out       n elements, written,
 *       coeffs    n canonical coefficients, read,
 *       shift     s, canonical. */
zki_status zki_ntt_shift_fwd(zki_fr *out, const zki_fr *coeffs, size_t n, const zki_fr *shift,
                             const zki_ntt_domain *d, unsigned n_threads) __attribute__((warn_unused_result));

/* out[i] = p(g·ω_N^i) for i < N = big->n, where p = Σ_{j < n_coeffs} coeffs[j] X^j.
 * The usual call has n_coeffs = n = N / 2^e (zero-padding is implicit: costs
 * about log2(N/n) fewer butterfly levels than padding and calling coset_fwd).
 * Returns: ZKI_OK; ZKI_ERR_ARG on NULL pointers or if out and coeffs overlap;
 *          ZKI_ERR_SIZE if n_out != big->n, n_coeffs == 0 or n_coeffs > n_out;
 *          ZKI_ERR_NOMEM.
 * Args: out       n_out elements, written,
 *       coeffs    n_coeffs coefficients, read only,
 *       big       the domain of size N. */
zki_status zki_ntt_coset_ext(zki_fr *out, size_t n_out, const zki_fr *coeffs, size_t n_coeffs,
                             const zki_ntt_domain *big, unsigned n_threads)
    __attribute__((warn_unused_result));

#endif
