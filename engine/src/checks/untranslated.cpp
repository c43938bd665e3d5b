#include "checks/untranslated.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "checks/finding_builder.h"
#include "polyalign/language.h"

namespace polyalign::checks {

namespace {

// A sentence of `target` that looks untranslated, against one of `source`.
struct Hit {
  std::size_t target, source;
  std::uint32_t target_sentence, source_sentence;  // source: UINT32_MAX if none
  bool identical;                                  // the same text (else: in the source's language)
  std::string lang;                                // CLD2's language of the target sentence
};

// Finds the hits of a group, by (tuple, target member).
class UntranslatedSearch {
 public:
  UntranslatedSearch(const Group& g, const CheckOptions& options, const CollapsedText& collapsed)
      : g_(g),
        collapsed_(collapsed),
        min_letters_(static_cast<std::size_t>(std::max(options.untranslated_min_letters, 0))) {
    lo_.min_letters = options.untranslated_min_letters;
    lo_.valid_utf8 = true;
  }

  std::map<std::pair<std::size_t, std::size_t>, std::vector<Hit>> run() {
    for (std::size_t t = 0; t < g_.tuples; ++t) {
      for (std::size_t l = 0; l < g_.size(); ++l) {
        const SentenceRange& rl = g_.cell(t, l);
        for (std::uint32_t s = rl.begin; s < rl.end; ++s) {
          identical_nearby(t, l, s);
          foreign(t, l, s);
        }
      }
    }
    return std::move(hits_);
  }

 private:
  // (a) Sentence s of member l (in tuple t) is the same text as a sentence
  // of another member nearby; each unordered pair of sentences once.
  void identical_nearby(std::size_t t, std::size_t l, std::uint32_t s) {
    for (std::size_t k = 0; k < g_.size(); ++k) {
      if (k == l) continue;
      for (std::size_t u = t == 0 ? 0 : t - 1; u <= t + 1 && u < g_.tuples; ++u) {
        const SentenceRange& rk = g_.cell(u, k);
        for (std::uint32_t i = rk.begin; i < rk.end; ++i) {
          if (collapsed_[l][s] != collapsed_[k][i]) continue;
          const auto key = l < k ? std::make_tuple(l, s, k, i) : std::make_tuple(k, i, l, s);
          if (!seen_.insert(key).second) continue;
          identical(l, s, k, i);
        }
      }
    }
  }

  // Sentence s of member l and sentence i of member k are the same text.
  void identical(std::size_t l, std::uint32_t s, std::size_t k, std::uint32_t i) {
    const DocFacts& dl = *g_.members[l];
    const DocFacts& dk = *g_.members[k];
    if (std::max(translatable_letters(dl, s), translatable_letters(dk, i)) < min_letters_) return;
    // The untranslated one is the one not in its document's language.
    const std::string lang = identify_language(dl.text(s), lo_).lang;
    const bool k_is_target = lang == dl.lang() && lang != dk.lang();
    const std::size_t target = k_is_target ? k : l, source = k_is_target ? l : k;
    const std::uint32_t ts = k_is_target ? i : s, ss = k_is_target ? s : i;
    hits_[{g_.tuple_of[target][ts], target}].push_back({target, source, ts, ss, true, lang});
  }

  // (b) Sentence s of member l (in tuple t) is confidently in the language
  // of another member.
  void foreign(std::size_t t, std::size_t l, std::uint32_t s) {
    const DocFacts& dl = *g_.members[l];
    if (dl.features.foreign.empty() || !dl.features.foreign[s]) return;
    const std::string lang = identify_language(dl.text(s), lo_).lang;
    if (lang == "und" || lang == dl.lang()) return;
    for (std::size_t k = 0; k < g_.size(); ++k) {
      if (k == l || g_.members[k]->lang() != lang) continue;
      const SentenceRange& rk = g_.cell(t, k);
      hits_[{t, l}].push_back({l, k, s, rk.empty() ? UINT32_MAX : rk.begin, false, lang});
    }
  }

  const Group& g_;
  const CollapsedText& collapsed_;
  const std::size_t min_letters_;
  LanguageOptions lo_;
  std::map<std::pair<std::size_t, std::size_t>, std::vector<Hit>> hits_;  // (tuple, target)
  std::set<std::tuple<std::size_t, std::uint32_t, std::size_t, std::uint32_t>> seen_;
};

Finding report_untranslated(const Group& g, std::size_t t, const std::vector<Hit>& list) {
  FindingBuilder b(CheckKind::kUntranslated, Severity::kError, g, t);
  std::vector<std::string> items;
  for (const Hit& h : list) {
    // The same text as the source says more than its language does.
    const bool also_identical =
        !h.identical && std::any_of(list.begin(), list.end(), [&](const Hit& o) {
          return o.identical && o.source == h.source;
        });
    if (also_identical) continue;
    b.sentence(h.target, h.target_sentence);
    if (h.source_sentence != UINT32_MAX) b.sentence(h.source, h.source_sentence);
    if (h.identical) {
      const bool known = h.lang == g.members[h.source]->lang();
      items.push_back(known ? fmt::format("{} sentence is the {} one, untranslated",
                                          g.label(h.target), g.label(h.source))
                            : fmt::format("{} and {} sentences are identical", g.label(h.target),
                                          g.label(h.source)));
    } else {
      items.push_back(
          fmt::format("{} sentence is in {} (language identification), "
                      "untranslated",
                      g.label(h.target), g.label(h.source)));
    }
  }
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return b.finish(join_items(items));
}

}  // namespace

void check_untranslated(const Group& g, const CheckOptions& options, const CollapsedText& collapsed,
                        std::vector<Finding>& out) {
  for (const auto& [where, list] : UntranslatedSearch(g, options, collapsed).run()) {
    out.push_back(report_untranslated(g, where.first, list));
  }
}

}  // namespace polyalign::checks
