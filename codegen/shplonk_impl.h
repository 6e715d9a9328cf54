/* The SHPLONK parts of the Solidity verifier (zkinfer-plonk-v3, docs/PROTOCOL.md §4.7),
 * included once by solidity.c (its helpers and the gen struct are that file's statics).
 *
 * What differs from the GWC contract: the VK holds pack commitments [F_g]; the proof one
 * quotient commitment [T] and two witnesses [W], [W'] (x is squeezed after [W]); the
 * opening's denominators x^t − ζ·ω^ρ (one per distinct (t, ρ)) and ζ join the Lagrange
 * rows' batch inversion; section 5 is the check
 *
 *   e(Σ_i s_i·[f_i] − (Σ_i s_i·r_i(x))·[1]₁ − [W] + x·[W'], [1]₂) · e(−[W'], [τ]₂) = 1,
 *
 * s_i = v^i/Z_i(x), with one ecMul per opened polynomial, one for [1]₁, one for x·[W'] and
 * [W] added negated (an ecAdd). The remainder is never built: s_i·r_i(x) = v^i·Σ_ρ
 * Y_{i,ρ}(x)·w_ρ with Y_{i,ρ}(x) = Σ_m y_{i,m,ρ}·x^m (the members' claimed values at ζω^ρ,
 * Horner in x) and w_ρ = 1/((x^t − ζω^ρ)·Π_{ρ'≠ρ} ζ(ω^ρ − ω^ρ')), the CRT formula divided
 * by Z_i(x); for one rotation w = 1/Z_i(x), so s_i·r_i(x) = s_i·Y_i. The generator embeds
 * 1/Π_{ρ'≠ρ}(ω^ρ − ω^ρ') per set and rotation (OPEN_SET<s>_CINV<k>); the contract
 * multiplies by ζ^−(|R|−1).
 *
 * Witness packs: the proof's commitments before [T] are one per witness pack (S1 in chunk
 * 0, S2 in the late chunk, S3 in chunk 1: L->wpacks, L->wpack_seq_end), named C_WP<w>;
 * an opened one (kind ZKI_P_WPACK) is a pack like the VK's, its members advice, m, z, φ.
 */

/* ω^rot for a rotation of either sign. */
static void omega_pow(zki_fr *out, const zki_fr *omega, int32_t rot) {
    uint64_t e[4] = {(uint64_t)(rot < 0 ? -(int64_t)rot : rot), 0, 0, 0};
    if (rot < 0) {
        zki_fr oi;
        zki_fr_inv(&oi, omega);
        zki_fr_pow(out, &oi, e);
    } else
        zki_fr_pow(out, omega, e);
}

/* "{a, b, c}" of a rotation set, into buf. */
static const char *rot_set_str(char *buf, size_t cap, const int32_t *r, uint32_t n) {
    size_t o = (size_t)snprintf(buf, cap, "{");
    for (uint32_t k = 0; k < n && o < cap; k++) o += (size_t)snprintf(buf + o, cap - o, "%s%d", k ? ", " : "", r[k]);
    if (o < cap) snprintf(buf + o, cap - o, "}");
    return buf;
}

/* OPEN_SET<s>_CINV<k> = 1/Π_{ρ'≠ρ_k}(ω^ρ_k − ω^ρ') for each set with more than one rotation. */
static void v3_set_constants(gen *g, zkcg_sb *b, const zki_fr *omega) {
    const zkcg_open_sets *S = &g->os;
    char rs[160], nm[48], cm[224];
    for (uint32_t s = 0; s < S->n_set; s++) {
        uint32_t nr = S->set_nrot[s];
        const int32_t *r = S->rots + S->set_first[s];
        if (nr < 2) continue;
        for (uint32_t k = 0; k < nr; k++) {
            zki_fr c, wk, wl, d;
            zki_fr_set_one(&c);
            omega_pow(&wk, omega, r[k]);
            for (uint32_t l = 0; l < nr; l++) {
                if (l == k) continue;
                omega_pow(&wl, omega, r[l]);
                zki_fr_sub(&d, &wk, &wl);
                zki_fr_mul(&c, &c, &d);
            }
            zki_fr_inv(&c, &c); /* distinct rotations (|ρ| < n): ω^ρ ≠ ω^ρ' */
            snprintf(nm, sizeof nm, "OPEN_SET%u_CINV%u", s, k);
            snprintf(cm, sizeof cm, "1/Π_{ρ'≠%d}(ω^%d − ω^ρ'), ρ' ∈ R = %s", r[k], r[k], rot_set_str(rs, sizeof rs, r, nr));
            const_fr(b, nm, &c, cm);
        }
    }
}

/* "witness pack w (S1, t = 2) at {0, 1}: a0, a1" (malloc'd), the comment of C_WP<w>. */
static char *v3_wpack_comment(const gen *g, uint32_t w) {
    const zki_plonk_layout *L = g->L;
    const zki_plonk_open *o = &L->wpacks[w];
    char rs[160];
    zkcg_sb b;
    zkcg_sb_init(&b);
    zkcg_sb_printf(&b, "witness pack %u (S%u, t = %u) at %s:", w, w < L->wpack_seq_end[0] ? 1 : w < L->wpack_seq_end[1] ? 2 : 3,
                   o->t, o->n_rot ? rot_set_str(rs, sizeof rs, L->open_rots + o->rot_first, o->n_rot) : "no rotation (not opened)");
    for (uint32_t m = 0; m < o->t; m++) {
        const zki_plonk_member *mb = &L->pack_members[o->member_first + m];
        const char *k = mb->kind == ZKI_P_ADVICE ? "a" : mb->kind == ZKI_P_M ? "m" : mb->kind == ZKI_P_Z ? "z" : "φ";
        zkcg_sb_printf(&b, "%s%s%u", m ? ", " : " ", k, mb->index);
    }
    if (b.oom) {
        zkcg_sb_free(&b);
        return NULL;
    }
    return b.s;
}

/* The proof's parts: the witness packs' commitments per sequence, [T], the evaluations,
 * [W] and [W']. */
static void v3_proof_constants(gen *g, zkcg_sb *b) {
    const zkcg_layout *y = &g->lay;
    const_u(b, "PROOF_WPACKS_S1", y->off_advice, "witness packs of S1 (early advice, m without late columns), 64 bytes each");
    if (g->cs->n_advice_late) const_u(b, "PROOF_WPACKS_S2", y->off_advice_late, "witness packs of S2 (late advice, m)");
    const_u(b, "PROOF_WPACKS_S3", y->off_z, "witness packs of S3 (z, φ)");
    const_u(b, "PROOF_T", y->off_t, "[T], the whole quotient");
    const_u(b, "PROOF_EVALS", y->off_evals, "evaluations, 32 bytes each, in query order");
    const_u(b, "PROOF_W", y->off_w, "[W], then [W']");
}

/* The VK's pack commitments, each with its members and rotations in a comment. */
static void v3_pack_constants(gen *g, zkcg_sb *b) {
    const zki_plonk_layout *L = g->L;
    char rs[160];
    for (uint32_t i = 0; i < L->n_opens; i++) {
        const zki_plonk_open *o = &L->opens[i];
        if (o->kind != ZKI_P_PACK) continue;
        zkcg_sb_printf(b, "    // pack %u (t = %u) at rotations %s: ", o->index, o->t,
                       rot_set_str(rs, sizeof rs, L->open_rots + o->rot_first, o->n_rot));
        for (uint32_t m = 0; m < o->t; m++) {
            const zki_plonk_member *mb = &L->pack_members[o->member_first + m];
            zkcg_sb_printf(b, "%s%s%u", m ? ", " : "", mb->kind == ZKI_P_FIXED ? "fixed " : "σ_", mb->index);
        }
        zkcg_sb_printf(b, "\n    uint256 internal constant VK_PACK%u_X = ", o->index);
        fq_hex(b, &g->vk->pack_comm[o->index].x);
        zkcg_sb_printf(b, ";\n    uint256 internal constant VK_PACK%u_Y = ", o->index);
        fq_hex(b, &g->vk->pack_comm[o->index].y);
        zkcg_sb_puts(b, ";\n");
    }
}

static void v3_memory_constants(gen *g, zkcg_sb *b) {
    const zkcg_open_sets *S = &g->os;
    const zkcg_layout *y = &g->lay;
    char nm[48], cm[256], rs[160];
    const_u(b, "N_INV_EXTRA", y->n_inv_extra, "inverted with the rows: Z_H(ζ), ζ, then the M_DEN<j>");
    for (uint32_t j = 0; j < S->n_den; j++) {
        snprintf(nm, sizeof nm, "M_DEN%u", j);
        snprintf(cm, sizeof cm, "1/(x^%u − ζ·ω^%d)", S->den_t[j], S->den_rot[j]);
        const_u(b, nm, y->m_lag + 32 * (y->n_lag + 2 + j), cm);
    }
    for (uint32_t s = 0; s < S->n_set; s++) {
        if (S->set_slot[s] == UINT32_MAX) continue;
        uint32_t a = y->m_open + 32 * S->set_slot[s];
        snprintf(nm, sizeof nm, "M_OPEN_SET%u_ZINV", s);
        snprintf(cm, sizeof cm, "1/Z(x), t = %u, R = %s", S->set_t[s],
                 rot_set_str(rs, sizeof rs, S->rots + S->set_first[s], S->set_nrot[s]));
        const_u(b, nm, a, cm);
        for (uint32_t k = 0; k < S->set_nrot[s]; k++) {
            snprintf(nm, sizeof nm, "M_OPEN_SET%u_W%u", s, k);
            snprintf(cm, sizeof cm, "its CRT weight at ρ = %d", S->rots[S->set_first[s] + k]);
            const_u(b, nm, a + 32 * (k + 1), cm);
        }
    }
}

/* Inside section 3's block (zeta in scope): x^t per distinct t (square and multiply) and
 * the denominators x^t − ζ·ω^ρ into M_DEN<j>, inverted with the rows. */
static void v3_denominators(gen *g, zkcg_sb *b) {
    const zkcg_open_sets *S = &g->os;
    zkcg_sb_puts(b, "                // the opening's denominators x^t − ζ·ω^ρ (docs/PROTOCOL.md §4.7)\n"
                    "                let x := mload(M_X)\n");
    for (uint32_t j = 0; j < S->n_den; j++) {
        uint32_t t = S->den_t[j];
        int first = 1;
        for (uint32_t i = 0; i < j; i++) first &= S->den_t[i] != t;
        if (!first) continue;
        zkcg_sb_printf(b, "                { // t = %u\n                    let xt := x\n", t);
        int top = 31;
        while (!(t >> top & 1)) top--;
        for (int bit = top - 1; bit >= 0; bit--) {
            zkcg_sb_puts(b, "                    xt := mulmod(xt, xt, R)\n");
            if (t >> bit & 1) zkcg_sb_puts(b, "                    xt := mulmod(xt, x, R)\n");
        }
        for (uint32_t i = j; i < S->n_den; i++) {
            if (S->den_t[i] != t) continue;
            int32_t rot = S->den_rot[i];
            if (rot == 0)
                zkcg_sb_printf(b, "                    mstore(M_DEN%u, addmod(xt, sub(R, zeta), R)) // x^%u − ζ\n", i, t);
            else
                zkcg_sb_printf(b, "                    mstore(M_DEN%u, addmod(xt, sub(R, mulmod(zeta, OMEGA_POINT%d, R)), R)) // x^%u − ζ·ω^%d\n",
                               i, zki_plonk_point_index(g->L, rot), t, rot);
        }
        zkcg_sb_puts(b, "                }\n");
    }
}

/* Straight-line section 3, after the rows' prefix products (acc, zeta, zh in scope): Z_H(ζ),
 * ζ and the denominators join the product; one inversion; then inv = Z_H(ζ)/Π_rows for
 * the rows' back substitution, as in the GWC form. */
static void v3_extras_inverse(gen *g, zkcg_sb *b) {
    const zkcg_open_sets *S = &g->os;
    uint32_t nl = g->lay.n_lag;
    zkcg_sb_printf(b, "                mstore(add(M_LAG_TMP, 0x%x), acc)\n"
                      "                acc := mulmod(acc, zh, R)\n"
                      "                mstore(add(M_LAG_TMP, 0x%x), acc)\n"
                      "                acc := mulmod(acc, zeta, R)\n",
                   32 * nl, 32 * (nl + 1));
    for (uint32_t j = 0; j < S->n_den; j++)
        zkcg_sb_printf(b, "                mstore(add(M_LAG_TMP, 0x%x), acc)\n"
                          "                acc := mulmod(acc, mload(M_DEN%u), R)\n",
                       32 * (nl + 2 + j), j);
    zkcg_sb_puts(b, "                if iszero(acc) { fail() } // ζ ∈ H, ζ = 0 or some Z_i(x) = 0\n"
                    "                let inv := invert(acc)\n");
    for (uint32_t j = S->n_den; j-- > 0;)
        zkcg_sb_printf(b, "                {\n"
                          "                    let d := mload(M_DEN%u)\n"
                          "                    mstore(M_DEN%u, mulmod(inv, mload(add(M_LAG_TMP, 0x%x)), R))\n"
                          "                    inv := mulmod(inv, d, R)\n"
                          "                }\n",
                       j, j, 32 * (nl + 2 + j));
    zkcg_sb_printf(b, "                mstore(M_ZETAINV, mulmod(inv, mload(add(M_LAG_TMP, 0x%x)), R))\n"
                      "                inv := mulmod(inv, zeta, R)\n"
                      "                mstore(M_ZHINV, mulmod(inv, mload(add(M_LAG_TMP, 0x%x)), R))\n"
                      "                inv := mulmod(mulmod(inv, zh, R), zh, R)\n",
                   32 * (nl + 1), 32 * nl);
}

/* The Yul expression of Y_{i,ρ}(x) for opened polynomial o at its k-th rotation, as flat
 * statements declaring `var` (Horner over a pack's members, the last member first; a
 * preprocessed or witness pack, the quotient's value for T). */
static void v3_remainder_value(gen *g, zkcg_sb *b, const zki_plonk_open *o, int32_t rot, const char *var) {
    const zki_plonk_layout *L = g->L;
    const char *ind = "                    ";
    if (o->kind == ZKI_P_T) {
        zkcg_sb_printf(b, "%slet %s := mload(M_TZETA) // T(ζ) = C(ζ)/Z_H(ζ)\n", ind, var);
        return;
    }
    for (uint32_t m = o->t; m-- > 0;) {
        const zki_plonk_member *mb = &L->pack_members[o->member_first + m];
        int q = zki_plonk_query_index(L, mb->kind, mb->index, rot);
        const char *e = g->qname[q < 0 ? 0 : q];
        if (m + 1 == o->t)
            zkcg_sb_printf(b, "%slet %s := mload(%s)\n", ind, var, e);
        else
            zkcg_sb_printf(b, "%s%s := addmod(mulmod(%s, x, R), mload(%s), R)\n", ind, var, var, e);
    }
}

/* The MSM slot of opened polynomial o (comm_name / comm_xy numbering). */
static uint32_t v3_open_slot(const gen *g, const zki_plonk_open *o) {
    switch (o->kind) {
    case ZKI_P_WPACK: return o->index;
    case ZKI_P_T: return g->L->n_wpacks;
    default: return g->lay.n_proof_comm + o->index; /* a preprocessed pack */
    }
}

static void v3_emit_msm(gen *g, zkcg_sb *b) {
    const zki_plonk_layout *L = g->L;
    const zkcg_open_sets *S = &g->os;
    char rs[160];
    phase(g, b, 5);
    /* the sets with more than one rotation: 1/Z(x) and the CRT weights w_ρ */
    int any = 0;
    for (uint32_t s = 0; s < S->n_set; s++) any |= S->set_nrot[s] > 1;
    if (any) zkcg_sb_puts(b, "            {\n"
                             "                let zi := mload(M_ZETAINV)\n");
    for (uint32_t s = 0; s < S->n_set; s++) {
        uint32_t nr = S->set_nrot[s], f = S->set_first[s];
        if (nr < 2) continue;
        zkcg_sb_printf(b, "                { // opening set %u: t = %u, R = %s\n", s, S->set_t[s],
                       rot_set_str(rs, sizeof rs, S->rots + f, nr));
        zkcg_sb_printf(b, "                    let z := mload(M_DEN%u)\n", S->dens[f]);
        for (uint32_t k = 1; k < nr; k++) zkcg_sb_printf(b, "                    z := mulmod(z, mload(M_DEN%u), R)\n", S->dens[f + k]);
        zkcg_sb_printf(b, "                    mstore(M_OPEN_SET%u_ZINV, z)\n"
                          "                    let k := zi // ζ^−(|R|−1)\n", s);
        for (uint32_t k = 2; k < nr; k++) zkcg_sb_puts(b, "                    k := mulmod(k, zi, R)\n");
        for (uint32_t k = 0; k < nr; k++)
            zkcg_sb_printf(b, "                    mstore(M_OPEN_SET%u_W%u, mulmod(mulmod(k, OPEN_SET%u_CINV%u, R), mload(M_DEN%u), R))\n", s, k,
                           s, k, S->dens[f + k]);
        zkcg_sb_puts(b, "                }\n");
    }
    if (any) zkcg_sb_puts(b, "            }\n");
    zkcg_sb_puts(b, "            {\n"
                    "                let ok := 1\n"
                    "                let x := mload(M_X)\n"
                    "                let v := mload(M_V)\n"
                    "                let ys := 0 // Σ_i s_i·r_i(x)\n");
    int left = 0;
    for (uint32_t i = 0; i < L->n_opens; i++) {
        const zki_plonk_open *o = &L->opens[i];
        uint32_t s = S->open_set[i], nr = o->n_rot, f = S->set_first[s];
        uint32_t k = v3_open_slot(g, o);
        char *nm = comm_name(g, k), *px = NULL, *py = NULL;
        comm_xy(g, k, &px, &py);
        if (!nm || !px || !py) {
            g->oom = 1;
            free(nm);
            free(px);
            free(py);
            return;
        }
        if (i == 1) zkcg_sb_puts(b, "                let vi := v // v^i\n");
        else if (i > 1) zkcg_sb_puts(b, "                vi := mulmod(vi, v, R)\n");
        zkcg_sb_printf(b, "                { // f_%u = %s at %s%s\n", i, nm, rot_set_str(rs, sizeof rs, L->open_rots + o->rot_first, nr),
                       o->t > 1 ? " (a pack)" : "");
        /* s_i = v^i/Z_i(x) */
        char *zinv = nr == 1 ? zkcg_strf("mload(M_DEN%u)", S->dens[f]) : zkcg_strf("mload(M_OPEN_SET%u_ZINV)", s);
        if (!zinv) {
            g->oom = 1;
            free(nm);
            free(px);
            free(py);
            return;
        }
        if (i == 0) zkcg_sb_printf(b, "                    let s := %s\n", zinv);
        else zkcg_sb_printf(b, "                    let s := mulmod(vi, %s, R)\n", zinv);
        free(zinv);
        acc_term(b, "                    ", "M_MSM_LEFT", &left, px, py, "s", NULL);
        /* s_i·r_i(x) */
        if (nr == 1) {
            v3_remainder_value(g, b, o, L->open_rots[o->rot_first], "y");
            zkcg_sb_puts(b, "                    ys := addmod(ys, mulmod(s, y, R), R)\n");
        } else {
            for (uint32_t r = 0; r < nr; r++) {
                char var[16];
                snprintf(var, sizeof var, "y%u", r);
                v3_remainder_value(g, b, o, L->open_rots[o->rot_first + r], var);
                if (r == 0) zkcg_sb_printf(b, "                    let e := mulmod(y0, mload(M_OPEN_SET%u_W0), R)\n", s);
                else zkcg_sb_printf(b, "                    e := addmod(e, mulmod(y%u, mload(M_OPEN_SET%u_W%u), R), R)\n", r, s, r);
            }
            if (i == 0) zkcg_sb_puts(b, "                    ys := addmod(ys, e, R)\n");
            else zkcg_sb_puts(b, "                    ys := addmod(ys, mulmod(vi, e, R), R)\n");
        }
        zkcg_sb_puts(b, "                }\n");
        free(nm);
        free(px);
        free(py);
    }
    if (g->opt->separate_vk)
        acc_term(b, "                ", "M_MSM_LEFT", &left, "mload(add(M_VK, VK_G1_OFF))", "mload(add(M_VK, add(VK_G1_OFF, 0x20)))",
                 "mod(sub(R, ys), R)", "−(Σ_i s_i·r_i(x))·[1]₁");
    else
        acc_term(b, "                ", "M_MSM_LEFT", &left, "VK_G1_X", "VK_G1_Y", "mod(sub(R, ys), R)", "−(Σ_i s_i·r_i(x))·[1]₁");
    zkcg_sb_puts(b, "                ok := and(ok, addAcc(M_MSM_LEFT, mload(C_W), mod(sub(P, mload(add(C_W, 0x20))), P))) // −[W]\n"
                    "                ok := and(ok, mulAcc(M_MSM_LEFT, mload(C_W_PRIME), mload(add(C_W_PRIME, 0x20)), x)) // x·[W']\n"
                    "                if iszero(ok) { fail() }\n"
                    "            }\n");
}
