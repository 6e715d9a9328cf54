/* Hostile ONNX files (tests/onnx/make_hostile_models.py): each is refused with a clear
 * status and a message naming the node or tensor at fault, never a crash, a hang or a
 * huge allocation (the importer checks every shape against ZKI_ONNX_MAX_ELEMENTS, and
 * folded constants against 2^24 elements, before allocating; the ASan build runs this
 * too). Also every truncation of a torch-exported model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "infer_float.h"
#include "test.h"

#define MODELS "tests/onnx/models/"

static const struct {
    const char *file;
    zki_status st;
    const char *msg; /* a substring of zki_onnx_last_error() */
} hostile[] = {
    {"int32_weights", ZKI_ERR_VERSION, "node 'conv' op 'Conv': input 'w' is int64"},
    {"string_tensor", ZKI_ERR_VERSION, "tensor 'w' has ONNX data type 8"},
    {"dim_2p40", ZKI_ERR_LIMIT, "tensor 'w': dim 0 is 1099511627776"},
    {"dim_negative", ZKI_ERR_ENCODING, "tensor 'w': dim 0 is -3"},
    {"dims_overflow", ZKI_ERR_LIMIT, "tensor 'w' has more than 2^26 elements"},
    {"input_huge", ZKI_ERR_LIMIT, "tensor 'x': dim 0 is 4294967296"},
    {"cycle", ZKI_ERR_ENCODING, "is never produced (or the graph has a cycle)"},
    {"missing_init", ZKI_ERR_ENCODING, "node 'conv' op 'Conv': input 'w' is never produced"},
    {"external", ZKI_ERR_VERSION, "tensor 'w' keeps its data in an external file"},
    {"too_many_inputs", ZKI_ERR_ENCODING, "node 'relu' op 'Relu' has 2 inputs"},
    {"too_few_inputs", ZKI_ERR_ENCODING, "node 'conv' op 'Conv' has 1 inputs"},
    {"unknown_domain", ZKI_ERR_VERSION, "node 'fancy' op 'FancyOp' from domain 'com.example'"},
    {"const_of_shape_huge", ZKI_ERR_LIMIT, "node 'cos' op 'ConstantOfShape': shape exceeds 2^24"},
    {"range_huge", ZKI_ERR_LIMIT, "node 'range' op 'Range': too many elements"},
    {"pad_huge", ZKI_ERR_LIMIT, "node 'pad' op 'Pad': tensor 'y': dim 1 is 1073741828"},
    {"raw_short", ZKI_ERR_ENCODING, "tensor 'w': raw_data has 3 bytes"},
    {"attr_type", ZKI_ERR_ENCODING, "node 'lrelu' op 'LeakyRelu': attribute 'alpha' must be a float"},
    {"gather_oob", ZKI_ERR_SIZE, "node 'gather' op 'Gather': index 5 out of range"},
    {"perm", ZKI_ERR_SIZE, "node 'tr' op 'Transpose': perm is not a permutation"},
    {"div_zero_step", ZKI_ERR_SIZE, "node 'slice' op 'Slice': step 0"},
};

CASE(onnx_hostile_files_refused) {
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, MODELS "hostile_%s.onnx", hostile[i].file);
        zki_graph g;
        zki_status st = zki_onnx_load(&g, path);
        const char *e = zki_onnx_last_error();
        int ok = st == hostile[i].st && strstr(e, hostile[i].msg) != NULL;
        if (!ok) fprintf(stderr, "  %s: status %d (want %d): %s\n", hostile[i].file, st, hostile[i].st, e);
        CHECK(ok);
        CHECK(g.n_nodes == 0 && g.tensors == NULL);
        if (st == ZKI_OK) zki_graph_free(&g);
    }
}

CASE(onnx_hostile_truncations_and_corruption) {
    size_t len;
    uint8_t *buf = zt_read_file(MODELS "torch_ops_op18.onnx", &len);
    REQUIRE(buf != NULL);
    zki_graph g;
    size_t bad = 0, step = zt_iters(70) < 70 ? 7 : 1; /* every 7th cut under --quick */
    for (size_t cut = 0; cut < len; cut += step) {
        zki_status st = zki_onnx_load_mem(&g, buf, cut);
        if (st == ZKI_OK) zki_graph_free(&g);
        if (st == ZKI_OK || zki_onnx_last_error()[0] == '\0') {
            if (bad++ < 3) fprintf(stderr, "  cut %zu: status %d\n", cut, st);
        }
    }
    CHECK_EQ_INT(bad, 0);
    /* random corruption: a refusal has a message; an accepted graph runs */
    uint8_t *mut = malloc(len);
    REQUIRE(mut != NULL);
    for (unsigned it = 0; it < zt_iters(1000); it++) {
        memcpy(mut, buf, len);
        for (int k = 0; k < 1 + (int)(zt_rand_u64() % 4); k++) mut[zt_rand_u64() % len] = (uint8_t)zt_rand_u64();
        zki_status st = zki_onnx_load_mem(&g, mut, len);
        if (st == ZKI_OK) {
            float *x = calloc(zki_graph_input_size(&g), sizeof *x), *y = calloc(zki_graph_output_size(&g), sizeof *y);
            CHECK(x && y && zki_infer_float(&g, x, y) == ZKI_OK);
            free(x);
            free(y);
            zki_graph_free(&g);
        } else
            CHECK(zki_onnx_last_error()[0] != '\0');
    }
    free(mut);
    free(buf);
}
