/* Runs the regression inputs of one libFuzzer harness (tests/fuzz/NAME/, each an input
 * that once crashed it) through the harness's entry point, compiled into the main test
 * binary: so every fixed finding is checked by gcc's build and its ASan+UBSan build too,
 * not only by the clang fuzz build. A test file includes the harness with its entry point
 * renamed (the harness aborts on a finding), then calls fuzz_regress_dir. */
#ifndef ZKI_FUZZ_REGRESS_H
#define ZKI_FUZZ_REGRESS_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Returns: the number of files of dir run through one (-1 if dir cannot be read). */
static int fuzz_regress_dir(const char *dir, int (*one)(const uint8_t *, size_t)) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        uint8_t *buf = malloc(1 << 20);
        size_t len = buf ? fread(buf, 1, 1 << 20, f) : 0;
        fclose(f);
        if (!buf) break;
        one(buf, len);
        free(buf);
        n++;
    }
    closedir(d);
    return n;
}

#endif
