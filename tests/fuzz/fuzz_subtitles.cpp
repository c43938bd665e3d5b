// Fuzz target: the SRT and WebVTT readers, and format detection.
// Input: one byte (bit 0: WebVTT, else SRT), then the file. Invariants:
// fuzz_input.h; detect_input_format() never returns kAuto.
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  FUZZ_CHECK(polyalign::detect_input_format(bytes, "x.srt") != polyalign::InputFormat::kAuto);
  polyalign::fuzz::check_extract(
      bytes, (data[0] & 1) ? polyalign::InputFormat::kVtt : polyalign::InputFormat::kSrt);
  return 0;
}
