/* settings.json reader (prover/model/artifacts.c, zki_settings_read), through a memory
 * file. Input: the file. A file it accepts has every value in its documented range. */
#define _GNU_SOURCE
#include "artifacts.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *path = fuzz_memfile(data, size);
    zki_settings_file f;
    zki_status st = zki_settings_read(path, &f);
    FUZZ_ASSERT(st == ZKI_OK || st == ZKI_ERR_ENCODING || st == ZKI_ERR_VERSION || st == ZKI_ERR_ARG ||
                st == ZKI_ERR_SIZE || st == ZKI_ERR_LIMIT);
    if (st == ZKI_OK) {
        FUZZ_ASSERT(f.s.scale >= 1 && f.s.scale <= 16 && f.s.act_bits >= 4 && f.s.act_bits <= 22);
        FUZZ_ASSERT(f.s.width >= 4 && f.s.width <= 64 && f.logrows >= 3 && f.logrows <= 24);
    }
    return 0;
}
