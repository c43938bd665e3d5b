// find_missing_names() and report_missing_names(): a checked name of one
// member absent from another member's tuple sentences (checks/names.h); the
// gate is in name_gate.cpp, the translations in name_counterparts.cpp.
#include "checks/names.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "checks/calendar_names.h"
#include "checks/finding_builder.h"
#include "checks/place_names.h"
#include "checks/text.h"

namespace polyalign::checks {

namespace {

// Two name keys of one stem: the same first kStemLetters+ letters, and at
// most kStemTail letters more after them on either side (inflection and
// possessives: "londoni" / "london", "mengi" / "mengas").
constexpr std::size_t kStemLetters = 4;
constexpr std::size_t kStemTail = 4;

bool same_stem(std::string_view a, std::string_view b) {
  // A short name with a final "s" (genitive, plural: "HBOs", "Emmys") is
  // the name: name keys single doubled letters, so "emmys" / "emmy" are
  // "emis" / "emi", three letters in common.
  if (a.size() > b.size()) std::swap(a, b);
  if (a.size() >= 3 && b.size() == a.size() + 1 && b.back() == 's' && b.starts_with(a) &&
      a.find(' ') == std::string_view::npos) {
    return true;
  }
  std::size_t p = 0;
  while (p < a.size() && p < b.size() && a[p] == b[p] && a[p] != ' ') ++p;
  return p >= kStemLetters && a.size() - p <= kStemTail && b.size() - p <= kStemTail &&
         a.find(' ', p) == std::string_view::npos && b.find(' ', p) == std::string_view::npos;
}

// The Latin letters a Devanagari word spells by their English names
// ("ईयू" -> "EU", "यूएसए" -> "USA"), "" if it is not such a spelling:
// Hindi writes an English acronym as its letters are read out.
std::string spelled_letters(std::string_view word) {
  static constexpr std::pair<std::string_view, char> kLetters[] = {
      {"ए", 'A'}, {"बी", 'B'}, {"सी", 'C'}, {"डी", 'D'},
      {"ई", 'E'}, {"एफ", 'F'}, {"जी", 'G'},
      {"एच", 'H'}, {"आई", 'I'}, {"जे", 'J'},
      {"के", 'K'}, {"एल", 'L'}, {"एम", 'M'},
      {"एन", 'N'}, {"ओ", 'O'}, {"पी", 'P'},
      {"क्यू", 'Q'}, {"आर", 'R'}, {"एस", 'S'},
      {"टी", 'T'}, {"यू", 'U'}, {"वी", 'V'}, {"डब्ल्यू", 'W'},
      {"एक्स", 'X'}, {"वाई", 'Y'},
      {"ज़ेड", 'Z'}, {"जेड", 'Z'}};
  std::string out;
  while (!word.empty()) {
    std::size_t best = 0;
    char letter = 0;
    for (const auto& [name, l] : kLetters) {
      if (name.size() > best && word.starts_with(name)) best = name.size(), letter = l;
    }
    if (best == 0) return {};
    out += letter;
    word.remove_prefix(best);
  }
  return out;
}

// Each member's acronyms of two or three letters ("EU", "U.S.", "USA"),
// dots dropped: how a version may write a territory another writes out.
void collect_acronyms(std::string_view text, std::vector<std::string>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::string letters;
    std::size_t j = i;
    while (j < text.size() && ((text[j] >= 'A' && text[j] <= 'Z') ||
                               (text[j] == '.' && !letters.empty() && j + 1 < text.size() &&
                                text[j + 1] >= 'A' && text[j + 1] <= 'Z'))) {
      if (text[j] != '.') letters += text[j];
      ++j;
    }
    if (j < text.size() && text[j] == '.') ++j;  // "U.S." ends with a dot
    const bool bounded = (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]))) &&
                         (j == text.size() || !std::isalnum(static_cast<unsigned char>(text[j])));
    if (bounded && letters.size() >= 2 && letters.size() <= 3) out.push_back(letters);
    i = j > i ? j : i + 1;
  }
  // Spelled in Devanagari, the letters perhaps one word each, dotted
  // ("यू.एस.").
  std::string run;
  std::size_t run_end = 0;
  for_each_word_span(text, [&](std::size_t s, std::size_t e) {
    const std::string spelled = spelled_letters(text.substr(s, e - s));
    if (spelled.empty()) {
      run.clear();
      return;
    }
    const bool dotted = !run.empty() && text.substr(run_end, s - run_end) == ".";
    run = dotted ? run + spelled : spelled;
    run_end = e;
    if (run.size() >= 2 && run.size() <= 3) out.push_back(run);
  });
}

// The names of one tuple, per member.
struct TupleNames {
  std::vector<std::vector<CheckedName>> checked;  // [k]
  // Keys a checked name may be found as in each member: its names, Latin
  // words and every word (a translation may write a name in lower case, or
  // inflect it). Sorted, unique.
  std::vector<std::vector<std::string>> candidates;  // [k]
  std::vector<std::vector<std::uint32_t>> ids;       // [k]: anchor key id of each checked name
  std::vector<std::vector<std::string>> acronyms;    // [k]: collect_acronyms() of its sentences
  std::vector<std::size_t> present;                  // members with sentences in the tuple
};

// Adds sentence i of member k (facts d) to x.
void collect_sentence(const DocFacts& d, std::uint32_t i, std::size_t k, const NameGate& gate,
                      TupleNames& x) {
  for (const AnchorRef& a : d.features.anchors_of(i)) {
    const AnchorKey& key = d.features.key_of(a);
    if (key.kind == AnchorKind::kName) {
      // Every name key, not only the words': a name written with an
      // apostrophe ("L'Oreal", key "loreal") is two words to
      // for_each_word_span().
      x.candidates[k].push_back(key.text);
      if (gate.confirmed[k][a.key]) {
        x.checked[k].push_back({a.span(), i, key.text, word_key_hash(key.text), {}, {}, {}, {}});
        x.ids[k].push_back(a.key);
      }
    } else if (key.kind == AnchorKind::kLatinWord && !d.latin_key[a.key].empty()) {
      x.candidates[k].push_back(d.latin_key[a.key]);
    }
  }
  const std::string_view text = d.text(i);
  collect_acronyms(text, x.acronyms[k]);
  for_each_word_span(text, [&](std::size_t s, std::size_t e) {
    std::string key = name_key(text.substr(s, e - s));
    if (!key.empty()) x.candidates[k].push_back(std::move(key));
  });
}

TupleNames collect_names(const Group& g, std::size_t t, const NameGate& gate) {
  const std::size_t n = g.size();
  TupleNames x;
  x.checked.resize(n);
  x.ids.resize(n);
  x.candidates.resize(n);
  x.acronyms.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const SentenceRange& r = g.cell(t, k);
    if (r.empty()) continue;
    x.present.push_back(k);
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      collect_sentence(*g.members[k], i, k, gate, x);
    }
    std::vector<std::string>& c = x.candidates[k];
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
  }
  return x;
}

// Whether a name key is in a member's tuple sentences, remembered per
// member: the same name is looked up from every other member.
class NamePresence {
 public:
  NamePresence(const TupleNames& x, const CheckOptions& options)
      : candidates_(x.candidates),
        options_(options),
        known_(x.candidates.size() * x.candidates.size()) {}

  // Whether name `key` of member k is in member l's tuple sentences.
  bool found_in(std::string_view key, std::size_t k, std::size_t l) {
    auto [it, fresh] = known_[k * candidates_.size() + l].emplace(key, false);
    if (!fresh) return it->second;
    bool there = close(key, k, l);
    // A name of several words is there when each of its words is (in any
    // order, each perhaps inflected).
    if (!there && key.find(' ') != std::string_view::npos) {
      there = true;
      for_each_key_word(
          key, [&](std::string_view w) { there = there && (w.size() < 2 || close(w, k, l)); });
    }
    it->second = there;
    return there;
  }

 private:
  // Whether name key `k` of member `from` is in member l's words: the same
  // key, stem or compound part, or a word alike but not the same (a
  // rendering of the name), unless `from` writes that word too ("Welsh"
  // beside "Wales": l's "Welsh" is `from`'s "Welsh", not its "Wales").
  bool close(std::string_view k, std::size_t from, std::size_t l) const {
    const std::vector<std::string>& own = candidates_[from];
    // One letter in three or four is a lot: short keys need the same-name
    // score ("ake" / "are").
    const double bar =
        key_letters(k) >= 5 ? options_.name_presence_threshold : options_.name_threshold;
    // A name inside a compound ("korea" in "nordkorea") is there too; a
    // compound is one word ("in vels", the words "In Welsh", holds no
    // "vales").
    const bool compounds = key_letters(k) >= 5 && k.find(' ') == std::string_view::npos;
    for (const std::string& c : candidates_[l]) {
      if (c == k || same_stem(k, c)) return true;
      if (compounds && c.size() > k.size() + 1 && c.find(' ') == std::string::npos &&
          in_compound(k, c, bar)) {
        return true;
      }
      if (std::binary_search(own.begin(), own.end(), c)) continue;
      // Each letter more on one side costs at least 0.5 (a vowel): a length
      // difference alone can rule the pair out.
      const double longer = static_cast<double>(std::max(k.size(), c.size()));
      const double apart = std::abs(static_cast<double>(k.size()) - static_cast<double>(c.size()));
      if (1 - 0.5 * apart / longer < bar) continue;
      if (name_similarity(k, c) >= bar) return true;
      if (inflected(k, c)) return true;
    }
    return false;
  }

  // A short name with another ending, as the languages that inflect
  // names write it ("rosa" / "rozi", Роза in the genitive): the two alike
  // once their final vowels are set aside, at most two letters apart.
  bool inflected(std::string_view k, std::string_view c) const {
    if (key_letters(k) < 4 || k.find(' ') != std::string_view::npos ||
        c.find(' ') != std::string_view::npos || c.size() > k.size() + 2 ||
        k.size() > c.size() + 2) {
      return false;
    }
    const auto stem = [](std::string_view w) {
      while (w.size() > 3 && std::string_view("aeiou").find(w.back()) != std::string_view::npos) {
        w.remove_suffix(1);
      }
      return w;
    };
    const std::string_view sk = stem(k), sc = stem(c);
    return sk.size() >= 3 && sc.size() >= 3 && name_similarity(sk, sc) >= options_.name_threshold;
  }

  static bool in_compound(std::string_view k, const std::string& c, double bar) {
    if (c.find(k) != std::string::npos) return true;
    // The name as the first or last part of a compound, perhaps spelt
    // another way ("zentralmexiko" / "मैक्सिको").
    const std::string_view cv(c);
    for (std::size_t len = k.size() - 1; len <= k.size() + 1; ++len) {
      if (name_similarity(k, cv.substr(0, len)) >= bar ||
          name_similarity(k, cv.substr(cv.size() - len)) >= bar)
        return true;
    }
    return false;
  }

  const std::vector<std::vector<std::string>>& candidates_;
  const CheckOptions& options_;
  std::vector<std::unordered_map<std::string_view, bool>> known_;  // [k * n + l]
};

// Whether `key`, a month or weekday of language `lang`, is named in
// language `other_lang` by one of `words` (name keys): "Oktober" / "Oct.".
bool same_calendar_item(std::string_view lang, std::string_view key, std::string_view other_lang,
                        const std::vector<std::string>& words) {
  if (key.find(' ') != std::string_view::npos) return false;
  const std::optional<int> item = calendar_item(lang, key);
  if (!item) return false;
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return calendar_item(other_lang, w) == item; });
}

// Whether `key`, a country, region or language named in language `lang`,
// is named in language `other_lang` by one of `words` (name keys) or by
// its code among `acronyms`: "Greece" / "Греції", "Welsh" / "walisisch",
// "Amerika Serikat" / "USA".
bool same_place(std::string_view lang, std::string_view key, std::string_view other_lang,
                const std::vector<std::string>& words, const std::vector<std::string>& acronyms,
                const std::vector<std::string>& own) {
  std::vector<int> items = place_items(lang, key);
  if (items.empty()) return false;
  // A word of a wider place name its own version writes names that place
  // too: "Eropa" of "Uni Eropa" is the European Union, which another
  // version writes "EU".
  if (key.find(' ') == std::string_view::npos) {
    for (const std::string& c : own) {
      if (c.find(' ') == std::string::npos) continue;
      bool inside = false;
      for_each_key_word(c, [&](std::string_view w) { inside = inside || w == key; });
      if (!inside) continue;
      const std::vector<int> wider = place_items(lang, c);
      items.insert(items.end(), wider.begin(), wider.end());
    }
    std::sort(items.begin(), items.end());
  }
  if (std::any_of(acronyms.begin(), acronyms.end(), [&](const std::string& a) {
        return std::binary_search(items.begin(), items.end(), place_item_of_code(a));
      })) {
    return true;
  }
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    const std::vector<int> there = place_items(other_lang, w);
    return std::any_of(there.begin(), there.end(), [&](int i) {
      return std::binary_search(items.begin(), items.end(), i);
    });
  });
}

// How member l's tuple sentences hold a checked name of member k.
enum Held : std::uint8_t {
  kNotHeld = 0,
  kWritten = 1,     // as the name, perhaps inflected or transliterated
  kTranslated = 2,  // a month, weekday, country or language by its own name there
};

// How each member's tuple sentences hold each checked name of member k:
// [l][q] (a Held).
std::vector<std::vector<std::uint8_t>> presence_of_names(const Group& g, std::size_t k,
                                                         const TupleNames& x,
                                                         NamePresence& presence) {
  const std::vector<CheckedName>& names = x.checked[k];
  std::vector<std::vector<std::uint8_t>> there(x.checked.size());
  for (std::size_t l : x.present) {
    if (l == k) continue;
    there[l].resize(names.size());
    for (std::size_t q = 0; q < names.size(); ++q) {
      const std::string_view lang = g.members[k]->lang(), other = g.members[l]->lang();
      const std::string_view key = names[q].key;
      if (presence.found_in(key, k, l)) {
        there[l][q] = kWritten;
      } else if (same_calendar_item(lang, key, other, x.candidates[l]) ||
                 same_place(lang, key, other, x.candidates[l], x.acronyms[l], x.candidates[k])) {
        there[l][q] = kTranslated;
      }
    }
  }
  return there;
}

// Whether name q of member k, absent from member l, is held by a third
// member of the tuple. With three or more versions present, a name only
// one version writes is that version's rendering ("Amerika Serikat" where
// the others write "U.S.", "Uni Eropa" / "EU"), not a name the others
// dropped: an omission is a name the other versions agree on.
bool corroborated(std::size_t k, std::size_t l, std::size_t q, const TupleNames& x,
                  const std::vector<std::vector<std::uint8_t>>& there) {
  if (x.present.size() < 3) return true;
  return std::any_of(x.present.begin(), x.present.end(),
                     [&](std::size_t m) { return m != k && m != l && there[m][q]; });
}

// Fills the lacking members of each checked name of member k: a member
// lacks a name when it is not there, no name it overlaps is, and a third
// member (if the tuple has one) holds it too.
void find_lacking(const Group& g, std::size_t k, TupleNames& x, const NameGate& gate,
                  NamePresence& presence) {
  const auto there = presence_of_names(g, k, x, presence);
  std::vector<CheckedName>& names = x.checked[k];
  for (std::size_t l : x.present) {
    if (l == k) continue;
    // Across scripts, only the names the two documents are known to share:
    // a transliteration the matcher does not recognise ("Rangers" /
    // "Рейнджерс") or a name translated (China / Китай) is not an omission.
    const bool cross_script = g.members[k]->script != g.members[l]->script;
    for (std::size_t q = 0; q < names.size(); ++q) {
      // A name translated is there, but not written: drop_consistently_absent()
      // counts it with the absences.
      if (there[l][q] == kTranslated) names[q].absent.push_back(l);
      if (there[l][q] || (cross_script && !gate.pair[k][l][x.ids[k][q]])) continue;
      names[q].absent.push_back(l);
      if (!corroborated(k, l, q, x, there)) continue;
      bool overlaps_present = false;
      for (std::size_t p = 0; p < names.size(); ++p) {
        overlaps_present |= there[l][p] && names[p].span.start < names[q].span.end &&
                            names[q].span.start < names[p].span.end;
      }
      if (!overlaps_present) names[q].lacking.push_back(l);
    }
  }
}

// Whether lacking name q is not reported itself: a wider lacking name
// contains it, or it is the same name as an earlier lacking one.
bool covered(const std::vector<CheckedName>& names, std::size_t q) {
  bool inside_wider = false;
  for (std::size_t p = 0; p < names.size(); ++p) {
    inside_wider |= p != q && !names[p].lacking.empty() &&
                    names[p].span.size() > names[q].span.size() &&
                    names[p].span.start <= names[q].span.start &&
                    names[q].span.end <= names[p].span.end;
  }
  // The same name twice in one sentence: report its first occurrence.
  for (std::size_t p = 0; p < q && !inside_wider; ++p) {
    inside_wider = !names[p].lacking.empty() && names[p].key == names[q].key;
  }
  return inside_wider;
}

}  // namespace

std::string_view word_stem(std::string_view key) {
  return key.size() >= 6 ? key.substr(0, 5) : key.size() == 5 ? key.substr(0, 4) : key;
}

std::uint64_t word_key_hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

GroupNames find_missing_names(const Group& g, const NameGate& gate, const CheckOptions& options) {
  const std::size_t n = g.size();
  GroupNames out;
  out.cells.resize(g.tuples * n);
  for (std::size_t t = 0; t < g.tuples; ++t) {
    TupleNames x = collect_names(g, t, gate);
    if (x.present.size() >= 2) {
      NamePresence presence(x, options);
      for (std::size_t k : x.present) find_lacking(g, k, x, gate, presence);
    }
    for (std::size_t k : x.present) {
      NameCell& cell = out.cells[t * n + k];
      cell.names = std::move(x.checked[k]);
      cell.words.reserve(x.candidates[k].size());
      for (const std::string& c : x.candidates[k]) {
        if (c.find(' ') == std::string::npos) cell.words.push_back(word_key_hash(word_stem(c)));
      }
      std::sort(cell.words.begin(), cell.words.end());
      cell.words.erase(std::unique(cell.words.begin(), cell.words.end()), cell.words.end());
    }
  }
  return out;
}

void drop_consistently_absent(const Group& g, GroupNames& names) {
  const std::size_t n = g.size();
  struct Count {
    std::uint32_t tuples = 0;
    std::uint32_t absent = 0;
  };
  // (member k, name hash, member l) -> counts
  std::unordered_map<std::uint64_t, Count> counts;
  const auto key = [](std::size_t k, std::uint64_t hash, std::size_t l) {
    return (hash * 1000003u + k) * 1000003u + l;
  };
  const auto for_each_meeting = [&](auto&& f) {
    for (std::size_t t = 0; t < g.tuples; ++t) {
      for (std::size_t k = 0; k < n; ++k) {
        const std::vector<CheckedName>& checked = names.cells[t * n + k].names;
        for (std::size_t q = 0; q < checked.size(); ++q) {
          // A name twice in one tuple counts once.
          bool repeat = false;
          for (std::size_t p = 0; p < q && !repeat; ++p) repeat = checked[p].hash == checked[q].hash;
          if (repeat) continue;
          for (std::size_t l = 0; l < n; ++l) {
            if (l != k && !g.cell(t, l).empty()) f(t, k, l, q);
          }
        }
      }
    }
  };
  for_each_meeting([&](std::size_t t, std::size_t k, std::size_t l, std::size_t q) {
    const CheckedName& name = names.cells[t * n + k].names[q];
    Count& c = counts[key(k, name.hash, l)];
    ++c.tuples;
    c.absent += std::find(name.absent.begin(), name.absent.end(), l) != name.absent.end();
  });
  for (std::size_t c = 0; c < names.cells.size(); ++c) {
    const std::size_t k = c % n;
    for (CheckedName& name : names.cells[c].names) {
      std::erase_if(name.lacking, [&](std::size_t l) {
        if (std::find(name.translated_in.begin(), name.translated_in.end(), l) !=
            name.translated_in.end()) {
          return false;
        }
        const Count& count = counts[key(k, name.hash, l)];
        return count.tuples >= 2 && 3 * count.absent > 2 * count.tuples;
      });
    }
  }
}

void report_missing_names(const Group& g, const GroupNames& names, std::vector<Finding>& out) {
  const std::size_t n = g.size();
  for (std::size_t t = 0; t < g.tuples; ++t) {
    std::vector<std::string> items;
    // Info when every name reported is made of common words
    // (CheckedName::common_in): the evidence is then weaker.
    bool only_common = true;
    FindingBuilder b(CheckKind::kNames, Severity::kWarning, g, t);
    for (std::size_t k = 0; k < n; ++k) {
      const std::vector<CheckedName>& checked = names.cells[t * n + k].names;
      for (std::size_t q = 0; q < checked.size(); ++q) {
        const CheckedName& name = checked[q];
        if (name.lacking.empty() || covered(checked, q)) continue;
        b.sentence(k, name.sentence);
        b.highlight(k, name.span);
        // The sentences of the members that lack it too: where to look.
        for (std::size_t l : name.lacking) b.sentences(l, g.cell(t, l));
        const bool common = std::all_of(name.lacking.begin(), name.lacking.end(), [&](std::size_t l) {
          return std::find(name.common_in.begin(), name.common_in.end(), l) != name.common_in.end();
        });
        only_common = only_common && common;
        items.push_back(fmt::format("{} ({}) not in {}{}", g.members[k]->bytes(name.span),
                                    g.label(k), join_labels(g, name.lacking),
                                    common ? " (common words: may be translated)" : ""));
      }
    }
    if (b.empty()) continue;
    if (only_common) b.severity(Severity::kInfo);
    out.push_back(b.finish(fmt::format("name missing: {}", join_items(items))));
  }
}

}  // namespace polyalign::checks
