#include "checks/inconsistent.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "checks/finding_builder.h"
#include "checks/text.h"

namespace polyalign::checks {

namespace {

struct Occurrence {
  std::size_t group, tuple, member;
  std::uint32_t sentence;
};

// The counterpart of an occurrence in another language: the sentences of
// one member of its tuple.
struct Counterpart {
  const Occurrence* o;
  std::size_t member;
  std::string text;  // cell_text()
};

// Texts of a member's sentences in a tuple, joined by one space (collapsed).
std::string cell_text(const Group& g, std::size_t t, std::size_t k,
                      const CollapsedText& collapsed) {
  std::string s;
  const SentenceRange& r = g.cell(t, k);
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    if (i > r.begin) s += ' ';
    s += collapsed[k][i];
  }
  return s;
}

// Sentences alone in their member of a tuple, grouped by language and
// text, in order of first occurrence.
std::vector<std::vector<Occurrence>> index_occurrences(const std::vector<Group>& groups,
                                                       const std::vector<CollapsedText>& collapsed,
                                                       const CheckOptions& options) {
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::vector<Occurrence>> occurrences;
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const Group& g = groups[gi];
    for (std::size_t t = 0; t < g.tuples; ++t) {
      for (std::size_t k = 0; k < g.size(); ++k) {
        const SentenceRange& r = g.cell(t, k);
        if (r.size() != 1) continue;
        const DocFacts& d = *g.members[k];
        if (d.features.words_of(r.begin).size() < options.inconsistent_min_words) continue;
        std::string key = d.lang();
        key += '\0';
        key += collapsed[gi][k][r.begin];
        auto [it, fresh] = index.emplace(std::move(key), occurrences.size());
        if (fresh) occurrences.emplace_back();
        occurrences[it->second].push_back({gi, t, k, r.begin});
      }
    }
  }
  return occurrences;
}

// Every language of these occurrences' bundles but `lang`.
std::set<std::string> other_languages(const std::vector<Group>& groups,
                                      const std::vector<Occurrence>& occ, const std::string& lang) {
  std::set<std::string> langs;
  for (const Occurrence& o : occ) {
    for (const DocFacts* d : groups[o.group].members) {
      if (d->lang() != lang) langs.insert(d->lang());
    }
  }
  return langs;
}

// The counterparts of each occurrence in language `other`.
std::vector<Counterpart> counterparts(const std::vector<Group>& groups,
                                      const std::vector<CollapsedText>& collapsed,
                                      const std::vector<Occurrence>& occ,
                                      const std::string& other) {
  std::vector<Counterpart> cps;
  for (const Occurrence& o : occ) {
    const Group& g = groups[o.group];
    for (std::size_t l = 0; l < g.size(); ++l) {
      if (g.members[l]->lang() != other || g.cell(o.tuple, l).empty()) continue;
      cps.push_back({&o, l, cell_text(g, o.tuple, l, collapsed[o.group])});
    }
  }
  return cps;
}

// The finding for counterpart c, which differs from the reference `ref`
// (whose words are `ref_words`): the words of c that differ highlighted.
Finding report_counterpart(const std::vector<Group>& groups, const Counterpart& c,
                           const Counterpart& ref,
                           const std::multiset<std::string_view>& ref_words) {
  const Group& g = groups[c.o->group];
  FindingBuilder b(CheckKind::kInconsistent, Severity::kWarning, g, c.o->tuple);
  b.sentence(c.o->member, c.o->sentence);
  b.sentences(c.member, g.cell(c.o->tuple, c.member));
  const DocFacts& d = *g.members[c.member];
  std::multiset<std::string_view> left = ref_words;
  const SentenceRange& r = g.cell(c.o->tuple, c.member);
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    const std::string_view text = d.text(i);
    const std::uint64_t base = d.doc->sentences[i].span.start;
    for_each_word_span(text, [&](std::size_t s, std::size_t e) {
      auto it = left.find(text.substr(s, e - s));
      if (it != left.end()) {
        left.erase(it);
      } else {
        b.highlight(c.member, {base + s, base + e});
      }
    });
  }
  const Group& rg = groups[ref.o->group];
  b.related(ref.o->group, ref.o->tuple);
  return b.finish(fmt::format("the same {} sentence is translated differently in {} than in {}#{}",
                              g.label(c.o->member), g.label(c.member),
                              rg.id.empty() || ref.o->group == c.o->group ? "" : rg.id + " ",
                              ref.o->tuple + 1));
}

// The findings of one sentence's occurrences against language `other`.
void check_counterparts(const std::vector<Group>& groups,
                        const std::vector<CollapsedText>& collapsed,
                        const std::vector<Occurrence>& occ, const std::string& other,
                        std::vector<Finding>& out) {
  // The counterpart of each occurrence in `other`, and how often each
  // text is the counterpart; the most frequent (first on ties) is the
  // reference.
  const std::vector<Counterpart> cps = counterparts(groups, collapsed, occ, other);
  std::map<std::string, std::size_t> votes;
  for (const Counterpart& c : cps) ++votes[c.text];
  if (votes.size() < 2) return;
  const Counterpart* ref = nullptr;
  for (const Counterpart& c : cps) {
    if (!ref || votes[c.text] > votes[ref->text]) ref = &c;
  }
  // Words of the reference, to highlight the ones a counterpart differs by.
  std::multiset<std::string_view> ref_words;
  for_each_word_span(ref->text, [&](std::size_t s, std::size_t e) {
    ref_words.insert(std::string_view(ref->text).substr(s, e - s));
  });
  for (const Counterpart& c : cps) {
    if (c.text == ref->text) continue;
    out.push_back(report_counterpart(groups, c, *ref, ref_words));
  }
}

}  // namespace

void check_inconsistent(const std::vector<Group>& groups,
                        const std::vector<CollapsedText>& collapsed, const CheckOptions& options,
                        std::vector<Finding>& out) {
  for (const std::vector<Occurrence>& occ : index_occurrences(groups, collapsed, options)) {
    if (occ.size() < 2) continue;
    const std::string& lang = groups[occ[0].group].members[occ[0].member]->lang();
    for (const std::string& other : other_languages(groups, occ, lang)) {
      check_counterparts(groups, collapsed, occ, other, out);
    }
  }
}

}  // namespace polyalign::checks
