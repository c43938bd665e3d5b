// Corpus mode that can be interrupted and resumed (CorpusCheckpoint,
// corpus.h) and its memory limit (CorpusOptions::memory_limit): a run
// stopped after some bundles and resumed from what it saved writes the same
// files as an uninterrupted run, without aligning the saved bundles again;
// a small limit changes nothing in the output.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>

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

// Keys in memory; stops the run (throws) once `stop_after` bundles are
// saved (0: never). Counts the bundles aligned and the keys found.
class MapCheckpoint : public polyalign::CorpusCheckpoint {
 public:
  std::optional<std::string> load(const std::string& key) override {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = saved.find(key);
    if (it == saved.end()) return std::nullopt;
    ++found;
    return it->second;
  }
  void save(const std::string& key, const std::string& bytes) override {
    std::lock_guard<std::mutex> lock(mutex_);
    saved[key] = bytes;
    if (key.starts_with("bundle-") && ++bundles_saved == stop_after)
      throw std::runtime_error("stopped");
  }
  void bundle_aligned(const polyalign::CorpusResult& members,
                      const polyalign::Bundle& bundle) override {
    CHECK(members.documents.size() == bundle.documents.size());
    ++aligned;
  }
  std::map<std::string, std::string> saved;
  std::size_t stop_after = 0, bundles_saved = 0, found = 0;
  std::atomic<std::size_t> aligned = 0;

 private:
  std::mutex mutex_;
};

}  // namespace

TEST_CASE("memory sizes: plain bytes or K, M, G, T (powers of 1024); anything else refused") {
  struct Case {
    const char* text;
    std::size_t bytes;  // 0: refused
  };
  const Case cases[] = {
      {"16777216", std::size_t{16} << 20},
      {"512M", std::size_t{512} << 20},
      {"512m", std::size_t{512} << 20},
      {"2G", std::size_t{2} << 30},
      {"64MiB", std::size_t{64} << 20},
      {"64MB", std::size_t{64} << 20},
      {"1T", std::size_t{1} << 40},
      {"20000K", std::size_t{20000} << 10},
      {"", 0},
      {"abc", 0},
      {"-1G", 0},
      {"1.5G", 0},
      {"12X", 0},
      {"2 G", 0},
      {"G", 0},
      {"2GB2", 0},
      {"10K", 0},
      {"15M", 0},
      {"0", 0},
      {"99999999999999999999999", 0},
      {"99999999T", 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    if (c.bytes) {
      CHECK(polyalign::parse_memory_size(c.text) == c.bytes);
    } else {
      CHECK_THROWS_AS(polyalign::parse_memory_size(c.text), std::invalid_argument);
    }
  }
  CHECK_THROWS_WITH(polyalign::parse_memory_size("lots"),
                    doctest::Contains("--memory-limit: not a size: 'lots'"));
  CHECK(polyalign::default_memory_limit() >= (std::size_t{16} << 20));
  polyalign::CorpusOptions small;
  small.memory_limit = 1 << 20;
  CHECK_THROWS_WITH_AS(polyalign::align_corpus({source_file("corpora/vietnam-news")}, small),
                       doctest::Contains("memory_limit"), std::invalid_argument);
}

TEST_CASE("checkpoint: a run stopped after two bundles and resumed writes what a whole run does") {
  TempDir tmp;
  const std::string corpus = ntrex_corpus(tmp, 8, 7);
  if (corpus.empty()) return;
  polyalign::CorpusOptions options;
  options.threads = 2;
  const polyalign::CorpusResult whole = polyalign::align_corpus({corpus}, options);
  REQUIRE(whole.bundles.size() >= 4);
  polyalign::write_corpus(whole, (tmp.path() / "whole").string());

  auto cp = std::make_shared<MapCheckpoint>();
  cp->stop_after = 2;
  options.checkpoint = cp;
  CHECK_THROWS_WITH(polyalign::align_corpus({corpus}, options), "stopped");
  CHECK(cp->saved.count("checks") == 1);
  CHECK(cp->saved.count("lexicons") == 1);
  const std::size_t kept = cp->bundles_saved;
  CHECK(kept >= 2);
  CHECK(kept < whole.bundles.size());

  SUBCASE("resumed: the bundles saved are loaded, the others aligned; the same files") {
    cp->stop_after = 0;
    cp->aligned = 0;
    const polyalign::CorpusResult resumed = polyalign::align_corpus({corpus}, options);
    CHECK(cp->aligned == whole.bundles.size() - kept);
    CHECK(cp->found == 2 + kept);  // checks, lexicons, the bundles
    CHECK(resumed.checks.size() == whole.checks.size());
    polyalign::write_corpus(resumed, (tmp.path() / "resumed").string());
    CHECK(file_tree(tmp.path() / "whole") == file_tree(tmp.path() / "resumed"));
  }
  SUBCASE("without the lexicons saved: learned again from every pair, the same files") {
    cp->saved.erase("lexicons");
    cp->stop_after = 0;
    const polyalign::CorpusResult resumed = polyalign::align_corpus({corpus}, options);
    polyalign::write_corpus(resumed, (tmp.path() / "relearned").string());
    CHECK(file_tree(tmp.path() / "whole") == file_tree(tmp.path() / "relearned"));
  }
  SUBCASE("a bundle's state saved for other documents is refused") {
    std::vector<std::string> ids;
    for (const auto& [key, bytes] : cp->saved)
      if (key.starts_with("bundle-")) ids.push_back(key);
    REQUIRE(ids.size() >= 2);
    std::swap(cp->saved[ids[0]], cp->saved[ids[1]]);
    cp->stop_after = 0;
    CHECK_THROWS_WITH_AS(polyalign::align_corpus({corpus}, options),
                         doctest::Contains("saved for other documents"), std::invalid_argument);
  }
}

TEST_CASE("memory limit: the smallest limit gives the files of the default one") {
  TempDir tmp;
  const std::string corpus = ntrex_corpus(tmp, 8, 7);
  if (corpus.empty()) return;
  polyalign::CorpusOptions options;
  options.threads = 2;
  polyalign::write_corpus(polyalign::align_corpus({corpus}, options),
                          (tmp.path() / "default").string());
  options.memory_limit = std::size_t{16} << 20;  // at most 8 MiB of evidence: most pairs build it twice
  polyalign::write_corpus(polyalign::align_corpus({corpus}, options),
                          (tmp.path() / "small").string());
  CHECK(file_tree(tmp.path() / "default") == file_tree(tmp.path() / "small"));
}
