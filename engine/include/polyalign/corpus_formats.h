// polyalign/corpus_formats.h — writers for corpus mode (polyalign corpus).
//
//   polyalign::CorpusWriteOptions w;                  // every format
//   std::vector<std::string> files = polyalign::write_corpus(result, "out/", w);
//
// Layout under OUTDIR (created if missing, with its parents):
//   bundles.json               always: {"bundles": [{"id", "documents": [{"path",
//                              "lang"}], "confidence", "pivot" (a path),
//                              "join_evidence", "tuples" (a count)}],
//                              "unmatched": [{"path", "lang", "reason"}],
//                              "skipped": [{"path", "reason"}],
//                              "confidence": {"tuple", "bundle"} (what the
//                              confidences mean, in words)}; see corpus.h
//   <bundle id>/alignment.jsonl   jsonl: one tuple per line, {"members": {"<path>":
//                              {"sentences": [i,...], "spans": [[start,end],...],
//                              "sources": [{...},...]}}, "confidence": p} —
//                              members absent from the tuple are left out;
//                              byte offsets into the member's text (its
//                              extracted text when it was not read as
//                              text); "sources" only for a member read from
//                              another format (docx, html, pdf, ...): each
//                              sentence's place in that file, as the
//                              pair JSONL's a_sources (input.h, formats.h);
//                              members in language order
//   <bundle id>/pairs/<l1>-<l2>.jsonl   jsonl: every pair of members (l1 before
//                              l2 alphabetically): its alignment inside the
//                              bundle (Bundle::pairs), one bead per line in
//                              the shape of `polyalign align --format jsonl`
//                              ({"a", "b", "a_spans", "b_spans", "a_sources",
//                              "b_sources" (as above), "cost": 0,
//                              "confidence"}), side a = the l1 member
//   corpus.tmx                 tmx: TMX 1.4b, srclang the source language,
//                              one <tu> per tuple (every bundle), one <tuv
//                              xml:lang> per member in it, in language order
//                              (below), its sentences joined by a space;
//                              props x-bundle and x-confidence
//   corpus.tsv                 tsv: a header line, then one line per tuple:
//                              bundle, confidence, one column per language of
//                              the corpus in language order (empty where the
//                              tuple has no sentence in that language)
//   moses/<l1>-<l2>.<l1>, moses/<l1>-<l2>.<l2>   moses: per language pair
//                              (l1 < l2), line-parallel files: line k of both
//                              is one bead of the pair's alignment
//                              (Bundle::pairs) with sentences in both, of
//                              confidence >= min_confidence
// Language order: the source language (CorpusWriteOptions::source_lang, by
// default the language whose pair beads are the most confident over the
// corpus: the one the others translate best), then the others
// alphabetically. Per-bundle files (alignment.jsonl, pairs/), written where
// the source language is not known yet, use the alphabetical order.
// Text fields: a member's sentences joined by one space; in TSV and Moses,
// tabs and line breaks inside a sentence become spaces (they would break
// the format); in TMX, characters XML 1.0 forbids become spaces.
//
// Every file is written atomically (AtomicFile: temporary file, fsync,
// rename): a failed run leaves no partial file under a final name. The
// per-bundle and per-format files are committed first and bundles.json, the
// index of the run, last. Files of earlier runs that this run does not
// write (e.g. bundles that no longer exist) are left alone.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/corpus.h"

namespace polyalign {

enum class CorpusFormat { kJsonl, kTmx, kTsv, kMoses };

// Parses a comma-separated list ("tmx,tsv,jsonl,moses"; spaces allowed).
// Throws std::invalid_argument naming an unknown or repeated name, or an
// empty list.
std::vector<CorpusFormat> parse_corpus_formats(std::string_view list);

struct CorpusWriteOptions {
  std::vector<CorpusFormat> formats = {CorpusFormat::kJsonl, CorpusFormat::kTmx, CorpusFormat::kTsv,
                                       CorpusFormat::kMoses};
  // Moses files keep a tuple's sentences of two languages when the pair's
  // confidence is at least this (0..1); the other formats keep every tuple.
  double min_confidence = 0.5;
  // Source language of TMX (srclang, first <tuv>) and TSV (first column);
  // empty = the language the others align best against
  // (corpus_language_order()).
  std::string source_lang;
};

// The languages of the bundled documents in the order the writers use:
// `source_lang` first (empty: see CorpusWriteOptions::source_lang), then the
// others alphabetically. Throws std::invalid_argument when no bundled
// document is in `source_lang`.
std::vector<std::string> corpus_language_order(const CorpusResult& result,
                                               std::string_view source_lang = {});

// Throws std::invalid_argument naming a bad option (min_confidence outside
// [0, 1]); what write_corpus() checks first, for callers that check before
// the work whose result they will write.
void validate_corpus_write_options(const CorpusWriteOptions& options);

// Writes `result` under `outdir` (see above) and returns the files written,
// in the order they were committed. Throws std::runtime_error naming the
// file that could not be written, std::invalid_argument for bad options.
std::vector<std::string> write_corpus(const CorpusResult& result, const std::string& outdir,
                                      const CorpusWriteOptions& options = {});

// Writes <outdir>/<bundle.id>/pairs/*.jsonl (write_pair_jsonl) and then
// <outdir>/<bundle.id>/alignment.jsonl (write_bundle_jsonl) atomically,
// creating the directories, and returns its path: what write_corpus() writes
// per bundle for kJsonl, and what a worker of the distributed corpus mode
// writes for its bundle (CorpusTaskRunner). Throws std::runtime_error naming
// what could not be written.
std::string write_bundle_file(const CorpusResult& result, const Bundle& bundle,
                              const std::string& outdir);

// The single writers, for tests and other callers.
void write_bundles_json(std::ostream& out, const CorpusResult& result);
void write_bundle_jsonl(std::ostream& out, const CorpusResult& result, const Bundle& bundle);
// Bundle::pairs of members k and l of `bundle` (side a = member k).
void write_pair_jsonl(std::ostream& out, const CorpusResult& result, const Bundle& bundle,
                      std::size_t k, std::size_t l);
void write_tmx(std::ostream& out, const CorpusResult& result, std::string_view source_lang = {});
void write_tsv(std::ostream& out, const CorpusResult& result, std::string_view source_lang = {});
// Moses lines of languages l1 and l2 (both in the corpus): returns the
// number of lines written to each stream.
std::size_t write_moses(std::ostream& out1, std::ostream& out2, const CorpusResult& result,
                        std::string_view l1, std::string_view l2, double min_confidence);

}  // namespace polyalign
