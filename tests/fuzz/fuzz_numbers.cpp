// Fuzz target: numbers in every locale's form.
//
// Input: byte 0 picks the language (fuzz_common.h), the rest is the text,
// made valid UTF-8.
//
// Invariants: extract_numbers(text, lang) gives exactly the kNumber anchors
// of AnchorExtractor({.lang = lang}).extract(text) (anchors.h promises it);
// every one is a number with a non-empty, valid UTF-8 key free of white
// space, spans on code point boundaries, ordered by start with longer spans
// first; alternative readings of one token (`ambiguous`) come at least in
// pairs on the same span.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "polyalign/anchors.h"
#include "polyalign/document.h"

namespace {

const polyalign::AnchorExtractor& extractor(std::string_view lang) {
  static std::map<std::string, std::unique_ptr<polyalign::AnchorExtractor>, std::less<>> cache;
  auto& slot = cache[std::string(lang)];
  if (!slot) slot = std::make_unique<polyalign::AnchorExtractor>(
                 polyalign::AnchorOptions{.lang = std::string(lang)});
  return *slot;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view lang = polyalign::fuzz::language(data[0]);
  const std::string text = polyalign::fuzz::make_valid_utf8(
      std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  const std::vector<polyalign::Anchor> numbers = polyalign::extract_numbers(text, lang);
  std::vector<polyalign::Anchor> from_extractor;
  for (polyalign::Anchor& a : extractor(lang).extract(text)) {
    if (a.kind == polyalign::AnchorKind::kNumber) from_extractor.push_back(std::move(a));
  }
  FUZZ_CHECK(numbers.size() == from_extractor.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const polyalign::Anchor& a = numbers[i];
    const polyalign::Anchor& b = from_extractor[i];
    FUZZ_CHECK(a.key == b.key && a.span == b.span && a.ambiguous == b.ambiguous);
    FUZZ_CHECK(a.kind == polyalign::AnchorKind::kNumber);
    FUZZ_CHECK(a.span.start < a.span.end);
    FUZZ_CHECK(polyalign::fuzz::on_boundaries(text, a.span.start, a.span.end));
    if (i > 0) {
      const polyalign::ByteSpan& p = numbers[i - 1].span;
      FUZZ_CHECK(p.start < a.span.start || (p.start == a.span.start && p.end >= a.span.end));
    }
    FUZZ_CHECK(!a.key.empty());
    FUZZ_CHECK(a.key.find_first_of(" \t\n\r") == std::string::npos);
    try {
      polyalign::validate_text(a.key, "key");
    } catch (const std::invalid_argument&) {
      FUZZ_CHECK(!"number key is not valid UTF-8");
    }
    if (a.ambiguous) {
      std::size_t same_span = 0;
      for (const polyalign::Anchor& o : numbers) same_span += o.span == a.span && o.ambiguous;
      FUZZ_CHECK(same_span >= 2);
    }
  }
  return 0;
}
