#pragma once
// Tremor measures on a PSD: integrated band power and dominant frequency.
//
// CONTRACT (implementation pending in this skeleton; names and signatures are fixed):
#include <span>

namespace tremorlab {

/// Power in [f1, f2] by trapezoidal integration of pxx over f, with linear interpolation at the band
/// edges (so the result is continuous in f1, f2). Units: pxx units * Hz.
double band_power(std::span<const double> f, std::span<const double> pxx, double f1, double f2);

struct Peak {
  double frequency = 0;  ///< Hz, refined by parabolic interpolation of the log-power around the max bin
  double power = 0;      ///< pxx at the max bin
  std::size_t index = 0; ///< max bin
};

/// Dominant frequency inside [f1, f2]. Throws InvalidArgument when the band holds no bin.
Peak peak_frequency(std::span<const double> f, std::span<const double> pxx, double f1, double f2);

}  // namespace tremorlab
