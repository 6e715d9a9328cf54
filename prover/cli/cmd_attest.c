/* `zkinfer attest` (see cmd_attest.h). Parsing and JSON live here; the hashing and the
 * signatures are prover/attest's. */
#define _POSIX_C_SOURCE 200809L
#include "cmd_attest.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "artifacts.h"
#include "cli_util.h"
#include "gate_abi.h"
#include "graph.h"
#include "input_json.h"
#include "model.h"
#include "eip712.h"
#include "keccak.h"
#include "secp.h"

/* the CLI's exit-code table (cli_util.h) */
enum { EX_REJECT = ZKI_EX_REJECT, EX_USAGE = ZKI_EX_USAGE, EX_INPUT = ZKI_EX_INPUT, EX_INTERNAL = ZKI_EX_INTERNAL };

static int usage_err(const char *sub, const char *msg) {
    if (msg) fprintf(stderr, "zkinfer attest%s%s: %s\n", *sub ? " " : "", sub, msg);
    fprintf(stderr,
            "usage:\n"
            "  zkinfer attest keygen -o key.json\n"
            "  zkinfer attest sign --key key.json --chain-id N --contract 0x.. --borrower 0x..\n"
            "                      --input-hash 0x.. --vk-digest 0x.. --nonce N --expiry T -o att.json\n"
            "  zkinfer attest verify --att att.json --signer 0x..   exit 0 valid, 1 rejected\n"
            "  zkinfer attest input-hash -C model.zkc -D input.json  the hashed input (public input 0)\n"
            "  zkinfer attest calldata --proof proof.json --att att.json [-o calldata.hex]\n"
            "                      CreditGate.requestCredit calldata, ready to send\n");
    return EX_USAGE;
}

static int input_err(const char *sub, const char *fmt, const char *what) {
    fprintf(stderr, "zkinfer attest %s: ", sub);
    fprintf(stderr, fmt, what);
    fputc('\n', stderr);
    return EX_INPUT;
}

/* ---- values ---- */

static int nibble(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* 0x + exactly 2n hex digits -> n bytes */
static int parse_hex_exact(uint8_t *out, size_t n, const char *s) {
    if (!s || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || strlen(s + 2) != 2 * n) return 0;
    for (size_t i = 0; i < n; i++) {
        int hi = nibble(s[2 + 2 * i]), lo = nibble(s[3 + 2 * i]);
        if (hi < 0 || lo < 0) return 0;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 1;
}

/* EIP-55: the hex digits of the address, letters upper-cased where the matching nibble
 * of keccak256(lower-case hex) is >= 8. out: 43 chars "0x" + 40 + NUL. */
static void address_str(char out[43], const uint8_t a[20]) {
    static const char hx[] = "0123456789abcdef";
    char lower[40];
    uint8_t h[32];
    for (int i = 0; i < 20; i++) {
        lower[2 * i] = hx[a[i] >> 4];
        lower[2 * i + 1] = hx[a[i] & 15];
    }
    zki_keccak256(h, (const uint8_t *)lower, 40);
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < 40; i++) {
        unsigned nib = (h[i / 2] >> (i % 2 ? 0 : 4)) & 15;
        char c = lower[i];
        out[2 + i] = (c >= 'a' && nib >= 8) ? (char)(c - 'a' + 'A') : c;
    }
    out[42] = 0;
}

/* An address: 0x + 40 hex digits; a mixed-case one must carry a valid EIP-55 checksum. */
static int parse_address(uint8_t out[20], const char *s) {
    if (!parse_hex_exact(out, 20, s)) return 0;
    int upper = 0, lower = 0;
    for (const char *p = s + 2; *p; p++) {
        upper |= *p >= 'A' && *p <= 'F';
        lower |= *p >= 'a' && *p <= 'f';
    }
    if (!(upper && lower)) return 1;
    char want[43];
    address_str(want, out);
    return !strcmp(want + 2, s + 2);
}

/* uint256 from decimal digits or 0x + 1..64 hex digits -> 32 bytes big-endian */
static int parse_u256(uint8_t out[32], const char *s) {
    memset(out, 0, 32);
    if (!s || !*s) return 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        size_t n = strlen(s + 2);
        if (n == 0 || n > 64) return 0;
        for (size_t i = 0; i < n; i++) {
            int v = nibble(s[2 + n - 1 - i]);
            if (v < 0) return 0;
            out[31 - i / 2] |= (uint8_t)(v << (4 * (i % 2)));
        }
        return 1;
    }
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return 0;
        unsigned carry = (unsigned)(*p - '0');
        for (int i = 31; i >= 0; i--) {
            unsigned v = out[i] * 10u + carry;
            out[i] = (uint8_t)v;
            carry = v >> 8;
        }
        if (carry) return 0; /* >= 2^256 */
    }
    return 1;
}

/* 32 bytes big-endian -> decimal (at most 78 digits) */
static void u256_str(char out[80], const uint8_t in[32]) {
    uint8_t v[32];
    char rev[80];
    int n = 0;
    memcpy(v, in, 32);
    for (;;) {
        unsigned rem = 0, nonzero = 0;
        for (int i = 0; i < 32; i++) {
            unsigned cur = rem << 8 | v[i];
            v[i] = (uint8_t)(cur / 10);
            rem = cur % 10;
            nonzero |= v[i];
        }
        rev[n++] = (char)('0' + rem);
        if (!nonzero) break;
    }
    for (int i = 0; i < n; i++) out[i] = rev[n - 1 - i];
    out[n] = 0;
}

static void hex_str(char *out, const uint8_t *b, size_t n) {
    static const char hx[] = "0123456789abcdef";
    out[0] = '0';
    out[1] = 'x';
    for (size_t i = 0; i < n; i++) {
        out[2 + 2 * i] = hx[b[i] >> 4];
        out[3 + 2 * i] = hx[b[i] & 15];
    }
    out[2 + 2 * n] = 0;
}

/* ---- options: "--name value" pairs ---- */

typedef struct {
    const char *name;
    const char **val;
} opt;

static int parse_opts(const char *sub, int argc, char **argv, const opt *opts, int n) {
    for (int i = 0; i < argc; i++) {
        int hit = 0;
        for (int k = 0; k < n && !hit; k++) {
            if (strcmp(argv[i], opts[k].name)) continue;
            if (i + 1 >= argc) {
                char m[96];
                snprintf(m, sizeof m, "option %s needs a value", argv[i]);
                return usage_err(sub, m);
            }
            *opts[k].val = argv[++i];
            hit = 1;
        }
        if (!hit) {
            char m[160];
            snprintf(m, sizeof m, "unknown option '%s'", argv[i]);
            return usage_err(sub, m);
        }
    }
    for (int k = 0; k < n; k++)
        if (!*opts[k].val) {
            char m[96];
            snprintf(m, sizeof m, "missing %s", opts[k].name);
            return usage_err(sub, m);
        }
    return 0;
}

/* the exit code of the last read_json that returned NULL */
static int json_rc = EX_INPUT;

/* A JSON file's root object, or NULL with one error line and json_rc set: missing (5),
 * empty, not JSON or not an object (6), another zkinfer artifact than want (7). */
static json_object *read_json(const char *sub, const char *path, zki_file_kind want) {
    uint8_t *buf = NULL;
    size_t len = 0;
    char cmd[64];
    snprintf(cmd, sizeof cmd, "attest %s", sub);
    json_rc = zki_cli_check_file(cmd, path, want);
    if (json_rc) return NULL;
    json_rc = ZKI_EX_MALFORMED;
    if (zki_file_read(path, (size_t)1 << 20, &buf, &len) != ZKI_OK) {
        fprintf(stderr, "zkinfer attest %s: %s\n", sub, zki_model_last_error());
        json_rc = ZKI_EX_NOFILE;
        return NULL;
    }
    json_tokener *tok = json_tokener_new();
    json_object *o = tok ? json_tokener_parse_ex(tok, (const char *)buf, (int)len) : NULL;
    if (tok && json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(o);
        o = NULL;
    }
    json_tokener_free(tok);
    OPENSSL_cleanse(buf, len);
    free(buf);
    if (!o || !json_object_is_type(o, json_type_object)) {
        fprintf(stderr, "zkinfer attest %s: %s: not a JSON object\n", sub, path);
        json_object_put(o);
        return NULL;
    }
    return o;
}

static const char *json_str(json_object *o, const char *key) {
    json_object *v;
    if (!o || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string)) return NULL;
    return json_object_get_string(v);
}

/* ---- keygen ---- */

static int cmd_keygen(int argc, char **argv) {
    const char *out = NULL;
    opt opts[] = {{"-o", &out}};
    int rc = parse_opts("keygen", argc, argv, opts, 1);
    if (rc) return rc;
    uint8_t key[32], addr[20];
    zki_status st = zki_secp_keygen(key);
    if (st == ZKI_OK) st = zki_secp_address(addr, key);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer attest keygen: %s\n", zki_status_str(st));
        return EX_INTERNAL;
    }
    char a[43], k[67], text[256];
    address_str(a, addr);
    hex_str(k, key, 32);
    int n = snprintf(text, sizeof text, "{\n  \"address\": \"%s\",\n  \"secret_key\": \"%s\"\n}\n", a, k);
    OPENSSL_cleanse(key, sizeof key);
    OPENSSL_cleanse(k, sizeof k);
    /* only the owner may read a key; never overwrite one */
    int fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        OPENSSL_cleanse(text, sizeof text);
        fprintf(stderr, "zkinfer attest keygen: %s: cannot create: %s\n", out, strerror(errno));
        return errno == EEXIST ? EX_INPUT : EX_INTERNAL;
    }
    ssize_t w = write(fd, text, (size_t)n);
    OPENSSL_cleanse(text, sizeof text);
    if (close(fd) != 0 || w != n) {
        fprintf(stderr, "zkinfer attest keygen: %s: cannot write\n", out);
        return EX_INTERNAL;
    }
    printf("%s\n", a);
    return 0;
}

/* ---- sign ---- */

static int cmd_sign(int argc, char **argv) {
    const char *key_path = NULL, *chain = NULL, *contract = NULL, *borrower = NULL, *input_hash = NULL, *vk_digest = NULL,
               *nonce = NULL, *expiry = NULL, *out = NULL;
    opt opts[] = {{"--key", &key_path},         {"--chain-id", &chain},       {"--contract", &contract},
                  {"--borrower", &borrower},    {"--input-hash", &input_hash}, {"--vk-digest", &vk_digest},
                  {"--nonce", &nonce},          {"--expiry", &expiry},         {"-o", &out}};
    int rc = parse_opts("sign", argc, argv, opts, 9);
    if (rc) return rc;
    zki_attest_domain d;
    zki_attestation a;
    if (!parse_u256(d.chain_id, chain)) return input_err("sign", "--chain-id '%s': not a uint256 (decimal or 0x hex)", chain);
    if (!parse_address(d.verifying_contract, contract))
        return input_err("sign", "--contract '%s': not an address (0x + 40 hex digits, valid EIP-55 checksum if mixed case)", contract);
    if (!parse_address(a.borrower, borrower))
        return input_err("sign", "--borrower '%s': not an address (0x + 40 hex digits, valid EIP-55 checksum if mixed case)", borrower);
    if (!parse_hex_exact(a.input_hash, 32, input_hash)) return input_err("sign", "--input-hash '%s': not 0x + 64 hex digits", input_hash);
    if (!parse_hex_exact(a.vk_digest, 32, vk_digest)) return input_err("sign", "--vk-digest '%s': not 0x + 64 hex digits", vk_digest);
    if (!parse_u256(a.nonce, nonce)) return input_err("sign", "--nonce '%s': not a uint256 (decimal or 0x hex)", nonce);
    if (!parse_u256(a.expiry, expiry)) return input_err("sign", "--expiry '%s': not a uint256 (decimal or 0x hex)", expiry);

    json_object *kj = read_json("sign", key_path, ZKI_KIND_UNKNOWN);
    if (!kj) return json_rc;
    uint8_t key[32], signer[20];
    int key_ok = parse_hex_exact(key, 32, json_str(kj, "secret_key"));
    json_object_put(kj);
    if (!key_ok) return input_err("sign", "%s: no \"secret_key\" of 0x + 64 hex digits", key_path);
    if (zki_secp_address(signer, key) != ZKI_OK) {
        OPENSSL_cleanse(key, sizeof key);
        return input_err("sign", "%s: the secret key is not in [1, n)", key_path);
    }
    uint8_t digest[32], sig[65];
    zki_attest_digest(digest, &d, &a);
    zki_status st = zki_secp_sign(sig, digest, key);
    OPENSSL_cleanse(key, sizeof key);
    if (st != ZKI_OK) {
        fprintf(stderr, "zkinfer attest sign: %s\n", zki_status_str(st));
        return EX_INTERNAL;
    }
    char s_chain[80], s_contract[43], s_borrower[43], s_in[67], s_vk[67], s_nonce[80], s_exp[80], s_dig[67], s_signer[43],
        s_sig[133], text[2048];
    u256_str(s_chain, d.chain_id);
    address_str(s_contract, d.verifying_contract);
    address_str(s_borrower, a.borrower);
    hex_str(s_in, a.input_hash, 32);
    hex_str(s_vk, a.vk_digest, 32);
    u256_str(s_nonce, a.nonce);
    u256_str(s_exp, a.expiry);
    hex_str(s_dig, digest, 32);
    address_str(s_signer, signer);
    hex_str(s_sig, sig, 65);
    int n = snprintf(text, sizeof text,
                     "{\n"
                     "  \"domain\": {\"name\": \"%s\", \"version\": \"%s\", \"chainId\": \"%s\", \"verifyingContract\": \"%s\"},\n"
                     "  \"message\": {\"borrower\": \"%s\", \"inputHash\": \"%s\", \"vkDigest\": \"%s\", \"nonce\": \"%s\", \"expiry\": \"%s\"},\n"
                     "  \"digest\": \"%s\",\n"
                     "  \"signer\": \"%s\",\n"
                     "  \"signature\": \"%s\"\n"
                     "}\n",
                     ZKI_ATTEST_DOMAIN_NAME, ZKI_ATTEST_DOMAIN_VERSION, s_chain, s_contract, s_borrower, s_in, s_vk, s_nonce,
                     s_exp, s_dig, s_signer, s_sig);
    if (zki_file_write(out, text, (size_t)n) != ZKI_OK) {
        fprintf(stderr, "zkinfer attest sign: %s\n", zki_model_last_error());
        return EX_INTERNAL;
    }
    printf("%s\n", s_sig);
    return 0;
}

/* ---- verify ---- */

/* Reads att.json (as `attest sign` writes it): domain, message, signature, and checks a
 * stated "digest" against the recomputed one. Returns: 0, or EX_INPUT after one error line. */
static int read_att(const char *sub, const char *att_path, zki_attest_domain *d, zki_attestation *a, uint8_t sig[65],
                    uint8_t digest[32]) {
    json_object *o = read_json(sub, att_path, ZKI_KIND_UNKNOWN), *dom = NULL, *msg = NULL;
    if (!o) return json_rc;
    int rc = EX_INPUT;
    uint8_t stated[32];
    const char *f;
    json_object_object_get_ex(o, "domain", &dom);
    json_object_object_get_ex(o, "message", &msg);
    if (!json_object_is_type(dom, json_type_object) || !json_object_is_type(msg, json_type_object)) {
        input_err(sub, "%s: needs \"domain\" and \"message\" objects", att_path);
        goto out;
    }
#define FIELD(obj, key, parse)                                                                           \
    if (!(f = json_str(obj, key)) || !(parse)) {                                                         \
        fprintf(stderr, "zkinfer attest %s: %s: missing or malformed \"%s\"\n", sub, att_path, key);    \
        goto out;                                                                                        \
    }
    FIELD(dom, "name", !strcmp(f, ZKI_ATTEST_DOMAIN_NAME))
    FIELD(dom, "version", !strcmp(f, ZKI_ATTEST_DOMAIN_VERSION))
    FIELD(dom, "chainId", parse_u256(d->chain_id, f))
    FIELD(dom, "verifyingContract", parse_address(d->verifying_contract, f))
    FIELD(msg, "borrower", parse_address(a->borrower, f))
    FIELD(msg, "inputHash", parse_hex_exact(a->input_hash, 32, f))
    FIELD(msg, "vkDigest", parse_hex_exact(a->vk_digest, 32, f))
    FIELD(msg, "nonce", parse_u256(a->nonce, f))
    FIELD(msg, "expiry", parse_u256(a->expiry, f))
    FIELD(o, "signature", parse_hex_exact(sig, 65, f))
#undef FIELD
    zki_attest_digest(digest, d, a);
    if ((f = json_str(o, "digest")) && (!parse_hex_exact(stated, 32, f) || memcmp(stated, digest, 32))) {
        input_err(sub, "%s: \"digest\" is not the EIP-712 digest of its domain and message", att_path);
        goto out;
    }
    rc = 0;
out:
    json_object_put(o);
    return rc;
}

static int cmd_verify(int argc, char **argv) {
    const char *att_path = NULL, *signer_s = NULL;
    opt opts[] = {{"--att", &att_path}, {"--signer", &signer_s}};
    int rc = parse_opts("verify", argc, argv, opts, 2);
    if (rc) return rc;
    uint8_t want[20];
    if (!parse_address(want, signer_s))
        return input_err("verify", "--signer '%s': not an address (0x + 40 hex digits, valid EIP-55 checksum if mixed case)", signer_s);
    zki_attest_domain d;
    zki_attestation a;
    uint8_t sig[65], digest[32], got[20];
    if ((rc = read_att("verify", att_path, &d, &a, sig, digest)) != 0) return rc;
    zki_status st = zki_secp_recover(got, digest, sig);
    if (st == ZKI_ERR_ENCODING || st == ZKI_ERR_NONCANONICAL) {
        fprintf(stderr, "zkinfer attest verify: %s: malformed signature (%s; v must be 27 or 28, 0 < r, s < n, s <= n/2)\n",
                att_path, st == ZKI_ERR_ENCODING ? "bad v" : "r or s out of range, or high s");
        return EX_INPUT;
    }
    if (st == ZKI_ERR_NOMEM) return EX_INTERNAL;
    char g[43], w[43];
    address_str(w, want);
    if (st == ZKI_REJECT) {
        printf("reject: no public key recovers from the signature\n");
        return EX_REJECT;
    }
    if (memcmp(got, want, 20)) {
        address_str(g, got);
        printf("reject: signed by %s, not %s\n", g, w);
        return EX_REJECT;
    }
    printf("accept: signed by %s\n", w);
    return 0;
}

/* ---- input-hash: H(quantized input), as the circuit exposes it ---- */

static int cmd_input_hash(int argc, char **argv) {
    const char *zkc = NULL, *data = NULL;
    opt opts[] = {{"-C", &zkc}, {"-D", &data}};
    int rc = parse_opts("input-hash", argc, argv, opts, 2);
    if (rc) return rc;
    if ((rc = zki_cli_check_file("attest input-hash", zkc, ZKI_KIND_ZKC)) != 0 ||
        (rc = zki_cli_check_file("attest input-hash", data, ZKI_KIND_INPUT_JSON)) != 0)
        return rc;
    zki_settings_file sf;
    uint8_t *onnx = NULL;
    size_t len = 0, n_in = 0;
    float *in = NULL;
    zki_graph g;
    zki_nn *nn = NULL;
    zki_model_result res;
    zki_cs cs;
    zki_fr *adv = NULL, *pub = NULL;
    uint32_t npub = 0;
    int have_g = 0, have_res = 0, have_cs = 0;
    rc = EX_INPUT;
    memset(&res, 0, sizeof res);
    if (zki_zkc_read(zkc, &sf, &onnx, &len) != ZKI_OK) {
        fprintf(stderr, "zkinfer attest input-hash: %s\n", zki_model_last_error());
        goto out;
    }
    if (sf.s.input_vis != ZKI_VIS_HASHED) {
        input_err("input-hash", "%s: the model's input is not hashed (gen-settings --input-visibility hashed)", zkc);
        goto out;
    }
    if (zki_input_json_read(data, &in, &n_in) != ZKI_OK) {
        fprintf(stderr, "zkinfer attest input-hash: %s\n", zki_onnx_last_error());
        goto out;
    }
    if (zki_onnx_load_mem(&g, onnx, len) != ZKI_OK) {
        fprintf(stderr, "zkinfer attest input-hash: %s: model: %s\n", zkc, zki_onnx_last_error());
        goto out;
    }
    have_g = 1;
    if (n_in != zki_graph_input_size(&g)) {
        fprintf(stderr, "zkinfer attest input-hash: %s: input has %zu values, the model takes %zu\n", data, n_in,
                zki_graph_input_size(&g));
        goto out;
    }
    /* the circuit itself: its first public input is the hash (docs/PROTOCOL.md §8.2) */
    zki_status st = zki_model_build(&nn, &res, &g, &sf.s, in);
    have_res = st == ZKI_OK;
    if (st == ZKI_OK) {
        st = zki_nn_finish(nn, &cs, &adv, &pub, &npub);
        have_cs = st == ZKI_OK;
    }
    if (st != ZKI_OK || npub == 0) {
        fprintf(stderr, "zkinfer attest input-hash: %s: %s\n", data,
                st == ZKI_ERR_NOMEM ? "out of memory" : st != ZKI_OK ? zki_model_last_error() : "no public input");
        rc = st == ZKI_ERR_NOMEM ? EX_INTERNAL : EX_INPUT;
        goto out;
    }
    uint8_t h[32];
    char hs[67];
    zki_fr_to_bytes(h, &pub[0]);
    hex_str(hs, h, 32);
    printf("%s\n", hs);
    rc = 0;
out:
    if (have_cs) zki_cs_free(&cs);
    free(adv);
    free(pub);
    zki_nn_free(nn);
    if (have_res) zki_model_result_free(&res);
    if (have_g) zki_graph_free(&g);
    free(in);
    free(onnx);
    return rc;
}

/* ---- calldata: CreditGate.requestCredit(proof, publicInputs, att, signature) ---- */

/* 0x + an even number of hex digits -> malloc'd bytes. Returns: 1, or 0 when malformed. */
static int parse_hex_alloc(uint8_t **out, size_t *n, const char *s) {
    size_t l = s ? strlen(s) : 0;
    if (l < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || (l - 2) % 2) return 0;
    *n = (l - 2) / 2;
    *out = malloc(*n ? *n : 1);
    if (!*out || !parse_hex_exact(*out, *n, s)) {
        free(*out);
        *out = NULL;
        return 0;
    }
    return 1;
}

static int cmd_calldata(int argc, char **argv) {
    const char *proof_path = NULL, *att_path = NULL, *out_path = NULL;
    opt opts[] = {{"--proof", &proof_path}, {"--att", &att_path}, {"-o", &out_path}};
    /* -o is optional: fill it with a placeholder for parse_opts' "missing" check */
    int has_o = 0;
    for (int i = 0; i < argc; i++) has_o |= !strcmp(argv[i], "-o");
    int rc = parse_opts("calldata", argc, argv, opts, has_o ? 3 : 2);
    if (rc) return rc;
    zki_attest_domain d;
    zki_attestation a;
    uint8_t sig[65], digest[32], vk[32];
    if ((rc = read_att("calldata", att_path, &d, &a, sig, digest)) != 0) return rc;
    json_object *o = read_json("calldata", proof_path, ZKI_KIND_PROOF_JSON), *arr = NULL;
    if (!o) return json_rc;
    uint8_t *proof = NULL, *pub = NULL, *cd = NULL;
    char *hex = NULL;
    size_t proof_len = 0, n_pub = 0;
    rc = EX_INPUT;
    if (!parse_hex_alloc(&proof, &proof_len, json_str(o, "proof")) || proof_len == 0) {
        input_err("calldata", "%s: missing or malformed \"proof\"", proof_path);
        goto out;
    }
    if (!json_object_object_get_ex(o, "instances", &arr) || !json_object_is_type(arr, json_type_array) ||
        (n_pub = json_object_array_length(arr)) == 0 || n_pub > 4096) {
        input_err("calldata", "%s: \"instances\" must be a non-empty array of 0x + 64 hex digits", proof_path);
        goto out;
    }
    pub = malloc(32 * n_pub);
    if (!pub) {
        rc = EX_INTERNAL;
        goto out;
    }
    for (size_t i = 0; i < n_pub; i++) {
        json_object *v = json_object_array_get_idx(arr, i);
        if (!json_object_is_type(v, json_type_string) || !parse_hex_exact(pub + 32 * i, 32, json_object_get_string(v))) {
            input_err("calldata", "%s: \"instances\" must be a non-empty array of 0x + 64 hex digits", proof_path);
            goto out;
        }
    }
    if (!parse_hex_exact(vk, 32, json_str(o, "vk_digest"))) {
        input_err("calldata", "%s: missing or malformed \"vk_digest\"", proof_path);
        goto out;
    }
    /* the gate would revert on these; say so before anything is sent */
    if (memcmp(vk, a.vk_digest, 32)) {
        input_err("calldata", "%s: the attestation's vkDigest is not the proof's vk_digest (attested for another model)", att_path);
        goto out;
    }
    if (memcmp(pub, a.input_hash, 32)) {
        input_err("calldata", "%s: the attestation's inputHash is not the proof's first public input (the hashed input)", att_path);
        goto out;
    }
    size_t n = zki_gate_calldata_size(proof_len, n_pub);
    cd = malloc(n);
    hex = malloc(2 * n + 4);
    if (!cd || !hex) {
        rc = EX_INTERNAL;
        goto out;
    }
    zki_gate_calldata(cd, proof, proof_len, pub, n_pub, &a, sig);
    hex_str(hex, cd, n);
    size_t hl = strlen(hex);
    hex[hl] = '\n';
    hex[hl + 1] = 0;
    if (has_o && zki_file_write(out_path, hex, hl + 1) != ZKI_OK) {
        fprintf(stderr, "zkinfer attest calldata: %s\n", zki_model_last_error());
        rc = EX_INTERNAL;
        goto out;
    }
    if (!has_o) fputs(hex, stdout);
    else printf("{\"calldata\": \"%s\", \"bytes\": %zu}\n", out_path, n);
    rc = 0;
out:
    json_object_put(o);
    free(proof);
    free(pub);
    free(cd);
    free(hex);
    return rc;
}

int zki_cmd_attest(int argc, char **argv) {
    if (argc < 1) return usage_err("", "missing subcommand (keygen, sign, verify, input-hash, calldata)");
    if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "help")) {
        usage_err("", NULL);
        return 0;
    }
    if (!strcmp(argv[0], "keygen")) return cmd_keygen(argc - 1, argv + 1);
    if (!strcmp(argv[0], "sign")) return cmd_sign(argc - 1, argv + 1);
    if (!strcmp(argv[0], "verify")) return cmd_verify(argc - 1, argv + 1);
    if (!strcmp(argv[0], "input-hash")) return cmd_input_hash(argc - 1, argv + 1);
    if (!strcmp(argv[0], "calldata")) return cmd_calldata(argc - 1, argv + 1);
    char m[128];
    snprintf(m, sizeof m, "unknown subcommand '%s'", argv[0]);
    return usage_err("", m);
}
