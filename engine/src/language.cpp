#include "polyalign/language.h"

// clang-format off
#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <cld2/public/compact_lang_det.h>
// clang-format on
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "polyalign/document.h"
#include "util/text.h"

namespace polyalign {

namespace {

// Texts longer than LanguageOptions::sample_bytes are judged on this many
// evenly spaced slices (CLD2 takes an int length, and its time is linear).
constexpr std::size_t kSlices = 32;
constexpr std::size_t kMaxSampleBytes = 16u << 20;  // cap on sample_bytes

// Deprecated ISO 639-1 codes still in use (CLD2 emits some of them) and their
// current form.
struct Renamed {
  std::string_view from;
  std::string_view to;
};
constexpr Renamed kRenamed[] = {
    {"iw", "he"},  // Hebrew
    {"in", "id"},  // Indonesian
    {"ji", "yi"},  // Yiddish
    {"jw", "jv"},  // Javanese (CLD2's code)
    {"mo", "ro"},  // Moldavian
};


// The text CLD2 looks at: all of it, or slices of a very long text.
std::string_view sample(std::string_view text, std::size_t sample_bytes, std::string& storage) {
  sample_bytes = std::clamp<std::size_t>(sample_bytes, 4096, kMaxSampleBytes);
  if (text.size() <= sample_bytes) return text;
  const std::size_t slice = sample_bytes / kSlices;
  const std::size_t stride = text.size() / kSlices;
  storage.clear();
  for (std::size_t k = 0; k < kSlices; ++k) {
    std::size_t begin = util::code_point_start(text, k * stride);
    std::size_t end = util::code_point_start(text, std::min(text.size(), begin + slice));
    storage.append(text.substr(begin, end - begin));
    storage.push_back('\n');
  }
  return storage;
}

// Whether `text` has at least `enough` letters, counting the combining marks
// written with them: in Devanagari and other abugidas a vowel sign is a mark,
// and counting only base letters would make a Hindi sentence look half as
// long as it is.
bool has_letters(std::string_view text, int enough) {
  int letters = 0;
  std::int32_t i = 0;
  const auto n = static_cast<std::int32_t>(text.size());
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  while (i < n && letters < enough) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) continue;
    std::int8_t type = u_charType(c);
    letters += u_isalpha(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
  }
  return letters >= enough;
}

}  // namespace

std::string normalize_language_code(std::string_view code) {
  std::string lang = util::ascii_lowered(code.substr(0, code.find_first_of("-_")));
  if (lang.empty() || lang == "auto") return "und";
  for (const Renamed& r : kRenamed) {
    if (lang == r.from) return std::string(r.to);
  }
  return lang;
}

LanguageGuess identify_language(std::string_view utf8, const LanguageOptions& options) {
  if (!options.valid_utf8) validate_text(utf8, "text to identify");
  LanguageGuess guess;
  std::string storage;
  std::string_view text = sample(utf8, options.sample_bytes, storage);
  if (!has_letters(text, options.min_letters)) return guess;

  CLD2::Language language3[3];
  int percent3[3];
  double normalized_score3[3];
  int text_bytes = 0;
  bool reliable = false;
  // Plain text (no HTML), no hints: the text alone decides.
  CLD2::ExtDetectLanguageSummary(text.data(), static_cast<int>(text.size()),
                                 /*is_plain_text=*/true, nullptr, 0, language3, percent3,
                                 normalized_score3, nullptr, &text_bytes, &reliable);
  // The language of the largest share, the one `percent` is about. CLD2's
  // summary language (its return value) can be another: for a German text
  // with four Hindi sentences in it (72% German) it was Hindi.
  const CLD2::Language top = language3[0];
  guess.percent = percent3[0];
  guess.reliable = reliable;
  for (int k = 0; k < 3; ++k) {
    if (language3[k] == CLD2::UNKNOWN_LANGUAGE || percent3[k] <= 0) continue;
    std::string code = normalize_language_code(CLD2::LanguageCode(language3[k]));
    if (code == "no") code = "nb";
    guess.ranked.push_back(std::move(code));
  }
  if (top == CLD2::UNKNOWN_LANGUAGE || top == CLD2::TG_UNKNOWN_LANGUAGE || !reliable ||
      guess.percent < options.min_percent) {
    return guess;
  }
  // CLD2 codes are ISO 639-1 where one exists, with script or region
  // variants ("zh-Hant", "sr-ME") and a few old codes ("iw", "jw").
  std::string lang = normalize_language_code(CLD2::LanguageCode(top));
  // CLD2's NORWEGIAN is Bokmål (Nynorsk is NORWEGIAN_N, "nn").
  if (lang == "no") lang = "nb";
  if (lang == "xx" || lang == "xxx" || lang == "un") return guess;
  guess.lang = lang;
  return guess;
}

std::string detect_language(std::string_view utf8, bool valid_utf8) {
  // A whole document's language is settled well before 256 KB: 32 KB in
  // 32 evenly spread 1 KB slices gave the same language as 64 KB and as the
  // whole text on every test document over 32 KB (145 of them: en, de, hi,
  // id, uk news with foreign sentences mixed in, de and fr Text+Berg,
  // 33 KB - 150 MB), in 1.1 ms instead of 2.3-3.5 ms at 64 KB.
  LanguageOptions options;
  options.sample_bytes = 32u << 10;
  options.valid_utf8 = valid_utf8;
  return identify_language(utf8, options).lang;
}

}  // namespace polyalign
