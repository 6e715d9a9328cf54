/* zkinfer table and zkinfer calibrate (see cmd_calibrate.h and README "Model flow").
 *
 * Calibration rests on two facts of the circuit (prover/model/model.h, prover/nn/nn.h):
 *   - for a given scale s the witness does not depend on act_bits b: b only bounds the
 *     range the lookups prove, so a larger b never changes an output, it only lets more
 *     inputs build (and costs table rows, 2^b per function table);
 *   - the circuit's structure does not depend on the input, so rows and columns are the
 *     same for every sample.
 * So each scale gives one candidate: the smallest b (binary search, validity being
 * monotone in b) at which every sample builds, measured once against the float engine.
 * With --headroom F, ceil(log2 F) bits are added to that b: every proven value of every
 * sample lies in [-2^(b-1), 2^(b-1)), so the range [-2^(b-1+k), 2^(b-1+k)) is at least
 * F times the samples' largest |activation| (a margin for inputs beyond the samples).
 * "Builds" is the same zki_model_build that compile, witness and prove run, so a chosen
 * setting never meets "outside the proven range" on a calibration sample; another input
 * may, and then prove fails naming the node, as for any setting.
 */
#include "cmd_calibrate.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "artifacts.h"
#include "cli_util.h"
#include "graph.h"
#include "infer_float.h"
#include "infer_quant.h"
#include "input_json.h"
#include "model.h"
#include "nn.h"


/* Prover memory model: peak memory taken proportional to the circuit's cells,
 * 2^logrows × columns (advice + fixed + instance). The constant is MNIST's measured
 * peak (docs/BENCHMARKS.md): 575 MiB for the whole prove at 2^15 rows × 50 columns
 * (18 advice, 31 fixed, 1 instance), about 368 bytes a cell. An estimate, not a bound. */
#define MEM_REF_MIB 575.0
#define MEM_REF_CELLS (32768.0 * 50.0)

/* gen-settings' defaults */
static const zki_settings_file default_settings = {{7, 12, 16, ZKI_VIS_PRIVATE, ZKI_VIS_PUBLIC, ZKI_PARAMS_FIXED, 0, 0, 0}, 0, 0};

static int quiet;

/* A message naming path, unless the library's text already does. */
static void with_path(char *dst, size_t len, const char *path, const char *msg) {
    if (strstr(msg, path)) snprintf(dst, len, "%s", msg);
    else snprintf(dst, len, "%s: %s", path, msg);
}

static int load_graph(const char *cmd, const char *path, zki_graph *g) {
    zki_status st = zki_onnx_load(g, path);
    if (st == ZKI_OK) return 0;
    char m[512];
    with_path(m, sizeof m, path, zki_onnx_last_error());
    return zki_cli_fail(cmd, st, m);
}

/* What zki_nn_finish makes of a built circuit. */
typedef struct {
    uint32_t rows;    /* rows the gadgets used */
    uint32_t logrows; /* log2 of the circuit's size */
    uint32_t usable;  /* rows it could use at that size */
    uint32_t advice, fixed, instance, lookups, npub;
} circuit_shape;

static zki_status finish_shape(zki_nn *nn, circuit_shape *sh, char *msg, size_t len) {
    sh->rows = zki_nn_rows(nn);
    zki_cs cs;
    zki_fr *adv = NULL, *pub = NULL;
    uint32_t npub = 0;
    zki_status st = zki_nn_finish(nn, &cs, &adv, &pub, &npub);
    if (st != ZKI_OK) {
        snprintf(msg, len, "circuit: %s", zki_nn_status(nn) != ZKI_OK ? zki_nn_error(nn) : zki_status_str(st));
        return st;
    }
    sh->logrows = cs.log_n;
    sh->usable = zki_cs_usable_rows(&cs);
    sh->advice = cs.n_advice;
    sh->fixed = cs.n_fixed;
    sh->instance = cs.n_instance;
    sh->lookups = cs.n_lookups;
    sh->npub = npub;
    zki_cs_free(&cs);
    free(adv);
    free(pub);
    return ZKI_OK;
}

static void shape_str(char *dst, size_t len, const zki_tensor *t) {
    size_t o = (size_t)snprintf(dst, len, "[");
    for (int i = 0; i < t->rank && o < len; i++) o += (size_t)snprintf(dst + o, len - o, "%s%lld", i ? "," : "", (long long)t->dims[i]);
    if (o < len) snprintf(dst + o, len - o, "]");
}

int zki_cmd_table(int argc, char **argv) {
    const char *model = NULL, *settings = NULL, *data = NULL;
    const zki_cli_opt o[] = {{"-M", &model}, {"--model", &model}, {"-S", &settings}, {"--settings", &settings},
                     {"-D", &data}, {"--data", &data}};
    if (!zki_cli_parse_opts("table", argc, argv, o, 6, &quiet)) return ZKI_EX_USAGE;
    if (!model) return zki_cli_usage_err("table", "missing -M model.onnx");
    zki_settings_file sf = default_settings;
    zki_status st;
    if (settings && (st = zki_settings_read(settings, &sf)) != ZKI_OK) return zki_cli_fail("table", st, zki_model_last_error());
    zki_graph g;
    int rc = load_graph("table", model, &g);
    if (rc) return rc;
    size_t need = zki_graph_input_size(&g), n = need;
    float *in = NULL;
    char m[512];
    if (data) {
        st = zki_input_json_read(data, &in, &n);
        if (st != ZKI_OK) {
            with_path(m, sizeof m, data, zki_onnx_last_error());
            zki_graph_free(&g);
            return zki_cli_fail_code("table", st == ZKI_ERR_SIZE ? ZKI_EX_INPUT : zki_cli_exit_for(st), m); /* wrong count: a bad input */
        }
    } else if (!(in = calloc(need ? need : 1, sizeof(float)))) {
        zki_graph_free(&g);
        return zki_cli_fail("table", ZKI_ERR_NOMEM, NULL);
    }
    zki_model_node_report rep = {calloc(g.n_nodes + 1, sizeof(uint32_t)), calloc(g.n_nodes + 1, sizeof(uint32_t))};
    zki_nn *nn = NULL;
    zki_model_result res;
    memset(&res, 0, sizeof res);
    st = rep.rows && rep.scale ? zki_model_build_ex(&nn, &res, &g, &sf.s, in, &rep) : ZKI_ERR_NOMEM;
    free(in);
    circuit_shape sh;
    if (st != ZKI_OK) with_path(m, sizeof m, model, st == ZKI_ERR_NOMEM ? "out of memory" : zki_model_last_error());
    else st = finish_shape(nn, &sh, m, sizeof m);
    if (st != ZKI_OK) {
        zki_nn_free(nn);
        zki_model_result_free(&res);
        free(rep.rows);
        free(rep.scale);
        zki_graph_free(&g);
        return zki_cli_fail("table", st, m);
    }
    zki_nn_free(nn);
    zki_model_result_free(&res);
    printf("# %s: scale %u, act_bits %u, width %u, parameters %s%s%s\n", model, sf.s.scale, sf.s.act_bits, sf.s.width,
           sf.s.param_vis == ZKI_PARAMS_PRIVATE ? "private" : "fixed", sf.s.freivalds ? ", freivalds on" : "",
           sf.s.max4 ? ", max4 on" : "");
    printf("%-4s %-32s %-18s %-20s %5s %9s\n", "#", "node", "op", "output shape", "scale", "rows");
    uint32_t sum = 0;
    for (size_t k = 0; k < g.n_nodes; k++) sum += rep.rows[k];
    char shp[160];
    /* rows not attributed to a node (e.g. input range checks), so the column adds up */
    shape_str(shp, sizeof shp, &g.tensors[g.input]);
    printf("%-4s %-32s %-18s %-20s %5u %9u\n", "-", "(input)", "-", shp, sf.s.scale, sh.rows - sum);
    for (size_t k = 0; k < g.n_nodes; k++) {
        const zki_node *nd = &g.nodes[k];
        shape_str(shp, sizeof shp, &g.tensors[nd->output]);
        printf("%-4zu %-32s %-18s %-20s %5u %9u\n", k, nd->name, zki_op_name(nd->op), shp, rep.scale[k], rep.rows[k]);
    }
    printf("total: rows %u, logrows %u (%u usable), columns %u (%u advice, %u fixed, %u instance), lookups %u, "
           "public inputs %u\n",
           sh.rows, sh.logrows, sh.usable, sh.advice + sh.fixed + sh.instance, sh.advice, sh.fixed, sh.instance, sh.lookups,
           sh.npub);
    free(rep.rows);
    free(rep.scale);
    zki_graph_free(&g);
    return 0;
}

/* Reads {"input_data": [sample, sample, ...]}, each sample a list (or nested lists) of
 * `need` numbers, into *x (n_samples × need floats). Each sample is checked by the
 * single-input reader (input_json.h), so the rules are the same as for prove's input. */
static zki_status read_samples(const char *path, size_t need, float **x, size_t *n_samples, char *msg, size_t len) {
    uint8_t *buf;
    size_t blen;
    *x = NULL;
    *n_samples = 0;
    zki_status st = zki_file_read(path, (size_t)1 << 30, &buf, &blen);
    if (st != ZKI_OK) {
        with_path(msg, len, path, zki_model_last_error());
        return st;
    }
    char *txt = realloc(buf, blen + 1);
    if (!txt) {
        free(buf);
        return ZKI_ERR_NOMEM;
    }
    txt[blen] = 0;
    enum json_tokener_error jerr;
    json_object *root = json_tokener_parse_verbose(txt, &jerr), *arr;
    free(txt);
    if (!root) {
        snprintf(msg, len, "%s: not JSON (%s)", path, json_tokener_error_desc(jerr));
        return ZKI_ERR_ENCODING;
    }
    if (!json_object_is_type(root, json_type_object) || !json_object_object_get_ex(root, "input_data", &arr) ||
        !json_object_is_type(arr, json_type_array)) {
        snprintf(msg, len, "%s: needs {\"input_data\": [[sample 1], [sample 2], ...]}", path);
        json_object_put(root);
        return ZKI_ERR_ENCODING;
    }
    size_t ns = json_object_array_length(arr);
    if (ns == 0) {
        snprintf(msg, len, "%s: \"input_data\" holds no samples", path);
        json_object_put(root);
        return ZKI_ERR_SIZE;
    }
    float *all = malloc(ns * (need ? need : 1) * sizeof(float));
    if (!all) {
        json_object_put(root);
        return ZKI_ERR_NOMEM;
    }
    st = ZKI_OK;
    for (size_t k = 0; k < ns && st == ZKI_OK; k++) {
        json_object *one = json_object_new_object(), *list = json_object_new_array();
        if (!one || !list) {
            json_object_put(one);
            json_object_put(list);
            st = ZKI_ERR_NOMEM;
            break;
        }
        json_object_array_add(list, json_object_get(json_object_array_get_idx(arr, k)));
        json_object_object_add(one, "input_data", list);
        float *f = NULL;
        size_t n = need;
        st = zki_input_json_parse(json_object_to_json_string_ext(one, JSON_C_TO_STRING_PLAIN), &f, &n);
        json_object_put(one);
        if (st != ZKI_OK) snprintf(msg, len, "%s: sample %zu: %s", path, k + 1, zki_onnx_last_error());
        else memcpy(all + k * need, f, need * sizeof(float));
        free(f);
    }
    json_object_put(root);
    if (st != ZKI_OK) {
        free(all);
        return st;
    }
    *x = all;
    *n_samples = ns;
    return ZKI_OK;
}

/* One candidate setting and what it measured. */
typedef struct {
    uint32_t scale, act_bits;
    uint32_t act_bits_samples; /* the smallest b every sample builds at (act_bits less the headroom) */
    int valid;
    char why[320]; /* invalid: the first sample and node that did not fit */
    circuit_shape sh;
    double mem_mib;
    double max_err, mean_err, max_ref; /* |quantized − float| over all samples and outputs; max |float| */
    size_t agree;                      /* samples whose argmax agrees (outputs of > 1 value) */
} cand;

/* Calibration inputs shared by every candidate. */
typedef struct {
    const zki_graph *g;
    zki_model_settings base; /* visibilities, width */
    const float *x;          /* ns × need */
    size_t need, ns;
    const float *ref; /* ns × n_out float outputs */
    size_t n_out;
} calib;

/* Errors that no other setting would mend (an unsupported operator, no memory). */
static int is_hard(zki_status st) { return st == ZKI_ERR_VERSION || st == ZKI_ERR_NOMEM; }

/* Builds every sample at (scale, b), starting with *first (the sample that failed last
 * time, so a failing b is found quickly). Returns: 1 every sample builds; 0 one does
 * not (why names it); -1 a hard error (*hard). */
static int all_build(const calib *c, uint32_t scale, uint32_t b, size_t *first, char *why, size_t wl, zki_status *hard) {
    zki_model_settings s = c->base;
    s.scale = scale;
    s.act_bits = b;
    for (size_t i = 0; i < c->ns; i++) {
        size_t k = (*first + i) % c->ns;
        zki_nn *nn = NULL;
        zki_model_result res;
        zki_status st = zki_model_build(&nn, &res, c->g, &s, c->x + k * c->need);
        if (st == ZKI_OK) {
            zki_nn_free(nn);
            zki_model_result_free(&res);
            continue;
        }
        snprintf(why, wl, "sample %zu: %s", k + 1, zki_model_last_error());
        *first = k;
        if (is_hard(st)) {
            *hard = st;
            return -1;
        }
        return 0;
    }
    return 1;
}

static size_t argmax_d(const double *v, size_t n) {
    size_t k = 0;
    for (size_t i = 1; i < n; i++)
        if (v[i] > v[k]) k = i;
    return k;
}

/* Fills c's measurements at its (scale, act_bits), where every sample builds. */
static zki_status measure(const calib *cb, cand *c) {
    zki_model_settings s = cb->base;
    s.scale = c->scale;
    s.act_bits = c->act_bits;
    double *q = malloc((cb->n_out ? cb->n_out : 1) * sizeof(double)), *f = malloc((cb->n_out ? cb->n_out : 1) * sizeof(double));
    zki_status st = q && f ? ZKI_OK : ZKI_ERR_NOMEM;
    double sum = 0;
    for (size_t k = 0; k < cb->ns && st == ZKI_OK; k++) {
        zki_nn *nn = NULL;
        zki_model_result res;
        st = zki_model_build(&nn, &res, cb->g, &s, cb->x + k * cb->need);
        if (st != ZKI_OK) {
            snprintf(c->why, sizeof c->why, "sample %zu: %s", k + 1, zki_model_last_error());
            break;
        }
        if (res.n_out != cb->n_out) {
            snprintf(c->why, sizeof c->why, "the circuit has %zu outputs, the float model %zu", res.n_out, cb->n_out);
            st = ZKI_ERR_SIZE;
        } else if (k == 0) {
            st = finish_shape(nn, &c->sh, c->why, sizeof c->why);
        }
        zki_nn_free(nn);
        for (size_t i = 0; i < cb->n_out && st == ZKI_OK; i++) {
            q[i] = ldexp((double)res.out_q[i], -(int)res.out_scale);
            f[i] = cb->ref[k * cb->n_out + i];
            double e = fabs(q[i] - f[i]);
            if (e > c->max_err) c->max_err = e;
            if (fabs(f[i]) > c->max_ref) c->max_ref = fabs(f[i]);
            sum += e;
        }
        if (st == ZKI_OK && cb->n_out > 1 && argmax_d(q, cb->n_out) == argmax_d(f, cb->n_out)) c->agree++;
        zki_model_result_free(&res);
    }
    free(q);
    free(f);
    if (st != ZKI_OK) return st;
    c->mean_err = cb->n_out ? sum / ((double)cb->ns * (double)cb->n_out) : 0;
    c->mem_mib = MEM_REF_MIB * ldexp((double)(c->sh.advice + c->sh.fixed + c->sh.instance), (int)c->sh.logrows) / MEM_REF_CELLS;
    c->valid = 1;
    return ZKI_OK;
}

/* The candidate of one scale: the smallest b in [4, b_max] at which every sample builds.
 * Returns: ZKI_OK (c->valid says whether one was found); a hard error (why says it). */
static zki_status calibrate_scale(const calib *cb, uint32_t scale, uint32_t b_max, uint32_t head_bits, cand *c) {
    memset(c, 0, sizeof *c);
    c->scale = scale;
    c->act_bits = b_max;
    size_t first = 0;
    zki_status hard = ZKI_OK;
    int r = all_build(cb, scale, b_max, &first, c->why, sizeof c->why, &hard);
    if (r < 0) return hard;
    if (r == 0) return ZKI_OK; /* no b up to b_max holds every sample */
    uint32_t lo = 3, hi = b_max; /* hi builds; lo is below the smallest legal b */
    char why[320];
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        r = all_build(cb, scale, mid, &first, why, sizeof why, &hard);
        if (r < 0) {
            snprintf(c->why, sizeof c->why, "%s", why);
            return hard;
        }
        if (r) hi = mid;
        else lo = mid;
    }
    c->act_bits_samples = hi;
    c->act_bits = hi + head_bits;
    c->why[0] = 0;
    if (c->act_bits > b_max) {
        snprintf(c->why, sizeof c->why, "the samples need act_bits %u, with the headroom %u > --max-act-bits %u", hi,
                 c->act_bits, b_max);
        return ZKI_OK;
    }
    zki_status st = measure(cb, c);
    if (st != ZKI_OK && !is_hard(st)) {
        c->valid = 0; /* e.g. a circuit too large for the prover */
        return ZKI_OK;
    }
    return st;
}

/* Cost order: circuit size (2^logrows), then columns, then rows used. */
static int cost_cmp(const cand *a, const cand *b) {
    if (a->sh.logrows != b->sh.logrows) return a->sh.logrows < b->sh.logrows ? -1 : 1;
    uint32_t ca = a->sh.advice + a->sh.fixed + a->sh.instance, cbb = b->sh.advice + b->sh.fixed + b->sh.instance;
    if (ca != cbb) return ca < cbb ? -1 : 1;
    if (a->sh.rows != b->sh.rows) return a->sh.rows < b->sh.rows ? -1 : 1;
    return 0;
}

/* accuracy order: argmax agreement, then max error, then mean error, then cost. */
static int more_accurate(const cand *a, const cand *b) {
    if (a->agree != b->agree) return a->agree > b->agree;
    if (a->max_err != b->max_err) return a->max_err < b->max_err;
    if (a->mean_err != b->mean_err) return a->mean_err < b->mean_err;
    return cost_cmp(a, b) < 0;
}

/* Returns: the index of the chosen candidate, or -1 when none is valid.
 * accuracy: the most accurate (agreement first, ties to the cheaper).
 * resources: the cheapest whose argmax agreement equals the best (outputs of > 1 value),
 * or (one output) whose max error is within 2x the best or within tol·max|float output|;
 * ties to the more accurate. */
static int choose(const cand *c, size_t n, int resources, int has_argmax, double tol) {
    int best = -1;
    for (size_t i = 0; i < n; i++)
        if (c[i].valid && (best < 0 || more_accurate(&c[i], &c[best]))) best = (int)i;
    if (best < 0 || !resources) return best;
    int pick = best;
    for (size_t i = 0; i < n; i++) {
        if (!c[i].valid) continue;
        int ok = has_argmax ? c[i].agree == c[best].agree
                            : c[i].max_err <= 2 * c[best].max_err || c[i].max_err <= tol * c[i].max_ref;
        if (!ok) continue;
        int d = cost_cmp(&c[i], &c[pick]);
        if (d < 0 || (d == 0 && more_accurate(&c[i], &c[pick]))) pick = (int)i;
    }
    return pick;
}

static json_object *cand_json(const cand *c, int has_argmax, size_t ns) {
    json_object *o = json_object_new_object();
    json_object_object_add(o, "scale", json_object_new_int((int)c->scale));
    json_object_object_add(o, "act_bits", json_object_new_int((int)c->act_bits));
    if (c->act_bits_samples)
        json_object_object_add(o, "act_bits_samples", json_object_new_int((int)c->act_bits_samples));
    json_object_object_add(o, "valid", json_object_new_boolean(c->valid));
    if (!c->valid) {
        json_object_object_add(o, "why", json_object_new_string(c->why));
        return o;
    }
    json_object_object_add(o, "rows", json_object_new_int((int)c->sh.rows));
    json_object_object_add(o, "logrows", json_object_new_int((int)c->sh.logrows));
    json_object_object_add(o, "columns", json_object_new_int((int)(c->sh.advice + c->sh.fixed + c->sh.instance)));
    json_object_object_add(o, "memory_mib_estimate", json_object_new_double(round(c->mem_mib)));
    json_object_object_add(o, "max_abs_error", json_object_new_double(c->max_err));
    json_object_object_add(o, "mean_abs_error", json_object_new_double(c->mean_err));
    json_object_object_add(o, "max_rel_error", json_object_new_double(c->max_ref > 0 ? c->max_err / c->max_ref : 0));
    if (has_argmax) {
        json_object_object_add(o, "argmax_agree", json_object_new_int64((int64_t)c->agree));
        json_object_object_add(o, "argmax_agreement", json_object_new_double((double)c->agree / (double)ns));
    }
    return o;
}

/* Per-layer error of a scale: for every node, the max |quantized − float| of its output
 * over the samples, the quantized values from the fixed-point reference engine's trace
 * (infer_quant.h, whose integers are the rules the circuit proves) dequantized at each
 * entry's scale, the float ones from the float engine stopped at that node's output.
 * Returns: a JSON array (NULL when an engine fails: the report then has no layers). */
static json_object *layer_errors(const calib *cb, uint32_t scale, uint32_t act_bits) {
    const zki_graph *g = cb->g;
    double *err = calloc(g->n_nodes + 1, sizeof(double));
    float *fv = NULL;
    size_t fmax = 1;
    for (size_t k = 0; k < g->n_nodes; k++)
        if (g->tensors[g->nodes[k].output].size > fmax) fmax = g->tensors[g->nodes[k].output].size;
    fv = malloc(fmax * sizeof(float));
    zki_quant_settings qs = {(int)scale, (int)scale, ZKI_RESCALE_HALF_UP, (int)act_bits};
    int ok = err && fv;
    for (size_t smp = 0; smp < cb->ns && ok; smp++) {
        const float *x = cb->x + smp * cb->need;
        zki_quant_trace tr;
        memset(&tr, 0, sizeof tr);
        ok = zki_infer_quant(g, &qs, x, NULL, NULL, &tr) == ZKI_OK;
        for (size_t e = 0; e < tr.n && ok; e++) {
            const zki_trace_entry *te = &tr.entries[e];
            if (te->kind != ZKI_TRACE_VALUE || te->node < 0) continue;
            zki_graph sub = *g; /* the same graph, its output moved to this node's */
            sub.output = g->nodes[te->node].output;
            if (te->size != g->tensors[sub.output].size || zki_infer_float(&sub, x, fv) != ZKI_OK) {
                ok = 0;
                break;
            }
            for (size_t i = 0; i < te->size; i++) {
                double d = fabs(ldexp((double)te->data[i], -te->scale) - (double)fv[i]);
                if (d > err[te->node]) err[te->node] = d;
            }
        }
        zki_quant_trace_free(&tr);
    }
    json_object *arr = NULL;
    if (ok && (arr = json_object_new_array()))
        for (size_t k = 0; k < g->n_nodes; k++) {
            json_object *o = json_object_new_object();
            json_object_object_add(o, "node", json_object_new_string(g->nodes[k].name));
            json_object_object_add(o, "op", json_object_new_string(zki_op_name(g->nodes[k].op)));
            json_object_object_add(o, "max_abs_error", json_object_new_double(err[k]));
            json_object_array_add(arr, o);
        }
    free(err);
    free(fv);
    return arr;
}

/* settings.json → settings.calibration.json; any other name gets the suffix appended. */
static void report_path(char *dst, size_t len, const char *settings) {
    size_t n = strlen(settings);
    if (n > 5 && !strcmp(settings + n - 5, ".json")) n -= 5;
    snprintf(dst, len, "%.*s.calibration.json", (int)n, settings);
}

int zki_cmd_calibrate(int argc, char **argv) {
    const char *model = NULL, *data = NULL, *settings = NULL, *target = "accuracy", *scales = NULL, *bmax = NULL,
               *width = NULL, *report = NULL, *tol_s = NULL, *head_s = NULL;
    const zki_cli_opt o[] = {{"-M", &model},       {"--model", &model},        {"-D", &data},      {"--data", &data},
                     {"-S", &settings},    {"--settings", &settings},  {"--target", &target}, {"--scales", &scales},
                     {"--max-act-bits", &bmax}, {"--width", &width}, {"--report", &report},
                     {"--tolerance", &tol_s}, {"--headroom", &head_s}};
    if (!zki_cli_parse_opts("calibrate", argc, argv, o, 13, &quiet)) return ZKI_EX_USAGE;
    if (!model || !data || !settings) return zki_cli_usage_err("calibrate", "needs -M model.onnx -D samples.json -S settings.json");
    int resources;
    if (!strcmp(target, "accuracy")) resources = 0;
    else if (!strcmp(target, "resources")) resources = 1;
    else return zki_cli_usage_err("calibrate", "--target must be accuracy or resources");
    uint32_t s_lo = 5, s_hi = 12, b_max = 18, w = 16;
    if (scales) {
        const char *colon = strchr(scales, ':');
        char lo[16];
        if (!colon || (size_t)(colon - scales) >= sizeof lo) return zki_cli_usage_err("calibrate", "--scales must be LO:HI within 1..16");
        memcpy(lo, scales, (size_t)(colon - scales));
        lo[colon - scales] = 0;
        if (!zki_cli_parse_u32(lo, 1, 16, &s_lo) || !zki_cli_parse_u32(colon + 1, s_lo, 16, &s_hi))
            return zki_cli_usage_err("calibrate", "--scales must be LO:HI within 1..16");
    }
    if (bmax && !zki_cli_parse_u32(bmax, 4, 22, &b_max)) return zki_cli_usage_err("calibrate", "--max-act-bits must be 4..22");
    if (width && !zki_cli_parse_u32(width, 4, 64, &w)) return zki_cli_usage_err("calibrate", "--width must be 4..64");
    double tol = 0.01;
    if (tol_s) {
        char *end;
        tol = strtod(tol_s, &end);
        if (!*tol_s || *end || !(tol >= 0 && tol <= 1)) return zki_cli_usage_err("calibrate", "--tolerance must be a number in 0..1");
    }
    double head = 1;
    uint32_t head_bits = 0;
    if (head_s) {
        char *end;
        head = strtod(head_s, &end);
        if (!*head_s || *end || !(head >= 1 && head <= 1024))
            return zki_cli_usage_err("calibrate", "--headroom must be a number in 1..1024");
        while (ldexp(1.0, (int)head_bits) < head) head_bits++;
    }

    /* an existing settings file keeps its visibilities; a damaged one is an error, not
     * something to overwrite silently */
    zki_settings_file sf = default_settings;
    struct stat sst;
    zki_status st;
    if (stat(settings, &sst) == 0 && (st = zki_settings_read(settings, &sf)) != ZKI_OK)
        return zki_cli_fail("calibrate", st, zki_model_last_error());
    sf.s.width = w;

    zki_graph g;
    int rc = load_graph("calibrate", model, &g);
    if (rc) return rc;
    calib cb = {&g, sf.s, NULL, zki_graph_input_size(&g), 0, NULL, zki_graph_output_size(&g)};
    char m[512];
    float *x = NULL, *ref = NULL;
    cand *cs = NULL;
    size_t nc = s_hi - s_lo + 1;
    st = read_samples(data, cb.need, &x, &cb.ns, m, sizeof m);
    if (st != ZKI_OK) {
        zki_graph_free(&g);
        return zki_cli_fail_code("calibrate", st == ZKI_ERR_SIZE ? ZKI_EX_INPUT : zki_cli_exit_for(st), st == ZKI_ERR_NOMEM ? "out of memory" : m);
    }
    cb.x = x;
    ref = malloc(cb.ns * (cb.n_out ? cb.n_out : 1) * sizeof(float));
    cs = calloc(nc, sizeof(cand));
    rc = 0;
    if (!ref || !cs) {
        rc = zki_cli_fail("calibrate", ZKI_ERR_NOMEM, NULL);
        goto out;
    }
    for (size_t k = 0; k < cb.ns; k++) {
        st = zki_infer_float(&g, x + k * cb.need, ref + k * cb.n_out);
        if (st != ZKI_OK) {
            snprintf(m, sizeof m, "%s: float inference of sample %zu: %s", model, k + 1, zki_onnx_last_error());
            rc = zki_cli_fail("calibrate", st, m);
            goto out;
        }
    }
    cb.ref = ref;
    int has_argmax = cb.n_out > 1;
    for (size_t i = 0; i < nc; i++) {
        cand *c = &cs[i];
        st = calibrate_scale(&cb, s_lo + (uint32_t)i, b_max, head_bits, c);
        if (st != ZKI_OK) {
            with_path(m, sizeof m, model, c->why[0] ? c->why : zki_status_str(st));
            rc = zki_cli_fail("calibrate", st, m);
            goto out;
        }
        if (quiet) continue;
        if (!c->valid && c->act_bits_samples)
            fprintf(stderr, "zkinfer calibrate: scale %2u: %s\n", c->scale, c->why);
        else if (!c->valid)
            fprintf(stderr, "zkinfer calibrate: scale %2u: no act_bits <= %u holds every sample (%s)\n", c->scale, b_max, c->why);
        else if (has_argmax)
            fprintf(stderr, "zkinfer calibrate: scale %2u: act_bits %2u, logrows %2u, ~%.0f MiB, max |error| %.3g, argmax %zu/%zu\n",
                    c->scale, c->act_bits, c->sh.logrows, c->mem_mib, c->max_err, c->agree, cb.ns);
        else
            fprintf(stderr, "zkinfer calibrate: scale %2u: act_bits %2u, logrows %2u, ~%.0f MiB, max |error| %.3g\n", c->scale,
                    c->act_bits, c->sh.logrows, c->mem_mib, c->max_err);
    }
    int pick = choose(cs, nc, resources, has_argmax, tol);
    if (pick < 0) {
        snprintf(m, sizeof m, "%s: no scale in %u..%u with act_bits <= %u holds every sample of %s (scale %u: %s)", model, s_lo,
                 s_hi, b_max, data, s_hi, cs[nc - 1].why);
        rc = zki_cli_fail("calibrate", ZKI_ERR_ARG, m);
        goto out;
    }
    const cand *c = &cs[pick];
    sf.s.scale = c->scale;
    sf.s.act_bits = c->act_bits;
    sf.rows = c->sh.usable; /* as gen-settings records it */
    sf.logrows = c->sh.logrows;

    char rp[4096];
    if (report) snprintf(rp, sizeof rp, "%s", report);
    else report_path(rp, sizeof rp, settings);
    json_object *root = json_object_new_object(), *arr = json_object_new_array();
    json_object_object_add(root, "format", json_object_new_string("zkinfer-calibration-v1"));
    json_object_object_add(root, "model", json_object_new_string(model));
    json_object_object_add(root, "samples", json_object_new_int64((int64_t)cb.ns));
    json_object_object_add(root, "outputs", json_object_new_int64((int64_t)cb.n_out));
    json_object_object_add(root, "target", json_object_new_string(resources ? "resources" : "accuracy"));
    json_object_object_add(root, "width", json_object_new_int((int)w));
    json_object_object_add(root, "headroom", json_object_new_double(head));
    json_object_object_add(root, "headroom_bits", json_object_new_int((int)head_bits));
    json_object_object_add(root, "rule",
                           json_object_new_string(resources ? (has_argmax ? "fewest rows with the best argmax agreement"
                                                                          : "fewest rows with max error within 2x the best "
                                                                            "or within tolerance x max |output|")
                                                            : "best argmax agreement, then smallest max error, then fewest rows"));
    if (resources && !has_argmax) json_object_object_add(root, "tolerance", json_object_new_double(tol));
    json_object_object_add(root, "memory_model",
                           json_object_new_string("peak prover memory ~ 575 MiB x (2^logrows x columns) / (2^15 x 50): "
                                                  "MNIST's measured peak, proportional to the circuit's cells"));
    for (size_t i = 0; i < nc; i++) json_object_array_add(arr, cand_json(&cs[i], has_argmax, cb.ns));
    json_object_object_add(root, "candidates", arr);
    json_object *chosen = cand_json(c, has_argmax, cb.ns), *layers = layer_errors(&cb, c->scale, c->act_bits);
    if (layers) json_object_object_add(chosen, "layers", layers);
    json_object_object_add(root, "chosen", chosen);
    const char *txt = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
    st = zki_settings_write(settings, &sf);
    if (st == ZKI_OK) st = zki_file_write(rp, txt, strlen(txt));
    json_object_put(root);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer calibrate: %s\n", zki_model_last_error()[0] ? zki_model_last_error() : "cannot write");
        rc = ZKI_EX_INTERNAL;
        goto out;
    }
    printf("{\"settings\": \"%s\", \"report\": \"%s\", \"target\": \"%s\", \"scale\": %u, \"act_bits\": %u, \"width\": %u, "
           "\"act_bits_samples\": %u, \"headroom_bits\": %u, "
           "\"logrows\": %u, \"rows\": %u, \"memory_mib_estimate\": %.0f, \"max_abs_error\": %.6g, \"mean_abs_error\": %.6g",
           settings, rp, resources ? "resources" : "accuracy", c->scale, c->act_bits, w, c->act_bits_samples, head_bits,
           c->sh.logrows, c->sh.rows, c->mem_mib, c->max_err, c->mean_err);
    if (has_argmax) printf(", \"argmax_agree\": %zu, \"samples\": %zu", c->agree, cb.ns);
    else printf(", \"samples\": %zu", cb.ns);
    printf("}\n");
out:
    free(cs);
    free(ref);
    free(x);
    zki_graph_free(&g);
    return rc;
}
