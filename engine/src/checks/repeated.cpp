#include "checks/repeated.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "checks/finding_builder.h"

namespace polyalign::checks {

namespace {

// Words in more sentences than this are not used to find repeats (their
// posting lists would make the search quadratic in a long document); a
// sentence made only of such words is not checked.
constexpr std::size_t kMaxRepeatPosting = 4096;

// A document's sentences as sets of distinct word ids, with the index the
// search looks candidates up in.
struct WordIndex {
  std::vector<std::vector<std::uint32_t>> sets;      // [sentence]: word ids, ascending
  std::vector<std::uint32_t> df;                     // [word]: sentences holding it
  std::vector<std::vector<std::uint32_t>> postings;  // [word]: sentences long enough
  std::vector<double> idf;                           // [word]
};

WordIndex index_words(const DocumentFeatures& f, const CheckOptions& options) {
  const auto n = static_cast<std::uint32_t>(f.size());
  WordIndex x;
  x.sets.resize(n);
  x.df.assign(f.vocabulary.size(), 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    auto w = f.words_of(i);
    std::vector<std::uint32_t>& set = x.sets[i];
    set.assign(w.begin(), w.end());
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    for (std::uint32_t word : set) ++x.df[word];
  }
  x.postings.resize(f.vocabulary.size());
  for (std::uint32_t i = 0; i < n; ++i) {
    if (x.sets[i].size() < options.repeat_min_words) continue;
    for (std::uint32_t word : x.sets[i]) {
      if (x.df[word] <= kMaxRepeatPosting) x.postings[word].push_back(i);
    }
  }
  // Words weigh their idf, log(1 + n / df): sharing "the" says little,
  // sharing a number or a name much (a sentence that differs from another
  // only by its number is not a repeat).
  x.idf.assign(f.vocabulary.size(), 0);
  for (std::size_t w = 0; w < x.idf.size(); ++w) {
    x.idf[w] = std::log(1.0 + static_cast<double>(n) / std::max<std::uint32_t>(x.df[w], 1));
  }
  return x;
}

// The sentences that may hold `need` of the weight `weight` of sentence i's
// words, into `candidates` (ascending, unique); `prefix` is scratch space.
void candidates_of(const WordIndex& x, std::uint32_t i, double weight, double need,
                   const CheckOptions& options, std::vector<std::uint32_t>& prefix,
                   std::vector<std::uint32_t>& candidates) {
  const std::vector<std::uint32_t>& df = x.df;
  const std::size_t m = x.sets[i].size();
  // Prefix filtering: a sentence holding `need` of the weight of i's
  // words holds one of i's rarest words whose weights add up to more
  // than weight - need.
  prefix = x.sets[i];
  std::sort(prefix.begin(), prefix.end(), [&](std::uint32_t a, std::uint32_t b) {
    return df[a] != df[b] ? df[a] < df[b] : a < b;
  });
  double covered = 0;
  std::size_t length = 0;
  while (length < prefix.size() && covered <= weight - need) covered += x.idf[prefix[length++]];
  prefix.resize(length);
  candidates.clear();
  for (std::uint32_t w : prefix) {
    if (df[w] > kMaxRepeatPosting) continue;
    for (std::uint32_t j : x.postings[w]) {
      const std::size_t mj = x.sets[j].size();
      // i is the shorter one (ties: the earlier one), and not much shorter.
      if (j == i || mj < m || (mj == m && j < i)) continue;
      if (static_cast<double>(m) < options.repeat_min_size_ratio * static_cast<double>(mj))
        continue;
      candidates.push_back(j);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
}

// The weight of the words sentences i and j share.
double common_weight(const WordIndex& x, std::uint32_t i, std::uint32_t j) {
  double common = 0;
  auto a = x.sets[i].begin(), b = x.sets[j].begin();
  while (a != x.sets[i].end() && b != x.sets[j].end()) {
    if (*a < *b) {
      ++a;
    } else if (*b < *a) {
      ++b;
    } else {
      common += x.idf[*a];
      ++a, ++b;
    }
  }
  return common;
}

}  // namespace

std::vector<std::pair<std::uint32_t, std::uint32_t>> find_repeats(
    const DocFacts& d, const std::vector<std::string>& collapsed, const CheckOptions& options) {
  const WordIndex x = index_words(d.features, options);
  const auto n = static_cast<std::uint32_t>(x.sets.size());
  std::vector<std::uint32_t> first_of(n, UINT32_MAX);
  std::vector<std::uint32_t> prefix, candidates;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (x.sets[i].size() < options.repeat_min_words) continue;
    double weight = 0;
    for (std::uint32_t w : x.sets[i]) weight += x.idf[w];
    const double need = options.repeat_min_containment * weight - 1e-9;
    candidates_of(x, i, weight, need, options, prefix, candidates);
    for (std::uint32_t j : candidates) {
      if (common_weight(x, i, j) < need) continue;
      const std::uint32_t early = std::min(i, j), late = std::max(i, j);
      first_of[late] = std::min(first_of[late], early);
    }
  }
  // Exact repeats of sentences too short for the word test.
  std::unordered_map<std::string_view, std::uint32_t> seen;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (x.sets[i].size() >= options.repeat_min_words || x.sets[i].size() < 2) continue;
    auto [it, fresh] = seen.emplace(collapsed[i], i);
    if (!fresh && translatable_letters(d, i) > 0) first_of[i] = std::min(first_of[i], it->second);
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (first_of[i] != UINT32_MAX) out.emplace_back(first_of[i], i);
  }
  return out;
}

void check_repeated(const Group& g, const CheckOptions& options, const CollapsedText& collapsed,
                    std::vector<Finding>& out) {
  // Repeats of several members between the same two tuples are one finding.
  std::map<std::pair<std::uint32_t, std::uint32_t>,
           std::vector<std::tuple<std::size_t, std::uint32_t, std::uint32_t>>>
      by_tuples;
  for (std::size_t k = 0; k < g.size(); ++k) {
    for (const auto& [early, late] : find_repeats(*g.members[k], collapsed[k], options)) {
      by_tuples[{g.tuple_of[k][early], g.tuple_of[k][late]}].emplace_back(k, early, late);
    }
  }
  for (const auto& [tuples, list] : by_tuples) {
    const auto [te, tl] = tuples;
    FindingBuilder b(CheckKind::kRepeated, Severity::kInfo, g, tl);
    std::vector<std::size_t> members;
    bool exact = true;
    for (const auto& [k, early, late] : list) {
      b.sentence(k, early);
      b.sentence(k, late);
      members.push_back(k);
      exact = exact && collapsed[k][early] == collapsed[k][late];
    }
    if (te != tl) b.related(g.index, te);
    out.push_back(b.finish(fmt::format("{}: {} an earlier sentence of the same document (#{})",
                                       join_labels(g, members),
                                       exact ? "repeats" : "nearly repeats", te + 1)));
  }
}

}  // namespace polyalign::checks
