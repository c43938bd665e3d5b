#!/usr/bin/env python3
"""Generates large presegmented "translation" pairs from real parallel text.

Usage:
    python3 bench/gen_pairs.py --sentences N --out DIR [--seed S] [--pair en-de]
                               [--data DIR] [--number-rate 0.25]

Writes DIR/a.txt and DIR/b.txt (one sentence per line, side A = first language
of --pair, side B = second), DIR/gold (one bead per line in the gold bracket
style of bench/score.py, e.g. `[8, 9]:[10]`, `[]:[51]`, ids = 0-based line
numbers of a.txt / b.txt) and DIR/meta.json (parameters, line and byte counts,
bead shape counts). Side A gets exactly N lines (near the end a merge is put
on side A so that it cannot overshoot); side B gets about as many.

Source: ntrex-dev (the shared development data, ntrex-dev/; 956 lines in de en hi id uk,
line k of every file translates line k; documents.tsv = line k's document id,
60 documents). The parallel corpus is repeated as often as needed, and every
repetition is perturbed independently so the text is not trivially periodic:

  * the 60 documents are shuffled (new order per repetition);
  * every original line position, in document order, becomes one of
      delete A  (3%)  the A side drops the line            -> bead []:[j]
      delete B  (3%)  the B side drops the line            -> bead [i]:[]
      merge     (2%)  two adjacent lines of the same document become one line
                      (joined by a space) on side A or B   -> [i]:[j, j+1] or
                                                              [i, i+1]:[j]
      1-1       (otherwise)                                -> [i]:[j]
  * before a position, with 2% probability, an unrelated line is inserted on
    side A or B (-> [i]:[] / []:[j]): half of the time a line of the same
    language from a distant document (>= 10 documents away in the original
    order), otherwise a line of a third language of ntrex (never one of the
    pair, so it has no translation on the other side);
  * with --number-rate probability (default 0.25) a translated line pair gets
    the same distinct number token ` [n]` appended on both sides (n = a running
    counter starting at 1000), so shared-number anchors do not repeat from one
    repetition to the next. It is added before deletion/merging, so a deleted
    line's counterpart keeps an orphan number, as in real data.

The gold is exact by construction. Output is a pure function of --data,
--pair, --sentences, --seed and the rates. It is streamed to disk one
repetition (~1k lines) at a time; 1M lines per side takes a few seconds.

As a module: `ensure_pairs(n, out_dir, seed=1, pair="en-de")` generates the
files unless DIR/meta.json already describes the same parameters, and returns
the meta dict.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

# The data set and its languages are those of make_ntrex_cases.py; the rates
# below are this generator's own.
from make_ntrex_cases import DEFAULT_DATA, LANGS

P_DELETE_EACH_SIDE = 0.03
P_MERGE = 0.02
P_INSERT = 0.02
MIN_FOREIGN_DOC_DISTANCE = 10
NUMBER_START = 1000
GENERATOR_VERSION = 1


def load_corpus(data: Path):
    """Returns ({lang: [line, ...]}, [(start, end) line range per document])."""
    texts = {}
    for lang in LANGS:
        with open(data / f"{lang}.txt", encoding="utf-8") as f:
            texts[lang] = [line.rstrip("\n").replace("\r", "") for line in f]
    with open(data / "documents.tsv", encoding="utf-8") as f:
        doc_ids = [line.rstrip("\n").split("\t")[0] for line in f]
    n = len(doc_ids)
    for lang, lines in texts.items():
        if len(lines) != n:
            raise ValueError(f"{lang}.txt has {len(lines)} lines, documents.tsv {n}")
    docs = []
    start = 0
    for k in range(1, n + 1):
        if k == n or doc_ids[k] != doc_ids[start]:
            docs.append((start, k))
            start = k
    return texts, docs


def _bead(a_ids, b_ids) -> str:
    return "[{}]:[{}]\n".format(", ".join(map(str, a_ids)), ", ".join(map(str, b_ids)))


def generate(n: int, out_dir: Path, seed: int = 1, pair: str = "en-de",
             data: Path = DEFAULT_DATA, number_rate: float = 0.25) -> dict:
    la, lb = pair.split("-")
    if la not in LANGS or lb not in LANGS or la == lb:
        raise ValueError(f"--pair must be two different languages of {LANGS}: {pair!r}")
    if n < 1:
        raise ValueError("--sentences must be >= 1")
    texts, docs = load_corpus(data)
    ta, tb = texts[la], texts[lb]
    third = [texts[l] for l in LANGS if l not in (la, lb)]
    ndocs = len(docs)
    distant = [[e for e in range(ndocs) if abs(e - d) >= MIN_FOREIGN_DOC_DISTANCE]
               for d in range(ndocs)]
    others = [[e for e in range(ndocs) if e != d] for d in range(ndocs)]

    rng = random.Random(seed)
    rnd = rng.random
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    shapes = {}
    counter = NUMBER_START
    ia = ib = 0  # next line number of side A / B
    bytes_a = bytes_b = 0
    repetitions = 0
    p_del_a = P_DELETE_EACH_SIDE
    p_del_b = p_del_a + P_DELETE_EACH_SIDE
    p_merge = p_del_b + P_MERGE

    def foreign(own_lines, doc):
        """An unrelated line for a side whose text is `own_lines`."""
        if rnd() < 0.5:
            s, e = docs[rng.choice(distant[doc])]
            return own_lines[rng.randrange(s, e)]
        s, e = docs[rng.choice(others[doc])]
        return rng.choice(third)[rng.randrange(s, e)]

    def numbered(a_line, b_line):
        """The two lines, with probability number_rate both with the next
        number token appended (the same token on both sides)."""
        nonlocal counter
        if rnd() < number_rate:
            tag = f" [{counter}]"
            counter += 1
            return a_line + tag, b_line + tag
        return a_line, b_line

    tmp = {name: out_dir / f".{name}.tmp" for name in ("a.txt", "b.txt", "gold")}
    with open(tmp["a.txt"], "w", encoding="utf-8", newline="\n") as fa, \
         open(tmp["b.txt"], "w", encoding="utf-8", newline="\n") as fb, \
         open(tmp["gold"], "w", encoding="utf-8", newline="\n") as fg:
        done = False
        while not done:
            repetitions += 1
            order = list(range(ndocs))
            rng.shuffle(order)
            out_a, out_b, out_g = [], [], []
            for d in order:
                s, e = docs[d]
                k = s
                while k < e:
                    if ia >= n:
                        done = True
                        break
                    # Insertion of an unrelated line before this position.
                    if rnd() < P_INSERT:
                        if rnd() < 0.5:
                            out_a.append(foreign(ta, d))
                            out_g.append(_bead((ia,), ()))
                            ia += 1
                            shapes["1-0"] = shapes.get("1-0", 0) + 1
                        else:
                            out_b.append(foreign(tb, d))
                            out_g.append(_bead((), (ib,)))
                            ib += 1
                            shapes["0-1"] = shapes.get("0-1", 0) + 1
                        continue  # re-check the size limit, then this position
                    sa, sb = numbered(ta[k], tb[k])
                    r = rnd()
                    if r < p_del_a:          # A lacks the line
                        out_b.append(sb)
                        out_g.append(_bead((), (ib,)))
                        ib += 1
                        shape = "0-1"
                        k += 1
                    elif r < p_del_b:        # B lacks the line
                        out_a.append(sa)
                        out_g.append(_bead((ia,), ()))
                        ia += 1
                        shape = "1-0"
                        k += 1
                    elif r < p_merge and k + 1 < e and (rnd() < 0.5 or ia + 1 >= n):
                        # merge on side A: A has one line, B two  -> 1-2
                        sa2, sb2 = numbered(ta[k + 1], tb[k + 1])
                        out_a.append(sa + " " + sa2)
                        out_b.append(sb)
                        out_b.append(sb2)
                        out_g.append(_bead((ia,), (ib, ib + 1)))
                        ia += 1
                        ib += 2
                        shape = "1-2"
                        k += 2
                    elif r < p_merge and k + 1 < e:
                        # merge on side B: A has two lines, B one  -> 2-1
                        sa2, sb2 = numbered(ta[k + 1], tb[k + 1])
                        out_a.append(sa)
                        out_a.append(sa2)
                        out_b.append(sb + " " + sb2)
                        out_g.append(_bead((ia, ia + 1), (ib,)))
                        ia += 2
                        ib += 1
                        shape = "2-1"
                        k += 2
                    else:
                        out_a.append(sa)
                        out_b.append(sb)
                        out_g.append(_bead((ia,), (ib,)))
                        ia += 1
                        ib += 1
                        shape = "1-1"
                        k += 1
                    shapes[shape] = shapes.get(shape, 0) + 1
                if done:
                    break
            if out_a:
                chunk = "\n".join(out_a) + "\n"
                fa.write(chunk)
                bytes_a += len(chunk.encode("utf-8"))
            if out_b:
                chunk = "\n".join(out_b) + "\n"
                fb.write(chunk)
                bytes_b += len(chunk.encode("utf-8"))
            fg.write("".join(out_g))
    for name, path in tmp.items():
        os.replace(path, out_dir / name)
    meta = {
        "generator_version": GENERATOR_VERSION,
        "pair": pair,
        "lang_a": la,
        "lang_b": lb,
        "sentences": n,
        "seed": seed,
        "number_rate": number_rate,
        "rates": {"delete_each_side": P_DELETE_EACH_SIDE, "merge": P_MERGE,
                  "insert": P_INSERT},
        "data": str(data),
        "lines_a": ia,
        "lines_b": ib,
        "bytes_a": bytes_a,
        "bytes_b": bytes_b,
        "repetitions": repetitions,
        "number_tokens": counter - NUMBER_START,
        "bead_shapes": dict(sorted(shapes.items())),
        "beads": sum(shapes.values()),
        "seconds": round(time.perf_counter() - t0, 3),
    }
    with open(out_dir / "meta.json", "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    return meta


def ensure_pairs(n: int, out_dir, seed: int = 1, pair: str = "en-de",
                 data: Path = DEFAULT_DATA, number_rate: float = 0.25) -> dict:
    """Generates DIR unless its meta.json matches these parameters."""
    out_dir = Path(out_dir)
    meta_path = out_dir / "meta.json"
    if meta_path.exists() and all((out_dir / f).exists() for f in ("a.txt", "b.txt", "gold")):
        try:
            with open(meta_path, encoding="utf-8") as f:
                meta = json.load(f)
            if (meta.get("generator_version") == GENERATOR_VERSION
                    and meta.get("sentences") == n and meta.get("seed") == seed
                    and meta.get("pair") == pair and meta.get("data") == str(data)
                    and meta.get("number_rate") == number_rate
                    and os.path.getsize(out_dir / "a.txt") == meta.get("bytes_a")
                    and os.path.getsize(out_dir / "b.txt") == meta.get("bytes_b")):
                return meta
        except (OSError, ValueError):
            pass
    return generate(n, out_dir, seed=seed, pair=pair, data=data, number_rate=number_rate)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Large presegmented sentence-alignment test pairs with exact "
                    "gold, built from perturbed repetitions of ntrex-dev.")
    ap.add_argument("--sentences", "-n", type=int, required=True,
                    help="lines of side A (side B gets about as many)")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pair", default="en-de", help="LANG_A-LANG_B of de en hi id uk")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--number-rate", type=float, default=0.25,
                    help="share of line pairs given a shared distinct number token")
    args = ap.parse_args(argv)
    try:
        meta = generate(args.sentences, Path(args.out), seed=args.seed, pair=args.pair,
                        data=args.data, number_rate=args.number_rate)
    except (OSError, ValueError) as e:
        print(f"gen_pairs.py: error: {e}", file=sys.stderr)
        return 2
    print(f"{args.out}: A {meta['lines_a']} lines ({meta['bytes_a'] / 1e6:.1f} MB), "
          f"B {meta['lines_b']} lines ({meta['bytes_b'] / 1e6:.1f} MB), "
          f"{meta['beads']} beads {meta['bead_shapes']}, "
          f"{meta['repetitions']} repetitions, {meta['seconds']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
