#include "util/icu.h"

#include <string>

#include "polyalign/common.h"

namespace polyalign::util {

namespace {

[[noreturn]] void fail_icu(UErrorCode status, std::string_view where, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += u_errorName(status);
  fail_io(where, message);
}

}  // namespace

void check_icu(UErrorCode status, std::string_view where, std::string_view what) {
  if (U_FAILURE(status)) fail_icu(status, where, what);
}

void check_icu(UErrorCode status, const void* made, std::string_view where, std::string_view what) {
  if (U_FAILURE(status) || made == nullptr) fail_icu(status, where, what);
}

}  // namespace polyalign::util
