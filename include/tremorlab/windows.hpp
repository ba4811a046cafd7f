#pragma once
// Spectral windows, periodic ("DFT-even") as scipy.signal.get_window(name, n) with fftbins=True.
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include "tremorlab/error.hpp"

namespace tremorlab {

enum class WindowKind { hann, hamming, blackman, boxcar };

/// Parses one of "hann", "hamming", "blackman", "boxcar" (exact, lower case); throws InvalidArgument.
inline WindowKind parse_window(std::string_view name) {
  if (name == "hann") return WindowKind::hann;
  if (name == "hamming") return WindowKind::hamming;
  if (name == "blackman") return WindowKind::blackman;
  if (name == "boxcar") return WindowKind::boxcar;
  throw InvalidArgument("unknown window '" + std::string(name) +
                        "' (expected hann, hamming, blackman or boxcar)");
}

/// Periodic window of length n: w[k] = sum_j a_j cos(2 pi j k / n) with alternating signs. n <= 1
/// gives all ones, as scipy does.
inline std::vector<double> make_window(WindowKind kind, std::size_t n) {
  std::vector<double> w(n, 1.0);
  if (n <= 1 || kind == WindowKind::boxcar) return w;
  double a0 = 0, a1 = 0, a2 = 0;
  switch (kind) {
    case WindowKind::hann: a0 = 0.5; a1 = 0.5; break;
    case WindowKind::hamming: a0 = 0.54; a1 = 0.46; break;
    case WindowKind::blackman: a0 = 0.42; a1 = 0.5; a2 = 0.08; break;
    case WindowKind::boxcar: break;
  }
  const double step = 2.0 * std::numbers::pi / static_cast<double>(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double ph = step * static_cast<double>(k);
    w[k] = a0 - a1 * std::cos(ph) + a2 * std::cos(2.0 * ph);
  }
  return w;
}

/// Window of length n as scipy.signal.get_window(name, n) (periodic / fftbins=True).
inline std::vector<double> get_window(const std::string& name, std::size_t n) {
  return make_window(parse_window(name), n);
}

}  // namespace tremorlab
