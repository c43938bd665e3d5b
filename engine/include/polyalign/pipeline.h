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
#include <future>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/aligner.h"
#include "polyalign/dictionaries.h"
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
  // extraction of the two documents run side by side, the evidence, word
  // links and searches use as many); 1 = all on the calling thread, 0 = all
  // cores. Output is identical at any thread count.
  unsigned threads = 2;
  bool anchors = true;           // use numbers, names, URLs... (else length only)
  bool word_links = true;        // learn word links from a first pass and realign
  // Cognates and loanwords (cognate_links(), evidence.h) as word links from
  // the first pass on; with anchors only.
  bool cognates = true;
  FeatureOptions features;
  EvidenceOptions evidence;
  WordLinkOptions word_link_options;
  CognateOptions cognate_options;
  // Unrelated documents. The length model alone pairs the sentences of any
  // two texts of similar shape, and its posteriors assume the texts are
  // translations. A pair whose parallel_score() is below this is not one,
  // as far as its evidence tells: the confidence of every bead pairing
  // sentences (both sides non-empty) is scaled by score / min_parallel_score,
  // so unrelated documents come out with low confidences instead of
  // confidently wrong ones. Translations score 0.39-0.87 on the development
  // data, unrelated articles 0-0.15 (README, "Reliability"). Used with
  // anchors only (without them there is no evidence to measure); 0: off.
  double min_parallel_score = 0.3;
  // Bilingual dictionaries (dictionaries.h): "auto" = the FreeDict
  // databases installed under /usr/share/dictd (Debian's dict-freedict-*),
  // "none" = none, else a directory of dictd databases named
  // freedict-<src>-<tgt>. Their word links join the final pass (the first
  // too with DictionaryOptions::first_pass); with anchors only. Off by
  // default: on ntrex-dev they lose clean text (de-en strict F1 0.990 ->
  // 0.96-0.98, more 2-2 beads) for +0.003 at the noisiest level, though
  // Text+Berg de-fr dev gains 0.818 -> 0.854 (bench/README.md).
  // Strengths and limits: DictionaryOptions' defaults.
  std::string dictionaries = "none";
  // Optional bilingual dictionary (word of A, word of B), used as word links
  // of strength 1 from the first pass on; see read_dictionary().
  std::vector<std::pair<std::string, std::string>> dictionary;
  // Called from the calling thread as work advances: the stage's name
  // ("segment", "anchors", "estimate", "align") and the fraction of it
  // done (0..1). Empty: no reports. May throw to stop the work: the
  // exception leaves align_documents() once no thread it started is busy.
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
  // parallel_score() of the final alignment; -1 when not measured (no anchors).
  double parallel_score = -1;
};

DocumentAlignment align_documents(Document a, Document b, const PipelineOptions& options = {});

// Starts building, on a thread of its own, what aligning `doc` will need
// that takes long to build: ICU's transliterator for name keys (about 10 ms)
// when the text has letters outside Latin. align_documents() does so when
// it starts; a caller that has a document in hand before (e.g. while it
// reads the other) can call this and gain that time. Returns a future to
// wait on before exit, or an empty one if nothing was started (not needed,
// or already started).
std::future<void> prepare_async(const Document& doc, const PipelineOptions& options = {});

// Aligns two already segmented documents: features, anchors, a first pass,
// word links learned from it, the final pass (the pair recipe corpus mode
// also follows for each pair it aligns). Fills r.alignment, r.evidence,
// r.word_links and (with anchors) r.parallel_score from r.a and r.b, and
// appends to r.timings.
void align_segmented(DocumentAlignment& r, const PipelineOptions& options = {});

// How much of two documents (na, nb sentences) `alignment` pairs in
// confident small beads whose sides share evidence: corpus mode's
// verification score (corpus.h, stage 3) with its default parameters,
//   Σ |b| · p_b · min(1, E_b / 0.5) / (na + nb + 4)
// over the 1-1, 2-1 and 1-2 beads b with posterior p_b >= 0.5, |b| their
// sentences, E_b the evidence their sides share. In [0, 1]; 0 without
// sentences. Translations score high, unrelated texts near 0.
double parallel_score(const PairAlignment& alignment, const PairEvidence& evidence,
                      std::size_t na, std::size_t nb);

}  // namespace polyalign
