/* The codegen subcommands of zkinfer (exit codes: the table in prover/cli/cli_util.h;
 * an output is written whole or not at all, through zki_file_write).
 *
 *   zkinfer create-evm-verifier --vk vk.bin -o Verifier.sol [--name NAME]
 *                               [--separate-vk] [--debug-phases] [--loops]
 *   zkinfer encode-calldata (--proof proof.bin [--public public.bin] | --proof proof.json)
 *                           [--vk vk.bin] -o calldata.hex [--json args.json]
 *
 * proof.json (written by hand or by later `zkinfer prove`):
 *   {"proof": "0x<proof bytes>", "instances": ["0x<32-byte word>", ...]}
 * args.json (for ethers/web3): {"signature", "proof", "instances", "calldata"}.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "artifacts.h"
#include "cli_util.h"
#include "prove.h"
#include "zkcg.h"

enum { EXIT_USAGE = ZKI_EX_USAGE, EXIT_INPUT = ZKI_EX_INPUT, EXIT_INTERNAL = ZKI_EX_INTERNAL };

static int usage(const char *msg) {
    if (msg) fprintf(stderr, "zkinfer: %s\n", msg);
    fprintf(stderr,
            "usage:\n"
            "  zkinfer create-evm-verifier --vk FILE -o FILE.sol [--name NAME] [--separate-vk] [--debug-phases] [--loops]\n"
            "  zkinfer encode-calldata --proof FILE [--public FILE] [--vk FILE] -o FILE.hex [--json FILE]\n");
    return EXIT_USAGE;
}

static uint8_t *slurp(const char *path, size_t max, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "zkinfer: %s: cannot open: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        if (cap >= max) {
            fprintf(stderr, "zkinfer: %s: file too large (over %zu bytes)\n", path, max);
            free(buf);
            buf = NULL;
            break;
        }
        uint8_t *nb = realloc(buf, 2 * cap + 1);
        if (!nb) free(buf);
        buf = nb;
        cap *= 2;
    }
    fclose(f);
    if (buf) {
        buf[n] = 0;
        *len = n;
    }
    return buf;
}

/* Returns: 1 after writing the file whole (temporary file, fsync, rename). */
static int spill(const char *path, const void *buf, size_t len) { return zki_file_write(path, buf, len) == ZKI_OK; }

/* Returns: 0 with *vk decoded, else the exit code after the error line. */
static int load_vk(zki_vk *vk, const char *cmd, const char *path) {
    int rc = zki_cli_check_file(cmd, path, ZKI_KIND_VK);
    if (rc) return rc;
    size_t len = 0;
    uint8_t *b = slurp(path, (size_t)1 << 30, &len);
    if (!b) return ZKI_EX_NOFILE;
    zki_status st = zki_vk_decode(vk, b, len);
    free(b);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer: %s: not a valid verifying key: %s\n", path, zki_status_str(st));
        return zki_cli_exit_for(st);
    }
    return 0;
}

int zkcg_cmd_create_evm_verifier(int argc, char **argv) {
    const char *vk_path = NULL, *out = NULL;
    zkcg_options opt = {NULL, 0, 0, 0};
    for (int i = 0; i < argc; i++) {
        int has = i + 1 < argc;
        if (!strcmp(argv[i], "--vk") && has) vk_path = argv[++i];
        else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && has) out = argv[++i];
        else if (!strcmp(argv[i], "--name") && has) opt.contract_name = argv[++i];
        else if (!strcmp(argv[i], "--separate-vk")) opt.separate_vk = 1;
        else if (!strcmp(argv[i], "--debug-phases")) opt.debug_phases = 1;
        else if (!strcmp(argv[i], "--loops")) opt.loops = 1;
        else {
            char msg[160];
            snprintf(msg, sizeof msg, "create-evm-verifier: unknown or incomplete option '%s'", argv[i]);
            return usage(msg);
        }
    }
    if (!vk_path || !out) return usage("create-evm-verifier: needs --vk FILE and -o FILE");
    if (opt.contract_name) {
        const char *c = opt.contract_name;
        int ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || *c == '_';
        for (; *c && ok; c++) ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
        if (!ok || strlen(opt.contract_name) > 64) return usage("--name must be a Solidity identifier");
    }
    zki_vk vk;
    int rc = load_vk(&vk, "create-evm-verifier", vk_path);
    if (rc) return rc;
    char *sol = NULL;
    zki_status st = zkcg_generate_solidity(&sol, &vk, &opt);
    zki_vk_free(&vk);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer: create-evm-verifier: %s\n", zki_status_str(st));
        return st == ZKI_ERR_NOMEM ? EXIT_INTERNAL : EXIT_INPUT;
    }
    int ok = spill(out, sol, strlen(sol));
    free(sol);
    if (!ok) {
        fprintf(stderr, "zkinfer: %s: cannot write: %s\n", out, strerror(errno));
        return EXIT_INTERNAL;
    }
    return 0;
}

/* Decodes "0x" + hex into at most cap bytes, right-aligned in a field of `width` bytes
 * when width > 0 (a word), else exactly the bytes given. Returns the length or -1. */
static long unhex(const char *s, uint8_t *out, size_t cap, size_t width) {
    if (!s || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return -1;
    s += 2;
    size_t nd = strlen(s);
    if (width) {
        if (nd == 0 || nd > 2 * width) return -1;
    } else if (nd % 2 || nd / 2 > cap)
        return -1;
    size_t nb = width ? width : nd / 2;
    memset(out, 0, nb);
    for (size_t i = 0; i < nd; i++) {
        char c = s[nd - 1 - i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0) return -1;
        out[nb - 1 - i / 2] |= (uint8_t)(i % 2 ? v << 4 : v);
    }
    return (long)nb;
}

static void put_hex(FILE *f, const uint8_t *b, size_t n) {
    fputs("0x", f);
    for (size_t i = 0; i < n; i++) fprintf(f, "%02x", b[i]);
}

/* Reads proof.json. Returns: 0 with malloc'd proof and instance words, else the exit code. */
static int read_proof_json(const char *path, uint8_t **proof, size_t *plen, uint8_t **pub, size_t *npub) {
    size_t len = 0;
    uint8_t *txt = slurp(path, (size_t)1 << 28, &len);
    if (!txt) return ZKI_EX_NOFILE;
    json_object *root = json_tokener_parse((const char *)txt), *jp = NULL, *ji = NULL;
    free(txt);
    int ok = root && json_object_object_get_ex(root, "proof", &jp) && json_object_is_type(jp, json_type_string) &&
             json_object_object_get_ex(root, "instances", &ji) && json_object_is_type(ji, json_type_array);
    if (!ok) {
        fprintf(stderr, "zkinfer: %s: expected {\"proof\": \"0x...\", \"instances\": [\"0x...\", ...]}\n", path);
        json_object_put(root);
        return ZKI_EX_MALFORMED;
    }
    const char *ps = json_object_get_string(jp);
    size_t cap = strlen(ps) / 2 + 1, ni = json_object_array_length(ji);
    *proof = malloc(cap);
    *pub = malloc(32 * ni + 1);
    if (!*proof || !*pub) {
        json_object_put(root);
        return ZKI_EX_INTERNAL;
    }
    long n = unhex(ps, *proof, cap, 0);
    if (n < 0) {
        fprintf(stderr, "zkinfer: %s: \"proof\" is not 0x-prefixed hex bytes\n", path);
        ok = 0;
    }
    *plen = n < 0 ? 0 : (size_t)n;
    for (size_t i = 0; ok && i < ni; i++) {
        json_object *e = json_object_array_get_idx(ji, i);
        if (!json_object_is_type(e, json_type_string) || unhex(json_object_get_string(e), *pub + 32 * i, 32, 32) < 0) {
            fprintf(stderr, "zkinfer: %s: instances[%zu] is not a 0x-prefixed hex word\n", path, i);
            ok = 0;
        }
    }
    *npub = ni;
    json_object_put(root);
    return ok ? 0 : ZKI_EX_MALFORMED;
}

int zkcg_cmd_encode_calldata(int argc, char **argv) {
    const char *proof_path = NULL, *pub_path = NULL, *vk_path = NULL, *out = NULL, *json_path = NULL;
    for (int i = 0; i < argc; i++) {
        int has = i + 1 < argc;
        if (!strcmp(argv[i], "--proof") && has) proof_path = argv[++i];
        else if (!strcmp(argv[i], "--public") && has) pub_path = argv[++i];
        else if (!strcmp(argv[i], "--vk") && has) vk_path = argv[++i];
        else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && has) out = argv[++i];
        else if (!strcmp(argv[i], "--json") && has) json_path = argv[++i];
        else {
            char msg[160];
            snprintf(msg, sizeof msg, "encode-calldata: unknown or incomplete option '%s'", argv[i]);
            return usage(msg);
        }
    }
    if (!proof_path || (!out && !json_path)) return usage("encode-calldata: needs --proof FILE and -o FILE (or --json FILE)");
    size_t plen = 0, npub = 0, l = strlen(proof_path);
    uint8_t *proof = NULL, *pub = NULL, *cd = NULL;
    int rc = EXIT_INPUT;
    if (l >= 5 && !strcmp(proof_path + l - 5, ".json")) {
        if (pub_path) {
            fprintf(stderr, "zkinfer: encode-calldata: %s carries the instances; drop --public\n", proof_path);
            return EXIT_USAGE;
        }
        if ((rc = zki_cli_check_file("encode-calldata", proof_path, ZKI_KIND_PROOF_JSON)) != 0) goto out;
        if ((rc = read_proof_json(proof_path, &proof, &plen, &pub, &npub)) != 0) goto out;
        rc = EXIT_INPUT;
    } else {
        /* an empty public.bin is a circuit without public inputs, not a damaged file */
        struct stat sb;
        int pub_empty = pub_path && stat(pub_path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0;
        if ((rc = zki_cli_check_file("encode-calldata", proof_path, ZKI_KIND_UNKNOWN)) != 0 ||
            (pub_path && !pub_empty && (rc = zki_cli_check_file("encode-calldata", pub_path, ZKI_KIND_UNKNOWN)) != 0))
            goto out;
        rc = ZKI_EX_NOFILE;
        if (!(proof = slurp(proof_path, (size_t)1 << 26, &plen))) goto out;
        size_t publen = 0;
        if (pub_path && !(pub = slurp(pub_path, (size_t)1 << 26, &publen))) goto out;
        rc = EXIT_INPUT;
        if (publen % 32) {
            fprintf(stderr, "zkinfer: %s: length %zu is not a multiple of 32\n", pub_path, publen);
            rc = ZKI_EX_MALFORMED;
            goto out;
        }
        npub = publen / 32;
    }
    /* every instance is a canonical scalar: the contract would reject it anyway */
    for (size_t i = 0; i < npub; i++) {
        zki_fr x;
        if (zki_fr_from_bytes(&x, pub + 32 * i) != ZKI_OK) {
            fprintf(stderr, "zkinfer: encode-calldata: instance %zu is not below the scalar field order r\n", i);
            goto out;
        }
    }
    if (vk_path) {
        zki_vk vk;
        zkcg_layout lay;
        if ((rc = load_vk(&vk, "encode-calldata", vk_path)) != 0) goto out;
        zki_status st = zkcg_layout_init(&lay, &vk, 0);
        int v1 = zki_plonk_is_v1_proof_size(&vk.L, &vk.cs, plen);
        const char *label = zki_plonk_label(&vk.L); /* a string constant: outlives vk */
        zki_vk_free(&vk);
        if (st != ZKI_OK) {
            fprintf(stderr, "zkinfer: %s: %s\n", vk_path, zki_status_str(st));
            rc = zki_cli_exit_for(st);
            goto out;
        }
        if (v1 && npub == lay.n_public) {
            fprintf(stderr, "zkinfer: encode-calldata: %s is a proof of the older zkinfer-plonk-v1 (%zu bytes; %s proofs for %s have %zu): prove it again\n",
                    proof_path, plen, label, vk_path, lay.proof_len);
            rc = ZKI_EX_TYPE;
            goto out;
        }
        if (plen != lay.proof_len || npub != lay.n_public) {
            fprintf(stderr, "zkinfer: encode-calldata: %s takes a %zu-byte proof and %u instances, got %zu and %zu\n",
                    vk_path, lay.proof_len, lay.n_public, plen, npub);
            rc = ZKI_EX_MALFORMED; /* as verify-raw: a proof that does not fit the VK is malformed */
            goto out;
        }
    }
    size_t cl = zkcg_calldata_size(plen, npub);
    rc = EXIT_INTERNAL;
    if (!(cd = malloc(cl))) goto out;
    zkcg_encode_calldata(cd, proof, plen, pub, npub);
    if (out) {
        char *txt = NULL;
        size_t tl = 0;
        FILE *f = open_memstream(&txt, &tl);
        if (!f) goto out;
        put_hex(f, cd, cl);
        fputc('\n', f);
        fclose(f);
        int ok = spill(out, txt, tl);
        free(txt);
        if (!ok) {
            fprintf(stderr, "zkinfer: %s: cannot write: %s\n", out, strerror(errno));
            goto out;
        }
    }
    if (json_path) {
        char *txt = NULL;
        size_t tl = 0;
        FILE *f = open_memstream(&txt, &tl);
        if (!f) goto out;
        fputs("{\n  \"signature\": \"" ZKCG_SIGNATURE "\",\n  \"proof\": \"", f);
        put_hex(f, proof, plen);
        fputs("\",\n  \"instances\": [", f);
        for (size_t i = 0; i < npub; i++) {
            fputs(i ? ", \"" : "\"", f);
            put_hex(f, pub + 32 * i, 32);
            fputc('"', f);
        }
        fputs("],\n  \"calldata\": \"", f);
        put_hex(f, cd, cl);
        fputs("\"\n}\n", f);
        fclose(f);
        int ok = spill(json_path, txt, tl);
        free(txt);
        if (!ok) {
            fprintf(stderr, "zkinfer: %s: cannot write: %s\n", json_path, strerror(errno));
            goto out;
        }
    }
    rc = 0;
out:
    free(proof);
    free(pub);
    free(cd);
    return rc;
}
