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

static const char *const compute_ops[] = {"Conv", "Gemm", "MatMul", "Relu", "MaxPool",
                                          "Add", "Reshape", "Flatten", "Identity"};
#define N_COMPUTE_OPS (sizeof compute_ops / sizeof compute_ops[0])

static int compute_op(const char *op_type) {
    for (size_t i = 0; i < N_COMPUTE_OPS; i++)
        if (strcmp(op_type, compute_ops[i]) == 0) return (int)i;
    return -1;
}

static int is_default_domain(const char *d) { return !d || !d[0] || strcmp(d, "ai.onnx") == 0; }

/* Reads a ValueInfo's tensor type: float elements and a rank; unknown or symbolic dims
 * become -1 (the caller resolves them). */
static zki_status value_info_shape(const Onnx__ValueInfoProto *vi, int *rank, int64_t *dims, int *has_shape) {
    const char *name = vi->name ? vi->name : "";
    *has_shape = 0;
    if (!vi->type || vi->type->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE || !vi->type->tensor_type)
        return zki_onnx_fail(ZKI_ERR_VERSION, "graph input/output '%s' is not a tensor", name);
    const Onnx__TypeProto__Tensor *tt = vi->type->tensor_type;
    if (tt->has_elem_type && tt->elem_type != ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT)
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

static zki_status ints2(const Onnx__AttributeProto *a, const char *nn, const char *op, int64_t *dst, size_t want) {
    if (a->n_ints != want)
        return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s': attribute '%s' has %zu values; only 2-D "
                             "(NCHW) windows are supported", nn, op, a->name, a->n_ints);
    for (size_t i = 0; i < want; i++) dst[i] = a->ints[i];
    return ZKI_OK;
}

/* Parses and validates the attributes of a compute node into n->at. */
static zki_status parse_attrs(zki_node *n, const Onnx__NodeProto *np, const char *op, int64_t opset) {
    zki_node_attrs *at = &n->at;
    memset(at, 0, sizeof *at);
    at->strides[0] = at->strides[1] = at->dilations[0] = at->dilations[1] = 1;
    at->group = 1;
    at->alpha = at->beta = 1.0f;
    at->axis = 1;
    int window = n->op == ZKI_OP_CONV || n->op == ZKI_OP_MAXPOOL;
    for (size_t i = 0; i < np->n_attribute; i++) {
        const Onnx__AttributeProto *a = np->attribute[i];
        const char *an = a->name ? a->name : "";
        zki_status st = ZKI_OK;
        if (window && strcmp(an, "kernel_shape") == 0) st = ints2(a, n->name, op, at->kernel, 2);
        else if (window && strcmp(an, "strides") == 0) st = ints2(a, n->name, op, at->strides, 2);
        else if (window && strcmp(an, "dilations") == 0) st = ints2(a, n->name, op, at->dilations, 2);
        else if (window && strcmp(an, "pads") == 0) st = ints2(a, n->name, op, at->pads, 4);
        else if (window && strcmp(an, "auto_pad") == 0) {
            const char *v = (const char *)a->s.data;
            size_t l = a->s.len;
            if (l == 6 && memcmp(v, "NOTSET", 6) == 0) at->auto_pad = ZKI_AUTO_PAD_NOTSET;
            else if (l == 10 && memcmp(v, "SAME_UPPER", 10) == 0) at->auto_pad = ZKI_AUTO_PAD_SAME_UPPER;
            else if (l == 10 && memcmp(v, "SAME_LOWER", 10) == 0) at->auto_pad = ZKI_AUTO_PAD_SAME_LOWER;
            else if (l == 5 && memcmp(v, "VALID", 5) == 0) at->auto_pad = ZKI_AUTO_PAD_VALID;
            else return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s': bad auto_pad", n->name, op);
        } else if (n->op == ZKI_OP_CONV && strcmp(an, "group") == 0) at->group = a->i;
        else if (n->op == ZKI_OP_MAXPOOL && strcmp(an, "ceil_mode") == 0) at->ceil_mode = a->i != 0;
        else if (n->op == ZKI_OP_MAXPOOL && strcmp(an, "storage_order") == 0) { /* only affects Indices */ }
        else if (n->op == ZKI_OP_GEMM && strcmp(an, "alpha") == 0) at->alpha = a->f;
        else if (n->op == ZKI_OP_GEMM && strcmp(an, "beta") == 0) at->beta = a->f;
        else if (n->op == ZKI_OP_GEMM && strcmp(an, "transA") == 0) at->trans_a = a->i != 0;
        else if (n->op == ZKI_OP_GEMM && strcmp(an, "transB") == 0) at->trans_b = a->i != 0;
        else if (n->op == ZKI_OP_FLATTEN && strcmp(an, "axis") == 0) at->axis = a->i;
        else if (n->op == ZKI_OP_RESHAPE && strcmp(an, "allowzero") == 0) at->allowzero = a->i != 0;
        else
            return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s' (opset %lld): attribute '%s' is not supported",
                                 n->name, op, (long long)opset, an);
        if (st != ZKI_OK) return st;
    }
    if (n->op == ZKI_OP_MAXPOOL && (at->kernel[0] == 0 || at->kernel[1] == 0))
        return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op 'MaxPool' has no kernel_shape", n->name);
    return ZKI_OK;
}

static zki_status load_compute(zki_graph *g, const Onnx__NodeProto *np, const char *nn, const int *in,
                               int op, int64_t opset) {
    static const int min_in[] = {2, 2, 2, 1, 1, 2, 2, 1, 1}, max_in[] = {3, 3, 2, 1, 1, 2, 2, 1, 1};
    const char *opn = compute_ops[op];
    if ((int)np->n_input < min_in[op] || (int)np->n_input > max_in[op])
        return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s' has %zu inputs", nn, opn, np->n_input);
    for (size_t i = 1; i < np->n_output; i++)
        if (np->output[i][0])
            return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s': output %zu ('%s') is not supported", nn,
                                 opn, i, np->output[i]);
    zki_node *n = &g->nodes[g->n_nodes];
    memset(n, 0, sizeof *n);
    if (!(n->name = zki_onnx_strdup(nn))) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    g->n_nodes++;
    n->op = (zki_op)op;
    n->n_inputs = (int)np->n_input;
    for (int i = 0; i < ZKI_ONNX_MAX_INPUTS; i++) n->inputs[i] = i < n->n_inputs ? in[i] : -1;
    for (int i = 0; i < n->n_inputs; i++) {
        if (n->inputs[i] < 0) {
            if (i < 2) return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s': input %d is empty", nn, opn, i);
            continue;
        }
        const zki_tensor *t = &g->tensors[n->inputs[i]];
        int shape_in = n->op == ZKI_OP_RESHAPE && i == 1;
        if (shape_in && (t->kind != ZKI_TENSOR_CONST || t->dtype != ZKI_DT_INT64))
            return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op 'Reshape': shape '%s' must be an int64 constant "
                                 "(shape arithmetic that folds at import)", nn, t->name);
        if (!shape_in && t->dtype != ZKI_DT_FLOAT)
            return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s': input '%s' is int64; only float tensors "
                                 "are supported", nn, opn, t->name);
    }
    if (n->op == ZKI_OP_GEMM && opset < 11 && n->n_inputs < 3)
        return zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op 'Gemm' needs C before opset 11", nn);
    zki_status st = parse_attrs(n, np, opn, opset);
    if (st != ZKI_OK) return st;
    if ((st = zki_graph_add_tensor(g, &n->output, np->output[0], ZKI_TENSOR_VALUE, ZKI_DT_FLOAT)) != ZKI_OK)
        return st;
    g->tensors[n->output].producer = (int)(g->n_nodes - 1);
    return zki_onnx_infer_shape(g, n);
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
        if (compute_op(op) < 0 && !zki_onnx_is_fold_op(op) && strcmp(op, "Constant") != 0)
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
            int c = compute_op(op);
            if (strcmp(op, "Constant") == 0) st = load_constant(g, np, nn);
            else if (zki_onnx_is_fold_op(op) && (c < 0 || g->tensors[in[0]].kind == ZKI_TENSOR_CONST)) {
                int need = strcmp(op, "Unsqueeze") == 0 || strcmp(op, "Squeeze") == 0 ? 1 : (int)np->n_input;
                for (int k = 0; k < need && st == ZKI_OK; k++)
                    if (in[k] < 0) st = zki_onnx_fail(ZKI_ERR_ENCODING, "node '%s' op '%s': input %d is empty", nn, op, k);
                if (st == ZKI_OK) st = zki_onnx_fold(g, np, nn, in, opset);
            } else st = load_compute(g, np, nn, in, c, opset);
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
        if ((st = value_info_shape(vi, &rank, dims, &has)) != ZKI_OK) return st;
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
    return load_io(g, gp, 1);
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
