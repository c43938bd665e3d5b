#!/usr/bin/env python3
"""Runs polyalign on the development data and scores it.

Usage:
    python3 bench/eval.py [--polyalign build/polyalign] [--cases build/ntrex-cases]
                          [--data ../shared/data] [--out bench/results/eval.json]
                          [--markdown] [--timeout 60] [--only SUBSTRING]

1. Text+Berg dev (de-fr, hand-aligned, presegmented):
       polyalign align dev.de dev.fr --presegmented --lang-a de --lang-b fr
                 --format brackets -o HYP
   scored against dev.defr with bench/score.py.
2. The ntrex cases of bench/make_ntrex_cases.py (generated into --cases if that
   directory has no cases.json yet): "perturbed" with --presegmented, "raw" and
   "raw-perturbed" without (polyalign segments them itself).

Raw cases. The hypothesis indexes polyalign's sentences, the gold indexes the
original line units. We run `polyalign segment FILE --lang L --format jsonl`
(byte offsets start/end of every sentence, the same segmentation `align` uses)
and map each sentence to the original lines whose byte spans
(<case>.<lang>.spans.json) it overlaps. A hypothesis bead's side becomes the
union of the lines of its sentences: a line the segmenter over-split is just
that line again; two lines the segmenter merged both land in the bead (a strict
error, as it should be). With segmentation errors several hypothesis beads can
cover the same line (e.g. a line split into two sentences aligned in two
different beads); such beads are merged with a union-find over shared lines
(on either side) before scoring, so that every line is in at most one bead as
in the gold. Sentences overlapping no line (none, normally) are dropped.

Output: one progress line per run on stderr, a table on stdout (markdown with
--markdown) with strict/lax P/R/F1 per case and per-kind mean and min, and
all figures as JSON in --out. Each polyalign run has a timeout (60 s); when
polyalign fails its stderr is printed and the case is recorded as failed.
Exit status: 0 if every run succeeded, 1 if some failed, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score as scoring  # noqa: E402  (bench/score.py)
from bench_common import executable_polyalign  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"
METRICS = [("strict", "precision"), ("strict", "recall"), ("strict", "f1"),
           ("lax", "precision"), ("lax", "recall"), ("lax", "f1")]


class RunError(Exception):
    """A polyalign run failed; the message includes its stderr."""


# ------------------------------------------------------------ running tools --

def run(cmd, timeout):
    """Runs cmd, returns stdout (str). Raises RunError on failure/timeout."""
    shown = " ".join(str(c) for c in cmd)
    try:
        p = subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        err = (e.stderr or b"").decode("utf-8", "replace").strip()
        raise RunError(f"timed out after {timeout} s: {shown}"
                       + (f"\n--- stderr ---\n{err}" if err else ""))
    except OSError as e:
        raise RunError(f"cannot run {shown}: {e}")
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip()
        raise RunError(f"exit status {p.returncode}: {shown}\n--- stderr ---\n{err or '(empty)'}")
    return p.stdout.decode("utf-8", "replace")


def align(polyalign, a, b, lang_a, lang_b, presegmented, hyp_path, timeout):
    cmd = [polyalign, "align", a, b, "--lang-a", lang_a, "--lang-b", lang_b,
           "--format", "brackets", "-o", hyp_path]
    if presegmented:
        cmd.insert(4, "--presegmented")
    if os.path.exists(hyp_path):
        os.remove(hyp_path)
    run(cmd, timeout)
    if not os.path.exists(hyp_path):
        raise RunError(f"polyalign wrote no output file {hyp_path}")
    try:
        return scoring.read_beads(hyp_path)
    except ValueError as e:
        raise RunError(f"unparsable polyalign output: {e}")


def segment(polyalign, path, lang, timeout):
    out = run([polyalign, "segment", path, "--lang", lang, "--format", "jsonl"], timeout)
    sents = []
    for n, line in enumerate(out.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            sents.append((int(obj["start"]), int(obj["end"]), obj.get("text")))
        except (ValueError, KeyError, TypeError) as e:
            raise RunError(f"segment {path}: bad jsonl line {n}: {e}: {line[:200]!r}")
    return sents


def count_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


# ------------------------------------------------------ raw-case mapping --

def sentence_lines(sents, spans, raw: bytes, warnings, label):
    """For every segmenter sentence, the set of original line indices whose
    byte span it overlaps. Checks that the offsets are byte offsets (the
    sentence text equals raw[start:end]); falls back to code-point offsets
    with a warning if they evidently are."""
    def matches(buf, s, e, t):
        return t is None or buf[s:e] == t
    as_bytes = sum(matches(raw, s, e, t.encode("utf-8") if t is not None else None)
                   for s, e, t in sents)
    if sents and as_bytes < len(sents):
        text = raw.decode("utf-8")
        as_chars = sum(matches(text, s, e, t) for s, e, t in sents)
        if as_chars > as_bytes:
            warnings.append(f"{label}: segment offsets look like code points, not bytes")
            # convert line spans to code-point offsets
            char_at = [0] * (len(raw) + 1)  # byte offset -> code points before it
            c = 0
            for i, byte in enumerate(raw):
                char_at[i] = c
                if byte & 0xC0 != 0x80:  # not a UTF-8 continuation byte
                    c += 1
            char_at[len(raw)] = c
            spans = [[char_at[s], char_at[e]] for s, e in spans]
        else:
            warnings.append(f"{label}: {len(sents) - as_bytes} of {len(sents)} sentences: "
                            "text differs from the bytes at [start, end)")
    ends = [e for _, e in spans]  # spans are sorted and disjoint
    result = []
    for s, e, _ in sents:
        lines = set()
        k = bisect.bisect_right(ends, s)  # first line ending after s
        while k < len(spans) and spans[k][0] < e:
            lines.add(k)
            k += 1
        result.append(lines)
    return result


def segmentation_stats(sent_lines, n_lines):
    """exact: lines that are exactly one sentence; split: lines covered by
    several sentences; merged: lines sharing a sentence with another line;
    missed: lines no sentence covers."""
    per_line = [[] for _ in range(n_lines)]
    for i, lines in enumerate(sent_lines):
        for line in lines:
            per_line[line].append(i)
    exact = split = merged = missed = 0
    for line, sents in enumerate(per_line):
        if not sents:
            missed += 1
        elif any(len(sent_lines[s]) > 1 for s in sents):
            merged += 1
        elif len(sents) > 1:
            split += 1
        else:
            exact += 1
    return {"lines": n_lines, "sentences": len(sent_lines), "exact": exact,
            "split": split, "merged": merged, "missed": missed,
            "exact_rate": exact / n_lines if n_lines else 0.0}


def map_beads(hyp, lines_a, lines_b, warnings, label):
    """Hypothesis beads over sentences -> beads over original lines, merging
    beads that share a line (union-find)."""
    mapped = []
    bad = 0
    for src, tgt in hyp:
        sa, sb = set(), set()
        for i in src:
            if i < len(lines_a):
                sa |= lines_a[i]
            else:
                bad += 1
        for i in tgt:
            if i < len(lines_b):
                sb |= lines_b[i]
            else:
                bad += 1
        if sa or sb:
            mapped.append((sa, sb))
    if bad:
        warnings.append(f"{label}: {bad} sentence ids beyond the segmenter's sentence count "
                        "(align and segment disagree?)")
    parent = list(range(len(mapped)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner_a, owner_b = {}, {}
    for n, (sa, sb) in enumerate(mapped):
        for owner, side in ((owner_a, sa), (owner_b, sb)):
            for line in side:
                if line in owner:
                    parent[find(n)] = find(owner[line])
                else:
                    owner[line] = n
    groups = {}
    for n, (sa, sb) in enumerate(mapped):
        g = groups.setdefault(find(n), (set(), set()))
        g[0].update(sa)
        g[1].update(sb)
    merges = len(mapped) - len(groups)
    beads = [(tuple(sorted(a)), tuple(sorted(b))) for a, b in groups.values()]
    beads.sort(key=lambda x: (x[0][0] if x[0] else x[1][0] if x[1] else 0,
                              x[1][0] if x[1] else -1))
    return beads, merges


def coverage_problems(beads, n_a, n_b):
    """Contract check: every sentence of both sides in exactly one bead."""
    msgs = []
    for side, n in ((0, n_a), (1, n_b)):
        seen = {}
        for bead in beads:
            for i in bead[side]:
                seen[i] = seen.get(i, 0) + 1
        missing = sum(1 for i in range(n) if i not in seen)
        dup = sum(1 for c in seen.values() if c > 1)
        out = sum(1 for i in seen if i >= n)
        name = "A" if side == 0 else "B"
        if missing or dup or out:
            msgs.append(f"side {name}: {missing} of {n} sentences in no bead, "
                        f"{dup} in several, {out} ids out of range")
    return msgs


# --------------------------------------------------------------- the cases --

def eval_textberg(args, hyp_dir):
    d = Path(args.data) / "textberg-dev"
    entry = {"name": "textberg-dev", "pair": "de-fr", "kind": "textberg", "presegmented": True}
    hyp_path = os.path.join(hyp_dir, "textberg-dev.hyp")
    t0 = time.time()
    try:
        hyp = align(args.polyalign, d / "dev.de", d / "dev.fr", "de", "fr", True,
                    hyp_path, args.timeout)
    except RunError as e:
        entry["error"] = str(e)
        return entry
    entry["seconds"] = round(time.time() - t0, 3)
    entry["warnings"] = coverage_problems(hyp, count_lines(d / "dev.de"), count_lines(d / "dev.fr"))
    entry["result"] = scoring.score(scoring.read_beads(d / "dev.defr"), hyp)
    return entry


def eval_case(args, case, cases_dir: Path, hyp_dir):
    entry = {k: case[k] for k in ("name", "pair", "kind", "lang_a", "lang_b", "presegmented")}
    a, b = cases_dir / case["a"], cases_dir / case["b"]
    hyp_path = os.path.join(hyp_dir, case["name"].replace("/", "_") + ".hyp")
    warnings = []
    entry["warnings"] = warnings
    t0 = time.time()
    try:
        hyp = align(args.polyalign, a, b, case["lang_a"], case["lang_b"],
                    case["presegmented"], hyp_path, args.timeout)
        entry["seconds"] = round(time.time() - t0, 3)
        gold = scoring.read_beads(cases_dir / case["gold"])
        if case["presegmented"]:
            warnings += coverage_problems(hyp, count_lines(a), count_lines(b))
        else:
            sent_lines = []
            entry["segmentation"] = {}
            for side, path, lang, spans_key in (("a", a, case["lang_a"], "spans_a"),
                                                ("b", b, case["lang_b"], "spans_b")):
                sents = segment(args.polyalign, path, lang, args.timeout)
                with open(cases_dir / case[spans_key], encoding="utf-8") as f:
                    spans = json.load(f)
                raw = path.read_bytes()
                lines = sentence_lines(sents, spans, raw, warnings, f"{case['name']} {side}")
                sent_lines.append(lines)
                entry["segmentation"][side] = segmentation_stats(lines, len(spans))
            warnings += coverage_problems(hyp, len(sent_lines[0]), len(sent_lines[1]))
            hyp, merges = map_beads(hyp, sent_lines[0], sent_lines[1], warnings, case["name"])
            entry["beads_merged_by_mapping"] = merges
            with open(hyp_path + ".lines", "w", encoding="utf-8") as f:
                f.writelines(scoring.format_bead(bd) + "\n" for bd in hyp)
        entry["result"] = scoring.score(gold, hyp)
    except RunError as e:
        entry["error"] = str(e)
    return entry


# ----------------------------------------------------------------- report --

def summarise(entries):
    """Per kind: mean and min of every metric over the successful runs."""
    kinds = {}
    for e in entries:
        kinds.setdefault(e["kind"], []).append(e)
    summary = {}
    for kind, es in kinds.items():
        ok = [e for e in es if "result" in e]
        s = {"runs": len(es), "failed": len(es) - len(ok)}
        for agg, fn in (("mean", lambda v: sum(v) / len(v)), ("min", min)):
            s[agg] = {f"{m}_{k}": fn([e["result"][m][k] for e in ok]) if ok else None
                      for m, k in METRICS}
        summary[kind] = s
    return summary


def table(entries, summary, markdown):
    head = ["case", "pair", "strict P", "strict R", "strict F1", "lax P", "lax R", "lax F1", "seg", "s"]
    rows = []
    for e in entries:
        if "result" in e:
            vals = [f"{e['result'][m][k]:.3f}" for m, k in METRICS]
        else:
            vals = ["FAILED"] + [""] * 5
        seg = ""
        if "segmentation" in e:
            sg = e["segmentation"]
            seg = f"{min(sg['a']['exact_rate'], sg['b']['exact_rate']):.3f}"
        rows.append([e["name"], e["pair"]] + vals + [seg, f"{e.get('seconds', 0):.1f}"])
    for kind, s in summary.items():
        if s["runs"] < 2:
            continue  # Text+Berg: one run, its row says it all
        for agg in ("mean", "min"):
            vals = [("" if s[agg][f"{m}_{k}"] is None else f"{s[agg][f'{m}_{k}']:.3f}")
                    for m, k in METRICS]
            label = f"**{kind} {agg}**" if markdown else f"{kind} {agg}"
            fail = f"{s['failed']} failed" if s["failed"] else ""
            rows.append([label, f"{s['runs']} runs"] + vals + [fail, ""])
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * 8) + "|"]
        out += ["| " + " | ".join(r) + " |" for r in rows]
    else:
        widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
        fmt = lambda r: "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                                  for i, (c, w) in enumerate(zip(r, widths)))
        out = [fmt(head)] + [fmt(r) for r in rows]
    out.append("")
    out.append("mean/min: per column over the kind's runs. seg: share of original lines "
               "the segmenter returns as exactly one sentence (worse side; ntrex lines that "
               "hold two sentences count against it). s: align wall time in seconds.")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polyalign", default=str(REPO_ROOT / "build" / "polyalign"),
                    help="the polyalign binary (default: %(default)s)")
    ap.add_argument("--cases", default=str(REPO_ROOT / "build" / "ntrex-cases"),
                    help="ntrex case directory; generated if it has no cases.json "
                         "(default: %(default)s)")
    ap.add_argument("--data", default=str(DEFAULT_DATA),
                    help="shared data with textberg-dev/ and ntrex-dev/ (default: %(default)s)")
    ap.add_argument("--out", default=str(REPO_ROOT / "bench" / "results" / "eval.json"),
                    help="JSON results (default: %(default)s)")
    ap.add_argument("--markdown", action="store_true", help="print the table as markdown")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per polyalign run")
    ap.add_argument("--seed", type=int, default=1, help="seed when generating the cases")
    ap.add_argument("--only", action="append", default=[], metavar="SUBSTRING",
                    help="run only cases whose name contains SUBSTRING (repeatable; "
                         "'textberg' selects Text+Berg)")
    ap.add_argument("--hyp-dir", help="keep the hypothesis files here (default: a temp dir)")
    args = ap.parse_args(argv)

    args.polyalign = executable_polyalign(args.polyalign, "eval.py")
    if args.polyalign is None:
        return 2
    if not (Path(args.data) / "textberg-dev" / "dev.defr").is_file():
        print(f"eval.py: error: no textberg-dev/dev.defr under --data {args.data}", file=sys.stderr)
        return 2

    cases_dir = Path(args.cases)
    if not (cases_dir / "cases.json").is_file():
        print(f"generating ntrex cases in {cases_dir} (seed {args.seed})", file=sys.stderr)
        subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "make_ntrex_cases.py"),
                        "--data", str(Path(args.data) / "ntrex-dev"), "--out", str(cases_dir),
                        "--seed", str(args.seed), "--quiet"], check=True)
    with open(cases_dir / "cases.json", encoding="utf-8") as f:
        manifest = json.load(f)
    selected = lambda name: not args.only or any(s in name for s in args.only)

    tmp = None
    if args.hyp_dir:
        hyp_dir = args.hyp_dir
        os.makedirs(hyp_dir, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="polyalign-eval-")
        hyp_dir = tmp.name

    entries = []
    jobs = []
    if selected("textberg-dev"):
        jobs.append(("textberg-dev", lambda: eval_textberg(args, hyp_dir)))
    for case in manifest["cases"]:
        if selected(case["name"]):
            jobs.append((case["name"], lambda c=case: eval_case(args, c, cases_dir, hyp_dir)))
    for name, job in jobs:
        e = job()
        entries.append(e)
        if "error" in e:
            print(f"{name}: FAILED: {e['error']}", file=sys.stderr)
        else:
            print(f"{name}: {scoring.format_result(e['result'])}  ({e['seconds']:.1f} s)",
                  file=sys.stderr)
        for w in e.get("warnings", []):
            print(f"{name}: warning: {w}", file=sys.stderr)

    summary = summarise(entries)
    print(table(entries, summary, args.markdown))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"polyalign": args.polyalign, "cases_dir": str(cases_dir),
                   "seed": manifest.get("seed"), "timeout": args.timeout,
                   "runs": entries, "summary": summary}, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"wrote {args.out}", file=sys.stderr)
    if tmp:
        tmp.cleanup()
    return 1 if any("error" in e for e in entries) else 0


if __name__ == "__main__":
    sys.exit(main())
