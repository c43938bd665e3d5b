#!/usr/bin/env bash
# CLI tests: the real binary on real files. Run by CTest with POLYALIGN set to
# the built binary and the repository root as working directory.
set -u
bin=${POLYALIGN:?set POLYALIGN to the polyalign binary}
seeds=corpora/vietnam-news
id=$seeds/000_ce7c1f1e563d1f0d.txt
hi=$seeds/001_6df23d5c9a213664.txt
uk=$seeds/002_c7f188d49e2f1ac0.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

# --- segment ---------------------------------------------------------------
"$bin" segment "$id" >"$tmp/id.lines" 2>"$tmp/err" || bad "segment id exit"
check "segment: Indonesian seed has 21 sentences" test "$(wc -l <"$tmp/id.lines")" -eq 21
"$bin" segment "$hi" --format jsonl >"$tmp/hi.jsonl" || bad "segment hi jsonl exit"
check "segment: Hindi seed has 21 sentences" test "$(wc -l <"$tmp/hi.jsonl")" -eq 21
# Every jsonl span must cut exactly its text out of the original bytes.
check "segment jsonl: spans point at the text" python3 - "$hi" "$tmp/hi.jsonl" <<'PY'
import json, sys
data = open(sys.argv[1], 'rb').read()
rows = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
assert [r['index'] for r in rows] == list(range(len(rows)))
for r in rows:
    assert set(r) == {'index', 'start', 'end', 'paragraph', 'text'}, r
    assert data[r['start']:r['end']].decode('utf-8') == r['text'], r
assert all(a['end'] <= b['start'] for a, b in zip(rows, rows[1:]))
assert rows[0]['paragraph'] == 0 and rows[-1]['paragraph'] > 0
PY
"$bin" segment "$uk" --lang uk -o "$tmp/uk.lines" || bad "segment -o exit"
check "segment -o: file written" test -s "$tmp/uk.lines"

# --- align -----------------------------------------------------------------
"$bin" align "$id" "$hi" >"$tmp/idhi.brackets" || bad "align id hi exit"
check "align id-hi: 21 beads, all 1-1 and diagonal" python3 - "$tmp/idhi.brackets" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split('\n')[:-1]
assert len(lines) == 21, len(lines)
for k, line in enumerate(lines):
    m = re.fullmatch(r'\[(\d*)\]:\[(\d*)\]:(-?\d+\.\d+)', line)
    assert m and m.group(1) == str(k) and m.group(2) == str(k), line
PY
"$bin" align "$id" "$hi" --format jsonl -o "$tmp/idhi.jsonl" || bad "align jsonl exit"
check "align jsonl: spans, cost, confidence" python3 - "$id" "$hi" "$tmp/idhi.jsonl" <<'PY'
import json, sys
a = open(sys.argv[1], 'rb').read(); b = open(sys.argv[2], 'rb').read()
rows = [json.loads(l) for l in open(sys.argv[3], encoding='utf-8')]
assert len(rows) == 21
for r in rows:
    assert set(r) == {'a', 'b', 'a_spans', 'b_spans', 'cost', 'confidence'}, r
    assert 0 <= r['confidence'] <= 1
    for s, e in r['a_spans'] + r['b_spans']:
        assert 0 <= s < e
ids = [r['a'][0] for r in rows]
assert ids == list(range(21))
# The sentence holding 2.645 pairs with the one holding 2,645.
hit = [r for r in rows if b'2.645' in a[r['a_spans'][0][0]:r['a_spans'][0][1]]]
assert len(hit) == 1 and b'2,645' in b[hit[0]['b_spans'][0][0]:hit[0]['b_spans'][0][1]]
PY
"$bin" align "$id" "$hi" --format tsv >"$tmp/idhi.tsv" || bad "align tsv exit"
check "align tsv: 3 columns per line" awk -F'\t' 'NF != 3 { exit 1 }' "$tmp/idhi.tsv"
check "align: -o equals stdout" cmp -s <("$bin" align "$id" "$hi" --format jsonl) "$tmp/idhi.jsonl"
check "align: nothing on stderr when it is not a terminal" test "$("$bin" align "$id" "$hi" 2>&1 >/dev/null | wc -c)" -eq 0
if command -v script >/dev/null; then
  # script(1) gives the command a terminal as stderr.
  script -qc "$bin align $id $hi -o $tmp/tty.out" /dev/null >"$tmp/tty.log" 2>&1
  check "align: progress on a terminal" grep -q 'polyalign: segment' "$tmp/tty.log"
  script -qc "$bin align $id $hi -o $tmp/tty.out --quiet" /dev/null >"$tmp/tty-quiet.log" 2>&1
  check "align: no progress with --quiet" test ! -s "$tmp/tty-quiet.log"
fi
check "align: deterministic" cmp -s <("$bin" align "$id" "$hi") "$tmp/idhi.brackets"
check "align: identical at any thread count" cmp -s <("$bin" align "$id" "$hi" --format jsonl --threads 1) <("$bin" align "$id" "$hi" --format jsonl --threads 4)
check "align --threads 0 (all cores): the same output" cmp -s <("$bin" align "$id" "$hi" --format jsonl --threads 1) <("$bin" align "$id" "$hi" --format jsonl --threads 0)
for f in brackets tsv "jsonl --explain"; do
  check "align --format $f: identical at 1 and 2 threads, and run again" bash -c \
    "cmp -s <('$bin' align '$id' '$hi' --format $f --threads 1) <('$bin' align '$id' '$hi' --format $f --threads 2) && cmp -s <('$bin' align '$id' '$hi' --format $f --threads 2) <('$bin' align '$id' '$hi' --format $f --threads 2)"
done

# Presegmented: line i is sentence i.
printf 'Satu.\nDua. Tiga.\n\nEmpat.\n' >"$tmp/p.id"
printf 'One.\nTwo. Three.\n\nFour.\n' >"$tmp/p.en"
"$bin" align "$tmp/p.id" "$tmp/p.en" --presegmented --lang-a id --lang-b en >"$tmp/p.out" || bad "presegmented exit"
check "presegmented: 4 lines = 4 sentences" test "$(cat "$tmp/p.out" | cut -d: -f1 | tr '\n' ' ')" = "[0] [1] [2] [3] "

# --explain and a user dictionary.
"$bin" align "$id" "$hi" --format jsonl --explain >"$tmp/explain.jsonl" || bad "explain exit"
check "explain: the 2.645 sentence lists the number 2645" python3 - "$tmp/explain.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
assert all('anchors' in r for r in rows)
keys = {a['key'] for a in rows[3]['anchors'] if a['kind'] == 'number'}
assert '2645' in keys and '31.82%' in keys, keys
PY
printf 'komune\tकम्यून\n# a comment\n\npartai\tपार्टी\n' >"$tmp/dict.tsv"
check "dictionary: accepted, same 21 beads" test "$("$bin" align "$id" "$hi" --dictionary "$tmp/dict.tsv" | wc -l)" -eq 21
printf 'no tab here\n' >"$tmp/bad-dict.tsv"
links() { "$bin" align "$id" "$hi" -v -q "$@" -o /dev/null 2>&1 | sed -n 's/.* \([0-9]*\) word links.*/\1/p'; }
check "--no-cognates: fewer word links, same 21 beads" test "$(links --no-cognates)" -lt "$(links)" -a \
  "$("$bin" align "$id" "$hi" --no-cognates | wc -l)" -eq 21

# --- errors: one clear line on stderr, non-zero exit, no output file --------
expect_error() {  # expect_error NAME PATTERN COMMAND...
  local name=$1 pattern=$2; shift 2
  if "$@" >"$tmp/out" 2>"$tmp/err"; then bad "$name: succeeded"; return; fi
  if [ "$(wc -l <"$tmp/err")" -ne 1 ] || ! grep -q -- "$pattern" "$tmp/err"; then
    bad "$name: stderr was: $(cat "$tmp/err")"; return
  fi
  ok
}
printf 'abc\xc0\xafdef\n' >"$tmp/bad.txt"
printf 'ab\0cd' >"$tmp/bin.dat"
: >"$tmp/empty.txt"
expect_error "missing file" "polyalign: error: .*missing.txt: no such file" "$bin" align "$tmp/missing.txt" "$hi"
expect_error "invalid UTF-8" "bad.txt: byte 3: invalid UTF-8 (overlong 2-byte sequence)" "$bin" segment "$tmp/bad.txt"
expect_error "binary file" "NUL byte" "$bin" align "$tmp/bin.dat" "$hi"
expect_error "unwritable output" "does not exist" "$bin" align "$id" "$hi" -o "$tmp/no/such/dir/out.txt"
expect_error "unknown format" "format" "$bin" align "$id" "$hi" --format xml
expect_error "bad dictionary" "bad-dict.tsv: line 1: expected 'word_a<TAB>word_b'" "$bin" align "$id" "$hi" --dictionary "$tmp/bad-dict.tsv"
expect_error "dictionaries not a directory" "--dictionaries: expected auto, none or a directory" "$bin" align "$id" "$hi" --dictionaries "$tmp/missing-dir"
expect_error "check dictionaries not a directory" "--check-dictionaries: expected auto, none or a directory" "$bin" align "$id" "$hi" --report "$tmp/r.html" --check-dictionaries "$tmp/missing-dir"
expect_error "explain needs jsonl" "explain needs --format jsonl" "$bin" align "$id" "$hi" --explain
check "failed run leaves no file" test ! -e "$tmp/no/such/dir/out.txt"
"$bin" align "$tmp/empty.txt" "$hi" >"$tmp/empty.out" 2>"$tmp/err"
check "empty file: clean result, every Hindi sentence an insertion" test "$(grep -c '^\[\]:\[' "$tmp/empty.out")" -eq 21
check "empty file: a warning names it" grep -q "warning: .*empty.txt has no sentences" "$tmp/err"

# --- help ------------------------------------------------------------------
for sub in "" segment align; do
  check "help $sub" bash -c "\"$bin\" $sub --help | grep -q -i usage"
done
check "version" bash -c "\"$bin\" --version | grep -q '[0-9]\.[0-9]'"

# --- corpus ----------------------------------------------------------------
"$bin" corpus "$seeds" -o "$tmp/corpus" >"$tmp/corpus.out" 2>"$tmp/corpus.err" || bad "corpus exit"
check "corpus: summary on stdout" grep -q "5 documents (0 skipped), 1 bundle, 21 tuples, 3 unmatched files" "$tmp/corpus.out"
check "corpus: throughput on stdout" grep -q "^throughput: .* MB/s, .* sentences/s" "$tmp/corpus.out"
check "corpus: says where the results are" grep -q "^results in $tmp/corpus/" "$tmp/corpus.out"
check "corpus --no-cognates: the same bundle" grep -q "5 documents (0 skipped), 1 bundle, 21 tuples" \
  <("$bin" corpus "$seeds" -o "$tmp/corpus-nc" --no-cognates -q)
check "corpus: nothing on stderr when it is not a terminal" test ! -s "$tmp/corpus.err"
check "corpus: every format written, no temporary file left" bash -c "cd '$tmp/corpus' && test -s bundles.json && test -s bundle-0001/alignment.jsonl && test -s corpus.tmx && test -s corpus.tsv && test -s moses/hi-id.hi && test -s moses/hi-id.id && test -z \"\$(find . -mindepth 1 -name '.*')\""
check "corpus: bundles.json = one bundle 000 (id) + 001 (hi), three unmatched with reasons" python3 - "$tmp/corpus" <<'PY'
import json, os, sys
out = sys.argv[1]
b = json.load(open(os.path.join(out, 'bundles.json'), encoding='utf-8'))
assert len(b['bundles']) == 1, b['bundles']
docs = b['bundles'][0]['documents']
assert [(os.path.basename(d['path'])[:3], d['lang']) for d in docs] == [('000', 'id'), ('001', 'hi')], docs
assert 0 <= b['bundles'][0]['confidence'] <= 1
un = b['unmatched']
assert [(os.path.basename(u['path'])[:3], u['lang']) for u in un] == [('002', 'uk'), ('003', 'de'), ('004', 'en')], un
assert all('best candidate' in u['reason'] for u in un), un
rows = [json.loads(l) for l in open(os.path.join(out, 'bundle-0001', 'alignment.jsonl'), encoding='utf-8')]
assert len(rows) == 21
data = {d['path']: open(d['path'], 'rb').read() for d in docs}
for k, r in enumerate(rows):
    assert set(r) == {'members', 'confidence'}, r
    assert set(r['members']) == set(data), r
    for p, m in r['members'].items():
        assert m['sentences'] == [k], (k, m)
        (s, e), = m['spans']
        assert 0 <= s < e <= len(data[p])
# The Indonesian 2.645 sentence is in one tuple with the Hindi 2,645 one.
hit = [r for r in rows if b'2.645' in data[docs[0]['path']][slice(*r['members'][docs[0]['path']]['spans'][0])]]
assert len(hit) == 1 and b'2,645' in data[docs[1]['path']][slice(*hit[0]['members'][docs[1]['path']]['spans'][0])]
PY
check "corpus: TMX is well-formed XML with one <tu> per tuple" python3 - "$tmp/corpus/corpus.tmx" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == 'tmx' and root.get('version') == '1.4'
tus = root.findall('body/tu')
assert len(tus) == 21
lang = '{http://www.w3.org/XML/1998/namespace}lang'
assert all(sorted(t.get(lang) for t in tu.findall('tuv')) == ['hi', 'id'] for tu in tus)
PY
check "corpus: TSV has a header and one line per tuple" test "$(head -1 "$tmp/corpus/corpus.tsv")" = "$(printf 'bundle\tconfidence\thi\tid')"
check "corpus: Moses files are line-parallel" test "$(wc -l <"$tmp/corpus/moses/hi-id.hi")" -eq "$(wc -l <"$tmp/corpus/moses/hi-id.id")"
"$bin" corpus "$seeds" -o "$tmp/corpus-t1" --threads 1 -q >/dev/null || bad "corpus --threads 1 exit"
"$bin" corpus "$seeds/" -o "$tmp/corpus-t3" --threads 3 -q >/dev/null || bad "corpus --threads 3 exit"
check "corpus: identical at any thread count" diff -r "$tmp/corpus-t1" "$tmp/corpus-t3"
"$bin" corpus "$seeds" -o "$tmp/corpus-j" --formats jsonl >/dev/null || bad "corpus --formats jsonl exit"
check "corpus --formats jsonl: no TMX, TSV or Moses" test -s "$tmp/corpus-j/bundle-0001/alignment.jsonl" -a ! -e "$tmp/corpus-j/corpus.tmx" -a ! -e "$tmp/corpus-j/corpus.tsv" -a ! -e "$tmp/corpus-j/moses"
"$bin" corpus "$seeds" -o "$tmp/corpus-m" --formats moses --min-confidence 0.999 >/dev/null || bad "corpus --min-confidence exit"
check "corpus --min-confidence: fewer Moses lines" test "$(wc -l <"$tmp/corpus-m/moses/hi-id.hi")" -lt 21
# A crawl with a binary file, an invalid UTF-8 file and a hidden file.
mkdir -p "$tmp/crawl/sub/deeper" "$tmp/crawl/.cache"
cp "$id" "$tmp/crawl/a.txt"; cp "$hi" "$tmp/crawl/sub/deeper/b.txt"; cp "$uk" "$tmp/crawl/.cache/c.txt"
printf 'ab\0cd' >"$tmp/crawl/sub/image.txt"
printf 'abc\xc0\xafdef\n' >"$tmp/crawl/latin.txt"
"$bin" corpus "$tmp/crawl" -o "$tmp/crawl-out" >"$tmp/crawl.out" 2>"$tmp/crawl.err" || bad "corpus crawl exit"
check "corpus: recursive search, hidden files skipped" grep -q "2 documents (2 skipped), 1 bundle, 21 tuples, 0 unmatched" "$tmp/crawl.out"
check "corpus: one warning line per unreadable file" test "$(grep -c '^polyalign: warning: skipping ' "$tmp/crawl.err")" -eq 2 -a "$(wc -l <"$tmp/crawl.err")" -eq 2
check "corpus: the warnings name the file and the problem" grep -q "skipping $tmp/crawl/sub/image.txt: .*NUL byte" "$tmp/crawl.err"
"$bin" corpus "$tmp/crawl" -o "$tmp/crawl/out" -q >/dev/null 2>&1 || bad "corpus into its own input exit"
check "corpus: an output directory inside the input is not read back" bash -c "\"$bin\" corpus '$tmp/crawl' -o '$tmp/crawl/out' --extensions '*' 2>/dev/null | grep -q '2 documents (2 skipped)'"
if command -v script >/dev/null; then
  script -qc "$bin corpus $seeds -o $tmp/corpus-tty" /dev/null >"$tmp/ctty.log" 2>&1
  check "corpus: progress on a terminal" grep -q 'polyalign: read' "$tmp/ctty.log"
  script -qc "$bin corpus $seeds -o $tmp/corpus-tty -q" /dev/null >"$tmp/ctty-quiet.log" 2>&1
  check "corpus: no progress with --quiet" bash -c "! grep -q 'polyalign: ' '$tmp/ctty-quiet.log'"
fi
expect_error "corpus: missing path" "polyalign: error: .*nowhere: no such file or directory" "$bin" corpus "$tmp/nowhere" -o "$tmp/c-missing"
expect_error "corpus: unknown format" "unknown format 'xml'" "$bin" corpus "$seeds" -o "$tmp/c-xml" --formats tmx,xml
expect_error "corpus: output is a file" "cannot create directory" "$bin" corpus "$seeds" -o "$id"
expect_error "corpus: -o is required" "output" "$bin" corpus "$seeds"
check "corpus: a failed run writes nothing" test ! -e "$tmp/c-missing" -a ! -e "$tmp/c-xml"
check "help corpus" bash -c "\"$bin\" corpus --help | grep -q -i usage"

# --- corpus: each pair's alignment and the source language ---------------------
check "corpus: pairs/hi-id.jsonl in the shape of align --format jsonl, every sentence once" python3 - "$tmp/corpus" <<'PY'
import json, sys
out = sys.argv[1]
index = json.load(open(f"{out}/bundles.json", encoding="utf-8"))
docs = {d["lang"]: d["path"] for d in index["bundles"][0]["documents"]}
beads = [json.loads(l) for l in open(f"{out}/bundle-0001/pairs/hi-id.jsonl", encoding="utf-8")]
assert beads and all(set(b) == {"a", "b", "a_spans", "b_spans", "cost", "confidence"} for b in beads)
for side, lang in (("a", "hi"), ("b", "id")):
    idx = [i for b in beads for i in b[side]]
    assert idx == list(range(len(idx))), (side, idx[:10])
    text = open(docs[lang], "rb").read()
    assert all(e > s and e <= len(text) for b in beads for s, e in b[side + "_spans"])
assert all(0 <= b["confidence"] <= 1 for b in beads)
assert "every member" in index["confidence"]["tuple"]
PY
"$bin" corpus "$seeds" -o "$tmp/corpus-src" --source-lang id -q >/dev/null || bad "corpus --source-lang exit"
check "corpus --source-lang id: first TSV column" test "$(head -1 "$tmp/corpus-src/corpus.tsv")" = "$(printf 'bundle\tconfidence\tid\thi')"
check "corpus --source-lang id: TMX srclang and first <tuv>" python3 - "$tmp/corpus-src/corpus.tmx" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.find("header").get("srclang") == "id"
lang = "{http://www.w3.org/XML/1998/namespace}lang"
tus = [tu for tu in root.iter("tu") if len(tu.findall("tuv")) == 2]
assert tus and all(tu.findall("tuv")[0].get(lang) == "id" for tu in tus)
PY
check "corpus --source-lang id: the bundle page's first column" grep -q '"cols":\[{"lang":"id"' "$tmp/corpus-src/bundle-0001/report.html"
check "corpus --source-lang id: the index's languages" grep -q '"bundle-0001/report.html",\["id","hi"\]' "$tmp/corpus-src/report.html"
expect_error "corpus --source-lang: a language no bundle has" "no bundled document is in 'de'" "$bin" corpus "$seeds" -o "$tmp/c-de" --source-lang de
check "corpus --source-lang de: nothing written" test ! -e "$tmp/c-de/corpus.tmx"
if /usr/bin/python3 -c "import translate.storage.tmx" 2>/dev/null; then
  check "corpus: TMX loads in translate-toolkit, srclang unit first" /usr/bin/python3 - "$tmp/corpus-src/corpus.tmx" <<'PY'
import sys
from translate.storage import tmx
import xml.etree.ElementTree as ET
store = tmx.tmxfile.parsefile(sys.argv[1])
lang = "{http://www.w3.org/XML/1998/namespace}lang"
tus = ET.parse(sys.argv[1]).getroot().find("body").findall("tu")
assert len(store.units) == len(tus) >= 15, (len(store.units), len(tus))
for unit, tu in zip(store.units, tus):
    tuvs = tu.findall("tuv")
    # translate-toolkit reads the first <tuv> as the source: the Indonesian one.
    assert unit.source == tuvs[0].find("seg").text, unit.source
    if len(tuvs) == 2:
        assert tuvs[0].get(lang) == "id" and unit.target == tuvs[1].find("seg").text
PY
else
  echo "skip - TMX in translate-toolkit: no python3-translate"
fi

# --- xliff, tmx and convert (pair JSONL read back) ----------------------------
"$bin" align "$id" "$hi" --format jsonl -o "$tmp/p.jsonl" -q || bad "align jsonl exit"
"$bin" align "$id" "$hi" --format xliff -o "$tmp/p.xliff" -q || bad "align xliff exit"
"$bin" align "$id" "$hi" --format tmx -o "$tmp/p.tmx" -q || bad "align tmx exit"
for f in tmx xliff tsv; do
  "$bin" convert "$tmp/p.jsonl" "$id" "$hi" --format $f -o "$tmp/conv.$f" || bad "convert $f exit"
done
"$bin" align "$id" "$hi" --format tsv -o "$tmp/p.tsv" -q || bad "align tsv exit"
check "convert: the JSONL of align gives align's own TMX" cmp -s "$tmp/p.tmx" "$tmp/conv.tmx"
check "convert: ... and its XLIFF" cmp -s "$tmp/p.xliff" "$tmp/conv.xliff"
check "convert: ... and its TSV" cmp -s "$tmp/p.tsv" "$tmp/conv.tsv"
"$bin" convert "$tmp/p.jsonl" "$id" "$hi" --format moses -o "$tmp/moses" || bad "convert moses exit"
check "convert moses: two files named by language, one line per bead" \
  test "$(wc -l <"$tmp/moses.id")" -eq 21 -a "$(wc -l <"$tmp/moses.hi")" -eq 21
printf '%s\n' "$(head -1 "$tmp/p.jsonl")" '{"a": [1], "b": [' >"$tmp/broken.jsonl"
expect_error "convert: bad JSON names file and line" "broken.jsonl: line 2: not JSON" \
  "$bin" convert "$tmp/broken.jsonl" "$id" "$hi" -o "$tmp/broken.tmx"
check "convert: bad JSONL writes nothing" test ! -e "$tmp/broken.tmx"
head -3 "$tmp/p.jsonl" | tail -1 >"$tmp/gap.jsonl"
expect_error "convert: a line that skips sentences" "gap.jsonl: line 1: \"a\": expected sentence 0" \
  "$bin" convert "$tmp/gap.jsonl" "$id" "$hi"
expect_error "convert: spans of another document" "is not inside" \
  "$bin" convert "$tmp/p.jsonl" "$tmp/empty.txt" "$hi"
expect_error "convert moses without -o" "needs -o PREFIX" "$bin" convert "$tmp/p.jsonl" "$id" "$hi" --format moses
if /usr/bin/python3 -c "import translate.storage.xliff" 2>/dev/null; then
  check "align --format xliff: loads in translate-toolkit with source, target, confidence" \
    /usr/bin/python3 - "$tmp/p.xliff" "$tmp/p.jsonl" "$id" "$hi" <<'PY'
import json, sys
from translate.storage import xliff
store = xliff.xlifffile.parsefile(sys.argv[1])
beads = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
a, b = open(sys.argv[3], 'rb').read(), open(sys.argv[4], 'rb').read()
text = lambda data, spans: ' '.join(data[s:e].decode() for s, e in spans)
units = store.getunits()
assert len(units) == len(beads) == 21, (len(units), len(beads))
assert store.getsourcelanguage() == 'id' and store.gettargetlanguage() == 'hi'
ns = '{urn:x-polyalign:xliff:1}confidence'
for unit, bead in zip(units, beads):
    assert unit.source == text(a, bead['a_spans']), unit.source
    assert unit.target == text(b, bead['b_spans']), unit.target
    conf = float(unit.xmlelement.get(ns))
    assert abs(conf - bead['confidence']) < 1e-4, (conf, bead)
    assert 'alignment confidence' in unit.getnotes()
PY
else
  echo "skip - XLIFF in translate-toolkit: no python3-translate"
fi

finish "cli"
