#!/usr/bin/env bash
# The README's Python section, as written: the offline install into a venv
# that sees Debian's packages, then every ```python block of the section run
# as a script from a directory laid out like the repository's root
# (corpora/ there), with the installed package (not the build tree).
#
#   bash bindings/python/tests/install_test.sh BUILD_DIR [PYTHON]
#
# BUILD_DIR: a configured CMake build directory; pip reuses it
# (POLYALIGN_CMAKE_BUILD_DIR) instead of building the engine again.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
build=$(cd "$1" && pwd)
python=${2:-/usr/bin/python3}
venv="$build/python-venv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset PYTHONPATH

echo "== venv $venv, pip install --no-build-isolation ./bindings/python (offline)"
rm -rf "$venv"
"$python" -m venv --system-site-packages "$venv"
(cd "$repo" && POLYALIGN_CMAKE_BUILD_DIR="$build" \
   "$venv/bin/pip" install --quiet --no-index --no-build-isolation ./bindings/python)
installed=$(cd "$work" && "$venv/bin/python3" -c 'import polyalign; print(polyalign.__file__)')
case "$installed" in
  "$venv"/*) echo "imported from $installed" ;;
  *) echo "error: polyalign imported from $installed, not from the venv" >&2; exit 1 ;;
esac

# The ```python blocks between "## Python" and the next "## " heading.
"$venv/bin/python3" - "$repo/README.md" "$work" <<'EOF'
import re, sys
readme, work = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
section = text[text.index("\n## Python\n"):]
section = section[:section.find("\n## ", 1)]
blocks = re.findall(r"```python\n(.*?)```", section, re.S)
assert len(blocks) >= 3, f"expected the README's Python examples, found {len(blocks)}"
for i, block in enumerate(blocks):
    with open(f"{work}/example_{i}.py", "w", encoding="utf-8") as f:
        f.write(block)
EOF
ln -s "$repo/corpora" "$work/corpora"
for example in "$work"/example_*.py; do
  echo "== README example $(basename "$example")"
  sed 's/^/   | /' "$example"
  (cd "$work" && timeout 300 "$venv/bin/python3" "$example") 2>&1 | sed 's/^/   > /'
  status=${PIPESTATUS[0]}
  if [ "$status" -ne 0 ]; then echo "error: $(basename "$example") failed ($status)" >&2; exit 1; fi
done
test -s "$work/out/vietnam-news-python/bundles.json"
test -s "$work/out/vietnam-news-dask/bundles.json"
cmp "$work/out/vietnam-news-python/corpus.tmx" "$work/out/vietnam-news-dask/corpus.tmx"
echo "install and README examples: ok"
