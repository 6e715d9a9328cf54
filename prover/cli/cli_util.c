/* The CLI's shared helpers (cli_util.h). */
#include "cli_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int zki_cli_usage_err(const char *cmd, const char *msg) {
    fprintf(stderr, "zkinfer %s: %s (see zkinfer --help)\n", cmd, msg);
    return ZKI_EX_USAGE;
}

int zki_cli_fail(const char *cmd, zki_status st, const char *what) {
    fprintf(stderr, "zkinfer %s: %s\n", cmd, what && *what ? what : zki_status_str(st));
    return st == ZKI_ERR_NOMEM ? ZKI_EX_INTERNAL : ZKI_EX_INPUT;
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
