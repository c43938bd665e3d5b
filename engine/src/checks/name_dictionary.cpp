// drop_dictionary_names(): a name is not missing where a dictionary
// translates each of its words (checks/name_dictionary.h).
#include "checks/name_dictionary.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "checks/text.h"
#include "polyalign/dictionaries.h"

namespace polyalign::checks {

namespace {

constexpr std::size_t kMinWordLetters = 3;  // shorter words ("of", "de") need no translation

// Translations of one document's words into another's: word id of k ->
// sorted word ids of l.
using Translations = std::unordered_map<std::uint32_t, std::vector<std::uint32_t>>;

Translations translations(const DocFacts& a, const DocFacts& b, const std::string& directory) {
  DictionaryOptions o;
  o.directory = directory;
  // Every word may be a name's: none is left out for being frequent, and
  // any listed sense will do (the sentence must hold it).
  o.skip_frequent = 0;
  o.max_translations = 8;
  Translations out;
  const auto lex = load_lexicon(o, a.lang(), b.lang());
  if (lex->empty()) return out;
  for (const WordLink& link : lex->links(a.features, b.features)) out[link.word_a].push_back(link.word_b);
  for (auto& [w, list] : out) std::sort(list.begin(), list.end());
  return out;
}

class DictionaryNames {
 public:
  DictionaryNames(const Group& g, const std::string& directory)
      : g_(g), directory_(directory), ids_(g.size()) {}

  // Whether member l's sentences of tuple t translate every word of name
  // `name` of member k, by the dictionary of k's language or of another
  // member's that writes the words the same way ("Street" in a German
  // sentence is English: the English-Indonesian dictionary has it).
  bool translated(std::size_t t, std::size_t k, std::size_t l, const CheckedName& name) {
    std::vector<std::string> words = tokenize_words(g_.members[k]->bytes(name.span));
    std::erase_if(words, [](const std::string& w) { return letters(w) < kMinWordLetters; });
    if (words.empty()) return false;
    std::vector<std::uint32_t> there;  // l's words in the tuple
    const SentenceRange& r = g_.cell(t, l);
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      const auto ids = g_.members[l]->features.words_of(i);
      there.insert(there.end(), ids.begin(), ids.end());
    }
    std::sort(there.begin(), there.end());
    for (std::size_t m = 0; m < g_.size(); ++m) {
      if (m != l && g_.members[m]->lang() != g_.members[l]->lang() && all_translated(m, l, words, there)) {
        return true;
      }
    }
    return false;
  }

 private:
  // Whether each of `words`, in member m's vocabulary, has a translation
  // among `there` (sorted word ids of member l).
  bool all_translated(std::size_t m, std::size_t l, const std::vector<std::string>& words,
                      const std::vector<std::uint32_t>& there) {
    const Translations& tr = translations_of(m, l);
    if (tr.empty()) return false;
    for (const std::string& word : words) {
      const auto id = id_of(m, word);
      const auto it = id ? tr.find(*id) : tr.end();
      if (it == tr.end() || std::none_of(it->second.begin(), it->second.end(), [&](std::uint32_t w) {
            return std::binary_search(there.begin(), there.end(), w);
          })) {
        return false;
      }
    }
    return true;
  }

  const Translations& translations_of(std::size_t k, std::size_t l) {
    auto it = translations_.find({k, l});
    if (it == translations_.end()) {
      it = translations_.emplace(std::pair{k, l}, translations(*g_.members[k], *g_.members[l], directory_))
               .first;
    }
    return it->second;
  }

  std::optional<std::uint32_t> id_of(std::size_t k, std::string_view word) {
    auto& ids = ids_[k];
    if (ids.empty()) {
      const std::vector<std::string>& vocabulary = g_.members[k]->features.vocabulary;
      for (std::uint32_t w = 0; w < vocabulary.size(); ++w) ids.emplace(vocabulary[w], w);
    }
    const auto it = ids.find(word);
    if (it == ids.end()) return std::nullopt;
    return it->second;
  }

  const Group& g_;
  const std::string& directory_;
  std::map<std::pair<std::size_t, std::size_t>, Translations> translations_;
  std::vector<std::unordered_map<std::string_view, std::uint32_t>> ids_;  // [k]: word -> id
};

}  // namespace

void drop_dictionary_names(const Group& g, GroupNames& names, const std::string& directory) {
  if (directory.empty()) return;
  DictionaryNames dictionary(g, directory);
  const std::size_t n = g.size();
  for (std::size_t c = 0; c < names.cells.size(); ++c) {
    for (CheckedName& name : names.cells[c].names) {
      std::erase_if(name.lacking, [&](std::size_t l) {
        return dictionary.translated(c / n, c % n, l, name);
      });
    }
  }
}

}  // namespace polyalign::checks
