#!/usr/bin/env bash
# Installs the Debian packages polyalign needs, only those that are missing.
# Everything comes from Debian's archive through apt-get; nothing else is
# downloaded. Safe to run again: a complete machine does nothing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libicu-dev          # segmentation, transliteration, normalisation
  libeigen3-dev       # sparse sentence x anchor matrices
  libfmt-dev          # formatting
  doctest-dev         # unit tests
  libcld2-dev         # language identification
  libcli11-dev        # command line
  nlohmann-json3-dev  # JSON / JSONL
  libpugixml-dev      # TMX
  libbenchmark-dev    # Google Benchmark
  python3             # scoring and evaluation scripts in bench/
  python3-nltk        # reference Gale-Church implementation for speed comparisons
  python3-matplotlib  # plots of time and memory against length
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
