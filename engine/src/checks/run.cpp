#include "checks/run.h"

#include <algorithm>
#include <iterator>

#include "checks/inconsistent.h"
#include "checks/length.h"
#include "checks/name_counterparts.h"
#include "checks/name_dictionary.h"
#include "checks/names.h"
#include "checks/numbers.h"
#include "checks/omissions.h"
#include "checks/prepare.h"
#include "checks/repeated.h"
#include "checks/untranslated.h"
#include "polyalign/dictionaries.h"
#include "util/parallel.h"

namespace polyalign::checks {

namespace {

// The families that read one group, into `found`; the names check's
// missing names into `names` (reported once every group is read).
void check_group(const Group& g, const CollapsedText& collapsed, const CheckOptions& options,
                 std::vector<Finding>& found, GroupNames& names) {
  if (wants(options, CheckKind::kNames)) names = find_missing_names(g, shared_names(g, options), options);
  for (std::size_t t = 0; t < g.tuples; ++t) {
    if (wants(options, CheckKind::kNumbers)) check_numbers(g, t, found);
    if (wants(options, CheckKind::kOmissions)) check_omissions(g, t, found);
  }
  if (wants(options, CheckKind::kLength)) check_length(g, options, found);
  if (wants(options, CheckKind::kUntranslated)) check_untranslated(g, options, collapsed, found);
  if (wants(options, CheckKind::kRepeated)) check_repeated(g, options, collapsed, found);
}

std::vector<Finding> run_checks(std::vector<Group>& groups, const CheckOptions& options) {
  std::vector<Finding> out;
  if (options.checks.empty()) return out;
  std::vector<CollapsedText> collapsed(groups.size());
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    Group& g = groups[gi];
    g.index_sentences();
    for (const DocFacts* d : g.members) collapsed[gi].push_back(collapsed_sentences(*d));
  }
  // Bundles are checked independently, each into its own list (the lists
  // are joined in bundle order: the same findings at any thread count).
  std::vector<std::vector<Finding>> per_group(groups.size());
  std::vector<GroupNames> names(groups.size());
  util::parallel_for(groups.size(), options.threads, [&](std::size_t gi) {
    check_group(groups[gi], collapsed[gi], options, per_group[gi], names[gi]);
  });
  if (wants(options, CheckKind::kNames)) {
    drop_translated_names(groups, names);
    const std::string dictionaries = dictionary_directory(options.dictionaries);
    const LowerCaseWords lower = lower_case_words(groups);
    util::parallel_for(groups.size(), options.threads, [&](std::size_t gi) {
      drop_dictionary_names(groups[gi], names[gi], dictionaries, options, lower);
      drop_consistently_absent(groups[gi], names[gi]);
      report_missing_names(groups[gi], names[gi], per_group[gi]);
    });
  }
  for (std::vector<Finding>& found : per_group) {
    std::move(found.begin(), found.end(), std::back_inserter(out));
  }
  if (wants(options, CheckKind::kInconsistent)) check_inconsistent(groups, collapsed, options, out);
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.bundle != b.bundle) return a.bundle < b.bundle;
    if (a.tuple != b.tuple) return a.tuple < b.tuple;
    return a.kind < b.kind;
  });
  return out;
}

}  // namespace

std::vector<Finding> run_corpus(const CorpusResult& result, const CheckOptions& options) {
  std::vector<std::size_t> used;  // documents in a bundle
  for (const Bundle& b : result.bundles)
    used.insert(used.end(), b.documents.begin(), b.documents.end());
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  std::vector<DocFacts> facts(used.size());
  util::parallel_for(used.size(), options.threads, [&](std::size_t i) {
    facts[i] = prepare_document(result.documents[used[i]], options);
  });
  auto facts_of = [&](std::size_t doc) {
    return &facts[static_cast<std::size_t>(std::lower_bound(used.begin(), used.end(), doc) -
                                           used.begin())];
  };
  std::vector<Group> groups(result.bundles.size());
  for (std::size_t bi = 0; bi < result.bundles.size(); ++bi) {
    const Bundle& b = result.bundles[bi];
    Group& g = groups[bi];
    g.index = bi;
    g.id = b.id;
    for (std::size_t d : b.documents) g.members.push_back(facts_of(d));
    g.tuples = b.tuples.size();
    g.cells.reserve(g.tuples * g.size());
    for (const Tuple& t : b.tuples)
      g.cells.insert(g.cells.end(), t.members.begin(), t.members.end());
  }
  return run_checks(groups, options);
}

std::vector<Finding> run_pair(const DocumentAlignment& result, const CheckOptions& options) {
  std::vector<DocFacts> facts(2);
  util::parallel_for(2, options.threads, [&](std::size_t i) {
    facts[i] = prepare_document(i == 0 ? result.a : result.b, options);
  });
  std::vector<Group> groups(1);
  Group& g = groups[0];
  g.members = {&facts[0], &facts[1]};
  g.tuples = result.alignment.beads.size();
  for (const Bead& bead : result.alignment.beads) {
    g.cells.push_back(bead.a);
    g.cells.push_back(bead.b);
  }
  return run_checks(groups, options);
}

}  // namespace polyalign::checks
