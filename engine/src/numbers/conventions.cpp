// numbers/conventions.cpp — how a language writes numbers, read from ICU's
// CLDR data: decimal and grouping symbols, letter currency symbols, time
// and date patterns, the percent pattern, ordinal suffixes. The reader
// (numbers.cpp) interprets digit groups under these conventions.
#include <unicode/dcfmtsym.h>
#include <unicode/decimfmt.h>
#include <unicode/locid.h>
#include <unicode/numfmt.h>
#include <unicode/rbnf.h>
#include <unicode/smpdtfmt.h>
#include <unicode/uchar.h>
#include <unicode/ures.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "anchors_internal.h"
#include "numbers/characters.h"

namespace polyalign::detail {

namespace {

using numbers::classify;
using numbers::digit_value;

std::string to_utf8(const icu::UnicodeString& u) {
  std::string s;
  u.toUTF8String(s);
  return s;
}

Separator symbol_class(const icu::UnicodeString& symbol) {
  if (symbol.countChar32() != 1) return Separator::kNone;
  return classify(symbol.char32At(0), /*plain_space_groups=*/true);
}

// First position of one of `letters` outside quoted literals of a CLDR
// date/time pattern (UTS #35 Part 4 §8), or -1.
int pattern_position(const icu::UnicodeString& pattern, std::u16string_view letters) {
  bool quoted = false;
  for (int i = 0; i < pattern.length(); ++i) {
    const char16_t c = pattern.charAt(i);
    if (c == u'\'') {
      quoted = !quoted;
    } else if (!quoted && letters.find(c) != std::u16string_view::npos) {
      return i;
    }
  }
  return -1;
}

// The ICU locale of `lang`, or none when ICU has no locale data for it.
std::optional<icu::Locale> language_locale(std::string_view lang) {
  if (lang.empty() || lang == "und") return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(
      icu::StringPiece(lang.data(), static_cast<int32_t>(lang.size())), status);
  if (U_FAILURE(status)) {  // an ICU locale ID ("en_US") rather than a BCP 47 tag
    locale = icu::Locale(std::string(lang).c_str());
  }
  if (locale.isBogus() || *locale.getLanguage() == '\0') return std::nullopt;
  // ICU falls back to root data (U_USING_DEFAULT_WARNING) for a language it
  // has no locale data for; root's "." and "," would then pass for that
  // language's convention, so such a language is treated as unknown.
  UErrorCode probe = U_ZERO_ERROR;
  UResourceBundle* bundle = ures_open(nullptr, locale.getLanguage(), &probe);
  ures_close(bundle);
  if (U_FAILURE(probe) || probe == U_USING_DEFAULT_WARNING) return std::nullopt;
  return locale;
}

// Decimal and grouping symbols, and the currency symbols made of letters.
void read_symbols(const icu::DecimalFormatSymbols& symbols, NumberConventions& nc) {
  nc.decimal = symbol_class(symbols.getSymbol(icu::DecimalFormatSymbols::kDecimalSeparatorSymbol));
  nc.grouping =
      symbol_class(symbols.getSymbol(icu::DecimalFormatSymbols::kGroupingSeparatorSymbol));
  for (auto which : {icu::DecimalFormatSymbols::kCurrencySymbol,
                     icu::DecimalFormatSymbols::kIntlCurrencySymbol}) {
    const icu::UnicodeString symbol = symbols.getSymbol(which);
    bool letters = symbol.length() > 0;
    for (int i = 0; i < symbol.length(); i = symbol.moveIndex32(i, 1)) {
      letters = letters && u_isalpha(symbol.char32At(i));
    }
    if (letters) nc.currency_prefixes.push_back(to_utf8(symbol));
  }
}

// The short time and date patterns (`pattern`: scratch space shared with
// read_percent_pattern).
void read_date_patterns(const icu::Locale& locale, icu::UnicodeString& pattern,
                        NumberConventions& nc) {
  std::unique_ptr<icu::DateFormat> time(
      icu::DateFormat::createTimeInstance(icu::DateFormat::kShort, locale));
  if (auto* simple = dynamic_cast<icu::SimpleDateFormat*>(time.get())) {
    simple->toPattern(pattern);
    const int hour = pattern_position(pattern, u"Hhk");
    const int minute = pattern_position(pattern, u"m");
    nc.time_dot = hour >= 0 && minute > hour && pattern.indexOf(u'.', hour) >= 0 &&
                  pattern.indexOf(u'.', hour) < minute;
  }
  std::unique_ptr<icu::DateFormat> date(
      icu::DateFormat::createDateInstance(icu::DateFormat::kShort, locale));
  if (auto* simple = dynamic_cast<icu::SimpleDateFormat*>(date.get())) {
    simple->toPattern(pattern);
    const int d = pattern_position(pattern, u"d");
    const int m = pattern_position(pattern, u"ML");
    const int y = pattern_position(pattern, u"yY");
    // A year-first pattern (root's y-MM-dd, ja, hu...) says nothing about how
    // the language orders a day-month-year form.
    if (d >= 0 && m >= 0 && !(y >= 0 && y < d && y < m)) {
      nc.day_month =
          d < m ? NumberConventions::DayMonth::kDayFirst : NumberConventions::DayMonth::kMonthFirst;
    }
  }
}

// Whether the percent pattern puts '%' before the digits.
void read_percent_pattern(const icu::Locale& locale, icu::UnicodeString& pattern,
                          NumberConventions& nc) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::NumberFormat> percent(
      icu::NumberFormat::createPercentInstance(locale, status));
  if (auto* decimal = dynamic_cast<icu::DecimalFormat*>(percent.get());
      U_SUCCESS(status) && decimal) {
    decimal->toPattern(pattern);
    const int sign = pattern.indexOf(u'%');
    const int digits =
        std::min(pattern.indexOf(u'#') < 0 ? pattern.length() : pattern.indexOf(u'#'),
                 pattern.indexOf(u'0') < 0 ? pattern.length() : pattern.indexOf(u'0'));
    nc.percent_prefix = sign >= 0 && sign < digits;
  }
}

// Ordinal suffixes glued to digits ("1st", "2e", "1ला") as CLDR's
// spellout-ordinal rules write them (ICU RBNF, %digits-ordinal). Suffixes
// that are not letters ("1." in de) need nothing: a lone dot ends a number.
void read_ordinal_suffixes(const icu::Locale& locale, NumberConventions& nc) {
  UErrorCode status = U_ZERO_ERROR;
  icu::RuleBasedNumberFormat ordinal(icu::URBNF_ORDINAL, locale, status);
  if (!U_SUCCESS(status)) return;
  for (int n : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 20, 21, 22, 23, 100, 101, 1000}) {
    icu::UnicodeString text;
    ordinal.format(static_cast<int32_t>(n), text);
    int last_digit = -1;
    for (int i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
      if (digit_value(text.char32At(i)) >= 0) last_digit = i;
    }
    if (last_digit < 0) continue;
    const int after = text.moveIndex32(last_digit, 1);
    if (after >= text.length() || !u_isalpha(text.char32At(after))) continue;
    std::string suffix = to_utf8(text.tempSubString(after));
    if (std::find(nc.ordinal_suffixes.begin(), nc.ordinal_suffixes.end(), suffix) ==
        nc.ordinal_suffixes.end()) {
      nc.ordinal_suffixes.push_back(std::move(suffix));
    }
  }
}

NumberConventions build_conventions(std::string_view lang) {
  NumberConventions nc;
  std::optional<icu::Locale> locale = language_locale(lang);
  if (!locale) return nc;
  // Likely subtags (UTS #35 §4.3) give the region, hence the currency.
  UErrorCode status = U_ZERO_ERROR;
  locale->addLikelySubtags(status);
  status = U_ZERO_ERROR;
  // The symbols of numbering system "latn": the convention for ASCII digits.
  // Native digits come with their own unambiguous separators (U+066B...).
  locale->setKeywordValue("numbers", "latn", status);
  if (U_FAILURE(status)) return nc;
  icu::DecimalFormatSymbols symbols(*locale, status);
  if (U_FAILURE(status)) return nc;
  nc.known = true;
  read_symbols(symbols, nc);
  icu::UnicodeString pattern;
  read_date_patterns(*locale, pattern, nc);
  read_percent_pattern(*locale, pattern, nc);
  read_ordinal_suffixes(*locale, nc);
  return nc;
}

}  // namespace

std::shared_ptr<const NumberConventions> number_conventions(std::string_view lang) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const NumberConventions>> cache;
  const std::string key(lang);
  {
    std::lock_guard lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  // Built outside the lock: ICU data loading is slow and thread-safe.
  auto built = std::make_shared<const NumberConventions>(build_conventions(lang));
  std::lock_guard lock(mutex);
  return cache.emplace(key, std::move(built)).first->second;
}

}  // namespace polyalign::detail
