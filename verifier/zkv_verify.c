/* zkv-verify VK PROOF [PUBLIC_INPUTS]: the light verifier as a command.
 * PUBLIC_INPUTS is a file of 32-byte big-endian words (zkinfer's public.bin); omitted
 * means none. Exit status: 0 accept, 1 reject, 2 malformed input (or unreadable file).
 * The one place that uses stdio and the heap: the library itself (zkv.c) does not. */
#include <stdio.h>
#include <stdlib.h>

#include "zkv.h"

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        unsigned char *nb = realloc(buf, cap *= 2);
        if (!nb) free(buf);
        buf = nb;
    }
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: zkv-verify VK PROOF [PUBLIC_INPUTS]\n");
        return 2;
    }
    size_t vk_len, proof_len, pub_len = 0;
    unsigned char *vkb = read_file(argv[1], &vk_len), *proof = read_file(argv[2], &proof_len);
    unsigned char *pub = argc == 4 ? read_file(argv[3], &pub_len) : NULL;
    if (!vkb || !proof || (argc == 4 && !pub)) {
        fprintf(stderr, "zkv-verify: cannot read input files\n");
        return 2;
    }
    zkv_vk vk;
    zkv_status st = zkv_vk_parse(&vk, vkb, vk_len);
    if (st == ZKV_OK && pub_len % 32 != 0) st = ZKV_ERR_SIZE;
    void *work = NULL;
    if (st == ZKV_OK) {
        size_t need = zkv_workspace_size(&vk);
        work = malloc(need + 8);
        st = work ? zkv_verify(&vk, proof, proof_len, (const uint8_t(*)[32])pub, pub_len / 32, work, need)
                  : ZKV_ERR_ARG;
    }
    printf("%s\n", st == ZKV_OK ? "accept" : st == ZKV_REJECT ? "reject" : zkv_status_str(st));
    free(work);
    free(vkb);
    free(proof);
    free(pub);
    return st == ZKV_OK ? 0 : st == ZKV_REJECT ? 1 : 2;
}
