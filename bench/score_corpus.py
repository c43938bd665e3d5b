#!/usr/bin/env python3
"""Scores a `polyalign corpus` output directory against the gold of
bench/make_ntrex_corpus.py.

Usage:
    python3 bench/score_corpus.py GOLD_DIR OUTDIR [--json FILE]

GOLD_DIR is the generator's --out directory (holding gold.json; a path to
gold.json itself works too). OUTDIR is what `polyalign corpus ... -o OUTDIR`
wrote:
    OUTDIR/bundles.json   {"bundles": [{"id": ..., "documents": [{"path": ...,
                           "lang": ...}], "confidence": p}],
                           "unmatched": [{"path", "lang", "reason"}]}
    OUTDIR/<id>/alignment.jsonl   one tuple per line: {"members": {"<path>":
                           {"sentences": [i, ...], "spans": [[start, end], ...]}},
                           "confidence": p}
Files are identified by BASENAME: corpus mode reports paths as given on its
command line, the gold relative to GOLD_DIR/corpus, and the generator's file
names are unique random names (a gold with duplicate basenames is an error).

Bundles (exact match). Predicted and gold bundles are compared as sets of
basenames: a gold bundle is correct iff the prediction has exactly that set,
missing otherwise; a predicted bundle equal to no gold bundle is spurious.
A predicted "bundle" of fewer than two documents groups nothing and counts as
unmatched, like every file present in no predicted bundle. The bundling is
exact iff nothing is missing or spurious and the predicted unmatched files
are exactly the gold's (the distractors). Also reported: P/R/F1 over
same-bundle file pairs (partial credit for nearly right bundles) and the
share of files whose predicted language is the gold's.

Tuples (per language pair). For every language pair (l1, l2), l1 < l2
alphabetically, every pair of files (f1 in l1, f2 in l2; gold languages)
that share a gold bundle or a predicted bundle is scored:
  * gold beads: the gold tuples of the bundle projected onto (f1, f2): for
    every original ntrex line, (units of f1 from it, units of f2 from it);
    inserted foreign lines give 1-0 / 0-1 beads; beads empty on both sides
    are skipped. File pairs in no common gold bundle have no gold beads.
  * hypothesis beads: the predicted tuples of the bundle (both files must be
    in its "documents") projected the same way (an absent member = empty).
    Predicted sentences are identified by their byte spans: a span equal to a
    gold line unit's [start, end) is that unit; otherwise the sentence
    belongs to the gold unit it overlaps most (ties: the first); a span
    overlapping no unit is dropped (counted as "unmapped"). Beads sharing a
    unit (a line split by the segmenter and aligned in two tuples) are then
    merged, as in bench/eval.py (its map_beads), so that every unit is in at
    most one bead, as in the gold.
  * scoring: bench/score.py per file pair (strict: exact bead match; lax:
    equal, or sharing a unit on each side with one bead; precision over all
    hypothesis beads, 1-0 / 0-1 included; recall over two-sided gold beads),
    plus "links": P/R/F1 over the (f1 unit, f2 unit) pairs linked by the
    beads. Counts are summed over the file pairs of a language pair (micro
    average) and over all pairs for "overall". So gold beads of file pairs
    the prediction did not bundle together are all missed, and hypothesis
    beads of wrongly bundled file pairs are all false positives.
    Same-language file pairs (only possible in a wrong prediction) are
    skipped and counted.
Whole tuples. The gold tuples of every gold bundle (the units of its files
holding one original line; an inserted line alone) against every predicted
tuple (its members' sentences mapped to units as above): a predicted tuple
is correct iff its set of (file, unit) is exactly a gold tuple's; strict
P/R/F1. Also: a reliability table of the tuples' "confidence" against that
correctness, and how many tuples of two or more members chain: some member
has more sentences in the tuple than in any bead of its pairs there
(<bundle>/pairs/*.jsonl).

Pair files. When the bundles have pairs/<l1>-<l2>.jsonl (each pair's own
alignment in the bundle; side a = the member of language l1 in bundles.json),
they are scored like the tuples' projections (strict F1 per language pair),
with a reliability table of the beads' confidence (a two-sided bead is
correct iff it is a gold bead).

A predicted bundle without alignment.jsonl gets a warning and no tuples (its
gold beads count as missed); malformed tuple lines are skipped with a
warning. Prints a summary and a per-pair table; --json FILE (or -) writes
everything as JSON. Exit status 0, or 2 when the gold or OUTDIR can't be
read or bundles.json is not valid JSON (a missing bundles.json is a warning
and scores as an empty prediction).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import sys
from pathlib import Path, PurePath

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score as scoring  # noqa: E402  (bench/score.py)
import eval as evaluation  # noqa: E402  (bench/eval.py: map_beads)

COUNT_KEYS = ["hyp_beads", "gold_beads", "gold_beads_for_recall", "hyp_correct_strict",
              "hyp_correct_lax", "gold_found_strict", "gold_found_lax",
              "hyp_links", "gold_links", "common_links"]


class InputError(Exception):
    """Gold or prediction unreadable (exit status 2)."""


def basename(path) -> str:
    return PurePath(str(path).replace("\\", "/")).name


def _prf(correct_p, n_p, correct_r, n_r):
    p = scoring._div(correct_p, n_p)
    r = scoring._div(correct_r, n_r)
    return {"precision": p, "recall": r, "f1": scoring._f1(p, r)}


# ------------------------------------------------------------------- gold --

class GoldFile:
    def __init__(self, rel, entry):
        self.rel = rel
        self.lang = entry["lang"]
        self.doc = entry["doc"]
        self.units = [(orig, s, e) for orig, s, e in entry["lines"]]  # orig: see origs()
        self.bundle = None  # index into the gold bundles
        if any(self.units[j][2] > self.units[j + 1][1] for j in range(len(self.units) - 1)):
            raise ValueError(f"{rel}: line units not in file order or overlapping")
        self._exact = {(s, e): j for j, (_, s, e) in enumerate(self.units)}
        self._ends = [e for _, _, e in self.units]

    def unit_of(self, start, end):
        """(unit index or None, "exact" | "overlap" | "unmapped")."""
        j = self._exact.get((start, end))
        if j is not None:
            return j, "exact"
        best, best_overlap = None, 0
        j = bisect.bisect_right(self._ends, start)  # first unit ending after start
        while j < len(self.units) and self.units[j][1] < end:
            overlap = min(end, self.units[j][2]) - max(start, self.units[j][1])
            if overlap > best_overlap:  # strictly: ties go to the first unit
                best, best_overlap = j, overlap
            j += 1
        return (best, "overlap") if best is not None else (None, "unmapped")


def load_gold(path: Path):
    gold_json = path / "gold.json" if path.is_dir() else path
    try:
        with open(gold_json, encoding="utf-8") as f:
            gold = json.load(f)
        files = {}
        for rel, entry in gold["documents"].items():
            name = basename(rel)
            if name in files:
                raise InputError(f"{gold_json}: two gold files named {name}")
            files[name] = GoldFile(rel, entry)
        bundles = []
        for b, rels in enumerate(gold["bundles"]):
            names = frozenset(basename(r) for r in rels)
            for name in names:
                if name not in files:
                    raise InputError(f"{gold_json}: bundle file {name} not in documents")
                files[name].bundle = b
            bundles.append(names)
        unmatched = {basename(r) for r in gold["unmatched"]}
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"cannot read the gold {gold_json}: {e}") from e
    return files, bundles, unmatched


def origs(orig):
    """The original lines of a unit: () for an inserted line, one line, or
    the lines joined into it (make_ntrex_corpus.py --joins)."""
    if orig is None:
        return ()
    return tuple(orig) if isinstance(orig, list) else (orig,)


def components(members):
    """members: [(key, unit origs)]; returns lists of keys connected by a
    shared original line (a unit without one alone), in first-key order."""
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key, lines in members:
        find(("k", key))
        for line in lines:
            ra, rb = find(("k", key)), find(("o", line))
            if ra != rb:
                parent[rb] = ra
    groups = {}
    for key, _ in members:
        groups.setdefault(find(("k", key)), []).append(key)
    return list(groups.values())


def gold_beads(fa: GoldFile, fb: GoldFile):
    """Gold tuples of one bundle projected onto the file pair (fa, fb): the
    connected components of their units over shared original lines."""
    members = [((side, j), origs(orig))
               for side, f in ((0, fa), (1, fb)) for j, (orig, _, _) in enumerate(f.units)]
    beads = []
    for group in components(members):
        a = tuple(sorted(j for side, j in group if side == 0))
        b = tuple(sorted(j for side, j in group if side == 1))
        beads.append((a, b))
    return beads


# ------------------------------------------------------------- prediction --

def load_prediction(outdir: Path, files, warnings):
    """Returns (bundles, langs): bundles = list of (id, [basenames]) in file
    order, langs = basename -> predicted language."""
    if not outdir.is_dir():
        raise InputError(f"{outdir} is not a directory")
    path = outdir / "bundles.json"
    if not path.is_file():
        warnings.append(f"{path} missing: scored as an empty prediction")
        return [], {}
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read {path}: {e}") from e
    bundles, langs = [], {}
    seen_in = {}
    for n, b in enumerate(data.get("bundles") or []):
        bid = str(b.get("id", n))
        names = []
        for doc in b.get("documents") or []:
            name = basename(doc.get("path", ""))
            if name not in files:
                warnings.append(f"bundle {bid}: {doc.get('path')!r} is no gold file")
            if name in seen_in:
                warnings.append(f"{name} is in bundles {seen_in[name]} and {bid}")
            seen_in.setdefault(name, bid)
            if name not in names:
                names.append(name)
            if doc.get("lang") is not None:
                langs.setdefault(name, doc["lang"])
        bundles.append((bid, names))
    for doc in data.get("unmatched") or []:
        name = basename(doc.get("path", ""))
        if name not in files:
            warnings.append(f"unmatched {doc.get('path')!r} is no gold file")
        if doc.get("lang") is not None:
            langs.setdefault(name, doc["lang"])
    return bundles, langs


def read_tuples(path: Path, bid, members_ok, files, warnings, span_stats):
    """Predicted tuples of one bundle: list of {basename: set of gold units}."""
    tuples = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{bid}/alignment.jsonl:{n}"
            try:
                members = json.loads(line)["members"]
                tup = {}
                for p, m in members.items():
                    name = basename(p)
                    sentences = m.get("sentences") or []
                    spans = m.get("spans") or []
                    if name not in members_ok:
                        warnings.append(f"{where}: member {p!r} is not a document of the bundle")
                        continue
                    if len(spans) != len(sentences):
                        warnings.append(f"{where}: {name}: {len(sentences)} sentences but "
                                        f"{len(spans)} spans")
                    units = set()
                    for s, e in spans:
                        j, how = files[name].unit_of(int(s), int(e))
                        span_stats[how] += 1
                        if j is not None:
                            units.add(j)
                    if units:
                        tup[name] = units
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                warnings.append(f"{where}: malformed tuple skipped ({e})")
                continue
            if tup:
                tuples.append(tup)
    return tuples


# ---------------------------------------------------------------- scoring --

def score_bundles(gold_bundles, gold_unmatched, pred_bundles, files, pred_langs):
    real = [frozenset(names) for _, names in pred_bundles if len(names) >= 2]
    gold_set, pred_set = set(gold_bundles), set(real)
    bundled = set().union(*real) if real else set()
    pred_unmatched = {name for name in files if name not in bundled}

    def pairs(groups):
        return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}

    gp, pp = pairs(gold_bundles), pairs(real)
    missing = sorted(sorted(files[n].rel for n in b) for b in gold_set - pred_set)
    spurious = sorted(sorted(files[n].rel if n in files else n for n in b)
                      for b in pred_set - gold_set)
    wrongly_unmatched = sorted(files[n].rel for n in pred_unmatched - gold_unmatched)
    wrongly_bundled = sorted(files[n].rel for n in gold_unmatched - pred_unmatched)
    lang_known = [n for n in files if n in pred_langs]
    return {
        "gold": len(gold_set), "predicted": len(pred_set),
        "correct": len(gold_set & pred_set),
        "missing": missing, "spurious": spurious,
        "singleton_bundles": sum(1 for _, names in pred_bundles if len(names) < 2),
        "unmatched": {"gold": len(gold_unmatched), "predicted": len(pred_unmatched),
                      "agree": pred_unmatched == gold_unmatched,
                      "wrongly_unmatched": wrongly_unmatched,
                      "wrongly_bundled": wrongly_bundled},
        "exact": gold_set == pred_set and pred_unmatched == gold_unmatched,
        "file_pairs": {**_prf(len(gp & pp), len(pp), len(gp & pp), len(gp)),
                       "gold": len(gp), "predicted": len(pp), "common": len(gp & pp)},
        "languages": {"files": len(files), "reported": len(lang_known),
                      "correct": sum(1 for n in lang_known if pred_langs[n] == files[n].lang)},
    }


def score_pair(gold, hyp):
    """Counts of one file pair: score.py strict/lax + linked unit pairs."""
    counts = scoring.score(gold, hyp)["counts"]

    def links(beads):
        return {(a, b) for src, tgt in beads for a in src for b in tgt}

    gl, hl = links(gold), links(hyp)
    counts.update({"hyp_links": len(hl), "gold_links": len(gl), "common_links": len(gl & hl)})
    return counts


def figures(c):
    return {
        "strict": _prf(c["hyp_correct_strict"], c["hyp_beads"],
                       c["gold_found_strict"], c["gold_beads_for_recall"]),
        "lax": _prf(c["hyp_correct_lax"], c["hyp_beads"],
                    c["gold_found_lax"], c["gold_beads_for_recall"]),
        "links": _prf(c["common_links"], c["hyp_links"], c["common_links"], c["gold_links"]),
    }


def score_tuples(outdir, files, gold_bundles, pred_bundles, warnings):
    span_stats = {"exact": 0, "overlap": 0, "unmapped": 0}
    hyp = {}          # (fa, fb) -> hypothesis beads
    merges = same_lang = 0
    for bid, names in pred_bundles:
        known = [n for n in names if n in files]
        if len(known) < 2:
            continue
        path = outdir / bid / "alignment.jsonl"
        if not path.is_file():
            warnings.append(f"{path} missing: the beads of bundle {bid} count as missed")
            tuples = []
        else:
            tuples = read_tuples(path, bid, set(known), files, warnings, span_stats)
        for x, y in itertools.combinations(known, 2):
            fa, fb = sorted((x, y), key=lambda n: files[n].lang)
            if files[fa].lang == files[fb].lang:
                same_lang += 1
                continue
            raw = [(t.get(fa, set()), t.get(fb, set())) for t in tuples]
            ua = [{i} for i in range(len(files[fa].units))]
            ub = [{i} for i in range(len(files[fb].units))]
            beads, m = evaluation.map_beads([b for b in raw if b[0] or b[1]], ua, ub,
                                            warnings, f"{bid}:{fa}-{fb}")
            merges += m
            hyp.setdefault((fa, fb), []).extend(beads)

    gold = {}
    for names in gold_bundles:
        for x, y in itertools.combinations(sorted(names), 2):
            fa, fb = sorted((x, y), key=lambda n: files[n].lang)
            gold[(fa, fb)] = gold_beads(files[fa], files[fb])

    per_pair = {}
    for fa, fb in sorted(set(gold) | set(hyp)):
        key = f"{files[fa].lang}-{files[fb].lang}"
        entry = per_pair.setdefault(key, {"counts": dict.fromkeys(COUNT_KEYS, 0),
                                          "file_pairs": {"gold": 0, "predicted": 0,
                                                         "common": 0}})
        fp = entry["file_pairs"]
        fp["gold"] += (fa, fb) in gold
        fp["predicted"] += (fa, fb) in hyp
        fp["common"] += (fa, fb) in gold and (fa, fb) in hyp
        c = score_pair(gold.get((fa, fb), []), hyp.get((fa, fb), []))
        for k in COUNT_KEYS:
            entry["counts"][k] += c[k]
    total = {"counts": dict.fromkeys(COUNT_KEYS, 0),
             "file_pairs": {"gold": 0, "predicted": 0, "common": 0}}
    for entry in per_pair.values():
        entry.update(figures(entry["counts"]))
        for k in COUNT_KEYS:
            total["counts"][k] += entry["counts"][k]
        for k in total["file_pairs"]:
            total["file_pairs"][k] += entry["file_pairs"][k]
    total.update(figures(total["counts"]))
    return dict(sorted(per_pair.items())), total, {
        "spans": span_stats, "bead_merges": merges, "same_language_file_pairs": same_lang}


def read_lines(path: Path):
    """The JSON objects of a JSONL file (malformed lines: ValueError)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gold_tuples(names, files):
    """Gold tuples of a bundle of gold files: frozensets of (name, unit),
    the connected components over shared original lines."""
    members = [((name, j), origs(orig))
               for name in names for j, (orig, _, _) in enumerate(files[name].units)]
    return [frozenset(group) for group in components(members)]


RELIABILITY_BINS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001]


def reliability(points):
    """[(confidence, correct)] -> rows {lo, hi, n, mean confidence, accuracy}."""
    rows = []
    for lo, hi in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
        sel = [(c, ok) for c, ok in points if lo <= c < hi]
        if sel:
            rows.append({"lo": lo, "hi": min(hi, 1.0), "n": len(sel),
                         "confidence": sum(c for c, _ in sel) / len(sel),
                         "accuracy": sum(ok for _, ok in sel) / len(sel)})
    return rows


def pair_files(outdir, bid, known, pred_langs):
    """{(fa, fb): path} of a bundle's pairs/<l1>-<l2>.jsonl, side a = fa."""
    by_lang = {pred_langs.get(n): n for n in known}
    out = {}
    pdir = outdir / bid / "pairs"
    if not pdir.is_dir():
        return out
    for path in sorted(pdir.glob("*.jsonl")):
        l1, _, l2 = path.stem.partition("-")
        if l1 in by_lang and l2 in by_lang:
            out[(by_lang[l1], by_lang[l2])] = path
    return out


def score_whole_tuples(outdir, files, gold_bundles, pred_bundles, pred_langs, warnings):
    """Whole tuples (every member's units exactly one gold tuple's), their
    confidence's reliability, and how often tuples chain (more sentences
    than the largest bead of any pair inside them)."""
    gold_all = set()
    for names in gold_bundles:
        gold_all.update(gold_tuples(sorted(names), files))
    n_pred = correct = 0
    points, chained, multi = [], 0, 0
    for bid, names in pred_bundles:
        known = [n for n in names if n in files]
        path = outdir / bid / "alignment.jsonl"
        if len(known) < 2 or not path.is_file():
            continue
        try:
            lines = read_lines(path)
        except ValueError as e:
            warnings.append(f"{path}: {e}")
            continue
        tuple_of, sizes = {}, []  # sizes[t]: {name: sentences of that member}
        for t, line in enumerate(lines):
            units, size = set(), {}
            for p, m in line.get("members", {}).items():
                name = basename(p)
                if name not in known:
                    continue
                for i, (s, e) in zip(m.get("sentences", []), m.get("spans", [])):
                    j, _ = files[name].unit_of(int(s), int(e))
                    if j is not None:
                        units.add((name, j))
                    tuple_of[(name, i)] = t
                    size[name] = size.get(name, 0) + 1
            sizes.append(size)
            n_pred += 1
            ok = frozenset(units) in gold_all
            correct += ok
            points.append((float(line.get("confidence", 0)), ok))
        # A tuple chains when some member has more sentences in it than in
        # any bead of its pairs there.
        largest = [{} for _ in lines]
        for (fa, fb), ppath in pair_files(outdir, bid, known, pred_langs).items():
            for bead in read_lines(ppath):
                a, b = bead.get("a", []), bead.get("b", [])
                t = tuple_of.get((fa, a[0])) if a else tuple_of.get((fb, b[0]))
                if t is None:
                    continue
                for name, side in ((fa, a), (fb, b)):
                    largest[t][name] = max(largest[t].get(name, 0), len(side))
        for t, size in enumerate(sizes):
            if len(size) < 2 or not largest[t]:
                continue
            multi += 1
            chained += any(n > largest[t].get(name, 0) for name, n in size.items())
    return {**_prf(correct, n_pred, correct, len(gold_all)), "gold": len(gold_all),
            "predicted": n_pred, "correct": correct,
            "chained": {"tuples": multi, "chained": chained},
            "reliability": reliability(points)}


def score_pair_files(outdir, files, gold_bundles, pred_bundles, pred_langs, warnings):
    """The bundles' pairs/*.jsonl against the gold, as score_tuples scores
    the tuples' projections, plus the beads' reliability (strict)."""
    hyp, points = {}, []
    for bid, names in pred_bundles:
        known = [n for n in names if n in files]
        for (x, y), path in pair_files(outdir, bid, known, pred_langs).items():
            fa, fb = sorted((x, y), key=lambda n: files[n].lang)
            if files[fa].lang == files[fb].lang:
                continue
            raw, confs = [], []
            for bead in read_lines(path):
                sa = {files[x].unit_of(int(s), int(e))[0] for s, e in bead.get("a_spans", [])}
                sb = {files[y].unit_of(int(s), int(e))[0] for s, e in bead.get("b_spans", [])}
                sa.discard(None)
                sb.discard(None)
                if (fa, fb) != (x, y):
                    sa, sb = sb, sa
                if sa or sb:
                    raw.append((sa, sb))
                    confs.append(float(bead.get("confidence", 0)))
            ua = [{i} for i in range(len(files[fa].units))]
            ub = [{i} for i in range(len(files[fb].units))]
            beads, _ = evaluation.map_beads(raw, ua, ub, warnings, f"{bid}:pairs:{fa}-{fb}")
            hyp.setdefault((fa, fb), []).extend(beads)
            gold = {(tuple(sorted(a)), tuple(sorted(b)))
                    for a, b in gold_beads(files[fa], files[fb])} \
                if files[fa].bundle is not None and files[fa].bundle == files[fb].bundle else set()
            for (a, b), c in zip(raw, confs):
                if a and b:
                    points.append((c, (tuple(sorted(a)), tuple(sorted(b))) in gold))
    gold = {}
    for names in gold_bundles:
        for x, y in itertools.combinations(sorted(names), 2):
            fa, fb = sorted((x, y), key=lambda n: files[n].lang)
            gold[(fa, fb)] = gold_beads(files[fa], files[fb])
    per_pair, total = {}, dict.fromkeys(COUNT_KEYS, 0)
    for fa, fb in sorted(set(gold) | set(hyp)):
        key = f"{files[fa].lang}-{files[fb].lang}"
        counts = per_pair.setdefault(key, dict.fromkeys(COUNT_KEYS, 0))
        c = score_pair(gold.get((fa, fb), []), hyp.get((fa, fb), []))
        for k in COUNT_KEYS:
            counts[k] += c[k]
            total[k] += c[k]
    return {"pairs": {k: figures(c)["strict"] for k, c in sorted(per_pair.items())},
            "overall": figures(total)["strict"], "reliability": reliability(points)}


def score_corpus(gold_dir: Path, outdir: Path):
    warnings = []
    files, gold_bundles, gold_unmatched = load_gold(gold_dir)
    pred_bundles, pred_langs = load_prediction(outdir, files, warnings)
    bundles = score_bundles(gold_bundles, gold_unmatched, pred_bundles, files, pred_langs)
    pairs, overall, mapping = score_tuples(outdir, files, gold_bundles, pred_bundles, warnings)
    whole = score_whole_tuples(outdir, files, gold_bundles, pred_bundles, pred_langs, warnings)
    pair_files_scored = score_pair_files(outdir, files, gold_bundles, pred_bundles, pred_langs,
                                         warnings)
    return {"bundles": bundles, "pairs": pairs, "overall": overall,
            "whole_tuples": whole, "pair_files": pair_files_scored,
            "mapping": mapping, "warnings": warnings}


# ----------------------------------------------------------------- output --

def report(result) -> str:
    b = result["bundles"]
    u = b["unmatched"]
    fp = b["file_pairs"]
    lg = b["languages"]
    m = result["mapping"]
    lines = [
        f"bundles: gold {b['gold']}, predicted {b['predicted']}: {b['correct']} correct, "
        f"{len(b['missing'])} missing, {len(b['spurious'])} spurious -> "
        + ("EXACT" if b["exact"] else "not exact"),
        f"unmatched: gold {u['gold']}, predicted {u['predicted']}: "
        + ("agree" if u["agree"] else
           f"disagree ({len(u['wrongly_unmatched'])} wrongly unmatched, "
           f"{len(u['wrongly_bundled'])} wrongly bundled)"),
        f"same-bundle file pairs: P={fp['precision']:.3f} R={fp['recall']:.3f} "
        f"F1={fp['f1']:.3f}; languages: {lg['correct']}/{lg['files']} correct "
        f"({lg['reported']} reported)",
        f"spans: {m['spans']['exact']} exact, {m['spans']['overlap']} by overlap, "
        f"{m['spans']['unmapped']} unmapped; {m['bead_merges']} bead merges",
    ]
    for kind in ("missing", "spurious"):
        for bundle in b[kind][:5]:
            lines.append(f"  {kind}: {' '.join(bundle)}")
        if len(b[kind]) > 5:
            lines.append(f"  ... {len(b[kind]) - 5} more {kind}")
    head = (f"{'pair':<8} {'files g/p/ok':>13} {'gold':>6} {'hyp':>6}   "
            f"{'strict P':>8} {'R':>6} {'F1':>6}   {'lax F1':>6}   {'links F1':>8}")
    lines += ["", head, "-" * len(head)]

    def row(name, e):
        f = e["file_pairs"]
        c = e["counts"]
        s = e["strict"]
        files = f"{f['gold']}/{f['predicted']}/{f['common']}"
        return (f"{name:<8} {files:>13} "
                f"{c['gold_beads']:>6} {c['hyp_beads']:>6}   {s['precision']:>8.3f} "
                f"{s['recall']:>6.3f} {s['f1']:>6.3f}   {e['lax']['f1']:>6.3f}   "
                f"{e['links']['f1']:>8.3f}")

    lines += [row(k, e) for k, e in result["pairs"].items()]
    lines += ["-" * len(head), row("overall", result["overall"])]
    w = result["whole_tuples"]
    ch = w["chained"]
    lines += ["", f"whole tuples: gold {w['gold']}, predicted {w['predicted']}, correct "
              f"{w['correct']}: strict P={w['precision']:.3f} R={w['recall']:.3f} "
              f"F1={w['f1']:.3f}; chained {ch['chained']} of {ch['tuples']}"]
    pf = result["pair_files"]
    if pf["pairs"]:
        lines.append("pairs/ files, strict F1: " + ", ".join(
            f"{k} {e['f1']:.3f}" for k, e in pf["pairs"].items())
            + f"; overall {pf['overall']['f1']:.3f}")
    for name, rows in (("tuple confidence", w["reliability"]),
                       ("pair bead confidence", pf["reliability"])):
        if rows:
            lines.append(f"reliability of the {name} (bin: n, mean confidence, accuracy):")
            lines += [f"  [{r['lo']:.2f}, {r['hi']:.2f}): {r['n']:>6} {r['confidence']:.3f} "
                      f"{r['accuracy']:.3f}" for r in rows]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold_dir", help="make_ntrex_corpus.py output directory (or its gold.json)")
    ap.add_argument("outdir", help="polyalign corpus output directory")
    ap.add_argument("--json", metavar="FILE", help="write all figures as JSON (- = stdout)")
    args = ap.parse_args(argv)
    try:
        result = score_corpus(Path(args.gold_dir), Path(args.outdir))
    except InputError as e:
        print(f"score_corpus.py: error: {e}", file=sys.stderr)
        return 2
    for w in result["warnings"][:20]:
        print(f"score_corpus.py: warning: {w}", file=sys.stderr)
    if len(result["warnings"]) > 20:
        print(f"score_corpus.py: warning: ... {len(result['warnings']) - 20} more warnings",
              file=sys.stderr)
    text = json.dumps(result, indent=2, sort_keys=True)
    if args.json == "-":
        print(text)
    else:
        print(report(result))
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
