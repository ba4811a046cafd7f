#pragma once
// Power spectral density by Welch's method and the periodogram, scipy.signal.welch semantics,
// with KissFFT (double, kissfft/kissfft.hh). One FFT plan per estimator; buffers allocated up front.
//
// CONTRACT (implementation pending in this skeleton; names and signatures are fixed):
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "tremorlab/error.hpp"

namespace tremorlab {

enum class Detrend { none, constant, linear };
enum class Scaling { density, spectrum };
enum class Average { mean, median };

struct WelchOptions {
  double fs = 1.0;
  std::string window = "hann";        ///< hann, hamming, blackman, boxcar (periodic, as scipy's get_window)
  std::vector<double> window_values;  ///< if non-empty, used instead of `window`; its size sets nperseg
  std::size_t nperseg = 0;            ///< 0 -> 256 (or the window size)
  long noverlap = -1;                 ///< < 0 -> nperseg / 2
  std::size_t nfft = 0;               ///< 0 -> nperseg
  Detrend detrend = Detrend::constant;
  bool return_onesided = true;
  Scaling scaling = Scaling::density;
  Average average = Average::mean;
};

/// Reusable Welch estimator for inputs of any length >= nperseg. Construction validates the options
/// (throws InvalidArgument) and allocates the FFT plan and all buffers; compute() does not allocate.
class WelchEstimator {
 public:
  explicit WelchEstimator(const WelchOptions& opt);
  std::size_t nperseg() const noexcept;
  std::size_t nfreq() const noexcept;        ///< number of output frequencies
  std::span<const double> frequencies() const noexcept;
  /// Pxx of one channel into `pxx` (size nfreq()). Throws InvalidInput when x is shorter than nperseg
  /// or contains NaN/Inf (validation happens before any output is written).
  void compute(std::span<const double> x, std::span<double> pxx);
};

struct Psd {
  std::vector<double> f;
  std::vector<double> pxx;
};

/// One-shot convenience; if x is shorter than nperseg, nperseg is reduced to x.size() like scipy (with a
/// warning there; here silently documented).
Psd welch(std::span<const double> x, const WelchOptions& opt = {});
Psd periodogram(std::span<const double> x, double fs = 1.0, const std::string& window = "boxcar",
                std::size_t nfft = 0, Detrend detrend = Detrend::constant, bool return_onesided = true,
                Scaling scaling = Scaling::density);

/// Window of length n as scipy.signal.get_window(name, n) (periodic / fftbins=True).
std::vector<double> get_window(const std::string& name, std::size_t n);

}  // namespace tremorlab
