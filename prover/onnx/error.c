/* The ONNX front end's per-thread last-error text (zki_onnx_last_error). */
#include <stdarg.h>
#include <stdio.h>

#include "onnx_internal.h"

static _Thread_local char last_error[512];

zki_status zki_onnx_fail(zki_status s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return s;
}

void zki_onnx_clear_error(void) { last_error[0] = '\0'; }

const char *zki_onnx_last_error(void) { return last_error; }
