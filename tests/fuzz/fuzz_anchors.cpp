// Fuzz target: anchor extraction (numbers, names, URLs, e-mail addresses,
// acronyms, Latin words).
//
// Input: byte 0 picks the language (fuzz_common.h), byte 1 the options:
// bits 0-4 turn off numbers, names, URLs, acronyms, Latin words; bit 5
// passes the remaining bytes as they are, ill-formed UTF-8 included (the
// extractor's contract: ill-formed bytes are skipped as separators), else
// they are made valid UTF-8 first. The rest is the text (a sentence).
//
// Invariants: anchors ordered by span start, longer spans first; spans
// non-empty and inside the text (on code point boundaries for valid text);
// keys non-empty and, for valid text, valid UTF-8 (they are written to JSON
// by --explain); name keys are ASCII lower-case words joined by single
// spaces (name_key's contract) and similar to themselves; an acronym's key
// is its text; only enabled kinds come out; extraction is deterministic.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz_common.h"
#include "polyalign/anchors.h"
#include "polyalign/document.h"

namespace {

const polyalign::AnchorExtractor& extractor(std::string_view lang, std::uint8_t flags) {
  static std::map<std::pair<std::string, int>, std::unique_ptr<polyalign::AnchorExtractor>> cache;
  auto& slot = cache[{std::string(lang), flags & 0x1F}];
  if (!slot) {
    polyalign::AnchorOptions o;
    o.lang = std::string(lang);
    o.numbers = !(flags & 1);
    o.names = !(flags & 2);
    o.urls = !(flags & 4);
    o.acronyms = !(flags & 8);
    o.latin_words = !(flags & 16);
    slot = std::make_unique<polyalign::AnchorExtractor>(o);
  }
  return *slot;
}

bool valid_utf8(std::string_view s) {
  try {
    polyalign::validate_text(s, "key");
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

bool name_key_form(std::string_view key) {
  if (key.empty() || key.front() == ' ' || key.back() == ' ') return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == ' ' ? key[i - 1] == ' ' : !(c >= 'a' && c <= 'z')) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::string_view lang = polyalign::fuzz::language(data[0]);
  const std::uint8_t flags = data[1];
  const std::string_view raw(reinterpret_cast<const char*>(data + 2), size - 2);
  const bool valid = !(flags & 0x20);
  const std::string text = valid ? polyalign::fuzz::make_valid_utf8(raw) : std::string(raw);
  const polyalign::AnchorExtractor& ex = extractor(lang, flags);
  const polyalign::AnchorOptions& o = ex.options();
  const std::vector<polyalign::Anchor> anchors = ex.extract(text);
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    const polyalign::Anchor& a = anchors[i];
    FUZZ_CHECK(a.span.start < a.span.end && a.span.end <= text.size());
    if (valid) FUZZ_CHECK(polyalign::fuzz::on_boundaries(text, a.span.start, a.span.end));
    if (i > 0) {
      const polyalign::ByteSpan& p = anchors[i - 1].span;
      FUZZ_CHECK(p.start < a.span.start || (p.start == a.span.start && p.end >= a.span.end));
    }
    FUZZ_CHECK(!a.key.empty());
    if (valid) FUZZ_CHECK(valid_utf8(a.key));
    switch (a.kind) {
      case polyalign::AnchorKind::kNumber:
        FUZZ_CHECK(o.numbers);
        break;
      case polyalign::AnchorKind::kName:
        FUZZ_CHECK(o.names);
        FUZZ_CHECK(name_key_form(a.key));
        FUZZ_CHECK(polyalign::name_similarity(a.key, a.key) == 1.0);
        break;
      case polyalign::AnchorKind::kUrl:
      case polyalign::AnchorKind::kEmail:
        FUZZ_CHECK(o.urls);
        break;
      case polyalign::AnchorKind::kAcronym:
        FUZZ_CHECK(o.acronyms);
        FUZZ_CHECK(a.key == std::string_view(text).substr(a.span.start, a.span.size()));
        break;
      case polyalign::AnchorKind::kLatinWord:
        FUZZ_CHECK(o.latin_words);
        break;
    }
  }
  const std::vector<polyalign::Anchor> again = ex.extract(text);
  FUZZ_CHECK(again.size() == anchors.size());
  for (std::size_t i = 0; i < again.size(); ++i) {
    FUZZ_CHECK(again[i].kind == anchors[i].kind && again[i].key == anchors[i].key &&
               again[i].span == anchors[i].span && again[i].ambiguous == anchors[i].ambiguous);
  }
  return 0;
}
