#!/usr/bin/env python3
"""Checks that a `polyalign corpus` run found exactly the gold bundles of
bench/make_crawl_corpus.py (or make_ntrex_corpus.py), quickly at any size.

Usage:
    python3 bench/check_crawl_bundles.py GOLD_DIR OUTDIR

Compares OUTDIR/bundles.json with GOLD_DIR/gold.json as sets of basenames
(the generators' names are unique): prints the counts of correct, missing
and spurious bundles and of wrongly unmatched files; exit status 0 iff the
bundling is exact, 1 if not, 2 on unreadable input. Tuples are scored by
bench/score_corpus.py.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        gold = json.loads((Path(argv[0]) / "gold.json").read_text(encoding="utf-8"))
        out = json.loads((Path(argv[1]) / "bundles.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"check_crawl_bundles.py: error: {e}", file=sys.stderr)
        return 2
    name = os.path.basename
    want = {frozenset(name(p) for p in b) for b in gold["bundles"]}
    got = {frozenset(name(d["path"]) for d in b["documents"]) for b in out["bundles"]}
    got_unmatched = {name(u["path"]) for u in out["unmatched"]}
    want_unmatched = {name(p) for p in gold["unmatched"]}
    missing, spurious = want - got, got - want
    wrong_unmatched = got_unmatched ^ want_unmatched
    print(f"bundles: {len(want & got)} correct of {len(want)}, {len(missing)} missing, "
          f"{len(spurious)} spurious; unmatched files differing from the gold: "
          f"{len(wrong_unmatched)}")
    exact = not missing and not spurious and not wrong_unmatched
    print("exact" if exact else "NOT exact")
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
