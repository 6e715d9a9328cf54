/* ONNX ModelProto -> zki_graph (graph.h). Parses with the protobuf-c code generated
 * from Debian's onnx.proto, then: constants (initializers, Constant nodes), the one
 * runtime input (symbolic dims -> 1), every node in dependency order (Kahn's algorithm
 * over the node list, so an unsorted file still imports), shape arithmetic folded to
 * constants (fold.c), compute nodes with parsed attributes and inferred shapes
 * (shape.c), and the one output checked against its declared shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx_proto.h"

/* The compute operators: ONNX name, IR op, input count range, and input roles:
 * 'x' a float tensor (run time or constant), 's' Reshape's int64 shape, and '-' a
 * parameter input that attrs.c reads and validates (int64 axes/pads/starts, float
 * scales or bounds, Gather indices). The last role repeats for variadic ops. */
typedef struct {
    const char *name;
    zki_op op;
    int min_in, max_in;
    const char *roles;
} op_desc;

static const op_desc compute_ops[] = {
    {"Conv", ZKI_OP_CONV, 2, 3, "xxx"},
    {"Gemm", ZKI_OP_GEMM, 2, 3, "xxx"},
    {"MatMul", ZKI_OP_MATMUL, 2, 2, "xx"},
    {"Relu", ZKI_OP_RELU, 1, 1, "x"},
    {"MaxPool", ZKI_OP_MAXPOOL, 1, 1, "x"},
    {"Add", ZKI_OP_ADD, 2, 2, "xx"},
    {"Reshape", ZKI_OP_RESHAPE, 2, 2, "xs"},
    {"Flatten", ZKI_OP_FLATTEN, 1, 1, "x"},
    {"Identity", ZKI_OP_IDENTITY, 1, 1, "x"},
    {"LeakyRelu", ZKI_OP_LEAKY_RELU, 1, 1, "x"},
    {"PRelu", ZKI_OP_PRELU, 2, 2, "x-"},
    {"Elu", ZKI_OP_ELU, 1, 1, "x"},
    {"Sigmoid", ZKI_OP_SIGMOID, 1, 1, "x"},
    {"Tanh", ZKI_OP_TANH, 1, 1, "x"},
    {"Exp", ZKI_OP_EXP, 1, 1, "x"},
    {"Clip", ZKI_OP_CLIP, 1, 3, "x--"},
    {"HardSigmoid", ZKI_OP_HARD_SIGMOID, 1, 1, "x"},
    {"HardSwish", ZKI_OP_HARD_SWISH, 1, 1, "x"},
    {"Erf", ZKI_OP_ERF, 1, 1, "x"},
    {"Gelu", ZKI_OP_GELU, 1, 1, "x"},
    {"Softmax", ZKI_OP_SOFTMAX, 1, 1, "x"},
    {"AveragePool", ZKI_OP_AVGPOOL, 1, 1, "x"},
    {"GlobalAveragePool", ZKI_OP_GLOBAL_AVGPOOL, 1, 1, "x"},
    {"GlobalMaxPool", ZKI_OP_GLOBAL_MAXPOOL, 1, 1, "x"},
    {"Pad", ZKI_OP_PAD, 1, 4, "x---"},
    {"Sub", ZKI_OP_SUB, 2, 2, "xx"},
    {"Mul", ZKI_OP_MUL, 2, 2, "xx"},
    {"Div", ZKI_OP_DIV, 2, 2, "xx"},
    {"Neg", ZKI_OP_NEG, 1, 1, "x"},
    {"Abs", ZKI_OP_ABS, 1, 1, "x"},
    {"Sum", ZKI_OP_SUM, 1, ZKI_ONNX_MAX_INPUTS, "x"},
    {"Mean", ZKI_OP_MEAN, 1, ZKI_ONNX_MAX_INPUTS, "x"},
    {"ReduceSum", ZKI_OP_REDUCE_SUM, 1, 2, "x-"},
    {"ReduceMean", ZKI_OP_REDUCE_MEAN, 1, 2, "x-"},
    {"ReduceMax", ZKI_OP_REDUCE_MAX, 1, 2, "x-"},
    {"BatchNormalization", ZKI_OP_BATCHNORM, 5, 5, "x----"},
    {"Transpose", ZKI_OP_TRANSPOSE, 1, 1, "x"},
    {"Squeeze", ZKI_OP_SQUEEZE, 1, 2, "x-"},
    {"Unsqueeze", ZKI_OP_UNSQUEEZE, 1, 2, "x-"},
    {"Concat", ZKI_OP_CONCAT, 1, ZKI_ONNX_MAX_INPUTS, "x"},
    {"Slice", ZKI_OP_SLICE, 1, 5, "x----"},
    {"Gather", ZKI_OP_GATHER, 2, 2, "x-"},
    {"Resize", ZKI_OP_RESIZE, 1, 4, "x---"},
    {"ArgMax", ZKI_OP_ARGMAX, 1, 1, "x"},
};
#define N_COMPUTE_OPS (sizeof compute_ops / sizeof compute_ops[0])

static const op_desc *compute_op(const char *op_type) {
    for (size_t i = 0; i < N_COMPUTE_OPS; i++)
        if (strcmp(op_type, compute_ops[i].name) == 0) return &compute_ops[i];
    return NULL;
}

static int is_default_domain(const char *d) { return !d || !d[0] || strcmp(d, "ai.onnx") == 0; }

/* Reads a ValueInfo's tensor type: float elements and a rank; unknown or symbolic dims
 * become -1 (the caller resolves them). */
static zki_status value_info_shape(const Onnx__ValueInfoProto *vi, int is_output, int *rank, int64_t *dims,
                                   int *has_shape) {
    const char *name = vi->name ? vi->name : "";
    *has_shape = 0;
    if (!vi->type || vi->type->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE || !vi->type->tensor_type)
        return zki_onnx_fail(ZKI_ERR_VERSION, "graph input/output '%s' is not a tensor", name);
    const Onnx__TypeProto__Tensor *tt = vi->type->tensor_type;
    /* an int64 output is what ArgMax produces (the IR holds its indices as floats) */
    if (tt->has_elem_type && tt->elem_type != ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT &&
        !(is_output && tt->elem_type == ONNX__TENSOR_PROTO__DATA_TYPE__INT64))
        return zki_onnx_fail(ZKI_ERR_VERSION, "graph input/output '%s' has ONNX data type %d (only float is "
                             "supported)", name, tt->elem_type);
    if (!tt->shape) return ZKI_OK;
    if (tt->shape->n_dim > ZKI_ONNX_MAX_RANK)
        return zki_onnx_fail(ZKI_ERR_SIZE, "graph input/output '%s' has rank %zu", name, tt->shape->n_dim);
    *rank = (int)tt->shape->n_dim;
    for (int i = 0; i < *rank; i++) {
        const Onnx__TensorShapeProto__Dimension *d = tt->shape->dim[i];
        dims[i] = (d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE && d->dim_value > 0)
                      ? d->dim_value
                      : -1;
    }
    *has_shape = 1;
    return ZKI_OK;
}

/* Constant node: exactly one of value / value_float(s) / value_int(s). */
static zki_status load_constant(zki_graph *g, const Onnx__NodeProto *np, const char *nn) {
    if (np->n_attribute != 1 || np->n_output != 1)
        return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op 'Constant' needs one attribute and one output", nn);
    const Onnx__AttributeProto *a = np->attribute[0];
    const char *an = a->name ? a->name : "";
    const char *out = np->output[0];
    int idx;
    if (strcmp(an, "value") == 0 && a->t) return zki_onnx_const_from_proto(g, &idx, a->t, out);
    int is_f = strcmp(an, "value_float") == 0, is_fs = strcmp(an, "value_floats") == 0;
    int is_i = strcmp(an, "value_int") == 0, is_is = strcmp(an, "value_ints") == 0;
    if (!(is_f || is_fs || is_i || is_is))
        return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op 'Constant': attribute '%s' is not supported", nn, an);
    zki_status st = zki_graph_add_tensor(g, &idx, out, ZKI_TENSOR_CONST, (is_f || is_fs) ? ZKI_DT_FLOAT : ZKI_DT_INT64);
    if (st != ZKI_OK) return st;
    zki_tensor *t = &g->tensors[idx];
    size_t n = is_fs ? a->n_floats : is_is ? a->n_ints : 1;
    int64_t dim = (int64_t)n;
    if ((st = zki_tensor_set_shape(t, (is_f || is_i) ? 0 : 1, &dim)) != ZKI_OK) return st;
    if (is_f || is_fs) {
        if (!(t->fdata = malloc((n ? n : 1) * sizeof(float)))) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < n; i++) t->fdata[i] = is_f ? a->f : a->floats[i];
    } else {
        if (!(t->idata = malloc((n ? n : 1) * sizeof(int64_t)))) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < n; i++) t->idata[i] = is_i ? a->i : a->ints[i];
    }
    return ZKI_OK;
}

/* Evaluates node ni, whose inputs are all constants, with the float engine and turns
 * its output into a constant (weight preprocessing inside a model). */
/* Refuses (ZKI_ERR_LIMIT) a constant evaluation that would take the graph over
 * ZKI_ONNX_MAX_CONST_ELEMENTS or ZKI_ONNX_MAX_CONST_WORK, before it runs: a few bytes of
 * ONNX (ConstantOfShape feeding a MatMul) could otherwise cost minutes at import. The
 * work is the output's size times the length of the reduction behind each element, plus
 * the inputs read. */
static zki_status const_budget(zki_graph *g, const zki_node *n) {
    const zki_tensor *y = &g->tensors[n->output];
    int64_t k = 1, in = 0;
    const zki_tensor *a = n->n_inputs > 0 && n->inputs[0] >= 0 ? &g->tensors[n->inputs[0]] : NULL;
    const zki_tensor *w = n->n_inputs > 1 && n->inputs[1] >= 0 ? &g->tensors[n->inputs[1]] : NULL;
    if (n->op == ZKI_OP_MATMUL && a && a->rank > 0) k = a->dims[a->rank - 1];
    else if (n->op == ZKI_OP_GEMM && a && a->rank == 2) k = n->at.trans_a ? a->dims[0] : a->dims[1];
    else if (n->op == ZKI_OP_CONV && w && w->rank > 0 && w->dims[0] > 0) k = (int64_t)w->size / w->dims[0];
    else if (n->op == ZKI_OP_AVGPOOL || n->op == ZKI_OP_MAXPOOL) k = n->at.kernel[0] * n->at.kernel[1];
    for (int i = 0; i < n->n_inputs; i++)
        if (n->inputs[i] >= 0) in += (int64_t)g->tensors[n->inputs[i]].size;
    if (k < 1) k = 1;
    /* all factors <= 2^26 (ZKI_ONNX_MAX_ELEMENTS): the product fits in 64 bits */
    int64_t work = (int64_t)y->size * k + in;
    if ((int64_t)g->folded + (int64_t)y->size > ZKI_ONNX_MAX_CONST_ELEMENTS || work > ZKI_ONNX_MAX_CONST_WORK ||
        g->const_work + work > ZKI_ONNX_MAX_CONST_WORK)
        return zki_onnx_fail(ZKI_ERR_LIMIT, "node '%s': evaluating it on constants at import is over the limit "
                             "(2^25 elements, 2^28 multiply-adds per model)", n->name);
    g->folded += y->size;
    g->const_work += work;
    return ZKI_OK;
}

static zki_status const_eval(zki_graph *g, int ni) {
    zki_node *n = &g->nodes[ni];
    zki_tensor *y = &g->tensors[n->output];
    zki_status bst = const_budget(g, n);
    if (bst != ZKI_OK) return bst;
    float **v = calloc(g->n_tensors, sizeof *v);
    float *out = malloc((y->size ? y->size : 1) * sizeof *out);
    zki_status st = ZKI_OK;
    if (!v || !out) st = zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    for (int k = 0; st == ZKI_OK && k < n->n_inputs; k++)
        if (n->inputs[k] >= 0) v[n->inputs[k]] = g->tensors[n->inputs[k]].fdata;
    if (st == ZKI_OK) {
        v[n->output] = out;
        st = zki_float_node(g, n, v);
    }
    free(v);
    if (st != ZKI_OK) {
        free(out);
        return st;
    }
    y->kind = ZKI_TENSOR_CONST;
    y->producer = -1;
    y->fdata = out;
    free(n->name);
    memset(n, 0, sizeof *n);
    g->n_nodes--;
    return ZKI_OK;
}

static zki_status load_compute(zki_graph *g, const Onnx__NodeProto *np, const char *nn, const int *in,
                               const op_desc *d, int64_t opset) {
    const char *opn = d->name;
    if ((int)np->n_input < d->min_in || (int)np->n_input > d->max_in)
        return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s' has %zu inputs (takes %d to %d)", nn, opn,
                             np->n_input, d->min_in, d->max_in);
    for (size_t i = 1; i < np->n_output; i++)
        if (np->output[i][0])
            return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s': output %zu ('%s') is not supported", nn,
                                 opn, i, np->output[i]);
    zki_node *n = &g->nodes[g->n_nodes];
    memset(n, 0, sizeof *n);
    if (!(n->name = zki_onnx_strdup(nn))) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    g->n_nodes++;
    n->op = d->op;
    n->n_inputs = (int)np->n_input;
    for (int i = 0; i < ZKI_ONNX_MAX_INPUTS; i++) n->inputs[i] = i < n->n_inputs ? in[i] : -1;
    size_t nroles = strlen(d->roles);
    for (int i = 0; i < n->n_inputs; i++) {
        char role = d->roles[(size_t)i < nroles ? (size_t)i : nroles - 1];
        if (n->inputs[i] < 0) {
            /* a required input (below the op's minimum count) is never empty */
            if (i < d->min_in ||
                (role == 'x' && (i < 2 || n->op == ZKI_OP_SUM || n->op == ZKI_OP_MEAN || n->op == ZKI_OP_CONCAT)))
                return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s': input %d is empty", nn, opn, i);
            continue;
        }
        const zki_tensor *t = &g->tensors[n->inputs[i]];
        if (role == 's' && (t->kind != ZKI_TENSOR_CONST || t->dtype != ZKI_DT_INT64))
            return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op 'Reshape': shape '%s' must be an int64 constant "
                                 "(shape arithmetic that folds at import)", nn, t->name);
        if (role == 'x' && t->dtype != ZKI_DT_FLOAT)
            return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s': input '%s' is int64; only float tensors "
                                 "are supported", nn, opn, t->name);
    }
    if (n->op == ZKI_OP_GEMM && opset < 11 && n->n_inputs < 3)
        return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op 'Gemm' needs C before opset 11", nn);
    zki_status st = zki_onnx_parse_attrs(g, n, np, in, opset);
    if (st != ZKI_OK) return st;
    if ((st = zki_graph_add_tensor(g, &n->output, np->output[0], ZKI_TENSOR_VALUE, ZKI_DT_FLOAT)) != ZKI_OK)
        return st;
    g->tensors[n->output].producer = (int)(g->n_nodes - 1);
    if ((st = zki_onnx_infer_shape(g, n)) != ZKI_OK) {
        if (strncmp(zki_onnx_last_error(), "node '", 6) == 0) return st;
        char msg[512]; /* an output shape refused by zki_tensor_set_shape: name the node */
        snprintf(msg, sizeof msg, "%s", zki_onnx_last_error());
        return zki_onnx_fail(st, "node '%s' op '%s': %s", nn, opn, msg);
    }
    for (int i = 0; i < n->n_inputs; i++)
        if (n->inputs[i] >= 0 && g->tensors[n->inputs[i]].kind != ZKI_TENSOR_CONST) return ZKI_OK;
    return const_eval(g, (int)(g->n_nodes - 1));
}

/* Cast of a run-time float tensor to float (torch emits such no-ops): an Identity. */
static zki_status load_cast(zki_graph *g, const Onnx__NodeProto *np, const char *nn, const int *in, int64_t opset) {
    const Onnx__AttributeProto *to = NULL;
    for (size_t i = 0; i < np->n_attribute; i++)
        if (np->attribute[i]->name && strcmp(np->attribute[i]->name, "to") == 0) to = np->attribute[i];
    if (np->n_input != 1 || np->n_attribute != 1 || !to || to->i != ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT ||
        g->tensors[in[0]].dtype != ZKI_DT_FLOAT)
        return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op 'Cast' (opset %lld) on a run-time tensor is supported "
                             "only from float to float", nn, (long long)opset);
    Onnx__NodeProto plain = *np;
    plain.n_attribute = 0;
    return load_compute(g, &plain, nn, in, compute_op("Identity"), opset);
}

/* Every node's op must be one we handle; checked first so the message names the op
 * even when the rest of the graph would fail for another reason. */
static zki_status check_ops(const Onnx__GraphProto *gp, int64_t opset) {
    for (size_t i = 0; i < gp->n_node; i++) {
        const Onnx__NodeProto *np = gp->node[i];
        const char *op = np->op_type ? np->op_type : "";
        char fallback[32];
        snprintf(fallback, sizeof fallback, "#%zu", i);
        const char *nn = np->name && np->name[0] ? np->name : fallback;
        if (!is_default_domain(np->domain))
            return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s' from domain '%s' is not supported", nn, op,
                                 np->domain);
        if (!compute_op(op) && !zki_onnx_is_fold_op(op) && strcmp(op, "Constant") != 0)
            return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s' (opset %lld) is not supported", nn, op,
                                 (long long)opset);
        if (np->n_output < 1 || !np->output[0][0])
            return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s' has no output", nn, op);
    }
    return ZKI_OK;
}

static zki_status load_nodes(zki_graph *g, const Onnx__GraphProto *gp, int64_t opset) {
    size_t nn_total = gp->n_node;
    g->nodes = calloc(nn_total ? nn_total : 1, sizeof *g->nodes);
    char *done = calloc(nn_total ? nn_total : 1, 1);
    int *in = NULL;
    size_t max_in = 1;
    for (size_t i = 0; i < nn_total; i++)
        if (gp->node[i]->n_input > max_in) max_in = gp->node[i]->n_input;
    in = malloc(max_in * sizeof *in);
    zki_status st = ZKI_OK;
    if (!g->nodes || !done || !in) {
        st = zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (size_t left = nn_total, progress = 1; left > 0 && progress;) {
        progress = 0;
        for (size_t i = 0; i < nn_total && st == ZKI_OK; i++) {
            if (done[i]) continue;
            const Onnx__NodeProto *np = gp->node[i];
            int ready = 1;
            for (size_t k = 0; k < np->n_input && ready; k++) {
                in[k] = np->input[k][0] ? zki_graph_find(g, np->input[k]) : -1;
                ready = !np->input[k][0] || in[k] >= 0;
            }
            if (!ready) continue;
            char fallback[64];
            snprintf(fallback, sizeof fallback, "%.40s_%zu", np->op_type, i);
            const char *nn = np->name && np->name[0] ? np->name : fallback;
            for (size_t k = 0; k < np->n_output; k++)
                if (np->output[k][0] && zki_graph_find(g, np->output[k]) >= 0) {
                    st = zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s': tensor '%s' is defined twice", nn,
                                       np->output[k]);
                    goto out;
                }
            const char *op = np->op_type;
            const op_desc *d = compute_op(op);
            int all_const = 1, int_data = np->n_input > 0 && in[0] >= 0 && g->tensors[in[0]].dtype == ZKI_DT_INT64;
            for (size_t k = 0; k < np->n_input; k++)
                if (in[k] >= 0 && g->tensors[in[k]].kind != ZKI_TENSOR_CONST) all_const = 0;
            if (strcmp(op, "Constant") == 0) st = load_constant(g, np, nn);
            else if (strcmp(op, "Cast") == 0 && !all_const) st = load_cast(g, np, nn, in, opset);
            else if (zki_onnx_is_fold_op(op) &&
                     (!d || strcmp(op, "Shape") == 0 || (all_const && (int_data || zki_op_is_move(d->op))))) {
                int need = strcmp(op, "Unsqueeze") == 0 || strcmp(op, "Squeeze") == 0 ? 1 : (int)np->n_input;
                if (d && ((int)np->n_input < d->min_in || (int)np->n_input > d->max_in))
                    st = zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s' has %zu inputs (takes %d to %d)", nn, op,
                                       np->n_input, d->min_in, d->max_in);
                if (strcmp(op, "Slice") == 0 || strcmp(op, "Range") == 0) need = np->n_input < 3 ? (int)np->n_input : 3;
                for (int k = 0; k < need && st == ZKI_OK; k++)
                    if (in[k] < 0) st = zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s': input %d is empty", nn, op, k);
                if (st == ZKI_OK) st = zki_onnx_fold(g, np, nn, in, opset);
            } else if (d) {
                if (int_data && all_const)
                    st = zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s' on int64 constants cannot be folded", nn, op);
                else st = load_compute(g, np, nn, in, d, opset);
            } else st = zki_onnx_fold(g, np, nn, in, opset);
            if (st != ZKI_OK) goto out;
            done[i] = 1;
            left--;
            progress = 1;
        }
    }
    for (size_t i = 0; i < nn_total; i++) {
        if (done[i]) continue;
        const Onnx__NodeProto *np = gp->node[i];
        for (size_t k = 0; k < np->n_input; k++)
            if (np->input[k][0] && zki_graph_find(g, np->input[k]) < 0) {
                st = zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s': input '%s' is never produced (or the "
                                   "graph has a cycle)", np->name ? np->name : "", np->op_type, np->input[k]);
                goto out;
            }
    }
out:
    free(done);
    free(in);
    return st;
}

static zki_status load_io(zki_graph *g, const Onnx__GraphProto *gp, int outputs) {
    int rank = 0, has, found = 0;
    int64_t dims[ZKI_ONNX_MAX_RANK];
    zki_status st;
    size_t n = outputs ? gp->n_output : gp->n_input;
    for (size_t i = 0; i < n; i++) {
        const Onnx__ValueInfoProto *vi = outputs ? gp->output[i] : gp->input[i];
        const char *name = vi->name ? vi->name : "";
        if (!outputs && zki_graph_find(g, name) >= 0) continue; /* an initializer listed as input */
        if (found++) return zki_onnx_fail(ZKI_ERR_VERSION, "the graph has more than one %s (only one is supported)",
                                          outputs ? "output" : "runtime input");
        if ((st = value_info_shape(vi, outputs, &rank, dims, &has)) != ZKI_OK) return st;
        if (!outputs) {
            if (!has) return zki_onnx_fail(ZKI_ERR_VERSION, "graph input '%s' has no shape", name);
            for (int k = 0; k < rank; k++)
                if (dims[k] < 0) dims[k] = 1; /* dynamic (batch) dim */
            if ((st = zki_graph_add_tensor(g, &g->input, name, ZKI_TENSOR_INPUT, ZKI_DT_FLOAT)) != ZKI_OK) return st;
            if ((st = zki_tensor_set_shape(&g->tensors[g->input], rank, dims)) != ZKI_OK) return st;
            continue;
        }
        g->output = zki_graph_find(g, name);
        if (g->output < 0) return zki_onnx_fail(ZKI_ERR_ENCODING, "graph output '%s' is never produced", name);
        const zki_tensor *t = &g->tensors[g->output];
        if (t->kind == ZKI_TENSOR_CONST) return zki_onnx_fail(ZKI_ERR_VERSION, "graph output '%s' is a constant", name);
        const Onnx__TypeProto__Tensor *tt = vi->type->tensor_type;
        if (tt->has_elem_type && tt->elem_type == ONNX__TENSOR_PROTO__DATA_TYPE__INT64 &&
            (t->producer < 0 || g->nodes[t->producer].op != ZKI_OP_ARGMAX))
            return zki_onnx_fail(ZKI_ERR_VERSION, "graph output '%s' is int64 (only float, or ArgMax's indices)", name);
        if (has) {
            int ok = rank == t->rank;
            for (int k = 0; ok && k < rank; k++) ok = dims[k] < 0 || dims[k] == t->dims[k];
            if (!ok) return zki_onnx_fail(ZKI_ERR_SIZE, "graph output '%s': declared shape differs from the "
                                          "inferred one", name);
        }
    }
    if (!found) return zki_onnx_fail(ZKI_ERR_ENCODING, "the graph has no %s", outputs ? "output" : "runtime input");
    return ZKI_OK;
}

static zki_status import_model(zki_graph *g, const Onnx__ModelProto *m) {
    int64_t opset = -1;
    for (size_t i = 0; i < m->n_opset_import; i++)
        if (is_default_domain(m->opset_import[i]->domain) && m->opset_import[i]->has_version)
            opset = m->opset_import[i]->version;
    if (!m->graph) return zki_onnx_fail(ZKI_ERR_ENCODING, "the model has no graph (truncated file?)");
    if (opset < 0) return zki_onnx_fail(ZKI_ERR_ENCODING, "the model declares no ai.onnx opset (truncated file?)");
    if (opset < ZKI_ONNX_MIN_OPSET || opset > ZKI_ONNX_MAX_OPSET)
        return zki_onnx_fail(ZKI_ERR_VERSION, "opset %lld is outside the supported range %d..%d", (long long)opset,
                             ZKI_ONNX_MIN_OPSET, ZKI_ONNX_MAX_OPSET);
    g->opset = opset;
    g->ir_version = m->has_ir_version ? m->ir_version : 0;
    const Onnx__GraphProto *gp = m->graph;
    zki_status st = check_ops(gp, opset);
    if (st != ZKI_OK) return st;
    for (size_t i = 0; i < gp->n_initializer; i++) {
        const Onnx__TensorProto *tp = gp->initializer[i];
        int idx;
        if (!tp->name || !tp->name[0]) return zki_onnx_fail(ZKI_ERR_ENCODING, "initializer %zu has no name", i);
        if (zki_graph_find(g, tp->name) >= 0)
            return zki_onnx_fail(ZKI_ERR_ENCODING, "initializer '%s' is defined twice", tp->name);
        if ((st = zki_onnx_const_from_proto(g, &idx, tp, tp->name)) != ZKI_OK) return st;
    }
    if (gp->n_sparse_initializer) return zki_onnx_fail(ZKI_ERR_VERSION, "sparse initializers are not supported");
    if ((st = load_io(g, gp, 0)) != ZKI_OK) return st;
    if ((st = load_nodes(g, gp, opset)) != ZKI_OK) return st;
    if ((st = load_io(g, gp, 1)) != ZKI_OK) return st;
    return zki_onnx_fold_batchnorm(g);
}

zki_status zki_onnx_load_mem(zki_graph *g, const uint8_t *buf, size_t len) {
    zki_onnx_clear_error();
    if (!g || (!buf && len)) return zki_onnx_fail(ZKI_ERR_ARG, "NULL argument");
    memset(g, 0, sizeof *g);
    Onnx__ModelProto *m = onnx__model_proto__unpack(NULL, len, buf);
    if (!m) return zki_onnx_fail(ZKI_ERR_ENCODING, "not an ONNX model: the protobuf does not parse (truncated or "
                                 "corrupt file?)");
    zki_status st = import_model(g, m);
    onnx__model_proto__free_unpacked(m, NULL);
    if (st != ZKI_OK) zki_graph_free(g);
    return st;
}

zki_status zki_onnx_load(zki_graph *g, const char *path) {
    zki_onnx_clear_error();
    if (!g || !path) return zki_onnx_fail(ZKI_ERR_ARG, "NULL argument");
    memset(g, 0, sizeof *g);
    FILE *f = fopen(path, "rb");
    if (!f) return zki_onnx_fail(ZKI_ERR_IO, "cannot open '%s'", path);
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 65536;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory reading '%s'", path);
            }
            buf = nb;
        }
        size_t r = fread(buf + len, 1, cap - len, f);
        len += r;
        if (r == 0) break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return zki_onnx_fail(ZKI_ERR_IO, "cannot read '%s'", path);
    }
    zki_status st = zki_onnx_load_mem(g, buf, len);
    free(buf);
    if (st != ZKI_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", zki_onnx_last_error());
        zki_onnx_fail(st, "%s: %s", path, msg);
    }
    return st;
}
