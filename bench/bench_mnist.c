/* The MNIST example (examples/mnist): circuit size, key generation, prove and verify
 * time, proof size and peak memory for one digit, and quantized vs float accuracy on the
 * held-out digits (witness only). Settings as the CLI's defaults: scale 7, 12-bit
 * activations, 16 multiply-accumulates per row; then the same at width 12 (the layout
 * optimizer's pick), at widths 12 and 4 with Freivalds-checked convolutions
 * (settings.freivalds), and at width 8 with them and the max pools on four-input max
 * rows (settings.max4: 2^14 rows). Prove is timed on all cores and on one thread. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bench.h"
#include "graph.h"
#include "infer_float.h"
#include "input_json.h"
#include "mnist_set.h"
#include "model.h"
#include "prove.h"

static int bench_rng(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    bench_rand_bytes(out, len);
    return 1;
}

static double peak_mib(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

/* Witness, keys, prove (all cores, then one thread), verify for one setting; figures
 * under the key prefix `p` ("mnist" or "mnist_w12"). Returns: 0 on success. */
static int prove_one(const char *p, const char *what, const zki_graph *g, const float *in,
                     const zki_model_settings *s, int with_rss) {
    char key[96], label[160];
#define REC(k, l, v)                                                                                                  \
    do {                                                                                                              \
        snprintf(key, sizeof key, "%s_%s", p, k);                                                                     \
        snprintf(label, sizeof label, "%s %s", what, l);                                                              \
        bench_record(key, label, v);                                                                                  \
    } while (0)
    zki_nn *nn;
    zki_model_result res;
    double t0 = bench_now();
    zki_cs cs;
    zki_fr *adv, *pub;
    uint32_t np;
    if (zki_model_build(&nn, &res, g, s, in) != ZKI_OK || zki_nn_finish(nn, &cs, &adv, &pub, &np) != ZKI_OK) {
        REC("FAILED", "the circuit could not be built", 1);
        return 1;
    }
    REC("witness_ms", "witness + layout (ms)", (bench_now() - t0) * 1e3);
    REC("rows_used", "rows used", (double)zki_nn_rows(nn));
    REC("logrows", "log2 rows", (double)cs.log_n);
    REC("advice_columns", "advice columns", (double)cs.n_advice);
    zki_srs srs;
    zki_pk pk;
    uint32_t npub[1] = {np};
    t0 = bench_now();
    if (zki_srs_dev(&srs, cs.log_n + 1, (const uint8_t *)"bench", 5) != ZKI_OK ||
        zki_keygen(&pk, &cs, npub, &srs, 0) != ZKI_OK) {
        REC("FAILED", "key generation failed", 1);
        return 1;
    }
    REC("keygen_ms", "setup: key generation incl. Lagrange basis (ms)", (bench_now() - t0) * 1e3);
    size_t len = zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs), vlen = 0;
    zki_vk_encode(&pk.vk, NULL, 0, &vlen);
    uint8_t *proof = malloc(len);
    t0 = bench_now();
    /* a layout with Freivalds-checked products has late columns: zki_nn_late fills them */
    zki_late_fn late = zki_nn_has_late(nn) ? zki_nn_late_fn : NULL;
    int ok = proof && zki_prove_late(&pk, adv, late, nn, pub, proof, len, bench_rng, NULL, 0, 0) == ZKI_OK;
    REC("prove_ms", "prove, all cores (ms)", (bench_now() - t0) * 1e3);
    if (with_rss) REC("peak_rss_mib", "peak RSS so far (MiB)", peak_mib());
    t0 = bench_now();
    ok = ok && zki_prove_late(&pk, adv, late, nn, pub, proof, len, bench_rng, NULL, 1, 0) == ZKI_OK;
    REC("prove_1t_ms", "prove, one thread (ms)", (bench_now() - t0) * 1e3);
    t0 = bench_now();
    ok = ok && zki_verify(&pk.vk, pub, np, proof, len) == ZKI_OK;
    REC("verify_ms", "full verify (ms)", (bench_now() - t0) * 1e3);
    if (!ok) REC("FAILED", "proof failed", 1);
    REC("proof_bytes", "proof size (bytes)", (double)len);
    REC("vk_bytes", "VK size (bytes)", (double)vlen);
#undef REC
    free(proof);
    zki_pk_free(&pk);
    zki_srs_free(&srs);
    free(adv);
    free(pub);
    zki_cs_free(&cs);
    zki_nn_free(nn);
    zki_model_result_free(&res);
    return !ok;
}

BENCH(mnist) {
    zki_graph g;
    float *in;
    size_t n_in = 0; /* 0: any count */
    if (zki_onnx_load(&g, "examples/mnist/model.onnx") != ZKI_OK ||
        zki_input_json_read("examples/mnist/input.json", &in, &n_in) != ZKI_OK) {
        bench_record("mnist_FAILED", "MNIST: cannot read the example (run from the repository root)", 1);
        return;
    }
    zki_model_settings s = {7, 12, 16, 0, 1, 0, 0, 0, 0};
    prove_one("mnist", "MNIST", &g, in, &s, 1);
    /* the layouts `zkinfer optimize` has picked for this model on the 2-core machine:
     * 12 multiply-accumulates per row (14 advice columns, still 2^15 rows) before
     * Freivalds-checked products existed, and width 4 with them (8 advice columns, 2^15
     * rows instead of 2^17 without them); peak RSS is not separable from the first run in
     * one process */
    zki_model_settings s12 = s;
    s12.width = 12;
    prove_one("mnist_w12", "MNIST width 12", &g, in, &s12, 0);
    /* the same with the convolutions as Freivalds-checked products (settings.freivalds) */
    zki_model_settings s12f = s12;
    s12f.freivalds = 1;
    prove_one("mnist_w12_frei", "MNIST width 12, Freivalds convolutions", &g, in, &s12f, 0);
    zki_model_settings s4f = s12f;
    s4f.width = 4;
    prove_one("mnist_w4_frei", "MNIST width 4, Freivalds convolutions", &g, in, &s4f, 0);
    /* optimize's time pick with settings.max4 as a candidate: width 8, both gadgets
     * (12 advice columns, 15,466 rows: 2^14) */
    zki_model_settings s8fm = s4f;
    s8fm.width = 8;
    s8fm.max4 = 1;
    prove_one("mnist_w8_frei_max4", "MNIST width 8, Freivalds convolutions, max4 pools", &g, in, &s8fm, 0);

    /* accuracy on the held-out digits */
    zki_mnist_set set;
    if (zki_mnist_set_read(&set, "examples/mnist/heldout.bin") == ZKI_OK) {
        unsigned cq = 0, cf = 0;
        float img[784], out[10];
        for (unsigned k = 0; k < set.n; k++) {
            for (int i = 0; i < 784; i++) img[i] = (float)set.pixels[(size_t)k * 784 + i] / 255.0f;
            zki_nn *nk;
            zki_model_result r;
            if (zki_model_build(&nk, &r, &g, &s, img) != ZKI_OK) break;
            unsigned bq = 0, bf = 0;
            for (unsigned i = 1; i < r.n_out; i++) bq = r.out_q[i] > r.out_q[bq] ? i : bq;
            zki_nn_free(nk);
            zki_model_result_free(&r);
            if (zki_infer_float(&g, img, out) != ZKI_OK) break;
            for (unsigned i = 1; i < 10; i++) bf = out[i] > out[bf] ? i : bf;
            cq += bq == set.labels[k];
            cf += bf == set.labels[k];
        }
        bench_record("mnist_heldout_digits", "MNIST held-out digits", set.n);
        bench_record("mnist_float_accuracy_pct", "MNIST float accuracy (%)", 100.0 * cf / set.n);
        bench_record("mnist_quant_accuracy_pct", "MNIST quantized circuit accuracy (%)", 100.0 * cq / set.n);
        zki_mnist_set_free(&set);
    }
    free(in);
    zki_graph_free(&g);
}
