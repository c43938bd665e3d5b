// checks/prepare.h (private) — what every check family reads: each
// document's facts, computed once (DocFacts), and each bundle — or a pair,
// its beads as tuples of two — as a Group of members and tuple cells.
//
// prepare_document() computes a document's features (anchors, every word,
// and the sentences CLD2 puts in another language when the untranslated
// check runs) and the name facts the name check gates on: O(bytes) and the
// name key of every word. A DocFacts points into its SegmentedDocument,
// which must outlive it; a Group points to DocFacts the same way. Both are
// read-only once built (Group::index_sentences() aside, called once by the
// driver before the families run) and may then be read from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "polyalign/checks.h"
#include "polyalign/features.h"
#include "polyalign/segmenter.h"

namespace polyalign::checks {

// Whether the options ask for check `k`.
bool wants(const CheckOptions& o, CheckKind k);

// One document as the checks see it: its features (anchors, all words,
// foreign flags) and which of its name keys may be checked at all.
struct DocFacts {
  const SegmentedDocument* doc = nullptr;
  DocumentFeatures features;
  // Per anchor key: a name worth checking (kName, enough letters, and in a
  // cased script not only ever at the start of sentences).
  std::vector<std::uint8_t> name_like;
  // Per anchor key: the name key of a Latin word (kLatinWord), else empty.
  std::vector<std::string> latin_key;
  // Name keys of the words the document writes in lower case.
  std::unordered_set<std::string> lower_keys;
  // Per anchor key: a name written capitalised (its script has case).
  std::vector<std::uint8_t> capitalised;
  // Most of the document's names are capitalised: a script with case.
  bool cased_script = false;
  int script = 0;  // the script most of its letters are in (UScriptCode)

  std::string_view text(std::uint32_t i) const { return doc->sentence_text(i); }
  std::string_view bytes(const ByteSpan& s) const {
    return std::string_view(doc->document.text).substr(s.start, s.size());
  }
  const std::string& lang() const { return doc->document.lang; }
  const std::string& path() const { return doc->document.path; }
};

DocFacts prepare_document(const SegmentedDocument& doc, const CheckOptions& options);

// The name anchors of `d` that may be checked (keep[key]), alone,
// re-indexed: what PairEvidence::build clusters to tell which names two
// documents share. Appends each new key's id in `d` to `original_key`.
DocumentFeatures name_features(const DocFacts& d, const std::vector<std::uint8_t>& keep,
                               std::vector<std::uint32_t>& original_key);

// Letters of sentence i outside its anchors (numbers, names, URLs...):
// what a translation would have changed.
std::size_t translatable_letters(const DocFacts& d, std::uint32_t i);

// Every sentence of `d` with its white space collapsed (collapse_space).
std::vector<std::string> collapsed_sentences(const DocFacts& d);

// Per member of a group, per sentence: collapsed_sentences().
using CollapsedText = std::vector<std::vector<std::string>>;

// A bundle, or a pair with its beads as tuples of two: what every check reads.
struct Group {
  std::size_t index = 0;  // Finding::bundle
  std::string id;         // bundle id ("" for a pair)
  std::vector<const DocFacts*> members;
  std::size_t tuples = 0;
  std::vector<SentenceRange> cells;                  // [t * n + k]
  std::vector<std::vector<std::uint32_t>> tuple_of;  // [k][sentence]: its tuple

  std::size_t size() const { return members.size(); }
  const SentenceRange& cell(std::size_t t, std::size_t k) const { return cells[t * size() + k]; }

  // Fills tuple_of.
  void index_sentences();

  // How a member is named in messages: its language, or A/B, 1/2/... when
  // two members share one.
  std::string label(std::size_t k) const;
};

}  // namespace polyalign::checks
