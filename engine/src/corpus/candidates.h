// corpus/candidates.h — stage 2 of corpus mode (polyalign/corpus.h): which
// pairs of documents are worth aligning. Documents are indexed by their
// anchor keys (Prepared::keys); only documents sharing a rare key are ever
// compared, never all pairs.
//
// Complexity: O(Σ over kept keys of df²), df capped by
// CorpusOptions::max_key_share; memory: the inverted index, one accumulator
// of N doubles per worker, and per document its best partners per other
// language (never one entry per pair of documents sharing a key).
// Pure functions; the order of their results is fixed (ties by index), so
// the candidates do not depend on hash order or thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "corpus/documents.h"

namespace polyalign::corpus {

struct Candidate {
  std::size_t a, b;  // a < b
  double score;
};

// Pairs of documents in different languages sharing rare anchor keys, scored
// by the idf-weighted cosine of their key sets, best first; pairs whose
// lengths differ too much are left out, and so are pairs among the
// max(candidates_per_language, retry_candidates_per_language) best of
// neither document for the other's language (select_candidates() never
// keeps those). Runs on CorpusOptions::threads workers; the result does
// not depend on their number.
std::vector<Candidate> score_candidates(const std::vector<Prepared>& docs,
                                        const CorpusOptions& options);

// The pairs of `all` (best first) that are among the `per_language` best of
// either document for the other's language, counting only documents with
// serve[d] set and leaving out the pairs in `done`; sorted by (a, b).
std::vector<Candidate> select_candidates(
    const std::vector<Candidate>& all, const std::vector<Prepared>& docs,
    std::uint32_t per_language, const std::vector<std::uint8_t>& serve,
    const std::set<std::pair<std::size_t, std::size_t>>& done);

}  // namespace polyalign::corpus
