// Fuzz target: the HTML reader (gumbo, the depth scan, block elements).
// Input: the page's bytes. Invariants: fuzz_input.h.
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  polyalign::fuzz::check_extract(std::string_view(reinterpret_cast<const char*>(data), size),
                                 polyalign::InputFormat::kHtml);
  return 0;
}
