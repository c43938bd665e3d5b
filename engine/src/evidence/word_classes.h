// evidence/word_classes.h — the word classes learned lexical evidence
// counts in (WordLinkOptions::prefix_letters): shared by the word links
// (word_links.cpp) and the translation model (translation_model.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace polyalign {
namespace detail {
namespace evidence {

// 1 for the words of `vocab` that may carry lexical evidence: numbers are
// anchors already, and one-letter words link to everything.
std::vector<std::uint8_t> linkable(const std::vector<std::string>& vocab);

// The classes words are counted in: a word of more than `letters` code
// points counts by its first `letters`, a shorter one, or one with digits,
// on its own; letters 0: each word its own class. Classes are numbered in
// order of their first word.
struct WordClasses {
  std::vector<std::uint32_t> of;  // class of each word of the vocabulary
  std::size_t count = 0;
};
WordClasses word_classes(const std::vector<std::string>& vocab, std::uint32_t letters);

}  // namespace evidence
}  // namespace detail
}  // namespace polyalign
