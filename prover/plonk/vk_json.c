/* A JSON view of a verifying key, for people and tools: sizes, the layout (degree,
 * queries, points, proof size), gates and lookups written as formulas, equality
 * columns, commitments in hex, and the digest. The binary VK (vk.c) stays the format
 * verifiers read; this view is derived from it and never parsed back. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "prove.h"

static const char *kind_tag(unsigned kind) {
    switch (kind) {
    case ZKI_COL_ADVICE: return "a";
    case ZKI_COL_FIXED: return "f";
    default: return "x";
    }
}

/* Appends expression e to buf as a formula; shared subexpressions are written out again
 * each time, and the text stops at the buffer's end (marked with "..."). */
static void expr_str(const zki_cs *cs, zki_expr e, char *buf, size_t cap, size_t *len, unsigned depth) {
    if (*len + 8 >= cap) {
        if (*len + 4 < cap) *len += (size_t)snprintf(buf + *len, cap - *len, "...");
        return;
    }
    if (depth > 200) {
        *len += (size_t)snprintf(buf + *len, cap - *len, "...");
        return;
    }
    const zki_expr_node *nd = &cs->nodes[e];
    switch (nd->op) {
    case ZKI_EXPR_CONST: {
        uint8_t b[32];
        zki_fr_to_bytes(b, &cs->consts[nd->a]);
        int small = 1;
        for (int i = 0; i < 24; i++) small &= b[i] == 0;
        if (small) {
            uint64_t v = 0;
            for (int i = 24; i < 32; i++) v = v << 8 | b[i];
            *len += (size_t)snprintf(buf + *len, cap - *len, "%llu", (unsigned long long)v);
        } else {
            zki_fr neg;
            zki_fr_neg(&neg, &cs->consts[nd->a]);
            zki_fr_to_bytes(b, &neg);
            small = 1;
            for (int i = 0; i < 24; i++) small &= b[i] == 0;
            uint64_t v = 0;
            for (int i = 24; i < 32; i++) v = v << 8 | b[i];
            if (small) *len += (size_t)snprintf(buf + *len, cap - *len, "(-%llu)", (unsigned long long)v);
            else *len += (size_t)snprintf(buf + *len, cap - *len, "c%u", nd->a);
        }
        break;
    }
    case ZKI_EXPR_CELL:
        if (nd->rot) *len += (size_t)snprintf(buf + *len, cap - *len, "%s%u[%+d]", kind_tag(nd->kind), nd->a, nd->rot);
        else *len += (size_t)snprintf(buf + *len, cap - *len, "%s%u", kind_tag(nd->kind), nd->a);
        break;
    case ZKI_EXPR_CHALLENGE: *len += (size_t)snprintf(buf + *len, cap - *len, "ch%u", nd->a); break;
    case ZKI_EXPR_NEG:
        *len += (size_t)snprintf(buf + *len, cap - *len, "-(");
        expr_str(cs, nd->a, buf, cap, len, depth + 1);
        if (*len + 2 < cap) *len += (size_t)snprintf(buf + *len, cap - *len, ")");
        break;
    default: {
        const char *op = nd->op == ZKI_EXPR_ADD ? " + " : nd->op == ZKI_EXPR_SUB ? " - " : "*";
        *len += (size_t)snprintf(buf + *len, cap - *len, "(");
        expr_str(cs, nd->a, buf, cap, len, depth + 1);
        if (*len + 4 < cap) *len += (size_t)snprintf(buf + *len, cap - *len, "%s", op);
        expr_str(cs, nd->b, buf, cap, len, depth + 1);
        if (*len + 2 < cap) *len += (size_t)snprintf(buf + *len, cap - *len, ")");
    }
    }
    if (*len >= cap) *len = cap - 1;
}

static json_object *formula(const zki_cs *cs, zki_expr e) {
    char buf[1024];
    size_t len = 0;
    buf[0] = 0;
    expr_str(cs, e, buf, sizeof buf, &len, 0);
    return json_object_new_string(buf);
}

static json_object *hex(const uint8_t *b, size_t n) {
    char s[2 + 2 * 128 + 1];
    static const char digits[] = "0123456789abcdef";
    s[0] = '0';
    s[1] = 'x';
    for (size_t i = 0; i < n; i++) {
        s[2 + 2 * i] = digits[b[i] >> 4];
        s[3 + 2 * i] = digits[b[i] & 15];
    }
    s[2 + 2 * n] = 0;
    return json_object_new_string(s);
}

static json_object *g1_json(const zki_g1_aff *p) {
    uint8_t b[64];
    zki_g1_aff_to_bytes(b, p);
    json_object *a = json_object_new_array();
    json_object_array_add(a, hex(b, 32));
    json_object_array_add(a, hex(b + 32, 32));
    return a;
}

static const char *poly_name(unsigned kind) {
    static const char *names[] = {"advice", "fixed", "instance", "sigma", "z",    "m",
                                  "phi",    "t",     "challenge", "pack", "wpack"};
    return kind < 11 ? names[kind] : "?";
}

/* The members of pack o as names ("advice3", "sigma0", ...). */
static json_object *members_json(const zki_plonk_layout *L, const zki_plonk_open *o) {
    json_object *mem = json_object_new_array();
    char s[48];
    for (uint32_t m = 0; m < o->t; m++) {
        const zki_plonk_member *pm = &L->pack_members[o->member_first + m];
        snprintf(s, sizeof s, "%s%u", poly_name(pm->kind), pm->index);
        json_object_array_add(mem, json_object_new_string(s));
    }
    return mem;
}

/* SHPLONK (v3): the pack limit and each opened polynomial with its rotation set; for
 * packs their members and commitment [F_g]; the witness packs (one proof commitment
 * each: round S1, S2 or S3, members, rotations; §4.7). */
static void shplonk_json(json_object *o, const zki_vk *vk) {
    const zki_plonk_layout *L = &vk->L;
    json_object_object_add(o, "opening", json_object_new_string("shplonk"));
    json_object_object_add(o, "pack_limit", json_object_new_int((int)L->shplonk));
    json_object *opens = json_object_new_array(), *packs = json_object_new_array();
    for (uint32_t i = 0; i < L->n_opens; i++) {
        const zki_plonk_open *op = &L->opens[i];
        json_object *jo = json_object_new_object(), *rots = json_object_new_array();
        char s[48];
        snprintf(s, sizeof s, "%s%u", poly_name(op->kind), op->index);
        json_object_object_add(jo, "poly", json_object_new_string(s));
        json_object_object_add(jo, "t", json_object_new_int((int)op->t));
        for (uint32_t k = 0; k < op->n_rot; k++) json_object_array_add(rots, json_object_new_int(L->open_rots[op->rot_first + k]));
        json_object_object_add(jo, "rotations", rots);
        json_object_array_add(opens, jo);
        if (op->kind != ZKI_P_PACK) continue;
        json_object *jp = json_object_new_object();
        json_object_object_add(jp, "members", members_json(L, op));
        json_object_object_add(jp, "commitment", g1_json(&vk->pack_comm[op->index]));
        json_object_array_add(packs, jp);
    }
    json_object_object_add(o, "opened_polynomials", opens);
    json_object_object_add(o, "packs", packs);
    json_object *wpacks = json_object_new_array();
    for (uint32_t w = 0; w < L->n_wpacks; w++) {
        const zki_plonk_open *op = &L->wpacks[w];
        json_object *jw = json_object_new_object(), *rots = json_object_new_array();
        unsigned seq = w < L->wpack_seq_end[0] ? 1 : w < L->wpack_seq_end[1] ? 2 : 3;
        json_object_object_add(jw, "round", json_object_new_string(seq == 1 ? "S1" : seq == 2 ? "S2" : "S3"));
        json_object_object_add(jw, "members", members_json(L, op));
        for (uint32_t k = 0; k < op->n_rot; k++) json_object_array_add(rots, json_object_new_int(L->open_rots[op->rot_first + k]));
        json_object_object_add(jw, "rotations", rots);
        json_object_array_add(wpacks, jw);
    }
    json_object_object_add(o, "witness_packs", wpacks);
}

char *zki_vk_to_json(const zki_vk *vk) {
    const zki_cs *cs = &vk->cs;
    const zki_plonk_layout *L = &vk->L;
    json_object *o = json_object_new_object();
    json_object_object_add(o, "format", json_object_new_string("zkinfer-vk-v1"));
    json_object_object_add(o, "proof_system", json_object_new_string(zki_plonk_label(L)));
    json_object_object_add(o, "digest", hex(vk->digest, 32));
    json_object_object_add(o, "log_rows", json_object_new_int((int)cs->log_n));
    json_object_object_add(o, "rows", json_object_new_int64(cs->n));
    json_object_object_add(o, "usable_rows", json_object_new_int64(L->usable));
    json_object_object_add(o, "blinding_rows", json_object_new_int((int)L->blind));
    json_object_object_add(o, "degree", json_object_new_int((int)L->degree));
    json_object_object_add(o, "quotient_chunks", json_object_new_int((int)L->n_t));
    json_object_object_add(o, "advice_columns", json_object_new_int((int)cs->n_advice));
    if (cs->n_advice_late) {
        json_object_object_add(o, "late_advice_columns", json_object_new_int((int)cs->n_advice_late));
        json_object_object_add(o, "challenges", json_object_new_int((int)cs->n_challenges));
    }
    json_object_object_add(o, "fixed_columns", json_object_new_int((int)cs->n_fixed));
    json_object_object_add(o, "instance_columns", json_object_new_int((int)cs->n_instance));
    json_object *pub = json_object_new_array();
    for (uint32_t j = 0; j < cs->n_instance; j++) json_object_array_add(pub, json_object_new_int((int)L->public_per_col[j]));
    json_object_object_add(o, "public_inputs_per_column", pub);
    json_object_object_add(o, "proof_bytes", json_object_new_int64((int64_t)zki_plonk_proof_size(L, cs)));

    json_object *gates = json_object_new_array();
    for (uint32_t g = 0; g < cs->n_gates; g++) {
        json_object *go = json_object_new_object();
        json_object_object_add(go, "degree", json_object_new_int((int)zki_cs_expr_degree(cs, cs->gates[g].root)));
        json_object_object_add(go, "expr", formula(cs, cs->gates[g].root));
        json_object_array_add(gates, go);
    }
    json_object_object_add(o, "gates", gates);
    json_object *lks = json_object_new_array();
    for (uint32_t l = 0; l < cs->n_lookups; l++) {
        const zki_lookup *lk = &cs->lookups[l];
        json_object *lo = json_object_new_object(), *in = json_object_new_array(), *tb = json_object_new_array();
        for (uint32_t j = 0; j < lk->width; j++) {
            json_object_array_add(in, formula(cs, lk->inputs[j]));
            json_object_array_add(tb, formula(cs, lk->tables[j]));
        }
        json_object_object_add(lo, "inputs", in);
        json_object_object_add(lo, "table", tb);
        json_object_array_add(lks, lo);
    }
    json_object_object_add(o, "lookups", lks);
    json_object *eq = json_object_new_array();
    for (uint32_t k = 0; k < cs->n_perm_cols; k++) {
        char s[32];
        snprintf(s, sizeof s, "%s%u", kind_tag(cs->perm_cols[k].kind), cs->perm_cols[k].col);
        json_object_array_add(eq, json_object_new_string(s));
    }
    json_object_object_add(o, "equality_columns", eq);
    json_object *qs = json_object_new_array();
    for (uint32_t q = 0; q < L->n_queries; q++) {
        char s[48];
        snprintf(s, sizeof s, "%s%u@%d", poly_name(L->queries[q].kind), L->queries[q].index, L->queries[q].rot);
        json_object_array_add(qs, json_object_new_string(s));
    }
    json_object_object_add(o, "queries", qs);
    json_object *pts = json_object_new_array();
    for (uint32_t p = 0; p < L->n_points; p++) json_object_array_add(pts, json_object_new_int(L->points[p]));
    json_object_object_add(o, "opening_rotations", pts);
    if (L->shplonk) {
        shplonk_json(o, vk);
    } else {
        json_object *fc = json_object_new_array(), *sc = json_object_new_array();
        for (uint32_t j = 0; j < cs->n_fixed; j++) json_object_array_add(fc, g1_json(&vk->fixed_comm[j]));
        for (uint32_t k = 0; k < cs->n_perm_cols; k++) json_object_array_add(sc, g1_json(&vk->sigma_comm[k]));
        json_object_object_add(o, "fixed_commitments", fc);
        json_object_object_add(o, "sigma_commitments", sc);
    }
    uint8_t b[128];
    json_object *g2 = json_object_new_array();
    for (int i = 0; i < 2; i++) {
        zki_g2_aff_to_bytes(b, &vk->g2[i]);
        json_object_array_add(g2, hex(b, 128));
    }
    json_object_object_add(o, "g2", g2);
    const char *txt = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
    char *out = NULL;
    if (txt) { /* strdup is POSIX, not C11 */
        size_t n = strlen(txt) + 1;
        out = malloc(n);
        if (out) memcpy(out, txt, n);
    }
    json_object_put(o);
    return out;
}
