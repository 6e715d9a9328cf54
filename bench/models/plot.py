#!/usr/bin/env python3
"""Draws prove time and peak memory against circuit rows for zkinfer and EZKL.

Usage: python3 bench/models/plot.py build/bench-models.json docs/bench-models.svg

Reads the figures bench/models/run_models.py wrote and writes one SVG file (standard
library only, no plotting package): two log-log panels, prove time (s) and peak RSS
of the prove step (MiB), each point one model for one tool, its x the circuit rows that
tool reports (zkinfer: rows of settings.json; EZKL: num_rows of its settings, before
folding into columns). A prove step that did not finish is drawn hollow at the value
where it was stopped (memory cap or time limit), labelled with what happened.
"""
import json
import math
import sys

W, H = 880, 400
PANEL_W, PANEL_H = 340, 280
COLORS = {"zkinfer": "#1f6fb4", "ezkl": "#d9541e"}


def points(res):
    out = []
    for name, both in res.get("models", {}).items():
        for tool in ("zkinfer", "ezkl"):
            r = both.get(tool)
            if not r or not r.get("rows"):
                continue
            st = r.get("steps", {}).get("prove", {})
            status = st.get("status", "not run")
            if status.startswith("skipped"):
                # the step that stopped this tool stands for the model
                for s in ("setup", "gen_srs", "gen_witness", "compile_circuit"):
                    if r["steps"].get(s, {}).get("status") not in (None, "ok") and \
                            not r["steps"][s]["status"].startswith("skipped"):
                        st, status = r["steps"][s], "%s: %s" % (s, r["steps"][s]["status"])
                        break
            ms = st.get("call_ms", st.get("wall_ms"))
            rss = st.get("rss_mib")
            if ms is None or rss is None:
                continue
            out.append({"model": name, "tool": tool, "rows": r["rows"], "s": ms / 1e3,
                        "mib": rss, "ok": status == "ok", "status": status})
    return out


def log_axis(vals):
    lo = 10 ** math.floor(math.log10(min(vals)))
    hi = 10 ** math.ceil(math.log10(max(vals)))
    if hi / lo < 100:
        hi = lo * 100
    return lo, hi


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def panel(x0, y0, pts, key, ylabel, title, cap=None):
    xs = [p["rows"] for p in pts]
    ys = [p[key] for p in pts] + ([cap] if cap else [])
    xlo, xhi = log_axis(xs)
    ylo, yhi = log_axis(ys)

    def X(v):
        return x0 + PANEL_W * (math.log10(v) - math.log10(xlo)) / (math.log10(xhi) - math.log10(xlo))

    def Y(v):
        return y0 + PANEL_H - PANEL_H * (math.log10(v) - math.log10(ylo)) / (math.log10(yhi) - math.log10(ylo))

    s = ['<text x="%d" y="%d" font-size="14" font-weight="bold">%s</text>' % (x0, y0 - 12, esc(title)),
         '<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#444"/>' % (x0, y0, PANEL_W, PANEL_H)]
    d = xlo
    while d <= xhi * 1.001:
        s.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>' % (X(d), y0, X(d), y0 + PANEL_H))
        s.append('<text x="%.1f" y="%d" font-size="11" text-anchor="middle">%s</text>' % (
            X(d), y0 + PANEL_H + 15, "1e%d" % round(math.log10(d))))
        d *= 10
    d = ylo
    while d <= yhi * 1.001:
        s.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (x0, Y(d), x0 + PANEL_W, Y(d)))
        s.append('<text x="%d" y="%.1f" font-size="11" text-anchor="end">%g</text>' % (x0 - 5, Y(d) + 4, d))
        d *= 10
    s.append('<text x="%d" y="%d" font-size="12" text-anchor="middle">circuit rows</text>' % (
        x0 + PANEL_W // 2, y0 + PANEL_H + 32))
    s.append('<text x="%d" y="%d" font-size="12" text-anchor="middle" transform="rotate(-90 %d %d)">%s</text>'
             % (x0 - 42, y0 + PANEL_H // 2, x0 - 42, y0 + PANEL_H // 2, esc(ylabel)))
    if cap:
        s.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#999" stroke-dasharray="4 3"/>' % (
            x0, Y(cap), x0 + PANEL_W, Y(cap)))
        s.append('<text x="%d" y="%.1f" font-size="10" fill="#666" text-anchor="end">memory cap</text>' % (
            x0 + PANEL_W - 3, Y(cap) - 3))
    for p in pts:
        c = COLORS[p["tool"]]
        fill = c if p["ok"] else "white"
        s.append('<circle cx="%.1f" cy="%.1f" r="5" fill="%s" stroke="%s" stroke-width="2"><title>%s</title></circle>'
                 % (X(p["rows"]), Y(p[key]), fill, c, esc("%s %s: %s" % (p["tool"], p["model"], p["status"]))))
        label = p["model"] + ("" if p["ok"] else " (stopped)")
        s.append('<text x="%.1f" y="%.1f" font-size="10" fill="%s">%s</text>' % (
            X(p["rows"]) + 7, Y(p[key]) + 3, c, esc(label)))
    return s


def main():
    if len(sys.argv) != 3:
        print("usage: plot.py bench-models.json out.svg", file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        res = json.load(f)
    pts = points(res)
    if not pts:
        print("plot: no prove figures in %s" % sys.argv[1])
        return 1
    m = res.get("machine", {})
    s = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif">' % (W, H),
         '<rect width="100%" height="100%" fill="white"/>']
    s += panel(70, 40, pts, "s", "prove time (s)", "Prove time")
    s += panel(510, 40, pts, "mib", "peak RSS of prove (MiB)", "Peak memory", cap=res.get("cap_mib"))
    foot = "zkinfer %s vs EZKL %s, %s, %s cores, %s GiB; filled: finished, hollow: stopped at the cap or limit" % (
        m.get("zkinfer_commit", "?"), m.get("ezkl", "?"), res.get("date", "?"), m.get("cores", "?"),
        m.get("mem_gib", "?"))
    s.append('<text x="70" y="%d" font-size="11" fill="#444">%s</text>' % (H - 14, esc(foot)))
    for i, (tool, c) in enumerate(COLORS.items()):
        s.append('<circle cx="%d" cy="%d" r="5" fill="%s"/><text x="%d" y="%d" font-size="12">%s</text>' % (
            W - 170 + i * 80, 18, c, W - 162 + i * 80, 22, tool))
    s.append("</svg>")
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(s) + "\n")
    print("plot: wrote %s (%d points)" % (sys.argv[2], len(pts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
