/* EVM gas and bytecode of a VK's generated verifier (evm_estimate.h). */
#include "evm_estimate.h"

#include <stdlib.h>
#include <string.h>

#include "zkcg.h"

/* Fitted by least squares (bench/layout/run.py prints the fit) over ten contracts measured
 * in @ethereumjs/evm with solc 0.8.37, optimizer runs 1e6: MNIST at widths 4..24, the
 * credit model, tests/onnx mlp and lenet5 (53..120 ecMul, 51..95 kB of source). */
#define GAS_BASE 7669.0     /* transcript, checks, Lagrange values: the constant part */
#define GAS_PER_MUL 697.5   /* per scaled commitment: its scalar, memory, the calls' overhead */
/* SHPLONK only: per claimed evaluation (its word copied and hashed, its share of the
 * remainders r_i(x) by Horner over the pack members). The constants above were fitted on
 * GWC contracts and ran 3-4% low on SHPLONK ones; this term is fitted on the two MNIST
 * `optimize --max-gas 300000` picks (scale 7: 91 evaluations, 11,585 gas short; scale 13:
 * 59, 7,024 short: 127 and 119 per evaluation). */
#define GAS_PER_EVAL_V3 123.0
#define CODE_BASE 593.0     /* bytes of runtime code independent of the circuit */
#define CODE_PER_SRC 0.2293 /* runtime bytes per byte of stripped source */

static uint32_t count(const char *s, const char *needle) {
    uint32_t c = 0;
    size_t l = strlen(needle);
    for (const char *p = strstr(s, needle); p; p = strstr(p + l, needle)) c++;
    return c;
}

/* Bytes of source outside comments and leading indentation. */
static size_t stripped_len(const char *s) {
    size_t total = 0;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        size_t i = 0;
        while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
        int comment = (len - i >= 2 && s[i] == '/' && (s[i + 1] == '/' || s[i + 1] == '*')) || (len > i && s[i] == '*');
        if (!comment) {
            size_t k = i;
            while (k + 1 < len && !(s[k] == '/' && s[k + 1] == '/')) k++;
            if (k + 1 >= len) k = len;
            while (k > i && s[k - 1] == ' ') k--;
            total += k - i + (k > i);
        }
        s += len + (e ? 1 : 0);
    }
    return total;
}

zki_status zki_evm_estimate_vk(zki_evm_estimate *out, const zki_vk *vk, size_t proof_bytes) {
    memset(out, 0, sizeof *out);
    char *sol = NULL;
    zkcg_options opt = {0};
    zki_status st = zkcg_generate_solidity(&sol, vk, &opt);
    if (st != ZKI_OK) return st;
    /* definitions counted once each, subtracted */
    uint32_t mul_acc = count(sol, "mulAcc("), mul_to = count(sol, "mulTo("), add_acc = count(sol, "addAcc(");
    uint32_t inv = count(sol, "invert("), binv = count(sol, "batchInvert(");
    out->ecmul = (mul_acc ? mul_acc - 1 : 0) + (mul_to ? mul_to - 1 : 0);
    /* SHPLONK (docs/PROTOCOL.md §4.7): one MSM of K + 2 scalars, K the opened
     * polynomials (s_i·[f_i], the constant's [1]₁ and x·[W']; −[W] is an ecAdd),
     * whatever the number of points: the count the protocol fixes, which the generated
     * contract must meet (tests/estimate checks it against the source) */
    if (vk->L.shplonk) out->ecmul = vk->L.n_opens + 2;
    out->ecadd = (mul_acc ? mul_acc - 1 : 0) + (add_acc ? add_acc - 1 : 0);
    /* invert: its definition, one use inside batchInvert per batchInvert call */
    out->modexp = (inv >= 2 ? inv - 2 : 0) + (binv ? binv - 1 : 0);
    out->source_bytes = stripped_len(sol);
    free(sol);
    out->exec_gas = 45000.0 + 2 * 34000.0 + 6000.0 * out->ecmul + 150.0 * out->ecadd + 1349.0 * out->modexp +
                    GAS_BASE + GAS_PER_MUL * out->ecmul;
    if (vk->L.shplonk) out->exec_gas += GAS_PER_EVAL_V3 * vk->L.n_queries;
    uint32_t np = vk->L.n_public;
    out->calldata_bytes = zkcg_calldata_size(proof_bytes, np);
    size_t padded = (proof_bytes + 31) / 32 * 32;
    /* zero bytes: the head and length words (31 each of 4 words), the proof's padding, a
     * 256th of the proof, half of each public input */
    double zeros = 4 * 31.0 + (double)(padded - proof_bytes) + proof_bytes / 256.0 + 16.0 * np;
    double nonzero = (double)out->calldata_bytes - zeros;
    out->calldata_gas = 16.0 * nonzero + 4.0 * zeros;
    out->bytecode_bytes = CODE_BASE + CODE_PER_SRC * (double)out->source_bytes;
    return ZKI_OK;
}
