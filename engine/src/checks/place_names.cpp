// place_items(): countries, regions and languages by ICU's display names
// (checks/place_names.h).
#include "checks/place_names.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>

#include "checks/text.h"
#include "polyalign/anchors.h"
#include "util/once_per_key.h"

namespace polyalign::checks {

namespace {

constexpr std::size_t kMinFormLetters = 4;  // shorter forms ("Mali" is kept; "Ga" is not)
constexpr std::size_t kMinInflected = 5;    // one-word forms this long match inflected words
constexpr std::size_t kMaxExtra = 3;        // letters an inflected word may add

// Macro-regions ICU names besides the ISO countries (UN M.49 and others).
constexpr const char* kRegions[] = {"001", "002", "005", "009", "011", "013", "014", "015",
                                    "017", "018", "019", "021", "029", "030", "034", "035",
                                    "039", "053", "054", "057", "061", "142", "143", "145",
                                    "150", "151", "154", "155", "202", "419", "EU",  "UN"};

struct Table {
  std::unordered_map<std::string, std::vector<int>> exact;
  // stem (a one-word form less its ending) -> (form length, item)
  std::unordered_map<std::string, std::vector<std::pair<std::size_t, int>>> stems;
};

void add_form(const icu::UnicodeString& name, int item, Table& t) {
  std::string utf8;
  name.toUTF8String(utf8);
  const std::string key = name_key(utf8);
  if (key_letters(key) < kMinFormLetters) return;
  t.exact[key].push_back(item);
  if (key.find(' ') != std::string::npos || key.size() < kMinInflected) return;
  const std::size_t ending = key.size() >= 7 ? 2 : 1;
  t.stems[key.substr(0, key.size() - ending)].emplace_back(key.size(), item);
}

Table build_table(std::string_view lang) {
  Table t;
  const icu::Locale in(std::string(lang).c_str());
  // A language ICU has no names in falls back to English: none of its own.
  icu::UnicodeString probe;
  icu::Locale("und", "DE").getDisplayCountry(in, probe);
  icu::UnicodeString english;
  icu::Locale("und", "DE").getDisplayCountry(icu::Locale("en"), english);
  if (lang != "en" && probe == english) return t;
  int item = 0;
  const auto territory = [&](const char* code) {
    icu::UnicodeString name;
    icu::Locale("und", code).getDisplayCountry(in, name);
    if (name != icu::UnicodeString::fromUTF8(code)) add_form(name, item, t);
    ++item;
  };
  for (const char* const* c = icu::Locale::getISOCountries(); *c != nullptr; ++c) territory(*c);
  for (const char* code : kRegions) territory(code);
  for (const char* const* c = icu::Locale::getISOLanguages(); *c != nullptr; ++c) {
    icu::UnicodeString name;
    icu::Locale(*c).getDisplayLanguage(in, name);
    if (name != icu::UnicodeString::fromUTF8(*c)) add_form(name, item, t);
    ++item;
  }
  return t;
}

// Territory codes -> item, numbered as build_table() numbers territories.
std::unordered_map<std::string, int> build_codes() {
  std::unordered_map<std::string, int> codes;
  int item = 0;
  for (const char* const* c = icu::Locale::getISOCountries(); *c != nullptr; ++c, ++item) {
    codes.emplace(*c, item);
    const icu::Locale locale("und", *c);
    const std::string alpha3 = locale.getISO3Country();
    if (alpha3.size() == 3) codes.emplace(alpha3, item);
  }
  for (const char* code : kRegions) {
    if (std::isalpha(static_cast<unsigned char>(code[0]))) codes.emplace(code, item);
    ++item;
  }
  return codes;
}

const Table& table_of(std::string_view lang) {
  static util::OncePerKey<Table> tables;
  return tables.get(lang, [&] { return build_table(lang); });
}

}  // namespace

std::vector<int> place_items(std::string_view lang, std::string_view key) {
  std::vector<int> out;
  if (key.empty()) return out;
  const Table& t = table_of(lang);
  if (const auto it = t.exact.find(std::string(key)); it != t.exact.end()) out = it->second;
  if (key.find(' ') == std::string_view::npos) {
    for (std::size_t len = kMinFormLetters; len <= key.size(); ++len) {
      const auto it = t.stems.find(std::string(key.substr(0, len)));
      if (it == t.stems.end()) continue;
      for (const auto& [form_size, item] : it->second) {
        if (key.size() <= form_size + kMaxExtra) out.push_back(item);
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int place_item_of_code(std::string_view code) {
  static const std::unordered_map<std::string, int> codes = build_codes();
  const auto it = codes.find(std::string(code));
  return it == codes.end() ? -1 : it->second;
}

}  // namespace polyalign::checks
