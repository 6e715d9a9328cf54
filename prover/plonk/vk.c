/* The binary verifying key (docs/PROTOCOL.md, "Verifying key"): little-endian u32
 * counts, 12-byte expression nodes, 32-byte big-endian field elements, EVM-encoded
 * points, and a Keccak-256 digest of everything before it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keccak.h"
#include "keys.h"

static const uint8_t VK_MAGIC[8] = {'Z', 'K', 'I', 'V', 'K', 'E', 'Y', 0};
/* version 2 adds A_late and n_c after the counts and allows challenge nodes; it is
 * written only for circuits with late advice columns, so every other VK keeps the
 * version-1 bytes (and digest) it always had */
#define VK_VERSION 1
#define VK_VERSION_LATE 2
/* version 3: the SHPLONK opening (docs/PROTOCOL.md §4.7), with or without late columns:
 * A_late and n_c always (either may be 0 with the other), then P, and pack commitments
 * in place of the fixed and σ ones */
#define VK_VERSION_SHPLONK 3

typedef struct {
    uint8_t *p; /* NULL: only count */
    size_t len, cap;
} wbuf;

static void put(wbuf *w, const void *src, size_t n) {
    if (w->p && w->len + n <= w->cap) memcpy(w->p + w->len, src, n);
    w->len += n;
}

static void put_u32(wbuf *w, uint32_t v) {
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(w, b, 4);
}

static void put_g1(wbuf *w, const zki_g1_aff *a) {
    uint8_t b[64];
    zki_g1_aff_to_bytes(b, a);
    put(w, b, 64);
}

zki_status zki_vk_encode(const zki_vk *vk, uint8_t *out, size_t cap, size_t *len) {
    const zki_cs *cs = &vk->cs;
    wbuf w = {out, 0, cap};
    put(&w, VK_MAGIC, 8);
    int late = cs->n_advice_late > 0, v3 = cs->shplonk > 0;
    put_u32(&w, v3 ? VK_VERSION_SHPLONK : late ? VK_VERSION_LATE : VK_VERSION);
    put_u32(&w, cs->log_n);
    put_u32(&w, ZKI_CS_BLIND_ROWS);
    put_u32(&w, cs->n_advice);
    put_u32(&w, cs->n_fixed);
    put_u32(&w, cs->n_instance);
    put_u32(&w, cs->n_nodes);
    put_u32(&w, cs->n_consts);
    put_u32(&w, cs->n_gates);
    put_u32(&w, cs->n_lookups);
    put_u32(&w, cs->n_perm_cols);
    put_u32(&w, vk->L.degree);
    if (late || v3) {
        put_u32(&w, cs->n_advice_late);
        put_u32(&w, cs->n_challenges);
    }
    if (v3) put_u32(&w, cs->shplonk);
    for (uint32_t j = 0; j < cs->n_instance; j++) put_u32(&w, vk->L.public_per_col[j]);
    for (uint32_t i = 0; i < cs->n_nodes; i++) {
        const zki_expr_node *nd = &cs->nodes[i];
        uint8_t b[4] = {nd->op, nd->kind, (uint8_t)(uint16_t)nd->rot, (uint8_t)((uint16_t)nd->rot >> 8)};
        put(&w, b, 4);
        put_u32(&w, nd->a);
        put_u32(&w, nd->b);
    }
    for (uint32_t i = 0; i < cs->n_consts; i++) {
        uint8_t b[32];
        zki_fr_to_bytes(b, &cs->consts[i]);
        put(&w, b, 32);
    }
    for (uint32_t g = 0; g < cs->n_gates; g++) put_u32(&w, cs->gates[g].root);
    for (uint32_t l = 0; l < cs->n_lookups; l++) {
        const zki_lookup *lk = &cs->lookups[l];
        put_u32(&w, lk->width);
        for (uint32_t j = 0; j < lk->width; j++) put_u32(&w, lk->inputs[j]);
        for (uint32_t j = 0; j < lk->width; j++) put_u32(&w, lk->tables[j]);
    }
    for (uint32_t k = 0; k < cs->n_perm_cols; k++) {
        put_u32(&w, cs->perm_cols[k].kind);
        put_u32(&w, cs->perm_cols[k].col);
    }
    if (v3) {
        for (uint32_t g = 0; g < vk->L.n_packs; g++) put_g1(&w, &vk->pack_comm[g]);
    } else {
        for (uint32_t j = 0; j < cs->n_fixed; j++) put_g1(&w, &vk->fixed_comm[j]);
        for (uint32_t k = 0; k < cs->n_perm_cols; k++) put_g1(&w, &vk->sigma_comm[k]);
    }
    put_g1(&w, &vk->g1);
    for (int i = 0; i < 2; i++) {
        uint8_t b[128];
        zki_g2_aff_to_bytes(b, &vk->g2[i]);
        put(&w, b, 128);
    }
    size_t body = w.len;
    *len = body + 32;
    if (!out) return ZKI_OK;
    if (*len > cap) return ZKI_ERR_BUFFER;
    zki_keccak256(out + body, out, body);
    return ZKI_OK;
}

typedef struct {
    const uint8_t *p;
    size_t len, pos;
    int bad;
} rbuf;

static const uint8_t *take(rbuf *r, size_t n) {
    if (r->bad || n > r->len - r->pos) {
        r->bad = 1;
        return NULL;
    }
    const uint8_t *q = r->p + r->pos;
    r->pos += n;
    return q;
}

static uint32_t get_u32(rbuf *r) {
    const uint8_t *b = take(r, 4);
    if (!b) return 0;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static zki_status get_g1(rbuf *r, zki_g1_aff *a) {
    const uint8_t *b = take(r, 64);
    return b ? zki_g1_aff_from_bytes(a, b) : ZKI_ERR_SIZE;
}

zki_status zki_vk_decode(zki_vk *vk, const uint8_t *in, size_t len) {
    memset(vk, 0, sizeof *vk);
    rbuf r = {in, len, 0, 0};
    const uint8_t *magic = take(&r, 8);
    if (!magic || memcmp(magic, VK_MAGIC, 8) != 0) return ZKI_ERR_ENCODING;
    uint32_t version = get_u32(&r);
    if (version != VK_VERSION && version != VK_VERSION_LATE && version != VK_VERSION_SHPLONK)
        return r.bad ? ZKI_ERR_SIZE : ZKI_ERR_VERSION;
    uint32_t log_n = get_u32(&r), blind = get_u32(&r), n_adv = get_u32(&r), n_fix = get_u32(&r);
    uint32_t n_inst = get_u32(&r), n_nodes = get_u32(&r), n_consts = get_u32(&r);
    uint32_t n_gates = get_u32(&r), n_lookups = get_u32(&r), n_perm = get_u32(&r), degree = get_u32(&r);
    uint32_t n_late = 0, n_chal = 0, pack = 0;
    if (version != VK_VERSION) {
        n_late = get_u32(&r);
        n_chal = get_u32(&r);
    }
    if (version == VK_VERSION_SHPLONK) pack = get_u32(&r);
    if (r.bad) return ZKI_ERR_SIZE;
    if (version == VK_VERSION_LATE &&
        (n_late == 0 || n_late > n_adv || n_chal == 0 || n_chal > ZKI_CS_MAX_CHALLENGES))
        return ZKI_ERR_ENCODING;
    if (version == VK_VERSION_SHPLONK && (n_late > n_adv || n_chal > ZKI_CS_MAX_CHALLENGES ||
                                          (n_late == 0) != (n_chal == 0) || pack == 0 || pack > ZKI_CS_MAX_PACK))
        return ZKI_ERR_ENCODING;
    /* bounds before any allocation: every count is also bounded by the bytes left */
    size_t left = len - r.pos;
    if (blind != ZKI_CS_BLIND_ROWS || log_n < 3 || log_n > 26 || n_adv > 4096 || n_fix > 4096 ||
        n_inst > 64 || n_nodes == 0 || n_nodes > left / 12 || n_consts > left / 32 ||
        n_gates > left / 4 || n_lookups > left / 12 || n_perm > left / 8)
        return ZKI_ERR_ENCODING;
    zki_status st = ZKI_ERR_NOMEM;
    uint32_t pub[64];
    for (uint32_t j = 0; j < n_inst; j++) pub[j] = get_u32(&r);
    zki_cs *cs = &vk->cs;
    cs->log_n = log_n;
    cs->n = 1u << log_n;
    cs->n_advice = n_adv;
    cs->n_fixed = n_fix;
    cs->n_instance = n_inst;
    cs->n_advice_late = n_late;
    cs->n_challenges = n_chal;
    cs->shplonk = pack;
    cs->nodes = calloc(n_nodes, sizeof *cs->nodes);
    cs->consts = calloc(n_consts + 1, sizeof *cs->consts);
    cs->gates = calloc(n_gates + 1, sizeof *cs->gates);
    cs->lookups = calloc(n_lookups + 1, sizeof *cs->lookups);
    cs->perm_cols = calloc(n_perm + 1, sizeof *cs->perm_cols);
    if (!pack) {
        vk->fixed_comm = calloc(n_fix + 1, sizeof(zki_g1_aff));
        vk->sigma_comm = calloc(n_perm + 1, sizeof(zki_g1_aff));
    }
    if (!cs->nodes || !cs->consts || !cs->gates || !cs->lookups || !cs->perm_cols ||
        (!pack && (!vk->fixed_comm || !vk->sigma_comm)))
        goto fail;
    cs->n_nodes = cs->cap_nodes = n_nodes;
    cs->n_consts = cs->cap_consts = n_consts;
    cs->n_gates = cs->cap_gates = n_gates;
    cs->n_perm_cols = cs->cap_perm_cols = n_perm;
    for (uint32_t i = 0; i < n_nodes; i++) {
        const uint8_t *b = take(&r, 4);
        if (!b) break;
        cs->nodes[i].op = b[0];
        cs->nodes[i].kind = b[1];
        cs->nodes[i].rot = (int16_t)(uint16_t)(b[2] | b[3] << 8);
        cs->nodes[i].a = get_u32(&r);
        cs->nodes[i].b = get_u32(&r);
    }
    st = ZKI_OK;
    for (uint32_t i = 0; i < n_consts && st == ZKI_OK; i++) {
        const uint8_t *b = take(&r, 32);
        st = b ? zki_fr_from_bytes(&cs->consts[i], b) : ZKI_ERR_SIZE;
    }
    if (st != ZKI_OK) goto fail;
    for (uint32_t g = 0; g < n_gates; g++) {
        cs->gates[g].root = get_u32(&r);
        snprintf(cs->gates[g].name, sizeof cs->gates[g].name, "gate%u", g);
    }
    st = ZKI_ERR_NOMEM;
    for (uint32_t l = 0; l < n_lookups && !r.bad; l++) {
        zki_lookup *lk = &cs->lookups[l];
        uint32_t w = get_u32(&r);
        if (w == 0 || w > 16) {
            st = ZKI_ERR_ENCODING;
            goto fail;
        }
        snprintf(lk->name, sizeof lk->name, "lookup%u", l);
        lk->width = w;
        lk->inputs = malloc(w * sizeof(zki_expr));
        lk->tables = malloc(w * sizeof(zki_expr));
        cs->n_lookups = cs->cap_lookups = l + 1;
        if (!lk->inputs || !lk->tables) goto fail;
        for (uint32_t j = 0; j < w; j++) lk->inputs[j] = get_u32(&r);
        for (uint32_t j = 0; j < w; j++) lk->tables[j] = get_u32(&r);
    }
    for (uint32_t k = 0; k < n_perm; k++) {
        uint32_t kind = get_u32(&r);
        cs->perm_cols[k].kind = (uint8_t)(kind > 2 ? 255 : kind);
        cs->perm_cols[k].col = get_u32(&r);
        cs->perm_cols[k].row = 0;
        if (kind > 2 || (kind == ZKI_COL_ADVICE && cs->perm_cols[k].col >= n_adv) ||
            (kind == ZKI_COL_FIXED && cs->perm_cols[k].col >= n_fix) ||
            (kind == ZKI_COL_INSTANCE && cs->perm_cols[k].col >= n_inst)) {
            st = ZKI_ERR_ENCODING;
            goto fail;
        }
    }
    if (r.bad) {
        st = ZKI_ERR_SIZE;
        goto fail;
    }
    st = zki_cs_validate(cs);
    if (st != ZKI_OK) {
        st = ZKI_ERR_ENCODING;
        goto fail;
    }
    st = zki_plonk_layout_init(&vk->L, cs, pub);
    if (st == ZKI_ERR_ARG || (st == ZKI_OK && vk->L.degree != degree)) st = ZKI_ERR_ENCODING;
    if (st != ZKI_OK) goto fail;
    if (pack) {
        /* the number of packs follows from the description and P (§4.7) */
        vk->pack_comm = calloc((size_t)vk->L.n_packs + 1, sizeof(zki_g1_aff));
        if (!vk->pack_comm) {
            st = ZKI_ERR_NOMEM;
            goto fail;
        }
        for (uint32_t g = 0; g < vk->L.n_packs && st == ZKI_OK; g++) st = get_g1(&r, &vk->pack_comm[g]);
    }
    for (uint32_t j = 0; !pack && j < n_fix && st == ZKI_OK; j++) st = get_g1(&r, &vk->fixed_comm[j]);
    for (uint32_t k = 0; !pack && k < n_perm && st == ZKI_OK; k++) st = get_g1(&r, &vk->sigma_comm[k]);
    if (st == ZKI_OK) st = get_g1(&r, &vk->g1);
    for (int i = 0; i < 2 && st == ZKI_OK; i++) {
        const uint8_t *b = take(&r, 128);
        st = b ? zki_g2_aff_from_bytes(&vk->g2[i], b) : ZKI_ERR_SIZE;
    }
    if (st != ZKI_OK) goto fail;
    const uint8_t *dig = take(&r, 32);
    if (!dig || r.pos != len) {
        st = ZKI_ERR_SIZE;
        goto fail;
    }
    uint8_t h[32];
    zki_keccak256(h, in, len - 32);
    if (memcmp(h, dig, 32) != 0) {
        st = ZKI_ERR_ENCODING;
        goto fail;
    }
    memcpy(vk->digest, dig, 32);
    return ZKI_OK;
fail:
    zki_vk_free(vk);
    return st;
}
