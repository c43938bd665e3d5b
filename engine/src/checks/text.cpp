#include "checks/text.h"

#include <unicode/uscript.h>

#include <map>

namespace polyalign::checks {

namespace {

// The first letters of a text main_script() counts.
constexpr std::size_t kScriptSample = 20000;

// The first code point of `text` (-1 if none or not valid UTF-8).
UChar32 first_code_point(std::string_view text) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  UChar32 c = -1;
  if (n > 0) U8_NEXT(s, i, n, c);
  return c;
}

}  // namespace

std::string collapse_space(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ws = true;
      ++i;
    }
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

std::size_t letters_outside(std::string_view text, const std::vector<ByteSpan>& skip) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::size_t letters = 0, k = 0;
  std::int32_t i = 0;
  while (i < n) {
    const auto at = static_cast<std::uint64_t>(i);
    UChar32 c;
    U8_NEXT(s, i, n, c);
    while (k < skip.size() && skip[k].end <= at) ++k;
    bool inside = false;
    for (std::size_t q = k; q < skip.size() && skip[q].start <= at; ++q) {
      if (at < skip[q].end) inside = true;
    }
    if (inside || c < 0) continue;
    letters += u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
  }
  return letters;
}

bool has_letter_or_digit(std::string_view text) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && u_isalnum(c)) return true;
  }
  return false;
}

std::size_t first_letter(std::string_view text) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  while (i < n) {
    const std::int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && u_isalpha(c)) return static_cast<std::size_t>(at);
  }
  return text.size();
}

bool starts_upper(std::string_view text) {
  const UChar32 c = first_code_point(text);
  return c >= 0 && u_isupper(c);
}

bool starts_lower(std::string_view text) {
  const UChar32 c = first_code_point(text);
  return c >= 0 && u_islower(c);
}

int main_script(std::string_view text) {
  std::map<int, std::size_t> counts;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  std::size_t seen = 0;
  while (i < n && seen < kScriptSample) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED) continue;
    ++counts[script];
    ++seen;
  }
  int best = 0;
  std::size_t most = 0;
  for (const auto& [script, count] : counts) {
    if (count > most) best = script, most = count;
  }
  return best;
}

}  // namespace polyalign::checks
