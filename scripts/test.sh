#!/usr/bin/env bash
# Installs what is missing, builds everything (Release, tests and benchmarks)
# and runs the whole test suite with CTest. This is the README's test command
# and exactly what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=${POLYALIGN_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPOLYALIGN_BUILD_TESTS=ON \
      -DPOLYALIGN_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
cd "$build"
ctest --output-on-failure -j "$(nproc)"
