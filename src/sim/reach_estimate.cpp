#include "sim/reach_estimate.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace toxplan::sim {

double lambert_w0(double x) {
  if (x <= 0.0) return 0.0;
  double w = std::log1p(x);  // above W0(x) for x > 0; Halley converges from there
  for (int it = 0; it < 50; ++it) {
    const double e = std::exp(w);
    const double f = w * e - x;
    const double step = f / (e * (w + 1.0) - (w + 2.0) * f / (2.0 * w + 2.0));
    w -= step;
    if (std::abs(step) < 1e-14 * (1.0 + std::abs(w))) break;
  }
  return w;
}

ReachEstimate point_source_reach(double q_eff_ona_units, double lambda_along_mm,
                                 double lambda_across_mm, double threshold_u_per_cm3) {
  const double threshold_u_per_mm3 = threshold_u_per_cm3 * 1e-3;
  const double x = q_eff_ona_units / (4.0 * std::numbers::pi * lambda_along_mm * lambda_across_mm *
                                      lambda_across_mm * threshold_u_per_mm3);
  const double w = lambert_w0(x);
  return {lambda_along_mm * w, lambda_across_mm * w};
}

namespace {

// Anisotropic Yukawa kernel G (1/mm³) at offset (along, across).
double kernel(double along_mm, double across_mm, double la, double lc) {
  const double rho =
      std::sqrt((along_mm / la) * (along_mm / la) + (across_mm / lc) * (across_mm / lc));
  return std::exp(-rho) / (4.0 * std::numbers::pi * rho * la * lc * lc);
}

// Largest distance at which `field(d)` (decreasing beyond `start`) still reaches `level`.
template <class F>
double crossing(F field, double start, double level) {
  if (field(start) < level) return start;
  double lo = start;
  double hi = start + 10.0;
  while (field(hi) >= level && hi < 1e4) {
    lo = hi;
    hi *= 2.0;
  }
  for (int it = 0; it < 60; ++it) {
    const double mid = 0.5 * (lo + hi);
    (field(mid) >= level ? lo : hi) = mid;
  }
  return lo;
}

}  // namespace

ReachEstimate bolus_reach(double q_eff_ona_units, const Bolus& bolus, double lambda_along_mm,
                          double lambda_across_mm, double threshold_u_per_cm3) {
  const ReachEstimate point =
      point_source_reach(q_eff_ona_units, lambda_along_mm, lambda_across_mm, threshold_u_per_cm3);
  if (bolus.semi_along_mm <= 0.0 || q_eff_ona_units <= 0.0) return point;
  // Line source: n points on [-a∥, a∥], weight ∝ 1 - t² (spheroid cross-section).
  constexpr int kPoints = 64;
  std::vector<double> pos(kPoints), weight(kPoints);
  double total = 0.0;
  for (int n = 0; n < kPoints; ++n) {
    const double t = -1.0 + (2.0 * n + 1.0) / kPoints;
    pos[n] = t * bolus.semi_along_mm;
    weight[n] = 1.0 - t * t;
    total += weight[n];
  }
  for (double& w : weight)
    w *= q_eff_ona_units / total;
  const double level = threshold_u_per_cm3 * 1e-3;
  auto along = [&](double d) {
    double b = 0.0;
    for (int n = 0; n < kPoints; ++n) {
      b += weight[n] * kernel(d - pos[n], 0.0, lambda_along_mm, lambda_across_mm);
    }
    return b;
  };
  auto across = [&](double d) {
    double b = 0.0;
    for (int n = 0; n < kPoints; ++n) {
      b += weight[n] * kernel(pos[n], d, lambda_along_mm, lambda_across_mm);
    }
    return b;
  };
  ReachEstimate r;
  r.along_mm = std::max(point.along_mm, crossing(along, bolus.semi_along_mm * 1.001, level));
  r.across_mm = std::max(bolus.semi_across_mm, crossing(across, bolus.semi_across_mm, level));
  return r;
}

}  // namespace toxplan::sim
