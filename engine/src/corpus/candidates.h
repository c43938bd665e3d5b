// corpus/candidates.h — stage 2 of corpus mode (polyalign/corpus.h): which
// pairs of documents are worth aligning. Documents are indexed by their
// anchor keys (Prepared::keys); only documents sharing a rare key are ever
// compared, never all pairs.
//
// Complexity: O(Σ over kept keys of df²), df capped by
// CorpusOptions::max_key_share and max_key_documents (so O(N) past
// max_key_documents / max_key_share documents); memory: the inverted index, one accumulator
// of N doubles per worker, and per document its best partners per other
// language (never one entry per pair of documents sharing a key).
// Pure functions; the order of their results is fixed (ties by index), so
// the candidates do not depend on hash order or thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
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

// What the index decides before any alignment (corpus.h, stage 3). A slot
// is one document's candidates in one other language, ranked as
// select_candidates() ranks them (score s1 >= s2 >= ...). A slot is
// decisive when its best candidate stands clearly above the rest:
// s2 < decisive_ratio * s1. A pair of `selected` is deferred when every
// document that selects it (ranks it among its `per_language` best) does
// so from a decisive slot that the pair does not top: it is aligned only
// if one of those slots' best candidates (depends_on) fails verification,
// so that the index alone never keeps a document from a partner that
// verification would have found.
struct IndexDecision {
  double decisive_ratio = 0;  // estimated from the corpus (decisive_ratio())
  // Per pair of `selected`, in its order: 1 when deferred.
  std::vector<std::uint8_t> deferred;
  // Per deferred pair (same order as they appear in `selected`): the best
  // candidates, as (a, b), of the slots that defer it (one or two).
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> depends_on;
};

// The ratio s2 / s1 below which a slot is decisive, estimated from the
// slots of `all` (score_candidates()): how far the runners-up of a slot lie
// below one another tells how far apart two candidates that are not both
// translations of the document lie. In a slot topped by a translation,
// s3 / s2 compares two candidates that are not; so, over the slots with
// three candidates or more, the ratios s3 / s2 are a sample of that
// spread, and a best candidate is clearly above the rest when s2 / s1 is
// lower than all but `level` of them (their `level`-quantile). 0 (nothing
// decisive) when fewer than 1 / level slots have three candidates: too few
// to estimate from. O(|all| log).
double decisive_ratio(const std::vector<Candidate>& all, const std::vector<Prepared>& docs,
                      double level);

// The decision for the pairs `selected` = select_candidates(all, docs,
// per_language, all served, none done), with the slots of `all`.
IndexDecision decide_by_index(const std::vector<Candidate>& all,
                              const std::vector<Candidate>& selected,
                              const std::vector<Prepared>& docs, std::uint32_t per_language,
                              double decisive_ratio);

}  // namespace polyalign::corpus
