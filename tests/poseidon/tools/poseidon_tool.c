/* A command-line face of prover/core/poseidon for tests/poseidon/test_poseidon.sh,
 * which compares it with circomlibjs.
 *
 *   poseidon-tool consts     every width's constants as JSON:
 *                            {"2": {"rf": 8, "rp": 56, "rc": ["0x..", ...], "mds": [["0x..", ..], ..]}, ...}
 *   poseidon-tool hash       reads lines "p V..." (Poseidon of 1..16 values) or "vec V..."
 *                            (the vector hash of any count); each V is a decimal int64
 *                            (negative values map to r - |V|) or 0x-hex below r; prints one
 *                            0x-hex field element per line.
 * Exit: 0, or 2 on a malformed line (with a message on stderr).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poseidon.h"

/* 0x + 64 hex digits, in double quotes when quoted (JSON) */
static void print_fr(const zki_fr *a, int quoted) {
    uint8_t b[32];
    zki_fr_to_bytes(b, a);
    printf("%s0x", quoted ? "\"" : "");
    for (int i = 0; i < 32; i++) printf("%02x", b[i]);
    if (quoted) printf("\"");
}

static int dump_consts(void) {
    printf("{");
    for (unsigned t = ZKI_POSEIDON_MIN_T; t <= ZKI_POSEIDON_MAX_T; t++) {
        const zki_poseidon_consts *c = zki_poseidon_params(t);
        printf("%s\"%u\": {\"rf\": %u, \"rp\": %u, \"rc\": [", t > ZKI_POSEIDON_MIN_T ? ", " : "", t, c->rf, c->rp);
        for (unsigned i = 0; i < (c->rf + c->rp) * t; i++) {
            if (i) printf(", ");
            print_fr(&c->rc[i], 1);
        }
        printf("], \"mds\": [");
        for (unsigned i = 0; i < t; i++) {
            printf("%s[", i ? ", " : "");
            for (unsigned j = 0; j < t; j++) {
                if (j) printf(", ");
                print_fr(&c->mds[i * t + j], 1);
            }
            printf("]");
        }
        printf("]}");
    }
    printf("}\n");
    return 0;
}

static int parse_value(const char *s, zki_fr *out) {
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        size_t n = strlen(s + 2);
        if (n == 0 || n > 64) return 0;
        uint8_t b[32] = {0};
        for (size_t i = 0; i < n; i++) {
            char c = s[2 + n - 1 - i];
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0) return 0;
            b[31 - i / 2] |= (uint8_t)(v << (4 * (i % 2)));
        }
        return zki_fr_from_bytes(out, b) == ZKI_OK;
    }
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *s == 0 || *end) return 0;
    zki_fr_set_i64(out, (int64_t)v);
    return 1;
}

static int hash_lines(void) {
    char line[1 << 16];
    unsigned lineno = 0;
    zki_fr *v = malloc(4096 * sizeof *v);
    if (!v) return 4;
    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        char *save = NULL, *kind = strtok_r(line, " \t\r\n", &save);
        if (!kind) continue;
        size_t n = 0;
        for (char *tok; (tok = strtok_r(NULL, " \t\r\n", &save));) {
            if (n == 4096 || !parse_value(tok, &v[n])) {
                fprintf(stderr, "poseidon-tool: line %u: bad value '%s'\n", lineno, tok);
                free(v);
                return 2;
            }
            n++;
        }
        zki_fr h;
        zki_status st = !strcmp(kind, "p") ? zki_poseidon(&h, v, n) : !strcmp(kind, "vec") ? zki_poseidon_hash_vec(&h, v, n) : ZKI_ERR_ARG;
        if (st != ZKI_OK) {
            fprintf(stderr, "poseidon-tool: line %u: %s\n", lineno, zki_status_str(st));
            free(v);
            return 2;
        }
        print_fr(&h, 0);
        printf("\n");
    }
    free(v);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "consts")) return dump_consts();
    if (argc == 2 && !strcmp(argv[1], "hash")) return hash_lines();
    fprintf(stderr, "usage: poseidon-tool consts | poseidon-tool hash < lines\n");
    return 2;
}
