/* zkinfer: the command-line tool. One subcommand per step of the flow; each prints one
 * clear line on error and exits with a distinct code:
 *   0 success, 1 proof rejected (verify commands), 2 usage error, 3 input error
 *   (missing/malformed file or value), 4 internal error (memory, I/O while writing).
 *
 *   zkinfer srs --dev --logrows K [--seed TEXT] -o srs.bin   INSECURE development SRS
 *   zkinfer srs --ptau FILE [--logrows K] -o srs.bin        import a snarkjs .ptau file
 *   zkinfer srs-info srs.bin                               validate and describe an SRS
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptau.h"
#include "srs.h"

enum { EXIT_REJECT = 1, EXIT_USAGE = 2, EXIT_INPUT = 3, EXIT_INTERNAL = 4 };

static int usage(const char *msg) {
    if (msg) fprintf(stderr, "zkinfer: %s\n", msg);
    fprintf(stderr,
            "usage:\n"
            "  zkinfer srs --dev --logrows K [--seed TEXT] -o FILE   INSECURE development SRS (2^K powers)\n"
            "  zkinfer srs --ptau FILE [--logrows K] -o FILE         import a snarkjs powers-of-tau file\n"
            "  zkinfer srs-info FILE                                 validate an SRS file and describe it\n");
    return EXIT_USAGE;
}

static int exit_for(zki_status st) {
    switch (st) {
    case ZKI_OK: return 0;
    case ZKI_REJECT: return EXIT_INPUT; /* an SRS that fails its consistency checks */
    case ZKI_ERR_NOMEM: return EXIT_INTERNAL;
    default: return EXIT_INPUT;
    }
}

static int parse_uint(const char *s, unsigned max, unsigned *out) {
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *s == 0 || *end != 0 || v > max) return 0;
    *out = (unsigned)v;
    return 1;
}

static int cmd_srs(int argc, char **argv) {
    int dev = 0;
    const char *ptau = NULL, *out = NULL, *seed = "zkinfer";
    unsigned logrows = 0;
    int have_logrows = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;
        if (!strcmp(a, "--dev")) dev = 1;
        else if (!strcmp(a, "--ptau") && has_val) ptau = argv[++i];
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && has_val) out = argv[++i];
        else if (!strcmp(a, "--seed") && has_val) seed = argv[++i];
        else if (!strcmp(a, "--logrows") && has_val) {
            if (!parse_uint(argv[++i], 28, &logrows) || logrows < 1) return usage("--logrows must be an integer from 1 to 28");
            have_logrows = 1;
        } else {
            char msg[160];
            snprintf(msg, sizeof msg, "srs: unknown or incomplete option '%s'", a);
            return usage(msg);
        }
    }
    if (dev == (ptau != NULL)) return usage("srs: give exactly one of --dev and --ptau");
    if (!out) return usage("srs: missing -o FILE");
    if (dev && !have_logrows) return usage("srs --dev: missing --logrows K");
    zki_srs srs;
    zki_status st;
    if (dev) {
        fprintf(stderr,
                "zkinfer: WARNING: development SRS. Its secret tau is derived from the seed '%s';\n"
                "zkinfer: anyone can recompute it and forge proofs. Never use it where others must trust a proof.\n",
                seed);
        st = zki_srs_dev(&srs, logrows, (const uint8_t *)seed, strlen(seed));
    } else {
        size_t max_n = have_logrows ? ((size_t)1 << logrows) + 1 : 0;
        st = zki_ptau_read(&srs, ptau, max_n);
        if (st != ZKI_OK) {
            fprintf(stderr, "zkinfer: %s: cannot import: %s\n", ptau, zki_status_str(st));
            return exit_for(st);
        }
    }
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer: srs: %s\n", zki_status_str(st));
        return exit_for(st);
    }
    st = zki_srs_write(&srs, out);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer: %s: cannot write: %s\n", out, zki_status_str(st));
        zki_srs_free(&srs);
        return EXIT_INTERNAL;
    }
    fprintf(stderr, "zkinfer: wrote %s: %zu G1 powers (circuits up to 2^%u rows)\n", out, srs.n_g1,
            srs.n_g1 > 2 ? zki_srs_log2_floor(srs.n_g1 - 1) : 0);
    zki_srs_free(&srs);
    return 0;
}

static int cmd_srs_info(int argc, char **argv) {
    if (argc != 1) return usage("srs-info: give one FILE");
    zki_srs srs;
    zki_status st = zki_srs_read(&srs, argv[0], 0);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer: %s: not a valid SRS file: %s\n", argv[0], zki_status_str(st));
        return exit_for(st);
    }
    printf("{\"g1_powers\": %zu, \"max_logrows\": %u, \"source\": \"%s\"}\n", srs.n_g1,
           srs.n_g1 > 2 ? zki_srs_log2_floor(srs.n_g1 - 1) : 0,
           srs.source == ZKI_SRS_SOURCE_DEV ? "dev (INSECURE)" : "ptau");
    zki_srs_free(&srs);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) return usage(NULL);
    if (!strcmp(argv[1], "srs")) return cmd_srs(argc - 2, argv + 2);
    if (!strcmp(argv[1], "srs-info")) return cmd_srs_info(argc - 2, argv + 2);
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(NULL);
        return 0;
    }
    char msg[128];
    snprintf(msg, sizeof msg, "unknown command '%s'", argv[1]);
    return usage(msg);
}
