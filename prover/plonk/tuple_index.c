/* Lookup tuples among table rows: hash, sort, search (tuple_index.h). */
#include "tuple_index.h"

#include <stdlib.h>
#include <string.h>

uint64_t zki_tuple_hash(const zki_fr *t, uint32_t w) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (uint32_t j = 0; j < w; j++)
        for (int k = 0; k < 4; k++) h = (h ^ t[j].v[k]) * 0x100000001b3ULL + (h >> 31);
    return h;
}

static int cmp_row(const void *a, const void *b) {
    const zki_tuple_row *x = a, *y = b;
    if (x->h != y->h) return (x->h > y->h) - (x->h < y->h);
    return (x->row > y->row) - (x->row < y->row);
}

void zki_tuple_index_sort(zki_tuple_row *idx, size_t n) { qsort(idx, n, sizeof *idx, cmp_row); }

int64_t zki_tuple_index_find(const zki_tuple_row *idx, size_t n, const zki_fr *tab, uint32_t w, const zki_fr *t,
                             uint64_t h) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (idx[mid].h < h) lo = mid + 1;
        else hi = mid;
    }
    /* entries with equal hash are sorted by row: the first equal tuple is the first row */
    while (lo < n && idx[lo].h == h && memcmp(&tab[(size_t)idx[lo].row * w], t, w * sizeof(zki_fr)) != 0) lo++;
    return lo < n && idx[lo].h == h ? (int64_t)idx[lo].row : -1;
}
