#include "util/icu.h"

#include <string>

#include "polyalign/common.h"

namespace polyalign::util {

void check_icu(UErrorCode status, std::string_view where, std::string_view what) {
  if (U_SUCCESS(status)) return;
  std::string message(what);
  message += ": ";
  message += u_errorName(status);
  fail_io(where, message);
}

}  // namespace polyalign::util
