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

std::vector<std::string_view> split_list(std::string_view list) {
  std::vector<std::string_view> items;
  std::size_t pos = 0;
  while (pos <= list.size()) {
    std::size_t comma = list.find(',', pos);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view item = list.substr(pos, comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    items.push_back(item);
    pos = comma + 1;
  }
  return items;
}

void fail_input(std::string_view where, std::string_view what) {
  throw std::invalid_argument(join(where, what));
}

void fail_io(std::string_view where, std::string_view what) {
  throw std::runtime_error(join(where, what));
}

}  // namespace polyalign
