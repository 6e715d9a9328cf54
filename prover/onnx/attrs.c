/* Attributes and parameter inputs of compute nodes -> zki_node_attrs (graph.h).
 *
 * ONNX moved several operands from attributes to int64/float inputs across opsets
 * (Squeeze/Unsqueeze/ReduceSum axes at 13, ReduceMean/ReduceMax axes at 18, Slice at 10,
 * Pad at 11, Clip at 11, Resize at 11); whichever form the model's opset uses is read
 * here, validated against x's shape, normalised (negative axes resolved, sorted,
 * Slice bounds clamped, permutations checked) and the consumed inputs are removed from
 * n->inputs, so the engines and the circuit see one form for every opset. Parameters
 * that are tensors of the computation (PRelu slope, Clip bounds, Pad value, BN) stay
 * CONST FLOAT inputs. Every attribute a node carries must be one this file knows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx_proto.h"

#define VER(...) zki_onnx_fail(ZKI_ERR_VERSION, __VA_ARGS__)
#define ENC(...) zki_onnx_fail(ZKI_ERR_ENCODING, __VA_ARGS__)
#define SZ(...) zki_onnx_fail(ZKI_ERR_SIZE, __VA_ARGS__)

typedef struct {
    zki_graph *g;
    zki_node *n;
    const Onnx__NodeProto *np;
    const int *in; /* the node's raw input tensor indices (-1 omitted) */
    int64_t opset;
    const char *op;
} pctx;

static const Onnx__AttributeProto *attr(const pctx *p, const char *name) {
    for (size_t i = 0; i < p->np->n_attribute; i++)
        if (p->np->attribute[i]->name && strcmp(p->np->attribute[i]->name, name) == 0) return p->np->attribute[i];
    return NULL;
}

static int has_type(const Onnx__AttributeProto *a, Onnx__AttributeProto__AttributeType t) {
    return !a->has_type || a->type == t;
}

static zki_status get_i(const pctx *p, const char *name, int64_t def, int64_t *v) {
    const Onnx__AttributeProto *a = attr(p, name);
    *v = def;
    if (!a) return ZKI_OK;
    if (!has_type(a, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT))
        return ENC("node '%s' op '%s': attribute '%s' must be an int", p->n->name, p->op, name);
    *v = a->i;
    return ZKI_OK;
}

static zki_status get_f(const pctx *p, const char *name, float def, float *v) {
    const Onnx__AttributeProto *a = attr(p, name);
    *v = def;
    if (!a) return ZKI_OK;
    if (!has_type(a, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT))
        return ENC("node '%s' op '%s': attribute '%s' must be a float", p->n->name, p->op, name);
    if (!isfinite(a->f)) return ENC("node '%s' op '%s': attribute '%s' is not finite", p->n->name, p->op, name);
    *v = a->f;
    return ZKI_OK;
}

/* Returns 1 when string attribute name is present and equals v. */
static int str_is(const Onnx__AttributeProto *a, const char *v) {
    size_t l = strlen(v);
    return a && a->s.len == l && memcmp(a->s.data, v, l) == 0;
}

/* ints attribute: *cnt values (at most max); *cnt = -1 when absent. */
static zki_status get_ints(const pctx *p, const char *name, int64_t *v, int max, int *cnt) {
    const Onnx__AttributeProto *a = attr(p, name);
    *cnt = -1;
    if (!a) return ZKI_OK;
    if (!has_type(a, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS))
        return ENC("node '%s' op '%s': attribute '%s' must be ints", p->n->name, p->op, name);
    if (a->n_ints > (size_t)max) return SZ("node '%s' op '%s': attribute '%s' has %zu values (at most %d)", p->n->name,
                                           p->op, name, a->n_ints, max);
    for (size_t i = 0; i < a->n_ints; i++) v[i] = a->ints[i];
    *cnt = (int)a->n_ints;
    return ZKI_OK;
}

/* Input k, an int64 constant of rank <= 1 with at most max values, into v; *cnt = -1
 * when the input is absent. */
static zki_status get_int_input(const pctx *p, int k, const char *what, int64_t *v, int max, int *cnt) {
    *cnt = -1;
    if (k >= (int)p->np->n_input || p->in[k] < 0) return ZKI_OK;
    const zki_tensor *t = &p->g->tensors[p->in[k]];
    if (t->kind != ZKI_TENSOR_CONST || t->dtype != ZKI_DT_INT64 || t->rank > 1)
        return VER("node '%s' op '%s': %s '%s' must be a 1-D int64 constant (shape arithmetic that folds at import)",
                   p->n->name, p->op, what, t->name);
    if (t->size > (size_t)max)
        return SZ("node '%s' op '%s': %s '%s' has %zu values (at most %d)", p->n->name, p->op, what, t->name, t->size,
                  max);
    for (size_t i = 0; i < t->size; i++) v[i] = t->idata[i];
    *cnt = (int)t->size;
    return ZKI_OK;
}

/* Input k as a CONST FLOAT tensor; *t = NULL when absent. */
static zki_status get_float_const(const pctx *p, int k, const char *what, const zki_tensor **t) {
    *t = NULL;
    if (k >= (int)p->np->n_input || p->in[k] < 0) return ZKI_OK;
    const zki_tensor *x = &p->g->tensors[p->in[k]];
    if (x->kind != ZKI_TENSOR_CONST || x->dtype != ZKI_DT_FLOAT)
        return VER("node '%s' op '%s': %s '%s' must be a float constant", p->n->name, p->op, what, x->name);
    *t = x;
    return ZKI_OK;
}

/* Resolves axes against rank r (negative -> + r), checks range, sorts, rejects repeats. */
static zki_status norm_axes(const pctx *p, int64_t *axes, int na, int r) {
    for (int i = 0; i < na; i++) {
        if (axes[i] < 0) axes[i] += r;
        if (axes[i] < 0 || axes[i] >= r)
            return SZ("node '%s' op '%s': axis %lld out of range for rank %d", p->n->name, p->op,
                      (long long)(axes[i] < 0 ? axes[i] - r : axes[i]), r);
    }
    for (int i = 1; i < na; i++)
        for (int j = i; j > 0 && axes[j - 1] > axes[j]; j--) {
            int64_t t = axes[j];
            axes[j] = axes[j - 1];
            axes[j - 1] = t;
        }
    for (int i = 1; i < na; i++)
        if (axes[i] == axes[i - 1]) return SZ("node '%s' op '%s': axis %lld repeated", p->n->name, p->op, (long long)axes[i]);
    return ZKI_OK;
}

static zki_status norm_axis(const pctx *p, int64_t *axis, int r) {
    int64_t a = *axis < 0 ? *axis + r : *axis;
    if (a < 0 || a >= r) return SZ("node '%s' op '%s': axis %lld out of range for rank %d", p->n->name, p->op,
                                   (long long)*axis, r);
    *axis = a;
    return ZKI_OK;
}

/* Appends a CONST FLOAT tensor (rank 0 or 1) with a fresh name derived from the node. */
zki_status zki_onnx_new_const_f(zki_graph *g, int *idx, const char *node, const char *what, int rank,
                                const int64_t *dims, const double *vals) {
    char name[160];
    snprintf(name, sizeof name, "%.100s/%s", node, what);
    for (int k = 1; zki_graph_find(g, name) >= 0; k++) snprintf(name, sizeof name, "%.100s/%s.%d", node, what, k);
    /* dims may point into the tensor table (bnfold.c passes W->dims): copied before it grows */
    int64_t d[ZKI_ONNX_MAX_RANK];
    if (rank < 0 || rank > ZKI_ONNX_MAX_RANK) return zki_onnx_fail(ZKI_ERR_SIZE, "constant '%s': rank %d", name, rank);
    if (rank > 0) memcpy(d, dims, (size_t)rank * sizeof d[0]);
    zki_status st = zki_graph_add_tensor(g, idx, name, ZKI_TENSOR_CONST, ZKI_DT_FLOAT);
    if (st != ZKI_OK) return st;
    zki_tensor *t = &g->tensors[*idx];
    if ((st = zki_tensor_set_shape(t, rank, d)) != ZKI_OK) return st;
    if (!(t->fdata = malloc((t->size ? t->size : 1) * sizeof(float)))) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < t->size; i++) t->fdata[i] = (float)vals[i];
    return ZKI_OK;
}

/* Keeps the listed raw inputs (by raw index, -1 = none) as the node's inputs. */
static void set_inputs(zki_node *n, int count, const int *raw_idx, const int *in, int n_raw) {
    int ins[ZKI_ONNX_MAX_INPUTS];
    for (int i = 0; i < count; i++) ins[i] = raw_idx[i] >= 0 && raw_idx[i] < n_raw ? in[raw_idx[i]] : -1;
    for (int i = 0; i < ZKI_ONNX_MAX_INPUTS; i++) n->inputs[i] = i < count ? ins[i] : -1;
    n->n_inputs = count;
}

static zki_status ints2(const pctx *p, const Onnx__AttributeProto *a, int64_t *dst, size_t want) {
    if (!a) return ZKI_OK;
    if (a->n_ints != want)
        return VER("node '%s' op '%s': attribute '%s' has %zu values; only 2-D (NCHW) windows are supported",
                   p->n->name, p->op, a->name, a->n_ints);
    for (size_t i = 0; i < want; i++) dst[i] = a->ints[i];
    return ZKI_OK;
}

static zki_status parse_window(const pctx *p, zki_node_attrs *at) {
    zki_status st;
    if ((st = ints2(p, attr(p, "kernel_shape"), at->kernel, 2)) != ZKI_OK ||
        (st = ints2(p, attr(p, "strides"), at->strides, 2)) != ZKI_OK ||
        (st = ints2(p, attr(p, "dilations"), at->dilations, 2)) != ZKI_OK ||
        (st = ints2(p, attr(p, "pads"), at->pads, 4)) != ZKI_OK)
        return st;
    const Onnx__AttributeProto *a = attr(p, "auto_pad");
    if (!a || str_is(a, "NOTSET")) at->auto_pad = ZKI_AUTO_PAD_NOTSET;
    else if (str_is(a, "SAME_UPPER")) at->auto_pad = ZKI_AUTO_PAD_SAME_UPPER;
    else if (str_is(a, "SAME_LOWER")) at->auto_pad = ZKI_AUTO_PAD_SAME_LOWER;
    else if (str_is(a, "VALID")) at->auto_pad = ZKI_AUTO_PAD_VALID;
    else return ENC("node '%s' op '%s': bad auto_pad", p->n->name, p->op);
    int64_t v;
    if ((st = get_i(p, "group", 1, &at->group)) != ZKI_OK) return st;
    if ((st = get_i(p, "ceil_mode", 0, &v)) != ZKI_OK) return st;
    at->ceil_mode = v != 0;
    if ((st = get_i(p, "count_include_pad", 0, &v)) != ZKI_OK) return st;
    at->count_include_pad = v != 0;
    if (p->n->op != ZKI_OP_CONV && (at->kernel[0] == 0 || at->kernel[1] == 0))
        return ENC("node '%s' op '%s' has no kernel_shape", p->n->name, p->op);
    return ZKI_OK;
}

/* Attribute names each op accepts (others are refused by name). */
static const char *allowed_attrs(zki_op op) {
    switch (op) {
    case ZKI_OP_CONV: return " kernel_shape strides dilations pads auto_pad group ";
    case ZKI_OP_MAXPOOL: return " kernel_shape strides dilations pads auto_pad ceil_mode storage_order ";
    case ZKI_OP_AVGPOOL: return " kernel_shape strides dilations pads auto_pad ceil_mode count_include_pad ";
    case ZKI_OP_GEMM: return " alpha beta transA transB ";
    case ZKI_OP_FLATTEN: return " axis ";
    case ZKI_OP_RESHAPE: return " allowzero ";
    case ZKI_OP_LEAKY_RELU:
    case ZKI_OP_ELU: return " alpha ";
    case ZKI_OP_HARD_SIGMOID: return " alpha beta ";
    case ZKI_OP_CLIP: return " min max ";
    case ZKI_OP_GELU: return " approximate ";
    case ZKI_OP_SOFTMAX:
    case ZKI_OP_CONCAT:
    case ZKI_OP_GATHER: return " axis ";
    case ZKI_OP_PAD: return " mode pads value ";
    case ZKI_OP_REDUCE_SUM:
    case ZKI_OP_REDUCE_MEAN:
    case ZKI_OP_REDUCE_MAX: return " axes keepdims noop_with_empty_axes ";
    case ZKI_OP_BATCHNORM: return " epsilon momentum training_mode spatial ";
    case ZKI_OP_TRANSPOSE: return " perm ";
    case ZKI_OP_SQUEEZE:
    case ZKI_OP_UNSQUEEZE: return " axes ";
    case ZKI_OP_SLICE: return " starts ends axes ";
    case ZKI_OP_RESIZE:
        return " mode coordinate_transformation_mode nearest_mode cubic_coeff_a exclude_outside extrapolation_value "
               "antialias axes keep_aspect_ratio_policy ";
    case ZKI_OP_ARGMAX: return " axis keepdims select_last_index ";
    default: return " ";
    }
}

static zki_status parse_pad(pctx *p, const zki_tensor *x) {
    zki_node_attrs *at = &p->n->at;
    int r = x->rank, np_, na;
    int64_t pads[2 * ZKI_ONNX_MAX_RANK], axes[ZKI_ONNX_MAX_RANK];
    zki_status st;
    const Onnx__AttributeProto *m = attr(p, "mode");
    if (!m || str_is(m, "constant")) at->pad_mode = ZKI_PAD_CONSTANT;
    else if (str_is(m, "reflect")) at->pad_mode = ZKI_PAD_REFLECT;
    else if (str_is(m, "edge")) at->pad_mode = ZKI_PAD_EDGE;
    else return VER("node '%s' op 'Pad': mode '%.*s' is not supported (constant, reflect, edge)", p->n->name,
                    (int)m->s.len, (const char *)m->s.data);
    double value = 0;
    if (p->opset < 11) {
        float v;
        if ((st = get_ints(p, "pads", pads, 2 * ZKI_ONNX_MAX_RANK, &np_)) != ZKI_OK) return st;
        if ((st = get_f(p, "value", 0.0f, &v)) != ZKI_OK) return st;
        value = v;
        na = -1;
    } else {
        const zki_tensor *cv;
        if ((st = get_int_input(p, 1, "pads", pads, 2 * ZKI_ONNX_MAX_RANK, &np_)) != ZKI_OK) return st;
        if ((st = get_float_const(p, 2, "constant_value", &cv)) != ZKI_OK) return st;
        if (cv && cv->size != 1) return SZ("node '%s' op 'Pad': constant_value must be one value", p->n->name);
        if (cv) value = cv->fdata[0];
        if ((st = get_int_input(p, 3, "axes", axes, ZKI_ONNX_MAX_RANK, &na)) != ZKI_OK) return st;
    }
    if (np_ < 0) return ENC("node '%s' op 'Pad' has no pads", p->n->name);
    if (na < 0) {
        na = r;
        for (int i = 0; i < r; i++) axes[i] = i;
    } else {
        for (int i = 0; i < na; i++) {
            if (axes[i] < 0) axes[i] += r;
            if (axes[i] < 0 || axes[i] >= r) return SZ("node '%s' op 'Pad': axis out of range", p->n->name);
            for (int j = 0; j < i; j++)
                if (axes[j] == axes[i]) return SZ("node '%s' op 'Pad': axis repeated", p->n->name);
        }
    }
    if (np_ != 2 * na)
        return SZ("node '%s' op 'Pad': %d pads for %d axes", p->n->name, np_, na);
    memset(at->pads_nd, 0, sizeof at->pads_nd);
    for (int i = 0; i < na; i++) {
        int64_t b = pads[i], e = pads[na + i];
        if (b < 0 || e < 0)
            return VER("node '%s' op 'Pad': negative pads (cropping) are not supported", p->n->name);
        if (b > ((int64_t)1 << 31) || e > ((int64_t)1 << 31)) return SZ("node '%s' op 'Pad': pad too large", p->n->name);
        at->pads_nd[axes[i]] = b;
        at->pads_nd[r + axes[i]] = e;
        int64_t d = x->dims[axes[i]];
        if (at->pad_mode == ZKI_PAD_REFLECT && (b > d - 1 || e > d - 1) && (b || e))
            return SZ("node '%s' op 'Pad': reflect pads must be smaller than the dim (%lld)", p->n->name, (long long)d);
        if (at->pad_mode == ZKI_PAD_EDGE && d == 0 && (b || e))
            return SZ("node '%s' op 'Pad': edge padding of an empty axis", p->n->name);
    }
    int vi;
    int64_t one = 1;
    (void)one;
    if ((st = zki_onnx_new_const_f(p->g, &vi, p->n->name, "pad_value", 0, NULL, &value)) != ZKI_OK) return st;
    p->n->inputs[0] = p->in[0];
    p->n->inputs[1] = vi;
    for (int i = 2; i < ZKI_ONNX_MAX_INPUTS; i++) p->n->inputs[i] = -1;
    p->n->n_inputs = 2;
    return ZKI_OK;
}

static zki_status parse_reduce(pctx *p, const zki_tensor *x) {
    zki_node_attrs *at = &p->n->at;
    int64_t v, noop;
    zki_status st;
    if ((st = get_i(p, "keepdims", 1, &v)) != ZKI_OK) return st;
    at->keepdims = v != 0;
    if ((st = get_i(p, "noop_with_empty_axes", 0, &noop)) != ZKI_OK) return st;
    int axes_input = p->n->op == ZKI_OP_REDUCE_SUM ? p->opset >= 13 : p->opset >= 18;
    int na;
    if (axes_input) {
        if (attr(p, "axes")) return ENC("node '%s' op '%s': axes is an input from this opset on", p->n->name, p->op);
        st = get_int_input(p, 1, "axes", at->axes, ZKI_ONNX_MAX_RANK, &na);
    } else {
        if (p->np->n_input > 1) return ENC("node '%s' op '%s' takes one input at opset %lld", p->n->name, p->op,
                                           (long long)p->opset);
        st = get_ints(p, "axes", at->axes, ZKI_ONNX_MAX_RANK, &na);
    }
    if (st != ZKI_OK) return st;
    if (na <= 0) {
        if (noop && axes_input) na = 0; /* identity */
        else {
            na = x->rank;
            for (int i = 0; i < na; i++) at->axes[i] = i;
        }
    }
    if ((st = norm_axes(p, at->axes, na, x->rank)) != ZKI_OK) return st;
    at->n_axes = na;
    set_inputs(p->n, 1, (const int[]){0}, p->in, (int)p->np->n_input);
    return ZKI_OK;
}

static zki_status parse_squeeze(pctx *p, const zki_tensor *x, int unsq) {
    zki_node_attrs *at = &p->n->at;
    int na;
    zki_status st = p->opset >= 13 ? get_int_input(p, 1, "axes", at->axes, ZKI_ONNX_MAX_RANK, &na)
                                   : get_ints(p, "axes", at->axes, ZKI_ONNX_MAX_RANK, &na);
    if (st != ZKI_OK) return st;
    if (unsq) {
        if (na <= 0) return ENC("node '%s' op 'Unsqueeze' has no axes", p->n->name);
        if (x->rank + na > ZKI_ONNX_MAX_RANK) return SZ("node '%s' op 'Unsqueeze': rank too large", p->n->name);
        if ((st = norm_axes(p, at->axes, na, x->rank + na)) != ZKI_OK) return st;
    } else if (na < 0 || (na == 0 && p->opset >= 13)) {
        na = 0;
        for (int i = 0; i < x->rank; i++)
            if (x->dims[i] == 1) at->axes[na++] = i;
    } else {
        if ((st = norm_axes(p, at->axes, na, x->rank)) != ZKI_OK) return st;
        for (int i = 0; i < na; i++)
            if (x->dims[at->axes[i]] != 1)
                return SZ("node '%s' op 'Squeeze': axis %lld has dim %lld, not 1", p->n->name, (long long)at->axes[i],
                          (long long)x->dims[at->axes[i]]);
    }
    at->n_axes = na;
    set_inputs(p->n, 1, (const int[]){0}, p->in, (int)p->np->n_input);
    return ZKI_OK;
}

static zki_status parse_slice(pctx *p, const zki_tensor *x) {
    zki_node_attrs *at = &p->n->at;
    int r = x->rank, ns, ne, na, nst;
    int64_t starts[ZKI_ONNX_MAX_RANK], ends[ZKI_ONNX_MAX_RANK], axes[ZKI_ONNX_MAX_RANK], steps[ZKI_ONNX_MAX_RANK];
    zki_status st;
    if (p->opset < 10) {
        if ((st = get_ints(p, "starts", starts, r, &ns)) != ZKI_OK || (st = get_ints(p, "ends", ends, r, &ne)) != ZKI_OK ||
            (st = get_ints(p, "axes", axes, r, &na)) != ZKI_OK)
            return st;
        nst = -1;
    } else {
        if ((st = get_int_input(p, 1, "starts", starts, r, &ns)) != ZKI_OK ||
            (st = get_int_input(p, 2, "ends", ends, r, &ne)) != ZKI_OK ||
            (st = get_int_input(p, 3, "axes", axes, r, &na)) != ZKI_OK ||
            (st = get_int_input(p, 4, "steps", steps, r, &nst)) != ZKI_OK)
            return st;
    }
    if (ns < 0 || ne != ns) return ENC("node '%s' op 'Slice': starts and ends must have the same length", p->n->name);
    if ((na >= 0 && na != ns) || (nst >= 0 && nst != ns))
        return ENC("node '%s' op 'Slice': axes and steps must have the length of starts", p->n->name);
    if (na < 0)
        for (int i = 0; i < ns; i++) axes[i] = i;
    if (nst < 0)
        for (int i = 0; i < ns; i++) steps[i] = 1;
    int64_t out[ZKI_ONNX_MAX_RANK];
    int seen[ZKI_ONNX_MAX_RANK] = {0};
    for (int i = 0; i < r; i++) {
        at->starts[i] = 0;
        at->steps[i] = 1;
        out[i] = x->dims[i];
    }
    for (int i = 0; i < ns; i++) {
        int64_t a = axes[i] < 0 ? axes[i] + r : axes[i];
        if (a < 0 || a >= r || seen[a]++) return SZ("node '%s' op 'Slice': bad or repeated axis %lld", p->n->name, (long long)axes[i]);
        int64_t d = x->dims[a], s = starts[i], e = ends[i], k = steps[i];
        if (k == 0) return SZ("node '%s' op 'Slice': step 0", p->n->name);
        if (s < 0) s += d;
        if (e < 0 && e > INT64_MIN + d) e += d;
        else if (e < 0) e = -1;
        if (k > 0) {
            s = s < 0 ? 0 : s > d ? d : s;
            e = e < 0 ? 0 : e > d ? d : e;
        } else {
            s = s < 0 ? -1 : s > d - 1 ? d - 1 : s;
            e = e < -1 ? -1 : e > d - 1 ? d - 1 : e;
        }
        int64_t cnt;
        /* ceil((e - s) / k) without overflow for |k| near 2^63 (|e - s| <= d + 1) */
        if (k > 0) cnt = e > s ? (e - s - 1) / k + 1 : 0;
        else cnt = s > e ? (k < -d - 1 ? 1 : (s - e - 1) / -k + 1) : 0;
        at->starts[a] = cnt ? s : 0;
        at->steps[a] = k;
        out[a] = cnt;
    }
    memcpy(at->out_dims, out, sizeof out);
    set_inputs(p->n, 1, (const int[]){0}, p->in, (int)p->np->n_input);
    return ZKI_OK;
}

static zki_status parse_resize(pctx *p, const zki_tensor *x) {
    zki_node_attrs *at = &p->n->at;
    int r = x->rank;
    const Onnx__AttributeProto *a;
    if ((a = attr(p, "mode")) && !str_is(a, "nearest"))
        return VER("node '%s' op 'Resize': mode '%.*s' is not supported (only nearest)", p->n->name, (int)a->s.len,
                   (const char *)a->s.data);
    if (!a) return VER("node '%s' op 'Resize': mode 'nearest' must be given (the default, linear, is not supported)",
                       p->n->name);
    a = attr(p, "coordinate_transformation_mode");
    if (p->opset < 11) at->resize_coord = ZKI_RESIZE_ASYMMETRIC;
    else if (!a || str_is(a, "half_pixel")) at->resize_coord = ZKI_RESIZE_HALF_PIXEL;
    else if (str_is(a, "asymmetric")) at->resize_coord = ZKI_RESIZE_ASYMMETRIC;
    else if (str_is(a, "align_corners")) at->resize_coord = ZKI_RESIZE_ALIGN_CORNERS;
    else if (str_is(a, "pytorch_half_pixel")) at->resize_coord = ZKI_RESIZE_PYTORCH_HALF_PIXEL;
    else if (str_is(a, "tf_half_pixel_for_nn")) at->resize_coord = ZKI_RESIZE_TF_HALF_PIXEL_FOR_NN;
    else return VER("node '%s' op 'Resize': coordinate_transformation_mode '%.*s' is not supported", p->n->name,
                    (int)a->s.len, (const char *)a->s.data);
    a = attr(p, "nearest_mode");
    if (p->opset < 11) at->resize_nearest = ZKI_NEAREST_FLOOR;
    else if (!a || str_is(a, "round_prefer_floor")) at->resize_nearest = ZKI_NEAREST_ROUND_PREFER_FLOOR;
    else if (str_is(a, "round_prefer_ceil")) at->resize_nearest = ZKI_NEAREST_ROUND_PREFER_CEIL;
    else if (str_is(a, "floor")) at->resize_nearest = ZKI_NEAREST_FLOOR;
    else if (str_is(a, "ceil")) at->resize_nearest = ZKI_NEAREST_CEIL;
    else return VER("node '%s' op 'Resize': nearest_mode is not supported", p->n->name);
    if ((a = attr(p, "keep_aspect_ratio_policy")) && !str_is(a, "stretch"))
        return VER("node '%s' op 'Resize': keep_aspect_ratio_policy other than stretch is not supported", p->n->name);
    int64_t axes[ZKI_ONNX_MAX_RANK];
    int na;
    zki_status st = get_ints(p, "axes", axes, r, &na);
    if (st != ZKI_OK) return st;
    if (na < 0) {
        na = r;
        for (int i = 0; i < r; i++) axes[i] = i;
    }
    for (int i = 0; i < na; i++)
        if ((axes[i] < 0 ? axes[i] + r : axes[i]) < 0 || (axes[i] < 0 ? axes[i] + r : axes[i]) >= r)
            return SZ("node '%s' op 'Resize': axis out of range", p->n->name);
    /* scales: input 1 (opset 10) or 2; sizes: input 3 */
    const zki_tensor *sc = NULL;
    int64_t sizes[ZKI_ONNX_MAX_RANK];
    int nsz = -1;
    if ((st = get_float_const(p, p->opset < 11 ? 1 : 2, "scales", &sc)) != ZKI_OK) return st;
    if (p->opset >= 11 && (st = get_int_input(p, 3, "sizes", sizes, r, &nsz)) != ZKI_OK) return st;
    if (sc && sc->size == 0) sc = NULL;
    if (nsz == 0) nsz = -1;
    if ((sc != NULL) == (nsz >= 0)) return ENC("node '%s' op 'Resize': exactly one of scales and sizes must be given",
                                               p->n->name);
    if ((sc && sc->size != (size_t)na) || (nsz >= 0 && nsz != na))
        return SZ("node '%s' op 'Resize': scales/sizes need %d values", p->n->name, na);
    int64_t out[ZKI_ONNX_MAX_RANK];
    for (int i = 0; i < r; i++) {
        out[i] = x->dims[i];
        at->resize_scale[i] = 1.0;
    }
    for (int i = 0; i < na; i++) {
        int ax = (int)(axes[i] < 0 ? axes[i] + r : axes[i]);
        if (sc) {
            float s = sc->fdata[i];
            if (!(s > 0) || !isfinite(s) || s > 65536.0f) return SZ("node '%s' op 'Resize': bad scale %g", p->n->name, (double)s);
            out[ax] = (int64_t)(s * (float)x->dims[ax]);
            at->resize_scale[ax] = s;
        } else {
            if (sizes[i] < 1 || sizes[i] > ((int64_t)1 << 31)) return SZ("node '%s' op 'Resize': bad size %lld", p->n->name, (long long)sizes[i]);
            out[ax] = sizes[i];
            at->resize_scale[ax] = (float)sizes[i] / (float)x->dims[ax];
        }
        if (out[ax] < 1) return SZ("node '%s' op 'Resize': output dim %d would be 0", p->n->name, ax);
    }
    memcpy(at->out_dims, out, sizeof out);
    set_inputs(p->n, 1, (const int[]){0}, p->in, (int)p->np->n_input);
    return ZKI_OK;
}

/* BatchNormalization -> {x, a, b} with a = gamma / sqrt(var + eps), b = beta - mean·a. */
static zki_status parse_bn(pctx *p, const zki_tensor *x) {
    zki_status st;
    float eps;
    int64_t tm, sp;
    if ((st = get_f(p, "epsilon", 1e-5f, &eps)) != ZKI_OK || (st = get_i(p, "training_mode", 0, &tm)) != ZKI_OK ||
        (st = get_i(p, "spatial", 1, &sp)) != ZKI_OK)
        return st;
    if (tm || !sp) return VER("node '%s' op 'BatchNormalization': training_mode / spatial = 0 is not supported", p->n->name);
    if (x->rank < 2) return SZ("node '%s' op 'BatchNormalization': input rank must be >= 2", p->n->name);
    int64_t C = x->dims[1];
    const zki_tensor *t[4];
    static const char *const what[4] = {"scale", "B", "mean", "var"};
    for (int k = 0; k < 4; k++) {
        if ((st = get_float_const(p, k + 1, what[k], &t[k])) != ZKI_OK) return st;
        if (!t[k] || t[k]->rank != 1 || t[k]->dims[0] != C)
            return SZ("node '%s' op 'BatchNormalization': %s must be a [%lld] float constant", p->n->name, what[k], (long long)C);
    }
    double *ab = malloc(2 * (size_t)(C ? C : 1) * sizeof *ab);
    if (!ab) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    for (int64_t c = 0; c < C; c++) {
        double v = (double)t[3]->fdata[c] + (double)eps;
        if (!(v > 0)) {
            free(ab);
            return SZ("node '%s' op 'BatchNormalization': var + epsilon <= 0 at channel %lld", p->n->name, (long long)c);
        }
        ab[c] = (double)t[0]->fdata[c] / sqrt(v);
        ab[C + c] = (double)t[1]->fdata[c] - (double)t[2]->fdata[c] * ab[c];
    }
    int ia, ib;
    st = zki_onnx_new_const_f(p->g, &ia, p->n->name, "bn_a", 1, &C, ab);
    if (st == ZKI_OK) st = zki_onnx_new_const_f(p->g, &ib, p->n->name, "bn_b", 1, &C, ab + C);
    free(ab);
    if (st != ZKI_OK) return st;
    p->n->inputs[0] = p->in[0];
    p->n->inputs[1] = ia;
    p->n->inputs[2] = ib;
    for (int i = 3; i < ZKI_ONNX_MAX_INPUTS; i++) p->n->inputs[i] = -1;
    p->n->n_inputs = 3;
    return ZKI_OK;
}

static zki_status parse_clip(pctx *p) {
    zki_node_attrs *at = &p->n->at;
    at->clip_min = -INFINITY;
    at->clip_max = INFINITY;
    zki_status st;
    if (p->opset < 11) {
        float lo, hi;
        if ((st = get_f(p, "min", -INFINITY, &lo)) != ZKI_OK || (st = get_f(p, "max", INFINITY, &hi)) != ZKI_OK) {
            /* get_f refuses non-finite values; absent bounds stay infinite */
            return st;
        }
        int il = -1, ih = -1;
        double dl = lo, dh = hi;
        if (attr(p, "min") && (st = zki_onnx_new_const_f(p->g, &il, p->n->name, "min", 0, NULL, &dl)) != ZKI_OK) return st;
        if (attr(p, "max") && (st = zki_onnx_new_const_f(p->g, &ih, p->n->name, "max", 0, NULL, &dh)) != ZKI_OK) return st;
        p->n->inputs[1] = il;
        p->n->inputs[2] = ih;
        p->n->n_inputs = 3;
        at->clip_min = lo;
        at->clip_max = hi;
    } else {
        for (int k = 1; k <= 2; k++) {
            const zki_tensor *t;
            if ((st = get_float_const(p, k, k == 1 ? "min" : "max", &t)) != ZKI_OK) return st;
            if (t && t->size != 1) return SZ("node '%s' op 'Clip': %s must be a scalar", p->n->name, k == 1 ? "min" : "max");
            if (t && k == 1) at->clip_min = t->fdata[0];
            if (t && k == 2) at->clip_max = t->fdata[0];
        }
    }
    return ZKI_OK;
}

zki_status zki_onnx_parse_attrs(zki_graph *g, zki_node *n, const Onnx__NodeProto *np, const int *in, int64_t opset) {
    pctx p = {g, n, np, in, opset, zki_op_name(n->op)};
    zki_node_attrs *at = &n->at;
    memset(at, 0, sizeof *at);
    at->strides[0] = at->strides[1] = at->dilations[0] = at->dilations[1] = 1;
    at->group = 1;
    at->alpha = at->beta = 1.0f;
    at->axis = 1;
    at->keepdims = 1;
    at->clip_min = -INFINITY;
    at->clip_max = INFINITY;
    const char *ok = allowed_attrs(n->op);
    for (size_t i = 0; i < np->n_attribute; i++) {
        const char *an = np->attribute[i]->name ? np->attribute[i]->name : "";
        char key[80];
        snprintf(key, sizeof key, " %.70s ", an);
        if (!an[0] || !strstr(ok, key))
            return VER("node '%s' op '%s' (opset %lld): attribute '%s' is not supported", n->name, p.op,
                       (long long)opset, an);
    }
    const zki_tensor *x = &g->tensors[in[0]];
    int r = x->rank;
    int64_t v;
    zki_status st = ZKI_OK;
    switch (n->op) {
    case ZKI_OP_CONV:
    case ZKI_OP_MAXPOOL:
    case ZKI_OP_AVGPOOL: return parse_window(&p, at);
    case ZKI_OP_GEMM:
        if ((st = get_f(&p, "alpha", 1.0f, &at->alpha)) != ZKI_OK || (st = get_f(&p, "beta", 1.0f, &at->beta)) != ZKI_OK)
            return st;
        if ((st = get_i(&p, "transA", 0, &v)) != ZKI_OK) return st;
        at->trans_a = v != 0;
        if ((st = get_i(&p, "transB", 0, &v)) != ZKI_OK) return st;
        at->trans_b = v != 0;
        return ZKI_OK;
    case ZKI_OP_FLATTEN: return get_i(&p, "axis", 1, &at->axis);
    case ZKI_OP_RESHAPE:
        if ((st = get_i(&p, "allowzero", 0, &v)) != ZKI_OK) return st;
        at->allowzero = v != 0;
        return ZKI_OK;
    case ZKI_OP_LEAKY_RELU: return get_f(&p, "alpha", 0.01f, &at->alpha);
    case ZKI_OP_ELU: return get_f(&p, "alpha", 1.0f, &at->alpha);
    case ZKI_OP_HARD_SIGMOID:
        if ((st = get_f(&p, "alpha", 0.2f, &at->alpha)) != ZKI_OK) return st;
        return get_f(&p, "beta", 0.5f, &at->beta);
    case ZKI_OP_GELU: {
        const Onnx__AttributeProto *a = attr(&p, "approximate");
        if (a && !str_is(a, "none") && !str_is(a, "tanh"))
            return VER("node '%s' op 'Gelu': approximate must be none or tanh", n->name);
        at->gelu_tanh = str_is(a, "tanh");
        return ZKI_OK;
    }
    case ZKI_OP_PRELU: {
        const zki_tensor *s;
        if ((st = get_float_const(&p, 1, "slope", &s)) != ZKI_OK) return st;
        if (!s) return ENC("node '%s' op 'PRelu' has no slope", n->name);
        return ZKI_OK;
    }
    case ZKI_OP_CLIP: return parse_clip(&p);
    case ZKI_OP_SOFTMAX:
        if ((st = get_i(&p, "axis", opset < 13 ? 1 : -1, &at->axis)) != ZKI_OK) return st;
        if ((st = norm_axis(&p, &at->axis, r)) != ZKI_OK) return st;
        at->n_axes = opset < 13 ? r - (int)at->axis : 1;
        for (int i = 0; i < at->n_axes; i++) at->axes[i] = at->axis + i;
        return ZKI_OK;
    case ZKI_OP_CONCAT:
        if (!attr(&p, "axis")) return ENC("node '%s' op 'Concat' has no axis", n->name);
        if ((st = get_i(&p, "axis", 0, &at->axis)) != ZKI_OK) return st;
        return norm_axis(&p, &at->axis, r);
    case ZKI_OP_GATHER: {
        if ((st = get_i(&p, "axis", 0, &at->axis)) != ZKI_OK) return st;
        if ((st = norm_axis(&p, &at->axis, r)) != ZKI_OK) return st;
        const zki_tensor *ix = &g->tensors[in[1]];
        if (ix->kind != ZKI_TENSOR_CONST || ix->dtype != ZKI_DT_INT64)
            return VER("node '%s' op 'Gather': indices '%s' must be an integer constant", n->name, ix->name);
        int64_t len = x->dims[at->axis];
        for (size_t i = 0; i < ix->size; i++)
            if (ix->idata[i] < -len || ix->idata[i] >= len)
                return SZ("node '%s' op 'Gather': index %lld out of range", n->name, (long long)ix->idata[i]);
        /* a resolved copy: the original constant may feed other nodes */
        int ri;
        char nm[160];
        snprintf(nm, sizeof nm, "%.100s/indices", n->name);
        for (int k = 1; zki_graph_find(g, nm) >= 0; k++) snprintf(nm, sizeof nm, "%.100s/indices.%d", n->name, k);
        if ((st = zki_graph_add_tensor(g, &ri, nm, ZKI_TENSOR_CONST, ZKI_DT_INT64)) != ZKI_OK) return st;
        zki_tensor *t = &g->tensors[ri];
        ix = &g->tensors[in[1]];
        if ((st = zki_tensor_set_shape(t, ix->rank, ix->dims)) != ZKI_OK) return st;
        if (!(t->idata = malloc((ix->size ? ix->size : 1) * sizeof(int64_t)))) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < ix->size; i++) t->idata[i] = ix->idata[i] < 0 ? ix->idata[i] + len : ix->idata[i];
        n->inputs[1] = ri;
        return ZKI_OK;
    }
    case ZKI_OP_ARGMAX:
        if ((st = get_i(&p, "axis", 0, &at->axis)) != ZKI_OK) return st;
        if ((st = norm_axis(&p, &at->axis, r)) != ZKI_OK) return st;
        if ((st = get_i(&p, "keepdims", 1, &v)) != ZKI_OK) return st;
        at->keepdims = v != 0;
        if ((st = get_i(&p, "select_last_index", 0, &v)) != ZKI_OK) return st;
        at->select_last_index = v != 0;
        return ZKI_OK;
    case ZKI_OP_TRANSPOSE: {
        int np_;
        if ((st = get_ints(&p, "perm", at->perm, ZKI_ONNX_MAX_RANK, &np_)) != ZKI_OK) return st;
        if (np_ < 0) {
            for (int i = 0; i < r; i++) at->perm[i] = r - 1 - i;
            return ZKI_OK;
        }
        int seen[ZKI_ONNX_MAX_RANK] = {0};
        if (np_ != r) return SZ("node '%s' op 'Transpose': perm has %d values for rank %d", n->name, np_, r);
        for (int i = 0; i < r; i++) {
            if (at->perm[i] < 0) at->perm[i] += r;
            if (at->perm[i] < 0 || at->perm[i] >= r || seen[at->perm[i]]++)
                return SZ("node '%s' op 'Transpose': perm is not a permutation of 0..%d", n->name, r - 1);
        }
        return ZKI_OK;
    }
    case ZKI_OP_PAD: return parse_pad(&p, x);
    case ZKI_OP_REDUCE_SUM:
    case ZKI_OP_REDUCE_MEAN:
    case ZKI_OP_REDUCE_MAX: return parse_reduce(&p, x);
    case ZKI_OP_SQUEEZE: return parse_squeeze(&p, x, 0);
    case ZKI_OP_UNSQUEEZE: return parse_squeeze(&p, x, 1);
    case ZKI_OP_SLICE: return parse_slice(&p, x);
    case ZKI_OP_RESIZE: return parse_resize(&p, x);
    case ZKI_OP_BATCHNORM: return parse_bn(&p, x);
    default: return ZKI_OK;
    }
}
