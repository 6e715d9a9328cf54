/* Writes the vk.bin / proof.bin / public.bin of the proof-system benchmark circuit
 * (bench/bench_plonk.c: 2^16 rows, 16 advice columns, a multiply-accumulate gate, two
 * range lookups, copy constraints, no public inputs) for the EVM gas benchmark
 * (tests/evm/bench_evm.sh): zki_bench_circuit, the circuit bench_plonk.c proves.
 * Usage: evm-bench-circuit [LOGN] DIR   (default LOGN 16; INSECURE development SRS) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "prove.h"

/* the circuit: zki_bench_circuit (prover/plonk/example.h) */
static int build(zki_cs *cs, zki_fr **adv_out, uint32_t log_n) {
    return zki_bench_circuit(cs, adv_out, log_n, 1) == ZKI_OK;
}

static int put(const char *dir, const char *name, const void *b, size_t n) {
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (!f) return 0;
    int ok = fwrite(b, 1, n, f) == n;
    return (fclose(f) == 0) && ok;
}

int main(int argc, char **argv) {
    uint32_t log_n = argc > 2 ? (uint32_t)atoi(argv[1]) : 16;
    const char *dir = argv[argc - 1];
    if (argc < 2 || log_n < 4 || log_n > 20) {
        fprintf(stderr, "usage: evm-bench-circuit [LOGN] DIR\n");
        return 2;
    }
    zki_cs cs;
    zki_fr *adv = NULL;
    zki_srs srs;
    zki_pk pk;
    if (!build(&cs, &adv, log_n) || zki_srs_dev(&srs, log_n + 1, (const uint8_t *)"bench", 5) != ZKI_OK ||
        zki_keygen(&pk, &cs, NULL, &srs, 0) != ZKI_OK) {
        fprintf(stderr, "evm-bench-circuit: keygen failed\n");
        return 4;
    }
    size_t plen = zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs), vlen = 0;
    zki_vk_encode(&pk.vk, NULL, 0, &vlen);
    uint8_t *proof = malloc(plen), *vk = malloc(vlen);
    if (!proof || !vk || zki_vk_encode(&pk.vk, vk, vlen, &vlen) != ZKI_OK ||
        zki_prove(&pk, adv, NULL, proof, plen, NULL, NULL, 0) != ZKI_OK) {
        fprintf(stderr, "evm-bench-circuit: prove failed\n");
        return 4;
    }
    int ok = put(dir, "vk.bin", vk, vlen) && put(dir, "proof.bin", proof, plen) && put(dir, "public.bin", "", 0);
    free(proof);
    free(vk);
    free(adv);
    zki_pk_free(&pk);
    zki_srs_free(&srs);
    zki_cs_free(&cs);
    if (!ok) fprintf(stderr, "evm-bench-circuit: cannot write into %s\n", dir);
    return ok ? 0 : 4;
}
