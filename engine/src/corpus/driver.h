// corpus/driver.h — corpus mode put together (polyalign/corpus.h): stages 2
// to 5 over documents already prepared (stage 1, corpus/documents.h), in
// this process or, given an executor, with the pair work run as tasks
// elsewhere (corpus/remote.h). align_corpus() (corpus.cpp) reads and
// prepares the documents and calls run_corpus().
//
// Runs on CorpusOptions::threads workers (0 = all cores), reporting
// progress from the calling thread; the result is the same at any thread
// count and wherever the tasks run.
#pragma once

#include <chrono>
#include <vector>

#include "corpus/documents.h"

namespace polyalign::corpus {

using Clock = std::chrono::steady_clock;

// Throws std::invalid_argument naming the first bad field of `o`.
void check_options(const CorpusOptions& o);

// Stages 2-5 over the prepared documents `docs` (sorted by path; without
// their features when `executor` is given: the pair work then runs as its
// tasks). `skipped` goes into the result as it is; `start` is when the run
// began (CorpusStats::seconds).
CorpusResult run_corpus(std::vector<Prepared> docs, std::vector<SkippedFile> skipped,
                        const CorpusOptions& options, Clock::time_point start,
                        const CorpusExecutor* executor = nullptr);

}  // namespace polyalign::corpus
