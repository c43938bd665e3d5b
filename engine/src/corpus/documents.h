// corpus/documents.h — stage 1 of corpus mode (polyalign/corpus.h): every
// file read, its language identified, segmented, featured and indexed once,
// into a Prepared document that every later stage reads.
//
// prepare() and read_and_prepare() are pure functions of their inputs (the
// same bytes give the same Prepared anywhere: a task's runner on another
// machine prepares what align_corpus() prepared); they may run on many
// threads at once (the Segmenter is shared read-only). Cost: a segmentation
// and CLD2 pass for the language, then segment_document() and
// compute_features(): O(bytes of the document).
//
// DocTable does not own the documents it names when built over a vector
// (align_corpus()), and shares them when built over shared pointers (a task
// of a CorpusTaskRunner, whose cache may drop them meanwhile).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/corpus.h"
#include "polyalign/features.h"
#include "polyalign/segmenter.h"

namespace polyalign::corpus {

// One document with everything later stages read.
struct Prepared {
  SegmentedDocument doc;
  DocumentFeatures features;
  std::vector<std::string> keys;  // index keys, sorted, distinct
  std::uint64_t length = 0;       // code points of all sentences
  std::uint64_t hash = 0;         // content_hash() of the text (a task's runner checks it)
};

// The documents pair work reads, by index: in align_corpus() all of them;
// in a task run by a CorpusTaskRunner the few it names, numbered in the
// task (in the order of the corpus, so that a < b still holds for a pair).
class DocTable {
 public:
  explicit DocTable(const std::vector<Prepared>& docs) {
    for (const Prepared& p : docs) docs_.push_back(&p);
  }
  explicit DocTable(std::vector<std::shared_ptr<const Prepared>> docs) : owned_(std::move(docs)) {
    for (const auto& p : owned_) docs_.push_back(p.get());
  }
  const Prepared& operator[](std::size_t d) const { return *docs_[d]; }
  std::size_t size() const { return docs_.size(); }

 private:
  std::vector<std::shared_ptr<const Prepared>> owned_;
  std::vector<const Prepared*> docs_;
};

// The language of document d of `docs`.
inline const std::string& lang_of(const DocTable& docs, std::size_t d) {
  return docs[d].doc.document.lang;
}

// FNV-1a (64 bits) of a file's bytes: a task's worker checks that it reads
// what the "read" phase read.
std::uint64_t content_hash(std::string_view bytes);

// The distinct index keys of a document (stage 2's inverted index), sorted.
std::vector<std::string> index_keys(const DocumentFeatures& f);

// Fills `p` from `doc`: language (when "und" and detection is on; see
// document_language in the .cpp), sentences, features, index keys, length.
// Leaves p.hash as it is. Throws what segment_document() throws.
void prepare(Prepared& p, Document doc, const PipelineOptions& po, const Segmenter& neutral);

// Reads and prepares one file for corpus mode (p.hash set); false (and
// `error`, the reason) for a file that is not UTF-8 text, cannot be read,
// or is over a limit.
bool read_and_prepare(Prepared& p, const std::string& path, const CorpusOptions& options,
                      const Segmenter& neutral, std::string& error);

// A file read_document() refused, with the reason (without the path the
// message starts with).
SkippedFile skipped_file(const std::string& path, std::string why);

}  // namespace polyalign::corpus
