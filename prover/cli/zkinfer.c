/* zkinfer: the command-line tool. One subcommand per step of the flow; each prints one
 * clear line on error, naming the file and the problem, and exits with the code of its
 * class (the table in cli_util.h and README "Exit codes"): 0 success, 1 proof rejected,
 * 2 usage, 3 bad input values, 4 internal, 5 missing file, 6 malformed file, 7 wrong kind
 * of file or version, 8 files that do not belong together, 9 over a resource limit.
 *
 *   zkinfer srs --dev --logrows K [--seed TEXT] -o srs.bin   INSECURE development SRS
 *   zkinfer srs --ptau FILE [--logrows K] -o srs.bin        import a snarkjs .ptau file
 *   zkinfer srs-info srs.bin                               validate and describe an SRS
 *   zkinfer example --logrows K [--variant V] [--shplonk P] [--seed N] [--srs FILE] -o DIR
 *                                   keygen + prove the built-in example circuit (with
 *                                   --shplonk, the SHPLONK opening, packs of at most P): writes
 *                                   DIR/vk.bin, DIR/vk.json, DIR/proof.bin, DIR/public.bin
 *   zkinfer verify-raw --vk FILE --proof FILE [--public FILE]
 *                                   check a binary proof (public inputs: 32-byte words)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <time.h>

#include "artifacts.h"
#include "cli_util.h"
#include "cmd_attest.h"
#include "cmd_calibrate.h"
#include "cmd_estimate.h"
#include "cmd_model.h"
#include "example.h"
#include "prove.h"
#include "ptau.h"
#include "srs.h"
#include "zkcg.h"

static int usage(const char *msg) {
    if (msg) fprintf(stderr, "zkinfer: %s\n", msg);
    fprintf(stderr,
            "usage:\n"
            "  zkinfer srs --dev --logrows K [--seed TEXT] -o FILE   INSECURE development SRS (2^K powers)\n"
            "  zkinfer srs --ptau FILE [--logrows K] -o FILE         import a snarkjs powers-of-tau file\n"
            "  zkinfer srs-info FILE                                 validate an SRS file and describe it\n"
            "model flow (README \"Model flow\"):\n"
            "  zkinfer gen-settings -M model.onnx [-o settings.json] [--scale S] [--width W] [--act-bits B]\n"
            "                       [--input-visibility public|private] [--output-visibility public|private]\n"
            "                       [--freivalds on|off]   (Convs as Freivalds-checked products where fewer rows)\n"
            "                       [--max4 on|off]        (maxima of 3+ values on four-input max rows)\n"
            "                       [--shplonk P|off]      (SHPLONK opening, packs of P: cheaper EVM verifier)\n"
            "  zkinfer compile -M model.onnx -S settings.json [-o model.zkc]\n"
            "  zkinfer setup -C model.zkc --srs srs.bin [--pk pk.bin] [--vk vk.bin] [--max-memory 2G]\n"
            "  zkinfer witness -C model.zkc -D input.json [-o witness.json]\n"
            "  zkinfer prove -C model.zkc --pk pk.bin -D input.json [-o proof.json] [--quiet] [--max-memory 2G]\n"
            "  zkinfer verify --vk vk.bin --proof proof.json       exit 0 accept, 1 reject\n"
            "  zkinfer table -M model.onnx [-S settings.json] [-D input.json]   rows, scales, shapes per node\n"
            "  zkinfer calibrate -M model.onnx -D samples.json -S settings.json [--target accuracy|resources]\n"
            "                    [--scales LO:HI] [--max-act-bits B] [--width W] [--report FILE]\n"
            "  zkinfer estimate -C model.zkc | -M model.onnx -S settings.json [--json] [--cost-model FILE]\n"
            "                   sizes, memory, time, gas and bytecode before any key is made\n"
            "  zkinfer optimize -M model.onnx -S settings.json [--objective time|size|gas] [-o FILE]\n"
            "                   [--max-gas G]  (only layouts whose EVM verifier costs at most G execution gas)\n"
            "                   layout optimizer: tries every width (and for size/gas the SHPLONK opening),\n"
            "                   writes the cheapest into the settings\n"
            "  zkinfer cost-model [--cost-model FILE] [--refresh] [--sizes LO:HI]   this machine's cost model\n"
            "circuits and proofs:\n"
            "  zkinfer example --logrows K [--variant V] [--shplonk P] [--seed N] [--srs FILE] -o DIR\n"
            "                                  prove the built-in example circuit into DIR (--shplonk P:\n"
            "                                  the SHPLONK opening, zkinfer-plonk-v3, packs of at most P)\n"
            "  zkinfer verify-raw --vk FILE --proof FILE [--public FILE]\n"
            "                                  verify a binary proof: exit 0 accept, 1 reject, 3 bad input\n"
            "  zkinfer create-evm-verifier --vk FILE -o FILE.sol   Solidity verifier contract for a VK\n"
            "  zkinfer encode-calldata --proof FILE [--public FILE] [--vk FILE] -o FILE.hex [--json FILE]\n"
            "                                  ABI calldata of verifyProof(bytes,uint256[])\n"
            "attestations (EIP-712, secp256k1; docs/PROTOCOL.md section 8.3):\n"
            "  zkinfer attest keygen | sign | verify ...          see zkinfer attest --help\n");
    return ZKI_EX_USAGE;
}

/* An SRS reader's status as an exit code: its failed consistency check (ZKI_REJECT) is a
 * bad file, not a rejected proof. */
static int srs_exit(zki_status st) { return st == ZKI_REJECT ? ZKI_EX_MALFORMED : zki_cli_exit_for(st); }

static int parse_uint(const char *s, unsigned max, unsigned *out) {
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *s == 0 || *end != 0 || v > max) return 0;
    *out = (unsigned)v;
    return 1;
}

static int cmd_srs(int argc, char **argv) {
    int dev = 0;
    const char *ptau = NULL, *out = NULL, *seed = "zkinfer";
    unsigned logrows = 0;
    int have_logrows = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;
        if (!strcmp(a, "--dev")) dev = 1;
        else if (!strcmp(a, "--ptau") && has_val) ptau = argv[++i];
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && has_val) out = argv[++i];
        else if (!strcmp(a, "--seed") && has_val) seed = argv[++i];
        else if (!strcmp(a, "--logrows") && has_val) {
            if (!parse_uint(argv[++i], 28, &logrows) || logrows < 1) return usage("--logrows must be an integer from 1 to 28");
            have_logrows = 1;
        } else {
            char msg[160];
            snprintf(msg, sizeof msg, "srs: unknown or incomplete option '%s'", a);
            return usage(msg);
        }
    }
    if (dev == (ptau != NULL)) return usage("srs: give exactly one of --dev and --ptau");
    if (!out) return usage("srs: missing -o FILE");
    if (dev && !have_logrows) return usage("srs --dev: missing --logrows K");
    zki_srs srs;
    zki_status st;
    if (dev) {
        fprintf(stderr,
                "zkinfer: WARNING: development SRS. Its secret tau is derived from the seed '%s';\n"
                "zkinfer: anyone can recompute it and forge proofs. Never use it where others must trust a proof.\n",
                seed);
        st = zki_srs_dev(&srs, logrows, (const uint8_t *)seed, strlen(seed));
    } else {
        size_t max_n = have_logrows ? ((size_t)1 << logrows) + 1 : 0;
        int rc = zki_cli_check_file("srs", ptau, ZKI_KIND_PTAU);
        if (rc) return rc;
        st = zki_ptau_read(&srs, ptau, max_n);
        if (st != ZKI_OK) {
            fprintf(stderr, "zkinfer srs: %s: cannot import: %s\n", ptau, zki_status_str(st));
            return srs_exit(st);
        }
    }
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer: srs: %s\n", zki_status_str(st));
        return srs_exit(st);
    }
    st = zki_srs_write(&srs, out);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer srs: %s: cannot write: %s\n", out, st == ZKI_ERR_IO ? strerror(errno) : zki_status_str(st));
        zki_srs_free(&srs);
        return ZKI_EX_INTERNAL;
    }
    fprintf(stderr, "zkinfer: wrote %s: %zu G1 powers (circuits up to 2^%u rows)\n", out, srs.n_g1,
            srs.n_g1 > 2 ? zki_srs_log2_floor(srs.n_g1 - 1) : 0);
    zki_srs_free(&srs);
    return 0;
}

static int cmd_srs_info(int argc, char **argv) {
    if (argc != 1) return usage("srs-info: give one FILE");
    int rc = zki_cli_check_file("srs-info", argv[0], ZKI_KIND_SRS);
    if (rc) return rc;
    zki_srs srs;
    zki_status st = zki_srs_read(&srs, argv[0], 0);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer srs-info: %s: not a valid SRS file: %s\n", argv[0], zki_status_str(st));
        return srs_exit(st);
    }
    printf("{\"g1_powers\": %zu, \"max_logrows\": %u, \"source\": \"%s\"}\n", srs.n_g1,
           srs.n_g1 > 2 ? zki_srs_log2_floor(srs.n_g1 - 1) : 0,
           srs.source == ZKI_SRS_SOURCE_DEV ? "dev (INSECURE)" : "ptau");
    zki_srs_free(&srs);
    return 0;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmd_example(int argc, char **argv) {
    unsigned logrows = 0, variant = 0, shplonk = 0;
    unsigned long long seed = 1;
    const char *out = NULL, *srs_path = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;
        if (!strcmp(a, "--logrows") && has_val) {
            if (!parse_uint(argv[++i], 24, &logrows) || logrows < 4) return usage("--logrows must be an integer from 4 to 24");
        } else if (!strcmp(a, "--variant") && has_val) {
            if (!parse_uint(argv[++i], 2, &variant)) return usage("--variant must be 0, 1 or 2");
        } else if (!strcmp(a, "--shplonk") && has_val) {
            if (!parse_uint(argv[++i], ZKI_CS_MAX_PACK, &shplonk) || shplonk < 1)
                return usage("--shplonk must be an integer from 1 to 256 (the pack limit)");
        } else if (!strcmp(a, "--seed") && has_val) {
            char *end;
            seed = strtoull(argv[++i], &end, 10);
            if (*end) return usage("--seed must be an integer");
        } else if (!strcmp(a, "--srs") && has_val) srs_path = argv[++i];
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && has_val) out = argv[++i];
        else {
            char msg[160];
            snprintf(msg, sizeof msg, "example: unknown or incomplete option '%s'", a);
            return usage(msg);
        }
    }
    if (!logrows) return usage("example: missing --logrows K");
    if (!out) return usage("example: missing -o DIR");
    if (mkdir(out, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "zkinfer: %s: cannot create directory: %s\n", out, strerror(errno));
        return ZKI_EX_INTERNAL;
    }
    zki_cs cs;
    zki_fr *adv = NULL, pub[ZKI_EXAMPLE_PUBLIC];
    uint32_t npub[1];
    zki_srs srs;
    zki_pk pk;
    int rc = ZKI_EX_INTERNAL;
    zki_status st = zki_example_circuit(&cs, &adv, pub, npub, logrows, (int)variant, seed);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer: example: %s\n", zki_status_str(st));
        return ZKI_EX_INTERNAL;
    }
    size_t need = ((size_t)1 << logrows) + 1;
    if (shplonk) {
        /* the SHPLONK opening: the SRS must hold the packs and the whole quotient */
        zki_plonk_layout lay;
        if ((st = zki_cs_set_shplonk(&cs, shplonk)) == ZKI_OK) st = zki_plonk_layout_init(&lay, &cs, npub);
        if (st != ZKI_OK) {
            fprintf(stderr, "zkinfer: example: %s\n", zki_status_str(st));
            goto out_cs;
        }
        need = zki_plonk_srs_need(&lay);
        zki_plonk_layout_free(&lay);
    }
    if (srs_path) {
        rc = zki_cli_check_file("example", srs_path, ZKI_KIND_SRS);
        if (rc) goto out_cs;
        rc = ZKI_EX_INTERNAL;
        st = zki_srs_read(&srs, srs_path, need);
        if (st != ZKI_OK) {
            fprintf(stderr, "zkinfer example: %s: not a valid SRS file: %s\n", srs_path, zki_status_str(st));
            rc = srs_exit(st);
            goto out_cs;
        }
        if (srs.n_g1 < need) {
            fprintf(stderr, "zkinfer example: %s: has %zu G1 powers, 2^%u rows%s need %zu\n", srs_path, srs.n_g1, logrows,
                    shplonk ? " with --shplonk" : "", need);
            zki_srs_free(&srs);
            rc = ZKI_EX_MISMATCH;
            goto out_cs;
        }
    } else {
        fprintf(stderr, "zkinfer: WARNING: no --srs given: using an INSECURE development SRS\n");
        unsigned lg = logrows + 1;
        while (((size_t)1 << lg) < need) lg++;
        st = zki_srs_dev(&srs, lg, (const uint8_t *)"zkinfer", 7);
        if (st != ZKI_OK) {
            fprintf(stderr, "zkinfer: srs: %s\n", zki_status_str(st));
            goto out_cs;
        }
    }
    double t0 = now_s();
    st = zki_keygen(&pk, &cs, npub, &srs, 0);
    zki_srs_free(&srs);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer: keygen: %s\n", zki_status_str(st));
        goto out_cs;
    }
    double t1 = now_s();
    size_t plen = zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs), vlen = 0;
    uint8_t *proof = malloc(plen), pubb[32 * ZKI_EXAMPLE_PUBLIC];
    zki_vk_encode(&pk.vk, NULL, 0, &vlen);
    uint8_t *vk = malloc(vlen);
    char *json = zki_vk_to_json(&pk.vk);
    if (!proof || !vk || !json || zki_vk_encode(&pk.vk, vk, vlen, &vlen) != ZKI_OK) goto out_all;
    st = zki_prove_late(&pk, adv, variant == 2 ? zki_example_late : NULL, &pk.vk.cs, pub, proof, plen, NULL, NULL, 0, 0);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer: prove: %s\n", zki_status_str(st));
        goto out_all;
    }
    double t2 = now_s();
    for (int i = 0; i < ZKI_EXAMPLE_PUBLIC; i++) zki_fr_to_bytes(pubb + 32 * i, &pub[i]);
    char path[4096];
    const char *names[4] = {"vk.bin", "vk.json", "proof.bin", "public.bin"};
    const void *bufs[4] = {vk, json, proof, pubb};
    size_t lens[4] = {vlen, strlen(json), plen, sizeof pubb};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", out, names[i]);
        if (zki_file_write(path, bufs[i], lens[i]) != ZKI_OK) {
            fprintf(stderr, "zkinfer: %s\n", zki_model_last_error());
            goto out_all;
        }
    }
    printf("{\"rows\": %u, \"keygen_ms\": %.1f, \"prove_ms\": %.1f, \"proof_bytes\": %zu, \"vk_bytes\": %zu}\n",
           pk.vk.cs.n, (t1 - t0) * 1e3, (t2 - t1) * 1e3, plen, vlen);
    rc = 0;
out_all:
    free(proof);
    free(vk);
    free(json);
    zki_pk_free(&pk);
out_cs:
    free(adv);
    zki_cs_free(&cs);
    return rc;
}

static int cmd_verify_raw(int argc, char **argv) {
    const char *vk_path = NULL, *proof_path = NULL, *pub_path = NULL;
    for (int i = 0; i < argc; i++) {
        int has_val = i + 1 < argc;
        if (!strcmp(argv[i], "--vk") && has_val) vk_path = argv[++i];
        else if (!strcmp(argv[i], "--proof") && has_val) proof_path = argv[++i];
        else if (!strcmp(argv[i], "--public") && has_val) pub_path = argv[++i];
        else {
            char msg[160];
            snprintf(msg, sizeof msg, "verify-raw: unknown or incomplete option '%s'", argv[i]);
            return usage(msg);
        }
    }
    if (!vk_path || !proof_path) return usage("verify-raw: needs --vk FILE and --proof FILE");
    int rc = zki_cli_check_file("verify-raw", vk_path, ZKI_KIND_VK);
    if (!rc) rc = zki_cli_check_file("verify-raw", proof_path, ZKI_KIND_UNKNOWN);
    /* an empty public.bin is a circuit without public inputs (e.g. `zkinfer example`'s), not a damaged file */
    if (!rc && pub_path) rc = zki_cli_check_public("verify-raw", pub_path);
    if (rc) return rc;
    size_t vlen = 0, plen = 0, publen = 0;
    uint8_t *vkb = NULL, *pb = NULL, *pubb = NULL;
    zki_status st = zki_file_read(vk_path, (size_t)1 << 30, &vkb, &vlen);
    if (st != ZKI_OK) return zki_cli_fail("verify-raw", st, zki_model_last_error());
    zki_vk vk;
    st = zki_vk_decode(&vk, vkb, vlen);
    free(vkb);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer verify-raw: %s: not a valid verifying key: %s\n", vk_path, zki_status_str(st));
        return zki_cli_exit_for(st);
    }
    if ((st = zki_file_read(proof_path, (size_t)1 << 26, &pb, &plen)) != ZKI_OK ||
        (pub_path && (st = zki_file_read(pub_path, (size_t)1 << 26, &pubb, &publen)) != ZKI_OK)) {
        rc = zki_cli_fail("verify-raw", st, zki_model_last_error());
        goto out;
    }
    if (publen % 32) {
        fprintf(stderr, "zkinfer verify-raw: %s: length %zu is not a multiple of 32\n", pub_path, publen);
        rc = ZKI_EX_MALFORMED;
        goto out;
    }
    st = zki_verify_bytes(&vk, pubb, publen / 32, pb, plen);
    if (st == ZKI_ERR_SIZE && zki_plonk_is_v1_proof_size(&vk.L, &vk.cs, plen)) {
        fprintf(stderr,
                "zkinfer verify-raw: %s: a proof of the older proof system zkinfer-plonk-v1 (%zu bytes; this version "
                "verifies %s proofs of %zu bytes for this VK): prove it again\n",
                proof_path, plen, zki_plonk_label(&vk.L), zki_plonk_proof_size(&vk.L, &vk.cs));
        rc = ZKI_EX_TYPE;
        goto out;
    }
    if (st == ZKI_ERR_SIZE && publen / 32 == vk.L.n_public && zki_plonk_is_other_scheme_proof_size(&vk.L, &vk.cs, plen)) {
        fprintf(stderr,
                "zkinfer verify-raw: %s: %zu bytes, the size of a %s proof of this circuit; %s (VK version %d) verifies "
                "%s proofs of %zu bytes: prove it with the keys of this verifying key\n",
                proof_path, plen, vk.L.shplonk ? ZKI_PLONK_LABEL : ZKI_PLONK_LABEL_V3, vk_path,
                vk.L.shplonk ? 3 : vk.cs.n_advice_late ? 2 : 1, zki_plonk_label(&vk.L), zki_plonk_proof_size(&vk.L, &vk.cs));
        rc = ZKI_EX_TYPE;
        goto out;
    }
    if (st == ZKI_OK) {
        printf("accept\n");
        rc = 0;
    } else if (st == ZKI_REJECT) {
        printf("reject\n");
        rc = ZKI_EX_REJECT;
    } else {
        fprintf(stderr, "zkinfer verify-raw: %s: malformed proof or public inputs: %s\n", proof_path, zki_status_str(st));
        rc = zki_cli_exit_for(st);
    }
out:
    free(pb);
    free(pubb);
    zki_vk_free(&vk);
    return rc;
}

int main(int argc, char **argv) {
    if (argc < 2) return usage(NULL);
    if (!strcmp(argv[1], "srs")) return cmd_srs(argc - 2, argv + 2);
    if (!strcmp(argv[1], "srs-info")) return cmd_srs_info(argc - 2, argv + 2);
    if (!strcmp(argv[1], "example")) return cmd_example(argc - 2, argv + 2);
    if (!strcmp(argv[1], "gen-settings")) return zki_cmd_gen_settings(argc - 2, argv + 2);
    if (!strcmp(argv[1], "compile")) return zki_cmd_compile(argc - 2, argv + 2);
    if (!strcmp(argv[1], "setup")) return zki_cmd_setup(argc - 2, argv + 2);
    if (!strcmp(argv[1], "witness")) return zki_cmd_witness(argc - 2, argv + 2);
    if (!strcmp(argv[1], "prove")) return zki_cmd_prove(argc - 2, argv + 2);
    if (!strcmp(argv[1], "verify")) return zki_cmd_verify(argc - 2, argv + 2);
    if (!strcmp(argv[1], "table")) return zki_cmd_table(argc - 2, argv + 2);
    if (!strcmp(argv[1], "calibrate")) return zki_cmd_calibrate(argc - 2, argv + 2);
    if (!strcmp(argv[1], "estimate")) return zki_cmd_estimate(argc - 2, argv + 2);
    if (!strcmp(argv[1], "optimize")) return zki_cmd_optimize(argc - 2, argv + 2);
    if (!strcmp(argv[1], "cost-model")) return zki_cmd_cost_model(argc - 2, argv + 2);
    if (!strcmp(argv[1], "verify-raw")) return cmd_verify_raw(argc - 2, argv + 2);
    if (!strcmp(argv[1], "create-evm-verifier")) return zkcg_cmd_create_evm_verifier(argc - 2, argv + 2);
    if (!strcmp(argv[1], "encode-calldata")) return zkcg_cmd_encode_calldata(argc - 2, argv + 2);
    if (!strcmp(argv[1], "attest")) return zki_cmd_attest(argc - 2, argv + 2);
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(NULL);
        return 0;
    }
    char msg[128];
    snprintf(msg, sizeof msg, "unknown command '%s'", argv[1]);
    return usage(msg);
}
