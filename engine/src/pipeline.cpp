#include "polyalign/pipeline.h"

#include <chrono>
#if defined(__linux__)
#include <sys/resource.h>
#endif
#include <algorithm>
#include <atomic>
#include <future>
#include <mutex>

#include "anchors_internal.h"
#include "polyalign/language.h"

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
  if (detect && !options.presegmented) doc.lang = detect_language(content());
  try {
    if (options.presegmented) {
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
  StageClock clock(r.timings);
  report("anchors", 0);
  FeatureOptions fo = options.features;
  fo.words = options.word_links;
  auto [fa, fb] = compute_features(r.a, r.b, fo, options.threads);
  clock.lap("features");
  const AlignInput ia{fa.lengths, fa.paragraphs, fa.foreign, {}};
  const AlignInput ib{fb.lengths, fb.paragraphs, fb.foreign, {}};
  AlignerOptions ao = options.aligner;
  ao.threads = std::max(ao.threads, options.threads);
  std::string_view stage = "align";
  if (options.progress && !ao.progress) ao.progress = [&](double f) { report(stage, f); };
  Aligner aligner(ao);
  report(stage, 0);
  if (!options.anchors) {
    r.alignment = aligner.align(ia, ib);
    clock.lap("align");
    r.evidence = PairEvidence();
    r.word_links = 0;
    return;
  }
  std::vector<WordLink> links = dictionary_links(fa, fb, options.dictionary);
  EvidenceOptions eo = options.evidence;
  eo.threads = std::max(eo.threads, options.threads);
  r.evidence = PairEvidence::build(fa, fb, eo, links);
  clock.lap("evidence");
  if (!options.word_links) {
    r.alignment = aligner.align(ia, ib, &r.evidence);
    clock.lap("align");
  } else {
    // Moore (2002): the estimation pass's confident beads teach word
    // correspondences the final pass can use, next to any dictionary. The
    // final pass keeps the length model estimated there.
    stage = "estimate";
    const PairAlignment first = aligner.estimate(ia, ib, &r.evidence);
    clock.lap("estimate");
    WordLinkOptions wo = options.word_link_options;
    wo.threads = std::max(wo.threads, options.threads);
    std::vector<WordLink> learned = learn_word_links(fa, fb, first, wo);
    links.insert(links.end(), learned.begin(), learned.end());
    clock.lap("learn links");
    r.evidence = r.evidence.with_links(fa, fb, links, eo, &first);
    clock.lap("word links");
    stage = "align";
    report(stage, 0);
    r.alignment = aligner.align_with_model(ia, ib, first.model, &r.evidence, &first);
    clock.lap("align");
  }
  r.word_links = links.size();
  r.parallel_score = parallel_score(r.alignment, r.evidence, r.a.sentences.size(),
                                    r.b.sentences.size());
  if (r.parallel_score < options.min_parallel_score) {
    const double scale = r.parallel_score / options.min_parallel_score;
    for (Bead& bead : r.alignment.beads) {
      if (!bead.a.empty() && !bead.b.empty()) bead.confidence *= scale;
    }
  }
  report(stage, 1);
}

double parallel_score(const PairAlignment& alignment, const PairEvidence& evidence,
                      std::size_t na, std::size_t nb) {
  constexpr double kMinConfidence = 0.5, kFullEvidence = 0.5, kPriorSentences = 4;
  if (na + nb == 0) return 0;
  double covered = 0;
  for (const Bead& bead : alignment.beads) {
    if (bead.a.empty() || bead.b.empty() || bead.a.size() + bead.b.size() > 3 ||
        bead.confidence < kMinConfidence)
      continue;
    double shared = 0;
    for (std::uint32_t i = bead.a.begin; i < bead.a.end; ++i) {
      evidence.for_each_in_row(i, bead.b.begin, bead.b.end,
                               [&](std::uint32_t, PairEvidence::Shared s) {
                                 shared += s.anchors + s.links;
                               });
    }
    covered += static_cast<double>(bead.a.size() + bead.b.size()) * bead.confidence *
               std::min(1.0, shared / kFullEvidence);
  }
  return covered / (static_cast<double>(na + nb) + kPriorSentences);
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
  // build ends before this returns. Declared before `other`, which sets
  // warm_b, so that they outlive it.
  std::future<void> warm_a, warm_b;
  if (options.threads > 1) {
    auto other = std::async(std::launch::async, [&] {
      warm_b = prepare_async(b, options);
      return segment_document(std::move(b), options);
    });
    warm_a = prepare_async(a, options);
    r.a = segment_document(std::move(a), options);
    r.b = other.get();
  } else {
    r.a = segment_document(std::move(a), options);
    r.b = segment_document(std::move(b), options);
  }
  clock.lap("segment");
  align_segmented(r, options);
  return r;
}

}  // namespace polyalign
