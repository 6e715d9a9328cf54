#include "status.h"

const char *zki_status_str(zki_status s) {
    switch (s) {
    case ZKI_OK: return "ok";
    case ZKI_ERR_ARG: return "bad argument";
    case ZKI_ERR_ENCODING: return "bad encoding";
    case ZKI_ERR_NONCANONICAL: return "non-canonical encoding (value >= modulus)";
    case ZKI_ERR_NOT_ON_CURVE: return "point not on curve";
    case ZKI_ERR_NOT_IN_SUBGROUP: return "point not in subgroup";
    case ZKI_ERR_SIZE: return "wrong size";
    case ZKI_ERR_BUFFER: return "buffer too small";
    case ZKI_ERR_NOMEM: return "out of memory";
    case ZKI_ERR_IO: return "i/o error";
    case ZKI_ERR_VERSION: return "unsupported version";
    case ZKI_REJECT: return "rejected";
    case ZKI_ERR_LIMIT: return "over a resource limit";
    case ZKI_ERR_MISMATCH: return "artifacts do not belong together";
    }
    return "unknown status";
}
