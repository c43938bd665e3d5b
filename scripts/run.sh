#!/usr/bin/env bash
# Installs what is missing, builds polyalign (Release) and runs it on the
# bundled corpus (corpora/vietnam-news). Results go to out/vietnam-news/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=${POLYALIGN_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target polyalign_cli
bin="$build/polyalign"
corpus=corpora/vietnam-news
out=out/vietnam-news
mkdir -p "$out"

echo "== Sentences per document (language detected by CLD2)"
for f in "$corpus"/*.txt; do
  name=$(basename "$f" .txt)
  "$bin" segment "$f" --format jsonl -o "$out/$name.sentences.jsonl" --verbose
done

echo "== Aligning the Indonesian and Hindi versions of the first article"
a=$corpus/000_ce7c1f1e563d1f0d.txt
b=$corpus/001_6df23d5c9a213664.txt
"$bin" align "$a" "$b" --format jsonl --explain -o "$out/id-hi.alignment.jsonl" --verbose
"$bin" align "$a" "$b" --format tsv -o "$out/id-hi.tsv"
"$bin" align "$a" "$b" --format brackets -o "$out/id-hi.brackets"
echo "== Results in $out/: *.sentences.jsonl (sentences with byte spans),"
echo "   id-hi.alignment.jsonl (beads with spans, confidence and shared anchors),"
echo "   id-hi.tsv (sentence pairs), id-hi.brackets (bead indices)"
