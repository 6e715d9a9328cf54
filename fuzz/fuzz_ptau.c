/* snarkjs .ptau reader (prover/pcs/ptau.c), through a memory file.
 * Input: one control byte c, then the file. zki_ptau_read keeps max_n = 0 (all powers)
 * when c & 0x80 is clear, else (c & 0x7f) + 2; then zki_ptau_read_lagrange reads the
 * basis of the domain of size 2^(c & 3). */
#define _GNU_SOURCE
#include "fuzz_common.h"
#include "ptau.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    const char *path = fuzz_memfile(data + 1, size - 1);
    size_t max_n = data[0] & 0x80 ? (size_t)(data[0] & 0x7f) + 2 : 0;
    zki_srs srs;
    zki_status st = zki_ptau_read(&srs, path, max_n);
    FUZZ_ASSERT(st != ZKI_ERR_ARG && st != ZKI_ERR_IO && st != ZKI_ERR_NOMEM);
    if (st == ZKI_OK) {
        FUZZ_ASSERT(srs.n_g1 >= 2 && (max_n == 0 || srs.n_g1 <= max_n));
        zki_srs_free(&srs);
    }
    unsigned log_n = data[0] & 3;
    zki_g1_aff *lag = malloc(((size_t)1 << log_n) * sizeof *lag);
    FUZZ_ASSERT(lag != NULL);
    st = zki_ptau_read_lagrange(lag, path, log_n);
    FUZZ_ASSERT(st != ZKI_ERR_ARG && st != ZKI_ERR_IO && st != ZKI_ERR_NOMEM);
    free(lag);
    return 0;
}
