/* The offset table shared by the generator and the calldata encoder (see zkcg.h). */
#include "zkcg.h"

#include <string.h>

/* Memory below 0x100 is scratch (0x00..0xc0: the modexp call) for single hashes and the modexp call. */
#define ZKCG_MEM_BASE 0x100u
/* Far beyond anything a verifier of a real circuit needs; memory gas grows quadratically. */
#define ZKCG_MEM_MAX (1u << 22)

zki_status zkcg_layout_init(zkcg_layout *lay, const zki_vk *vk, uint32_t n_node_slots) {
    const zki_cs *cs = &vk->cs;
    const zki_plonk_layout *L = &vk->L;
    memset(lay, 0, sizeof *lay);
    uint64_t n_adv = cs->n_advice, n_lk = cs->n_lookups, n_late = cs->n_advice_late;
    if (n_late > n_adv || cs->n_challenges > ZKI_CS_MAX_CHALLENGES || (n_late == 0) != (cs->n_challenges == 0))
        return ZKI_ERR_ARG;

    /* proof parts, docs/PROTOCOL.md §6 (SHPLONK §4.7: the witness packs' commitments
     * S1, S2, S3, one [T], then [W], [W']) */
    int v3 = L->shplonk > 0;
    uint32_t nc[3];
    zkcg_comm_counts(nc, vk);
    lay->n_t_comm = v3 ? 1 : L->n_t;
    lay->n_w = v3 ? 2 : L->n_points;
    lay->off_advice = 0;
    if (v3) { /* no per-polynomial commitments: m and φ offsets name their round's end */
        lay->off_advice_late = 64 * (uint64_t)nc[0];
        lay->off_m = lay->off_z = lay->off_advice_late + 64 * (uint64_t)nc[1];
        lay->off_phi = lay->off_t = lay->off_z + 64 * (uint64_t)nc[2];
    } else {
        lay->off_m = lay->off_advice + 64 * n_adv;
        lay->off_advice_late = lay->off_m - 64 * n_late;
        lay->off_z = lay->off_m + 64 * n_lk;
        lay->off_phi = lay->off_z + 64 * (uint64_t)L->n_z;
        lay->off_t = lay->off_phi + 64 * n_lk;
    }
    lay->off_evals = lay->off_t + 64 * (uint64_t)lay->n_t_comm;
    lay->off_w = lay->off_evals + 32 * (uint64_t)L->n_queries;
    lay->proof_len = lay->off_w + 64 * (uint64_t)lay->n_w;
    if (lay->proof_len != zki_plonk_proof_size(L, cs)) return ZKI_ERR_SIZE;
    lay->n_public = L->n_public;
    lay->n_proof_comm = nc[0] + nc[1] + nc[2] + lay->n_t_comm;
    lay->n_comm = lay->n_proof_comm + (v3 ? L->n_packs : cs->n_fixed + cs->n_perm_cols);
    /* the words inverted with the Lagrange rows: u and Z_H(ζ); SHPLONK: Z_H(ζ), ζ and the
     * opening's denominators */
    lay->n_inv_extra = 2;
    if (v3) {
        zkcg_open_sets S;
        if (zkcg_open_sets_init(&S, L) != ZKI_OK) return ZKI_ERR_NOMEM;
        lay->n_inv_extra = 2 + S.n_den;
        lay->n_open_slots = S.n_slots;
        zkcg_open_sets_free(&S);
    }

    /* Lagrange rows: 0..P-1 (P = max(1, public rows of any column)) and u..n-1 */
    lay->pub_rows = 1;
    for (uint32_t j = 0; j < cs->n_instance; j++)
        if (L->public_per_col[j] > lay->pub_rows) lay->pub_rows = L->public_per_col[j];
    lay->n_lag = lay->pub_rows + (L->n - L->usable);
    uint32_t maxq = 1;
    for (uint32_t p = 0; p < L->n_points; p++) {
        uint32_t c = 0;
        for (uint32_t q = 0; q < L->n_queries; q++) c += L->queries[q].rot == L->points[p];
        c += L->points[p] == 0; /* the combined quotient, last at ζ (v^t_vpow) */
        if (c > maxq) maxq = c;
    }
    lay->n_vpow = v3 ? 0 : maxq; /* SHPLONK: v^i as a running product */

    uint64_t m = ZKCG_MEM_BASE;
    lay->m_ch = (uint32_t)m;
    m += 32 * (ZKCG_CH_WORDS + (uint64_t)cs->n_challenges);
    lay->m_inst = (uint32_t)m;
    m += 32 * (uint64_t)cs->n_instance;
    lay->m_vpow = (uint32_t)m;
    m += 32 * (uint64_t)lay->n_vpow;
    lay->m_upow = (uint32_t)m;
    m += v3 ? 0 : 32 * (uint64_t)L->n_points;
    lay->m_lag = (uint32_t)m;
    m += 32 * ((uint64_t)lay->n_lag + lay->n_inv_extra);
    lay->m_lag_tmp = (uint32_t)m;
    m += 32 * ((uint64_t)lay->n_lag + lay->n_inv_extra);
    lay->m_open = (uint32_t)m;
    m += 32 * (uint64_t)lay->n_open_slots;
    lay->m_msm = (uint32_t)m;
    m += 32 * 10; /* left accumulator + scratch, right accumulator + scratch */
    lay->m_pair = (uint32_t)m;
    m += 32 * 12;
    lay->m_nodes = (uint32_t)m;
    lay->n_node_slots = n_node_slots;
    m += 32 * (uint64_t)n_node_slots;

    /* transcript chunks: S, then the words absorbed before the next squeeze; with late
     * columns chunk 0 ends with the early [a] and the late chunk follows it */
    uint64_t late_words = nc[1] ? 1 + 2 * (uint64_t)nc[1] : 0; /* S, late [a], [m] (SHPLONK: S2's packs) */
    uint64_t words[ZKCG_TR_N] = {
        1 + 1 + lay->n_public + 2 * (uint64_t)nc[0], /* S0, digest, public, [a], [m] (S1's packs) */
        1 + 2 * (uint64_t)nc[2],                    /* S, [z], [φ] (S3's packs) */
        1 + 2 * (uint64_t)lay->n_t_comm,            /* S, [T'] (SHPLONK: [T]) */
        1 + (uint64_t)L->n_queries,                 /* S, evaluations */
        1 + 2 * (uint64_t)(v3 ? 1 : lay->n_w)};     /* S, [W] ([W'] follows, not hashed) */
    for (int c = 0; c < ZKCG_TR_N; c++) {
        lay->m_tr[c] = (uint32_t)m;
        lay->tr_words[c] = (uint32_t)words[c];
        m += 32 * words[c];
        if (c == ZKCG_TR_ROUND1 && late_words) {
            lay->m_tr_late = (uint32_t)m;
            lay->tr_late_words = (uint32_t)late_words;
            m += 32 * late_words;
        }
        if (c == ZKCG_TR_OPEN && v3) m += 64; /* [W'] */
        if (m > ZKCG_MEM_MAX) return ZKI_ERR_SIZE;
    }
    lay->m_public = lay->m_tr[ZKCG_TR_ROUND1] + 64;
    lay->m_comm0 = lay->m_public + 32 * lay->n_public;
    lay->m_evals = lay->m_tr[ZKCG_TR_EVALS] + 32;
    lay->m_w = lay->m_tr[ZKCG_TR_OPEN] + 32;
    lay->m_end = (uint32_t)m;
    return ZKI_OK;
}

void zkcg_comm_counts(uint32_t nc[3], const zki_vk *vk) {
    const zki_cs *cs = &vk->cs;
    const zki_plonk_layout *L = &vk->L;
    if (L->shplonk) {
        nc[0] = L->wpack_seq_end[0];
        nc[1] = L->wpack_seq_end[1] - L->wpack_seq_end[0];
        nc[2] = L->wpack_seq_end[2] - L->wpack_seq_end[1];
        return;
    }
    uint32_t late = cs->n_advice_late ? cs->n_advice_late + cs->n_lookups : 0;
    nc[0] = cs->n_advice + cs->n_lookups - late;
    nc[1] = late;
    nc[2] = L->n_z + cs->n_lookups;
}

uint32_t zkcg_comm_addr(const zkcg_layout *lay, const zki_vk *vk, uint32_t k) {
    uint32_t nc[3];
    zkcg_comm_counts(nc, vk);
    if (k < nc[0]) return lay->m_comm0 + 64 * k;
    k -= nc[0];
    if (k < nc[1]) return lay->m_tr_late + 32 + 64 * k; /* after the late chunk's S word */
    k -= nc[1];
    if (k < nc[2]) return lay->m_tr[ZKCG_TR_PERM] + 32 + 64 * k;
    return lay->m_tr[ZKCG_TR_QUOT] + 32 + 64 * (k - nc[2]);
}
