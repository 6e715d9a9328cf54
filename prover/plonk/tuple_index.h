/* zki_tuple_index: finding lookup tuples among a table's rows — the prover's lookup
 * multiplicities (prove.c) and the cost model's microbenchmark of them (cost_model.c)
 * share it, so the benchmark measures the code that runs.
 *
 * A table of rows of w field elements is indexed by (hash, row) pairs sorted by hash
 * then row; a tuple is found by binary search on its hash, then an exact comparison
 * along the run of equal hashes. The first equal row is the smallest row index. */
#ifndef ZKI_TUPLE_INDEX_H
#define ZKI_TUPLE_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "fr.h"

typedef struct {
    uint64_t h;
    uint32_t row;
} zki_tuple_row;

/* Returns: a 64-bit hash of the w elements t[0..w) (not cryptographic). */
uint64_t zki_tuple_hash(const zki_fr *t, uint32_t w);

/* Sorts idx[0..n) by hash, then row. */
void zki_tuple_index_sort(zki_tuple_row *idx, size_t n);

/* Returns: the smallest table row equal to t (rows of w elements at tab[row·w]), or -1.
 * idx: n entries sorted by zki_tuple_index_sort, h = zki_tuple_hash(t, w). */
int64_t zki_tuple_index_find(const zki_tuple_row *idx, size_t n, const zki_fr *tab, uint32_t w, const zki_fr *t,
                             uint64_t h);

#endif
