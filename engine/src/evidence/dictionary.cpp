// Word links from a bilingual dictionary: read_dictionary() and
// dictionary_links().
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "polyalign/evidence.h"
#include "polyalign/io.h"

namespace polyalign {

std::vector<std::pair<std::string, std::string>> read_dictionary(const std::string& path) {
  const std::string text = read_file(path, 1ull << 30);
  validate_text(text, path);
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      fail_input(fmt::format("{}: line {}", path, line_no), "expected 'word_a<TAB>word_b'");
    }
    const auto wa = tokenize_words(line.substr(0, tab));
    const auto wb = tokenize_words(line.substr(tab + 1));
    // Single words only: the evidence works on word ids; a multi-word entry
    // links its first words, which is rarely what the entry means.
    if (wa.size() == 1 && wb.size() == 1) out.emplace_back(wa[0], wb[0]);
  }
  return out;
}

std::vector<WordLink> dictionary_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                       const std::vector<std::pair<std::string, std::string>>& dict) {
  std::vector<WordLink> links;
  if (dict.empty()) return links;
  std::unordered_map<std::string_view, std::uint32_t> ida, idb;
  for (std::uint32_t k = 0; k < a.vocabulary.size(); ++k) ida.emplace(a.vocabulary[k], k);
  for (std::uint32_t k = 0; k < b.vocabulary.size(); ++k) idb.emplace(b.vocabulary[k], k);
  for (const auto& [x, y] : dict) {
    auto p = ida.find(x);
    auto q = idb.find(y);
    if (p != ida.end() && q != idb.end()) links.push_back({p->second, q->second, 1.0});
  }
  return links;
}

}  // namespace polyalign
