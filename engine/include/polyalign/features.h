// polyalign/features.h — what the aligner knows of each sentence, computed
// once per document and stored in flat arrays: lengths, paragraphs, anchors
// and word ids. Nothing downstream touches the sentence strings again.
//
//   polyalign::DocumentFeatures f = polyalign::compute_features(segmented, {});
//   // f.anchors_of(i): the anchors of sentence i (spans relative to the document)
//
// Cost: one pass over the text per document; anchor extraction dominates.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "polyalign/anchors.h"
#include "polyalign/segmenter.h"

namespace polyalign {

struct FeatureOptions {
  AnchorOptions anchors;  // `lang` is taken from the document
  bool words = true;      // collect lower-cased word ids (for learned word links)
  // Flag sentences that are confidently in another language than their
  // document (CLD2 per sentence; boilerplate and inserted text in crawls).
  bool sentence_language = true;
  int foreign_min_letters = 40;   // shorter sentences are never flagged
  // Words in more sentences than this are left out of `words` (they stay
  // in the vocabulary): evidence drops keys that common anyway
  // (EvidenceOptions::max_df, the same value), and in a long document
  // they are most of the tokens. 0: keep all.
  std::uint32_t max_word_sentences = 64;
};

// A distinct anchor of a document: its kind and normalised key (Anchor::key).
struct AnchorKey {
  AnchorKind kind = AnchorKind::kNumber;
  std::string text;
};

// One occurrence of an anchor: its key (index into
// DocumentFeatures::anchor_keys) and its bytes in the document's text
// (16 bytes: a long document holds tens of millions of these).
struct AnchorRef {
  std::uint32_t key = 0;
  std::uint32_t size = 0;   // bytes
  std::uint64_t start = 0;  // first byte
  ByteSpan span() const { return {start, start + size}; }
};

struct DocumentFeatures {
  std::vector<std::uint32_t> lengths;     // code points per sentence
  std::vector<std::uint32_t> paragraphs;  // paragraph per sentence
  // 1 where the sentence is confidently in another language than the
  // document (its language is not even among CLD2's top three guesses).
  std::vector<std::uint8_t> foreign;
  // Anchors of sentence i: anchors[anchor_offsets[i] .. anchor_offsets[i + 1]),
  // spans relative to the document's text; each key is stored once, in
  // anchor_keys (in order of first occurrence), since a long document
  // repeats its numbers and names thousands of times.
  std::vector<AnchorRef> anchors;
  std::vector<std::uint32_t> anchor_offsets;
  std::vector<AnchorKey> anchor_keys;
  // Words of sentence i (ids into `vocabulary`, lower-cased letters/digits
  // runs, duplicates kept, words of more than max_word_sentences sentences
  // left out): words[word_offsets[i] .. word_offsets[i + 1]).
  std::vector<std::uint32_t> words;
  std::vector<std::uint32_t> word_offsets;
  std::vector<std::string> vocabulary;
  // The document's language (Document::lang): which dictionaries apply.
  std::string lang;

  std::size_t size() const { return lengths.size(); }
  std::span<const AnchorRef> anchors_of(std::size_t i) const {
    return {anchors.data() + anchor_offsets[i], anchors.data() + anchor_offsets[i + 1]};
  }
  const AnchorKey& key_of(const AnchorRef& r) const { return anchor_keys[r.key]; }
  std::span<const std::uint32_t> words_of(std::size_t i) const {
    return {words.data() + word_offsets[i], words.data() + word_offsets[i + 1]};
  }
};

DocumentFeatures compute_features(const SegmentedDocument& doc, const FeatureOptions& options = {});

// The features of two documents (a pair to align), computed on `threads`
// threads (0: all cores; 1: on the calling thread): blocks of sentences of
// both documents share the threads, so that they finish together even when
// one document takes longer. The result is identical to compute_features()
// on each document at any thread count (ids are given out in order of
// first sight all the same). An exception of the extraction is rethrown
// here (the lowest block's, see util::parallel_for).
std::pair<DocumentFeatures, DocumentFeatures> compute_features(const SegmentedDocument& a,
                                                               const SegmentedDocument& b,
                                                               const FeatureOptions& options,
                                                               unsigned threads);

// Lower-cased words (runs of letters, marks and digits) of valid UTF-8 text.
std::vector<std::string> tokenize_words(std::string_view text);

}  // namespace polyalign
