#pragma once
// Small allocation-free numeric helpers used by FeatureExtractor. Internal: no API stability.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <span>

namespace tremorlab::detail {

inline std::size_t next_pow2(std::size_t n) noexcept {
  std::size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

/// Smallest FFT-friendly length >= n of the form 2^k or 3 * 2^k (KissFFT radix 2/3/4: no scratch allocation).
inline std::size_t next_fast_size(std::size_t n) noexcept {
  const std::size_t p2 = next_pow2(n);
  const std::size_t p3 = 3 * next_pow2((n + 2) / 3);
  return std::min(p2, p3);
}

/// Smallest length >= n of the form 2^a 3^b 5^c (KissFFT has dedicated radix-2/3/4/5 butterflies, so
/// these sizes need no scratch allocation at transform time).
inline std::size_t next_5smooth(std::size_t n) noexcept {
  std::size_t best = next_pow2(n);
  for (std::size_t p5 = 1; p5 < best; p5 *= 5)
    for (std::size_t p35 = p5; p35 < best; p35 *= 3) {
      std::size_t v = p35;
      while (v < n) v *= 2;
      best = std::min(best, v);
    }
  return best;
}

/// atan2(y, x) without the libm call (the cycle analysis takes one per analytic sample): octant folding,
/// then atan(a) = atan(k/8) + atan(t), t = (a - k/8) / (1 + a k/8), |t| <= 1/16, by its Taylor series to
/// t^11 (truncation < 2e-17). Agrees with std::atan2 to a few 1e-16 (tests/cpp/test_features.cpp).
/// Zeros, infinities and NaN go to std::atan2.
inline double atan2_fast(double y, double x) noexcept {
  static constexpr double kAtan[9] = {0.0, 0.12435499454676144, 0.24497866312686414, 0.35877067027057225,
                                      0.4636476090008061, 0.5585993153435624, 0.6435011087932844,
                                      0.7188299996216245, 0.7853981633974483};  // atan(k / 8)
  const double ax = std::abs(x), ay = std::abs(y);
  const double mx = std::max(ax, ay), mn = std::min(ax, ay);
  if (!(ax < INFINITY) || !(ay < INFINITY) || !(mx > 0)) return std::atan2(y, x);  // NaN fails every <
  const double a = mn / mx;  // 0..1
  const int k = int(a * 8.0 + 0.5);
  const double c = 0.125 * double(k);
  const double t = (a - c) / (1.0 + a * c);
  const double t2 = t * t;
  const double p =
      t * (1.0 + t2 * (-1.0 / 3 + t2 * (1.0 / 5 + t2 * (-1.0 / 7 + t2 * (1.0 / 9 + t2 * (-1.0 / 11))))));
  double r = kAtan[k] + p;
  if (ay > ax) r = 0.5 * std::numbers::pi - r;
  if (x < 0) r = std::numbers::pi - r;
  return std::copysign(r, y);
}

/// std::floor(x) (up to the sign of a zero result) without the libm call that x86-64's baseline ISA needs.
inline double floor_exact(double x) noexcept {
  if (!(std::abs(x) < 4503599627370496.0)) return std::floor(x);  // |x| >= 2^52 is integral; NaN, inf
  const double t = double(static_cast<long long>(x));                // truncation, exact here
  return t > x ? t - 1.0 : t;
}

/// |z|^2 without libstdc++'s hypot-based std::norm (the hot loops call this per sample).
inline double norm2(const std::complex<double>& z) noexcept { return z.real() * z.real() + z.imag() * z.imag(); }

/// a * conj(b) without the NaN-recovery call of std::complex multiplication.
inline std::complex<double> mul_conj(const std::complex<double>& a, const std::complex<double>& b) noexcept {
  return {a.real() * b.real() + a.imag() * b.imag(), a.imag() * b.real() - a.real() * b.imag()};
}

/// Tukey (tapered cosine) window value, alpha = tapered fraction of the whole window (0 = boxcar).
inline double tukey(std::size_t n, std::size_t N, double alpha) noexcept {
  if (alpha <= 0 || N < 2) return 1.0;
  const double x = double(n) / double(N - 1);
  const double a2 = alpha / 2;
  if (x < a2) return 0.5 * (1 - std::cos(std::numbers::pi * x / a2));
  if (x > 1 - a2) return 0.5 * (1 - std::cos(std::numbers::pi * (1 - x) / a2));
  return 1.0;
}

/// Smooth band-pass weight: magnitude of an order-`order` Butterworth high-pass at lo times low-pass at hi.
/// Applied as a zero-phase frequency-domain mask, so it is the |H| of forward-backward filtering with a
/// Butterworth of half that order.
inline double butter_band_mag(double f, double lo, double hi, int order) noexcept {
  if (f <= 0) return 0.0;
  const double hp = 1.0 / std::sqrt(1.0 + std::pow(lo / f, 2 * order));
  const double lp = 1.0 / std::sqrt(1.0 + std::pow(f / hi, 2 * order));
  return hp * lp;
}

/// Interquartile range (numpy 'linear' percentiles) of v; sorts v in place.
inline double iqr_inplace(std::span<double> v) noexcept {
  const std::size_t n = v.size();
  if (n < 2) return 0.0;
  std::sort(v.begin(), v.end());
  auto q = [&](double p) {
    const double pos = p * double(n - 1);
    const std::size_t i = std::size_t(pos);
    const double fr = pos - double(i);
    return i + 1 < n ? v[i] * (1 - fr) + v[i + 1] * fr : v[i];
  };
  return q(0.75) - q(0.25);
}

/// Parabolic interpolation of the peak at bin k of y (uses log power, exact for Gaussian-like lobes).
/// Returns the fractional bin offset in [-0.5, 0.5].
inline double parabolic_offset(double ym1, double y0, double yp1) noexcept {
  const double tiny = 1e-300;
  const double a = std::log(std::max(ym1, tiny)), b = std::log(std::max(y0, tiny)),
               c = std::log(std::max(yp1, tiny));
  const double den = a - 2 * b + c;
  if (!(den < 0)) return 0.0;
  return std::clamp(0.5 * (a - c) / den, -0.5, 0.5);
}

}  // namespace tremorlab::detail
