#!/usr/bin/env bash
# Reference outputs: runs one polyalign binary over a fixed set of inputs and
# writes every output file plus a sha256 manifest. Two builds give the same
# bytes on all of them when a change is meant to change no output (a
# restructuring, a speed-up): compare their manifests.
#
#   bash bench/reference_outputs.sh POLYALIGN OUTDIR            # write outputs
#   bash bench/reference_outputs.sh --compare OUTDIR_1 OUTDIR_2 # same bytes?
#
# The set: the bundled corpus in corpus mode (every format, findings, review
# page); the ten NTREX-dev language pairs raw and presegmented (perturbed),
# aligned with --explain as JSONL and as brackets, with findings and review
# page; a 10k and a 100k sentence pair (bench/gen_pairs.py) at 1 and 2
# threads; Text+Berg dev de-fr presegmented; segmentation of the raw files.
# Data: ../shared/data beside the checkout, or POLYALIGN_DATA.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

if [ "${1:-}" = "--compare" ]; then
  [ $# -eq 3 ] || { echo "usage: $0 --compare OUTDIR_1 OUTDIR_2" >&2; exit 2; }
  if diff <(cd "$2" && cat manifest.sha256) <(cd "$3" && cat manifest.sha256); then
    echo "reference outputs: $(wc -l <"$2/manifest.sha256") files, all byte-identical"
  else
    echo "reference outputs differ (lines above: < $2, > $3)" >&2
    exit 1
  fi
  exit 0
fi
[ $# -eq 2 ] || { echo "usage: $0 POLYALIGN OUTDIR | --compare OUTDIR_1 OUTDIR_2" >&2; exit 2; }
bin=$(realpath "$1")
out=$(realpath -m "$2")
data=${POLYALIGN_DATA:-$root/../shared/data}
[ -d "$data/ntrex-dev" ] || { echo "$0: no development data at $data (set POLYALIGN_DATA)" >&2; exit 2; }
data=$(realpath "$data")

# Inputs, made once by deterministic generators and shared by every run (the
# outputs name their input files, so two runs must read the same paths).
cases=${POLYALIGN_REFERENCE_CASES:-${TMPDIR:-/tmp}/polyalign-reference-cases}
mkdir -p "$cases"
[ -d "$cases/corpus" ] || cp -r "$root/corpora/vietnam-news" "$cases/corpus"
[ -f "$cases/ntrex/cases.json" ] ||
  python3 "$here/make_ntrex_cases.py" --data "$data/ntrex-dev" --out "$cases/ntrex" --seed 1 >/dev/null
for n in 10000 100000; do
  [ -f "$cases/gen$n/a.txt" ] ||
    python3 "$here/gen_pairs.py" --sentences $n --out "$cases/gen$n" --seed 1 --data "$data/ntrex-dev" >/dev/null
done

res=$out/results
rm -rf "$res"
mkdir -p "$res"
cd "$res"  # outputs named relative to here

# Corpus mode on the bundled corpus, every format.
# (its summary without the throughput line, which is a timing)
"$bin" corpus "$cases/corpus" -o corpus -q --formats jsonl,tsv,tmx,moses | grep -v '^throughput: ' >corpus.stdout

# NTREX-dev pairs: raw text and presegmented perturbed text.
for dir in "$cases"/ntrex/*/; do
  pair=$(basename "$dir")
  a=${pair%-*}
  b=${pair#*-}
  for kind in raw perturbed; do
    flags=()
    [ "$kind" = perturbed ] && flags=(--presegmented)
    o=ntrex/$pair-$kind
    mkdir -p "$o"
    "$bin" align "$dir/$kind.$a" "$dir/$kind.$b" "${flags[@]}" --explain --format jsonl \
      -o "$o/align.jsonl" -q --findings "$o/findings.jsonl" --report "$o/report.html"
    "$bin" align "$dir/$kind.$a" "$dir/$kind.$b" "${flags[@]}" --format brackets -o "$o/align.brackets" -q
  done
  "$bin" segment "$dir/raw.$a" --format jsonl -o "ntrex/$pair-raw/segment.$a.jsonl"
done

# Large generated pairs at 1 and 2 threads.
for n in 10000 100000; do
  for t in 1 2; do
    "$bin" align "$cases/gen$n/a.txt" "$cases/gen$n/b.txt" --presegmented --threads $t \
      --format brackets -o "gen$n-t$t.brackets" -q 2>"gen$n-t$t.stderr"
  done
done
"$bin" align "$cases/gen10000/a.txt" "$cases/gen10000/b.txt" --presegmented --explain \
  --format jsonl -o "gen10000.jsonl" -q

# Text+Berg dev.
tb=$data/textberg-dev
"$bin" align "$tb/dev.de" "$tb/dev.fr" --presegmented --lang-a de --lang-b fr --explain \
  --format jsonl -o "textberg.jsonl" -q
"$bin" align "$tb/dev.de" "$tb/dev.fr" --presegmented --lang-a de --lang-b fr \
  --format tsv -o "textberg.tsv" -q

(cd "$res" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$out/manifest.sha256"
echo "reference outputs: $(wc -l <"$out/manifest.sha256") files in $res, manifest $out/manifest.sha256"
