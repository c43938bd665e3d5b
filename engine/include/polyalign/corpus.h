// polyalign/corpus.h — corpus mode: which documents of a crawl are versions of
// one another (bundles), and their sentences aligned N-way (tuples).
//
//   polyalign::CorpusOptions options;                     // defaults below
//   polyalign::CorpusResult r = polyalign::align_corpus({"corpora/vietnam-news"}, options);
//   for (const polyalign::Bundle& b : r.bundles)
//     for (const polyalign::Tuple& t : b.tuples)
//       // t.members[k]: the sentences of document r.documents[b.documents[k]]
//   // r.unmatched: documents with no counterpart, each with the reason.
//
// Stages (each document is read, identified, segmented and featured once):
//  1. Documents. Every file is read (read_document: UTF-8 validated), its
//     language identified (CLD2) and segmented (segment_document), then its
//     features computed (compute_features). A file that is not UTF-8 text
//     (binary, NUL bytes, another encoding) is skipped and listed in
//     CorpusResult::skipped with the reason; it never stops the run.
//  2. Candidates. Documents are indexed by their anchor keys (numbers, URLs,
//     e-mail addresses, acronyms; names and Latin words by their phonetic
//     key, name_key(), which is the same across scripts). Keys held by more
//     than `max_key_share` of the documents are dropped; each shared key
//     counts its inverse document frequency, log(N / df). Only documents
//     sharing a key are ever compared (inverted index), never all pairs;
//     each document keeps its `candidates_per_language` best partners per
//     other language (score: idf-weighted cosine of the key sets).
//  3. Verification (decisive). Each candidate pair is aligned sentence by
//     sentence (Aligner with anchors, as `polyalign align`). Its score is
//     the share of the two documents' sentences that lie in confident
//     (posterior >= `verify_bead_confidence`) pair beads (1-1, 2-1, ...)
//     whose two sides share evidence (anchors) or agree in length as the
//     length model expects. A translation aligns along its whole text and
//     scores near 1; two articles on one topic share names and numbers in a
//     few sentences only and score low. Pairs scoring >= `min_pair_score`
//     are verified.
//  4. Bundles. Verified pairs, best score first, join their documents'
//     groups (union-find) unless the union would hold two documents of one
//     language; a document in no group of two or more is unmatched, with the
//     reason (its best candidate and that candidate's score, or why no
//     candidate was found or kept).
//  5. N-way alignment of each bundle (Feng & Doolittle 1987's progressive
//     multiple alignment, over sentence alignments): every pair of members
//     is aligned directly; the member that agrees best with the others is
//     the pivot; tuples start as the pivot's sentences and each further
//     member is placed against the tuples built so far, a sentence joining
//     a tuple when the direct alignments with the tuple's members, weighted
//     by their posteriors, vote for it more than against it (a weighted
//     longest monotone chain of such links keeps the tuples in order).
//     Sentences no tuple takes start tuples of their own, so a sentence the
//     pivot lacks can still meet its translations in the other members.
//     Then every member is taken out and placed again against all the others
//     (`refinement_passes`), so that no single pairwise alignment decides.
//     By construction every sentence of every member is in exactly one
//     tuple, each tuple holds a contiguous range of each member, and tuples
//     are in the order of every member.
//
// Corpus-wide learning: before the final N-way alignments, the pairs of
// each language pair (e.g. every de-hi pair in all bundles) share one
// length model (c, s2 estimated from all their first-pass 1-1 beads) and
// one set of word links learned from all their confident beads (Moore 2002,
// as learn_word_links, over the pooled beads): short documents teach little
// on their own.
//
// Confidences (all in [0, 1]):
//  - pair score: see 3 above.
//  - tuple confidence: the mean, over the pairs of bundle members of which
//    at least one is in the tuple, of the posterior with which that pair's
//    direct alignment has exactly the tuple's projection onto the pair (a
//    bead equal to it; for a member alone, its sentences left unaligned),
//    0 where the direct alignment differs. Tuple::pair_confidence keeps the
//    per-pair values (the Moses writer filters on them).
//  - bundle confidence: the share of the bundle's tuples on which every
//    pairwise alignment agrees (all per-pair values > 0), i.e. how
//    consistent the pairwise alignments were.
//
// Determinism: documents are sorted by path; every result is the same at any
// thread count and in any order of the inputs.
//
// Complexity: reading and features O(total bytes); candidates O(Σ over keys
// of df²) with df capped; one alignment per candidate pair and per pair of
// members of each bundle (O(n · band) each, see aligner.h); memory: all
// documents' texts and features.
//
// Thread-safety: align_corpus() is reentrant; it runs `threads` workers of
// its own and calls `progress` from the calling thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/document.h"
#include "polyalign/pipeline.h"

namespace polyalign {

struct CorpusOptions {
  // Segmentation, features, anchors, evidence and aligner settings, used for
  // every document and every pair. Its `threads` and `progress` are not
  // used (see below); `presegmented` applies to every file.
  PipelineOptions pipeline;
  // Worker threads for the independent work (documents, pairs, bundles);
  // 0 = std::thread::hardware_concurrency(). Output is identical at any count.
  unsigned threads = 0;
  // Directories are searched recursively for regular files whose extension
  // is one of these (compared without case, with the dot); empty = every
  // file. Hidden files and directories (name starting with '.') are skipped.
  // Files named explicitly are always taken.
  std::vector<std::string> extensions = {".txt"};
  ReadOptions read;  // largest accepted file

  // --- candidates
  // Anchor keys held by more than this share of the documents (and by more
  // than 2) say little about which documents translate one another.
  double max_key_share = 0.1;
  // Best candidates kept per document and per other language (a pair is
  // verified when it is among the best of either document).
  std::uint32_t candidates_per_language = 3;
  // Candidate pairs whose texts' lengths (code points) differ by more than
  // this factor are not verified (no version of an article is 3x longer).
  double max_length_ratio = 3.0;

  // --- verification
  // A bead counts as confidently aligned from this posterior on.
  double verify_bead_confidence = 0.5;
  // A candidate pair is verified (a translation) from this score on. Chosen
  // between the scores of true pairs (~0.8-1) and of same-topic articles
  // (below ~0.3) on the development corpora; see bench/RESULTS.md.
  double min_pair_score = 0.5;

  // --- N-way
  // Learn one length model and one set of word links per language pair from
  // all its bundled pairs (else each pair learns from its own text only).
  bool corpus_learning = true;
  // Placement passes after the progressive one (each member taken out and
  // placed again against all the others).
  unsigned refinement_passes = 1;

  // Called from the calling thread as work advances: the stage's name
  // ("read", "candidates", "verify", "learn", "align") and the fraction of it
  // done (0..1). Empty: no reports. Must not throw.
  std::function<void(std::string_view stage, double fraction)> progress;
};

// A file that was not used, and why (not UTF-8 text, unreadable...).
struct SkippedFile {
  std::string path;
  std::string reason;
};

// One tuple of a bundle: for each member (in Bundle::documents order) the
// sentences that translate one another; an empty range = none in that member.
struct Tuple {
  std::vector<SentenceRange> members;
  double confidence = 0;  // see the header comment
  // For each pair of members (k < l, in the order (0,1), (0,2), ...,
  // (1,2), ...; see pair_index()), the posterior with which their direct
  // alignment has this tuple's projection; -1 when neither is in the tuple.
  std::vector<float> pair_confidence;
};

// Index of the pair (k, l), k != l, of n members in Tuple::pair_confidence.
std::size_t pair_index(std::size_t k, std::size_t l, std::size_t n);

struct Bundle {
  std::string id;                      // "bundle-0001", ... by first path
  std::vector<std::size_t> documents;  // indices into CorpusResult::documents, by path
  std::size_t pivot = 0;               // index into `documents`
  double confidence = 0;               // share of tuples all pairwise alignments agree on
  double min_pair_score = 0;           // weakest verification score that joined the bundle
  std::vector<Tuple> tuples;           // in document order
};

struct UnmatchedDocument {
  std::size_t document = 0;  // index into CorpusResult::documents
  std::string reason;        // e.g. "best candidate x.txt (en) aligned with score 0.21"
};

// A candidate pair that was aligned to check it (for reports and -v).
struct PairCheck {
  std::size_t a = 0, b = 0;      // indices into CorpusResult::documents, a < b
  double candidate_score = 0;    // idf-weighted cosine of the anchor keys
  double score = 0;              // verification score (see header comment)
};

struct CorpusStats {
  std::uint64_t bytes = 0;        // of the documents used
  std::uint64_t sentences = 0;    // of the documents used
  std::size_t candidate_pairs = 0;
  std::size_t verified_pairs = 0;
  double seconds = 0;             // wall-clock time of align_corpus()
};

struct CorpusResult {
  std::vector<SegmentedDocument> documents;  // sorted by path; language filled in
  std::vector<Bundle> bundles;               // sorted by first member's path
  std::vector<UnmatchedDocument> unmatched;  // by path
  std::vector<SkippedFile> skipped;          // by path
  std::vector<PairCheck> checks;             // every verified candidate pair, by (a, b)
  CorpusStats stats;
};

// The files align_corpus(paths) reads: files as given, directories searched
// recursively (see CorpusOptions::extensions), duplicates (same file by two
// spellings) once, sorted. Throws std::runtime_error naming a path that does
// not exist or cannot be listed.
std::vector<std::string> find_corpus_files(const std::vector<std::string>& paths,
                                           const CorpusOptions& options = {});

// Reads the files of `paths` (find_corpus_files) and aligns them as a corpus.
// Files that are not UTF-8 text are skipped (CorpusResult::skipped). Throws
// std::invalid_argument for bad options or when no path is given,
// std::runtime_error for a path that cannot be listed.
CorpusResult align_corpus(const std::vector<std::string>& paths,
                          const CorpusOptions& options = {});

// The same over documents already in memory (their paths must be distinct
// and are used as identities and for sorting; "und" languages are detected).
CorpusResult align_corpus(std::vector<Document> documents, const CorpusOptions& options = {});

}  // namespace polyalign
