/* The SHPLONK opening sets of a layout, grouped for the Solidity verifier (see zkcg.h,
 * zkcg_open_sets; docs/PROTOCOL.md §4.7). Pure bookkeeping over L->opens: which
 * denominators x^t − ζ·ω^ρ the contract inverts and which opening sets share 1/Z(x). */
#include <stdlib.h>
#include <string.h>

#include "zkcg.h"

void zkcg_open_sets_free(zkcg_open_sets *S) {
    free(S->den_t);
    free(S->den_rot);
    free(S->set_t);
    free(S->set_nrot);
    free(S->set_first);
    free(S->rots);
    free(S->dens);
    free(S->set_slot);
    free(S->open_set);
    memset(S, 0, sizeof *S);
}

/* Index of denominator (t, rot), appended when new. */
static uint32_t den_index(zkcg_open_sets *S, uint32_t t, int32_t rot) {
    for (uint32_t j = 0; j < S->n_den; j++)
        if (S->den_t[j] == t && S->den_rot[j] == rot) return j;
    S->den_t[S->n_den] = t;
    S->den_rot[S->n_den] = rot;
    return S->n_den++;
}

zki_status zkcg_open_sets_init(zkcg_open_sets *S, const zki_plonk_layout *L) {
    memset(S, 0, sizeof *S);
    if (!L->shplonk) return ZKI_OK;
    size_t K = L->n_opens, nr = 0;
    for (uint32_t i = 0; i < K; i++) nr += L->opens[i].n_rot;
    S->den_t = malloc((nr + 1) * sizeof *S->den_t);
    S->den_rot = malloc((nr + 1) * sizeof *S->den_rot);
    S->set_t = malloc((K + 1) * sizeof *S->set_t);
    S->set_nrot = malloc((K + 1) * sizeof *S->set_nrot);
    S->set_first = malloc((K + 1) * sizeof *S->set_first);
    S->rots = malloc((nr + 1) * sizeof *S->rots);
    S->dens = malloc((nr + 1) * sizeof *S->dens);
    S->set_slot = malloc((K + 1) * sizeof *S->set_slot);
    S->open_set = malloc((K + 1) * sizeof *S->open_set);
    if (!S->den_t || !S->den_rot || !S->set_t || !S->set_nrot || !S->set_first || !S->rots || !S->dens ||
        !S->set_slot || !S->open_set) {
        zkcg_open_sets_free(S);
        return ZKI_ERR_NOMEM;
    }
    uint32_t used = 0;
    for (uint32_t i = 0; i < K; i++) {
        const zki_plonk_open *o = &L->opens[i];
        const int32_t *r = L->open_rots + o->rot_first;
        uint32_t s;
        for (s = 0; s < S->n_set; s++)
            if (S->set_t[s] == o->t && S->set_nrot[s] == o->n_rot &&
                !memcmp(S->rots + S->set_first[s], r, o->n_rot * sizeof *r))
                break;
        if (s == S->n_set) {
            S->set_t[s] = o->t;
            S->set_nrot[s] = o->n_rot;
            S->set_first[s] = used;
            for (uint32_t k = 0; k < o->n_rot; k++) {
                S->rots[used + k] = r[k];
                S->dens[used + k] = den_index(S, o->t, r[k]);
            }
            used += o->n_rot;
            S->set_slot[s] = UINT32_MAX;
            if (o->n_rot > 1) {
                S->set_slot[s] = S->n_slots;
                S->n_slots += 1 + o->n_rot;
            }
            S->n_set++;
        }
        S->open_set[i] = s;
    }
    return ZKI_OK;
}
