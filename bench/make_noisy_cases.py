#!/usr/bin/env python3
"""Builds raw-text alignment cases that look like real crawls, at a noise level.

Usage:
    python3 bench/make_noisy_cases.py [--data DIR] [--out DIR] [--level 0-4]
                                      [--seed N] [--limit-docs N] [-q]

ntrex-dev (line k of de/en/hi/id/uk.txt translate each other, documents.tsv
gives line k's document) is turned into ONE raw text per language, each
language perturbed independently of the others, so the two sides of a pair
differ in their events (as two crawled versions of one site do):

  drop    a run of 1-3 lines of one document is missing
  join    two adjacent lines of a document become one unit holding ONE
          sentence, as a translator who merges two sentences writes it: the
          first line's sentence-final mark(s) (. ! ? … । ॥, before any
          closing quotes/brackets, which stay) become a connector, "; " (de,
          en, id, uk) or ", " (hi), and the second line follows unchanged
          (nothing is lower-cased: names stay); never a line without
          sentence-final punctuation (headline)
  insert  a run of 1-3 consecutive lines of the SAME language from a distant
          document (>= 10 documents away) appears before a line / at a
          document start (no original line is inserted in two languages); never inside a pair of lines some language joins, so every
          gold bead is contiguous on both sides

Each text is then paragraphed on its own: paragraphs of 1-4 units, drawn per
language, a blank line between paragraphs and documents; a unit without
sentence-final punctuation (headline) is a paragraph of its own and a unit
starting in lower case starts one, so a perfect segmenter recovers exactly the units.

The gold of each of the 10 pairs (alphabetical, first language = side A)
comes from the original line numbers: units of A and B that contain the same
original line are connected, and every connected component is a bead over
unit indices (`[i, j]:[k]`, the Text+Berg format). A join in A only gives a
2-1 bead, a line dropped in A only 0-1, an inserted line 1-0 or 0-1,
overlapping events larger beads (A joins 5+6, B joins 6+7: 2-2). A line
dropped on both sides is in no bead.

Levels scale the per-line rates of the events (0 = clean, only the
paragraphing); the random draws are shared between levels, so a higher level
has the events of a lower one and more. Level 4 gives about 30% non-1-1
beads. Output is a pure function of the data, --level, --seed and
--limit-docs. Seeds 1 and 2 are for development; 101-105 are held out.

Writes into OUT:
  text.<lang>             the raw text of a language (shared by its 4 pairs)
  text.<lang>.spans.json  [start, end) UTF-8 byte offsets of every unit
  text.<lang>.units.json  per unit: the original line indices it holds, or
                          {"foreign": line} for an inserted line
  <pair>.gold             the gold beads over unit indices
  cases.json              the 10 cases in bench/eval.py's format (run them
                          with `bench/eval.py --cases OUT --only noisy`), with
                          each pair's bead shapes and realised non-1-1 share
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_ntrex_cases import (  # noqa: E402  (bench/make_ntrex_cases.py)
    _CLOSERS, _FINAL, DEFAULT_DATA, LANGS, REPO_ROOT, MIN_FOREIGN_DOC_DISTANCE, bead_types,
    build_raw, format_bead, is_terminated, load, paragraph_breaks, starts_lower, write_json,
    write_lines, write_text)

LEVELS = range(0, 5)
# Per-line probabilities at level 1; level L uses L times these.
P_DROP = 0.011      # start of a dropped run
P_JOIN = 0.016      # a line joined with the next one
P_INSERT = 0.016    # start of an inserted run before a line
RUN_LENGTHS = [(1, 0.7), (2, 0.2), (3, 0.1)]  # runs of dropped / inserted lines
# What replaces the first line's sentence-final mark in a join: a semicolon
# where the language uses one between two clauses of a sentence, a comma in
# Hindi (whose full stop is the danda).
JOIN_CONNECTOR = {"de": ";", "en": ";", "hi": ",", "id": ";", "uk": ";"}
DEV_SEEDS = (1, 2)
HELD_OUT_SEEDS = (101, 102, 103, 104, 105)


def default_data() -> str:
    env = os.environ.get("POLYALIGN_DATA")
    return str(Path(env) / "ntrex-dev") if env else str(DEFAULT_DATA)


def run_length(u):
    acc = 0.0
    for n, p in RUN_LENGTHS:
        acc += p
        if u < acc:
            return n
    return RUN_LENGTHS[-1][0]


def draws(seed, lang, n_lines):
    """Per original line, the uniform draws of every event, independent of the
    level (so that levels are nested): u_drop, run_drop, u_join, u_insert,
    run_insert, pick."""
    rng = random.Random(f"noisy/{seed}/{lang}/events")
    return [[rng.random() for _ in range(6)] for _ in range(n_lines)]


def drops_and_joins(texts, docs, lang, dr, level):
    """Returns, per document, a list of units: lists of original line indices
    (1 or 2 lines), dropped lines left out."""
    out = []
    for lines in docs:
        dropped = set()
        k = 0
        while k < len(lines):
            u, r = dr[lines[k]][0], dr[lines[k]][1]
            if u < P_DROP * level:
                n = run_length(r)
                dropped.update(lines[k:k + n])
                k += n
            else:
                k += 1
        units = []
        k = 0
        while k < len(lines):
            i = lines[k]
            if i in dropped:
                k += 1
                continue
            if (dr[i][2] < P_JOIN * level and k + 1 < len(lines)
                    and lines[k + 1] not in dropped
                    and is_terminated(texts[lang][i])
                    and is_terminated(texts[lang][lines[k + 1]])):
                units.append([i, lines[k + 1]])
                k += 2
            else:
                units.append([i])
                k += 1
        out.append(units)
    return out


def insertions(docs, dr, level, unsafe_gaps, used):
    """Inserted runs: {line index i: [foreign line indices]} (inserted before
    line i): consecutive lines of a distant document. A gap inside a join of
    any language (unsafe_gaps) gets none. An original line is inserted at most
    once over all languages (`used`), so no two languages insert translations
    of each other."""
    ins = {}
    ndocs = len(docs)
    for d, lines in enumerate(docs):
        for k, i in enumerate(lines):
            if dr[i][3] >= P_INSERT * level or i in unsafe_gaps:
                continue
            n = run_length(dr[i][4])
            far = [e for e in range(ndocs)
                   if min(abs(e - d), ndocs - abs(e - d)) >= MIN_FOREIGN_DOC_DISTANCE]
            if not far:
                continue
            prng = random.Random(f"{dr[i][5]}")
            e = prng.choice(far)
            src = docs[e]
            n = min(n, len(src))
            starts = [p for p in range(len(src) - n + 1) if not used.intersection(src[p:p + n])]
            if not starts:
                continue
            run = src[prng.choice(starts):][:n]
            used.update(run)
            ins[i] = run
    return ins


def build_language(docs, dr, level, unsafe_gaps, used, units_of):
    """units_of: per document the output of drops_and_joins. Returns the list
    of units per document: ("line", [indices]) or ("foreign", index)."""
    ins = insertions(docs, dr, level, unsafe_gaps, used)
    result = []
    for d, lines in enumerate(docs):
        first_unit_at = {u[0]: u for u in units_of[d]}
        units = []
        for i in lines:
            for j in ins.get(i, []):
                units.append(("foreign", j))
            if i in first_unit_at:
                units.append(("line", first_unit_at[i]))
        result.append(units)
    return result


def forced_breaks(doc_texts):
    """A paragraph ends after unit k if unit k or unit k+1 lacks sentence-final
    punctuation (a headline is a paragraph of its own, also when inserted) or
    unit k+1 starts in lower case (no segmenter could split there)."""
    def forced(d, k):
        units = doc_texts[d]
        if not is_terminated(units[k]):
            return True
        return k + 1 < len(units) and (not is_terminated(units[k + 1])
                                       or starts_lower(units[k + 1]))
    return forced


def join_lines(first, second, lang):
    """One sentence from two terminated lines: the final mark(s) of `first`
    (after which only closing quotes/brackets may come; they stay) become
    the language's connector, then a space and `second` unchanged.
    'He said "Go." ' + 'Then' -> 'He said "Go"; Then'."""
    s = first.rstrip()
    closers = ""
    while s and s[-1] in _CLOSERS:
        closers = s[-1] + closers
        s = s[:-1].rstrip()
    if not s or s[-1] not in _FINAL:
        raise ValueError(f"join of a line without sentence-final punctuation: {first!r}")
    while s and s[-1] in _FINAL:
        s = s[:-1]
    return s.rstrip() + closers + JOIN_CONNECTOR[lang] + " " + second


def unit_text(texts, lang, unit):
    kind, v = unit
    if kind == "foreign":
        return texts[lang][v]
    if len(v) == 2:
        return join_lines(texts[lang][v[0]], texts[lang][v[1]], lang)
    return texts[lang][v[0]]


def gold_for_pair(units_a, units_b):
    """Connected components of units sharing an original line -> beads over
    unit indices, in text order. Checks that every bead is contiguous and the
    beads monotone on both sides."""
    flat_a = [u for d in units_a for u in d]
    flat_b = [u for d in units_b for u in d]
    na, nb = len(flat_a), len(flat_b)
    parent = list(range(na + nb))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    where_a = {}
    for n, (kind, v) in enumerate(flat_a):
        if kind == "line":
            for i in v:
                where_a[i] = n
    for n, (kind, v) in enumerate(flat_b):
        if kind == "line":
            for i in v:
                if i in where_a:
                    parent[find(na + n)] = find(where_a[i])
    comps = {}
    for x in range(na + nb):
        c = comps.setdefault(find(x), ([], []))
        (c[0] if x < na else c[1]).append(x if x < na else x - na)

    # Order: by first unit of A, one-sided B beads placed by their B index
    # relative to the two-sided beads.
    beads = [(sorted(a), sorted(b)) for a, b in comps.values()]
    two = sorted([bd for bd in beads if bd[0] and bd[1]], key=lambda bd: bd[0][0])
    for side in (0, 1):
        ids = [i for bd in two for i in bd[side]]
        if ids != sorted(ids):
            raise AssertionError("gold beads are not monotone")
    for bd in two:
        for side in (0, 1):
            if bd[side] != list(range(bd[side][0], bd[side][-1] + 1)):
                raise AssertionError(f"gold bead not contiguous: {bd}")
    # Merge the one-sided beads in: position of a bead on side s = its first
    # index there; sort by (A position, B position) with the missing side
    # interpolated from the two-sided neighbours.
    out = []
    ta = tb = 0  # next unit index expected on each side
    pend_a = sorted((bd for bd in beads if bd[0] and not bd[1]), key=lambda bd: bd[0][0])
    pend_b = sorted((bd for bd in beads if bd[1] and not bd[0]), key=lambda bd: bd[1][0])
    pa = pb = 0
    for bd in two + [([na], [nb])]:
        while pa < len(pend_a) and pend_a[pa][0][0] < bd[0][0]:
            out.append(pend_a[pa]); pa += 1
        while pb < len(pend_b) and pend_b[pb][1][0] < bd[1][0]:
            out.append(pend_b[pb]); pb += 1
        if bd[0][0] < na:
            out.append(bd)
    for side, n in ((0, na), (1, nb)):
        ids = [i for bd in out for i in bd[side]]
        if sorted(ids) != list(range(n)):
            raise AssertionError("gold does not cover every unit exactly once")
    return [(tuple(a), tuple(b)) for a, b in out]


def non_1_1_share(gold):
    return sum(1 for a, b in gold if not (len(a) == 1 and len(b) == 1)) / len(gold) if gold else 0.0


def make_cases(data: Path, out: Path, level: int, seed: int, limit_docs: int = 0):
    texts, docs = load(data)
    if limit_docs:
        docs = docs[:limit_docs]
    doc_of = {i: d for d, lines in enumerate(docs) for i in lines}
    n_lines = max(doc_of) + 1
    out.mkdir(parents=True, exist_ok=True)

    dr = {lang: draws(seed, lang, n_lines) for lang in LANGS}
    units_of = {lang: drops_and_joins(texts, docs, lang, dr[lang], level) for lang in LANGS}
    # gaps (before line i) inside a join of some language: no insertion there
    unsafe = {u[1] for lang in LANGS for d in units_of[lang] for u in d if len(u) == 2}
    used = set()
    units, stats = {}, {}
    for lang in LANGS:
        units[lang] = build_language(docs, dr[lang], level, unsafe, used, units_of[lang])
        flat = [u for d in units[lang] for u in d]
        kept = {i for kind, v in flat if kind == "line" for i in v}
        stats[lang] = {
            "units": len(flat),
            "dropped_lines": sum(len(d) for d in docs) - len(kept),
            "joins": sum(1 for kind, v in flat if kind == "line" and len(v) == 2),
            "inserted_lines": sum(1 for kind, _ in flat if kind == "foreign"),
        }
        doc_texts = [[unit_text(texts, lang, u) for u in d] for d in units[lang]]
        prng = random.Random(f"noisy/{seed}/{lang}/paragraphs")
        keys = [list(range(len(d))) for d in doc_texts]
        breaks = paragraph_breaks(keys, prng, forced_breaks(doc_texts))
        text, spans = build_raw(doc_texts, breaks)
        stats[lang]["paragraphs"] = len(breaks)
        write_text(out / f"text.{lang}", text)
        write_json(out / f"text.{lang}.spans.json", spans, compact=True)
        write_json(out / f"text.{lang}.units.json",
                   [v if kind == "line" else {"foreign": v} for kind, v in
                    (u for d in units[lang] for u in d)], compact=True)

    cases = []
    for la, lb in itertools.combinations(LANGS, 2):
        name = f"{la}-{lb}"
        gold = gold_for_pair(units[la], units[lb])
        write_lines(out / f"{name}.gold", [format_bead(a, b) for a, b in gold])
        cases.append({
            "name": f"{name}/noisy-{level}", "pair": name, "kind": f"noisy-{level}",
            "lang_a": la, "lang_b": lb, "a": f"text.{la}", "b": f"text.{lb}",
            "gold": f"{name}.gold", "presegmented": False,
            "spans_a": f"text.{la}.spans.json", "spans_b": f"text.{lb}.spans.json",
            "gold_bead_types": bead_types(gold),
            "gold_beads": len(gold),
            "non_1_1_share": round(non_1_1_share(gold), 4),
        })
    write_json(out / "cases.json", {
        "generator": "bench/make_noisy_cases.py", "source": "ntrex-dev",
        "seed": seed, "level": level, "limit_docs": limit_docs,
        "rates": {"drop": P_DROP * level, "join": P_JOIN * level, "insert": P_INSERT * level,
                  "run_lengths": RUN_LENGTHS},
        "languages": LANGS, "per_language": stats, "cases": cases,
    })
    return cases


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=default_data(),
                    help="ntrex-dev directory (default: $POLYALIGN_DATA/ntrex-dev, else "
                         "%(default)s)")
    ap.add_argument("--out", default=None,
                    help="output directory (default: build/noisy-cases/seed-S/level-L)")
    ap.add_argument("--level", type=int, default=2, choices=list(LEVELS),
                    help="noise level, 0 = clean (default: 2)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    ap.add_argument("--limit-docs", type=int, default=0,
                    help="use only the first N documents (0 = all)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not (data / "documents.tsv").is_file():
        print(f"make_noisy_cases.py: error: no documents.tsv in {data}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else (
        REPO_ROOT / "build" / "noisy-cases" / f"seed-{args.seed}" / f"level-{args.level}")
    cases = make_cases(data, out, args.level, args.seed, args.limit_docs)
    if not args.quiet:
        print(f"level {args.level} seed {args.seed}: wrote {len(cases)} cases to "
              f"{os.path.normpath(str(out))}")
        for c in cases:
            types = " ".join(f"{k}:{v}" for k, v in c["gold_bead_types"].items())
            print(f"  {c['pair']}: {c['gold_beads']} beads, non-1-1 {c['non_1_1_share']:.3f}  ({types})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
