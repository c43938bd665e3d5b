// util/icu.h — the one place where an ICU UErrorCode becomes an exception.
#pragma once

#include <string_view>

#include <unicode/utypes.h>

namespace polyalign::util {

// Throws std::runtime_error("<where>: <what>: <ICU error name>") (through
// fail_io, common.h) when `status` is a failure; warnings pass.
void check_icu(UErrorCode status, std::string_view where, std::string_view what);

// The same for an ICU factory: also throws, with the same message, when the
// object it made (`made`) is null although `status` passed.
void check_icu(UErrorCode status, const void* made, std::string_view where, std::string_view what);

}  // namespace polyalign::util
