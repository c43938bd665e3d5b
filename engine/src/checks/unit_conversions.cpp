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

// Whether convert() of some value of `source` is each value of `a`.
template <typename Convert>
bool reached_from(const std::vector<double>& source, const std::vector<double>& a,
                  Convert convert) {
  return std::all_of(a.begin(), a.end(), [&](double y) {
    return std::any_of(source.begin(), source.end(),
                       [&](double x) { return close(convert(x), y); });
  });
}

// Whether f(convert) holds for one conversion of the table, either way.
template <typename F>
bool any_conversion(F&& f) {
  for (double factor : kFactors) {
    if (f([factor](double x) { return x * factor; }) ||
        f([factor](double x) { return x / factor; })) {
      return true;
    }
  }
  return f([](double x) { return (x - 32) * 5 / 9; }) ||
         f([](double x) { return x * 9 / 5 + 32; });
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
  return any_conversion([&](auto convert) { return explains(a, b, convert); });
}

bool converts(const std::vector<double>& source, const std::vector<double>& a) {
  if (source.empty() || a.empty()) return false;
  return any_conversion([&](auto convert) { return reached_from(source, a, convert); });
}

}  // namespace polyalign::checks
