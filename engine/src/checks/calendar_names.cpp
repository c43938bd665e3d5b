// calendar_item(): month and weekday names from ICU's calendar symbols
// (checks/calendar_names.h).
#include "checks/calendar_names.h"

#include <unicode/dtfmtsym.h>
#include <unicode/locid.h>

#include <string>
#include <vector>

#include "polyalign/anchors.h"
#include "util/once_per_key.h"

namespace polyalign::checks {

namespace {

constexpr std::size_t kStemLetters = 4;  // shared by an inflected form and its wide form
constexpr std::size_t kMinStemmed = 6;   // wide forms this long match inflected words
constexpr std::size_t kMaxExtra = 3;     // letters an inflected form may add

struct Form {
  std::string key;
  int item = 0;
  bool wide = false;
};

using Table = std::vector<Form>;

void add_forms(const icu::UnicodeString* names, int32_t count, int first_index, int item_base,
               bool wide, Table& out) {
  for (int32_t i = first_index; i < count; ++i) {
    std::string utf8;
    names[i].toUTF8String(utf8);
    std::string key = name_key(utf8);
    if (key.empty() || key.find(' ') != std::string::npos) continue;
    out.push_back({std::move(key), item_base + (i - first_index), wide});
  }
}

Table build_table(std::string_view lang) {
  Table table;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale locale(std::string(lang).c_str());
  const icu::DateFormatSymbols symbols(locale, status);
  if (U_FAILURE(status)) return table;
  using S = icu::DateFormatSymbols;
  for (const auto context : {S::FORMAT, S::STANDALONE}) {
    for (const auto width : {S::WIDE, S::ABBREVIATED}) {
      int32_t count = 0;
      const icu::UnicodeString* months = symbols.getMonths(count, context, width);
      add_forms(months, count, 0, 0, width == S::WIDE, table);
      // Weekdays are indexed from 1 (UCAL_SUNDAY).
      const icu::UnicodeString* days = symbols.getWeekdays(count, context, width);
      add_forms(days, count, 1, 12, width == S::WIDE, table);
    }
  }
  return table;
}

const Table& table_of(std::string_view lang) {
  static util::OncePerKey<Table> tables;
  return tables.get(lang, [&] { return build_table(lang); });
}

bool inflects(const Form& form, std::string_view key) {
  return form.wide && form.key.size() >= kMinStemmed && key.size() >= kStemLetters &&
         key.size() <= form.key.size() + kMaxExtra &&
         key.compare(0, kStemLetters, form.key, 0, kStemLetters) == 0;
}

}  // namespace

std::optional<int> calendar_item(std::string_view lang, std::string_view key) {
  if (key.empty()) return std::nullopt;
  const Table& table = table_of(lang);
  for (const Form& form : table) {
    if (form.key == key) return form.item;
  }
  for (const Form& form : table) {
    if (inflects(form, key)) return form.item;
  }
  return std::nullopt;
}

}  // namespace polyalign::checks
