#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer + UndefinedBehavior-
# Sanitizer; CMake preset "fuzz") and runs each for SECONDS (default 60),
# one after the other, starting from its seed corpus (tests/fuzz/corpus/).
# Prints, per target, the executions, the corpus size and the crashes, and
# appends them to BUILD/fuzz-log.tsv (the record behind the figures in
# README.md, "Reliability"). Exits non-zero if any target crashed, leaked,
# timed out or ran out of memory; the input is then in BUILD/fuzz-artifacts/.
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. bash scripts/fuzz.sh 600 fuzz_corpus
#
# A found crash becomes a regression test: copy the artifact to
# tests/fuzz/regressions/<target>/<short-name>, fix the bug, and the
# replay test (ctest -R fuzz_) keeps it fixed.
#
# Environment: POLYALIGN_FUZZ_BUILD_DIR (default build-fuzz),
# POLYALIGN_FUZZ_JOBS (build parallelism, default nproc),
# POLYALIGN_FUZZ_ARGS (extra libFuzzer flags, e.g. -max_len=100000).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build=${POLYALIGN_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${POLYALIGN_FUZZ_JOBS:-$(nproc)}

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found: run scripts/setup.sh (Debian packages clang, libclang-rt-14-dev)" >&2
  exit 1
fi
cmake --preset fuzz -B "$build" >/dev/null
cmake --build "$build" -j "$jobs" --target fuzz

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(sed -n 's/^POLYALIGN_FUZZ_TARGET(\(.*\))$/\1/p' tests/fuzz/replay_targets.inc)
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
log="$build/fuzz-log.tsv"
[ -s "$log" ] || printf 'date\ttarget\tseconds\texecutions\tcorpus\tresult\n' >"$log"
mkdir -p "$build/fuzz-artifacts"
failed=0
printf '%-16s %8s %12s %8s  %s\n' target seconds executions corpus result
for t in "${targets[@]}"; do
  work="$build/fuzz-corpus/$t"  # grows over runs; the seeds in the tree stay as they are
  mkdir -p "$work"
  out="$build/fuzz-artifacts/$t.log"
  start=$(date +%s)
  set +e
  "$build/tests/fuzz/$t" "$work" "tests/fuzz/corpus/$t" \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$t-" ${POLYALIGN_FUZZ_ARGS:-} >"$out" 2>&1
  status=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
  corpus=$(find "$work" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $status; $(grep -m1 -oE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer): [a-z-]+|invariant failed: .*|runtime error: .*' "$out" || echo "see $out"))"
    failed=1
  fi
  printf '%-16s %8s %12s %8s  %s\n' "$t" "$elapsed" "${execs:-?}" "$corpus" "$result"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$elapsed" "${execs:-0}" "$corpus" "$result" >>"$log"
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz: a target failed; inputs and logs in $build/fuzz-artifacts/" >&2
fi
exit "$failed"
