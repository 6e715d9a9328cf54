/* The machine's cost model: microbenchmarks, extrapolation and the JSON cache
 * (cost_model.h). */
#include "cost_model.h"

#include "eval_block.h"
#include "tuple_index.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "example.h"
#include "g1.h"
#include "lagrange.h"
#include "msm.h"
#include "ntt.h"
#include "parallel.h"
#include "plonk.h"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t mix64(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rand_frs(zki_fr *out, size_t n, uint64_t *s) {
    for (size_t i = 0; i < n; i++) {
        uint8_t b[32];
        for (int k = 0; k < 4; k++) {
            uint64_t w = mix64(s);
            memcpy(b + 8 * k, &w, 8);
        }
        zki_fr_from_bytes_reduce(&out[i], b);
    }
}

/* n distinct points i·G (i >= 1): additions, then one batch conversion. */
static zki_status make_points(zki_g1_aff *out, size_t n) {
    zki_g1 *jac = malloc(n * sizeof *jac);
    if (!jac) return ZKI_ERR_NOMEM;
    zki_g1_aff g;
    zki_g1_generator(&g);
    zki_g1_from_aff(&jac[0], &g);
    for (size_t i = 1; i < n; i++) zki_g1_add_aff(&jac[i], &jac[i - 1], &g);
    zki_g1s_to_aff(out, jac, n);
    free(jac);
    return ZKI_OK;
}

/* The best of `reps` runs of one figure. */
#define BEST_OF(reps, best, stmt)                              \
    do {                                                        \
        best = INFINITY;                                        \
        for (int r_ = 0; r_ < (reps); r_++) {                   \
            double t0_ = now_ns();                              \
            stmt;                                               \
            double dt_ = now_ns() - t0_;                        \
            if (dt_ < best) best = dt_;                         \
        }                                                       \
    } while (0)

/* ---- the lookup table build, as the prover's multiplicities do it ---- */

static zki_status lookup_build(const zki_fr *tab, const zki_fr *in, size_t n, uint64_t *found) {
    zki_tuple_row *idx = malloc(n * sizeof *idx);
    if (!idx) return ZKI_ERR_NOMEM;
    for (size_t r = 0; r < n; r++) {
        idx[r].h = zki_tuple_hash(&tab[r], 1);
        idx[r].row = (uint32_t)r;
    }
    zki_tuple_index_sort(idx, n);
    for (size_t r = 0; r < n; r++)
        if (zki_tuple_index_find(idx, n, tab, 1, &in[r], zki_tuple_hash(&in[r], 1)) >= 0) (*found)++;
    free(idx);
    return ZKI_OK;
}

/* ---- one point of the combined constraint ---- */

typedef struct {
    const zki_fr *vals;
    size_t n_vals;
} getter_ctx;

static const zki_fr *get_any(void *vctx, unsigned kind, uint32_t index, int32_t rot) {
    getter_ctx *c = vctx;
    return &c->vals[((size_t)kind * 31 + index * 7 + (size_t)(rot + 64)) % c->n_vals];
}

/* Column (kind, index) of a block evaluation: every kind's columns side by side. */
typedef struct {
    const zki_fr *cols;
    size_t n;
} block_ctx;

static const zki_fr *block_col(void *vctx, unsigned kind, uint32_t index) {
    block_ctx *c = vctx;
    return c->cols + ((size_t)kind * 3 + index % 4) * c->n;
}

static zki_status measure_constraint(zki_cost_model *m, uint64_t *seed) {
    zki_cs cs;
    zki_fr *adv = NULL;
    zki_status st = zki_bench_circuit(&cs, &adv, 9, 1);
    if (st != ZKI_OK) return st;
    free(adv);
    zki_plonk_layout L;
    st = zki_plonk_layout_init(&L, &cs, NULL);
    if (st != ZKI_OK) {
        zki_cs_free(&cs);
        return st;
    }
    zki_fr vals[256], x[4], *scratch = malloc((cs.n_nodes + 1) * sizeof(zki_fr)), *dp = malloc((cs.n_perm_cols + 1) * sizeof(zki_fr));
    zki_plonk_challenges ch;
    if (!scratch || !dp) {
        st = ZKI_ERR_NOMEM;
        goto out;
    }
    rand_frs(vals, 256, seed);
    rand_frs(x, 4, seed);
    rand_frs(&ch.theta, 1, seed);
    rand_frs(&ch.beta, 1, seed);
    rand_frs(&ch.gamma, 1, seed);
    rand_frs(&ch.lambda, 1, seed);
    rand_frs(&ch.y, 1, seed);
    rand_frs(dp, cs.n_perm_cols + 1, seed);
    getter_ctx g = {vals, 256};
    const int points = 4096;
    double best;
    zki_fr acc;
    zki_fr_set_zero(&acc);
    /* the prover's way: blocks of ZKI_PLONK_BLOCK rows (eval_block.h) over columns of
     * random values */
    {
        size_t n = cs.n, per = (size_t)cs.n_advice + cs.n_fixed + cs.n_instance + cs.n_perm_cols + L.n_z +
                               2 * (size_t)cs.n_lookups + 3 + 1;
        zki_fr *cols = malloc(per * n * sizeof(zki_fr)), outb[ZKI_PLONK_BLOCK];
        zki_plonk_block blk;
        st = cols ? zki_plonk_block_init(&blk, &cs) : ZKI_ERR_NOMEM;
        if (st == ZKI_OK) {
            for (size_t i = 0; i < per * n; i++) cols[i] = vals[(i * 7 + 3) % 256];
            block_ctx bc = {cols, n};
            const zki_fr *xs = cols + (per - 4) * n, *sel = cols + (per - 3) * n;
            BEST_OF(3, best, {
                for (size_t row = 0; row < (size_t)points; row += ZKI_PLONK_BLOCK) {
                    size_t r0 = row & (n - 1);
                    zki_plonk_eval_block(&cs, &L, &ch, dp, block_col, &bc, xs + r0, sel + r0, sel + n + r0,
                                         sel + 2 * n + r0, r0, ZKI_PLONK_BLOCK, &blk, outb);
                    zki_fr_add(&acc, &acc, &outb[0]);
                }
            });
            m->constraint_op_ns = best / points / zki_cost_constraint_ops(&cs, L.n_z);
        }
        if (cols) zki_plonk_block_free(&blk);
        free(cols);
        if (st != ZKI_OK) goto out;
    }
    /* one expression node: every node up to the last, as a lookup's tuple is evaluated */
    BEST_OF(3, best, {
        for (int i = 0; i < points; i++) {
            zki_fr out;
            zki_plonk_eval_expr(&cs, cs.n_nodes - 1, get_any, &g, scratch, &out);
            zki_fr_add(&acc, &acc, &out);
        }
    });
    m->expr_node_ns = best / points / cs.n_nodes;
    if (zki_fr_is_zero(&acc)) m->constraint_op_ns *= 1.0; /* keeps acc live */
out:
    free(scratch);
    free(dp);
    zki_plonk_layout_free(&L);
    zki_cs_free(&cs);
    return st;
}

double zki_cost_constraint_ops(const zki_cs *cs, uint32_t n_z) {
    double ops = cs->n_nodes;
    ops += 6.0 * cs->n_perm_cols + 4.0 * n_z + (n_z ? 4.0 : 0.0);
    for (uint32_t l = 0; l < cs->n_lookups; l++) ops += 4.0 * cs->lookups[l].width + 12.0;
    ops += 2.0 * (cs->n_gates + 2.0 * n_z + 3.0 * cs->n_lookups);
    return ops;
}

/* ---- calibration ---- */

zki_status zki_cost_model_calibrate(zki_cost_model *m, unsigned lo, unsigned hi) {
    if (!m || lo < 3 || hi < lo || hi > ZKI_COST_MAX_LOG) return ZKI_ERR_ARG;
    memset(m, 0, sizeof *m);
    double t_begin = now_ns();
    m->lo = lo;
    m->hi = hi;
    m->threads = zki_parallel_threads(0);
    size_t nmax = (size_t)1 << hi;
    uint64_t seed = 0x7a6b696e666572ULL;
    zki_status st = ZKI_ERR_NOMEM;
    zki_fr *a = malloc(nmax * sizeof *a), *b = malloc(nmax * sizeof *b);
    zki_g1_aff *pts = malloc(nmax * sizeof *pts), *pts2 = NULL;
    int64_t *small = malloc(nmax * sizeof *small);
    if (!a || !b || !pts || !small) goto out;
    rand_frs(a, nmax, &seed);
    if ((st = make_points(pts, nmax)) != ZKI_OK) goto out;
    for (size_t i = 0; i < nmax; i++) small[i] = (int64_t)(mix64(&seed) % 256) - 128;

    for (unsigned k = lo; k <= hi; k++) {
        size_t n = (size_t)1 << k;
        int reps = k <= 13 ? 5 : k <= 15 ? 3 : 2;
        zki_ntt_domain d;
        if ((st = zki_ntt_domain_init(&d, k, 0)) != ZKI_OK) goto out;
        double best;
        memcpy(b, a, n * sizeof *b);
        BEST_OF(reps, best, st = zki_ntt_fwd(b, n, &d, 0));
        m->ntt_ns[k] = best;
        if (st == ZKI_OK) {
            BEST_OF(reps, best, st = zki_ntt_coset_ext(b, n, a, n / 4 ? n / 4 : 1, &d, 0));
            m->coset_ext_ns[k] = best;
        }
        zki_ntt_domain_free(&d);
        if (st != ZKI_OK) goto out;
        zki_g1 r;
        BEST_OF(reps, best, st = zki_g1s_msm(&r, pts, a, n, 0));
        if (st != ZKI_OK) goto out;
        m->msm_full_ns[k] = best;
        BEST_OF(reps, best, st = zki_g1s_msm_small(&r, pts, small, n, 0));
        if (st != ZKI_OK) goto out;
        m->msm_small_ns[k] = best;
    }
    /* the G1 inverse NTT is the slow one: three sizes up to lo */
    m->g1_hi = lo;
    m->g1_lo = lo >= 5 ? lo - 2 : 3;
    pts2 = malloc(((size_t)1 << m->g1_hi) * sizeof *pts2);
    if (!pts2) {
        st = ZKI_ERR_NOMEM;
        goto out;
    }
    for (unsigned k = m->g1_lo; k <= m->g1_hi; k++) {
        double best;
        BEST_OF(k < m->g1_hi ? 2 : 1, best, st = zki_g1s_intt(pts2, pts, k, 0));
        if (st != ZKI_OK) goto out;
        m->g1_intt_ns[k] = best;
    }
    /* field operations, one thread: a dependent chain so nothing is hoisted */
    {
        size_t cnt = 1 << 16;
        zki_fr x = a[0], y = a[1];
        double best;
        BEST_OF(3, best, for (size_t i = 0; i < cnt; i++) zki_fr_mul(&x, &x, &y));
        m->fr_mul_ns = best / (double)cnt;
        BEST_OF(3, best, for (size_t i = 0; i < cnt; i++) zki_fr_add(&x, &x, &y));
        m->fr_add_ns = best / (double)cnt;
        if (zki_fr_is_zero(&x)) m->fr_add_ns *= 1.0;
    }
    /* the lookup table build, per row, at 2^14 (or hi) rows of a 256-entry table */
    {
        size_t n = (size_t)1 << (hi < 14 ? hi : 14);
        for (size_t i = 0; i < n; i++) {
            zki_fr_set_u64(&b[i], i & 255);
            zki_fr_set_u64(&a[i], (i * 7) & 255);
        }
        uint64_t found = 0;
        double best;
        BEST_OF(3, best, st = lookup_build(b, a, n, &found));
        if (st != ZKI_OK) goto out;
        m->lookup_row_ns = best / (double)n;
    }
    if ((st = measure_constraint(m, &seed)) != ZKI_OK) goto out;
    m->calibrate_s = (now_ns() - t_begin) * 1e-9;
out:
    free(a);
    free(b);
    free(pts);
    free(pts2);
    free(small);
    return st;
}

/* ---- extrapolation ---- */

/* table[k] for k in [lo, hi]; beyond, f(2^k) times the median of table[j]/f(2^j) over
 * the three sizes nearest that end (one noisy size does not set the slope). */
static double extrapolate(const double *table, unsigned lo, unsigned hi, unsigned k, int nlogn) {
    if (k >= lo && k <= hi) return table[k];
    double r[3];
    int c = 0;
    for (int d = 0; d < 3; d++) {
        int j = k > hi ? (int)hi - d : (int)lo + d;
        if (j < (int)lo || j > (int)hi) break;
        double n = ldexp(1.0, j);
        r[c++] = table[j] / (nlogn ? n * j : n / j);
    }
    /* median of up to three */
    if (c == 3) {
        double a = r[0], b = r[1], d = r[2];
        r[0] = a > b ? (b > d ? b : (a > d ? d : a)) : (a > d ? a : (b > d ? d : b));
    } else if (c == 2) {
        r[0] = (r[0] + r[1]) / 2;
    }
    double n = ldexp(1.0, (int)k);
    return r[0] * (nlogn ? n * k : n / k);
}

double zki_cost_ntt(const zki_cost_model *m, unsigned k) { return extrapolate(m->ntt_ns, m->lo, m->hi, k, 1); }
double zki_cost_coset_ext(const zki_cost_model *m, unsigned k) { return extrapolate(m->coset_ext_ns, m->lo, m->hi, k, 1); }
double zki_cost_msm_full(const zki_cost_model *m, unsigned k) { return extrapolate(m->msm_full_ns, m->lo, m->hi, k, 0); }
double zki_cost_msm_small(const zki_cost_model *m, unsigned k) { return extrapolate(m->msm_small_ns, m->lo, m->hi, k, 0); }
double zki_cost_g1_intt(const zki_cost_model *m, unsigned k) { return extrapolate(m->g1_intt_ns, m->g1_lo, m->g1_hi, k, 1); }

/* ---- the JSON cache ---- */

static json_object *arr(const double *t, unsigned lo, unsigned hi) {
    json_object *a = json_object_new_array();
    for (unsigned k = lo; k <= hi; k++) json_object_array_add(a, json_object_new_double(t[k]));
    return a;
}

zki_status zki_cost_model_write(const zki_cost_model *m, const char *path) {
    if (!m || !path) return ZKI_ERR_ARG;
    json_object *o = json_object_new_object();
    json_object_object_add(o, "format", json_object_new_string("zkinfer-cost-model"));
    json_object_object_add(o, "version", json_object_new_int(ZKI_COST_MODEL_VERSION));
    json_object_object_add(o, "threads", json_object_new_int((int)m->threads));
    json_object_object_add(o, "log_lo", json_object_new_int((int)m->lo));
    json_object_object_add(o, "log_hi", json_object_new_int((int)m->hi));
    json_object_object_add(o, "g1_log_lo", json_object_new_int((int)m->g1_lo));
    json_object_object_add(o, "g1_log_hi", json_object_new_int((int)m->g1_hi));
    json_object_object_add(o, "ntt_ns", arr(m->ntt_ns, m->lo, m->hi));
    json_object_object_add(o, "coset_ext_ns", arr(m->coset_ext_ns, m->lo, m->hi));
    json_object_object_add(o, "msm_full_ns", arr(m->msm_full_ns, m->lo, m->hi));
    json_object_object_add(o, "msm_small_ns", arr(m->msm_small_ns, m->lo, m->hi));
    json_object_object_add(o, "g1_intt_ns", arr(m->g1_intt_ns, m->g1_lo, m->g1_hi));
    json_object_object_add(o, "fr_mul_ns", json_object_new_double(m->fr_mul_ns));
    json_object_object_add(o, "fr_add_ns", json_object_new_double(m->fr_add_ns));
    json_object_object_add(o, "lookup_row_ns", json_object_new_double(m->lookup_row_ns));
    json_object_object_add(o, "constraint_op_ns", json_object_new_double(m->constraint_op_ns));
    json_object_object_add(o, "expr_node_ns", json_object_new_double(m->expr_node_ns));
    json_object_object_add(o, "calibrate_s", json_object_new_double(m->calibrate_s));
    const char *txt = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY);
    FILE *f = fopen(path, "w");
    int ok = f && fputs(txt, f) >= 0 && fputc('\n', f) != EOF;
    if (f && fclose(f) != 0) ok = 0;
    json_object_put(o);
    return ok ? ZKI_OK : ZKI_ERR_IO;
}

static int get_num(json_object *o, const char *key, double *out) {
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v)) return 0;
    if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int)) return 0;
    *out = json_object_get_double(v);
    return isfinite(*out) && *out >= 0;
}

static int get_arr(json_object *o, const char *key, double *t, unsigned lo, unsigned hi) {
    json_object *a;
    if (!json_object_object_get_ex(o, key, &a) || !json_object_is_type(a, json_type_array)) return 0;
    if (json_object_array_length(a) != (size_t)(hi - lo + 1)) return 0;
    for (unsigned k = lo; k <= hi; k++) {
        json_object *v = json_object_array_get_idx(a, k - lo);
        if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int)) return 0;
        t[k] = json_object_get_double(v);
        if (!isfinite(t[k]) || t[k] <= 0) return 0;
    }
    return 1;
}

zki_status zki_cost_model_read(zki_cost_model *m, const char *path) {
    if (!m || !path) return ZKI_ERR_ARG;
    memset(m, 0, sizeof *m);
    FILE *f = fopen(path, "rb");
    if (!f) return ZKI_ERR_IO;
    char buf[16384];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    int big = !feof(f);
    fclose(f);
    if (big) return ZKI_ERR_ENCODING;
    buf[len] = 0;
    json_object *o = json_tokener_parse(buf), *fmt;
    if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, "format", &fmt) ||
        !json_object_is_type(fmt, json_type_string) || strcmp(json_object_get_string(fmt), "zkinfer-cost-model") != 0) {
        if (o) json_object_put(o);
        return ZKI_ERR_ENCODING;
    }
    double ver, thr, lo, hi, glo, ghi;
    zki_status st = ZKI_ERR_ENCODING;
    if (!get_num(o, "version", &ver) || !get_num(o, "threads", &thr)) goto out;
    if (ver != ZKI_COST_MODEL_VERSION || thr != (double)zki_parallel_threads(0)) {
        st = ZKI_ERR_VERSION;
        goto out;
    }
    if (!get_num(o, "log_lo", &lo) || !get_num(o, "log_hi", &hi) || !get_num(o, "g1_log_lo", &glo) ||
        !get_num(o, "g1_log_hi", &ghi) || lo < 3 || hi < lo || hi > ZKI_COST_MAX_LOG || glo < 3 || ghi < glo || ghi > hi)
        goto out;
    m->lo = (unsigned)lo;
    m->hi = (unsigned)hi;
    m->g1_lo = (unsigned)glo;
    m->g1_hi = (unsigned)ghi;
    m->threads = (unsigned)thr;
    if (!get_arr(o, "ntt_ns", m->ntt_ns, m->lo, m->hi) || !get_arr(o, "coset_ext_ns", m->coset_ext_ns, m->lo, m->hi) ||
        !get_arr(o, "msm_full_ns", m->msm_full_ns, m->lo, m->hi) ||
        !get_arr(o, "msm_small_ns", m->msm_small_ns, m->lo, m->hi) ||
        !get_arr(o, "g1_intt_ns", m->g1_intt_ns, m->g1_lo, m->g1_hi) || !get_num(o, "fr_mul_ns", &m->fr_mul_ns) ||
        !get_num(o, "fr_add_ns", &m->fr_add_ns) || !get_num(o, "lookup_row_ns", &m->lookup_row_ns) ||
        !get_num(o, "constraint_op_ns", &m->constraint_op_ns) || !get_num(o, "expr_node_ns", &m->expr_node_ns))
        goto out;
    get_num(o, "calibrate_s", &m->calibrate_s);
    st = ZKI_OK;
out:
    json_object_put(o);
    return st;
}

int zki_cost_model_default_path(char *buf, size_t cap) {
    const char *env = getenv("ZKINFER_COST_MODEL");
    int k;
    if (env && *env) k = snprintf(buf, cap, "%s", env);
    else if ((env = getenv("XDG_CACHE_HOME")) && *env) k = snprintf(buf, cap, "%s/zkinfer/cost-model.json", env);
    else if ((env = getenv("HOME")) && *env) k = snprintf(buf, cap, "%s/.cache/zkinfer/cost-model.json", env);
    else return 0;
    return k > 0 && (size_t)k < cap;
}

/* mkdir -p of the directory part of path (errors ignored: the write reports them). */
static void make_parent(const char *path) {
    char d[4096];
    if (snprintf(d, sizeof d, "%s", path) >= (int)sizeof d) return;
    for (char *p = d + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(d, 0755) != 0 && errno != EEXIST) return;
            *p = '/';
        }
}

double zki_cost_model_probe(const zki_cost_model *m) {
    unsigned kn = m->lo + 2 > m->hi ? m->hi : m->lo + 2, km = m->lo;
    size_t nn = (size_t)1 << kn, nm = (size_t)1 << km, nmax = nn > nm ? nn : nm;
    uint64_t seed = 0x70726f6265ULL;
    double ratio = 0, tn = INFINITY, tm = INFINITY;
    zki_fr *a = malloc(nmax * sizeof *a);
    zki_g1_aff *pts = malloc(nm * sizeof *pts);
    zki_ntt_domain d;
    int have_d = 0;
    zki_status st = ZKI_ERR_NOMEM;
    if (!a || !pts) goto out;
    rand_frs(a, nmax, &seed);
    if ((st = make_points(pts, nm)) != ZKI_OK || (st = zki_ntt_domain_init(&d, kn, 0)) != ZKI_OK) goto out;
    have_d = 1;
    BEST_OF(5, tn, st = zki_ntt_fwd(a, nn, &d, 0));
    if (st != ZKI_OK) goto out;
    zki_g1 r;
    BEST_OF(3, tm, st = zki_g1s_msm(&r, pts, a, nm, 0));
    if (st != ZKI_OK || tn <= 0 || tm <= 0) goto out;
    /* both figures must say the cache is slow: the smaller ratio */
    double rn = m->ntt_ns[kn] / tn, rm = m->msm_full_ns[km] / tm;
    ratio = rn < rm ? rn : rm;
out:
    if (have_d) zki_ntt_domain_free(&d);
    free(a);
    free(pts);
    return ratio;
}

zki_status zki_cost_model_load(zki_cost_model *m, const char *path, int *measured) {
    char def[4096];
    if (!path) path = zki_cost_model_default_path(def, sizeof def) ? def : NULL;
    if (measured) *measured = 0;
    unsigned lo = 10, hi = 16;
    if (path && zki_cost_model_read(m, path) == ZKI_OK) {
        /* a cache measured while the machine was busy prices everything too high, for
         * good: when a quick probe now runs ZKI_COST_STALE_RATIO times faster than the
         * cache says, measure again (over the cache's own sizes). A probe on a busy
         * machine only runs slower, which keeps the cache. */
        if (zki_cost_model_probe(m) < ZKI_COST_STALE_RATIO) return ZKI_OK;
        lo = m->lo;
        hi = m->hi;
    }
    zki_status st = zki_cost_model_calibrate(m, lo, hi);
    if (st != ZKI_OK) return st;
    if (measured) *measured = 1;
    if (path) {
        make_parent(path);
        if (zki_cost_model_write(m, path) != ZKI_OK) { /* used anyway */
        }
    }
    return ZKI_OK;
}
