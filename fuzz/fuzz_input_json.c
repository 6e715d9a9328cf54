/* Model input reader (prover/onnx/input_json.c, zki_input_json_parse): EZKL-style
 * {"input_data": [[...]]}. Input: the JSON text (a NUL is appended; an embedded NUL
 * ends the text early, as it would for a C caller). Accepted values are finite floats. */
#define _GNU_SOURCE
#include <math.h>

#include "fuzz_common.h"
#include "input_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *txt = malloc(size + 1);
    FUZZ_ASSERT(txt != NULL);
    memcpy(txt, data, size);
    txt[size] = 0;
    float *x = NULL;
    size_t n = 0;
    zki_status st = zki_input_json_parse(txt, &x, &n);
    if (st == ZKI_OK) {
        for (size_t i = 0; i < n; i++) FUZZ_ASSERT(isfinite(x[i]));
        /* the same text with the count it holds is accepted; one more is refused */
        float *y = NULL;
        size_t m = n;
        FUZZ_ASSERT(zki_input_json_parse(txt, &y, &m) == ZKI_OK && m == n && (n == 0 || !memcmp(x, y, n * sizeof *x)));
        free(y);
        m = n + 1;
        FUZZ_ASSERT(zki_input_json_parse(txt, &y, &m) == ZKI_ERR_SIZE && y == NULL);
    } else {
        FUZZ_ASSERT(x == NULL && n == 0);
    }
    free(x);
    free(txt);
    return 0;
}
