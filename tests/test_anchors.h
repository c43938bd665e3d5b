// Anchors as the tests compare them: kind, key and the exact bytes of the
// text they span, so that a table of cases reads as the text it is about.
// Shared by the tests of the extractor (anchors) and of numbers.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "polyalign/anchors.h"

namespace polyalign::testing {

// An anchor as the tests compare it: kind, key, the exact bytes it spans.
struct Seen {
  AnchorKind kind;
  std::string key;
  std::string token;
  bool ambiguous = false;
  bool operator==(const Seen&) const = default;
};

// One line for a failure message: "number 2645 [2.645]; ...".
inline std::string describe(const std::vector<Seen>& seen) {
  std::string s;
  for (const Seen& a : seen) {
    s += std::string(anchor_kind_name(a.kind)) + " " + a.key + " [" + a.token + "]" +
         (a.ambiguous ? " ambiguous" : "") + "; ";
  }
  return s;
}

// `anchors` of `text` as Seen (numbers only if asked); a span beyond the
// text fails the test.
inline std::vector<Seen> seen(std::string_view text, const std::vector<Anchor>& anchors,
                              bool only_numbers = false) {
  std::vector<Seen> out;
  for (const Anchor& a : anchors) {
    if (only_numbers && a.kind != AnchorKind::kNumber) continue;
    REQUIRE(a.span.end <= text.size());
    out.push_back(
        {a.kind, a.key, std::string(text.substr(a.span.start, a.span.size())), a.ambiguous});
  }
  return out;
}

}  // namespace polyalign::testing
