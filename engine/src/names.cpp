// names.cpp — phonetic keys of names in any script, and their similarity.
//
// A key is built per word in three steps:
//  1. schwa deletion for the Indo-Aryan scripts (Devanagari, Bengali,
//     Gurmukhi, Gujarati), which write a consonant's inherent vowel but do
//     not pronounce it word-finally or in VC_CV (Ohala 1983, "Aspects of
//     Hindi Phonology", ch. 5): "त्रिन्ह" is "trinh", not ISO 15919's "trinha";
//  2. ICU "Any-Latin; Latin-ASCII" and lower-casing;
//  3. a fold of spelling shifts that transliteration conventions introduce
//     (digraphs with h, c/k/q, x, w/v, y/i, doubled letters).
// Similarity is a weighted edit distance on the keys (vowel and sibilant
// substitutions and vowel insertions cost less, as vowel quality, glides and
// sibilant choice are what transliterations of one name disagree on most),
// checked per word.
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "anchors_internal.h"
#include "util/icu.h"

namespace polyalign::detail {

namespace {

// The per-thread cache of word keys is dropped when it reaches this size, so
// memory stays bounded on large corpora (a few MB per thread).
constexpr std::size_t kMaxCachedWords = 1 << 16;
// The same for vocabulary words outside ASCII (vocabulary_word_key()): a
// corpus's documents come back pair after pair, and most of their words
// with them.
constexpr std::size_t kMaxCachedVocabulary = 1 << 17;

const icu::Transliterator& prototype_transliterator() {
  static const std::unique_ptr<icu::Transliterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    util::check_icu(status, t.get(), "ICU transliterator \"Any-Latin; Latin-ASCII\"",
                    "cannot be built");
    return t;
  }();
  return *prototype;
}

// ICU transliterators are not safe for concurrent transliterate() calls
// (translit.h: "they must be synchronized when shared between threads"), so
// each thread uses its own clone.
icu::Transliterator& thread_transliterator() {
  thread_local std::unique_ptr<icu::Transliterator> t(prototype_transliterator().clone());
  return *t;
}

// ---- schwa deletion ------------------------------------------------------

bool schwa_deleting_script(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode s = uscript_getScript(c, &status);
  return s == USCRIPT_DEVANAGARI || s == USCRIPT_BENGALI || s == USCRIPT_GURMUKHI ||
         s == USCRIPT_GUJARATI;
}

UIndicSyllabicCategory syllabic_category(UChar32 c) {
  return static_cast<UIndicSyllabicCategory>(
      u_getIntPropertyValue(c, UCHAR_INDIC_SYLLABIC_CATEGORY));
}

// Inserts a virama after each consonant whose inherent vowel is silent, so
// that the transliterator writes no vowel there.
void delete_schwas(icu::UnicodeString& word) {
  struct Unit {
    bool consonant = false;
    bool inherent = false;  // consonant carrying the inherent vowel
    bool vowel = false;     // the unit is or carries a vowel (sign or independent)
    bool nasal = false;     // anusvara/candrabindu/visarga: a nasalised vowel stays
    bool deleted = false;
    int32_t insert_at = 0;  // where a virama goes (after the consonant and its nukta)
    UChar32 letter = 0;
  };
  std::vector<Unit> units;
  for (int32_t i = 0; i < word.length();) {
    const UChar32 c = word.char32At(i);
    const int32_t next = word.moveIndex32(i, 1);
    switch (syllabic_category(c)) {
      case U_INSC_CONSONANT:
        units.push_back({true, true, false, false, false, next, c});
        break;
      case U_INSC_NUKTA:
        if (!units.empty() && units.back().consonant) units.back().insert_at = next;
        break;
      case U_INSC_VOWEL_DEPENDENT:
        if (!units.empty()) {
          units.back().inherent = false;
          units.back().vowel = true;
        }
        break;
      case U_INSC_VIRAMA:
        if (!units.empty()) units.back().inherent = false;
        break;
      case U_INSC_BINDU:
      case U_INSC_VISARGA:
        if (!units.empty()) units.back().nasal = true;
        break;
      case U_INSC_VOWEL_INDEPENDENT:
        units.push_back({false, false, true, false, false, next, c});
        break;
      case U_INSC_JOINER:
      case U_INSC_NON_JOINER:
        break;
      default:
        units.push_back({});
        break;
    }
    i = next;
  }
  const auto sounds_vowel = [](const Unit& u) { return u.vowel || (u.inherent && !u.deleted); };
  const auto deletable = [&](const Unit& u) {
    return u.consonant && u.inherent && !u.nasal && schwa_deleting_script(u.letter);
  };
  const std::size_t n = units.size();
  // A word of one consonant ("न") keeps its vowel: it would have none left.
  if (n >= 2 && deletable(units[n - 1])) units[n - 1].deleted = true;
  // Ohala's rule a -> 0 / VC_CV, applied right to left.
  for (std::size_t k = n >= 2 ? n - 2 : 0; k >= 1 && k < n; --k) {
    if (deletable(units[k]) && sounds_vowel(units[k - 1]) && units[k + 1].consonant &&
        sounds_vowel(units[k + 1])) {
      units[k].deleted = true;
    }
  }
  for (std::size_t k = n; k-- > 0;) {
    if (!units[k].deleted) continue;
    // Every Indic block keeps ISCII's layout: the virama sits at offset 0x4D.
    const UChar32 virama = (units[k].letter & ~0x7F) | 0x4D;
    word.insert(units[k].insert_at, virama);
  }
}

// ---- fold ----------------------------------------------------------------

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// One lower-case ASCII word to its key.
std::string fold_word(std::string_view w) {
  std::string s;
  s.reserve(w.size() + 1);
  for (std::size_t i = 0; i < w.size(); ++i) {
    const char c = w[i];
    if (c == 'h' && i > 0) {
      const char prev = w[i - 1];
      if (prev == 'p') {  // ph = f
        s.back() = 'f';
        continue;
      }
      // h after a consonant marks aspiration or a digraph (th, kh, ch, sh,
      // zh, gh, nh, bh, dh, jh): transliterations disagree on writing it.
      if (!is_vowel(prev) && prev != 'h') continue;
      // Final h after a vowel ("Fatimah" / "Fatima", "Shah" / "Шах") is a
      // spelling convention more than a sound.
      if (i + 1 == w.size() && w.size() > 2) continue;
    }
    s.push_back(c);
  }
  std::string out;
  out.reserve(s.size() + 2);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case 'c':
      case 'q':
        out.push_back('k');
        break;
      case 'x':  // /s/ word-initially (Vietnamese, pinyin, English "Xerox"), /ks/ elsewhere
        out.append(i == 0 ? "s" : "ks");
        break;
      case 'w':
        out.push_back('v');
        break;
      case 'y':
        out.push_back('i');
        break;
      default:
        out.push_back(c);
    }
  }
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Lower-cases ASCII letters of `latin` and folds each space-separated piece
// (a transliteration may split a word: Han gives one pinyin syllable each).
std::string fold_latin(std::string_view latin) {
  std::string key;
  std::string word;
  const auto flush = [&] {
    if (word.empty()) return;
    std::string folded = fold_word(word);
    if (!folded.empty()) {
      if (!key.empty()) key.push_back(' ');
      key += folded;
    }
    word.clear();
  };
  for (char c : latin) {
    if (c >= 'A' && c <= 'Z') {
      word.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c >= 'a' && c <= 'z') {
      word.push_back(c);
    } else if (c == ' ' || c == '-') {
      flush();
    }
    // Anything else (apostrophes, ICU's hiatus marks "ta'o", soft-sign
    // primes, leftover symbols) is dropped.
  }
  flush();
  return key;
}

bool all_ascii(std::string_view word) {
  return std::all_of(word.begin(), word.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// ---- Latin words without the transliterator --------------------------------

// The letters that ICU's Latin-ASCII rules spell out and that are left once
// accents are taken off, as written by those rules (fold_latin() lower-cases
// them anyway). Any other letter sends the word to the transliterator.
struct LatinLetter {
  char16_t letter;
  std::string_view ascii;
};
constexpr LatinLetter kLatinLetters[] = {
    {u'Æ', "AE"}, {u'Ð', "D"},  {u'Ø', "O"},  {u'Þ', "TH"}, {u'ß', "ss"}, {u'æ', "ae"},
    {u'ð', "d"},  {u'ø', "o"},  {u'þ', "th"}, {u'Đ', "D"},  {u'đ', "d"},  {u'ı', "i"},
    {u'Ł', "L"},  {u'ł', "l"},  {u'Œ', "OE"}, {u'œ', "oe"},
};

// Whether "Any-Latin" leaves `c` as it is and Latin-ASCII takes it in:
// ASCII, Latin-1 Supplement and Latin Extended-A/B letters, Latin Extended
// Additional (Vietnamese) and the combining diacritics.
bool latin_range(UChar32 c) {
  return c < 0x250 || (c >= 0x300 && c < 0x370) || (c >= 0x1E00 && c < 0x1F00);
}

// What "Any-Latin; Latin-ASCII" makes of a word of latin_range() letters,
// found without ICU's transliterator: building one first loads ICU's whole
// transliterator registry, which costs more than the name keys of a 10k
// sentence document together. Any-Latin leaves Latin as it is; Latin-ASCII
// is NFD, removal of the non-spacing marks after a Latin letter or digit,
// NFC and a table of single letters. Returns false (and the caller asks ICU)
// for a word this does not cover exactly.
bool latin_ascii(const icu::UnicodeString& word, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return false;
  const icu::UnicodeString decomposed = nfd->normalize(word, status);
  if (U_FAILURE(status)) return false;
  out.clear();
  bool after_base = false;  // the last kept character is a Latin letter or 0-9
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    const UChar32 c = decomposed.char32At(i);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      if (!after_base) return false;
      continue;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      after_base = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      continue;
    }
    // With its marks gone a letter is one of the table's (which NFC cannot
    // compose with anything) or left to ICU.
    const auto* hit = std::find_if(std::begin(kLatinLetters), std::end(kLatinLetters),
                                   [c](const LatinLetter& l) { return l.letter == c; });
    if (hit == std::end(kLatinLetters)) return false;
    out += hit->ascii;
    after_base = true;
  }
  return true;
}

}  // namespace

std::string compute_word_key(std::string_view word) {
  if (all_ascii(word)) return fold_latin(word);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  bool all_latin = true;
  for (int32_t i = 0; i < u.length() && all_latin; i = u.moveIndex32(i, 1)) {
    all_latin = latin_range(u.char32At(i));
  }
  if (std::string ascii_form; all_latin && latin_ascii(u, ascii_form)) {
    return fold_latin(ascii_form);
  }
  bool indic = false;
  for (int32_t i = 0; i < u.length() && !indic; i = u.moveIndex32(i, 1)) {
    const UChar32 c = u.char32At(i);
    indic = c >= 0x0900 && c < 0x0B00 && schwa_deleting_script(c);
  }
  if (indic) delete_schwas(u);
  // ICU writes Cyrillic й as ISO 9's "j", the letter that elsewhere is the
  // consonant of "Joko" or Devanagari ज; the glide it stands for is "y" in
  // the Latin spellings it meets ("Лой" / "Loi", "Yosyp"), then "i" below.
  u.findAndReplace(u"й", u"y").findAndReplace(u"Й", u"Y");
  thread_transliterator().transliterate(u);
  std::string latin;
  u.toUTF8String(latin);
  return fold_latin(latin);
}

namespace {


// Characters that separate the words of a name; apostrophes and joiners stay
// inside a word ("K'nia", "В'єтнам", Indic ZWJ/ZWNJ).
bool name_word_char(UChar32 c) {
  if (c < 0) return false;
  if (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK)) return true;
  return c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x02BB || c == 0x200C || c == 0x200D;
}

// ---- similarity ----------------------------------------------------------

bool sibilant(char c) { return c == 's' || c == 'z' || c == 'j'; }

// Vowel quality is what scripts render least alike (Hindi ए for the "a" of
// "Hang A", ऑ for English "o"), sibilants and affricates the consonants they
// disagree on most (Vietnamese x as Cyrillic с, Devanagari झ); a vowel still
// costs enough that one-vowel variants of a short name ("Lao" / "Lai") stay
// apart.
double substitution_cost(char a, char b) {
  if (a == b) return 0.0;
  if (sibilant(a) && sibilant(b)) return 0.5;
  if (is_vowel(a) && is_vowel(b)) return 0.7;
  return 1.0;
}

// Inserting or dropping a vowel or a word break (joined vs split names,
// "Langson" / "Lang Son") costs half.
double indel_cost(char c) { return is_vowel(c) || c == ' ' ? 0.5 : 1.0; }

double similarity_of(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  // Wagner-Fischer with two rows, reused across calls (this runs for every
  // candidate pair of names in a document pair).
  thread_local std::vector<double> prev, cur;
  prev.resize(b.size() + 1);
  cur.resize(b.size() + 1);
  prev[0] = 0.0;
  for (std::size_t j = 1; j <= b.size(); ++j) prev[j] = prev[j - 1] + indel_cost(b[j - 1]);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = prev[0] + indel_cost(a[i - 1]);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + indel_cost(a[i - 1]), cur[j - 1] + indel_cost(b[j - 1]),
                         prev[j - 1] + substitution_cost(a[i - 1], b[j - 1])});
    }
    std::swap(prev, cur);
  }
  const double longest = static_cast<double>(std::max(a.size(), b.size()));
  return std::max(0.0, 1.0 - prev[b.size()] / longest);
}

std::vector<std::string_view> split_words(std::string_view key) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t end = std::min(key.find(' ', start), key.size());
    if (end > start) words.push_back(key.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

}  // namespace

bool needs_transliterator(std::string_view text) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
  for (std::int32_t i = 0; i < n;) {
    // ASCII eight bytes at a time (a long Latin text is mostly ASCII).
    std::uint64_t chunk;
    if (i + 8 <= n && (std::memcpy(&chunk, bytes + i, 8), (chunk & 0x8080808080808080ull) == 0)) {
      i += 8;
      continue;
    }
    if (bytes[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c >= 0 && !latin_range(c) && u_isalpha(c)) return true;
  }
  return false;
}

void build_transliterator() { prototype_transliterator(); }

namespace {

// compute_word_key() remembered for up to `capacity` words, dropped whole
// when full so that memory stays bounded on large corpora. One per thread.
class WordKeyCache {
 public:
  explicit WordKeyCache(std::size_t capacity) : capacity_(capacity) {}
  std::string get(std::string_view word) {
    if (auto it = keys_.find(word); it != keys_.end()) return it->second;
    std::string key = compute_word_key(word);
    if (keys_.size() >= capacity_) keys_.clear();
    keys_.emplace(std::string(word), key);
    return key;
  }

 private:
  // Transparent hashing: a lookup does not copy the word.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return short_string_hash(s); }
  };
  std::size_t capacity_;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> keys_;
};

}  // namespace

std::string word_name_key(std::string_view word) {
  thread_local WordKeyCache cache(kMaxCachedWords);
  return cache.get(word);
}

std::string vocabulary_word_key(std::string_view word) {
  // An ASCII word's key is a fold, cheaper than a lookup.
  if (all_ascii(word)) return compute_word_key(word);
  thread_local WordKeyCache cache(kMaxCachedVocabulary);
  return cache.get(word);
}

}  // namespace polyalign::detail

namespace polyalign {

std::string name_key(std::string_view name) {
  std::string key;
  std::size_t i = 0;
  while (i < name.size()) {
    std::size_t next = 0;
    if (!detail::name_word_char(detail::decode_at(name, i, next))) {
      i = next;
      continue;
    }
    const std::size_t start = i;
    while (i < name.size() && detail::name_word_char(detail::decode_at(name, i, next))) i = next;
    const std::string word = detail::word_name_key(name.substr(start, i - start));
    if (word.empty()) continue;
    if (!key.empty()) key.push_back(' ');
    key += word;
  }
  return key;
}

double name_similarity(std::string_view key_a, std::string_view key_b) {
  double score = detail::similarity_of(key_a, key_b);
  if (score == 1.0 || score == 0.0) return score;
  // A name matches only if each of its words does: "na duong" and "suan
  // duong" share most letters but not the first name. Words of one letter
  // (initials, a Hmong "A") are left to the whole-key score.
  const auto words_a = detail::split_words(key_a);
  const auto words_b = detail::split_words(key_b);
  if (words_a.size() == words_b.size() && words_a.size() > 1) {
    for (std::size_t k = 0; k < words_a.size(); ++k) {
      if (std::max(words_a[k].size(), words_b[k].size()) < 2) continue;
      score = std::min(score, detail::similarity_of(words_a[k], words_b[k]));
    }
  }
  return score;
}

}  // namespace polyalign
