#include "polyalign/features.h"

#include "anchors_internal.h"
#include "polyalign/language.h"
#include "util/memory.h"
#include "util/parallel.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <optional>
#include <type_traits>
#include <unordered_map>

namespace polyalign {

namespace {

bool is_word_char(UChar32 c) {
  return (detail::general_category_mask(c) &
          (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) != 0;
}

// ASCII byte -> its lower-case form if it is a word character (letter,
// digit, '_'), else 0; bytes >= 0x80 are 0.
constexpr std::array<char, 256> kAsciiWordLower = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 128; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') t[c] = static_cast<char>(c);
    if (c >= 'A' && c <= 'Z') t[c] = static_cast<char>(c - 'A' + 'a');
  }
  return t;
}();

// Calls f(word) for each lower-cased word of `text`. ASCII (most bytes of
// most text, whatever the language: spaces, digits, punctuation) is
// classified and lower-cased without asking ICU.
template <typename F>
void for_each_word(std::string_view text, F&& f) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::string word;
  std::int32_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      // A run of ASCII word characters is appended in one go, not a byte
      // at a time (most words of most text are such runs).
      std::int32_t end = i;
      while (end < n && kAsciiWordLower[s[end]] != 0) ++end;
      if (end == i) {
        ++i;
        if (!word.empty()) {
          f(word);
          word.clear();
        }
        continue;
      }
      const std::size_t old = word.size();
      word.resize(old + static_cast<std::size_t>(end - i));
      for (char* out = word.data() + old; i < end; ++i) *out++ = kAsciiWordLower[s[i]];
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && is_word_char(c)) {
      const UChar32 lower = u_tolower(c);
      char buf[4];
      std::int32_t len = 0;
      U8_APPEND_UNSAFE(buf, len, lower);
      word.append(buf, static_cast<std::size_t>(len));
    } else if (!word.empty()) {
      f(word);
      word.clear();
    }
  }
  if (!word.empty()) f(word);
}

// An anchor key as the Interner looks it up: the kind and text of an
// AnchorKey (or of an Anchor not yet stored), without a copy.
struct KindText {
  AnchorKind kind;
  std::string_view text;
  bool operator==(const KindText&) const = default;
};

std::uint64_t key_hash(std::string_view s) { return detail::short_string_hash(s); }
std::uint64_t key_hash(const KindText& k) {
  return detail::short_string_hash(k.text, static_cast<std::uint64_t>(k.kind) + 1);
}

// Key -> dense id (0, 1, 2... in order of first sight), open addressing
// over (tag, id) slots: one probe and one comparison per lookup in the
// common case, no allocation. `key_of(id)` gives back the key of an id
// (std::string_view or KindText) for comparison; the caller stores the keys
// (e.g. a vocabulary).
template <typename KeyOf>
class Interner {
 public:
  using Key = std::invoke_result_t<KeyOf, std::uint32_t>;
  explicit Interner(KeyOf key_of) : key_of_(std::move(key_of)) { slots_.resize(1024); }
  // The id of `s`, and whether it is new (the caller then stores s as it).
  std::pair<std::uint32_t, bool> operator()(const Key& s) {
    const std::uint64_t h = key_hash(s);
    const auto tag = static_cast<std::uint32_t>(h >> 32) | 1;  // 0 marks a free slot
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t p = h & mask;; p = (p + 1) & mask) {
      Slot& slot = slots_[p];
      if (slot.tag == 0) {
        slot = {tag, size_++};
        return {slot.id, true};
      }
      if (slot.tag == tag && key_of_(slot.id) == s) return {slot.id, false};
    }
  }

 private:
  // Eight bytes a slot: a large vocabulary's table is mostly cache misses,
  // and half the bytes are half the lines. grow() hashes the keys again
  // instead of keeping the hash in the slot.
  struct Slot {
    std::uint32_t tag = 0;
    std::uint32_t id = 0;
  };
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.tag == 0) continue;
      std::size_t p = key_hash(key_of_(slot.id)) & mask;
      while (slots_[p].tag != 0) p = (p + 1) & mask;
      slots_[p] = slot;
    }
  }
  KeyOf key_of_;
  std::vector<Slot> slots_;
  std::uint32_t size_ = 0;
};

bool is_foreign(std::string_view text, const std::string& doc_lang, const FeatureOptions& o) {
  if (doc_lang.empty() || doc_lang == "und") return false;
  LanguageOptions lo;
  lo.min_letters = o.foreign_min_letters;
  lo.min_percent = 80;
  lo.valid_utf8 = true;  // a sentence of a validated document
  const LanguageGuess g = identify_language(text, lo);
  if (g.lang == "und" || g.lang == doc_lang) return false;
  // Close languages (id/ms, uk/ru, hi/mr...) share vocabulary; only a
  // sentence whose document language is nowhere in CLD2's ranking counts.
  return std::find(g.ranked.begin(), g.ranked.end(), doc_lang) == g.ranked.end();
}

}  // namespace

std::vector<std::string> tokenize_words(std::string_view text) {
  std::vector<std::string> out;
  for_each_word(text, [&](const std::string& w) { out.push_back(w); });
  return out;
}

namespace {

// Words that occur in at least this share of the sentences (at least 3, at
// most 100 sentences) are the document's common words: in any language
// mostly its function words ("the", "dan", "के", "і"). The cap keeps long
// documents from raising the bar until only a handful of words pass.
constexpr std::uint32_t kCommonMinSentences = 3;
constexpr std::uint32_t kCommonMaxSentences = 100;
constexpr double kCommonMinShare = 0.02;
// A sentence at least this share of whose words are common words of its
// document (counted without the sentence itself) is in the document's
// language; CLD2 is asked only about the others.
constexpr double kNativeShare = 0.2;
// compute_features() on two threads splits documents into blocks of at
// least this many sentences.
constexpr std::size_t kMinBlockSentences = 1024;

bool all_digits(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Flags the sentences that are confidently in another language than the
// document. Running CLD2 on every sentence costs more than the rest of the
// feature extraction together; a sentence made partly of the document's own
// common words is in its language (a third-language insertion shares none
// of them, and a close language would be ranked by CLD2 anyway), so only
// the rest go to CLD2.
// Sentences containing each word of the vocabulary (once per sentence).
std::vector<std::uint32_t> sentence_counts(const DocumentFeatures& f) {
  std::vector<std::uint32_t> df(f.vocabulary.size(), 0), seen(f.vocabulary.size(), 0);
  for (std::size_t i = 0; i < f.size(); ++i) {
    for (std::uint32_t w : f.words_of(i)) {
      if (seen[w] != i + 1) {
        seen[w] = static_cast<std::uint32_t>(i + 1);
        ++df[w];
      }
    }
  }
  return df;
}

bool wants_foreign_flags(const SegmentedDocument& doc, const FeatureOptions& options) {
  const std::string& lang = doc.document.lang;
  return options.sentence_language && !lang.empty() && lang != "und";
}

// `df`: sentence_counts(f).
std::vector<std::uint8_t> foreign_flags(const SegmentedDocument& doc, const DocumentFeatures& f,
                                        const FeatureOptions& options,
                                        const std::vector<std::uint32_t>& df) {
  const std::size_t n = doc.sentences.size();
  std::vector<std::uint8_t> flags(n, 0);
  if (!wants_foreign_flags(doc, options)) return flags;
  const std::string& lang = doc.document.lang;
  const auto min_df = std::clamp<std::uint32_t>(
      static_cast<std::uint32_t>(kCommonMinShare * static_cast<double>(n)), kCommonMinSentences,
      kCommonMaxSentences);
  std::vector<std::uint8_t> digits(f.vocabulary.size());
  for (std::size_t w = 0; w < f.vocabulary.size(); ++w) digits[w] = all_digits(f.vocabulary[w]);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t words = 0, common = 0;
    for (std::uint32_t w : f.words_of(i)) {
      if (digits[w]) continue;
      ++words;
      // df without this sentence's own occurrence.
      common += df[w] - 1 >= min_df;
    }
    if (words > 0 && static_cast<double>(common) >= kNativeShare * static_cast<double>(words))
      continue;
    flags[i] = is_foreign(doc.sentence_text(i), lang, options);
  }
  return flags;
}

// Removes from f.words the words of more than `max_sentences` sentences
// (`df`: sentence_counts(f)).
void drop_common_words(DocumentFeatures& f, std::uint32_t max_sentences,
                       const std::vector<std::uint32_t>& df) {
  const std::size_t n = f.size();
  std::size_t out = 0;
  std::uint32_t begin = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t end = f.word_offsets[i + 1];
    for (std::uint32_t k = begin; k < end; ++k) {
      if (df[f.words[k]] <= max_sentences) f.words[out++] = f.words[k];
    }
    begin = end;
    f.word_offsets[i + 1] = static_cast<std::uint32_t>(out);
  }
  f.words.resize(out);
}

}  // namespace

namespace {

// The features of sentences [first, last) of a document, with word and
// anchor-key ids local to the block (in order of first sight within it).
struct Block {
  DocumentFeatures f;  // offsets start at 0; anchor_keys, vocabulary local
};

// The lookup key of anchor key `id` of `f`.
KindText kind_text(const DocumentFeatures& f, std::uint32_t id) {
  const AnchorKey& k = f.anchor_keys[id];
  return {k.kind, k.text};
}

// Room for n sentences in the per-sentence arrays of an empty `f`, and the
// first offsets (0).
void start_rows(DocumentFeatures& f, std::size_t n) {
  f.lengths.reserve(n);
  f.paragraphs.reserve(n);
  f.anchor_offsets.reserve(n + 1);
  f.word_offsets.reserve(n + 1);
  f.anchor_offsets.push_back(0);
  f.word_offsets.push_back(0);
}

Block extract_block(const SegmentedDocument& doc, const FeatureOptions& options,
                    const AnchorExtractor& extractor, std::size_t first, std::size_t last) {
  Block b;
  DocumentFeatures& f = b.f;
  start_rows(f, last - first);
  const bool words = options.words || options.sentence_language;
  // A word is at least one byte and words are apart by at least one: a
  // sentence of n bytes has at most (n + 1) / 2. Reserved whole, the
  // array never grows by copying (its unused end is address space only),
  // and the block holds no doubled capacity.
  if (words) {
    std::size_t most = 0;
    for (std::size_t i = first; i < last; ++i) most += (doc.sentences[i].span.size() + 1) / 2;
    f.words.reserve(most);
  }
  Interner word_ids([&f](std::uint32_t id) -> std::string_view { return f.vocabulary[id]; });
  Interner key_ids([&f](std::uint32_t id) { return kind_text(f, id); });
  for (std::size_t i = first; i < last; ++i) {
    const Sentence& s = doc.sentences[i];
    f.lengths.push_back(s.length);
    f.paragraphs.push_back(s.paragraph);
    const std::string_view text = doc.sentence_text(i);
    for (Anchor& a : extractor.extract(text)) {
      const auto [id, fresh] = key_ids(KindText{a.kind, a.key});
      if (fresh) f.anchor_keys.push_back({a.kind, std::move(a.key)});
      f.anchors.push_back({id, static_cast<std::uint32_t>(a.span.size()), a.span.start + s.span.start});
    }
    f.anchor_offsets.push_back(static_cast<std::uint32_t>(f.anchors.size()));
    if (words) {
      for_each_word(text, [&](const std::string& w) {
        const auto [id, fresh] = word_ids(w);
        if (fresh) f.vocabulary.push_back(w);
        f.words.push_back(id);
      });
    }
    f.word_offsets.push_back(static_cast<std::uint32_t>(f.words.size()));
  }
  return b;
}

// Joins the blocks of a document in order. Ids are given out in order of
// first sight, as one pass over the whole document gives them: a block's
// local ids are in order of first sight within it, so its words new to the
// document get their ids in that order.
DocumentFeatures join_blocks(std::vector<Block>& blocks, std::size_t n) {
  if (blocks.size() == 1) return std::move(blocks.front().f);
  DocumentFeatures f;
  std::size_t anchors = 0, words = 0;
  for (const Block& b : blocks) anchors += b.f.anchors.size(), words += b.f.words.size();
  const bool release = anchors * sizeof(AnchorRef) + words * sizeof(std::uint32_t) >=
                       util::kWorthReleasing;
  start_rows(f, n);
  f.anchors.reserve(anchors);
  f.words.reserve(words);
  Interner word_ids([&f](std::uint32_t id) -> std::string_view { return f.vocabulary[id]; });
  Interner key_ids([&f](std::uint32_t id) { return kind_text(f, id); });
  std::vector<std::uint32_t> remap;
  for (Block& b : blocks) {
    DocumentFeatures& bf = b.f;
    f.lengths.insert(f.lengths.end(), bf.lengths.begin(), bf.lengths.end());
    f.paragraphs.insert(f.paragraphs.end(), bf.paragraphs.begin(), bf.paragraphs.end());
    remap.resize(bf.anchor_keys.size());
    for (std::size_t k = 0; k < bf.anchor_keys.size(); ++k) {
      const auto [id, fresh] = key_ids(kind_text(bf, static_cast<std::uint32_t>(k)));
      if (fresh) f.anchor_keys.push_back(std::move(bf.anchor_keys[k]));
      remap[k] = id;
    }
    const auto anchor_base = static_cast<std::uint32_t>(f.anchors.size());
    for (AnchorRef r : bf.anchors) {
      r.key = remap[r.key];
      f.anchors.push_back(r);
    }
    for (std::size_t i = 1; i < bf.anchor_offsets.size(); ++i)
      f.anchor_offsets.push_back(anchor_base + bf.anchor_offsets[i]);
    remap.resize(bf.vocabulary.size());
    for (std::size_t k = 0; k < bf.vocabulary.size(); ++k) {
      const auto [id, fresh] = word_ids(bf.vocabulary[k]);
      if (fresh) f.vocabulary.push_back(std::move(bf.vocabulary[k]));
      remap[k] = id;
    }
    const auto word_base = static_cast<std::uint32_t>(f.words.size());
    for (std::uint32_t w : bf.words) f.words.push_back(remap[w]);
    for (std::size_t i = 1; i < bf.word_offsets.size(); ++i)
      f.word_offsets.push_back(word_base + bf.word_offsets[i]);
    // Release the block's memory before the next: the joined arrays take
    // its place (on 1M sentences a side the blocks and the joined copy
    // together were the process's peak, 1.25 GB). Its pages go back to the
    // kernel when the document is large (util/memory.h).
    bf = DocumentFeatures();
    if (release) util::release_free_memory();
  }
  return f;
}

// What needs the whole document: foreign-sentence flags (word counts over
// all sentences) and the removal of common words.
void finish_features(DocumentFeatures& f, const SegmentedDocument& doc,
                     const FeatureOptions& options) {
  const std::size_t n = doc.sentences.size();
  f.lang = doc.document.lang;
  // Counted once for both uses below.
  const bool drop = options.words && options.max_word_sentences > 0;
  const std::vector<std::uint32_t> df =
      drop || wants_foreign_flags(doc, options) ? sentence_counts(f) : std::vector<std::uint32_t>();
  f.foreign = foreign_flags(doc, f, options, df);
  if (!options.words) {
    f.words.clear();
    f.vocabulary.clear();
    f.word_offsets.assign(n + 1, 0);
  } else if (drop) {
    drop_common_words(f, options.max_word_sentences, df);
  }
  f.anchors.shrink_to_fit();
  f.words.shrink_to_fit();
}

AnchorExtractor extractor_for(const SegmentedDocument& doc, const FeatureOptions& options) {
  AnchorOptions ao = options.anchors;
  ao.lang = doc.document.lang;
  return AnchorExtractor(ao);
}

}  // namespace

DocumentFeatures compute_features(const SegmentedDocument& doc, const FeatureOptions& options) {
  const AnchorExtractor extractor = extractor_for(doc, options);
  std::vector<Block> blocks;
  blocks.push_back(extract_block(doc, options, extractor, 0, doc.sentences.size()));
  DocumentFeatures f = join_blocks(blocks, doc.sentences.size());
  finish_features(f, doc, options);
  return f;
}

std::pair<DocumentFeatures, DocumentFeatures> compute_features(const SegmentedDocument& a,
                                                               const SegmentedDocument& b,
                                                               const FeatureOptions& options,
                                                               unsigned threads) {
  threads = util::resolve_threads(threads);
  if (threads <= 1) return {compute_features(a, options), compute_features(b, options)};
  const std::array<const SegmentedDocument*, 2> docs{&a, &b};
  // Blocks small enough that the two threads finish together whatever the
  // documents' sizes, large enough that joining them costs little.
  const std::size_t total = a.sentences.size() + b.sentences.size();
  const std::size_t size = std::max<std::size_t>(kMinBlockSentences, total / (8 * threads) + 1);
  struct Task {
    std::size_t doc, first, last;
  };
  std::vector<Task> tasks;
  std::array<std::vector<Block>, 2> blocks;
  for (std::size_t d = 0; d < 2; ++d) {
    const std::size_t n = docs[d]->sentences.size();
    for (std::size_t first = 0; first < n || first == 0; first += size) {
      tasks.push_back({d, first, std::min(n, first + size)});
      if (n == 0) break;
    }
    blocks[d].resize(tasks.size() - (d == 0 ? 0 : blocks[0].size()));
  }
  std::array<std::optional<AnchorExtractor>, 2> extractors;
  // A job's exception (e.g. ICU failing to build the name transliterator)
  // is rethrown here, not left to end the process.
  util::parallel_for(2, threads, [&](std::size_t d) {
    extractors[d].emplace(extractor_for(*docs[d], options));
  });
  util::parallel_for(tasks.size(), threads, [&](std::size_t t) {
    const Task& task = tasks[t];
    const std::size_t index = task.doc == 0 ? t : t - blocks[0].size();
    blocks[task.doc][index] =
        extract_block(*docs[task.doc], options, *extractors[task.doc], task.first, task.last);
  });
  std::array<DocumentFeatures, 2> out;
  util::parallel_for(2, threads, [&](std::size_t d) {
    out[d] = join_blocks(blocks[d], docs[d]->sentences.size());
    finish_features(out[d], *docs[d], options);
  });
  return {std::move(out[0]), std::move(out[1])};
}

}  // namespace polyalign
