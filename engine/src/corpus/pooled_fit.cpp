#include "corpus/pooled_fit.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

namespace polyalign::corpus {

namespace {

// Equal anchor keys of different documents share one index.
struct AnchorKeyHash {
  std::size_t operator()(const AnchorKey& k) const {
    return std::hash<std::string>()(k.text) * 31 + static_cast<std::size_t>(k.kind);
  }
};
struct AnchorKeyEq {
  bool operator()(const AnchorKey& l, const AnchorKey& r) const {
    return l.kind == r.kind && l.text == r.text;
  }
};

}  // namespace

DocumentFeatures concatenate(const std::vector<const DocumentFeatures*>& docs) {
  DocumentFeatures out;
  out.anchor_offsets.push_back(0);
  out.word_offsets.push_back(0);
  std::unordered_map<AnchorKey, std::uint32_t, AnchorKeyHash, AnchorKeyEq> key_ids;
  std::unordered_map<std::string, std::uint32_t> word_ids;
  std::uint32_t paragraph = 0;
  for (const DocumentFeatures* f : docs) {
    if (out.lang.empty()) out.lang = f->lang;
    std::vector<std::uint32_t> keys(f->anchor_keys.size()), words(f->vocabulary.size());
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const auto [it, fresh] =
          key_ids.try_emplace(f->anchor_keys[k], static_cast<std::uint32_t>(out.anchor_keys.size()));
      if (fresh) out.anchor_keys.push_back(f->anchor_keys[k]);
      keys[k] = it->second;
    }
    for (std::size_t w = 0; w < words.size(); ++w) {
      const auto [it, fresh] =
          word_ids.try_emplace(f->vocabulary[w], static_cast<std::uint32_t>(out.vocabulary.size()));
      if (fresh) out.vocabulary.push_back(f->vocabulary[w]);
      words[w] = it->second;
    }
    std::uint32_t last = 0;
    const bool has_words = f->word_offsets.size() == f->size() + 1;
    const bool has_anchors = f->anchor_offsets.size() == f->size() + 1;
    for (std::size_t i = 0; i < f->size(); ++i) {
      out.lengths.push_back(f->lengths[i]);
      const std::uint32_t p = i < f->paragraphs.size() ? f->paragraphs[i] : 0;
      last = std::max(last, p);
      out.paragraphs.push_back(paragraph + p);
      out.foreign.push_back(i < f->foreign.size() ? f->foreign[i] : 0);
      if (has_anchors) {
        for (AnchorRef r : f->anchors_of(i)) {
          r.key = keys[r.key];
          out.anchors.push_back(r);
        }
      }
      out.anchor_offsets.push_back(static_cast<std::uint32_t>(out.anchors.size()));
      if (has_words) {
        for (std::uint32_t w : f->words_of(i)) out.words.push_back(words[w]);
      }
      out.word_offsets.push_back(static_cast<std::uint32_t>(out.words.size()));
    }
    paragraph += last + 1;
  }
  return out;
}

std::optional<BeadModel> fit_pooled_model(const std::vector<PairWork>& pairs,
                                          const std::vector<std::size_t>& group,
                                          const DocTable& docs, const PairRecipe& recipe,
                                          std::size_t max_sentences) {
  if (max_sentences == 0 || group.empty() || !recipe.options().anchors ||
      !recipe.options().aligner.estimate_parameters || !recipe.options().aligner.estimate_weights)
    return std::nullopt;
  // The pairs in group order, oriented x-y; an evenly spread sample of
  // them while both sides stay within max_sentences.
  std::size_t total = 0;
  for (std::size_t i : group) {
    const PairWork& p = pairs[i];
    total += std::max(docs[p.a].features.size(), docs[p.b].features.size());
  }
  const std::size_t keep = total <= max_sentences
                               ? group.size()
                               : std::max<std::size_t>(1, group.size() * max_sentences / total);
  std::vector<const DocumentFeatures*> xs, ys;
  for (std::size_t k = 0; k < keep; ++k) {
    const PairWork& p = pairs[group[k * group.size() / keep]];
    const bool fwd = oriented(p, docs);
    xs.push_back(&docs[fwd ? p.a : p.b].features);
    ys.push_back(&docs[fwd ? p.b : p.a].features);
  }
  const DocumentFeatures x = concatenate(xs), y = concatenate(ys);
  if (x.size() == 0 || y.size() == 0) return std::nullopt;
  const PairEvidence ev = recipe.evidence(x, y);
  return recipe.estimate(x, y, recipe.use(ev)).fitted;
}

BeadModel turned(const BeadModel& m) {
  BeadModel out = m;
  for (BeadType& t : out.bead_types) std::swap(t.a, t.b);
  return out;
}

}  // namespace polyalign::corpus
