// cognate_links(): words the two documents spell alike once transliterated
// (cognates, loanwords, names written in lower case), as word links.
//
// Steps: a key per content word of each vocabulary (name keys, names.cpp);
// an index of A's keys by first-letter class, consonant skeleton and its
// one-deletion variants (name_clusters.h); for each word of B, its
// candidates scored by LCSR; competitive linking over the pairs that pass,
// best first. Keys and candidates are computed in blocks on all threads,
// each block into its own slot, and merged in block order: the links do
// not depend on the thread count.
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <string_view>
#include <unordered_set>

#include "anchors_internal.h"
#include "evidence/name_clusters.h"
#include "polyalign/evidence.h"
#include "util/parallel.h"

namespace polyalign {

namespace {

constexpr std::size_t kBlock = 1024;  // words per parallel item
constexpr std::size_t kMaxKey = 64;   // LCSR's bit-parallel limit; longer keys are not linked
// Skeletons of fewer consonants are matched whole only: their one-deletion
// variants (two or three consonants) are shared by hundreds of words.
constexpr std::size_t kMinVariantSkeleton = 4;

// Scripts written without spaces: their "words" are runs of text, whose
// transliterations (one syllable each) are no words to compare.
bool unspaced_script(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
    case USCRIPT_TIBETAN:
      return true;
    default:
      return false;
  }
}

// Whether a vocabulary word may be a cognate before its key is known: no
// digits (numbers are anchors; "covid19" is half a number), and not of an
// unspaced script.
bool content_word(std::string_view w) {
  for (std::size_t i = 0; i < w.size();) {
    std::size_t next = 0;
    const UChar32 c = detail::decode_at(w, i, next);
    if (c < 0x80) {
      if (c >= '0' && c <= '9') return false;
    } else if (u_isdigit(c) || unspaced_script(c)) {
      return false;
    }
    i = next;
  }
  return true;
}

// The key of each word of f's vocabulary that may be linked, "" for the
// others: words absent from f.words (too frequent, see
// FeatureOptions::max_word_sentences), non-content words, keys shorter
// than min_letters, longer than kMaxKey or of several words.
std::vector<std::string> word_keys(const DocumentFeatures& f, const CognateOptions& options,
                                   unsigned threads) {
  // Words of f.words, less the skip_frequent most frequent ones (ties to
  // the earlier id): mostly function words, which look like many words.
  std::vector<std::uint32_t> count(f.vocabulary.size(), 0);
  for (std::uint32_t w : f.words) ++count[w];
  std::vector<std::uint8_t> present(f.vocabulary.size(), 0);
  for (std::size_t w = 0; w < count.size(); ++w) present[w] = count[w] > 0;
  std::vector<std::uint32_t> order(count.size());
  for (std::uint32_t w = 0; w < order.size(); ++w) order[w] = w;
  const std::size_t skip = std::min<std::size_t>(options.skip_frequent, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(skip), order.end(),
                    [&](std::uint32_t x, std::uint32_t y) {
                      return count[x] != count[y] ? count[x] > count[y] : x < y;
                    });
  for (std::size_t k = 0; k < skip; ++k) present[order[k]] = 0;
  std::vector<std::string> keys(f.vocabulary.size());
  util::parallel_for((keys.size() + kBlock - 1) / kBlock, threads, [&](std::size_t q) {
    for (std::size_t w = q * kBlock; w < std::min(keys.size(), (q + 1) * kBlock); ++w) {
      // A word of fewer bytes than min_letters has fewer letters in any
      // script's transliteration, almost: skip before transliterating.
      if (!present[w] || f.vocabulary[w].size() < options.min_letters / 2) continue;
      if (!content_word(f.vocabulary[w])) continue;
      std::string key = detail::vocabulary_word_key(f.vocabulary[w]);
      if (key.size() < options.min_letters || key.size() > kMaxKey ||
          key.find(' ') != std::string::npos)
        continue;
      keys[w] = std::move(key);
    }
  });
  return keys;
}

// The single-word name keys of a document's anchors.
std::unordered_set<std::string_view> name_words(const DocumentFeatures& f) {
  std::unordered_set<std::string_view> out;
  for (const AnchorKey& k : f.anchor_keys)
    if (k.kind == AnchorKind::kName && k.text.find(' ') == std::string::npos) out.insert(k.text);
  return out;
}

// Length of the longest common subsequence of x (at most 64 letters a-z)
// and y: bit-parallel (Hyyrö 2004, after Allison & Dix 1986), one step per
// letter of y.
std::size_t lcs_length(std::string_view x, std::string_view y) {
  std::uint64_t match[26] = {};
  for (std::size_t i = 0; i < x.size(); ++i) match[x[i] - 'a'] |= std::uint64_t(1) << i;
  std::uint64_t v = ~std::uint64_t(0);
  for (char c : y) {
    const std::uint64_t u = v & match[c - 'a'];
    v = (v + u) | (v - u);
  }
  const std::uint64_t mask = x.size() == 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << x.size()) - 1;
  return static_cast<std::size_t>(std::popcount(~v & mask));
}

// The class of a key's first letter: the letter, 'a' for any vowel, 's'
// for s/z/j (the skeleton's classes). Cognates and loanwords keep their
// first sound, up to vowel quality ("ökonomie" / "economy"); LCSR alone
// pairs words whose beginnings differ ("gekommen" / "comment").
char initial_class(std::string_view key) {
  switch (key[0]) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
      return 'a';
    case 'z':
    case 'j':
      return 's';
    default:
      return key[0];
  }
}

double lcsr(std::string_view x, std::string_view y) {
  return static_cast<double>(lcs_length(x, y)) / static_cast<double>(std::max(x.size(), y.size()));
}

// A's words by the hashes of their skeleton variants (seeded with the
// class of the key's first letter), then by key length, sorted: a flat
// array (no allocation per variant). Hash collisions only add candidates,
// which are checked like any other.
class KeyIndex {
 public:
  explicit KeyIndex(const std::vector<std::string>& keys) {
    for (std::uint32_t w = 0; w < keys.size(); ++w) {
      if (keys[w].empty()) continue;
      const char initial = initial_class(keys[w]);
      const auto size = static_cast<std::uint32_t>(keys[w].size());
      detail::evidence::skeleton_variants(
          detail::evidence::skeleton(keys[w]),
          [&](const std::string& v) {
            entries_.push_back({detail::short_string_hash(v, initial), size, w});
          },
          kMinVariantSkeleton);
    }
    std::sort(entries_.begin(), entries_.end());
  }

  // Calls f(x) for A's words x sharing a skeleton variant and an initial
  // class with `key` whose keys are min_size to max_size letters long; a
  // word may come more than once.
  template <typename F>
  void candidates(std::string_view key, std::uint32_t min_size, std::uint32_t max_size, F&& f) const {
    const char initial = initial_class(key);
    detail::evidence::skeleton_variants(
        detail::evidence::skeleton(key),
        [&](const std::string& v) {
          const std::uint64_t h = detail::short_string_hash(v, initial);
          for (auto it = std::lower_bound(entries_.begin(), entries_.end(), Entry{h, min_size, 0});
               it != entries_.end() && it->hash == h && it->size <= max_size; ++it)
            f(it->word);
        },
        kMinVariantSkeleton);
  }

 private:
  struct Entry {
    std::uint64_t hash;
    std::uint32_t size, word;
    auto operator<=>(const Entry&) const = default;
  };
  std::vector<Entry> entries_;
};

struct Candidate {
  std::uint32_t x, y;
  double similarity;
};

// The pairs (x of A, y of B) at or above min_similarity, by y.
std::vector<Candidate> score_candidates(const DocumentFeatures& a, const DocumentFeatures& b,
                                        const std::vector<std::string>& keys_a,
                                        const std::vector<std::string>& keys_b,
                                        const CognateOptions& options, unsigned threads) {
  const KeyIndex index(keys_a);
  const auto names_a = name_words(a), names_b = name_words(b);
  const std::size_t vb = keys_b.size();
  std::vector<std::vector<Candidate>> found((vb + kBlock - 1) / kBlock);
  const unsigned workers = std::max<unsigned>(1, std::min<std::size_t>(threads, found.size()));
  // Per worker, the last B word each A word was a candidate of (+1).
  std::vector<std::vector<std::uint32_t>> seen(workers);
  util::parallel_for(found.size(), workers, [&](std::size_t q, unsigned worker) {
    std::vector<std::uint32_t>& last = seen[worker];
    if (last.empty()) last.assign(keys_a.size(), 0);
    for (std::size_t y = q * kBlock; y < std::min(vb, (q + 1) * kBlock); ++y) {
      const std::string& ky = keys_b[y];
      if (ky.empty()) continue;
      const bool name_y = names_b.count(ky) > 0;
      // LCSR <= shorter / longer: lengths outside [m · |ky|, |ky| / m] cannot pass.
      const double m = options.min_similarity;
      const auto min_size = static_cast<std::uint32_t>(std::ceil(m * static_cast<double>(ky.size()) - 1e-9));
      const auto max_size = m > 0 ? static_cast<std::uint32_t>(std::min(1e9, static_cast<double>(ky.size()) / m + 1e-9)) : ~0u;
      index.candidates(ky, min_size, max_size, [&](std::uint32_t x) {
        if (last[x] == y + 1) return;
        last[x] = static_cast<std::uint32_t>(y + 1);
        const std::string& kx = keys_a[x];
        if (initial_class(kx) != initial_class(ky)) return;  // a hash collision
        const double sim = lcsr(kx, ky);
        if (sim < options.min_similarity) return;
        if (name_y && names_a.count(kx) && name_similarity(kx, ky) >= options.name_threshold) return;
        found[q].push_back({x, static_cast<std::uint32_t>(y), sim});
      });
    }
  });
  std::vector<Candidate> out;
  for (auto& f : found) out.insert(out.end(), f.begin(), f.end());
  return out;
}

// Competitive linking, each word in at most max_partners links: the most
// similar pairs first, ties in (x, y) order. A word spelt exactly alike on
// the other side (LCSR 1) takes no other partner: its other partners are
// the other side's own words' variants, not its forms, and in a text and
// its copy (or two texts of one language) they would pair every sentence
// with its neighbours' inflections.
std::vector<WordLink> link_best(std::vector<Candidate> cands, std::size_t va, std::size_t vb,
                                std::uint32_t max_partners) {
  std::sort(cands.begin(), cands.end(), [](const Candidate& p, const Candidate& q) {
    if (p.similarity != q.similarity) return p.similarity > q.similarity;
    return p.x != q.x ? p.x < q.x : p.y < q.y;
  });
  std::vector<std::uint32_t> used_a(va, 0), used_b(vb, 0);
  std::vector<std::uint8_t> exact_a(va, 0), exact_b(vb, 0);
  std::vector<WordLink> links;
  for (const Candidate& c : cands) {
    if (used_a[c.x] >= max_partners || used_b[c.y] >= max_partners) continue;
    if (exact_a[c.x] || exact_b[c.y]) continue;
    ++used_a[c.x];
    ++used_b[c.y];
    if (c.similarity == 1.0) exact_a[c.x] = exact_b[c.y] = 1;
    links.push_back({c.x, c.y, c.similarity});
  }
  return links;
}

}  // namespace

std::vector<WordLink> cognate_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                    const CognateOptions& options) {
  if (options.max_partners == 0 || a.vocabulary.empty() || b.vocabulary.empty()) return {};
  const unsigned threads = util::resolve_threads(options.threads);
  std::vector<std::string> keys_a, keys_b;
  util::parallel_invoke(threads, [&] { keys_a = word_keys(a, options, threads); },
                        [&] { keys_b = word_keys(b, options, threads); });
  return link_best(score_candidates(a, b, keys_a, keys_b, options, threads), a.vocabulary.size(),
                   b.vocabulary.size(), options.max_partners);
}

}  // namespace polyalign
