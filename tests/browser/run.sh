#!/usr/bin/env bash
# The review page (report.html) in a real browser: runs report_test.mjs with
# node, which drives Debian's Chromium headless through playwright-core.
# Run by CTest (tests/CMakeLists.txt) with POLYALIGN set to the built binary
# and the repository root as working directory; POLYALIGN_ARTIFACTS names
# the directory for the screenshots and timings (default: a temporary one).
#
# node, npm and chromium come from scripts/setup.sh (Debian packages). A
# missing one fails the test with a message saying so: CI must run it.
# playwright-core comes from the npm registry, installed here with `npm ci`
# from the committed package-lock.json only when tests/browser/node_modules
# does not hold that version yet (later runs need no network).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fail() {
  echo "browser test: FAILED: $*" >&2
  exit 1
}
command -v node >/dev/null || fail "node is missing: run scripts/setup.sh (Debian package nodejs)"
command -v npm >/dev/null || fail "npm is missing: run scripts/setup.sh (Debian package npm)"
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || fail "$CHROMIUM is missing: run scripts/setup.sh (Debian package chromium)"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || fail "node $(node --version) is too old: playwright-core needs node 18 or later"

# The version the lock file asks for, and the one installed (if any).
wanted=$(node -p 'require(process.argv[1]).packages["node_modules/playwright-core"].version' \
  "$here/package-lock.json")
installed=$(node -p 'try { require(process.argv[1]).version } catch (e) { "" }' \
  "$here/node_modules/playwright-core/package.json")
if [ "$installed" != "$wanted" ]; then
  # One install at a time (two build directories may test at once).
  (
    flock 9
    installed=$(node -p 'try { require(process.argv[1]).version } catch (e) { "" }' \
      "$here/node_modules/playwright-core/package.json")
    if [ "$installed" != "$wanted" ]; then
      echo "browser test: installing playwright-core $wanted (npm ci) into $here/node_modules"
      (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) ||
        fail "npm ci failed: playwright-core $wanted could not be installed from the npm registry"
    fi
  ) 9>"$here/.npm-install.lock"
fi
exec node "$here/report_test.mjs"
