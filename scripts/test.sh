#!/usr/bin/env bash
# The README's test command, and exactly what CI runs (.ci/run):
#   1. installs what is missing (scripts/setup.sh);
#   2. builds everything (Release: library, CLI, tests, benchmarks, Python
#      module) and runs the whole test suite with CTest;
#   3. builds it all again with AddressSanitizer + UndefinedBehaviorSanitizer
#      (CMake preset "asan", build-asan/) and runs the whole suite under them;
#   4. runs every libFuzzer target for POLYALIGN_FUZZ_SECONDS (default 30)
#      from its seed corpus (preset "fuzz", build-fuzz/; scripts/fuzz.sh).
# About 40 minutes on two cores. `--quick` stops after step 2 (about 8
# minutes): the usual check while developing.
#
#   bash scripts/test.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "test.sh: unknown argument '$1' (expected --quick or nothing)" >&2; exit 2 ;;
esac
bash scripts/setup.sh
jobs=$(nproc)

echo "== Release build and the whole test suite"
build=${POLYALIGN_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPOLYALIGN_BUILD_TESTS=ON \
      -DPOLYALIGN_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build" -j "$jobs"
(cd "$build" && ctest --output-on-failure -j "$jobs")
[ "$quick" -eq 1 ] && exit 0

echo "== The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"

echo "== Fuzzing: every target, ${POLYALIGN_FUZZ_SECONDS:-30} s each"
bash scripts/fuzz.sh "${POLYALIGN_FUZZ_SECONDS:-30}"
