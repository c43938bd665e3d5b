# Sourced by the shell tests: counts checks, prints each failure, and ends
# with a summary whose exit status CTest reads.
#   check NAME COMMAND...   passes when the command succeeds
#   ok / bad MESSAGE        count a pass / a failure by hand
#   finish LABEL            prints "LABEL: N passed, M failed"; status 0 iff none failed
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() {
  local name=$1; shift
  if "$@"; then ok; else bad "$name"; fi
}
finish() {
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
