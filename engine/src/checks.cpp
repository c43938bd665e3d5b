#include "polyalign/checks.h"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "polyalign/evidence.h"
#include "polyalign/features.h"
#include "polyalign/language.h"

namespace polyalign {

namespace {

constexpr std::string_view kKindNames[kCheckKindCount] = {
    "numbers", "names", "omissions", "length", "untranslated", "inconsistent", "repeated"};
constexpr std::string_view kSeverityNames[3] = {"error", "warning", "info"};

// How many disagreeing tokens a message spells out before "and N more".
constexpr std::size_t kMessageItems = 4;
// Words in more sentences than this are not used to find repeats (their
// posting lists would make the search quadratic in a long document); a
// sentence made only of such words is not checked.
constexpr std::size_t kMaxRepeatPosting = 4096;

// ------------------------------------------------------------------ text --

// White space collapsed to one space, trimmed: the identity of a sentence
// for the repeated, untranslated and inconsistent checks (ASCII white space
// and no-break spaces; the bytes are otherwise compared as they are).
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

bool is_word_code_point(UChar32 c) {
  return c >= 0 && (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

// Calls f(start, end) for every word (run of letters, marks and digits) of
// valid UTF-8 `text`, byte offsets relative to it.
template <typename F>
void for_each_word_span(std::string_view text, F&& f) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0, start = -1;
  while (i < n) {
    const std::int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (is_word_code_point(c)) {
      if (start < 0) start = at;
    } else if (start >= 0) {
      f(static_cast<std::size_t>(start), static_cast<std::size_t>(at));
      start = -1;
    }
  }
  if (start >= 0) f(static_cast<std::size_t>(start), text.size());
}

// Letters (and the marks written with them) of `text` outside `skip`
// (spans relative to `text`, ascending by start).
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

// Byte offset of the first letter of `text` (text.size() if none).
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
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  UChar32 c = -1;
  if (n > 0) U8_NEXT(s, i, n, c);
  return c >= 0 && u_isupper(c);
}

// Calls f(word) for every word of a name key (words joined by one space).
template <typename F>
void for_each_key_word(std::string_view key, F&& f) {
  std::size_t pos = 0;
  while (pos <= key.size()) {
    std::size_t space = key.find(' ', pos);
    if (space == std::string_view::npos) space = key.size();
    if (space > pos) f(key.substr(pos, space - pos));
    pos = space + 1;
  }
}

bool starts_lower(std::string_view text) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  UChar32 c = -1;
  if (n > 0) U8_NEXT(s, i, n, c);
  return c >= 0 && u_islower(c);
}

std::size_t key_letters(std::string_view key) {
  return static_cast<std::size_t>(
      std::count_if(key.begin(), key.end(), [](char ch) { return ch != ' '; }));
}

// The script most letters of `text` are in (the first kScriptSample letters).
constexpr std::size_t kScriptSample = 20000;
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

// Letters of `text`, with the marks written with them (a Devanagari vowel
// sign is a mark).
std::size_t letters(std::string_view text) { return letters_outside(text, {}); }

// The other way to write a time of day: "7.55" (British English, read as
// a decimal) is "7:55", and the other way round; "" for other keys.
std::string clock_time(std::string_view key) {
  auto digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  for (char mark : {'.', ':'}) {
    const std::size_t at = key.find(mark);
    if (at == std::string_view::npos) continue;
    const std::string_view h = key.substr(0, at), m = key.substr(at + 1);
    if (h.size() > 2 || m.size() > 2 || !digits(h) || !digits(m)) continue;
    // Decimal keys drop trailing zeros: "7.5" was 7.50.
    const std::string minutes =
        mark == '.' && m.size() == 1 ? std::string(m) + "0" : std::string(m);
    if (std::stoi(std::string(h)) > 24 || std::stoi(minutes) > 59) continue;
    if (mark == '.') return fmt::format("{}:{}", h, minutes);
    // "7:50" as a decimal key: 7.5.
    std::string frac = minutes;
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    return frac.empty() ? std::string(h) : fmt::format("{}.{}", h, frac);
  }
  return {};
}

// A number key of one digit ("6"): often written in words in the other text.
bool one_digit(std::string_view key) { return key.size() == 1 && key[0] >= '0' && key[0] <= '9'; }

// ------------------------------------------------------------- documents --

// One document as the checks see it: its features (anchors, all words,
// foreign flags) and which of its name keys may be checked at all.
struct DocFacts {
  const SegmentedDocument* doc = nullptr;
  DocumentFeatures features;
  // Per anchor key: a name worth checking (kName, enough letters, and in a
  // cased script not only ever at the start of sentences).
  std::vector<std::uint8_t> name_like;
  // Per anchor key: the name key of a Latin word (kLatinWord), else empty.
  std::vector<std::string> latin_key;
  // Name keys of the words the document writes in lower case.
  std::unordered_set<std::string> lower_keys;
  // Per anchor key: a name written capitalised (its script has case).
  std::vector<std::uint8_t> capitalised;
  // Most of the document's names are capitalised: a script with case.
  bool cased_script = false;
  int script = 0;  // the script most of its letters are in (UScriptCode)

  std::string_view text(std::uint32_t i) const { return doc->sentence_text(i); }
  std::string_view bytes(const ByteSpan& s) const {
    return std::string_view(doc->document.text).substr(s.start, s.size());
  }
  const std::string& lang() const { return doc->document.lang; }
  const std::string& path() const { return doc->document.path; }
};

DocFacts prepare_document(const SegmentedDocument& doc, const CheckOptions& options) {
  DocFacts d;
  d.doc = &doc;
  FeatureOptions fo;
  fo.anchors = options.anchors;
  fo.words = true;
  fo.max_word_sentences = 0;  // the repeat search needs every word
  fo.sentence_language = std::find(options.checks.begin(), options.checks.end(),
                                   CheckKind::kUntranslated) != options.checks.end();
  fo.foreign_min_letters = options.untranslated_min_letters;
  d.features = compute_features(doc, fo);
  const DocumentFeatures& f = d.features;
  const std::size_t keys = f.anchor_keys.size();
  d.name_like.assign(keys, 0);
  d.latin_key.assign(keys, {});
  // Name keys of the words written in lower case: common words, even where
  // a sentence or a title capitalises them ("Partai" / "partai").
  for (std::uint32_t i = 0; i < f.size(); ++i) {
    const std::string_view text = d.text(i);
    for_each_word_span(text, [&](std::size_t s, std::size_t e) {
      const std::string_view w = text.substr(s, e - s);
      if (starts_lower(w)) d.lower_keys.insert(name_key(w));
    });
  }
  std::vector<std::uint8_t> cased(keys, 0), inside(keys, 0), long_enough(keys, 0);
  for (std::uint32_t i = 0; i < f.size(); ++i) {
    const std::uint64_t sentence_start = doc.sentences[i].span.start;
    std::size_t first = std::string::npos;  // computed when needed
    for (const AnchorRef& a : f.anchors_of(i)) {
      const AnchorKey& key = f.key_of(a);
      if (key.kind == AnchorKind::kLatinWord && d.latin_key[a.key].empty()) {
        d.latin_key[a.key] = name_key(key.text);
      }
      if (key.kind != AnchorKind::kName) continue;
      long_enough[a.key] |= letters(d.bytes(a.span())) >= options.min_name_letters;
      if (!starts_upper(d.bytes(a.span()))) continue;  // caseless script: every word
      cased[a.key] = 1;
      if (first == std::string::npos) first = first_letter(d.text(i));
      inside[a.key] |= a.start - sentence_start > first;
    }
  }
  std::size_t names = 0, capitalised = 0;
  for (std::size_t k = 0; k < keys; ++k) {
    const AnchorKey& key = f.anchor_keys[k];
    d.name_like[k] = key.kind == AnchorKind::kName && long_enough[k] && (!cased[k] || inside[k]);
    names += key.kind == AnchorKind::kName;
    capitalised += cased[k];
  }
  d.capitalised = std::move(cased);
  d.script = main_script(doc.document.text);
  d.cased_script = 2 * capitalised > names;
  return d;
}

// The name anchors of `d` that may be checked, alone, re-indexed: what
// PairEvidence::build clusters to tell which names two documents share.
DocumentFeatures name_features(const DocFacts& d, const std::vector<std::uint8_t>& keep,
                               std::vector<std::uint32_t>& original_key) {
  const DocumentFeatures& f = d.features;
  DocumentFeatures nf;
  nf.lengths = f.lengths;
  nf.anchor_offsets.push_back(0);
  nf.word_offsets.assign(f.size() + 1, 0);
  std::vector<std::uint32_t> new_id(f.anchor_keys.size(), UINT32_MAX);
  for (std::uint32_t i = 0; i < f.size(); ++i) {
    for (const AnchorRef& a : f.anchors_of(i)) {
      if (!keep[a.key]) continue;
      if (new_id[a.key] == UINT32_MAX) {
        new_id[a.key] = static_cast<std::uint32_t>(nf.anchor_keys.size());
        nf.anchor_keys.push_back(f.anchor_keys[a.key]);
        original_key.push_back(a.key);
      }
      nf.anchors.push_back({new_id[a.key], a.size, a.start});
    }
    nf.anchor_offsets.push_back(static_cast<std::uint32_t>(nf.anchors.size()));
  }
  return nf;
}

// ----------------------------------------------------------------- groups --

// A bundle, or a pair with its beads as tuples of two: what every check reads.
struct Group {
  std::size_t index = 0;  // Finding::bundle
  std::string id;         // bundle id ("" for a pair)
  std::vector<const DocFacts*> members;
  std::size_t tuples = 0;
  std::vector<SentenceRange> cells;                  // [t * n + k]
  std::vector<std::vector<std::uint32_t>> tuple_of;  // [k][sentence]: its tuple

  std::size_t size() const { return members.size(); }
  const SentenceRange& cell(std::size_t t, std::size_t k) const { return cells[t * size() + k]; }

  void index_sentences() {
    tuple_of.assign(size(), {});
    for (std::size_t k = 0; k < size(); ++k) {
      tuple_of[k].assign(members[k]->features.size(), 0);
      for (std::size_t t = 0; t < tuples; ++t) {
        const SentenceRange& r = cell(t, k);
        for (std::uint32_t i = r.begin; i < r.end && i < tuple_of[k].size(); ++i) {
          tuple_of[k][i] = static_cast<std::uint32_t>(t);
        }
      }
    }
  }

  // How a member is named in messages: its language, or A/B, 1/2/... when
  // two members share one.
  std::string label(std::size_t k) const {
    for (std::size_t l = 0; l < size(); ++l) {
      if (l != k && members[l]->lang() == members[k]->lang()) {
        return size() == 2 ? std::string(k == 0 ? "A" : "B")
                           : fmt::format("{} ({})", members[k]->lang(), k + 1);
      }
    }
    return members[k]->lang();
  }
};

// Collects the members of one finding.
class FindingBuilder {
 public:
  FindingBuilder(CheckKind kind, Severity severity, const Group& g, std::size_t tuple) {
    f_.kind = kind;
    f_.severity = severity;
    f_.bundle = g.index;
    f_.tuple = tuple;
  }
  void sentence(std::size_t member, std::uint32_t i) { at(member).sentences.push_back(i); }
  void sentences(std::size_t member, const SentenceRange& r) {
    for (std::uint32_t i = r.begin; i < r.end; ++i) sentence(member, i);
  }
  void highlight(std::size_t member, const ByteSpan& s) { at(member).highlights.push_back(s); }
  void related(std::size_t bundle, std::size_t tuple) {
    const TupleRef ref{bundle, tuple};
    if (std::find(f_.related.begin(), f_.related.end(), ref) == f_.related.end())
      f_.related.push_back(ref);
  }
  void severity(Severity s) { f_.severity = s; }
  bool empty() const { return f_.members.empty(); }
  Finding finish(std::string message) {
    for (FindingMember& m : f_.members) {
      std::sort(m.sentences.begin(), m.sentences.end());
      m.sentences.erase(std::unique(m.sentences.begin(), m.sentences.end()), m.sentences.end());
      std::sort(m.highlights.begin(), m.highlights.end(), [](const ByteSpan& a, const ByteSpan& b) {
        return a.start != b.start ? a.start < b.start : a.end < b.end;
      });
      m.highlights.erase(std::unique(m.highlights.begin(), m.highlights.end()), m.highlights.end());
    }
    std::sort(f_.members.begin(), f_.members.end(),
              [](const FindingMember& a, const FindingMember& b) { return a.member < b.member; });
    f_.message = std::move(message);
    return std::move(f_);
  }

 private:
  FindingMember& at(std::size_t member) {
    for (FindingMember& m : f_.members) {
      if (m.member == member) return m;
    }
    f_.members.push_back({member, {}, {}});
    return f_.members.back();
  }
  Finding f_;
};

std::string join_labels(const Group& g, const std::vector<std::size_t>& members) {
  std::string s;
  for (std::size_t k : members) s += fmt::format("{}{}", s.empty() ? "" : ", ", g.label(k));
  return s;
}

// "a; b; c; d and 3 more"
std::string join_items(const std::vector<std::string>& items) {
  std::string s;
  for (std::size_t i = 0; i < items.size() && i < kMessageItems; ++i) {
    s += fmt::format("{}{}", i ? "; " : "", items[i]);
  }
  if (items.size() > kMessageItems) s += fmt::format(" and {} more", items.size() - kMessageItems);
  return s;
}

// ---------------------------------------------------------------- numbers --

// The anchors of one span of a member's sentences: the readings of one token.
struct Token {
  ByteSpan span;
  std::uint32_t sentence = 0;
  std::vector<std::uint32_t> keys;  // anchor key ids of the readings
  int parent = -1;                  // innermost token containing this one
  bool leaf = true;                 // contains no other token
};

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
  return out;
}

void check_numbers(const Group& g, std::size_t t, std::vector<Finding>& out) {
  const std::size_t n = g.size();
  std::vector<std::vector<Token>> tokens(n);
  std::vector<std::unordered_set<std::string>> keys(n);
  std::vector<std::size_t> present;
  for (std::size_t k = 0; k < n; ++k) {
    if (g.cell(t, k).empty()) continue;
    present.push_back(k);
    tokens[k] = tokens_of(*g.members[k], g.cell(t, k), AnchorKind::kNumber);
    for (const Token& tok : tokens[k]) {
      for (std::uint32_t key : tok.keys) {
        const std::string& text = g.members[k]->features.anchor_keys[key].text;
        keys[k].insert(text);
        std::string other = clock_time(text);
        if (!other.empty()) keys[k].insert(std::move(other));
      }
    }
  }
  if (present.size() < 2) return;
  // missing[k][token]: the members that lack member k's token.
  std::vector<std::vector<std::vector<std::size_t>>> missing(n);
  for (std::size_t k : present) missing[k].assign(tokens[k].size(), {});
  bool any = false;
  for (std::size_t k : present) {
    const std::vector<Token>& tk = tokens[k];
    const DocumentFeatures& f = g.members[k]->features;
    for (std::size_t l : present) {
      if (l == k) continue;
      // ok: the token or all its parts agree (children come after their
      // parent, so a backward pass sees them first); fine: it or an
      // enclosing token is ok.
      std::vector<int> ok(tk.size(), 0), parts(tk.size(), 1), has_parts(tk.size(), 0);
      for (std::size_t q = tk.size(); q-- > 0;) {
        bool matched = false;
        for (std::uint32_t key : tk[q].keys) matched |= keys[l].count(f.anchor_keys[key].text) > 0;
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
      for (std::size_t q = 0; q < tk.size(); ++q) {
        if (!fine[q] && !bad_inside[q]) {
          missing[k][q].push_back(l);
          any = true;
        }
      }
    }
  }
  if (!any) return;
  FindingBuilder b(CheckKind::kNumbers, Severity::kInfo, g, t);
  std::vector<std::string> items;
  bool significant = false;
  std::vector<std::vector<std::uint8_t>> lacks(n, std::vector<std::uint8_t>(n, 0));
  for (std::size_t k : present) {
    for (std::size_t q = 0; q < tokens[k].size(); ++q) {
      if (missing[k][q].empty()) continue;
      const Token& tok = tokens[k][q];
      b.sentence(k, tok.sentence);
      b.highlight(k, tok.span);
      for (std::size_t l : missing[k][q]) lacks[l][k] = 1;
      for (std::uint32_t key : tok.keys) {
        significant |= !one_digit(g.members[k]->features.anchor_keys[key].text);
      }
      items.push_back(fmt::format("{} ({}) not in {}", g.members[k]->bytes(tok.span), g.label(k),
                                  join_labels(g, missing[k][q])));
    }
  }
  // A number differs when two members each hold one the other lacks.
  bool differs = false;
  for (std::size_t k : present) {
    for (std::size_t l : present) differs |= k != l && lacks[l][k] && lacks[k][l];
  }
  b.severity(differs ? Severity::kError : significant ? Severity::kWarning : Severity::kInfo);
  // The sentences of the members that lack a number too: where to look.
  for (std::size_t l : present) {
    for (std::size_t k : present) {
      if (lacks[l][k]) b.sentences(l, g.cell(t, l));
    }
  }
  out.push_back(b.finish(
      fmt::format("{}: {}", differs ? "numbers differ" : "number missing", join_items(items))));
}

// ------------------------------------------------------------------ names --

// Two name keys of one stem: the same first kStemLetters+ letters, and at
// most kStemTail letters more after them on either side (inflection and
// possessives: "londoni" / "london", "mengi" / "mengas").
constexpr std::size_t kStemLetters = 4;
constexpr std::size_t kStemTail = 4;

bool same_stem(std::string_view a, std::string_view b) {
  std::size_t p = 0;
  while (p < a.size() && p < b.size() && a[p] == b[p] && a[p] != ' ') ++p;
  return p >= kStemLetters && a.size() - p <= kStemTail && b.size() - p <= kStemTail &&
         a.find(' ', p) == std::string_view::npos && b.find(' ', p) == std::string_view::npos;
}

// Which name keys of each member a name of another member of the group
// matches somewhere in the documents (PairEvidence's clustering): the names
// the checks may trust to be names.
// Which names of each member may be checked (see the header comment).
struct NameGate {
  std::vector<std::vector<std::uint8_t>> confirmed;  // [k][key]: by the bundle
  std::vector<std::vector<std::vector<std::uint8_t>>>
      pair;  // [k][l][key]: k's and l's documents share it
};

NameGate shared_names(const Group& g, const CheckOptions& options) {
  const std::size_t n = g.size();
  std::vector<DocumentFeatures> nf(n);
  std::vector<std::vector<std::uint32_t>> original(n);
  std::vector<std::unordered_map<std::string_view, std::uint32_t>> by_text(n);
  // A name whose words any member writes in lower case is a common word
  // ("Tsunami" in German, "tsunami" in English; "मार्केट" / "market").
  auto lower_somewhere = [&](std::string_view word) {
    return std::any_of(g.members.begin(), g.members.end(), [&](const DocFacts* d) {
      return d->lower_keys.count(std::string(word)) > 0;
    });
  };
  for (std::size_t k = 0; k < n; ++k) {
    const DocFacts& d = *g.members[k];
    std::vector<std::uint8_t> keep = d.name_like;
    for (std::size_t q = 0; q < keep.size(); ++q) {
      if (!keep[q]) continue;
      bool common = true;
      for_each_key_word(d.features.anchor_keys[q].text,
                        [&](std::string_view w) { common = common && lower_somewhere(w); });
      keep[q] = !common;
    }
    nf[k] = name_features(d, keep, original[k]);
    for (std::size_t q = 0; q < nf[k].anchor_keys.size(); ++q) {
      by_text[k].emplace(nf[k].anchor_keys[q].text, original[k][q]);
    }
  }
  EvidenceOptions eo;
  eo.name_threshold = options.name_threshold;
  eo.max_df = UINT32_MAX;  // a name in every sentence is still a name
  // A name is confirmed by each other member that has it: a bundle of
  // three or more members needs two confirmations (a common word of one
  // language that sounds like a word of another, "Leichen" / "लेकिन", is
  // rarely confirmed twice), or one from a member that capitalises it too
  // (a capitalised word in two languages is a name, or a loan word); a
  // pair needs one.
  const std::size_t needed = std::min<std::size_t>(2, n - 1);
  NameGate gate;
  gate.confirmed.resize(n);
  gate.pair.assign(n, std::vector<std::vector<std::uint8_t>>(n));
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<std::uint8_t> confirmed(g.members[k]->features.anchor_keys.size(), 0);
    for (std::size_t l = 0; l < n; ++l) {
      gate.pair[k][l].assign(confirmed.size(), 0);
      if (l == k || nf[k].anchors.empty() || nf[l].anchors.empty()) continue;
      const PairEvidence ev = PairEvidence::build(nf[k], nf[l], eo);
      const SentenceRange all_k{0, static_cast<std::uint32_t>(nf[k].size())};
      const SentenceRange all_l{0, static_cast<std::uint32_t>(nf[l].size())};
      for (const AnchorMatch& m : ev.matches(all_k, all_l)) {
        auto it = by_text[k].find(m.key);
        if (it == by_text[k].end()) continue;
        gate.pair[k][l][it->second] = 1;
        const bool both_cased = g.members[k]->capitalised[it->second] && g.members[l]->cased_script;
        confirmed[it->second] += both_cased ? 2 : 1;
      }
    }
    gate.confirmed[k].resize(confirmed.size());
    for (std::size_t q = 0; q < confirmed.size(); ++q)
      gate.confirmed[k][q] = confirmed[q] >= needed;
  }
  return gate;
}

void check_names(const Group& g, std::size_t t, const NameGate& gate, const CheckOptions& options,
                 std::vector<Finding>& out) {
  const std::size_t n = g.size();
  struct Name {
    ByteSpan span;
    std::uint32_t sentence;
    std::string_view key;
    std::uint32_t id;  // anchor key id
  };
  std::vector<std::vector<Name>> checked(n);
  // Keys a checked name may be found as in each member: its names, Latin
  // words and every word (a translation may write a name in lower case, or
  // inflect it).
  std::vector<std::vector<std::string>> candidates(n);
  std::vector<std::size_t> present;
  for (std::size_t k = 0; k < n; ++k) {
    const SentenceRange& r = g.cell(t, k);
    if (r.empty()) continue;
    present.push_back(k);
    const DocFacts& d = *g.members[k];
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      for (const AnchorRef& a : d.features.anchors_of(i)) {
        const AnchorKey& key = d.features.key_of(a);
        if (key.kind == AnchorKind::kName) {
          if (key.text.find(' ') != std::string::npos) candidates[k].push_back(key.text);
          if (gate.confirmed[k][a.key]) checked[k].push_back({a.span(), i, key.text, a.key});
        } else if (key.kind == AnchorKind::kLatinWord && !d.latin_key[a.key].empty()) {
          candidates[k].push_back(d.latin_key[a.key]);
        }
      }
      const std::string_view text = d.text(i);
      for_each_word_span(text, [&](std::size_t s, std::size_t e) {
        std::string key = name_key(text.substr(s, e - s));
        if (!key.empty()) candidates[k].push_back(std::move(key));
      });
    }
    std::sort(candidates[k].begin(), candidates[k].end());
    candidates[k].erase(std::unique(candidates[k].begin(), candidates[k].end()),
                        candidates[k].end());
  }
  if (present.size() < 2) return;
  // Whether a key is in member l, remembered per member: the same name is
  // looked up from every other member.
  std::vector<std::unordered_map<std::string_view, bool>> known(n);
  auto close = [&](std::string_view k, std::size_t l) {
    // One letter in three or four is a lot: short keys need the same-name
    // score ("ake" / "are").
    const double bar =
        key_letters(k) >= 5 ? options.name_presence_threshold : options.name_threshold;
    // A name inside a compound ("korea" in "nordkorea") is there too.
    const bool compounds = key_letters(k) >= 5 && k.find(' ') == std::string_view::npos;
    for (const std::string& c : candidates[l]) {
      if (c == k || same_stem(k, c)) return true;
      if (compounds && c.size() > k.size() + 1) {
        if (c.find(k) != std::string::npos) return true;
        // The name as the first or last part of a compound, perhaps spelt
        // another way ("zentralmexiko" / "मैक्सिको").
        const std::string_view cv(c);
        for (std::size_t len = k.size() - 1; len <= k.size() + 1; ++len) {
          if (name_similarity(k, cv.substr(0, len)) >= bar ||
              name_similarity(k, cv.substr(cv.size() - len)) >= bar)
            return true;
        }
      }
      // Each letter more on one side costs at least 0.5 (a vowel): a length
      // difference alone can rule the pair out.
      const double longer = static_cast<double>(std::max(k.size(), c.size()));
      const double apart = std::abs(static_cast<double>(k.size()) - static_cast<double>(c.size()));
      if (1 - 0.5 * apart / longer < bar) continue;
      if (name_similarity(k, c) >= bar) return true;
    }
    return false;
  };
  auto found_in = [&](std::string_view key, std::size_t l) {
    auto [it, fresh] = known[l].emplace(key, false);
    if (!fresh) return it->second;
    bool there = close(key, l);
    // A name of several words is there when each of its words is (in any
    // order, each perhaps inflected).
    if (!there && key.find(' ') != std::string_view::npos) {
      there = true;
      for_each_key_word(
          key, [&](std::string_view w) { there = there && (w.size() < 2 || close(w, l)); });
    }
    it->second = there;
    return there;
  };
  FindingBuilder b(CheckKind::kNames, Severity::kWarning, g, t);
  std::vector<std::string> items;
  for (std::size_t k : present) {
    const std::vector<Name>& names = checked[k];
    // lacking[q]: the members lacking name q; a name is reported when some
    // member lacks it, no name it overlaps is present in that member, and
    // no wider reported name contains it.
    std::vector<std::vector<std::size_t>> lacking(names.size());
    for (std::size_t l : present) {
      if (l == k) continue;
      // Across scripts, only the names the two documents are known to share:
      // a transliteration the matcher does not recognise ("Rangers" /
      // "Рейнджерс") or a name translated (China / Китай) is not an omission.
      const bool cross_script = g.members[k]->script != g.members[l]->script;
      std::vector<std::uint8_t> there(names.size());
      for (std::size_t q = 0; q < names.size(); ++q) there[q] = found_in(names[q].key, l);
      for (std::size_t q = 0; q < names.size(); ++q) {
        if (there[q] || (cross_script && !gate.pair[k][l][names[q].id])) continue;
        bool overlaps_present = false;
        for (std::size_t p = 0; p < names.size(); ++p) {
          overlaps_present |= there[p] && names[p].span.start < names[q].span.end &&
                              names[q].span.start < names[p].span.end;
        }
        if (!overlaps_present) lacking[q].push_back(l);
      }
    }
    for (std::size_t q = 0; q < names.size(); ++q) {
      if (lacking[q].empty()) continue;
      bool inside_wider = false;
      for (std::size_t p = 0; p < names.size(); ++p) {
        inside_wider |=
            p != q && !lacking[p].empty() && names[p].span.size() > names[q].span.size() &&
            names[p].span.start <= names[q].span.start && names[q].span.end <= names[p].span.end;
      }
      // The same name twice in one sentence: report its first occurrence.
      for (std::size_t p = 0; p < q && !inside_wider; ++p) {
        inside_wider = !lacking[p].empty() && names[p].key == names[q].key;
      }
      if (inside_wider) continue;
      b.sentence(k, names[q].sentence);
      b.highlight(k, names[q].span);
      // The sentences of the members that lack it too: where to look.
      for (std::size_t l : lacking[q]) b.sentences(l, g.cell(t, l));
      items.push_back(fmt::format("{} ({}) not in {}", g.members[k]->bytes(names[q].span),
                                  g.label(k), join_labels(g, lacking[q])));
    }
  }
  if (b.empty()) return;
  out.push_back(b.finish(fmt::format("name missing: {}", join_items(items))));
}

// -------------------------------------------------------------- omissions --

void check_omissions(const Group& g, std::size_t t, std::vector<Finding>& out) {
  std::vector<std::size_t> present, absent;
  bool content = false;
  for (std::size_t k = 0; k < g.size(); ++k) {
    const SentenceRange& r = g.cell(t, k);
    (r.empty() ? absent : present).push_back(k);
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      content |= has_letter_or_digit(g.members[k]->text(i));
    }
  }
  if (absent.empty() || present.empty() || !content) return;
  FindingBuilder b(CheckKind::kOmissions, Severity::kWarning, g, t);
  for (std::size_t k : present) b.sentences(k, g.cell(t, k));
  out.push_back(b.finish(fmt::format("{} {} no counterpart in {}", join_labels(g, present),
                                     present.size() == 1 ? "sentence has" : "sentences have",
                                     join_labels(g, absent))));
}

// ----------------------------------------------------------------- length --

std::uint64_t code_points(const DocFacts& d, const SentenceRange& r) {
  std::uint64_t n = 0;
  for (std::uint32_t i = r.begin; i < r.end; ++i) n += d.features.lengths[i];
  return n;
}

double median(std::vector<double> v) {
  const std::size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m), v.end());
  const double hi = v[m];
  if (v.size() % 2) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m));
  return (lo + hi) / 2;
}

void check_length(const Group& g, const CheckOptions& options, std::vector<Finding>& out) {
  struct Flag {
    std::size_t k, l;
    double ratio, typical, z;
  };
  std::vector<std::vector<Flag>> flags(g.tuples);
  const double s = options.length_smoothing;
  for (std::size_t k = 0; k < g.size(); ++k) {
    for (std::size_t l = k + 1; l < g.size(); ++l) {
      auto log_ratio = [&](std::size_t t) {
        const double la = static_cast<double>(code_points(*g.members[k], g.cell(t, k)));
        const double lb = static_cast<double>(code_points(*g.members[l], g.cell(t, l)));
        return std::log((lb + s) / (la + s));
      };
      std::vector<double> samples;
      for (std::size_t t = 0; t < g.tuples; ++t) {
        if (g.cell(t, k).size() == 1 && g.cell(t, l).size() == 1) samples.push_back(log_ratio(t));
      }
      if (samples.size() < options.length_min_samples) continue;
      const double m = median(samples);
      for (double& x : samples) x = std::abs(x - m);
      const double sigma = std::max(1.4826 * median(samples), options.length_min_sigma);
      for (std::size_t t = 0; t < g.tuples; ++t) {
        if (g.cell(t, k).empty() || g.cell(t, l).empty()) continue;
        const double r = log_ratio(t);
        const double z = (r - m) / sigma;
        if (std::abs(z) > options.length_max_deviation) {
          flags[t].push_back({k, l, std::exp(r), std::exp(m), z});
        }
      }
    }
  }
  for (std::size_t t = 0; t < g.tuples; ++t) {
    if (flags[t].empty()) continue;
    std::vector<Flag>& f = flags[t];
    std::stable_sort(f.begin(), f.end(),
                     [](const Flag& a, const Flag& b) { return std::abs(a.z) > std::abs(b.z); });
    FindingBuilder b(CheckKind::kLength, Severity::kWarning, g, t);
    std::vector<std::string> items;
    for (const Flag& x : f) {
      b.sentences(x.k, g.cell(t, x.k));
      b.sentences(x.l, g.cell(t, x.l));
      items.push_back(fmt::format("{}/{} {:.2f}x, usually {:.2f}x", g.label(x.l), g.label(x.k),
                                  x.ratio, x.typical));
    }
    out.push_back(b.finish(fmt::format("unusual length: {}", join_items(items))));
  }
}

// ----------------------------------------------------------- untranslated --

// Letters of sentence i outside its anchors (numbers, names, URLs...):
// what a translation would have changed.
std::size_t translatable_letters(const DocFacts& d, std::uint32_t i) {
  const std::uint64_t base = d.doc->sentences[i].span.start;
  std::vector<ByteSpan> skip;
  for (const AnchorRef& a : d.features.anchors_of(i)) {
    skip.push_back({a.start - base, a.start - base + a.size});
  }
  std::sort(skip.begin(), skip.end(),
            [](const ByteSpan& a, const ByteSpan& b) { return a.start < b.start; });
  return letters_outside(d.text(i), skip);
}

void check_untranslated(const Group& g, const CheckOptions& options,
                        const std::vector<std::vector<std::string>>& collapsed,
                        std::vector<Finding>& out) {
  const std::size_t n = g.size();
  const auto min_letters = static_cast<std::size_t>(std::max(options.untranslated_min_letters, 0));
  // Identical sentences of two members in the same or neighbouring tuples;
  // each unordered pair of sentences once.
  struct Hit {
    std::size_t target, source;
    std::uint32_t target_sentence, source_sentence;
    bool identical;
    std::string lang;  // CLD2's language of the target sentence
  };
  std::map<std::pair<std::size_t, std::size_t>, std::vector<Hit>> hits;  // (tuple, target)
  std::set<std::tuple<std::size_t, std::uint32_t, std::size_t, std::uint32_t>> seen;
  LanguageOptions lo;
  lo.min_letters = options.untranslated_min_letters;
  lo.valid_utf8 = true;
  for (std::size_t t = 0; t < g.tuples; ++t) {
    for (std::size_t l = 0; l < n; ++l) {
      const DocFacts& dl = *g.members[l];
      const SentenceRange& rl = g.cell(t, l);
      for (std::uint32_t s = rl.begin; s < rl.end; ++s) {
        // (a) the same text as a sentence of another member nearby.
        for (std::size_t k = 0; k < n; ++k) {
          if (k == l) continue;
          const DocFacts& dk = *g.members[k];
          for (std::size_t u = t == 0 ? 0 : t - 1; u <= t + 1 && u < g.tuples; ++u) {
            const SentenceRange& rk = g.cell(u, k);
            for (std::uint32_t i = rk.begin; i < rk.end; ++i) {
              if (collapsed[l][s] != collapsed[k][i]) continue;
              const auto key = l < k ? std::make_tuple(l, s, k, i) : std::make_tuple(k, i, l, s);
              if (!seen.insert(key).second) continue;
              if (std::max(translatable_letters(dl, s), translatable_letters(dk, i)) < min_letters)
                continue;
              // The untranslated one is the one not in its document's language.
              const std::string lang = identify_language(dl.text(s), lo).lang;
              const bool k_is_target = lang == dl.lang() && lang != dk.lang();
              const std::size_t target = k_is_target ? k : l, source = k_is_target ? l : k;
              const std::uint32_t ts = k_is_target ? i : s, ss = k_is_target ? s : i;
              hits[{g.tuple_of[target][ts], target}].push_back(
                  {target, source, ts, ss, true, lang});
            }
          }
        }
        // (b) confidently in the language of another member.
        if (dl.features.foreign.empty() || !dl.features.foreign[s]) continue;
        const std::string lang = identify_language(dl.text(s), lo).lang;
        if (lang == "und" || lang == dl.lang()) continue;
        for (std::size_t k = 0; k < n; ++k) {
          if (k == l || g.members[k]->lang() != lang) continue;
          const SentenceRange& rk = g.cell(t, k);
          hits[{t, l}].push_back({l, k, s, rk.empty() ? UINT32_MAX : rk.begin, false, lang});
        }
      }
    }
  }
  for (auto& [where, list] : hits) {
    const auto [t, target] = where;
    FindingBuilder b(CheckKind::kUntranslated, Severity::kError, g, t);
    std::vector<std::string> items;
    for (const Hit& h : list) {
      // The same text as the source says more than its language does.
      const bool also_identical =
          !h.identical && std::any_of(list.begin(), list.end(), [&](const Hit& o) {
            return o.identical && o.source == h.source;
          });
      if (also_identical) continue;
      b.sentence(h.target, h.target_sentence);
      if (h.source_sentence != UINT32_MAX) b.sentence(h.source, h.source_sentence);
      if (h.identical) {
        const bool known = h.lang == g.members[h.source]->lang();
        items.push_back(known ? fmt::format("{} sentence is the {} one, untranslated",
                                            g.label(h.target), g.label(h.source))
                              : fmt::format("{} and {} sentences are identical", g.label(h.target),
                                            g.label(h.source)));
      } else {
        items.push_back(
            fmt::format("{} sentence is in {} (language identification), "
                        "untranslated",
                        g.label(h.target), g.label(h.source)));
      }
    }
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    out.push_back(b.finish(join_items(items)));
  }
}

// ------------------------------------------------------------- repeats --

// Pairs (earlier, later) of sentences of `d` that repeat each other (see
// the header): for each later sentence, its first earlier occurrence.
std::vector<std::pair<std::uint32_t, std::uint32_t>> find_repeats(
    const DocFacts& d, const std::vector<std::string>& collapsed, const CheckOptions& options) {
  const DocumentFeatures& f = d.features;
  const auto n = static_cast<std::uint32_t>(f.size());
  std::vector<std::vector<std::uint32_t>> sets(n);
  std::vector<std::uint32_t> df(f.vocabulary.size(), 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    auto w = f.words_of(i);
    sets[i].assign(w.begin(), w.end());
    std::sort(sets[i].begin(), sets[i].end());
    sets[i].erase(std::unique(sets[i].begin(), sets[i].end()), sets[i].end());
    for (std::uint32_t x : sets[i]) ++df[x];
  }
  std::vector<std::vector<std::uint32_t>> postings(f.vocabulary.size());
  for (std::uint32_t i = 0; i < n; ++i) {
    if (sets[i].size() < options.repeat_min_words) continue;
    for (std::uint32_t x : sets[i]) {
      if (df[x] <= kMaxRepeatPosting) postings[x].push_back(i);
    }
  }
  // Words weigh their idf, log(1 + n / df): sharing "the" says little,
  // sharing a number or a name much (a sentence that differs from another
  // only by its number is not a repeat).
  std::vector<double> idf(f.vocabulary.size(), 0);
  for (std::size_t x = 0; x < idf.size(); ++x) {
    idf[x] = std::log(1.0 + static_cast<double>(n) / std::max<std::uint32_t>(df[x], 1));
  }
  std::vector<std::uint32_t> first_of(n, UINT32_MAX);
  std::vector<std::uint32_t> prefix, candidates;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::size_t m = sets[i].size();
    if (m < options.repeat_min_words) continue;
    double weight = 0;
    for (std::uint32_t x : sets[i]) weight += idf[x];
    const double need = options.repeat_min_containment * weight - 1e-9;
    // Prefix filtering: a sentence holding `need` of the weight of i's
    // words holds one of i's rarest words whose weights add up to more
    // than weight - need.
    prefix = sets[i];
    std::sort(prefix.begin(), prefix.end(), [&](std::uint32_t a, std::uint32_t b) {
      return df[a] != df[b] ? df[a] < df[b] : a < b;
    });
    double covered = 0;
    std::size_t length = 0;
    while (length < prefix.size() && covered <= weight - need) covered += idf[prefix[length++]];
    prefix.resize(length);
    candidates.clear();
    for (std::uint32_t x : prefix) {
      if (df[x] > kMaxRepeatPosting) continue;
      for (std::uint32_t j : postings[x]) {
        const std::size_t mj = sets[j].size();
        // i is the shorter one (ties: the earlier one), and not much shorter.
        if (j == i || mj < m || (mj == m && j < i)) continue;
        if (static_cast<double>(m) < options.repeat_min_size_ratio * static_cast<double>(mj))
          continue;
        candidates.push_back(j);
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (std::uint32_t j : candidates) {
      double common = 0;
      auto a = sets[i].begin(), b = sets[j].begin();
      while (a != sets[i].end() && b != sets[j].end()) {
        if (*a < *b) {
          ++a;
        } else if (*b < *a) {
          ++b;
        } else {
          common += idf[*a];
          ++a, ++b;
        }
      }
      if (common < need) continue;
      const std::uint32_t early = std::min(i, j), late = std::max(i, j);
      first_of[late] = std::min(first_of[late], early);
    }
  }
  // Exact repeats of sentences too short for the word test.
  std::unordered_map<std::string_view, std::uint32_t> seen;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (sets[i].size() >= options.repeat_min_words || sets[i].size() < 2) continue;
    auto [it, fresh] = seen.emplace(collapsed[i], i);
    if (!fresh && translatable_letters(d, i) > 0) first_of[i] = std::min(first_of[i], it->second);
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (first_of[i] != UINT32_MAX) out.emplace_back(first_of[i], i);
  }
  return out;
}

void check_repeated(const Group& g, const CheckOptions& options,
                    const std::vector<std::vector<std::string>>& collapsed,
                    std::vector<Finding>& out) {
  // Repeats of several members between the same two tuples are one finding.
  std::map<std::pair<std::uint32_t, std::uint32_t>,
           std::vector<std::tuple<std::size_t, std::uint32_t, std::uint32_t>>>
      by_tuples;
  for (std::size_t k = 0; k < g.size(); ++k) {
    for (const auto& [early, late] : find_repeats(*g.members[k], collapsed[k], options)) {
      by_tuples[{g.tuple_of[k][early], g.tuple_of[k][late]}].emplace_back(k, early, late);
    }
  }
  for (const auto& [tuples, list] : by_tuples) {
    const auto [te, tl] = tuples;
    FindingBuilder b(CheckKind::kRepeated, Severity::kInfo, g, tl);
    std::vector<std::size_t> members;
    bool exact = true;
    for (const auto& [k, early, late] : list) {
      b.sentence(k, early);
      b.sentence(k, late);
      members.push_back(k);
      exact = exact && collapsed[k][early] == collapsed[k][late];
    }
    if (te != tl) b.related(g.index, te);
    out.push_back(b.finish(fmt::format("{}: {} an earlier sentence of the same document (#{})",
                                       join_labels(g, members),
                                       exact ? "repeats" : "nearly repeats", te + 1)));
  }
}

// ------------------------------------------------------- inconsistencies --

struct Occurrence {
  std::size_t group, tuple, member;
  std::uint32_t sentence;
};

// Texts of a member's sentences in a tuple, joined by one space (collapsed).
std::string cell_text(const Group& g, std::size_t t, std::size_t k,
                      const std::vector<std::vector<std::string>>& collapsed) {
  std::string s;
  const SentenceRange& r = g.cell(t, k);
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    if (i > r.begin) s += ' ';
    s += collapsed[k][i];
  }
  return s;
}

void check_inconsistent(const std::vector<Group>& groups,
                        const std::vector<std::vector<std::vector<std::string>>>& collapsed,
                        const CheckOptions& options, std::vector<Finding>& out) {
  // Sentences alone in their member of a tuple, by language and text, in
  // order of first occurrence.
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::vector<Occurrence>> occurrences;
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const Group& g = groups[gi];
    for (std::size_t t = 0; t < g.tuples; ++t) {
      for (std::size_t k = 0; k < g.size(); ++k) {
        const SentenceRange& r = g.cell(t, k);
        if (r.size() != 1) continue;
        const DocFacts& d = *g.members[k];
        if (d.features.words_of(r.begin).size() < options.inconsistent_min_words) continue;
        std::string key = d.lang();
        key += '\0';
        key += collapsed[gi][k][r.begin];
        auto [it, fresh] = index.emplace(std::move(key), occurrences.size());
        if (fresh) occurrences.emplace_back();
        occurrences[it->second].push_back({gi, t, k, r.begin});
      }
    }
  }
  for (const std::vector<Occurrence>& occ : occurrences) {
    if (occ.size() < 2) continue;
    const std::string& lang = groups[occ[0].group].members[occ[0].member]->lang();
    // Every other language of these occurrences' bundles.
    std::set<std::string> langs;
    for (const Occurrence& o : occ) {
      for (const DocFacts* d : groups[o.group].members) {
        if (d->lang() != lang) langs.insert(d->lang());
      }
    }
    for (const std::string& other : langs) {
      // The counterpart of each occurrence in `other`, and how often each
      // text is the counterpart; the most frequent (first on ties) is the
      // reference.
      struct Counterpart {
        const Occurrence* o;
        std::size_t member;
        std::string text;
      };
      std::vector<Counterpart> cps;
      for (const Occurrence& o : occ) {
        const Group& g = groups[o.group];
        for (std::size_t l = 0; l < g.size(); ++l) {
          if (g.members[l]->lang() != other || g.cell(o.tuple, l).empty()) continue;
          cps.push_back({&o, l, cell_text(g, o.tuple, l, collapsed[o.group])});
        }
      }
      std::map<std::string, std::size_t> votes;
      for (const Counterpart& c : cps) ++votes[c.text];
      if (votes.size() < 2) continue;
      const Counterpart* ref = nullptr;
      for (const Counterpart& c : cps) {
        if (!ref || votes[c.text] > votes[ref->text]) ref = &c;
      }
      // Words of the reference, to highlight the ones a counterpart differs by.
      std::multiset<std::string_view> ref_words;
      for_each_word_span(ref->text, [&](std::size_t s, std::size_t e) {
        ref_words.insert(std::string_view(ref->text).substr(s, e - s));
      });
      for (const Counterpart& c : cps) {
        if (c.text == ref->text) continue;
        const Group& g = groups[c.o->group];
        FindingBuilder b(CheckKind::kInconsistent, Severity::kWarning, g, c.o->tuple);
        b.sentence(c.o->member, c.o->sentence);
        b.sentences(c.member, g.cell(c.o->tuple, c.member));
        const DocFacts& d = *g.members[c.member];
        std::multiset<std::string_view> left = ref_words;
        const SentenceRange& r = g.cell(c.o->tuple, c.member);
        for (std::uint32_t i = r.begin; i < r.end; ++i) {
          const std::string_view text = d.text(i);
          const std::uint64_t base = d.doc->sentences[i].span.start;
          for_each_word_span(text, [&](std::size_t s, std::size_t e) {
            auto it = left.find(text.substr(s, e - s));
            if (it != left.end()) {
              left.erase(it);
            } else {
              b.highlight(c.member, {base + s, base + e});
            }
          });
        }
        const Group& rg = groups[ref->o->group];
        b.related(ref->o->group, ref->o->tuple);
        out.push_back(b.finish(fmt::format(
            "the same {} sentence is translated differently in {} than in {}#{}",
            g.label(c.o->member), g.label(c.member),
            rg.id.empty() || ref->o->group == c.o->group ? "" : rg.id + " ", ref->o->tuple + 1)));
      }
    }
  }
}

// ------------------------------------------------------------------ run --

bool wants(const CheckOptions& o, CheckKind k) {
  return std::find(o.checks.begin(), o.checks.end(), k) != o.checks.end();
}

void validate(const CheckOptions& o) {
  auto require = [](bool ok, std::string_view name, double value, std::string_view rule) {
    if (!ok)
      fail_input(fmt::format("CheckOptions::{}", name),
                 fmt::format("must be {}, got {}", rule, value));
  };
  require(o.name_threshold > 0 && o.name_threshold <= 1, "name_threshold", o.name_threshold,
          "in (0, 1]");
  require(o.length_max_deviation > 0, "length_max_deviation", o.length_max_deviation, "> 0");
  require(o.length_min_sigma > 0, "length_min_sigma", o.length_min_sigma, "> 0");
  require(o.length_smoothing >= 0, "length_smoothing", o.length_smoothing, ">= 0");
  require(o.length_min_samples >= 2, "length_min_samples", o.length_min_samples, ">= 2");
  require(o.repeat_min_words >= 1, "repeat_min_words", o.repeat_min_words, ">= 1");
  require(o.repeat_min_containment > 0 && o.repeat_min_containment <= 1, "repeat_min_containment",
          o.repeat_min_containment, "in (0, 1]");
  require(o.repeat_min_size_ratio > 0 && o.repeat_min_size_ratio <= 1, "repeat_min_size_ratio",
          o.repeat_min_size_ratio, "in (0, 1]");
}

// Runs f(i) for i in [0, n) on `threads` workers; exceptions are rethrown.
template <typename F>
void parallel_for(std::size_t n, unsigned threads, F&& f) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, n));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < threads; ++w) {
    workers.emplace_back([&, w] {
      try {
        for (std::size_t i; (i = next.fetch_add(1)) < n;) f(i);
      } catch (...) {
        errors[w] = std::current_exception();
        next = n;
      }
    });
  }
  for (std::thread& t : workers) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

std::vector<Finding> run_checks(std::vector<Group>& groups, const CheckOptions& options) {
  std::vector<Finding> out;
  if (options.checks.empty()) return out;
  std::vector<std::vector<std::vector<std::string>>> collapsed(groups.size());
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    Group& g = groups[gi];
    g.index_sentences();
    collapsed[gi].resize(g.size());
    for (std::size_t k = 0; k < g.size(); ++k) {
      const DocFacts& d = *g.members[k];
      for (std::uint32_t i = 0; i < d.features.size(); ++i) {
        collapsed[gi][k].push_back(collapse_space(d.text(i)));
      }
    }
  }
  // Bundles are checked independently, each into its own list (the lists
  // are joined in bundle order: the same findings at any thread count).
  std::vector<std::vector<Finding>> per_group(groups.size());
  parallel_for(groups.size(), options.threads, [&](std::size_t gi) {
    const Group& g = groups[gi];
    std::vector<Finding>& found = per_group[gi];
    NameGate gate;
    if (wants(options, CheckKind::kNames)) gate = shared_names(g, options);
    for (std::size_t t = 0; t < g.tuples; ++t) {
      if (wants(options, CheckKind::kNumbers)) check_numbers(g, t, found);
      if (wants(options, CheckKind::kNames)) check_names(g, t, gate, options, found);
      if (wants(options, CheckKind::kOmissions)) check_omissions(g, t, found);
    }
    if (wants(options, CheckKind::kLength)) check_length(g, options, found);
    if (wants(options, CheckKind::kUntranslated))
      check_untranslated(g, options, collapsed[gi], found);
    if (wants(options, CheckKind::kRepeated)) check_repeated(g, options, collapsed[gi], found);
  });
  for (std::vector<Finding>& found : per_group) {
    std::move(found.begin(), found.end(), std::back_inserter(out));
  }
  if (wants(options, CheckKind::kInconsistent)) check_inconsistent(groups, collapsed, options, out);
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.bundle != b.bundle) return a.bundle < b.bundle;
    if (a.tuple != b.tuple) return a.tuple < b.tuple;
    return a.kind < b.kind;
  });
  return out;
}

// JSON of one finding's members: {"<path>": {"lang", "sentences", "spans", "highlights"}}.
nlohmann::ordered_json members_json(const Finding& f,
                                    const std::vector<const SegmentedDocument*>& docs,
                                    const std::vector<std::string>& names) {
  nlohmann::ordered_json members = nlohmann::ordered_json::object();
  for (const FindingMember& m : f.members) {
    const SegmentedDocument& d = *docs[m.member];
    nlohmann::ordered_json sentences = nlohmann::ordered_json::array();
    nlohmann::ordered_json spans = nlohmann::ordered_json::array();
    nlohmann::ordered_json highlights = nlohmann::ordered_json::array();
    for (std::uint32_t i : m.sentences) {
      sentences.push_back(i);
      spans.push_back({d.sentences[i].span.start, d.sentences[i].span.end});
    }
    for (const ByteSpan& h : m.highlights) highlights.push_back({h.start, h.end});
    members[names[m.member]] = {{"lang", d.document.lang},
                                {"sentences", std::move(sentences)},
                                {"spans", std::move(spans)},
                                {"highlights", std::move(highlights)}};
  }
  return members;
}

}  // namespace

std::string_view check_kind_name(CheckKind kind) {
  return kKindNames[static_cast<std::size_t>(kind)];
}

std::vector<CheckKind> all_checks() {
  std::vector<CheckKind> all;
  for (std::size_t k = 0; k < kCheckKindCount; ++k) all.push_back(static_cast<CheckKind>(k));
  return all;
}

std::vector<CheckKind> parse_checks(std::string_view list) {
  std::vector<CheckKind> out;
  const std::vector<std::string_view> names = split_list(list);
  if (names.size() == 1 && names[0] == "all") return all_checks();
  if (names.size() == 1 && names[0] == "none") return out;
  for (std::string_view name : names) {
    const auto* it = std::find(std::begin(kKindNames), std::end(kKindNames), name);
    if (it == std::end(kKindNames)) {
      fail_input("--checks", fmt::format("unknown check '{}' (expected all, none, or a "
                                         "comma-separated list of numbers, names, omissions, "
                                         "length, untranslated, inconsistent, repeated)",
                                         name));
    }
    const auto kind = static_cast<CheckKind>(it - std::begin(kKindNames));
    if (std::find(out.begin(), out.end(), kind) != out.end())
      fail_input("--checks", fmt::format("check '{}' given twice", name));
    out.push_back(kind);
  }
  return out;
}

std::string_view severity_name(Severity severity) {
  return kSeverityNames[static_cast<std::size_t>(severity)];
}

std::vector<Finding> check_corpus(const CorpusResult& result, const CheckOptions& options) {
  validate(options);
  if (options.checks.empty()) return {};
  std::vector<std::size_t> used;  // documents in a bundle
  for (const Bundle& b : result.bundles)
    used.insert(used.end(), b.documents.begin(), b.documents.end());
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  std::vector<DocFacts> facts(used.size());
  parallel_for(used.size(), options.threads, [&](std::size_t i) {
    facts[i] = prepare_document(result.documents[used[i]], options);
  });
  auto facts_of = [&](std::size_t doc) {
    return &facts[static_cast<std::size_t>(std::lower_bound(used.begin(), used.end(), doc) -
                                           used.begin())];
  };
  std::vector<Group> groups(result.bundles.size());
  for (std::size_t bi = 0; bi < result.bundles.size(); ++bi) {
    const Bundle& b = result.bundles[bi];
    Group& g = groups[bi];
    g.index = bi;
    g.id = b.id;
    for (std::size_t d : b.documents) g.members.push_back(facts_of(d));
    g.tuples = b.tuples.size();
    g.cells.reserve(g.tuples * g.size());
    for (const Tuple& t : b.tuples)
      g.cells.insert(g.cells.end(), t.members.begin(), t.members.end());
  }
  return run_checks(groups, options);
}

std::vector<Finding> check_pair(const DocumentAlignment& result, const CheckOptions& options) {
  validate(options);
  if (options.checks.empty()) return {};
  std::vector<DocFacts> facts(2);
  parallel_for(2, options.threads, [&](std::size_t i) {
    facts[i] = prepare_document(i == 0 ? result.a : result.b, options);
  });
  std::vector<Group> groups(1);
  Group& g = groups[0];
  g.members = {&facts[0], &facts[1]};
  g.tuples = result.alignment.beads.size();
  for (const Bead& bead : result.alignment.beads) {
    g.cells.push_back(bead.a);
    g.cells.push_back(bead.b);
  }
  return run_checks(groups, options);
}

void write_findings_jsonl(std::ostream& out, const CorpusResult& result,
                          const std::vector<Finding>& findings) {
  for (const Finding& f : findings) {
    const Bundle& b = result.bundles.at(f.bundle);
    std::vector<const SegmentedDocument*> docs;
    std::vector<std::string> names;
    for (std::size_t d : b.documents) {
      docs.push_back(&result.documents[d]);
      names.push_back(result.documents[d].document.path);
    }
    nlohmann::ordered_json j = {{"kind", check_kind_name(f.kind)},
                                {"severity", severity_name(f.severity)},
                                {"bundle", b.id},
                                {"tuple", f.tuple},
                                {"members", members_json(f, docs, names)},
                                {"message", f.message}};
    if (!f.related.empty()) {
      nlohmann::ordered_json related = nlohmann::ordered_json::array();
      for (const TupleRef& r : f.related) {
        related.push_back({{"bundle", result.bundles.at(r.bundle).id}, {"tuple", r.tuple}});
      }
      j["related"] = std::move(related);
    }
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
}

void write_findings_jsonl(std::ostream& out, const DocumentAlignment& result,
                          const std::vector<Finding>& findings) {
  const std::vector<const SegmentedDocument*> docs = {&result.a, &result.b};
  std::vector<std::string> names = {result.a.document.path, result.b.document.path};
  if (names[0] == names[1]) names = {"A:" + names[0], "B:" + names[1]};
  for (const Finding& f : findings) {
    nlohmann::ordered_json j = {{"kind", check_kind_name(f.kind)},
                                {"severity", severity_name(f.severity)},
                                {"bead", f.tuple},
                                {"members", members_json(f, docs, names)},
                                {"message", f.message}};
    if (!f.related.empty()) {
      nlohmann::ordered_json related = nlohmann::ordered_json::array();
      for (const TupleRef& r : f.related) related.push_back({{"bead", r.tuple}});
      j["related"] = std::move(related);
    }
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
}

FindingCounts count_findings(const std::vector<Finding>& findings) {
  FindingCounts c;
  for (const Finding& f : findings) {
    ++c.by_kind[static_cast<std::size_t>(f.kind)];
    ++c.by_severity[static_cast<std::size_t>(f.severity)];
    ++c.total;
  }
  return c;
}

}  // namespace polyalign
