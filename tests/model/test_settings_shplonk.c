/* settings.json and model.zkc carry the opening scheme (settings "shplonk": P, the
 * SHPLONK pack limit of docs/PROTOCOL.md §4.7; 0 or absent: GWC): round trips, files
 * without the key load as GWC and are written byte for byte as before, bad values are
 * refused with the key named, and the circuit the optimizer builds has the setting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "artifacts.h"
#include "graph.h"
#include "optimize.h"
#include "test.h"

static void tmp_path(char *buf, size_t cap, const char *name) {
    mkdir("build/test-tmp", 0777);
    snprintf(buf, cap, "build/test-tmp/%s-%ld", name, (long)getpid());
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static char *read_text(const char *path) {
    uint8_t *b = NULL;
    size_t len = 0;
    if (zki_file_read(path, 1 << 20, &b, &len) != ZKI_OK) return NULL;
    char *t = realloc(b, len + 1);
    if (!t) {
        free(b);
        return NULL;
    }
    t[len] = 0;
    return t;
}

static const zki_settings_file BASE = {{7, 12, 16, ZKI_VIS_PRIVATE, ZKI_VIS_PUBLIC, ZKI_PARAMS_FIXED, 0, 0, 0}, 500, 9};

CASE(settings_shplonk_round_trip_and_absent_is_gwc) {
    char path[96];
    tmp_path(path, sizeof path, "shp-settings.json");
    const uint32_t values[] = {1, 8, 255, 256};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        zki_settings_file f = BASE, r;
        f.s.shplonk = values[i];
        REQUIRE(zki_settings_write(path, &f) == ZKI_OK);
        REQUIRE(zki_settings_read(path, &r) == ZKI_OK);
        CHECK_EQ_INT(r.s.shplonk, values[i]);
        CHECK_EQ_INT(r.s.width, 16);
        CHECK_EQ_INT(r.logrows, 9);
    }
    /* GWC: no key written, so the file is what it was before the option existed */
    zki_settings_file f = BASE, r;
    REQUIRE(zki_settings_write(path, &f) == ZKI_OK);
    char *t = read_text(path);
    REQUIRE(t);
    CHECK(strstr(t, "shplonk") == NULL);
    free(t);
    r.s.shplonk = 99;
    REQUIRE(zki_settings_read(path, &r) == ZKI_OK);
    CHECK_EQ_INT(r.s.shplonk, 0);
    /* an explicit 0 reads as GWC too */
    write_text(path, "{\"format\": \"zkinfer-settings-v1\", \"scale\": 7, \"act_bits\": 12, \"width\": 16, "
                     "\"input_visibility\": \"private\", \"output_visibility\": \"public\", "
                     "\"param_visibility\": \"fixed\", \"shplonk\": 0, \"rows\": 500, \"logrows\": 9}");
    r.s.shplonk = 99;
    REQUIRE(zki_settings_read(path, &r) == ZKI_OK);
    CHECK_EQ_INT(r.s.shplonk, 0);
    unlink(path);
}

CASE(settings_shplonk_bad_values_refused_naming_the_key) {
    char path[96];
    tmp_path(path, sizeof path, "shp-bad.json");
    static const struct {
        const char *value;
        zki_status want;
    } bad[] = {{"-1", ZKI_ERR_ARG},      {"257", ZKI_ERR_ARG},        {"4294967297", ZKI_ERR_ARG},
               {"1.5", ZKI_ERR_ENCODING}, {"\"8\"", ZKI_ERR_ENCODING}, {"true", ZKI_ERR_ENCODING},
               {"null", ZKI_ERR_ENCODING}, {"[8]", ZKI_ERR_ENCODING}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"format\": \"zkinfer-settings-v1\", \"scale\": 7, \"act_bits\": 12, \"width\": 16, "
                 "\"input_visibility\": \"private\", \"output_visibility\": \"public\", \"param_visibility\": \"fixed\", "
                 "\"shplonk\": %s, \"rows\": 500, \"logrows\": 9}",
                 bad[i].value);
        write_text(path, text);
        zki_settings_file r;
        zki_status st = zki_settings_read(path, &r);
        CHECK_EQ_INT(st, bad[i].want);
        CHECK(strstr(zki_model_last_error(), "\"shplonk\"") != NULL);
        CHECK(strchr(zki_model_last_error(), '\n') == NULL); /* one line */
    }
    unlink(path);
}

CASE(zkc_carries_shplonk_and_gwc_zkc_unchanged) {
    char path[96];
    tmp_path(path, sizeof path, "shp.zkc");
    static const uint8_t onnx[] = {1, 2, 3, 4, 5};
    zki_settings_file f = BASE, r;
    f.s.shplonk = 256;
    REQUIRE(zki_zkc_write(path, &f, onnx, sizeof onnx) == ZKI_OK);
    uint8_t *o = NULL;
    size_t ol = 0;
    REQUIRE(zki_zkc_read(path, &r, &o, &ol) == ZKI_OK);
    CHECK_EQ_INT(r.s.shplonk, 256);
    CHECK(ol == sizeof onnx && memcmp(o, onnx, ol) == 0);
    free(o);
    uint8_t d3[32], d0[32];
    REQUIRE(zki_zkc_digest(path, d3) == ZKI_OK);
    /* GWC: no "shplonk" in the embedded settings, a different identity from the v3 one */
    f.s.shplonk = 0;
    REQUIRE(zki_zkc_write(path, &f, onnx, sizeof onnx) == ZKI_OK);
    uint8_t *raw = NULL;
    size_t rl = 0;
    REQUIRE(zki_file_read(path, 1 << 20, &raw, &rl) == ZKI_OK);
    int found = 0;
    for (size_t i = 0; i + 7 <= rl; i++) found |= memcmp(raw + i, "shplonk", 7) == 0;
    CHECK(!found);
    free(raw);
    REQUIRE(zki_zkc_read(path, &r, &o, &ol) == ZKI_OK);
    CHECK_EQ_INT(r.s.shplonk, 0);
    free(o);
    REQUIRE(zki_zkc_digest(path, d0) == ZKI_OK);
    CHECK(memcmp(d0, d3, 32) != 0);
    unlink(path);
}

CASE(layout_build_applies_shplonk_without_changing_the_layout) {
    zki_graph g;
    REQUIRE(zki_onnx_load(&g, "tests/onnx/models/mlp.onnx") == ZKI_OK);
    zki_model_settings s = {5, 8, 16, ZKI_VIS_PRIVATE, ZKI_VIS_PUBLIC, ZKI_PARAMS_FIXED, 0, 0, 0};
    zki_cs a, b;
    uint32_t na = 0, nb = 0, ra = 0, rb = 0;
    REQUIRE(zki_layout_build(&a, &na, &ra, &g, &s) == ZKI_OK);
    s.shplonk = 8;
    REQUIRE(zki_layout_build(&b, &nb, &rb, &g, &s) == ZKI_OK);
    CHECK_EQ_INT(a.shplonk, 0);
    CHECK_EQ_INT(b.shplonk, 8);
    CHECK(a.log_n == b.log_n && a.n_advice == b.n_advice && a.n_fixed == b.n_fixed && ra == rb && na == nb);
    zki_cs_free(&a);
    zki_cs_free(&b);
    /* a pack limit over ZKI_CS_MAX_PACK is refused, nothing leaks */
    s.shplonk = ZKI_CS_MAX_PACK + 1;
    CHECK(zki_layout_build(&b, &nb, &rb, &g, &s) == ZKI_ERR_ARG);
    zki_graph_free(&g);
}
