// Fuzz target: zip containers (libzip) and the DOCX and ODT readers.
// Input: one byte (bit 0: read as ODT, else DOCX), then the archive's bytes.
// Invariants: fuzz_input.h; never more than 1 MiB inflated (InputLimits).
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  polyalign::fuzz::check_extract(
      bytes, (data[0] & 1) ? polyalign::InputFormat::kOdt : polyalign::InputFormat::kDocx);
  return 0;
}
