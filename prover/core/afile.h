/* Atomic output files: every artifact is written to a temporary file beside its target
 * ("TARGET.tmp.PID"), fsync'ed, then renamed over the target, so a reader sees either the
 * old file or the whole new one, never a part. A crash leaves at most the temporary file
 * behind; binary artifacts also end with a digest their readers check, so even a torn
 * temporary file passed by hand is refused.
 *
 * Test hook: with the environment variable ZKINFER_TEST_CRASH_WRITE set, a writer whose
 * announced size is at least that many bytes kills its own process (SIGKILL) after writing
 * half of the bytes, as a crash or power loss would (tests/cli/test_badinput.sh). */
#ifndef ZKI_AFILE_H
#define ZKI_AFILE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct {
    int fd;
    char tmp[4096];
    const char *path;
    uint64_t written, crash_at; /* crash_at 0: no test crash */
} zki_afile;

/* Creates PATH.tmp.PID for writing. expect_len: the bytes the caller will write (for the
 * test hook; 0 if unknown). Returns: ZKI_OK, ZKI_ERR_IO (errno set). */
zki_status zki_afile_open(zki_afile *a, const char *path, uint64_t expect_len);
/* Appends len bytes. Returns: ZKI_OK, ZKI_ERR_IO (the temporary file is removed). */
zki_status zki_afile_write(zki_afile *a, const void *buf, size_t len);
/* fsync, close, rename over the target. Returns: ZKI_OK, ZKI_ERR_IO (the temporary file
 * is removed, the target untouched). */
zki_status zki_afile_commit(zki_afile *a);
/* Closes and removes the temporary file (after an error of the caller's). */
void zki_afile_abort(zki_afile *a);

#endif
