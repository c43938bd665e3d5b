#include "corpus/checkpoint.h"

#include <fmt/format.h>

#include <string>
#include <utility>

#include "corpus/task_codec.h"
#include "polyalign/common.h"

namespace polyalign::corpus {

namespace {

[[noreturn]] void refuse(const std::string& key, std::string_view why) {
  fail_input(fmt::format("checkpoint {}", key), why);
}

// The bytes under `key` decoded, or none.
std::optional<Json> load_json(CorpusCheckpoint& cp, const std::string& key) {
  const std::optional<std::string> bytes = cp.load(key);
  if (!bytes) return std::nullopt;
  return decode(*bytes, fmt::format("checkpoint {}", key));
}

}  // namespace

void save_checks(CorpusCheckpoint& cp, const std::vector<PairCheck>& checks,
                 const CorpusStats& stats, std::size_t documents) {
  Json list = Json::array();
  for (const PairCheck& c : checks) list.push_back({c.a, c.b, c.candidate_score, c.score});
  cp.save("checks", encode({{"documents", documents},
                            {"checks", std::move(list)},
                            {"decided", stats.decided_pairs},
                            {"decisive_ratio", stats.decisive_ratio}}));
}

bool load_checks(CorpusCheckpoint& cp, std::size_t documents, std::vector<PairCheck>& checks,
                 CorpusStats& stats) {
  const std::optional<Json> j = load_json(cp, "checks");
  if (!j) return false;
  try {
    if (j->at("documents").get<std::size_t>() != documents)
      refuse("checks", "saved for another set of documents");
    std::vector<PairCheck> out;
    for (const Json& c : j->at("checks")) {
      PairCheck pc{c.at(0).get<std::size_t>(), c.at(1).get<std::size_t>(), c.at(2).get<double>(),
                   c.at(3).get<double>()};
      if (pc.a >= pc.b || pc.b >= documents) refuse("checks", "names documents out of range");
      out.push_back(pc);
    }
    checks = std::move(out);
    // Absent from what a run before the index's decisions saved.
    stats.decided_pairs = j->value("decided", std::size_t{0});
    stats.decisive_ratio = j->value("decisive_ratio", 0.0);
  } catch (const Json::exception& e) {
    refuse("checks", fmt::format("malformed ({})", e.what()));
  }
  return true;
}

void save_lexicons(CorpusCheckpoint& cp, const Lexicons& lexicons) {
  cp.save("lexicons", encode(lexicons_json(lexicons)));
}

std::optional<Lexicons> load_lexicons(CorpusCheckpoint& cp) {
  const std::optional<Json> j = load_json(cp, "lexicons");
  if (!j) return std::nullopt;
  try {
    return lexicons_from_json(*j);
  } catch (const Json::exception& e) {
    refuse("lexicons", fmt::format("malformed ({})", e.what()));
  }
}

void save_bundle(CorpusCheckpoint& cp, const Bundle& bundle, const std::vector<Prepared>& docs) {
  Json paths = Json::array();
  for (std::size_t d : bundle.documents) paths.push_back(docs[d].doc.document.path);
  cp.save(bundle.id, encode({{"documents", std::move(paths)}, {"bundle", bundle_json(bundle)}}));
}

bool load_bundle(CorpusCheckpoint& cp, Bundle& bundle, const std::vector<Prepared>& docs) {
  const std::optional<Json> j = load_json(cp, bundle.id);
  if (!j) return false;
  try {
    const Json& paths = j->at("documents");
    bool same = paths.size() == bundle.documents.size();
    for (std::size_t k = 0; same && k < paths.size(); ++k)
      same = paths[k].get<std::string>() == docs[bundle.documents[k]].doc.document.path;
    if (!same) refuse(bundle.id, "saved for other documents");
    bundle_from_json(j->at("bundle"), bundle);
  } catch (const Json::exception& e) {
    refuse(bundle.id, fmt::format("malformed ({})", e.what()));
  }
  const std::size_t n = bundle.documents.size();
  bool fits = bundle.pairs.size() == n * (n - 1) / 2 && bundle.pivot < n;
  for (const Tuple& t : bundle.tuples) fits = fits && t.members.size() == n;
  if (!fits) refuse(bundle.id, "does not fit the bundle");
  return true;
}

std::pair<CorpusResult, Bundle> bundle_alone(const Bundle& bundle,
                                             const std::vector<Prepared>& docs) {
  std::pair<CorpusResult, Bundle> out;
  out.second = bundle;
  for (std::size_t k = 0; k < bundle.documents.size(); ++k) {
    out.first.documents.push_back(docs[bundle.documents[k]].doc);
    out.second.documents[k] = k;
  }
  return out;
}

}  // namespace polyalign::corpus
