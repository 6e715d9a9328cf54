/* What the CLI's command files share: the exit-code table, error lines, the check of a
 * file argument (present, not empty, not another kind of artifact) and option parsing.
 *
 * Every error is one line on stderr, "zkinfer CMD: FILE: problem", and one exit code per
 * class of failure (README "Exit codes"):
 *   0  success                     5  a file is missing or cannot be read
 *   1  proof rejected              6  a file is empty, truncated, damaged or does not parse
 *   2  usage error                 7  a file of another kind (a VK given as a proof), an
 *   3  bad input values or shape      unsupported version or an unsupported model feature
 *      (NaN/Inf, out of range,     8  files that do not belong together (the pk of another
 *      wrong count or shape)          model, an SRS too small for the circuit)
 *   4  internal error (out of      9  over a resource limit, refused before the work
 *      memory, an output that
 *      cannot be written)
 * 1 means only "a well-formed proof that does not verify": scripts rely on it. */
#ifndef ZKI_CLI_UTIL_H
#define ZKI_CLI_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

enum {
    ZKI_EX_OK = 0,
    ZKI_EX_REJECT = 1,
    ZKI_EX_USAGE = 2,
    ZKI_EX_INPUT = 3,
    ZKI_EX_INTERNAL = 4,
    ZKI_EX_NOFILE = 5,
    ZKI_EX_MALFORMED = 6,
    ZKI_EX_TYPE = 7,
    ZKI_EX_MISMATCH = 8,
    ZKI_EX_LIMIT = 9
};

/* The one status → exit code map: ZKI_OK 0, ZKI_REJECT 1, ZKI_ERR_ARG 3, ZKI_ERR_NOMEM and
 * ZKI_ERR_BUFFER 4, ZKI_ERR_IO 5, encoding/size/point errors 6, ZKI_ERR_VERSION 7,
 * ZKI_ERR_MISMATCH 8, ZKI_ERR_LIMIT 9. Callers that know better (a wrong count of input
 * values is ZKI_ERR_SIZE but class 3) use zki_cli_fail_code. */
int zki_cli_exit_for(zki_status st);

/* Prints "zkinfer CMD: MSG (see zkinfer --help)". Returns: ZKI_EX_USAGE. */
int zki_cli_usage_err(const char *cmd, const char *msg);

/* Prints "zkinfer CMD: WHAT" (the status text when what is empty).
 * Returns: zki_cli_exit_for(st). */
int zki_cli_fail(const char *cmd, zki_status st, const char *what);

/* Prints "zkinfer CMD: WHAT". Returns: code. */
int zki_cli_fail_code(const char *cmd, int code, const char *what);

/* The kinds of file the CLI reads or writes, as far as their first bytes tell. */
typedef enum {
    ZKI_KIND_UNKNOWN = 0, /* no zkinfer magic: an ONNX model, a binary proof, garbage */
    ZKI_KIND_SRS,         /* "ZKISRS" */
    ZKI_KIND_PTAU,        /* snarkjs "ptau" */
    ZKI_KIND_PK,          /* "ZKIPKEY" */
    ZKI_KIND_VK,          /* "ZKIVKEY\0" */
    ZKI_KIND_ZKC,         /* "ZKIZKC" */
    ZKI_KIND_SETTINGS,    /* JSON, "format": "zkinfer-settings-v1" */
    ZKI_KIND_PROOF_JSON,  /* JSON, "format": "zkinfer-proof-v2" (or the older v1) */
    ZKI_KIND_INPUT_JSON   /* JSON with "input_data" */
} zki_file_kind;

/* Returns: the kind of a file from its first n bytes (ZKI_KIND_UNKNOWN if none matches). */
zki_file_kind zki_cli_sniff(const uint8_t *b, size_t n);

/* Returns: a short name ("a verifying key", "an SRS file", ...). Never NULL. */
const char *zki_cli_kind_name(zki_file_kind k);

/* Checks a file argument before its reader runs: it exists and can be read (else exit 5),
 * is not empty (6), and is not a recognized artifact of another kind than want (7); for
 * kinds with a magic (SRS, pk, VK, zkc) a file without it is also of another kind (7),
 * unless it is a prefix of the magic (truncated: 6). want ZKI_KIND_UNKNOWN: any file that
 * is no zkinfer artifact (an ONNX model, a binary proof). Prints the one error line.
 * Returns: 0 if the reader may run, else the exit code. */
int zki_cli_check_file(const char *cmd, const char *path, zki_file_kind want);

/* As zki_cli_check_file(cmd, path, ZKI_KIND_UNKNOWN) for a file of public-input words
 * (public.bin), which may be empty: a circuit without public inputs. */
int zki_cli_check_public(const char *cmd, const char *path);

/* "--name value" option: *val receives the value. */
typedef struct {
    const char *name;
    const char **val;
} zki_cli_opt;

/* Parses "--name value" pairs into opts; "--quiet" sets *quiet. Returns: 1, or 0 after
 * printing a usage error (unknown option, missing value). */
int zki_cli_parse_opts(const char *cmd, int argc, char **argv, const zki_cli_opt *opts, int n, int *quiet);

/* A decimal integer in [lo, hi]. Returns: 1 and *out, or 0. */
int zki_cli_parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out);

#endif
