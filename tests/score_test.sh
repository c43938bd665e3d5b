#!/usr/bin/env bash
# Self-check of the measurement tooling in bench/:
#  * bench/score.py on small hand-made gold/hypothesis pairs with exact
#    expected strict/lax P/R/F1 (2-1 beads, empty-side beads, lax overlap with
#    ONE gold bead, perfect hypothesis = 1.0, degenerate inputs);
#  * bench/eval.py's mapping of segmenter sentences to original lines;
#  * bench/make_ntrex_cases.py: every case's gold covers every line of each
#    side exactly once, the file line counts / spans agree with the gold, the
#    gold beads really pair translations, and the output is deterministic.
# Usage: bash tests/score_test.sh   (exit status 0 iff every check passed)
# Env: POLYALIGN_DATA = shared data dir (default: <repo>/../shared/data); the
# ntrex checks are skipped when its ntrex-dev/ is missing.
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3}"
SCORE="$ROOT/bench/score.py"
MAKE="$ROOT/bench/make_ntrex_cases.py"
DATA="${POLYALIGN_DATA:-$ROOT/../shared/data}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/score_test.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

pass=0
fail=0
ok()  { pass=$((pass + 1)); echo "ok   - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/       /'; }

# expect NAME GOLD HYP  Pstrict Rstrict F1strict Plax Rlax F1lax
# (expected values are Python expressions, compared to 1e-9)
expect() {
  local name=$1 gold=$2 hyp=$3
  shift 3
  local out
  if ! out=$("$PY" "$SCORE" "$gold" "$hyp" --json 2>&1); then
    bad "$name" "score.py failed: $out"; return
  fi
  local msg
  msg=$(printf '%s' "$out" | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
want = [eval(x) for x in sys.argv[1:]]
got = [r["strict"]["precision"], r["strict"]["recall"], r["strict"]["f1"],
       r["lax"]["precision"], r["lax"]["recall"], r["lax"]["f1"]]
names = ["strict P", "strict R", "strict F1", "lax P", "lax R", "lax F1"]
errs = [f"{n}: got {g!r}, want {w!r}" for n, g, w in zip(names, got, want) if abs(g - w) > 1e-9]
print("\n".join(errs))
sys.exit(1 if errs else 0)
' "$@" 2>&1)
  if [ $? -eq 0 ]; then ok "$name"; else bad "$name" "$msg"; fi
}

# ------------------------------------------------------------- score.py --

# Gold (textberg style): 1-1, 2-1, 1-2, three empty-side beads.
cat > "$TMP/g1" <<'EOF'
[0]:[0]
[1, 2]:[1]
[3]:[2, 3]
[]:[4]
[4]:[]
[5]:[5]
[]:[6]
EOF
# Hypothesis (polyalign style, with costs). Per bead:
#   [0]:[0]     strict+lax correct          [1]:[1]   lax only (in [1, 2]:[1])
#   [2]:[]      wrong (no such gold bead)   [3]:[2,3] strict+lax correct
#   []:[4]      strict+lax correct (empty-side bead equal to a gold bead)
#   [4]:[5]     wrong even for lax: its source 4 and target 5 lie in two
#               DIFFERENT gold beads ([4]:[] and [5]:[5])
#   [5]:[]      wrong
cat > "$TMP/h1" <<'EOF'
[0]:[0]:0.1
[1]:[1]:0.25
[2]:[]:1.5
[3]:[2,3]:0.3
[]:[4]:1.2
[4]:[5]:0.9
[5]:[]:1.1
EOF
# Precision over all 7 hyp beads: strict 3/7, lax 4/7.
# Recall over the 4 two-sided gold beads only: strict 2/4 ([0]:[0], [3]:[2, 3]),
# lax 3/4 (+[1, 2]:[1]; [5]:[5] has no hyp bead with source 5 and target 5).
expect "mixed beads: 2-1, 1-2, empty sides, lax needs one gold bead" "$TMP/g1" "$TMP/h1" \
  3/7 2/4 "2*(3/7)*(2/4)/(3/7+2/4)" 4/7 3/4 "2*(4/7)*(3/4)/(4/7+3/4)"

out=$("$PY" "$SCORE" "$TMP/g1" "$TMP/h1" 2>&1)
want="strict P=0.429 R=0.500 F1=0.462 | lax P=0.571 R=0.750 F1=0.649"
if [ "$out" = "$want" ]; then ok "text output line"; else bad "text output line" "got:  $out
want: $want"; fi

# Perfect hypothesis: the gold itself in polyalign format (spaces gone, costs).
sed -e 's/, /,/g' -e 's/$/:0.5/' "$TMP/g1" > "$TMP/h_perfect"
expect "perfect hypothesis = 1.0" "$TMP/g1" "$TMP/h_perfect" 1 1 1 1 1 1

if [ -f "$DATA/textberg-dev/dev.defr" ]; then
  expect "textberg dev.defr against itself = 1.0" \
    "$DATA/textberg-dev/dev.defr" "$DATA/textberg-dev/dev.defr" 1 1 1 1 1 1
fi

# A 2-2 gold bead split into two 1-1 hyp beads: strict 0, lax 1.
printf '[0, 1]:[0, 1]\n' > "$TMP/g2"
printf '[0]:[0]:0\n[1]:[1]:0\n' > "$TMP/h2"
expect "2-2 gold vs two 1-1 hyp beads" "$TMP/g2" "$TMP/h2" 0 0 0 1 1 1

# Merged hyp bead covering a 1-1 and a 2-1 gold bead: lax hit, strict miss;
# recall: both gold beads laxly found.
printf '[0]:[0]\n[1, 2]:[1]\n[3]:[2]\n' > "$TMP/g3"
printf '[0,1,2]:[0,1]:0\n[3]:[2]:0\n' > "$TMP/h3"
expect "over-merged hyp bead" "$TMP/g3" "$TMP/h3" 1/2 1/3 "2*(1/2)*(1/3)/(1/2+1/3)" 1 1 1

# Id order inside a bead does not matter, duplicates count once (as in
# Vecalign, which turns both alignments into sets), []:[] is ignored:
# hyp = {[0,1]:[0] correct, [2]:[2] wrong} -> everything 1/2.
printf '[1, 0]:[0]\n[]:[]\n[2]:[1]\n' > "$TMP/g4"
printf '[0,1]:[0]:0\n[0,1]:[0]:0\n[]:[]:0\n[2]:[2]:0\n' > "$TMP/h4"
expect "id order, duplicate beads, empty bead" "$TMP/g4" "$TMP/h4" 1/2 1/2 1/2 1/2 1/2 1/2

# Only empty-side beads in the gold: nothing to recall -> recall (and F1) 0.
printf '[]:[0]\n[0]:[]\n' > "$TMP/g5"
printf '[]:[0]:0\n[0]:[]:0\n' > "$TMP/h5"
expect "empty-side beads count for precision only" "$TMP/g5" "$TMP/h5" 1 0 0 1 0 0

# Empty hypothesis: all zero (no division by zero).
: > "$TMP/h_empty"
expect "empty hypothesis = 0" "$TMP/g1" "$TMP/h_empty" 0 0 0 0 0 0

# Malformed input is an error (exit status 2), not a silent zero.
printf '[0]:[0]\n[1]-[1]\n' > "$TMP/h_bad"
"$PY" "$SCORE" "$TMP/g1" "$TMP/h_bad" > /dev/null 2>&1
rc=$?
if [ $rc -eq 2 ]; then ok "malformed bead -> exit 2"; else bad "malformed bead -> exit 2" "exit status $rc"; fi

# Module use: score(gold, hyp) on Python lists.
msg=$(cd "$ROOT/bench" && "$PY" -c '
from score import score
r = score([([0], [0]), ([1, 2], [1]), ([], [2])], [((0,), (0,)), ((1,), (1,)), ((2,), ())])
assert abs(r["strict"]["precision"] - 1/3) < 1e-12, r
assert abs(r["strict"]["recall"] - 1/2) < 1e-12, r
assert abs(r["lax"]["precision"] - 2/3) < 1e-12, r
assert r["lax"]["recall"] == 1.0, r
assert r["counts"]["gold_beads_for_recall"] == 2, r
' 2>&1)
if [ $? -eq 0 ]; then ok "module: score(gold, hyp)"; else bad "module: score(gold, hyp)" "$msg"; fi

# --------------------------------------------- eval.py sentence mapping --

msg=$(cd "$ROOT/bench" && "$PY" -c '
import eval as ev
raw = "Aa bb. Cc dd.\n\nEe ff.\n".encode()
spans = [[0, 6], [7, 13], [15, 21]]          # three original lines
# segmenter: line 0 split in two, lines 1 and 2 fine
sents = [(0, 2, "Aa"), (3, 6, "bb."), (7, 13, "Cc dd."), (15, 21, "Ee ff.")]
w = []
lines = ev.sentence_lines(sents, spans, raw, w, "t")
assert lines == [{0}, {0}, {1}, {2}], lines
assert not w, w
# a sentence spanning lines 0 and 1 (segmenter merged them)
assert ev.sentence_lines([(0, 13, None)], spans, raw, w, "t") == [{0, 1}]
# hyp beads over sentences: the halves of line 0 aligned in two beads -> merged
hyp = [([0], [0]), ([1], []), ([2], [1]), ([3], [2])]
beads, merges = ev.map_beads(hyp, lines, [{0}, {1}, {2}], w, "t")
assert beads == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))], beads
assert merges == 1, merges
' 2>&1)
if [ $? -eq 0 ]; then ok "eval.py: sentence->line mapping and bead merging"; else bad "eval.py: sentence->line mapping and bead merging" "$msg"; fi

# ---------------------------------------------------- make_ntrex_cases.py --

if [ -f "$DATA/ntrex-dev/documents.tsv" ]; then
  if "$PY" "$MAKE" --data "$DATA/ntrex-dev" --out "$TMP/c1" --seed 7 -q \
     && "$PY" "$MAKE" --data "$DATA/ntrex-dev" --out "$TMP/c2" --seed 7 -q; then
    ok "make_ntrex_cases.py runs"
    if diff -r "$TMP/c1" "$TMP/c2" > "$TMP/diff" 2>&1; then
      ok "make_ntrex_cases.py is deterministic (same seed -> identical files)"
    else
      bad "make_ntrex_cases.py is deterministic (same seed -> identical files)" "$(head -5 "$TMP/diff")"
    fi
    "$PY" "$MAKE" --data "$DATA/ntrex-dev" --out "$TMP/c3" --seed 8 -q
    if cmp -s "$TMP/c1/de-en/perturbed.gold" "$TMP/c3/de-en/perturbed.gold"; then
      bad "another seed gives other perturbations"
    else
      ok "another seed gives other perturbations"
    fi

    msg=$("$PY" - "$TMP/c1" "$DATA/ntrex-dev" <<'EOF' 2>&1
import itertools, json, sys
from pathlib import Path
cases_dir, data = Path(sys.argv[1]), Path(sys.argv[2])
LANGS = ["de", "en", "hi", "id", "uk"]
orig = {l: (data / f"{l}.txt").read_text(encoding="utf-8").split("\n")[:-1] for l in LANGS}
where = {l: {} for l in LANGS}                  # line text -> original indices
for l in LANGS:
    for i, t in enumerate(orig[l]):
        where[l].setdefault(t, set()).add(i)
anywhere = set(t for l in LANGS for t in orig[l])

def parse(line):
    a, b = line.split("]:[")
    ids = lambda s: [int(x) for x in s.strip("[]\n").split(", ") if x]
    return ids(a), ids(b)

manifest = json.loads((cases_dir / "cases.json").read_text(encoding="utf-8"))
cases = manifest["cases"]
errors = []
want_pairs = ["-".join(p) for p in itertools.combinations(LANGS, 2)]
got = sorted((c["pair"], c["kind"]) for c in cases)
if got != sorted((p, k) for p in want_pairs for k in ("raw", "perturbed", "raw-perturbed")):
    errors.append(f"cases.json lists {got}")
for c in cases:
    name = c["name"]
    la, lb = c["lang_a"], c["lang_b"]
    gold_text = (cases_dir / c["gold"]).read_text(encoding="utf-8")
    gold = [parse(l) for l in gold_text.splitlines()]
    if any(f"[{', '.join(map(str, s))}]:[{', '.join(map(str, t))}]" != l
           for (s, t), l in zip(gold, gold_text.splitlines())):
        errors.append(f"{name}: gold not in textberg bead format")
    units = {}
    for side, lang in (("a", la), ("b", lb)):
        path = cases_dir / c[side]
        if c["presegmented"]:
            text = path.read_text(encoding="utf-8")
            if not text.endswith("\n"):
                errors.append(f"{name}: {path.name} has no final newline")
            units[side] = text.split("\n")[:-1]
        else:
            raw = path.read_bytes()
            spans = json.loads((cases_dir / c["spans_" + side]).read_text(encoding="utf-8"))
            prev = 0
            us = []
            for s, e in spans:
                gap = raw[prev:s].decode("utf-8")
                if s < prev or (prev and gap.strip()) or (prev and not gap):
                    errors.append(f"{name}: {path.name}: bad span [{s}, {e}]"); break
                u = raw[s:e].decode("utf-8")
                if "\n" in u or u != u.strip() or not u:
                    errors.append(f"{name}: {path.name}: span [{s}, {e}] is {u!r}"); break
                us.append(u)
                prev = e
            if raw[prev:].strip():
                errors.append(f"{name}: {path.name}: text after the last span")
            units[side] = us
    # every unit of each side in exactly one bead, beads in document order
    for k, side in ((0, "a"), (1, "b")):
        ids = [i for bead in gold for i in bead[k]]
        if ids != list(range(len(units[side]))):
            errors.append(f"{name}: gold side {side} does not cover its "
                          f"{len(units[side])} units exactly once, in order")
    # the beads pair translations (lines identified in the original files)
    kinds = {}
    for s, t in gold:
        kinds[f"{len(s)}-{len(t)}"] = kinds.get(f"{len(s)}-{len(t)}", 0) + 1
        if max(s + t, default=-1) >= max(len(units["a"]), len(units["b"])):
            continue  # reported above
        ta = [units["a"][i] for i in s]
        tb = [units["b"][i] for i in t]
        if not s or not t:
            for u in ta + tb:
                if u not in anywhere:
                    errors.append(f"{name}: unknown inserted/kept line {u[:40]!r}")
            continue
        if len(s) == 1 and len(t) == 1:
            if not (where[la].get(ta[0], set()) & where[lb].get(tb[0], set())):
                errors.append(f"{name}: 1-1 bead {s}:{t} is no translation pair")
        elif len(s) == 1 and len(t) == 2:
            idx = [i for i in where[lb].get(tb[0], ()) if i + 1 in where[lb].get(tb[1], ())]
            if not any(ta[0] == orig[la][i] + " " + orig[la][i + 1] for i in idx):
                errors.append(f"{name}: 1-2 bead {s}:{t} is not a merge")
        elif len(s) == 2 and len(t) == 1:
            idx = [i for i in where[la].get(ta[0], ()) if i + 1 in where[la].get(ta[1], ())]
            if not any(tb[0] == orig[lb][i] + " " + orig[lb][i + 1] for i in idx):
                errors.append(f"{name}: 2-1 bead {s}:{t} is not a merge")
        else:
            errors.append(f"{name}: unexpected bead {s}:{t}")
    if c["kind"] == "raw" and (kinds != {"1-1": len(orig["en"])}
                               or units["a"] != orig[la] or units["b"] != orig[lb]):
        errors.append(f"{name}: raw spans are not the original lines")
    if c["kind"] == "perturbed" and not all(kinds.get(k) for k in ("1-2", "2-1", "1-0", "0-1")):
        errors.append(f"{name}: perturbed lacks some bead type: {kinds}")
    if c["kind"] == "raw-perturbed" and (set(kinds) != {"1-1", "1-0", "0-1"}):
        errors.append(f"{name}: raw-perturbed bead types {kinds}")
    if c["gold_bead_types"] != dict(sorted(kinds.items())):
        errors.append(f"{name}: cases.json bead counts disagree with the gold")
print("\n".join(errors[:20]))
sys.exit(1 if errors else 0)
EOF
)
    if [ $? -eq 0 ]; then
      ok "ntrex cases: gold covers every line once, counts agree, beads pair translations"
    else
      bad "ntrex cases: gold covers every line once, counts agree, beads pair translations" "$msg"
    fi
  else
    bad "make_ntrex_cases.py runs"
  fi
else
  echo "skip - make_ntrex_cases.py checks: no $DATA/ntrex-dev"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
