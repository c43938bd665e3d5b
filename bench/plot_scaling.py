#!/usr/bin/env python3
"""Plots polyalign's (and NLTK Gale-Church's) time and memory against length.

Usage:
    /usr/bin/python3 bench/plot_scaling.py [--scaling bench/results/scaling.json]
        [--nltk bench/results/nltk.json] [--out bench/results/scaling.png]

Reads the output of bench/whole_process.py (and of bench/nltk_compare.py if
that file exists) and draws one PNG (matplotlib, Agg backend) with three
panels against sentences per side (log x axis):

  1. wall time in seconds (log-log): polyalign default, polyalign
     --no-anchors, NLTK align_blocks (whole process);
  2. peak resident memory in MB (log-log), same series;
  3. seconds per 1k sentences (log y), so that linear scaling shows as a flat
     line and quadratic scaling as a rising one.

Measured points are solid markers joined by lines. A run that timed out is
drawn as an upward triangle at its time limit (the true time is larger); an
NLTK size skipped because of its extrapolated cost is drawn hollow on a
dotted line at the predicted value. The polyalign commit and binary time
go in the title.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent

STYLE = {
    "default": dict(color="#1f77b4", marker="o", label="polyalign (default: length + anchors)"),
    "no-anchors": dict(color="#2ca02c", marker="s", label="polyalign --no-anchors (length only)"),
    "nltk": dict(color="#d62728", marker="D", label="NLTK gale_church.align_blocks"),
}


def _sent(r):
    return (r["lines_a"] + r["lines_b"]) / 2


def series_from_scaling(doc):
    """{config: {"ok": [(n, wall, mb, s_per_1k)], "timeout": [(n, limit)]}}"""
    out = {}
    for r in doc.get("runs", []):
        s = out.setdefault(r["config"], {"ok": [], "timeout": [], "predicted": []})
        if r["status"] == "ok":
            s["ok"].append((_sent(r), r["wall_s"], r["peak_rss_mb"], r["s_per_1k_sentences"]))
        elif r["status"] == "timeout":
            s["timeout"].append((_sent(r), r["timeout_s"]))
    return out


def series_from_nltk(doc):
    s = {"ok": [], "timeout": [], "predicted": []}
    for row in doc.get("rows", []):
        n = _sent(row)
        nl = row["nltk"]
        if nl["status"] == "ok":
            s["ok"].append((n, nl["wall_s"], nl["peak_rss_mb"], nl["wall_s"] / (n / 1000)))
        elif nl["status"] == "timeout":
            s["timeout"].append((n, nl.get("timeout_s") or nl.get("wall_s")))
        elif nl["status"] == "skipped":
            s["predicted"].append((n, nl["predicted_s"], nl["predicted_mb"],
                                   nl["predicted_s"] / (n / 1000)))
    return s


def _human(x, _pos=None):
    if x >= 1e6:
        return f"{x / 1e6:g}M"
    if x >= 1e3:
        return f"{x / 1e3:g}k"
    return f"{x:g}"


def draw(series, title, out_path):
    fig, axes = plt.subplots(1, 3, figsize=(17, 5.4))
    panels = [(1, "wall time (s)", "Time, whole process"),
              (2, "peak RSS (MB)", "Peak memory"),
              (3, "seconds per 1k sentences", "Time per 1k sentences (flat = linear)")]
    for ax, (idx, ylabel, ptitle) in zip(axes, panels):
        for name, s in series.items():
            st = STYLE.get(name, dict(color="gray", marker="x", label=name))
            ok = sorted(s["ok"])
            if ok:
                ax.plot([p[0] for p in ok], [p[idx] for p in ok], color=st["color"],
                        marker=st["marker"], linewidth=2, markersize=7, label=st["label"])
                for k, p in enumerate(ok):
                    if idx == 1:
                        above = name == "default" and k > 0
                        ax.annotate(f"{p[1]:.3g} s", (p[0], p[1]), textcoords="offset points",
                                    xytext=(-7, 5) if above else (
                                        (6, 5) if name == "default" else (6, -11)),
                                    ha="right" if above else "left",
                                    fontsize=8, color=st["color"])
            pred = sorted(s["predicted"])
            if pred:
                xs = ([ok[-1][0]] if ok else []) + [p[0] for p in pred]
                ys = ([ok[-1][idx]] if ok else []) + [p[idx] for p in pred]
                ax.plot(xs, ys, color=st["color"], linestyle=":", linewidth=1.5)
                ax.plot([p[0] for p in pred], [p[idx] for p in pred], linestyle="none",
                        marker=st["marker"], markersize=8, markerfacecolor="white",
                        markeredgecolor=st["color"], label=f"{st['label']}: skipped, extrapolated"
                        if idx == 1 else None)
            if s["timeout"] and idx in (1, 3):
                tx = [t[0] for t in s["timeout"]]
                ty = [t[1] if idx == 1 else t[1] / (t[0] / 1000) for t in s["timeout"]]
                ax.plot(tx, ty, linestyle="none", marker="^", markersize=11,
                        color=st["color"], label=f"{st['label']}: timed out (≥)"
                        if idx == 1 else None)
                if ok:
                    ax.plot([ok[-1][0], tx[0]], [ok[-1][idx], ty[0]], color=st["color"],
                            linestyle="--", linewidth=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo / 1.4, hi * 1.4)  # room for the value labels
        ax.set_xlabel("sentences per side")
        ax.set_ylabel(ylabel)
        ax.set_title(ptitle)
        ax.xaxis.set_major_formatter(FuncFormatter(_human))
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: f"{y:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.grid(True, which="major", alpha=0.4)
        ax.grid(True, which="minor", alpha=0.12)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 3), fontsize=9,
               frameon=False)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout(rect=(0, 0.1, 1, 0.95))
    fig.savefig(out_path, dpi=110)
    plt.close(fig)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="PNG of time and memory against length.")
    ap.add_argument("--scaling", type=Path, default=BENCH_DIR / "results" / "scaling.json")
    ap.add_argument("--nltk", type=Path, default=BENCH_DIR / "results" / "nltk.json")
    ap.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "scaling.png")
    args = ap.parse_args(argv)
    with open(args.scaling, encoding="utf-8") as f:
        scaling = json.load(f)
    series = series_from_scaling(scaling)
    if args.nltk.exists():
        with open(args.nltk, encoding="utf-8") as f:
            series["nltk"] = series_from_nltk(json.load(f))
    order = ["default", "no-anchors", "nltk"]
    series = {k: series[k] for k in sorted(series, key=lambda k: order.index(k)
                                           if k in order else 9)}
    pa = scaling.get("polyalign", {})
    m = scaling.get("machine", {})
    title = (f"polyalign align --presegmented, {scaling.get('pair', '')} pairs generated from "
             f"ntrex-dev (bench/gen_pairs.py, seed {scaling.get('seed')}) — "
             f"commit {pa.get('commit', '?')[:7]}, binary {pa.get('binary_mtime', '?')}"
             + (" (uncommitted engine changes)" if pa.get("uncommitted_engine_files") else "")
             + f"\n{m.get('cpu', '')}, {m.get('cores')} cores, one run at a time; polyalign "
               f"--threads {scaling.get('threads', 1)}"
             + (" (the binary's default)" if scaling.get("threads", 1) != 1 else "")
             + ("; NLTK single-threaded (bench/nltk_compare.py)" if "nltk" in series else ""))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    draw(series, title, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
