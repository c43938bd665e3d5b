// Corpus mode with its phases run as tasks elsewhere (CorpusExecutor and
// CorpusTaskRunner, corpus.h): the same result as in one process, field by
// field and file by file. The executors here run the tasks in this process,
// spread over several runners that share nothing (as workers on other
// machines would), so every task and result goes through its bytes.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "polyalign/corpus.h"
#include "polyalign/corpus_formats.h"
#include "test_corpora.h"
#include "test_data.h"

namespace fs = std::filesystem;
using polyalign::testing::data_dir;
using polyalign::testing::file_tree;
using polyalign::testing::ntrex_corpus;
using polyalign::testing::read_all;
using polyalign::testing::source_file;
using polyalign::testing::TempDir;

namespace {

// Runs every task on one of `runners`: task i on runner i mod n, except
// that a task of a phase that follows another (CorpusPhase::follows) runs
// where that phase's task i ran, or, with follow = false, on the next
// runner (elsewhere). Records the phases.
class Executor {
 public:
  Executor(const polyalign::CorpusOptions& options, std::size_t runners,
           const std::string& bundle_dir = {}, std::size_t cache_bytes = std::size_t{1} << 30,
           bool follow = true)
      : follow_(follow) {
    for (std::size_t i = 0; i < runners; ++i)
      runners_.push_back(
          std::make_unique<polyalign::CorpusTaskRunner>(options, bundle_dir, cache_bytes));
  }
  std::vector<std::string> operator()(const polyalign::CorpusPhase& phase) {
    phases.push_back(phase.name);
    const std::size_t n = runners_.size();
    const auto before = placed_.find(phase.follows);
    const bool after = !phase.follows.empty() && before != placed_.end() &&
                       before->second.size() == phase.tasks.size();
    std::vector<std::size_t> where(phase.tasks.size());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < phase.tasks.size(); ++i) {
      where[i] = !after ? i % n : follow_ ? before->second[i] : (before->second[i] + 1) % n;
      out.push_back(runners_[where[i]]->run(phase.shared, phase.tasks[i]));
    }
    placed_[phase.name] = std::move(where);
    return out;
  }
  polyalign::CorpusTaskRunner::Stats stats() const {
    polyalign::CorpusTaskRunner::Stats all;
    for (const auto& r : runners_) {
      const auto s = r->stats();
      all.documents_prepared += s.documents_prepared;
      all.evidence_built += s.evidence_built;
      all.evidence_reused += s.evidence_reused;
    }
    return all;
  }
  std::vector<std::string> phases;

 private:
  bool follow_;
  std::vector<std::unique_ptr<polyalign::CorpusTaskRunner>> runners_;
  std::map<std::string, std::vector<std::size_t>> placed_;
};

void check_same(const polyalign::CorpusResult& x, const polyalign::CorpusResult& y) {
  REQUIRE(x.documents.size() == y.documents.size());
  for (std::size_t d = 0; d < x.documents.size(); ++d) {
    const polyalign::SegmentedDocument& a = x.documents[d];
    const polyalign::SegmentedDocument& b = y.documents[d];
    CHECK(a.document.path == b.document.path);
    CHECK(a.document.lang == b.document.lang);
    CHECK(a.document.text == b.document.text);
    CHECK(a.document.content_start == b.document.content_start);
    REQUIRE(a.sentences.size() == b.sentences.size());
    for (std::size_t i = 0; i < a.sentences.size(); ++i) {
      CHECK(a.sentences[i].span == b.sentences[i].span);
      CHECK(a.sentences[i].paragraph == b.sentences[i].paragraph);
      CHECK(a.sentences[i].length == b.sentences[i].length);
    }
  }
  REQUIRE(x.checks.size() == y.checks.size());
  for (std::size_t i = 0; i < x.checks.size(); ++i) {
    CHECK(x.checks[i].a == y.checks[i].a);
    CHECK(x.checks[i].b == y.checks[i].b);
    CHECK(x.checks[i].candidate_score == y.checks[i].candidate_score);
    CHECK(x.checks[i].score == y.checks[i].score);  // exact: the same computation
  }
  REQUIRE(x.bundles.size() == y.bundles.size());
  for (std::size_t b = 0; b < x.bundles.size(); ++b) {
    const polyalign::Bundle& p = x.bundles[b];
    const polyalign::Bundle& q = y.bundles[b];
    CHECK(p.id == q.id);
    CHECK(p.documents == q.documents);
    CHECK(p.pivot == q.pivot);
    CHECK(p.confidence == q.confidence);
    CHECK(p.join_evidence == q.join_evidence);
    REQUIRE(p.tuples.size() == q.tuples.size());
    for (std::size_t t = 0; t < p.tuples.size(); ++t) {
      CHECK(p.tuples[t].members == q.tuples[t].members);
      CHECK(p.tuples[t].confidence == q.tuples[t].confidence);
      CHECK(p.tuples[t].pair_confidence == q.tuples[t].pair_confidence);
    }
  }
  REQUIRE(x.unmatched.size() == y.unmatched.size());
  for (std::size_t i = 0; i < x.unmatched.size(); ++i) {
    CHECK(x.unmatched[i].document == y.unmatched[i].document);
    CHECK(x.unmatched[i].reason == y.unmatched[i].reason);
  }
  REQUIRE(x.skipped.size() == y.skipped.size());
  for (std::size_t i = 0; i < x.skipped.size(); ++i) {
    CHECK(x.skipped[i].path == y.skipped[i].path);
    CHECK(x.skipped[i].reason == y.skipped[i].reason);
  }
  CHECK(x.stats.bytes == y.stats.bytes);
  CHECK(x.stats.sentences == y.stats.sentences);
  CHECK(x.stats.candidate_pairs == y.stats.candidate_pairs);
  CHECK(x.stats.verified_pairs == y.stats.verified_pairs);
}

}  // namespace

TEST_CASE("tasks run elsewhere: the same result and the same files as in one process") {
  TempDir tmp;
  std::vector<std::string> corpora = {source_file("corpora/vietnam-news")};
  if (std::string gen = ntrex_corpus(tmp, 12, 4); !gen.empty()) corpora.push_back(gen);
  for (const std::string& corpus : corpora) {
    CAPTURE(corpus);
    polyalign::CorpusOptions options;
    options.threads = 2;
    const polyalign::CorpusResult local = polyalign::align_corpus({corpus}, options);
    const fs::path here = tmp.path() / "here", there = tmp.path() / "there";
    fs::remove_all(here);
    fs::remove_all(there);
    polyalign::write_corpus(local, here.string());

    // Three runners that share nothing; the per-bundle files are written by
    // them, the rest here (as the Dask layer does).
    Executor executor(options, 3, there.string());
    const polyalign::CorpusResult remote = polyalign::align_corpus(
        {corpus}, options, [&](const polyalign::CorpusPhase& phase) { return executor(phase); });
    check_same(local, remote);
    polyalign::CorpusWriteOptions rest;
    rest.formats = {polyalign::CorpusFormat::kTmx, polyalign::CorpusFormat::kTsv,
                    polyalign::CorpusFormat::kMoses};
    polyalign::write_corpus(remote, there.string(), rest);
    CHECK(file_tree(here) == file_tree(there));
    CHECK(!local.bundles.empty());
    // read; check, learn, recheck (and check, recheck again for the second
    // candidate search when it has candidates); estimate, learn, align.
    const std::vector<std::string>& seen = executor.phases;
    REQUIRE(seen.size() >= 7);
    CHECK(std::vector<std::string>(seen.begin(), seen.begin() + 4) ==
          std::vector<std::string>{"read", "check", "learn", "recheck"});
    CHECK(std::vector<std::string>(seen.end() - 3, seen.end()) ==
          std::vector<std::string>{"estimate", "learn", "align"});
  }
}

TEST_CASE(
    "tasks run elsewhere: every variant of the options, and a cache too small to keep anything") {
  TempDir tmp;
  std::string corpus = ntrex_corpus(tmp, 6, 4);
  if (corpus.empty()) corpus = source_file("corpora/vietnam-news");
  struct Variant {
    const char* name;
    void (*set)(polyalign::CorpusOptions&);
  };
  const Variant variants[] = {
      {"defaults", [](polyalign::CorpusOptions&) {}},
      {"no corpus learning", [](polyalign::CorpusOptions& o) { o.corpus_learning = false; }},
      {"no word links", [](polyalign::CorpusOptions& o) { o.pipeline.word_links = false; }},
      {"no anchors", [](polyalign::CorpusOptions& o) { o.pipeline.anchors = false; }},
      {"no retry, best pivot only",
       [](polyalign::CorpusOptions& o) {
         o.retry_candidates_per_language = 0;
         o.all_pivots = false;
       }},
  };
  for (const Variant& v : variants) {
    CAPTURE(v.name);
    polyalign::CorpusOptions options;
    options.threads = 1;
    v.set(options);
    const polyalign::CorpusResult local = polyalign::align_corpus({corpus}, options);
    Executor executor(options, 2, {}, /*cache_bytes=*/1);
    const polyalign::CorpusResult remote = polyalign::align_corpus(
        {corpus}, options, [&](const polyalign::CorpusPhase& phase) { return executor(phase); });
    check_same(local, remote);
    // Nothing stays in a cache of one byte but the last document: the
    // documents are read again for every task that names them.
    CHECK(executor.stats().documents_prepared > local.documents.size());
  }
}

TEST_CASE("tasks run elsewhere: a phase that follows another reuses its evidence where it ran") {
  TempDir tmp;
  std::string corpus = ntrex_corpus(tmp, 6, 4);
  if (corpus.empty()) corpus = source_file("corpora/vietnam-news");
  polyalign::CorpusOptions options;
  options.threads = 1;
  const polyalign::CorpusResult local = polyalign::align_corpus({corpus}, options);
  std::size_t bundle_pairs = 0;
  for (const auto& b : local.bundles)
    bundle_pairs += b.documents.size() * (b.documents.size() - 1) / 2;
  REQUIRE(bundle_pairs > 0);
  std::map<bool, polyalign::CorpusTaskRunner::Stats> stats;
  for (const bool follow : {true, false}) {
    CAPTURE(follow);
    Executor executor(options, 2, {}, std::size_t{1} << 30, follow);
    const polyalign::CorpusResult remote = polyalign::align_corpus(
        {corpus}, options, [&](const polyalign::CorpusPhase& phase) { return executor(phase); });
    check_same(local, remote);  // wherever the tasks ran
    stats[follow] = executor.stats();
  }
  // Followed, every bundle pair of "align" (and the first batch's pairs of
  // "recheck") found its evidence where "estimate" ("check") left it;
  // elsewhere, only what an earlier phase happened to leave on that runner.
  CHECK(stats[true].evidence_reused > bundle_pairs);
  CHECK(stats[false].evidence_reused < stats[true].evidence_reused);
  CHECK(stats[false].evidence_built > stats[true].evidence_built);
}

TEST_CASE(
    "tasks run elsewhere: files skipped alike, a changed file and a failing executor are errors") {
  TempDir tmp;
  const fs::path dir = tmp.path() / "in";
  fs::create_directories(dir);
  fs::copy(source_file("corpora/vietnam-news"), dir, fs::copy_options::recursive);
  std::ofstream(dir / "binary.txt", std::ios::binary) << std::string("\x00\x01\xff", 3);
  polyalign::CorpusOptions options;
  options.threads = 1;
  const polyalign::CorpusResult local = polyalign::align_corpus({dir.string()}, options);
  REQUIRE(local.skipped.size() == 1);
  {
    Executor executor(options, 2);
    const polyalign::CorpusResult remote = polyalign::align_corpus(
        {dir.string()}, options,
        [&](const polyalign::CorpusPhase& phase) { return executor(phase); });
    check_same(local, remote);
  }

  // A file that changes after the "read" phase: the runner that reads it
  // again says so (a runner that has no copy of it yet).
  {
    Executor reader(options, 1), later(options, 1);
    const std::string victim = local.documents[local.bundles.at(0).documents[0]].document.path;
    auto executor = [&](const polyalign::CorpusPhase& phase) {
      if (phase.name == "read") {
        std::vector<std::string> out = reader(phase);
        std::ofstream(victim, std::ios::app) << "\nOne more line.\n";
        return out;
      }
      return later(phase);
    };
    CHECK_THROWS_WITH_AS(polyalign::align_corpus({dir.string()}, options, executor),
                         doctest::Contains("changed since corpus mode read it"),
                         std::runtime_error);
  }

  // The executor's exceptions come through unchanged.
  CHECK_THROWS_WITH_AS(
      polyalign::align_corpus({dir.string()}, options,
                              [](const polyalign::CorpusPhase&) -> std::vector<std::string> {
                                throw std::runtime_error("cluster gone");
                              }),
      "cluster gone", std::runtime_error);
  // An executor that loses results, and bytes that are no task.
  CHECK_THROWS_WITH_AS(polyalign::align_corpus({dir.string()}, options,
                                               [](const polyalign::CorpusPhase&) {
                                                 return std::vector<std::string>{};
                                               }),
                       doctest::Contains("results for"), std::invalid_argument);
  const polyalign::CorpusTaskRunner runner(options);
  CHECK_THROWS_WITH_AS(runner.run("", "not a task"), doctest::Contains("corpus task"),
                       std::invalid_argument);
  // Bad options fail where the runner is built, with align_corpus()'s message.
  polyalign::CorpusOptions bad;
  bad.max_key_share = 0;
  CHECK_THROWS_WITH_AS(polyalign::CorpusTaskRunner{bad},
                       "CorpusOptions::max_key_share: must be in (0, 1]", std::invalid_argument);
}
