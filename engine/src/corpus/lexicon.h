// corpus/lexicon.h — corpus-wide learning (polyalign/corpus.h): the pairs of
// each language pair (e.g. every de-hi pair in all bundles) share one set of
// word links, learned from all their confident beads at once
// (learn_word_links() over the pooled beads: Moore 2002 §3, competitive
// linking), and in the N-way stage one length model (c, s2 from their
// confident 1-1 beads) and one bead model (corpus/pooled_fit.h): a short
// document teaches little on its own.
//
// A Lexicon is plain data (oriented x-y, x the alphabetically first
// language), so that it can travel between machines (corpus/task_codec.h).
// learn_lexicons() and apply_lexicons() run on `threads` workers (0 = all
// cores) and report progress from the calling thread; results do not depend
// on the thread count. Cost: one learn_word_links() per group over its
// pooled sentences.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "corpus/pair_work.h"
#include "polyalign/aligner.h"

namespace polyalign::corpus {

// What the pooled alignments of one language pair teach, oriented x-y.
struct Lexicon {
  struct Entry {
    std::string x, y;
    double strength;
    std::uint32_t lead = 0;  // WordLink::lead: the entry this many places before heads its key
  };
  std::vector<Entry> links;
  std::vector<std::uint32_t> len_x, len_y;  // lengths of the confident 1-1 beads
  std::optional<BeadModel> fitted;           // the pooled bead model (fit_pooled_model())
};

// Lexicons learned from the pairs `training`: one per language pair when
// `pool` is set (key "de-hi"), else one per pair (key: its index).
using Lexicons = std::map<std::string, Lexicon>;

using Progress = std::function<void(double)>;

// Learns a lexicon from the `first` alignments of the pairs `group` (all of
// one language pair): word links by the recipe's learn_whole_word_links() over the
// pooled beads, the lengths of the confident 1-1 beads for a pooled
// length model, and with `fit_sentences` > 0 the bead model fitted on
// them (fit_pooled_model(), a sample of at most that many sentences a
// side).
Lexicon learn_lexicon(const std::vector<PairWork>& pairs, const std::vector<std::size_t>& group,
                      const DocTable& docs, const PairRecipe& recipe,
                      std::size_t fit_sentences = 0);

// What applying a lexicon to its pairs needs, computed once for all of
// them: its entries by word on either side (a pair's entries are found from
// its documents' vocabularies, a few hundred words, instead of by reading
// every entry of a language pair's lexicon, which grows with the corpus),
// and the pooled length model in either orientation. Refers to the
// lexicon, which must outlive it.
class LexiconIndex {
 public:
  // The models are estimated only if `pooled_model` (see apply_lexicon()).
  LexiconIndex(const Lexicon& lex, bool pooled_model);
  // Indices into lex.links of the entries whose x (y_side false) or y is
  // `word`, in increasing order.
  std::span<const std::uint32_t> entries(std::string_view word, bool y_side) const;
  // The pooled model for pairs oriented x-y (fwd) or y-x; none when not
  // asked for or with fewer than 8 beads.
  const std::optional<LengthModel>& model(bool fwd) const { return fwd ? model_xy_ : model_yx_; }
  // Whether the pooled models were asked for.
  bool pooled() const { return pooled_; }

 private:
  // The entries of one word: [begin, end) of by_x_ or by_y_.
  using Range = std::pair<std::uint32_t, std::uint32_t>;
  const Lexicon& lex_;
  bool pooled_;
  std::vector<std::uint32_t> by_x_, by_y_;  // entry indices by (word, index)
  // Each word's range, found by hashing: a binary search over a language
  // pair's whole lexicon, for every word of every pair, grew with the corpus.
  std::unordered_map<std::string_view, Range> range_x_, range_y_;
  std::optional<LengthModel> model_xy_, model_yx_;
};

// Sets p.links (dictionary + the lexicon's links between words of the two
// documents, in the lexicon's order) and, if `pooled_model` and the lexicon
// has enough 1-1 beads (estimate_variance's minimum, 8), p.model from the
// pooled lengths, and p.fitted from the lexicon's bead model (turned to
// the pair's orientation). `index`: the lexicon's, built with `pooled_model` (built
// here when not given).
void apply_lexicon(PairWork& p, const Lexicon& lex, const LexiconIndex& index,
                   const DocTable& docs, const PairRecipe& recipe);
void apply_lexicon(PairWork& p, const Lexicon& lex, const DocTable& docs,
                   const PairRecipe& recipe, bool pooled_model);

// The key of pair i's lexicon (see Lexicons).
std::string lexicon_key(const std::vector<PairWork>& pairs, std::size_t i, const DocTable& docs,
                        bool pool);

// The pairs of `training` by the lexicon they teach.
std::map<std::string, std::vector<std::size_t>> lexicon_groups(
    const std::vector<PairWork>& pairs, const std::vector<std::size_t>& training,
    const DocTable& docs, bool pool);

// learn_lexicon() for every group of `training`.
Lexicons learn_lexicons(const std::vector<PairWork>& pairs,
                        const std::vector<std::size_t>& training, const DocTable& docs,
                        const PairRecipe& recipe, bool pool, unsigned threads,
                        const Progress& report, std::size_t fit_sentences = 0);

// apply_lexicon() for pairs one at a time, each with its key's lexicon
// (the dictionary links only for a key without one); the indexes built
// once. Refers to `lexicons`, `docs` and `recipe`, which must outlive it;
// apply() may be called from many threads at once, on different pairs.
class LexiconApplier {
 public:
  LexiconApplier(const Lexicons& lexicons, const DocTable& docs, const PairRecipe& recipe,
                 bool pool, bool pooled_model);
  LexiconApplier(const LexiconApplier&) = delete;  // none_index_ refers to none_
  LexiconApplier& operator=(const LexiconApplier&) = delete;
  // apply_lexicon() on pairs[i].
  void apply(std::vector<PairWork>& pairs, std::size_t i) const;

 private:
  const Lexicons& lexicons_;
  const DocTable& docs_;
  const PairRecipe& recipe_;
  bool pool_;
  Lexicon none_;
  LexiconIndex none_index_;
  std::map<std::string_view, LexiconIndex> indexes_;
};

// apply_lexicon() on the pairs `targets` (a pair whose key has no lexicon
// gets the dictionary links only).
void apply_lexicons(std::vector<PairWork>& pairs, const std::vector<std::size_t>& targets,
                    const Lexicons& lexicons, const DocTable& docs, const PairRecipe& recipe,
                    bool pool, bool pooled_model, unsigned threads, const Progress& report);

}  // namespace polyalign::corpus
