// corpus/checkpoint.h — what align_corpus() saves in and loads from a
// CorpusCheckpoint (polyalign/corpus.h): the verification scores, the N-way
// stage's lexicons and each aligned bundle, as MessagePack with exact
// numbers (corpus/task_codec.h), so that a run that loads them goes on with
// the values an uninterrupted run holds at that point.
//
// load_*() return false (nothing changed) when the key holds nothing, and
// throw std::invalid_argument ("checkpoint <key>: ...") when it holds bytes
// that do not fit this run (other documents, not ours). Saving may be
// called from many threads at once for different keys.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "corpus/documents.h"
#include "corpus/lexicon.h"

namespace polyalign::corpus {

// "checks": every candidate pair checked (CorpusResult::checks) over
// `documents` documents, and the stats of the index's decisions
// (CorpusStats::decided_pairs, decisive_ratio), which load_checks() sets.
void save_checks(CorpusCheckpoint& cp, const std::vector<PairCheck>& checks,
                 const CorpusStats& stats, std::size_t documents);
bool load_checks(CorpusCheckpoint& cp, std::size_t documents, std::vector<PairCheck>& checks,
                 CorpusStats& stats);

// "lexicons": the N-way stage's lexicons.
void save_lexicons(CorpusCheckpoint& cp, const Lexicons& lexicons);
std::optional<Lexicons> load_lexicons(CorpusCheckpoint& cp);

// <bundle.id>: the bundle's tuples, pairs, pivot and confidence, and its
// members' paths (checked on load).
void save_bundle(CorpusCheckpoint& cp, const Bundle& bundle, const std::vector<Prepared>& docs);
bool load_bundle(CorpusCheckpoint& cp, Bundle& bundle, const std::vector<Prepared>& docs);

// The bundle as CorpusCheckpoint::bundle_aligned() gets it: a result with
// only its members' documents, and the bundle numbering them 0..k-1.
std::pair<CorpusResult, Bundle> bundle_alone(const Bundle& bundle,
                                             const std::vector<Prepared>& docs);

}  // namespace polyalign::corpus
