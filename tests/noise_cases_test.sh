#!/usr/bin/env bash
# Self-check of bench/make_noisy_cases.py (the noisy raw-text cases the noise
# sweep measures) on the first 24 ntrex-dev documents, levels 0-4:
#  * every pair's gold covers every unit of both sides exactly once, its
#    beads are contiguous and in order, and they pair what they should: a
#    two-sided bead's units share original lines, a one-sided bead's unit has
#    no counterpart on the other side (foreign or dropped there);
#  * the spans are sorted, disjoint, and the raw bytes at each span are the
#    unit's text (its ntrex line, the inserted line, or for a join the first
#    line up to its final punctuation, punctuation only, a space, the second
#    line); between spans there is only " ", "\n" or "\n\n"; a headline
#    (unit without sentence-final punctuation) is a paragraph of its own;
#  * a joined unit is one sentence: no sentence boundary at the seam, and
#    its sentence-final marks are those inside its two lines plus the one at
#    its end (the first line's final mark is gone);
#  * the same seed gives the same bytes, another seed other bytes;
#  * level 0 is all 1-1; non-1-1 beads grow with the level; at level 4 the
#    languages differ in their events and every event kind occurs;
#  * negative controls: the checker rejects a gold with a unit missing, a
#    unit twice, a span moved by one byte, and joins made with a plain space
#    (two sentences in one unit).
# Usage: bash tests/noise_cases_test.sh [REPO_ROOT]   (exit 0 iff all passed)
# Env: POLYALIGN_DATA = shared data dir (default: <repo>/../shared/data); the
# test is skipped when its ntrex-dev/ is missing.
set -u

ROOT="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
PY="${PYTHON:-python3}"
MAKE="$ROOT/bench/make_noisy_cases.py"
DATA="${POLYALIGN_DATA:-$ROOT/../shared/data}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/noise_cases_test.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
DOCS=24

pass=0
fail=0
ok()  { pass=$((pass + 1)); echo "ok   - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/       /'; }

if [ ! -f "$DATA/ntrex-dev/documents.tsv" ]; then
  echo "skip - no ntrex-dev under $DATA (set POLYALIGN_DATA)"
  exit 0
fi

# check.py NTREX_DIR BENCH_DIR DIR... -> per DIR one line: "DIR ok N" (N =
# non-1-1 beads over all pairs) or "DIR FAIL problem; problem...";
# exit 1 if some DIR failed.
cat > "$TMP/check.py" <<'EOF'
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
import re
from make_ntrex_cases import _CLOSERS, _FINAL, is_terminated
from score import read_beads
# a sentence-final mark (run), closing quotes/brackets, then a space or the end
BOUNDARY = re.compile("[" + re.escape("".join(_FINAL)) + "]+[" + re.escape("".join(_CLOSERS))
                      + "]*(?=\\s|$)")

def core(line):
    """The line without its final punctuation (marks and closers)."""
    s = line.rstrip()
    while s and (s[-1] in _CLOSERS or s[-1] in _FINAL):
        s = s[:-1].rstrip()
    return s

def join_problem(text, first, second):
    """None if `text` is a real join of the two lines, else what is wrong."""
    if not (text.startswith(core(first)) and text.endswith(" " + second)
            and len(text) >= len(core(first)) + len(second) + 1
            and not any(ch.isalnum() for ch in text[len(core(first)):-len(second)])):
        return "bytes are not first line, punctuation, space, second line"
    if is_terminated(text[:-len(second) - 1]):
        return "sentence boundary at the seam"
    n = lambda x: len(BOUNDARY.findall(x))
    if n(text) != n(first) - 1 + n(second) or not is_terminated(text):
        return f"{n(text)} sentence-final marks, want {n(first) - 1 + n(second)} (one at the end)"
    return None
data = Path(sys.argv[1])
texts = {}

def check(d):
    m = json.loads((d / "cases.json").read_text(encoding="utf-8"))
    langs = m["languages"]
    for l in langs:
        if l not in texts:
            texts[l] = (data / f"{l}.txt").read_text(encoding="utf-8").split("\n")
    errs = []
    units = {}
    for l in langs:
        raw = (d / f"text.{l}").read_bytes()
        spans = json.loads((d / f"text.{l}.spans.json").read_text())
        us = json.loads((d / f"text.{l}.units.json").read_text())
        units[l] = us
        if len(spans) != len(us):
            errs.append(f"{l}: {len(spans)} spans, {len(us)} units"); continue
        prev = 0
        for k, ((s, e), u) in enumerate(zip(spans, us)):
            if isinstance(u, list) and len(u) == 2:
                want = raw[s:e].decode("utf-8", "replace")
                p = join_problem(want, texts[l][u[0]], texts[l][u[1]])
                if p:
                    errs.append(f"{l} unit {k}: not a real join: {p}"); break
            else:
                want = texts[l][u["foreign"]] if isinstance(u, dict) else texts[l][u[0]]
                if raw[s:e] != want.encode("utf-8"):
                    errs.append(f"{l} unit {k}: bytes at span {s}-{e} are not its text"); break
            gap = raw[prev:s]
            if (k == 0 and gap) or (k and gap not in (b" ", b"\n", b"\n\n")):
                errs.append(f"{l} unit {k}: {gap!r} before it"); break
            if not is_terminated(want):
                if k and gap != b"\n\n":
                    errs.append(f"{l} unit {k}: headline not at a paragraph start"); break
                if k + 1 < len(spans) and raw[e:spans[k + 1][0]] != b"\n\n":
                    errs.append(f"{l} unit {k}: headline not at a paragraph end"); break
            prev = e
        if raw[prev:] != b"\n":
            errs.append(f"{l}: file does not end with one newline after the last unit")
    non11 = 0
    for c in m["cases"]:
        la, lb = c["lang_a"], c["lang_b"]
        gold = read_beads(d / c["gold"])
        ua, ub = units[la], units[lb]
        lines = lambda u: set() if isinstance(u, dict) else set(u)
        have_a = set().union(*(lines(u) for u in ua)); have_b = set().union(*(lines(u) for u in ub))
        for side, n, name in ((0, len(ua), la), (1, len(ub), lb)):
            ids = [i for g in gold for i in g[side]]
            if sorted(ids) != list(range(n)):
                errs.append(f"{c['pair']}: side {name}: gold does not cover its {n} units exactly once")
        two = [g for g in gold if g[0] and g[1]]
        for side in (0, 1):
            seq = [i for g in two for i in g[side]]
            if seq != sorted(seq) or any(list(g[side]) != list(range(g[side][0], g[side][-1] + 1)) for g in two):
                errs.append(f"{c['pair']}: two-sided beads not contiguous and in order")
        for a, b in gold:
            la_ = set().union(*(lines(ua[i]) for i in a)) if a else set()
            lb_ = set().union(*(lines(ub[i]) for i in b)) if b else set()
            if a and b and not (la_ & lb_):
                errs.append(f"{c['pair']}: bead {a}:{b} shares no original line"); break
            if not b and la_ & have_b or not a and lb_ & have_a:
                errs.append(f"{c['pair']}: one-sided bead {a}:{b} has a counterpart"); break
        # a line kept on both sides: its two units are in one bead
        bead_a = {i: n for n, g in enumerate(gold) for i in g[0]}
        bead_b = {i: n for n, g in enumerate(gold) for i in g[1]}
        unit_a = {x: k for k, u in enumerate(ua) for x in lines(u)}
        unit_b = {x: k for k, u in enumerate(ub) for x in lines(u)}
        split = [x for x in unit_a if x in unit_b
                 and bead_a.get(unit_a[x]) != bead_b.get(unit_b[x])]
        if split:
            errs.append(f"{c['pair']}: line {split[0]}'s translations are in different beads")
        n = sum(1 for a, b in gold if len(a) != 1 or len(b) != 1)
        if abs(n / len(gold) - c["non_1_1_share"]) > 1e-3:
            errs.append(f"{c['pair']}: recorded non-1-1 share differs from the gold's")
        non11 += n
    return errs, non11

failed = False
for d in sys.argv[3:]:
    errs, n = check(Path(d))
    failed |= bool(errs)
    print(f"{d} FAIL {'; '.join(errs[:5])}" if errs else f"{d} ok {n}")
sys.exit(1 if failed else 0)
EOF
check() { "$PY" "$TMP/check.py" "$DATA/ntrex-dev" "$ROOT/bench" "$@"; }

# Every case directory the checks need, from one Python process running the
# generator's command line (main()) once per directory.
if ! out=$("$PY" - "$ROOT/bench" "$DATA/ntrex-dev" "$TMP" $DOCS <<'EOF' 2>&1
import sys
sys.path.insert(0, sys.argv[1])
import make_noisy_cases
data, tmp, docs = sys.argv[2], sys.argv[3], sys.argv[4]
runs = [(f"s1-l{level}", level, 1) for level in range(5)] + [("again", 4, 1), ("other", 4, 2)]
real_join = make_noisy_cases.join_lines
# negative control: a generator whose joins are a plain space, "One. Two."
runs.append(("plainjoin", 4, 1))
for name, level, seed in runs:
    make_noisy_cases.join_lines = (real_join if name != "plainjoin"
                                   else lambda first, second, lang: first + " " + second)
    rc = make_noisy_cases.main(["--data", data, "--out", f"{tmp}/{name}", "--level", str(level),
                                "--seed", str(seed), "--limit-docs", docs, "-q"])
    if rc:
        sys.exit(f"{name}: exit status {rc}")
EOF
); then
  bad "the generator runs at levels 0-4, seeds 1 and 2" "$out"
  echo "$pass passed, $fail failed"
  exit 1
fi
ok "the generator runs at levels 0-4, seeds 1 and 2"

declare -A NON11
out=$(check "$TMP"/s1-l0 "$TMP"/s1-l1 "$TMP"/s1-l2 "$TMP"/s1-l3 "$TMP"/s1-l4 2>&1)
for level in 0 1 2 3 4; do
  line=$(printf '%s\n' "$out" | grep "/s1-l$level " || true)
  case "$line" in
    *" ok "*)
      NON11[$level]=${line##* }
      ok "level $level: gold covers every unit once, in order, pairs translations; spans are the units' bytes, joins one sentence each (${NON11[$level]} non-1-1 beads)" ;;
    *) bad "level $level: gold and spans consistent" "${line:-$out}" ;;
  esac
done

# level 0 all 1-1; more non-1-1 beads at each level
if [ "${NON11[0]:-x}" = 0 ]; then ok "level 0 is all 1-1"; else bad "level 0 is all 1-1" "non-1-1: ${NON11[0]:-?}"; fi
mono=1
for level in 1 2 3 4; do
  prev=$((level - 1))
  if [ -z "${NON11[$level]:-}" ] || [ -z "${NON11[$prev]:-}" ] ||
     [ "${NON11[$level]}" -le "${NON11[$prev]}" ]; then mono=0; fi
done
if [ $mono = 1 ]; then
  ok "non-1-1 beads grow with the level (${NON11[0]} ${NON11[1]} ${NON11[2]} ${NON11[3]} ${NON11[4]})"
else
  bad "non-1-1 beads grow with the level" "${NON11[*]:-}"
fi

# determinism
if diff -r "$TMP/s1-l4" "$TMP/again" >/dev/null; then ok "same seed, same bytes"; else bad "same seed, same bytes"; fi
if ! cmp -s "$TMP/s1-l4/text.de" "$TMP/other/text.de"; then ok "another seed, other bytes"
else bad "another seed, other bytes"; fi

# level 4: every event kind occurs, and the languages differ in their events
if msg=$("$PY" - "$TMP/s1-l4" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1] + "/cases.json"))
pl = m["per_language"]
errs = []
for kind in ("dropped_lines", "joins", "inserted_lines"):
    if not all(pl[l][kind] > 0 for l in pl):
        errs.append(f"some language has no {kind}: " + str({l: pl[l][kind] for l in pl}))
units = {l: json.load(open(f"{sys.argv[1]}/text.{l}.units.json")) for l in pl}
shapes = {l: tuple(tuple(u) if isinstance(u, list) else ("f",) for u in units[l]) for l in pl}
if len(set(shapes.values())) != len(shapes):
    errs.append("two languages have identical events")
types = set()
for c in m["cases"]:
    types |= set(c["gold_bead_types"])
for t in ("1-0", "0-1", "2-1", "1-2"):
    if t not in types:
        errs.append(f"no {t} bead in any pair")
print("\n".join(errs)); sys.exit(1 if errs else 0)
EOF
); then ok "level 4: drops, joins, insertions in every language, different per language; 1-0/0-1/2-1/1-2 beads"
else bad "level 4: event kinds and per-language events" "$msg"; fi

# negative controls: the checker must reject broken cases
cp -r "$TMP/s1-l4" "$TMP/broken"
g=$(ls "$TMP/broken"/*.gold | head -1)
sed -i '3d' "$g"
if check "$TMP/broken" >/dev/null; then bad "checker rejects a gold with a bead removed"
else ok "checker rejects a gold with a bead removed"; fi
cp "$TMP/s1-l4/$(basename "$g")" "$g"
sed -i '5p' "$g"
"$PY" - "$g" <<'EOF'
import sys
p = sys.argv[1]
lines = open(p).read().splitlines()
# turn the duplicated line 6 into a bead that repeats line 5's A unit
a = lines[4].split(":")[0]
lines[5] = f"{a}:[]"
open(p, "w").write("\n".join(lines) + "\n")
EOF
if check "$TMP/broken" >/dev/null; then bad "checker rejects a gold with a unit twice"
else ok "checker rejects a gold with a unit twice"; fi
cp "$TMP/s1-l4/$(basename "$g")" "$g"
"$PY" - "$TMP/broken/text.en.spans.json" <<'EOF'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
s[7] = [s[7][0] + 1, s[7][1] + 1]
json.dump(s, open(p, "w"))
EOF
if check "$TMP/broken" >/dev/null; then bad "checker rejects a span moved by one byte"
else ok "checker rejects a span moved by one byte"; fi

out=$(check "$TMP/plainjoin" 2>&1)
if [ $? -ne 0 ] && printf '%s\n' "$out" | grep -q "not a real join: sentence boundary at the seam"; then
  ok "checker rejects joins made with a plain space (a sentence boundary inside the unit)"
else bad "checker rejects joins made with a plain space" "$out"; fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
