// Fuzz target: the pair JSONL reader (read_pair_jsonl; `polyalign convert`
// reads what `polyalign align --format jsonl` and the review page's Save
// write).
//
// Input: A, 0x1E, B, 0x1E, the JSONL bytes (A and B made valid UTF-8; the
// JSONL as it is).
//
// Invariants: it either returns or throws std::invalid_argument naming the
// file and the line ("in.jsonl: line N: ..."), never anything else; what it
// returns has beads covering both sides' sentences in order, no bead empty,
// confidences in [0, 1], spans inside the documents; every writer writes
// it; its JSONL read back gives the same JSONL.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "polyalign/formats.h"

namespace {

std::string render(const polyalign::DocumentAlignment& r, polyalign::PairFormat f) {
  std::ostringstream out;
  polyalign::write_pair_alignment(out, r, f);
  return out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = polyalign::fuzz::split_parts(
      std::string_view(reinterpret_cast<const char*>(data), size), 3);
  if (parts.size() < 3) return 0;
  const std::string a = polyalign::fuzz::make_valid_utf8(parts[0]);
  const std::string b = polyalign::fuzz::make_valid_utf8(parts[1]);
  auto read = [&](std::string_view jsonl) {
    return polyalign::read_pair_jsonl(jsonl, polyalign::make_document(a, "de", "a.txt"),
                                      polyalign::make_document(b, "en", "b.txt"), "in.jsonl");
  };
  polyalign::DocumentAlignment r;
  try {
    r = read(parts[2]);
  } catch (const std::invalid_argument& e) {
    FUZZ_CHECK(std::string_view(e.what()).starts_with("in.jsonl: line "));
    return 0;
  }
  std::uint32_t ia = 0, ib = 0;
  for (const polyalign::Bead& bead : r.alignment.beads) {
    FUZZ_CHECK(bead.a.begin == ia && bead.b.begin == ib && !(bead.a.empty() && bead.b.empty()));
    FUZZ_CHECK(bead.confidence >= 0 && bead.confidence <= 1);
    ia = bead.a.end;
    ib = bead.b.end;
  }
  FUZZ_CHECK(ia == r.a.sentences.size() && ib == r.b.sentences.size());
  for (const auto* d : {&r.a, &r.b}) {
    for (const polyalign::Sentence& s : d->sentences)
      FUZZ_CHECK(s.span.start <= s.span.end && s.span.end <= d->document.text.size());
  }
  for (polyalign::PairFormat f : {polyalign::PairFormat::kBrackets, polyalign::PairFormat::kTsv,
                                  polyalign::PairFormat::kTmx, polyalign::PairFormat::kXliff}) {
    render(r, f);
  }
  std::ostringstream ma, mb;
  polyalign::write_pair_moses(ma, mb, r);
  const std::string jsonl = render(r, polyalign::PairFormat::kJsonl);
  FUZZ_CHECK(render(read(jsonl), polyalign::PairFormat::kJsonl) == jsonl);
  return 0;
}
