/* See strbuf.h. */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void zkcg_sb_init(zkcg_sb *b) {
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

void zkcg_sb_free(zkcg_sb *b) {
    free(b->s);
    zkcg_sb_init(b);
}

static int reserve(zkcg_sb *b, size_t extra) {
    if (b->oom) return 0;
    if (b->len + extra + 1 <= b->cap) return 1;
    size_t nc = b->cap ? b->cap : 4096;
    while (nc < b->len + extra + 1) nc *= 2;
    char *ns = realloc(b->s, nc);
    if (!ns) {
        b->oom = 1;
        return 0;
    }
    b->s = ns;
    b->cap = nc;
    return 1;
}

void zkcg_sb_puts(zkcg_sb *b, const char *s) {
    size_t n = strlen(s);
    if (!reserve(b, n)) return;
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

void zkcg_sb_printf(zkcg_sb *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void zkcg_sb_hex32(zkcg_sb *b, const uint8_t w[32]) {
    static const char hx[] = "0123456789abcdef";
    char t[67];
    t[0] = '0';
    t[1] = 'x';
    for (int i = 0; i < 32; i++) {
        t[2 + 2 * i] = hx[w[i] >> 4];
        t[3 + 2 * i] = hx[w[i] & 15];
    }
    t[66] = 0;
    zkcg_sb_puts(b, t);
}

char *zkcg_strf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}
