// drop_translated_names(): a name is not missing where the member holds the
// word its language consistently translates it by (checks/name_counterparts.h).
#include "checks/name_counterparts.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "checks/text.h"

namespace polyalign::checks {

namespace {

constexpr std::uint32_t kMinMeetings = 2;
constexpr double kMinDice = 0.5;
constexpr double kDiceMargin = 0.1;

// A name of language `from` looked for in language `to`.
struct NameKey {
  std::uint32_t from = 0, to = 0;
  std::uint64_t name = 0;
  bool operator==(const NameKey&) const = default;
};
// A word of language `to` counted against names of language `from`.
struct WordKey {
  std::uint32_t from = 0, to = 0;
  std::uint64_t word = 0;
  bool operator==(const WordKey&) const = default;
};
struct KeyHash {
  std::size_t operator()(const NameKey& k) const {
    return std::hash<std::uint64_t>{}(k.name ^ (std::uint64_t{k.from} << 48) ^ (std::uint64_t{k.to} << 32));
  }
  std::size_t operator()(const WordKey& k) const {
    return (*this)(NameKey{k.from, k.to, k.word});
  }
};

struct NameCounts {
  std::uint32_t tuples = 0;  // n(q): tuples with q in `from` and `to` present
  std::uint32_t lacking = 0;  // of which tuples `to` lacks it in
  std::unordered_map<std::uint64_t, std::uint32_t> met;  // c(q, w)
  std::vector<std::uint64_t> own;           // stems of the name's own words
  std::vector<std::pair<double, std::uint64_t>> candidates;  // (Dice, word)
  std::vector<std::uint64_t> counterparts;  // sorted
};

// Small ids for the members' languages.
class Languages {
 public:
  std::uint32_t id(const std::string& lang) {
    return ids_.emplace(lang, static_cast<std::uint32_t>(ids_.size())).first->second;
  }

 private:
  std::map<std::string, std::uint32_t> ids_;
};

class CounterpartTable {
 public:
  CounterpartTable(const std::vector<Group>& groups, const std::vector<GroupNames>& names)
      : groups_(groups), names_(names) {
    for (const Group& g : groups) {
      std::vector<std::uint32_t>& ids = lang_.emplace_back();
      for (const DocFacts* d : g.members) ids.push_back(languages_.id(d->lang()));
    }
  }

  void build() {
    want_lacking_names();
    count_meetings();
    count_words();
    choose_candidates();
    count_back();
    choose_counterparts();
  }

  // Whether the corpus gives `name` of member k counterparts in member l's
  // language.
  bool has_counterparts(std::size_t gi, std::size_t k, std::size_t l, const CheckedName& name) const {
    auto it = counts_.find(NameKey{lang_[gi][k], lang_[gi][l], name.hash});
    return it != counts_.end() && !it->second.counterparts.empty();
  }

  // Whether member l of tuple t holds a counterpart of `name` of member k
  // that k does not hold.
  bool translated(std::size_t gi, std::size_t t, std::size_t k, std::size_t l,
                  const CheckedName& name) const {
    auto it = counts_.find(NameKey{lang_[gi][k], lang_[gi][l], name.hash});
    if (it == counts_.end()) return false;
    const std::size_t n = groups_[gi].size();
    const NameCell& ck = names_[gi].cells[t * n + k];
    const NameCell& cl = names_[gi].cells[t * n + l];
    return std::any_of(it->second.counterparts.begin(), it->second.counterparts.end(),
                       [&](std::uint64_t w) { return cl.has(w) && !ck.has(w); });
  }

 private:
  // Calls f(from, to, l, cell_k, cell_l) for every tuple of every group and
  // every two members k != l in it: their languages, l, and their cells.
  template <typename F>
  void for_each_member_pair(F&& f) const {
    for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
      const Group& g = groups_[gi];
      const std::size_t n = g.size();
      for (std::size_t t = 0; t < g.tuples; ++t) {
        for (std::size_t k = 0; k < n; ++k) {
          if (g.cell(t, k).empty()) continue;
          for (std::size_t l = 0; l < n; ++l) {
            if (l == k || g.cell(t, l).empty()) continue;
            f(lang_[gi][k], lang_[gi][l], l, names_[gi].cells[t * n + k], names_[gi].cells[t * n + l]);
          }
        }
      }
    }
  }

  // The (name, language) pairs some tuple reports missing.
  void want_lacking_names() {
    for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
      const std::size_t n = groups_[gi].size();
      for (std::size_t c = 0; c < names_[gi].cells.size(); ++c) {
        for (const CheckedName& name : names_[gi].cells[c].names) {
          for (std::size_t l : name.lacking) {
            const auto added =
                counts_.try_emplace(NameKey{lang_[gi][c % n], lang_[gi][l], name.hash});
            if (!added.second) continue;
            std::vector<std::uint64_t>& own = added.first->second.own;
            for_each_key_word(name.key,
                              [&](std::string_view w) { own.push_back(word_key_hash(word_stem(w))); });
          }
        }
      }
    }
  }

  // n(q) and c(q, w) for the wanted names.
  void count_meetings() {
    for_each_member_pair([&](std::uint32_t from, std::uint32_t to, std::size_t l,
                             const NameCell& ck, const NameCell& cl) {
      std::unordered_set<std::uint64_t> seen;  // a name twice in a tuple counts once
      for (const CheckedName& name : ck.names) {
        if (!seen.insert(name.hash).second) continue;
        auto it = counts_.find(NameKey{from, to, name.hash});
        if (it == counts_.end()) continue;
        ++it->second.tuples;
        if (std::find(name.absent.begin(), name.absent.end(), l) != name.absent.end()) {
          ++it->second.lacking;
        }
        for (std::uint64_t w : cl.words) ++it->second.met[w];
      }
    });
    for (const auto& [key, c] : counts_) {
      for (const auto& [w, met] : c.met) {
        if (met >= kMinMeetings) word_tuples_.try_emplace(WordKey{key.from, key.to, w}, 0);
      }
    }
  }

  // n(w) for the words met often enough.
  void count_words() {
    for_each_member_pair([&](std::uint32_t from, std::uint32_t to, std::size_t,
                             const NameCell&, const NameCell& cl) {
      for (std::uint64_t w : cl.words) {
        auto it = word_tuples_.find(WordKey{from, to, w});
        if (it != word_tuples_.end()) ++it->second;
      }
    });
  }

  // The words of each name within reach of its best (Dice).
  void choose_candidates() {
    for (auto& [key, c] : counts_) {
      // A language that mostly keeps the name as it is does not translate
      // it: where it lacks it, it lacks it.
      if (2 * c.lacking <= c.tuples) {
        c.met.clear();
        continue;
      }
      std::vector<std::pair<double, std::uint64_t>> scored;
      for (const auto& [w, met] : c.met) {
        if (met < kMinMeetings) continue;
        const std::uint32_t nw = word_tuples_.at(WordKey{key.from, key.to, w});
        scored.emplace_back(2.0 * met / (c.tuples + nw), w);
      }
      double best = 0;
      for (const auto& s : scored) best = std::max(best, s.first);
      for (const auto& [dice, w] : scored) {
        if (dice >= kMinDice && dice >= best - kDiceMargin) {
          c.candidates.emplace_back(dice, w);
          back_.try_emplace(WordKey{key.from, key.to, w});
        }
      }
      c.met.clear();
    }
  }

  // For each candidate word: the words of the name's language it meets,
  // and how often each of those occurs.
  void count_back() {
    for_each_member_pair([&](std::uint32_t from, std::uint32_t to, std::size_t,
                             const NameCell& ck, const NameCell& cl) {
      for (std::uint64_t w : cl.words) {
        auto it = back_.find(WordKey{from, to, w});
        if (it == back_.end()) continue;
        for (std::uint64_t v : ck.words) ++it->second[v];
      }
    });
    for (const auto& [key, met] : back_) {
      for (const auto& [v, m] : met) {
        if (m >= kMinMeetings) source_tuples_.try_emplace(WordKey{key.from, key.to, v}, 0);
      }
    }
    for_each_member_pair([&](std::uint32_t from, std::uint32_t to, std::size_t,
                             const NameCell& ck, const NameCell&) {
      for (std::uint64_t v : ck.words) {
        auto it = source_tuples_.find(WordKey{from, to, v});
        if (it != source_tuples_.end()) ++it->second;
      }
    });
  }

  // A candidate is a counterpart when no other word of the name's language
  // goes with it better than the name: "tabrakan" comes with "Deptford"
  // in a story of a crash, but it comes with "crash" more.
  void choose_counterparts() {
    for (auto& [key, c] : counts_) {
      for (const auto& [dice, w] : c.candidates) {
        const WordKey wk{key.from, key.to, w};
        const double nw = word_tuples_.at(wk);
        double other = 0;
        for (const auto& [v, m] : back_.at(wk)) {
          if (m < kMinMeetings || std::find(c.own.begin(), c.own.end(), v) != c.own.end()) continue;
          other = std::max(other, 2.0 * m / (source_tuples_.at(WordKey{key.from, key.to, v}) + nw));
        }
        if (dice >= other) c.counterparts.push_back(w);
      }
      std::sort(c.counterparts.begin(), c.counterparts.end());
      c.candidates.clear();
    }
  }

  const std::vector<Group>& groups_;
  const std::vector<GroupNames>& names_;
  Languages languages_;
  std::vector<std::vector<std::uint32_t>> lang_;  // [group][member]
  std::unordered_map<NameKey, NameCounts, KeyHash> counts_;
  std::unordered_map<WordKey, std::uint32_t, KeyHash> word_tuples_;  // n(w)
  // Per candidate word: the name-language words it meets, and how often.
  std::unordered_map<WordKey, std::unordered_map<std::uint64_t, std::uint32_t>, KeyHash> back_;
  std::unordered_map<WordKey, std::uint32_t, KeyHash> source_tuples_;  // n(v)
};

}  // namespace

void drop_translated_names(const std::vector<Group>& groups, std::vector<GroupNames>& names) {
  CounterpartTable table(groups, names);
  table.build();
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const std::size_t n = groups[gi].size();
    for (std::size_t c = 0; c < names[gi].cells.size(); ++c) {
      for (CheckedName& name : names[gi].cells[c].names) {
        std::erase_if(name.lacking, [&](std::size_t l) {
          return table.translated(gi, c / n, c % n, l, name);
        });
        for (std::size_t l : name.lacking) {
          if (table.has_counterparts(gi, c % n, l, name)) name.translated_in.push_back(l);
        }
      }
    }
  }
}

}  // namespace polyalign::checks
