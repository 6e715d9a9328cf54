/* EZKL-style input JSON -> floats (input_json.h). */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input_json.h"
#include "onnx_internal.h"

#define MAX_DEPTH 16

/* Counts (out == NULL) or copies the numbers of nested array a. */
static zki_status flatten(const json_object *a, float *out, size_t *k, int depth) {
    if (depth > MAX_DEPTH) return zki_onnx_fail(ZKI_ERR_ENCODING, "input_data is nested too deeply");
    size_t len = json_object_array_length(a);
    for (size_t i = 0; i < len; i++) {
        json_object *e = json_object_array_get_idx(a, i);
        enum json_type t = json_object_get_type(e);
        if (t == json_type_array) {
            zki_status st = flatten(e, out, k, depth + 1);
            if (st != ZKI_OK) return st;
            continue;
        }
        if (t != json_type_double && t != json_type_int)
            return zki_onnx_fail(ZKI_ERR_ENCODING, "input_data value %zu is a %s, not a number", *k,
                                 json_type_to_name(t));
        double d = json_object_get_double(e);
        float f = (float)d;
        if (!isfinite(d) || !isfinite(f))
            return zki_onnx_fail(ZKI_ERR_ARG, "input_data value %zu is not a finite float (%g)", *k, d);
        if (out) out[*k] = f;
        (*k)++;
    }
    return ZKI_OK;
}

zki_status zki_input_json_parse(const char *text, float **floats, size_t *n) {
    zki_onnx_clear_error();
    if (!text || !floats || !n) return zki_onnx_fail(ZKI_ERR_ARG, "NULL argument");
    size_t want = *n;
    *floats = NULL;
    *n = 0;
    enum json_tokener_error jerr;
    json_object *root = json_tokener_parse_verbose(text, &jerr);
    if (!root) return zki_onnx_fail(ZKI_ERR_ENCODING, "not JSON: %s", json_tokener_error_desc(jerr));
    zki_status st = ZKI_OK;
    json_object *data = NULL;
    size_t count = 0;
    if (!json_object_is_type(root, json_type_object) || !json_object_object_get_ex(root, "input_data", &data)) {
        st = zki_onnx_fail(ZKI_ERR_ENCODING, "no \"input_data\" key");
    } else if (!json_object_is_type(data, json_type_array) || json_object_array_length(data) != 1 ||
               !json_object_is_type(json_object_array_get_idx(data, 0), json_type_array)) {
        st = zki_onnx_fail(ZKI_ERR_ENCODING, "\"input_data\" must be a list holding one list of numbers");
    } else {
        json_object *vals = json_object_array_get_idx(data, 0);
        st = flatten(vals, NULL, &count, 0);
        if (st == ZKI_OK && want && count != want)
            st = zki_onnx_fail(ZKI_ERR_SIZE, "input_data has %zu values, the model takes %zu", count, want);
        if (st == ZKI_OK && !(*floats = malloc((count ? count : 1) * sizeof(float))))
            st = zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
        size_t k = 0;
        if (st == ZKI_OK) st = flatten(vals, *floats, &k, 0);
    }
    json_object_put(root);
    if (st != ZKI_OK) {
        free(*floats);
        *floats = NULL;
        return st;
    }
    *n = count;
    return ZKI_OK;
}

zki_status zki_input_json_read(const char *path, float **floats, size_t *n) {
    zki_onnx_clear_error();
    if (!path || !floats || !n) return zki_onnx_fail(ZKI_ERR_ARG, "NULL argument");
    *floats = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *n = 0;
        return zki_onnx_fail(ZKI_ERR_IO, "cannot open '%s'", path);
    }
    /* refused before reading: json-c needs several times the text's size */
    if (fseek(f, 0, SEEK_END) == 0) {
        long sz = ftell(f);
        if (sz > ZKI_INPUT_JSON_MAX_BYTES) {
            fclose(f);
            *n = 0;
            return zki_onnx_fail(ZKI_ERR_LIMIT, "%s: %ld bytes, over the limit of %d bytes for an input file", path, sz,
                                 ZKI_INPUT_JSON_MAX_BYTES);
        }
        rewind(f);
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int ok = 1;
    for (;;) {
        if (len + 1 >= cap) {
            if (cap > ZKI_INPUT_JSON_MAX_BYTES) { /* grew while being read */
                fclose(f);
                free(buf);
                *n = 0;
                return zki_onnx_fail(ZKI_ERR_LIMIT, "%s: over the limit of %d bytes for an input file", path,
                                     ZKI_INPUT_JSON_MAX_BYTES);
            }
            cap = cap ? 2 * cap : 4096;
            char *nb = realloc(buf, cap);
            if (!nb) { ok = 0; break; }
            buf = nb;
        }
        size_t r = fread(buf + len, 1, cap - len - 1, f);
        len += r;
        if (r == 0) break;
    }
    int err = ferror(f);
    fclose(f);
    if (!ok || err) {
        free(buf);
        *n = 0;
        return ok ? zki_onnx_fail(ZKI_ERR_IO, "cannot read '%s'", path) : zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    }
    buf[len] = '\0';
    if (strlen(buf) != len) {
        free(buf);
        *n = 0;
        return zki_onnx_fail(ZKI_ERR_ENCODING, "%s: not JSON (NUL byte)", path);
    }
    zki_status st = zki_input_json_parse(buf, floats, n);
    free(buf);
    if (st != ZKI_OK) {
        char msg[400];
        snprintf(msg, sizeof msg, "%s", zki_onnx_last_error());
        zki_onnx_fail(st, "%s: %s", path, msg);
    }
    return st;
}
