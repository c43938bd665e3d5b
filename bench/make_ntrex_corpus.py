#!/usr/bin/env python3
"""Builds a corpus-mode test corpus (randomly named files, gold bundles and
tuples) from ntrex-dev.

Usage:
    python3 bench/make_ntrex_corpus.py [--data DIR] [--out DIR] [--seed N]
                                       [--limit-docs N] [--distractors F] [-q]

ntrex-dev has five files (de en hi id uk) whose line k are translations of
each other, and documents.tsv (line k's document id). `polyalign corpus` gets
a directory of files with meaningless names, detects each file's language,
groups the files that translate one another into bundles (at most one file
per language) and N-way aligns each bundle. This writes such a directory and
its gold:

  OUT/corpus/<subdir>/doc-<10 hex digits>.txt
      One file per (document, language): the document's lines in that
      language as raw paragraphs (blank line between paragraphs), made like
      the "raw-perturbed" cases of make_ntrex_cases.py, whose functions this
      imports:
        * each (document, language) is dropped with probability 0.15, but
          every document keeps at least two languages (so it is a bundle);
        * every file is perturbed on its own, relative to the original lines:
          a line is deleted with probability ~3%, and a foreign line is
          inserted before a line with probability ~3% (half of the time a
          line of the same language from a distant document, >= 10 documents
          away when there are that many, otherwise a line of another language
          from any other document). No merges: a segmenter would split a
          merged line again (but see --joins);
        * paragraph breaks (1-4 sentences) are drawn per file; a paragraph
          always ends after a line without sentence-final punctuation and
          before a line starting lower-case, so a perfect segmenter recovers
          exactly the line units.
      Distractors: ~10% of the source documents (--distractors, at least one)
      are reserved; each becomes exactly ONE file, in one random language
      (half of them with the lines shuffled), deletions but no insertions.
      No other file contains a line of a reserved document (foreign
      insertions never come from them), so a distractor translates nothing
      and belongs in no bundle. File names are random hex (a pure function of
      --seed) and the files are spread over 2-3 random subdirectories (one of
      them nested when there are 3) to exercise recursive search.

  OUT/gold.json
      {"bundles":   [[relpath, ...], ...],   one list per source document
                                              kept in >= 2 languages
       "unmatched": [relpath, ...],           the distractors
       "documents": {relpath: {"lang": "de", "doc": "<documents.tsv id>",
                               "kind": "bundle" | "distractor",
                               "lines": [[orig, start, end], ...]}},
       "stats": {...}, "seed": N, ...}
      relpath is relative to OUT/corpus. "lines" lists the file's line units
      in file order: orig = 0-based line index in the ntrex files (null for an
      inserted foreign line; [i, j] for two lines joined into one sentence,
      --joins), [start, end) = UTF-8 byte span of the unit in
      the file. Gold tuples of a bundle: the units of its files with the same
      orig form one tuple; each inserted line is a tuple of its own (one
      file only); deleted lines are absent.

Output is a pure function of the input data and --seed (and --limit-docs,
--distractors). OUT/corpus is replaced when it exists and OUT/gold.json marks
it as an earlier output of this script.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_ntrex_cases import (  # noqa: E402  (bench/make_ntrex_cases.py)
    DEFAULT_DATA, LANGS, MIN_FOREIGN_DOC_DISTANCE, P_DELETE, P_INSERT, REPO_ROOT,
    build_raw, forced_break_fn, is_terminated, load, paragraph_breaks, write_text)
from make_noisy_cases import join_lines  # noqa: E402  (bench/make_noisy_cases.py)

P_DROP = 0.15               # a (document, language) is missing from the corpus
DISTRACTOR_FRACTION = 0.10  # share of the source documents reserved for distractors
MIN_LANGS = 2               # every bundle keeps at least this many languages


def default_data() -> Path:
    env = os.environ.get("POLYALIGN_DATA_DIR")
    return Path(env) / "ntrex-dev" if env else DEFAULT_DATA


def document_ids(data: Path, docs):
    """documents.tsv id of every document (load() only returns line groups)."""
    with open(data / "documents.tsv", encoding="utf-8") as f:
        ids = [line.rstrip("\n").split("\t")[0] for line in f]
    return [ids[lines[0]] for lines in docs]


# --------------------------------------------------------------- choosing --

def choose_languages(rng, n_docs):
    """Languages of every document: each dropped with P_DROP, at least
    MIN_LANGS kept. Returns a list of sorted language lists."""
    result = []
    for _ in range(n_docs):
        kept = [lang for lang in LANGS if rng.random() >= P_DROP]
        while len(kept) < MIN_LANGS:
            kept.append(rng.choice([lang for lang in LANGS if lang not in kept]))
        result.append(sorted(kept))
    return result


def foreign_line(rng, texts, docs, pool, lang, d):
    """An unrelated line for a file of language `lang` of document d, only
    from the documents in `pool` (distractor documents excluded). As in
    make_ntrex_cases.foreign_line: half of the time the same language from a
    distant document (any other document when none is far enough, as in
    small corpora), otherwise another language from any other document."""
    others = [e for e in pool if e != d]
    n = len(docs)
    far = [e for e in others if min(abs(e - d), n - abs(e - d)) >= MIN_FOREIGN_DOC_DISTANCE]
    if rng.random() < 0.5:
        src_lang, candidates = lang, far or others
    else:
        src_lang, candidates = rng.choice([l for l in LANGS if l != lang]), others
    e = rng.choice(candidates)
    return texts[src_lang][rng.choice(docs[e])], src_lang


def perturb_file(rng, texts, docs, pool, lang, d, stats, insert=True, shuffle=False, joins=0.0,
                 jrng=None):
    """The line units (orig index or None, text) of one file: document d in
    `lang`, lines optionally shuffled, deletions and (if `insert`) foreign
    insertions drawn independently for this file; with `joins` > 0, a kept
    line is joined with that probability to the line before it when that
    one is kept, alone and right before it (draws from `jrng`; orig then
    [i, j])."""
    lines = list(docs[d])
    if shuffle:
        rng.shuffle(lines)
    units = []
    for k, i in enumerate(lines):
        if insert and rng.random() < P_INSERT:
            text, src_lang = foreign_line(rng, texts, docs, pool, lang, d)
            units.append((None, text))
            stats["inserted"] += 1
            stats["inserted_same_lang" if src_lang == lang else "inserted_other_lang"] += 1
        if rng.random() < P_DELETE:
            stats["deleted"] += 1
            continue
        prev = units[-1] if units else None
        if (joins > 0 and prev is not None and k > 0 and prev[0] == lines[k - 1]
                and is_terminated(prev[1])
                and is_terminated(texts[lang][i]) and jrng.random() < joins):
            units[-1] = ([prev[0], i], join_lines(prev[1], texts[lang][i], lang))
            stats["joined"] = stats.get("joined", 0) + 1
            continue
        units.append((i, texts[lang][i]))
    if all(orig is None for orig, _ in units):  # never an empty document
        units.insert(0, (lines[0], texts[lang][lines[0]]))
        stats["deleted"] -= 1
    return units


def raw_file(units, rng):
    """Raw paragraphs of one file. Returns (text, [[orig, start, end], ...])."""
    unit_texts = [[text for _, text in units]]
    breaks = paragraph_breaks([list(range(len(units)))], rng, forced_break_fn(unit_texts))
    text, spans = build_raw(unit_texts, breaks)
    return text, [[orig, s, e] for (orig, _), (s, e) in zip(units, spans)], len(breaks)


def file_names(seed, count):
    """`count` distinct random relative paths: doc-<10 hex>.txt in one of 2-3
    random subdirectories (the third nested in the first)."""
    rng = random.Random(f"{seed}/dirs")
    dirs = [f"{rng.getrandbits(24):06x}" for _ in range(rng.choice([2, 3]))]
    if len(dirs) == 3:
        dirs[2] = f"{dirs[0]}/{dirs[2]}"
    rng = random.Random(f"{seed}/names")
    seen, names = set(), []
    while len(names) < count:
        base = f"doc-{rng.getrandbits(40):010x}.txt"
        if base in seen:
            continue
        seen.add(base)
        names.append(f"{rng.choice(dirs)}/{base}")
    return names, dirs


# ------------------------------------------------------------------ output --

def write_gold(path: Path, gold: dict):
    """gold.json: indented at the top level, one line per bundle/document."""
    parts = []
    for key, value in gold.items():
        if key == "bundles":
            body = ",\n".join("    " + json.dumps(b, ensure_ascii=False) for b in value)
            parts.append(f'  "bundles": [\n{body}\n  ]')
        elif key == "documents":
            body = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                              for k, v in value.items())
            parts.append(f'  "documents": {{\n{body}\n  }}')
        else:
            parts.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    write_text(path, "{\n" + ",\n".join(parts) + "\n}\n")


def prepare_out(out: Path) -> Path:
    corpus = out / "corpus"
    if corpus.exists():
        if not (out / "gold.json").is_file():
            raise SystemExit(f"make_ntrex_corpus.py: error: {corpus} exists but {out}/gold.json "
                             "does not; not replacing a directory this script did not write")
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    return corpus


def make_corpus(data: Path, out: Path, seed: int, limit_docs=None,
                distractor_fraction=DISTRACTOR_FRACTION, joins=0.0):
    texts, docs = load(data)
    doc_ids = document_ids(data, docs)
    if limit_docs is not None:
        docs, doc_ids = docs[:limit_docs], doc_ids[:limit_docs]
    if len(docs) < 3:
        raise SystemExit("make_ntrex_corpus.py: error: need at least 3 documents")

    rng = random.Random(f"{seed}/choice")
    n_distract = min(len(docs) - 2, max(1, round(distractor_fraction * len(docs))))
    reserved = sorted(rng.sample(range(len(docs)), n_distract))
    pool = [d for d in range(len(docs)) if d not in reserved]
    languages = choose_languages(rng, len(docs))

    # (document, language, kind, shuffled) of every file, in document order.
    plan = []
    for d in range(len(docs)):
        if d in reserved:
            plan.append((d, rng.choice(LANGS), "distractor", rng.random() < 0.5))
        else:
            plan += [(d, lang, "bundle", False) for lang in languages[d]]
    names, dirs = file_names(seed, len(plan))

    corpus = prepare_out(out)
    stats = {"inserted": 0, "inserted_same_lang": 0, "inserted_other_lang": 0, "deleted": 0}
    documents, bundles, unmatched = {}, {}, []
    paragraphs = units_total = 0
    for (d, lang, kind, shuffled), rel in zip(plan, names):
        prng = random.Random(f"{seed}/perturb/{d}/{lang}")
        units = perturb_file(prng, texts, docs, pool, lang, d, stats,
                             insert=(kind == "bundle"), shuffle=shuffled,
                             joins=joins if kind == "bundle" else 0.0,
                             jrng=random.Random(f"{seed}/joins/{d}/{lang}"))
        text, lines, npar = raw_file(units, random.Random(f"{seed}/paragraphs/{d}/{lang}"))
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        write_text(corpus / rel, text)
        entry = {"lang": lang, "doc": doc_ids[d], "kind": kind, "lines": lines}
        if shuffled:
            entry["shuffled"] = True
        documents[rel] = entry
        paragraphs += npar
        units_total += len(lines)
        if kind == "bundle":
            bundles.setdefault(d, []).append(rel)
        else:
            unmatched.append(rel)

    sizes = {}
    for files in bundles.values():
        sizes[str(len(files))] = sizes.get(str(len(files)), 0) + 1
    n_bundle_docs = len(docs) - n_distract
    stats = {
        "source_documents": len(docs),
        "files": len(documents),
        "bundles": len(bundles),
        "bundle_files": len(documents) - len(unmatched),
        "distractors": len(unmatched),
        "distractors_shuffled": sum(1 for v in documents.values() if v.get("shuffled")),
        "missing_document_languages": n_bundle_docs * len(LANGS) - (len(documents) - len(unmatched)),
        "bundle_sizes": dict(sorted(sizes.items())),
        "files_per_language": {l: sum(1 for v in documents.values() if v["lang"] == l)
                               for l in LANGS},
        "line_units": units_total,
        "paragraphs": paragraphs,
        "subdirectories": dirs,
        **stats,
    }
    gold = {
        "generator": "bench/make_ntrex_corpus.py",
        "source": "ntrex-dev",
        "seed": seed,
        "limit_docs": limit_docs,
        **({"joins": joins} if joins else {}),
        "languages": LANGS,
        "corpus": "corpus",
        "stats": stats,
        "bundles": [sorted(files) for _, files in sorted(bundles.items())],
        "unmatched": sorted(unmatched),
        "documents": dict(sorted(documents.items())),
    }
    write_gold(out / "gold.json", gold)
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(default_data()),
                    help="ntrex-dev directory (default: $POLYALIGN_DATA_DIR/ntrex-dev "
                         "or %(default)s)")
    ap.add_argument("--out", default=str(REPO_ROOT / "build" / "ntrex-corpus"),
                    help="output directory (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    ap.add_argument("--limit-docs", type=int, default=None, metavar="N",
                    help="use only the first N source documents (for quick tests)")
    ap.add_argument("--distractors", type=float, default=DISTRACTOR_FRACTION, metavar="F",
                    help="share of the source documents turned into one-file "
                         "distractors (default: %(default)s, at least one)")
    ap.add_argument("--joins", type=float, default=0.0, metavar="P",
                    help="per line of a bundled file, probability that it is joined with the "
                         "next line into one sentence, as make_noisy_cases.py joins them "
                         "(0.064 = its level 4; default: 0, no joins)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not (data / "documents.tsv").is_file():
        print(f"make_ntrex_corpus.py: error: no documents.tsv in {data}", file=sys.stderr)
        return 2
    if args.limit_docs is not None and args.limit_docs < 3:
        print("make_ntrex_corpus.py: error: --limit-docs must be >= 3", file=sys.stderr)
        return 2
    if not 0 <= args.joins < 1:
        print("make_ntrex_corpus.py: error: --joins must be in [0, 1)", file=sys.stderr)
        return 2
    s = make_corpus(data, Path(args.out), args.seed, args.limit_docs, args.distractors,
                    args.joins)
    if not args.quiet:
        print(f"wrote {s['files']} files ({s['bundles']} bundles of {s['bundle_files']} files, "
              f"{s['distractors']} distractors, {s['missing_document_languages']} "
              f"missing document-languages) to {os.path.normpath(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
