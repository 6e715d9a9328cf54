/* settings.json and model.zkc (see artifacts.h). */
#define _POSIX_C_SOURCE 200809L
#include "artifacts.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "afile.h"
#include "keccak.h"

/* Shares zki_model_last_error's buffer through a small setter in model.c. */
zki_status zki_model_set_error(zki_status st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

zki_status zki_file_read(const char *path, size_t max, uint8_t **buf, size_t *len) {
    *buf = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return zki_model_set_error(ZKI_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    /* a regular file over the limit is refused before anything is allocated; the loop
     * below still stops at max for a file that grows or is not regular (a pipe) */
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > (uint64_t)max) {
        fclose(f);
        return zki_model_set_error(ZKI_ERR_LIMIT, "%s: %lld bytes, over the limit of %zu bytes", path, (long long)sb.st_size, max);
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *b = malloc(cap);
    zki_status st = ZKI_OK;
    while (b) {
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        if (cap >= max) {
            st = zki_model_set_error(ZKI_ERR_LIMIT, "%s: larger than the limit of %zu bytes", path, max);
            break;
        }
        uint8_t *nb = realloc(b, cap * 2);
        if (!nb) break;
        b = nb;
        cap *= 2;
    }
    if (ferror(f) && st == ZKI_OK) st = zki_model_set_error(ZKI_ERR_IO, "%s: read error", path);
    fclose(f);
    if (!b && st == ZKI_OK) st = zki_model_set_error(ZKI_ERR_NOMEM, "out of memory");
    if (st != ZKI_OK) {
        free(b);
        return st;
    }
    *buf = b;
    *len = n;
    return ZKI_OK;
}

zki_status zki_file_write(const char *path, const void *buf, size_t len) {
    zki_afile a;
    zki_status st = zki_afile_open(&a, path, len);
    if (st == ZKI_OK) st = zki_afile_write(&a, buf, len);
    if (st == ZKI_OK) st = zki_afile_commit(&a);
    else if (a.fd >= 0) zki_afile_abort(&a);
    if (st != ZKI_OK) return zki_model_set_error(ZKI_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    return ZKI_OK;
}

static const char *vis(int v) { return v == ZKI_VIS_PUBLIC ? "public" : v == ZKI_VIS_HASHED ? "hashed" : "private"; }

static char *settings_json(const zki_settings_file *f) {
    json_object *o = json_object_new_object();
    json_object_object_add(o, "format", json_object_new_string("zkinfer-settings-v1"));
    json_object_object_add(o, "scale", json_object_new_int((int)f->s.scale));
    json_object_object_add(o, "act_bits", json_object_new_int((int)f->s.act_bits));
    json_object_object_add(o, "width", json_object_new_int((int)f->s.width));
    json_object_object_add(o, "input_visibility", json_object_new_string(vis(f->s.input_vis)));
    json_object_object_add(o, "output_visibility", json_object_new_string(vis(f->s.output_vis)));
    json_object_object_add(o, "param_visibility", json_object_new_string(f->s.param_vis == ZKI_PARAMS_PRIVATE ? "private" : "fixed"));
    json_object_object_add(o, "freivalds", json_object_new_boolean(f->s.freivalds != 0));
    /* written only when on: settings (and so .zkc files and keys) without it stay byte
     * for byte what they were before the option existed */
    if (f->s.max4) json_object_object_add(o, "max4", json_object_new_boolean(1));
    /* likewise only when SHPLONK (P >= 1): GWC settings and .zkc files stay as they were */
    if (f->s.shplonk) json_object_object_add(o, "shplonk", json_object_new_int((int)f->s.shplonk));
    json_object_object_add(o, "rows", json_object_new_int64(f->rows));
    json_object_object_add(o, "logrows", json_object_new_int((int)f->logrows));
    const char *t = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY);
    size_t n = strlen(t);
    char *out = malloc(n + 2);
    if (out) {
        memcpy(out, t, n);
        out[n] = '\n';
        out[n + 1] = 0;
    }
    json_object_put(o);
    return out;
}

zki_status zki_settings_write(const char *path, const zki_settings_file *f) {
    char *t = settings_json(f);
    if (!t) return zki_model_set_error(ZKI_ERR_NOMEM, "out of memory");
    zki_status st = zki_file_write(path, t, strlen(t));
    free(t);
    return st;
}

static zki_status parse_settings(const char *path, const char *txt, zki_settings_file *f) {
    memset(f, 0, sizeof *f);
    json_object *o = json_tokener_parse(txt);
    if (!o || !json_object_is_type(o, json_type_object)) {
        if (o) json_object_put(o);
        return zki_model_set_error(ZKI_ERR_ENCODING, "%s: not a settings file (not a JSON object)", path);
    }
    static const char *ints[] = {"scale", "act_bits", "width", "rows", "logrows"};
    int64_t v[5];
    zki_status st = ZKI_OK;
    json_object *x;
    if (!json_object_object_get_ex(o, "format", &x) || !json_object_is_type(x, json_type_string) ||
        strcmp(json_object_get_string(x), "zkinfer-settings-v1") != 0)
        st = zki_model_set_error(ZKI_ERR_VERSION, "%s: not a zkinfer settings file of version 1 (\"format\" must be \"zkinfer-settings-v1\")", path);
    for (int i = 0; i < 5 && st == ZKI_OK; i++) {
        if (!json_object_object_get_ex(o, ints[i], &x) || !json_object_is_type(x, json_type_int))
            st = zki_model_set_error(ZKI_ERR_ENCODING, "%s: \"%s\" must be an integer", path, ints[i]);
        else v[i] = json_object_get_int64(x);
    }
    int pubs[2] = {0, 0};
    static const char *visk[] = {"input_visibility", "output_visibility"};
    for (int i = 0; i < 2 && st == ZKI_OK; i++) {
        const char *sv = json_object_object_get_ex(o, visk[i], &x) && json_object_is_type(x, json_type_string)
                             ? json_object_get_string(x) : NULL;
        if (!sv || (strcmp(sv, "public") && strcmp(sv, "private") && strcmp(sv, "hashed")))
            st = zki_model_set_error(ZKI_ERR_ENCODING, "%s: \"%s\" must be \"public\", \"private\" or \"hashed\"", path,
                                     visk[i]);
        else pubs[i] = !strcmp(sv, "public") ? ZKI_VIS_PUBLIC : !strcmp(sv, "hashed") ? ZKI_VIS_HASHED : ZKI_VIS_PRIVATE;
    }
    int params = ZKI_PARAMS_FIXED;
    if (st == ZKI_OK) {
        const char *sv = json_object_object_get_ex(o, "param_visibility", &x) && json_object_is_type(x, json_type_string)
                             ? json_object_get_string(x) : NULL;
        if (!sv || (strcmp(sv, "fixed") && strcmp(sv, "private")))
            st = zki_model_set_error(ZKI_ERR_ENCODING, "%s: \"param_visibility\" must be \"fixed\" or \"private\"", path);
        else params = !strcmp(sv, "private") ? ZKI_PARAMS_PRIVATE : ZKI_PARAMS_FIXED;
    }
    /* optional (files written before it existed have none): false */
    int frei = 0;
    if (st == ZKI_OK && json_object_object_get_ex(o, "freivalds", &x)) {
        if (!json_object_is_type(x, json_type_boolean))
            st = zki_model_set_error(ZKI_ERR_ENCODING, "%s: \"freivalds\" must be true or false", path);
        else frei = json_object_get_boolean(x) ? 1 : 0;
    }
    int max4 = 0;
    if (st == ZKI_OK && json_object_object_get_ex(o, "max4", &x)) {
        if (!json_object_is_type(x, json_type_boolean))
            st = zki_model_set_error(ZKI_ERR_ENCODING, "%s: \"max4\" must be true or false", path);
        else max4 = json_object_get_boolean(x) ? 1 : 0;
    }
    /* optional: absent or 0 is GWC; P = 1..ZKI_CS_MAX_PACK the SHPLONK pack limit */
    int64_t shplonk = 0;
    if (st == ZKI_OK && json_object_object_get_ex(o, "shplonk", &x)) {
        if (!json_object_is_type(x, json_type_int))
            st = zki_model_set_error(ZKI_ERR_ENCODING, "%s: \"shplonk\" must be an integer (0: GWC, 1..%d: SHPLONK packs of at most that many)",
                                     path, ZKI_CS_MAX_PACK);
        else if ((shplonk = json_object_get_int64(x)) < 0 || shplonk > ZKI_CS_MAX_PACK)
            st = zki_model_set_error(ZKI_ERR_ARG, "%s: \"shplonk\" is %lld, out of range (0: GWC, 1..%d: SHPLONK pack limit)", path,
                                     (long long)shplonk, ZKI_CS_MAX_PACK);
    }
    if (st == ZKI_OK && (v[4] > 24 || v[3] > (1 << 24)))
        st = zki_model_set_error(ZKI_ERR_LIMIT, "%s: logrows %lld / rows %lld is over the limit (logrows 24, rows 2^24)", path,
                                 (long long)v[4], (long long)v[3]);
    if (st == ZKI_OK && (v[0] < 1 || v[0] > 16 || v[1] < 4 || v[1] > 22 || v[2] < 4 || v[2] > 64 || v[3] < 0 ||
                         v[3] > (1 << 24) || v[4] < 3 || v[4] > 24))
        st = zki_model_set_error(ZKI_ERR_ARG, "%s: a value is out of range (scale 1..16, act_bits 4..22, width 4..64, logrows 3..24)", path);
    if (st == ZKI_OK) {
        f->s.scale = (uint32_t)v[0];
        f->s.act_bits = (uint32_t)v[1];
        f->s.width = (uint32_t)v[2];
        f->rows = (uint32_t)v[3];
        f->logrows = (uint32_t)v[4];
        f->s.input_vis = pubs[0];
        f->s.output_vis = pubs[1];
        f->s.param_vis = params;
        f->s.freivalds = frei;
        f->s.max4 = max4;
        f->s.shplonk = (uint32_t)shplonk;
    }
    json_object_put(o);
    return st;
}

zki_status zki_settings_read(const char *path, zki_settings_file *f) {
    uint8_t *buf;
    size_t len;
    zki_status st = zki_file_read(path, 1 << 20, &buf, &len);
    if (st != ZKI_OK) return st;
    char *txt = realloc(buf, len + 1);
    if (!txt) {
        free(buf);
        return zki_model_set_error(ZKI_ERR_NOMEM, "out of memory");
    }
    txt[len] = 0;
    st = parse_settings(path, txt, f);
    free(txt);
    return st;
}

static const uint8_t ZKC_MAGIC[6] = {'Z', 'K', 'I', 'Z', 'K', 'C'};
#define ZKC_VERSION 1

static void put32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

zki_status zki_zkc_write(const char *path, const zki_settings_file *f, const uint8_t *onnx, size_t onnx_len) {
    char *js = settings_json(f);
    if (!js) return zki_model_set_error(ZKI_ERR_NOMEM, "out of memory");
    size_t jl = strlen(js), total = 6 + 4 + 4 + jl + 8 + onnx_len + 32;
    uint8_t *b = malloc(total);
    if (!b) {
        free(js);
        return zki_model_set_error(ZKI_ERR_NOMEM, "out of memory");
    }
    size_t k = 0;
    memcpy(b, ZKC_MAGIC, 6);
    k = 6;
    put32(b + k, ZKC_VERSION);
    k += 4;
    put32(b + k, (uint32_t)jl);
    k += 4;
    memcpy(b + k, js, jl);
    k += jl;
    put32(b + k, (uint32_t)onnx_len);
    put32(b + k + 4, (uint32_t)((uint64_t)onnx_len >> 32));
    k += 8;
    memcpy(b + k, onnx, onnx_len);
    k += onnx_len;
    zki_keccak256(b + k, b, k);
    zki_status st = zki_file_write(path, b, total);
    free(b);
    free(js);
    return st;
}

zki_status zki_zkc_read(const char *path, zki_settings_file *f, uint8_t **onnx, size_t *onnx_len) {
    *onnx = NULL;
    *onnx_len = 0;
    uint8_t *b;
    size_t len;
    zki_status st = zki_file_read(path, (size_t)1 << 31, &b, &len);
    if (st != ZKI_OK) return st;
    if (len < 6 || memcmp(b, ZKC_MAGIC, 6) != 0) {
        free(b);
        return zki_model_set_error(ZKI_ERR_ENCODING, "%s: not a compiled model (.zkc) file", path);
    }
    if (len < 6 + 4 + 4 + 8 + 32) {
        free(b);
        return zki_model_set_error(ZKI_ERR_SIZE, "%s: truncated", path);
    }
    uint32_t version = get32(b + 6);
    if (version != ZKC_VERSION) {
        free(b);
        return zki_model_set_error(ZKI_ERR_VERSION, "%s: .zkc version %u is not supported (this zkinfer reads version %u)",
                                   path, version, ZKC_VERSION);
    }
    uint8_t h[32];
    zki_keccak256(h, b, len - 32);
    if (memcmp(h, b + len - 32, 32) != 0) {
        free(b);
        return zki_model_set_error(ZKI_ERR_ENCODING, "%s: damaged (digest mismatch)", path);
    }
    size_t jl = get32(b + 10);
    if (jl > len - 54) {
        free(b);
        return zki_model_set_error(ZKI_ERR_SIZE, "%s: truncated", path);
    }
    uint64_t ol = (uint64_t)get32(b + 14 + jl) | (uint64_t)get32(b + 18 + jl) << 32;
    if (ol != len - 54 - jl) {
        free(b);
        return zki_model_set_error(ZKI_ERR_SIZE, "%s: inconsistent sizes", path);
    }
    char *js = malloc(jl + 1);
    uint8_t *m = malloc(ol ? ol : 1);
    if (!js || !m) {
        free(js);
        free(m);
        free(b);
        return zki_model_set_error(ZKI_ERR_NOMEM, "out of memory");
    }
    memcpy(js, b + 14, jl);
    js[jl] = 0;
    memcpy(m, b + 22 + jl, ol);
    free(b);
    st = parse_settings(path, js, f);
    free(js);
    if (st != ZKI_OK) {
        free(m);
        return st;
    }
    *onnx = m;
    *onnx_len = ol;
    return ZKI_OK;
}

static const uint8_t PK_MAGIC[7] = {'Z', 'K', 'I', 'P', 'K', 'E', 'Y'};
#define PK_VERSION 2

zki_status zki_pk_file_write(const char *path, const uint8_t zkc_digest[32], const uint8_t circuit_digest[32],
                             const uint8_t *vk, size_t vk_len,
                             const zki_srs *srs, size_t n_g1, const zki_g1_aff *lagrange, size_t n_lagrange) {
    if (n_g1 > srs->n_g1) return zki_model_set_error(ZKI_ERR_SIZE, "SRS too small");
    size_t total = 7 + 4 + 64 + 4 + vk_len + 8 + 256 + 64 * n_g1 + 8 + 64 * n_lagrange + 32, k = 0;
    uint8_t *b = malloc(total);
    if (!b) return zki_model_set_error(ZKI_ERR_NOMEM, "out of memory");
    memcpy(b, PK_MAGIC, 7);
    k = 7;
    put32(b + k, PK_VERSION);
    k += 4;
    memcpy(b + k, zkc_digest, 32);
    memcpy(b + k + 32, circuit_digest, 32);
    k += 64;
    put32(b + k, (uint32_t)vk_len);
    k += 4;
    memcpy(b + k, vk, vk_len);
    k += vk_len;
    put32(b + k, (uint32_t)n_g1);
    put32(b + k + 4, (uint32_t)((uint64_t)n_g1 >> 32));
    k += 8;
    zki_g2_aff_to_bytes(b + k, &srs->g2[0]);
    zki_g2_aff_to_bytes(b + k + 128, &srs->g2[1]);
    k += 256;
    for (size_t i = 0; i < n_g1; i++, k += 64) zki_g1_aff_to_bytes(b + k, &srs->g1[i]);
    put32(b + k, (uint32_t)n_lagrange);
    put32(b + k + 4, (uint32_t)((uint64_t)n_lagrange >> 32));
    k += 8;
    for (size_t i = 0; i < n_lagrange; i++, k += 64) zki_g1_aff_to_bytes(b + k, &lagrange[i]);
    zki_keccak256(b + k, b, k);
    zki_status st = zki_file_write(path, b, total);
    free(b);
    return st;
}

void zki_pk_file_free(zki_pk_file *pk) {
    free(pk->vk);
    free(pk->lagrange);
    zki_srs_free(&pk->srs);
    memset(pk, 0, sizeof *pk);
}

zki_status zki_pk_file_read(const char *path, zki_pk_file *pk) {
    memset(pk, 0, sizeof *pk);
    uint8_t *b;
    size_t len;
    zki_status st = zki_file_read(path, (size_t)1 << 34, &b, &len);
    if (st != ZKI_OK) return st;
    if (len < 7 || memcmp(b, PK_MAGIC, 7) != 0) {
        free(b);
        return zki_model_set_error(ZKI_ERR_ENCODING, "%s: not a proving key (pk) file", path);
    }
    if (len < 7 + 4 + 64 + 4 + 8 + 256 + 8 + 32) {
        free(b);
        return zki_model_set_error(ZKI_ERR_SIZE, "%s: truncated", path);
    }
    uint32_t version = get32(b + 7);
    if (version != PK_VERSION) {
        free(b);
        return zki_model_set_error(ZKI_ERR_VERSION, "%s: pk version %u is not supported", path, version);
    }
    uint8_t h[32];
    zki_keccak256(h, b, len - 32);
    if (memcmp(h, b + len - 32, 32) != 0) {
        free(b);
        return zki_model_set_error(ZKI_ERR_ENCODING, "%s: damaged (digest mismatch)", path);
    }
    size_t k = 7 + 4;
    memcpy(pk->zkc_digest, b + k, 32);
    memcpy(pk->circuit_digest, b + k + 32, 32);
    k += 64;
    size_t vl = get32(b + k);
    k += 4;
    if (vl > len - k - 8 - 256 - 32) {
        free(b);
        return zki_model_set_error(ZKI_ERR_SIZE, "%s: inconsistent sizes", path);
    }
    pk->vk = malloc(vl ? vl : 1);
    if (!pk->vk) {
        free(b);
        return zki_model_set_error(ZKI_ERR_NOMEM, "out of memory");
    }
    memcpy(pk->vk, b + k, vl);
    pk->vk_len = vl;
    k += vl;
    uint64_t n = (uint64_t)get32(b + k) | (uint64_t)get32(b + k + 4) << 32;
    k += 8;
    if (n < 2 || n > (len - k - 256 - 32) / 64 || k + 256 + 64 * n + 8 + 32 > len) {
        free(b);
        zki_pk_file_free(pk);
        return zki_model_set_error(ZKI_ERR_SIZE, "%s: inconsistent sizes", path);
    }
    if (n > ZKI_SRS_MAX_G1) {
        free(b);
        zki_pk_file_free(pk);
        return zki_model_set_error(ZKI_ERR_LIMIT, "%s: %llu SRS powers, over the limit of 2^29", path, (unsigned long long)n);
    }
    size_t kl = k + 256 + 64 * (size_t)n;
    uint64_t nl = (uint64_t)get32(b + kl) | (uint64_t)get32(b + kl + 4) << 32;
    if (nl > (len - kl - 8 - 32) / 64 || kl + 8 + 64 * nl + 32 != len) {
        free(b);
        zki_pk_file_free(pk);
        return zki_model_set_error(ZKI_ERR_SIZE, "%s: inconsistent sizes", path);
    }
    st = zki_g2_aff_from_bytes(&pk->srs.g2[0], b + k);
    if (st == ZKI_OK) st = zki_g2_aff_from_bytes(&pk->srs.g2[1], b + k + 128);
    k += 256;
    pk->srs.g1 = malloc((size_t)n * sizeof(zki_g1_aff));
    pk->lagrange = malloc(((size_t)nl + 1) * sizeof(zki_g1_aff));
    if (st == ZKI_OK && (!pk->srs.g1 || !pk->lagrange)) st = ZKI_ERR_NOMEM;
    for (uint64_t i = 0; st == ZKI_OK && i < n; i++, k += 64) st = zki_g1_aff_from_bytes(&pk->srs.g1[i], b + k);
    k += 8;
    for (uint64_t i = 0; st == ZKI_OK && i < nl; i++, k += 64) st = zki_g1_aff_from_bytes(&pk->lagrange[i], b + k);
    pk->n_lagrange = (size_t)nl;
    free(b);
    if (st != ZKI_OK) {
        zki_pk_file_free(pk);
        return zki_model_set_error(st, "%s: invalid points: %s", path, zki_status_str(st));
    }
    pk->srs.n_g1 = (size_t)n;
    pk->srs.log_n = zki_srs_log2_floor(n);
    pk->srs.source = ZKI_SRS_SOURCE_DEV;
    return ZKI_OK;
}

zki_status zki_zkc_digest(const char *path, uint8_t out[32]) {
    uint8_t *b;
    size_t len;
    zki_status st = zki_file_read(path, (size_t)1 << 31, &b, &len);
    if (st != ZKI_OK) return st;
    if (len < 32) {
        free(b);
        return zki_model_set_error(ZKI_ERR_SIZE, "%s: truncated", path);
    }
    memcpy(out, b + len - 32, 32);
    free(b);
    return ZKI_OK;
}
