/* The Solidity verifier generator (see zkcg.h).
 *
 * Fills templates/Verifier.sol: every constant (VK points, ω powers, δ^k, the memory map
 * and the proof offsets of zkcg_layout) and every section of straight-line Yul (checks,
 * transcript, Lagrange values, the combined constraint compiled from the VK's expression
 * DAG, the MSM and the pairing). The Yul mirrors prover/plonk/verify.c step by step and
 * zki_plonk_eval_constraints term by term, so the three verifiers agree by construction;
 * tests/evm checks that they do.
 *
 * Values in Yul are always reduced mod r: mload of a checked word, literals < r, and the
 * results of addmod/mulmod/mod. Subtraction a − b is addmod(a, sub(R, b), R).
 */
#include <stdlib.h>
#include <string.h>

#include "cauchy.h"
#include "keccak.h"
#include "prove.h"
#include "strbuf.h"
#include "zkcg.h"

/* Nested inline expressions deeper than this are stored in a memory slot instead; kept
 * small so that every expression reaches the local r within the EVM's 16 DUP slots. */
#define ZKCG_INLINE_DEPTH 3

typedef struct {
    const zki_vk *vk;
    const zki_cs *cs;
    const zki_plonk_layout *L;
    const zkcg_options *opt;
    zkcg_layout lay;
    char **qname;     /* per query: the constant naming its memory word */
    int32_t *slot;    /* per node: memory slot, or -1 when inlined */
    char **expr;      /* per node: Yul expression of its value */
    uint32_t *vk_off; /* separate VK: byte offset of each VK point inside the VK blob */
    uint32_t pm;      /* index of the opening point ζ (rotation 0): its weight is 1 */
    int v3;           /* SHPLONK (zkinfer-plonk-v3, docs/PROTOCOL.md §4.7): shplonk_impl.h */
    zkcg_open_sets os; /* v3: the opening sets */
    int oom;
} gen;

/* SHPLONK (v3) sections, in shplonk_impl.h (included below, after the helpers it uses). */
static void v3_set_constants(gen *g, zkcg_sb *b, const zki_fr *omega);
static void v3_pack_constants(gen *g, zkcg_sb *b);
static void v3_proof_constants(gen *g, zkcg_sb *b);
static char *v3_wpack_comment(const gen *g, uint32_t w);
static void v3_memory_constants(gen *g, zkcg_sb *b);
static void v3_denominators(gen *g, zkcg_sb *b);
static void v3_extras_inverse(gen *g, zkcg_sb *b);
static void v3_emit_msm(gen *g, zkcg_sb *b);

static const char *kind_tag(unsigned kind) {
    switch (kind) {
    case ZKI_P_ADVICE: return "A";
    case ZKI_P_FIXED: return "F";
    case ZKI_P_SIGMA: return "SIGMA";
    case ZKI_P_Z: return "Z";
    case ZKI_P_M: return "M";
    case ZKI_P_PHI: return "PHI";
    case ZKI_P_T: return "T";
    default: return "X";
    }
}

static char *rot_name(const char *prefix, unsigned kind, uint32_t idx, int32_t rot) {
    if (rot == 0) return zkcg_strf("%s%s%u", prefix, kind_tag(kind), idx);
    if (rot == 1) return zkcg_strf("%s%s%u_NEXT", prefix, kind_tag(kind), idx);
    return zkcg_strf("%s%s%u_%s%d", prefix, kind_tag(kind), idx, rot > 0 ? "P" : "M", rot > 0 ? rot : -rot);
}

static void fr_hex(zkcg_sb *b, const zki_fr *x) {
    uint8_t w[32];
    zki_fr_to_bytes(w, x);
    zkcg_sb_hex32(b, w);
}

static void fq_hex(zkcg_sb *b, const zki_fq *x) {
    uint8_t w[32];
    zki_fq_to_bytes(w, x);
    zkcg_sb_hex32(b, w);
}

static void const_fr(zkcg_sb *b, const char *name, const zki_fr *x, const char *comment) {
    zkcg_sb_printf(b, "    uint256 internal constant %s = ", name);
    fr_hex(b, x);
    zkcg_sb_printf(b, ";%s%s\n", comment ? " // " : "", comment ? comment : "");
}

static void const_u(zkcg_sb *b, const char *name, uint64_t v, const char *comment) {
    zkcg_sb_printf(b, "    uint256 internal constant %s = 0x%llx;%s%s\n", name, (unsigned long long)v,
                   comment ? " // " : "", comment ? comment : "");
}

/* The commitment slot of a query: proof commitments first, then fixed, then σ. */
static uint32_t query_slot(const gen *g, const zki_query *Q) {
    const zki_cs *cs = g->cs;
    uint32_t n_adv = cs->n_advice, n_lk = cs->n_lookups, n_z = g->L->n_z;
    switch (Q->kind) {
    case ZKI_P_ADVICE: return Q->index;
    case ZKI_P_M: return n_adv + Q->index;
    case ZKI_P_Z: return n_adv + n_lk + Q->index;
    case ZKI_P_PHI: return n_adv + n_lk + n_z + Q->index;
    case ZKI_P_T: return n_adv + 2 * n_lk + n_z + Q->index;
    case ZKI_P_FIXED: return g->lay.n_proof_comm + Q->index;
    default: return g->lay.n_proof_comm + cs->n_fixed + Q->index;
    }
}

/* The name of commitment slot k, and where its coordinates are (x and y expressions). */
static char *comm_name(const gen *g, uint32_t k) {
    const zki_cs *cs = g->cs;
    uint32_t n_adv = cs->n_advice, n_lk = cs->n_lookups, n_z = g->L->n_z;
    if (g->v3) { /* the witness packs, [T], then the VK's packs */
        if (k < g->L->n_wpacks) return zkcg_strf("C_WP%u", k);
        if (k == g->L->n_wpacks) return zkcg_strf("C_T");
        return zkcg_strf("VK_PACK%u", k - g->lay.n_proof_comm);
    }
    if (k < n_adv) return zkcg_strf("C_A%u", k);
    k -= n_adv;
    if (k < n_lk) return zkcg_strf("C_M%u", k);
    k -= n_lk;
    if (k < n_z) return zkcg_strf("C_Z%u", k);
    k -= n_z;
    if (k < n_lk) return zkcg_strf("C_PHI%u", k);
    k -= n_lk;
    if (k < g->lay.n_t_comm) return zkcg_strf("C_T%u", k);
    k -= g->lay.n_t_comm;
    if (k < cs->n_fixed) return zkcg_strf("VK_FIXED%u", k);
    return zkcg_strf("VK_SIGMA%u", k - cs->n_fixed);
}

/* The name of opening witness p: C_W<p> per point; SHPLONK C_W ([W]) and C_W_PRIME ([W']). */
static char *wit_name(const gen *g, uint32_t p) {
    if (g->v3) return zkcg_strf("%s", p ? "C_W_PRIME" : "C_W");
    return zkcg_strf("C_W%u", p);
}

/* Coordinates of commitment slot k as Yul expressions: "mload(C_A0)" / literals. */
static void comm_xy(const gen *g, uint32_t k, char **x, char **y) {
    char *nm = comm_name(g, k);
    if (!nm) {
        *x = *y = NULL;
        return;
    }
    if (k < g->lay.n_proof_comm) {
        *x = zkcg_strf("mload(%s)", nm);
        *y = zkcg_strf("mload(add(%s, 0x20))", nm);
    } else if (g->opt->separate_vk) {
        *x = zkcg_strf("mload(add(M_VK, %s_OFF))", nm);
        *y = zkcg_strf("mload(add(M_VK, add(%s_OFF, 0x20)))", nm);
    } else {
        *x = zkcg_strf("%s_X", nm);
        *y = zkcg_strf("%s_Y", nm);
    }
    free(nm);
}

/* Yul expression of the value of polynomial (kind, index) at rotation rot, as
 * verify.c's get_eval reads it (a missing query reads evaluation 0, as there). */
static const char *value_of(const gen *g, unsigned kind, uint32_t index, int32_t rot, char *tmp, size_t cap) {
    if (kind == ZKI_P_INSTANCE) {
        snprintf(tmp, cap, "mload(M_INST%u)", index);
        return tmp;
    }
    int q = zki_plonk_query_index(g->L, kind, index, rot);
    snprintf(tmp, cap, "mload(%s)", g->qname[q < 0 ? 0 : q]);
    return tmp;
}

/* ---------------------------------------------------------------- constants */

static void emit_vk_constants(gen *g, zkcg_sb *b) {
    const zki_vk *vk = g->vk;
    const zki_cs *cs = g->cs;
    const zki_plonk_layout *L = g->L;
    uint8_t h[32];
    zkcg_sb_puts(b, "    uint256 internal constant VK_DIGEST = ");
    zkcg_sb_hex32(b, vk->digest);
    zkcg_sb_puts(b, "; // keccak256 of the binary VK, absorbed first\n");
    const char *label = zki_plonk_label(L);
    zki_keccak256(h, (const uint8_t *)label, strlen(label));
    zkcg_sb_puts(b, "    uint256 internal constant TRANSCRIPT_S0 = ");
    zkcg_sb_hex32(b, h);
    zkcg_sb_printf(b, "; // keccak256(\"%s\")\n", label);
    const_u(b, "LOG_N", L->log_n, "n = 2^LOG_N rows");
    zki_fr omega, t, nfr;
    zki_fr_root_of_unity(&omega, L->log_n);
    const_fr(b, "OMEGA", &omega, "generator of the n-th roots of unity");
    uint64_t e[4] = {L->usable, 0, 0, 0};
    zki_fr_pow(&t, &omega, e);
    char cm[96];
    snprintf(cm, sizeof cm, "ω^u, u = %u: the row \"last\"", L->usable);
    const_fr(b, "OMEGA_U", &t, cm);
    zki_fr_set_u64(&nfr, L->n);
    zki_fr_inv(&t, &nfr);
    const_fr(b, "N_INV", &t, "1/n");
    for (uint32_t p = 0; p < L->n_points; p++) {
        int32_t rot = L->points[p];
        uint64_t er[4] = {(uint64_t)(rot < 0 ? -(int64_t)rot : rot), 0, 0, 0};
        zki_fr w;
        if (rot < 0) {
            zki_fr oi;
            zki_fr_inv(&oi, &omega);
            zki_fr_pow(&w, &oi, er);
        } else
            zki_fr_pow(&w, &omega, er);
        char nm[32];
        snprintf(nm, sizeof nm, "OMEGA_POINT%u", p);
        snprintf(cm, sizeof cm, "ω^%d: opening point %u is ζ·ω^%d", rot, p, rot);
        const_fr(b, nm, &w, cm);
    }
    zki_fr delta, dk;
    zki_plonk_delta(&delta);
    zki_fr_set_one(&dk);
    for (uint32_t k = 0; k < cs->n_perm_cols; k++) {
        char nm[32];
        snprintf(nm, sizeof nm, "DELTA%u", k);
        snprintf(cm, sizeof cm, "δ^%u labels equality column %u", k, k);
        const_fr(b, nm, &dk, cm);
        zki_fr_mul(&dk, &dk, &delta);
    }
    if (g->v3) v3_set_constants(g, b, &omega);
    if (g->opt->separate_vk) {
        zkcg_sb_puts(b, "    // the VK's points are read from the VK contract (VK_ADDRESS) into M_VK\n");
        uint32_t off = 0;
        if (g->v3) {
            for (uint32_t j = 0; j < L->n_packs; j++, off += 64) zkcg_sb_printf(b, "    uint256 internal constant VK_PACK%u_OFF = 0x%x;\n", j, off);
        } else {
            for (uint32_t j = 0; j < cs->n_fixed; j++, off += 64) zkcg_sb_printf(b, "    uint256 internal constant VK_FIXED%u_OFF = 0x%x;\n", j, off);
            for (uint32_t k = 0; k < cs->n_perm_cols; k++, off += 64) zkcg_sb_printf(b, "    uint256 internal constant VK_SIGMA%u_OFF = 0x%x;\n", k, off);
        }
        zkcg_sb_printf(b, "    uint256 internal constant VK_G1_OFF = 0x%x;\n", off);
        zkcg_sb_printf(b, "    uint256 internal constant VK_G2_OFF = 0x%x;\n", off + 64);
        zkcg_sb_printf(b, "    uint256 internal constant VK_TAU_G2_OFF = 0x%x;\n", off + 192);
        zkcg_sb_printf(b, "    uint256 internal constant VK_DATA_LEN = 0x%x;\n", off + 320);
        return;
    }
    if (g->v3) v3_pack_constants(g, b);
    for (uint32_t j = 0; j < cs->n_fixed && !g->v3; j++) {
        zkcg_sb_printf(b, "    uint256 internal constant VK_FIXED%u_X = ", j);
        fq_hex(b, &vk->fixed_comm[j].x);
        zkcg_sb_printf(b, ";\n    uint256 internal constant VK_FIXED%u_Y = ", j);
        fq_hex(b, &vk->fixed_comm[j].y);
        zkcg_sb_puts(b, ";\n");
    }
    for (uint32_t k = 0; k < cs->n_perm_cols && !g->v3; k++) {
        zkcg_sb_printf(b, "    uint256 internal constant VK_SIGMA%u_X = ", k);
        fq_hex(b, &vk->sigma_comm[k].x);
        zkcg_sb_printf(b, ";\n    uint256 internal constant VK_SIGMA%u_Y = ", k);
        fq_hex(b, &vk->sigma_comm[k].y);
        zkcg_sb_puts(b, ";\n");
    }
    zkcg_sb_puts(b, "    uint256 internal constant VK_G1_X = ");
    fq_hex(b, &vk->g1.x);
    zkcg_sb_puts(b, ";\n    uint256 internal constant VK_G1_Y = ");
    fq_hex(b, &vk->g1.y);
    zkcg_sb_puts(b, ";\n");
    static const char *g2n[2] = {"VK_G2", "VK_TAU_G2"};
    static const char *part[4] = {"X_C1", "X_C0", "Y_C1", "Y_C0"};
    for (int i = 0; i < 2; i++) {
        uint8_t enc[128];
        zki_g2_aff_to_bytes(enc, &vk->g2[i]);
        for (int w = 0; w < 4; w++) {
            zkcg_sb_printf(b, "    uint256 internal constant %s_%s = ", g2n[i], part[w]);
            zkcg_sb_hex32(b, enc + 32 * w);
            zkcg_sb_puts(b, ";\n");
        }
    }
}

static void emit_proof_constants(gen *g, zkcg_sb *b) {
    const zkcg_layout *y = &g->lay;
    const_u(b, "PROOF_LEN", y->proof_len, "bytes");
    const_u(b, "N_PUBLIC", y->n_public, "public inputs (instances)");
    if (g->v3) {
        v3_proof_constants(g, b);
        return;
    }
    const_u(b, "PROOF_ADVICE", y->off_advice, "[a_j], 64 bytes each");
    if (g->cs->n_advice_late) const_u(b, "PROOF_ADVICE_LATE", y->off_advice_late, "[a_j] of the late columns (second phase)");
    const_u(b, "PROOF_M", y->off_m, "[m_l]");
    const_u(b, "PROOF_Z", y->off_z, "[z_j]");
    const_u(b, "PROOF_PHI", y->off_phi, "[φ_l]");
    const_u(b, "PROOF_T", y->off_t, "[T'_i]");
    const_u(b, "PROOF_EVALS", y->off_evals, "evaluations, 32 bytes each, in query order");
    const_u(b, "PROOF_W", y->off_w, "[W_p], one per opening point");
}

static void emit_memory_constants(gen *g, zkcg_sb *b) {
    const zkcg_layout *y = &g->lay;
    const zki_cs *cs = g->cs;
    const zki_plonk_layout *L = g->L;
    static const char *ch[ZKCG_CH_WORDS] = {"M_THETA", "M_BETA",   "M_GAMMA",   "M_LAMBDA", "M_Y",     "M_ZETA",
                                            "M_V",     "M_U",      "M_ZN",      "M_ZH",     "M_L0",    "M_LLAST",
                                            "M_LBLIND", "M_LACTIVE", "M_UINV", "M_ZHINV", "M_TZETA"};
    for (int i = 0; i < ZKCG_CH_WORDS; i++) {
        /* SHPLONK: the last challenge is x, and 1/ζ takes the slot of 1/u */
        const char *nm = !g->v3 ? ch[i] : i == 7 ? "M_X" : i == 14 ? "M_ZETAINV" : ch[i];
        const_u(b, nm, y->m_ch + 32u * (unsigned)i, NULL);
    }
    for (uint32_t i = 0; i < cs->n_challenges; i++) {
        char nm[32], cm[48];
        snprintf(nm, sizeof nm, "M_CHALLENGE%u", i);
        snprintf(cm, sizeof cm, "the circuit's challenge c_%u", i);
        const_u(b, nm, y->m_ch + 32u * (ZKCG_CH_WORDS + i), cm);
    }
    for (uint32_t j = 0; j < cs->n_instance; j++) {
        char nm[32];
        snprintf(nm, sizeof nm, "M_INST%u", j);
        const_u(b, nm, y->m_inst + 32 * j, "I_j(ζ)");
    }
    if (!g->v3) {
        const_u(b, "M_VPOW", y->m_vpow, "v^i");
        const_u(b, "N_VPOW", y->n_vpow, NULL);
        const_u(b, "M_UPOW", y->m_upow, "u^p");
        const_u(b, "N_POINTS", L->n_points, NULL);
    }
    const_u(b, "M_LAG", y->m_lag, "L_i(ζ) for rows 0..PUB_ROWS-1, then u..n-1");
    const_u(b, "M_LAG_TMP", y->m_lag_tmp, NULL);
    const_u(b, "PUB_ROWS", y->pub_rows, NULL);
    const_u(b, "N_LAG", y->n_lag, NULL);
    if (g->v3) v3_memory_constants(g, b);
    const_u(b, "M_MSM_LEFT", y->m_msm, "accumulator + 96 bytes of scratch");
    const_u(b, "M_MSM_RIGHT", y->m_msm + 0xa0, NULL);
    const_u(b, "M_PAIR", y->m_pair, "pairing input, 2 × 192 bytes");
    const_u(b, "M_NODES", y->m_nodes, "shared nodes of the constraint DAG");
    if (g->opt->separate_vk) const_u(b, "M_VK", y->m_end, "the VK contract's points, copied by extcodecopy");
    for (int c = 0; c < ZKCG_TR_N; c++) {
        char nm[32], nl[32];
        snprintf(nm, sizeof nm, "M_TR%d", c);
        snprintf(nl, sizeof nl, "TR%d_LEN", c);
        const_u(b, nm, y->m_tr[c], "transcript chunk: state S, then the words absorbed");
        const_u(b, nl, 32 * (uint64_t)y->tr_words[c], NULL);
        if (c == ZKCG_TR_ROUND1 && y->tr_late_words) {
            const_u(b, "M_TR_LATE", y->m_tr_late,
                    g->v3 ? "transcript chunk after the challenges: S, S2's witness packs"
                          : "transcript chunk after the challenges: S, late [a_j], [m_l]");
            const_u(b, "TR_LATE_LEN", 32 * (uint64_t)y->tr_late_words, NULL);
        }
    }
    const_u(b, "M_PUBLIC", y->m_public, NULL);
    const_u(b, "M_END", y->m_end, NULL);
    for (uint32_t k = 0; k < y->n_proof_comm; k++) {
        char *nm = comm_name(g, k);
        if (!nm) {
            g->oom = 1;
            return;
        }
        char *cm = g->v3 && k < L->n_wpacks ? v3_wpack_comment(g, k) : NULL;
        if (g->v3 && k < L->n_wpacks && !cm) g->oom = 1;
        const_u(b, nm, zkcg_comm_addr(y, g->vk, k), cm);
        free(cm);
        free(nm);
    }
    for (uint32_t p = 0; p < L->n_points && !g->v3; p++) {
        char nm[32], cm[48];
        snprintf(nm, sizeof nm, "C_W%u", p);
        snprintf(cm, sizeof cm, "opening witness at ζ·ω^%d", L->points[p]);
        const_u(b, nm, y->m_w + 64 * p, cm);
    }
    if (g->v3) {
        const_u(b, "C_W", y->m_w, "[W], the last word absorbed");
        const_u(b, "C_W_PRIME", y->m_w + 64, "[W'], after chunk 4 (not absorbed)");
    }
    for (uint32_t q = 0; q < L->n_queries; q++) const_u(b, g->qname[q], y->m_evals + 32 * q, NULL);
    (void)cs;
}

/* ---------------------------------------------------------------- sections */

static void phase(gen *g, zkcg_sb *b, int id) {
    if (g->opt->debug_phases) zkcg_sb_printf(b, "            log1(0, 0, %d) // gas-trace marker (debug build)\n", id);
}

/* Straight-line checks up to this many words and points (cheaper: constant addresses, no
 * loop or call); beyond it the template's loop helpers keep the bytecode small. */
#define ZKCG_UNROLL_CHECKS 256

static void emit_checks(gen *g, zkcg_sb *b) {
    const zkcg_layout *y = &g->lay;
    const zki_plonk_layout *L = g->L;
    phase(g, b, 1);
    zkcg_sb_puts(b,
                 "            if iszero(eq(proof.length, PROOF_LEN)) { fail() }\n"
                 "            if iszero(eq(instances.length, N_PUBLIC)) { fail() }\n");
    if (g->opt->separate_vk)
        zkcg_sb_puts(b, "            extcodecopy(vkAddress, M_VK, 1, VK_DATA_LEN) // skip the data contract's leading STOP\n");
    int late = g->cs->n_advice_late > 0;
    zkcg_sb_puts(b,
                 "            mstore(M_TR0, TRANSCRIPT_S0)\n"
                 "            mstore(add(M_TR0, 0x20), VK_DIGEST)\n"
                 "            calldatacopy(M_PUBLIC, instances.offset, mul(N_PUBLIC, 0x20))\n");
    /* the commitments of chunk 0, the late chunk and chunk 1 (SHPLONK: S1's, S2's and S3's
     * witness packs, docs/PROTOCOL.md §4.7) */
    const char *c0 = g->v3 ? "PROOF_WPACKS_S1" : "PROOF_ADVICE", *cl = g->v3 ? "PROOF_WPACKS_S2" : "PROOF_ADVICE_LATE",
               *c1 = g->v3 ? "PROOF_WPACKS_S3" : "PROOF_Z";
    if (late)
        zkcg_sb_printf(b,
                       "            calldatacopy(add(M_PUBLIC, mul(N_PUBLIC, 0x20)), add(proof.offset, %s), sub(%s, %s))\n"
                       "            calldatacopy(add(M_TR_LATE, 0x20), add(proof.offset, %s), sub(%s, %s))\n",
                       c0, cl, c0, cl, c1, cl);
    else
        zkcg_sb_printf(b, "            calldatacopy(add(M_PUBLIC, mul(N_PUBLIC, 0x20)), add(proof.offset, %s), sub(%s, %s))\n", c0, c1, c0);
    zkcg_sb_printf(b, "            calldatacopy(add(M_TR1, 0x20), add(proof.offset, %s), sub(PROOF_T, %s))\n", c1, c1);
    zkcg_sb_puts(b,
                 "            calldatacopy(add(M_TR2, 0x20), add(proof.offset, PROOF_T), sub(PROOF_EVALS, PROOF_T))\n"
                 "            calldatacopy(add(M_TR3, 0x20), add(proof.offset, PROOF_EVALS), sub(PROOF_W, PROOF_EVALS))\n"
                 "            calldatacopy(add(M_TR4, 0x20), add(proof.offset, PROOF_W), sub(PROOF_LEN, PROOF_W))\n");
    if (g->opt->loops || y->n_public + L->n_queries + y->n_proof_comm + y->n_w > ZKCG_UNROLL_CHECKS) {
        zkcg_sb_puts(b,
                     "            {\n"
                     "                let ok := areScalars(M_PUBLIC, add(M_PUBLIC, mul(N_PUBLIC, 0x20)))\n");
        if (late)
            zkcg_sb_puts(b,
                         "                ok := and(ok, arePoints(add(M_PUBLIC, mul(N_PUBLIC, 0x20)), M_TR_LATE))\n"
                         "                ok := and(ok, arePoints(add(M_TR_LATE, 0x20), M_TR1))\n");
        else
            zkcg_sb_puts(b, "                ok := and(ok, arePoints(add(M_PUBLIC, mul(N_PUBLIC, 0x20)), M_TR1))\n");
        zkcg_sb_puts(b,
                     "                ok := and(ok, arePoints(add(M_TR1, 0x20), M_TR2))\n"
                     "                ok := and(ok, arePoints(add(M_TR2, 0x20), M_TR3))\n"
                     "                ok := and(ok, areScalars(add(M_TR3, 0x20), M_TR4))\n"
                     "                ok := and(ok, arePoints(add(M_TR4, 0x20), M_END))\n"
                     "                if iszero(ok) { fail() }\n"
                     "            }\n");
        return;
    }
    zkcg_sb_puts(b,
                 "            {\n"
                 "                let p := P\n"
                 "                let r := R\n"
                 "                let ok := 1\n");
    for (uint32_t i = 0; i < y->n_public; i++)
        zkcg_sb_printf(b, "                ok := and(ok, lt(mload(add(M_PUBLIC, 0x%x)), r))\n", 32 * i);
    for (uint32_t q = 0; q < L->n_queries; q++) zkcg_sb_printf(b, "                ok := and(ok, lt(mload(%s), r))\n", g->qname[q]);
    /* a point: both coordinates < p, and on y² = x³ + 3 unless it is (0, 0) */
    for (uint32_t k = 0; k < y->n_proof_comm + y->n_w; k++) {
        char *nm = k < y->n_proof_comm ? comm_name(g, k) : wit_name(g, k - y->n_proof_comm);
        if (!nm) {
            g->oom = 1;
            return;
        }
        zkcg_sb_printf(b,
                       "                {\n"
                       "                    let x := mload(%s)\n"
                       "                    let y := mload(add(%s, 0x20))\n"
                       "                    ok := and(ok, or(iszero(or(x, y)), and(and(lt(x, p), lt(y, p)), eq(mulmod(y, y, p), addmod(mulmod(x, mulmod(x, x, p), p), 3, p)))))\n"
                       "                }\n",
                       nm, nm);
        free(nm);
    }
    zkcg_sb_puts(b, "                if iszero(ok) { fail() }\n"
                    "            }\n");
}

static void emit_transcript(gen *g, zkcg_sb *b) {
    uint32_t nc = g->cs->n_challenges;
    phase(g, b, 2);
    if (g->cs->n_advice_late) {
        /* the circuit's challenges after the early [a] (n_c squeezes in a row: the first
         * hashes chunk 0, the others the state alone), the last one's state starting the
         * late chunk; θ then hashes the late [a] and [m] (docs/PROTOCOL.md §4.4 step 2) */
        for (uint32_t i = 0; i < nc; i++)
            zkcg_sb_printf(b, "            mstore(M_CHALLENGE%u, squeeze(%s, %s, %s))%s\n", i, i ? "0x00" : "M_TR0",
                           i ? "0x20" : "TR0_LEN", i + 1 < nc ? "0x00" : "M_TR_LATE",
                           i ? "" : g->v3 ? " // S0, digest, instances, S1's witness packs" : " // S0, digest, instances, early [a]");
        zkcg_sb_printf(b, "            mstore(M_THETA, squeeze(M_TR_LATE, TR_LATE_LEN, 0x00)) // %s\n",
                       g->v3 ? "S2's witness packs" : "late [a], [m]");
    } else
        zkcg_sb_printf(b, "            mstore(M_THETA, squeeze(M_TR0, TR0_LEN, 0x00)) // S0, digest, instances, %s\n",
                       g->v3 ? "S1's witness packs" : "[a], [m]");
    zkcg_sb_printf(b,
                   "            mstore(M_BETA, squeeze(0x00, 0x20, 0x00))\n"
                   "            mstore(M_GAMMA, squeeze(0x00, 0x20, 0x00))\n"
                   "            mstore(M_LAMBDA, squeeze(0x00, 0x20, M_TR1))\n"
                   "            mstore(M_Y, squeeze(M_TR1, TR1_LEN, M_TR2)) // %s\n",
                   g->v3 ? "S3's witness packs" : "[z], [φ]");
    if (g->v3)
        zkcg_sb_puts(b,
                     "            mstore(M_ZETA, squeeze(M_TR2, TR2_LEN, M_TR3)) // [T]\n"
                     "            mstore(M_V, squeeze(M_TR3, TR3_LEN, M_TR4)) // evaluations\n"
                     "            mstore(M_X, squeeze(M_TR4, TR4_LEN, 0x00)) // [W] ([W'] is not absorbed)\n");
    else
        zkcg_sb_puts(b,
                 "            mstore(M_ZETA, squeeze(M_TR2, TR2_LEN, M_TR3)) // [T']\n"
                 "            mstore(M_V, squeeze(M_TR3, TR3_LEN, M_TR4)) // evaluations\n"
                 "            mstore(M_U, squeeze(M_TR4, TR4_LEN, 0x00)) // [W]\n");
}

/* Straight-line Lagrange values up to this many rows; loops beyond. */
#define ZKCG_UNROLL_LAGRANGE 24

static void emit_lagrange(gen *g, zkcg_sb *b) {
    const zki_cs *cs = g->cs;
    const zki_plonk_layout *L = g->L;
    const zkcg_layout *y = &g->lay;
    phase(g, b, 3);
    if (!g->opt->loops && y->n_lag <= ZKCG_UNROLL_LAGRANGE) {
        /* rows i: d = ζ − ω^i (literal r − ω^i), prefix products, one inversion scaled
         * by Z_H(ζ), then L_i = inv_i·(ω^i/n) going back */
        zki_fr omega, w, ninv, t;
        zki_fr_root_of_unity(&omega, L->log_n);
        zki_fr_set_u64(&t, L->n);
        zki_fr_inv(&ninv, &t);
        zkcg_sb_puts(b, "            {\n"
                        "                let zeta := mload(M_ZETA)\n"
                        "                let zn := zeta\n");
        for (uint32_t i = 0; i < L->log_n; i++) zkcg_sb_puts(b, "                zn := mulmod(zn, zn, R)\n");
        zkcg_sb_puts(b, "                mstore(M_ZN, zn)\n"
                        "                let zh := addmod(zn, sub(R, 1), R)\n"
                        "                mstore(M_ZH, zh)\n");
        if (g->v3) v3_denominators(g, b);
        zkcg_sb_puts(b, "                let acc := 1\n");
        zki_fr *wi = malloc(y->n_lag * sizeof *wi);
        if (!wi) {
            g->oom = 1;
            return;
        }
        zki_fr_set_one(&w);
        for (uint32_t k = 0; k < y->n_lag; k++) {
            if (k == y->pub_rows) {
                uint64_t e[4] = {L->usable, 0, 0, 0};
                zki_fr_pow(&w, &omega, e);
            }
            wi[k] = w;
            zki_fr_neg(&t, &w);
            zkcg_sb_printf(b, "                mstore(add(M_LAG_TMP, 0x%x), acc)\n", 32 * k);
            zkcg_sb_printf(b, "                mstore(add(M_LAG, 0x%x), addmod(zeta, ", 32 * k);
            fr_hex(b, &t);
            zkcg_sb_printf(b, ", R)) // ζ − ω^%u\n", k < y->pub_rows ? k : L->usable + (k - y->pub_rows));
            zkcg_sb_printf(b, "                acc := mulmod(acc, mload(add(M_LAG, 0x%x)), R)\n", 32 * k);
            zki_fr_mul(&w, &w, &omega);
        }
        if (g->v3)
            v3_extras_inverse(g, b);
        else if (g->pm) {
            /* 1/u for the opening weights (see emit_msm) and 1/Z_H(ζ) for the quotient's
             * value join the same inversion */
            zkcg_sb_printf(b, "                mstore(add(M_LAG_TMP, 0x%x), acc)\n"
                              "                acc := mulmod(acc, mload(M_U), R)\n"
                              "                mstore(add(M_LAG_TMP, 0x%x), acc)\n"
                              "                acc := mulmod(acc, zh, R)\n"
                              "                if iszero(acc) { fail() } // ζ ∈ H or u = 0\n"
                              "                let inv := invert(acc)\n"
                              "                mstore(M_ZHINV, mulmod(inv, mload(add(M_LAG_TMP, 0x%x)), R))\n"
                              "                inv := mulmod(inv, zh, R)\n"
                              "                mstore(M_UINV, mulmod(inv, mload(add(M_LAG_TMP, 0x%x)), R))\n"
                              "                inv := mulmod(mulmod(inv, mload(M_U), R), zh, R)\n",
                           32 * y->n_lag, 32 * (y->n_lag + 1), 32 * (y->n_lag + 1), 32 * y->n_lag);
        } else
            zkcg_sb_printf(b, "                mstore(add(M_LAG_TMP, 0x%x), acc)\n"
                              "                acc := mulmod(acc, zh, R)\n"
                              "                if iszero(acc) { fail() } // ζ ∈ H\n"
                              "                let inv := invert(acc)\n"
                              "                mstore(M_ZHINV, mulmod(inv, mload(add(M_LAG_TMP, 0x%x)), R))\n"
                              "                inv := mulmod(mulmod(inv, zh, R), zh, R)\n",
                           32 * y->n_lag, 32 * y->n_lag);
        for (uint32_t k = y->n_lag; k-- > 0;) {
            zki_fr_mul(&t, &wi[k], &ninv);
            zkcg_sb_printf(b, "                {\n"
                              "                    let d := mload(add(M_LAG, 0x%x))\n"
                              "                    mstore(add(M_LAG, 0x%x), mulmod(mulmod(inv, mload(add(M_LAG_TMP, 0x%x)), R), ",
                           32 * k, 32 * k, 32 * k);
            fr_hex(b, &t);
            zkcg_sb_puts(b, ", R)) // ·ω^i/n\n");
            if (k) zkcg_sb_puts(b, "                    inv := mulmod(inv, d, R)\n");
            zkcg_sb_puts(b, "                }\n");
        }
        free(wi);
        zkcg_sb_printf(b, "                mstore(M_L0, mload(M_LAG))\n"
                          "                let llast := mload(add(M_LAG, 0x%x))\n"
                          "                mstore(M_LLAST, llast)\n"
                          "                let lblind := 0\n",
                       32 * y->pub_rows);
        for (uint32_t k = y->pub_rows + 1; k < y->n_lag; k++)
            zkcg_sb_printf(b, "                lblind := addmod(lblind, mload(add(M_LAG, 0x%x)), R)\n", 32 * k);
        zkcg_sb_puts(b, "                mstore(M_LBLIND, lblind)\n"
                        "                mstore(M_LACTIVE, addmod(1, sub(R, addmod(llast, lblind, R)), R))\n"
                        "            }\n");
    } else {
        zkcg_sb_puts(b,
                 "            {\n"
                 "                let zeta := mload(M_ZETA)\n"
                 "                let zn := zeta\n"
                 "                for { let i := 0 } lt(i, LOG_N) { i := add(i, 1) } { zn := mulmod(zn, zn, R) }\n"
                 "                mstore(M_ZN, zn)\n"
                 "                let zh := addmod(zn, sub(R, 1), R)\n"
                 "                mstore(M_ZH, zh)\n");
        if (g->v3) v3_denominators(g, b);
        zkcg_sb_puts(b,
                 "                // denominators ζ − ω^i: rows 0..PUB_ROWS-1, then u..n-1\n"
                 "                let w := 1\n"
                 "                for { let i := 0 } lt(i, N_LAG) { i := add(i, 1) } {\n"
                 "                    if eq(i, PUB_ROWS) { w := OMEGA_U }\n"
                 "                    mstore(add(M_LAG, shl(5, i)), addmod(zeta, sub(R, w), R))\n"
                 "                    w := mulmod(w, OMEGA, R)\n"
                 "                }\n");
        if (g->v3)
            zkcg_sb_puts(b,
                 "                mstore(add(M_LAG, shl(5, N_LAG)), zh) // 1/Z_H(ζ) (see 4.), 1/ζ and the opening's\n"
                 "                mstore(add(M_LAG, shl(5, add(N_LAG, 1))), zeta) // denominators join the inversion\n"
                 "                if iszero(batchInvert(M_LAG, M_LAG_TMP, add(N_LAG, N_INV_EXTRA))) { fail() } // ζ ∈ H, ζ = 0 or Z_i(x) = 0\n"
                 "                mstore(M_ZHINV, mload(add(M_LAG, shl(5, N_LAG))))\n"
                 "                mstore(M_ZETAINV, mload(add(M_LAG, shl(5, add(N_LAG, 1)))))\n");
        else
            zkcg_sb_puts(b,
                 "                mstore(add(M_LAG, shl(5, N_LAG)), mload(M_U)) // 1/u joins the inversion (see 5.)\n"
                 "                mstore(add(M_LAG, shl(5, add(N_LAG, 1))), zh) // and 1/Z_H(ζ) (see 4.)\n"
                 "                if iszero(batchInvert(M_LAG, M_LAG_TMP, add(N_LAG, 2))) { fail() } // ζ ∈ H or u = 0\n"
                 "                mstore(M_UINV, mload(add(M_LAG, shl(5, N_LAG))))\n"
                 "                mstore(M_ZHINV, mload(add(M_LAG, shl(5, add(N_LAG, 1)))))\n");
        zkcg_sb_puts(b,
                 "                // L_i(ζ) = ω^i·Z_H(ζ) / (n·(ζ − ω^i))\n"
                 "                let c := mulmod(zh, N_INV, R)\n"
                 "                w := c\n"
                 "                for { let i := 0 } lt(i, N_LAG) { i := add(i, 1) } {\n"
                 "                    if eq(i, PUB_ROWS) { w := mulmod(OMEGA_U, c, R) }\n"
                 "                    let a := add(M_LAG, shl(5, i))\n"
                 "                    mstore(a, mulmod(mload(a), w, R))\n"
                 "                    w := mulmod(w, OMEGA, R)\n"
                 "                }\n"
                 "                mstore(M_L0, mload(M_LAG))\n"
                 "                let llast := mload(add(M_LAG, shl(5, PUB_ROWS)))\n"
                 "                mstore(M_LLAST, llast)\n"
                 "                let lblind := 0\n"
                 "                for { let i := add(PUB_ROWS, 1) } lt(i, N_LAG) { i := add(i, 1) } {\n"
                 "                    lblind := addmod(lblind, mload(add(M_LAG, shl(5, i))), R)\n"
                 "                }\n"
                 "                mstore(M_LBLIND, lblind)\n"
                 "                mstore(M_LACTIVE, addmod(1, sub(R, addmod(llast, lblind, R)), R))\n"
                 "            }\n");
    }
    uint32_t pi = 0;
    for (uint32_t j = 0; j < cs->n_instance; j++) {
        uint32_t np = L->public_per_col[j];
        if (!g->opt->loops && np <= 8) {
            zkcg_sb_printf(b, "            { // I_%u(ζ) = Σ_r x_r·L_r(ζ)\n                let s := 0\n", j);
            for (uint32_t r = 0; r < np; r++)
                zkcg_sb_printf(b, "                s := addmod(s, mulmod(mload(add(M_PUBLIC, 0x%x)), mload(add(M_LAG, 0x%x)), R), R)\n",
                               32 * (pi + r), 32 * r);
            zkcg_sb_printf(b, "                mstore(M_INST%u, s)\n            }\n", j);
        } else
            zkcg_sb_printf(b,
                       "            { // I_%u(ζ) = Σ_r x_r·L_r(ζ)\n"
                       "                let s := 0\n"
                       "                for { let i := 0 } lt(i, %u) { i := add(i, 1) } {\n"
                       "                    s := addmod(s, mulmod(mload(add(add(M_PUBLIC, 0x%x), shl(5, i))), mload(add(M_LAG, shl(5, i))), R), R)\n"
                       "                }\n"
                       "                mstore(M_INST%u, s)\n"
                       "            }\n",
                       j, np, 32 * pi, j);
        pi += np;
    }
}

/* Marks nodes reachable from the roots and counts their uses. */
static void count_uses(const zki_cs *cs, uint32_t *uses, uint8_t *reach) {
    for (uint32_t g = 0; g < cs->n_gates; g++) uses[cs->gates[g].root]++;
    for (uint32_t l = 0; l < cs->n_lookups; l++)
        for (uint32_t j = 0; j < cs->lookups[l].width; j++) {
            uses[cs->lookups[l].inputs[j]]++;
            uses[cs->lookups[l].tables[j]]++;
        }
    for (uint32_t i = cs->n_nodes; i-- > 0;) {
        if (uses[i] == 0) continue;
        reach[i] = 1;
        const zki_expr_node *nd = &cs->nodes[i];
        if (nd->op >= ZKI_EXPR_ADD && nd->op <= ZKI_EXPR_MUL) {
            uses[nd->a]++;
            uses[nd->b]++;
        } else if (nd->op == ZKI_EXPR_NEG)
            uses[nd->a]++;
    }
}

/* A Cauchy group (cauchy.h): row j's value v_j = Σ_k X_k/(x_j + y_k) as n_j/D_j with
 * D_j = Π_k (x_j + y_k) a constant (the generator stores 1/D_j) and n_j built in one pass
 * without divisions: after term k, n = Σ_{i≤k} X_i·Π_{l≤k, l≠i} d_l and
 * dd = Π_{l≤k} d_l, where d_l = x_j + y_l; so n ← n·d_k + X_k·dd, dd ← dd·d_k. The loop
 * runs over the rows (a table of x_j, 1/D_j pairs); the k terms are unrolled with y_k as
 * literals. The rows' values go to contiguous slots, which their nodes then read.
 * Returns: 0, or -1 on allocation failure. */
static int emit_cauchy(gen *g, zkcg_sb *b, const zkcg_cauchy *cg, int64_t *slots, int count_only) {
    uint32_t R = cg->rows, C = cg->cols;
    uint64_t out = (uint64_t)*slots, xs = out + R;
    *slots = (int64_t)(xs + 2 * (uint64_t)R);
    for (uint32_t j = 0; j < R; j++) {
        g->slot[cg->root[j]] = (int32_t)(out + j);
        g->expr[cg->root[j]] = zkcg_strf("mload(add(M_NODES, 0x%llx))", (unsigned long long)(32 * (out + j)));
        if (!g->expr[cg->root[j]]) return -1;
    }
    if (count_only) return 0;
    zkcg_sb_printf(b, "            // nodes %u..%u: a %u×%u matrix C times (nodes", cg->root[0], cg->root[R - 1], R, C);
    for (uint32_t k = 0; k < C; k++) zkcg_sb_printf(b, " %u", cg->operand[k]);
    zkcg_sb_puts(b, "); C is a Cauchy matrix,\n"
                    "            // C[j][k] = 1/(x_j + y_k) (the generator checked it on the VK's constants)\n");
    for (uint32_t j = 0; j < R; j++) {
        zki_fr dj, t;
        zki_fr_set_one(&dj);
        for (uint32_t k = 0; k < C; k++) {
            zki_fr_add(&t, &cg->x[j], &cg->y[k]);
            zki_fr_mul(&dj, &dj, &t);
        }
        zki_fr_inv(&dj, &dj); /* nonzero: every x_j + y_k is (C[j][k]·(x_j + y_k) = 1) */
        zkcg_sb_printf(b, "            mstore(add(M_NODES, 0x%llx), ", (unsigned long long)(32 * (xs + 2 * j)));
        fr_hex(b, &cg->x[j]);
        zkcg_sb_printf(b, ") // x_%u\n            mstore(add(M_NODES, 0x%llx), ", j, (unsigned long long)(32 * (xs + 2 * j + 1)));
        fr_hex(b, &dj);
        zkcg_sb_printf(b, ") // 1/D_%u\n", j);
    }
    unsigned long long X0 = 32 * xs, X1 = 32 * (xs + 2 * R), O = 32 * out;
    zkcg_sb_printf(b,
                   "            for { let xp := add(M_NODES, 0x%llx) } lt(xp, add(M_NODES, 0x%llx)) { xp := add(xp, 0x40) } {\n"
                   "                let xj := mload(xp)\n",
                   X0, X1);
    for (uint32_t k = 0; k < C; k++) {
        const char *xk = g->expr[cg->operand[k]];
        zkcg_sb_puts(b, "                ");
        if (k == 0) zkcg_sb_puts(b, "let d := ");
        else zkcg_sb_puts(b, "d := ");
        if (zki_fr_is_zero(&cg->y[k])) zkcg_sb_puts(b, "xj");
        else {
            zkcg_sb_puts(b, "addmod(xj, ");
            fr_hex(b, &cg->y[k]);
            zkcg_sb_puts(b, ", R)");
        }
        zkcg_sb_printf(b, " // x_j + y_%u\n", k);
        if (k == 0)
            zkcg_sb_printf(b, "                let n := %s\n                let dd := d\n", xk);
        else {
            zkcg_sb_printf(b, "                n := addmod(mulmod(n, d, R), mulmod(%s, dd, R), R)\n", xk);
            if (k + 1 < C) zkcg_sb_puts(b, "                dd := mulmod(dd, d, R)\n");
        }
    }
    zkcg_sb_printf(b,
                   "                mstore(add(add(M_NODES, 0x%llx), shr(1, sub(xp, add(M_NODES, 0x%llx)))), mulmod(n, mload(add(xp, 0x20)), R)) // v_j = n_j/D_j\n"
                   "            }\n",
                   O, X0);
    return 0;
}

/* Builds g->expr and g->slot for every reachable node, writing the stores of shared
 * nodes into b. Returns: the number of slots, or -1 on allocation failure. */
static int64_t emit_nodes(gen *g, zkcg_sb *b, int count_only) {
    const zki_cs *cs = g->cs;
    uint32_t N = cs->n_nodes;
    uint32_t *uses = calloc(N + 1, sizeof *uses), *depth = calloc(N + 1, sizeof *depth);
    uint8_t *reach = calloc(N + 1, 1), *absorbed = calloc(N + 1, 1);
    int32_t *group_of = calloc(N + 1, sizeof *group_of);
    zkcg_cauchy *groups = NULL;
    int64_t slots = 0;
    if (!uses || !depth || !reach || !absorbed || !group_of) goto oom;
    count_uses(cs, uses, reach);
    if (zkcg_cauchy_find(cs, uses, reach, &groups, group_of, absorbed) < 0) goto oom;
    char tmp[96];
    for (uint32_t i = 0; i < N; i++) {
        g->slot[i] = -1;
        free(g->expr[i]);
        g->expr[i] = NULL;
    }
    for (uint32_t i = 0; i < N; i++) {
        if (!reach[i] || absorbed[i] || g->expr[i]) continue;
        if (group_of[i] >= 0) {
            if (emit_cauchy(g, b, &groups[group_of[i]], &slots, count_only) < 0) goto oom;
            continue;
        }
        const zki_expr_node *nd = &cs->nodes[i];
        char *e = NULL;
        uint32_t d = 0;
        switch (nd->op) {
        case ZKI_EXPR_CONST: {
            zkcg_sb s;
            zkcg_sb_init(&s);
            fr_hex(&s, &cs->consts[nd->a]);
            e = s.s;
            break;
        }
        case ZKI_EXPR_CELL:
            e = zkcg_strf("%s", value_of(g, nd->kind, nd->a, nd->rot, tmp, sizeof tmp));
            break;
        case ZKI_EXPR_CHALLENGE: /* a leaf like a cell: the squeezed value in its slot */
            e = zkcg_strf("mload(M_CHALLENGE%u)", nd->a);
            break;
        case ZKI_EXPR_ADD:
            e = zkcg_strf("addmod(%s, %s, R)", g->expr[nd->a], g->expr[nd->b]);
            d = 1 + (depth[nd->a] > depth[nd->b] ? depth[nd->a] : depth[nd->b]);
            break;
        case ZKI_EXPR_SUB:
            e = zkcg_strf("addmod(%s, sub(R, %s), R)", g->expr[nd->a], g->expr[nd->b]);
            d = 1 + (depth[nd->a] > depth[nd->b] ? depth[nd->a] : depth[nd->b]);
            break;
        case ZKI_EXPR_MUL:
            e = zkcg_strf("mulmod(%s, %s, R)", g->expr[nd->a], g->expr[nd->b]);
            d = 1 + (depth[nd->a] > depth[nd->b] ? depth[nd->a] : depth[nd->b]);
            break;
        case ZKI_EXPR_NEG:
            e = zkcg_strf("mod(sub(R, %s), R)", g->expr[nd->a]);
            d = 1 + depth[nd->a];
            break;
        }
        if (!e) goto oom;
        if (nd->op >= ZKI_EXPR_ADD && nd->op <= ZKI_EXPR_NEG && (uses[i] > 1 || d > ZKCG_INLINE_DEPTH)) {
            g->slot[i] = (int32_t)slots++;
            if (!count_only)
                zkcg_sb_printf(b, "            mstore(add(M_NODES, 0x%llx), %s) // node %u\n",
                               (unsigned long long)(32 * g->slot[i]), e, i);
            free(e);
            e = zkcg_strf("mload(add(M_NODES, 0x%llx))", (unsigned long long)(32 * g->slot[i]));
            if (!e) goto oom;
            d = 0;
        }
        g->expr[i] = e;
        depth[i] = d;
    }
    free(uses);
    free(depth);
    free(reach);
    free(absorbed);
    free(group_of);
    free(groups);
    return slots;
oom:
    free(uses);
    free(depth);
    free(reach);
    free(absorbed);
    free(group_of);
    free(groups);
    return -1;
}

/* Horner over the lookup side's expressions, Σ_j θ^(w-1-j) e_j, as flat statements into
 * the variable `var` (flat, so no expression nests deeper than one node's). */
static void compress(gen *g, zkcg_sb *b, const char *var, const zki_expr *es, uint32_t w) {
    zkcg_sb_printf(b, "                    let %s := %s\n", var, g->expr[es[0]]);
    for (uint32_t j = 1; j < w; j++)
        zkcg_sb_printf(b, "                    %s := addmod(mulmod(%s, theta, R), %s, R)\n", var, var, g->expr[es[j]]);
}

static void emit_constraints(gen *g, zkcg_sb *b) {
    const zki_cs *cs = g->cs;
    const zki_plonk_layout *L = g->L;
    char t1[96], t2[96];
    phase(g, b, 4);
    zkcg_sb_puts(b, "            // shared nodes of the expression DAG\n");
    if (emit_nodes(g, b, 0) < 0) {
        g->oom = 1;
        return;
    }
    zkcg_sb_puts(b,
                 "            {\n"
                 "                let y := mload(M_Y)\n"
                 "                let acc := 0\n");
    for (uint32_t i = 0; i < cs->n_gates; i++)
        zkcg_sb_printf(b, "                acc := addmod(mulmod(acc, y, R), %s, R) // gate %s\n", g->expr[cs->gates[i].root],
                       cs->gates[i].name);
    if (L->n_z) {
        zkcg_sb_printf(b, "                acc := addmod(mulmod(acc, y, R), mulmod(mload(M_L0), addmod(1, sub(R, %s), R), R), R) // l0·(1 − z_0)\n",
                       value_of(g, ZKI_P_Z, 0, 0, t1, sizeof t1));
        value_of(g, ZKI_P_Z, L->n_z - 1, 0, t1, sizeof t1);
        zkcg_sb_printf(b, "                acc := addmod(mulmod(acc, y, R), mulmod(mload(M_LLAST), addmod(mulmod(%s, %s, R), sub(R, %s), R), R), R) // llast·(z² − z)\n",
                       t1, t1, t1);
        for (uint32_t j = 1; j < L->n_z; j++)
            zkcg_sb_printf(b, "                acc := addmod(mulmod(acc, y, R), mulmod(mload(M_L0), addmod(%s, sub(R, %s), R), R), R) // l0·(z_%u − z_%u(ω^u X))\n",
                           value_of(g, ZKI_P_Z, j, 0, t1, sizeof t1), value_of(g, ZKI_P_Z, j - 1, L->rot_last, t2, sizeof t2), j, j - 1);
        zkcg_sb_puts(b,
                     "                {\n"
                     "                    let beta := mload(M_BETA)\n"
                     "                    let gamma := mload(M_GAMMA)\n"
                     "                    let bx := mulmod(beta, mload(M_ZETA), R)\n");
        for (uint32_t j = 0; j < L->n_z; j++) {
            zkcg_sb_printf(b, "                    { // chunk %u\n", j);
            zkcg_sb_printf(b, "                        let left := %s\n", value_of(g, ZKI_P_Z, j, 1, t1, sizeof t1));
            zkcg_sb_printf(b, "                        let right := %s\n", value_of(g, ZKI_P_Z, j, 0, t1, sizeof t1));
            for (uint32_t k = j * L->chunk; k < cs->n_perm_cols && k < (j + 1) * L->chunk; k++) {
                const zki_cell *pc = &cs->perm_cols[k];
                zkcg_sb_printf(b, "                        {\n                            let v := %s\n",
                               value_of(g, pc->kind, pc->col, 0, t1, sizeof t1));
                zkcg_sb_printf(b, "                            left := mulmod(left, addmod(addmod(v, mulmod(beta, %s, R), R), gamma, R), R)\n",
                               value_of(g, ZKI_P_SIGMA, k, 0, t2, sizeof t2));
                zkcg_sb_printf(b, "                            right := mulmod(right, addmod(addmod(v, mulmod(bx, DELTA%u, R), R), gamma, R), R)\n"
                                  "                        }\n", k);
            }
            zkcg_sb_puts(b, "                        acc := addmod(mulmod(acc, y, R), mulmod(mload(M_LACTIVE), addmod(left, sub(R, right), R), R), R)\n"
                            "                    }\n");
        }
        zkcg_sb_puts(b, "                }\n");
    }
    if (cs->n_lookups) zkcg_sb_puts(b, "                let theta := mload(M_THETA)\n                let lambda := mload(M_LAMBDA)\n");
    for (uint32_t l = 0; l < cs->n_lookups; l++) {
        const zki_lookup *lk = &cs->lookups[l];
        zkcg_sb_printf(b, "                { // lookup %s\n", lk->name);
        zkcg_sb_printf(b, "                    let phi := %s\n", value_of(g, ZKI_P_PHI, l, 0, t1, sizeof t1));
        zkcg_sb_puts(b, "                    acc := addmod(mulmod(acc, y, R), mulmod(mload(M_L0), phi, R), R)\n"
                        "                    acc := addmod(mulmod(acc, y, R), mulmod(mload(M_LLAST), phi, R), R)\n");
        compress(g, b, "f", lk->inputs, lk->width);
        zkcg_sb_puts(b, "                    f := addmod(f, lambda, R)\n");
        compress(g, b, "t", lk->tables, lk->width);
        zkcg_sb_puts(b, "                    t := addmod(t, lambda, R)\n");
        zkcg_sb_printf(b, "                    let c := mulmod(mulmod(addmod(%s, sub(R, phi), R), f, R), t, R)\n",
                       value_of(g, ZKI_P_PHI, l, 1, t1, sizeof t1));
        zkcg_sb_printf(b, "                    c := addmod(addmod(c, sub(R, mulmod(%s, f, R)), R), t, R)\n",
                       value_of(g, ZKI_P_M, l, 0, t1, sizeof t1));
        zkcg_sb_puts(b, "                    acc := addmod(mulmod(acc, y, R), mulmod(mload(M_LACTIVE), c, R), R)\n"
                        "                }\n");
    }
    /* the quotient's value, derived: the opening of Σ_i ζ^(n·i)·[T'_i] at ζ (5.) checks it */
    zkcg_sb_puts(b, "                mstore(M_TZETA, mulmod(acc, mload(M_ZHINV), R)) // T(ζ) = C(ζ)/Z_H(ζ)\n"
                    "            }\n");
}

/* One term of an MSM accumulator: s·(x, y), or (x, y) when s is NULL (scalar 1). The
 * first term of each sum is written to the accumulator directly (no ecAdd). */
static void acc_term(zkcg_sb *b, const char *ind, const char *acc, int *started, const char *x, const char *y,
                     const char *s, const char *comment) {
    if (!*started && !s)
        zkcg_sb_printf(b, "%smstore(%s, %s)\n%smstore(add(%s, 0x20), %s)%s%s\n", ind, acc, x, ind, acc, y,
                       comment ? " // " : "", comment ? comment : "");
    else
        zkcg_sb_printf(b, "%sok := and(ok, %s(%s, %s, %s%s%s))%s%s\n", ind, !*started ? "mulTo" : s ? "mulAcc" : "addAcc", acc, x, y,
                       s ? ", " : "", s ? s : "", comment ? " // " : "", comment ? comment : "");
    *started = 1;
}

/* The term w_p·v^i of a query as a Yul expression ("1" when p = pm and i = 0). */
static char *term(uint32_t pm, uint32_t p, uint32_t i) {
    if (p == pm && i == 0) return zkcg_strf("1");
    if (p == pm) return zkcg_strf("mload(add(M_VPOW, 0x%x))", 32 * i);
    if (i == 0) return zkcg_strf("mload(add(M_UPOW, 0x%x))", 32 * p);
    return zkcg_strf("mulmod(mload(add(M_UPOW, 0x%x)), mload(add(M_VPOW, 0x%x)), R)", 32 * p, 32 * i);
}

static void emit_msm(gen *g, zkcg_sb *b) {
    const zki_plonk_layout *L = g->L;
    const zkcg_layout *y = &g->lay;
    uint32_t nq = L->n_queries;
    uint32_t *qp = malloc((nq + 1) * sizeof *qp), *qi = malloc((nq + 1) * sizeof *qi);
    if (!qp || !qi) {
        free(qp);
        free(qi);
        g->oom = 1;
        return;
    }
    for (uint32_t q = 0; q < nq; q++) {
        qp[q] = (uint32_t)zki_plonk_point_index(L, L->queries[q].rot);
        qi[q] = 0;
        for (uint32_t k = 0; k < q; k++) qi[q] += L->queries[k].rot == L->queries[q].rot;
    }
    phase(g, b, 5);
    zkcg_sb_puts(b,
                 "            {\n"
                 "                let x := 1\n"
                 "                let v := mload(M_V)\n"
                 "                for { let i := 0 } lt(i, N_VPOW) { i := add(i, 1) } { mstore(add(M_VPOW, shl(5, i)), x) x := mulmod(x, v, R) }\n"
                 "            }\n"
                 "            // opening weights w_p = u^(p − pm), pm the point ζ: the check of docs/PROTOCOL.md\n"
                 "            // §4.5 times u^(−pm) ≠ 0 (the same verdict), and the first query at ζ and W at ζ\n"
                 "            // need no ecMul\n");
    zkcg_sb_printf(b, "            mstore(add(M_UPOW, 0x%x), 1)\n", 32 * g->pm);
    for (uint32_t p = g->pm + 1; p < L->n_points; p++)
        zkcg_sb_printf(b, "            mstore(add(M_UPOW, 0x%x), mulmod(mload(add(M_UPOW, 0x%x)), mload(M_U), R))\n", 32 * p, 32 * (p - 1));
    for (uint32_t p = g->pm; p-- > 0;)
        zkcg_sb_printf(b, "            mstore(add(M_UPOW, 0x%x), mulmod(mload(add(M_UPOW, 0x%x)), mload(M_UINV), R))\n", 32 * p, 32 * (p + 1));
    zkcg_sb_puts(b,
                 "            {\n"
                 "                let ok := 1\n"
                 "                // each commitment once, its scalar summed over the points it is opened at\n");
    int left = 0, right = 0; /* accumulators written yet */
    uint32_t t0 = g->cs->n_advice + 2 * g->cs->n_lookups + L->n_z; /* slot of T'_0 */
    for (uint32_t k = 0; k < y->n_comm; k++) {
        zkcg_sb s;
        zkcg_sb_init(&s);
        int nterms = 0, one = 0;
        for (uint32_t q = 0; q < nq; q++) {
            if (query_slot(g, &L->queries[q]) != k) continue;
            char *t = term(g->pm, qp[q], qi[q]);
            if (!t) {
                g->oom = 1;
                break;
            }
            one = !strcmp(t, "1");
            if (nterms == 0)
                zkcg_sb_puts(&s, t);
            else {
                char *prev = s.s;
                zkcg_sb_init(&s);
                zkcg_sb_printf(&s, "addmod(%s, %s, R)", prev, t);
                free(prev);
            }
            nterms++;
            free(t);
        }
        char *nm = comm_name(g, k), *px = NULL, *py = NULL;
        comm_xy(g, k, &px, &py);
        if (k >= t0 && k < t0 + L->n_t && nm && px && py) {
            /* quotient chunk i: opened only in the combination Σ_i ζ^(n·i)·T'_i at ζ,
             * after ζ's queries: weight v^t_vpow·ζ^(n·i), kept in wt */
            char *t = term(g->pm, g->pm, L->t_vpow);
            if (!t) g->oom = 1;
            else {
                if (k == t0) zkcg_sb_printf(b, "                let wt := %s\n", t);
                one = k == t0 && !strcmp(t, "1");
                acc_term(b, "                ", "M_MSM_LEFT", &left, px, py, one ? NULL : "wt", nm);
                if (k + 1 < t0 + L->n_t) zkcg_sb_puts(b, "                wt := mulmod(wt, mload(M_ZN), R)\n");
            }
            free(t);
        } else if (!nm || !px || !py || s.oom)
            g->oom = 1;
        else if (nterms == 0)
            zkcg_sb_printf(b, "                // %s is never opened\n", nm);
        else {
            char *cm = zkcg_strf("%s%s", nm, nterms == 1 && one ? ", scalar 1" : "");
            acc_term(b, "                ", "M_MSM_LEFT", &left, px, py, nterms == 1 && one ? NULL : s.s, cm);
            free(cm);
        }
        free(nm);
        free(px);
        free(py);
        zkcg_sb_free(&s);
    }
    /* W_p with u^p·ζ·ω^ρ_p on the left, u^p on the right; −Σ_p u^p y_p on [1]₁ */
    zkcg_sb_puts(b, "                let zeta := mload(M_ZETA)\n"
                    "                let ys := 0\n");
    for (uint32_t p = 0; p < L->n_points; p++) {
        zkcg_sb_printf(b, "                { // opening point %u: ζ·ω^%d\n", p, L->points[p]);
        zkcg_sb_printf(b, "                    let up := mload(add(M_UPOW, 0x%x))\n", 32 * p);
        char *wx = zkcg_strf("mload(C_W%u)", p), *wy = zkcg_strf("mload(add(C_W%u, 0x20))", p),
             *ws = zkcg_strf("mulmod(up, mulmod(zeta, OMEGA_POINT%u, R), R)", p);
        if (!wx || !wy || !ws) g->oom = 1;
        else {
            acc_term(b, "                    ", "M_MSM_LEFT", &left, wx, wy, ws, NULL);
            acc_term(b, "                    ", "M_MSM_RIGHT", &right, wx, wy, p == g->pm ? NULL : "up", NULL);
        }
        free(wx);
        free(wy);
        free(ws);
        zkcg_sb_puts(b, "                    let yp := 0\n");
        for (uint32_t q = 0; q < nq; q++) {
            if (qp[q] != p) continue;
            if (qi[q] == 0)
                zkcg_sb_printf(b, "                    yp := addmod(yp, mload(%s), R)\n", g->qname[q]);
            else
                zkcg_sb_printf(b, "                    yp := addmod(yp, mulmod(mload(add(M_VPOW, 0x%x)), mload(%s), R), R)\n", 32 * qi[q],
                               g->qname[q]);
        }
        if (p == g->pm) {
            if (L->t_vpow == 0)
                zkcg_sb_puts(b, "                    yp := addmod(yp, mload(M_TZETA), R) // the quotient: T(ζ)\n");
            else
                zkcg_sb_printf(b, "                    yp := addmod(yp, mulmod(mload(add(M_VPOW, 0x%x)), mload(M_TZETA), R), R) // the quotient: T(ζ)\n",
                               32 * L->t_vpow);
        }
        zkcg_sb_puts(b, "                    ys := addmod(ys, mulmod(up, yp, R), R)\n"
                        "                }\n");
    }
    if (g->opt->separate_vk)
        acc_term(b, "                ", "M_MSM_LEFT", &left, "mload(add(M_VK, VK_G1_OFF))", "mload(add(M_VK, add(VK_G1_OFF, 0x20)))",
                 "mod(sub(R, ys), R)", "−y·[1]₁");
    else
        acc_term(b, "                ", "M_MSM_LEFT", &left, "VK_G1_X", "VK_G1_Y", "mod(sub(R, ys), R)", "−y·[1]₁");
    zkcg_sb_puts(b, "                if iszero(ok) { fail() }\n"
                    "            }\n");
    free(qp);
    free(qi);
}

#include "shplonk_impl.h"

static void emit_pairing(gen *g, zkcg_sb *b) {
    static const char *part[4] = {"X_C1", "X_C0", "Y_C1", "Y_C0"};
    phase(g, b, 6);
    zkcg_sb_puts(b, "            mstore(M_PAIR, mload(M_MSM_LEFT))\n"
                    "            mstore(add(M_PAIR, 0x20), mload(add(M_MSM_LEFT, 0x20)))\n");
    for (int w = 0; w < 4; w++) {
        if (g->opt->separate_vk)
            zkcg_sb_printf(b, "            mstore(add(M_PAIR, 0x%x), mload(add(M_VK, add(VK_G2_OFF, 0x%x))))\n", 0x40 + 32 * w, 32 * w);
        else
            zkcg_sb_printf(b, "            mstore(add(M_PAIR, 0x%x), VK_G2_%s)\n", 0x40 + 32 * w, part[w]);
    }
    /* the right side: the MSM's Σ_p u^p·W_p; SHPLONK [W'] itself */
    const char *right = g->v3 ? "C_W_PRIME" : "M_MSM_RIGHT";
    zkcg_sb_printf(b, "            mstore(add(M_PAIR, 0xc0), mload(%s))\n"
                      "            mstore(add(M_PAIR, 0xe0), mod(sub(P, mload(add(%s, 0x20))), P)) // −right\n",
                   right, right);
    for (int w = 0; w < 4; w++) {
        if (g->opt->separate_vk)
            zkcg_sb_printf(b, "            mstore(add(M_PAIR, 0x%x), mload(add(M_VK, add(VK_TAU_G2_OFF, 0x%x))))\n", 0x100 + 32 * w, 32 * w);
        else
            zkcg_sb_printf(b, "            mstore(add(M_PAIR, 0x%x), VK_TAU_G2_%s)\n", 0x100 + 32 * w, part[w]);
    }
    zkcg_sb_puts(b, "            {\n"
                    "                let ok := staticcall(gas(), PRECOMPILE_PAIRING, M_PAIR, 0x180, M_PAIR, 0x20)\n"
                    "                mstore(0x00, and(ok, eq(mload(M_PAIR), 1)))\n"
                    "                return(0x00, 0x20)\n"
                    "            }\n");
}

/* The VK points of a separate VK contract: fixed, σ, [1]₁, [1]₂, [τ]₂ in the encodings
 * of docs/PROTOCOL.md §1.2, as one hex string. */
static void vk_blob_hex(gen *g, zkcg_sb *b) {
    const zki_vk *vk = g->vk;
    uint8_t w[128];
    for (uint32_t j = 0; j < g->L->n_packs && g->v3; j++) { /* SHPLONK: the packs instead */
        zki_g1_aff_to_bytes(w, &vk->pack_comm[j]);
        for (int i = 0; i < 64; i++) zkcg_sb_printf(b, "%02x", w[i]);
    }
    for (uint32_t j = 0; j < g->cs->n_fixed && !g->v3; j++) {
        zki_g1_aff_to_bytes(w, &vk->fixed_comm[j]);
        for (int i = 0; i < 64; i++) zkcg_sb_printf(b, "%02x", w[i]);
    }
    for (uint32_t k = 0; k < g->cs->n_perm_cols && !g->v3; k++) {
        zki_g1_aff_to_bytes(w, &vk->sigma_comm[k]);
        for (int i = 0; i < 64; i++) zkcg_sb_printf(b, "%02x", w[i]);
    }
    zki_g1_aff_to_bytes(w, &vk->g1);
    for (int i = 0; i < 64; i++) zkcg_sb_printf(b, "%02x", w[i]);
    for (int t = 0; t < 2; t++) {
        zki_g2_aff_to_bytes(w, &vk->g2[t]);
        for (int i = 0; i < 128; i++) zkcg_sb_printf(b, "%02x", w[i]);
    }
}

/* Rewrites a section's arithmetic to use a local copy r of the modulus (one DUP, 1 byte,
 * instead of a 33-byte PUSH32 at every use) and wraps it in a block that declares it. */
static void use_local_r(zkcg_sb *sec) {
    if (!sec->s || sec->oom) return;
    zkcg_sb o;
    zkcg_sb_init(&o);
    zkcg_sb_puts(&o, "            {\n"
                     "                let r := R\n");
    const char *p = sec->s;
    int bol = 1;
    while (*p) {
        if (bol && *p != '\n') zkcg_sb_puts(&o, "    ");
        bol = *p == '\n';
        if (!strncmp(p, ", R)", 4)) {
            zkcg_sb_puts(&o, ", r)");
            p += 4;
        } else if (!strncmp(p, "sub(R, ", 7)) {
            zkcg_sb_puts(&o, "sub(r, ");
            p += 7;
        } else {
            char c[2] = {*p++, 0};
            zkcg_sb_puts(&o, c);
        }
    }
    zkcg_sb_puts(&o, "            }\n");
    if (o.oom) {
        sec->oom = 1;
        zkcg_sb_free(&o);
        return;
    }
    zkcg_sb_free(sec);
    *sec = o;
}

/* ---------------------------------------------------------------- template */

typedef struct {
    const char *key;
    zkcg_sb val;
} section;

static zki_status fill(char **out, const char *tpl, section *secs, int nsec) {
    zkcg_sb b;
    zkcg_sb_init(&b);
    const char *p = tpl;
    while (*p) {
        const char *o = strstr(p, "{{");
        if (!o) {
            zkcg_sb_puts(&b, p);
            break;
        }
        const char *c = strstr(o, "}}");
        if (!c) {
            zkcg_sb_free(&b);
            return ZKI_ERR_ENCODING;
        }
        char *pre = zkcg_strf("%.*s", (int)(o - p), p);
        if (pre) zkcg_sb_puts(&b, pre);
        free(pre);
        int found = 0;
        for (int i = 0; i < nsec; i++)
            if (strlen(secs[i].key) == (size_t)(c - o - 2) && !strncmp(secs[i].key, o + 2, (size_t)(c - o - 2))) {
                if (secs[i].val.s) {
                    /* a section that ends in a newline replaces its whole template line */
                    size_t n = secs[i].val.len;
                    if (n && secs[i].val.s[n - 1] == '\n' && c[2] == '\n') c++;
                    zkcg_sb_puts(&b, secs[i].val.s);
                } else if (c[2] == '\n' && (o == tpl || o[-1] == '\n'))
                    c++; /* an empty section on a line of its own leaves no blank line */
                found = 1;
            }
        if (!found) {
            zkcg_sb_free(&b);
            return ZKI_ERR_ENCODING;
        }
        p = c + 2;
    }
    if (b.oom) {
        zkcg_sb_free(&b);
        return ZKI_ERR_NOMEM;
    }
    *out = b.s;
    return ZKI_OK;
}

enum {
    S_BANNER, S_VK_CONTRACT, S_NAME, S_SYSTEM, S_PSEC, S_VK, S_PROOF, S_MEM, S_CTOR, S_MUT, S_PRELUDE, S_CHECKS, S_TR,
    S_HLAG, S_LAG, S_CON, S_HMSM, S_MSM, S_PAIR, S_N
};

/* The headings of sections 3 and 5, which differ between the opening schemes. */
static const char *head_lagrange(const gen *g) {
    if (g->v3)
        return "            // ---- 3. ζ^n, Z_H(ζ), Lagrange values, 1/Z_H(ζ), 1/ζ and the opening's denominators\n"
               "            //         1/(x^t − ζ·ω^ρ) (one inversion), public inputs at ζ ----\n";
    return "            // ---- 3. ζ^n, Z_H(ζ), Lagrange values and 1/Z_H(ζ) (one inversion), public inputs at ζ ----\n";
}

static const char *head_msm(const gen *g) {
    if (g->v3)
        return "            // ---- 5. one MSM (SHPLONK, docs/PROTOCOL.md §4.7): Σ_i s_i·[f_i] − (Σ_i s_i·r_i(x))·[1]₁ − [W]\n"
               "            //         + x·[W'], s_i = v^i/Z_i(x); the quotient [T] is opened at ζ to T(ζ) ----\n";
    return "            // ---- 5. one MSM: Σ scalar·commitment + Σ u^p z_p·W_p − y·[1]₁, and Σ u^p·W_p; the\n"
           "            //         quotient chunks enter as Σ_i ζ^(n·i)·[T'_i] opened at ζ to T(ζ) ----\n";
}

zki_status zkcg_generate_solidity(char **out, const zki_vk *vk, const zkcg_options *opt) {
    static const zkcg_options defaults = {NULL, 0, 0, 0};
    if (!opt) opt = &defaults;
    const char *name = opt->contract_name ? opt->contract_name : "ZkinferVerifier";
    const char *tpl = zkcg_template("Verifier.sol");
    if (!tpl) return ZKI_ERR_ARG;
    gen g = {.vk = vk, .cs = &vk->cs, .L = &vk->L, .opt = opt, .v3 = vk->L.shplonk > 0};
    zki_status st = ZKI_ERR_NOMEM;
    uint32_t N = vk->cs.n_nodes, nq = vk->L.n_queries;
    section sec[S_N] = {{"BANNER", {0}},       {"VK_CONTRACT", {0}},     {"CONTRACT_NAME", {0}},
                        {"PROOF_SYSTEM", {0}}, {"PROOF_SECTION", {0}},   {"VK_CONSTANTS", {0}},
                        {"PROOF_CONSTANTS", {0}}, {"MEMORY_CONSTANTS", {0}}, {"CONSTRUCTOR", {0}},
                        {"MUTABILITY", {0}},   {"PRELUDE", {0}},         {"CHECKS", {0}},
                        {"TRANSCRIPT", {0}},   {"HEAD_LAGRANGE", {0}},   {"LAGRANGE", {0}},
                        {"CONSTRAINTS", {0}},  {"HEAD_MSM", {0}},        {"MSM", {0}},
                        {"PAIRING", {0}}};
    for (int i = 0; i < S_N; i++) zkcg_sb_init(&sec[i].val);
    g.qname = calloc(nq + 1, sizeof(char *));
    g.slot = calloc(N + 1, sizeof(int32_t));
    g.expr = calloc(N + 1, sizeof(char *));
    if (!g.qname || !g.slot || !g.expr) goto out;
    for (uint32_t q = 0; q < nq; q++)
        if (!(g.qname[q] = rot_name("E_", vk->L.queries[q].kind, vk->L.queries[q].index, vk->L.queries[q].rot))) goto out;
    g.pm = (uint32_t)zki_plonk_point_index(&vk->L, 0);
    if (zkcg_open_sets_init(&g.os, &vk->L) != ZKI_OK) goto out;
    /* first pass sizes the shared-node region, which the memory map needs */
    int64_t slots = emit_nodes(&g, NULL, 1);
    if (slots < 0) goto out;
    if ((st = zkcg_layout_init(&g.lay, vk, (uint32_t)slots)) != ZKI_OK) goto out;
    st = ZKI_ERR_NOMEM;

    zkcg_sb_puts(&sec[S_BANNER].val, "generated by zkinfer — do not edit. Regenerate with: zkinfer create-evm-verifier --vk VK -o FILE");
    zkcg_sb_puts(&sec[S_NAME].val, name);
    zkcg_sb_puts(&sec[S_SYSTEM].val, zki_plonk_label(&vk->L));
    zkcg_sb_puts(&sec[S_PSEC].val, g.v3 ? "§4.7" : "§6");
    zkcg_sb_puts(&sec[S_HLAG].val, head_lagrange(&g));
    zkcg_sb_puts(&sec[S_HMSM].val, head_msm(&g));
    if (opt->separate_vk) {
        zkcg_sb_printf(&sec[S_VK_CONTRACT].val,
                       "\n/// @title %sKey: the verifying key's points as the runtime code of a data contract\n"
                       "/// (a leading STOP byte, then %s, [1]₁, [1]₂, [τ]₂).\n"
                       "/// Deploy it first; the verifier reads it with EXTCODECOPY.\n"
                       "contract %sKey {\n"
                       "    constructor() {\n"
                       "        bytes memory code = hex\"00",
                       name, g.v3 ? "the pack commitments" : "fixed commitments, σ commitments", name);
        vk_blob_hex(&g, &sec[S_VK_CONTRACT].val);
        zkcg_sb_puts(&sec[S_VK_CONTRACT].val,
                     "\";\n"
                     "        assembly {\n"
                     "            return(add(code, 0x20), mload(code))\n"
                     "        }\n"
                     "    }\n"
                     "}\n");
        zkcg_sb_printf(&sec[S_CTOR].val,
                       "    /// the data contract holding the VK's points (%sKey)\n"
                       "    address public immutable VK_ADDRESS;\n\n"
                       "    constructor(address vkAddress) {\n"
                       "        require(vkAddress.code.length == 1 + VK_DATA_LEN, \"VK contract size\");\n"
                       "        require(keccak256(vkAddress.code) == VK_CODE_HASH, \"VK contract hash\");\n"
                       "        VK_ADDRESS = vkAddress;\n"
                       "    }\n",
                       name);
        /* pin the data contract's code */
        zkcg_sb blob;
        zkcg_sb_init(&blob);
        vk_blob_hex(&g, &blob);
        if (blob.oom) goto out;
        size_t nb = blob.len / 2 + 1;
        uint8_t *raw = malloc(nb);
        if (!raw) {
            zkcg_sb_free(&blob);
            goto out;
        }
        raw[0] = 0;
        for (size_t i = 1; i < nb; i++) {
            unsigned v;
            sscanf(blob.s + 2 * (i - 1), "%2x", &v);
            raw[i] = (uint8_t)v;
        }
        uint8_t h[32];
        zki_keccak256(h, raw, nb);
        free(raw);
        zkcg_sb_free(&blob);
        zkcg_sb_puts(&sec[S_VK].val, "    bytes32 internal constant VK_CODE_HASH = ");
        zkcg_sb_hex32(&sec[S_VK].val, h);
        zkcg_sb_puts(&sec[S_VK].val, "; // keccak256 of the VK contract's code\n");
        zkcg_sb_puts(&sec[S_PRELUDE].val, "        address vkAddress = VK_ADDRESS;\n");
    }
    emit_vk_constants(&g, &sec[S_VK].val);
    emit_proof_constants(&g, &sec[S_PROOF].val);
    emit_memory_constants(&g, &sec[S_MEM].val);
    zkcg_sb_puts(&sec[S_MUT].val, opt->debug_phases ? "" : "view");
    emit_checks(&g, &sec[S_CHECKS].val);
    emit_transcript(&g, &sec[S_TR].val);
    emit_lagrange(&g, &sec[S_LAG].val);
    emit_constraints(&g, &sec[S_CON].val);
    if (g.v3)
        v3_emit_msm(&g, &sec[S_MSM].val);
    else
        emit_msm(&g, &sec[S_MSM].val);
    use_local_r(&sec[S_LAG].val);
    use_local_r(&sec[S_CON].val);
    use_local_r(&sec[S_MSM].val);
    emit_pairing(&g, &sec[S_PAIR].val);
    if (g.oom) goto out;
    for (int i = 0; i < S_N; i++)
        if (sec[i].val.oom) goto out;
    st = fill(out, tpl, sec, S_N);
out:
    for (int i = 0; i < S_N; i++) zkcg_sb_free(&sec[i].val);
    if (g.qname)
        for (uint32_t q = 0; q < nq; q++) free(g.qname[q]);
    if (g.expr)
        for (uint32_t i = 0; i < N; i++) free(g.expr[i]);
    free(g.qname);
    free(g.slot);
    free(g.expr);
    free(g.vk_off);
    zkcg_open_sets_free(&g.os);
    return st;
}
