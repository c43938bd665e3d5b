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
//     language identified (CLD2 sentence by sentence, sentences split by
//     ICU's language-neutral rules; the language of most code points wins,
//     so a long inserted sentence in a script of three bytes per letter
//     cannot outvote the article), segmented (segment_document),
//     and its features computed (compute_features). A file that is not UTF-8
//     text (binary, NUL bytes, another encoding) or cannot be read is
//     skipped and listed in CorpusResult::skipped with the reason; it never
//     stops the run.
//  2. Candidates. Documents are indexed by their anchor keys (numbers, URLs,
//     e-mail addresses, acronyms; names and Latin-script words by their
//     phonetic key, name_key(), which is the same across scripts, and by its
//     first four letters, which survive inflection: "Трампа" / "Trump").
//     Keys held by more than `max_key_share` of the documents, or by more
//     than `max_key_documents`, are dropped (but never those held by no
//     more documents than there are languages);
//     a shared key weighs its idf², idf = log(1 + N / df). Only documents
//     sharing a key are ever compared (inverted index), never all pairs;
//     each document keeps its `candidates_per_language` best partners per
//     other language (score: idf-weighted cosine of the key sets), and
//     pairs whose lengths differ by more than `max_length_ratio` are dropped.
//     Documents that no candidate verifies (stage 3) then get a second,
//     wider search (`retry_candidates_per_language`): an article with few
//     numbers and names, among many on its topic, ranks its translations
//     low.
//  3. Verification (decisive). Each candidate pair is aligned sentence by
//     sentence (Aligner with anchors, as `polyalign align`) and scored:
//         score = Σ_beads |b| · p_b · min(1, E_b / verify_full_evidence)
//                 / (na + nb + verify_prior_sentences)
//     over the beads b of two or three sentences (1-1, 2-1, 1-2) with
//     posterior p_b >= verify_bead_confidence, |b| their sentences, E_b the
//     evidence their two sides share (anchors, word links; PairEvidence
//     units). A translation aligns along its whole text, sentence by
//     sentence, with shared names, numbers and words, and scores ~0.7; two
//     articles on one topic share a few names in a few sentences and score
//     below ~0.2. The prior sentences keep very short texts, whose few
//     sentences can pair up by chance, from scoring high. Two rounds: the
//     first with anchors only; then the pairs that are each other's best
//     candidate and pass `min_pair_score` teach one set of word links per
//     language pair (below), and every candidate is aligned and scored again
//     with them. Pairs scoring >= `min_pair_score` are verified.
//     Where the index is decisive, it decides: a document's candidates in
//     one language are ranked by index score s1 >= s2 >= ...; when the best
//     stands clearly above the rest, s2 < r · s1, the others (those no
//     other document selects for its own sake) are not aligned unless the
//     best fails verification (CorpusStats::decided_pairs). r is estimated
//     from the corpus: the ratios s3 / s2 compare two candidates that are
//     (mostly) both not translations, and r is their
//     `index_decisive_level`-quantile, so a best candidate counts as clearly
//     above the rest when the gap to the second is wider than all but that
//     share of the gaps among runners-up. The wider search below aligns
//     every pair it selects, decided or not.
//  4. Bundles. Agglomerative: every checked pair is evidence about its two
//     documents, score - neutral_pair_score (for if it scored above, against
//     if below), and the evidence between two groups is the sum over their
//     checked pairs. The two groups with the most evidence join first, while
//     it reaches min_pair_score - neutral_pair_score (one pair alone: a
//     score of min_pair_score) and their union would hold no language twice.
//     Versions of one article confirm each other: a freely translated or
//     very short version that aligns only moderately with each of the
//     others still joins them, while an article on the same topic, which
//     aligns a little with each of them, is held off by its low scores.
//     A document in no group of two or more is unmatched, with the reason
//     (its best candidate and that candidate's score, or that no candidate
//     was found).
//  5. N-way alignment of each bundle. Every pair of members is aligned
//     directly, with what its language pair learned from all its bundled
//     pairs (corpus_learning): word links, a length model and the bead
//     model (the bead-type priors and cost weights, `pooled_fit_sentences`),
//     which a pair of two short documents cannot estimate on its own. In a bundle of four or more, every pair is then aligned
//     again with what the third members say (`third_version_rounds`): a
//     sentence of x and a sentence of y that the direct alignments put in
//     confident beads with one sentence of z share an anchor of that
//     sentence, weighted by the lesser of the two beads' posteriors
//     (shared among the sentences of z in the bead) over the number of
//     third members (together they are worth one anchor), so that a pair
//     with little evidence of its own (two languages without a dictionary
//     or a shared script) borrows from the pairs that have it. Tuples are then built by progressive multiple alignment
//     (Feng & Doolittle 1987, over sentence alignments instead of residues):
//     tuples start as the sentences of one member, the pivot, and each
//     further member is placed against
//     the tuples built so far: a sentence joins a tuple when the direct
//     alignments with the tuple's members vote for it (each member with the
//     posterior of the bead holding that sentence, for in proportion to the
//     share of the member's sentences in the tuple that bead covers,
//     against for the rest); the heaviest chain of such links that is
//     monotone in both the sentences and the tuples is kept, and sentences
//     no tuple takes start tuples of their own, so a sentence the pivot lacks
//     still meets its translations in the other members. Every member is
//     then taken out and placed again against all the others
//     (`refinement_passes`). Last, a local search maximises the agreement
//     of the tuples with all direct alignments (correlation clustering
//     under the order constraints): Σ over pairs of sentences of different
//     members in one tuple of +p if their direct alignment has them in one
//     bead of posterior p, else -(mean posterior of the two beads that part
//     them); moves: merge two neighbouring tuples, split one, move one
//     sentence across the border of two neighbours. All this is done from
//     every member as pivot (`all_pivots`), and the tuples with the highest
//     total agreement are kept (the search finds local optima; a pivot
//     whose own alignments go wrong somewhere is outvoted). By construction
//     every sentence of every member is in exactly one tuple, each tuple
//     holds a contiguous range of each member, and tuples are in the order
//     of every member.
//
// Corpus-wide learning: the pairs of each language pair (e.g. every de-hi
// pair in all bundles) share one length model (c, s2 estimated from all
// their estimation passes' confident 1-1 beads) and one set of word links
// learned from all their confident beads at once (learn_word_links() over
// the pooled beads: Moore 2002, competitive linking): a short document
// teaches little on its own.
//
// Confidences (all in [0, 1]):
//  - pair score: see 3 above.
//  - pair bead (Bundle::pairs): the posterior of the direct alignment's
//    bead where the pair's bead is exactly that bead; for a bead linked
//    through a third member z, the product of the two beads' posteriors
//    (the best z); else 1 - the posterior of the direct bead it was cut from.
//  - Tuple::pair_confidence: the least of its pair's beads in the tuple.
//  - tuple confidence: the probability that every member in it is right:
//    the least Tuple::pair_confidence of its pairs (a pair with one member
//    in the tuple: that the tuple's sentences have nothing in the other).
//    A bundle's pairs err together (a member's omission or join is in each
//    of its pairs), so all are right about as often as the least sure one.
//  - bundle confidence: the mean tuple confidence, i.e. the expected share
//    of the bundle's tuples that are right in every member.
//
// Determinism: documents are sorted by path; every result is the same at any
// thread count, and the same when the work runs on other machines (below).
//
// On many machines: align_corpus() runs in phases ("read", "check",
// "learn", "recheck", "estimate", "align"), each a list of independent
// tasks, with the decisions between phases (candidates, seeds, bundles) taken
// by the caller. Given a CorpusExecutor (polyalign/corpus_tasks.h, included
// below) it hands every phase to it as opaque byte strings; anything that can call CorpusTaskRunner::run() on a machine
// seeing the same files at the same paths can run them, and the result is
// the same, byte for byte (the Dask layer, bindings/python/polyalign/dask.py).
//
// Complexity: reading and features O(total bytes); candidates O(Σ over kept
// keys of df²), df capped by max_key_share and max_key_documents: O(N) for
// a large corpus; two alignments per candidate
// pair the index does not decide and one per pair of members of each bundle (each O(n · band), see
// aligner.h; a bundle of k documents has k(k-1)/2 pairs); memory: all
// documents' texts and features, the inverted index, per pair of a bundle
// its first (estimation) alignment until the final pass, the final
// alignments of the bundles whose pairs are still being aligned (a bundle's
// tuples are built, and its pair alignments freed, as soon as its last pair
// is done), the tuples of every bundle, and pair evidence kept between
// passes within CorpusOptions::memory_limit (past it, built again).
//
// Thread-safety: align_corpus() is reentrant; it runs `threads` workers of
// its own and calls `progress` from the calling thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/document.h"
#include "polyalign/pipeline.h"

namespace polyalign {

// The extensions CorpusOptions::extensions holds by default: input_extensions()
// with their dots.
std::vector<std::string> default_corpus_extensions();

// CorpusOptions::memory_limit by default: a quarter of the machine's
// physical memory (sysconf), 1 GiB where it cannot be read.
std::size_t default_memory_limit();

// Parses a memory size: plain bytes ("1048576") or a whole number with a
// binary suffix K, M, G or T, optionally followed by "B" or "iB", any case
// ("512M", "2G", "64MiB"). Throws std::invalid_argument naming `what` and
// the value for anything else, and for a size below 16M (less than the
// aligner's own tables).
std::size_t parse_memory_size(std::string_view text, std::string_view what = "--memory-limit");

struct Bundle;
struct CorpusResult;

// Where a run keeps what it has computed so that, if it is interrupted, a
// later run can go on from there (run_corpus_job() with
// CorpusJobOptions::resume; `polyalign corpus --resume`). align_corpus()
// loads a key before the work it stands for and does that work only when
// nothing is there; it saves:
//   "checks"    every candidate pair's scores, once verification is done;
//   "lexicons"  what the N-way stage learned, once learned (with word links);
//   bundle ids  ("bundle-0001", ...) each bundle's tuples and pair
//               alignments, as soon as that bundle is aligned, after
//               bundle_aligned() for it returned.
// The bytes are align_corpus()'s own (MessagePack, numbers exact: a bundle
// loaded is the bundle computed). It is the caller's duty to hand a run only
// what a run over the same files with the same options saved. save() and
// bundle_aligned() are called from worker threads, several at once (for
// different keys); load() from the calling thread. Any of them may throw to
// stop the run.
class CorpusCheckpoint {
 public:
  virtual ~CorpusCheckpoint() = default;
  // The bytes saved under `key`, or none.
  virtual std::optional<std::string> load(const std::string& key) = 0;
  // Keeps `bytes` under `key` (e.g. written atomically).
  virtual void save(const std::string& key, const std::string& bytes) = 0;
  // `bundle` has just been aligned (tuples, pairs, pivot, confidence set);
  // `members` holds its documents only, bundle.documents indexing them
  // (what write_bundle_file() takes). Default: nothing.
  virtual void bundle_aligned(const CorpusResult& members, const Bundle& bundle);
};

struct CorpusOptions {
  // Segmentation, features, anchors, evidence and aligner settings, used for
  // every document and every pair. Its `threads` and `progress` are not
  // used (see below); `presegmented` applies to every file.
  PipelineOptions pipeline;
  // Worker threads for the independent work (documents, pairs, bundles);
  // 0 = all cores (std::thread::hardware_concurrency()). Output is identical
  // at any count.
  unsigned threads = 0;
  // Directories are searched recursively for regular files whose extension
  // is one of these (compared without case, with the dot); empty = every
  // file. Hidden files and directories (name starting with '.') are skipped.
  // Files named explicitly are always taken. Default: every format
  // polyalign reads (".txt", ".docx", ".odt", ".html", ... ".pdf";
  // input_extensions()).
  std::vector<std::string> extensions = default_corpus_extensions();
  // Directories never searched (e.g. the output directory, so that a run
  // never reads an earlier run's results).
  std::vector<std::string> exclude;
  ReadOptions read;  // largest accepted file
  // Memory, in bytes, that the run may use for what it can trade for time:
  // pair evidence kept from one pass to the next, up to what is left of
  // three quarters of it once the heap in use at the start of a stage is
  // counted, and at most half of it (past that, evidence is dropped and
  // built again, the same values, at the cost of CPU). What it does not
  // bound: the documents' texts and features (a document's features are
  // freed once its bundle is aligned, or once it is left out of every
  // bundle), and the results (see "Complexity" above). Default: a quarter
  // of physical memory (default_memory_limit()); at least 16 MiB. Output
  // is the same at any limit.
  std::size_t memory_limit = default_memory_limit();
  // Saves each stage's result as it is done and reuses what an interrupted
  // run saved (see CorpusCheckpoint). Null: nothing saved or loaded.
  std::shared_ptr<CorpusCheckpoint> checkpoint;

  // --- candidates
  // Anchor keys held by more than this share of the documents (and by more
  // than 2) say little about which documents translate one another.
  double max_key_share = 0.1;
  // ... and keys held by more than this many documents are dropped at any
  // corpus size: the share alone would let a document's candidate search
  // (the postings of its keys) grow with the corpus, and all of it
  // quadratically. The default leaves corpora of up to 10,000 documents
  // to the share alone (0.1 of them); among 50,000 a key of 1,000
  // documents weighs a fifth of a name's that five documents share.
  std::size_t max_key_documents = 1000;
  // Best candidates kept per document and per other language (a pair is
  // verified when it is among the best of either document).
  std::uint32_t candidates_per_language = 3;
  // Documents left without a verified partner after that get a second,
  // wider search: their this many best candidates per language (0 or no
  // more than candidates_per_language: no second search).
  std::uint32_t retry_candidates_per_language = 10;
  // Candidate pairs whose texts' lengths (code points) differ by more than
  // this factor are not verified (no version of an article is 3x longer).
  double max_length_ratio = 3.0;
  // A pair the index already decides is not aligned (stage 3): a document
  // whose best candidate in a language stands further above its second
  // than all but this share of the corpus's runners-up stand above the
  // next (s2 / s1 below the level-quantile of s3 / s2 over all documents
  // and languages) has its other candidates there left out, unless that
  // best candidate fails verification. 0: every candidate is aligned.
  double index_decisive_level = 0.01;

  // --- verification (see the header comment, stage 3)
  // Beads count from this posterior on.
  double verify_bead_confidence = 0.5;
  // A bead whose sides share this much evidence (PairEvidence units: 1 =
  // one anchor unique to both sentences; a learned word link is worth
  // 0.5 x its Dice strength) counts in full, less in proportion.
  double verify_full_evidence = 0.5;
  // Sentences without evidence added to every pair's total (a prior that
  // keeps a pair of three-sentence texts from scoring as high as a pair of
  // thirty-sentence ones on as much luck).
  double verify_prior_sentences = 4.0;
  // A pair's score from which it is a translation on its own (stage 4). On
  // the development corpora translations score 0.7 (median; 95% above
  // 0.36), other candidate pairs 0.03 (95% below 0.15, 99% below 0.23), and
  // bundles come out exactly right for thresholds in [0.2, 0.3]
  // (bench/RESULTS-corpus.md).
  double min_pair_score = 0.3;
  // The score at which a pair says nothing either way: higher scores count
  // for joining the two documents' groups, lower ones against (stage 4).
  double neutral_pair_score = 0.15;

  // --- N-way
  // Learn one length model and one set of word links per language pair from
  // all its bundled pairs (else each pair learns from its own text only, as
  // `polyalign align` does, and verification has one round).
  bool corpus_learning = true;
  // With corpus learning: also one bead model (bead-type priors and cost
  // weights) per language pair, estimated on its pairs' documents laid end
  // to end, an evenly spread sample of at most this many sentences a side
  // (corpus/pooled_fit.h); 0: each pair fits its own, which a short
  // document cannot (it keeps the given priors and weights).
  std::size_t pooled_fit_sentences = 2000;
  // Placement passes after the progressive one (each member taken out and
  // placed again against all the others) before the local search.
  unsigned refinement_passes = 1;
  // Build the tuples from every member as pivot and keep those that agree
  // best with the pairwise alignments (else from the best pivot only; a
  // bundle of k documents costs k times as much, still far less than its
  // k(k-1)/2 pair alignments).
  bool all_pivots = true;
  // Rounds in which every pair of a bundle of three or more members is
  // aligned again with what the other members say (a sentence of x and
  // one of y both aligned to one sentence of z share an anchor, weighted
  // by the two beads' posteriors; see the header comment). 0: each pair on
  // its own evidence only.
  // In two rounds as much is gained as in one (development corpora with
  // joins, RESULTS).
  unsigned third_version_rounds = 1;
  // Beads of the direct alignments give keys from this posterior on (as
  // word links are learned from the confident beads:
  // WordLinkOptions::min_confidence).
  double third_version_confidence = 0.9;
  // Bundles of fewer members are left as their pairs aligned them. With
  // one third version, its two pairs share a document with the pair, and
  // a member's omission that both of its pairs hide in a neighbour's bead
  // would confirm itself; from two third versions on they must agree to
  // count in full.
  std::size_t third_version_min_members = 4;
  // Cut every tuple into the smallest tuples its pairs' beads force (else a
  // tuple is as the local search left it; see the header comment).
  bool minimal_tuples = true;

  // Called from the calling thread as work advances: the stage's name
  // ("read", "candidates", "verify", "estimate", "learn", "align") and the
  // fraction of it done (0..1). Empty: no reports. May throw to stop the
  // work: the exception leaves align_corpus() once its threads are done.
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
  double confidence = 0;               // mean tuple confidence (header comment)
  double join_evidence = 0;   // weakest evidence that joined its groups (stage 4), as a score
  std::vector<Tuple> tuples;  // in document order
  // Each pair of members' alignment (pair_index() order; side a = the
  // member first in `documents`): beads covering both, each inside one
  // tuple, in order (header comment, stage 5). Bead::cost is 0.
  std::vector<std::vector<Bead>> pairs;
};

struct UnmatchedDocument {
  std::size_t document = 0;  // index into CorpusResult::documents
  std::string reason;        // e.g. "best candidate x.txt (en) aligned with score 0.21"
};

// A candidate pair that was aligned to check it (for reports and -v).
struct PairCheck {
  std::size_t a = 0, b = 0;    // indices into CorpusResult::documents, a < b
  double candidate_score = 0;  // idf-weighted cosine of the anchor keys
  double score = 0;            // verification score (see header comment)
};

struct CorpusStats {
  std::uint64_t bytes = 0;      // of the documents used
  std::uint64_t sentences = 0;  // of the documents used
  std::size_t candidate_pairs = 0;  // aligned to check them (CorpusResult::checks)
  std::size_t verified_pairs = 0;
  // Candidates left out because the index decided them (see
  // CorpusOptions::index_decisive_level), and the ratio s2 / s1 below
  // which a document's best candidate in a language counted as decisive
  // (estimated from the corpus; 0: none did).
  std::size_t decided_pairs = 0;
  double decisive_ratio = 0;
  double seconds = 0;  // wall-clock time of align_corpus()
};

struct CorpusResult {
  std::vector<SegmentedDocument> documents;  // sorted by path; language filled in
  std::vector<Bundle> bundles;               // sorted by first member's path
  std::vector<UnmatchedDocument> unmatched;  // by path
  std::vector<SkippedFile> skipped;          // by path
  std::vector<PairCheck> checks;             // every candidate pair aligned, by (a, b)
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
CorpusResult align_corpus(const std::vector<std::string>& paths, const CorpusOptions& options = {});

// The same over documents already in memory (their paths must be distinct
// and are used as identities and for sorting; "und" languages are detected).
CorpusResult align_corpus(std::vector<Document> documents, const CorpusOptions& options = {});

}  // namespace polyalign

// Corpus mode on many machines (CorpusPhase, CorpusExecutor, the executor
// overload of align_corpus(), CorpusTaskRunner).
#include "polyalign/corpus_tasks.h"  // IWYU pragma: export
