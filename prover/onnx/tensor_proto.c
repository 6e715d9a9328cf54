/* TensorProto -> CONST tensor: initializers and Constant values. Data may come in the
 * typed repeated fields or in raw_data (little-endian, per onnx.proto); both are
 * checked against the dims so a short or padded tensor is an encoding error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx_proto.h"

static uint64_t le_load(const uint8_t *p, int nbytes) {
    uint64_t v = 0;
    for (int i = nbytes - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

zki_status zki_onnx_const_from_proto(zki_graph *g, int *idx, const Onnx__TensorProto *tp,
                                     const char *name) {
    if (tp->has_data_location && tp->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL)
        return zki_onnx_fail(ZKI_ERR_VERSION, "tensor '%s' keeps its data in an external file (not supported)",
                             name);
    int dt = tp->has_data_type ? tp->data_type : 0;
    zki_dtype zdt;
    int width;
    switch (dt) {
    case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT: zdt = ZKI_DT_FLOAT; width = 4; break;
    case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE: zdt = ZKI_DT_FLOAT; width = 8; break;
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT64: zdt = ZKI_DT_INT64; width = 8; break;
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT32: zdt = ZKI_DT_INT64; width = 4; break;
    default:
        return zki_onnx_fail(ZKI_ERR_VERSION, "tensor '%s' has ONNX data type %d (only float, double, int32, "
                             "int64 are supported)", name, dt);
    }
    if (tp->n_dims > ZKI_ONNX_MAX_RANK)
        return zki_onnx_fail(ZKI_ERR_SIZE, "tensor '%s' has rank %zu", name, tp->n_dims);
    zki_status st = zki_graph_add_tensor(g, idx, name, ZKI_TENSOR_CONST, zdt);
    if (st != ZKI_OK) return st;
    zki_tensor *t = &g->tensors[*idx];
    st = zki_tensor_set_shape(t, (int)tp->n_dims, tp->dims);
    if (st != ZKI_OK) {
        char msg[512]; /* the message is re-recorded with another status: copy it first */
        snprintf(msg, sizeof msg, "%s", zki_onnx_last_error());
        return zki_onnx_fail(st == ZKI_ERR_LIMIT ? st : ZKI_ERR_ENCODING, "%s", msg);
    }
    size_t n = t->size, have;
    const uint8_t *raw = NULL;
    if (tp->has_raw_data && tp->raw_data.len > 0) {
        if (tp->raw_data.len != n * (size_t)width)
            return zki_onnx_fail(ZKI_ERR_ENCODING, "tensor '%s': raw_data has %zu bytes, its dims need %zu",
                                 name, tp->raw_data.len, n * (size_t)width);
        raw = tp->raw_data.data;
        have = n;
    } else {
        have = dt == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT    ? tp->n_float_data
               : dt == ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE ? tp->n_double_data
               : dt == ONNX__TENSOR_PROTO__DATA_TYPE__INT64  ? tp->n_int64_data
                                                             : tp->n_int32_data;
    }
    if (have != n)
        return zki_onnx_fail(ZKI_ERR_ENCODING, "tensor '%s' holds %zu values, its dims say %zu", name, have, n);
    if (zdt == ZKI_DT_FLOAT) {
        t->fdata = malloc((n ? n : 1) * sizeof(float));
        if (!t->fdata) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < n; i++) {
            if (width == 4) {
                uint32_t u = raw ? (uint32_t)le_load(raw + 4 * i, 4) : 0;
                if (raw) memcpy(&t->fdata[i], &u, 4);
                else t->fdata[i] = tp->float_data[i];
            } else {
                double d;
                uint64_t u = raw ? le_load(raw + 8 * i, 8) : 0;
                if (raw) memcpy(&d, &u, 8);
                else d = tp->double_data[i];
                t->fdata[i] = (float)d;
            }
        }
    } else {
        t->idata = malloc((n ? n : 1) * sizeof(int64_t));
        if (!t->idata) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < n; i++) {
            if (width == 8) t->idata[i] = raw ? (int64_t)le_load(raw + 8 * i, 8) : tp->int64_data[i];
            else t->idata[i] = raw ? (int32_t)(uint32_t)le_load(raw + 4 * i, 4) : tp->int32_data[i];
        }
    }
    return ZKI_OK;
}
