#!/usr/bin/env bash
# Input formats on the real binary: a DOCX, an ODT, an HTML page, an XLIFF
# file and an SRT file in two languages each, made here from the
# Indonesian-Hindi seed pair, align as their text versions do (same beads,
# same sentence texts), and their JSONL points back into the files. Run by
# CTest with POLYALIGN set and the repository root as working directory.
set -u
bin=${POLYALIGN:?set POLYALIGN to the polyalign binary}
seeds=corpora/vietnam-news
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

# Text versions: paragraphs (docx, odt, html) from the seeds' lines, and
# sentences (xliff, srt: one unit each) from `polyalign segment`.
for l in id:000_ce7c1f1e563d1f0d hi:001_6df23d5c9a213664; do
  lang=${l%%:*}
  grep -v '^[[:space:]]*$' "$seeds/${l#*:}.txt" | awk 'NR > 1 { print "" } { print }' >"$tmp/$lang.para.txt"
  "$bin" segment "$seeds/${l#*:}.txt" --lang "$lang" >"$tmp/$lang.sent.txt" || bad "segment $lang"
done

python3 - "$tmp" <<'PY' || bad "making the files"
import html, sys, zipfile
from xml.sax.saxutils import escape
d = sys.argv[1]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
for lang in ("id", "hi"):
    paras = open(f"{d}/{lang}.para.txt", encoding="utf-8").read().split("\n\n")
    paras = [p.strip("\n") for p in paras]
    sents = open(f"{d}/{lang}.sent.txt", encoding="utf-8").read().splitlines()
    # DOCX: the first paragraph a heading, the second split over two runs
    # (a space kept by xml:space), the last in a table cell.
    body = []
    for i, p in enumerate(paras):
        if i == 1 and " " in p:
            a, b = p.split(" ", 1)
            runs = f'<w:r><w:t>{escape(a)}</w:t></w:r><w:r><w:t xml:space="preserve"> {escape(b)}</w:t></w:r>'
        else:
            runs = f"<w:r><w:t>{escape(p)}</w:t></w:r>"
        style = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if i == 0 else ""
        para = f"<w:p>{style}{runs}</w:p>"
        if i == len(paras) - 1:
            para = f"<w:tbl><w:tr><w:tc>{para}</w:tc></w:tr></w:tbl>"
        body.append(para)
    with zipfile.ZipFile(f"{d}/{lang}.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{"".join(body)}<w:sectPr/></w:body></w:document>')
    # ODT: headings and paragraphs.
    ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ps = "".join((f'<text:h text:outline-level="1">{escape(p)}</text:h>' if i == 0 else f"<text:p>{escape(p)}</text:p>") for i, p in enumerate(paras))
    with zipfile.ZipFile(f"{d}/{lang}.odt", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:text>{ps}</office:text></office:body></office:document-content>', compress_type=zipfile.ZIP_DEFLATED)
    # HTML: navigation, a script and a style left out; entities decoded.
    items = "".join(f"<p>{html.escape(p)}</p>\n" for p in paras)
    open(f"{d}/{lang}.html", "w", encoding="utf-8").write(
        f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><title>Berita</title><style>p {{ margin: 0 }}</style>"
        f"<script>var menu = 'Beranda';</script></head>\n<body><nav><a href=\"/\">Beranda</a> | <a href=\"/x\">Indeks</a></nav>\n"
        f"<article>{items}</article></body></html>\n")
    # XLIFF 1.2: one trans-unit per sentence, source side.
    units = "".join(f'<trans-unit id="{i}"><source>{escape(s)}</source></trans-unit>\n' for i, s in enumerate(sents))
    open(f"{d}/{lang}.xlf", "w", encoding="utf-8").write(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file source-language="{lang}" datatype="plaintext" original="x"><body>\n{units}</body></file></xliff>\n')
    # SRT: a cue per sentence, long ones over two lines, one in italics.
    cues = []
    for i, s in enumerate(sents):
        text = s
        words = s.split(" ")
        if len(words) > 8:
            text = " ".join(words[: len(words) // 2]) + "\n" + " ".join(words[len(words) // 2:])
        if i == 2:
            text = f"<i>{text}</i>"
        cues.append(f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{text}\n")
    open(f"{d}/{lang}.srt", "w", encoding="utf-8").write("\n".join(cues))
PY

# PDF: the paragraphs printed by headless Chromium (Debian's, as the browser
# test uses; DejaVu and Lohit Devanagari fonts), A4 with its margins, no
# header or footer. The Indonesian text runs over two pages, a sentence
# across the page break.
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || bad "$chromium is missing: run scripts/setup.sh (Debian package chromium)"
for lang in id hi; do
  python3 - "$tmp" "$lang" <<'PY' || bad "making $lang.print.html"
import html, sys
d, lang = sys.argv[1], sys.argv[2]
paras = [p.strip("\n") for p in open(f"{d}/{lang}.para.txt", encoding="utf-8").read().split("\n\n")]
open(f"{d}/{lang}.print.html", "w", encoding="utf-8").write(
    f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><style>"
    "body { font: 11pt 'DejaVu Sans', 'Lohit Devanagari', sans-serif } p { margin: 0 0 1em }"
    "</style></head><body>" + "".join(f"<p>{html.escape(p)}</p>" for p in paras) + "</body></html>")
PY
  "$chromium" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --user-data-dir="$tmp/chromium" --print-to-pdf="$tmp/$lang.pdf" "file://$tmp/$lang.print.html" \
    >/dev/null 2>&1 || bad "chromium --print-to-pdf $lang"
done

for f in para sent; do
  seg=()
  [ $f = sent ] && seg=(--presegmented)
  for fmt in brackets tsv; do
    "$bin" align "$tmp/id.$f.txt" "$tmp/hi.$f.txt" "${seg[@]}" --lang-a id --lang-b hi -q \
      --format $fmt -o "$tmp/text-$f.$fmt" || bad "align text $f"
  done
done
for ext in docx odt html xlf srt; do
  f=para
  case $ext in xlf | srt) f=sent ;; esac
  for fmt in brackets tsv; do
    "$bin" align "$tmp/id.$ext" "$tmp/hi.$ext" --lang-a id --lang-b hi -q --format $fmt \
      -o "$tmp/$ext.$fmt" 2>"$tmp/$ext.err" || bad "align $ext: $(cat "$tmp/$ext.err")"
    check "align $ext: $fmt output equals the text versions'" cmp -s "$tmp/$ext.$fmt" "$tmp/text-$f.$fmt"
  done
done
# PDF text differs from the text version's where the PDF does not hold
# it: Chromium places some Devanagari glyph clusters apart, which poppler
# reads as a space ("केंद्र" -> "कें द्र", "सके:" -> "सके :"), and a
# line-end hyphen between two letters is taken for a hyphenation
# ("सामाजिक-" + "राजनीतिक" -> "सामाजिकराजनीतिक"; Indonesian
# reduplications such as "keputusan-" + "keputusan" and the URLs keep
# theirs). The beads are the same: 21 one-to-one, as the text versions'.
for fmt in brackets tsv; do
  "$bin" align "$tmp/id.pdf" "$tmp/hi.pdf" --lang-a id --lang-b hi -q --format $fmt \
    -o "$tmp/pdf.$fmt" 2>"$tmp/pdf.err" || bad "align pdf: $(cat "$tmp/pdf.err")"
done
check "align pdf: the beads are the text versions' (same sentence numbers)" \
  cmp -s <(cut -d: -f1,2 "$tmp/pdf.brackets") <(cut -d: -f1,2 "$tmp/text-para.brackets")
check "align pdf: sentence texts as the text versions', but for line-end hyphens and spaces" \
  python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
def rows(name):
    return [l.rstrip("\n").split("\t")[:2] for l in open(f"{d}/{name}", encoding="utf-8")]
pdf, text = rows("pdf.tsv"), rows("text-para.tsv")
assert len(pdf) == len(text), (len(pdf), len(text))
differ = 0
for p, t in zip(pdf, text):
    for a, b in zip(p, t):
        if a != b:
            differ += 1
            # Only hyphens and spaces may differ.
            assert a.replace("-", "").replace(" ", "") == b.replace("-", "").replace(" ", ""), (a, b)
assert sum(a == b for p, t in zip(pdf, text) for a, b in zip(p, t)) > 2 * differ, differ
PY
check "align: the text versions give 1-1 beads" test "$(grep -c '^\[[0-9]*\]:\[[0-9]*\]' "$tmp/text-sent.brackets")" -ge 15

# JSONL: every sentence's source location cuts its unit out of the file.
for ext in html xlf srt docx; do
  "$bin" align "$tmp/id.$ext" "$tmp/hi.$ext" --lang-a id --lang-b hi -q --format jsonl \
    -o "$tmp/$ext.jsonl" || bad "align $ext jsonl"
  check "align $ext jsonl: a_sources / b_sources point into the files" python3 - "$tmp" "$ext" <<'PY'
import html, json, re, sys, zipfile
d, ext = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(f"{d}/{ext}.jsonl", encoding="utf-8")]
seen = 0
for r in rows:
    for side, lang in (("a", "id"), ("b", "hi")):
        data = open(f"{d}/{lang}.{ext}", "rb").read()
        assert len(r[f"{side}_sources"]) == len(r[side]), r
        for s in r[f"{side}_sources"]:
            assert s["format"] == {"xlf": "xliff"}.get(ext, ext), s
            if ext == "docx":
                assert s["part"] == "word/document.xml" and 0 <= s["start"] < s["end"], s
                continue
            raw = data[s["start"]:s["end"]].decode("utf-8")
            if ext == "xlf":
                assert raw.startswith("<source>") and raw.endswith("</source>"), raw
            elif ext == "srt":
                assert re.fullmatch(r"\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}", s["label"]), s
                assert "-->" not in raw and raw.strip(), raw
            else:
                assert "<p>" not in raw and html.unescape(raw).strip(), raw
            seen += 1
assert seen > 20 or ext == "docx", seen
PY
done

# corpus mode: the default extensions take every format polyalign reads
# (an HTML page, a DOCX file and a text file here; notes.md and hidden
# files are not read); the HTML-DOCX pair is one bundle whose tuples carry
# each sentence's place in its file, as align's JSONL does.
mkdir -p "$tmp/corpus/sub"
cp "$tmp/id.html" "$tmp/corpus/"
cp "$tmp/hi.docx" "$tmp/corpus/sub/"
cp "$seeds/003_48a8ea6ca92906e5.txt" "$tmp/corpus/de.txt"
cp "$tmp/id.para.txt" "$tmp/corpus/notes.md"
cp "$tmp/hi.html" "$tmp/corpus/.hidden.html"
"$bin" corpus "$tmp/corpus" -o "$tmp/corpus-out" --formats jsonl -q \
  >"$tmp/corpus.log" 2>"$tmp/corpus.err" || bad "corpus: $(cat "$tmp/corpus.err")"
check "corpus: default extensions read html, docx and txt, not .md nor hidden files" \
  python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
j = json.load(open(f"{d}/corpus-out/bundles.json", encoding="utf-8"))
b = j["bundles"]
assert len(b) == 1, b
assert sorted(x["path"].rsplit("/", 1)[1] for x in b[0]["documents"]) == ["hi.docx", "id.html"], b
assert [x["path"].rsplit("/", 1)[1] for x in j["unmatched"]] == ["de.txt"], j["unmatched"]
PY
check "corpus: alignment.jsonl and pairs/ carry source locations into the HTML and DOCX files" \
  python3 - "$tmp" <<'PY'
import glob, html, json, sys
d = sys.argv[1]
b = json.load(open(f"{d}/corpus-out/bundles.json", encoding="utf-8"))["bundles"][0]
rows = [json.loads(l) for l in open(f"{d}/corpus-out/{b['id']}/alignment.jsonl", encoding="utf-8")]
beads = sum(1 for l in open(f"{d}/docx.brackets") if l.strip())
assert abs(len(rows) - beads) <= 2, (len(rows), beads)
seen = 0
for r in rows:
    for path, m in r["members"].items():
        assert len(m["sources"]) == len(m["sentences"]), m
        for s in m["sources"]:
            if path.endswith(".docx"):
                assert s["format"] == "docx" and s["part"] == "word/document.xml", s
                assert 0 <= s["start"] < s["end"], s
            else:
                assert s["format"] == "html", s
                raw = open(path, "rb").read()[s["start"]:s["end"]].decode("utf-8")
                assert "<p>" not in raw and html.unescape(raw).strip(), raw
            seen += 1
assert seen >= 2 * len(rows) - 4, seen
pairs = glob.glob(f"{d}/corpus-out/{b['id']}/pairs/*.jsonl")
assert len(pairs) == 1, pairs
for l in open(pairs[0], encoding="utf-8"):
    p = json.loads(l)
    assert len(p["a_sources"]) == len(p["a"]) and len(p["b_sources"]) == len(p["b"]), p
PY
mkdir -p "$tmp/corpus-txt"
cp "$tmp/id.para.txt" "$tmp/hi.para.txt" "$tmp/corpus-txt/"
"$bin" corpus "$tmp/corpus-txt" -o "$tmp/corpus-txt-out" --formats jsonl -q >/dev/null 2>&1 ||
  bad "corpus txt"
check "corpus: text members have no sources" \
  bash -c "test -s $tmp/corpus-txt-out/*/alignment.jsonl && ! grep -q '\"sources\"' $tmp/corpus-txt-out/*/alignment.jsonl $tmp/corpus-txt-out/*/pairs/*.jsonl"

# segment, forced formats, side and errors.
"$bin" segment "$tmp/id.html" --format jsonl >"$tmp/seg.jsonl" || bad "segment html"
check "segment html: navigation and script left out" python3 -c "
import json, sys
t = [json.loads(l)['text'] for l in open('$tmp/seg.jsonl', encoding='utf-8')]
assert t and not any('Beranda' in x or 'Indeks' in x or 'var menu' in x for x in t), t"
cp "$tmp/id.srt" "$tmp/subs.txt"
check "segment: an SRT named .txt is detected by content" \
  test "$("$bin" segment "$tmp/subs.txt" | wc -l)" -eq "$(wc -l <"$tmp/id.sent.txt")"
check "segment --input-format text reads it as text" \
  test "$("$bin" segment "$tmp/subs.txt" --input-format text | grep -c -- '-->')" -gt 0
printf '<xliff version="2.0"><file><unit id="u"><segment><source>Satu.</source><target>Eins.</target></segment></unit></file></xliff>' >"$tmp/b.xlf"
check "segment --xliff-side target" test "$("$bin" segment "$tmp/b.xlf" --xliff-side target)" = "Eins."
printf 'PK\003\004 not really a zip' >"$tmp/bad.docx"
"$bin" segment "$tmp/bad.docx" >/dev/null 2>"$tmp/err"
check "a broken DOCX: one line naming the file" \
  bash -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'bad.docx: not a readable zip archive' '$tmp/err'"
head -c 3000 "$tmp/id.pdf" >"$tmp/cut.pdf"
"$bin" segment "$tmp/cut.pdf" >/dev/null 2>"$tmp/err"
check "a truncated PDF: one line naming the file" \
  bash -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'cut.pdf: ' '$tmp/err'"
printf 'just words\n' >"$tmp/words.pdf"
"$bin" segment "$tmp/words.pdf" --input-format pdf >/dev/null 2>"$tmp/err"
check "not a PDF read as PDF: one line naming the file" \
  bash -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'words.pdf: not a readable PDF' '$tmp/err'"
"$bin" segment "$tmp/id.html" --input-format word >/dev/null 2>"$tmp/err"
check "--input-format: an unknown name is refused" grep -q "unknown format 'word'" "$tmp/err"

finish input_formats
