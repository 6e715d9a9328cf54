#define _POSIX_C_SOURCE 199309L
/* zkv-bench VK PROOF PUBLIC [RUNS]: times zkv_vk_parse and zkv_verify (one core) and
 * prints min / median / max in ms, with the workspace size. Hosted (stdio, clock). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 4) return 2;
    int runs = argc > 4 ? atoi(argv[4]) : 50;
    if (runs < 1 || runs > 10000) runs = 50;
    size_t vl, pl, ul;
    unsigned char *vkb = slurp(argv[1], &vl), *proof = slurp(argv[2], &pl), *pub = slurp(argv[3], &ul);
    if (!vkb || !proof || !pub) return 2;
    zkv_vk vk;
    double t0 = now_ms();
    zkv_status st = zkv_vk_parse(&vk, vkb, vl);
    double tp = now_ms() - t0;
    if (st != ZKV_OK) return 1;
    size_t ws = zkv_workspace_size(&vk);
    void *work = malloc(ws);
    double *t = malloc(sizeof(double) * (size_t)runs);
    if (!work || !t) return 2;
    for (int i = 0; i < runs; i++) {
        t0 = now_ms();
        st = zkv_verify(&vk, proof, pl, (const unsigned char(*)[32])pub, ul / 32, work, ws);
        t[i] = now_ms() - t0;
        if (st != ZKV_OK) return 1;
    }
    qsort(t, (size_t)runs, sizeof *t, cmp);
    printf("zkv verify %s: min %.3f ms, median %.3f ms, max %.3f ms (%d runs); vk parse %.3f ms; "
           "workspace %lu B; proof %lu B; vk %lu B\n",
           argv[1], t[0], t[runs / 2], t[runs - 1], runs, tp, (unsigned long)ws, (unsigned long)pl,
           (unsigned long)vl);
    free(t);
    free(work);
    free(vkb);
    free(proof);
    free(pub);
    return 0;
}
