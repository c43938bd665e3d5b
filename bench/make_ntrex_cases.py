#!/usr/bin/env python3
"""Builds hard sentence-alignment test cases from ntrex-dev.

Usage:
    python3 bench/make_ntrex_cases.py [--data DIR] [--out DIR] [--seed N]

ntrex-dev (the shared development data) has five files (de en hi id uk) whose
line k are translations of each other, and documents.tsv (line k's document
id). Everything there is 1-1, so on its own it only catches gross errors. For
every unordered language pair (alphabetical: de-en, de-hi, ..., id-uk; the
first language is side A = source ids of the gold, the second side B) this
writes, under OUT/<pair>/:

  raw.<A> raw.<B> raw.gold raw.<A>.spans.json raw.<B>.spans.json
      Raw text: each document's lines joined into paragraphs of 1-4 sentences
      (one space between sentences, a blank line between paragraphs and
      between documents). Both sides share the paragraph breaks (translations
      keep paragraphs). A paragraph is always ended after a line that has no
      sentence-final punctuation (headlines, "... said:") and before a line
      starting with a lower-case letter, since no segmenter could split there;
      so a perfect segmenter recovers exactly the original lines. Gold: [i]:[i]
      over ORIGINAL line indices. spans.json: [start, end) byte offsets of each
      original line in the raw file (a JSON list of [start, end] pairs).

  perturbed.<A> perturbed.<B> perturbed.gold
      One sentence per line, perturbed as in real crawls; each event on side A
      or B at random:
        merge  (~5% of positions) two adjacent lines of one document -> one
               line (joined by a space)                   -> 2-1 / 1-2 beads
        delete (~3%) a line on one side                   -> 1-0 / 0-1 beads
        insert (~3%) a foreign line before a position     -> 0-1 / 1-0 beads
      A foreign line is unrelated content: half of the time a line of the same
      language from a distant document (>= 10 documents away) of the same file,
      otherwise a line from a different document of a third language's file
      (never a language of the pair, so it has no verbatim copy on the other
      side). Lines are renumbered after perturbation; the gold refers to the
      new line numbers.

  raw-perturbed.<A> raw-perturbed.<B> raw-perturbed.gold + spans.json
      Deletions and insertions as in "perturbed" (no merges: a segmenter would
      split a merged line again), then each side joined into raw paragraphs
      like "raw", but with paragraph breaks drawn independently per side. The
      gold is over the resulting line units (what a perfect segmenter yields).

and OUT/cases.json listing every case (paths relative to OUT). Output is a
pure function of the input data and --seed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
from pathlib import Path

LANGS = ["de", "en", "hi", "id", "uk"]
P_MERGE = 0.05
P_DELETE = 0.03
P_INSERT = 0.03
MIN_FOREIGN_DOC_DISTANCE = 10
MAX_PARAGRAPH = 4

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "ntrex-dev"

_FINAL = set(".!?…।॥")
_CLOSERS = set("\"'”’»«“)]}›")


def is_terminated(text: str) -> bool:
    """True if the line ends with sentence-final punctuation (possibly
    followed by closing quotes or brackets)."""
    s = text.rstrip()
    while s and s[-1] in _CLOSERS:
        s = s[:-1].rstrip()
    return bool(s) and s[-1] in _FINAL


def starts_lower(text: str) -> bool:
    """True if the first letter of the line is lower-case (after quotes etc.)."""
    for ch in text:
        if ch.isalpha():
            return ch.islower()
    return False


def load(data: Path):
    texts = {}
    for lang in LANGS:
        with open(data / f"{lang}.txt", encoding="utf-8") as f:
            lines = [line.rstrip("\n").rstrip("\r") for line in f]
        # Lines are kept verbatim (double spaces, U+00A0 included); they must
        # not be blank or contain line-breaking characters.
        for n, line in enumerate(lines):
            if any(ch in line for ch in "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"):
                raise SystemExit(f"{lang}.txt:{n + 1}: line contains a line break character")
        texts[lang] = lines
    with open(data / "documents.tsv", encoding="utf-8") as f:
        doc_ids = [line.rstrip("\n").split("\t")[0] for line in f]
    n = len(doc_ids)
    for lang in LANGS:
        if len(texts[lang]) != n:
            raise SystemExit(f"{lang}.txt has {len(texts[lang])} lines, documents.tsv {n}")
        if any(not t.strip() for t in texts[lang]):
            raise SystemExit(f"{lang}.txt has an empty line")
    docs = []  # list of lists of line indices, in file order
    for i, d in enumerate(doc_ids):
        if not docs or doc_ids[i - 1] != d:
            docs.append([])
        docs[-1].append(i)
    if len(set(doc_ids)) != len(docs):
        raise SystemExit("documents.tsv: a document's lines are not contiguous")
    return texts, docs


# ---------------------------------------------------------------- raw text --

def paragraph_breaks(doc_units, rng, forced_after):
    """doc_units: list of documents, each a list of unit keys. Returns the set
    of (doc, position) after which a paragraph ends. forced_after(d, k) says a
    break after unit k of document d is mandatory. Document ends always break."""
    breaks = set()
    for d, units in enumerate(doc_units):
        size, target = 0, rng.randint(1, MAX_PARAGRAPH)
        for k in range(len(units)):
            size += 1
            if k == len(units) - 1 or size >= target or forced_after(d, k):
                breaks.add((d, k))
                size, target = 0, rng.randint(1, MAX_PARAGRAPH)
    return breaks


def build_raw(doc_texts, breaks):
    """doc_texts: list of documents, each a list of unit strings. Returns the
    raw text (str) and the [start, end) UTF-8 byte span of every unit."""
    out = bytearray()
    spans = []
    first_in_par = True
    for d, units in enumerate(doc_texts):
        for k, text in enumerate(units):
            if not first_in_par:
                out += b" "
            raw = text.encode("utf-8")
            spans.append([len(out), len(out) + len(raw)])
            out += raw
            first_in_par = False
            if (d, k) in breaks:
                out += b"\n\n" if not (d == len(doc_texts) - 1 and k == len(units) - 1) else b"\n"
                first_in_par = True
    return out.decode("utf-8"), spans


def forced_break_fn(*doc_text_lists):
    """Break after unit k if, on any of the given sides, unit k is not
    terminated or unit k+1 starts lower-case."""
    def forced(d, k):
        for docs in doc_text_lists:
            units = docs[d]
            if not is_terminated(units[k]):
                return True
            if k + 1 < len(units) and starts_lower(units[k + 1]):
                return True
        return False
    return forced


# --------------------------------------------------------------- perturbing --

def foreign_line(rng, texts, docs, pair, lang, d):
    """An unrelated line for side `lang`, inserted in document d."""
    far = [e for e in range(len(docs))
           if min(abs(e - d), len(docs) - abs(e - d)) >= MIN_FOREIGN_DOC_DISTANCE]
    if rng.random() < 0.5:
        src_lang = lang
    else:
        src_lang = rng.choice([l for l in LANGS if l not in pair])
        far = [e for e in range(len(docs)) if e != d]
    e = rng.choice(far)
    return texts[src_lang][rng.choice(docs[e])], src_lang


def perturb(rng, texts, docs, pair, allow_merge):
    """Returns (docs_a, docs_b, gold, stats): per-document unit strings of
    both sides and the gold beads over the renumbered units."""
    la, lb = pair
    docs_a, docs_b, gold = [], [], []
    na = nb = 0
    stats = {"merge": 0, "delete": 0, "insert": 0, "insert_same_lang": 0,
             "insert_other_lang": 0}
    for d, lines in enumerate(docs):
        ua, ub = [], []
        k = 0
        while k < len(lines):
            i = lines[k]
            if rng.random() < P_INSERT:
                side = rng.randrange(2)
                text, src_lang = foreign_line(rng, texts, docs, pair, pair[side], d)
                stats["insert"] += 1
                stats["insert_same_lang" if src_lang == pair[side] else "insert_other_lang"] += 1
                if side == 0:
                    ua.append(text); gold.append(([na], [])); na += 1
                else:
                    ub.append(text); gold.append(([], [nb])); nb += 1
            r = rng.random()
            if allow_merge and r < P_MERGE and k + 1 < len(lines):
                j = lines[k + 1]
                stats["merge"] += 1
                if rng.randrange(2) == 0:
                    ua.append(texts[la][i] + " " + texts[la][j])
                    ub += [texts[lb][i], texts[lb][j]]
                    gold.append(([na], [nb, nb + 1])); na += 1; nb += 2
                else:
                    ua += [texts[la][i], texts[la][j]]
                    ub.append(texts[lb][i] + " " + texts[lb][j])
                    gold.append(([na, na + 1], [nb])); na += 2; nb += 1
                k += 2
                continue
            if P_MERGE <= r < P_MERGE + P_DELETE:
                stats["delete"] += 1
                if rng.randrange(2) == 0:      # deleted on side A: B's line unmatched
                    ub.append(texts[lb][i]); gold.append(([], [nb])); nb += 1
                else:
                    ua.append(texts[la][i]); gold.append(([na], [])); na += 1
            else:
                ua.append(texts[la][i]); ub.append(texts[lb][i])
                gold.append(([na], [nb])); na += 1; nb += 1
            k += 1
        docs_a.append(ua)
        docs_b.append(ub)
    return docs_a, docs_b, gold, stats


# ------------------------------------------------------------------ output --

def format_bead(src, tgt):
    return "[{}]:[{}]".format(", ".join(map(str, src)), ", ".join(map(str, tgt)))


def write_text(path: Path, text: str):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_lines(path: Path, lines):
    write_text(path, "".join(line + "\n" for line in lines))


def write_json(path: Path, obj, compact=False):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        if compact:
            f.write("[" + ",\n".join(json.dumps(x) for x in obj) + "]\n")
        else:
            json.dump(obj, f, indent=2, ensure_ascii=False, sort_keys=True)
            f.write("\n")


def bead_types(gold):
    counts = {}
    for src, tgt in gold:
        key = f"{len(src)}-{len(tgt)}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def make_cases(data: Path, out: Path, seed: int):
    texts, docs = load(data)
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    for la, lb in itertools.combinations(LANGS, 2):
        pair = (la, lb)
        name = f"{la}-{lb}"
        pdir = out / name
        pdir.mkdir(exist_ok=True)

        def record(kind, presegmented, gold, extra):
            entry = {
                "name": f"{name}/{kind}", "pair": name, "kind": kind,
                "lang_a": la, "lang_b": lb,
                "a": f"{name}/{kind}.{la}", "b": f"{name}/{kind}.{lb}",
                "gold": f"{name}/{kind}.gold", "presegmented": presegmented,
                "gold_bead_types": bead_types(gold),
            }
            if not presegmented:
                entry["spans_a"] = f"{name}/{kind}.{la}.spans.json"
                entry["spans_b"] = f"{name}/{kind}.{lb}.spans.json"
            entry.update(extra)
            cases.append(entry)
            write_lines(pdir / f"{kind}.gold", [format_bead(s, t) for s, t in gold])

        # raw: original lines, shared paragraph breaks.
        doc_a = [[texts[la][i] for i in d] for d in docs]
        doc_b = [[texts[lb][i] for i in d] for d in docs]
        rng = random.Random(f"{seed}/{name}/raw")
        breaks = paragraph_breaks(docs, rng, forced_break_fn(doc_a, doc_b))
        for lang, dt in ((la, doc_a), (lb, doc_b)):
            text, spans = build_raw(dt, breaks)
            write_text(pdir / f"raw.{lang}", text)
            write_json(pdir / f"raw.{lang}.spans.json", spans, compact=True)
        n = sum(len(d) for d in docs)
        record("raw", False, [([i], [i]) for i in range(n)], {"paragraphs": len(breaks)})

        # perturbed: one unit per line.
        rng = random.Random(f"{seed}/{name}/perturbed")
        pa, pb, gold, stats = perturb(rng, texts, docs, pair, allow_merge=True)
        write_lines(pdir / f"perturbed.{la}", [u for d in pa for u in d])
        write_lines(pdir / f"perturbed.{lb}", [u for d in pb for u in d])
        record("perturbed", True, gold, {"perturbations": stats})

        # raw-perturbed: deletions/insertions, then raw paragraphs per side.
        rng = random.Random(f"{seed}/{name}/raw-perturbed")
        pa, pb, gold, stats = perturb(rng, texts, docs, pair, allow_merge=False)
        npar = {}
        for lang, dt in ((la, pa), (lb, pb)):
            prng = random.Random(f"{seed}/{name}/raw-perturbed/paragraphs/{lang}")
            keys = [list(range(len(d))) for d in dt]
            breaks = paragraph_breaks(keys, prng, forced_break_fn(dt))
            text, spans = build_raw(dt, breaks)
            write_text(pdir / f"raw-perturbed.{lang}", text)
            write_json(pdir / f"raw-perturbed.{lang}.spans.json", spans, compact=True)
            npar[lang] = len(breaks)
        record("raw-perturbed", False, gold, {"perturbations": stats, "paragraphs": npar})

    write_json(out / "cases.json", {
        "generator": "bench/make_ntrex_cases.py",
        "source": "ntrex-dev",
        "seed": seed,
        "languages": LANGS,
        "cases": cases,
    })
    return cases


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(DEFAULT_DATA),
                    help="ntrex-dev directory (default: %(default)s)")
    ap.add_argument("--out", default=str(REPO_ROOT / "build" / "ntrex-cases"),
                    help="output directory (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not (data / "documents.tsv").is_file():
        print(f"make_ntrex_cases.py: error: no documents.tsv in {data}", file=sys.stderr)
        return 2
    cases = make_cases(data, Path(args.out), args.seed)
    if not args.quiet:
        print(f"wrote {len(cases)} cases to {os.path.normpath(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
