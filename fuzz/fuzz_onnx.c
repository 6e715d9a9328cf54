/* ONNX importer (prover/onnx, zki_onnx_load_mem): protobuf decoding, graph checks,
 * constant folding and shape inference, on arbitrary bytes. */
#define _GNU_SOURCE
#include "fuzz_common.h"
#include "graph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    zki_graph g;
    zki_status st = zki_onnx_load_mem(&g, data, size);
    FUZZ_ASSERT(st != ZKI_ERR_ARG && st != ZKI_ERR_IO);
    (void)zki_onnx_last_error();
    if (st == ZKI_OK) zki_graph_free(&g);
    return 0;
}
