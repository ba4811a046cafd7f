#pragma once
// Anti-alias FIR used by FeatureExtractor to analyse each window at a reduced internal rate. Internal: no
// API stability.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <vector>

namespace tremorlab::detail {

/// Modified Bessel function of the first kind, order 0 (power series; converges fast for the Kaiser betas
/// used here, < 10).
inline double bessel_i0(double x) noexcept {
  double sum = 1, term = 1;
  const double q = 0.25 * x * x;
  for (int k = 1; k < 200; ++k) {
    term *= q / (double(k) * double(k));
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum;
}

/// Odd-length, symmetric (linear-phase, integer delay) Kaiser-windowed-sinc low-pass for decimation by
/// `factor`: cutoff at half the output rate, flat (ripple ~1e-3) below `pass` * output rate and at least
/// `atten_db` down above (1 - `pass`) * output rate, so everything that folds onto [0, pass * output rate]
/// is suppressed. Taps sum to exactly 1 (up to rounding) so constants and lines pass unchanged.
inline std::vector<double> decimation_fir(std::size_t factor, double pass = 0.36, double atten_db = 60.0) {
  if (factor <= 1) return {1.0};
  // Kaiser's length/beta formulas fall short by up to ~1 dB: design for 2 dB more than promised.
  atten_db += 2.0;
  const double fo = 1.0 / double(factor);        // output rate / input rate
  const double width = (1.0 - 2.0 * pass) * fo;  // transition width, cycles per input sample
  const double beta = atten_db > 50 ? 0.1102 * (atten_db - 8.7) : 0.5842 * std::pow(atten_db - 21, 0.4) + 0.07886 * (atten_db - 21);
  auto len = std::size_t(std::ceil((atten_db - 7.95) / (2.285 * 2 * std::numbers::pi * width))) + 1;
  if (len % 2 == 0) ++len;
  const double c = 0.5 * double(len - 1);
  const double i0b = bessel_i0(beta);
  std::vector<double> h(len);
  double sum = 0;
  for (std::size_t k = 0; k < len; ++k) {
    const double m = double(k) - c;
    const double x = fo * m;  // ideal low-pass at fc = fo / 2: fo * sinc(fo * m)
    // The sinc is exactly zero at nonzero multiples of `factor` (for factor 2 every other tap: a
    // half-band filter); writing exact zeros lets the decimator skip those taps.
    const long long mi = (long long)(k) - (long long)(len / 2);
    const double sinc = mi == 0 ? 1.0 : mi % (long long)(factor) == 0 ? 0.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
    const double r = m / c;
    const double w = bessel_i0(beta * std::sqrt(std::max(0.0, 1.0 - r * r))) / i0b;
    h[k] = fo * sinc * w;
    sum += h[k];
  }
  for (auto& v : h) v /= sum;
  // Exact symmetry (the sum above may differ in the last bit between mirrored taps).
  for (std::size_t k = 0; k < len / 2; ++k) h[len - 1 - k] = h[k];
  return h;
}

}  // namespace tremorlab::detail
