#include "polyalign/pipeline.h"

#include <chrono>
#if defined(__linux__)
#include <sys/resource.h>
#endif
#include <algorithm>
#include <atomic>
#include <future>

#include "anchors_internal.h"
#include "pair_recipe.h"
#include "polyalign/language.h"
#include "util/memory.h"
#include "util/parallel.h"

namespace polyalign {

namespace {

// Appends the time since the last lap to `out` under `stage`.
class StageClock {
 public:
  explicit StageClock(std::vector<StageTiming>& out) : out_(out) {}
  void lap(std::string_view stage) {
    const auto now = std::chrono::steady_clock::now();
    std::uint64_t rss = 0;
#if defined(__linux__)
    struct rusage usage {};
    if (getrusage(RUSAGE_SELF, &usage) == 0) rss = static_cast<std::uint64_t>(usage.ru_maxrss);
#endif
    out_.push_back(
        {std::string(stage), std::chrono::duration<double>(now - last_).count(), rss});
    last_ = now;
  }

 private:
  std::vector<StageTiming>& out_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace

SegmentedDocument segment_document(Document doc, const PipelineOptions& options) {
  SegmentedDocument out;
  const bool detect = options.detect_language && (doc.lang.empty() || doc.lang == "und");
  auto content = [&doc] { return std::string_view(doc.text).substr(doc.content_start); };
  // Splitting into lines checks the text is UTF-8 (a Document made by hand
  // may not be): the language is identified after it, without a second
  // check. The segmenter needs the language first.
  // XLIFF segments and subtitle cues are sentences as given: one per line.
  const bool by_lines = options.presegmented || doc.sentence_units;
  if (detect && !by_lines) doc.lang = detect_language(content());
  try {
    if (by_lines) {
      out.sentences = Segmenter::split_lines(doc.text, options.segmenter.max_sentences);
      if (detect) doc.lang = detect_language(content(), /*valid_utf8=*/true);
    } else {
      SegmenterOptions so = options.segmenter;
      so.lang = doc.lang;
      Segmenter segmenter(so);
      out.sentences = segmenter.segment(doc.text);
    }
  } catch (const std::invalid_argument& e) {
    // Name the document: the segmenter knows only its text (e.g. the
    // SegmenterOptions::max_sentences limit).
    if (doc.path.empty()) throw;
    fail_input(doc.path, e.what());
  }
  out.document = std::move(doc);
  return out;
}

void align_segmented(DocumentAlignment& r, const PipelineOptions& options) {
  auto report = [&](std::string_view stage, double fraction) {
    if (options.progress) options.progress(stage, fraction);
  };
  const unsigned threads = util::resolve_threads(options.threads);
  StageClock clock(r.timings);
  report("anchors", 0);
  auto [fa, fb] = compute_features(r.a, r.b, pair_feature_options(options), threads);
  clock.lap("features");
  AlignerOptions ao = options.aligner;
  ao.threads = std::max(ao.threads, threads);
  std::string_view stage = "align";
  if (options.progress && !ao.progress) ao.progress = [&](double f) { report(stage, f); };
  const Aligner aligner(ao);
  report(stage, 0);
  PairSteps steps;
  steps.begin = [&](std::string_view pass) {
    stage = pass;
    if (pass == "align") report(stage, 0);
  };
  // Each step's temporaries are freed when it ends; on long documents
  // their pages go back to the kernel before the next step, or the heap
  // (per thread, and kept for reuse) would hold them beside the next
  // step's own: on 1M sentences a side that made the evidence step 240 MB
  // larger than what it keeps. The temporaries grow with the text.
  const bool release = r.a.document.text.size() + r.b.document.text.size() >=
                       util::kWorthReleasing;
  steps.done = [&](std::string_view step) {
    if (release) util::release_free_memory();
    clock.lap(step);
  };
  PairOutcome out = PairRecipe(options, aligner, threads).align(fa, fb, steps);
  r.alignment = std::move(out.alignment);
  r.evidence = std::move(out.evidence);
  r.word_links = out.word_links;
  if (!options.anchors) return;  // no evidence: no score
  r.parallel_score = out.score;
  report(stage, 1);
}

double parallel_score(const PairAlignment& alignment, const PairEvidence& evidence,
                      std::size_t na, std::size_t nb) {
  return pair_score(alignment, evidence, na, nb);
}

namespace {

// Whether aligning `doc` will need the name transliterator (a letter outside
// Latin), and its build on a thread of its own.
bool needs_transliterator(const Document& doc, const PipelineOptions& options) {
  return options.anchors && options.features.anchors.names &&
         detail::needs_transliterator(doc.text);
}

}  // namespace

std::future<void> prepare_async(const Document& doc, const PipelineOptions& options) {
  // Built once per process: the first caller that needs it starts it.
  // The flag first: a text is only scanned while nothing has been started.
  static std::atomic<bool> started{false};
  if (started || !needs_transliterator(doc, options) || started.exchange(true)) return {};
  // std::async rather than util::parallel_invoke: the build outlives this
  // call and runs beside whatever the caller does next (the future is the
  // caller's handle on it).
  return std::async(std::launch::async, [] {
    try {
      detail::build_transliterator();
    } catch (const std::exception&) {
      // Reported where a name needs it (AnchorExtractor::extract).
    }
  });
}

DocumentAlignment align_documents(Document a, Document b, const PipelineOptions& options) {
  if (options.progress) options.progress("segment", 0);
  DocumentAlignment r;
  StageClock clock(r.timings);
  // Building ICU's transliterator for name keys (its registry of every
  // transliterator) costs as much as segmenting a 10k-sentence pair; with
  // two threads, when a text has letters it will be needed for, it is built
  // on a thread of its own beside the segmentation, and the features start
  // without waiting for it (a feature thread that meets such a name waits
  // there; otherwise one feature thread would build it while the other
  // waits). A future of std::async waits for its task when destroyed: the
  // build ends before this returns. Declared before the segmentation, which
  // sets them, so that they outlive it.
  std::future<void> warm_a, warm_b;
  const unsigned threads = util::resolve_threads(options.threads);
  util::parallel_invoke(
      threads,
      [&] {
        if (threads > 1) warm_a = prepare_async(a, options);
        r.a = segment_document(std::move(a), options);
      },
      [&] {
        if (threads > 1) warm_b = prepare_async(b, options);
        r.b = segment_document(std::move(b), options);
      });
  clock.lap("segment");
  align_segmented(r, options);
  return r;
}

}  // namespace polyalign
