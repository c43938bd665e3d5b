#!/usr/bin/env python3
"""Single-pair baseline for corpus mode: every pair of files of every GOLD
bundle aligned on its own with `polyalign align` (no corpus learning, no
N-way consensus), written in the corpus-mode layout (one two-document
"bundle" per pair) and scored with bench/score_corpus.py.

Usage:
    python3 bench/corpus_pair_baseline.py GOLD_DIR OUTDIR --polyalign BIN [--json FILE]

GOLD_DIR is a bench/make_ntrex_corpus.py output. Bundling is taken from the
gold, so only the tuple figures compare with `polyalign corpus` (whose
bundles are found, not given); the bundle line of the report is meaningless
here (every pair is its own "bundle").
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score_corpus  # noqa: E402  (bench/score_corpus.py)


def align(binary, a, b):
    out = subprocess.run([binary, "align", a, b, "--format", "jsonl"], check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold_dir")
    ap.add_argument("outdir")
    ap.add_argument("--polyalign", required=True, help="the polyalign binary")
    ap.add_argument("--json", help="write the scores as JSON here")
    args = ap.parse_args(argv)
    gold_dir, out = Path(args.gold_dir), Path(args.outdir)
    gold = json.loads((gold_dir / "gold.json").read_text(encoding="utf-8"))
    corpus = gold_dir / gold["corpus"]
    pairs = [(str(corpus / x), str(corpus / y)) for bundle in gold["bundles"]
             for x, y in itertools.combinations(sorted(bundle), 2)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        beads = list(pool.map(lambda p: align(args.polyalign, *p), pairs))
    out.mkdir(parents=True, exist_ok=True)
    bundles = []
    for n, ((a, b), rows) in enumerate(zip(pairs, beads)):
        bid = f"pair-{n:05d}"
        bundles.append({"id": bid, "documents": [{"path": a}, {"path": b}], "confidence": 1})
        (out / bid).mkdir(exist_ok=True)
        with open(out / bid / "alignment.jsonl", "w", encoding="utf-8") as f:
            for r in rows:
                members = {}
                if r["a"]:
                    members[a] = {"sentences": r["a"], "spans": r["a_spans"]}
                if r["b"]:
                    members[b] = {"sentences": r["b"], "spans": r["b_spans"]}
                f.write(json.dumps({"members": members, "confidence": r["confidence"]}) + "\n")
    (out / "bundles.json").write_text(json.dumps({"bundles": bundles, "unmatched": []}),
                                      encoding="utf-8")
    result = score_corpus.score_corpus(gold_dir, out)
    print(score_corpus.report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
