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

#include <string>
#include <vector>

#include "polyalign/aligner.h"
#include "polyalign/document.h"
#include "polyalign/segmenter.h"

namespace polyalign {

struct SegmentedDocument {
  Document document;
  std::vector<Sentence> sentences;

  std::string_view sentence_text(std::size_t i) const {
    const ByteSpan& s = sentences[i].span;
    return std::string_view(document.text).substr(s.start, s.size());
  }
};

struct PipelineOptions {
  bool detect_language = true;   // fill in "und" languages with CLD2
  bool presegmented = false;     // one sentence per line; no re-splitting
  SegmenterOptions segmenter;    // `lang` is taken from each document
  AlignerOptions aligner;
};

// Identifies the language (if asked) and splits into sentences.
SegmentedDocument segment_document(Document doc, const PipelineOptions& options = {});

struct DocumentAlignment {
  SegmentedDocument a, b;
  PairAlignment alignment;
};

DocumentAlignment align_documents(Document a, Document b, const PipelineOptions& options = {});

// Aligns two already segmented documents (features taken from `sentences`).
PairAlignment align_segmented(const SegmentedDocument& a, const SegmentedDocument& b,
                              const AlignerOptions& options = {});

}  // namespace polyalign
