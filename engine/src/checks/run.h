// checks/run.h (private) — the driver: prepares the documents of a corpus's
// bundles (or of a pair) once, builds a Group per bundle, runs the check
// families the options ask for, and returns every finding in the order
// polyalign/checks.h promises (by bundle, tuple and kind, then in the order
// the checks found them).
//
// Documents are prepared, and bundles checked, on options.threads workers
// (util::parallel_for, 0 = all cores), each writing its own slot; slots are
// joined in index order, so the findings are the same at any thread count.
// The inconsistent check reads every bundle and runs last, on the calling
// thread. Options are validated by the caller (polyalign/checks.h's entry
// points). Reentrant.
#pragma once

#include <vector>

#include "polyalign/checks.h"
#include "polyalign/corpus.h"
#include "polyalign/pipeline.h"

namespace polyalign::checks {

std::vector<Finding> run_corpus(const CorpusResult& result, const CheckOptions& options);
std::vector<Finding> run_pair(const DocumentAlignment& result, const CheckOptions& options);

}  // namespace polyalign::checks
