/* The model flow of the CLI (see cmd_model.h and README "Model flow"). */
#define _POSIX_C_SOURCE 200809L
#include "cmd_model.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "artifacts.h"
#include "cli_util.h"
#include "estimate.h"
#include "graph.h"
#include "input_json.h"
#include "keys.h"
#include "model.h"
#include "prove.h"
#include "srs.h"


static int quiet;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double t_start;

/* Progress on stderr: phase and elapsed time (silenced by --quiet). */
static void progress(const char *cmd, const char *fmt, ...) {
    if (quiet) return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "zkinfer %s: [%6.2f s] ", cmd, now_s() - t_start);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* The circuit of a model for one input (NULL: zeros, for sizing and key generation). */
typedef struct {
    zki_graph g;
    zki_cs cs;
    zki_fr *adv, *pub;
    uint32_t npub;
    zki_model_result res;
    int have_cs;
    zki_nn *nn; /* kept when the circuit has late columns: zki_nn_late fills them while proving */
} built;

static void built_free(built *b) {
    zki_graph_free(&b->g);
    if (b->have_cs) zki_cs_free(&b->cs);
    free(b->adv);
    free(b->pub);
    zki_model_result_free(&b->res);
    zki_nn_free(b->nn);
    memset(b, 0, sizeof *b);
}

static zki_status build(built *b, const uint8_t *onnx, size_t onnx_len, const zki_model_settings *s,
                        const float *input, size_t n_input, char *msg, size_t msg_len) {
    memset(b, 0, sizeof *b);
    zki_status st = zki_onnx_load_mem(&b->g, onnx, onnx_len);
    if (st != ZKI_OK) {
        snprintf(msg, msg_len, "model: %s", zki_onnx_last_error());
        return st;
    }
    size_t need = zki_graph_input_size(&b->g);
    float *zeros = NULL;
    if (!input) {
        zeros = calloc(need ? need : 1, sizeof(float));
        if (!zeros) return ZKI_ERR_NOMEM;
        input = zeros;
    } else if (n_input != need) {
        snprintf(msg, msg_len, "input has %zu values, the model takes %zu", n_input, need);
        return ZKI_ERR_ARG;
    }
    zki_nn *nn = NULL;
    st = zki_model_build(&nn, &b->res, &b->g, s, input);
    free(zeros);
    if (st != ZKI_OK) {
        snprintf(msg, msg_len, "%s", zki_model_last_error());
        return st;
    }
    st = zki_nn_finish(nn, &b->cs, &b->adv, &b->pub, &b->npub);
    if (st == ZKI_OK) {
        b->have_cs = 1;
        /* the opening scheme changes the keys and the proof, not the layout */
        st = zki_cs_set_shplonk(&b->cs, s->shplonk);
    }
    if (st != ZKI_OK) snprintf(msg, msg_len, "circuit: %s", zki_nn_status(nn) != ZKI_OK ? zki_nn_error(nn) : zki_status_str(st));
    if (st == ZKI_OK && zki_nn_has_late(nn)) b->nn = nn;
    else zki_nn_free(nn);
    return st;
}

/* --max-memory: refuses, before the large allocations, a run whose modelled peak memory
 * (prover/cost/estimate.h) is over the limit. Returns: 0, or the exit code after the one
 * error line (status ZKI_ERR_LIMIT). */
static int memory_check(const char *cmd, const zki_cs *cs, uint32_t npub, size_t limit, int setup) {
    zki_estimate e;
    zki_status st = zki_estimate_circuit(&e, cs, npub, NULL);
    if (st != ZKI_OK) return zki_cli_fail(cmd, st, "cannot estimate the memory this needs");
    size_t need = setup ? e.setup_peak_bytes : e.prove_peak_bytes;
    if (need <= limit) return 0;
    char m[400];
    snprintf(m, sizeof m,
             "needs about %.0f MiB (estimated peak for 2^%u rows, %u advice columns), over --max-memory %.0f MiB: "
             "use fewer rows (a smaller --scale or --act-bits), another --width (zkinfer optimize), or a larger limit",
             (double)need / 1048576.0, e.log_n, e.n_advice, (double)limit / 1048576.0);
    return zki_cli_fail(cmd, ZKI_ERR_LIMIT, m);
}

int zki_cmd_gen_settings(int argc, char **argv) {
    const char *model = NULL, *out = "settings.json", *scale = NULL, *width = NULL, *bits = NULL;
    const char *inv = NULL, *outv = NULL, *pv = NULL, *frei = NULL, *max4 = NULL, *shp = NULL;
    zki_cli_opt o[] = {{"-M", &model}, {"--model", &model}, {"-o", &out}, {"--scale", &scale}, {"--width", &width},
               {"--act-bits", &bits}, {"--input-visibility", &inv}, {"--output-visibility", &outv},
               {"--param-visibility", &pv}, {"--freivalds", &frei}, {"--max4", &max4}, {"--shplonk", &shp}};
    if (!zki_cli_parse_opts("gen-settings", argc, argv, o, 12, &quiet)) return ZKI_EX_USAGE;
    if (!model) return zki_cli_usage_err("gen-settings", "missing -M model.onnx");
    zki_settings_file sf = {{7, 12, 16, ZKI_VIS_PRIVATE, ZKI_VIS_PUBLIC, ZKI_PARAMS_FIXED, 0, 0, 0}, 0, 0};
    if (scale && !zki_cli_parse_u32(scale, 1, 16, &sf.s.scale)) return zki_cli_usage_err("gen-settings", "--scale must be 1..16");
    if (width && !zki_cli_parse_u32(width, 4, 64, &sf.s.width)) return zki_cli_usage_err("gen-settings", "--width must be 4..64");
    if (bits && !zki_cli_parse_u32(bits, 4, 22, &sf.s.act_bits)) return zki_cli_usage_err("gen-settings", "--act-bits must be 4..22");
    if (inv && strcmp(inv, "public") && strcmp(inv, "private") && strcmp(inv, "hashed"))
        return zki_cli_usage_err("gen-settings", "--input-visibility must be public, private or hashed");
    if (outv && strcmp(outv, "public") && strcmp(outv, "private") && strcmp(outv, "hashed"))
        return zki_cli_usage_err("gen-settings", "--output-visibility must be public, private or hashed");
    if (pv && strcmp(pv, "fixed") && strcmp(pv, "private")) return zki_cli_usage_err("gen-settings", "--param-visibility must be fixed or private");
    if (inv) sf.s.input_vis = !strcmp(inv, "public") ? ZKI_VIS_PUBLIC : !strcmp(inv, "hashed") ? ZKI_VIS_HASHED : ZKI_VIS_PRIVATE;
    if (outv) sf.s.output_vis = !strcmp(outv, "public") ? ZKI_VIS_PUBLIC : !strcmp(outv, "hashed") ? ZKI_VIS_HASHED : ZKI_VIS_PRIVATE;
    if (pv) sf.s.param_vis = !strcmp(pv, "private") ? ZKI_PARAMS_PRIVATE : ZKI_PARAMS_FIXED;
    if (frei && strcmp(frei, "on") && strcmp(frei, "off")) return zki_cli_usage_err("gen-settings", "--freivalds must be on or off");
    if (frei) sf.s.freivalds = !strcmp(frei, "on");
    if (max4 && strcmp(max4, "on") && strcmp(max4, "off")) return zki_cli_usage_err("gen-settings", "--max4 must be on or off");
    if (max4) sf.s.max4 = !strcmp(max4, "on");
    if (shp && strcmp(shp, "off") && !zki_cli_parse_u32(shp, 0, ZKI_CS_MAX_PACK, &sf.s.shplonk))
        return zki_cli_usage_err("gen-settings", "--shplonk must be off or a pack limit 1..256 (0 is off)");
    int rc = zki_cli_check_file("gen-settings", model, ZKI_KIND_UNKNOWN);
    if (rc) return rc;
    uint8_t *onnx;
    size_t len;
    zki_status st = zki_file_read(model, (size_t)1 << 31, &onnx, &len);
    if (st != ZKI_OK) return zki_cli_fail("gen-settings", st, zki_model_last_error());
    built b;
    char msg[320];
    st = build(&b, onnx, len, &sf.s, NULL, 0, msg, sizeof msg);
    free(onnx);
    if (st != ZKI_OK) {
        built_free(&b);
        char m[400];
        snprintf(m, sizeof m, "%s: %s", model, msg);
        return zki_cli_fail("gen-settings", st, m);
    }
    sf.logrows = b.cs.log_n;
    sf.rows = zki_cs_usable_rows(&b.cs);
    built_free(&b);
    st = zki_settings_write(out, &sf);
    if (st != ZKI_OK) return zki_cli_fail_code("gen-settings", ZKI_EX_INTERNAL, zki_model_last_error());
    printf("{\"settings\": \"%s\", \"logrows\": %u, \"scale\": %u, \"width\": %u, \"shplonk\": %u}\n", out, sf.logrows,
           sf.s.scale, sf.s.width, sf.s.shplonk);
    return 0;
}

int zki_cmd_compile(int argc, char **argv) {
    const char *model = NULL, *settings = NULL, *out = "model.zkc";
    zki_cli_opt o[] = {{"-M", &model}, {"--model", &model}, {"-S", &settings}, {"--settings", &settings}, {"-o", &out}};
    if (!zki_cli_parse_opts("compile", argc, argv, o, 5, &quiet)) return ZKI_EX_USAGE;
    if (!model || !settings) return zki_cli_usage_err("compile", "needs -M model.onnx and -S settings.json");
    int rc = zki_cli_check_file("compile", settings, ZKI_KIND_SETTINGS);
    if (!rc) rc = zki_cli_check_file("compile", model, ZKI_KIND_UNKNOWN);
    if (rc) return rc;
    zki_settings_file sf;
    zki_status st = zki_settings_read(settings, &sf);
    if (st != ZKI_OK) return zki_cli_fail("compile", st, zki_model_last_error());
    uint8_t *onnx;
    size_t len;
    st = zki_file_read(model, (size_t)1 << 31, &onnx, &len);
    if (st != ZKI_OK) return zki_cli_fail("compile", st, zki_model_last_error());
    built b;
    char msg[320];
    st = build(&b, onnx, len, &sf.s, NULL, 0, msg, sizeof msg);
    if (st != ZKI_OK) {
        free(onnx);
        built_free(&b);
        char m[400];
        snprintf(m, sizeof m, "%s: %s", model, msg);
        return zki_cli_fail("compile", st, m);
    }
    if (b.cs.log_n != sf.logrows) {
        fprintf(stderr, "zkinfer compile: note: %s says logrows %u, the model needs %u; using %u\n", settings, sf.logrows,
                b.cs.log_n, b.cs.log_n);
        sf.logrows = b.cs.log_n;
    }
    sf.rows = zki_cs_usable_rows(&b.cs);
    printf("{\"zkc\": \"%s\", \"logrows\": %u, \"advice_columns\": %u, \"fixed_columns\": %u, \"lookups\": %u, \"public_inputs\": %u}\n",
           out, b.cs.log_n, b.cs.n_advice, b.cs.n_fixed, b.cs.n_lookups, b.npub);
    built_free(&b);
    st = zki_zkc_write(out, &sf, onnx, len);
    free(onnx);
    if (st != ZKI_OK) return zki_cli_fail_code("compile", st == ZKI_ERR_LIMIT ? ZKI_EX_LIMIT : ZKI_EX_INTERNAL, zki_model_last_error());
    return 0;
}

int zki_cmd_setup(int argc, char **argv) {
    const char *zkc = NULL, *srs_path = NULL, *pk_out = "pk.bin", *vk_out = "vk.bin", *maxmem = NULL;
    zki_cli_opt o[] = {{"-C", &zkc}, {"--compiled", &zkc}, {"--srs", &srs_path}, {"--pk", &pk_out}, {"--vk", &vk_out},
                       {"--max-memory", &maxmem}};
    if (!zki_cli_parse_opts("setup", argc, argv, o, 6, &quiet)) return ZKI_EX_USAGE;
    if (!zkc || !srs_path) return zki_cli_usage_err("setup", "needs -C model.zkc and --srs srs.bin");
    size_t mem_limit = 0;
    if (maxmem && !zki_parse_mem_size(maxmem, &mem_limit))
        return zki_cli_usage_err("setup", "--max-memory must be a byte count or a size such as 512M or 4G");
    int rc = zki_cli_check_file("setup", zkc, ZKI_KIND_ZKC);
    if (!rc) rc = zki_cli_check_file("setup", srs_path, ZKI_KIND_SRS);
    if (rc) return rc;
    t_start = now_s();
    zki_settings_file sf;
    uint8_t *onnx, digest[32];
    size_t len;
    zki_status st = zki_zkc_read(zkc, &sf, &onnx, &len);
    if (st == ZKI_OK) st = zki_zkc_digest(zkc, digest);
    if (st != ZKI_OK) return zki_cli_fail("setup", st, zki_model_last_error());
    built b;
    char msg[320];
    progress("setup", "building the circuit of %s", zkc);
    st = build(&b, onnx, len, &sf.s, NULL, 0, msg, sizeof msg);
    free(onnx);
    if (st != ZKI_OK) {
        built_free(&b);
        return zki_cli_fail("setup", st, msg);
    }
    if (mem_limit) {
        int rm = memory_check("setup", &b.cs, b.npub, mem_limit, 1);
        if (rm) {
            built_free(&b);
            return rm;
        }
    }
    /* n + 1 powers for GWC; SHPLONK commits the packs and the whole quotient */
    size_t need = 0;
    if ((st = zki_estimate_srs_need(&b.cs, b.npub, &need)) != ZKI_OK) {
        built_free(&b);
        return zki_cli_fail("setup", st, "cannot lay out the circuit");
    }
    zki_srs srs;
    progress("setup", "reading %s (%zu powers needed)", srs_path, need);
    st = zki_srs_read(&srs, srs_path, need);
    if (st != ZKI_OK) {
        built_free(&b);
        snprintf(msg, sizeof msg, "%s: not a valid SRS file: %s", srs_path, zki_status_str(st));
        return zki_cli_fail_code("setup", st == ZKI_REJECT ? ZKI_EX_MALFORMED : zki_cli_exit_for(st), msg);
    }
    if (srs.n_g1 < need) {
        snprintf(msg, sizeof msg, "%s: has %zu G1 powers; this model (2^%u rows) needs %zu: make one with "
                 "zkinfer srs --dev --logrows %u or import a larger .ptau", srs_path, srs.n_g1, b.cs.log_n, need,
                 zki_srs_logrows_for(need));
        zki_srs_free(&srs);
        built_free(&b);
        return zki_cli_fail("setup", ZKI_ERR_MISMATCH, msg);
    }
    zki_pk pk;
    uint32_t npub[1] = {b.npub};
    progress("setup", "key generation (2^%u rows)", b.cs.log_n);
    st = zki_keygen(&pk, &b.cs, npub, &srs, 0);
    built_free(&b);
    if (st != ZKI_OK) {
        zki_srs_free(&srs);
        return zki_cli_fail_code("setup", zki_cli_exit_for(st) == ZKI_EX_LIMIT ? ZKI_EX_LIMIT : ZKI_EX_INTERNAL,
                                 "key generation failed");
    }
    size_t vlen = 0;
    zki_vk_encode(&pk.vk, NULL, 0, &vlen);
    uint8_t *vk = malloc(vlen);
    st = vk ? zki_vk_encode(&pk.vk, vk, vlen, &vlen) : ZKI_ERR_NOMEM;
    if (st == ZKI_OK) st = zki_file_write(vk_out, vk, vlen);
    uint8_t cdig[32];
    zki_pk_circuit_digest(&pk, cdig);
    if (st == ZKI_OK) st = zki_pk_file_write(pk_out, digest, cdig, vk, vlen, &srs, need, pk.lagrange, pk.vk.cs.n);
    size_t plen = zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs);
    free(vk);
    zki_pk_free(&pk);
    zki_srs_free(&srs);
    if (st != ZKI_OK) return zki_cli_fail_code("setup", ZKI_EX_INTERNAL, zki_model_last_error());
    progress("setup", "wrote %s and %s", vk_out, pk_out);
    printf("{\"vk\": \"%s\", \"pk\": \"%s\", \"vk_bytes\": %zu, \"proof_bytes\": %zu}\n", vk_out, pk_out, vlen, plen);
    return 0;
}

static void print_outputs(FILE *f, const zki_model_result *r) {
    fprintf(f, "[");
    for (size_t i = 0; i < r->n_out; i++) fprintf(f, "%s%.6g", i ? ", " : "", (double)r->out_f[i]);
    fprintf(f, "]");
}

static size_t argmax(const zki_model_result *r) {
    size_t k = 0;
    for (size_t i = 1; i < r->n_out; i++)
        if (r->out_q[i] > r->out_q[k]) k = i;
    return k;
}

/* Reads the .zkc and the input and builds the circuit with the real input. */
static int load_and_build(const char *cmd, const char *zkc, const char *data, built *b, zki_settings_file *sf) {
    int rc = zki_cli_check_file(cmd, zkc, ZKI_KIND_ZKC);
    if (!rc) rc = zki_cli_check_file(cmd, data, ZKI_KIND_INPUT_JSON);
    if (rc) return rc;
    uint8_t *onnx;
    size_t len;
    zki_status st = zki_zkc_read(zkc, sf, &onnx, &len);
    if (st != ZKI_OK) return zki_cli_fail(cmd, st, zki_model_last_error());
    float *in = NULL;
    size_t n_in = 0;
    st = zki_input_json_read(data, &in, &n_in);
    if (st != ZKI_OK) {
        free(onnx);
        /* a wrong count of values is a bad input, not a damaged file */
        return zki_cli_fail_code(cmd, st == ZKI_ERR_SIZE ? ZKI_EX_INPUT : zki_cli_exit_for(st), zki_onnx_last_error());
    }
    char msg[320];
    progress(cmd, "quantized inference and circuit layout");
    st = build(b, onnx, len, &sf->s, in, n_in, msg, sizeof msg);
    free(onnx);
    free(in);
    if (st != ZKI_OK) {
        built_free(b);
        char m[400];
        snprintf(m, sizeof m, "%s: %s", data, msg);
        return zki_cli_fail(cmd, st, m);
    }
    return 0;
}

int zki_cmd_witness(int argc, char **argv) {
    const char *zkc = NULL, *data = NULL, *out = NULL;
    zki_cli_opt o[] = {{"-C", &zkc}, {"--compiled", &zkc}, {"-D", &data}, {"--data", &data}, {"-o", &out}};
    if (!zki_cli_parse_opts("witness", argc, argv, o, 5, &quiet)) return ZKI_EX_USAGE;
    if (!zkc || !data) return zki_cli_usage_err("witness", "needs -C model.zkc and -D input.json");
    t_start = now_s();
    built b;
    zki_settings_file sf;
    int rc = load_and_build("witness", zkc, data, &b, &sf);
    if (rc) return rc;
    char *txt = NULL;
    size_t tlen = 0;
    FILE *f = open_memstream(&txt, &tlen);
    if (!f) {
        built_free(&b);
        return zki_cli_fail("witness", ZKI_ERR_NOMEM, "");
    }
    fprintf(f, "{\"outputs\": ");
    print_outputs(f, &b.res);
    fprintf(f, ", \"argmax\": %zu, \"output_scale\": %u, \"rows\": %u}\n", argmax(&b.res), b.res.out_scale, b.cs.n);
    fclose(f);
    built_free(&b);
    /* written whole or not at all (zki_file_write: temporary file, fsync, rename) */
    zki_status st = out ? zki_file_write(out, txt, tlen) : (fwrite(txt, 1, tlen, stdout) == tlen ? ZKI_OK : ZKI_ERR_IO);
    free(txt);
    if (st != ZKI_OK) return zki_cli_fail_code("witness", ZKI_EX_INTERNAL, out ? zki_model_last_error() : "cannot write to stdout");
    return 0;
}

static void hex_append(json_object *arr_or_null, char *dst, const uint8_t *b, size_t n) {
    static const char d[] = "0123456789abcdef";
    dst[0] = '0';
    dst[1] = 'x';
    for (size_t i = 0; i < n; i++) {
        dst[2 + 2 * i] = d[b[i] >> 4];
        dst[3 + 2 * i] = d[b[i] & 15];
    }
    dst[2 + 2 * n] = 0;
    if (arr_or_null) json_object_array_add(arr_or_null, json_object_new_string(dst));
}

/* Writes proof.json, and proof.bin + public.bin beside it (the light verifier's input). */
static zki_status write_proof(const char *path, const uint8_t *proof, size_t plen, const zki_fr *pub, uint32_t npub,
                              const zki_vk *vk, const zki_model_result *r, double prove_s) {
    json_object *o = json_object_new_object();
    char *hex = malloc(2 * plen + 3), w[67];
    if (!hex) {
        json_object_put(o);
        return ZKI_ERR_NOMEM;
    }
    json_object_object_add(o, "format", json_object_new_string(zki_proof_json_format(&vk->L)));
    hex_append(NULL, w, vk->digest, 32);
    json_object_object_add(o, "vk_digest", json_object_new_string(w));
    hex_append(NULL, hex, proof, plen);
    json_object_object_add(o, "proof", json_object_new_string(hex));
    free(hex);
    json_object *inst = json_object_new_array();
    uint8_t *pb = malloc(32 * (size_t)npub + 1);
    if (!pb) {
        json_object_put(o);
        json_object_put(inst);
        return ZKI_ERR_NOMEM;
    }
    for (uint32_t i = 0; i < npub; i++) {
        zki_fr_to_bytes(pb + 32 * i, &pub[i]);
        hex_append(inst, w, pb + 32 * i, 32);
    }
    json_object_object_add(o, "instances", inst);
    json_object *outs = json_object_new_array();
    for (size_t i = 0; i < r->n_out; i++) json_object_array_add(outs, json_object_new_double((double)r->out_f[i]));
    json_object_object_add(o, "outputs", outs);
    json_object_object_add(o, "output_scale", json_object_new_int((int)r->out_scale));
    json_object_object_add(o, "prove_ms", json_object_new_double(prove_s * 1e3));
    const char *txt = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY);
    zki_status st = zki_file_write(path, txt, strlen(txt));
    json_object_put(o);
    char side[4096];
    size_t bl = strlen(path);
    if (bl > 5 && !strcmp(path + bl - 5, ".json")) bl -= 5;
    if (st == ZKI_OK && snprintf(side, sizeof side, "%.*s.bin", (int)bl, path) < (int)sizeof side) st = zki_file_write(side, proof, plen);
    if (st == ZKI_OK && snprintf(side, sizeof side, "%.*s.public.bin", (int)bl, path) < (int)sizeof side)
        st = zki_file_write(side, pb, 32 * (size_t)npub);
    free(pb);
    return st;
}

int zki_cmd_prove(int argc, char **argv) {
    const char *zkc = NULL, *pk_path = NULL, *data = NULL, *out = "proof.json", *maxmem = NULL;
    zki_cli_opt o[] = {{"-C", &zkc}, {"--compiled", &zkc}, {"--pk", &pk_path}, {"-D", &data}, {"--data", &data}, {"-o", &out},
                       {"--max-memory", &maxmem}};
    if (!zki_cli_parse_opts("prove", argc, argv, o, 7, &quiet)) return ZKI_EX_USAGE;
    if (!zkc || !pk_path || !data) return zki_cli_usage_err("prove", "needs -C model.zkc --pk pk.bin -D input.json");
    size_t mem_limit = 0;
    if (maxmem && !zki_parse_mem_size(maxmem, &mem_limit))
        return zki_cli_usage_err("prove", "--max-memory must be a byte count or a size such as 512M or 4G");
    int rc = zki_cli_check_file("prove", pk_path, ZKI_KIND_PK);
    if (!rc) rc = zki_cli_check_file("prove", zkc, ZKI_KIND_ZKC);
    if (!rc) rc = zki_cli_check_file("prove", data, ZKI_KIND_INPUT_JSON);
    if (rc) return rc;
    t_start = now_s();
    zki_pk_file pkf;
    zki_status st = zki_pk_file_read(pk_path, &pkf);
    if (st != ZKI_OK) return zki_cli_fail("prove", st, zki_model_last_error());
    uint8_t digest[32];
    st = zki_zkc_digest(zkc, digest);
    if (st != ZKI_OK) {
        zki_pk_file_free(&pkf);
        return zki_cli_fail("prove", st, zki_model_last_error());
    }
    if (memcmp(digest, pkf.zkc_digest, 32) != 0) {
        zki_pk_file_free(&pkf);
        char m[400];
        snprintf(m, sizeof m, "%s was made for another compiled model than %s (run setup again)", pk_path, zkc);
        return zki_cli_fail("prove", ZKI_ERR_MISMATCH, m);
    }
    built b;
    zki_settings_file sf;
    rc = load_and_build("prove", zkc, data, &b, &sf);
    if (rc) {
        zki_pk_file_free(&pkf);
        return rc;
    }
    if (mem_limit) {
        int rm = memory_check("prove", &b.cs, b.npub, mem_limit, 0);
        if (rm) {
            built_free(&b);
            zki_pk_file_free(&pkf);
            return rm;
        }
    }
    progress("prove", "proving key for 2^%u rows (the circuit checked against the VK)", b.cs.log_n);
    zki_pk pk;
    uint32_t npub[1] = {b.npub};
    st = pkf.n_lagrange == b.cs.n ? zki_keygen_prover(&pk, &b.cs, npub, &pkf.srs, pkf.lagrange, pkf.vk, pkf.vk_len,
                                                      pkf.circuit_digest, 0)
                                  : ZKI_ERR_ARG;
    if (st != ZKI_OK) {
        built_free(&b);
        zki_pk_file_free(&pkf);
        char m[400];
        snprintf(m, sizeof m, "%s: %s", pk_path, st == ZKI_ERR_ARG ? "does not match the circuit of this model (its verifying key differs)"
                                                                   : "cannot rebuild the proving key");
        return zki_cli_fail_code("prove", st == ZKI_ERR_ARG ? ZKI_EX_MISMATCH : zki_cli_exit_for(st), m);
    }
    /* The key now holds its own copies of the fixed values, the SRS powers and the Lagrange
     * basis: drop the builder's circuit and the file's points before the prover's peak
     * (at 2^19 rows, about half a GiB). */
    zki_cs_free(&b.cs);
    b.have_cs = 0;
    zki_pk_file_free(&pkf);
    size_t plen = zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs);
    uint8_t *proof = malloc(plen);
    progress("prove", "proving");
    double t0 = now_s();
    /* a circuit with late columns (Freivalds-checked products) fills them once the
     * challenges are drawn; b.nn is NULL otherwise and this is zki_prove */
    st = proof ? zki_prove_late(&pk, b.adv, b.nn ? zki_nn_late_fn : NULL, b.nn, b.pub, proof, plen, NULL, NULL, 0, 0)
               : ZKI_ERR_NOMEM;
    double dt = now_s() - t0;
    if (st == ZKI_OK) {
        progress("prove", "proof of %zu bytes in %.2f s; writing %s", plen, dt, out);
        st = write_proof(out, proof, plen, b.pub, b.npub, &pk.vk, &b.res, dt);
    }
    if (st == ZKI_OK) {
        printf("{\"proof\": \"%s\", \"proof_bytes\": %zu, \"prove_s\": %.3f, \"argmax\": %zu, \"outputs\": ", out, plen, dt, argmax(&b.res));
        print_outputs(stdout, &b.res);
        printf("}\n");
    }
    free(proof);
    zki_pk_free(&pk);
    built_free(&b);
    zki_pk_file_free(&pkf);
    if (st == ZKI_ERR_ARG) return zki_cli_fail("prove", st, "the witness does not satisfy the circuit");
    if (st != ZKI_OK) return zki_cli_fail_code("prove", st == ZKI_ERR_IO ? ZKI_EX_INTERNAL : zki_cli_exit_for(st), zki_model_last_error());
    return 0;
}

static int hex_decode(const char *s, uint8_t *out, size_t max, size_t *len) {
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2;
    size_t n = strlen(s);
    if (n % 2 || n / 2 > max) return 0;
    for (size_t i = 0; i < n / 2; i++) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = s[2 * i + k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return 0;
            v = v * 16 + d;
        }
        out[i] = (uint8_t)v;
    }
    *len = n / 2;
    return 1;
}

int zki_cmd_verify(int argc, char **argv) {
    const char *vk_path = NULL, *proof_path = NULL;
    zki_cli_opt o[] = {{"--vk", &vk_path}, {"--proof", &proof_path}};
    if (!zki_cli_parse_opts("verify", argc, argv, o, 2, &quiet)) return ZKI_EX_USAGE;
    if (!vk_path || !proof_path) return zki_cli_usage_err("verify", "needs --vk vk.bin and --proof proof.json");
    int rc = zki_cli_check_file("verify", vk_path, ZKI_KIND_VK);
    if (!rc) rc = zki_cli_check_file("verify", proof_path, ZKI_KIND_PROOF_JSON);
    if (rc) return rc;
    uint8_t *vkb, *pj;
    size_t vlen, plen;
    zki_status st = zki_file_read(vk_path, (size_t)1 << 30, &vkb, &vlen);
    if (st != ZKI_OK) return zki_cli_fail("verify", st, zki_model_last_error());
    zki_vk vk;
    st = zki_vk_decode(&vk, vkb, vlen);
    free(vkb);
    if (st != ZKI_OK) {
        char m[400];
        snprintf(m, sizeof m, "%s: not a valid verifying key: %s", vk_path, zki_status_str(st));
        return zki_cli_fail("verify", st, m);
    }
    st = zki_file_read(proof_path, (size_t)1 << 28, &pj, &plen);
    if (st != ZKI_OK) {
        zki_vk_free(&vk);
        return zki_cli_fail("verify", st, zki_model_last_error());
    }
    char *txt = realloc(pj, plen + 1);
    if (!txt) {
        free(pj);
        zki_vk_free(&vk);
        return ZKI_EX_INTERNAL;
    }
    txt[plen] = 0;
    json_object *root = json_tokener_parse(txt), *jp, *ji;
    free(txt);
    char m[400];
    rc = ZKI_EX_MALFORMED;
    uint8_t *proof = NULL, *pub = NULL;
    if (!root || !json_object_object_get_ex(root, "proof", &jp) || !json_object_is_type(jp, json_type_string) ||
        !json_object_object_get_ex(root, "instances", &ji) || !json_object_is_type(ji, json_type_array)) {
        snprintf(m, sizeof m, "%s: not a proof file (needs \"proof\" and \"instances\")", proof_path);
        zki_cli_fail("verify", ZKI_ERR_ENCODING, m);
        goto out;
    }
    size_t maxp = strlen(json_object_get_string(jp)) / 2 + 1, got = 0, ni = json_object_array_length(ji);
    proof = malloc(maxp);
    pub = malloc(32 * ni + 1);
    if (!proof || !pub) {
        rc = ZKI_EX_INTERNAL;
        goto out;
    }
    if (!hex_decode(json_object_get_string(jp), proof, maxp, &plen)) {
        snprintf(m, sizeof m, "%s: \"proof\" is not hex", proof_path);
        zki_cli_fail("verify", ZKI_ERR_ENCODING, m);
        goto out;
    }
    for (size_t i = 0; i < ni; i++) {
        json_object *e = json_object_array_get_idx(ji, i);
        uint8_t word[32];
        if (!json_object_is_type(e, json_type_string) || !hex_decode(json_object_get_string(e), word, 32, &got) || got != 32) {
            snprintf(m, sizeof m, "%s: instance %zu is not a 32-byte hex word", proof_path, i);
            zki_cli_fail("verify", ZKI_ERR_ENCODING, m);
            goto out;
        }
        memcpy(pub + 32 * i, word, 32);
    }
    /* proof.json of the older proof system: refused as a version, not parsed as a proof */
    json_object *jf;
    if (json_object_object_get_ex(root, "format", &jf) && json_object_is_type(jf, json_type_string) &&
        strcmp(json_object_get_string(jf), zki_proof_json_format(&vk.L)) != 0) {
        const char *got = json_object_get_string(jf);
        if (!strcmp(got, ZKI_PROOF_JSON_FORMAT) || !strcmp(got, ZKI_PROOF_JSON_FORMAT_V3))
            /* the other opening scheme (GWC v2 / SHPLONK v3): proved for another VK */
            snprintf(m, sizeof m, "%s: a proof of format %s (proof system %s), but %s verifies %s proofs (%s): prove it "
                     "with the keys of this verifying key", proof_path, got,
                     strcmp(got, ZKI_PROOF_JSON_FORMAT) ? ZKI_PLONK_LABEL_V3 : ZKI_PLONK_LABEL, vk_path,
                     zki_proof_json_format(&vk.L), zki_plonk_label(&vk.L));
        else
            snprintf(m, sizeof m, "%s: a proof of format %.40s, which this version does not verify (it reads %s, proof system %s): prove it again",
                     proof_path, got, zki_proof_json_format(&vk.L), zki_plonk_label(&vk.L));
        rc = zki_cli_fail_code("verify", ZKI_EX_TYPE, m);
        goto out;
    }
    /* a proof made for another VK is a rejected proof, not a bad file */
    json_object *jd;
    uint8_t d[32];
    if (json_object_object_get_ex(root, "vk_digest", &jd) && json_object_is_type(jd, json_type_string) &&
        hex_decode(json_object_get_string(jd), d, 32, &got) && got == 32 && memcmp(d, vk.digest, 32) != 0) {
        printf("reject\n");
        snprintf(m, sizeof m, "%s: made for another verifying key than %s (vk_digest differs)", proof_path, vk_path);
        rc = zki_cli_fail_code("verify", ZKI_EX_REJECT, m);
        goto out;
    }
    st = zki_verify_bytes(&vk, pub, ni, proof, plen);
    if (st == ZKI_OK) {
        printf("accept\n");
        rc = 0;
    } else if (st == ZKI_REJECT) {
        printf("reject\n");
        rc = ZKI_EX_REJECT;
    } else {
        snprintf(m, sizeof m, "%s: malformed proof or instances: %s", proof_path, zki_status_str(st));
        rc = zki_cli_fail("verify", st, m);
    }
out:
    if (root) json_object_put(root);
    free(proof);
    free(pub);
    zki_vk_free(&vk);
    return rc;
}
