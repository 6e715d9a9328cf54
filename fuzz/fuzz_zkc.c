/* model.zkc reader (prover/model/artifacts.c, zki_zkc_read), through a memory file.
 * Input: mode byte (fuzz_common.h: bit 0 clear recomputes the file's digest), then the
 * file. */
#define _GNU_SOURCE
#include "artifacts.h"
#include "fuzz_common.h"
#include "keccak.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t len;
    uint8_t *b = fuzz_fix_digest(data, size, &len, zki_keccak256);
    if (!b) return 0;
    const char *path = fuzz_memfile(b, len);
    zki_settings_file f;
    uint8_t *onnx = NULL;
    size_t onnx_len = 0;
    zki_status st = zki_zkc_read(path, &f, &onnx, &onnx_len);
    FUZZ_ASSERT(st != ZKI_ERR_IO && st != ZKI_ERR_NOMEM);
    if (st == ZKI_OK) {
        FUZZ_ASSERT(onnx != NULL && onnx_len < len);
        uint8_t d[32];
        FUZZ_ASSERT(zki_zkc_digest(path, d) == ZKI_OK && memcmp(d, b + len - 32, 32) == 0);
    } else {
        FUZZ_ASSERT(onnx == NULL && onnx_len == 0);
    }
    free(onnx);
    free(b);
    return 0;
}
