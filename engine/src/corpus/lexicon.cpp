#include "corpus/lexicon.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "corpus/pooled_fit.h"
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
                      const DocTable& docs, const PairRecipe& recipe, std::size_t fit_sentences) {
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
  for (const WordLink& wl : recipe.learn_whole_word_links(px.features, py.features, pooled)) {
    lex.links.push_back(
        {px.features.vocabulary[wl.word_a], py.features.vocabulary[wl.word_b], wl.strength,
         wl.lead});
  }
  lex.fitted = fit_pooled_model(pairs, group, docs, recipe, fit_sentences);
  return lex;
}

namespace {

// The model of the pooled 1-1 beads, la on side A.
LengthModel pooled_model_of(const std::vector<std::uint32_t>& la,
                            const std::vector<std::uint32_t>& lb) {
  LengthModel m;
  m.c = estimate_ratio(la, lb);
  m.s2 = estimate_variance(la, lb, m.c, 6.8 * std::max(1.0, m.c));
  return m;
}

}  // namespace

LexiconIndex::LexiconIndex(const Lexicon& lex, bool pooled_model)
    : lex_(lex), pooled_(pooled_model) {
  if (pooled_model && lex.len_x.size() >= 8) {
    model_xy_ = pooled_model_of(lex.len_x, lex.len_y);
    model_yx_ = pooled_model_of(lex.len_y, lex.len_x);
  }
  const auto n = static_cast<std::uint32_t>(lex.links.size());
  for (std::vector<std::uint32_t>* order : {&by_x_, &by_y_}) {
    order->resize(n);
    for (std::uint32_t e = 0; e < n; ++e) (*order)[e] = e;
  }
  auto by = [&](std::string Lexicon::Entry::*side) {
    return [&lex, side](std::uint32_t p, std::uint32_t q) {
      const int c = (lex.links[p].*side).compare(lex.links[q].*side);
      return c != 0 ? c < 0 : p < q;
    };
  };
  std::sort(by_x_.begin(), by_x_.end(), by(&Lexicon::Entry::x));
  std::sort(by_y_.begin(), by_y_.end(), by(&Lexicon::Entry::y));
  auto ranges = [&](const std::vector<std::uint32_t>& order, std::string Lexicon::Entry::*side,
                    std::unordered_map<std::string_view, Range>& out) {
    out.reserve(order.size());
    for (std::uint32_t i = 0; i < order.size();) {
      const std::string_view word = lex.links[order[i]].*side;
      std::uint32_t j = i + 1;
      while (j < order.size() && lex.links[order[j]].*side == word) ++j;
      out.emplace(word, Range{i, j});
      i = j;
    }
  };
  ranges(by_x_, &Lexicon::Entry::x, range_x_);
  ranges(by_y_, &Lexicon::Entry::y, range_y_);
}

std::span<const std::uint32_t> LexiconIndex::entries(std::string_view word, bool y_side) const {
  const std::vector<std::uint32_t>& order = y_side ? by_y_ : by_x_;
  const auto& ranges = y_side ? range_y_ : range_x_;
  const auto it = ranges.find(word);
  if (it == ranges.end()) return {};
  return std::span<const std::uint32_t>(order).subspan(it->second.first,
                                                       it->second.second - it->second.first);
}

void apply_lexicon(PairWork& p, const Lexicon& lex, const LexiconIndex& index,
                   const DocTable& docs, const PairRecipe& recipe) {
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  const bool fwd = oriented(p, docs);
  std::unordered_map<std::string_view, std::uint32_t> idb;
  idb.reserve(fb.vocabulary.size());
  for (std::uint32_t w = 0; w < fb.vocabulary.size(); ++w) idb.emplace(fb.vocabulary[w], w);
  p.links = pair_dictionary_links(p, docs, recipe);
  // (entry, link): each entry pairs at most one word of each vocabulary.
  std::vector<std::pair<std::uint32_t, WordLink>> found;
  for (std::uint32_t x = 0; x < fa.vocabulary.size(); ++x) {
    for (std::uint32_t e : index.entries(fa.vocabulary[x], !fwd)) {
      const Lexicon::Entry& entry = lex.links[e];
      const auto y = idb.find(fwd ? entry.y : entry.x);
      if (y != idb.end()) found.push_back({e, {x, y->second, entry.strength}});
    }
  }
  std::sort(found.begin(), found.end(),
            [](const auto& l, const auto& r) { return l.first < r.first; });
  // Entries of one key (Lexicon::Entry::lead) stay one key: each link
  // points back to the first link found of its key (entries of a key are
  // consecutive, so that one comes first).
  std::unordered_map<std::uint32_t, std::size_t> first_of_key;
  for (auto& [e, link] : found) {
    const std::uint32_t lead = lex.links[e].lead;
    const std::uint32_t key = lead <= e ? e - lead : e;
    const auto it = first_of_key.emplace(key, p.links.size()).first;
    link.lead = static_cast<std::uint32_t>(p.links.size() - it->second);
    p.links.push_back(link);
  }
  if (const auto& m = index.model(fwd)) p.model = *m;
  if (index.pooled() && lex.fitted) p.fitted = fwd ? *lex.fitted : turned(*lex.fitted);
}

void apply_lexicon(PairWork& p, const Lexicon& lex, const DocTable& docs,
                   const PairRecipe& recipe, bool pooled_model) {
  apply_lexicon(p, lex, LexiconIndex(lex, pooled_model), docs, recipe);
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
                        const Progress& report, std::size_t fit_sentences) {
  std::map<std::string, std::vector<std::size_t>> groups =
      lexicon_groups(pairs, training, docs, pool);
  std::vector<const std::string*> keys;
  for (const auto& [key, list] : groups) keys.push_back(&key);
  std::vector<Lexicon> learned(keys.size());
  util::parallel_for(
      keys.size(), threads,
      [&](std::size_t g) { 
        learned[g] = learn_lexicon(pairs, groups.at(*keys[g]), docs, recipe, fit_sentences);
      },
      report);
  Lexicons out;
  for (std::size_t g = 0; g < keys.size(); ++g) out.emplace(*keys[g], std::move(learned[g]));
  return out;
}

LexiconApplier::LexiconApplier(const Lexicons& lexicons, const DocTable& docs,
                               const PairRecipe& recipe, bool pool, bool pooled_model)
    : lexicons_(lexicons),
      docs_(docs),
      recipe_(recipe),
      pool_(pool),
      none_index_(none_, pooled_model) {
  for (const auto& [key, lex] : lexicons) indexes_.try_emplace(key, lex, pooled_model);
}

void LexiconApplier::apply(std::vector<PairWork>& pairs, std::size_t i) const {
  const auto it = lexicons_.find(lexicon_key(pairs, i, docs_, pool_));
  if (it == lexicons_.end()) {
    apply_lexicon(pairs[i], none_, none_index_, docs_, recipe_);
  } else {
    apply_lexicon(pairs[i], it->second, indexes_.at(it->first), docs_, recipe_);
  }
}

void apply_lexicons(std::vector<PairWork>& pairs, const std::vector<std::size_t>& targets,
                    const Lexicons& lexicons, const DocTable& docs, const PairRecipe& recipe,
                    bool pool, bool pooled_model, unsigned threads, const Progress& report) {
  const LexiconApplier applier(lexicons, docs, recipe, pool, pooled_model);
  util::parallel_for(
      targets.size(), threads, [&](std::size_t t) { applier.apply(pairs, targets[t]); }, report);
}

}  // namespace polyalign::corpus
