#include "checks/prepare.h"

#include <fmt/format.h>

#include <algorithm>

#include "checks/text.h"

namespace polyalign::checks {

namespace {

// Name keys of the words written in lower case: common words, even where
// a sentence or a title capitalises them ("Partai" / "partai").
void collect_lower_keys(DocFacts& d) {
  for (std::uint32_t i = 0; i < d.features.size(); ++i) {
    const std::string_view text = d.text(i);
    for_each_word_span(text, [&](std::size_t s, std::size_t e) {
      const std::string_view w = text.substr(s, e - s);
      if (starts_lower(w)) d.lower_keys.insert(name_key(w));
    });
  }
}

// Per anchor key, from its occurrences: the Latin word keys (into
// d.latin_key), and for names whether one is long enough, written
// capitalised, and capitalised somewhere other than a sentence's start.
struct NameOccurrences {
  std::vector<std::uint8_t> cased, inside, long_enough;
};

NameOccurrences scan_names(DocFacts& d, const CheckOptions& options) {
  const DocumentFeatures& f = d.features;
  const std::size_t keys = f.anchor_keys.size();
  NameOccurrences o;
  o.cased.assign(keys, 0);
  o.inside.assign(keys, 0);
  o.long_enough.assign(keys, 0);
  for (std::uint32_t i = 0; i < f.size(); ++i) {
    const std::uint64_t sentence_start = d.doc->sentences[i].span.start;
    std::size_t first = std::string::npos;  // computed when needed
    for (const AnchorRef& a : f.anchors_of(i)) {
      const AnchorKey& key = f.key_of(a);
      if (key.kind == AnchorKind::kLatinWord && d.latin_key[a.key].empty()) {
        d.latin_key[a.key] = name_key(key.text);
      }
      if (key.kind != AnchorKind::kName) continue;
      o.long_enough[a.key] |= letters(d.bytes(a.span())) >= options.min_name_letters;
      if (!starts_upper(d.bytes(a.span()))) continue;  // caseless script: every word
      o.cased[a.key] = 1;
      if (first == std::string::npos) first = first_letter(d.text(i));
      o.inside[a.key] |= a.start - sentence_start > first;
    }
  }
  return o;
}

}  // namespace

bool wants(const CheckOptions& o, CheckKind k) {
  return std::find(o.checks.begin(), o.checks.end(), k) != o.checks.end();
}

DocFacts prepare_document(const SegmentedDocument& doc, const CheckOptions& options) {
  DocFacts d;
  d.doc = &doc;
  FeatureOptions fo;
  fo.anchors = options.anchors;
  fo.words = true;
  fo.max_word_sentences = 0;  // the repeat search needs every word
  fo.sentence_language = wants(options, CheckKind::kUntranslated);
  fo.foreign_min_letters = options.untranslated_min_letters;
  d.features = compute_features(doc, fo);
  const DocumentFeatures& f = d.features;
  const std::size_t keys = f.anchor_keys.size();
  d.name_like.assign(keys, 0);
  d.latin_key.assign(keys, {});
  collect_lower_keys(d);
  NameOccurrences o = scan_names(d, options);
  std::size_t names = 0, capitalised = 0;
  for (std::size_t k = 0; k < keys; ++k) {
    const AnchorKey& key = f.anchor_keys[k];
    d.name_like[k] =
        key.kind == AnchorKind::kName && o.long_enough[k] && (!o.cased[k] || o.inside[k]);
    names += key.kind == AnchorKind::kName;
    capitalised += o.cased[k];
  }
  d.capitalised = std::move(o.cased);
  d.script = main_script(doc.document.text);
  d.cased_script = 2 * capitalised > names;
  return d;
}

DocumentFeatures name_features(const DocFacts& d, const std::vector<std::uint8_t>& keep,
                               std::vector<std::uint32_t>& original_key) {
  const DocumentFeatures& f = d.features;
  DocumentFeatures nf;
  nf.lengths = f.lengths;
  nf.anchor_offsets.push_back(0);
  nf.word_offsets.assign(f.size() + 1, 0);
  std::vector<std::uint32_t> new_id(f.anchor_keys.size(), UINT32_MAX);
  for (std::uint32_t i = 0; i < f.size(); ++i) {
    for (const AnchorRef& a : f.anchors_of(i)) {
      if (!keep[a.key]) continue;
      if (new_id[a.key] == UINT32_MAX) {
        new_id[a.key] = static_cast<std::uint32_t>(nf.anchor_keys.size());
        nf.anchor_keys.push_back(f.anchor_keys[a.key]);
        original_key.push_back(a.key);
      }
      nf.anchors.push_back({new_id[a.key], a.size, a.start});
    }
    nf.anchor_offsets.push_back(static_cast<std::uint32_t>(nf.anchors.size()));
  }
  return nf;
}

std::size_t translatable_letters(const DocFacts& d, std::uint32_t i) {
  const std::uint64_t base = d.doc->sentences[i].span.start;
  std::vector<ByteSpan> skip;
  for (const AnchorRef& a : d.features.anchors_of(i)) {
    skip.push_back({a.start - base, a.start - base + a.size});
  }
  std::sort(skip.begin(), skip.end(),
            [](const ByteSpan& a, const ByteSpan& b) { return a.start < b.start; });
  return letters_outside(d.text(i), skip);
}

std::vector<std::string> collapsed_sentences(const DocFacts& d) {
  std::vector<std::string> out;
  for (std::uint32_t i = 0; i < d.features.size(); ++i) out.push_back(collapse_space(d.text(i)));
  return out;
}

void Group::index_sentences() {
  tuple_of.assign(size(), {});
  for (std::size_t k = 0; k < size(); ++k) {
    tuple_of[k].assign(members[k]->features.size(), 0);
    for (std::size_t t = 0; t < tuples; ++t) {
      const SentenceRange& r = cell(t, k);
      for (std::uint32_t i = r.begin; i < r.end && i < tuple_of[k].size(); ++i) {
        tuple_of[k][i] = static_cast<std::uint32_t>(t);
      }
    }
  }
}

std::string Group::label(std::size_t k) const {
  for (std::size_t l = 0; l < size(); ++l) {
    if (l != k && members[l]->lang() == members[k]->lang()) {
      return size() == 2 ? std::string(k == 0 ? "A" : "B")
                         : fmt::format("{} ({})", members[k]->lang(), k + 1);
    }
  }
  return members[k]->lang();
}

}  // namespace polyalign::checks
