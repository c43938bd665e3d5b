#include "checks/numbers.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "checks/finding_builder.h"
#include "checks/number_words.h"
#include "checks/text.h"
#include "checks/unit_conversions.h"

namespace polyalign::checks {

namespace {

// The other ways to write a time of day: "7.55" (British English, read as
// a decimal) is "7:55", and the other way round; "14:00" is "2 pm" ("2"
// beside "pm", "siang", "बजे") and "2:00", and an hour 1-12 written alone
// may be either half of the day. Empty for other keys.
std::vector<std::string> clock_times(std::string_view key) {
  auto digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::vector<std::string> out;
  if (digits(key) && key.size() <= 2) {
    const int h = std::stoi(std::string(key));
    if (h >= 1 && h <= 12) out = {fmt::format("{}:00", h), fmt::format("{}:00", h + 12)};
    return out;
  }
  for (char mark : {'.', ':'}) {
    const std::size_t at = key.find(mark);
    if (at == std::string_view::npos) continue;
    const std::string_view h = key.substr(0, at), m = key.substr(at + 1);
    if (h.size() > 2 || m.size() > 2 || !digits(h) || !digits(m)) continue;
    // Decimal keys drop trailing zeros: "7.5" was 7.50.
    const std::string minutes =
        mark == '.' && m.size() == 1 ? std::string(m) + "0" : std::string(m);
    const int hour = std::stoi(std::string(h));
    if (hour > 24 || std::stoi(minutes) > 59) continue;
    if (mark == '.') {
      out.push_back(fmt::format("{}:{}", h, minutes));
      return out;
    }
    // "7:50" as a decimal key: 7.5.
    std::string frac = minutes;
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out.push_back(frac.empty() ? std::string(h) : fmt::format("{}.{}", h, frac));
    if (hour >= 13 && hour <= 23) {
      out.push_back(fmt::format("{}:{}", hour - 12, minutes));
      if (frac.empty()) out.push_back(std::to_string(hour - 12));
    }
    return out;
  }
  return out;
}

// A number key of one digit ("6"): often written in words in the other text.
bool one_digit(std::string_view key) { return key.size() == 1 && key[0] >= '0' && key[0] <= '9'; }

// The anchors of one span of a member's sentences: the readings of one token.
struct Token {
  ByteSpan span;
  std::uint32_t sentence = 0;
  std::vector<std::uint32_t> keys;  // anchor key ids of the readings
  int parent = -1;                  // innermost token containing this one
  bool leaf = true;                 // contains no other token
};

// Sorts one sentence's tokens [first, end) in text order (an outer token
// before the tokens inside it) and links each to the innermost one
// containing it.
void nest_tokens(std::vector<Token>& out, std::size_t first) {
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
            [](const Token& a, const Token& b) {
              return a.span.start != b.span.start ? a.span.start < b.span.start
                                                  : a.span.end > b.span.end;
            });
  // Nesting: the innermost enclosing token is on a stack of open ones.
  std::vector<int> open;
  for (std::size_t t = first; t < out.size(); ++t) {
    while (!open.empty() && out[static_cast<std::size_t>(open.back())].span.end < out[t].span.end)
      open.pop_back();
    if (!open.empty()) {
      out[t].parent = open.back();
      out[static_cast<std::size_t>(open.back())].leaf = false;
    }
    open.push_back(static_cast<int>(t));
  }
}

// Tokens of the anchors of `kind` in the member's tuple sentences, in text
// order (an outer token before the tokens inside it), with their nesting.
std::vector<Token> tokens_of(const DocFacts& d, const SentenceRange& r, AnchorKind kind) {
  std::vector<Token> out;
  const DocumentFeatures& f = d.features;
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    const std::size_t first = out.size();
    for (const AnchorRef& a : f.anchors_of(i)) {
      if (f.key_of(a).kind != kind) continue;
      const ByteSpan s = a.span();
      Token* same = nullptr;
      for (std::size_t t = first; t < out.size(); ++t) {
        if (out[t].span == s) same = &out[t];
      }
      if (same) {
        same->keys.push_back(a.key);
      } else {
        out.push_back({s, i, {a.key}, -1, true});
      }
    }
    nest_tokens(out, first);
  }
  return out;
}

// The numbers of one tuple, per member.
struct TupleNumbers {
  std::vector<std::vector<Token>> tokens;             // [k]
  std::vector<std::unordered_set<std::string>> keys;  // [k]: keys, with clock_times()'s
  std::vector<std::size_t> present;                   // members with sentences in the tuple
  // missing[k][token]: the members that lack member k's token.
  std::vector<std::vector<std::vector<std::size_t>>> missing;
};

TupleNumbers collect_numbers(const Group& g, std::size_t t) {
  const std::size_t n = g.size();
  TupleNumbers x;
  x.tokens.resize(n);
  x.keys.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    if (g.cell(t, k).empty()) continue;
    x.present.push_back(k);
    x.tokens[k] = tokens_of(*g.members[k], g.cell(t, k), AnchorKind::kNumber);
    for (const Token& tok : x.tokens[k]) {
      for (std::uint32_t key : tok.keys) {
        const std::string& text = g.members[k]->features.anchor_keys[key].text;
        x.keys[k].insert(text);
        for (std::string& other : clock_times(text)) x.keys[k].insert(std::move(other));
      }
    }
  }
  return x;
}

// The tokens of `tk` (features `f`) that disagree with another member's
// keys `other`, innermost only, ascending.
std::vector<std::size_t> disagreeing(const std::vector<Token>& tk, const DocumentFeatures& f,
                                     const std::unordered_set<std::string>& other) {
  // ok: the token or all its parts agree (children come after their
  // parent, so a backward pass sees them first); fine: it or an
  // enclosing token is ok.
  std::vector<int> ok(tk.size(), 0), parts(tk.size(), 1), has_parts(tk.size(), 0);
  for (std::size_t q = tk.size(); q-- > 0;) {
    bool matched = false;
    for (std::uint32_t key : tk[q].keys) matched |= other.count(f.anchor_keys[key].text) > 0;
    ok[q] = matched || (has_parts[q] && parts[q]);
    if (tk[q].parent >= 0) {
      const auto p = static_cast<std::size_t>(tk[q].parent);
      has_parts[p] = 1;
      parts[p] = parts[p] && ok[q];
    }
  }
  std::vector<int> fine(tk.size(), 0);
  for (std::size_t q = 0; q < tk.size(); ++q) {
    fine[q] = ok[q] || (tk[q].parent >= 0 && fine[static_cast<std::size_t>(tk[q].parent)]);
  }
  // Report the innermost tokens that are not fine.
  std::vector<int> bad_inside(tk.size(), 0);
  for (std::size_t q = 0; q < tk.size(); ++q) {
    if (!fine[q] && tk[q].parent >= 0) bad_inside[static_cast<std::size_t>(tk[q].parent)] = 1;
  }
  std::vector<std::size_t> out;
  for (std::size_t q = 0; q < tk.size(); ++q) {
    if (!fine[q] && !bad_inside[q]) out.push_back(q);
  }
  return out;
}

// Whether member l's sentences of tuple t write token `tok` (of member k)
// in words: "11" / "elf" (checks/number_words.h).
bool in_words(const Group& g, std::size_t t, std::size_t k, const Token& tok, std::size_t l) {
  for (std::uint32_t key : tok.keys) {
    const std::string& text = g.members[k]->features.anchor_keys[key].text;
    if (text.empty() || text.size() > 4 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    const std::uint64_t value = std::stoull(text);
    const SentenceRange& r = g.cell(t, l);
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      if (written_in_words(g.members[l]->text(i), value, g.members[l]->lang())) return true;
    }
  }
  return false;
}

// Whether member l's sentences of tuple t write token `tok` (of member k),
// a plain integer, as digits glued to a letter, which the anchors do not
// read as a number: "usia13 tahun" (a missing space), "13-year-old" is read.
bool glued_to_word(const Group& g, std::size_t t, std::size_t k, const Token& tok, std::size_t l) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  // Whether the code point ending before (starting at) byte `at` of `s`
  // is a letter.
  const auto letter_before = [](std::string_view s, std::size_t at) {
    const auto* b = reinterpret_cast<const std::uint8_t*>(s.data());
    auto i = static_cast<std::int32_t>(at);
    UChar32 c;
    U8_PREV(b, 0, i, c);
    return c >= 0 && u_isalpha(c);
  };
  const auto letter_at = [](std::string_view s, std::size_t at) {
    const auto* b = reinterpret_cast<const std::uint8_t*>(s.data());
    auto i = static_cast<std::int32_t>(at);
    UChar32 c;
    U8_NEXT(b, i, static_cast<std::int32_t>(s.size()), c);
    return c >= 0 && u_isalpha(c);
  };
  for (std::uint32_t key : tok.keys) {
    const std::string& text = g.members[k]->features.anchor_keys[key].text;
    if (text.empty() || !std::all_of(text.begin(), text.end(), digit)) continue;
    const SentenceRange& r = g.cell(t, l);
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      const std::string_view s = g.members[l]->text(i);
      for (std::size_t at = s.find(text); at != std::string_view::npos; at = s.find(text, at + 1)) {
        const std::size_t end = at + text.size();
        const bool whole = (at == 0 || !digit(s[at - 1])) && (end == s.size() || !digit(s[end]));
        if (whole && ((at > 0 && letter_before(s, at)) || (end < s.size() && letter_at(s, end)))) {
          return true;
        }
      }
    }
  }
  return false;
}

// A measure given in two units, "45 miles (72 kilometers)", "six meters
// (18 feet)": a translation often keeps one. Token q of member k is
// the first measure and member l has the one in parentheses (the next
// token, at most kConversionGap bytes on, after an opening parenthesis),
// or q opens a parenthesis and a unit follows it there ("(18 feet)").
constexpr std::size_t kConversionGap = 30;

bool one_of_two_units(const Group& g, std::size_t k, const TupleNumbers& x, std::size_t q,
                      std::size_t l) {
  const std::vector<Token>& tk = x.tokens[k];
  const std::string_view text = g.members[k]->doc->document.text;
  const Token& tok = tk[q];
  // The measure in parentheses after it, and l has that one.
  for (std::size_t r = q + 1; r < tk.size() && tk[r].sentence == tok.sentence; ++r) {
    if (tk[r].span.start < tok.span.end) continue;  // inside q
    const std::string_view gap = text.substr(tok.span.end, tk[r].span.start - tok.span.end);
    if (gap.size() > kConversionGap || gap.find('(') == std::string_view::npos ||
        gap.find(')') != std::string_view::npos) {
      break;
    }
    for (std::uint32_t key : tk[r].keys) {
      if (x.keys[l].count(g.members[k]->features.anchor_keys[key].text)) return true;
    }
    break;
  }
  // "(18 feet)": an opening parenthesis before it, a word after it, then
  // the closing one.
  std::size_t before = tok.span.start;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '~')) --before;
  if (before == 0 || text[before - 1] != '(') return false;
  const std::size_t close = text.find(')', tok.span.end);
  if (close == std::string_view::npos || close - tok.span.end > kConversionGap) return false;
  const std::string_view unit = text.substr(tok.span.end, close - tok.span.end);
  return has_letter_or_digit(unit) &&
         std::none_of(unit.begin(), unit.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The value of token q of member k (its first plain-number reading), or
// nullopt.
std::optional<double> token_value(const Group& g, std::size_t k, const Token& tok) {
  for (std::uint32_t key : tok.keys) {
    if (auto v = number_value(g.members[k]->features.anchor_keys[key].text)) return v;
  }
  return std::nullopt;
}

// The values of all plain-number tokens of member m.
std::vector<double> all_values(const Group& g, const TupleNumbers& x, std::size_t m) {
  std::vector<double> out;
  for (const Token& tok : x.tokens[m]) {
    if (auto v = token_value(g, m, tok)) out.push_back(*v);
  }
  return out;
}

// Whether no member but k writes any of `values` (k's own conversions, not
// numbers of the original it shares with another version).
bool own_numbers(const Group& g, const TupleNumbers& x, std::size_t k,
                 const std::vector<double>& values) {
  return std::none_of(x.present.begin(), x.present.end(), [&](std::size_t m) {
    if (m == k) return false;
    const std::vector<double> theirs = all_values(g, x, m);
    return std::any_of(values.begin(), values.end(), [&](double v) {
      return std::find(theirs.begin(), theirs.end(), v) != theirs.end();
    });
  });
}

// Whether a third member m holds the numbers both `a` (of k) and `b` (of l)
// convert, and neither k's nor l's are written by any other member: k and
// l converted one measure and rounded it their own way. (A number changed
// by one beside the original, "86" / "85" miles where a third writes
// "136" km, is not: the other versions write "85" too.)
bool converted_alike(const Group& g, const TupleNumbers& x, std::size_t k, std::size_t l,
                     const std::vector<double>& a, const std::vector<double>& b) {
  if (!own_numbers(g, x, k, a) || !own_numbers(g, x, l, b)) return false;
  return std::any_of(x.present.begin(), x.present.end(), [&](std::size_t m) {
    if (m == k || m == l) return false;
    const std::vector<double> source = all_values(g, x, m);
    return converts(source, a) && converts(source, b);
  });
}

// Clears the numbers two members each lack from the other when one unit
// conversion explains them all, or when both convert a third member's
// (checks/unit_conversions.h).
void drop_conversions(const Group& g, TupleNumbers& x) {
  for (std::size_t k : x.present) {
    for (std::size_t l : x.present) {
      if (l <= k) continue;
      std::vector<double> a, b;
      bool plain = true;
      const auto gather = [&](std::size_t m, std::size_t other, std::vector<double>& values) {
        for (std::size_t q = 0; q < x.tokens[m].size(); ++q) {
          const auto& lacking = x.missing[m][q];
          if (std::find(lacking.begin(), lacking.end(), other) == lacking.end()) continue;
          const auto v = token_value(g, m, x.tokens[m][q]);
          plain = plain && v.has_value();
          if (v) values.push_back(*v);
        }
      };
      gather(k, l, a);
      gather(l, k, b);
      if (!plain || (!one_conversion(a, b) && !converted_alike(g, x, k, l, a, b))) continue;
      for (std::size_t q = 0; q < x.tokens[k].size(); ++q) std::erase(x.missing[k][q], l);
      for (std::size_t q = 0; q < x.tokens[l].size(); ++q) std::erase(x.missing[l][q], k);
    }
  }
}

// Fills x.missing; whether any token is missing anywhere.
bool find_missing(const Group& g, std::size_t t, TupleNumbers& x) {
  x.missing.assign(g.size(), {});
  for (std::size_t k : x.present) x.missing[k].assign(x.tokens[k].size(), {});
  bool any = false;
  for (std::size_t k : x.present) {
    for (std::size_t l : x.present) {
      if (l == k) continue;
      for (std::size_t q : disagreeing(x.tokens[k], g.members[k]->features, x.keys[l])) {
        if (in_words(g, t, k, x.tokens[k][q], l) || one_of_two_units(g, k, x, q, l) ||
            glued_to_word(g, t, k, x.tokens[k][q], l)) {
          continue;
        }
        x.missing[k][q].push_back(l);
      }
    }
  }
  drop_conversions(g, x);
  for (std::size_t k : x.present) {
    for (const auto& lacking : x.missing[k]) any |= !lacking.empty();
  }
  return any;
}

Finding report_numbers(const Group& g, std::size_t t, const TupleNumbers& x) {
  const std::size_t n = g.size();
  FindingBuilder b(CheckKind::kNumbers, Severity::kInfo, g, t);
  std::vector<std::string> items;
  bool significant = false;
  std::vector<std::vector<std::uint8_t>> lacks(n, std::vector<std::uint8_t>(n, 0));
  for (std::size_t k : x.present) {
    for (std::size_t q = 0; q < x.tokens[k].size(); ++q) {
      if (x.missing[k][q].empty()) continue;
      const Token& tok = x.tokens[k][q];
      b.sentence(k, tok.sentence);
      b.highlight(k, tok.span);
      for (std::size_t l : x.missing[k][q]) lacks[l][k] = 1;
      for (std::uint32_t key : tok.keys) {
        significant |= !one_digit(g.members[k]->features.anchor_keys[key].text);
      }
      items.push_back(fmt::format("{} ({}) not in {}", g.members[k]->bytes(tok.span), g.label(k),
                                  join_labels(g, x.missing[k][q])));
    }
  }
  // A number differs when two members each hold one the other lacks.
  bool differs = false;
  for (std::size_t k : x.present) {
    for (std::size_t l : x.present) differs |= k != l && lacks[l][k] && lacks[k][l];
  }
  b.severity(differs ? Severity::kError : significant ? Severity::kWarning : Severity::kInfo);
  // The sentences of the members that lack a number too: where to look.
  for (std::size_t l : x.present) {
    for (std::size_t k : x.present) {
      if (lacks[l][k]) b.sentences(l, g.cell(t, l));
    }
  }
  return b.finish(
      fmt::format("{}: {}", differs ? "numbers differ" : "number missing", join_items(items)));
}

}  // namespace

void check_numbers(const Group& g, std::size_t t, std::vector<Finding>& out) {
  TupleNumbers x = collect_numbers(g, t);
  if (x.present.size() < 2) return;
  if (!find_missing(g, t, x)) return;
  out.push_back(report_numbers(g, t, x));
}

}  // namespace polyalign::checks
