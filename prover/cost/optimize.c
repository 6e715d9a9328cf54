/* The layout optimizer (optimize.h). */
#include "optimize.h"

#include <stdlib.h>
#include <string.h>

#include "nn.h"

static const uint32_t WIDTHS[] = {4, 6, 8, 10, 12, 16, 20, 24, 32, 40, 48, 64};

const uint32_t *zki_layout_widths(size_t *count) {
    *count = sizeof WIDTHS / sizeof WIDTHS[0];
    return WIDTHS;
}

/* per layout: GWC, SHPLONK at 2, 4, D − 1, 8, 16, all (ZKI_CS_MAX_PACK) and the base
 * settings' P */
#define MAX_SCHEMES 8

size_t zki_layout_max_candidates(void) { return 4 * MAX_SCHEMES * (sizeof WIDTHS / sizeof WIDTHS[0]); }

/* The opening schemes tried for a layout of degree D, ascending, without repeats:
 * 0 (GWC), then the SHPLONK pack limits 2, 4, D − 1 (the packs no longer than the
 * quotient, so no larger SRS or opening MSM), 8, 16, all, and base (the caller's own, if
 * any). Small limits matter since the prover's own polynomials are packed too (witness
 * packs, docs/PROTOCOL.md §4.7): each pack of t > 1 costs the prover a full MSM of t·n
 * points but saves the verifier t − 1 ecMul, so the fastest layout within a gas bound
 * often packs in fours or eights. */
static size_t schemes(uint32_t *out, uint32_t degree, uint32_t base) {
    uint32_t c[MAX_SCHEMES] = {0, 2, 4, degree - 1, 8, 16, ZKI_CS_MAX_PACK, base};
    size_t n = 0;
    for (size_t i = 0; i < MAX_SCHEMES; i++) {
        if (c[i] > ZKI_CS_MAX_PACK || (i > 0 && c[i] == 0)) continue;
        size_t k = n;
        int dup = 0;
        for (size_t j = 0; j < n; j++) dup |= out[j] == c[i];
        if (dup) continue;
        while (k > 0 && out[k - 1] > c[i]) {
            out[k] = out[k - 1];
            k--;
        }
        out[k] = c[i];
        n++;
    }
    return n;
}

/* 1 if settings.freivalds can change g's circuit: a Conv, with fixed parameters. */
static int freivalds_applies(const zki_graph *g, const zki_model_settings *s) {
    if (s->param_vis != ZKI_PARAMS_FIXED) return 0;
    for (size_t k = 0; k < g->n_nodes; k++)
        if (g->nodes[k].op == ZKI_OP_CONV) return 1;
    return 0;
}

/* 1 if settings.max4 can change g's circuit: a node that takes a max of values. */
static int max4_applies(const zki_graph *g) {
    for (size_t k = 0; k < g->n_nodes; k++)
        switch (g->nodes[k].op) {
        case ZKI_OP_MAXPOOL:
        case ZKI_OP_GLOBAL_MAXPOOL:
        case ZKI_OP_REDUCE_MAX:
        case ZKI_OP_SOFTMAX:
        case ZKI_OP_ARGMAX: return 1;
        default: break;
        }
    return 0;
}

/* 1 if cs has a max4 row (its gate exists only then). */
static int has_max4(const zki_cs *cs) {
    for (uint32_t i = 0; i < cs->n_gates; i++)
        if (strcmp(cs->gates[i].name, "max4") == 0) return 1;
    return 0;
}

zki_status zki_layout_build(zki_cs *cs, uint32_t *n_public, uint32_t *rows_used, const zki_graph *g,
                            const zki_model_settings *s) {
    if (!cs || !n_public || !g || !s) return ZKI_ERR_ARG;
    memset(cs, 0, sizeof *cs);
    size_t need = zki_graph_input_size(g);
    float *zeros = calloc(need ? need : 1, sizeof(float));
    if (!zeros) return ZKI_ERR_NOMEM;
    zki_nn *nn = NULL;
    zki_model_result res;
    memset(&res, 0, sizeof res);
    zki_status st = zki_model_build(&nn, &res, g, s, zeros);
    free(zeros);
    zki_model_result_free(&res);
    if (st != ZKI_OK) {
        zki_nn_free(nn);
        return st;
    }
    if (rows_used) *rows_used = zki_nn_rows(nn);
    zki_fr *adv = NULL, *pub = NULL;
    st = zki_nn_finish(nn, cs, &adv, &pub, n_public);
    zki_nn_free(nn);
    free(adv);
    free(pub);
    /* the opening scheme: same layout, other keys and proof */
    if (st == ZKI_OK && (st = zki_cs_set_shplonk(cs, s->shplonk)) != ZKI_OK) zki_cs_free(cs);
    return st;
}

zki_status zki_layout_optimize(zki_layout_candidate *cand, size_t *n_cand, size_t *best, const zki_graph *g,
                               const zki_model_settings *base, const zki_cost_model *m, zki_objective obj,
                               zki_layout_cost_fn cost_fn, void *cost_ctx, const zki_layout_cap *cap) {
    if (!cand || !n_cand || !best || !g || !base || !m || (obj == ZKI_OBJ_GAS && !cost_fn) || (cap && !cap->fn))
        return ZKI_ERR_ARG;
    if (obj != ZKI_OBJ_TIME && obj != ZKI_OBJ_SIZE && obj != ZKI_OBJ_GAS) return ZKI_ERR_ARG;
    size_t count;
    const uint32_t *widths = zki_layout_widths(&count);
    zki_status first_err = ZKI_OK;
    /* per width: (freivalds, max4) = (off, off), (off, on), (on, off), (on, on), each "on"
     * only where it can change the circuit */
    size_t nf = freivalds_applies(g, base) ? 2 : 1, nm = max4_applies(g) ? 2 : 1, variants = nf * nm;
    int have = 0, have_fit = 0;
    size_t i = 0, least = 0;
    *n_cand = 0;
    *best = 0;
    for (size_t wi = 0; wi < count * variants; wi++) {
        zki_layout_candidate *c = &cand[i];
        memset(c, 0, sizeof *c);
        c->width = widths[wi / variants];
        c->freivalds = (int)(wi % variants / nm);
        c->max4 = (int)(wi % nm);
        zki_model_settings s = *base;
        s.width = c->width;
        s.freivalds = c->freivalds;
        s.max4 = c->max4;
        zki_cs cs;
        uint32_t npub = 0;
        s.shplonk = 0;
        c->status = zki_layout_build(&cs, &npub, &c->rows, g, &s);
        /* an "on" that laid out nothing of its kind is an "off" circuit again */
        if (c->status == ZKI_OK && ((c->freivalds && cs.n_advice_late == 0) || (c->max4 && !has_max4(&cs)))) {
            zki_cs_free(&cs);
            continue;
        }
        /* the opening schemes share the layout: one build, an estimate each */
        uint32_t sch[MAX_SCHEMES] = {0};
        size_t n_sch = 1;
        zki_estimate last;
        memset(&last, 0, sizeof last);
        for (size_t k = 0; k < n_sch; k++) {
            c = &cand[i];
            if (k > 0) {
                *c = cand[i - 1];
                memset(&c->est, 0, sizeof c->est);
            }
            c->shplonk = sch[k];
            cs.shplonk = sch[k];
            if (c->status == ZKI_OK) c->status = zki_estimate_circuit(&c->est, &cs, npub, m);
            if (k == 0 && c->status == ZKI_OK) n_sch = schemes(sch, c->est.degree, base->shplonk);
            /* a pack limit that packs exactly as a smaller one did (preprocessed and witness
             * packs) costs the same */
            if (k > 1 && c->status == ZKI_OK && c->est.n_packs == last.n_packs && c->est.pack_max_t == last.pack_max_t &&
                c->est.n_wpacks == last.n_wpacks && c->est.wpack_max_t == last.wpack_max_t &&
                c->est.proof_bytes == last.proof_bytes && c->est.n_opens == last.n_opens)
                continue;
            last = c->est;
            if (c->status == ZKI_OK) {
                c->objective = obj == ZKI_OBJ_TIME   ? c->est.prove_s
                               : obj == ZKI_OBJ_SIZE ? (double)c->est.proof_bytes + c->est.prove_s * 1e-6
                                                     : cost_fn(cost_ctx, &cs, npub, &c->est);
                if (cap) {
                    c->capped = cap->fn(cap->ctx, &cs, npub, &c->est);
                    c->over_cap = c->capped > cap->max;
                }
            }
            i++;
            *n_cand = i;
            if (c->status != ZKI_OK) {
                if (first_err == ZKI_OK) first_err = c->status;
                break;
            }
            if (cap && (!have || c->capped < cand[least].capped)) least = i - 1;
            have = 1;
            if (c->over_cap) continue;
            if (!have_fit || c->objective < cand[*best].objective) *best = i - 1;
            have_fit = 1;
        }
        if (cs.nodes || cs.fixed) zki_cs_free(&cs);
    }
    if (!have) return first_err;
    if (!have_fit) {
        *best = least;
        return ZKI_ERR_SIZE;
    }
    return ZKI_OK;
}
