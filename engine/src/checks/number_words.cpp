// written_in_words(): ICU's spell-out rules searched for in a sentence
// (checks/number_words.h).
#include "checks/number_words.h"

#include <unicode/fieldpos.h>
#include <unicode/locid.h>
#include <unicode/rbnf.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <map>
#include <memory>
#include <vector>

namespace polyalign::checks {

namespace {

constexpr int32_t kInflectedFrom = 5;  // code points of a spelling that may inflect

// The spell-out formatter of a language, or null when ICU has no rules for
// it (it falls back to the root locale's, which are not the language's).
const icu::RuleBasedNumberFormat* formatter(const std::string& lang) {
  thread_local std::map<std::string, std::unique_ptr<icu::RuleBasedNumberFormat>> cache;
  auto it = cache.find(lang);
  if (it == cache.end()) {
    UErrorCode status = U_ZERO_ERROR;
    auto f = std::make_unique<icu::RuleBasedNumberFormat>(icu::URBNF_SPELLOUT,
                                                          icu::Locale(lang.c_str()), status);
    const bool own = U_SUCCESS(status) &&
                     f->getLocale(ULOC_ACTUAL_LOCALE, status).getLanguage() == std::string(lang);
    it = cache.emplace(lang, own && U_SUCCESS(status) ? std::move(f) : nullptr).first;
  }
  return it->second.get();
}

// A spelling and how many letters may follow it in a word.
struct Spelling {
  icu::UnicodeString text;
  int32_t extra = 0;
};

// Every public rule set's spelling of `value`, case-folded, and each one of
// kInflectedFrom code points or more without its last one, followed by at
// most two letters (an ending changed or added).
std::vector<Spelling> spellings(const icu::RuleBasedNumberFormat& f, std::uint64_t value) {
  std::vector<Spelling> out;
  for (int32_t i = 0; i < f.getNumberOfRuleSetNames(); ++i) {
    icu::UnicodeString s;
    icu::FieldPosition pos;
    UErrorCode status = U_ZERO_ERROR;
    f.format(static_cast<int64_t>(value), f.getRuleSetName(i), s, pos, status);
    if (U_FAILURE(status) || s.isEmpty()) continue;
    s.foldCase();
    if (s.countChar32() >= kInflectedFrom) out.push_back({s.tempSubString(0, s.moveIndex32(s.length(), -1)), 2});
    out.push_back({s, 0});
  }
  return out;
}

// Whether the word that starts at `at` in `text` is `s` and at most
// s.extra letters more.
bool word_at(const icu::UnicodeString& text, int32_t at, const Spelling& s) {
  if (at > 0 && u_isalnum(text.char32At(text.moveIndex32(at, -1)))) return false;
  int32_t i = at + s.text.length(), extra = 0;
  while (i < text.length() && u_isalpha(text.char32At(i))) {
    if (++extra > s.extra) return false;
    i = text.moveIndex32(i, 1);
  }
  return true;
}

}  // namespace

bool written_in_words(std::string_view text, std::uint64_t value, const std::string& lang) {
  if (value < kMinWordNumber || value > kMaxWordNumber) return false;
  const icu::RuleBasedNumberFormat* f = formatter(lang);
  if (f == nullptr) return false;
  icu::UnicodeString folded = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  folded.foldCase();
  for (const Spelling& s : spellings(*f, value)) {
    for (int32_t at = folded.indexOf(s.text); at >= 0; at = folded.indexOf(s.text, at + 1)) {
      if (word_at(folded, at, s)) return true;
    }
  }
  return false;
}

}  // namespace polyalign::checks
