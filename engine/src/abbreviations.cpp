#include "abbreviations.h"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "polyalign/common.h"
#include "util/icu.h"

namespace polyalign::detail {

namespace {

// Which abbreviations belong in these lists: only those that (almost) never
// end a sentence. Those that often do ("dll.", "dsb.", "dst.", "tsb.", "etc.",
// "usw.", "Inc.", "Jr.", "a.m.", Ukrainian "р." after a year) are left out on
// purpose: when a lowercase word follows them, ICU's rule SB8 (UAX #29)
// already keeps the sentence together, and when a capitalised word follows, a
// new sentence is the likelier reading.
//
// Single capital letters ("J. R. R. Tolkien", "Т. Шевченко") need no entry:
// the segmenter treats them as initials (French "M." for Monsieur is a title
// and is listed). Hindi has no case, so its initials (Latin letter names
// written in Devanagari) are listed, except letter names that are also common
// sentence-final Hindi words: आई (came), जी (honorific), ई (as in "1947 ई."), ओ.

struct OwnList {
  std::string_view lang;
  std::span<const std::string_view> titles;   // AbbreviationKind::kTitle
  std::span<const std::string_view> numbers;  // AbbreviationKind::kNumber
};

// Indonesian: titles, address parts and forms of address (KBBI / EYD usage).
constexpr std::string_view kIndonesianTitles[] = {
    "Dr.",  "dr.",  "Drs.",  "Dra.", "Prof.", "Ir.",  "Hj.",   "KH.", "K.H.", "Bpk.",
    "Bp.",  "Sdr.", "Sdri.", "Yth.", "Ny.",   "Nn.",  "Tn.",   "Jl.", "Jln.", "Gg.",
    "Kec.", "Kab.", "Kel.",  "Ds.",  "Prov.", "Kol.", "Kapt.", "St.", "Mr.",  "Mrs.",
    "Ms.",  "a.n.", "u.p.",  "d.a.", "s.d.",  "u.b.", "A.S.",  "Sr.", "Pdt."};
constexpr std::string_view kIndonesianNumbers[] = {
    "No.",   "no.", "Hlm.", "hlm.", "Hal.", "hal.", "Psl.", "psl.", "Tel.", "Telp.",
    "telp.", "Rp.", "Vol.", "vol.", "Tgl.", "tgl.", "Pk.",  "pk.",  "Thn.", "thn.",
    "Kav.",  "RT.", "RW.",  "Lt.",  "pkl.", "Pkl.", "kl.",  "Kl."};

// Ukrainian: ДСТУ 3582:2013 abbreviations that precede what they qualify.
constexpr std::string_view kUkrainianTitles[] = {
    "ім.",   "вул.",  "просп.", "пров.",  "пл.",     "бул.", "наб.", "м.",
    "с.",    "смт.",  "сел.",   "хут.",   "о.",      "оз.",  "г.",   "проф.",
    "акад.", "доц.",  "ген.",   "полк.",  "св.",     "гр.",  "п.",   "пп.",
    "див.",  "напр.", "пор.",   "т. зв.", "так зв.", "Дж.",  "тов."};
constexpr std::string_view kUkrainianNumbers[] = {"ст.",  "ч.",    "т.",   "розд.", "рис.", "табл.",
                                                  "вип.", "кн.",   "абз.", "кв.",   "буд.", "корп.",
                                                  "тел.", "стор.", "бл.",  "прибл."};

// Hindi: titles and honorifics, then initials (see above).
constexpr std::string_view kHindiTitles[] = {
    "डॉ.", "डा.", "प्रो.",  "श्री.", "सु.",   "कु.",  "स्व.", "मि.",   "मो.", "मु.",
    "पं.",  "ले.",  "कै.",    "ए.",   "बी.",  "सी.", "डी.", "एफ.",   "एफ़.", "एच.",
    "जे.",  "के.",  "एल.",   "एम.",  "एन.",  "पी.", "क्यू.", "आर.",   "एस.", "टी.",
    "यू.",  "वी.", "डब्ल्यू.", "एक्स.", "वाई.", "जेड.", "ज़ेड.", "डी.सी."};
constexpr std::string_view kHindiNumbers[] = {"पृ.", "क्र.", "नं.",  "सं.", "रु.",
                                              "रू.", "खं.",  "अनु.", "धा."};

// German: additions to ICU's list (which has e.g. "Dr.", "Nr.", "z.B.", "vgl.").
constexpr std::string_view kGermanTitles[] = {
    "bzw.",  "ca.",   "bspw.", "insb.",    "gem.",  "lt.", "zw.",  "d. h.",
    "v. a.", "o. ä.", "u. U.", "i. d. R.", "z. T.", "Hl.", "Jun.", "Jul.",
    "Mär.",  "v.",    "Prof.", "Mr.",      "Mrs.",  "Ms.", "Gen.", "Sen."};
constexpr std::string_view kGermanNumbers[] = {"Bd.", "Abb.", "Tab.", "Ziff.", "Rn.",
                                               "Jg.", "rd.",  "max.", "min."};

// English: additions to ICU's list (which lacks e.g. "Dr.", "Sen.", "No.");
// "U.N." and "U.K." are treated like ICU's "U.S.".
constexpr std::string_view kEnglishTitles[] = {
    "Dr.",   "Drs.",    "Sen.", "Sens.", "Reps.",    "Gov.",  "Govs.", "Gen.", "Adm.",
    "Cmdr.", "Cdr.",    "Cpl.", "Det.",  "Insp.",    "Supt.", "Fr.",   "Hon.", "Pres.",
    "Atty.", "Messrs.", "St.",  "Ste.",  "Ft.",      "Mx.",   "Brig.", "e.g.", "i.e.",
    "cf.",   "viz.",    "v.",   "Rt.",   "Lt. Col.", "U.N.",  "U.K."};
constexpr std::string_view kEnglishNumbers[] = {"No.",     "Nos.", "no.",  "nos.",  "p.",   "vol.",
                                                "Vol.",    "Fig.", "fig.", "Figs.", "ch.",  "Ch.",
                                                "Sec.",    "sec.", "Art.", "art.",  "Apr.", "Oct.",
                                                "approx.", "ca.",  "est.", "min.",  "max."};

// French: titles and address parts ICU's list lacks or lists as initials.
constexpr std::string_view kFrenchTitles[] = {"M.", "MM.", "Mgr.", "av.", "bd.", "boul.", "cf."};
constexpr std::string_view kFrenchNumbers[] = {"p.", "art.", "chap.", "vol.", "env.", "no."};

constexpr OwnList kOwnLists[] = {
    {"de", kGermanTitles, kGermanNumbers},         {"en", kEnglishTitles, kEnglishNumbers},
    {"fr", kFrenchTitles, kFrenchNumbers},         {"hi", kHindiTitles, kHindiNumbers},
    {"id", kIndonesianTitles, kIndonesianNumbers}, {"uk", kUkrainianTitles, kUkrainianNumbers},
};

// Languages that write ordinal numbers as digits and a dot ("2. August",
// "1. máj", "3. kerros"), so "<number>. <Capitalised word>" is usually one
// sentence there.
constexpr std::string_view kOrdinalDotLanguages[] = {"bs", "cs", "da", "de", "et", "fi",
                                                     "fo", "hr", "hu", "is", "lv", "nb",
                                                     "nn", "no", "pl", "sk", "sl", "sr"};

// ICU's sentence-break exception list for `lang`, empty if ICU has none. Only
// the language's own bundle counts: falling back to the default locale, as
// ures_open() would, makes the result depend on the environment (LANG).
std::vector<std::u16string> icu_exceptions(std::string_view lang) {
  std::vector<std::u16string> out;
  UErrorCode status = U_ZERO_ERROR;
  std::string locale(lang);
  UResourceBundle* bundle =
      ures_openDirect(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", locale.c_str(), &status);
  UResourceBundle* exceptions = ures_getByKey(bundle, "exceptions", nullptr, &status);
  UResourceBundle* list = ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
  std::int32_t n = U_SUCCESS(status) ? ures_getSize(list) : 0;
  for (std::int32_t i = 0; i < n && U_SUCCESS(status); ++i) {
    std::int32_t length = 0;
    const UChar* s = ures_getStringByIndex(list, i, &length, &status);
    if (U_SUCCESS(status)) out.emplace_back(s, length);
  }
  ures_close(list);
  ures_close(exceptions);
  ures_close(bundle);
  // A missing bundle or list just means ICU has no data for the language.
  if (U_FAILURE(status) && status != U_MISSING_RESOURCE_ERROR) {
    util::check_icu(status, "ICU break data",
                    fmt::format("cannot read the sentence-break exceptions for {}", lang));
  }
  return out;
}

}  // namespace

void AbbreviationTable::add(std::u16string_view entry, AbbreviationKind kind, bool capitalised) {
  std::u16string key;
  int pieces = 1;
  bool in_space = false;
  for (char16_t c : entry) {
    if (u_isUWhiteSpace(c)) {
      in_space = true;
      continue;
    }
    if (in_space && !key.empty()) ++pieces;
    in_space = false;
    key.push_back(c);
  }
  // An entry that does not end in a full stop can never sit before an ICU
  // break caused by one (ICU's pt list has "D.C" without it).
  if (key.empty() || key.back() != u'.') return;
  max_pieces_ = std::max(max_pieces_, pieces);
  // Our lists hold the usual lowercase form ("див.", "bzw."); at the start of a
  // sentence the same abbreviation is capitalised ("Див. додаток", "Ca. 50").
  // An explicit entry for the capitalised form keeps its own kind.
  if (capitalised && U16_IS_SINGLE(key[0]) && u_islower(key[0])) {
    std::u16string upper = key;
    upper[0] = static_cast<char16_t>(u_toupper(key[0]));
    entries_.try_emplace(std::move(upper), kind);
  }
  entries_.insert_or_assign(std::move(key), kind);
}

std::optional<AbbreviationKind> AbbreviationTable::find(std::u16string_view key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

AbbreviationTable AbbreviationTable::for_language(std::string_view lang) {
  AbbreviationTable table;
  // ICU's entries are all of the "never ends a sentence" kind: that is how
  // ICU's own filtered iterator applies them.
  if (!lang.empty() && lang != "und") {
    for (const std::u16string& e : icu_exceptions(lang)) {
      // ICU lists single capitals ("A.", "J.") as exceptions; they are
      // initials, which the segmenter recognises with more context ("grade
      // A. The" ends a sentence, "Donald J. Trump" does not). Real titles
      // among them (French "M.") are in our lists.
      if (e.size() == 2 && e[1] == u'.' && (u_isupper(e[0]) || u_istitle(e[0]))) continue;
      table.add(e, AbbreviationKind::kTitle, false);
    }
  }
  // Ours come second, so where both list an entry our kind wins.
  for (const OwnList& own : kOwnLists) {
    if (own.lang != lang) continue;
    for (std::string_view e : own.titles) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(e);
      table.add(std::u16string_view(u.getBuffer(), u.length()), AbbreviationKind::kTitle, true);
    }
    for (std::string_view e : own.numbers) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(e);
      table.add(std::u16string_view(u.getBuffer(), u.length()), AbbreviationKind::kNumber, true);
    }
  }
  table.ordinal_dot_ = std::find(std::begin(kOrdinalDotLanguages), std::end(kOrdinalDotLanguages),
                                 lang) != std::end(kOrdinalDotLanguages);
  return table;
}

}  // namespace polyalign::detail
