// util/rounding.h — how outputs round costs and confidences, so that they
// stay short and byte-identical across platforms' last-digit differences.
// Two forms, each kept as the outputs have always been written: the product
// round(x / unit) · unit may print with more digits than the quotient
// round(x · scale) / scale, which prints the short decimal; an output uses
// one and never switches.
#pragma once

#include <cmath>

namespace polyalign::util {

// x to a multiple of `unit` (e.g. 1e-4): round(x / unit) · unit.
inline double round_to_unit(double x, double unit) { return std::round(x / unit) * unit; }

// x to `scale`ths (e.g. 1e4: four decimals): round(x · scale) / scale.
inline double round_to_scale(double x, double scale) { return std::round(x * scale) / scale; }

}  // namespace polyalign::util
