#!/usr/bin/env bash
# Self-check of the corpus-mode measurement tooling in bench/:
#  * bench/make_ntrex_corpus.py on a small corpus (--limit-docs 12): runs,
#    is deterministic, and its gold.json agrees with the files (every file
#    listed, random names in >= 2 subdirectories, spans = the original ntrex
#    lines joined by " " / blank lines, bundles of distinct languages of one
#    source document, distractors sharing no document or line with any file);
#  * bench/score_corpus.py on predictions built from the gold itself in the
#    corpus-mode format (bundles.json + <id>/alignment.jsonl): perfect -> bundles
#    exact and every F1 1.0 (whole tuples too), also with split sentences and sloppy spans (the
#    overlap mapping); then corrupted (a tuple dropped, two tuples merged, a
#    file moved out of its bundle, a distractor bundled, an alignment.jsonl
#    missing) -> the matching figures drop below 1 / bundles not exact.
# Usage: bash tests/score_corpus_test.sh [REPO_ROOT]   (exit 0 iff all passed)
# Env: POLYALIGN_DATA = shared data dir (default: <repo>/../shared/data); the
# test is skipped when its ntrex-dev/ is missing.
set -u

ROOT="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
PY="${PYTHON:-python3}"
MAKE="$ROOT/bench/make_ntrex_corpus.py"
SCORE="$ROOT/bench/score_corpus.py"
DATA="${POLYALIGN_DATA:-$ROOT/../shared/data}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/score_corpus_test.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

pass=0
fail=0
ok()  { pass=$((pass + 1)); echo "ok   - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/       /'; }

if [ ! -f "$DATA/ntrex-dev/documents.tsv" ]; then
  echo "skip - corpus scoring checks: no $DATA/ntrex-dev"
  exit 0
fi

# ------------------------------------------------- make_ntrex_corpus.py --

GEN=(--data "$DATA/ntrex-dev" --limit-docs 12 --seed 5 -q)
if ! msg=$("$PY" "$MAKE" "${GEN[@]}" --out "$TMP/c" 2>&1); then
  bad "make_ntrex_corpus.py runs" "$msg"
  echo "$pass passed, $fail failed"
  exit 1
fi
ok "make_ntrex_corpus.py runs"
"$PY" "$MAKE" "${GEN[@]}" --out "$TMP/c2"
if diff -r "$TMP/c" "$TMP/c2" > "$TMP/diff" 2>&1; then
  ok "make_ntrex_corpus.py is deterministic (same seed -> identical files)"
else
  bad "make_ntrex_corpus.py is deterministic (same seed -> identical files)" "$(head -5 "$TMP/diff")"
fi
"$PY" "$MAKE" --data "$DATA/ntrex-dev" --limit-docs 12 --seed 6 -q --out "$TMP/c3"
if cmp -s "$TMP/c/gold.json" "$TMP/c3/gold.json"; then
  bad "another seed gives another corpus"
else
  ok "another seed gives another corpus"
fi
rm -rf "$TMP/c2" "$TMP/c3"

msg=$("$PY" - "$TMP/c" "$DATA/ntrex-dev" <<'EOF' 2>&1
import json, re, sys
from pathlib import Path
out, data = Path(sys.argv[1]), Path(sys.argv[2])
LANGS = ["de", "en", "hi", "id", "uk"]
orig = {l: (data / f"{l}.txt").read_text(encoding="utf-8").split("\n")[:-1] for l in LANGS}
doc_of = [l.split("\t")[0] for l in (data / "documents.tsv").read_text(encoding="utf-8").split("\n")[:-1]]
source = {}                                   # line text -> original indices (any language)
for l in LANGS:
    for i, t in enumerate(orig[l]):
        source.setdefault(t, set()).add(i)
g = json.loads((out / "gold.json").read_text(encoding="utf-8"))
docs, corpus = g["documents"], out / g["corpus"]
errors = []
on_disk = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file())
if on_disk != sorted(docs):
    errors.append("gold documents != files on disk")
if len({str(Path(r).parent) for r in on_disk}) < 2 or any("/" not in r for r in on_disk):
    errors.append("files are not spread over >= 2 subdirectories")
if any(not re.fullmatch(r"doc-[0-9a-f]{10}\.txt", Path(r).name) for r in on_disk):
    errors.append("file names are not doc-<10 hex>.txt")
bundled = [r for b in g["bundles"] for r in b]
if len(bundled) != len(set(bundled)) or set(bundled) & set(g["unmatched"]) \
        or set(bundled) | set(g["unmatched"]) != set(docs):
    errors.append("bundles + unmatched do not partition the files")
for b in g["bundles"]:
    langs = [docs[r]["lang"] for r in b]
    if len(b) < 2 or len(set(langs)) != len(langs) or len({docs[r]["doc"] for r in b}) != 1 \
            or any(docs[r]["kind"] != "bundle" for r in b):
        errors.append(f"bad bundle {b}")
distractor_docs = {docs[r]["doc"] for r in g["unmatched"]}
if not g["unmatched"] or any(docs[r]["kind"] != "distractor" for r in g["unmatched"]):
    errors.append("no distractor / unmatched file not marked distractor")
if sum(docs[r]["doc"] in distractor_docs for r in docs) != len(g["unmatched"]):
    errors.append("a distractor shares its source document with another file")
inserted = deleted = 0
for rel, d in docs.items():
    raw = (corpus / rel).read_bytes()
    prev, kept = 0, []
    for o, s, e in d["lines"]:
        gap = raw[prev:s]
        if gap not in ((b"",) if prev == 0 else (b" ", b"\n\n")):
            errors.append(f"{rel}: gap {gap!r} before [{s}, {e}]"); break
        text = raw[s:e].decode("utf-8")
        if o is None:
            inserted += 1
            src = source.get(text, set())
            if not src or any(doc_of[i] in distractor_docs or doc_of[i] == d["doc"] for i in src):
                errors.append(f"{rel}: inserted line {text[:30]!r} of bad origin")
        else:
            kept.append(o)
            if text != orig[d["lang"]][o] or doc_of[o] != d["doc"]:
                errors.append(f"{rel}: unit [{s}, {e}] is not line {o} of {d['lang']}.txt")
        prev = e
    if raw[prev:] != b"\n":
        errors.append(f"{rel}: does not end with the last unit and a newline")
    all_lines = [i for i, x in enumerate(doc_of) if x == d["doc"]]
    if not d.get("shuffled") and kept != [i for i in all_lines if i in set(kept)]:
        errors.append(f"{rel}: original lines out of order")
    deleted += len(all_lines) - len(kept)
if not inserted or not deleted:
    errors.append(f"no perturbations: {inserted} inserted, {deleted} deleted lines")
print("\n".join(errors[:20]))
sys.exit(1 if errors else 0)
EOF
)
if [ $? -eq 0 ]; then
  ok "gold.json agrees with the corpus files (spans, bundles, distractors, perturbations)"
else
  bad "gold.json agrees with the corpus files (spans, bundles, distractors, perturbations)" "$msg"
fi

# ------------------------------------------------------- score_corpus.py --

# predict MODE: writes $TMP/p_MODE, a corpus-mode output derived from the gold
# (paths absolute, as corpus mode gets them on its command line), corrupted
# according to MODE in the first bundle of >= 3 files ("target").
predict() {
  "$PY" - "$TMP/c" "$TMP/p_$1" "$1" <<'EOF'
import json, sys
from pathlib import Path
gold_dir, out, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
g = json.loads((gold_dir / "gold.json").read_text(encoding="utf-8"))
docs = g["documents"]
path = lambda rel: str(gold_dir / g["corpus"] / rel)
bundles = [list(b) for b in g["bundles"]]
unmatched = list(g["unmatched"])
target = next(n for n, b in enumerate(bundles) if len(b) >= 3)
if mode == "move":                          # one file out of its bundle
    unmatched.append(bundles[target].pop())
if mode == "distractor":                    # a distractor into a bundle lacking its language
    extra = unmatched.pop(0)
    lang = docs[extra]["lang"]
    target = next((n for n, b in enumerate(bundles)
                   if all(docs[r]["lang"] != lang for r in b)), target)
    bundles[target].append(extra)

def tuples(files):
    """Gold tuples; in "distractor" mode its units are spread over them."""
    by_orig, singles = {}, []
    for rel in files:
        if docs[rel]["kind"] == "distractor":
            continue
        for j, (orig, s, e) in enumerate(docs[rel]["lines"]):
            m = {"sentences": [j], "spans": [[s, e]]}
            if orig is None:
                singles.append({path(rel): m})
            else:
                by_orig.setdefault(orig, {})[path(rel)] = m
    ts = [by_orig[o] for o in sorted(by_orig)] + singles
    for rel in files:
        if docs[rel]["kind"] == "distractor":
            for j, (_, s, e) in enumerate(docs[rel]["lines"]):
                ts[j % len(ts)][path(rel)] = {"sentences": [j], "spans": [[s, e]]}
    return ts

out.mkdir(parents=True)
result = {"bundles": [], "unmatched": [{"path": path(r), "lang": docs[r]["lang"],
                                        "reason": "no translation"} for r in unmatched]}
for n, files in enumerate(bundles):
    bid = f"bundle-{n:03d}"
    result["bundles"].append({"id": bid, "confidence": 0.9, "documents": [
        {"path": path(r), "lang": docs[r]["lang"]} for r in files]})
    ts = tuples(files)
    multi = [k for k, t in enumerate(ts) if len(t) >= 2]
    if n == target and mode == "drop":      # drop a tuple
        del ts[multi[0]]
    if n == target and mode == "merge":     # merge two tuples
        a, b = ts[multi[0]], ts[multi[1]]
        for p, m in b.items():
            a.setdefault(p, {"sentences": [], "spans": []})
            a[p]["sentences"] += m["sentences"]
            a[p]["spans"] += m["spans"]
        del ts[multi[1]]
    if n == target and mode == "split":     # a line split in two sentences, two tuples
        p, m = next(iter(ts[multi[0]].items()))
        s, e = m["spans"][0]
        m["spans"] = [[s, (s + e) // 2]]
        ts.append({p: {"sentences": [10**6], "spans": [[(s + e) // 2, e]]}})
    if mode == "sloppy":                    # every span one byte too long
        for t in ts:
            for m in t.values():
                m["spans"] = [[s, e + 1] for s, e in m["spans"]]
    if n == target and mode == "nofile":    # no alignment.jsonl
        continue
    (out / bid).mkdir()
    with open(out / bid / "alignment.jsonl", "w", encoding="utf-8") as f:
        for t in ts:
            f.write(json.dumps({"members": t, "confidence": 0.5}, ensure_ascii=False) + "\n")
(out / "bundles.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
EOF
}

# expect NAME MODE CONDITION: predict MODE, score it with --json, and require
# CONDITION, a Python expression over r (the JSON), o (overall), s (strict),
# lax, links, b (bundles), every(metric) (all pairs and overall have F1 1.0
# for metric) and warned (stderr mentions a warning).
expect() {
  local name=$1 mode=$2 cond=$3 msg
  if ! msg=$(predict "$mode" 2>&1); then bad "$name" "prediction failed: $msg"; return; fi
  if ! "$PY" "$SCORE" "$TMP/c" "$TMP/p_$mode" --json "$TMP/r_$mode.json" \
       > "$TMP/o_$mode" 2> "$TMP/e_$mode"; then
    bad "$name" "score_corpus.py failed: $(cat "$TMP/e_$mode")"; return
  fi
  msg=$("$PY" - "$TMP/r_$mode.json" "$TMP/e_$mode" "$cond" <<'EOF' 2>&1
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
warned = "warning" in open(sys.argv[2], encoding="utf-8").read()
o, b = r["overall"], r["bundles"]
s, lax, links = o["strict"], o["lax"], o["links"]
every = lambda k: all(e[k]["f1"] == 1.0 for e in list(r["pairs"].values()) + [o])
if not eval("(" + sys.argv[3] + ")"):  # parenthesised: conditions span lines
    print(f"condition false: {sys.argv[3]}")
    print(f"bundles exact={b['exact']} correct={b['correct']}/{b['gold']} "
          f"missing={len(b['missing'])} spurious={len(b['spurious'])} "
          f"unmatched={b['unmatched']}; overall strict={s} lax F1={lax['f1']} "
          f"links F1={links['f1']}; mapping={r['mapping']}; warnings={r['warnings'][:3]}")
    sys.exit(1)
EOF
)
  if [ $? -eq 0 ]; then ok "$name"; else bad "$name" "$msg"; fi
}

expect "perfect prediction: bundles exact, every F1 1.0" perfect \
  'b["exact"] and b["file_pairs"]["f1"] == 1 and every("strict") and every("lax")
   and every("links") and b["languages"]["correct"] == b["languages"]["files"]
   and len(r["pairs"]) >= 6 and r["mapping"]["spans"]["overlap"] == 0 and not warned
   and r["whole_tuples"]["f1"] == 1.0 and r["whole_tuples"]["gold"] > 100'
if grep -q "EXACT" "$TMP/o_perfect" && grep -q "^overall " "$TMP/o_perfect"; then
  ok "text report: bundle line and per-pair table"
else
  bad "text report: bundle line and per-pair table" "$(cat "$TMP/o_perfect")"
fi
expect "line split in two sentences in two tuples: mapped by overlap, beads merged, F1 1.0" split \
  'b["exact"] and every("strict") and r["mapping"]["spans"]["overlap"] == 2
   and r["mapping"]["bead_merges"] > 0'
expect "spans one byte too long: mapped by overlap, F1 1.0" sloppy \
  'b["exact"] and every("strict") and r["mapping"]["spans"]["exact"] == 0'
expect "a tuple dropped: bundles exact, strict recall < 1, precision 1" drop \
  'b["exact"] and s["recall"] < 1 and s["precision"] == 1 and s["f1"] < 1'
expect "two tuples merged: strict F1 < 1, lax F1 1, links P < 1, whole tuples < 1" merge \
  'b["exact"] and s["f1"] < 1 and lax["f1"] == 1 and links["precision"] < 1
   and r["whole_tuples"]["correct"] == r["whole_tuples"]["gold"] - 2'
expect "a file moved out of its bundle: not exact, 1 missing + 1 spurious, F1 < 1" move \
  'not b["exact"] and len(b["missing"]) == 1 and len(b["spurious"]) == 1
   and len(b["unmatched"]["wrongly_unmatched"]) == 1 and not b["unmatched"]["agree"]
   and b["file_pairs"]["recall"] < 1 and s["recall"] < 1 and s["f1"] < 1'
expect "a distractor bundled: not exact, strict precision < 1" distractor \
  'not b["exact"] and len(b["unmatched"]["wrongly_bundled"]) == 1
   and b["file_pairs"]["precision"] < 1
   and (s["precision"] < 1 or r["mapping"]["same_language_file_pairs"] > 0)'
expect "alignment.jsonl missing: warning, its beads missed, exit 0" nofile \
  'warned and b["exact"] and s["recall"] < 1 and s["precision"] == 1'

"$PY" "$SCORE" "$TMP/c" "$TMP/no-such-dir" > /dev/null 2>&1
rc=$?
if [ $rc -eq 2 ]; then ok "missing OUTDIR -> exit 2"; else bad "missing OUTDIR -> exit 2" "exit status $rc"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
