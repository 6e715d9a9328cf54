/* The files of the model flow, each versioned and checked on load:
 *   settings.json   zki_model_settings plus what gen-settings measured (rows, logrows);
 *                   the optional keys "freivalds", "max4" and "shplonk" (the opening
 *                   scheme, written only when P >= 1) read as off / 0 (GWC) when absent,
 *                   so files written before them load unchanged;
 *   model.zkc       the compiled model: magic "ZKIZKC", version, the settings, the ONNX
 *                   model bytes (so the circuit is rebuilt exactly from one file), and a
 *                   Keccak-256 digest of everything before it.
 * Errors name the file and the problem through zki_model_last_error(). */
#ifndef ZKI_ARTIFACTS_H
#define ZKI_ARTIFACTS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "srs.h"

typedef struct {
    zki_model_settings s;
    uint32_t rows;    /* rows the circuit uses (measured by gen-settings) */
    uint32_t logrows; /* log2 of the circuit's size */
} zki_settings_file;

/* Returns: ZKI_OK, ZKI_ERR_IO. */
zki_status zki_settings_write(const char *path, const zki_settings_file *f);
/* Returns: ZKI_OK, ZKI_ERR_IO (missing/unreadable), ZKI_ERR_VERSION (no "format":
 * "zkinfer-settings-v1": another kind of file or version), ZKI_ERR_ENCODING (not JSON, a
 * field missing or of the wrong type), ZKI_ERR_LIMIT (logrows over 24, rows over 2^24),
 * ZKI_ERR_ARG (a value out of range). */
zki_status zki_settings_read(const char *path, zki_settings_file *f);

/* Writes model.zkc from settings and the ONNX file's bytes. Returns: ZKI_OK, ZKI_ERR_IO. */
zki_status zki_zkc_write(const char *path, const zki_settings_file *f, const uint8_t *onnx, size_t onnx_len);
/* Reads model.zkc. Out: f, *onnx (malloc'd bytes, caller frees), *onnx_len.
 * Returns: ZKI_OK, ZKI_ERR_IO, ZKI_ERR_ENCODING (wrong magic or digest: not a .zkc or
 * damaged), ZKI_ERR_VERSION, ZKI_ERR_SIZE (truncated), ZKI_ERR_LIMIT (over 2 GiB), ZKI_ERR_NOMEM. */
zki_status zki_zkc_read(const char *path, zki_settings_file *f, uint8_t **onnx, size_t *onnx_len);

/* pk.bin (version 2): magic "ZKIPKEY", version, the .zkc's digest, the circuit digest
 * (zki_pk_circuit_digest: binds the fixed and σ values to the VK), the encoded VK, the
 * SRS prefix the circuit needs (n + 1 G1 powers, [1]₂, [τ]₂) and the Lagrange basis of
 * the circuit's domain (n points, computed once at setup), then a Keccak-256 digest.
 * The prover rebuilds the circuit from the .zkc and checks it against this VK. */
typedef struct {
    uint8_t zkc_digest[32];
    uint8_t circuit_digest[32];
    uint8_t *vk;          /* encoded VK */
    size_t vk_len;
    zki_srs srs;          /* the SRS prefix */
    zki_g1_aff *lagrange; /* n_lagrange points */
    size_t n_lagrange;
} zki_pk_file;

zki_status zki_pk_file_write(const char *path, const uint8_t zkc_digest[32], const uint8_t circuit_digest[32],
                             const uint8_t *vk, size_t vk_len,
                             const zki_srs *srs, size_t n_g1, const zki_g1_aff *lagrange, size_t n_lagrange);
/* Returns: ZKI_OK, ZKI_ERR_IO, ZKI_ERR_ENCODING (not a pk file, damaged), ZKI_ERR_VERSION,
 * ZKI_ERR_SIZE, ZKI_ERR_LIMIT (over 16 GiB, more than 2^29 SRS powers), point errors,
 * ZKI_ERR_NOMEM. */
zki_status zki_pk_file_read(const char *path, zki_pk_file *pk);
void zki_pk_file_free(zki_pk_file *pk);

/* The Keccak-256 digest a .zkc file ends with (its identity). */
zki_status zki_zkc_digest(const char *path, uint8_t out[32]);

/* Reads a whole file (at most max bytes; a larger regular file is refused before any
 * allocation). Returns: ZKI_OK, ZKI_ERR_IO, ZKI_ERR_LIMIT, ZKI_ERR_NOMEM. */
zki_status zki_file_read(const char *path, size_t max, uint8_t **buf, size_t *len);
/* Writes a whole file atomically (temporary file, fsync, rename). Returns: ZKI_OK, ZKI_ERR_IO. */
zki_status zki_file_write(const char *path, const void *buf, size_t len);

#endif
