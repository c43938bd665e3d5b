// drop_dictionary_names(): a name is not missing where a dictionary
// translates each of its words (checks/name_dictionary.h).
#include "checks/name_dictionary.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "checks/calendar_names.h"
#include "checks/place_names.h"
#include "checks/text.h"
#include "polyalign/anchors.h"
#include "polyalign/dictionaries.h"

namespace polyalign::checks {

namespace {

constexpr std::size_t kMinWordLetters = 3;  // shorter words ("of", "de") need no translation
constexpr std::uint32_t kMaxTranslations = 8;  // senses read per word

// Translations of one document's words into another's: word id of k ->
// sorted word ids of l.
using Translations = std::unordered_map<std::uint32_t, std::vector<std::uint32_t>>;

Translations translations(const DocFacts& a, const DocFacts& b, const std::string& directory) {
  DictionaryOptions o;
  o.directory = directory;
  // Every word may be a name's: none is left out for being frequent, and
  // any listed sense will do (the sentence must hold it).
  o.skip_frequent = 0;
  o.max_translations = kMaxTranslations;
  Translations out;
  const auto lex = load_lexicon(o, a.lang(), b.lang());
  if (lex->empty()) return out;
  for (const WordLink& link : lex->links(a.features, b.features)) out[link.word_a].push_back(link.word_b);
  for (auto& [w, list] : out) std::sort(list.begin(), list.end());
  return out;
}

// How a word of a name stands in a member's tuple sentences.
enum class WordThere { kAbsent, kWritten, kTranslated };

class DictionaryNames {
 public:
  DictionaryNames(const Group& g, const std::string& directory, const CheckOptions& options,
                  const LowerCaseWords& lower)
      : g_(g), directory_(directory), options_(options), lower_(lower), ids_(g.size()) {}

  // Whether member l's sentences of tuple t hold every word of name `name`
  // of member k, each translated by a dictionary or written as the name
  // writes it, and at least one translated: "Prison Service" / "Layanan
  // Penjara", "North Korea" / "Korea Utara" / "उत्तर कोरिया" (the
  // direction translated, the country transliterated). The dictionary is
  // that of k's language or of another member's that writes the words the
  // same way ("Street" in a German sentence is English: the
  // English-Indonesian dictionary has it).
  bool translated(std::size_t t, std::size_t k, std::size_t l, const CheckedName& name) {
    const std::vector<std::string> words = name_words(k, name);
    if (words.empty()) return false;
    const std::vector<std::uint32_t> there = words_there(t, l);
    const std::vector<std::string> keys = keys_there(t, l);
    const std::vector<std::string> outside = words_outside(k, name);
    for (std::size_t m = 0; m < g_.size(); ++m) {
      if (m == l || g_.members[m]->lang() == g_.members[l]->lang()) continue;
      const Translations& tr = translations_of(m, l);
      if (tr.empty()) continue;
      bool all = true, any_translated = false, own_translated = false, others_common = true;
      for (const std::string& word : words) {
        const WordThere w = word_there(m, word, tr, there, keys);
        all = all && w != WordThere::kAbsent;
        any_translated = any_translated || w == WordThere::kTranslated;
        // A translation of a word the name's sentence also writes outside
        // the name may be that word's ("Labour Party spokesman ... not
        // party policy" / "... nicht um Parteipolitik"): not the name's.
        own_translated = own_translated ||
                         (w == WordThere::kTranslated &&
                          !std::binary_search(outside.begin(), outside.end(), word));
        // A word the corpus writes in lower case in its language, or one
        // the dictionary translates by a word that is not its
        // transliteration, is a common word, which a translator may
        // render in words no dictionary lists ("monitor" -> "pengamat").
        others_common = others_common && (w == WordThere::kTranslated ||
                                          written_lower(m, word) || translated_as_word(m, word));
      }
      if (all && any_translated) return true;
      // A name of several common words part of which the dictionary finds
      // translated there: "Drought Monitor" / "Pengamat kekeringan". A
      // name with a person's or a place's name in it, written there or
      // not ("Star Ford Kieran" / "Bintang Kieran"), has a word neither
      // written in lower case nor a dictionary's common word, and stays
      // missing.
      if (words.size() >= 2 && own_translated && others_common) return true;
    }
    return false;
  }

  // Whether `name` of member k, lacking from member l, is made of common
  // words: each a word that the corpus writes in lower case in a language
  // and a dictionary of that language (read in k's language, or in another
  // member's that writes the words the same way) translates into a
  // member's language or English by a word that is not
  // its transliteration ("labour" -> "buruh", "arbeit"; not "wales" ->
  // "वेल्स": dictionaries list names too), and none of them a country,
  // region, language, month or weekday (ICU names those, and the names
  // check knows how each language writes them). A person's or a place's
  // name the dictionaries do not list ("Kavanaugh", "Xochimilco") is not.
  bool common(std::size_t k, std::size_t l, const CheckedName& name) {
    const std::vector<std::string> words = name_words(k, name);
    if (words.empty()) return false;
    for (const std::string& w : words) {
      const std::string key = name_key(w);
      if (calendar_item(g_.members[k]->lang(), key) || !place_items(g_.members[k]->lang(), key).empty()) {
        return false;
      }
    }
    for (std::size_t m = 0; m < g_.size(); ++m) {
      if (m == l || g_.members[m]->lang() == g_.members[l]->lang()) continue;
      if (std::all_of(words.begin(), words.end(), [&](const std::string& w) {
            return id_of(m, w).has_value() && written_lower(m, w) && translated_as_word(m, w);
          })) {
        return true;
      }
    }
    return false;
  }

 private:
  // The words of a name that need a translation (letters: kMinWordLetters+).
  std::vector<std::string> name_words(std::size_t k, const CheckedName& name) const {
    std::vector<std::string> words = tokenize_words(g_.members[k]->bytes(name.span));
    std::erase_if(words, [](const std::string& w) { return letters(w) < kMinWordLetters; });
    return words;
  }

  // The words (tokenize_words(): lower case) of `name`'s sentence in member
  // k outside the name, sorted.
  std::vector<std::string> words_outside(std::size_t k, const CheckedName& name) const {
    const DocFacts& d = *g_.members[k];
    std::vector<std::string> out;
    const std::string_view text = d.text(name.sentence);
    const std::string_view doc = d.doc->document.text;
    const auto start = static_cast<std::size_t>(text.data() - doc.data());
    const std::size_t from = std::min<std::size_t>(name.span.start - start, text.size());
    const std::size_t to = std::min<std::size_t>(name.span.end - start, text.size());
    for (std::string_view part : {text.substr(0, from), text.substr(to)}) {
      std::vector<std::string> w = tokenize_words(part);
      out.insert(out.end(), w.begin(), w.end());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // l's word ids in tuple t, sorted.
  std::vector<std::uint32_t> words_there(std::size_t t, std::size_t l) const {
    std::vector<std::uint32_t> there;
    const SentenceRange& r = g_.cell(t, l);
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      const auto ids = g_.members[l]->features.words_of(i);
      there.insert(there.end(), ids.begin(), ids.end());
    }
    std::sort(there.begin(), there.end());
    return there;
  }

  // The name keys of l's words in tuple t.
  std::vector<std::string> keys_there(std::size_t t, std::size_t l) const {
    std::vector<std::string> keys;
    const SentenceRange& r = g_.cell(t, l);
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      const std::string_view text = g_.members[l]->text(i);
      for_each_word_span(text, [&](std::size_t s, std::size_t e) {
        std::string key = name_key(text.substr(s, e - s));
        if (!key.empty()) keys.push_back(std::move(key));
      });
    }
    return keys;
  }

  // How `word` (of member m's vocabulary) stands among l's words: a
  // translation of it (`there`, by `tr`), or the word itself as a name
  // (`keys`: the same name key, as the names check compares them).
  WordThere word_there(std::size_t m, const std::string& word, const Translations& tr,
                       const std::vector<std::uint32_t>& there, const std::vector<std::string>& keys) {
    const auto id = id_of(m, word);
    const auto it = id ? tr.find(*id) : tr.end();
    if (it != tr.end() && std::any_of(it->second.begin(), it->second.end(), [&](std::uint32_t w) {
          return std::binary_search(there.begin(), there.end(), w);
        })) {
      return WordThere::kTranslated;
    }
    const std::string key = name_key(word);
    if (key.empty()) return WordThere::kAbsent;
    const double bar = written_bar(key);
    const bool written = std::any_of(keys.begin(), keys.end(), [&](const std::string& c) {
      return c == key || name_similarity(key, c) >= bar;
    });
    return written ? WordThere::kWritten : WordThere::kAbsent;
  }

  // The score at which a word is a name key written another way, as the
  // names check finds a name present (polyalign/checks.h).
  double written_bar(std::string_view key) const {
    return key_letters(key) >= 5 ? options_.name_presence_threshold : options_.name_threshold;
  }

  // Whether the corpus's documents of member m's language write `word` in
  // lower case.
  bool written_lower(std::size_t m, const std::string& word) const {
    const auto it = lower_.find(g_.members[m]->lang());
    return it != lower_.end() && it->second.count(name_key(word)) > 0;
  }

  // Whether a dictionary of member m's language into a member's language
  // or English translates `word` by a word that is not its transliteration.
  bool translated_as_word(std::size_t m, const std::string& word) {
    const std::string& from = g_.members[m]->lang();
    const std::string key = name_key(word);
    const double bar = written_bar(key);
    std::vector<std::string> into{"en"};
    for (const DocFacts* d : g_.members) into.push_back(d->lang());
    return std::any_of(into.begin(), into.end(), [&](const std::string& to) {
      if (to == from) return false;
      const std::vector<std::string> list = lexicon(from, to).translations(word, kMaxTranslations);
      return std::any_of(list.begin(), list.end(), [&](const std::string& t) {
        return name_similarity(key, name_key(t)) < bar;
      });
    });
  }

  const BilingualLexicon& lexicon(const std::string& from, const std::string& to) {
    auto it = lexicons_.find({from, to});
    if (it == lexicons_.end()) {
      DictionaryOptions o;
      o.directory = directory_;
      it = lexicons_.emplace(std::pair{from, to}, load_lexicon(o, from, to)).first;
    }
    return *it->second;
  }

  const Translations& translations_of(std::size_t k, std::size_t l) {
    auto it = translations_.find({k, l});
    if (it == translations_.end()) {
      it = translations_.emplace(std::pair{k, l}, translations(*g_.members[k], *g_.members[l], directory_))
               .first;
    }
    return it->second;
  }

  std::optional<std::uint32_t> id_of(std::size_t k, std::string_view word) {
    auto& ids = ids_[k];
    if (ids.empty()) {
      const std::vector<std::string>& vocabulary = g_.members[k]->features.vocabulary;
      for (std::uint32_t w = 0; w < vocabulary.size(); ++w) ids.emplace(vocabulary[w], w);
    }
    const auto it = ids.find(word);
    if (it == ids.end()) return std::nullopt;
    return it->second;
  }

  const Group& g_;
  const std::string& directory_;
  const CheckOptions& options_;
  const LowerCaseWords& lower_;
  std::map<std::pair<std::size_t, std::size_t>, Translations> translations_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const BilingualLexicon>> lexicons_;
  std::vector<std::unordered_map<std::string_view, std::uint32_t>> ids_;  // [k]: word -> id
};

// The name anchors of `name`'s sentence in `d` whose spans contain its
// span and are wider, as CheckedNames (span and sentence only).
std::vector<CheckedName> wider_names(const DocFacts& d, const CheckedName& name) {
  std::vector<CheckedName> out;
  for (const AnchorRef& a : d.features.anchors_of(name.sentence)) {
    const ByteSpan s = a.span();
    if (d.features.key_of(a).kind != AnchorKind::kName || s.size() <= name.span.size() ||
        s.start > name.span.start || name.span.end > s.end) {
      continue;
    }
    CheckedName w;
    w.span = s;
    w.sentence = name.sentence;
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace

LowerCaseWords lower_case_words(const std::vector<Group>& groups) {
  LowerCaseWords out;
  std::unordered_set<const DocFacts*> seen;
  for (const Group& g : groups) {
    for (const DocFacts* d : g.members) {
      if (seen.insert(d).second) out[d->lang()].insert(d->lower_keys.begin(), d->lower_keys.end());
    }
  }
  return out;
}

void drop_dictionary_names(const Group& g, GroupNames& names, const std::string& directory,
                           const CheckOptions& options, const LowerCaseWords& lower) {
  if (directory.empty()) return;
  DictionaryNames dictionary(g, directory, options, lower);
  const std::size_t n = g.size();
  for (std::size_t c = 0; c < names.cells.size(); ++c) {
    std::vector<CheckedName>& cell = names.cells[c].names;
    for (CheckedName& name : cell) {
      const std::vector<CheckedName> wider = wider_names(*g.members[c % n], name);
      std::erase_if(name.lacking, [&](std::size_t l) {
        // The name, or a wider name of its sentence that the gate did not
        // confirm ("Institute" of "National Cancer Institute" / "Lembaga
        // Kanker Nasional"): the name is a word of it.
        const bool translated =
            dictionary.translated(c / n, c % n, l, name) ||
            std::any_of(wider.begin(), wider.end(), [&](const CheckedName& w) {
              return dictionary.translated(c / n, c % n, l, w);
            });
        if (!translated) return false;
        // The names inside a translated name are translated with it
        // ("Service" in "Prison Service").
        for (CheckedName& inner : cell) {
          if (&inner != &name && name.span.start <= inner.span.start &&
              inner.span.end <= name.span.end) {
            std::erase(inner.lacking, l);
          }
        }
        return true;
      });
      for (std::size_t l : name.lacking) {
        // Where the corpus knows how l's language translates it
        // (name_counterparts.h) and the translation is not there either:
        // a warning.
        const bool learned = std::find(name.translated_in.begin(), name.translated_in.end(), l) !=
                             name.translated_in.end();
        if (!learned && dictionary.common(c % n, l, name)) name.common_in.push_back(l);
      }
    }
  }
}

}  // namespace polyalign::checks
