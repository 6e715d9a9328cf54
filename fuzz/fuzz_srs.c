/* zkinfer's own SRS file reader (prover/pcs/srs.c, zki_srs_read), through a memory
 * file. Input: mode byte (fuzz_common.h: bit 0 clear recomputes the file's digest; bit 1
 * set keeps only the first 2 powers, max_n = 2), then the file. */
#define _GNU_SOURCE
#include "fuzz_common.h"
#include "keccak.h"
#include "srs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t len;
    uint8_t *b = fuzz_fix_digest(data, size, &len, zki_keccak256);
    if (!b) return 0;
    const char *path = fuzz_memfile(b, len);
    free(b);
    size_t max_n = data[0] & 2 ? 2 : 0;
    zki_srs srs;
    zki_status st = zki_srs_read(&srs, path, max_n);
    FUZZ_ASSERT(st != ZKI_ERR_ARG && st != ZKI_ERR_IO && st != ZKI_ERR_NOMEM);
    if (st == ZKI_OK) {
        FUZZ_ASSERT(srs.n_g1 >= 2 && (max_n == 0 || srs.n_g1 <= max_n));
        zki_srs_free(&srs);
    } else {
        FUZZ_ASSERT(srs.g1 == NULL && srs.n_g1 == 0);
    }
    return 0;
}
