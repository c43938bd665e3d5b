// corpus/task_codec.h — the bytes of corpus mode's tasks and results when
// its phases run elsewhere (CorpusExecutor / CorpusTaskRunner, corpus.h).
//
// A task and its result are MessagePack (nlohmann::json::to_msgpack): every
// number a later phase reads (scores, bead posteriors and costs, length
// models, link strengths) travels as its exact binary value, so that the
// phases after it compute what they compute in one process. A task names
// its documents as [path, language, content hash]; pairs are numbered in
// the task. Both sides (corpus/remote.h, the coordinator; task_runner.cpp,
// the worker) encode and decode here, so the two cannot drift apart.
//
// Pure functions; decoding throws std::invalid_argument (fail_input) for
// bytes that are not a task or result of this version, and nlohmann's
// exceptions for a malformed one (the runner turns those into
// std::invalid_argument).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/documents.h"
#include "corpus/lexicon.h"
#include "corpus/pair_work.h"

namespace polyalign::corpus {

using Json = nlohmann::json;

// Work per task: enough that a cluster's cost per task (a few milliseconds)
// is small beside it (~50-100 ms here), little enough that a phase has many
// tasks to spread. Pair work costs about the same per sentence of the two
// documents; reading and preparing, per byte.
constexpr std::uint64_t kTaskSentences = 2000;  // Σ (na + nb) over the pairs of a task
constexpr std::uint64_t kTaskBytes = 128 << 10;  // "read": bytes of the files of a task

std::string encode(const Json& j);
// `what` names the bytes in the error ("corpus task", "corpus task result").
Json decode(std::string_view bytes, std::string_view what);

Json alignment_json(const PairAlignment& r);
PairAlignment alignment_from_json(const Json& j);

Json lexicons_json(const Lexicons& lexicons);
Lexicons lexicons_from_json(const Json& j);

// A bundle's tuples, pivot and confidence (not its id or members).
Json bundle_json(const Bundle& b);
void bundle_from_json(const Json& j, Bundle& b);

// A prepared document as the "read" phase returns it (text, language,
// sentences, index keys; not its features, which stay with the runner), and
// back (the features left empty; `path` from the task).
Json prepared_json(const Prepared& p);
Prepared prepared_from_json(const Json& e, const std::string& path);

// The documents a task reads, numbered in the task in corpus order.
class TaskDocs {
 public:
  explicit TaskDocs(std::vector<std::size_t> docs);
  // The number in the task of corpus document d (one of those given).
  std::size_t local(std::size_t d) const;
  // [path, language, content hash] of each, in task order.
  Json refs(const std::vector<Prepared>& docs) const;

 private:
  std::vector<std::size_t> docs_;
};

// A task of `kind` over the pairs `which`: their documents and, numbered in
// the task, the pairs.
Json pair_task(std::string_view kind, const std::vector<PairWork>& pairs,
               const std::vector<std::size_t>& which, const std::vector<Prepared>& docs);

// The pairs a task names, numbered in the task (documents as task_pairs'
// DocTable numbers them).
std::vector<PairWork> task_pairs(const Json& task);

// The indices 0..n-1 in consecutive runs of about `budget` (cost(i) each;
// a run ends once it reaches the budget).
template <typename Cost>
std::vector<std::vector<std::size_t>> chunks(std::size_t n, std::uint64_t budget, Cost&& cost) {
  std::vector<std::vector<std::size_t>> out;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (out.empty() || sum >= budget) {
      out.emplace_back();
      sum = 0;
    }
    out.back().push_back(i);
    sum += cost(i);
  }
  return out;
}

// Pair work in tasks of about kTaskSentences.
std::vector<std::vector<std::size_t>> pair_chunks(const std::vector<PairWork>& pairs,
                                                  const std::vector<Prepared>& docs);

// Bundles in tasks of about kTaskSentences (a large bundle alone), in order;
// pairs_of[b]: the pairs of bundle b.
std::vector<std::vector<std::size_t>> bundle_chunks(
    const std::vector<PairWork>& pairs, const std::vector<std::vector<std::size_t>>& pairs_of,
    const std::vector<Prepared>& docs);

}  // namespace polyalign::corpus
