// polyalign/pipeline.h — the stages put together: documents in, aligned
// sentences out. The CLI and the bindings call these and nothing deeper.
//
//   polyalign::Document a = polyalign::read_document("a.txt");
//   polyalign::Document b = polyalign::read_document("b.txt");
//   polyalign::DocumentAlignment r = polyalign::align_documents(a, b, {});
//
// Language: a document whose `lang` is "und" gets CLD2's guess
// (detect_language) unless options.detect_language is false; a language set
// by the caller is kept.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/aligner.h"
#include "polyalign/document.h"
#include "polyalign/evidence.h"
#include "polyalign/features.h"
#include "polyalign/segmenter.h"

namespace polyalign {

struct PipelineOptions {
  bool detect_language = true;   // fill in "und" languages with CLD2
  bool presegmented = false;     // one sentence per line; no re-splitting
  SegmenterOptions segmenter;    // `lang` is taken from each document
  AlignerOptions aligner;
  // Threads for the independent work of one pair (segmenting and feature
  // extraction of the two documents run side by side); 1 = all on the
  // calling thread. Output is identical at any thread count.
  unsigned threads = 2;
  bool anchors = true;           // use numbers, names, URLs... (else length only)
  bool word_links = true;        // learn word links from a first pass and realign
  FeatureOptions features;
  EvidenceOptions evidence;
  WordLinkOptions word_link_options;
  // Optional bilingual dictionary (word of A, word of B), used as word links
  // of strength 1 from the first pass on; see read_dictionary().
  std::vector<std::pair<std::string, std::string>> dictionary;
  // Called from the calling thread as work advances: the stage's name
  // ("segment", "anchors", "estimate", "align") and the fraction of it
  // done (0..1). Empty: no reports. Must not throw.
  std::function<void(std::string_view stage, double fraction)> progress;
};

// Identifies the language (if asked) and splits into sentences.
SegmentedDocument segment_document(Document doc, const PipelineOptions& options = {});

// Wall-clock seconds one stage of align_documents() took (for -v and the
// benchmarks; never part of the output).
struct StageTiming {
  std::string stage;
  double seconds = 0;
  std::uint64_t peak_rss_kb = 0;  // the process's peak resident memory so far (Linux; else 0)
};

struct DocumentAlignment {
  SegmentedDocument a, b;
  PairAlignment alignment;
  PairEvidence evidence;        // what the final pass used (empty without anchors)
  std::size_t word_links = 0;   // number of word links learned or given
  std::vector<StageTiming> timings;  // in the order the stages ran
};

DocumentAlignment align_documents(Document a, Document b, const PipelineOptions& options = {});

// Aligns two already segmented documents: features, anchors, a first pass,
// word links learned from it, the final pass. Fills r.alignment,
// r.evidence, r.word_links from r.a and r.b.
void align_segmented(DocumentAlignment& r, const PipelineOptions& options = {});

}  // namespace polyalign
