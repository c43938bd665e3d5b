// Fuzz target: the aligner on arbitrary sentence lengths, with tiny search
// limits so that small inputs already take the coarse-to-fine path.
//
// Input: three option bytes, then records of three bytes, one per sentence:
//   byte 0  bits 0-6: which of 1-0, 0-1, 2-1, 1-2, 2-2, 1-3, 3-1 join 1-1
//           (always in; priors as default_bead_types; a set without 1-0
//           and 0-1 must be refused); bit 7: estimate c and s2 off (the
//           default model)
//   byte 1  bits 0-2: full_dp_cells (0, 4, 16, 64, 256, 1024, 4096,
//           250000); bits 3-5: coarse_factor 2..9; bits 6-7: band_margin
//           0, 1, 2, 4
//   byte 2  bits 0-3: initial_band 1..16; bit 4: also align with 2 threads
//           and compare; bit 5: also run the exact full-matrix DP and compare
//           costs; bit 6: no paragraphs; bit 7: no foreign flags
//   record  flags (bit 0: sentence of B, else A; bit 1: starts a new
//           paragraph; bit 2: in a foreign language; bits 3-7: shift),
//           then a 16-bit little-endian length; the length is that << shift,
//           capped at 2^32 - 1 (code points).
//
// Invariants: the beads cover both documents in order (every sentence in
// exactly one bead), each of a type in the set; costs finite; confidences
// in [0, 1]; total_cost = sum of the bead costs; the same result with 1 and
// 2 threads (aligner.h: "identical at any count"); with a fixed model the
// banded search never finds a cheaper path than the exact full DP.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "fuzz_common.h"
#include "polyalign/aligner.h"

namespace {

using polyalign::BeadType;

struct Side {
  std::vector<std::uint32_t> lengths, paragraphs;
  std::vector<std::uint8_t> foreign;
  polyalign::AlignInput input(bool use_paragraphs, bool use_foreign) const {
    polyalign::AlignInput in;
    in.lengths = lengths;
    if (use_paragraphs) in.paragraphs = paragraphs;
    if (use_foreign) in.foreign = foreign;
    return in;
  }
};

void check_alignment(const polyalign::PairAlignment& r, const polyalign::AlignerOptions& o,
                     std::size_t na, std::size_t nb) {
  std::uint32_t ia = 0, ib = 0;
  double sum = 0;
  for (const polyalign::Bead& b : r.beads) {
    FUZZ_CHECK(b.a.begin == ia && b.b.begin == ib);
    FUZZ_CHECK(b.a.end >= b.a.begin && b.b.end >= b.b.begin);
    FUZZ_CHECK(!(b.a.empty() && b.b.empty()));
    const BeadType t{static_cast<std::uint8_t>(b.a.size()), static_cast<std::uint8_t>(b.b.size())};
    FUZZ_CHECK(std::find(o.bead_types.begin(), o.bead_types.end(), t) != o.bead_types.end());
    FUZZ_CHECK(std::isfinite(b.cost));
    FUZZ_CHECK(b.confidence >= 0 && b.confidence <= 1);
    ia = b.a.end;
    ib = b.b.end;
    sum += b.cost;
  }
  FUZZ_CHECK(ia == na && ib == nb);
  FUZZ_CHECK(std::isfinite(r.total_cost));
  FUZZ_CHECK(std::fabs(sum - r.total_cost) <= 1e-6 * std::max(1.0, std::fabs(sum)));
}

bool same(const polyalign::PairAlignment& x, const polyalign::PairAlignment& y) {
  if (x.beads.size() != y.beads.size() || x.total_cost != y.total_cost) return false;
  for (std::size_t k = 0; k < x.beads.size(); ++k) {
    const polyalign::Bead& a = x.beads[k];
    const polyalign::Bead& b = y.beads[k];
    if (!(a.a == b.a && a.b == b.b && a.cost == b.cost && a.confidence == b.confidence)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::uint8_t o0 = data[0], o1 = data[1], o2 = data[2];
  polyalign::AlignerOptions options;
  const std::vector<BeadType> all = polyalign::default_bead_types();  // 1-1 first
  options.bead_types = {all[0]};
  for (std::size_t k = 1; k < all.size(); ++k) {
    if (o0 & (1u << (k - 1))) options.bead_types.push_back(all[k]);
  }
  options.estimate_parameters = !(o0 & 0x80);
  constexpr std::uint64_t kCells[] = {0, 4, 16, 64, 256, 1024, 4096, 250000};
  constexpr std::uint32_t kMargins[] = {0, 1, 2, 4};
  options.full_dp_cells = kCells[o1 & 7];
  options.coarse_factor = 2 + ((o1 >> 3) & 7);
  options.band_margin = kMargins[o1 >> 6];
  options.initial_band = 1 + (o2 & 15);
  const bool use_paragraphs = !(o2 & 0x40), use_foreign = !(o2 & 0x80);

  Side a, b;
  for (std::size_t p = 3; p + 3 <= size; p += 3) {
    const std::uint8_t flags = data[p];
    const std::uint64_t base = data[p + 1] | (static_cast<std::uint64_t>(data[p + 2]) << 8);
    const std::uint64_t length =
        std::min<std::uint64_t>(base << (flags >> 3), std::numeric_limits<std::uint32_t>::max());
    Side& s = (flags & 1) ? b : a;
    const std::uint32_t paragraph = s.paragraphs.empty() ? 0 : s.paragraphs.back() + ((flags >> 1) & 1);
    s.lengths.push_back(static_cast<std::uint32_t>(length));
    s.paragraphs.push_back(paragraph);
    s.foreign.push_back((flags >> 2) & 1);
  }
  const polyalign::AlignInput ia = a.input(use_paragraphs, use_foreign);
  const polyalign::AlignInput ib = b.input(use_paragraphs, use_foreign);
  const std::size_t na = a.lengths.size(), nb = b.lengths.size();

  const auto has = [&](std::uint8_t x, std::uint8_t y) {
    return std::find(options.bead_types.begin(), options.bead_types.end(), BeadType{x, y}) !=
           options.bead_types.end();
  };
  if (!has(1, 0) || !has(0, 1)) {
    // No alignment exists for documents of different lengths: refused.
    bool refused = false;
    try {
      polyalign::Aligner{options};
    } catch (const std::invalid_argument&) {
      refused = true;
    }
    FUZZ_CHECK(refused);
    return 0;
  }
  const polyalign::Aligner aligner(options);
  const polyalign::PairAlignment r = aligner.align(ia, ib);
  check_alignment(r, options, na, nb);
  FUZZ_CHECK(r.model.c > 0 && r.model.s2 > 0 && std::isfinite(r.model.c) && std::isfinite(r.model.s2));

  if (o2 & 0x10) {
    polyalign::AlignerOptions two = options;
    two.threads = 2;
    FUZZ_CHECK(same(polyalign::Aligner(two).align(ia, ib), r));
  }
  if ((o2 & 0x20) && (na + 1) * (nb + 1) <= 40000) {
    polyalign::AlignerOptions full = options;
    full.full_dp_cells = std::numeric_limits<std::uint64_t>::max();
    const polyalign::PairAlignment exact =
        polyalign::Aligner(full).align_with_model(ia, ib, r.model);
    const polyalign::PairAlignment banded = aligner.align_with_model(ia, ib, r.model);
    check_alignment(exact, options, na, nb);
    check_alignment(banded, options, na, nb);
    FUZZ_CHECK(banded.total_cost >= exact.total_cost - 1e-6 * std::max(1.0, std::fabs(exact.total_cost)));
  }
  return 0;
}
