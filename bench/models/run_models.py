#!/usr/bin/env python3
"""zkinfer and EZKL side by side on several models (`make bench-models`).

Run through bench/models/run.sh, which builds the bench zkinfer and owns EZKL's virtual
environment. For each model both tools get the same ONNX file and input, and every
step of each tool runs once in its own child process: zkinfer's CLI commands directly,
EZKL's calls through this file with --ezkl-step (the time reported for EZKL is that of
the library call alone, without the Python start; zkinfer's is the whole command). The
peak RSS of a step is the child's ru_maxrss (wait4).

A child is killed when its resident memory exceeds the cap (BENCH_MEM_CAP_MIB, default
12288; polled every 50 ms, with RLIMIT_AS at twice the cap as a backstop) or its wall
time the step limit (BENCH_STEP_TIMEOUT_S, default 900). That is recorded as the
step's result ("over the memory cap", "timed out") and the later steps of that tool on
that model are skipped.

Models (BENCH_MODELS, comma-separated, default all):
  mnist-s7    examples/mnist at the small settings: scale 7 in both tools
  mnist-s13   examples/mnist at the calibrated settings: zkinfer --scale 13 --act-bits 18;
              EZKL gen_settings then calibrate_settings(target="resources", scales=[13])
  credit      examples/credit-score, default settings
  resnet      tests/onnx/models/resnet_cifar.onnx (ResNet-style CIFAR-10 net with
              BatchNorm and skip connections), default settings
  mnist-s7-opt, mnist-s13-opt, resnet-opt
              the same models with the layout `zkinfer optimize` picks after gen-settings
              (width, Freivalds-checked convolutions, ...): zkinfer only (EZKL's run of
              the base model is the comparison)
  mnist-s7-gas, mnist-s13-gas
              MNIST at scale 7 / 13 with `zkinfer optimize --max-gas 300000`: the fastest
              layout whose EVM verifier fits the issue's gas target (the SHPLONK opening)
EZKL_MODELS selects the models EZKL runs (default: all of BENCH_MODELS; none: no EZKL);
the slow ones are mnist-s13 and resnet.

Visibility as zkinfer's defaults in both: input private, output public, parameters fixed.
SRS: zkinfer `srs --dev` (2^(logrows+1)), EZKL `gen_srs` (2^logrows); both insecure,
made once per size and kept (build/bench-models/srs/, build/ezkl/kzgK.srs) and not part
of any setup time. EVM gas: zkinfer's verifier through tests/evm/evm.mjs (mainnet size
limits kept); EZKL's create_evm_verifier writes the Solidity file and then tries to
download solc (fails offline: recorded), so the file is compiled with the same npm solc
and run by bench/models/evm_gas.mjs, which lifts the contract size limits and says
whether the verifier could be deployed on mainnet.

Writes build/bench-models.json (or BENCH_JSON; one object per model and tool, merged into
what the file holds) and prints a table.
"""
import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
WORK = os.path.join(ROOT, "build", "bench-models")
EZKL_SRS_DIR = os.path.join(ROOT, "build", "ezkl")
OUT_JSON = os.environ.get("BENCH_JSON") or os.path.join(ROOT, "build", "bench-models.json")

MODELS = [
    {"name": "mnist-s7", "title": "MNIST CNN, small settings (scale 7)",
     "onnx": "examples/mnist/model.onnx", "input": "examples/mnist/input.json",
     "zk_args": ["--scale", "7"], "ezkl_scale": None},
    {"name": "mnist-s13", "title": "MNIST CNN, calibrated settings (scale 13)",
     "onnx": "examples/mnist/model.onnx", "input": "examples/mnist/input.json",
     "zk_args": ["--scale", "13", "--act-bits", "18"], "ezkl_scale": 13},
    {"name": "credit", "title": "Credit-score MLP",
     "onnx": "examples/credit-score/model.onnx", "input": "examples/credit-score/input.json",
     "zk_args": [], "ezkl_scale": None},
    {"name": "resnet", "title": "ResNet-style CIFAR-10 CNN (BatchNorm, skips)",
     "onnx": "tests/onnx/models/resnet_cifar.onnx",
     "input": "tests/onnx/models/resnet_cifar.input.json",
     "zk_args": [], "ezkl_scale": None},
    {"name": "mnist-s7-opt", "title": "MNIST CNN, small settings, zkinfer optimize's layout",
     "onnx": "examples/mnist/model.onnx", "input": "examples/mnist/input.json",
     "zk_args": ["--scale", "7"], "zk_optimize": True, "ezkl": False},
    {"name": "mnist-s13-opt", "title": "MNIST CNN, calibrated settings, zkinfer optimize's layout",
     "onnx": "examples/mnist/model.onnx", "input": "examples/mnist/input.json",
     "zk_args": ["--scale", "13", "--act-bits", "18"], "zk_optimize": True, "ezkl": False},
    {"name": "resnet-opt", "title": "ResNet-style CIFAR-10 CNN, zkinfer optimize's layout",
     "onnx": "tests/onnx/models/resnet_cifar.onnx",
     "input": "tests/onnx/models/resnet_cifar.input.json",
     "zk_args": [], "zk_optimize": True, "ezkl": False},
    {"name": "mnist-s7-gas", "title": "MNIST CNN, small settings, fastest layout within 300,000 EVM gas",
     "onnx": "examples/mnist/model.onnx", "input": "examples/mnist/input.json",
     "zk_args": ["--scale", "7"], "zk_optimize": True, "zk_optimize_args": ["--max-gas", "300000"],
     "ezkl": False},
    {"name": "mnist-s13-gas", "title": "MNIST CNN, calibrated settings, fastest layout within 300,000 EVM gas",
     "onnx": "examples/mnist/model.onnx", "input": "examples/mnist/input.json",
     "zk_args": ["--scale", "13", "--act-bits", "18"], "zk_optimize": True,
     "zk_optimize_args": ["--max-gas", "300000"], "ezkl": False},
]


# ---- one child, timed and capped --------------------------------------------------------

def rss_mib(pid):
    try:
        with open("/proc/%d/statm" % pid) as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576.0
    except (OSError, ValueError, IndexError):
        return 0.0


def run_child(argv, log, cap_mib, timeout_s, cwd=None):
    """Runs argv once. Returns dict(status, wall_ms, rss_mib, rc); status is "ok",
    "failed", "over the memory cap" or "timed out"."""
    def limits():
        cap = int(cap_mib) * 2 * 1048576
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        os.setpgrp()
    with open(log, "w") as logf:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=logf, stderr=subprocess.STDOUT, cwd=cwd,
                             preexec_fn=limits)
        killed, done = [], threading.Event()

        def watch():  # the parent blocks in wait4, so the wall time is exact
            while not done.wait(0.05):
                why = "over the memory cap" if rss_mib(p.pid) > cap_mib else \
                    "timed out" if time.perf_counter() - t0 > timeout_s else None
                if why:
                    killed.append(why)
                    os.killpg(p.pid, signal.SIGKILL)
                    return
        w = threading.Thread(target=watch, daemon=True)
        w.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = (time.perf_counter() - t0) * 1e3
        done.set()
        w.join()
        killed = killed[0] if killed else None
    rc = os.waitstatus_to_exitcode(status)
    p.returncode = rc
    r = {"wall_ms": round(wall, 1), "rss_mib": round(ru.ru_maxrss / 1024.0, 1), "rc": rc}
    if killed:
        r["status"] = killed
    elif rc != 0:
        r["status"] = "failed"
        if rc < 0:
            r["status"] = "killed by signal %d" % -rc
    else:
        r["status"] = "ok"
    if r["status"] != "ok":
        with open(log, errors="replace") as f:
            tail = [ln.strip() for ln in f.readlines() if ln.strip()][-2:]
        r["message"] = " | ".join(tail)[-300:]
    return r


class Tool:
    """Runs the steps of one tool on one model; stops at the first step that fails."""

    def __init__(self, d, cap_mib, timeout_s):
        self.d, self.cap, self.timeout = d, cap_mib, timeout_s
        self.steps, self.failed = {}, None
        os.makedirs(d, exist_ok=True)

    def run(self, name, argv, cwd=None, must=True):
        if self.failed:
            self.steps[name] = {"status": "skipped (%s failed)" % self.failed}
            return None
        r = run_child(argv, os.path.join(self.d, name + ".log"), self.cap, self.timeout, cwd)
        self.steps[name] = r
        print("  %-22s %-22s %9.0f ms %8.0f MiB%s" % (
            name, r["status"], r["wall_ms"], r["rss_mib"],
            ("  " + r["message"][:100]) if r.get("message") else ""), flush=True)
        if r["status"] != "ok" and must:
            self.failed = name
        return r if r["status"] == "ok" else None


# ---- zkinfer --------------------------------------------------------------------------

def zk_srs(zk, logrows, cap, timeout):
    d = os.path.join(WORK, "srs")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "dev%d.bin" % logrows)
    meta = path + ".json"
    if os.path.exists(path) and os.path.exists(meta):
        with open(meta) as f:
            return path, json.load(f)
    r = run_child([zk, "srs", "--dev", "--logrows", str(logrows), "-o", path],
                  path + ".log", cap, timeout)
    if r["status"] == "ok":
        with open(meta, "w") as f:
            json.dump(r, f)
    return path, r


def run_zkinfer(m, zk, cap, timeout):
    d = os.path.join(WORK, m["name"], "zkinfer")
    t = Tool(d, cap, timeout)
    onnx, inp = os.path.join(ROOT, m["onnx"]), os.path.join(ROOT, m["input"])
    f = {k: os.path.join(d, v) for k, v in (
        ("settings", "settings.json"), ("zkc", "model.zkc"), ("pk", "pk.bin"), ("vk", "vk.bin"),
        ("proof", "proof.json"), ("sol", "Verifier.sol"), ("calldata", "calldata.hex"))}
    out = {"tool": "zkinfer"}
    t.run("gen-settings", [zk, "gen-settings", "-M", onnx] + m["zk_args"] + ["-o", f["settings"]])
    if m.get("zk_optimize"):
        t.run("optimize", [zk, "optimize", "-M", onnx, "-S", f["settings"]] + m.get("zk_optimize_args", []))
    if t.run("compile", [zk, "compile", "-M", onnx, "-S", f["settings"], "-o", f["zkc"]]):
        with open(f["settings"]) as fh:
            s = json.load(fh)
        out.update(rows=s.get("rows"), logrows=s.get("logrows"), scale=s.get("scale"),
                   act_bits=s.get("act_bits"), width=s.get("width"), freivalds=s.get("freivalds"),
                   max4=s.get("max4"), shplonk=s.get("shplonk", 0))
        # the SRS the key needs (SHPLONK: longer than the rows), from the estimate
        need = s["logrows"] + 1
        est = subprocess.run([zk, "estimate", "-C", f["zkc"], "--json"], capture_output=True, text=True)
        try:
            need = max(need, int(json.loads(est.stdout).get("srs_logrows", need)))
        except ValueError:
            pass
        srs, r = zk_srs(zk, need, cap, timeout)
        t.steps["srs"] = dict(r, note="made once per size and kept")
        if r["status"] != "ok":
            t.failed = "srs"
        t.run("setup", [zk, "setup", "-C", f["zkc"], "--srs", srs, "--pk", f["pk"], "--vk", f["vk"]])
    t.run("prove", [zk, "prove", "-C", f["zkc"], "--pk", f["pk"], "-D", inp, "-o", f["proof"], "--quiet"])
    t.run("verify", [zk, "verify", "--vk", f["vk"], "--proof", f["proof"]])
    t.run("create-evm-verifier", [zk, "create-evm-verifier", "--vk", f["vk"], "-o", f["sol"]])
    t.run("encode-calldata", [zk, "encode-calldata", "--proof", os.path.join(d, "proof.bin"),
                              "--public", os.path.join(d, "proof.public.bin"), "--vk", f["vk"],
                              "-o", f["calldata"]])
    if t.run("evm-gas", ["node", os.path.join(ROOT, "tests", "evm", "evm.mjs"), "gas", d]):
        out["evm"] = last_json(os.path.join(d, "evm-gas.log"))
    for k, p in (("pk_bytes", f["pk"]), ("vk_bytes", f["vk"]),
                 ("proof_bytes", os.path.join(d, "proof.bin"))):
        if os.path.exists(p) and t.steps.get("prove", {}).get("status") == "ok":
            out[k] = os.path.getsize(p)
    out["steps"] = t.steps
    return out


def last_json(log):
    """The JSON object a harness printed (from its first line opening with "{")."""
    with open(log) as f:
        text = f.read()
    at = text.find("\n{") + 1 if not text.startswith("{") else 0
    try:
        return json.loads(text[at:]) if at or text.startswith("{") else None
    except ValueError:
        return None


# ---- EZKL -----------------------------------------------------------------------------

def ezkl_step(step, a):
    """Child side: one EZKL call; writes {"ms", "ok"} to a["result"]."""
    import asyncio
    import inspect
    import ezkl

    async def call():
        if step == "gen_settings":
            ra = ezkl.PyRunArgs()
            ra.input_visibility, ra.output_visibility, ra.param_visibility = \
                "private", "public", "fixed"
            r = ezkl.gen_settings(a["model"], a["settings"], py_run_args=ra)
        elif step == "calibrate_settings":
            r = ezkl.calibrate_settings(a["input"], a["model"], a["settings"], "resources",
                                        scales=[a["scale"]])
        elif step == "compile_circuit":
            r = ezkl.compile_circuit(a["model"], a["compiled"], a["settings"])
        elif step == "gen_srs":
            r = ezkl.gen_srs(a["srs"], a["logrows"])
            r = True
        elif step == "gen_witness":
            r = ezkl.gen_witness(a["input"], a["compiled"], a["witness"]) is not None
        elif step == "setup":
            r = ezkl.setup(a["compiled"], a["vk"], a["pk"], a["srs"])
        elif step == "prove":
            r = ezkl.prove(a["witness"], a["compiled"], a["pk"], a["proof"], a["srs"]) is not None
        elif step == "verify":
            r = ezkl.verify(a["proof"], a["settings"], a["vk"], a["srs"])
        elif step == "create_evm_verifier":
            r = ezkl.create_evm_verifier(a["vk"], a["settings"], a["sol"], a["abi"], a["srs"])
        elif step == "encode_evm_calldata":
            cd = ezkl.encode_evm_calldata(a["proof"], a["calldata_bin"])
            with open(a["calldata"], "w") as fh:
                fh.write("0x" + bytes(cd).hex() + "\n")
            r = True
        else:
            raise SystemExit("unknown step " + step)
        if inspect.isawaitable(r):
            r = await r
        return r

    t0 = time.perf_counter()
    ok = asyncio.run(call())
    ms = (time.perf_counter() - t0) * 1e3
    with open(a["result"], "w") as fh:
        json.dump({"ms": ms, "ok": bool(ok)}, fh)
    return 0 if ok else 1


def ezkl_srs(logrows, cap, timeout):
    path = os.path.join(EZKL_SRS_DIR, "kzg%d.srs" % logrows)
    meta = path + ".json"
    if os.path.exists(path) and os.path.exists(meta):
        with open(meta) as f:
            m = json.load(f)
        return path, {"status": "ok", "call_ms": m["ms"], "rss_mib": m["rss_mib"],
                      "note": "made once per size and kept"}
    os.makedirs(EZKL_SRS_DIR, exist_ok=True)
    res = path + ".result.json"
    argv = [sys.executable, os.path.abspath(__file__), "--ezkl-step", "gen_srs", "--args",
            json.dumps({"srs": path, "logrows": logrows, "result": res})]
    r = run_child(argv, path + ".log", cap, timeout)
    if r["status"] == "ok":
        with open(res) as f:
            r["call_ms"] = json.load(f)["ms"]
        with open(meta, "w") as f:
            json.dump({"ms": r["call_ms"], "rss_mib": r["rss_mib"]}, f)
    r["note"] = "made once per size and kept"
    return path, r


def run_ezkl(m, cap, timeout):
    d = os.path.join(WORK, m["name"], "ezkl")
    t = Tool(d, cap, timeout)
    f = {k: os.path.join(d, v) for k, v in (
        ("settings", "settings.json"), ("compiled", "network.ezkl"), ("witness", "witness.json"),
        ("pk", "pk.key"), ("vk", "vk.key"), ("proof", "proof.json"), ("sol", "Verifier.sol"),
        ("abi", "Verifier.abi"), ("calldata", "calldata.hex"), ("calldata_bin", "calldata.bin"))}
    f.update(model=os.path.join(ROOT, m["onnx"]), input=os.path.join(ROOT, m["input"]),
             scale=m["ezkl_scale"])
    for p in ("pk", "proof", "sol", "calldata"):
        if os.path.exists(f[p]):
            os.unlink(f[p])
    out = {"tool": "ezkl"}

    def step(name, must=True, **extra):
        args = dict(f, result=os.path.join(d, name + ".result.json"), **extra)
        if os.path.exists(args["result"]):
            os.unlink(args["result"])
        r = t.run(name, [sys.executable, os.path.abspath(__file__), "--ezkl-step", name,
                         "--args", json.dumps(args)], cwd=d, must=must)
        if r:
            with open(args["result"]) as fh:
                r["call_ms"] = round(json.load(fh)["ms"], 1)
        return r

    step("gen_settings")
    if m["ezkl_scale"] is not None:
        step("calibrate_settings")
    if step("compile_circuit"):
        with open(f["settings"]) as fh:
            st = json.load(fh)
        ra = st["run_args"]
        out.update(rows=st.get("num_rows"), logrows=ra["logrows"], scale=ra["input_scale"],
                   param_scale=ra["param_scale"], lookup_range=ra.get("lookup_range"),
                   check_mode=ra.get("check_mode"))
        f["srs"], r = ezkl_srs(ra["logrows"], cap, timeout)
        t.steps["gen_srs"] = r
        if r["status"] != "ok":
            t.failed = "gen_srs"
    step("gen_witness")
    step("setup")
    if os.path.exists(f["pk"]):
        out["pk_bytes"] = os.path.getsize(f["pk"])
    if os.path.exists(f["vk"]) and t.steps["setup"].get("status") == "ok":
        out["vk_bytes"] = os.path.getsize(f["vk"])
    step("prove")
    if not os.environ.get("EZKL_KEEP_PK") and os.path.exists(f["pk"]):
        os.unlink(f["pk"])  # gigabytes; its size is recorded
    if t.steps["prove"].get("status") == "ok":
        with open(f["proof"]) as fh:
            p = json.load(fh)["proof"]
        out["proof_bytes"] = (len(p) - (2 if p.startswith("0x") else 0)) // 2 \
            if isinstance(p, str) else len(p)
        out["proof_json_bytes"] = os.path.getsize(f["proof"])
    step("verify")
    # Writes the .sol, then wants solc from the internet (svm): expected to fail offline.
    failed = t.failed
    step("create_evm_verifier", must=False)
    if not failed and os.path.exists(f["sol"]):
        out["sol_bytes"] = os.path.getsize(f["sol"])
        step("encode_evm_calldata")
        if t.run("evm-gas", ["node", os.path.join(ROOT, "bench", "models", "evm_gas.mjs"), d]):
            out["evm"] = last_json(os.path.join(d, "evm-gas.log"))
    out["steps"] = t.steps
    return out


# ---- report ---------------------------------------------------------------------------

def machine(zkinfer):
    info = {"cores": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                if ln.startswith("model name"):
                    info["cpu"] = ln.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            info["mem_gib"] = round(int(f.readline().split()[1]) / 1048576.0, 1)
    except OSError:
        pass
    def cmd(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT).stdout.strip()
        except OSError:
            return None
    info["zkinfer_commit"] = cmd(["git", "rev-parse", "--short", "HEAD"])
    try:  # the binary may be older than HEAD
        info["zkinfer_binary_built"] = time.strftime(
            "%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(zkinfer)))
    except OSError:
        pass
    info["zkinfer_dirty"] = bool(cmd(["git", "status", "--porcelain", "--untracked-files=no"]))
    info["gcc"] = (cmd(["gcc", "--version"]) or "").split("\n")[0]
    info["python"] = sys.version.split()[0]
    info["node"] = cmd(["node", "--version"])
    try:
        from importlib.metadata import version
        info["ezkl"] = version("ezkl")
    except Exception:  # noqa: BLE001 - no EZKL in this interpreter
        info["ezkl"] = None
    return info


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def step_ms(r, step):
    s = r.get("steps", {}).get(step, {})
    if s.get("status") != "ok":
        return None
    return s.get("call_ms", s.get("wall_ms"))


def peak_rss(r, steps):
    v = [r["steps"][s]["rss_mib"] for s in steps if r.get("steps", {}).get(s, {}).get("rss_mib")]
    return max(v) if v else None


def print_table(res):
    for name, both in res["models"].items():
        print("\n%s" % name)
        zk, ez = both.get("zkinfer", {}), both.get("ezkl", {})
        for label, key in (("rows", "rows"), ("logrows", "logrows"), ("pk bytes", "pk_bytes"),
                           ("vk bytes", "vk_bytes"), ("proof bytes", "proof_bytes")):
            print("  %-12s %14s %14s" % (label, zk.get(key, "-"), ez.get(key, "-")))
        for label, zs, es in (("setup", "setup", "setup"), ("prove", "prove", "prove"),
                              ("verify", "verify", "verify")):
            a, b = step_ms(zk, zs), step_ms(ez, es)
            sz = zk.get("steps", {}).get(zs, {}).get("status", "-")
            se = ez.get("steps", {}).get(es, {}).get("status", "-")
            print("  %-12s %14s %14s %s" % (label + " ms", "%.0f" % a if a else sz,
                                            "%.0f" % b if b else se,
                                            "ratio %.1f" % (b / a) if a and b else ""))
        for tool, r in (("zkinfer", zk), ("ezkl", ez)):
            if r.get("evm"):
                e = r["evm"]
                print("  %-8s gas %s, bytecode %s B%s" % (tool, e.get("execution_gas"),
                      e.get("bytecode_bytes"),
                      "" if e.get("within_eip170", True) else " (over EIP-170)"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ezkl-step", help=argparse.SUPPRESS)
    ap.add_argument("--args", help=argparse.SUPPRESS)
    ap.add_argument("--zkinfer", default=os.path.join(ROOT, "build", "bench", "zkinfer"))
    ap.add_argument("--models", default=os.environ.get("BENCH_MODELS", "all"))
    ap.add_argument("--ezkl-models", default=os.environ.get("EZKL_MODELS", "all"))
    ap.add_argument("--tools", default=os.environ.get("BENCH_TOOLS", "zkinfer,ezkl"),
                    help="zkinfer, ezkl or both (comma-separated)")
    o = ap.parse_args()
    if o.ezkl_step:
        return ezkl_step(o.ezkl_step, json.loads(o.args))
    cap = float(os.environ.get("BENCH_MEM_CAP_MIB", "12288"))
    timeout = float(os.environ.get("BENCH_STEP_TIMEOUT_S", "900"))
    names = [m["name"] for m in MODELS]
    pick = names if o.models == "all" else [n for n in o.models.split(",") if n]
    ez_pick = [] if o.ezkl_models == "none" else (
        pick if o.ezkl_models == "all" else [n for n in o.ezkl_models.split(",") if n])
    for n in pick + ez_pick:
        if n not in names:
            print("bench-models: unknown model %r (%s)" % (n, ", ".join(names)))
            return 2
    tools = o.tools.split(",")
    have_ezkl = True
    try:
        import ezkl  # noqa: F401
    except ImportError as e:
        have_ezkl = False
        print("bench-models: no EZKL in this Python (%s): zkinfer only" % e)
    os.makedirs(WORK, exist_ok=True)
    try:
        with open(OUT_JSON) as f:
            res = json.load(f)
    except (OSError, ValueError):
        res = {"models": {}}
    res["machine"] = machine(o.zkinfer)
    res["cap_mib"], res["step_timeout_s"] = cap, timeout
    res["date"] = time.strftime("%Y-%m-%d")
    for m in MODELS:
        if m["name"] not in pick:
            continue
        entry = res["models"].setdefault(m["name"], {})
        entry.update(title=m["title"], onnx=m["onnx"], input=m["input"])
        for tool in ("zkinfer", "ezkl"):
            if tool not in tools or (tool == "ezkl" and (not have_ezkl or m["name"] not in ez_pick or
                                                          m.get("ezkl") is False)):
                continue
            print("bench-models: %s, %s (load %s)" % (m["name"], tool, " ".join(
                "%.2f" % x for x in loadavg())), flush=True)
            la0, t0 = loadavg(), time.time()
            r = run_zkinfer(m, o.zkinfer, cap, timeout) if tool == "zkinfer" \
                else run_ezkl(m, cap, timeout)
            r["loadavg_before"], r["loadavg_after"] = la0, loadavg()
            r["date"] = time.strftime("%Y-%m-%d %H:%M")
            r["total_s"] = round(time.time() - t0, 1)
            r["machine"] = res["machine"]
            entry[tool] = r
            tmp = OUT_JSON + ".tmp"
            with open(tmp, "w") as f:
                json.dump(res, f, indent=1)
            os.replace(tmp, OUT_JSON)
    print_table(res)
    print("\nbench-models: figures in %s" % os.path.relpath(OUT_JSON, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
