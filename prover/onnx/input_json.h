/* Model input files in the EZKL convention: {"input_data": [[x0, x1, ...]]}.
 *
 * input_data is a list with one entry per graph input (zkinfer graphs have exactly
 * one); that entry is a list of numbers, row-major in the input's shape, or nested
 * lists of numbers that are flattened in order. Every value must be a JSON number
 * that is finite as a float32 (NaN, Infinity and values beyond ±FLT_MAX are refused).
 * Parsed with json-c.
 */
#ifndef ZKI_ONNX_INPUT_JSON_H
#define ZKI_ONNX_INPUT_JSON_H

#include <stddef.h>

#include "status.h"

/* The largest input file read (64 MiB of text: millions of values; json-c needs several
 * times the text's size in memory). */
#define ZKI_INPUT_JSON_MAX_BYTES (64 << 20)

/* Reads an input file.
 * Returns: ZKI_OK; ZKI_ERR_ARG (NULL, or a NaN/Inf/out-of-range value); ZKI_ERR_IO
 *          (cannot open or read path); ZKI_ERR_ENCODING (not JSON, no "input_data", not
 *          one list of numbers); ZKI_ERR_SIZE (count differs from the expected one);
 *          ZKI_ERR_LIMIT (a file over ZKI_INPUT_JSON_MAX_BYTES, refused before reading);
 *          ZKI_ERR_NOMEM. zki_onnx_last_error() says what and where.
 * Out:    floats  a malloc'd array of *n floats (the caller frees it); NULL on failure.
 * In/Out: n       on entry the expected count (e.g. zki_graph_input_size), or 0 to
 *                 accept any; on return the count read (0 on failure).
 * In:     path. */
zki_status zki_input_json_read(const char *path, float **floats, size_t *n) __attribute__((warn_unused_result));

/* As zki_input_json_read, from JSON text (NUL-terminated). */
zki_status zki_input_json_parse(const char *text, float **floats, size_t *n) __attribute__((warn_unused_result));

#endif
