#include "polyalign/features.h"

#include "polyalign/language.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <unordered_map>

namespace polyalign {

namespace {

bool is_word_char(UChar32 c) {
  const int8_t t = u_charType(c);
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0 ||
         t == U_CONNECTOR_PUNCTUATION;
}

// Calls f(word) for each lower-cased word of `text`.
template <typename F>
void for_each_word(std::string_view text, F&& f) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::string word;
  std::int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && is_word_char(c)) {
      const UChar32 lower = u_tolower(c);
      char buf[4];
      std::int32_t len = 0;
      U8_APPEND_UNSAFE(buf, len, lower);
      word.append(buf, static_cast<std::size_t>(len));
    } else if (!word.empty()) {
      f(word);
      word.clear();
    }
  }
  if (!word.empty()) f(word);
}

bool is_foreign(std::string_view text, const std::string& doc_lang, const FeatureOptions& o) {
  if (doc_lang.empty() || doc_lang == "und") return false;
  LanguageOptions lo;
  lo.min_letters = o.foreign_min_letters;
  lo.min_percent = 80;
  const LanguageGuess g = identify_language(text, lo);
  if (g.lang == "und" || g.lang == doc_lang) return false;
  // Close languages (id/ms, uk/ru, hi/mr...) share vocabulary; only a
  // sentence whose document language is nowhere in CLD2's ranking counts.
  return std::find(g.ranked.begin(), g.ranked.end(), doc_lang) == g.ranked.end();
}

}  // namespace

std::vector<std::string> tokenize_words(std::string_view text) {
  std::vector<std::string> out;
  for_each_word(text, [&](const std::string& w) { out.push_back(w); });
  return out;
}

DocumentFeatures compute_features(const SegmentedDocument& doc, const FeatureOptions& options) {
  DocumentFeatures f;
  const std::size_t n = doc.sentences.size();
  f.lengths.reserve(n);
  f.paragraphs.reserve(n);
  f.anchor_offsets.reserve(n + 1);
  f.word_offsets.reserve(n + 1);
  f.anchor_offsets.push_back(0);
  f.word_offsets.push_back(0);
  AnchorOptions ao = options.anchors;
  ao.lang = doc.document.lang;
  AnchorExtractor extractor(ao);
  std::unordered_map<std::string, std::uint32_t> ids;
  for (std::size_t i = 0; i < n; ++i) {
    const Sentence& s = doc.sentences[i];
    f.lengths.push_back(s.length);
    f.paragraphs.push_back(s.paragraph);
    const std::string_view text = doc.sentence_text(i);
    f.foreign.push_back(options.sentence_language && is_foreign(text, doc.document.lang, options));
    for (Anchor& a : extractor.extract(text)) {
      a.span.start += s.span.start;
      a.span.end += s.span.start;
      f.anchors.push_back(std::move(a));
    }
    f.anchor_offsets.push_back(static_cast<std::uint32_t>(f.anchors.size()));
    if (options.words) {
      for_each_word(text, [&](const std::string& w) {
        auto [it, inserted] = ids.try_emplace(w, static_cast<std::uint32_t>(f.vocabulary.size()));
        if (inserted) f.vocabulary.push_back(w);
        f.words.push_back(it->second);
      });
    }
    f.word_offsets.push_back(static_cast<std::uint32_t>(f.words.size()));
  }
  return f;
}

}  // namespace polyalign
