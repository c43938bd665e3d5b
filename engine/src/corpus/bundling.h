// corpus/bundling.h — stage 4 of corpus mode (polyalign/corpus.h): which
// documents are versions of one another, from the verification scores of
// the checked pairs alone.
//
// Agglomerative: every checked pair is evidence about its two documents,
// score - neutral (for if it scored above, against if below); the evidence
// between two groups is the sum over their checked pairs; the two groups
// with the most evidence join first, while it reaches threshold - neutral
// and their union would hold no language twice. Versions of one article
// confirm each other; an article on the same topic, which aligns a little
// with each of them, is held off by its low scores.
//
// Complexity: O((documents + checks) · log) with a heap of group pairs
// (stale entries skipped). Pure functions; ties are broken by document
// index, so the bundles are the same at any thread count.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "corpus/documents.h"

namespace polyalign::corpus {

// The groups of two or more documents, each sorted, ordered by first
// document; weakest[g]: the least evidence on which group g was joined (as
// a score: evidence + neutral).
std::vector<std::vector<std::size_t>> make_bundles(const std::vector<Prepared>& docs,
                                                   const std::vector<PairCheck>& checks,
                                                   double threshold, double neutral,
                                                   std::vector<double>& weakest);

// The index in `checks` of each document's best-scoring check (the first
// of equals), or checks.size() for a document in none: O(checks).
std::vector<std::size_t> best_checks(std::size_t documents, const std::vector<PairCheck>& checks);

// Why document d is in no bundle (for CorpusResult::unmatched); `best` is
// best_checks(). O(1): a crawl has thousands of unmatched documents.
std::string unmatched_reason(std::size_t d, const std::vector<Prepared>& docs,
                             const std::vector<PairCheck>& checks,
                             const std::vector<std::size_t>& best, double threshold);

}  // namespace polyalign::corpus
