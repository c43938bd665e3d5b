// Fuzz target: phonetic name keys and their similarity.
//
// Input: two names split on 0x1E (fuzz_common.h), made valid UTF-8, each
// cut to 256 bytes (a name is a few words; name_similarity is quadratic).
//
// Invariants (anchors.h): a key is ASCII lower-case words joined by single
// spaces (or empty); name_similarity is in [0, 1], symmetric, 1 for two
// equal non-empty keys, 0 when exactly one key is empty.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "polyalign/anchors.h"

namespace {

bool key_form(std::string_view key) {
  if (key.empty()) return true;
  if (key.front() == ' ' || key.back() == ' ') return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == ' ' ? key[i - 1] == ' ' : !(c >= 'a' && c <= 'z')) return false;
  }
  return true;
}

// A code point cut in two at byte 256 becomes U+FFFD.
std::string cut(std::string_view s) { return polyalign::fuzz::make_valid_utf8(s.substr(0, 256)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = polyalign::fuzz::split_parts(
      std::string_view(reinterpret_cast<const char*>(data), size), 2);
  const std::string a = cut(parts[0]);
  const std::string b = cut(parts.size() > 1 ? parts[1] : std::string_view());
  const std::string ka = polyalign::name_key(a);
  const std::string kb = polyalign::name_key(b);
  FUZZ_CHECK(key_form(ka));
  FUZZ_CHECK(key_form(kb));
  const double ab = polyalign::name_similarity(ka, kb);
  const double ba = polyalign::name_similarity(kb, ka);
  FUZZ_CHECK(ab >= 0 && ab <= 1);
  FUZZ_CHECK(std::fabs(ab - ba) < 1e-12);
  if (!ka.empty()) FUZZ_CHECK(polyalign::name_similarity(ka, ka) == 1.0);
  if (ka.empty() != kb.empty()) FUZZ_CHECK(ab == 0);
  if (!ka.empty() && ka == kb) FUZZ_CHECK(ab == 1.0);
  return 0;
}
