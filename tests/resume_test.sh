#!/usr/bin/env bash
# `polyalign corpus --resume` and `--memory-limit` on the real binary, on a
# corpus made by bench/make_ntrex_corpus.py from the NTREX development data
# (skipped without it):
#  1. a reference run;
#  2. a run that ends itself by SIGTERM once 3 bundles are saved
#     (POLYALIGN_TEST_INTERRUPT_AFTER_BUNDLES, a test hook of the CLI): status
#     143 as for `kill`, its finished bundles' files complete, no
#     bundles.json; re-run with --resume: status 0, the directory equals the
#     reference byte for byte (state directory gone), and the bundle files
#     of the interrupted run were kept, not written again;
#  3. --resume with other options, or over other files: refused with one
#     line, nothing changed; without --resume the same directory is
#     rewritten from the start;
#  4. --memory-limit 16M: the reference bytes; bad sizes: one-line errors.
# Run by CTest with POLYALIGN set to the binary, from the repository root.
set -u
bin=${POLYALIGN:?set POLYALIGN to the polyalign binary}
data=${POLYALIGN_DATA_DIR:-../shared/data}
if [ ! -d "$data/ntrex-dev" ]; then
  echo "resume: skipped: no NTREX data at $data/ntrex-dev (set POLYALIGN_DATA_DIR)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"
python3 bench/make_ntrex_corpus.py --data "$data/ntrex-dev" --out "$tmp/gen" --seed 3 \
  --limit-docs 16 -q || { echo "FAIL: corpus generator"; exit 1; }
corpus=$tmp/gen/corpus

run() { "$bin" corpus "$corpus" --threads 2 -q "$@" >/dev/null 2>"$tmp/err"; }
interrupted() {  # OUT: a run stopped by SIGTERM after 3 bundles
  POLYALIGN_TEST_INTERRUPT_AFTER_BUNDLES=3 "$bin" corpus "$corpus" --threads 2 -q -o "$1" \
    >/dev/null 2>"$tmp/err"
}
same() {  # the first differences shown when there are some
  diff -r "$1" "$2" >"$tmp/diff" 2>&1 || { head -5 "$tmp/diff" | cut -c1-200; return 1; }
}
one_line() { [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "$1" "$tmp/err"; }

# 1. Reference.
run -o "$tmp/ref" || { echo "FAIL: reference run: $(cat "$tmp/err")"; exit 1; }
bundles=$(ls -d "$tmp"/ref/bundle-* | wc -l)
check "reference: several bundles ($bundles)" [ "$bundles" -gt 4 ]

# 2. Interrupted, then resumed.
interrupted "$tmp/out"
status=$?
check "interrupted: status 143 (SIGTERM), got $status" [ "$status" -eq 143 ]
saved=$(ls "$tmp"/out/.resume | grep -c '^bundle-')
check "interrupted: some bundles saved, not all ($saved of $bundles)" \
  [ "$saved" -ge 3 -a "$saved" -lt "$bundles" ]
check "interrupted: no bundles.json yet" [ ! -e "$tmp/out/bundles.json" ]
complete=1
for s in "$tmp"/out/.resume/bundle-*; do
  b=$(basename "$s")
  # Its review page comes with the others, at the end.
  diff -r -x report.html "$tmp/ref/$b" "$tmp/out/$b" >/dev/null || complete=0
  [ -s "$tmp/out/$b/alignment.jsonl" ] || complete=0
done
check "interrupted: every saved bundle's files complete" [ "$complete" -eq 1 ]
first=$(ls "$tmp"/out/.resume | grep '^bundle-' | head -1)
touch -d '2001-01-01' "$tmp/out/$first/alignment.jsonl"
run -o "$tmp/out" --resume
check "resumed: status 0 ($(cat "$tmp/err"))" [ $? -eq 0 ]
check "resumed: byte-identical to the reference, no state left" same "$tmp/ref" "$tmp/out"
check "resumed: a finished bundle's file kept, not written again" \
  [ "$(date -r "$tmp/out/$first/alignment.jsonl" +%Y)" = 2001 ]
run -o "$tmp/out" --resume
check "resumed again, nothing to resume: a whole run, the same bytes" same "$tmp/ref" "$tmp/out"

# 3. Other options or other files: refused.
interrupted "$tmp/other"
cp -a "$tmp/other" "$tmp/other.before"
run -o "$tmp/other" --resume --min-confidence 0.7
check "other options: status 1" [ $? -eq 1 ]
check "other options: one line naming the cause ($(cat "$tmp/err"))" one_line "other options"
check "other options: nothing changed" same "$tmp/other.before" "$tmp/other"
"$bin" corpus "$corpus" corpora/vietnam-news --threads 2 -q -o "$tmp/other" --resume \
  >/dev/null 2>"$tmp/err"
check "other files: status 1" [ $? -eq 1 ]
check "other files: one line ($(cat "$tmp/err"))" one_line "other files"
run -o "$tmp/other"
check "without --resume: a whole run, the reference bytes" same "$tmp/ref" "$tmp/other"

# 4. Memory limit.
run -o "$tmp/small" --memory-limit 16M
check "--memory-limit 16M: the reference bytes" same "$tmp/ref" "$tmp/small"
for size in abc 1.5G 10K 12X 0; do
  run -o "$tmp/bad" --memory-limit "$size"
  status=$?
  check "--memory-limit '$size': refused (status $status)" [ "$status" -ne 0 ]
  check "--memory-limit '$size': one line ($(cat "$tmp/err"))" one_line "memory-limit"
done
check "bad sizes: nothing written" [ ! -e "$tmp/bad" ]
finish resume
