/* Sizes, memory and time of a circuit before any key is made (estimate.h). */
#include "estimate.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "g1.h"
#include "keys.h"
#include "plonk.h"

#define FR ((double)sizeof(zki_fr))
#define G1A ((double)sizeof(zki_g1_aff))

/* A full-scalar MSM of len points (not a power of two: the quotient of (D−1)·n, a pack
 * of t·n), between the figures of the powers of two around it. */
static double msm_len(const zki_cost_model *m, double len) {
    if (len < 2) len = 2;
    unsigned k = 1;
    while (k < 40 && ldexp(1.0, (int)k + 1) <= len) k++;
    double lo = zki_cost_msm_full(m, k), hi = zki_cost_msm_full(m, k + 1), p = ldexp(1.0, (int)k);
    return lo + (hi - lo) * (len - p) / p;
}

/* SHPLONK's witness packs (docs/PROTOCOL.md §4.7, L->wpacks): their count, the largest,
 * and what committing them costs the prover per round (S1 and S2: advice and m; S3: z and
 * φ). A pack of one is committed as in GWC: early advice and m from their values with
 * small scalars, late advice, z and φ in full; a larger pack is one full-scalar MSM of
 * its t·n interleaved coefficients (the interleaving a copy). */
typedef struct {
    uint32_t max_t;
    double commit_ns[2];
} wpacks;

static void witness_packs(wpacks *w, const zki_cs *cs, const zki_plonk_layout *L, const zki_cost_model *m) {
    memset(w, 0, sizeof *w);
    uint32_t early = cs->n_advice - cs->n_advice_late;
    double n = L->n;
    for (uint32_t i = 0; i < L->n_wpacks; i++) {
        const zki_plonk_open *o = &L->wpacks[i];
        const zki_plonk_member *p = &L->pack_members[o->member_first];
        if (o->t > w->max_t) w->max_t = o->t;
        if (!m) continue;
        int small = p->kind == ZKI_P_M || (p->kind == ZKI_P_ADVICE && p->index < early);
        double c = o->t > 1 ? msm_len(m, (double)o->t * n) + (double)o->t * n * m->fr_add_ns
                   : small  ? zki_cost_msm_small(m, L->log_n) + n * 4 * m->fr_add_ns
                            : zki_cost_msm_full(m, L->log_n);
        w->commit_ns[i < L->wpack_seq_end[1] ? 0 : 1] += c;
    }
}

zki_status zki_estimate_shape_vk(zki_vk *vk, const zki_cs *cs, uint32_t n_public) {
    if (!vk || !cs || (n_public && cs->n_instance == 0)) return ZKI_ERR_ARG;
    memset(vk, 0, sizeof *vk);
    uint32_t *ppc = calloc(cs->n_instance + 1, sizeof *ppc);
    if (!ppc) return ZKI_ERR_NOMEM;
    if (cs->n_instance) ppc[0] = n_public;
    zki_status st = zki_cs_clone_desc(&vk->cs, cs);
    if (st == ZKI_OK) st = zki_plonk_layout_init(&vk->L, cs, ppc);
    free(ppc);
    if (st != ZKI_OK) {
        zki_vk_free(vk);
        return st;
    }
    zki_g1_aff g;
    zki_g1_generator(&g);
    if (cs->shplonk) {
        /* VK version 3: one commitment per pack instead of fixed and σ */
        vk->pack_comm = calloc(vk->L.n_packs + 1, sizeof *vk->pack_comm);
        if (!vk->pack_comm) {
            zki_vk_free(vk);
            return ZKI_ERR_NOMEM;
        }
        for (uint32_t p = 0; p < vk->L.n_packs; p++) vk->pack_comm[p] = g;
    } else {
        vk->fixed_comm = calloc(cs->n_fixed + 1, sizeof *vk->fixed_comm);
        vk->sigma_comm = calloc(cs->n_perm_cols + 1, sizeof *vk->sigma_comm);
        if (!vk->fixed_comm || !vk->sigma_comm) {
            zki_vk_free(vk);
            return ZKI_ERR_NOMEM;
        }
        for (uint32_t j = 0; j < cs->n_fixed; j++) vk->fixed_comm[j] = g;
        for (uint32_t k = 0; k < cs->n_perm_cols; k++) vk->sigma_comm[k] = g;
    }
    vk->g1 = g;
    return ZKI_OK;
}

zki_status zki_estimate_srs_need(const zki_cs *cs, uint32_t n_public, size_t *powers) {
    if (!cs || !powers || (n_public && cs->n_instance == 0)) return ZKI_ERR_ARG;
    uint32_t *ppc = calloc(cs->n_instance + 1, sizeof *ppc);
    if (!ppc) return ZKI_ERR_NOMEM;
    if (cs->n_instance) ppc[0] = n_public;
    zki_plonk_layout L;
    zki_status st = zki_plonk_layout_init(&L, cs, ppc);
    free(ppc);
    if (st != ZKI_OK) return st;
    *powers = zki_plonk_srs_need(&L);
    zki_plonk_layout_free(&L);
    return ZKI_OK;
}

unsigned zki_srs_logrows_for(size_t powers) {
    unsigned k = 1;
    while (k < 63 && ((size_t)1 << k) < powers) k++;
    return k;
}

/* Node evaluations of one row of lookup l's inputs and tables: zki_plonk_eval_expr
 * evaluates every node up to the root it is asked for. */
static double lookup_nodes(const zki_lookup *lk) {
    double s = 0;
    for (uint32_t j = 0; j < lk->width; j++) s += (double)lk->inputs[j] + 1 + (double)lk->tables[j] + 1;
    return s;
}

/* SHPLONK's opening (prover/plonk/shplonk_open.c, docs/PROTOCOL.md §4.7): the opened
 * polynomials grouped by (t, rotation set); per group its v-weighted sum (every member's
 * coefficients, threaded) divided by each factor X^t − ζω^ρ in turn (serial); [W] over
 * the longest, max(t_max, D−1)·n coefficients; L = Σ s_i·f_i − W (threaded), divided by
 * X − x (serial); [W']. */
static double shplonk_opening_ns(const zki_plonk_layout *L, const zki_cost_model *m) {
    double n = L->n, T = m->threads ? m->threads : 1, ma = m->fr_mul_ns + m->fr_add_ns;
    double sum = 0, div = 0, maxlen = 2;
    for (uint32_t i = 0; i < L->n_opens; i++) {
        const zki_plonk_open *o = &L->opens[i];
        double len = (o->kind == ZKI_P_T ? (double)L->n_t : (double)o->t) * n;
        sum += len;
        if (len > maxlen) maxlen = len;
        /* the group's leader (the first with this (t, rotations)) pays the divisions */
        int leader = 1;
        for (uint32_t j = 0; j < i && leader; j++) {
            const zki_plonk_open *p = &L->opens[j];
            if (zki_plonk_same_open_set(L, p, o)) leader = 0;
        }
        if (!leader) continue;
        double glen = 0; /* the group's longest member */
        for (uint32_t j = i; j < L->n_opens; j++) {
            const zki_plonk_open *p = &L->opens[j];
            if (zki_plonk_same_open_set(L, p, o)) {
                double l = (p->kind == ZKI_P_T ? (double)L->n_t : (double)p->t) * n;
                if (l > glen) glen = l;
            }
        }
        div += glen * o->n_rot + glen; /* the divisions, then the quotient added into W */
    }
    return 2 * sum * ma / T + (div + 2 * maxlen) * ma + 2 * msm_len(m, maxlen);
}

static void time_model(zki_estimate *e, const zki_cs *cs, const zki_plonk_layout *L, const zki_cost_model *m,
                       const wpacks *w) {
    unsigned k = e->log_n, K = k + e->ext_log;
    double n = e->n, u = e->usable, N = n * (double)(1u << e->ext_log), T = m->threads ? m->threads : 1;
    double na = e->n_advice, nf = e->n_fixed, ni = e->n_instance, nl = e->n_lookups, np = e->n_perm_cols;
    double nz = e->n_z, nt = e->n_t;
    double ntt = zki_cost_ntt(m, k), msm = zki_cost_msm_full(m, k), msm_s = zki_cost_msm_small(m, k);
    double mul = m->fr_mul_ns, add = m->fr_add_ns, op = m->constraint_op_ns;
    double *ph = e->phase_s;
    double lk_nodes = 0, lk_width = 0;
    for (uint32_t l = 0; l < cs->n_lookups; l++) {
        lk_nodes += lookup_nodes(&cs->lookups[l]);
        lk_width += cs->lookups[l].width;
    }
    /* instance and advice columns: interpolation, then small-scalar MSMs in the
     * Lagrange basis (values read as small integers first); late columns (filled after
     * the challenges: running sums and powers of a challenge, full-size field elements)
     * take full MSMs, and their fill evaluates about W + 2 products per usable row */
    double nlate = cs->n_advice_late;
    ph[ZKI_EST_ADVICE_INTERP] = (na + ni) * ntt;
    /* SHPLONK: the witness packs of S1 and S2 (advice and m) instead, committed in this
     * phase (a pack of one as in GWC, a larger one a full MSM of t·n coefficients) */
    double fill = nlate ? u * (na - nlate) * (mul + add) : 0, m_commit = nl * (msm_s + n * 4 * add);
    ph[ZKI_EST_ADVICE_COMMIT] = L->shplonk ? w->commit_ns[0] + fill : (na - nlate) * (msm_s + n * 4 * add) + nlate * msm + fill;
    if (L->shplonk) m_commit = 0;
    /* multiplicities: every table and input row evaluated, hashed, sorted, searched */
    ph[ZKI_EST_LOOKUP_M] = u * (lk_nodes * m->expr_node_ns + lk_width * m->lookup_row_ns) / T + nl * ntt + m_commit;
    /* permutation products (6 multiplications per column and row, a batch inversion
     * per chunk, split over the threads; the running product is serial) and logUp sums
     * (the tuples again, a batch inversion of 2u, threaded; the running sum serial) */
    double perm = (u * np * (4 * mul + 4 * add) + nz * u * (4 * mul)) / T + nz * u * mul;
    double logup = (u * (lk_nodes * m->expr_node_ns + 2 * lk_width * (mul + add)) + nl * 2 * u * (3 * mul) +
                    nl * u * 2 * mul) / T + nl * u * add;
    ph[ZKI_EST_PERM_LOGUP] = perm + logup + (nz + nl) * ntt + (L->shplonk ? w->commit_ns[1] : (nz + nl) * msm);
    /* quotient: selectors and every column onto the coset, the constraint at every
     * point (threads share it), the coset inverse NTT */
    double ext_cols = 3 + na + nf + ni + np + nz + 2 * nl;
    ph[ZKI_EST_QUOTIENT] = 3 * ntt + ext_cols * zki_cost_coset_ext(m, K) +
                           N * zki_cost_constraint_ops(cs, e->n_z) * op / T + zki_cost_ntt(m, K) + N * mul / T;
    /* GWC: D − 1 chunks of n + 1 coefficients; SHPLONK: one [T] of (D − 1)·n */
    ph[ZKI_EST_QUOTIENT_COMMIT] = L->shplonk ? msm_len(m, nt * n) : nt * msm;
    /* evaluations: Horner over n coefficients per query, the queries split over the
     * threads (the quotient chunks are not evaluated: the verifier derives T(ζ)) */
    ph[ZKI_EST_EVALS] = (double)e->n_queries * n * (mul + add) / T;
    /* opening, GWC: the queries and the D - 1 quotient chunks (at ζ) combined per point,
     * the coefficients split over the threads; a serial division and an MSM per point */
    if (L->shplonk) ph[ZKI_EST_OPENING] = shplonk_opening_ns(L, m);
    else ph[ZKI_EST_OPENING] = ((double)e->n_queries + nt) * n * (mul + add) / T + (double)e->n_points * (n * (mul + add) + msm);
    double total = 0;
    for (int i = 0; i < ZKI_EST_N_PHASES; i++) {
        ph[i] *= 1e-9;
        total += ph[i];
    }
    e->prove_s = total;
    /* the prove command also reads pk.bin (the SRS prefix and the Lagrange basis, each
     * point checked on the curve), builds the circuit and the prover's polynomials (fixed
     * and σ interpolated, σ values built) */
    double pts = (double)e->srs_powers + n;
    double read = pts * 12 * mul, keys = (nf + np) * ntt + n * np * 3 * mul;
    e->prove_cmd_s = total + (read + keys) * 1e-9;
    /* setup: the Lagrange basis (G1 inverse NTT), fixed columns interpolated, σ values
     * built and interpolated; GWC commits each fixed column from its values (small
     * scalars) and each σ in full; SHPLONK commits each pack of t members as t·n
     * coefficients (a lone fixed column still from its values) */
    double commit = nf * msm_s + np * msm;
    if (L->shplonk) {
        commit = 0;
        for (uint32_t i = 0; i < L->n_opens; i++) {
            const zki_plonk_open *o = &L->opens[i];
            if (o->kind != ZKI_P_PACK) continue; /* the witness packs are the prover's */
            commit += o->t == 1 && L->pack_members[o->member_first].kind == ZKI_P_FIXED ? msm_s : msm_len(m, o->t * n);
        }
    }
    double setup = zki_cost_g1_intt(m, k) + (nf + np) * ntt + commit + n * np * 3 * mul + pts * 12 * mul;
    e->setup_s = setup * 1e-9;
}

static void memory_model(zki_estimate *e, const zki_cs *cs) {
    double n = e->n, N = n * (double)(1u << e->ext_log);
    double na = e->n_advice, nf = e->n_fixed, ni = e->n_instance, nl = e->n_lookups, np = e->n_perm_cols;
    double nz = e->n_z, nt = e->n_t;
    double base = 8.0 * 1024 * 1024; /* the process: code, libc, the ONNX graph */
    double desc = (double)cs->cap_nodes * sizeof(zki_expr_node) + (double)cs->cap_consts * FR +
                  (double)cs->cap_copies * 2 * sizeof(zki_cell);
    /* the built circuit and witness (fixed values, copies, advice) */
    double built = desc + nf * n * FR + na * n * FR;
    /* the prover's keys: fixed coefficients, fixed values of the columns lookups and
     * copies read, σ's coefficients and 4-byte successor indices, ω's powers, the SRS
     * prefix, the Lagrange basis, the twiddles of both domains */
    long kept = zki_pk_fixed_kept(cs);
    double nk = kept > 0 ? (double)kept : 0;
    double srs = (double)e->srs_powers * G1A; /* n + 1, or SHPLONK's max(t_max, D−1)·n + 1 */
    double keys = (nf + nk + np) * n * FR + np * n * 4 + n * FR + srs + n * G1A + (n / 2 + N / 2) * FR;
    /* prove: the builder's circuit and pk.bin's points are dropped once the keys are
     * rebuilt, the witness stays; at the peak (the quotient, evaluated coset by coset)
     * the prover holds its columns' coefficients (their values on H are freed), the
     * quotient chunks, every column on one coset of size n and the quotient's N values */
    double witness = desc + na * n * FR;
    double on_h = (na + ni + 2 * nl + nz) * n * FR + nt * (n + 1) * FR + 4 * n * FR;
    double coset = (3 + na + nf + ni + np + nz + 2 * nl) * n * FR + N * FR + 4 * n * FR;
    /* SHPLONK's opening, after the quotient's coset buffers are gone: W, one work buffer
     * of the longest opened polynomial (the packs are never built) and the MSM's copy of
     * its scalars */
    double open = e->shplonk ? 3 * ((double)e->srs_powers - 1) * FR : 0;
    /* while the keys are rebuilt, pk.bin's points (the SRS prefix, the Lagrange basis)
     * and the built circuit's fixed values are held beside them: the peak for a long
     * SHPLONK SRS (MNIST with one pack of 27: 3.5M powers) */
    double rebuild = ((double)e->srs_powers + n) * G1A + nf * n * FR;
    double stage = on_h + (coset > open ? coset : open);
    if (rebuild > stage) stage = rebuild;
    e->prove_peak_bytes = (size_t)(base + witness + keys + stage);
    /* setup: the SRS prefix read, the built circuit, the keys, the Lagrange basis made
     * by the G1 inverse NTT (its Jacobian scratch), then pk.bin's bytes in memory */
    double lag_tmp = n * sizeof(zki_g1);
    double write = (double)e->pk_bytes + (double)e->vk_bytes;
    double perm_tmp = n * np * 8 + n * FR;
    double pack_tmp = (double)e->pack_max_t * n * FR; /* SHPLONK: one pack's coefficients */
    double transient = lag_tmp > write ? lag_tmp : write;
    if (perm_tmp > transient) transient = perm_tmp;
    if (pack_tmp > transient) transient = pack_tmp;
    e->setup_peak_bytes = (size_t)(base + built + srs + keys + transient);
}

zki_status zki_estimate_circuit(zki_estimate *e, const zki_cs *cs, uint32_t n_public, const zki_cost_model *m) {
    if (!e || !cs) return ZKI_ERR_ARG;
    memset(e, 0, sizeof *e);
    zki_vk vk;
    zki_status st = zki_estimate_shape_vk(&vk, cs, n_public);
    if (st != ZKI_OK) return st;
    const zki_plonk_layout *L = &vk.L;
    e->log_n = cs->log_n;
    e->n = cs->n;
    e->usable = L->usable;
    e->degree = L->degree;
    e->ext_log = L->ext_log;
    e->n_advice = cs->n_advice;
    e->n_fixed = cs->n_fixed;
    e->n_instance = cs->n_instance;
    e->n_lookups = cs->n_lookups;
    e->n_perm_cols = cs->n_perm_cols;
    e->n_z = L->n_z;
    e->n_t = L->n_t;
    e->n_public = L->n_public;
    e->n_queries = L->n_queries;
    e->n_points = L->n_points;
    e->shplonk = L->shplonk;
    e->n_opens = L->n_opens;
    e->n_packs = L->n_packs;
    /* the largest preprocessed pack (L->pack_max_t is over both kinds) */
    for (uint32_t i = 0; i < L->n_opens; i++)
        if (L->opens[i].kind == ZKI_P_PACK && L->opens[i].t > e->pack_max_t) e->pack_max_t = L->opens[i].t;
    wpacks w;
    witness_packs(&w, cs, L, m);
    e->n_wpacks = L->n_wpacks;
    e->wpack_max_t = w.max_t;
    /* GWC: advice, m, z, φ, the quotient chunks and a witness per point; SHPLONK: the
     * witness packs, one quotient commitment [T] and the two witnesses [W], [W'] */
    e->proof_commitments = L->shplonk ? L->n_wpacks + 3 : cs->n_advice + 2 * cs->n_lookups + L->n_z + L->n_t + L->n_points;
    e->proof_bytes = zki_plonk_proof_size(L, cs);
    st = zki_vk_encode(&vk, NULL, 0, &e->vk_bytes);
    if (st == ZKI_ERR_BUFFER) st = ZKI_OK; /* sizing call */
    if (st != ZKI_OK) {
        zki_vk_free(&vk);
        return st;
    }
    /* pk.bin: magic, version, two digests, the VK, the SRS prefix (count, [1]₂, [τ]₂,
     * the powers the layout needs), the Lagrange basis (count, n points), the file digest */
    e->srs_powers = zki_plonk_srs_need(L);
    e->srs_logrows = zki_srs_logrows_for(e->srs_powers);
    e->pk_bytes = 7 + 4 + 64 + 4 + e->vk_bytes + 8 + 256 + 64 * e->srs_powers + 8 + 64 * (size_t)cs->n + 32;
    e->srs_bytes = 314 + 64 * e->srs_powers;
    if (m) time_model(e, cs, L, m, &w);
    memory_model(e, cs);
    zki_vk_free(&vk);
    return ZKI_OK;
}

int zki_parse_mem_size(const char *s, size_t *out) {
    if (!s || !isdigit((unsigned char)*s)) return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || v == 0) return 0;
    unsigned shift = 0;
    if (*end) {
        char c = (char)toupper((unsigned char)*end);
        shift = c == 'K' ? 10 : c == 'M' ? 20 : c == 'G' ? 30 : c == 'T' ? 40 : 99;
        if (shift == 99) return 0;
        end++;
        if (*end == 'i' || *end == 'I') {
            end++;
            if (*end != 'B' && *end != 'b') return 0;
            end++;
        } else if (*end == 'B' || *end == 'b') {
            end++;
        }
        if (*end) return 0;
    }
    if (shift && v > (~0ULL >> shift)) return 0;
    if ((v << shift) > (unsigned long long)SIZE_MAX) return 0;
    *out = (size_t)(v << shift);
    return 1;
}
