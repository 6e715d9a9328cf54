#!/usr/bin/env python3
"""EZKL on examples/mnist, side by side with zkinfer's `mnist_*` figures.

Run through bench/ezkl/run.sh (which owns the virtual environment); `make bench` does so.
Each EZKL step runs once, in its own child process (this file with --step), so that its
wall time covers only the EZKL call and its peak RSS (ru_maxrss from wait4 on that child)
is that step's alone. Artifacts go to build/ezkl/<config>/, each step's log to
<config>/<step>.log.

Configurations (--configs or EZKL_CONFIGS, comma-separated; `make bench` runs the first two):
  default         gen_settings with EZKL's defaults (scale 7, logrows 17 here), visibility as
                  zkinfer's: input private, output public, params fixed; then every step.
                                                                         keys ezkl_mnist_*
  resources       the same gen_settings, then calibrate_settings(target="resources") on
                  input.json; reports the settings it picks (scales, logrows) and its time only.
                                                                     keys ezkl_mnist_cal_*
  resources-full  as resources, then every step with the calibrated settings. Not run by
                  default (not measured yet): it picks logrows 19 here, so a 2^19 SRS to make
                  and a setup and prove at least as long as the default's (minutes each).
  none            nothing (skip EZKL in `make bench`).
The SRS is made locally with gen_srs (get_srs needs the internet): insecure, for
benchmarking only. Its file is kept per logrows in build/ezkl/ and reused; the time
reported is that of making it (recorded next to it).

Figures are merged into build/bench.json (flat, units in key names), with ratios against
zkinfer's mnist_* keys when those are present.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
MODEL = os.path.join(ROOT, "examples", "mnist", "model.onnx")
INPUT = os.path.join(ROOT, "examples", "mnist", "input.json")
WORK = os.path.join(ROOT, "build", "ezkl")
BENCH_JSON = os.path.join(ROOT, "build", "bench.json")


# ---- child side: one EZKL call, timed --------------------------------------------------

def child_step(step, a):
    import ezkl

    t0 = time.perf_counter()
    if step == "gen_settings":
        ra = ezkl.PyRunArgs()
        ra.input_visibility = "private"
        ra.output_visibility = "public"
        ra.param_visibility = "fixed"
        ok = ezkl.gen_settings(a["model"], a["settings"], py_run_args=ra)
    elif step == "calibrate_settings":
        ok = ezkl.calibrate_settings(a["input"], a["model"], a["settings"], "resources")
    elif step == "compile_circuit":
        ok = ezkl.compile_circuit(a["model"], a["compiled"], a["settings"])
    elif step == "gen_srs":
        ezkl.gen_srs(a["srs"], a["logrows"])
        ok = True
    elif step == "gen_witness":
        ok = ezkl.gen_witness(a["input"], a["compiled"], a["witness"])
        ok = ok is not None
    elif step == "setup":
        ok = ezkl.setup(a["compiled"], a["vk"], a["pk"], a["srs"])
    elif step == "prove":
        ok = ezkl.prove(a["witness"], a["compiled"], a["pk"], a["proof"], a["srs"])
        ok = ok is not None
    elif step == "verify":
        ok = ezkl.verify(a["proof"], a["settings"], a["vk"], a["srs"])
    else:
        raise SystemExit("unknown step " + step)
    ms = (time.perf_counter() - t0) * 1e3
    with open(a["result"], "w") as f:
        json.dump({"ms": ms, "ok": bool(ok)}, f)


# ---- parent side ----------------------------------------------------------------------

class StepFailed(Exception):
    pass


def run_step(cfg_dir, step, args):
    """Runs one step in a child; returns (ms, peak_rss_mib). Raises StepFailed."""
    result = os.path.join(cfg_dir, step + ".result.json")
    log = os.path.join(cfg_dir, step + ".log")
    if os.path.exists(result):
        os.unlink(result)
    args = dict(args, result=result)
    with open(log, "w") as logf:
        p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--step", step,
                              "--args", json.dumps(args)],
                             stdout=logf, stderr=subprocess.STDOUT, cwd=cfg_dir)
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    rss_mib = ru.ru_maxrss / 1024.0  # Linux: KiB
    try:
        with open(result) as f:
            r = json.load(f)
    except (OSError, ValueError):
        r = None
    if p.returncode != 0 or r is None or not r["ok"]:
        with open(log) as f:
            tail = [ln.rstrip() for ln in f.readlines() if ln.strip()][-3:]
        raise StepFailed("%s failed (exit %d): %s" % (step, p.returncode, " | ".join(tail)))
    return r["ms"], rss_mib


def proof_raw_bytes(path):
    """Length of the proof itself inside EZKL's proof.json (hex string or byte list)."""
    with open(path) as f:
        p = json.load(f)["proof"]
    if isinstance(p, str):
        return (len(p) - (2 if p.startswith("0x") else 0)) // 2
    return len(p)


def srs_for(logrows):
    """Makes (or reuses) a local SRS for 2^logrows; returns (path, make_ms, make_rss_mib)."""
    path = os.path.join(WORK, "kzg%d.srs" % logrows)
    meta = path + ".json"
    if os.path.exists(path) and os.path.exists(meta):
        with open(meta) as f:
            m = json.load(f)
        return path, m["ms"], m["rss_mib"]
    ms, rss = run_step(WORK, "gen_srs", {"srs": path, "logrows": logrows})
    with open(meta, "w") as f:
        json.dump({"ms": ms, "rss_mib": rss}, f)
    return path, ms, rss


def run_config(name, calibrate, full):
    d = os.path.join(WORK, name)
    os.makedirs(d, exist_ok=True)
    f = {k: os.path.join(d, v) for k, v in {
        "settings": "settings.json", "compiled": "network.ezkl", "witness": "witness.json",
        "pk": "pk.key", "vk": "vk.key", "proof": "proof.json"}.items()}
    f.update(model=MODEL, input=INPUT)
    ms, rss = {}, {}

    def step(s, **extra):
        ms[s], rss[s] = run_step(d, s, dict(f, **extra))

    step("gen_settings")
    if calibrate:
        step("calibrate_settings")
    with open(f["settings"]) as fh:
        st = json.load(fh)
    ra = st["run_args"]
    if not full:
        return {"ms": ms, "rss": rss, "logrows": ra["logrows"], "input_scale": ra["input_scale"],
                "param_scale": ra["param_scale"], "num_rows": st.get("num_rows"),
                "visibility": "%s/%s/%s" % (ra["input_visibility"], ra["output_visibility"],
                                            ra["param_visibility"]), "full": False}
    step("compile_circuit")
    srs, ms["gen_srs"], rss["gen_srs"] = srs_for(ra["logrows"])
    f["srs"] = srs
    step("gen_witness")
    step("setup")
    step("prove")
    step("verify")
    r = {
        "ms": ms, "rss": rss,
        "logrows": ra["logrows"], "input_scale": ra["input_scale"],
        "param_scale": ra["param_scale"], "num_rows": st.get("num_rows"),
        "lookup_range": ra.get("lookup_range"), "check_mode": ra.get("check_mode"),
        "visibility": "%s/%s/%s" % (ra["input_visibility"], ra["output_visibility"],
                                    ra["param_visibility"]),
        "pk_bytes": os.path.getsize(f["pk"]), "vk_bytes": os.path.getsize(f["vk"]),
        "proof_bytes": proof_raw_bytes(f["proof"]),
        "proof_json_bytes": os.path.getsize(f["proof"]),
        "full": True,
    }
    if not os.environ.get("EZKL_KEEP_PK"):
        os.unlink(f["pk"])  # ~3 GiB; its size is recorded above
    return r


def figures(prefix, r):
    out = {}
    for s, v in r["ms"].items():
        out["%s_%s_ms" % (prefix, s)] = round(v, 3)
    if r["full"]:
        heavy = ("compile_circuit", "gen_witness", "setup", "prove", "verify")
        out[prefix + "_peak_rss_mib"] = round(max(r["rss"][s] for s in heavy), 1)
        for s in ("setup", "prove", "verify"):
            out["%s_%s_rss_mib" % (prefix, s)] = round(r["rss"][s], 1)
    for k in ("logrows", "input_scale", "param_scale", "num_rows", "pk_bytes", "vk_bytes",
              "proof_bytes", "proof_json_bytes"):
        if r.get(k) is not None:
            out["%s_%s" % (prefix, k)] = r[k]
    return out


# EZKL figure (suffix after ezkl_mnist_) -> zkinfer key (bench/bench_mnist.c)
RATIOS = [("prove_ms", "mnist_prove_ms", "prove"),
          ("setup_ms", "mnist_keygen_ms", "keygen"),
          ("verify_ms", "mnist_verify_ms", "verify"),
          ("proof_bytes", "mnist_proof_bytes", "proof_bytes"),
          ("vk_bytes", "mnist_vk_bytes", "vk_bytes"),
          ("peak_rss_mib", "mnist_peak_rss_mib", "peak_rss")]


def merge(new):
    try:
        with open(BENCH_JSON) as f:
            bench = json.load(f)
    except (OSError, ValueError):
        bench = {}
    # Drop the figures of the configurations run now (stale steps) and all ratios.
    fresh = {"ezkl_mnist_cal_" if k.startswith("ezkl_mnist_cal_") else "ezkl_mnist_"
             for k in new}
    bench = {k: v for k, v in bench.items() if not k.endswith("_ezkl_over_zkinfer") and not any(
        k.startswith(p) and (p != "ezkl_mnist_" or not k.startswith("ezkl_mnist_cal_"))
        for p in fresh)}
    bench.update(new)
    for tag, pre in (("", "ezkl_mnist_"), ("_cal", "ezkl_mnist_cal_")):
        for suf, zk, name in RATIOS:
            if pre + suf in bench and bench.get(zk):
                bench["ratio_mnist%s_%s_ezkl_over_zkinfer" % (tag, name)] = \
                    round(bench[pre + suf] / bench[zk], 3)
    os.makedirs(os.path.dirname(BENCH_JSON), exist_ok=True)
    tmp = BENCH_JSON + ".tmp"
    with open(tmp, "w") as f:
        json.dump(bench, f, indent=2)
        f.write("\n")
    os.replace(tmp, BENCH_JSON)
    return bench


def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "ms":
        return "%.0f ms" % v if v >= 10 else "%.2f ms" % v
    if unit == "B":
        return "%d B" % v if v < 10240 else "%.1f MiB" % (v / 1048576.0) if v >= 1048576 \
            else "%.1f KiB" % (v / 1024.0)
    if unit == "MiB":
        return "%.0f MiB" % v
    return "%g" % v


def table(bench, results):
    cols = [("zkinfer", "mnist_")] + [("ezkl " + n, p) for n, p in
                                      (("default", "ezkl_mnist_"), ("resources", "ezkl_mnist_cal_"),
                                       ("resources-full", "ezkl_mnist_cal_"))
                                      if n in results]
    rows = [("logrows", "logrows", "logrows", ""),
            ("scale (in/param)", None, None, ""),
            ("keygen / setup", "keygen_ms", "setup_ms", "ms"),
            ("prove", "prove_ms", "prove_ms", "ms"),
            ("verify", "verify_ms", "verify_ms", "ms"),
            ("proof", "proof_bytes", "proof_bytes", "B"),
            ("vk", "vk_bytes", "vk_bytes", "B"),
            ("pk", None, "pk_bytes", "B"),
            ("peak RSS", "peak_rss_mib", "peak_rss_mib", "MiB"),
            ("gen_srs (local)", None, "gen_srs_ms", "ms"),
            ("witness", "witness_ms", "gen_witness_ms", "ms"),
            ("calibrate_settings", None, "calibrate_settings_ms", "ms")]
    lines = [["MNIST"] + [c for c, _ in cols]]
    for label, zk, ez, unit in rows:
        line = [label]
        for c, pre in cols:
            if label.startswith("scale"):
                if c == "zkinfer":
                    line.append("7" if "mnist_prove_ms" in bench else "-")
                else:
                    line.append("%s/%s" % (bench.get(pre + "input_scale", "-"),
                                           bench.get(pre + "param_scale", "-")))
                continue
            key = zk if c == "zkinfer" else ez
            line.append(fmt(bench.get(pre + key), unit) if key else "-")
        lines.append(line)
    w = [max(len(l[i]) for l in lines) for i in range(len(lines[0]))]
    for l in lines:
        print("  ".join(s.ljust(w[i]) if i == 0 else s.rjust(w[i]) for i, s in enumerate(l)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--args", help=argparse.SUPPRESS)
    ap.add_argument("--configs", default=os.environ.get("EZKL_CONFIGS", "default,resources"),
                    help="comma-separated: default, resources, resources-full, none "
                         "(default: default,resources)")
    o = ap.parse_args()
    if o.step:
        child_step(o.step, json.loads(o.args))
        return 0
    configs = [c for c in o.configs.split(",") if c and c != "none"]
    if not configs:
        print("ezkl bench: skipped (EZKL_CONFIGS=%s)" % o.configs)
        return 0
    try:
        import ezkl  # noqa: F401
    except ImportError as e:
        print("ezkl bench: skipped, cannot import ezkl (%s)" % e)
        return 0
    from importlib.metadata import version
    os.makedirs(WORK, exist_ok=True)
    print("ezkl bench: EZKL %s on examples/mnist, each step once (logs in build/ezkl/)"
          % version("ezkl"))
    results, new = {}, {}
    for name in configs:
        if name not in ("default", "resources", "resources-full"):
            print("ezkl bench: unknown configuration %r (default, resources, resources-full)"
                  % name)
            continue
        prefix = "ezkl_mnist" if name == "default" else "ezkl_mnist_cal"
        t0 = time.perf_counter()
        try:
            r = run_config(name, calibrate=(name != "default"), full=(name != "resources"))
        except StepFailed as e:
            print("ezkl bench: %s settings: %s" % (name, e))
            continue
        results[name] = r
        new.update(figures(prefix, r))
        print("ezkl bench: %s settings: logrows %d, scales %d/%d, visibility %s, "
              "num_rows %s, %.0f s in all" % (name, r["logrows"], r["input_scale"],
                                               r["param_scale"], r["visibility"],
                                               r["num_rows"], time.perf_counter() - t0))
    if not results:
        print("ezkl bench: no EZKL figures written")
        return 0
    bench = merge(new)
    table(bench, results)
    ratios = {k: v for k, v in bench.items() if k.endswith("_ezkl_over_zkinfer")}
    if ratios:
        print("  " + ", ".join("%s %.2f" % (k[len("ratio_"):-len("_ezkl_over_zkinfer")], v)
                               for k, v in ratios.items()) + "  (EZKL / zkinfer)")
    else:
        print("  (no zkinfer mnist_* keys in build/bench.json: no ratios)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
