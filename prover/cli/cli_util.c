/* The CLI's shared helpers (cli_util.h). */
#include "cli_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int zki_cli_exit_for(zki_status st) {
    switch (st) {
    case ZKI_OK: return ZKI_EX_OK;
    case ZKI_REJECT: return ZKI_EX_REJECT;
    case ZKI_ERR_ARG: return ZKI_EX_INPUT;
    case ZKI_ERR_NOMEM:
    case ZKI_ERR_BUFFER: return ZKI_EX_INTERNAL;
    case ZKI_ERR_IO: return ZKI_EX_NOFILE;
    case ZKI_ERR_ENCODING:
    case ZKI_ERR_NONCANONICAL:
    case ZKI_ERR_NOT_ON_CURVE:
    case ZKI_ERR_NOT_IN_SUBGROUP:
    case ZKI_ERR_SIZE: return ZKI_EX_MALFORMED;
    case ZKI_ERR_VERSION: return ZKI_EX_TYPE;
    case ZKI_ERR_MISMATCH: return ZKI_EX_MISMATCH;
    case ZKI_ERR_LIMIT: return ZKI_EX_LIMIT;
    }
    return ZKI_EX_INTERNAL;
}

int zki_cli_usage_err(const char *cmd, const char *msg) {
    fprintf(stderr, "zkinfer %s: %s (see zkinfer --help)\n", cmd, msg);
    return ZKI_EX_USAGE;
}

int zki_cli_fail_code(const char *cmd, int code, const char *what) {
    fprintf(stderr, "zkinfer %s: %s\n", cmd, what);
    return code;
}

int zki_cli_fail(const char *cmd, zki_status st, const char *what) {
    return zki_cli_fail_code(cmd, zki_cli_exit_for(st), what && *what ? what : zki_status_str(st));
}

static const struct {
    zki_file_kind kind;
    const char *magic;
    size_t len;
    const char *name;
} kinds[] = {
    {ZKI_KIND_SRS, "ZKISRS", 6, "an SRS file"},
    {ZKI_KIND_PTAU, "ptau", 4, "a snarkjs .ptau file"},
    {ZKI_KIND_PK, "ZKIPKEY", 7, "a proving key"},
    {ZKI_KIND_VK, "ZKIVKEY", 8, "a verifying key"}, /* the magic's 8th byte is NUL */
    {ZKI_KIND_ZKC, "ZKIZKC", 6, "a compiled model (.zkc)"},
    {ZKI_KIND_SETTINGS, NULL, 0, "a settings file"},
    {ZKI_KIND_PROOF_JSON, NULL, 0, "a proof file"},
    {ZKI_KIND_INPUT_JSON, NULL, 0, "an input data file"},
};

const char *zki_cli_kind_name(zki_file_kind k) {
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].kind == k) return kinds[i].name;
    return "an unknown file";
}

/* Returns: 1 iff needle occurs in the first n bytes of b. */
static int contains(const uint8_t *b, size_t n, const char *needle) {
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (!memcmp(b + i, needle, m)) return 1;
    return 0;
}

zki_file_kind zki_cli_sniff(const uint8_t *b, size_t n) {
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].magic && n >= kinds[i].len && !memcmp(b, kinds[i].magic, kinds[i].len)) return kinds[i].kind;
    size_t k = 0;
    while (k < n && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n' || b[k] == '\r')) k++;
    if (k == n || b[k] != '{') return ZKI_KIND_UNKNOWN;
    if (contains(b, n, "\"zkinfer-settings-v")) return ZKI_KIND_SETTINGS;
    if (contains(b, n, "\"zkinfer-proof-v")) return ZKI_KIND_PROOF_JSON;
    if (contains(b, n, "\"input_data\"")) return ZKI_KIND_INPUT_JSON;
    return ZKI_KIND_UNKNOWN;
}

int zki_cli_check_file(const char *cmd, const char *path, zki_file_kind want) {
    char m[4400];
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(m, sizeof m, "%s: cannot open: %s", path, strerror(errno));
        return zki_cli_fail_code(cmd, ZKI_EX_NOFILE, m);
    }
    uint8_t b[512];
    size_t n = fread(b, 1, sizeof b, f);
    int err = ferror(f);
    fclose(f);
    if (err) {
        snprintf(m, sizeof m, "%s: cannot read (a directory?)", path);
        return zki_cli_fail_code(cmd, ZKI_EX_NOFILE, m);
    }
    if (n == 0) {
        snprintf(m, sizeof m, "%s: empty file (expected %s)", path, zki_cli_kind_name(want));
        return zki_cli_fail_code(cmd, ZKI_EX_MALFORMED, m);
    }
    zki_file_kind got = zki_cli_sniff(b, n);
    if (got == want) return 0;
    if (got != ZKI_KIND_UNKNOWN) {
        snprintf(m, sizeof m, "%s: is %s, not %s", path, zki_cli_kind_name(got),
                 want == ZKI_KIND_UNKNOWN ? "the file expected here" : zki_cli_kind_name(want));
        return zki_cli_fail_code(cmd, ZKI_EX_TYPE, m);
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (kinds[i].kind != want || !kinds[i].magic) continue;
        if (n < kinds[i].len && !memcmp(b, kinds[i].magic, n)) {
            snprintf(m, sizeof m, "%s: truncated (%zu bytes)", path, n);
            return zki_cli_fail_code(cmd, ZKI_EX_MALFORMED, m);
        }
        snprintf(m, sizeof m, "%s: not %s (no %.*s magic)", path, kinds[i].name, (int)kinds[i].len - (kinds[i].kind == ZKI_KIND_VK), kinds[i].magic);
        return zki_cli_fail_code(cmd, ZKI_EX_TYPE, m);
    }
    return 0;
}

int zki_cli_check_public(const char *cmd, const char *path) {
    FILE *f = fopen(path, "rb");
    if (f) {
        int c = fgetc(f);
        int empty = c == EOF && !ferror(f);
        fclose(f);
        if (empty) return 0;
    }
    return zki_cli_check_file(cmd, path, ZKI_KIND_UNKNOWN);
}

int zki_cli_parse_opts(const char *cmd, int argc, char **argv, const zki_cli_opt *opts, int n, int *quiet) {
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--quiet")) {
            *quiet = 1;
            continue;
        }
        int hit = 0;
        for (int k = 0; k < n && !hit; k++) {
            if (strcmp(argv[i], opts[k].name)) continue;
            if (i + 1 >= argc) {
                char m[96];
                snprintf(m, sizeof m, "option %.60s needs a value", argv[i]);
                zki_cli_usage_err(cmd, m);
                return 0;
            }
            *opts[k].val = argv[++i];
            hit = 1;
        }
        if (!hit) {
            char m[128];
            snprintf(m, sizeof m, "unknown option '%.80s'", argv[i]);
            zki_cli_usage_err(cmd, m);
            return 0;
        }
    }
    return 1;
}

int zki_cli_parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out) {
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return 0;
    *out = (uint32_t)v;
    return 1;
}
