/* What the CLI's command files share: exit codes, error lines and option parsing. */
#ifndef ZKI_CLI_UTIL_H
#define ZKI_CLI_UTIL_H

#include <stdint.h>

#include "status.h"

/* Exit codes: 0 ok, 1 rejected, 2 usage, 3 bad input, 4 internal error. */
enum { ZKI_EX_REJECT = 1, ZKI_EX_USAGE = 2, ZKI_EX_INPUT = 3, ZKI_EX_INTERNAL = 4 };

/* "--name value" option: *val receives the value. */
typedef struct {
    const char *name;
    const char **val;
} zki_cli_opt;

/* Prints "zkinfer CMD: MSG (see zkinfer --help)". Returns: ZKI_EX_USAGE. */
int zki_cli_usage_err(const char *cmd, const char *msg);

/* Prints "zkinfer CMD: WHAT" (the status text when what is empty).
 * Returns: ZKI_EX_INTERNAL for ZKI_ERR_NOMEM, else ZKI_EX_INPUT. */
int zki_cli_fail(const char *cmd, zki_status st, const char *what);

/* Parses "--name value" pairs into opts; "--quiet" sets *quiet. Returns: 1, or 0 after
 * printing a usage error (unknown option, missing value). */
int zki_cli_parse_opts(const char *cmd, int argc, char **argv, const zki_cli_opt *opts, int n, int *quiet);

/* A decimal integer in [lo, hi]. Returns: 1 and *out, or 0. */
int zki_cli_parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out);

#endif
