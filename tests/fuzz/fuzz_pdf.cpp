// Fuzz target: the PDF reader (poppler's text layer, paragraphs rebuilt
// from its lines, hyphens joined, pages run on). Input: the file's bytes.
// Invariants: fuzz_input.h.
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  polyalign::fuzz::check_extract(std::string_view(reinterpret_cast<const char*>(data), size),
                                 polyalign::InputFormat::kPdf);
  return 0;
}
