/* Atomic output files (afile.h). */
#define _POSIX_C_SOURCE 200809L
#include "afile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

zki_status zki_afile_open(zki_afile *a, const char *path, uint64_t expect_len) {
    memset(a, 0, sizeof *a);
    a->fd = -1;
    a->path = path;
    if (snprintf(a->tmp, sizeof a->tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof a->tmp) {
        errno = ENAMETOOLONG;
        return ZKI_ERR_IO;
    }
    const char *hook = getenv("ZKINFER_TEST_CRASH_WRITE");
    if (hook && *hook) {
        unsigned long long min = strtoull(hook, NULL, 10);
        if (expect_len >= 2 && expect_len >= min) a->crash_at = expect_len / 2;
    }
    a->fd = open(a->tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    return a->fd < 0 ? ZKI_ERR_IO : ZKI_OK;
}

void zki_afile_abort(zki_afile *a) {
    int e = errno;
    if (a->fd >= 0) close(a->fd);
    a->fd = -1;
    unlink(a->tmp);
    errno = e;
}

static int write_all(int fd, const uint8_t *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            if (w == 0) errno = EIO;
            return 0;
        }
        p += w;
        n -= (size_t)w;
    }
    return 1;
}

zki_status zki_afile_write(zki_afile *a, const void *buf, size_t len) {
    const uint8_t *p = buf;
    if (a->crash_at && a->written + len >= a->crash_at) {
        size_t part = (size_t)(a->crash_at - a->written);
        if (write_all(a->fd, p, part)) fsync(a->fd);
        raise(SIGKILL);
    }
    if (!write_all(a->fd, p, len)) {
        zki_afile_abort(a);
        return ZKI_ERR_IO;
    }
    a->written += len;
    return ZKI_OK;
}

zki_status zki_afile_commit(zki_afile *a) {
    if (fsync(a->fd) != 0) {
        zki_afile_abort(a);
        return ZKI_ERR_IO;
    }
    int rc = close(a->fd);
    a->fd = -1;
    if (rc != 0 || rename(a->tmp, a->path) != 0) {
        zki_afile_abort(a);
        return ZKI_ERR_IO;
    }
    /* the rename itself reaches the disk with the directory's fsync (best effort) */
    char dir[4096];
    const char *slash = strrchr(a->path, '/');
    size_t dl = slash ? (size_t)(slash - a->path) : 0;
    if (dl < sizeof dir) {
        memcpy(dir, slash ? a->path : ".", slash ? (dl ? dl : 1) : 1);
        dir[slash ? (dl ? dl : 1) : 1] = 0;
        int dfd = open(dir, O_RDONLY);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    }
    return ZKI_OK;
}
