#include "corpus/verify.h"

#include <map>
#include <string>
#include <utility>

#include "util/parallel.h"

namespace polyalign::corpus {

std::vector<double> Verifier::score(const std::vector<Candidate>& cands, double from,
                                    double to) {
  const PipelineOptions& po = options_.pipeline;
  const Progress report = [&](double f) {
    if (options_.progress) options_.progress("verify", from + (to - from) * f);
  };
  std::vector<PairWork> pairs(cands.size());
  for (std::size_t i = 0; i < cands.size(); ++i) {
    pairs[i].a = cands[i].a;
    pairs[i].b = cands[i].b;
  }
  std::vector<double> score(cands.size(), 0.0);
  const bool second = po.anchors && po.word_links && options_.corpus_learning;
  const double share = second ? 0.4 : 1.0;
  const bool later_batch = second && lexicons_.has_value();
  first_round(pairs, score, later_batch, share, report);
  if (second) second_round(cands, pairs, score, later_batch, share, report);
  return score;
}

void Verifier::first_round(std::vector<PairWork>& pairs, std::vector<double>& score,
                           bool later_batch, double share, const Progress& report) {
  if (later_batch) {
    // Later batches: the lexicons are learned, and the second round's
    // scores are the ones kept; the first round would be aligned for
    // nothing. Its evidence is built by the second round, pair by pair.
    report(share);
  } else if (remote_) {
    report(0);
    remote_->check(pairs, score);
    report(share);
  } else {
    EvidenceBudget budget(kept_evidence_bytes(options_));
    util::parallel_for(
        pairs.size(), threads_,
        [&](std::size_t i) {
          score[i] = check_pair(pairs[i], docs_, options_, recipe_);
          // Only seeds, which pass the threshold, teach the lexicons.
          if (score[i] < options_.min_pair_score) pairs[i].first = PairAlignment();
          // Kept for every pair until the second round, the evidence would
          // be most of the memory verification holds.
          budget.keep_or_drop(pairs[i]);
        },
        [&](double f) { report(share * f); });
  }
}

void Verifier::second_round(const std::vector<Candidate>& cands, std::vector<PairWork>& pairs,
                            std::vector<double>& score, bool later_batch, double share,
                            const Progress& report) {
  if (!lexicons_) {
    const std::vector<std::size_t> training = seeds(cands, score);
    if (!remote_) {
      // Only the seeds' first alignments teach the lexicons.
      std::vector<std::uint8_t> seed(pairs.size(), 0);
      for (std::size_t i : training) seed[i] = 1;
      for (std::size_t i = 0; i < pairs.size(); ++i) {
        if (!seed[i]) pairs[i].first = PairAlignment();
      }
    }
    if (remote_) {
      lexicons_ = remote_->learn(pairs, lexicon_groups(pairs, training, docs_, true));
    } else {
      lexicons_ = learn_lexicons(pairs, training, docs_, recipe_, true, threads_,
                                 [&](double f) { report(share + 0.05 * f); });
    }
  }
  if (remote_) {
    remote_->recheck(pairs, *lexicons_, score, /*after_check=*/!later_batch);
    report(1);
    return;
  }
  // A pair's evidence (from its kept known links), its word links (which
  // take those links over) and its pass in one go: nothing of the pair
  // outlives it.
  const LexiconApplier applier(*lexicons_, docs_, recipe_, true, false);
  util::parallel_for(
      cands.size(), threads_,
      [&](std::size_t i) {
        ensure_evidence(pairs[i], docs_, recipe_);
        applier.apply(pairs, i);
        score[i] = recheck_pair(pairs[i], docs_, options_, recipe_);
      },
      [&](double f) { report(share + 0.05 + (0.95 - share) * f); });
}

std::vector<std::size_t> Verifier::seeds(const std::vector<Candidate>& cands,
                                         const std::vector<double>& score) const {
  std::map<std::pair<std::size_t, std::string>, std::size_t> best;
  for (std::size_t i = 0; i < cands.size(); ++i) {
    for (const auto& key : {std::pair{cands[i].a, lang_of(docs_, cands[i].b)},
                            std::pair{cands[i].b, lang_of(docs_, cands[i].a)}}) {
      auto [it, inserted] = best.try_emplace(key, i);
      if (!inserted && score[i] > score[it->second]) it->second = i;
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < cands.size(); ++i) {
    if (score[i] >= options_.min_pair_score &&
        best[{cands[i].a, lang_of(docs_, cands[i].b)}] == i &&
        best[{cands[i].b, lang_of(docs_, cands[i].a)}] == i)
      out.push_back(i);
  }
  return out;
}

}  // namespace polyalign::corpus
