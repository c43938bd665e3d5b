#!/usr/bin/env python3
"""Planted-error evaluation of the consistency checks (polyalign corpus --checks).

Usage:
    python3 bench/qa_eval.py --polyalign build/polyalign [--data DIR] [--out DIR]
                             [--seed N] [--per-kind N] [--json FILE] [--markdown]

Builds a corpus from ntrex-dev (every document in all five languages, de en
hi id uk, as raw paragraphs like bench/make_ntrex_corpus.py, in files with
random names), plants errors in it, runs `polyalign corpus` (all checks) and
reads OUT/run/findings.jsonl back:

  number        one number of a line changed in one language (its last digit
                +1 mod 10); only digit runs that another language's line also
                has, not next to a letter, and whose new value no language's
                line has
  drop          one line deleted from one language's file
  name          a name deleted from one Latin-script language (de, en, id):
                a run of capitalised words (4+ letters, no acronym: the
                check's scope), not at the start of the line, written the
                same way in another Latin-script language's line, once in
                the line
  untranslated  one language's line replaced by the same line of another
                language (English, or German for English)

Each error is planted in its own (document, line), at least two lines from
any other error of the document; `--per-kind` of each kind (default 12),
chosen at random (`--seed`). The planted line of a file is mapped onto
polyalign's sentences through byte spans (the file is built from its line
units, so every unit's bytes are known).

An error is found when a finding of the expected kind concerns the planted
line (one of its members' sentences overlaps the line's unit in some file;
for a dropped line, the line's units in the other languages):
  number -> numbers, drop -> omissions or length, name -> names,
  untranslated -> untranslated.
A dropped line also counts as found (and is counted apart, "next line") by
an omission finding on a neighbouring line of its document that the dropped
file is absent from: when two neighbouring sentences are alike ("They must
not be defiant." / "They must not question..."), which of them has no
counterpart is for the aligner a toss-up, and the reader is sent to the
right place.
A finding that concerns no planted line is a false alarm. NTREX is real
professional translation, so these "false alarms" include the translators'
own disagreements (a number written in words, a name paraphrased): an upper
bound. Findings that concern a planted line but are of another kind (an
omission beside an untranslated line...) are counted apart.

A finding of any severity counts, both for recall and as a false alarm; the
report also says how many planted errors a warning or an error finds (not
only an info finding) and the rate of false alarms that are warnings or
errors, since info findings (a name made of common words a translation may
render in other words, a repeated sentence) are meant to be skimmed.

Prints recall per kind, false alarms per kind and severity, and their rate per
tuple; --json writes everything, the false alarms listed with their message.
Output is a pure function of the data, --seed and --per-kind (and polyalign).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_ntrex_cases import LANGS, REPO_ROOT, load, write_text  # noqa: E402
from make_ntrex_corpus import default_data, file_names, raw_file  # noqa: E402

KINDS = ["number", "drop", "name", "untranslated"]
EXPECTED = {"number": {"numbers"}, "drop": {"omissions", "length"}, "name": {"names"},
            "untranslated": {"untranslated"}}
CHECKS = ["numbers", "names", "omissions", "length", "untranslated", "inconsistent", "repeated"]
LATIN = ["de", "en", "id"]
MIN_DISTANCE = 2  # lines between two planted errors of one document

DIGITS = re.compile(r"\d+")
# A run of capitalised words (Latin script), e.g. "Donald Trump", "Nizza".
NAME_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?: [A-ZÀ-ÖØ-Þ][\w'’-]*)*")


def digit_runs(text):
    """Digit runs of `text` not touching a letter: [(start, end, digits)]."""
    out = []
    for m in DIGITS.finditer(text):
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if before.isalpha() or after.isalpha():
            continue
        out.append((m.start(), m.end(), m.group()))
    return out


def number_plant(texts, i, lang):
    """(start, end, new digits) for a number of line i in `lang` to change, or None."""
    others = [set(r for _, _, r in digit_runs(texts[o][i])) for o in LANGS if o != lang]
    everywhere = set().union(*others) | {r for _, _, r in digit_runs(texts[lang][i])}
    for s, e, run in digit_runs(texts[lang][i]):
        if not any(run in o for o in others):
            continue
        new = run[:-1] + str((int(run[-1]) + 1) % 10)
        if new not in everywhere:
            return s, e, new
    return None


def name_plant(texts, i, lang):
    """(start, end) of a name of line i in `lang` (Latin script) that another
    Latin-script language's line writes the same way, or None."""
    line = texts[lang][i]
    first_letter = next((k for k, ch in enumerate(line) if ch.isalpha()), 0)
    for m in NAME_RUN.finditer(line):
        letters = sum(ch.isalpha() for ch in m.group())
        # The names check's scope: names of 4+ letters (min_name_letters);
        # acronyms ("PBS") are not names.
        if m.start() <= first_letter or letters < 4:
            continue
        if any(w.isupper() and len(w) > 1 for w in m.group().split()):
            continue
        if line.count(m.group()) != 1:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(m.group()) + r"(?!\w)")
        if any(pattern.search(texts[o][i]) for o in LATIN if o != lang):
            return m.start(), m.end()
    return None


def choose_plants(texts, docs, rng, per_kind):
    """The planted errors: [{"kind", "doc", "line", "lang", ...}], and per
    document the lines taken."""
    taken = defaultdict(set)
    plants = []

    def free(d, i):
        return all(abs(i - j) >= MIN_DISTANCE for j in taken[d])

    positions = [(d, i) for d, lines in enumerate(docs) for i in lines]
    for kind in KINDS:
        order = positions[:]
        rng.shuffle(order)
        count = 0
        for d, i in order:
            if count == per_kind:
                break
            if not free(d, i):
                continue
            langs = (LATIN if kind == "name" else LANGS)[:]
            rng.shuffle(langs)
            for lang in langs:
                plant = {"kind": kind, "doc": d, "line": i, "lang": lang}
                if kind == "number":
                    found = number_plant(texts, i, lang)
                    if not found:
                        continue
                    s, e, new = found
                    old = texts[lang][i][s:e]
                    plant.update(old=old, new=new,
                                 text=texts[lang][i][:s] + new + texts[lang][i][e:])
                elif kind == "name":
                    found = name_plant(texts, i, lang)
                    if not found:
                        continue
                    s, e = found
                    line = texts[lang][i]
                    cut = line[:s].rstrip(" ") + (" " if s > 0 and e < len(line) and
                                                  line[e] not in ".,;:!?)" else "") + line[e:].lstrip(" ")
                    plant.update(name=line[s:e], text=cut)
                elif kind == "drop":
                    if len(docs[d]) < 3:
                        continue
                elif kind == "untranslated":
                    source = "de" if lang == "en" else "en"
                    plant.update(source=source, text=texts[source][i])
                plants.append(plant)
                taken[d].add(i)
                count += 1
                break
        if count < per_kind:
            raise SystemExit(f"qa_eval.py: error: only {count} places for kind {kind}")
    return plants


def build_corpus(data, out, seed, per_kind):
    texts, docs = load(data)
    plants = choose_plants(texts, docs, random.Random(f"{seed}/plant"), per_kind)
    by_file = defaultdict(dict)  # (doc, lang) -> {line: plant}
    for p in plants:
        by_file[(p["doc"], p["lang"])][p["line"]] = p
    corpus = out / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    plan = [(d, lang) for d in range(len(docs)) for lang in LANGS]
    names, _ = file_names(seed, len(plan))
    files = {}
    for (d, lang), rel in zip(plan, names):
        units = []
        for i in docs[d]:
            p = by_file[(d, lang)].get(i)
            if p and p["kind"] == "drop":
                continue
            units.append((i, p["text"] if p else texts[lang][i]))
        text, lines, _ = raw_file(units, random.Random(f"{seed}/paragraphs/{d}/{lang}"))
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        write_text(corpus / rel, text)
        files[rel] = {"doc": d, "lang": lang, "lines": lines}
    return texts, docs, plants, files


def run_polyalign(binary, corpus, run_dir):
    if run_dir.exists():
        shutil.rmtree(run_dir)
    start = time.monotonic()
    proc = subprocess.run([binary, "corpus", str(corpus), "-o", str(run_dir), "-q",
                           "--formats", "jsonl"], capture_output=True, text=True)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit(f"qa_eval.py: polyalign failed ({proc.returncode}): {proc.stderr.strip()}")
    return seconds, proc.stdout


def concerned_lines(finding, files, corpus):
    """(doc, line) of every line unit a finding's sentences overlap."""
    out = set()
    for path, member in finding["members"].items():
        rel = os.path.relpath(path, corpus)
        f = files.get(rel)
        if f is None:
            continue
        for s, e in member["spans"]:
            for orig, us, ue in f["lines"]:
                if orig is not None and us < e and s < ue:
                    out.add((f["doc"], orig))
    return out


def evaluate(args):
    data = Path(args.data)
    out = Path(args.out)
    texts, docs, plants, files = build_corpus(data, out, args.seed, args.per_kind)
    corpus = out / "corpus"
    run_dir = out / "run"
    seconds, stdout = run_polyalign(args.polyalign, corpus, run_dir)
    bundles = json.load(open(run_dir / "bundles.json", encoding="utf-8"))
    gold = defaultdict(set)
    for rel, f in files.items():
        gold[f["doc"]].add(rel)
    found_bundles = [{os.path.relpath(d["path"], corpus) for d in b["documents"]}
                     for b in bundles["bundles"]]
    bundles_right = sum(1 for b in found_bundles if b in gold.values())
    tuples = sum(b["tuples"] for b in bundles["bundles"])
    findings = [json.loads(line) for line in open(run_dir / "findings.jsonl", encoding="utf-8")]

    planted_at = {(p["doc"], p["line"]): p for p in plants}
    file_of = {(f["doc"], f["lang"]): rel for rel, f in files.items()}
    for p in plants:
        p["found_by"], p["found_next"] = [], []
    false_alarms, side = [], []
    for n, f in enumerate(findings):
        lines = concerned_lines(f, files, corpus)
        hit = [planted_at[x] for x in sorted(lines) if x in planted_at]
        explained = False
        for p in hit:
            if f["kind"] in EXPECTED[p["kind"]]:
                p["found_by"].append(n)
                explained = True
        # An omission next to a dropped line, the dropped file absent from it.
        members = {os.path.relpath(path, corpus) for path in f["members"]}
        for d, i in sorted(lines):
            for j in (i - 1, i + 1):
                p = planted_at.get((d, j))
                if (p and p["kind"] == "drop" and f["kind"] == "omissions" and
                        file_of[(d, p["lang"])] not in members):
                    p["found_next"].append(n)
                    explained = True
                    hit.append(p)
        if not hit:
            false_alarms.append(f)
        elif not explained:
            side.append(f)

    recall = {}
    for kind in KINDS:
        ps = [p for p in plants if p["kind"] == kind]
        recall[kind] = {"planted": len(ps),
                        "found": sum(1 for p in ps if p["found_by"] or p["found_next"]),
                        "next_line": sum(1 for p in ps if p["found_next"] and not p["found_by"]),
                        # found by a warning or an error, not only by info
                        "found_warning": sum(1 for p in ps if any(
                            findings[n]["severity"] != "info"
                            for n in p["found_by"] + p["found_next"]))}
    fa_kind = Counter(f["kind"] for f in false_alarms)
    fa_sev = Counter(f["severity"] for f in false_alarms)
    result = {
        "command": " ".join(["python3", "bench/qa_eval.py"] + (args.argv or [])),
        "seed": args.seed,
        "per_kind": args.per_kind,
        "files": len(files),
        "bundles": len(found_bundles),
        "bundles_right": bundles_right,
        "bundles_gold": len(gold),
        "tuples": tuples,
        "findings": len(findings),
        "polyalign_seconds": round(seconds, 2),
        "recall": recall,
        "false_alarms": len(false_alarms),
        "false_alarms_by_kind": {k: fa_kind.get(k, 0) for k in CHECKS},
        "false_alarms_by_severity": {s: fa_sev.get(s, 0) for s in ["error", "warning", "info"]},
        "false_alarms_per_tuple": round(len(false_alarms) / max(tuples, 1), 4),
        "false_alarms_warning_or_error_per_tuple": round(
            (fa_sev.get("error", 0) + fa_sev.get("warning", 0)) / max(tuples, 1), 4),
        "side_findings": len(side),
        "missed": [{k: v for k, v in p.items() if k != "text"} for p in plants
                   if not p["found_by"] and not p["found_next"]],
        "false_alarm_list": [{"kind": f["kind"], "severity": f["severity"], "bundle": f["bundle"],
                              "tuple": f["tuple"], "message": f["message"]} for f in false_alarms],
        "plants": [{k: v for k, v in p.items() if k != "text"} for p in plants],
    }
    return result


def print_report(r, markdown):
    if markdown:
        print(f"Corpus: {r['files']} files ({r['bundles_gold']} documents x 5 languages), "
              f"{r['tuples']} tuples; bundles found {r['bundles']}, right {r['bundles_right']}; "
              f"polyalign corpus {r['polyalign_seconds']} s.\n")
        print("| planted error | planted | found | of which on the next line | "
              "found by a warning or error | recall |")
        print("|---|---:|---:|---:|---:|---:|")
        for kind, v in r["recall"].items():
            print(f"| {kind} | {v['planted']} | {v['found']} | {v['next_line']} | "
                  f"{v['found_warning']} | {100 * v['found'] / max(v['planted'], 1):.0f}% |")
        print()
        print("| false alarms | " + " | ".join(CHECKS) + " | total | per tuple |")
        print("|---|" + "---:|" * (len(CHECKS) + 2))
        print("| count | " + " | ".join(str(r["false_alarms_by_kind"][k]) for k in CHECKS) +
              f" | {r['false_alarms']} | {r['false_alarms_per_tuple']:.4f} |")
        sev = r["false_alarms_by_severity"]
        print(f"\nBy severity: {sev['error']} errors, {sev['warning']} warnings, {sev['info']} "
              f"info ({r['false_alarms_warning_or_error_per_tuple']:.4f} warnings and errors per "
              f"tuple). Findings of another kind on a planted line: {r['side_findings']}.")
        return
    print(f"{r['files']} files, {r['tuples']} tuples, bundles {r['bundles_right']}/"
          f"{r['bundles_gold']} right ({r['bundles']} found), {r['findings']} findings, "
          f"polyalign {r['polyalign_seconds']} s")
    for kind, v in r["recall"].items():
        print(f"  {kind:13s} found {v['found']}/{v['planted']}" +
              (f" ({v['next_line']} on the next line)" if v["next_line"] else "") +
              f", {v['found_warning']} by a warning or error")
    print(f"  false alarms: {r['false_alarms']} ({r['false_alarms_per_tuple']:.4f} per tuple; "
          f"warnings and errors {r['false_alarms_warning_or_error_per_tuple']:.4f}) "
          f"{r['false_alarms_by_kind']} {r['false_alarms_by_severity']}")
    print(f"  side findings (other kinds on planted lines): {r['side_findings']}")
    for p in r["missed"]:
        print(f"  MISSED {p}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polyalign", default=str(REPO_ROOT / "build" / "polyalign"),
                    help="the polyalign binary (default: %(default)s)")
    ap.add_argument("--data", default=str(default_data()),
                    help="ntrex-dev directory (default: %(default)s)")
    ap.add_argument("--out", default=str(REPO_ROOT / "build" / "qa-eval"),
                    help="work directory: OUT/corpus, OUT/run (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-kind", type=int, default=12, help="errors planted per kind")
    ap.add_argument("--json", help="write every figure, the misses and false alarms here")
    ap.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = ap.parse_args(argv)
    args.argv = argv if argv is not None else sys.argv[1:]
    if not (Path(args.data) / "documents.tsv").is_file():
        print(f"qa_eval.py: error: no documents.tsv in {args.data}", file=sys.stderr)
        return 2
    if not os.access(args.polyalign, os.X_OK):
        print(f"qa_eval.py: error: {args.polyalign} is not an executable", file=sys.stderr)
        return 2
    r = evaluate(args)
    print_report(r, args.markdown)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(r, f, indent=1, ensure_ascii=False)
            f.write("\n")
    return 0 if all(v["found"] == v["planted"] for v in r["recall"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
