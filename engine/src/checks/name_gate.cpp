// shared_names(): which names of a group the names check may trust to be
// names (checks/names.h).
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "checks/names.h"
#include "checks/text.h"
#include "polyalign/evidence.h"

namespace polyalign::checks {

namespace {

// Each member's names that may be checked, as name_features(), with a map
// from their key text to the key's id in the member's own features.
struct CheckableNames {
  std::vector<DocumentFeatures> nf;
  std::vector<std::vector<std::uint32_t>> original;
  std::vector<std::unordered_map<std::string_view, std::uint32_t>> by_text;
};

CheckableNames checkable_names(const Group& g) {
  const std::size_t n = g.size();
  CheckableNames c;
  c.nf.resize(n);
  c.original.resize(n);
  c.by_text.resize(n);
  // A name whose words any member writes in lower case is a common word
  // ("Tsunami" in German, "tsunami" in English; "मार्केट" / "market").
  auto lower_somewhere = [&](std::string_view word) {
    return std::any_of(g.members.begin(), g.members.end(), [&](const DocFacts* d) {
      return d->lower_keys.count(std::string(word)) > 0;
    });
  };
  for (std::size_t k = 0; k < n; ++k) {
    const DocFacts& d = *g.members[k];
    std::vector<std::uint8_t> keep = d.name_like;
    for (std::size_t q = 0; q < keep.size(); ++q) {
      if (!keep[q]) continue;
      bool common = true;
      for_each_key_word(d.features.anchor_keys[q].text,
                        [&](std::string_view w) { common = common && lower_somewhere(w); });
      keep[q] = !common;
    }
    c.nf[k] = name_features(d, keep, c.original[k]);
    for (std::size_t q = 0; q < c.nf[k].anchor_keys.size(); ++q) {
      c.by_text[k].emplace(c.nf[k].anchor_keys[q].text, c.original[k][q]);
    }
  }
  return c;
}

}  // namespace

// Which name keys of each member a name of another member of the group
// matches somewhere in the documents (PairEvidence's clustering): the names
// the checks may trust to be names.
NameGate shared_names(const Group& g, const CheckOptions& options) {
  const std::size_t n = g.size();
  const CheckableNames c = checkable_names(g);
  EvidenceOptions eo;
  eo.name_threshold = options.name_threshold;
  eo.max_df = UINT32_MAX;  // a name in every sentence is still a name
  // A name is confirmed by each other member that has it: a bundle of
  // three or more members needs two confirmations (a common word of one
  // language that sounds like a word of another, "Leichen" / "लेकिन", is
  // rarely confirmed twice), or one from a member that capitalises it too
  // (a capitalised word in two languages is a name, or a loan word); a
  // pair needs one.
  const std::size_t needed = std::min<std::size_t>(2, n - 1);
  NameGate gate;
  gate.confirmed.resize(n);
  gate.pair.assign(n, std::vector<std::vector<std::uint8_t>>(n));
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<std::uint8_t> confirmed(g.members[k]->features.anchor_keys.size(), 0);
    for (std::size_t l = 0; l < n; ++l) {
      gate.pair[k][l].assign(confirmed.size(), 0);
      if (l == k || c.nf[k].anchors.empty() || c.nf[l].anchors.empty()) continue;
      const PairEvidence ev = PairEvidence::build(c.nf[k], c.nf[l], eo);
      const SentenceRange all_k{0, static_cast<std::uint32_t>(c.nf[k].size())};
      const SentenceRange all_l{0, static_cast<std::uint32_t>(c.nf[l].size())};
      for (const AnchorMatch& m : ev.matches(all_k, all_l)) {
        auto it = c.by_text[k].find(m.key);
        if (it == c.by_text[k].end()) continue;
        gate.pair[k][l][it->second] = 1;
        const bool both_cased = g.members[k]->capitalised[it->second] && g.members[l]->cased_script;
        confirmed[it->second] += both_cased ? 2 : 1;
      }
    }
    gate.confirmed[k].resize(confirmed.size());
    for (std::size_t q = 0; q < confirmed.size(); ++q)
      gate.confirmed[k][q] = confirmed[q] >= needed;
  }
  return gate;
}

}  // namespace polyalign::checks
