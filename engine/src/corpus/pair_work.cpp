#include "corpus/pair_work.h"

#include <algorithm>
#include <utility>

#include "util/heap.h"

namespace polyalign::corpus {

AlignerOptions pair_aligner_options(const PipelineOptions& po) {
  AlignerOptions ao = po.aligner;
  ao.threads = 1;  // the corpus runs many searches side by side instead
  ao.progress = nullptr;
  return ao;
}

bool oriented(const PairWork& p, const DocTable& docs) {
  return lang_of(docs, p.a) <= lang_of(docs, p.b);
}

std::string language_pair(const PairWork& p, const DocTable& docs) {
  const std::string& x = lang_of(docs, p.a);
  const std::string& y = lang_of(docs, p.b);
  return x <= y ? x + "-" + y : y + "-" + x;
}

PairScoreOptions verify_score_options(const CorpusOptions& options) {
  return {options.verify_bead_confidence, options.verify_full_evidence,
          options.verify_prior_sentences};
}

void build_evidence(PairWork& p, const DocTable& docs, const PairRecipe& recipe) {
  if (!recipe.options().anchors) return;
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  if (!p.known) p.known = recipe.known_links(fa, fb);
  p.evidence = recipe.evidence(fa, fb, recipe.first_pass_links(fa, fb, *p.known));
}

std::vector<WordLink> pair_dictionary_links(PairWork& p, const DocTable& docs,
                                            const PairRecipe& recipe) {
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  if (!p.known) return recipe.dictionary_links(fa, fb);
  std::vector<WordLink> links = recipe.dictionary_links(fa, fb, *p.known);
  p.known.reset();  // not read again: the next pass takes p.links
  return links;
}

std::size_t kept_evidence_bytes(const CorpusOptions& options) {
  const std::size_t half = options.memory_limit / 2;
  const std::optional<std::size_t> in_use = util::heap_in_use();
  if (!in_use) return half;
  const std::size_t usable = options.memory_limit / 4 * 3;
  return usable > *in_use ? std::min(half, usable - *in_use) : 0;
}

bool EvidenceBudget::take(std::int64_t bytes) {
  if (left_.fetch_sub(bytes) >= bytes) return true;
  left_ += bytes;
  return false;
}

void EvidenceBudget::keep_or_drop(PairWork& p) {
  const auto evidence = static_cast<std::int64_t>(p.evidence.memory_bytes());
  const auto known = static_cast<std::int64_t>(p.known ? p.known->capacity() * sizeof(WordLink) : 0);
  if (take(evidence + known)) return;
  p.evidence = PairEvidence();
  if (!take(known)) p.known.reset();
}

void ensure_evidence(PairWork& p, const DocTable& docs, const PairRecipe& recipe) {
  if (p.evidence.empty()) build_evidence(p, docs, recipe);
}

double check_pair(PairWork& p, const DocTable& docs, const CorpusOptions& options,
                  const PairRecipe& recipe) {
  build_evidence(p, docs, recipe);
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  p.first = recipe.pass(fa, fb, recipe.use(p.evidence));
  return pair_score(p.first, p.evidence, fa.size(), fb.size(), verify_score_options(options));
}

double recheck_pair(PairWork& p, const DocTable& docs, const CorpusOptions& options,
                    const PairRecipe& recipe) {
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  const PairEvidence ev = recipe.with_links(p.evidence, fa, fb, p.links, nullptr);
  const PairAlignment r = recipe.pass(fa, fb, &ev);
  p = PairWork();  // free as we go
  return pair_score(r, ev, fa.size(), fb.size(), verify_score_options(options));
}

void estimate_pair(PairWork& p, const DocTable& docs, const PairRecipe& recipe) {
  build_evidence(p, docs, recipe);
  p.first = recipe.estimate(docs[p.a].features, docs[p.b].features, recipe.use(p.evidence));
}

PairAlignment final_pair(PairWork& p, const DocTable& docs, const PairRecipe& recipe,
                         FinalInputs* keep) {
  const PipelineOptions& po = recipe.options();
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  PairEvidence ev;
  if (po.anchors) {
    ev = po.word_links ? recipe.with_links(p.evidence, fa, fb, p.links, &p.first)
                       : std::move(p.evidence);
  }
  const LengthModel model = p.model ? *p.model : p.first.model;
  if (p.fitted) p.first.fitted = std::move(p.fitted);  // the final pass follows the hint's model
  PairAlignment r = recipe.final_pass(fa, fb, model, recipe.use(ev), p.first);
  if (keep) *keep = {std::move(ev), model, std::move(p.first)};
  p = PairWork();
  return r;
}

}  // namespace polyalign::corpus
