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
  lo.valid_utf8 = true;  // a sentence of a validated document
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

namespace {

// Words that occur in at least this share of the sentences (at least 3, at
// most 100 sentences) are the document's common words: in any language
// mostly its function words ("the", "dan", "के", "і"). The cap keeps long
// documents from raising the bar until only a handful of words pass.
constexpr std::uint32_t kCommonMinSentences = 3;
constexpr std::uint32_t kCommonMaxSentences = 100;
constexpr double kCommonMinShare = 0.02;
// A sentence at least this share of whose words are common words of its
// document (counted without the sentence itself) is in the document's
// language; CLD2 is asked only about the others.
constexpr double kNativeShare = 0.2;

bool all_digits(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Flags the sentences that are confidently in another language than the
// document. Running CLD2 on every sentence costs more than the rest of the
// feature extraction together; a sentence made partly of the document's own
// common words is in its language (a third-language insertion shares none
// of them, and a close language would be ranked by CLD2 anyway), so only
// the rest go to CLD2.
std::vector<std::uint8_t> foreign_flags(const SegmentedDocument& doc, const DocumentFeatures& f,
                                        const FeatureOptions& options) {
  const std::size_t n = doc.sentences.size();
  std::vector<std::uint8_t> flags(n, 0);
  const std::string& lang = doc.document.lang;
  if (!options.sentence_language || lang.empty() || lang == "und") return flags;
  // Sentences containing each word (once per sentence).
  std::vector<std::uint32_t> df(f.vocabulary.size(), 0), seen(f.vocabulary.size(), 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::uint32_t w : f.words_of(i)) {
      if (seen[w] != i + 1) {
        seen[w] = static_cast<std::uint32_t>(i + 1);
        ++df[w];
      }
    }
  }
  const auto min_df = std::clamp<std::uint32_t>(
      static_cast<std::uint32_t>(kCommonMinShare * static_cast<double>(n)), kCommonMinSentences,
      kCommonMaxSentences);
  std::vector<std::uint8_t> digits(f.vocabulary.size());
  for (std::size_t w = 0; w < f.vocabulary.size(); ++w) digits[w] = all_digits(f.vocabulary[w]);
  std::fill(seen.begin(), seen.end(), 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t words = 0, common = 0;
    for (std::uint32_t w : f.words_of(i)) {
      if (digits[w]) continue;
      ++words;
      // df without this sentence's own occurrence.
      common += df[w] - 1 >= min_df;
    }
    if (words > 0 && static_cast<double>(common) >= kNativeShare * static_cast<double>(words))
      continue;
    flags[i] = is_foreign(doc.sentence_text(i), lang, options);
  }
  return flags;
}

}  // namespace

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
  std::unordered_map<std::string, std::uint32_t> key_ids;  // kind digit + key text
  std::string joint;
  const bool words = options.words || options.sentence_language;
  for (std::size_t i = 0; i < n; ++i) {
    const Sentence& s = doc.sentences[i];
    f.lengths.push_back(s.length);
    f.paragraphs.push_back(s.paragraph);
    const std::string_view text = doc.sentence_text(i);
    for (Anchor& a : extractor.extract(text)) {
      joint.assign(1, static_cast<char>('0' + static_cast<int>(a.kind)));
      joint += a.key;
      auto it = key_ids.find(joint);
      if (it == key_ids.end()) {
        it = key_ids.emplace(joint, static_cast<std::uint32_t>(f.anchor_keys.size())).first;
        f.anchor_keys.push_back({a.kind, std::move(a.key)});
      }
      f.anchors.push_back({it->second, {a.span.start + s.span.start, a.span.end + s.span.start}});
    }
    f.anchor_offsets.push_back(static_cast<std::uint32_t>(f.anchors.size()));
    if (words) {
      for_each_word(text, [&](const std::string& w) {
        auto [it, inserted] = ids.try_emplace(w, static_cast<std::uint32_t>(f.vocabulary.size()));
        if (inserted) f.vocabulary.push_back(w);
        f.words.push_back(it->second);
      });
    }
    f.word_offsets.push_back(static_cast<std::uint32_t>(f.words.size()));
  }
  f.foreign = foreign_flags(doc, f, options);
  if (!options.words) {
    f.words.clear();
    f.vocabulary.clear();
    f.word_offsets.assign(n + 1, 0);
  }
  return f;
}

}  // namespace polyalign
