// Corpus mode's public entry points (polyalign/corpus.h). The stages live
// in corpus/: documents (1), candidates (2), verify (3), bundling (4),
// tuples (5), put together by corpus/driver; pair_work and lexicon say what
// each pair goes through (the pair recipe, pair_recipe.h); remote,
// task_codec and task_runner run the same work as tasks on other machines.
#include "polyalign/corpus.h"

#include <algorithm>
#include <utility>

#include "corpus/documents.h"
#include "corpus/driver.h"
#include "corpus/remote.h"
#include "polyalign/common.h"
#include "polyalign/input.h"
#include "polyalign/language.h"
#include "util/parallel.h"

namespace polyalign {

using corpus::Clock;
using corpus::Prepared;

std::vector<std::string> default_corpus_extensions() {
  std::vector<std::string> out;
  for (const std::string& e : input_extensions()) out.push_back("." + e);
  return out;
}

void CorpusCheckpoint::bundle_aligned(const CorpusResult&, const Bundle&) {}

std::size_t pair_index(std::size_t k, std::size_t l, std::size_t n) {
  if (k > l) std::swap(k, l);
  // Pairs (0,1)..(0,n-1), (1,2).., row k starts after Σ_{i<k} (n-1-i).
  return k * (2 * n - k - 1) / 2 + (l - k - 1);
}

CorpusResult align_corpus(const std::vector<std::string>& paths, const CorpusOptions& options) {
  const auto start = Clock::now();
  corpus::check_options(options);
  if (paths.empty()) fail_input("corpus", "no input path given");
  const std::vector<std::string> files = find_corpus_files(paths, options);
  std::vector<Prepared> docs(files.size());
  const Segmenter neutral;  // language-neutral sentences for identification
  std::vector<std::string> errors(files.size());
  std::vector<std::uint8_t> ok(files.size(), 0);
  const auto report = [&](double f) {
    if (options.progress) options.progress("read", f);
  };
  util::parallel_for(
      files.size(), options.threads,
      [&](std::size_t i) {
        ok[i] = corpus::read_and_prepare(docs[i], files[i], options, neutral, errors[i]);
      },
      report);
  std::vector<Prepared> kept;
  std::vector<SkippedFile> skipped;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (ok[i]) {
      kept.push_back(std::move(docs[i]));
    } else {
      skipped.push_back(corpus::skipped_file(files[i], std::move(errors[i])));
    }
  }
  return corpus::run_corpus(std::move(kept), std::move(skipped), options, start);
}

CorpusResult align_corpus(const std::vector<std::string>& paths, const CorpusOptions& options,
                          const CorpusExecutor& executor) {
  const auto start = Clock::now();
  corpus::check_options(options);
  if (paths.empty()) fail_input("corpus", "no input path given");
  if (!executor) fail_input("corpus", "no executor given");
  const std::vector<std::string> files = find_corpus_files(paths, options);
  std::vector<Prepared> docs;
  std::vector<SkippedFile> skipped;
  corpus::read_remotely(executor, files, options, docs, skipped);
  return corpus::run_corpus(std::move(docs), std::move(skipped), options, start, &executor);
}

CorpusResult align_corpus(std::vector<Document> documents, const CorpusOptions& options) {
  const auto start = Clock::now();
  corpus::check_options(options);
  std::sort(documents.begin(), documents.end(),
            [](const Document& a, const Document& b) { return a.path < b.path; });
  for (std::size_t i = 1; i < documents.size(); ++i) {
    if (documents[i].path == documents[i - 1].path)
      fail_input(documents[i].path, "the same path given for two documents");
  }
  std::vector<Prepared> docs(documents.size());
  const Segmenter neutral;  // language-neutral sentences for identification
  util::parallel_for(
      documents.size(), options.threads,
      [&](std::size_t i) {
        Document doc = std::move(documents[i]);
        doc.lang = normalize_language_code(doc.lang);
        corpus::prepare(docs[i], std::move(doc), options.pipeline, neutral);
      },
      [&](double f) {
        if (options.progress) options.progress("read", f);
      });
  return corpus::run_corpus(std::move(docs), {}, options, start);
}

}  // namespace polyalign
