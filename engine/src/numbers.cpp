// numbers.cpp — number anchors under the conventions of the text's language.
//
// A number is read in three steps:
//  1. lex: digit groups (any Unicode decimal digits, UCD General_Category Nd)
//     joined by single separator characters ('.', ',', ':', '/', spaces...);
//  2. interpret the groups under the language's conventions (CLDR data read
//     through ICU: decimal and grouping symbols, time and date patterns,
//     ordinal suffixes); a form that two conventions read differently gives
//     both readings, flagged ambiguous;
//  3. look around it: a sign before it, a range connector or a percent sign
//     after it, glued letters (which make "MP3", "3D" non-numbers).
// Keys are canonical and language-independent; see AnchorKind::kNumber.
// The conventions of step 2 are read in numbers/conventions.cpp.
#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "anchors_internal.h"
#include "numbers/characters.h"

namespace polyalign::detail {

namespace {

// More groups than this is no number any language writes; the lexer stops.
constexpr std::size_t kMaxGroups = 12;

using numbers::classify;
using numbers::digit_value;
using numbers::is_grouping_space;

bool is_letter_or_mark(UChar32 c) {
  return c >= 0 && (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK)) != 0;
}

// Space allowed between a number and its percent sign or a spaced range dash.
bool is_inline_space(UChar32 c) { return c == ' ' || is_grouping_space(c); }

// ---- keys ----------------------------------------------------------------

std::string integer_key(std::string_view digits) {
  const std::size_t first = digits.find_first_not_of('0');
  return first == std::string_view::npos ? std::string("0") : std::string(digits.substr(first));
}

std::string decimal_key(std::string_view integer, std::string_view fraction) {
  std::string key = integer_key(integer);
  const std::size_t last = fraction.find_last_not_of('0');
  if (last != std::string_view::npos) {
    key += '.';
    key.append(fraction.substr(0, last + 1));
  }
  return key;
}

int small_value(std::string_view digits) {  // digits.size() <= 4
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// ---- lexing and interpretation -------------------------------------------

enum class Form : std::uint8_t { kInteger, kDecimal, kTime, kDate, kCode };

bool numeric(Form f) { return f == Form::kInteger || f == Form::kDecimal; }

struct Reading {
  std::string key;
  Form form = Form::kInteger;
};

struct Group {
  std::size_t start = 0;
  std::size_t end = 0;
  std::string digits;  // ASCII
};

struct Run {
  std::vector<Group> groups;
  std::vector<Separator> seps;  // seps[k] sits between groups[k] and groups[k + 1]
};

struct Parsed {
  std::vector<Reading> readings;
  std::size_t start = 0;
  std::size_t end = 0;
  std::vector<std::pair<ByteSpan, std::string>> parts;  // fields of a date
};

bool valid_date(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

std::string iso_date(int year, int month, int day) {
  std::string key = std::to_string(year);
  key.insert(0, 4 - std::min<std::size_t>(4, key.size()), '0');
  const auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
  return key + "-" + two(month) + "-" + two(day);
}

// Grouping as CLDR patterns write it: "#,##0" (groups of 3) or the Indian
// "#,##,##0" (3, then 2s); a leading zero never starts a grouped number.
bool valid_grouping(const std::vector<Group>& g, std::size_t count) {
  if (count < 2) return false;
  const std::string& first = g[0].digits;
  if (first.size() > 3 || first[0] == '0' || g[count - 1].digits.size() != 3) return false;
  if (count == 2) return true;
  const std::size_t middle = g[1].digits.size();
  if (middle != 3 && middle != 2) return false;
  for (std::size_t k = 1; k + 1 < count; ++k) {
    if (g[k].digits.size() != middle) return false;
  }
  return middle == 3 || first.size() <= 2;
}

class NumberReader {
 public:
  NumberReader(std::string_view text, const NumberConventions& nc, std::vector<Anchor>& out)
      : text_(text), nc_(nc), out_(out) {}

  // `i` is at a digit, a minus sign or a percent sign; returns where scanning
  // resumes (> i).
  std::size_t scan_at(std::size_t i, std::size_t next, UChar32 c);

 private:
  UChar32 at(std::size_t i, std::size_t& next) const {
    if (i >= text_.size()) {
      next = i;
      return -1;
    }
    return decode_at(text_, i, next);
  }
  bool digit_at(std::size_t i) const {
    std::size_t next = 0;
    return digit_value(at(i, next)) >= 0;
  }
  std::size_t read_digits(std::size_t i, std::string& ascii) const;
  Run lex(std::size_t start) const;
  std::optional<Parsed> interpret(const Run& run, std::size_t count) const;
  std::optional<Parsed> interpret_date(const Run& run, Separator sep) const;
  Parsed parse(std::size_t start) const;
  bool iso_date_after(Parsed& parsed) const;
  bool suffix_ok(std::size_t start, std::size_t end) const;
  std::size_t skip_word(std::size_t i) const;
  std::size_t range_right(std::size_t end) const;
  std::size_t percent_end(std::size_t end) const;
  void push(std::string key, std::size_t start, std::size_t end, bool ambiguous) {
    Anchor a;
    a.kind = AnchorKind::kNumber;
    a.key = std::move(key);
    a.span = {start, end};
    a.ambiguous = ambiguous;
    out_.push_back(std::move(a));
  }
  void emit(const Parsed& p, std::size_t percent_at, std::string_view sign, std::size_t start);
  bool emit_range(const Parsed& left, const Parsed& right, std::size_t end, bool percent);
  // What stands before the digits at i (c the character there): a sign or
  // a leading percent sign, or a reason to read no number here (resume:
  // where scanning resumes; npos when the digits at `digits` are read).
  struct Lead {
    std::string_view sign;
    bool percent_first = false;
    std::size_t digits = 0;
    std::size_t resume = std::string_view::npos;
  };
  Lead lead(std::size_t i, std::size_t next, UChar32 c) const;
  // A range from `p` ("10-20", "5–7%") emitted: where scanning resumes, or
  // npos when none is there.
  std::size_t range_at(const Parsed& p);

  std::string_view text_;
  const NumberConventions& nc_;
  std::vector<Anchor>& out_;
};

std::size_t NumberReader::read_digits(std::size_t i, std::string& ascii) const {
  while (i < text_.size()) {
    std::size_t next = 0;
    const int v = digit_value(decode_at(text_, i, next));
    if (v < 0) break;
    ascii.push_back(static_cast<char>('0' + v));
    i = next;
  }
  return i;
}

Run NumberReader::lex(std::size_t start) const {
  Run run;
  Group first;
  first.start = start;
  first.end = read_digits(start, first.digits);
  run.groups.push_back(std::move(first));
  const bool plain_space_groups = nc_.grouping == Separator::kSpace;
  while (run.groups.size() < kMaxGroups) {
    std::size_t after = 0;
    const Separator sep = classify(at(run.groups.back().end, after), plain_space_groups);
    if (sep == Separator::kNone || !digit_at(after)) break;
    Group g;
    g.start = after;
    g.end = read_digits(after, g.digits);
    // A space joins digits only before a complete group of three ("2 645"),
    // so "в 2025 15" stays two numbers.
    if (sep == Separator::kSpace && g.digits.size() != 3) break;
    run.seps.push_back(sep);
    run.groups.push_back(std::move(g));
  }
  return run;
}

std::optional<Parsed> NumberReader::interpret_date(const Run& run, Separator sep) const {
  const std::string& a = run.groups[0].digits;
  const std::string& b = run.groups[1].digits;
  const std::string& c = run.groups[2].digits;
  Parsed p;
  std::vector<std::array<int, 3>> ymd;  // candidate (year, month, day)
  if (a.size() == 4 && b.size() <= 2 && c.size() <= 2) {
    // Year first (ISO 8601 order, also "2025/10/23" in ja, zh, "2025.10.23." in hu).
    ymd.push_back({small_value(a), small_value(b), small_value(c)});
  } else if (a.size() <= 2 && b.size() <= 2 && c.size() == 4) {
    const int x = small_value(a), y = small_value(b), year = small_value(c);
    using DayMonth = NumberConventions::DayMonth;
    // Dotted numeric dates are day-month-year in every CLDR locale that
    // writes them; slashed ones follow the language's short date pattern
    // (M/d/y in en), and give both readings when it is unknown.
    const DayMonth order = sep == Separator::kDot ? DayMonth::kDayFirst : nc_.day_month;
    if (order != DayMonth::kMonthFirst) ymd.push_back({year, y, x});
    if (order != DayMonth::kDayFirst && x != y) ymd.push_back({year, x, y});
  } else {
    return std::nullopt;
  }
  for (const auto& [year, month, day] : ymd) {
    if (valid_date(year, month, day))
      p.readings.push_back({iso_date(year, month, day), Form::kDate});
  }
  if (p.readings.empty()) return std::nullopt;
  for (const Group& g : run.groups) {
    p.parts.emplace_back(ByteSpan{g.start, g.end}, integer_key(g.digits));
  }
  return p;
}

// Forms that fit no numeric reading but are made of digits, dots and
// commas ("1.2.3", "192.168.1.1", "5.2.1") are versions, section or
// IP-like codes that survive translation as written.
std::optional<Parsed> code_reading(Parsed p, const std::vector<Group>& g,
                                   std::span<const Separator> seps, std::size_t count) {
  const auto dot_or_comma = [](Separator s) {
    return s == Separator::kDot || s == Separator::kComma;
  };
  if (!std::all_of(seps.begin(), seps.end(), dot_or_comma)) return std::nullopt;
  std::string key;
  for (std::size_t k = 0; k < count; ++k) {
    if (k > 0) key += seps[k - 1] == Separator::kDot ? '.' : ',';
    key += g[k].digits;
  }
  p.readings.push_back({std::move(key), Form::kCode});
  return p;
}

// h:mm or h:mm:ss (ISO 8601 extended format, hour 0-24).
std::optional<Parsed> time_reading(Parsed p, const std::vector<Group>& g, std::size_t count) {
  if (count > 3 || g[0].digits.size() > 2 || small_value(g[0].digits) > 24) return std::nullopt;
  std::string key = integer_key(g[0].digits);
  for (std::size_t k = 1; k < count; ++k) {
    if (g[k].digits.size() != 2 || small_value(g[k].digits) > 59) return std::nullopt;
    key += ':' + g[k].digits;
  }
  p.readings.push_back({std::move(key), Form::kTime});
  return p;
}

// Two numbers joined by a colon that is no time of day: a score or a
// ratio ("38:17", "1:0", "17:5"), written "38 - 17" or "38-17" elsewhere.
// Its two numbers are its parts.
std::optional<Parsed> score_reading(Parsed p, const std::vector<Group>& g) {
  p.readings.push_back({integer_key(g[0].digits) + ":" + integer_key(g[1].digits), Form::kCode});
  for (std::size_t k = 0; k < 2; ++k) {
    p.parts.emplace_back(ByteSpan{g[k].start, g[k].end}, integer_key(g[k].digits));
  }
  return p;
}

// Two groups joined by one mark `s0` (not a colon or a slash).
std::optional<Parsed> one_mark_readings(Parsed p, const std::vector<Group>& g, Separator s0,
                                        const NumberConventions& nc) {
  const std::string& left = g[0].digits;
  const std::string& right = g[1].digits;
  switch (s0) {
    case Separator::kSpace:
    case Separator::kApostrophe:
    case Separator::kArabicGroup:
      if (!valid_grouping(g, 2)) return std::nullopt;
      p.readings.push_back({integer_key(left + right), Form::kInteger});
      return p;
    case Separator::kArabicDecimal:
      p.readings.push_back({decimal_key(left, right), Form::kDecimal});
      return p;
    default:
      break;
  }
  Reading decimal{decimal_key(left, right), Form::kDecimal};
  Reading integer{integer_key(left + right), Form::kInteger};
  if (!valid_grouping(g, 2)) {
    // Not a grouping: a decimal under any convention ("3.5" in de is an
    // English-style decimal, "31,82" in en a continental one) — or a time
    // where the language writes H.mm (CLDR short time pattern, id "10.30").
    if (s0 == Separator::kDot && nc.time_dot && left.size() <= 2 && small_value(left) <= 24 &&
        right.size() == 2 && small_value(right) <= 59) {
      p.readings.push_back({integer_key(left) + ":" + right, Form::kTime});
    }
    p.readings.push_back(std::move(decimal));
    return p;
  }
  // "d,ddd" / "d.ddd": the language's grouping mark means thousands; its
  // decimal mark with exactly three decimals is still more often a foreign
  // grouping (translated or copied figures) than a three-decimal figure, so
  // both readings are given; a mark the language does not use, or an
  // unknown language, gives both as well.
  if (s0 == nc.grouping) {
    p.readings.push_back(std::move(integer));
  } else if (s0 == nc.decimal) {
    p.readings.push_back(std::move(decimal));
    p.readings.push_back(std::move(integer));
  } else {
    p.readings.push_back(std::move(integer));
    p.readings.push_back(std::move(decimal));
  }
  return p;
}

std::string concat_digits(const std::vector<Group>& g, std::size_t n) {
  std::string s;
  for (std::size_t k = 0; k < n; ++k) s += g[k].digits;
  return s;
}

// Two marks: the last one, used once, is the decimal mark and all the
// others are the same grouping mark ("1,234.56", "1.234,56", "1 234,56").
std::optional<Parsed> two_mark_reading(Parsed p, const std::vector<Group>& g,
                                       std::span<const Separator> seps, std::size_t count) {
  const Separator s0 = seps[0];
  const Separator last = seps[count - 2];
  const bool rest_same =
      std::all_of(seps.begin(), seps.end() - 1, [&](Separator s) { return s == s0; });
  const bool last_is_decimal =
      last == Separator::kDot || last == Separator::kComma || last == Separator::kArabicDecimal;
  if (rest_same && s0 != last && last_is_decimal && s0 != Separator::kArabicDecimal &&
      valid_grouping(g, count - 1)) {
    p.readings.push_back({decimal_key(concat_digits(g, count - 1), g[count - 1].digits), Form::kDecimal});
    return p;
  }
  return code_reading(std::move(p), g, seps, count);
}

std::optional<Parsed> NumberReader::interpret(const Run& run, std::size_t count) const {
  const std::vector<Group>& g = run.groups;
  Parsed p;
  p.start = g[0].start;
  p.end = g[count - 1].end;
  if (count == 1) {
    p.readings.push_back({integer_key(g[0].digits), Form::kInteger});
    return p;
  }
  const std::span<const Separator> seps(run.seps.data(), count - 1);
  const Separator s0 = seps[0];
  const bool uniform = std::all_of(seps.begin(), seps.end(), [&](Separator s) { return s == s0; });
  const auto has = [&](Separator s) {
    return std::find(seps.begin(), seps.end(), s) != seps.end();
  };

  if (uniform && s0 == Separator::kColon) {
    if (auto time = time_reading(p, g, count)) return time;
    return count == 2 ? score_reading(std::move(p), g) : std::nullopt;
  }
  if (has(Separator::kColon)) return std::nullopt;
  if (uniform && count == 3 && (s0 == Separator::kSlash || s0 == Separator::kDot)) {
    if (auto date = interpret_date(run, s0)) {
      date->start = p.start;
      date->end = p.end;
      return date;
    }
  }
  if (has(Separator::kSlash)) return std::nullopt;
  if (uniform && count > 2) {
    if (s0 != Separator::kArabicDecimal && valid_grouping(g, count)) {
      p.readings.push_back({integer_key(concat_digits(g, count)), Form::kInteger});
      return p;
    }
    return code_reading(std::move(p), g, seps, count);
  }
  if (uniform) return one_mark_readings(std::move(p), g, s0, nc_);  // one separator
  return two_mark_reading(std::move(p), g, seps, count);
}

Parsed NumberReader::parse(std::size_t start) const {
  const Run run = lex(start);
  // The longest prefix of the run that reads as a number; a single group
  // always does.
  for (std::size_t count = run.groups.size(); count > 1; --count) {
    if (auto p = interpret(run, count)) return *std::move(p);
  }
  return *interpret(run, 1);
}

// "2025-10-23": ISO 8601 calendar date, extended format.
bool NumberReader::iso_date_after(Parsed& parsed) const {
  if (parsed.readings.size() != 1 || parsed.readings[0].form != Form::kInteger ||
      parsed.end - parsed.start != 4 ||
      text_.substr(parsed.start, 4).find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  std::size_t pos = parsed.end;
  std::array<Group, 2> fields;
  for (Group& f : fields) {
    if (pos >= text_.size() || text_[pos] != '-') return false;
    f.start = pos + 1;
    f.end = read_digits(f.start, f.digits);
    if (f.digits.size() != 2 || f.end - f.start != 2) return false;
    pos = f.end;
  }
  const int year = small_value(text_.substr(parsed.start, 4));
  const int month = small_value(fields[0].digits), day = small_value(fields[1].digits);
  if (!valid_date(year, month, day)) return false;
  Parsed date;
  date.start = parsed.start;
  date.end = pos;
  date.readings.push_back({iso_date(year, month, day), Form::kDate});
  date.parts.emplace_back(ByteSpan{parsed.start, parsed.end}, parsed.readings[0].key);
  for (const Group& f : fields)
    date.parts.emplace_back(ByteSpan{f.start, f.end}, integer_key(f.digits));
  parsed = std::move(date);
  return true;
}

// Letters glued after digits: an ordinal suffix of the language ("1st",
// "2e", "1ला") or a lower-case or caseless suffix of two or more code points
// ("220km", "2020an", "5वीं") keep the number, and so do a decade's "s"
// ("1980s") and an amount's "m", "k" or "b" after a currency sign
// ("£125m"); another single letter or capitals make a product name ("3D",
// "5G", "4K", "64GB").
bool NumberReader::suffix_ok(std::size_t start, std::size_t end) const {
  std::size_t next = 0;
  if (!is_letter_or_mark(at(end, next))) return true;
  std::size_t q = end;
  int letters = 0;
  bool upper = false;
  while (q < text_.size()) {
    const UChar32 c = decode_at(text_, q, next);
    if (!is_letter_or_mark(c)) break;
    ++letters;
    upper = upper || u_isUUppercase(c);
    q = next;
  }
  if (digit_at(q)) return false;  // "3a4": a code, not a number
  const std::string_view glued = text_.substr(end, q - end);
  if (std::find(nc_.ordinal_suffixes.begin(), nc_.ordinal_suffixes.end(), glued) !=
      nc_.ordinal_suffixes.end()) {
    return true;
  }
  if (glued == "s") return end - start == 4 && text_[end - 1] == '0';
  if (glued == "m" || glued == "k" || glued == "b") {
    std::size_t unused = 0;
    return u_charType(decode_before(text_, start, unused)) == U_CURRENCY_SYMBOL;
  }
  return letters >= 2 && !upper;
}

// End of the alphanumeric word around `i` ("MP3", "v1.2", "3D-Drucker").
std::size_t NumberReader::skip_word(std::size_t i) const {
  std::size_t next = 0;
  while (i < text_.size()) {
    const UChar32 c = decode_at(text_, i, next);
    if (is_letter_or_mark(c) || digit_value(c) >= 0) {
      i = next;
      continue;
    }
    const bool joiner =
        c == '.' || c == ',' || c == ':' || c == '-' || c == '_' || c == '\'' || c == 0x2019;
    std::size_t after = 0;
    const UChar32 d = at(next, after);
    if (!joiner || !(is_letter_or_mark(d) || digit_value(d) >= 0)) break;
    i = next;
  }
  return i;
}

// Position of the first digit of a range's right end after `end`, or npos:
// "2025-2030", "2025–2030" (hyphens and en dash, unspaced) or "2025 – 2030"
// (en dash, spaced; a spaced hyphen may be a minus).
std::size_t NumberReader::range_right(std::size_t end) const {
  std::size_t p = 0;
  UChar32 c = at(end, p);
  const bool spaced = is_inline_space(c);
  if (spaced) c = at(p, p);
  const bool hyphen = c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2012;
  if (!(c == 0x2013 || (hyphen && !spaced))) return std::string_view::npos;
  std::size_t after = 0;
  if (c == 0x2013 && is_inline_space(at(p, after))) p = after;
  return digit_at(p) ? p : std::string_view::npos;
}

// End of a percent sign after `end` ("31,82%", "31,82 %", "٪", "％"), or npos.
std::size_t NumberReader::percent_end(std::size_t end) const {
  std::size_t p = 0;
  UChar32 c = at(end, p);
  if (is_inline_space(c)) c = at(p, p);
  return c == '%' || c == 0x066A || c == 0xFF05 ? p : std::string_view::npos;
}

void NumberReader::emit(const Parsed& p, std::size_t percent_at, std::string_view sign,
                        std::size_t start) {
  if (percent_at != std::string_view::npos) {
    // The percentage first, then its plain value (its own, shorter span) so
    // that "31,82 відсотка" also meets "31.82%".
    std::vector<std::string> values;
    for (const Reading& r : p.readings) {
      if (numeric(r.form)) values.push_back(std::string(sign) + r.key);
    }
    for (const std::string& v : values) push(v + "%", start, percent_at, values.size() > 1);
    for (const std::string& v : values) push(v, start, p.end, values.size() > 1);
    return;
  }
  for (const Reading& r : p.readings) {
    push(std::string(sign) + r.key, start, p.end, p.readings.size() > 1);
  }
  for (const auto& [span, key] : p.parts) push(key, span.start, span.end, false);
}

// The right end of a year range written with two digits, in full
// ("1950-53": "1953"), or "".
std::string abbreviated_year(const Parsed& left, const Parsed& right) {
  if (left.readings.size() != 1 || right.readings.size() != 1 ||
      left.readings[0].form != Form::kInteger || right.readings[0].form != Form::kInteger) {
    return {};
  }
  const std::string& year = left.readings[0].key;
  const std::string& tail = right.readings[0].key;
  if (year.size() != 4 || right.end - right.start != 2 || tail.size() != 2) return {};
  const std::string full = year.substr(0, 2) + tail;
  return full > year ? full : std::string();
}

bool NumberReader::emit_range(const Parsed& left, const Parsed& right, std::size_t end,
                              bool percent) {
  std::vector<std::string> keys;
  for (const Reading& a : left.readings) {
    for (const Reading& b : right.readings) {
      if ((numeric(a.form) && numeric(b.form)) ||
          (a.form == Form::kTime && b.form == Form::kTime)) {
        keys.push_back(a.key + "-" + b.key + (percent ? "%" : ""));
      }
    }
  }
  if (keys.empty()) return false;
  // "1950-53" is 1950-1953: the right end's century from the left.
  const std::string full_right = abbreviated_year(left, right);
  for (std::string& k : keys) push(std::move(k), left.start, end, keys.size() > 1);
  if (!full_right.empty()) push(left.readings[0].key + "-" + full_right, left.start, end, false);
  // The ends as numbers of their own, so that "2025" meets "2025-2030".
  emit(left, std::string_view::npos, "", left.start);
  emit(right, std::string_view::npos, "", right.start);
  if (!full_right.empty()) push(full_right, right.start, right.end, false);
  return true;
}

bool has_numeric(const Parsed& q) {
  return std::any_of(q.readings.begin(), q.readings.end(),
                     [](const Reading& r) { return numeric(r.form); });
}

NumberReader::Lead NumberReader::lead(std::size_t i, std::size_t next, UChar32 c) const {
  Lead lead;
  lead.digits = i;
  std::size_t before = 0;
  const UChar32 prev = decode_before(text_, i, before);
  if (c == '-' || c == 0x2212 || c == '%') {
    lead.resume = next;
    if (!digit_at(next)) return lead;
    // A sign stands at the start of a number: after a space or an opening
    // bracket or quote, not after a word ("COVID-19") or a digit (a range).
    const bool free = prev < 0 || u_isUWhiteSpace(prev) ||
                      (U_GET_GC_MASK(prev) & (U_GC_PS_MASK | U_GC_PI_MASK)) != 0 || prev == '=';
    if (!free) return lead;
    if (c == '%') {
      if (!nc_.percent_prefix) return lead;
      lead.percent_first = true;
    } else {
      lead.sign = "-";
    }
    lead.resume = std::string_view::npos;
    lead.digits = next;
  } else if (is_letter_or_mark(prev)) {
    // Digits glued to a word belong to it (UAX #29 WB9-WB10: "MP3", "H2O"),
    // except after the language's letter currency symbol ("Rp5.000").
    std::size_t word_start = i;
    UChar32 q = prev;
    std::size_t q_start = before;
    while (is_letter_or_mark(q)) {
      word_start = q_start;
      q = decode_before(text_, q_start, q_start);
    }
    const std::string_view word = text_.substr(word_start, i - word_start);
    if (digit_value(q) >= 0 || std::find(nc_.currency_prefixes.begin(), nc_.currency_prefixes.end(),
                                         word) == nc_.currency_prefixes.end()) {
      lead.resume = skip_word(i);
    }
  } else if (prev == '.' || prev == ',' || prev == ':' || prev == '\'' || prev == 0x2019) {
    // Resuming inside a run whose longer reading was rejected ("10:30:99").
    std::size_t unused = 0;
    if (digit_value(decode_before(text_, before, unused)) >= 0) lead.resume = skip_word(i);
  }
  return lead;
}

std::size_t NumberReader::range_at(const Parsed& p) {
  const std::size_t right_start = range_right(p.end);
  if (right_start == std::string_view::npos) return std::string_view::npos;
  const Parsed right = parse(right_start);
  if (!suffix_ok(right.start, right.end)) return std::string_view::npos;
  const std::size_t pct = has_numeric(right) ? percent_end(right.end) : std::string_view::npos;
  const bool percent = pct != std::string_view::npos;
  if (!emit_range(p, right, percent ? pct : right.end, percent)) return std::string_view::npos;
  return percent ? pct : right.end;
}

std::size_t NumberReader::scan_at(std::size_t i, std::size_t next, UChar32 c) {
  const Lead lead = this->lead(i, next, c);
  if (lead.resume != std::string_view::npos) return lead.resume;
  const std::string_view sign = lead.sign;
  const bool percent_first = lead.percent_first;
  const std::size_t digits = lead.digits;

  Parsed p = parse(digits);
  const bool date = sign.empty() && !percent_first && iso_date_after(p);
  if (!suffix_ok(p.start, p.end)) return skip_word(digits);
  if (!sign.empty() || percent_first) {
    // A sign only goes with a plain number; "-" before a date or a code is
    // a dash, and the digits are read as if it were not there.
    if (!has_numeric(p)) {
      emit(p, std::string_view::npos, "", p.start);
      return p.end;
    }
    std::erase_if(p.readings, [](const Reading& r) { return !numeric(r.form); });
  }
  if (percent_first) {
    // "%50" (tr): the percentage spans the sign, its value the digits.
    for (const Reading& r : p.readings) push(r.key + "%", i, p.end, p.readings.size() > 1);
    emit(p, std::string_view::npos, "", p.start);
    return p.end;
  }
  const bool plain = std::any_of(p.readings.begin(), p.readings.end(), [](const Reading& r) {
    return numeric(r.form) || r.form == Form::kTime;
  });
  if (sign.empty() && !date && plain) {
    if (const std::size_t end = range_at(p); end != std::string_view::npos) return end;
  }
  const std::size_t pct = has_numeric(p) ? percent_end(p.end) : std::string_view::npos;
  emit(p, pct, sign, sign.empty() ? p.start : i);
  return pct != std::string_view::npos ? pct : p.end;
}

// ASCII bytes other than digits, '-' and '%'.
constexpr std::array<bool, 256> kStartsNoNumber = [] {
  std::array<bool, 256> t{};
  for (int b = 0; b < 0x80; ++b) t[b] = !((b >= '0' && b <= '9') || b == '-' || b == '%');
  return t;
}();

}  // namespace

void scan_numbers(std::string_view text, const NumberConventions& conventions,
                  std::span<const ByteSpan> masks, std::vector<Anchor>& out) {
  NumberReader reader(text, conventions, out);
  std::size_t m = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (skip_masked(masks, m, i)) continue;
    // ASCII bytes that start no number (letters, spaces, punctuation) are
    // most of any text: skip them in a tight loop, up to the next mask.
    const std::size_t stop = m < masks.size() ? masks[m].start : text.size();
    while (i < stop && kStartsNoNumber[static_cast<unsigned char>(text[i])]) ++i;
    if (i == stop) continue;
    std::size_t next = 0;
    const UChar32 c = decode_at(text, i, next);
    if (digit_value(c) >= 0 || c == '-' || c == 0x2212 || c == '%') {
      i = std::max(next, reader.scan_at(i, next, c));
    } else {
      i = next;
    }
  }
}

}  // namespace polyalign::detail

namespace polyalign {

std::vector<Anchor> extract_numbers(std::string_view text, std::string_view lang) {
  const auto conventions = detail::number_conventions(lang);
  std::vector<Anchor> out;
  const std::vector<ByteSpan> links = detail::scan_links(text, nullptr);
  detail::scan_numbers(text, *conventions, links, out);
  detail::sort_anchors(out);
  return out;
}

}  // namespace polyalign
