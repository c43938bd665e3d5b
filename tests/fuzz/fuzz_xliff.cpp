// Fuzz target: the XLIFF 1.2 / 2.0 reader (pugixml).
// Input: one byte (bit 0: the target side, else the source), then the file.
// Invariants: fuzz_input.h.
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  polyalign::fuzz::check_extract(
      bytes, polyalign::InputFormat::kXliff,
      (data[0] & 1) ? polyalign::InputSide::kTarget : polyalign::InputSide::kSource);
  return 0;
}
