// polyalign/length_model.h — the Gale-Church length model (Gale & Church 1993,
// "A Program for Aligning Sentences in Bilingual Corpora", §3).
//
// For a bead with la characters on side A and lb on side B the model says
//   delta = (lb - c·la) / sqrt(s2 · m),   m = (la + lb/c) / 2
// is standard normal, where c is the expected number of B characters per A
// character and s2 the variance per character. (Gale & Church use m = la; the
// symmetric mean keeps 0-1 beads finite and treats A and B alike.) The match
// cost is  -log P(|delta|) = -log(2·(1 - Φ(|delta|))).
//
// Lengths are Unicode code points, so Devanagari and Cyrillic are counted
// like Latin. c and s2 are estimated from the two texts being aligned
// (estimate_ratio for c before alignment, estimate_variance from a first
// pass's 1-1 beads), never fixed.
#pragma once

#include <cstdint>
#include <span>

namespace polyalign {

struct LengthModel {
  double c = 1.0;   // B characters per A character
  double s2 = 6.8;  // variance of (lb - c·la) per character of m

  // -log P(|delta|) for a bead with la/lb characters; 0 when both are 0.
  // Never infinite: far tails use the asymptotic expansion of erfc.
  double match_cost(double la, double lb) const;
};

// c = total B characters / total A characters, clamped to [0.05, 20]; 1 when
// either side is empty.
double estimate_ratio(std::span<const std::uint32_t> lengths_a,
                      std::span<const std::uint32_t> lengths_b);

// s2 = Σ (lb - c·la)² / Σ m over the given 1-1 pairs (la[k], lb[k]), with the
// worst 5% of residuals trimmed so a few wrong pairs do not inflate it;
// clamped to [0.5, 100]. Returns `fallback` with fewer than 8 pairs.
double estimate_variance(std::span<const std::uint32_t> la, std::span<const std::uint32_t> lb,
                         double c, double fallback);

// -log(2·(1 - Φ(|x|))) = -log erfc(|x|/√2), finite for every x.
double neg_log_two_tailed(double x);

}  // namespace polyalign
