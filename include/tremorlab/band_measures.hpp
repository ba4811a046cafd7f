#pragma once
// Tremor measures on a PSD: integrated band power and dominant frequency.
//
// Peak refinement: a parabola through the log-power of the maximum bin and its two neighbours
// (Gaussian interpolation). For a sinusoid between bins in a Welch/periodogram PSD its worst-case
// bias, measured over offsets 0..1 bin, is about 0.016 bin with hann or hamming windows, 0.007 bin
// with blackman and 0.17 bin with boxcar (whose main lobe is far from Gaussian); a parabola on linear
// power would be 7x worse with hann (0.115 bin), hence the log. When a neighbour's power is <= 0 the
// log is undefined and the parabola is fitted to the power itself.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>

#include "tremorlab/error.hpp"

namespace tremorlab {

namespace detail {
inline void check_psd(std::span<const double> f, std::span<const double> pxx, const char* who) {
  if (f.empty()) throw InvalidInput(std::string(who) + ": empty frequency vector");
  if (f.size() != pxx.size())
    throw InvalidInput(std::string(who) + ": f has " + std::to_string(f.size()) + " values but pxx has " +
                       std::to_string(pxx.size()));
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (!std::isfinite(f[i]) || !std::isfinite(pxx[i]))
      throw InvalidInput(std::string(who) + ": f or pxx contains NaN or Inf");
    if (i > 0 && !(f[i] > f[i - 1]))
      throw InvalidInput(std::string(who) + ": f must be strictly increasing (one-sided spectrum)");
  }
}

inline void check_band(double f1, double f2, const char* who) {
  if (!std::isfinite(f1) || !std::isfinite(f2) || f1 > f2)
    throw InvalidArgument(std::string(who) + ": band must be finite with f1 <= f2");
}

// x coordinate of the vertex of the parabola through (x0,y0), (x1,y1), (x2,y2); x1 if degenerate.
inline double parabola_vertex(double x0, double y0, double x1, double y1, double x2, double y2) noexcept {
  const double a = (x1 - x0) * (y1 - y2);
  const double b = (x1 - x2) * (y1 - y0);
  const double den = a - b;
  if (!(den != 0) || !std::isfinite(den)) return x1;
  const double v = x1 - 0.5 * ((x1 - x0) * a - (x1 - x2) * b) / den;
  return std::isfinite(v) ? std::clamp(v, x0, x2) : x1;
}
}  // namespace detail

/// Power in [f1, f2] by trapezoidal integration of pxx over f, with linear interpolation at the band
/// edges (so the result is continuous in f1, f2). Units: pxx units * Hz. The band is clipped to
/// [f.front(), f.back()]; a band that does not overlap that range throws InvalidArgument.
/// f must be strictly increasing (a one-sided spectrum); f, pxx finite and of equal size.
inline double band_power(std::span<const double> f, std::span<const double> pxx, double f1, double f2) {
  detail::check_psd(f, pxx, "band_power");
  detail::check_band(f1, f2, "band_power");
  const double a = std::max(f1, f.front());
  const double b = std::min(f2, f.back());
  if (a > b)
    throw InvalidArgument("band_power: band [" + std::to_string(f1) + ", " + std::to_string(f2) +
                          "] lies outside the frequencies [" + std::to_string(f.front()) + ", " +
                          std::to_string(f.back()) + "]");
  if (a == b || f.size() < 2) return 0.0;
  auto interp = [&](std::size_t k, double t) {
    return pxx[k] + (pxx[k + 1] - pxx[k]) * ((t - f[k]) / (f[k + 1] - f[k]));
  };
  // First interval [f[k], f[k+1]] that can hold a.
  std::size_t k = static_cast<std::size_t>(std::upper_bound(f.begin(), f.end(), a) - f.begin());
  k = k == 0 ? 0 : std::min(k - 1, f.size() - 2);
  double total = 0.0;
  for (; k + 1 < f.size(); ++k) {
    const double lo = std::max(f[k], a);
    const double hi = std::min(f[k + 1], b);
    if (hi <= lo) {
      if (f[k] >= b) break;
      continue;
    }
    total += 0.5 * (interp(k, lo) + interp(k, hi)) * (hi - lo);
  }
  return total;
}

struct Peak {
  double frequency = 0;  ///< Hz, refined by parabolic interpolation of the log-power around the max bin
  double power = 0;      ///< pxx at the max bin
  std::size_t index = 0; ///< max bin
};

/// Dominant frequency inside [f1, f2]: the largest bin with f1 <= f <= f2 (the first one on ties),
/// refined by a parabola through it and its neighbours when it is a local maximum of the whole
/// spectrum (see the bias note at the top of this header). The refined frequency stays within the
/// neighbouring bins. Throws InvalidArgument when the band holds no bin.
inline Peak peak_frequency(std::span<const double> f, std::span<const double> pxx, double f1, double f2) {
  detail::check_psd(f, pxx, "peak_frequency");
  detail::check_band(f1, f2, "peak_frequency");
  const auto lo = std::lower_bound(f.begin(), f.end(), f1);
  const auto hi = std::upper_bound(f.begin(), f.end(), f2);
  if (lo >= hi)
    throw InvalidArgument("peak_frequency: no frequency bin inside [" + std::to_string(f1) + ", " +
                          std::to_string(f2) + "]");
  const auto i0 = static_cast<std::size_t>(lo - f.begin());
  const auto i1 = static_cast<std::size_t>(hi - f.begin());
  std::size_t k = i0;
  for (std::size_t i = i0 + 1; i < i1; ++i)
    if (pxx[i] > pxx[k]) k = i;
  Peak p;
  p.index = k;
  p.power = pxx[k];
  p.frequency = f[k];
  if (k == 0 || k + 1 >= f.size()) return p;
  const double ya = pxx[k - 1], yb = pxx[k], yc = pxx[k + 1];
  if (!(yb >= ya && yb >= yc) || (yb == ya && yb == yc)) return p;
  if (ya > 0 && yb > 0 && yc > 0)
    p.frequency = detail::parabola_vertex(f[k - 1], std::log(ya), f[k], std::log(yb), f[k + 1], std::log(yc));
  else
    p.frequency = detail::parabola_vertex(f[k - 1], ya, f[k], yb, f[k + 1], yc);
  return p;
}

}  // namespace tremorlab
