/* A model built for a test: the builder, its result, and (when finished) the circuit,
 * witness, public inputs and an instance column holding them. Shared by the model
 * gadget tests (test_model_freivalds.c, test_model_max4.c). */
#ifndef ZT_MODEL_BUILT_H
#define ZT_MODEL_BUILT_H

#include <stdlib.h>
#include <string.h>

#include "model.h"

typedef struct {
    zki_nn *nn;
    zki_model_result res;
    zki_cs cs;
    zki_fr *adv, *pub, *inst;
    uint32_t np, rows;
} zt_built;

static inline void zt_built_free(zt_built *b) {
    if (b->cs.nodes) zki_cs_free(&b->cs);
    free(b->adv);
    free(b->pub);
    free(b->inst);
    zki_nn_free(b->nn);
    zki_model_result_free(&b->res);
    memset(b, 0, sizeof *b);
}

/* Builds g for input `in` under s; finish: also emit the circuit and witness. */
static inline zki_status zt_built_make(zt_built *b, const zki_graph *g, const float *in, const zki_model_settings *s,
                                       int finish) {
    memset(b, 0, sizeof *b);
    zki_status st = zki_model_build(&b->nn, &b->res, g, s, in);
    if (st != ZKI_OK || !finish) return st;
    b->rows = zki_nn_rows(b->nn);
    st = zki_nn_finish(b->nn, &b->cs, &b->adv, &b->pub, &b->np);
    if (st != ZKI_OK) return st;
    b->inst = calloc(b->cs.n, sizeof(zki_fr));
    if (!b->inst) return ZKI_ERR_NOMEM;
    memcpy(b->inst, b->pub, b->np * sizeof(zki_fr));
    return ZKI_OK;
}

#endif
