#include "polyalign/common.h"

#include <string>

namespace polyalign {

namespace {
std::string join(std::string_view where, std::string_view what) {
  std::string s;
  if (!where.empty()) {
    s.append(where);
    s.append(": ");
  }
  s.append(what);
  return s;
}
}  // namespace

void fail_input(std::string_view where, std::string_view what) {
  throw std::invalid_argument(join(where, what));
}

void fail_io(std::string_view where, std::string_view what) {
  throw std::runtime_error(join(where, what));
}

}  // namespace polyalign
