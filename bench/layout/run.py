#!/usr/bin/env python3
"""Estimates against measurements, and the layout optimizer against real proofs.

1. Measures this machine's cost model afresh (zkinfer cost-model --refresh, into the
   output directory, never the user's cache).
2. "Estimates vs measured": for each model (MNIST, the credit model with public
   features, tests/onnx mlp and lenet5) runs `zkinfer estimate`, then the real flow
   (dev SRS, setup, prove REPS times) and, unless --no-evm, the generated verifier in
   @ethereumjs/evm (tests/evm/evm.mjs gas): proof/VK/pk bytes, peak RSS of setup and
   prove (ru_maxrss of each child, os.wait4), setup and prove time, execution gas,
   bytecode.
3. "Layout optimizer": on MNIST, `zkinfer optimize --json` prices every layout (width ×
   Freivalds-checked convolutions × one-row max pools); each layout of --layouts (a
   width, then f for freivalds and m for max4: "8fm") is really set up and proven;
   reports the Spearman rank correlation of estimated and measured prove time and
   whether the optimizer's choice was the fastest measured.
Also fits the EVM model's constants (gas overhead per ecMul and constant, bytecode per
source byte) by least squares on the measured contracts and prints them.

Usage: python3 bench/layout/run.py [--zkinfer build/zkinfer] [--out build/layout-bench]
       [--layouts 4,4f,8,8f,8fm,...] [--reps 2] [--no-evm] [--skip-models] [--skip-layout]
Writes OUT/results.json and OUT/tables.md (the tables of docs/BENCHMARKS.md).
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

MODELS = [
    # name, onnx, input, gen-settings arguments
    ("mnist", "examples/mnist/model.onnx", "examples/mnist/input.json", []),
    ("credit", "examples/credit-score/model.onnx", "examples/credit-score/input.json", ["--input-visibility", "public"]),
    ("mlp", "tests/onnx/models/mlp.onnx", "tests/onnx/models/mlp.input.json", []),
    ("lenet5", "tests/onnx/models/lenet5.onnx", "tests/onnx/models/lenet5.input.json", []),
]


def run(cmd, env=None, check=True):
    """Runs cmd; returns (stdout, wall seconds, peak RSS in bytes of that child)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    out, err = p.communicate()
    _, status, ru = os.wait4(p.pid, 0) if p.returncode is None else (0, 0, None)
    wall = time.monotonic() - t0
    rss = ru.ru_maxrss * 1024 if ru else 0
    if check and p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), p.returncode, err.decode()[-400:]))
    return out.decode(), wall, rss


def run_rss(cmd, env=None):
    """As run, with the child's own ru_maxrss (wait4 before communicate's reaping)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d)" % (" ".join(cmd), p.returncode))
    return out.decode(), wall, ru.ru_maxrss * 1024


def spearman(xs, ys):
    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2.0 + 1
            i = j + 1
        return r
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else float("nan")


def lstsq2(xs, ys):
    """y = a + b·x by least squares."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return my - b * mx, b


class Bench:
    def __init__(self, a):
        self.z = os.path.abspath(a.zkinfer)
        self.out = os.path.abspath(a.out)
        self.reps = a.reps
        self.evm = not a.no_evm
        os.makedirs(self.out, exist_ok=True)
        self.env = dict(os.environ, ZKINFER_COST_MODEL=os.path.join(self.out, "cost.json"))
        self.srs = {}
        self.done = []  # every finished flow, saved after each (partial.json)

    def zk(self, *args, rss=False):
        cmd = [self.z] + list(args)
        return run_rss(cmd, self.env) if rss else run(cmd, self.env)

    def srs_for(self, logrows):
        k = logrows + 1
        for have in sorted(self.srs):
            if have >= k:
                return self.srs[have]
        path = os.path.join(self.out, "srs-%d.bin" % k)
        if not os.path.exists(path):
            self.zk("srs", "--dev", "--logrows", str(k), "-o", path)
        self.srs[k] = path
        return path

    def prove_once(self, d, inp):
        """One `prove` in directory d: (prove_s as reported, wall seconds, peak RSS)."""
        out, wall, rss = self.zk("prove", "-C", os.path.join(d, "model.zkc"), "--pk", os.path.join(d, "pk.bin"), "-D", inp,
                                 "-o", os.path.join(d, "proof.json"), "--quiet", rss=True)
        return json.loads(out)["prove_s"], wall, rss

    def flow(self, name, onnx, inp, args, width=None, freivalds=False, max4=False):
        """Estimate, then set up and prove for real. Returns a dict of both."""
        d = os.path.join(self.out, name)
        os.makedirs(d, exist_ok=True)
        s = os.path.join(d, "settings.json")
        extra = list(args) + (["--width", str(width)] if width else []) + \
            (["--freivalds", "on"] if freivalds else []) + (["--max4", "on"] if max4 else [])
        self.zk("gen-settings", "-M", onnx, "-o", s, *extra)
        zkc = os.path.join(d, "model.zkc")
        self.zk("compile", "-M", onnx, "-S", s, "-o", zkc)
        est = json.loads(self.zk("estimate", "-C", zkc, "--json")[0])
        srs = self.srs_for(est["logrows"])
        pk, vk = os.path.join(d, "pk.bin"), os.path.join(d, "vk.bin")
        _, setup_s, setup_rss = self.zk("setup", "-C", zkc, "--srs", srs, "--pk", pk, "--vk", vk, "--quiet", rss=True)
        proofs = [self.prove_once(d, inp) for _ in range(self.reps)]
        m = {
            "proof_bytes": os.path.getsize(os.path.join(d, "proof.bin")),
            "vk_bytes": os.path.getsize(vk),
            "pk_bytes": os.path.getsize(pk),
            "setup_s": setup_s,
            "setup_peak_bytes": setup_rss,
            "prove_s": min(p[0] for p in proofs),
            "prove_all_s": [p[0] for p in proofs],
            "prove_cmd_s": min(p[1] for p in proofs),
            "prove_peak_bytes": max(p[2] for p in proofs),
        }
        if self.evm:
            sol = os.path.join(d, "Verifier.sol")
            self.zk("create-evm-verifier", "--vk", vk, "-o", sol)
            self.zk("encode-calldata", "--proof", os.path.join(d, "proof.bin"), "--public",
                    os.path.join(d, "proof.public.bin"), "--vk", vk, "-o", os.path.join(d, "calldata.hex"))
            try:
                g = json.loads(run(["node", "tests/evm/evm.mjs", "gas", d])[0])
                m.update(exec_gas=g["execution_gas"], calldata_gas=g["calldata_gas"], bytecode_bytes=g["bytecode_bytes"],
                         evm_accepted=g["accepted"])
            except RuntimeError as ex:  # e.g. a contract over EIP-170: the EVM refuses to deploy it
                m["evm_error"] = "code size over EIP-170" if "code size" in str(ex) else str(ex)[-200:]
        r = {"name": name, "width": width, "freivalds": freivalds, "max4": max4, "estimate": est, "measured": m}
        self.done.append(r)
        with open(os.path.join(self.out, "partial.json"), "w") as f:
            json.dump(self.done, f, indent=1)
        return dict(r)


def parse_layout(x):
    """'8fm' -> (8, True, True): a width, f for Freivalds-checked convolutions, m for max4."""
    w = int(x.rstrip("fm"))
    return (w, "f" in x, "m" in x)


def label(L):
    return "%d%s%s" % (L[0], "f" if L[1] else "", "m" if L[2] else "")


def pct(e, m):
    return "%+.0f%%" % (100.0 * (e - m) / m) if m else "n/a"


def models_table(rows):
    out = ["| model | rows (2^k) | proof B est / real | VK B | pk B | prove peak RSS est / real | setup RSS est / real "
           "| prove s est / real | setup s est / real | EVM gas est / real | bytecode B est / real |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        e, m = r["estimate"], r["measured"]
        mib = lambda b: b / 1048576.0
        ex = lambda k: "%d / %d" % (e[k], m[k]) + ("" if e[k] == m[k] else " (differs)")
        gas = ("%.0fk / %.0fk (%s)" % (e["evm_exec_gas"] / 1e3, m["exec_gas"] / 1e3, pct(e["evm_exec_gas"], m["exec_gas"]))
               if "exec_gas" in m else m.get("evm_error", "-"))
        code = ("%.0f / %d (%s)" % (e["evm_bytecode_bytes"], m["bytecode_bytes"], pct(e["evm_bytecode_bytes"], m["bytecode_bytes"]))
                if "bytecode_bytes" in m else "%.0f / %s" % (e["evm_bytecode_bytes"], m.get("evm_error", "-")))
        out.append("| %s | 2^%d | %s | %s | %s | %.0f / %.0f MiB (%s) | %.0f / %.0f MiB (%s) | %.2f / %.2f (%s) | %.1f / %.1f (%s) | %s | %s |" % (
            r["name"], e["logrows"], ex("proof_bytes"), ex("vk_bytes"), ex("pk_bytes"),
            mib(e["prove_peak_bytes"]), mib(m["prove_peak_bytes"]), pct(e["prove_peak_bytes"], m["prove_peak_bytes"]),
            mib(e["setup_peak_bytes"]), mib(m["setup_peak_bytes"]), pct(e["setup_peak_bytes"], m["setup_peak_bytes"]),
            e["prove_s"], m["prove_s"], pct(e["prove_s"], m["prove_s"]),
            e["setup_s"], m["setup_s"], pct(e["setup_s"], m["setup_s"]), gas, code))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--zkinfer", default="build/zkinfer")
    ap.add_argument("--out", default="build/layout-bench")
    ap.add_argument("--layouts", default="4,4f,4fm,8,8f,8fm,12,12f,12fm,16,16fm,24fm")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3, help="proofs per layout, round robin (median)")
    ap.add_argument("--no-evm", action="store_true")
    ap.add_argument("--skip-models", action="store_true")
    ap.add_argument("--skip-layout", action="store_true")
    a = ap.parse_args()
    b = Bench(a)
    res = {"date": time.strftime("%Y-%m-%d"), "machine": os.uname().machine, "cpus": os.cpu_count()}
    try:
        res["loadavg_start"] = os.getloadavg()
    except OSError:
        pass
    print("measuring the cost model ...", flush=True)
    res["cost_model"] = json.loads(b.zk("cost-model", "--refresh")[0])
    md = []
    if not a.skip_models:
        rows = []
        for name, onnx, inp, args in MODELS:
            if not os.path.exists(os.path.join(ROOT, onnx)):
                continue
            print("model %s ..." % name, flush=True)
            try:
                rows.append(b.flow(name, onnx, inp, args))
            except Exception as ex:  # one model failing does not stop the others
                print("  %s: %s" % (name, ex))
        res["models"] = rows
        md.append("### Estimates vs measured\n\n" + models_table(rows))
    def evm_fit(rows):
        fit = [r for r in rows if "exec_gas" in r["measured"]]
        if len(fit) >= 2:
            xs = [r["estimate"]["evm_ecmul"] for r in fit]
            ys = [r["measured"]["exec_gas"] - (113000 + 6150 * r["estimate"]["evm_ecmul"] + 1349 * r["estimate"]["evm_modexp"])
                  for r in fit]
            ga, gb = lstsq2(xs, ys)
            ca, cb = lstsq2([r["estimate"]["evm_source_bytes"] for r in fit], [r["measured"]["bytecode_bytes"] for r in fit])
            res["evm_fit"] = {"gas_base": ga, "gas_per_mul": gb, "code_base": ca, "code_per_src": cb}
            print("EVM fit: GAS_BASE %.0f, GAS_PER_MUL %.1f, CODE_BASE %.0f, CODE_PER_SRC %.4f" % (ga, gb, ca, cb))

    if not a.skip_models:
        evm_fit(res["models"])
    if not a.skip_layout:
        name, onnx, inp, args = MODELS[0]
        print("layout optimizer on %s ..." % name, flush=True)
        opt = json.loads(b.zk("optimize", "-M", onnx, "-S", os.path.join(b.out, "mnist", "settings.json")
                              if os.path.exists(os.path.join(b.out, "mnist", "settings.json")) else _settings(b, onnx),
                              "-o", os.path.join(b.out, "optimized.json"), "--json")[0])
        chosen = (opt["chosen_width"], bool(opt.get("chosen_freivalds")), bool(opt.get("chosen_max4")))
        layouts = [parse_layout(x) for x in a.layouts.split(",") if x]
        if chosen not in layouts:
            layouts.append(chosen)
        cands = {(c["width"], bool(c.get("freivalds")), bool(c.get("max4"))): c
                 for c in opt["candidates"] if "error" not in c}
        lay = []
        for L in sorted(layouts):
            if L not in cands:
                continue
            print("  layout %s ..." % label(L), flush=True)
            try:
                r = b.flow("mnist-" + label(L), onnx, inp, args, width=L[0], freivalds=L[1], max4=L[2])
            except Exception as ex:
                print("  layout %s: %s" % (label(L), ex))
                continue
            r["optimizer_estimate_s"] = cands[L]["prove_s"]
            lay.append(r)
        # more proofs, round robin over the layouts, so that a busy moment of the machine
        # falls on every layout alike; each layout's figure is its median
        for _ in range(a.rounds - 1):
            for r in lay:
                r["measured"]["prove_all_s"].append(b.prove_once(os.path.join(b.out, r["name"]), inp)[0])
        for r in lay:
            v = sorted(r["measured"]["prove_all_s"])
            r["measured"]["prove_s"] = v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
        est = [r["optimizer_estimate_s"] for r in lay]
        meas = [r["measured"]["prove_s"] for r in lay]
        rho = spearman(est, meas)
        f = lay[min(range(len(lay)), key=lambda i: meas[i])]
        fastest = (f["width"], f["freivalds"], f["max4"])
        res["layout"] = {"candidates": lay, "spearman": rho, "chosen": label(chosen), "fastest_measured": label(fastest)}
        t = ["| layout (width, f: Freivalds, m: max4) | logrows | rows used | advice columns | prove s (estimated) "
             "| prove s (measured) | peak RSS est / real MiB | proof B | EVM gas est / real | bytecode B est / real |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in lay:
            e, m = r["estimate"], r["measured"]
            gas = ("%.0fk / %.0fk" % (e["evm_exec_gas"] / 1e3, m["exec_gas"] / 1e3)) if "exec_gas" in m else m.get("evm_error", "-")
            code = ("%.0f / %d" % (e["evm_bytecode_bytes"], m["bytecode_bytes"])) if "bytecode_bytes" in m else \
                "%.0f / %s" % (e["evm_bytecode_bytes"], m.get("evm_error", "-"))
            L = (r["width"], r["freivalds"], r["max4"])
            t.append("| %s%s | %d | %d | %d | %.2f | %.2f | %.0f / %.0f | %d | %s | %s |" % (
                label(L), " (chosen)" if L == chosen else "", e["logrows"], e.get("rows_used", 0), e["advice_columns"],
                r["optimizer_estimate_s"], m["prove_s"], e["prove_peak_bytes"] / 1048576.0, m["prove_peak_bytes"] / 1048576.0,
                m["proof_bytes"], gas, code))
        t.append("\nSpearman rank correlation, estimated vs measured prove time (median of %d round-robin proofs "
                 "per layout): %.2f over %d layouts; the optimizer chose %s, the fastest measured was %s."
                 % (b.reps + a.rounds - 1, rho, len(lay), label(chosen), label(fastest)))
        md.append("### Layout optimizer on MNIST\n\n" + "\n".join(t))
        evm_fit(res.get("models", []) + lay)
        print("spearman %.3f, chosen %s, fastest %s" % (rho, label(chosen), label(fastest)))
    try:
        res["loadavg_end"] = os.getloadavg()
    except OSError:
        pass
    with open(os.path.join(b.out, "results.json"), "w") as f:
        json.dump(res, f, indent=1)
    with open(os.path.join(b.out, "tables.md"), "w") as f:
        f.write("\n\n".join(md) + "\n")
    print("\n\n".join(md))


def _settings(b, onnx):
    s = os.path.join(b.out, "base-settings.json")
    b.zk("gen-settings", "-M", onnx, "-o", s)
    return s


if __name__ == "__main__":
    main()
