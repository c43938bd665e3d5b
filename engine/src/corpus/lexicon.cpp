#include "corpus/lexicon.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "util/parallel.h"

namespace polyalign::corpus {

namespace {

// Words of many documents under one vocabulary, so that learn_word_links()
// counts co-occurrences over all of them at once.
struct Pool {
  DocumentFeatures features;
  std::unordered_map<std::string, std::uint32_t> ids;
  std::uint32_t add(const DocumentFeatures& f) {
    if (features.word_offsets.empty()) features.word_offsets.push_back(0);
    const auto offset = static_cast<std::uint32_t>(features.lengths.size());
    std::vector<std::uint32_t> map(f.vocabulary.size());
    for (std::size_t w = 0; w < f.vocabulary.size(); ++w) {
      auto [it, inserted] =
          ids.try_emplace(f.vocabulary[w], static_cast<std::uint32_t>(features.vocabulary.size()));
      if (inserted) features.vocabulary.push_back(f.vocabulary[w]);
      map[w] = it->second;
    }
    for (std::size_t i = 0; i < f.size(); ++i) {
      for (std::uint32_t w : f.words_of(i)) features.words.push_back(map[w]);
      features.word_offsets.push_back(static_cast<std::uint32_t>(features.words.size()));
      features.lengths.push_back(f.lengths[i]);
    }
    return offset;
  }
};

}  // namespace

Lexicon learn_lexicon(const std::vector<PairWork>& pairs, const std::vector<std::size_t>& group,
                      const DocTable& docs, const PairRecipe& recipe) {
  Pool px, py;
  PairAlignment pooled;
  Lexicon lex;
  for (std::size_t i : group) {
    const PairWork& p = pairs[i];
    const bool fwd = oriented(p, docs);
    const DocumentFeatures& fx = docs[fwd ? p.a : p.b].features;
    const DocumentFeatures& fy = docs[fwd ? p.b : p.a].features;
    const std::uint32_t ox = px.add(fx), oy = py.add(fy);
    for (const Bead& bead : p.first.beads) {
      const SentenceRange& rx = fwd ? bead.a : bead.b;
      const SentenceRange& ry = fwd ? bead.b : bead.a;
      Bead shifted = bead;
      shifted.a = {rx.begin + ox, rx.end + ox};
      shifted.b = {ry.begin + oy, ry.end + oy};
      pooled.beads.push_back(shifted);
      if (rx.size() == 1 && ry.size() == 1 && bead.confidence >= 0.5) {
        lex.len_x.push_back(fx.lengths[rx.begin]);
        lex.len_y.push_back(fy.lengths[ry.begin]);
      }
    }
  }
  for (const WordLink& wl : recipe.learn_links(px.features, py.features, pooled)) {
    lex.links.push_back(
        {px.features.vocabulary[wl.word_a], py.features.vocabulary[wl.word_b], wl.strength});
  }
  return lex;
}

void apply_lexicon(PairWork& p, const Lexicon& lex, const DocTable& docs,
                   const PairRecipe& recipe, bool pooled_model) {
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  const bool fwd = oriented(p, docs);
  std::unordered_map<std::string_view, std::uint32_t> ida, idb;
  for (std::uint32_t w = 0; w < fa.vocabulary.size(); ++w) ida.emplace(fa.vocabulary[w], w);
  for (std::uint32_t w = 0; w < fb.vocabulary.size(); ++w) idb.emplace(fb.vocabulary[w], w);
  p.links = recipe.dictionary_links(fa, fb);
  for (const Lexicon::Entry& e : lex.links) {
    auto x = ida.find(fwd ? e.x : e.y);
    auto y = idb.find(fwd ? e.y : e.x);
    if (x != ida.end() && y != idb.end()) p.links.push_back({x->second, y->second, e.strength});
  }
  if (pooled_model && lex.len_x.size() >= 8) {
    const std::vector<std::uint32_t>& la = fwd ? lex.len_x : lex.len_y;
    const std::vector<std::uint32_t>& lb = fwd ? lex.len_y : lex.len_x;
    LengthModel m;
    m.c = estimate_ratio(la, lb);
    m.s2 = estimate_variance(la, lb, m.c, 6.8 * std::max(1.0, m.c));
    p.model = m;
  }
}

std::string lexicon_key(const std::vector<PairWork>& pairs, std::size_t i, const DocTable& docs,
                        bool pool) {
  return pool ? language_pair(pairs[i], docs) : fmt::format("{:012}", i);
}

std::map<std::string, std::vector<std::size_t>> lexicon_groups(
    const std::vector<PairWork>& pairs, const std::vector<std::size_t>& training,
    const DocTable& docs, bool pool) {
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i : training) groups[lexicon_key(pairs, i, docs, pool)].push_back(i);
  return groups;
}

Lexicons learn_lexicons(const std::vector<PairWork>& pairs,
                        const std::vector<std::size_t>& training, const DocTable& docs,
                        const PairRecipe& recipe, bool pool, unsigned threads,
                        const Progress& report) {
  std::map<std::string, std::vector<std::size_t>> groups =
      lexicon_groups(pairs, training, docs, pool);
  std::vector<const std::string*> keys;
  for (const auto& [key, list] : groups) keys.push_back(&key);
  std::vector<Lexicon> learned(keys.size());
  util::parallel_for(
      keys.size(), threads,
      [&](std::size_t g) { learned[g] = learn_lexicon(pairs, groups.at(*keys[g]), docs, recipe); },
      report);
  Lexicons out;
  for (std::size_t g = 0; g < keys.size(); ++g) out.emplace(*keys[g], std::move(learned[g]));
  return out;
}

void apply_lexicons(std::vector<PairWork>& pairs, const std::vector<std::size_t>& targets,
                    const Lexicons& lexicons, const DocTable& docs, const PairRecipe& recipe,
                    bool pool, bool pooled_model, unsigned threads, const Progress& report) {
  const Lexicon none;
  util::parallel_for(
      targets.size(), threads,
      [&](std::size_t t) {
        const auto it = lexicons.find(lexicon_key(pairs, targets[t], docs, pool));
        apply_lexicon(pairs[targets[t]], it != lexicons.end() ? it->second : none, docs, recipe,
                      pooled_model);
      },
      report);
}

}  // namespace polyalign::corpus
