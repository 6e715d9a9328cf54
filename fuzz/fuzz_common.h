/* Shared helpers of the libFuzzer harnesses (fuzz/README.md).
 *
 * Input conventions:
 *   - harnesses of files that end with a Keccak-256 digest (VK, pk.bin, model.zkc) take
 *     one mode byte first: bit 0 clear means "recompute the digest" (the last 32 bytes of
 *     the file are replaced by the Keccak-256 of the bytes before them, so mutations reach
 *     the parser behind the digest check); bit 0 set passes the bytes as they are;
 *   - path-based readers get their input through one anonymous memory file (memfd), opened
 *     by its /proc/self/fd path, so the reader's own file code runs and nothing touches disk.
 *
 * Every harness aborts (a libFuzzer crash, the input kept) on an invariant violation:
 * FUZZ_ASSERT prints the condition first. Harnesses define _GNU_SOURCE before any
 * include (memfd_create). */
#ifndef ZKI_FUZZ_COMMON_H
#define ZKI_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define FUZZ_ASSERT(c)                                                                \
    do {                                                                              \
        if (!(c)) {                                                                   \
            fprintf(stderr, "fuzz: invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #c); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data to the harness's memory file and returns its path (valid until the next
 * call). Aborts if the OS refuses: that is a harness failure, not a finding. */
static inline const char *fuzz_memfile(const uint8_t *data, size_t size) {
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("zki-fuzz", 0);
        FUZZ_ASSERT(fd >= 0);
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    FUZZ_ASSERT(ftruncate(fd, 0) == 0);
    size_t done = 0;
    while (done < size) {
        ssize_t w = pwrite(fd, data + done, size - done, (off_t)done);
        FUZZ_ASSERT(w > 0);
        done += (size_t)w;
    }
    return path;
}

/* Verdict classes shared by every verifier: what the differential compares. */
typedef enum { FUZZ_ACCEPT = 0, FUZZ_REJECT = 1, FUZZ_MALFORMED = 2 } fuzz_verdict;

static inline const char *fuzz_verdict_str(fuzz_verdict v) {
    return v == FUZZ_ACCEPT ? "accept" : v == FUZZ_REJECT ? "reject" : "malformed";
}

/* A copy of a digest-terminated file with the mode byte applied (see above). The
 * caller frees the result; *out_len is size - 1. hash: the Keccak-256 to use. */
static inline uint8_t *fuzz_fix_digest(const uint8_t *data, size_t size, size_t *out_len,
                                       void (*hash)(uint8_t out[32], const uint8_t *in, size_t len)) {
    if (size < 1) return NULL;
    size_t n = size - 1;
    uint8_t *b = malloc(n ? n : 1);
    FUZZ_ASSERT(b != NULL);
    memcpy(b, data + 1, n);
    if (!(data[0] & 1) && n >= 32) hash(b + n - 32, b, n - 32);
    *out_len = n;
    return b;
}

#endif
