#!/usr/bin/env bash
# Installs the Debian packages polyalign needs, only those that are missing.
# Everything comes from Debian's archive through apt-get; nothing else is
# downloaded here (the browser test fetches playwright-core from the npm
# registry itself, once: tests/browser/run.sh). Safe to run again: a
# complete machine does nothing.
set -euo pipefail

packages=(
  build-essential cmake git
  libicu-dev          # segmentation, transliteration, normalisation
  libeigen3-dev       # linear algebra (model fits)
  libfmt-dev          # formatting
  doctest-dev         # unit tests
  libcld2-dev         # language identification
  libcli11-dev        # command line
  nlohmann-json3-dev  # JSON / JSONL
  libpugixml-dev      # TMX; DOCX, ODT and XLIFF input
  libzip-dev          # DOCX and ODT input (zip containers)
  libgumbo-dev        # HTML input
  libpoppler-cpp-dev pkg-config  # PDF input (poppler's text layer)
  libbenchmark-dev    # Google Benchmark
  python3             # scoring and evaluation scripts in bench/
  python3-nltk        # reference Gale-Church implementation for speed comparisons
  python3-matplotlib  # plots of time and memory against length
  python3-translate   # a real TMX and XLIFF reader (translate-toolkit) in the CLI and browser tests
  # The Python binding (bindings/python) and its tests: module, offline
  # install into a venv, pytest, polyalign.dask.
  pybind11-dev python3-dev python3-venv python3-pip python3-setuptools python3-wheel
  python3-pytest python3-numpy python3-dask python3-distributed
  python3-pandas python3-mypy python3-tqdm  # to_pandas(), the stubs' type check, progress bars
  chromium            # the browser test of the review page (headless)
  fonts-lohit-deva    # Devanagari in its screenshots
  # Reliability (README, "Reliability"): libFuzzer targets (clang, libFuzzer
  # and the sanitizer runtimes), symbolized sanitizer reports, peak memory of
  # the bad-input tests (/usr/bin/time).
  clang libclang-rt-14-dev llvm time
  zlib1g-dev          # dictzip files of the dictionaries below
  # Bilingual dictionaries (--dictionaries auto reads /usr/share/dictd): every
  # FreeDict database Debian 12 has between the development languages (en,
  # de, fr, hi, id; there is none for Ukrainian). Pairs without one go
  # through English (de-hi: deu-eng, eng-hin).
  dict-freedict-eng-deu dict-freedict-deu-eng dict-freedict-eng-fra dict-freedict-fra-eng
  dict-freedict-deu-fra dict-freedict-fra-deu dict-freedict-eng-hin dict-freedict-eng-ind
  dict-freedict-deu-ind
)
# node and npm drive the browser test. A node installed another way (e.g.
# NodeSource's nodejs, which brings its own npm and conflicts with Debian's
# npm package) is kept: only missing commands are installed.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

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
