#!/usr/bin/env python3
"""Markdown tables of `make bench-models` (for docs/BENCHMARKS.md).

Usage: python3 bench/models/report.py [build/bench-models.json]

One table per model: setup, prove and verify time, peak RSS, proving and verifying key,
proof, EVM gas and verifier size for zkinfer and EZKL, and EZKL/zkinfer per figure (above
1: zkinfer smaller or faster). A step that did not finish shows what stopped it. Then the
issue's targets against the measured figures. Standard library only.
"""
import json
import sys


def ok(r, step):
    return r.get("steps", {}).get(step, {}).get("status") == "ok"


def ms(r, step):
    s = r.get("steps", {}).get(step, {})
    return s.get("call_ms", s.get("wall_ms")) if s.get("status") == "ok" else None


def status(r, step):
    if not r:
        return "not run"
    s = r.get("steps", {}).get(step)
    if not s:
        return "not run"
    st = s["status"]
    if st == "ok":
        return None
    if st.startswith("skipped"):
        return st.replace("skipped (", "not reached (").replace(" failed)", " stopped)")
    extra = ""
    if st in ("over the memory cap", "timed out"):
        extra = " after %.0f s, %.1f GiB" % (s["wall_ms"] / 1e3, s["rss_mib"] / 1024.0)
    return "**%s**%s" % (st, extra)


def fmt_ms(v):
    if v is None:
        return None
    if v >= 10000:
        return "%.0f s" % (v / 1e3)
    if v >= 1000:
        return "%.1f s" % (v / 1e3)
    return "%.0f ms" % v if v >= 10 else "%.1f ms" % v


def fmt_b(v):
    if v is None:
        return None
    if v >= 1 << 30:
        return "%.2f GiB" % (v / float(1 << 30))
    if v >= 1 << 20:
        return "%.1f MiB" % (v / float(1 << 20))
    return "{:,} B".format(v)


def fmt_mib(v):
    if v is None:
        return None
    return "%.2f GiB" % (v / 1024.0) if v >= 1024 else "%.0f MiB" % v


def ratio(a, b):
    if a is None or b is None or not a:
        return ""
    r = b / float(a)
    return "%.0f" % r if r >= 20 else "%.1f" % r if r >= 1 else "%.2f" % r


def peak(r, steps):
    v = [r["steps"][s]["rss_mib"] for s in steps
         if r.get("steps", {}).get(s, {}).get("status") == "ok"]
    return max(v) if v else None


def row(label, a, b, fa, fb=None, sa=None, sb=None):
    fb = fb or fa
    ta = fa(a) if a is not None else (sa or "-")
    tb = fb(b) if b is not None else (sb or "-")
    return "| %s | %s | %s | %s |" % (label, ta, tb, ratio(a, b))


def model_table(name, both):
    zk, ez = both.get("zkinfer", {}), both.get("ezkl", {})
    out = ["#### %s (`%s`)" % (both.get("title", name), name), ""]
    out.append("| | zkinfer | EZKL | EZKL / zkinfer |")
    out.append("|---|---:|---:|---:|")
    zs = "scale %s, %s-bit activations" % (zk.get("scale"), zk.get("act_bits")) if zk.get("scale") else "-"
    es = "scale %s/%s, lookup range %s, check_mode %s" % (
        ez.get("scale"), ez.get("param_scale"), ez.get("lookup_range"), ez.get("check_mode")) \
        if ez.get("scale") is not None else "-"
    out.append("| settings | %s | %s | |" % (zs, es))
    out.append("| rows (logrows) | {:,} ({}) | {} | |".format(
        zk.get("rows", 0), zk.get("logrows"),
        "{:,} before folding ({})".format(ez["rows"], ez.get("logrows")) if ez.get("rows") else "-"))
    out.append(row("setup (keygen)", ms(zk, "setup"), ms(ez, "setup"), fmt_ms,
                   sa=status(zk, "setup"), sb=status(ez, "setup")))
    out.append(row("prove", ms(zk, "prove"), ms(ez, "prove"), fmt_ms,
                   sa=status(zk, "prove"), sb=status(ez, "prove")))
    out.append(row("verify", ms(zk, "verify"), ms(ez, "verify"), fmt_ms,
                   sa=status(zk, "verify"), sb=status(ez, "verify")))
    for step in ("setup", "prove"):  # a stopped step's peak is a lower bound: no ratio
        a, b = (r.get("steps", {}).get(step, {}) for r in (zk, ez))
        out.append(row("peak RSS, " + step, a.get("rss_mib") if a.get("status") == "ok" else None,
                       b.get("rss_mib") if b.get("status") == "ok" else None, fmt_mib,
                       sa="≥ " + fmt_mib(a["rss_mib"]) + " (stopped)" if a.get("rss_mib") else None,
                       sb="≥ " + fmt_mib(b["rss_mib"]) + " (stopped)" if b.get("rss_mib") else None))
    out.append(row("proving key", zk.get("pk_bytes"), ez.get("pk_bytes"), fmt_b))
    out.append(row("verifying key", zk.get("vk_bytes"), ez.get("vk_bytes"), fmt_b))
    out.append(row("proof", zk.get("proof_bytes"), ez.get("proof_bytes"), fmt_b))
    ze, ee = zk.get("evm") or {}, ez.get("evm") or {}
    note = ""
    if ee and not (ee.get("within_eip170") and ee.get("within_eip3860")):
        note = " (not deployable on mainnet: over EIP-170/3860; measured with the limits lifted)"
    egas = ee.get("execution_gas") if ee.get("accepted") else None
    out.append(row("EVM verify, execution gas", ze.get("execution_gas") if ze.get("accepted") else None,
                   egas, lambda v: "{:,}".format(v), sa=status(zk, "evm-gas"),
                   sb=status(ez, "evm-gas") or ("not measured" if not ee else "rejected")))
    out.append(row("verifier runtime bytecode" + note.replace("mainnet", "mainnet (EZKL)"), ze.get("bytecode_bytes"),
                   ee.get("bytecode_bytes"), fmt_b))
    gs = ez.get("steps", {}).get("gen_srs", {})
    zsrs = zk.get("steps", {}).get("srs", {})
    out.append("| SRS made locally (not in setup) | %s | %s | |" % (
        "%s (`srs --dev`, 2^%d)" % (fmt_ms(zsrs.get("wall_ms")), zk["logrows"] + 1)
        if zsrs.get("status") == "ok" else status(zk, "srs"),
        "%s (`gen_srs`, 2^%d)" % (fmt_ms(gs.get("call_ms", gs.get("wall_ms"))), ez["logrows"])
        if gs.get("status") == "ok" else status(ez, "gen_srs")))
    la = lambda r: "%.1f / %.1f" % (r["loadavg_before"][0], r["loadavg_after"][0]) if r.get("loadavg_before") else "-"
    out.append("| load average (1 min) before / after | %s | %s | |" % (la(zk), la(ez)))
    out.append("| measured | %s | %s | |" % (zk.get("date", "-"), ez.get("date", "-")))
    cev = ez.get("steps", {}).get("create_evm_verifier", {})
    if cev.get("status") not in (None, "ok"):
        out.append("")
        msg = cev.get("message", "").split(" | ")[-1].strip()
        out.append("EZKL `create_evm_verifier` %s after writing the Solidity file: `%s`." % (
            cev["status"], msg[:200]))
    return out


def targets(res):
    m = res.get("models", {})
    s7, s13 = m.get("mnist-s7", {}), m.get("mnist-s13", {})
    zk7, ez7, zk13 = s7.get("zkinfer", {}), s7.get("ezkl", {}), s13.get("zkinfer", {})
    out = ["| target (issue 9) | measured | met |", "|---|---|---|"]

    def line(label, v, lim, f, le=True):
        if v is None:
            out.append("| %s | not measured | - |" % label)
            return
        met = v <= lim if le else v >= lim
        by = "" if met else (" (missed by %s)" % (f(v - lim) if le else "%.1f×" % (lim / v)))
        out.append("| %s | %s | %s%s |" % (label, f(v), "yes" if met else "no", by))
    line("MNIST scale 7: prove ≤ 2.5 s", ms(zk7, "prove"), 2500, fmt_ms)
    line("MNIST scale 7: peak RSS ≤ 1 GiB", peak(zk7, ("setup", "prove", "verify")), 1024, fmt_mib)
    r = (ms(ez7, "prove") / ms(zk7, "prove")) if ms(ez7, "prove") and ms(zk7, "prove") else None
    line("MNIST scale 7: ≥ 20× faster than EZKL (prove)", r, 20, lambda v: "%.1f×" % v, le=False)
    line("MNIST scale 13: peak RSS ≤ 4 GiB", peak(zk13, ("setup", "prove", "verify")), 4096, fmt_mib)
    line("MNIST scale 13: proof ≤ 5 KiB", zk13.get("proof_bytes"), 5120, fmt_b)
    line("MNIST scale 13: EVM verify ≤ 300,000 gas", (zk13.get("evm") or {}).get("execution_gas"),
         300000, lambda v: "{:,}".format(v))
    line("MNIST scale 7: proof ≤ 5 KiB", zk7.get("proof_bytes"), 5120, fmt_b)
    line("MNIST scale 7: EVM verify ≤ 300,000 gas", (zk7.get("evm") or {}).get("execution_gas"),
         300000, lambda v: "{:,}".format(v))
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "build/bench-models.json"
    with open(path) as f:
        res = json.load(f)
    m = res.get("machine", {})
    zk = m.get("zkinfer_build") or "HEAD %s%s, binary built %s" % (
        m.get("zkinfer_commit"), " (working tree with uncommitted changes)"
        if m.get("zkinfer_dirty") else "", m.get("zkinfer_binary_built", "?"))
    print("Machine: %s, %s cores, %s GiB. zkinfer: %s, %s, `-O3 -march=native`. EZKL %s "
          "(PyPI wheel), Python %s, node %s. Memory cap %.0f MiB." % (
              m.get("cpu"), m.get("cores"), m.get("mem_gib"), zk, m.get("gcc"), m.get("ezkl"),
              m.get("python"), m.get("node"), res.get("cap_mib", 0)))
    for name, both in res.get("models", {}).items():
        print()
        print("\n".join(model_table(name, both)))
    print()
    print("\n".join(targets(res)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
