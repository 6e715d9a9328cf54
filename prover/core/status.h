/* zki_status: the one error enum of the prover library.
 *
 * Every fallible zki_ function returns a zki_status; ZKI_OK is 0. Malformed input
 * (bad encoding, non-canonical scalar, point off the curve or outside the subgroup)
 * and a false statement (ZKI_REJECT) are different outcomes on purpose: callers and
 * CLIs map them to different exit codes.
 */
#ifndef ZKI_STATUS_H
#define ZKI_STATUS_H

typedef enum {
    ZKI_OK = 0,
    ZKI_ERR_ARG,             /* a bad argument from the caller (NULL, zero length, ...) */
    ZKI_ERR_ENCODING,        /* bytes that do not parse as the expected format */
    ZKI_ERR_NONCANONICAL,    /* an integer encoding >= its modulus */
    ZKI_ERR_NOT_ON_CURVE,    /* coordinates that do not satisfy the curve equation */
    ZKI_ERR_NOT_IN_SUBGROUP, /* a G2 point outside the order-r subgroup */
    ZKI_ERR_SIZE,            /* wrong length or dimension */
    ZKI_ERR_BUFFER,          /* caller buffer too small */
    ZKI_ERR_NOMEM,           /* allocation failed */
    ZKI_ERR_IO,              /* file or OS error */
    ZKI_ERR_VERSION,         /* unknown format version */
    ZKI_REJECT,              /* well-formed input, false statement (proof does not verify) */
    ZKI_ERR_LIMIT,           /* refused before work: over a resource limit (memory, rows, dims) */
    ZKI_ERR_MISMATCH         /* well-formed artifacts that do not belong together (pk vs model) */
} zki_status;

/* Returns: a static, human-readable name for s ("ok", "not on curve", ...). Never NULL. */
const char *zki_status_str(zki_status s);

#endif
