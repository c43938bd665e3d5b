#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

#include "polyalign/length_model.h"

TEST_CASE("two-tailed normal cost") {
  struct Case {
    double x, expected;
  };
  // -log(2(1-Φ(x))): Φ(1.96) = 0.975 -> -log(0.05) = 2.9957.
  const Case cases[] = {{0.0, 0.0}, {1.96, 2.99573}, {-1.96, 2.99573}, {1.0, 1.14787},
                        {3.0, 5.91458}};
  for (const Case& c : cases) {
    CAPTURE(c.x);
    CHECK(polyalign::neg_log_two_tailed(c.x) == doctest::Approx(c.expected).epsilon(1e-4));
  }
  // Continuous across the switch to the asymptotic form (z = 5, x = 7.07).
  const double below = polyalign::neg_log_two_tailed(7.0710678 - 1e-6);
  const double above = polyalign::neg_log_two_tailed(7.0710678 + 1e-6);
  CHECK(above == doctest::Approx(below).epsilon(1e-4));
  // Finite and increasing far in the tail where erfc underflows.
  CHECK(std::isfinite(polyalign::neg_log_two_tailed(1e4)));
  CHECK(polyalign::neg_log_two_tailed(100) > polyalign::neg_log_two_tailed(50));
}

TEST_CASE("match cost is lowest near the expected ratio") {
  polyalign::LengthModel m{1.5, 6.8};
  CHECK(m.match_cost(0, 0) == 0.0);
  CHECK(m.match_cost(100, 150) < m.match_cost(100, 100));
  CHECK(m.match_cost(100, 150) < m.match_cost(100, 200));
  CHECK(m.match_cost(100, 150) == doctest::Approx(0.0).epsilon(1e-9));
  CHECK(std::isfinite(m.match_cost(0, 500)));
  CHECK(std::isfinite(m.match_cost(500, 0)));
}

TEST_CASE("ratio and variance estimates") {
  std::vector<std::uint32_t> a = {10, 20, 30}, b = {15, 30, 45}, empty;
  CHECK(polyalign::estimate_ratio(a, b) == doctest::Approx(1.5));
  CHECK(polyalign::estimate_ratio(a, empty) == 1.0);

  // Synthetic pairs with known s2 = 9 and c = 0.8.
  std::mt19937 rng(11);
  std::normal_distribution<double> noise(0, 1);
  std::uniform_int_distribution<int> len(20, 300);
  std::vector<std::uint32_t> la, lb;
  for (int k = 0; k < 3000; ++k) {
    const double x = len(rng);
    const double m = x;  // (x + 0.8x/0.8)/2
    la.push_back(static_cast<std::uint32_t>(x));
    lb.push_back(static_cast<std::uint32_t>(std::max(0.0, std::round(0.8 * x + noise(rng) * std::sqrt(9.0 * m)))));
  }
  CHECK(polyalign::estimate_variance(la, lb, 0.8, 1.0) == doctest::Approx(9.0).epsilon(0.08));
  // Too few pairs: the fallback.
  CHECK(polyalign::estimate_variance(a, b, 1.5, 6.8) == 6.8);
}
