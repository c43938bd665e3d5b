// CorpusOptions::memory_limit: its default and the sizes the command line
// accepts (polyalign/corpus.h).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <string>

#include "polyalign/common.h"
#include "polyalign/corpus.h"

namespace polyalign {

namespace {

constexpr std::size_t kMinimumLimit = std::size_t{16} << 20;

// The power of 1024 a suffix stands for ("", "K", "MiB", "gb"...), or -1.
int suffix_power(std::string_view s) {
  if (s.empty()) return 0;
  const char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  const std::string_view units = "KMGT";
  const std::size_t at = units.find(unit);
  if (at == std::string_view::npos) return -1;
  std::string rest;
  for (char c : s.substr(1)) rest += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!rest.empty() && rest != "B" && rest != "IB") return -1;
  return static_cast<int>(at) + 1;
}

}  // namespace

std::size_t default_memory_limit() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return std::size_t{1} << 30;
  const auto bytes =
      static_cast<unsigned long long>(pages) * static_cast<unsigned long long>(page_size);
  return std::max<std::size_t>(kMinimumLimit, static_cast<std::size_t>(bytes / 4));
}

std::size_t parse_memory_size(std::string_view text, std::string_view what) {
  const auto bad = [&](std::string_view why) {
    fail_input(what, fmt::format("{} '{}' (expected bytes, or a whole number with K, M, G or T, "
                                 "e.g. 512M or 2G)",
                                 why, text));
  };
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0) bad("not a size:");
  unsigned long long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + digits, n);
  if (ec != std::errc() || end != text.data() + digits) bad("too large:");
  const int power = suffix_power(text.substr(digits));
  if (power < 0) bad("not a size:");
  for (int i = 0; i < power; ++i) {
    if (n > std::numeric_limits<std::size_t>::max() / 1024) bad("too large:");
    n *= 1024;
  }
  if (n < kMinimumLimit) bad("below the 16M minimum:");
  return static_cast<std::size_t>(n);
}

}  // namespace polyalign
