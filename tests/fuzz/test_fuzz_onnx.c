/* Regression inputs of fuzz/fuzz_onnx.c (tests/fuzz/onnx/): ONNX models that crashed
 * the importer, now refused with an error. */
#define LLVMFuzzerTestOneInput fuzz_onnx_one
#include "../../fuzz/fuzz_onnx.c"
#include "fuzz_regress.h"
#include "test.h"

CASE(fuzz_regress_onnx) { CHECK(fuzz_regress_dir("tests/fuzz/onnx", fuzz_onnx_one) > 0); }
