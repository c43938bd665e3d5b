#include "evidence/word_classes.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace polyalign {
namespace detail {
namespace evidence {

std::vector<std::uint8_t> linkable(const std::vector<std::string>& vocab) {
  std::vector<std::uint8_t> ok(vocab.size());
  for (std::size_t w = 0; w < vocab.size(); ++w) {
    const std::string& s = vocab[w];
    ok[w] = s.size() >= 2 && !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return ok;
}

namespace {

std::string_view prefix_of(std::string_view w, std::uint32_t letters) {
  std::size_t k = 0;
  for (std::uint32_t n = 0; k < w.size() && n < letters; ++n) {
    ++k;  // a UTF-8 lead byte, then its continuation bytes
    while (k < w.size() && (static_cast<unsigned char>(w[k]) & 0xC0) == 0x80) ++k;
  }
  return w.substr(0, k);
}

}  // namespace

WordClasses word_classes(const std::vector<std::string>& vocab, std::uint32_t letters) {
  WordClasses c;
  c.of.resize(vocab.size());
  if (letters == 0) {
    for (std::size_t w = 0; w < vocab.size(); ++w) c.of[w] = static_cast<std::uint32_t>(w);
    c.count = vocab.size();
    return c;
  }
  std::unordered_map<std::string_view, std::uint32_t> ids;
  ids.reserve(vocab.size());
  for (std::size_t w = 0; w < vocab.size(); ++w) {
    // Words with digits (codes, model numbers) are not inflected forms.
    const std::string& v = vocab[w];
    const bool digits = std::any_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    const auto [it, fresh] = ids.emplace(digits ? std::string_view(v) : prefix_of(v, letters),
                                         static_cast<std::uint32_t>(ids.size()));
    c.of[w] = it->second;
  }
  c.count = ids.size();
  return c;
}

}  // namespace evidence
}  // namespace detail
}  // namespace polyalign
