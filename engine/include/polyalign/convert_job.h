// polyalign/convert_job.h — `polyalign convert` as one call: an alignment
// saved as pair JSONL (by `polyalign align --format jsonl`, or corrected on
// the review page and saved from it) read back over its two documents and
// written in another format.
//
//   polyalign::ConvertJobOptions job;
//   job.format = "tmx";
//   job.output = "a-b.tmx";
//   polyalign::run_convert_job("corrected.jsonl", "a.txt", "b.txt", job);
//
// Steps: the documents are read (load_document) and a language left "auto"
// is detected from the whole text (detect_language); the JSONL is read and
// checked (read_pair_jsonl: one-line errors naming the file and line); the
// alignment is written (write_pair_alignment, or write_pair_moses to
// OUTPUT.<lang A> and OUTPUT.<lang B>), atomically.
#pragma once

#include <string>

#include "polyalign/pipeline.h"

namespace polyalign {

struct ConvertJobOptions {
  // brackets, tsv, jsonl, tmx, xliff (formats.h) or moses.
  std::string format = "tmx";
  // Languages of A and B: ISO 639-1 codes, or "auto" (detected).
  std::string lang_a = "auto", lang_b = "auto";
  // Where the output goes ("" or "-": stdout); moses: the prefix of its two
  // files, required.
  std::string output;
};

// Throws std::invalid_argument for a bad option or bad JSONL, and
// std::runtime_error for a file that cannot be read or written. Returns the
// alignment read.
DocumentAlignment run_convert_job(const std::string& jsonl_path, const std::string& a_path,
                                  const std::string& b_path, const ConvertJobOptions& options);

}  // namespace polyalign
