// polyalign/evidence.h — what two documents share, sentence by sentence:
// anchors matched across the pair and learned word links, as a sparse
// sentence x sentence matrix the aligner reads in O(log k) per cell.
//
//   auto ev = polyalign::PairEvidence::build(features_a, features_b, {});
//   ev.shared(i, j);      // weight of what sentences i (A) and j (B) share
//   ev.linkable_a(i);     // weight of i's anchors that occur somewhere in B
//
// How the matrix is built: every anchor gets a joint id (exact keys for
// numbers, URLs, e-mails, acronyms, Latin words; names clustered across the
// two sides by name_similarity). A key that occurs in only one document says
// nothing and is dropped. The rest form sparse sentence x key matrices A and
// B with entries sqrt(w), so that (A·Bᵀ)(i, j) = Σ w over the keys i and j
// share. The product is computed row by row, each sentence of A joined with
// the sentences of B holding its keys (an inverted index), each cell
// summing its keys in increasing key order (the order of the Eigen sparse
// product it replaced: the same floats); it is several times faster than
// Eigen's general product, whose copies and re-sorting dominated. A key's
// weight w = kind weight / max(df_a, df_b): a number or name that occurs once
// in each document is worth a full unit, one that occurs in twenty sentences
// a twentieth (the "2025" problem).
//
// Word links (Moore 2002, "Fast and accurate sentence alignment of bilingual
// corpora", §3, simplified): learn_word_links() counts word co-occurrences in
// the confident 1-1 beads of a first alignment and keeps mutually best pairs
// by Dice coefficient (competitive linking, Melamed 2000); they enter the
// matrix as extra keys.
//
// Thread-safety: immutable after build(); reads may run concurrently.
//
// Code (src/evidence/): joint_keys (joint ids), name_clusters (names matched
// across the pair), sparse_rows (the row-by-row product), anchor_table
// (build(), shared(), matches()), word_link_cells (with_links()), third_versions
// (with_third_versions()), coarsen, word_links (learn_word_links()),
// word_classes (the classes words are counted in), dictionary, cognates
// (cognate_links()), translation_model (TranslationModel, the lexical
// agreement of sentence pairs).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "polyalign/aligner.h"
#include "polyalign/features.h"

namespace polyalign {

struct WordLink {
  std::uint32_t word_a = 0;  // id in DocumentFeatures::vocabulary of A
  std::uint32_t word_b = 0;  // id in the vocabulary of B
  double strength = 0;       // in (0, 1]: Dice coefficient, 1 for dictionary entries
  // 0: the link is a key of its own. k > 0: it is another pair of word
  // forms of the link k places before it in the same list, and the two are
  // one key (a sentence holding either form holds that key once); its
  // strength is the first link's.
  std::uint32_t lead = 0;
};

// A key a sentence holds through a third version of the text (corpus
// mode): the sentence aligns with sentence `key` & 0xFFFFFFFF of third
// member `key` >> 32, in a bead of posterior `weight`. Two sentences of a
// pair holding one key both translate the same third sentence.
struct ThirdVersionKey {
  std::uint32_t sentence = 0;
  std::uint64_t key = 0;
  float weight = 0;
};

struct EvidenceOptions {
  double name_threshold = 0.8;   // name_similarity at or above this: same name
  // Kind weights (a unique shared anchor of this kind is worth this many units).
  double number_weight = 1.0;       // numbers of 3+ digits; 2 digits 0.6, 1 digit 0.3
  double name_weight = 1.0;
  double url_weight = 1.5;          // URLs and e-mail addresses
  double acronym_weight = 0.8;
  double latin_word_weight = 0.8;
  double word_link_weight = 0.5;    // times the link's strength
  std::uint32_t max_df = 64;        // keys in more sentences than this on a side are dropped
  // with_links() given a path to follow: word links count between
  // sentences at most this many sentences off it (0: anywhere).
  std::uint32_t link_window = 512;
  // Threads build() and with_links() may use (matching names across the
  // two sides, finding each side's word links), 0 = all cores; the result
  // is identical at any count.
  unsigned threads = 1;
};

class TranslationModel;  // below: a word translation model of the pair

struct AnchorMatch {
  AnchorKind kind;
  std::string key;  // the key on side A (names: A's spelling of the key)
  double weight;
};

class PairEvidence {
 public:
  PairEvidence() = default;  // no evidence: shared() and linkable_*() are 0
  static PairEvidence build(const DocumentFeatures& a, const DocumentFeatures& b,
                            const EvidenceOptions& options = {},
                            const std::vector<WordLink>& links = {});

  struct Shared {
    float anchors = 0;  // Σ weight of the anchor keys i and j share
    float links = 0;    // Σ weight of the word links between i and j
  };
  // Calls f(j, shared(i, j)) for the nonzero entries of row i with
  // first <= j < last, in increasing j. O(log k + entries).
  template <typename F>
  void for_each_in_row(std::uint32_t i, std::uint32_t first, std::uint32_t last, F&& f) const {
    if (i + 1 >= row_ptr_.size()) return;
    const auto begin = cols_.begin() + static_cast<std::ptrdiff_t>(row_ptr_[i]);
    const auto end = cols_.begin() + static_cast<std::ptrdiff_t>(row_ptr_[i + 1]);
    for (auto it = std::lower_bound(begin, end, first); it != end && *it < last; ++it) {
      f(*it, vals_[static_cast<std::size_t>(it - cols_.begin())]);
    }
  }

  // The same anchors with `links` as the word links (replacing any earlier
  // ones); the features must be those build() was given. Cheaper than
  // build(): names are not clustered again. With `near` (an alignment of
  // the two documents, e.g. the estimation pass that taught the links), a
  // link counts only between sentences at most options.link_window
  // sentences off its path: a search around that path reads nothing
  // farther, and a word link repeated through a long text otherwise makes
  // cells all over the matrix.
  PairEvidence with_links(const DocumentFeatures& a, const DocumentFeatures& b,
                          const std::vector<WordLink>& links,
                          const EvidenceOptions& options = {},
                          const PairAlignment* near = nullptr) const;

  // The same evidence with what third versions say (corpus mode, N-way):
  // sentences of A and B holding one key (ThirdVersionKey) share it as an
  // anchor of weight min(weight_a, weight_b) · `weight`, and each
  // sentence's keys held by some sentence of the other side count in its
  // linkable anchors. A sentence's keys must be distinct. Keys of one side
  // only say nothing and are left out (as anchors are). O(cells + keys).
  PairEvidence with_third_versions(std::uint32_t na, std::uint32_t nb,
                                   const std::vector<ThirdVersionKey>& a,
                                   const std::vector<ThirdVersionKey>& b,
                                   double weight = 1.0) const;

  // What sentence i of A and sentence j of B share. O(log k), k = nonzeros of row i.
  Shared shared(std::uint32_t i, std::uint32_t j) const;
  // Σ weight of i's (j's) anchor keys and word links that occur in the
  // other document: the most sentence i can share with any bead. A bead's
  // shared evidence is capped by each side's total, so that merging
  // sentences into a 2-2 bead cannot count one key twice.
  Shared linkable_a(std::uint32_t i) const { return i < linkable_a_.size() ? linkable_a_[i] : Shared{}; }
  Shared linkable_b(std::uint32_t j) const { return j < linkable_b_.size() ? linkable_b_[j] : Shared{}; }
  // Σ kind weight of i's (j's) numbers that occur nowhere in the other
  // document. Numbers survive translation; a sentence holding one its
  // supposed translation lacks is more likely an insertion or omission.
  float orphan_numbers_a(std::uint32_t i) const { return i < orphan_a_.size() ? orphan_a_[i] : 0; }
  float orphan_numbers_b(std::uint32_t j) const { return j < orphan_b_.size() ? orphan_b_[j] : 0; }
  bool empty() const { return row_ptr_.empty(); }
  std::size_t nonzeros() const { return cols_.size(); }
  // Bytes this evidence holds (its arrays and key strings), for callers that
  // keep evidence within a budget. O(keys).
  std::size_t memory_bytes() const;

  // The same evidence over blocks of k sentences (block I = sentences
  // [I·k, I·k + k)): shared and linkable weights summed per block. Used by
  // the coarse levels of the search. Uses the threads build() (or
  // with_links()) was given; the result is the same at any count.
  PairEvidence coarsen(std::uint32_t k) const;

  // The anchors (not word links) a bead's two sides share, for --explain.
  std::vector<AnchorMatch> matches(SentenceRange a, SentenceRange b) const;

  // The same evidence with `model` (trained on these two documents) as its
  // lexical agreement: lexical() and lexical_row() read it. coarsen() and
  // with_links() leave it out.
  PairEvidence with_translation_model(std::shared_ptr<const TranslationModel> model) const&;
  PairEvidence with_translation_model(std::shared_ptr<const TranslationModel> model) &&;
  bool has_translation_model() const { return translation_ != nullptr; }
  // LexicalCell of (i, j); zeros without a model. O(words of i · top_k).
  LexicalCell lexical(std::uint32_t i, std::uint32_t j) const;
  // lexical(i, j) for j in [first, last) into out[0 .. last - first): the
  // A side's translations gathered once for the row. Cells of
  // [skip_first, skip_last) are left as they are (a caller that has them).
  void lexical_row(std::uint32_t i, std::uint32_t first, std::uint32_t last, LexicalCell* out,
                   std::uint32_t skip_first = 0, std::uint32_t skip_last = 0) const;
  // The words of sentence i (j) a LexicalCell sums over.
  std::uint32_t lexical_words_a(std::uint32_t i) const;
  std::uint32_t lexical_words_b(std::uint32_t j) const;

 private:
  // Steps of build(), once the sentences' joint ids are known: each key's
  // weight w = kind weight / df (0 for keys on one side only or in more
  // than max_df sentences) and the orphan numbers; then the anchor cells
  // and each sentence's linkable anchor weight.
  void weigh_keys(std::uint32_t max_df);
  void join_anchor_cells();

  std::vector<std::uint64_t> row_ptr_;  // CSR over A's sentences
  std::vector<std::uint32_t> cols_;
  std::vector<Shared> vals_;
  std::vector<Shared> linkable_a_, linkable_b_;
  std::vector<float> orphan_a_, orphan_b_;
  // Per sentence, the joint anchor ids (for matches()); CSR like the features.
  std::vector<std::uint32_t> ids_a_, off_a_, ids_b_, off_b_;
  std::vector<std::string> key_of_;
  std::vector<AnchorKind> kind_of_;
  std::vector<float> weight_of_;
  unsigned threads_ = 1;  // EvidenceOptions::threads (0 resolved), for coarsen()
  std::shared_ptr<const TranslationModel> translation_;  // shared by copies (immutable)
};

struct WordLinkOptions {
  double min_confidence = 0.9;   // 1-1 beads used for counting
  std::uint32_t min_count = 2;   // co-occurrences needed
  double min_dice = 0.3;
  std::uint32_t max_links = 20000;
  // Words in more counted beads than this are not linked: their links would
  // be dropped as too common anyway (EvidenceOptions::max_df, same value).
  // Pairs of frequent words are most of the counting work.
  std::uint32_t max_count = 64;
  // Words of more letters than this are counted by their first this many
  // (truncation stemming): the inflected forms of a word share their start,
  // and in one document pair each form alone is too rare to reach
  // min_count. A link between two such classes links every pair of their
  // forms as one key (WordLink::lead). 0: each word on its own.
  std::uint32_t prefix_letters = 5;
  // Threads learn_word_links() may use, 0 = all cores; the links are
  // identical at any count.
  unsigned threads = 1;
};

// Reads a bilingual dictionary: one entry per line, "word_a<TAB>word_b"
// (lower-cased on reading; blank lines and lines starting with '#' skipped).
// Throws std::runtime_error / std::invalid_argument naming the file and line.
std::vector<std::pair<std::string, std::string>> read_dictionary(const std::string& path);

// Word links for the dictionary entries whose words occur in the documents.
std::vector<WordLink> dictionary_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                       const std::vector<std::pair<std::string, std::string>>& dict);

// Word links from the confident 1-1 beads of `alignment` (see above).
std::vector<WordLink> learn_word_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                       const PairAlignment& alignment,
                                       const WordLinkOptions& options = {});

// Cognates and loanwords as word links (Simard, Foster & Isabelle 1992;
// Melamed 1999, "Bitext maps and alignment via pattern recognition"):
// German "Nation" / French "nation", English "president" / Ukrainian
// "президент", English "basketball" / Hindi "बास्केटबॉल". Each content word
// of either vocabulary (a word of the document's `words`, so not one of
// its most common; not among its skip_frequent most frequent; no digits;
// not of a script written without spaces) gets its name key (name_key():
// diacritics folded without ICU in Latin, ICU "Any-Latin; Latin-ASCII"
// outside it, then the transliteration folds), kept if min_letters+ long.
// Candidate pairs start alike (the same first letter, two vowels, or two of
// s/z/j) and share a consonant skeleton, or differ in one consonant of it;
// a pair is scored by LCSR, the longest common subsequence of the keys
// over the longer key's length. Pairs scoring min_similarity or more are
// linked best first, each word to at most max_partners words of the other
// side (its inflected forms), with strength = LCSR. Pairs of words that are
// single-word names on both sides and alike as names (name_similarity >=
// name_threshold) are left out: their name anchors match already.
struct CognateOptions {
  // LCSR at or above this: cognates. On ntrex-dev (en with de, uk, hi, id)
  // the links of LCSR 0.65-0.7 join words of a translated sentence pair in
  // 3-11% of cases, those of 0.75-0.8 in 18-38% (chance: under 2%); the
  // alignment F1 of noisy text is flat from 0.6 to 0.75.
  double min_similarity = 0.7;
  std::uint32_t min_letters = 5;    // shorter keys are not linked
  std::uint32_t max_partners = 2;   // links per word, best first
  // The most frequent words of each document (by occurrences) are not
  // linked: function words, short and alike across languages.
  std::uint32_t skip_frequent = 100;
  double name_threshold = 0.8;      // EvidenceOptions::name_threshold
  // Threads for the keys and the candidate pairs, 0 = all cores; the links
  // are identical at any count.
  unsigned threads = 1;
};

// Word links between words the two documents spell alike (see above).
// Thread-safe. Costs one key per distinct word (ICU's transliterator for
// words outside Latin, microseconds each) and one LCSR per candidate pair.
std::vector<WordLink> cognate_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                    const CognateOptions& options = {});

// "Is this a translation?" graded: IBM Model 1 (Brown et al. 1993, §4;
// used so by Moore 2002's third pass and hunalign's lexical score),
// trained on the pair itself. EM runs `iterations` times over the
// confident 1-1 beads of an alignment (its posteriors >= min_confidence),
// in both directions, each sentence with a NULL word, on word classes
// (prefix_letters, as WordLinkOptions) of the words that may link.
// Each word then keeps its top_k translations of probability at least
// min_probability (a sparse model: a sentence pair is scored in
// O(words · top_k)). For a sentence pair (i, j), the log-likelihood ratio
// of B's words given i against the unigram model of B:
//     ba = Σ_{b in j} log( (t'(b|NULL) + Σ_{a in i} t(b|a)) / (|i| + 1) / p(b) )
// and ab the same the other way; t'(b|NULL) = max(t(b|NULL), p(b)), so a
// word with no translation in i costs log(|i| + 1) at most. Words of
// classes the training beads never held are skipped (|i| counts the
// others). Two unrelated sentences score about -log(|i| + 1) a word,
// translations several nats a word above it.
// The training beads are split in two by the parity of their A sentence,
// and each half trains a model; sentence i of A is always scored by the
// half that did not train on beads of i's parity, so a bead is never
// scored by a model that learned from it. The fit of the bead weights
// (align/fit.h), which reads the very beads the model was trained on,
// then sees what the final search sees: scored by the whole model, those
// beads would look more alike than new ones and the fit would over-rate
// the term (as it does for word links learned from them, bench/RESULTS.md).
// Halves cost one EM over all the beads, not two.
struct TranslationModelOptions {
  double min_confidence = 0.9;    // 1-1 beads trained on: posterior at least this
  std::uint32_t max_beads = 2000;  // at most this many, evenly spread
  std::uint32_t iterations = 5;   // EM iterations from uniform translations
  std::uint32_t top_k = 8;        // translations kept per word class
  double min_probability = 0.01;  // ... of t(b|a) at least this
  std::uint32_t prefix_letters = 5;  // word classes (WordLinkOptions::prefix_letters)
  std::uint32_t min_beads = 8;    // fewer training beads: no model (train() returns null)
};

class TranslationModel {
 public:
  // Null when `alignment` has fewer than min_beads confident 1-1 beads or
  // the documents have no words (FeatureOptions::words).
  static std::shared_ptr<const TranslationModel> train(const DocumentFeatures& a,
                                                       const DocumentFeatures& b,
                                                       const PairAlignment& alignment,
                                                       const TranslationModelOptions& options = {});
  // LexicalCell of (i, j) for j in [first, last), into out[0 ..), from
  // the half model that did not train on sentence i's parity. O(words of
  // i · top_k + words of the row's j). Thread-safe (scratch space is per
  // thread).
  // Cells of [skip_first, skip_last) are not written.
  void row(std::uint32_t i, std::uint32_t first, std::uint32_t last, LexicalCell* out,
           std::uint32_t skip_first = 0, std::uint32_t skip_last = 0) const;
  std::uint32_t words_a(std::uint32_t i) const { return i + 1 < off_a_.size() ? n_a_[i] : 0; }
  std::uint32_t words_b(std::uint32_t j) const { return j + 1 < off_b_.size() ? n_b_[j] : 0; }
  std::size_t beads_trained() const { return beads_; }

  struct Table;  // one trained model (private: translation_model.cpp)
  ~TranslationModel();
  TranslationModel();

 private:
  // Per sentence, its distinct known word classes and their counts (CSR).
  std::vector<std::uint32_t> off_a_, cls_a_, mul_a_, n_a_;
  std::vector<std::uint32_t> off_b_, cls_b_, mul_b_, n_b_;
  std::size_t classes_a_ = 0, classes_b_ = 0, beads_ = 0;
  std::vector<float> log_np1_;  // log(n + 1) by n
  std::unique_ptr<Table> half_[2];  // trained on beads of even / odd A sentences
  friend struct TranslationTrainer;
};

}  // namespace polyalign
