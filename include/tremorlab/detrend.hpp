#pragma once
// Per-segment detrending as scipy.signal.detrend(type='constant' | 'linear') on one segment.
#include <cstddef>

namespace tremorlab {

enum class Detrend { none, constant, linear };

namespace detail {

/// out[i] = (x[i] - trend[i]) * w[i] for i < n. The least-squares line is fitted on the centred
/// abscissa t - (n-1)/2 so slope and mean decouple and large n stays well conditioned.
inline void detrend_window(const double* x, const double* w, double* out, std::size_t n,
                           Detrend d) noexcept {
  if (d == Detrend::none || n == 0) {
    for (std::size_t i = 0; i < n; ++i) out[i] = x[i] * w[i];
    return;
  }
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += x[i];
  const double mean = sum / static_cast<double>(n);
  if (d == Detrend::constant) {
    for (std::size_t i = 0; i < n; ++i) out[i] = (x[i] - mean) * w[i];
    return;
  }
  const double c = 0.5 * static_cast<double>(n - 1);
  double stx = 0, stt = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) - c;
    stx += t * (x[i] - mean);
    stt += t * t;
  }
  const double slope = stt > 0 ? stx / stt : 0.0;
  for (std::size_t i = 0; i < n; ++i)
    out[i] = (x[i] - mean - slope * (static_cast<double>(i) - c)) * w[i];
}

}  // namespace detail
}  // namespace tremorlab
