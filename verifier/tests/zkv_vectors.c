/* zkv-vectors VK PROOF PUBLIC [STRIDE]: prints the light verifier's status for the given
 * proof and for deterministic corruptions of it (every STRIDE-th byte xor-ed with a
 * position-dependent nonzero byte; each public input with its last bit flipped), one
 * line per case. Builds of different limb sizes and targets must print identical
 * output (tests/run32.sh compares them). Hosted: uses stdio for the files only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../zkv.h"

static unsigned char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(n > 0 ? (size_t)n : 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

int main(int argc, char **argv) {
    if (argc < 4) return 2;
    size_t vl, pl, ul, stride = argc > 4 ? (size_t)atol(argv[4]) : 1;
    unsigned char *vkb = slurp(argv[1], &vl), *proof = slurp(argv[2], &pl), *pub = slurp(argv[3], &ul);
    if (!vkb || !proof || !pub || !stride) return 2;
    zkv_vk vk;
    zkv_status st = zkv_vk_parse(&vk, vkb, vl);
    printf("parse %d\n", (int)st);
    if (st != ZKV_OK) return 1;
    size_t ws = zkv_workspace_size(&vk), np = ul / 32;
    void *work = malloc(ws);
    unsigned char *bad = malloc(pl), *pb = malloc(ul + 1);
    if (!work || !bad || !pb) return 2;
    printf("workspace %lu proof %lu\n", (unsigned long)ws, (unsigned long)pl);
    printf("valid %d\n", (int)zkv_verify(&vk, proof, pl, (const uint8_t(*)[32])pub, np, work, ws));
    for (size_t i = 0; i < pl; i += stride) {
        memcpy(bad, proof, pl);
        bad[i] ^= (unsigned char)((i * 7 + 1) | 1);
        printf("byte %lu %d\n", (unsigned long)i, (int)zkv_verify(&vk, bad, pl, (const uint8_t(*)[32])pub, np, work, ws));
    }
    for (size_t k = 0; k < np; k++) {
        memcpy(pb, pub, ul);
        pb[32 * k + 31] ^= 1;
        printf("public %lu %d\n", (unsigned long)k, (int)zkv_verify(&vk, proof, pl, (const uint8_t(*)[32])pb, np, work, ws));
    }
    free(work);
    free(bad);
    free(pb);
    free(vkb);
    free(proof);
    free(pub);
    return 0;
}
