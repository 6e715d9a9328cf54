/* pk.bin reader (prover/model/artifacts.c, zki_pk_file_read), through a memory file.
 * Input: mode byte (fuzz_common.h: bit 0 clear recomputes the file's digest), then the
 * file. A key it accepts has its embedded VK decoded too, as `prove` does. */
#define _GNU_SOURCE
#include "artifacts.h"
#include "fuzz_common.h"
#include "keccak.h"
#include "keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t len;
    uint8_t *b = fuzz_fix_digest(data, size, &len, zki_keccak256);
    if (!b) return 0;
    const char *path = fuzz_memfile(b, len);
    free(b);
    zki_pk_file pk;
    zki_status st = zki_pk_file_read(path, &pk);
    FUZZ_ASSERT(st != ZKI_ERR_IO && st != ZKI_ERR_NOMEM);
    if (st == ZKI_OK) {
        FUZZ_ASSERT(pk.srs.n_g1 >= 2);
        zki_vk vk;
        if (zki_vk_decode(&vk, pk.vk, pk.vk_len) == ZKI_OK) zki_vk_free(&vk);
        zki_pk_file_free(&pk);
    } else {
        FUZZ_ASSERT(pk.vk == NULL && pk.lagrange == NULL && pk.srs.g1 == NULL);
    }
    return 0;
}
