#include "pair_recipe.h"

#include <algorithm>
#include <utility>

namespace polyalign {

bool dictionaries_on(const PipelineOptions& options) {
  return !dictionary_directory(options.dictionaries).empty();
}

DictionaryOptions pair_dictionary_options(const PipelineOptions& options) {
  DictionaryOptions o;
  o.directory = dictionary_directory(options.dictionaries);
  return o;
}

FeatureOptions pair_feature_options(const PipelineOptions& options) {
  FeatureOptions fo = options.features;
  fo.words = options.word_links ||
             (options.anchors && (options.cognates || dictionaries_on(options)));
  return fo;
}

AlignInput align_input(const DocumentFeatures& f) {
  return AlignInput{f.lengths, f.paragraphs, f.foreign, {}};
}

double pair_score(const PairAlignment& alignment, const PairEvidence& evidence, std::size_t na,
                  std::size_t nb, const PairScoreOptions& options) {
  if (na + nb == 0) return 0;
  double covered = 0;
  for (const Bead& bead : alignment.beads) {
    if (bead.a.empty() || bead.b.empty() || bead.a.size() + bead.b.size() > 3 ||
        bead.confidence < options.bead_confidence)
      continue;
    double shared = 0;
    for (std::uint32_t i = bead.a.begin; i < bead.a.end; ++i) {
      evidence.for_each_in_row(i, bead.b.begin, bead.b.end,
                               [&](std::uint32_t, PairEvidence::Shared s) {
                                 shared += s.anchors + s.links;
                               });
    }
    covered += static_cast<double>(bead.a.size() + bead.b.size()) * bead.confidence *
               std::min(1.0, shared / options.full_evidence);
  }
  return covered / (static_cast<double>(na + nb) + options.prior_sentences);
}

PairRecipe::PairRecipe(const PipelineOptions& options, const Aligner& aligner)
    : options_(options),
      aligner_(aligner),
      evidence_(options.evidence),
      word_links_(options.word_link_options),
      cognates_(options.cognate_options),
      dictionaries_(pair_dictionary_options(options)) {
  translation_.prefix_letters = word_links_.prefix_letters;
}

PairRecipe::PairRecipe(const PipelineOptions& options, const Aligner& aligner, unsigned threads)
    : PairRecipe(options, aligner) {
  evidence_.threads = std::max(evidence_.threads, threads);
  word_links_.threads = std::max(word_links_.threads, threads);
  cognates_.threads = std::max(cognates_.threads, threads);
}

std::vector<WordLink> PairRecipe::known_links(const DocumentFeatures& a,
                                              const DocumentFeatures& b) const {
  std::vector<WordLink> links = polyalign::dictionary_links(a, b, options_.dictionary);
  if (options_.anchors && options_.cognates) {
    const std::vector<WordLink> cognates = cognate_links(a, b, cognates_);
    links.insert(links.end(), cognates.begin(), cognates.end());
  }
  return links;
}

std::vector<WordLink> PairRecipe::lexicon_links(const DocumentFeatures& a,
                                                const DocumentFeatures& b) const {
  if (!options_.anchors || !dictionaries_on(options_) || a.lang.empty() || b.lang.empty()) return {};
  return load_lexicon(dictionaries_, a.lang, b.lang)->links(a, b);
}

std::vector<WordLink> PairRecipe::first_pass_links(const DocumentFeatures& a,
                                                   const DocumentFeatures& b) const {
  return first_pass_links(a, b, known_links(a, b));
}

std::vector<WordLink> PairRecipe::first_pass_links(const DocumentFeatures& a,
                                                   const DocumentFeatures& b,
                                                   const std::vector<WordLink>& known) const {
  std::vector<WordLink> links = known;
  if (dictionaries_.first_pass) {
    const std::vector<WordLink> lex = lexicon_links(a, b);
    links.insert(links.end(), lex.begin(), lex.end());
  }
  return links;
}

std::vector<WordLink> PairRecipe::dictionary_links(const DocumentFeatures& a,
                                                   const DocumentFeatures& b) const {
  return dictionary_links(a, b, known_links(a, b));
}

std::vector<WordLink> PairRecipe::dictionary_links(const DocumentFeatures& a,
                                                   const DocumentFeatures& b,
                                                   const std::vector<WordLink>& known) const {
  std::vector<WordLink> links = known;
  const std::vector<WordLink> lex = lexicon_links(a, b);
  links.insert(links.end(), lex.begin(), lex.end());
  return links;
}

PairEvidence PairRecipe::evidence(const DocumentFeatures& a, const DocumentFeatures& b,
                                  const std::vector<WordLink>& links) const {
  return PairEvidence::build(a, b, evidence_, links);
}

PairAlignment PairRecipe::pass(const DocumentFeatures& a, const DocumentFeatures& b,
                               const PairEvidence* ev) const {
  return aligner_.align(align_input(a), align_input(b), ev);
}

PairAlignment PairRecipe::estimate(const DocumentFeatures& a, const DocumentFeatures& b,
                                   const PairEvidence* ev) const {
  return aligner_.estimate(align_input(a), align_input(b), ev);
}

std::vector<WordLink> PairRecipe::learn_links(const DocumentFeatures& a,
                                              const DocumentFeatures& b,
                                              const PairAlignment& first) const {
  return learn_word_links(a, b, first, word_links_);
}

std::vector<WordLink> PairRecipe::learn_whole_word_links(const DocumentFeatures& a,
                                                         const DocumentFeatures& b,
                                                         const PairAlignment& first) const {
  WordLinkOptions o = word_links_;
  o.prefix_letters = 0;
  return learn_word_links(a, b, first, o);
}

PairEvidence PairRecipe::with_links(const PairEvidence& ev, const DocumentFeatures& a,
                                    const DocumentFeatures& b,
                                    const std::vector<WordLink>& links,
                                    const PairAlignment* first) const {
  return ev.with_links(a, b, links, evidence_, first);
}

PairAlignment PairRecipe::final_pass(const DocumentFeatures& a, const DocumentFeatures& b,
                                     const LengthModel& model, const PairEvidence* ev,
                                     const PairAlignment& first) const {
  return aligner_.align_with_model(align_input(a), align_input(b), model, ev, &first);
}

PairOutcome PairRecipe::align(const DocumentFeatures& a, const DocumentFeatures& b,
                              const PairSteps& steps) const {
  auto begin = [&](std::string_view pass) {
    if (steps.begin) steps.begin(pass);
  };
  auto done = [&](std::string_view step) {
    if (steps.done) steps.done(step);
  };
  PairOutcome out;
  if (!options_.anchors) {
    out.alignment = pass(a, b, nullptr);
    done("align");
    return out;
  }
  std::vector<WordLink> links = known_links(a, b);
  const std::vector<WordLink> lexicon = lexicon_links(a, b);
  // Without a final pass, the only pass takes them.
  const bool lexicon_first = dictionaries_.first_pass || !options_.word_links;
  if (lexicon_first) links.insert(links.end(), lexicon.begin(), lexicon.end());
  out.evidence = evidence(a, b, links);
  done("evidence");
  if (!options_.word_links) {
    out.alignment = pass(a, b, &out.evidence);
    done("align");
  } else {
    // Moore (2002): the estimation pass's confident beads teach word
    // correspondences the final pass can use, next to any dictionary. The
    // final pass keeps the length model estimated there.
    begin("estimate");
    const PairAlignment first = estimate(a, b, &out.evidence);
    done("estimate");
    std::vector<WordLink> learned = learn_links(a, b, first);
    if (!lexicon_first) links.insert(links.end(), lexicon.begin(), lexicon.end());
    links.insert(links.end(), learned.begin(), learned.end());
    // "Is this a translation?" graded by a Model 1 of the pair. Its weight
    // is fitted on the estimation pass's beads, each scored by the half
    // of the model that did not see it (TranslationModel); the word links
    // just learned stay out of that fit: it would over-rate them, having
    // learned them from the same beads (bench/RESULTS.md).
    const std::shared_ptr<const TranslationModel> translation =
        TranslationModel::train(a, b, first, translation_);
    PairAlignment fitted = first;
    if (translation) {
      const PairEvidence with_model = out.evidence.with_translation_model(translation);
      fitted = aligner_.refit(align_input(a), align_input(b), &with_model, std::move(fitted));
    }
    done("learn links");
    out.evidence = with_links(out.evidence, a, b, links, &first);
    if (translation) out.evidence = std::move(out.evidence).with_translation_model(translation);
    done("word links");
    begin("align");
    out.alignment = final_pass(a, b, first.model, &out.evidence, fitted);
    done("align");
  }
  out.word_links = links.size();
  out.score = pair_score(out.alignment, out.evidence, a.size(), b.size());
  if (out.score < options_.min_parallel_score) {
    const double scale = out.score / options_.min_parallel_score;
    for (Bead& bead : out.alignment.beads) {
      if (!bead.a.empty() && !bead.b.empty()) bead.confidence *= scale;
    }
  }
  return out;
}

}  // namespace polyalign
