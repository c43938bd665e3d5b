// one_conversion(): differing numbers explained by a unit conversion
// (checks/unit_conversions.h).
#include "checks/unit_conversions.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace polyalign::checks {

namespace {

constexpr double kRelativeRounding = 0.025;

// Linear conversions: value in the second unit = value in the first · factor.
constexpr double kFactors[] = {
    1.609344,   // miles -> kilometres (and mph -> km/h)
    2.54,       // inches -> centimetres
    0.3048,     // feet -> metres
    30.48,      // feet -> centimetres
    0.45359237, // pounds -> kilograms
    3.785411,   // US gallons -> litres
    28.349523,  // ounces -> grams
    0.404686,   // acres -> hectares
    2.589988,   // square miles -> square kilometres
};

bool close(double converted, double b) {
  return std::abs(converted - b) <= kRelativeRounding * std::abs(converted);
}

template <typename Convert>
bool explains(const std::vector<double>& a, const std::vector<double>& b, Convert convert) {
  std::vector<bool> reached(b.size(), false);
  for (double x : a) {
    bool hit = false;
    for (std::size_t j = 0; j < b.size(); ++j) {
      if (close(convert(x), b[j])) hit = reached[j] = true;
    }
    if (!hit) return false;
  }
  return std::all_of(reached.begin(), reached.end(), [](bool r) { return r; });
}

}  // namespace

std::optional<double> number_value(std::string_view key) {
  if (key.empty() || key.find_first_not_of("0123456789.") != std::string_view::npos ||
      std::count(key.begin(), key.end(), '.') > 1) {
    return std::nullopt;
  }
  double v = 0;
  const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
  if (ec != std::errc() || end != key.data() + key.size()) return std::nullopt;
  return v;
}

bool one_conversion(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() || b.empty()) return false;
  for (double f : kFactors) {
    if (explains(a, b, [f](double x) { return x * f; }) ||
        explains(a, b, [f](double x) { return x / f; })) {
      return true;
    }
  }
  return explains(a, b, [](double x) { return (x - 32) * 5 / 9; }) ||
         explains(a, b, [](double x) { return x * 9 / 5 + 32; });
}

}  // namespace polyalign::checks
