/* zkinfer estimate, optimize and cost-model (cmd_estimate.h). */
#include "cmd_estimate.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifacts.h"
#include "cli_util.h"
#include "evm_estimate.h"
#include "graph.h"
#include "optimize.h"

/* Removes a flag without a value from argv. Returns: 1 if it was there. */
static int take_flag(int *argc, char **argv, const char *flag) {
    int found = 0, k = 0;
    for (int i = 0; i < *argc; i++) {
        if (!strcmp(argv[i], flag)) found = 1;
        else argv[k++] = argv[i];
    }
    *argc = k;
    return found;
}

static double mib(size_t b) { return (double)b / (1024.0 * 1024.0); }

/* The cost model from --cost-model FILE (or the default cache), measured when missing. */
static int load_cost(const char *cmd, const char *path, int quiet, zki_cost_model *m) {
    int measured = 0;
    if (!quiet) fprintf(stderr, "zkinfer %s: reading the cost model (measured on first use, a few seconds)\n", cmd);
    zki_status st = zki_cost_model_load(m, path, &measured);
    if (st != ZKI_OK) return zki_cli_fail(cmd, st, "cannot measure the cost model");
    if (measured && !quiet) fprintf(stderr, "zkinfer %s: measured the cost model in %.1f s\n", cmd, m->calibrate_s);
    return 0;
}

/* The model and settings from -C model.zkc, or -M model.onnx with -S settings.json. */
static int load_model(const char *cmd, const char *zkc, const char *model, const char *settings, zki_graph *g,
                      zki_settings_file *sf) {
    uint8_t *onnx = NULL;
    size_t len = 0;
    zki_status st;
    if (zkc) {
        st = zki_zkc_read(zkc, sf, &onnx, &len);
        if (st != ZKI_OK) return zki_cli_fail(cmd, st, zki_model_last_error());
    } else {
        st = zki_settings_read(settings, sf);
        if (st != ZKI_OK) return zki_cli_fail(cmd, st, zki_model_last_error());
        st = zki_file_read(model, (size_t)1 << 31, &onnx, &len);
        if (st != ZKI_OK) return zki_cli_fail(cmd, st, zki_model_last_error());
    }
    st = zki_onnx_load_mem(g, onnx, len);
    free(onnx);
    if (st != ZKI_OK) {
        char m[400];
        snprintf(m, sizeof m, "%s: %s", zkc ? zkc : model, zki_onnx_last_error());
        return zki_cli_fail(cmd, st, m);
    }
    return 0;
}

static void add_num(json_object *o, const char *k, double v) { json_object_object_add(o, k, json_object_new_double(v)); }
static void add_int(json_object *o, const char *k, int64_t v) { json_object_object_add(o, k, json_object_new_int64(v)); }

static const char *PHASES[ZKI_EST_N_PHASES] = {"advice_interp", "advice_commit", "lookup_m",        "perm_logup",
                                               "quotient",      "quotient_commit", "evals", "opening"};

static json_object *estimate_json(const zki_estimate *e, const zki_evm_estimate *v, int have_time) {
    json_object *o = json_object_new_object();
    add_int(o, "logrows", e->log_n);
    add_int(o, "rows", e->usable);
    add_int(o, "rows_used", e->rows_used);
    add_int(o, "advice_columns", e->n_advice);
    add_int(o, "fixed_columns", e->n_fixed);
    add_int(o, "lookups", e->n_lookups);
    add_int(o, "equality_columns", e->n_perm_cols);
    add_int(o, "degree", e->degree);
    add_int(o, "permutation_chunks", e->n_z);
    add_int(o, "quotient_chunks", e->n_t);
    add_int(o, "public_inputs", e->n_public);
    add_int(o, "proof_commitments", e->proof_commitments);
    add_int(o, "proof_evaluations", e->n_queries);
    add_int(o, "opening_points", e->n_points);
    /* the opening scheme: 0 GWC, else the SHPLONK pack limit (docs/PROTOCOL.md §4.7) */
    add_int(o, "shplonk", e->shplonk);
    if (e->shplonk) {
        add_int(o, "opened_polynomials", e->n_opens);
        add_int(o, "packs", e->n_packs);
        add_int(o, "pack_max", e->pack_max_t);
        add_int(o, "witness_packs", e->n_wpacks);
        add_int(o, "witness_pack_max", e->wpack_max_t);
    }
    add_int(o, "proof_bytes", (int64_t)e->proof_bytes);
    add_int(o, "vk_bytes", (int64_t)e->vk_bytes);
    add_int(o, "pk_bytes", (int64_t)e->pk_bytes);
    add_int(o, "srs_powers", (int64_t)e->srs_powers);
    add_int(o, "srs_logrows", e->srs_logrows);
    add_int(o, "srs_bytes", (int64_t)e->srs_bytes);
    add_int(o, "prove_peak_bytes", (int64_t)e->prove_peak_bytes);
    add_int(o, "setup_peak_bytes", (int64_t)e->setup_peak_bytes);
    if (have_time) {
        add_num(o, "prove_s", e->prove_s);
        add_num(o, "prove_cmd_s", e->prove_cmd_s);
        add_num(o, "setup_s", e->setup_s);
        json_object *ph = json_object_new_object();
        for (int i = 0; i < ZKI_EST_N_PHASES; i++) add_num(ph, PHASES[i], e->phase_s[i]);
        json_object_object_add(o, "prove_phases_s", ph);
    }
    if (v) {
        add_int(o, "evm_ecmul", v->ecmul);
        add_int(o, "evm_ecadd", v->ecadd);
        add_int(o, "evm_modexp", v->modexp);
        add_int(o, "evm_source_bytes", (int64_t)v->source_bytes);
        add_num(o, "evm_exec_gas", v->exec_gas);
        add_num(o, "evm_calldata_gas", v->calldata_gas);
        add_int(o, "evm_calldata_bytes", (int64_t)v->calldata_bytes);
        add_num(o, "evm_bytecode_bytes", v->bytecode_bytes);
        add_int(o, "eip170_limit", ZKI_EIP170_LIMIT);
        json_object_object_add(o, "eip170_ok", json_object_new_boolean(v->bytecode_bytes <= ZKI_EIP170_LIMIT));
    }
    return o;
}

static void estimate_text(const zki_estimate *e, const zki_evm_estimate *v) {
    printf("circuit         2^%u rows (%u usable, %u filled), %u advice, %u fixed, %u lookups, %u equality columns, degree %u\n",
           e->log_n, e->usable, e->rows_used, e->n_advice, e->n_fixed, e->n_lookups, e->n_perm_cols, e->degree);
    if (e->shplonk)
        printf("opening         SHPLONK, packs of at most %u: %u opened polynomials, %u packs (largest %u), %u witness "
               "packs (largest %u)\n",
               e->shplonk, e->n_opens, e->n_packs, e->pack_max_t, e->n_wpacks, e->wpack_max_t);
    else
        printf("opening         GWC, %u opening points\n", e->n_points);
    printf("proof           %zu bytes (%u commitments, %u evaluations)   exact\n", e->proof_bytes, e->proof_commitments,
           e->n_queries);
    printf("verifying key   %zu bytes   exact\n", e->vk_bytes);
    printf("proving key     %zu bytes (%.1f MiB, pk.bin)   exact\n", e->pk_bytes, mib(e->pk_bytes));
    printf("SRS             %zu G1 powers (srs --dev --logrows %u; at least %.1f MiB)\n", e->srs_powers, e->srs_logrows,
           mib(e->srs_bytes));
    printf("prover memory   %.0f MiB peak (setup %.0f MiB)   modelled\n", mib(e->prove_peak_bytes), mib(e->setup_peak_bytes));
    printf("prove time      %.2f s (the prove command %.2f s), setup %.2f s on this machine   modelled\n", e->prove_s,
           e->prove_cmd_s, e->setup_s);
    if (v)
        printf("EVM verify      %.0f gas + %.0f calldata gas; %u ecMul; bytecode %.0f bytes (EIP-170 limit %d: %s)\n",
               v->exec_gas, v->calldata_gas, v->ecmul, v->bytecode_bytes, ZKI_EIP170_LIMIT,
               v->bytecode_bytes <= ZKI_EIP170_LIMIT ? "fits" : "too large, use create-evm-verifier --separate-vk");
}

/* The EVM figures of a circuit (shape VK + generator). */
static zki_status evm_of(zki_evm_estimate *v, const zki_cs *cs, uint32_t npub, size_t proof_bytes) {
    zki_vk vk;
    zki_status st = zki_estimate_shape_vk(&vk, cs, npub);
    if (st != ZKI_OK) return st;
    st = zki_evm_estimate_vk(v, &vk, proof_bytes);
    zki_vk_free(&vk);
    return st;
}

int zki_cmd_estimate(int argc, char **argv) {
    const char *zkc = NULL, *model = NULL, *settings = NULL, *cost = NULL;
    int quiet = 0, json = take_flag(&argc, argv, "--json");
    zki_cli_opt o[] = {{"-C", &zkc},      {"--compiled", &zkc},      {"-M", &model},          {"--model", &model},
                       {"-S", &settings}, {"--settings", &settings}, {"--cost-model", &cost}};
    if (!zki_cli_parse_opts("estimate", argc, argv, o, 7, &quiet)) return ZKI_EX_USAGE;
    if (!zkc == !(model && settings) || (zkc && (model || settings)))
        return zki_cli_usage_err("estimate", "needs -C model.zkc, or -M model.onnx and -S settings.json");
    zki_graph g;
    zki_settings_file sf;
    int rc = load_model("estimate", zkc, model, settings, &g, &sf);
    if (rc) return rc;
    zki_cs cs;
    uint32_t npub = 0;
    uint32_t used = 0;
    zki_status st = zki_layout_build(&cs, &npub, &used, &g, &sf.s);
    zki_graph_free(&g);
    if (st != ZKI_OK) return zki_cli_fail("estimate", st, zki_model_last_error());
    zki_cost_model m;
    rc = load_cost("estimate", cost, quiet || json, &m);
    zki_estimate e;
    zki_evm_estimate v;
    int have_evm = 0;
    if (!rc) {
        st = zki_estimate_circuit(&e, &cs, npub, &m);
        /* the EVM figures need the Solidity generator to handle the circuit; where it
         * cannot, the rest is printed without them */
        if (st == ZKI_OK) have_evm = evm_of(&v, &cs, npub, e.proof_bytes) == ZKI_OK;
        e.rows_used = used;
        if (st != ZKI_OK) rc = zki_cli_fail("estimate", st, "cannot estimate the circuit");
    }
    zki_cs_free(&cs);
    if (rc) return rc;
    if (json) {
        json_object *j = estimate_json(&e, have_evm ? &v : NULL, 1);
        printf("%s\n", json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY));
        json_object_put(j);
    } else {
        estimate_text(&e, have_evm ? &v : NULL);
        if (!have_evm) printf("EVM verify      not estimated (the Solidity generator does not handle this circuit)\n");
    }
    return 0;
}

/* "gwc", or "P=N" for SHPLONK with packs of at most N. */
static void scheme_str(char *buf, size_t cap, uint32_t shplonk) {
    if (shplonk) snprintf(buf, cap, "P=%u", shplonk);
    else snprintf(buf, cap, "gwc");
}

static double gas_cost(void *ctx, const zki_cs *cs, uint32_t npub, const zki_estimate *e) {
    (void)ctx;
    zki_evm_estimate v;
    if (evm_of(&v, cs, npub, e->proof_bytes) != ZKI_OK) return 1e30;
    return v.exec_gas + v.calldata_gas;
}

/* The EVM verifier's execution gas alone (what --max-gas bounds). */
static double exec_gas(void *ctx, const zki_cs *cs, uint32_t npub, const zki_estimate *e) {
    (void)ctx;
    zki_evm_estimate v;
    if (evm_of(&v, cs, npub, e->proof_bytes) != ZKI_OK) return 1e30;
    return v.exec_gas;
}

int zki_cmd_optimize(int argc, char **argv) {
    const char *model = NULL, *settings = NULL, *out = NULL, *objs = "time", *cost = NULL, *max_gas = NULL;
    int quiet = 0, json = take_flag(&argc, argv, "--json");
    zki_cli_opt o[] = {{"-M", &model},         {"--model", &model},    {"-S", &settings},
                       {"--settings", &settings}, {"-o", &out},       {"--objective", &objs},
                       {"--cost-model", &cost}, {"--max-gas", &max_gas}};
    if (!zki_cli_parse_opts("optimize", argc, argv, o, 8, &quiet)) return ZKI_EX_USAGE;
    zki_layout_cap cap = {exec_gas, NULL, 0};
    if (max_gas) {
        char *end = NULL;
        double v = strtod(max_gas, &end);
        if (!end || *end || end == max_gas || !(v >= 1 && v <= 1e12))
            return zki_cli_usage_err("optimize", "--max-gas must be a positive number of gas");
        cap.max = v;
    }
    if (!model || !settings) return zki_cli_usage_err("optimize", "needs -M model.onnx and -S settings.json");
    zki_objective obj;
    if (!strcmp(objs, "time")) obj = ZKI_OBJ_TIME;
    else if (!strcmp(objs, "size")) obj = ZKI_OBJ_SIZE;
    else if (!strcmp(objs, "gas")) obj = ZKI_OBJ_GAS;
    else return zki_cli_usage_err("optimize", "--objective must be time, size or gas");
    if (!out) out = settings;
    zki_graph g;
    zki_settings_file sf;
    int rc = load_model("optimize", NULL, model, settings, &g, &sf);
    if (rc) return rc;
    zki_cost_model m;
    if ((rc = load_cost("optimize", cost, quiet || json, &m)) != 0) {
        zki_graph_free(&g);
        return rc;
    }
    size_t n_cand, best;
    zki_layout_candidate *cand = calloc(zki_layout_max_candidates(), sizeof *cand);
    if (!cand) {
        zki_graph_free(&g);
        return zki_cli_fail("optimize", ZKI_ERR_NOMEM, "");
    }
    zki_status st = zki_layout_optimize(cand, &n_cand, &best, &g, &sf.s, &m, obj, gas_cost, NULL, max_gas ? &cap : NULL);
    zki_graph_free(&g);
    if (st == ZKI_ERR_SIZE && max_gas) {
        char msg[160];
        snprintf(msg, sizeof msg, "no layout's EVM verifier fits --max-gas %.0f (the cheapest, width %u, needs about %.0f)",
                 cap.max, cand[best].width, cand[best].capped);
        free(cand);
        return zki_cli_fail("optimize", st, msg);
    }
    if (st != ZKI_OK) {
        free(cand);
        return zki_cli_fail("optimize", st, zki_model_last_error());
    }
    json_object *arr = json ? json_object_new_array() : NULL;
    if (!json)
        printf("width  freivalds  max4  logrows  opening  rows used  advice  prove (est.)  memory (est.)  proof B  objective\n");
    for (size_t i = 0; i < n_cand; i++) {
        const zki_layout_candidate *c = &cand[i];
        if (json) {
            zki_estimate ce = c->est;
            ce.rows_used = c->rows;
            json_object *j = c->status == ZKI_OK ? estimate_json(&ce, NULL, 1) : json_object_new_object();
            add_int(j, "width", c->width);
            json_object_object_add(j, "freivalds", json_object_new_boolean(c->freivalds));
            json_object_object_add(j, "max4", json_object_new_boolean(c->max4));
            add_int(j, "shplonk", c->shplonk);
            if (c->status != ZKI_OK) json_object_object_add(j, "error", json_object_new_string(zki_status_str(c->status)));
            else add_num(j, "objective", c->objective);
            if (max_gas && c->status == ZKI_OK) {
                add_num(j, "exec_gas", c->capped);
                json_object_object_add(j, "over_max_gas", json_object_new_boolean(c->over_cap));
            }
            json_object_object_add(j, "chosen", json_object_new_boolean(i == best));
            json_object_array_add(arr, j);
        } else if (c->status != ZKI_OK) {
            printf("%5u  %-9s  %-4s  (not built: %s)\n", c->width, c->freivalds ? "on" : "off", c->max4 ? "on" : "off",
                   zki_status_str(c->status));
        } else {
            char sch[16];
            scheme_str(sch, sizeof sch, c->shplonk);
            printf("%5u  %-9s  %-4s  %7u  %-7s  %-9u  %6u  %10.2f s  %9.0f MiB  %7zu  %.4g%s\n", c->width,
                   c->freivalds ? "on" : "off", c->max4 ? "on" : "off", c->est.log_n, sch, c->rows,
                   c->est.n_advice, c->est.prove_s, mib(c->est.prove_peak_bytes), c->est.proof_bytes, c->objective,
                   i == best ? "   <- chosen" : c->over_cap ? "   (over --max-gas)" : "");
        }
    }
    /* the chosen width into the settings; rows and logrows as the new layout has them */
    sf.s.width = cand[best].width;
    sf.s.freivalds = cand[best].freivalds;
    sf.s.max4 = cand[best].max4;
    sf.s.shplonk = cand[best].shplonk;
    sf.rows = cand[best].est.usable;
    sf.logrows = cand[best].est.log_n;
    st = zki_settings_write(out, &sf);
    if (json) {
        json_object *root = json_object_new_object();
        json_object_object_add(root, "objective", json_object_new_string(objs));
        add_int(root, "chosen_width", cand[best].width);
        json_object_object_add(root, "chosen_freivalds", json_object_new_boolean(cand[best].freivalds));
        json_object_object_add(root, "chosen_max4", json_object_new_boolean(cand[best].max4));
        add_int(root, "chosen_shplonk", cand[best].shplonk);
        json_object_object_add(root, "settings", json_object_new_string(out));
        json_object_object_add(root, "candidates", arr);
        printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY));
        json_object_put(root);
    } else {
        char sch[16];
        scheme_str(sch, sizeof sch, cand[best].shplonk);
        printf("chosen: width %u (freivalds %s, max4 %s, opening %s, objective %s); wrote %s\n", cand[best].width,
               cand[best].freivalds ? "on" : "off", cand[best].max4 ? "on" : "off", sch, objs, out);
    }
    free(cand);
    if (st != ZKI_OK) return zki_cli_fail("optimize", st, zki_model_last_error());
    return 0;
}

int zki_cmd_cost_model(int argc, char **argv) {
    const char *cost = NULL, *sizes = NULL;
    int quiet = 0, refresh = take_flag(&argc, argv, "--refresh");
    zki_cli_opt o[] = {{"--cost-model", &cost}, {"--sizes", &sizes}};
    if (!zki_cli_parse_opts("cost-model", argc, argv, o, 2, &quiet)) return ZKI_EX_USAGE;
    unsigned lo = 10, hi = 16;
    if (sizes) {
        char tail;
        if (sscanf(sizes, "%u:%u%c", &lo, &hi, &tail) != 2 || lo < 5 || hi < lo || hi > ZKI_COST_MAX_LOG)
            return zki_cli_usage_err("cost-model", "--sizes must be LO:HI with 5 <= LO <= HI <= 16 (log2 sizes)");
        refresh = 1;
    }
    char def[4096];
    const char *path = cost ? cost : zki_cost_model_default_path(def, sizeof def) ? def : NULL;
    zki_cost_model m;
    zki_status st;
    if (refresh) {
        st = zki_cost_model_calibrate(&m, lo, hi);
        if (st == ZKI_OK && path) st = zki_cost_model_write(&m, path);
        if (st != ZKI_OK) return zki_cli_fail("cost-model", st, path ? path : "");
    } else {
        int rc = load_cost("cost-model", path, quiet, &m);
        if (rc) return rc;
    }
    printf("{\"cost_model\": \"%s\", \"threads\": %u, \"calibrate_s\": %.2f, \"ntt_2e16_ms\": %.2f, "
           "\"msm_full_2e16_ms\": %.2f, \"msm_small_2e16_ms\": %.2f, \"fr_mul_ns\": %.2f, \"constraint_op_ns\": %.2f}\n",
           path ? path : "", m.threads, m.calibrate_s, zki_cost_ntt(&m, 16) * 1e-6, zki_cost_msm_full(&m, 16) * 1e-6,
           zki_cost_msm_small(&m, 16) * 1e-6, m.fr_mul_ns, m.constraint_op_ns);
    return 0;
}
