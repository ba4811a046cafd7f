#pragma once
// Power spectral density by Welch's method and the periodogram, scipy.signal.welch semantics,
// with KissFFT (double, kissfft/kissfft.hh). One FFT plan per estimator; buffers allocated up front.
// FFT lengths: even nfft -> real transform over a plan of nfft/2, odd -> complex plan of nfft; a
// length whose plan has a prime factor > 150 uses Bluestein over a power-of-two plan (detail/fft.hpp).
// Numerically this matches scipy.signal.welch/periodogram to ~1e-13 relative (tests/golden).
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "tremorlab/detail/fft.hpp"
#include "tremorlab/detrend.hpp"
#include "tremorlab/error.hpp"
#include "tremorlab/windows.hpp"

namespace tremorlab {

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
  /// Median averaging keeps every segment's periodogram; the store is sized at construction for inputs
  /// up to this many samples (0: none). Longer inputs make compute() grow it once (an allocation).
  std::size_t max_input_length = 0;
};

namespace detail {
/// scipy.signal._spectral_py._median_bias: ratio of the median to the mean of n chi^2_2 periodograms.
inline double median_bias(std::size_t n) noexcept {
  double b = 1.0;
  for (std::size_t i = 1; i <= (n - 1) / 2 && n > 0; ++i) {
    const double ii2 = 2.0 * static_cast<double>(i);
    b += 1.0 / (ii2 + 1.0) - 1.0 / ii2;
  }
  return b;
}

inline bool all_finite(std::span<const double> x) noexcept {
  // Summing x*0 propagates NaN for NaN and Inf alike and vectorises, unlike a branch per sample.
  double acc = 0.0;
  for (double v : x) acc += v * 0.0;
  return acc == 0.0;
}
}  // namespace detail

/// Reusable Welch estimator for inputs of any length >= nperseg. Construction validates the options
/// (throws InvalidArgument) and allocates the FFT plan and all buffers; compute() does not allocate
/// (except median averaging of inputs longer than WelchOptions::max_input_length, see there).
/// Not thread-safe: use one estimator per thread.
class WelchEstimator {
 public:
  explicit WelchEstimator(const WelchOptions& opt) : fft_(resolve(opt)) {
    const std::size_t nb = nfft_ / 2 + 1;
    seg_.assign(nfft_, 0.0);
    spec_.assign(nb, {});
    acc_.assign(nb, 0.0);
    nfreq_ = onesided_ ? nb : nfft_;
    freqs_.resize(nfreq_);
    // Same arithmetic as numpy's fftfreq/rfftfreq: k * (1 / (n * d)) with d = 1/fs.
    const double val = 1.0 / (static_cast<double>(nfft_) * (1.0 / fs_));
    if (onesided_) {
      for (std::size_t k = 0; k < nb; ++k) freqs_[k] = static_cast<double>(k) * val;
    } else {
      const std::size_t npos = (nfft_ - 1) / 2 + 1;
      for (std::size_t k = 0; k < npos; ++k) freqs_[k] = static_cast<double>(k) * val;
      for (std::size_t k = npos; k < nfft_; ++k)
        freqs_[k] = -static_cast<double>(nfft_ - k) * val;
    }
    if (average_ == Average::median && opt.max_input_length >= nperseg_)
      med_.resize(nb * nsegments(opt.max_input_length));
  }

  std::size_t nperseg() const noexcept { return nperseg_; }
  std::size_t noverlap() const noexcept { return nperseg_ - step_; }
  std::size_t nfft() const noexcept { return nfft_; }
  std::size_t nfreq() const noexcept { return nfreq_; }  ///< number of output frequencies
  std::span<const double> frequencies() const noexcept { return freqs_; }
  std::span<const double> window() const noexcept { return win_; }
  /// Number of segments averaged for an input of n samples (0 when n < nperseg).
  std::size_t nsegments(std::size_t n) const noexcept {
    return n < nperseg_ ? 0 : (n - nperseg_) / step_ + 1;
  }

  /// Pxx of one channel into `pxx` (size nfreq()). Throws InvalidInput when x is shorter than nperseg
  /// or contains NaN/Inf (validation happens before any output is written).
  void compute(std::span<const double> x, std::span<double> pxx) {
    if (pxx.size() != nfreq_)
      throw InvalidArgument("welch: output size " + std::to_string(pxx.size()) + " != nfreq " +
                            std::to_string(nfreq_));
    check_input(x);
    compute_unchecked(x, pxx.data());
  }

  /// Several channels at once: `x` holds `channels` rows of equal length back to back (row-major),
  /// `pxx` receives `channels` rows of nfreq(). Everything is validated before anything is written.
  void compute_channels(std::span<const double> x, std::size_t channels, std::span<double> pxx) {
    if (channels == 0 || x.size() % channels != 0)
      throw InvalidInput("welch: input size " + std::to_string(x.size()) +
                         " is not a whole number of channels (" + std::to_string(channels) + ")");
    if (pxx.size() != channels * nfreq_)
      throw InvalidArgument("welch: output size does not match channels * nfreq");
    const std::size_t n = x.size() / channels;
    check_input(x.first(n));  // length check
    if (!detail::all_finite(x)) throw InvalidInput("welch: input contains NaN or Inf");
    for (std::size_t c = 0; c < channels; ++c)
      compute_unchecked(x.subspan(c * n, n), pxx.data() + c * nfreq_);
  }

 private:
  std::size_t resolve(const WelchOptions& opt) {
    if (!(std::isfinite(opt.fs) && opt.fs > 0))
      throw InvalidArgument("welch: fs must be finite and > 0, got " + std::to_string(opt.fs));
    if (!opt.window_values.empty()) {
      if (opt.nperseg != 0 && opt.nperseg != opt.window_values.size())
        throw InvalidArgument("welch: nperseg (" + std::to_string(opt.nperseg) +
                              ") differs from the window length (" +
                              std::to_string(opt.window_values.size()) + ")");
      if (!detail::all_finite(opt.window_values))
        throw InvalidArgument("welch: window values contain NaN or Inf");
      win_ = opt.window_values;
    } else {
      const WindowKind kind = parse_window(opt.window);
      win_ = make_window(kind, opt.nperseg == 0 ? 256 : opt.nperseg);
    }
    nperseg_ = win_.size();
    nfft_ = opt.nfft == 0 ? nperseg_ : opt.nfft;
    if (nfft_ < nperseg_)
      throw InvalidArgument("welch: nfft (" + std::to_string(nfft_) + ") must be >= nperseg (" +
                            std::to_string(nperseg_) + ")");
    const std::size_t nov = opt.noverlap < 0 ? nperseg_ / 2 : static_cast<std::size_t>(opt.noverlap);
    if (nov >= nperseg_)
      throw InvalidArgument("welch: noverlap (" + std::to_string(nov) + ") must be < nperseg (" +
                            std::to_string(nperseg_) + ")");
    step_ = nperseg_ - nov;
    fs_ = opt.fs;
    detrend_ = opt.detrend;
    onesided_ = opt.return_onesided;
    average_ = opt.average;
    double s1 = 0, s2 = 0;
    for (double w : win_) {
      s1 += w;
      s2 += w * w;
    }
    scale_ = opt.scaling == Scaling::density ? 1.0 / (fs_ * s2) : 1.0 / (s1 * s1);
    if (!std::isfinite(scale_))
      throw InvalidArgument(opt.scaling == Scaling::density ? "welch: window energy is zero"
                                                            : "welch: window sums to zero");
    return nfft_;
  }

  void check_input(std::span<const double> x) const {
    if (x.empty()) throw InvalidInput("welch: input is empty");
    if (x.size() < nperseg_)
      throw InvalidInput("welch: input length " + std::to_string(x.size()) + " < nperseg " +
                         std::to_string(nperseg_));
    if (!detail::all_finite(x)) throw InvalidInput("welch: input contains NaN or Inf");
  }

  // Detrended, windowed, zero-padded segment -> its half spectrum X_0..X_{nfft/2} in spec_.
  void segment_power(const double* seg) noexcept {
    detail::detrend_window(seg, win_.data(), seg_.data(), nperseg_, detrend_);
    fft_.forward(seg_.data(), spec_.data());
  }

  void compute_unchecked(std::span<const double> x, double* out) {
    const std::size_t nb = nfft_ / 2 + 1;
    const std::size_t nseg = nsegments(x.size());
    if (average_ == Average::mean) {
      std::fill(acc_.begin(), acc_.end(), 0.0);
      for (std::size_t s = 0; s < nseg; ++s) {
        segment_power(x.data() + s * step_);
        for (std::size_t k = 0; k < nb; ++k) acc_[k] += std::norm(spec_[k]);
      }
      const double f = scale_ / static_cast<double>(nseg);
      for (std::size_t k = 0; k < nb; ++k) acc_[k] *= f;
    } else {
      if (med_.size() < nb * nseg) med_.resize(nb * nseg);  // documented growth path
      for (std::size_t s = 0; s < nseg; ++s) {
        segment_power(x.data() + s * step_);
        for (std::size_t k = 0; k < nb; ++k) med_[k * nseg + s] = std::norm(spec_[k]);
      }
      const double f = scale_ / detail::median_bias(nseg);
      for (std::size_t k = 0; k < nb; ++k) {
        double* b = med_.data() + k * nseg;
        const std::size_t mid = nseg / 2;
        std::nth_element(b, b + mid, b + nseg);
        double m = b[mid];
        if (nseg % 2 == 0) m = 0.5 * (m + *std::max_element(b, b + mid));
        acc_[k] = m * f;
      }
    }
    if (onesided_) {
      // Every bin except DC and (for even nfft) Nyquist stands for its negative-frequency twin too.
      const std::size_t last = nfft_ % 2 == 0 ? nb - 1 : nb;
      out[0] = acc_[0];
      for (std::size_t k = 1; k < last; ++k) out[k] = 2.0 * acc_[k];
      if (last < nb) out[last] = acc_[last];
    } else {
      for (std::size_t k = 0; k < nfft_; ++k) out[k] = acc_[std::min(k, nfft_ - k)];
    }
  }

  std::vector<double> win_;
  std::size_t nperseg_ = 0, nfft_ = 0, step_ = 1, nfreq_ = 0;
  double fs_ = 1.0, scale_ = 1.0;
  Detrend detrend_ = Detrend::constant;
  bool onesided_ = true;
  Average average_ = Average::mean;
  // Declared after everything resolve() assigns: fft_'s initializer runs resolve() first.
  detail::RealFft fft_;
  std::vector<double> seg_;
  std::vector<std::complex<double>> spec_;
  std::vector<double> acc_;
  std::vector<double> med_;
  std::vector<double> freqs_;
};

struct Psd {
  std::vector<double> f;
  std::vector<double> pxx;
};

/// One-shot convenience; if x is shorter than nperseg, nperseg is reduced to x.size() like scipy (with a
/// warning there; here silently documented). A window given by values must fit in x.
inline Psd welch(std::span<const double> x, const WelchOptions& opt = {}) {
  if (x.empty()) throw InvalidInput("welch: input is empty");
  WelchOptions o = opt;
  if (o.window_values.empty()) {
    const std::size_t np = o.nperseg == 0 ? 256 : o.nperseg;
    if (np > x.size()) o.nperseg = x.size();
  } else if (o.window_values.size() > x.size()) {
    throw InvalidInput("welch: window (" + std::to_string(o.window_values.size()) +
                       " samples) is longer than the input (" + std::to_string(x.size()) + ")");
  }
  o.max_input_length = x.size();
  WelchEstimator est(o);
  Psd r;
  r.f.assign(est.frequencies().begin(), est.frequencies().end());
  r.pxx.resize(est.nfreq());
  est.compute(x, r.pxx);
  return r;
}

/// scipy.signal.periodogram: one segment of the whole input (or its first nfft samples when nfft is
/// smaller), zero-padded to nfft when nfft is larger.
inline Psd periodogram(std::span<const double> x, double fs = 1.0, const std::string& window = "boxcar",
                       std::size_t nfft = 0, Detrend detrend = Detrend::constant,
                       bool return_onesided = true, Scaling scaling = Scaling::density) {
  if (x.empty()) throw InvalidInput("periodogram: input is empty");
  WelchOptions o;
  o.fs = fs;
  o.window = window;
  o.noverlap = 0;
  o.detrend = detrend;
  o.return_onesided = return_onesided;
  o.scaling = scaling;
  if (nfft == 0 || nfft >= x.size()) {
    o.nperseg = x.size();
    o.nfft = nfft;
  } else {
    x = x.first(nfft);
    o.nperseg = nfft;
  }
  return welch(x, o);
}

}  // namespace tremorlab
