#include "polyalign/pipeline.h"

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

PairAlignment align_segmented(const SegmentedDocument& a, const SegmentedDocument& b,
                              const AlignerOptions& options) {
  auto features = [](const SegmentedDocument& d, std::vector<std::uint32_t>& len,
                     std::vector<std::uint32_t>& para) {
    len.reserve(d.sentences.size());
    para.reserve(d.sentences.size());
    for (const Sentence& s : d.sentences) {
      len.push_back(s.length);
      para.push_back(s.paragraph);
    }
  };
  std::vector<std::uint32_t> la, pa, lb, pb;
  features(a, la, pa);
  features(b, lb, pb);
  Aligner aligner(options);
  return aligner.align({la, pa}, {lb, pb});
}

DocumentAlignment align_documents(Document a, Document b, const PipelineOptions& options) {
  DocumentAlignment r;
  r.a = segment_document(std::move(a), options);
  r.b = segment_document(std::move(b), options);
  r.alignment = align_segmented(r.a, r.b, options.aligner);
  return r;
}

}  // namespace polyalign
