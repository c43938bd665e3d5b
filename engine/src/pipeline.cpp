#include "polyalign/pipeline.h"

#include <future>

#include "polyalign/language.h"

namespace polyalign {

SegmentedDocument segment_document(Document doc, const PipelineOptions& options) {
  SegmentedDocument out;
  if (options.detect_language && (doc.lang.empty() || doc.lang == "und")) {
    doc.lang = detect_language(std::string_view(doc.text).substr(doc.content_start));
  }
  if (options.presegmented) {
    out.sentences = Segmenter::split_lines(doc.text);
  } else {
    SegmenterOptions so = options.segmenter;
    so.lang = doc.lang;
    Segmenter segmenter(so);
    out.sentences = segmenter.segment(doc.text);
  }
  out.document = std::move(doc);
  return out;
}

void align_segmented(DocumentAlignment& r, const PipelineOptions& options) {
  auto report = [&](std::string_view stage, double fraction) {
    if (options.progress) options.progress(stage, fraction);
  };
  report("anchors", 0);
  FeatureOptions fo = options.features;
  fo.words = options.word_links;
  DocumentFeatures fa, fb;
  if (options.threads > 1) {
    auto other = std::async(std::launch::async, [&] { return compute_features(r.b, fo); });
    fa = compute_features(r.a, fo);
    fb = other.get();
  } else {
    fa = compute_features(r.a, fo);
    fb = compute_features(r.b, fo);
  }
  const AlignInput ia{fa.lengths, fa.paragraphs, fa.foreign, {}};
  const AlignInput ib{fb.lengths, fb.paragraphs, fb.foreign, {}};
  AlignerOptions ao = options.aligner;
  const std::string_view first_pass = options.anchors && options.word_links ? "align 1/2" : "align";
  std::string_view stage = first_pass;
  if (options.progress && !ao.progress) ao.progress = [&](double f) { report(stage, f); };
  Aligner aligner(ao);
  report(stage, 0);
  if (!options.anchors) {
    r.alignment = aligner.align(ia, ib);
    r.evidence = PairEvidence();
    r.word_links = 0;
    return;
  }
  std::vector<WordLink> links = dictionary_links(fa, fb, options.dictionary);
  r.evidence = PairEvidence::build(fa, fb, options.evidence, links);
  r.alignment = aligner.align(ia, ib, &r.evidence);
  if (options.word_links) {
    // Moore (2002): the first pass's confident beads teach word
    // correspondences the second pass can use, next to any dictionary.
    stage = "align 2/2";
    report(stage, 0);
    std::vector<WordLink> learned = learn_word_links(fa, fb, r.alignment, options.word_link_options);
    links.insert(links.end(), learned.begin(), learned.end());
    r.evidence = r.evidence.with_links(fa, fb, links, options.evidence);
    // c and s2 were estimated from these texts in the first pass; the
    // second only adds evidence, so it reuses them instead of estimating
    // again (two searches fewer).
    const LengthModel model = r.alignment.model;
    r.alignment = options.aligner.estimate_parameters
                      ? aligner.align_with_model(ia, ib, model, &r.evidence)
                      : aligner.align(ia, ib, &r.evidence);
  }
  r.word_links = links.size();
  report(stage, 1);
}

DocumentAlignment align_documents(Document a, Document b, const PipelineOptions& options) {
  if (options.progress) options.progress("segment", 0);
  DocumentAlignment r;
  if (options.threads > 1) {
    auto other = std::async(std::launch::async,
                            [&] { return segment_document(std::move(b), options); });
    r.a = segment_document(std::move(a), options);
    r.b = other.get();
  } else {
    r.a = segment_document(std::move(a), options);
    r.b = segment_document(std::move(b), options);
  }
  align_segmented(r, options);
  return r;
}

}  // namespace polyalign
