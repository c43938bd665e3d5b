#!/usr/bin/env python3
"""Builds a crawl-sized corpus-mode test corpus (tens of thousands of files)
from ntrex-dev, with its gold, to measure `polyalign corpus` at scale.

Usage:
    python3 bench/make_crawl_corpus.py --files N [--out DIR] [--seed N]
                                       [--sentences K] [--data DIR] [-q]

ntrex-dev has 956 lines in five languages (de en hi id uk), too few for
thousands of distinct articles. Here a document is K (default 20) distinct
lines drawn at random from all of them (seeded), in the drawn order; it is
written once in each of the five languages, so N files make N / 5 documents
(N must be a multiple of 5) and every bundle holds five files, which
translate each other line for line (no deletions or insertions: this corpus
measures scale; bench/make_ntrex_corpus.py measures quality). A file is
about 4 KB at K = 20. Any two documents share few lines (K^2 / 956 on
average), so the bundles are well defined, but every line, with its numbers
and names, recurs in ~N K / 4780 files of each language: the keys that pick
candidates grow common with the corpus, as on a crawl of one news site.

Output, in the layout of bench/make_ntrex_corpus.py (so bench/score_corpus.py
scores it, and bench/check_crawl_bundles.py checks the bundles alone, quickly):
  OUT/corpus/<subdir>/doc-<10 hex digits>.txt    random names, 2-3 subdirs
  OUT/gold.json   {"bundles": [[relpath x5], ...], "unmatched": [],
                   "documents": {relpath: {"lang", "doc", "kind": "bundle",
                   "lines": [[orig, start, end], ...]}}, "stats": {...}, ...}
Paragraph breaks (1-4 lines) are drawn per file as in make_ntrex_corpus.py.
Output is a pure function of the data, --files, --sentences and --seed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_ntrex_cases import LANGS, REPO_ROOT, load, write_text  # noqa: E402
from make_ntrex_corpus import (  # noqa: E402  (bench/make_ntrex_corpus.py)
    default_data, file_names, prepare_out, raw_file, write_gold)


def make_crawl(data: Path, out: Path, files: int, sentences: int, seed: int) -> dict:
    texts, _ = load(data)
    n_lines = len(texts[LANGS[0]])
    if sentences > n_lines:
        raise SystemExit(f"make_crawl_corpus.py: error: --sentences must be at most {n_lines}")
    n_docs = files // len(LANGS)
    names, dirs = file_names(seed, files)
    corpus = prepare_out(out)
    documents, bundles = {}, []
    rng = random.Random(f"{seed}/crawl")
    for d in range(n_docs):
        lines = rng.sample(range(n_lines), sentences)
        bundle = []
        for j, lang in enumerate(LANGS):
            rel = names[d * len(LANGS) + j]
            units = [(i, texts[lang][i]) for i in lines]
            text, spans, _ = raw_file(units, random.Random(f"{seed}/paragraphs/{d}/{lang}"))
            (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
            write_text(corpus / rel, text)
            documents[rel] = {"lang": lang, "doc": f"crawl-{d}", "kind": "bundle",
                              "lines": spans}
            bundle.append(rel)
        bundles.append(sorted(bundle))
    stats = {"files": files, "documents": n_docs, "sentences_per_document": sentences,
             "subdirectories": dirs}
    gold = {
        "generator": "bench/make_crawl_corpus.py",
        "source": "ntrex-dev",
        "seed": seed,
        "languages": LANGS,
        "corpus": "corpus",
        "stats": stats,
        "bundles": sorted(bundles),
        "unmatched": [],
        "documents": dict(sorted(documents.items())),
    }
    write_gold(out / "gold.json", gold)
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, required=True, metavar="N",
                    help="number of files (a multiple of 5: five languages per document)")
    ap.add_argument("--sentences", type=int, default=20, metavar="K",
                    help="lines per document (default: %(default)s)")
    ap.add_argument("--data", default=str(default_data()),
                    help="ntrex-dev directory (default: $POLYALIGN_DATA_DIR/ntrex-dev "
                         "or %(default)s)")
    ap.add_argument("--out", default=str(REPO_ROOT / "build" / "crawl-corpus"),
                    help="output directory (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not (data / "documents.tsv").is_file():
        print(f"make_crawl_corpus.py: error: no documents.tsv in {data}", file=sys.stderr)
        return 2
    if args.files < 10 or args.files % len(LANGS):
        print("make_crawl_corpus.py: error: --files must be a multiple of 5, at least 10",
              file=sys.stderr)
        return 2
    if args.sentences < 1:
        print("make_crawl_corpus.py: error: --sentences must be at least 1", file=sys.stderr)
        return 2
    s = make_crawl(data, Path(args.out), args.files, args.sentences, args.seed)
    if not args.quiet:
        print(f"wrote {s['files']} files ({s['documents']} bundles of five) to "
              f"{os.path.normpath(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
