/* A growable NUL-terminated string for the generator. Allocation failure is sticky: the
 * buffer records it in `oom` and later appends do nothing, so callers check once. */
#ifndef ZKCG_STRBUF_H
#define ZKCG_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *s;
    size_t len, cap;
    int oom;
} zkcg_sb;

void zkcg_sb_init(zkcg_sb *b);
void zkcg_sb_free(zkcg_sb *b);
void zkcg_sb_puts(zkcg_sb *b, const char *s);
void zkcg_sb_printf(zkcg_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends "0x" and the 64 hex digits of a 32-byte big-endian word. */
void zkcg_sb_hex32(zkcg_sb *b, const uint8_t w[32]);
/* Returns a malloc'd copy of the printf result, or NULL. */
char *zkcg_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
