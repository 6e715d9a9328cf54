#include "mnist_set.h"

#include <stdlib.h>
#include <string.h>

#include "artifacts.h"

static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

zki_status zki_mnist_set_read(zki_mnist_set *set, const char *path) {
    memset(set, 0, sizeof *set);
    uint8_t *b;
    size_t len;
    zki_status st = zki_file_read(path, (size_t)1 << 30, &b, &len);
    if (st != ZKI_OK) return st;
    if (len < 20 || memcmp(b, "ZKMNIST1", 8) != 0) {
        free(b);
        return ZKI_ERR_ENCODING;
    }
    uint32_t n = le32(b + 8), r = le32(b + 12), c = le32(b + 16);
    if (r == 0 || c == 0 || r > 1024 || c > 1024 || (uint64_t)n * (1 + (uint64_t)r * c) != len - 20) {
        free(b);
        return ZKI_ERR_SIZE;
    }
    set->labels = malloc(n ? n : 1);
    set->pixels = malloc((size_t)n * r * c + 1);
    if (!set->labels || !set->pixels) {
        free(b);
        zki_mnist_set_free(set);
        return ZKI_ERR_NOMEM;
    }
    memcpy(set->labels, b + 20, n);
    memcpy(set->pixels, b + 20 + n, (size_t)n * r * c);
    set->n = n;
    set->rows = r;
    set->cols = c;
    free(b);
    return ZKI_OK;
}

void zki_mnist_set_free(zki_mnist_set *set) {
    free(set->labels);
    free(set->pixels);
    memset(set, 0, sizeof *set);
}
