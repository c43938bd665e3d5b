#!/usr/bin/env bash
# Installs what is missing, builds polyalign (Release) and runs corpus mode
# on the bundled corpus (corpora/vietnam-news): it identifies each article's
# language, finds which articles are versions of one another, aligns their
# sentences N-way, checks them (numbers, names, omissions...) and writes the
# results and a review page (report.html) to out/vietnam-news/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=${POLYALIGN_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target polyalign_cli
bin="$build/polyalign"
corpus=corpora/vietnam-news
out=out/vietnam-news

echo "== polyalign corpus $corpus -o $out"
"$bin" corpus "$corpus" -o "$out"
echo "== Results in $out/:"
echo "   bundles.json                which files are versions of one another (bundles),"
echo "                               and why the others are unmatched"
echo "   <bundle>/alignment.jsonl    one tuple of aligned sentences per line, with byte spans"
echo "   corpus.tmx                  the tuples as TMX 1.4b (translation memory tools)"
echo "   corpus.tsv                  one tuple per line, one column per language"
echo "   moses/<l1>-<l2>.<l>         line-parallel sentence pairs per language pair"
echo "   findings.jsonl              consistency checks: numbers, names, omissions, untranslated"
echo "                               or repeated sentences, one finding per line"
echo "   report.html                 the review page: open it in a browser (the bundles, each"
echo "                               linking to its own page <bundle>/report.html; works offline)"
