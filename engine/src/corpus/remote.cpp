#include "corpus/remote.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>
#include <utility>

#include "corpus/task_codec.h"
#include "polyalign/common.h"

namespace polyalign::corpus {

namespace {

// Runs one phase through `executor`; its results, one per task.
std::vector<std::string> run_phase(const CorpusExecutor& executor, std::string name,
                                   std::string shared, std::vector<std::string> tasks,
                                   std::string follows = {}) {
  if (tasks.empty()) return {};
  const CorpusPhase phase{std::move(name), std::move(shared), std::move(tasks),
                          std::move(follows)};
  std::vector<std::string> results = executor(phase);
  if (results.size() != phase.tasks.size()) {
    fail_input("CorpusExecutor", fmt::format("phase \"{}\": {} results for {} tasks", phase.name,
                                             results.size(), phase.tasks.size()));
  }
  return results;
}

}  // namespace

void read_remotely(const CorpusExecutor& executor, const std::vector<std::string>& files,
                   const CorpusOptions& options, std::vector<Prepared>& docs,
                   std::vector<SkippedFile>& skipped) {
  const auto parts = chunks(files.size(), kTaskBytes, [&](std::size_t i) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(files[i], ec);
    return ec ? std::uint64_t{0} : static_cast<std::uint64_t>(size);
  });
  std::vector<std::string> tasks;
  for (const auto& part : parts) {
    Json names = Json::array();
    for (std::size_t i : part) names.push_back(files[i]);
    tasks.push_back(encode({{"kind", "read"}, {"paths", std::move(names)}}));
  }
  if (options.progress) options.progress("read", 0);
  const std::vector<std::string> results = run_phase(executor, "read", {}, std::move(tasks));
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const Json r = decode(results[t], "corpus task result");
    for (std::size_t k = 0; k < parts[t].size(); ++k) {
      const std::string& path = files[parts[t][k]];
      const Json& e = r.at("docs").at(k);
      if (e.contains("error")) {
        skipped.push_back(skipped_file(path, e.at("error").get<std::string>()));
        continue;
      }
      docs.push_back(prepared_from_json(e, path));
    }
  }
}

std::vector<std::string> Remote::run(std::string name, std::string shared,
                                     std::vector<std::string> tasks, std::string follows) const {
  return run_phase(executor_, std::move(name), std::move(shared), std::move(tasks),
                   std::move(follows));
}

void Remote::check(std::vector<PairWork>& pairs, std::vector<double>& score) const {
  const auto parts = pair_chunks(pairs, docs_);
  std::vector<std::string> tasks;
  for (const auto& part : parts) tasks.push_back(encode(pair_task("check", pairs, part, docs_)));
  const std::vector<std::string> results = run("check", {}, std::move(tasks));
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const Json r = decode(results[t], "corpus task result");
    for (std::size_t k = 0; k < parts[t].size(); ++k) {
      score[parts[t][k]] = r.at("scores").at(k).get<double>();
      pairs[parts[t][k]].first = alignment_from_json(r.at("firsts").at(k));
    }
  }
}

Lexicons Remote::learn(const std::vector<PairWork>& pairs,
                       const std::map<std::string, std::vector<std::size_t>>& groups,
                       std::size_t fit_sentences) const {
  std::vector<std::string> tasks;
  for (const auto& [key, group] : groups) {
    Json task = pair_task("learn", pairs, group, docs_);
    Json firsts = Json::array();
    for (std::size_t i : group) firsts.push_back(alignment_json(pairs[i].first));
    task["firsts"] = std::move(firsts);
    task["fit_sentences"] = fit_sentences;
    tasks.push_back(encode(task));
  }
  const std::vector<std::string> results = run("learn", {}, std::move(tasks));
  Json all = Json::object();
  std::size_t t = 0;
  for (const auto& [key, group] : groups) all[key] = decode(results[t++], "corpus task result");
  return lexicons_from_json(all);
}

void Remote::recheck(const std::vector<PairWork>& pairs, const Lexicons& lexicons,
                     std::vector<double>& score, bool after_check) const {
  const auto parts = pair_chunks(pairs, docs_);  // as check() cut them
  std::vector<std::string> tasks;
  for (const auto& part : parts) tasks.push_back(encode(pair_task("recheck", pairs, part, docs_)));
  const std::vector<std::string> results = run("recheck", encode(lexicons_json(lexicons)),
                                               std::move(tasks), after_check ? "check" : "");
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const Json r = decode(results[t], "corpus task result");
    for (std::size_t k = 0; k < parts[t].size(); ++k)
      score[parts[t][k]] = r.at("scores").at(k).get<double>();
  }
}

void Remote::estimate(std::vector<PairWork>& pairs,
                      const std::vector<std::vector<std::size_t>>& pairs_of) const {
  // A bundle's pairs in one task: its members are read and prepared once.
  std::vector<std::vector<std::size_t>> parts;
  for (const auto& group : bundle_chunks(pairs, pairs_of, docs_)) {
    parts.emplace_back();
    for (std::size_t b : group)
      parts.back().insert(parts.back().end(), pairs_of[b].begin(), pairs_of[b].end());
  }
  std::vector<std::string> tasks;
  for (const auto& part : parts) tasks.push_back(encode(pair_task("estimate", pairs, part, docs_)));
  const std::vector<std::string> results = run("estimate", {}, std::move(tasks));
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const Json r = decode(results[t], "corpus task result");
    for (std::size_t k = 0; k < parts[t].size(); ++k)
      pairs[parts[t][k]].first = alignment_from_json(r.at("firsts").at(k));
  }
}

void Remote::align(std::vector<Bundle>& bundles, const std::vector<PairWork>& pairs,
                   const std::vector<std::vector<std::size_t>>& pairs_of,
                   const std::vector<std::string>& keys, const Lexicons& lexicons) const {
  const auto parts = bundle_chunks(pairs, pairs_of, docs_);  // as estimate() cut them
  std::vector<std::string> tasks;
  for (const auto& part : parts) {
    Json list = Json::array();
    for (std::size_t b : part) {
      Json firsts = Json::array(), lexicon_keys = Json::array();
      for (std::size_t i : pairs_of[b]) {
        firsts.push_back(alignment_json(pairs[i].first));
        lexicon_keys.push_back(keys[i]);
      }
      list.push_back({{"id", bundles[b].id},
                      {"docs", TaskDocs(bundles[b].documents).refs(docs_)},
                      {"firsts", std::move(firsts)},
                      {"keys", std::move(lexicon_keys)}});
    }
    tasks.push_back(encode({{"kind", "align"}, {"bundles", std::move(list)}}));
  }
  const std::vector<std::string> results =
      run("align", encode(lexicons_json(lexicons)), std::move(tasks), "estimate");
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const Json r = decode(results[t], "corpus task result");
    for (std::size_t k = 0; k < parts[t].size(); ++k)
      bundle_from_json(r.at("bundles").at(k), bundles[parts[t][k]]);
  }
}

}  // namespace polyalign::corpus
