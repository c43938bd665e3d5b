#!/usr/bin/env python3
"""polyalign against NLTK's Gale-Church aligner on the same presegmented pairs.

Usage:
    python3 bench/nltk_compare.py [--polyalign build/polyalign]
        [--sizes 1k,2k,5k,10k] [--max-seconds 300] [--max-mb 8000]
        [--python /usr/bin/python3] [--pairs-dir build/scale-pairs]
        [--pair en-de] [--seed 1] [--timeout 600] [--out bench/results/nltk.json]

For each size N (sentences per side, ascending) it generates the pair with
bench/gen_pairs.py (same cache as bench/whole_process.py) and measures, one
process at a time and each under /usr/bin/time (wall seconds, peak RSS):

  nltk        `/usr/bin/python3 bench/nltk_compare.py --worker a.txt b.txt OUT`:
              reads both files, takes each line's length in characters
              (Python len(), as Gale & Church count characters) and calls
              nltk.translate.gale_church.align_blocks(lengths_a, lengths_b)
              on the whole text as ONE block (the inputs have no paragraph
              marks). The worker also records the time of align_blocks alone.
  no-anchors  polyalign align --presegmented --no-anchors (length model only:
              the like-for-like comparison with Gale-Church)
  default     polyalign align --presegmented (length + anchors + word links)

polyalign gets `--threads 1` when the binary has that option, so that both
sides of the comparison use one core.

NLTK's align_blocks fills the full (N+1) x (M+1) dynamic-programming table in
pure Python and keeps a backlink dict entry per cell, so time and memory grow
with N*M. Before each size the NLTK time and peak memory are extrapolated from
the sizes already measured (per-cell cost of the largest one; memory = linear
fit in cells); a size whose prediction exceeds --max-seconds (default 300) or
--max-mb (default 8000) is not run and is recorded as "skipped" with the
prediction. The first size is always run.

align_blocks returns (i, j) index pairs, every sentence pair of a bead (a 2-1
bead gives two pairs; 1-0 and 0-1 beads give none). They are turned back
into beads as the connected components of the bipartite link graph, plus a
[i]:[] / []:[j] bead for every unlinked sentence. Reported per size: time
ratios (NLTK wall / polyalign wall; both whole-process), peak memory,
agreement = share of NLTK's beads that polyalign outputs identically (per
polyalign configuration), and each one's strict (and lax) F1 against the
exact gold (bench/score.py).

Writes --out (JSON) and prints two markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from bench_common import (binary_default_threads, measured_binary, parse_sizes,  # noqa: E402
                          result_header, size_label, write_json)
from gen_pairs import DEFAULT_DATA, ensure_pairs  # noqa: E402
from score import read_beads, score  # noqa: E402
from whole_process import run_measured, run_polyalign  # noqa: E402

PA_CONFIGS = ["no-anchors", "default"]


# ---------------------------------------------------------------- worker side

def links_to_beads(links, n_a: int, n_b: int):
    """NLTK (i, j) links -> beads: connected components of the link graph,
    plus one-sided beads for unlinked sentences, in text order."""
    parent = {}

    def find(x):
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for i, j in links:
        a, b = ("a", i), ("b", j)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    groups = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    beads = []
    for members in groups.values():
        src = tuple(sorted(k for side, k in members if side == "a"))
        tgt = tuple(sorted(k for side, k in members if side == "b"))
        beads.append((src, tgt))
    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    beads += [((i,), ()) for i in range(n_a) if i not in linked_a]
    beads += [((), (j,)) for j in range(n_b) if j not in linked_b]
    return _order_beads(beads)


def _order_beads(beads):
    """Sorts beads into text order (monotone alignments: sort by A id, and
    insert B-only beads before the first bead with a larger B id)."""
    with_a = sorted((b for b in beads if b[0]), key=lambda b: b[0][0])
    only_b = sorted((b for b in beads if not b[0]), key=lambda b: b[1][0])
    out = []
    k = 0
    for bead in with_a:
        if bead[1]:
            while k < len(only_b) and only_b[k][1][0] < bead[1][0]:
                out.append(only_b[k])
                k += 1
        out.append(bead)
    out.extend(only_b[k:])
    return out


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def worker(a_path, b_path, out_prefix) -> int:
    t0 = time.perf_counter()
    from nltk.translate import gale_church  # noqa: E402 (timed)
    import nltk
    t_import = time.perf_counter() - t0
    lens_a = [len(line) for line in read_lines(a_path)]
    lens_b = [len(line) for line in read_lines(b_path)]
    t1 = time.perf_counter()
    links = gale_church.align_blocks(lens_a, lens_b)
    t_align = time.perf_counter() - t1
    beads = links_to_beads(links, len(lens_a), len(lens_b))
    with open(out_prefix + ".beads", "w", encoding="utf-8") as f:
        for src, tgt in beads:
            f.write("[{}]:[{}]\n".format(",".join(map(str, src)), ",".join(map(str, tgt))))
    with open(out_prefix + ".json", "w", encoding="utf-8") as f:
        json.dump({"nltk_version": nltk.__version__, "import_s": round(t_import, 3),
                   "align_s": round(t_align, 3), "links": len(links),
                   "beads": len(beads), "python": sys.version.split()[0]}, f)
    return 0


# ---------------------------------------------------------------- driver side

def _norm(beads):
    return {(tuple(sorted(s)), tuple(sorted(t))) for s, t in beads if s or t}


def predict(measured, cells):
    """Extrapolates NLTK's wall time and peak MB to `cells` DP cells from the
    measured runs [(cells, align_s, wall_s, peak_mb)]."""
    if not measured:
        return None, None
    c_big, align_big, wall_big, mb_big = max(measured)
    overhead = max(wall_big - align_big, 0.0)
    t = overhead + align_big / c_big * cells
    if len(measured) >= 2:
        pts = sorted(measured)[-2:]
        (c1, _, _, m1), (c2, _, _, m2) = pts
        slope = (m2 - m1) / (c2 - c1) if c2 != c1 else m2 / c2
        slope = max(slope, 0.0)
        mb = m2 + slope * (cells - c2)
    else:
        mb = mb_big / c_big * cells  # proportional: an overestimate, so safe
    return t, mb


def run_nltk(python, pair_dir: Path, timeout: float) -> dict:
    prefix = str(pair_dir / "hyp.nltk")
    for ext in (".beads", ".json"):
        if os.path.exists(prefix + ext):
            os.unlink(prefix + ext)
    cmd = [python, str(Path(__file__).resolve()), "--worker", str(pair_dir / "a.txt"),
           str(pair_dir / "b.txt"), prefix]
    res = run_measured(cmd, timeout)
    run = {"command": " ".join(cmd).replace(str(REPO_ROOT) + "/", ""), **res}
    if res["status"] == "ok":
        with open(prefix + ".json", encoding="utf-8") as f:
            run.update(json.load(f))
        run["beads_path"] = prefix + ".beads"
    return run


def f3(v):
    return "–" if v is None else f"{v:.3f}"


def f2(v):
    return "–" if v is None else f"{v:.2f}"


def markdown(rows) -> str:
    t = ["| sentences/side | NLTK wall s (align_blocks s) | NLTK peak MB | "
         "polyalign --no-anchors s / MB | polyalign default s / MB | "
         "NLTK ÷ no-anchors time | NLTK ÷ default time |",
         "|---:|---:|---:|---:|---:|---:|---:|"]
    q = ["| sentences/side | NLTK beads identical in --no-anchors | in default | "
         "strict F1 NLTK | strict F1 --no-anchors | strict F1 default | lax F1 NLTK / no-anchors / default |",
         "|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        nl = r["nltk"]
        pa = r["polyalign"]

        def pa_cell(c):
            p = pa.get(c, {})
            if p.get("status") != "ok":
                return p.get("status", "–")
            return f"{p['wall_s']:.2f} / {p['peak_rss_mb']:.0f}"
        if nl["status"] == "ok":
            ncell = f"{nl['wall_s']:.1f} ({nl['align_s']:.1f})"
            nmb = f"{nl['peak_rss_mb']:.0f}"
        elif nl["status"] == "skipped":
            ncell = f"skipped (predicted {nl['predicted_s']:.0f} s)"
            nmb = f"(predicted {nl['predicted_mb']:.0f})"
        else:
            ncell = nl["status"]
            nmb = "–"
        ratio = r.get("time_ratio", {})
        t.append(f"| {size_label(r['n'])} | {ncell} | {nmb} | {pa_cell('no-anchors')} | "
                 f"{pa_cell('default')} | "
                 + (f"{ratio['no-anchors']:.0f}×" if ratio.get("no-anchors") else "–") + " | "
                 + (f"{ratio['default']:.0f}×" if ratio.get("default") else "–") + " |")
        agr = r.get("agreement", {})

        def f1(d, kind="strict"):
            return d.get(kind, {}).get("f1") if d.get("status") == "ok" else None
        q.append(f"| {size_label(r['n'])} | {f3(agr.get('no-anchors'))} | {f3(agr.get('default'))} | "
                 f"{f3(f1(nl))} | {f3(f1(pa.get('no-anchors', {})))} | {f3(f1(pa.get('default', {})))} | "
                 f"{f3(f1(nl, 'lax'))} / {f3(f1(pa.get('no-anchors', {}), 'lax'))} / "
                 f"{f3(f1(pa.get('default', {}), 'lax'))} |")
    return "\n".join(t) + "\n\n" + "\n".join(q)


def main(argv=None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "--worker":
        if len(argv) != 4:
            print("usage: nltk_compare.py --worker A B OUT_PREFIX", file=sys.stderr)
            return 2
        return worker(*argv[1:])

    ap = argparse.ArgumentParser(description="NLTK Gale-Church vs polyalign: time, memory, "
                                             "agreement and F1 on generated pairs.")
    ap.add_argument("--polyalign", type=Path, default=REPO_ROOT / "build" / "polyalign")
    ap.add_argument("--sizes", default="1k,2k,5k,10k")
    ap.add_argument("--max-seconds", type=float, default=300,
                    help="skip NLTK sizes predicted to take longer than this")
    ap.add_argument("--max-mb", type=float, default=8000,
                    help="skip NLTK sizes predicted to need more peak memory than this")
    ap.add_argument("--timeout", type=float, default=600, help="hard limit per process")
    ap.add_argument("--python", default="/usr/bin/python3", help="interpreter with nltk")
    ap.add_argument("--pairs-dir", type=Path, default=REPO_ROOT / "build" / "scale-pairs")
    ap.add_argument("--pair", default="en-de")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "nltk.json")
    args = ap.parse_args(argv)

    binary = args.polyalign.resolve()
    if not os.access(binary, os.X_OK):
        print(f"nltk_compare.py: no executable {binary}", file=sys.stderr)
        return 2
    binary, info = measured_binary(binary, args.pairs_dir)
    # NLTK runs on one core; so does polyalign here (--threads 1 when the
    # binary has that option).
    pass_threads = binary_default_threads(binary) is not None
    doc = {
        **result_header("nltk_compare", info, args.pair, args.seed),
        "max_seconds": args.max_seconds,
        "max_mb": args.max_mb,
        "polyalign_threads": 1,
        "nltk_call": "nltk.translate.gale_church.align_blocks(char lengths A, char lengths B), "
                     "whole text as one block, default LanguageIndependent parameters",
        "rows": [],
    }
    measured = []  # (cells, align_s, wall_s, peak_mb)
    for n in parse_sizes(args.sizes):
        label = size_label(n)
        pair_dir = args.pairs_dir / f"{args.pair}-n{n}-s{args.seed}"
        meta = ensure_pairs(n, pair_dir, seed=args.seed, pair=args.pair, data=args.data)
        cells = (meta["lines_a"] + 1) * (meta["lines_b"] + 1)
        row = {"n": n, "lines_a": meta["lines_a"], "lines_b": meta["lines_b"],
               "dp_cells": cells}
        gold = read_beads(str(pair_dir / "gold"))

        # polyalign, both configurations
        pa_beads = {}
        row["polyalign"] = {}
        for config in PA_CONFIGS:
            print(f"[{label}] polyalign {config} ...", file=sys.stderr, flush=True)
            run = run_polyalign(binary, pair_dir, meta, config, args.timeout, 1,
                                pass_threads=pass_threads)
            row["polyalign"][config] = {k: run.get(k) for k in (
                "status", "wall_s", "user_s", "sys_s", "peak_rss_mb", "strict", "lax",
                "hyp_beads", "command", "stderr_tail") if k in run}
            if run["status"] == "ok":
                pa_beads[config] = _norm(read_beads(str(pair_dir / f"hyp.{config}")))

        # NLTK
        pred_t, pred_mb = predict(measured, cells)
        if pred_t is not None and (pred_t > args.max_seconds or pred_mb > args.max_mb):
            reason = []
            if pred_t > args.max_seconds:
                reason.append(f"predicted {pred_t:.0f} s > --max-seconds {args.max_seconds:g}")
            if pred_mb > args.max_mb:
                reason.append(f"predicted {pred_mb:.0f} MB > --max-mb {args.max_mb:g}")
            nl = {"status": "skipped", "predicted_s": round(pred_t, 1),
                  "predicted_mb": round(pred_mb, 1), "reason": "; ".join(reason)}
            print(f"[{label}] NLTK skipped: {nl['reason']}", file=sys.stderr, flush=True)
        else:
            print(f"[{label}] NLTK ..." + (f" (predicted {pred_t:.0f} s, {pred_mb:.0f} MB)"
                                           if pred_t is not None else ""),
                  file=sys.stderr, flush=True)
            nl = run_nltk(args.python, pair_dir, min(args.timeout, 2 * args.max_seconds))
            if pred_t is not None:
                nl["predicted_s"] = round(pred_t, 1)
                nl["predicted_mb"] = round(pred_mb, 1)
            if nl["status"] == "ok":
                measured.append((cells, nl["align_s"], nl["wall_s"], nl["peak_rss_mb"]))
                nbeads = read_beads(nl["beads_path"])
                sc = score(gold, nbeads)
                nl["strict"] = {k: round(v, 4) for k, v in sc["strict"].items()}
                nl["lax"] = {k: round(v, 4) for k, v in sc["lax"].items()}
                nset = _norm(nbeads)
                row["agreement"] = {c: round(len(nset & pb) / len(nset), 4) if nset else None
                                    for c, pb in pa_beads.items()}
                row["time_ratio"] = {c: round(nl["wall_s"] / row["polyalign"][c]["wall_s"], 1)
                                     for c in pa_beads}
            print(f"[{label}] NLTK: {nl['status']}"
                  + (f" {nl['wall_s']:.1f} s, {nl['peak_rss_mb']:.0f} MB, strict F1 "
                     f"{nl['strict']['f1']:.3f}" if nl["status"] == "ok" else ""),
                  file=sys.stderr, flush=True)
        row["nltk"] = nl
        doc["rows"].append(row)
        if nl["status"] == "ok" and "nltk_version" in nl:
            doc["nltk_version"] = nl["nltk_version"]

    write_json(args.out, doc)
    print(f"polyalign: {doc['polyalign']['commit']} (binary {doc['polyalign']['binary_mtime']})")
    print(markdown(doc["rows"]))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
