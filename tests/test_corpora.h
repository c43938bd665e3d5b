// Corpora made for tests, and what they write, shared by the corpus tests.
#pragma once

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "test_data.h"

namespace polyalign::testing {

// Every file under `root`, by relative path, with its bytes.
inline std::map<std::string, std::string> file_tree(const std::filesystem::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) {
      files[std::filesystem::relative(e.path(), root).generic_string()] = read_all(e);
    }
  }
  return files;
}

// bench/make_ntrex_corpus.py's corpus of `docs` NTREX documents (seed
// `seed`) under tmp, or "" (with a message) when python3 or the
// development data are missing.
inline std::string ntrex_corpus(const TempDir& tmp, int docs, int seed) {
  const std::filesystem::path data = std::filesystem::path(data_dir()) / "ntrex-dev";
  if (!std::filesystem::exists(data / "documents.tsv") ||
      std::system("python3 --version >/dev/null 2>&1") != 0) {
    MESSAGE("generated corpus skipped: needs python3 and " << data.string());
    return {};
  }
  const std::string cmd =
      fmt::format("python3 '{}' --data '{}' --out '{}' --seed {} --limit-docs {} -q",
                  source_file("bench/make_ntrex_corpus.py"), data.string(),
                  (tmp.path() / "gen").string(), seed, docs);
  REQUIRE(std::system(cmd.c_str()) == 0);
  return (tmp.path() / "gen" / "corpus").string();
}

}  // namespace polyalign::testing
