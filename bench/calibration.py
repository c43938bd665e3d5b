#!/usr/bin/env python3
"""Calibration of polyalign's bead confidences against gold alignments.

Runs `polyalign align --format jsonl` on Text+Berg dev and on the NTREX
perturbed cases (presegmented, so bead indices are the gold's), marks each
bead correct when it equals a gold bead exactly (strict), and prints, per
confidence bin, how many beads fall in it and how many of them are correct.
A calibrated aligner has accuracy close to the bin's confidence; the claim
polyalign makes is that among beads with confidence >= 0.9, at least 90% are
correct.

    python3 bench/calibration.py [--polyalign build/polyalign] [--cases DIR]
                                 [--data ../shared/data] [--json OUT]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import read_beads  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINS = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001]


def run(binary, a, b, la, lb, extra):
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as f:
        out = f.name
    try:
        subprocess.run([binary, "align", a, b, "--presegmented", "--lang-a", la, "--lang-b", lb,
                        "--format", "jsonl", "-o", out] + extra, check=True, timeout=300)
        with open(out, encoding="utf-8") as f:
            return [json.loads(line) for line in f]
    finally:
        if os.path.exists(out):
            os.remove(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polyalign", default=os.path.join(ROOT, "build", "polyalign"))
    ap.add_argument("--cases", default=os.path.join(ROOT, "build", "ntrex-cases"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--json", help="write the table here as JSON")
    ap.add_argument("extra", nargs="*", help="extra polyalign options (after --)")
    args = ap.parse_args()

    runs = []
    tb = os.path.join(args.data, "textberg-dev")
    runs.append(("textberg", os.path.join(tb, "dev.de"), os.path.join(tb, "dev.fr"), "de", "fr",
                 os.path.join(tb, "dev.defr")))
    cases = json.load(open(os.path.join(args.cases, "cases.json")))
    for c in cases["cases"] if isinstance(cases, dict) else cases:
        if c["kind"] != "perturbed":
            continue
        runs.append((c["name"], os.path.join(args.cases, c["a"]), os.path.join(args.cases, c["b"]),
                     c["lang_a"], c["lang_b"], os.path.join(args.cases, c["gold"])))

    points = []  # (confidence, correct, source)
    for name, a, b, la, lb, gold_path in runs:
        gold = set(read_beads(gold_path))
        for bead in run(args.polyalign, a, b, la, lb, args.extra):
            key = (tuple(bead["a"]), tuple(bead["b"]))
            points.append((bead["confidence"], key in gold, name))

    rows = []
    print("| confidence | beads | correct | accuracy |")
    print("|---|---:|---:|---:|")
    for lo, hi in zip(BINS, BINS[1:]):
        sel = [p for p in points if lo <= p[0] < hi]
        acc = sum(p[1] for p in sel) / len(sel) if sel else float("nan")
        rows.append({"from": lo, "to": min(hi, 1.0), "beads": len(sel),
                     "correct": sum(p[1] for p in sel), "accuracy": acc})
        print(f"| [{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'} | {len(sel)} | "
              f"{sum(p[1] for p in sel)} | {acc:.3f} |")
    for threshold in (0.5, 0.9):
        sel = [p for p in points if p[0] >= threshold]
        acc = sum(p[1] for p in sel) / len(sel) if sel else float("nan")
        print(f"confidence >= {threshold}: {len(sel)} beads, {acc:.3f} correct "
              f"({len(sel) / len(points):.1%} of all beads)")
        for src in ("textberg",):
            s2 = [p for p in sel if p[2] == src]
            if s2:
                print(f"  of which {src}: {len(s2)} beads, {sum(p[1] for p in s2) / len(s2):.3f} correct")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"bins": rows, "beads": len(points)}, f, indent=1)


if __name__ == "__main__":
    main()
