/* A builder's circuit emitted for a test: circuit, witness, public inputs and an instance
 * column holding them. Shared by the nn gadget tests (test_nn_matmul.c, test_nn_max4.c). */
#ifndef ZT_NN_EMITTED_H
#define ZT_NN_EMITTED_H

#include <stdlib.h>
#include <string.h>

#include "nn.h"

typedef struct {
    zki_cs cs;
    zki_fr *adv, *pub, *inst;
    uint32_t np;
} zt_emitted;

/* Returns: 1 on success. */
static inline int zt_emit(zki_nn *nn, zt_emitted *e) {
    memset(e, 0, sizeof *e);
    if (zki_nn_finish(nn, &e->cs, &e->adv, &e->pub, &e->np) != ZKI_OK) return 0;
    e->inst = calloc(e->cs.n, sizeof(zki_fr));
    if (!e->inst) return 0;
    memcpy(e->inst, e->pub, e->np * sizeof(zki_fr));
    return 1;
}

static inline void zt_emitted_free(zt_emitted *e) {
    zki_cs_free(&e->cs);
    free(e->adv);
    free(e->pub);
    free(e->inst);
}

#endif
