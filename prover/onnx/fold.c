/* Import-time evaluation of shape arithmetic. PyTorch exports `x.view(x.size(0), -1)`
 * as Shape -> Gather -> Unsqueeze -> Concat -> Reshape; with static shapes every one
 * of those is a constant, so they are evaluated here and only Reshape reaches the IR.
 * Works on CONST tensors of either dtype, element by element (memcpy of 4 or 8 bytes):
 * data movement (also Slice, Reshape, Flatten, Transpose through move.c), Cast,
 * ConstantOfShape, Range and int64 Add/Sub/Mul/Div. A fold op whose input is computed
 * at run time is refused: the engines have no integer tensors. A folded constant may
 * hold at most ZKI_ONNX_MAX_FOLD elements (an integer one, shape arithmetic, at most
 * ZKI_ONNX_MAX_FOLD_INT), and all of a graph's together ZKI_ONNX_MAX_CONST_ELEMENTS, checked
 * before allocating: a small file cannot make the importer allocate and fill gigabytes
 * through a chain of folds (found by fuzz_onnx as a timeout under ASan). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx_proto.h"

static const char *const fold_ops[] = {"Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Identity",
                                       "Cast", "ConstantOfShape", "Range", "Slice", "Reshape", "Flatten",
                                       "Transpose", "Add", "Sub", "Mul", "Div"};

int zki_onnx_is_fold_op(const char *op_type) {
    for (size_t i = 0; i < sizeof fold_ops / sizeof fold_ops[0]; i++)
        if (strcmp(op_type, fold_ops[i]) == 0) return 1;
    return 0;
}

#define ZKI_ONNX_MAX_FOLD ((int64_t)1 << 24)
#define ZKI_ONNX_MAX_FOLD_INT ((int64_t)1 << 20)

/* Returns: ZKI_OK after counting t's elements into the graph's folded total, or
 * ZKI_ERR_LIMIT (t over its own or the total limit). */
static zki_status fold_budget(zki_graph *g, const zki_tensor *t) {
    int64_t n = (int64_t)t->size;
    if (n > ZKI_ONNX_MAX_FOLD)
        return zki_onnx_fail(ZKI_ERR_LIMIT, "constant '%s' would hold %zu elements (limit 2^24)", t->name, t->size);
    if (t->dtype == ZKI_DT_INT64 && n > ZKI_ONNX_MAX_FOLD_INT)
        return zki_onnx_fail(ZKI_ERR_LIMIT, "integer constant '%s' would hold %zu elements (limit 2^20)", t->name, t->size);
    if ((int64_t)g->folded + n > ZKI_ONNX_MAX_CONST_ELEMENTS)
        return zki_onnx_fail(ZKI_ERR_LIMIT, "constant '%s': the folded constants would hold more than 2^25 elements",
                             t->name);
    g->folded += (size_t)n;
    return ZKI_OK;
}

static size_t esize(const zki_tensor *t) { return t->dtype == ZKI_DT_FLOAT ? 4 : 8; }
static uint8_t *edata(const zki_tensor *t) {
    return t->dtype == ZKI_DT_FLOAT ? (uint8_t *)t->fdata : (uint8_t *)t->idata;
}

/* Appends the output CONST tensor with the given shape and allocated, zeroed data.
 * dims may point into the tensor table (an input's x->dims): it is copied before the
 * table grows (found by fuzz_onnx: Cast read the dims of a moved table, ASan). */
static zki_status new_const(zki_graph *g, int *idx, const char *name, zki_dtype dt, int rank,
                            const int64_t *dims) {
    int64_t d[ZKI_ONNX_MAX_RANK];
    if (rank < 0 || rank > ZKI_ONNX_MAX_RANK)
        return zki_onnx_fail(ZKI_ERR_SIZE, "constant '%s': rank %d exceeds %d", name, rank, ZKI_ONNX_MAX_RANK);
    if (rank > 0) memcpy(d, dims, (size_t)rank * sizeof d[0]);
    zki_status st = zki_graph_add_tensor(g, idx, name, ZKI_TENSOR_CONST, dt);
    if (st != ZKI_OK) return st;
    zki_tensor *t = &g->tensors[*idx];
    if ((st = zki_tensor_set_shape(t, rank, d)) != ZKI_OK) return st;
    if ((st = fold_budget(g, t)) != ZKI_OK) return st;
    size_t n = t->size ? t->size : 1;
    if (dt == ZKI_DT_FLOAT) t->fdata = calloc(n, sizeof(float));
    else t->idata = calloc(n, sizeof(int64_t));
    if (!t->fdata && !t->idata) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    return ZKI_OK;
}

static const Onnx__AttributeProto *attr(const Onnx__NodeProto *np, const char *name) {
    for (size_t i = 0; i < np->n_attribute; i++)
        if (np->attribute[i]->name && strcmp(np->attribute[i]->name, name) == 0) return np->attribute[i];
    return NULL;
}

/* Reads the axes of Unsqueeze/Squeeze: an attribute before opset 13, an input after. */
static zki_status get_axes(const zki_graph *g, const Onnx__NodeProto *np, const char *nn, const int *in,
                           int64_t opset, int64_t *axes, int *n_axes) {
    *n_axes = 0;
    if (opset < 13) {
        const Onnx__AttributeProto *a = attr(np, "axes");
        if (!a) return ZKI_OK;
        if (a->n_ints > ZKI_ONNX_MAX_RANK) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': too many axes", nn);
        for (size_t i = 0; i < a->n_ints; i++) axes[i] = a->ints[i];
        *n_axes = (int)a->n_ints;
        return ZKI_OK;
    }
    if (np->n_input < 2 || in[1] < 0) return ZKI_OK;
    const zki_tensor *t = &g->tensors[in[1]];
    if (t->kind != ZKI_TENSOR_CONST || t->dtype != ZKI_DT_INT64 || t->rank > 1 || t->size > ZKI_ONNX_MAX_RANK)
        return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s': axes must be a 1-D int64 constant", nn);
    for (size_t i = 0; i < t->size; i++) axes[i] = t->idata[i];
    *n_axes = (int)t->size;
    return ZKI_OK;
}

static zki_status fold_shape(zki_graph *g, const Onnx__NodeProto *np, const char *out, const int *in) {
    const zki_tensor *x = &g->tensors[in[0]];
    int64_t r = x->rank, start = 0, end = r;
    const Onnx__AttributeProto *a;
    if ((a = attr(np, "start"))) start = a->i;
    if ((a = attr(np, "end"))) end = a->i;
    if (start < 0) start += r;
    if (end < 0) end += r;
    start = start < 0 ? 0 : start > r ? r : start;
    end = end < 0 ? 0 : end > r ? r : end;
    int64_t len = end > start ? end - start : 0;
    int o;
    zki_status st = new_const(g, &o, out, ZKI_DT_INT64, 1, &len);
    if (st != ZKI_OK) return st;
    x = &g->tensors[in[0]]; /* the table may have moved */
    for (int64_t i = 0; i < len; i++) g->tensors[o].idata[i] = x->dims[start + i];
    return ZKI_OK;
}

static zki_status fold_gather(zki_graph *g, const Onnx__NodeProto *np, const char *nn, const char *out,
                              const int *in) {
    if (np->n_input != 2) return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s': Gather takes 2 inputs", nn);
    const zki_tensor *d = &g->tensors[in[0]], *ix = &g->tensors[in[1]];
    if (ix->dtype != ZKI_DT_INT64) return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s': indices must be integers", nn);
    const Onnx__AttributeProto *a = attr(np, "axis");
    int64_t axis = a ? a->i : 0;
    if (axis < 0) axis += d->rank;
    if (axis < 0 || axis >= d->rank) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': axis out of range", nn);
    int64_t dims[ZKI_ONNX_MAX_RANK];
    int r = 0;
    if (d->rank - 1 + ix->rank > ZKI_ONNX_MAX_RANK) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': rank too large", nn);
    for (int i = 0; i < axis; i++) dims[r++] = d->dims[i];
    for (int i = 0; i < ix->rank; i++) dims[r++] = ix->dims[i];
    for (int i = (int)axis + 1; i < d->rank; i++) dims[r++] = d->dims[i];
    int o;
    zki_status st = new_const(g, &o, out, d->dtype, r, dims);
    if (st != ZKI_OK) return st;
    d = &g->tensors[in[0]];
    ix = &g->tensors[in[1]];
    size_t outer = 1, inner = 1, es = esize(d);
    for (int i = 0; i < axis; i++) outer *= (size_t)d->dims[i];
    for (int i = (int)axis + 1; i < d->rank; i++) inner *= (size_t)d->dims[i];
    int64_t len = d->dims[axis];
    uint8_t *dst = edata(&g->tensors[o]);
    const uint8_t *src = edata(d);
    for (size_t p = 0; p < outer; p++)
        for (size_t j = 0; j < ix->size; j++) {
            int64_t k = ix->idata[j];
            if (k < 0) k += len;
            if (k < 0 || k >= len)
                return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': index %lld out of range", nn, (long long)ix->idata[j]);
            memcpy(dst + ((p * ix->size + j) * inner) * es, src + ((p * (size_t)len + (size_t)k) * inner) * es,
                   inner * es);
        }
    return ZKI_OK;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static zki_status fold_unsqueeze(zki_graph *g, const Onnx__NodeProto *np, const char *nn, const char *out,
                                 const int *in, int64_t opset, int squeeze) {
    int64_t axes[ZKI_ONNX_MAX_RANK], dims[ZKI_ONNX_MAX_RANK];
    int na, r = 0;
    zki_status st = get_axes(g, np, nn, in, opset, axes, &na);
    if (st != ZKI_OK) return st;
    const zki_tensor *x = &g->tensors[in[0]];
    if (!squeeze) {
        int rout = x->rank + na;
        if (na == 0 || rout > ZKI_ONNX_MAX_RANK) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': bad axes", nn);
        for (int i = 0; i < na; i++) {
            if (axes[i] < 0) axes[i] += rout;
            if (axes[i] < 0 || axes[i] >= rout) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': axis out of range", nn);
        }
        qsort(axes, (size_t)na, sizeof axes[0], cmp_i64);
        for (int i = 1; i < na; i++)
            if (axes[i] == axes[i - 1]) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': repeated axis", nn);
        int j = 0, k = 0;
        for (int i = 0; i < rout; i++) dims[r++] = (k < na && axes[k] == i) ? (k++, 1) : x->dims[j++];
    } else {
        int drop[ZKI_ONNX_MAX_RANK] = {0};
        for (int i = 0; i < na; i++) {
            if (axes[i] < 0) axes[i] += x->rank;
            if (axes[i] < 0 || axes[i] >= x->rank || x->dims[axes[i]] != 1)
                return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': cannot squeeze axis %lld", nn, (long long)axes[i]);
            drop[axes[i]] = 1;
        }
        for (int i = 0; i < x->rank; i++)
            if (!(na ? drop[i] : x->dims[i] == 1)) dims[r++] = x->dims[i];
    }
    int o;
    if ((st = new_const(g, &o, out, x->dtype, r, dims)) != ZKI_OK) return st;
    x = &g->tensors[in[0]];
    memcpy(edata(&g->tensors[o]), edata(x), x->size * esize(x));
    return ZKI_OK;
}

static zki_status fold_concat(zki_graph *g, const Onnx__NodeProto *np, const char *nn, const char *out,
                              const int *in) {
    const Onnx__AttributeProto *a = attr(np, "axis");
    if (!a || np->n_input == 0) return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s': Concat needs an axis and inputs", nn);
    const zki_tensor *x0 = &g->tensors[in[0]];
    int64_t axis = a->i, dims[ZKI_ONNX_MAX_RANK];
    if (axis < 0) axis += x0->rank;
    if (axis < 0 || axis >= x0->rank) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': axis out of range", nn);
    memcpy(dims, x0->dims, sizeof dims);
    dims[axis] = 0;
    for (size_t i = 0; i < np->n_input; i++) {
        const zki_tensor *x = &g->tensors[in[i]];
        int same = x->rank == x0->rank && x->dtype == x0->dtype;
        for (int k = 0; same && k < x->rank; k++) same = k == axis || x->dims[k] == x0->dims[k];
        if (!same) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': inputs do not concatenate", nn);
        dims[axis] += x->dims[axis];
    }
    int o;
    zki_status st = new_const(g, &o, out, x0->dtype, x0->rank, dims);
    if (st != ZKI_OK) return st;
    size_t outer = 1, es = esize(&g->tensors[o]), pos = 0;
    for (int k = 0; k < axis; k++) outer *= (size_t)dims[k];
    uint8_t *dst = edata(&g->tensors[o]);
    for (size_t p = 0; p < outer; p++)
        for (size_t i = 0; i < np->n_input; i++) {
            const zki_tensor *x = &g->tensors[in[i]];
            size_t chunk = outer ? x->size / outer : 0;
            memcpy(dst + pos * es, edata(x) + p * chunk * es, chunk * es);
            pos += chunk;
        }
    return ZKI_OK;
}

/* Slice, Reshape, Flatten, Transpose (and any move op) on a constant: the op's own
 * attribute parsing and shape inference on a node that never joins the graph, then
 * move.c on the constant's elements. */
static zki_status fold_move(zki_graph *g, const Onnx__NodeProto *np, const char *nn, const int *in, int64_t opset,
                            zki_op op) {
    zki_node tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.name = (char *)nn;
    tmp.op = op;
    tmp.n_inputs = np->n_input < ZKI_ONNX_MAX_INPUTS ? (int)np->n_input : ZKI_ONNX_MAX_INPUTS;
    for (int i = 0; i < ZKI_ONNX_MAX_INPUTS; i++) tmp.inputs[i] = i < tmp.n_inputs ? in[i] : -1;
    zki_status st = zki_onnx_parse_attrs(g, &tmp, np, in, opset);
    if (st != ZKI_OK) return st;
    zki_dtype dt = g->tensors[in[0]].dtype;
    if ((st = zki_graph_add_tensor(g, &tmp.output, np->output[0], ZKI_TENSOR_CONST, dt)) != ZKI_OK) return st;
    if ((st = zki_onnx_infer_shape(g, &tmp)) != ZKI_OK) return st;
    zki_tensor *t = &g->tensors[tmp.output];
    if ((st = fold_budget(g, t)) != ZKI_OK) return st;
    size_t es = esize(t);
    void *d = calloc(t->size ? t->size : 1, es);
    if (!d) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    if (dt == ZKI_DT_FLOAT) t->fdata = d;
    else t->idata = d;
    const void *src[ZKI_ONNX_MAX_INPUTS];
    for (int k = 0; k < tmp.n_inputs; k++) src[k] = tmp.inputs[k] >= 0 ? edata(&g->tensors[tmp.inputs[k]]) : NULL;
    uint8_t zero[8] = {0};
    zki_onnx_move(g, &tmp, src, d, es, zero);
    return ZKI_OK;
}

static zki_status fold_cast(zki_graph *g, const Onnx__NodeProto *np, const char *nn, const char *out, const int *in) {
    const Onnx__AttributeProto *a = attr(np, "to");
    if (!a) return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op 'Cast' has no 'to'", nn);
    zki_dtype dt;
    if (a->i == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT || a->i == ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE) dt = ZKI_DT_FLOAT;
    else if (a->i == ONNX__TENSOR_PROTO__DATA_TYPE__INT64 || a->i == ONNX__TENSOR_PROTO__DATA_TYPE__INT32) dt = ZKI_DT_INT64;
    else return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op 'Cast' to ONNX type %lld is not supported", nn, (long long)a->i);
    const zki_tensor *x = &g->tensors[in[0]];
    int o;
    zki_status st = new_const(g, &o, out, dt, x->rank, x->dims);
    if (st != ZKI_OK) return st;
    x = &g->tensors[in[0]];
    zki_tensor *y = &g->tensors[o];
    for (size_t i = 0; i < x->size; i++) {
        if (dt == ZKI_DT_FLOAT) y->fdata[i] = x->dtype == ZKI_DT_FLOAT ? x->fdata[i] : (float)x->idata[i];
        else if (x->dtype == ZKI_DT_INT64) y->idata[i] = x->idata[i];
        else if (!(fabsf(x->fdata[i]) < 9.2e18f))
            return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s' op 'Cast': %g does not fit int64", nn, (double)x->fdata[i]);
        else y->idata[i] = (int64_t)x->fdata[i];
        if (dt == ZKI_DT_INT64 && a->i == ONNX__TENSOR_PROTO__DATA_TYPE__INT32) y->idata[i] = (int32_t)y->idata[i];
    }
    return ZKI_OK;
}

static zki_status fold_const_of_shape(zki_graph *g, const Onnx__NodeProto *np, const char *nn, const char *out,
                                      const int *in) {
    const zki_tensor *s = &g->tensors[in[0]];
    if (s->dtype != ZKI_DT_INT64 || s->rank != 1 || s->size > ZKI_ONNX_MAX_RANK)
        return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s' op 'ConstantOfShape': the shape must be 1-D int64 of rank <= %d",
                             nn, ZKI_ONNX_MAX_RANK);
    int64_t dims[ZKI_ONNX_MAX_RANK], total = 1;
    memcpy(dims, s->idata, s->size * sizeof dims[0]);
    int rank = (int)s->size;
    for (int i = 0; i < rank; i++) {
        if (dims[i] < 0 || dims[i] > ZKI_ONNX_MAX_FOLD || (total *= dims[i]) > ZKI_ONNX_MAX_FOLD)
            return zki_onnx_fail(ZKI_ERR_LIMIT, "node '%s' op 'ConstantOfShape': shape exceeds 2^24 elements or has a "
                                 "negative dim", nn);
    }
    const Onnx__AttributeProto *a = attr(np, "value");
    zki_dtype dt = ZKI_DT_FLOAT;
    float fv = 0;
    int64_t iv = 0;
    if (a) {
        int vi;
        char nm[160];
        snprintf(nm, sizeof nm, "%.100s/value", nn);
        if (!a->t) return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op 'ConstantOfShape': value is not a tensor", nn);
        zki_status st = zki_onnx_const_from_proto(g, &vi, a->t, nm);
        if (st != ZKI_OK) return st;
        const zki_tensor *v = &g->tensors[vi];
        if (v->size != 1) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s' op 'ConstantOfShape': value must hold one element", nn);
        dt = v->dtype;
        if (dt == ZKI_DT_FLOAT) fv = v->fdata[0];
        else iv = v->idata[0];
    }
    int o;
    zki_status st = new_const(g, &o, out, dt, rank, dims);
    if (st != ZKI_OK) return st;
    zki_tensor *y = &g->tensors[o];
    for (size_t i = 0; i < y->size; i++) {
        if (dt == ZKI_DT_FLOAT) y->fdata[i] = fv;
        else y->idata[i] = iv;
    }
    return ZKI_OK;
}

static zki_status fold_range(zki_graph *g, const char *nn, const char *out, const int *in) {
    const zki_tensor *t[3];
    for (int k = 0; k < 3; k++) {
        t[k] = &g->tensors[in[k]];
        if (t[k]->size != 1 || t[k]->dtype != g->tensors[in[0]].dtype)
            return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s' op 'Range': start, limit, delta must be scalars of one type", nn);
    }
    int f = t[0]->dtype == ZKI_DT_FLOAT;
    double s = f ? t[0]->fdata[0] : (double)t[0]->idata[0], l = f ? t[1]->fdata[0] : (double)t[1]->idata[0];
    double d = f ? t[2]->fdata[0] : (double)t[2]->idata[0];
    if (d == 0) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s' op 'Range': delta is 0", nn);
    double cnt = ceil((l - s) / d);
    if (!(cnt < (double)ZKI_ONNX_MAX_FOLD)) return zki_onnx_fail(ZKI_ERR_LIMIT, "node '%s' op 'Range': too many elements", nn);
    int64_t n = cnt > 0 ? (int64_t)cnt : 0;
    int o;
    zki_status st = new_const(g, &o, out, t[0]->dtype, 1, &n);
    if (st != ZKI_OK) return st;
    zki_tensor *y = &g->tensors[o];
    const zki_tensor *t0 = &g->tensors[in[0]], *t2 = &g->tensors[in[2]];
    for (int64_t i = 0; i < n; i++) {
        if (f) {
            y->fdata[i] = (float)(t0->fdata[0] + (double)i * t2->fdata[0]);
            continue;
        }
        /* the count came from doubles: the int64 values may still overflow (found by
         * fuzz_onnx, UBSan) */
        int64_t step, v;
        if (__builtin_mul_overflow(i, t2->idata[0], &step) || __builtin_add_overflow(t0->idata[0], step, &v))
            return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s' op 'Range': values overflow int64", nn);
        y->idata[i] = v;
    }
    return ZKI_OK;
}

/* int64 Add/Sub/Mul/Div (shape arithmetic), multidirectional broadcasting; Div
 * truncates toward zero as onnxruntime's integer division. */
static zki_status fold_arith(zki_graph *g, const char *nn, const char *op, const char *out, const int *in) {
    const zki_tensor *a = &g->tensors[in[0]], *b = &g->tensors[in[1]];
    if (a->dtype != ZKI_DT_INT64 || b->dtype != ZKI_DT_INT64)
        return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s': mixed int64/float constants", nn, op);
    int r;
    int64_t dims[ZKI_ONNX_MAX_RANK];
    if (zki_broadcast_shape(&r, dims, a->rank, a->dims, b->rank, b->dims) != ZKI_OK)
        return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s' op '%s': shapes do not broadcast", nn, op);
    int o;
    zki_status st = new_const(g, &o, out, ZKI_DT_INT64, r, dims);
    if (st != ZKI_OK) return st;
    a = &g->tensors[in[0]];
    b = &g->tensors[in[1]];
    zki_tensor *y = &g->tensors[o];
    int64_t as[ZKI_ONNX_MAX_RANK], bs[ZKI_ONNX_MAX_RANK];
    zki_bcast_strides(as, a->rank, a->dims, r, dims);
    zki_bcast_strides(bs, b->rank, b->dims, r, dims);
    for (size_t i = 0; i < y->size; i++) {
        int64_t p = a->idata[zki_bcast_offset(i, r, dims, as)], q = b->idata[zki_bcast_offset(i, r, dims, bs)], v;
        int bad = 0;
        switch (op[0]) {
        case 'A': bad = __builtin_add_overflow(p, q, &v); break;
        case 'S': bad = __builtin_sub_overflow(p, q, &v); break;
        case 'M': bad = __builtin_mul_overflow(p, q, &v); break;
        default:
            bad = q == 0 || (p == INT64_MIN && q == -1);
            v = bad ? 0 : p / q;
        }
        if (bad) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s' op '%s': int64 overflow or division by zero", nn, op);
        y->idata[i] = v;
    }
    return ZKI_OK;
}

zki_status zki_onnx_fold(zki_graph *g, const Onnx__NodeProto *np, const char *nn, const int *in, int64_t opset) {
    const char *op = np->op_type;
    if (np->n_input == 0 || in[0] < 0) return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s' has no input", nn, op);
    if (np->n_output != 1 || !np->output[0][0])
        return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s': only one output is supported", nn, op);
    int is_shape = strcmp(op, "Shape") == 0;
    for (size_t i = is_shape ? np->n_input : 0; i < np->n_input; i++)
        if (in[i] >= 0 && g->tensors[in[i]].kind != ZKI_TENSOR_CONST)
            return zki_onnx_fail(ZKI_ERR_VERSION,
                                 "node '%s' op '%s' (opset %lld) is supported only on constants (shape "
                                 "arithmetic); its input '%s' is computed at run time",
                                 nn, op, (long long)opset, g->tensors[in[i]].name);
    const char *out = np->output[0];
    if (is_shape) return fold_shape(g, np, out, in);
    if (strcmp(op, "Cast") == 0) return fold_cast(g, np, nn, out, in);
    if (strcmp(op, "ConstantOfShape") == 0) return fold_const_of_shape(g, np, nn, out, in);
    if (strcmp(op, "Range") == 0) {
        if (np->n_input != 3) return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op 'Range' takes 3 inputs", nn);
        return fold_range(g, nn, out, in);
    }
    if (strcmp(op, "Slice") == 0) return fold_move(g, np, nn, in, opset, ZKI_OP_SLICE);
    if (strcmp(op, "Reshape") == 0) return fold_move(g, np, nn, in, opset, ZKI_OP_RESHAPE);
    if (strcmp(op, "Flatten") == 0) return fold_move(g, np, nn, in, opset, ZKI_OP_FLATTEN);
    if (strcmp(op, "Transpose") == 0) return fold_move(g, np, nn, in, opset, ZKI_OP_TRANSPOSE);
    if (strcmp(op, "Add") == 0 || strcmp(op, "Sub") == 0 || strcmp(op, "Mul") == 0 || strcmp(op, "Div") == 0) {
        if (np->n_input != 2) return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s' takes 2 inputs", nn, op);
        return fold_arith(g, nn, op, out, in);
    }
    if (strcmp(op, "Gather") == 0) return fold_gather(g, np, nn, out, in);
    if (strcmp(op, "Unsqueeze") == 0) return fold_unsqueeze(g, np, nn, out, in, opset, 0);
    if (strcmp(op, "Squeeze") == 0) return fold_unsqueeze(g, np, nn, out, in, opset, 1);
    if (strcmp(op, "Concat") == 0) return fold_concat(g, np, nn, out, in);
    /* Identity of a constant */
    const zki_tensor *x = &g->tensors[in[0]];
    int o;
    zki_status st = new_const(g, &o, out, x->dtype, x->rank, x->dims);
    if (st != ZKI_OK) return st;
    x = &g->tensors[in[0]];
    memcpy(edata(&g->tensors[o]), edata(x), x->size * esize(x));
    return ZKI_OK;
}
