#!/usr/bin/env python3
"""Strict F1 of polyalign on noisy raw text, per noise level and language pair.

Usage:
    python3 bench/noise_sweep.py [--polyalign build/polyalign] [--data DIR]
                                 [--levels 0,1,2,3,4] [--seeds 1]
                                 [--work build/noisy-cases] [--threads 1]
                                 [--extra 'POLYALIGN OPTIONS']
                                 [--out bench/results/noise-sweep.json] [--markdown]

For every level and seed, bench/make_noisy_cases.py writes the ten ntrex-dev
pairs (each language perturbed on its own: dropped lines, joined neighbours,
same-language lines from distant documents, its own paragraphs) into
WORK/seed-S/level-L. Each pair is aligned on the raw text
(`polyalign align --format jsonl`, which also gives each bead's confidence)
and scored the way bench/eval.py scores raw cases: `polyalign segment`
byte offsets map the sentences onto the gold's units, hypothesis beads that
then share a unit are merged, and bench/score.py gives strict/lax P/R/F1.

Per level (over pairs and seeds) it prints:
  strict F1 mean and worst pair; lax F1 mean;
  ins/del recall: share of the gold's 1-0/0-1 beads (inserted lines, lines
      whose translation was dropped) that the mapped hypothesis has exactly
      (pooled over pairs) -- they count for precision only in the F1;
  conf>=0.9 right: share of the hypothesis beads with confidence >= 0.9 whose
      mapped bead is a gold bead (pooled), and the share of beads that are
      that confident;
  non-1-1: the realised share of gold beads that are not 1-1;
then, per level, the share of gold beads of each shape (1-1, 2-1/1-2,
1-0/0-1, larger) that the mapped hypothesis has exactly, a reliability table
(hypothesis beads in confidence bins, and the share of each bin that is right),
and a per-pair table at the noisiest level; everything is also written as JSON.
Seeds 1 and 2 are development seeds; 101-105 are held out (see
bench/README.md). Exit status 1 if some run failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval as ev  # noqa: E402  (bench/eval.py)
import make_noisy_cases as mk  # noqa: E402
import score as scoring  # noqa: E402
from bench_common import executable_polyalign  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIDENT = 0.9
# Confidence bins of the reliability table: [lower, upper).
BINS = [(0.0, 0.5), (0.5, 0.9), (0.9, 0.99), (0.99, 1.01)]


def align_jsonl(polyalign, a, b, la, lb, threads, timeout, extra=()):
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as f:
        out = f.name
    try:
        ev.run([polyalign, "align", a, b, "--lang-a", la, "--lang-b", lb, "--threads",
                str(threads), "--format", "jsonl", "-o", out, *extra], timeout)
        with open(out, encoding="utf-8") as f:
            beads = [json.loads(line) for line in f if line.strip()]
    finally:
        if os.path.exists(out):
            os.remove(out)
    return [((tuple(bd["a"]), tuple(bd["b"])), float(bd.get("confidence", 0.0))) for bd in beads]


def eval_pair(args, case, cases_dir, seg_cache):
    """One pair: align, map onto units, score. Returns the entry dict."""
    entry = {k: case[k] for k in ("name", "pair", "lang_a", "lang_b", "non_1_1_share",
                                  "gold_beads", "gold_bead_types")}
    warnings = []
    entry["warnings"] = warnings
    a, b = cases_dir / case["a"], cases_dir / case["b"]
    t0 = time.time()
    try:
        hyp_conf = align_jsonl(args.polyalign, a, b, case["lang_a"], case["lang_b"],
                               args.threads, args.timeout, args.extra.split())
        entry["seconds"] = round(time.time() - t0, 3)
        sent_lines = []
        for side, path, lang, spans_key in (("a", a, case["lang_a"], "spans_a"),
                                            ("b", b, case["lang_b"], "spans_b")):
            key = str(path)
            if key not in seg_cache:
                sents = ev.segment(args.polyalign, path, lang, args.timeout)
                with open(cases_dir / case[spans_key], encoding="utf-8") as f:
                    spans = json.load(f)
                seg_warn = []
                lines = ev.sentence_lines(sents, spans, path.read_bytes(), seg_warn,
                                          f"{case['name']} {side}")
                seg_cache[key] = (lines, ev.segmentation_stats(lines, len(spans)), seg_warn)
            lines, stats, seg_warn = seg_cache[key]
            warnings += seg_warn
            sent_lines.append(lines)
            entry.setdefault("segmentation", {})[side] = stats
        hyp = [bd for bd, _ in hyp_conf]
        warnings += ev.coverage_problems(hyp, len(sent_lines[0]), len(sent_lines[1]))
        mapped, merges = ev.map_beads(hyp, sent_lines[0], sent_lines[1], warnings, case["name"])
        entry["beads_merged_by_mapping"] = merges
        gold = scoring.read_beads(cases_dir / case["gold"])
        entry["result"] = scoring.score(gold, mapped)

        gold_set = set(gold)
        mapped_set = set(mapped)
        one_sided = [g for g in gold if not g[0] or not g[1]]
        entry["indel"] = {"gold": len(one_sided),
                          "found": sum(1 for g in one_sided if g in mapped_set)}
        shapes = {}
        for g in gold:
            sh = shape_class(g)
            d = shapes.setdefault(sh, {"gold": 0, "found": 0})
            d["gold"] += 1
            d["found"] += g in mapped_set
        entry["by_shape"] = shapes
        # confident beads: right iff the mapped bead they end up in is gold
        owner = {}
        for bd in mapped:
            for i in bd[0]:
                owner[("a", i)] = bd
            for i in bd[1]:
                owner[("b", i)] = bd
        conf_total = conf_right = 0
        bins = [[0, 0] for _ in BINS]  # per bin: beads, right
        for (src, tgt), c in hyp_conf:
            keys = [("a", u) for s in src if s < len(sent_lines[0]) for u in sent_lines[0][s]]
            keys += [("b", u) for s in tgt if s < len(sent_lines[1]) for u in sent_lines[1][s]]
            if not keys:
                continue
            right = owner.get(keys[0]) in gold_set
            for k, (lo, hi) in enumerate(BINS):
                if lo <= c < hi:
                    bins[k][0] += 1
                    bins[k][1] += right
            if c < CONFIDENT:
                continue
            conf_total += 1
            conf_right += right
        entry["reliability"] = bins
        entry["confident"] = {"beads": conf_total, "right": conf_right,
                              "all_beads": len(hyp_conf)}
    except ev.RunError as e:
        entry["error"] = str(e)
    return entry


SHAPES = ["1-1", "2-1/1-2", "1-0/0-1", "larger"]


def shape_class(bead):
    n = sorted((len(bead[0]), len(bead[1])))
    return {(1, 1): "1-1", (1, 2): "2-1/1-2", (0, 1): "1-0/0-1"}.get(tuple(n), "larger")


def _ratio(a, b):
    return a / b if b else 0.0


def summarise_level(entries):
    ok = [e for e in entries if "result" in e]
    if not ok:
        return {"runs": len(entries), "failed": len(entries)}
    f1 = [e["result"]["strict"]["f1"] for e in ok]
    worst = min(ok, key=lambda e: e["result"]["strict"]["f1"])
    indel_gold = sum(e["indel"]["gold"] for e in ok)
    conf = sum(e["confident"]["beads"] for e in ok)
    return {
        "runs": len(entries), "failed": len(entries) - len(ok),
        "strict_f1_mean": sum(f1) / len(f1),
        "strict_f1_worst": worst["result"]["strict"]["f1"],
        "worst_pair": f"{worst['pair']} (seed {worst['seed']})",
        "strict_p_mean": sum(e["result"]["strict"]["precision"] for e in ok) / len(ok),
        "strict_r_mean": sum(e["result"]["strict"]["recall"] for e in ok) / len(ok),
        "lax_f1_mean": sum(e["result"]["lax"]["f1"] for e in ok) / len(ok),
        "indel_gold": indel_gold,
        "indel_recall": _ratio(sum(e["indel"]["found"] for e in ok), indel_gold),
        "confident_beads": conf,
        "confident_right": _ratio(sum(e["confident"]["right"] for e in ok), conf),
        "confident_share": _ratio(conf, sum(e["confident"]["all_beads"] for e in ok)),
        "by_shape": {sh: {"gold": sum(e["by_shape"].get(sh, {}).get("gold", 0) for e in ok),
                          "found": sum(e["by_shape"].get(sh, {}).get("found", 0) for e in ok)}
                     for sh in SHAPES},
        "reliability": [[sum(e["reliability"][k][0] for e in ok),
                         sum(e["reliability"][k][1] for e in ok)] for k in range(len(BINS))],
        "non_1_1_mean": sum(e["non_1_1_share"] for e in ok) / len(ok),
        "non_1_1_min": min(e["non_1_1_share"] for e in ok),
        "non_1_1_max": max(e["non_1_1_share"] for e in ok),
        "seconds": sum(e.get("seconds", 0) for e in ok),
    }


def render(head, rows, markdown, right_from=1):
    if markdown:
        out = ["| " + " | ".join(head) + " |",
               "|" + "|".join(["---"] * right_from + ["---:"] * (len(head) - right_from)) + "|"]
        return "\n".join(out + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    fmt = lambda r: "  ".join(c.ljust(w) if i < right_from else c.rjust(w)
                              for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([fmt(head)] + [fmt(r) for r in rows])


def level_table(summary, markdown):
    head = ["level", "non-1-1 gold", "strict F1 mean", "worst pair", "lax F1 mean",
            "ins/del recall", "conf>=0.9 right", "conf>=0.9 share"]
    rows = []
    for level, s in summary.items():
        if "strict_f1_mean" not in s:
            rows.append([str(level), "FAILED"] + [""] * 6)
            continue
        rows.append([str(level),
                     f"{s['non_1_1_mean']:.3f} ({s['non_1_1_min']:.2f}-{s['non_1_1_max']:.2f})",
                     f"{s['strict_f1_mean']:.3f}",
                     f"{s['strict_f1_worst']:.3f} {s['worst_pair']}",
                     f"{s['lax_f1_mean']:.3f}",
                     (f"{s['indel_recall']:.3f} of {s['indel_gold']}" if s["indel_gold"]
                      else "-"),
                     f"{s['confident_right']:.3f}",
                     f"{s['confident_share']:.3f}"])
    return render(head, rows, markdown)


def reliability_table(summary, markdown):
    head = ["level"] + [f"conf {lo:.2f}-{min(hi, 1.0):.2f}: right" for lo, hi in BINS]
    rows = []
    for level, s in summary.items():
        if "reliability" not in s:
            continue
        rows.append([str(level)] + [f"{_ratio(r, n):.3f} of {n}" if n else "-"
                                    for n, r in s["reliability"]])
    return render(head, rows, markdown)


def shape_table(summary, markdown):
    head = ["level"] + [f"{sh} found" for sh in SHAPES]
    rows = []
    for level, s in summary.items():
        if "by_shape" not in s:
            continue
        rows.append([str(level)] + [
            f"{_ratio(s['by_shape'][sh]['found'], s['by_shape'][sh]['gold']):.3f} "
            f"of {s['by_shape'][sh]['gold']}" if s["by_shape"][sh]["gold"] else "-"
            for sh in SHAPES])
    return render(head, rows, markdown)


def pair_table(entries, markdown):
    head = ["pair", "seed", "non-1-1 gold", "strict P", "strict R", "strict F1", "lax F1",
            "ins/del recall", "conf>=0.9 right"]
    rows = []
    for e in sorted(entries, key=lambda e: (e["pair"], e["seed"])):
        if "result" not in e:
            rows.append([e["pair"], str(e["seed"]), "FAILED"] + [""] * 6)
            continue
        r = e["result"]
        rows.append([e["pair"], str(e["seed"]), f"{e['non_1_1_share']:.3f}",
                     f"{r['strict']['precision']:.3f}", f"{r['strict']['recall']:.3f}",
                     f"{r['strict']['f1']:.3f}", f"{r['lax']['f1']:.3f}",
                     (f"{_ratio(e['indel']['found'], e['indel']['gold']):.3f}"
                      if e["indel"]["gold"] else "-"),
                     f"{_ratio(e['confident']['right'], e['confident']['beads']):.3f}"])
    return render(head, rows, markdown, right_from=2)


def int_list(text):
    return [int(x) for x in text.split(",") if x.strip()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polyalign", default=str(REPO_ROOT / "build" / "polyalign"),
                    help="the polyalign binary (default: %(default)s)")
    ap.add_argument("--data", default=mk.default_data(),
                    help="ntrex-dev directory (default: $POLYALIGN_DATA/ntrex-dev, else "
                         "%(default)s)")
    ap.add_argument("--levels", type=int_list, default=list(mk.LEVELS),
                    help="comma-separated noise levels (default: 0,1,2,3,4)")
    ap.add_argument("--seeds", type=int_list, default=[1],
                    help="comma-separated seeds (default: 1; development seeds are 1,2)")
    ap.add_argument("--work", default=str(REPO_ROOT / "build" / "noisy-cases"),
                    help="where the cases are written (default: %(default)s)")
    ap.add_argument("--threads", type=int, default=1, help="polyalign --threads (default: 1)")
    ap.add_argument("--extra", default="",
                    help="more `polyalign align` options, e.g. '--fixed-model' (default: none)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per polyalign run")
    ap.add_argument("--out", default=str(REPO_ROOT / "bench" / "results" / "noise-sweep.json"),
                    help="JSON results (default: %(default)s)")
    ap.add_argument("--markdown", action="store_true", help="print the tables as markdown")
    args = ap.parse_args(argv)

    args.polyalign = executable_polyalign(args.polyalign, "noise_sweep.py")
    if args.polyalign is None:
        return 2
    data = Path(args.data)
    if not (data / "documents.tsv").is_file():
        print(f"noise_sweep.py: error: no documents.tsv in {data}", file=sys.stderr)
        return 2
    bad = [x for x in args.levels if x not in mk.LEVELS]
    if bad:
        print(f"noise_sweep.py: error: unknown level(s) {bad}", file=sys.stderr)
        return 2

    t_start = time.time()
    entries = []
    for level in args.levels:
        for seed in args.seeds:
            cases_dir = Path(args.work) / f"seed-{seed}" / f"level-{level}"
            cases = mk.make_cases(data, cases_dir, level, seed)
            seg_cache = {}
            for case in cases:
                e = eval_pair(args, case, cases_dir, seg_cache)
                e["level"], e["seed"] = level, seed
                entries.append(e)
                if "error" in e:
                    print(f"level {level} seed {seed} {case['pair']}: FAILED: {e['error']}",
                          file=sys.stderr)
                else:
                    print(f"level {level} seed {seed} {case['pair']}: "
                          f"{scoring.format_result(e['result'])}  ({e['seconds']:.1f} s)",
                          file=sys.stderr)
                for w in e["warnings"]:
                    print(f"level {level} seed {seed} {case['pair']}: warning: {w}",
                          file=sys.stderr)

    summary = {level: summarise_level([e for e in entries if e["level"] == level])
               for level in args.levels}
    top = max(args.levels)
    print(f"Noisy raw text, seeds {','.join(map(str, args.seeds))}: per level "
          f"(means over pairs{' and seeds' if len(args.seeds) > 1 else ''})")
    print(level_table(summary, args.markdown))
    print()
    print("Gold beads found exactly, by shape (pooled over pairs and seeds):")
    print(shape_table(summary, args.markdown))
    print()
    print("Reliability: hypothesis beads by confidence, share whose mapped bead is a gold bead "
          "(pooled over pairs and seeds):")
    print(reliability_table(summary, args.markdown))
    print()
    print(f"Per pair at level {top}:")
    print(pair_table([e for e in entries if e["level"] == top], args.markdown))
    print()
    print("non-1-1 gold: mean (min-max) share of gold beads that are not 1-1. ins/del recall: "
          "gold 1-0/0-1 beads found exactly (pooled). conf>=0.9 right: hypothesis beads with "
          "confidence >= 0.9 whose mapped bead is a gold bead (pooled); share: of all beads.")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        shown = args.polyalign
        if shown.startswith(str(REPO_ROOT) + os.sep):
            shown = os.path.relpath(shown, REPO_ROOT)
        json.dump({"polyalign": shown, "levels": args.levels, "seeds": args.seeds,
                   "threads": args.threads, "extra": args.extra, "seconds": round(time.time() - t_start, 1),
                   "summary": {str(k): v for k, v in summary.items()}, "runs": entries},
                  f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"wrote {args.out} ({time.time() - t_start:.0f} s)", file=sys.stderr)
    return 1 if any("error" in e for e in entries) else 0


if __name__ == "__main__":
    sys.exit(main())
