#!/usr/bin/env python3
"""Strict and lax precision / recall / F1 of a sentence alignment.

Usage:
    python3 bench/score.py GOLD HYP [--json]

As a module:
    from score import read_beads, score
    result = score(read_beads("gold"), read_beads("hyp"))

Both files hold one bead per line in bracket format. Accepted variants:
    [8, 9]:[10, 11, 12]        gold style (spaces, no cost)
    [8,9]:[10,11,12]:0.4312    polyalign style (third field = cost, ignored)
    []:[51]   [106]:[]         beads with an empty side
Blank lines and lines starting with '#' are skipped.

Scoring (Text+Berg benchmark, Sennrich & Volk 2010; the definitions of
Bleualign's and Vecalign's evaluation scripts, see the development data's README.md):

  strict  a hypothesis bead is correct iff it equals a gold bead exactly
          (same set of source ids AND same set of target ids); a gold bead is
          recalled iff the hypothesis contains exactly that bead.
  lax     a hypothesis bead is correct iff it equals a gold bead, or it shares
          at least one source id AND at least one target id with one gold bead;
          a gold bead is recalled iff some hypothesis bead equals it or shares a
          source id and a target id with it.

Interpretation of "beads with an empty side count for precision only"
(README wording), implemented here exactly so:
  * Precision is computed over ALL hypothesis beads, empty-side ones
    included. An empty-side hypothesis bead ([]:[7] or [3]:[]) is correct --
    strictly and laxly -- iff the identical bead is in the gold; otherwise it
    is a false positive (it cannot overlap anything on both sides, so lax
    gives it no partial credit).
  * Recall is computed over gold beads with BOTH sides non-empty only: gold
    beads with an empty side are neither in the numerator nor in the
    denominator. (Empty-side hypothesis beads can never strictly equal or
    laxly overlap a two-sided gold bead, so they don't affect recall either.)
  * Beads empty on both sides ([]:[]) are ignored everywhere.
  * Beads are compared as sets of ids, and duplicate beads in a file are
    counted once (Vecalign converts both alignments to sets).
  * Sentences that appear in no bead are simply not scored.
A ratio with a zero denominator is 0.0, and so is F1 when P+R = 0
(Vecalign's `value_for_div_by_0`).  F1 = 2PR / (P + R).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from typing import Iterable, List, Sequence, Tuple

Bead = Tuple[Tuple[int, ...], Tuple[int, ...]]

_BEAD_RE = re.compile(
    r"^\s*\[\s*([0-9,\s]*)\]\s*:\s*\[\s*([0-9,\s]*)\]\s*(?::\s*(\S*)\s*)?$")


def _parse_ids(text: str, where: str) -> Tuple[int, ...]:
    text = text.strip()
    if not text:
        return ()
    ids = []
    for part in text.split(","):
        part = part.strip()
        if not part.isdigit():
            raise ValueError(f"{where}: bad sentence id {part!r}")
        ids.append(int(part))
    return tuple(sorted(set(ids)))


def parse_bead(line: str, where: str = "<bead>") -> Bead:
    """Parses one bracket-format bead; raises ValueError when malformed."""
    m = _BEAD_RE.match(line)
    if not m:
        raise ValueError(f"{where}: not a bead: {line.rstrip()!r}")
    return (_parse_ids(m.group(1), where), _parse_ids(m.group(2), where))


def parse_beads(lines: Iterable[str], name: str = "<beads>") -> List[Bead]:
    beads = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        beads.append(parse_bead(line, f"{name}:{n}"))
    return beads


def read_beads(path: str) -> List[Bead]:
    with open(path, encoding="utf-8") as f:
        return parse_beads(f, path)


def format_bead(bead: Bead) -> str:
    """Gold style: '[3, 4]:[5]'."""
    return "[{}]:[{}]".format(", ".join(map(str, bead[0])), ", ".join(map(str, bead[1])))


def _normalise(beads: Iterable[Sequence[Sequence[int]]]) -> List[Bead]:
    """Id sets as sorted tuples, drop []:[] beads, drop duplicates (keep order)."""
    seen = set()
    out = []
    for src, tgt in beads:
        bead = (tuple(sorted(set(src))), tuple(sorted(set(tgt))))
        if not bead[0] and not bead[1]:
            continue
        if bead not in seen:
            seen.add(bead)
            out.append(bead)
    return out


def _div(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _overlap_index(beads: List[Bead]):
    """source id -> set of target ids that co-occur with it in some bead."""
    links = defaultdict(set)
    for src, tgt in beads:
        for s in src:
            links[s].update(tgt)
    return links


def _lax_hit(bead: Bead, links) -> bool:
    """True if `bead` shares a source id and a target id with ONE bead of the
    other alignment (`links` built from it by _overlap_index)."""
    tgt = set(bead[1])
    return any(links.get(s, set()) & tgt for s in bead[0])


def _hits(beads, other_set, other_links):
    """(strict, lax) hits of BEADS on the other alignment: strict = the same
    bead is in OTHER_SET, lax = that or _lax_hit on OTHER_LINKS. Precision
    and recall are this one count, taken in the two directions."""
    strict = lax = 0
    for bead in beads:
        if bead in other_set:
            strict += 1
            lax += 1
        elif _lax_hit(bead, other_links):
            lax += 1
    return strict, lax


def score(gold_beads, hyp_beads) -> dict:
    """Scores hypothesis beads against gold beads.

    Both arguments: iterables of (source ids, target ids). Returns a dict with
    precision/recall/F1 (strict and lax) and the underlying counts.
    """
    gold = _normalise(gold_beads)
    hyp = _normalise(hyp_beads)
    gold_set = set(gold)
    hyp_set = set(hyp)
    gold_links = _overlap_index(gold)
    hyp_links = _overlap_index(hyp)

    # Precision: every hypothesis bead, empty-side beads included.
    p_strict, p_lax = _hits(hyp, gold_set, gold_links)

    # Recall: gold beads with both sides non-empty only.
    gold_two_sided = [b for b in gold if b[0] and b[1]]
    r_strict, r_lax = _hits(gold_two_sided, hyp_set, hyp_links)

    ps, rs = _div(p_strict, len(hyp)), _div(r_strict, len(gold_two_sided))
    pl, rl = _div(p_lax, len(hyp)), _div(r_lax, len(gold_two_sided))
    return {
        "strict": {"precision": ps, "recall": rs, "f1": _f1(ps, rs)},
        "lax": {"precision": pl, "recall": rl, "f1": _f1(pl, rl)},
        "counts": {
            "hyp_beads": len(hyp),
            "gold_beads": len(gold),
            "gold_beads_for_recall": len(gold_two_sided),
            "hyp_correct_strict": p_strict,
            "hyp_correct_lax": p_lax,
            "gold_found_strict": r_strict,
            "gold_found_lax": r_lax,
        },
    }


def format_result(result: dict, digits: int = 3) -> str:
    def part(kind):
        r = result[kind]
        return (f"{kind} P={r['precision']:.{digits}f} R={r['recall']:.{digits}f} "
                f"F1={r['f1']:.{digits}f}")
    return f"{part('strict')} | {part('lax')}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Strict/lax P/R/F1 of a bracket-format sentence alignment "
                    "(Text+Berg / Bleualign / Vecalign definitions).")
    ap.add_argument("gold", help="gold beads, e.g. [8, 9]:[10, 11, 12]")
    ap.add_argument("hyp", help="hypothesis beads, e.g. [8,9]:[10,11,12]:0.53")
    ap.add_argument("--json", action="store_true", help="print a JSON object")
    args = ap.parse_args(argv)
    try:
        result = score(read_beads(args.gold), read_beads(args.hyp))
    except (OSError, ValueError) as e:
        print(f"score.py: error: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        print(format_result(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
