#pragma once
// The sizes and rates of one window's analysis (FeatureExtractor's plan), worked out once from a validated
// configuration: how far the window is decimated, the FFT length and bin width, the bins spectral_entropy
// spans, the cycle band and the rate of its analytic signal. Internal: no API stability.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "tremorlab/detail/feature_decimate.hpp"
#include "tremorlab/detail/feature_math.hpp"

namespace tremorlab::detail {

struct FeaturePlan {
  std::size_t n = 0, hop = 0;      ///< frames per window and per hop at the input rate
  std::size_t dec = 1, ni = 0;     ///< decimation factor; frames of the decimated window
  std::size_t nfft = 0, m = 0;     ///< FFT length at the internal rate; its last bin (nfft / 2)
  std::size_t ent_lo = 0, ent_hi = 0;  ///< spectral_entropy's bins
  std::size_t zl = 0, zlen = 0, zmargin = 0;  ///< analytic signal: inverse FFT length, frames, frames dropped per end
  double hi = 12;                  ///< tremor band's upper edge once capped at 0.45 * fs, Hz
  double fsi = 100, df = 1;        ///< internal rate, Hz; bin width, Hz
  double broad_hi = 20;            ///< upper edge of the broad (movement) band, Hz
  /// spectral_entropy at and above which a window has no rhythm: derived by plan_features from
  /// FeatureExtractor::no_rhythm_bandwidth_hz (the one place the rule's threshold is written), never set here.
  double no_rhythm_entropy = std::numeric_limits<double>::infinity();
  double cyc_lo = 3, cyc_hi = 15;  ///< cycle band, Hz
  double fs_z = 1;                 ///< rate of the analytic signal, Hz
};

/// The plan of windows of `window_s` s at `fs` Hz, hop `hop_s`, tremor band [band_lo, band_hi] (already
/// validated by the caller). `taper`: Tukey alpha of the window; `min_internal_rate`: the lowest internal rate
/// decimation may reach; `no_rhythm_bandwidth_hz`: the effective bandwidth of a spectrum without a rhythm.
inline FeaturePlan plan_features(double fs, double window_s, double hop_s, double band_lo, double band_hi, double taper,
                                 double min_internal_rate, double no_rhythm_bandwidth_hz) noexcept {
  FeaturePlan p;
  p.hi = std::min(band_hi, 0.45 * fs);
  p.n = std::size_t(std::llround(window_s * fs));
  p.hop = std::size_t(std::llround(hop_s * fs));
  // Internal rate: ~50 Hz (the broad band reaches 20 Hz, harmonics of a 12 Hz peak 24.5 Hz) and
  // >= 2.8 * band_hi, which keeps the tremor band inside the FIR's flat passband (0.36 * fs_i). 5 % slack
  // so that a nominal rate estimated from timestamps (99.97 Hz for "100 Hz") gets the same factor.
  p.dec = std::max<std::size_t>(1, std::size_t(std::floor(fs / (0.95 * std::max(min_internal_rate, 2.95 * p.hi)))));
  p.fsi = fs / double(p.dec);
  p.ni = WindowDecimator::output_frames(p.n, p.dec);
  // Even length (real FFT of nfft/2 complex points); >= 1.5 N leaves room for the band-pass's ringing.
  p.nfft = std::max<std::size_t>(64, 2 * next_fast_size((3 * p.ni + 3) / 4));
  p.m = p.nfft / 2;
  p.df = p.fsi / double(p.nfft);

  p.broad_hi = std::min(20.0, 0.45 * p.fsi);
  // The bins spectral_entropy spans (fixed by the analysis), and the no-rhythm bandwidth in its units.
  p.ent_lo = std::size_t(std::ceil(0.5 / p.df - 1e-9));
  p.ent_hi = std::size_t(std::min(double(p.m), std::floor(p.broad_hi / p.df + 1e-9)));
  p.no_rhythm_entropy = p.ent_hi > p.ent_lo
                            ? std::log(no_rhythm_bandwidth_hz / p.df) / std::log(double(p.ent_hi - p.ent_lo + 1))
                            : std::numeric_limits<double>::infinity();
  p.cyc_lo = std::max(1.0, 0.75 * band_lo);
  p.cyc_hi = std::min(1.25 * band_hi, 0.45 * p.fsi);
  // Analytic signal rate: enough bins for 2.5x the cycle band's upper edge (the mask is < 0.06 there).
  p.zl = std::min(p.nfft, std::max<std::size_t>(48, next_5smooth(std::size_t(std::ceil(2.5 * p.cyc_hi / p.df - 1e-6)))));
  p.fs_z = double(p.zl) * p.df;
  p.zlen = std::max<std::size_t>(1, std::size_t(std::floor(double(p.ni) * double(p.zl) / double(p.nfft))));
  // Discard the taper ramps plus 0.1 s of band-pass settling at each end (at most a quarter each side).
  p.zmargin = std::min<std::size_t>(std::size_t(std::llround((0.5 * taper * window_s + 0.1) * p.fs_z)), p.zlen / 4);
  return p;
}

}  // namespace tremorlab::detail
