#!/usr/bin/env bash
# The README's Python section, as written: the offline install into a venv
# that sees Debian's packages, then the ```python blocks of the section run
# as one doctest from a directory laid out like the repository's root
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

# The ```python blocks between "## Python" and the next "## " heading, as
# one doctest (they are interpreter sessions: >>> and the output).
"$venv/bin/python3" - "$repo/README.md" "$work" <<'EOF'
import re, sys
readme, work = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
section = text[text.index("\n## Python\n"):]
section = section[:section.find("\n## ", 1)]
blocks = re.findall(r"```python\n(.*?)```", section, re.S)
assert len(blocks) >= 3, f"expected the README's Python examples, found {len(blocks)}"
with open(f"{work}/readme.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(blocks))
EOF
# The runner: worker processes of the Dask example import the main module,
# which must not run the examples again.
cat > "$work/run_readme.py" <<'EOF'
import doctest, sys
if __name__ == "__main__":
    text = open(sys.argv[1], encoding="utf-8").read()
    test = doctest.DocTestParser().get_doctest(text, {"__name__": "__main__"},
                                               "README.md#python", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    print(f"README examples: {result.attempted} run, {result.failed} failed")
    sys.exit(1 if result.failed or result.attempted < 8 else 0)
EOF
ln -s "$repo/corpora" "$work/corpora"
echo "== README's Python section (doctest)"
sed 's/^/   | /' "$work/readme.txt"
(cd "$work" && timeout 300 "$venv/bin/python3" run_readme.py readme.txt) 2>&1 | sed 's/^/   > /'
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then echo "error: the README's examples failed ($status)" >&2; exit 1; fi
test -s "$work/out/vietnam-news-python/bundles.json"
test -s "$work/out/vietnam-news-dask/bundles.json"
cmp "$work/out/vietnam-news-python/corpus.tmx" "$work/out/vietnam-news-dask/corpus.tmx"
echo "install and README examples: ok"
