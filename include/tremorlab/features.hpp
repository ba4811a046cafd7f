#pragma once
// Per-window tremor features from tri-axial acceleration.
//
// Each window is analysed on its own (no state between windows), so batch and streaming give identical
// values. Pipeline of one window of N frames (fs Hz, units converted to m/s^2):
//   1. Gravity / orientation: per axis, a least-squares line is fitted (at the input rate) and removed. The
//      line's mean is the window's gravity estimate (the 0 Hz low-pass); its slope measures slow posture
//      change (`log_trend`).
//   1b. Internal rate: every feature lives below ~25 Hz, so for fs >= 100 Hz the window is low-passed
//      (linear-phase Kaiser FIR, flat to 0.36 * fs_i, >= 60 dB above 0.64 * fs_i) and decimated by the
//      integer D = floor(fs / (0.95 * max(50, 2.95 * band_hi))) to fs_i = fs / D (47.5..95 Hz), inside the window only
//      (the FIR sees zeros beyond the window's ends, which lie under the taper ramps), so windows stay
//      independent. The FIR is applied to the raw samples and the fitted line is removed afterwards
//      (exact: the taps sum to 1). All later steps run at fs_i: 3 small FFTs instead of 3 large ones.
//   2. Spectrum: Tukey(0.1)-tapered, zero-padded FFT of each detrended axis; the one-sided PSD summed over
//      the axes (trace of the cross-spectral matrix) is invariant to sensor orientation.
//   3. Principal axis: 3x3 cross-spectral matrix weighted by the "cycle band" (a zero-phase Butterworth
//      magnitude, order 4, edges max(1, 0.75*band_lo) .. min(1.25*band_hi, 0.45*fs)); its leading
//      eigenvector projects the detrended 3-axis signal onto one orientation-invariant component.
//   4. Cycle analysis: the principal component is band-passed and turned into its analytic signal in the
//      frequency domain (one small inverse FFT, at a reduced rate that still holds the whole cycle band).
//      Edge samples (the taper ramps + 0.1 s) are discarded. Zero crossings of the band-passed
//      component (located on the unwrapped analytic phase) give cycle-by-cycle frequencies; the phase
//      advance gives the instantaneous frequency; the modulus is the envelope.
// Filtering in the frequency domain of the window is zero-phase, has no start-up transient and is defined
// the same way for every fs in 25..1000 Hz (the mask is in Hz, bands are capped at 0.45*fs).
// Power features are log10-scaled because they span many decades between rest and shaking.
#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <kissfft/kissfft.hh>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include "tremorlab/detail/feature_decimate.hpp"
#include "tremorlab/detail/feature_math.hpp"
#include "tremorlab/error.hpp"
#include "tremorlab/gravity.hpp"

namespace tremorlab {

enum class Units { m_per_s2, g };
inline constexpr double standard_gravity = 9.80665;  // m/s^2 per g

struct FeatureConfig {
  double fs = 100.0;        ///< Hz, 25..1000
  double window_s = 2.0;    ///< analysis window length, s (1..60); the default model's
  double hop_s = 0.25;      ///< step between windows, s (used by the batch/stream drivers)
  Units units = Units::m_per_s2;
  double band_lo = 4.0;     ///< tremor band, Hz
  double band_hi = 12.0;    ///< capped at 0.45*fs
};

/// Index of each feature in the output vector (same order as FeatureExtractor::names()).
/// Definitions and units (P(a..b) = power of the 3-axis dynamic acceleration in a..b Hz, m^2/s^4):
enum class Feature : std::size_t {
  log_band_power,          ///< log10(P(band_lo..band_hi) + 1e-6); band-passed RMS = sqrt(P), m/s^2
  rel_band_power,          ///< P(band) / P(0.5..20), 0..1
  log_low_power,           ///< log10(P(0.3..3.5) + 1e-6): slow, voluntary-range power
  rel_low_power,           ///< P(0.3..3.5) / P(0.3..20), 0..1
  dominant_frequency,      ///< Hz, PSD maximum inside the tremor band, parabolic (log-power) interpolation
  broad_peak_frequency,    ///< Hz, PSD maximum inside 0.5..20 Hz
  peak_concentration,      ///< P(dominant +- 1 Hz) / P(0.5..20), 0..1 (1 for a pure sinusoid)
  spectral_entropy,        ///< Shannon entropy of the normalised PSD over 0.5..20 Hz / log(bins), 0..1
  harmonic_ratio,          ///< P(2f +- 0.5) / (P(f +- 0.5) + P(2f +- 0.5)), f = dominant, 0..1
  log_displacement,        ///< log10(sqrt(P(band)) / (2 pi f)^2 + 1e-9): RMS displacement estimate, log10 m
  cycle_freq_cv,           ///< std/mean of cycle frequencies (zero crossing to zero crossing of the same sign)
  tremor_stability_index,  ///< IQR of the change in cycle frequency between consecutive cycles, Hz (di Biase 2017)
  freq_drift,              ///< |mean inst. frequency of 2nd half - 1st half|, Hz (envelope^2 weighted)
  if_spread,               ///< envelope^2-weighted std of the instantaneous frequency, Hz
  envelope_cv,             ///< std/mean of the analytic-signal envelope (amplitude modulation)
  pause_fraction,          ///< fraction of frames whose envelope is < 0.3 * mean envelope
  amp_freq_coupling,       ///< |covariance of envelope/mean envelope with instantaneous frequency|, Hz
  autocorr_regularity,     ///< envelope of the normalised autocorrelation at one dominant period, 0..1
  axis_coherence,          ///< largest eigenvalue / trace of the cross-spectral matrix at dominant +- 1 Hz
  principal_fraction,      ///< largest eigenvalue / trace in the cycle band (1 = motion along one axis)
  log_trend,               ///< log10(|change of the fitted line over the window| (m/s^2) + 1e-3)
  inter_sensor_coherence,  ///< compute_pair only: band-averaged coherence of the two principal components
                           ///< at dominant +- 1 Hz, 0..1; 0 from compute()
  count
};

/// Computes the feature vector of one window. Each window is processed independently of the others
/// (no state carried between windows), so batch and streaming analyses give identical values.
/// Construction validates the config (InvalidArgument) and allocates every buffer; compute() does not allocate.
class FeatureExtractor {
 public:
  explicit FeatureExtractor(const FeatureConfig& cfg) : cfg_(cfg), fwd_(1, false), inv_(1, true) {
    auto bad = [](const std::string& m) { throw InvalidArgument("FeatureConfig: " + m); };
    if (!std::isfinite(cfg.fs) || cfg.fs < 25.0 || cfg.fs > 1000.0) bad("fs must be in 25..1000 Hz");
    if (!std::isfinite(cfg.window_s) || cfg.window_s < 1.0 || cfg.window_s > 60.0)
      bad("window_s must be in 1..60 s");
    if (!std::isfinite(cfg.hop_s) || cfg.hop_s <= 0.0 || cfg.hop_s > 3600.0) bad("hop_s must be in (0, 3600] s");
    if (cfg.units != Units::m_per_s2 && cfg.units != Units::g) bad("unknown units");
    if (!std::isfinite(cfg.band_lo) || !std::isfinite(cfg.band_hi) || cfg.band_lo < 1.0 ||
        cfg.band_hi <= cfg.band_lo)
      bad("tremor band needs 1 <= band_lo < band_hi");
    hi_ = std::min(cfg.band_hi, 0.45 * cfg.fs);
    if (hi_ < cfg.band_lo + 1.0) bad("tremor band is too narrow once capped at 0.45*fs");
    n_ = std::size_t(std::llround(cfg.window_s * cfg.fs));
    hop_ = std::size_t(std::llround(cfg.hop_s * cfg.fs));
    if (hop_ < 1) bad("hop_s * fs must be at least one frame");
    // Internal rate: ~50 Hz (the broad band reaches 20 Hz, harmonics of a 12 Hz peak 24.5 Hz) and
    // >= 2.8 * band_hi, which keeps the tremor band inside the FIR's flat passband (0.36 * fs_i). 5 % slack
    // so that a nominal rate estimated from timestamps (99.97 Hz for "100 Hz") gets the same factor.
    dec_ = std::max<std::size_t>(
        1, std::size_t(std::floor(cfg.fs / (0.95 * std::max(kMinInternalRate, 2.95 * hi_)))));
    fsi_ = cfg.fs / double(dec_);
    fir_ = detail::decimation_fir(dec_);
    fir_c_ = fir_.size() / 2;
    fir_sum_ = 0;
    fir_m1_ = 0;
    for (std::size_t k = 0; k < fir_.size(); ++k) {
      fir_sum_ += fir_[k];
      fir_m1_ += fir_[k] * (double(k) - double(fir_c_));
    }
    ni_ = (n_ - 1) / dec_ + 1;
    off_ = ((n_ - 1) - (ni_ - 1) * dec_) / 2;  // centres the decimated grid in the window
    // Even length (real FFT of nfft/2 complex points); >= 1.5 N leaves room for the band-pass's ringing.
    nfft_ = std::max<std::size_t>(64, 2 * detail::next_fast_size((3 * ni_ + 3) / 4));
    m_ = nfft_ / 2;
    df_ = fsi_ / double(nfft_);
    fwd_ = kissfft<double>(m_, false);

    broad_hi_ = std::min(20.0, 0.45 * fsi_);
    cyc_lo_ = std::max(1.0, 0.75 * cfg.band_lo);
    cyc_hi_ = std::min(1.25 * cfg.band_hi, 0.45 * fsi_);
    // Analytic signal rate: enough bins for 2.5x the cycle band's upper edge (the mask is < 0.06 there).
    zl_ = std::min(nfft_, std::max<std::size_t>(48, detail::next_5smooth(std::size_t(std::ceil(2.5 * cyc_hi_ / df_ - 1e-6)))));
    fs_z_ = double(zl_) * df_;
    inv_ = kissfft<double>(zl_, true);
    zlen_ = std::max<std::size_t>(1, std::size_t(std::floor(double(ni_) * double(zl_) / double(nfft_))));
    // Discard the taper ramps plus 0.1 s of band-pass settling at each end (at most a quarter each side).
    zmargin_ = std::min<std::size_t>(std::size_t(std::llround((0.5 * kTaper * cfg.window_s + 0.1) * fs_z_)), zlen_ / 4);

    taper_.resize(ni_);
    s2_ = 0;
    for (std::size_t i = 0; i < ni_; ++i) {
      taper_[i] = detail::tukey(i, ni_, kTaper);
      s2_ += taper_[i] * taper_[i];
    }
    hcyc_.resize(m_ + 1);
    for (std::size_t k = 0; k <= m_; ++k) hcyc_[k] = detail::butter_band_mag(double(k) * df_, cyc_lo_, cyc_hi_, 4);
    real_.assign(3 * nfft_, 0.0);  // zero padding beyond ni_ is never overwritten
    for (auto& v : spec_) v.resize(m_ + 1);
    psd_.resize(m_ + 1);
    pc_[0].resize(m_ + 1);
    pc_[1].resize(m_ + 1);
    zin_.assign(zl_, std::complex<double>(0.0, 0.0));
    z_.resize(zl_);
    env_.resize(zl_);
    // Each phase step (|dphase| <= pi) crosses at most one zero-crossing level, so a window of zlen
    // analytic samples has fewer than zlen crossings and cycles in all.
    cross_up_.resize(zlen_ + 1);
    cross_dn_.resize(zlen_ + 1);
    fcyc_.resize(zlen_ + 1);
    dcyc_.resize(zlen_ + 1);
    if (dec_ > 1) init_decimator();  // after the spectrum buffers (the half-band path borrows them)
  }

  const FeatureConfig& config() const noexcept { return cfg_; }
  std::size_t window_samples() const noexcept { return n_; }  ///< frames per window = round(window_s * fs)
  std::size_t hop_samples() const noexcept { return hop_; }   ///< frames per hop = round(hop_s * fs)
  static const std::vector<std::string>& names() {             ///< feature names, in output order
    static const std::vector<std::string> n = {
        "log_band_power",   "rel_band_power",        "log_low_power",       "rel_low_power",
        "dominant_frequency", "broad_peak_frequency", "peak_concentration",  "spectral_entropy",
        "harmonic_ratio",   "log_displacement",      "cycle_freq_cv",       "tremor_stability_index",
        "freq_drift",       "if_spread",             "envelope_cv",         "pause_fraction",
        "amp_freq_coupling", "autocorr_regularity",  "axis_coherence",      "principal_fraction",
        "log_trend",        "inter_sensor_coherence"};
    return n;
  }
  static std::size_t size() noexcept { return std::size_t(Feature::count); }
  /// Decimation factor D of the internal analysis (1 below 100 Hz with the default band).
  std::size_t decimation() const noexcept { return dec_; }
  /// Internal analysis rate fs / D, Hz.
  double internal_rate() const noexcept { return fsi_; }
  /// Frames of the decimated window, (window_samples() - 1) / D + 1.
  std::size_t internal_samples() const noexcept { return ni_; }
  /// FFT length of the window's spectrum at the internal rate (>= 1.5 * internal_samples(), 2^k or 3*2^k);
  /// frequency step internal_rate() / nfft().
  std::size_t nfft() const noexcept { return nfft_; }
  /// Heap memory held by this extractor (buffers + FFT plans' twiddle tables), bytes. Constant after
  /// construction; lets a streaming detector report its footprint without mirroring these internals.
  std::size_t state_bytes() const noexcept {
    std::size_t d = fir_.capacity() + fir3_.capacity() + edge_g_.capacity() + taper_.capacity() + hcyc_.capacity() + real_.capacity() + psd_.capacity() +
                    cross_up_.capacity() + cross_dn_.capacity() + fcyc_.capacity() + dcyc_.capacity() + env_.capacity();
    std::size_t c = zin_.capacity() + z_.capacity() + m_ + zl_;  // + twiddles of both plans
    for (const auto& v : spec_) c += v.capacity();
    for (const auto& v : pc_) c += v.capacity();
    return d * sizeof(double) + c * sizeof(std::complex<double>);
  }

  /// `window`: window_samples() frames of interleaved x,y,z in cfg.units (gravity included).
  /// `out`: size() values. Values are finite for finite input (NaN input gives NaN output; the batch
  /// driver rejects it first). Wrong span sizes leave `out` filled with NaN.
  void compute(std::span<const double> window, std::span<double> out) noexcept {
    if (out.size() < size()) return;
    if (window.size() != 3 * n_) {
      std::fill(out.begin(), out.begin() + std::ptrdiff_t(size()), std::nan(""));
      return;
    }
    analyse(window, out.data(), 0);
    out[idx(Feature::inter_sensor_coherence)] = 0.0;
  }

  /// Per-axis least-squares lines (input units) of the window last passed to compute() / compute_pair()
  /// (`mean` is the plain window mean, sum / frames). Lets a caller reuse them instead of another pass.
  const AxisLines& last_lines() const noexcept { return lines_; }

  /// Same, for a window of inter-sensor data: `other` is a second sensor (e.g. other leg), same layout.
  /// Every feature but inter_sensor_coherence describes `window` alone.
  void compute_pair(std::span<const double> window, std::span<const double> other, std::span<double> out) noexcept {
    if (out.size() < size()) return;
    if (window.size() != 3 * n_ || other.size() != 3 * n_) {
      std::fill(out.begin(), out.begin() + std::ptrdiff_t(size()), std::nan(""));
      return;
    }
    std::array<double, std::size_t(Feature::count)> scratch{};
    analyse(other, scratch.data(), 1);
    analyse(window, out.data(), 0);
    const double f0 = out[idx(Feature::dominant_frequency)];
    std::complex<double> sxy = 0;
    double sxx = 0, syy = 0;
    for (std::size_t k = 1; k <= m_; ++k) {
      if (std::abs(double(k) * df_ - f0) > 1.0) continue;
      sxy += detail::mul_conj(pc_[0][k], pc_[1][k]);
      sxx += detail::norm2(pc_[0][k]);
      syy += detail::norm2(pc_[1][k]);
    }
    out[idx(Feature::inter_sensor_coherence)] = (sxx > 0 && syy > 0) ? detail::norm2(sxy) / (sxx * syy) : 0.0;
  }

 private:
  static constexpr std::size_t idx(Feature f) noexcept { return std::size_t(f); }
  // Powers below this (m^2/s^4, far below any accelerometer's noise) count as zero in ratios, so a
  // motionless, noise-free input gives 0 rather than ratios of rounding residue.
  static constexpr double kPowerFloor = 1e-12;
  static constexpr double kTaper = 0.1;  // Tukey alpha: tapered fraction of the window (both ends)
  static constexpr double kMinInternalRate = 50.0;  // Hz

  // Power in [f1, f2] (rectangle rule over the bins inside the band), m^2/s^4.
  double band_sum(double f1, double f2) const noexcept {
    const double lo = std::max(0.0, std::ceil(f1 / df_ - 1e-9));
    const double hi = std::min(double(m_), std::floor(f2 / df_ + 1e-9));
    double s = 0;
    for (auto k = std::size_t(lo); double(k) <= hi; ++k) s += psd_[k];
    return s * df_;
  }

  // Refined frequency of the PSD maximum inside [f1, f2].
  double peak_in(double f1, double f2) const noexcept {
    const auto lo = std::size_t(std::max(1.0, std::ceil(f1 / df_ - 1e-9)));
    const auto hi = std::size_t(std::min(double(m_ - 1), std::floor(f2 / df_ + 1e-9)));
    if (hi < lo) return f1;
    std::size_t best = lo;
    for (std::size_t k = lo; k <= hi; ++k)
      if (psd_[k] > psd_[best]) best = k;
    if (!(psd_[best] > 0)) return 0.0;
    const double off = detail::parabolic_offset(psd_[best - 1], psd_[best], psd_[best + 1]);
    return std::clamp((double(best) + off) * df_, f1, f2);
  }

  // Largest-eigenvalue share and leading eigenvector of the cross-spectral matrix sum_k w_k Re(X X^H),
  // summed over bins k in [k0, k1] (bins outside get weight 0).
  template <class Weight>
  std::pair<double, Eigen::Vector3d> principal(Weight&& w, std::size_t k0, std::size_t k1, bool vector = true) const noexcept {
    Eigen::Matrix3d c = Eigen::Matrix3d::Zero();
    for (std::size_t k = std::max<std::size_t>(k0, 1); k <= std::min(k1, m_); ++k) {
      const double wk = w(k);
      if (wk <= 0) continue;
      for (int i = 0; i < 3; ++i)
        for (int j = i; j < 3; ++j) c(i, j) += wk * (spec_[i][k].real() * spec_[j][k].real() + spec_[i][k].imag() * spec_[j][k].imag());
    }
    return principal_of(c, vector);
  }
  // Same, of an accumulated upper triangle. vector == false: the share only (same eigenvalues: Eigen's
  // direct 3x3 solver computes them before, and independently of, the eigenvectors).
  std::pair<double, Eigen::Vector3d> principal_of(Eigen::Matrix3d c, bool vector = true) const noexcept {
    c(1, 0) = c(0, 1);
    c(2, 0) = c(0, 2);
    c(2, 1) = c(1, 2);
    const double tr = c.trace();
    // tr in PSD units * Hz is the (weighted) power; numerically zero motion has no principal axis.
    if (!(tr * 2.0 / (fsi_ * s2_) * df_ > kPowerFloor)) return {0.0, Eigen::Vector3d(1, 0, 0)};
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> es;
    es.computeDirect(c / tr, vector ? Eigen::ComputeEigenvectors : Eigen::EigenvaluesOnly);
    return {std::clamp(es.eigenvalues()(2), 0.0, 1.0), vector ? Eigen::Vector3d(es.eigenvectors().col(2)) : Eigen::Vector3d(1, 0, 0)};
  }

  // `dst` holds m_ + 1 bins; transform_real packs DC and Nyquist into dst[0].
  void fft_real(const double* src, std::complex<double>* dst) noexcept {
    fwd_.transform_real(src, dst);
    const std::complex<double> dc_nyq = dst[0];
    dst[0] = dc_nyq.real();
    dst[m_] = dc_nyq.imag();
  }

  // Decimator set-up. Interior outputs (the whole FIR inside the window) see the line through the tap sums
  // fir_sum_ and fir_m1_; the few outputs near the ends see partial sums g0, g1, tabulated here in the
  // order the former per-window loop summed them. Factor 2 (a half-band filter: every other tap is an
  // exact zero) keeps the folded nonzero taps; larger factors use the taps repeated per axis (fir3_), so
  // the interleaved x,y,z window is a plain contiguous dot product with independent lanes.
  void init_decimator() {
    const std::size_t L = fir_.size(), c = fir_c_, N = n_;
    const double nc = 0.5 * double(N - 1);
    jlo_ = 0;
    while (jlo_ < ni_ && off_ + jlo_ * dec_ < c) ++jlo_;
    jhi_ = jlo_;
    while (jhi_ < ni_ && off_ + jhi_ * dec_ + c < N) ++jhi_;
    for (std::size_t j = 0; j < ni_; ++j) {
      if (j >= jlo_ && j < jhi_) continue;
      const std::size_t n = off_ + j * dec_;
      double g0 = 0, g1 = 0;
      const std::size_t k0 = n >= c ? 0 : c - n;
      const std::size_t k1 = std::min(L, N + c - n);
      for (std::size_t k = k0; k < k1; ++k) {
        g0 += fir_[k];
        g1 += fir_[k] * (double(n + k - c) - nc);
      }
      edge_g_.push_back(g0);
      edge_g_.push_back(g1);
    }
    // Half-band (factor 2): the taps at even nonzero offsets from the centre are exact zeros, so only the
    // odd-offset taps (every other frame) and the centre tap are used.
    half_band_ = dec_ == 2;
    for (std::size_t k = 0; k < L && half_band_; ++k)
      if (k != c && (k + c) % 2 == 0 && fir_[k] != 0.0) half_band_ = false;
    if (half_band_) {
      // Output j's first odd-offset tap reads frame off + 2j - c + k0 = hb_par_ + 2 * (hb_ib0_ + j).
      const std::ptrdiff_t base = std::ptrdiff_t(off_) - std::ptrdiff_t(c) + std::ptrdiff_t((c + 1) % 2);
      hb_par_ = std::size_t(base & 1);
      hb_ib0_ = (base - std::ptrdiff_t(hb_par_)) / 2;
      hb_n_ = (N - hb_par_ + 1) / 2;
      if (hb_n_ > 2 * (m_ + 1)) half_band_ = false;  // cannot happen (m_ >= 0.75 * ni_), kept as a guard
    }
    const std::size_t k0 = (c + 1) % 2, step = half_band_ ? 2 : 1;
    fir_k0_ = half_band_ ? k0 : 0;
    fir_ntaps_ = (L - fir_k0_ + step - 1) / step;
    fir3_.assign(3 * fir_ntaps_, 0.0);  // exact size: state_bytes() reports capacities
    for (std::size_t t = 0; t < fir_ntaps_; ++t)
      fir3_[3 * t] = fir3_[3 * t + 1] = fir3_[3 * t + 2] = fir_[fir_k0_ + t * step];
    edge_g_.shrink_to_fit();
    fir_mid_ = fir_[c];
    std::vector<double>().swap(fir_);  // fir3_ (+ fir_mid_) hold the taps
  }

  // sum_k h[k] * frame[k] per axis over `frames` consecutive interleaved frames; h3 holds each tap three
  // times. Six independent lanes (two frames; Eigen maps them to SIMD packets), no reassociation within a lane.
  static void fir_dot3(const double* h3, const double* p, std::size_t frames, double& a0, double& a1,
                       double& a2) noexcept {
    using A6 = Eigen::Array<double, 6, 1>;
    A6 s = A6::Zero();
    std::size_t m = 0;
    for (; m + 2 <= frames; m += 2) s += Eigen::Map<const A6>(h3 + 3 * m) * Eigen::Map<const A6>(p + 3 * m);
    if (m < frames) {
      s(0) += h3[3 * m] * p[3 * m];
      s(1) += h3[3 * m + 1] * p[3 * m + 1];
      s(2) += h3[3 * m + 2] * p[3 * m + 2];
    }
    a0 = s(0) + s(3);
    a1 = s(1) + s(4);
    a2 = s(2) + s(5);
  }

  // Low-pass + decimate the raw window to ni_ frames, remove the fitted line and taper, into the three
  // planar FFT inputs real_[c * nfft_ ..] (the FIR of a line is the same line where the FIR lies inside the
  // window; near the ends the partial tap sums g0, g1 give the FIR of the line exactly).
  void decimate(std::span<const double> w, const AxisLines& lines, double sc) noexcept {
    const double* x = w.data();
    const std::size_t c = fir_c_, N = n_;
    const std::size_t L = 2 * c + 1;
    const double nc = 0.5 * double(N - 1);
    double* r0 = real_.data();
    double* r1 = r0 + nfft_;
    double* r2 = r1 + nfft_;
    // Interior outputs: FIR sums into real_ first, then the line and taper per axis (elementwise loops).
    if (half_band_) {
      half_band_interior(x);
    } else {
      for (std::size_t j = jlo_; j < jhi_; ++j)
        fir_dot3(fir3_.data(), x + 3 * (off_ + j * dec_ - c), L, r0[j], r1[j], r2[j]);
    }
    for (std::size_t a = 0; a < 3; ++a) {
      double* r = real_.data() + a * nfft_;
      const double ma = lines.mean[a], sa = lines.slope[a], g0 = fir_sum_;
      double dn = double(off_ + jlo_ * dec_);  // n as a double (exact integers)
      for (std::size_t j = jlo_; j < jhi_; ++j, dn += double(dec_)) {
        const double g1 = fir_sum_ * (dn - nc) + fir_m1_;
        r[j] = sc * (r[j] - ma * g0 - sa * g1) * taper_[j];
      }
    }
    // Edge outputs (partial tap sums g0, g1 tabulated at construction).
    const double* eg = edge_g_.data();
    for (std::size_t j = 0; j < ni_; ++j) {
      if (j == jlo_) j = jhi_;
      if (j >= ni_) break;
      const std::size_t n = off_ + j * dec_;
      double a0 = 0, a1 = 0, a2 = 0;
      const std::size_t k0 = n >= c ? 0 : c - n;
      const std::size_t k1 = std::min(L, N + c - n);  // exclusive
      if (half_band_) {
        // odd-offset taps inside [k0, k1), then the centre
        const std::size_t t0 = k0 <= fir_k0_ ? 0 : (k0 - fir_k0_ + 1) / 2;
        const std::size_t t1 = k1 <= fir_k0_ ? 0 : (k1 - fir_k0_ + 1) / 2;
        for (std::size_t t = t0; t < t1; ++t) {
          const double* f = x + 3 * (n + fir_k0_ + 2 * t - c);
          a0 += fir3_[3 * t] * f[0];
          a1 += fir3_[3 * t] * f[1];
          a2 += fir3_[3 * t] * f[2];
        }
        a0 += fir_mid_ * x[3 * n];
        a1 += fir_mid_ * x[3 * n + 1];
        a2 += fir_mid_ * x[3 * n + 2];
      } else {
        fir_dot3(fir3_.data() + 3 * k0, x + 3 * (n + k0 - c), k1 - k0, a0, a1, a2);
      }
      const double g0 = eg[0], g1 = eg[1];
      eg += 2;
      const double t = taper_[j];
      r0[j] = sc * (a0 - lines.mean[0] * g0 - lines.slope[0] * g1) * t;
      r1[j] = sc * (a1 - lines.mean[1] * g0 - lines.slope[1] * g1) * t;
      r2[j] = sc * (a2 - lines.mean[2] * g0 - lines.slope[2] * g1) * t;
    }
  }

  // Half-band interior outputs into real_ (the FIR sums before the line is removed; decimate() finishes
  // them in place). The odd-offset taps all read frames of one parity: those frames are copied out planar,
  // so that blocks of 4 consecutive outputs are contiguous loads per tap (independent lanes, no reduction).
  void half_band_interior(const double* x) noexcept {
    // The planar copy lives in the spectrum buffers, which are free until the FFTs (std::complex<double>
    // arrays may be accessed as arrays of double; each holds 2 * (m_ + 1) >= hb_n_ values, see init).
    const std::size_t no = hb_n_;
    double* o0 = reinterpret_cast<double*>(spec_[0].data());
    double* o1 = reinterpret_cast<double*>(spec_[1].data());
    double* o2 = reinterpret_cast<double*>(spec_[2].data());
    for (std::size_t i = 0; i < no; ++i) {
      const double* f = x + 3 * (hb_par_ + 2 * i);
      o0[i] = f[0];
      o1[i] = f[1];
      o2[i] = f[2];
    }
    double* r0 = real_.data();
    double* r1 = r0 + nfft_;
    double* r2 = r1 + nfft_;
    const double* h = fir3_.data();
    const std::size_t T = fir_ntaps_;
    std::size_t j = jlo_;
    for (; j + 4 <= jhi_; j += 4) {
      const std::size_t ib = std::size_t(hb_ib0_ + std::ptrdiff_t(j));
      // Eigen's fixed-size arrays map to SIMD packets (SSE2/NEON) where available.
      using A4 = Eigen::Array4d;
      A4 s0 = A4::Zero(), s1 = A4::Zero(), s2 = A4::Zero();
      for (std::size_t t = 0; t < T; ++t) {
        const double ht = h[3 * t];
        s0 += ht * Eigen::Map<const A4>(o0 + ib + t);
        s1 += ht * Eigen::Map<const A4>(o1 + ib + t);
        s2 += ht * Eigen::Map<const A4>(o2 + ib + t);
      }
      for (std::size_t q = 0; q < 4; ++q) {
        const double* xm = x + 3 * (off_ + (j + q) * 2);
        r0[j + q] = s0[q] + fir_mid_ * xm[0];
        r1[j + q] = s1[q] + fir_mid_ * xm[1];
        r2[j + q] = s2[q] + fir_mid_ * xm[2];
      }
    }
    for (; j < jhi_; ++j) {
      const std::size_t ib = std::size_t(hb_ib0_ + std::ptrdiff_t(j));
      double a0 = 0, a1 = 0, a2 = 0;
      for (std::size_t t = 0; t < T; ++t) {
        a0 += h[3 * t] * o0[ib + t];
        a1 += h[3 * t] * o1[ib + t];
        a2 += h[3 * t] * o2[ib + t];
      }
      const double* xm = x + 3 * (off_ + j * 2);
      r0[j] = a0 + fir_mid_ * xm[0];
      r1[j] = a1 + fir_mid_ * xm[1];
      r2[j] = a2 + fir_mid_ * xm[2];
    }
  }

  // No decimation: remove the fitted line and taper (same arithmetic as remove_gravity).
  void detrend_taper(std::span<const double> w, const AxisLines& l, double sc) noexcept {
    const double nc = 0.5 * double(n_ - 1);
    for (std::size_t c = 0; c < 3; ++c) {
      double* d = real_.data() + c * nfft_;
      for (std::size_t i = 0; i < n_; ++i)
        d[i] = sc * (w[3 * i + c] - l.mean[c] - l.slope[c] * (double(i) - nc)) * taper_[i];
    }
  }

  void analyse(std::span<const double> w, double* out, int slot) noexcept {
    const double sc = cfg_.units == Units::g ? standard_gravity : 1.0;
    const double tiny = 1e-300;

    // 1. Gravity (window mean) and slow posture change (slope) per axis at the input rate; the decimated
    //    residual is the dynamic part.
    const AxisLines lines = fit_axis_lines(w, n_);
    lines_ = lines;
    const double trend = gravity_from_lines(lines, n_, sc).change_norm();
    if (dec_ == 1) {
      detrend_taper(w, lines, sc);
    } else {
      decimate(w, lines, sc);
    }

    // 2. Tapered spectra and the orientation-invariant PSD (sum over axes), one-sided density.
    for (std::size_t c = 0; c < 3; ++c) fft_real(real_.data() + c * nfft_, spec_[c].data());
    // The same pass accumulates the cycle-band cross-spectral matrix (weights hcyc^2, all > 0 for k >= 1)
    // for step 3, in the same bin order as a separate pass would.
    const double norm = 2.0 / (fsi_ * s2_);
    double c00 = 0, c01 = 0, c02 = 0, c11 = 0, c12 = 0, c22 = 0;
    {
      const std::complex<double>* x0 = spec_[0].data();
      const std::complex<double>* x1 = spec_[1].data();
      const std::complex<double>* x2 = spec_[2].data();
      psd_[0] = (detail::norm2(x0[0]) + detail::norm2(x1[0]) + detail::norm2(x2[0])) * (0.5 * norm);
      // (re, im) pairs as 2-lane packets; each lane sums its own part over the bins, the two lanes are
      // added at the end.
      using A2 = Eigen::Array2d;
      A2 a00 = A2::Zero(), a01 = A2::Zero(), a02 = A2::Zero(), a11 = A2::Zero(), a12 = A2::Zero(), a22 = A2::Zero();
      const double* y0 = reinterpret_cast<const double*>(x0);
      const double* y1 = reinterpret_cast<const double*>(x1);
      const double* y2 = reinterpret_cast<const double*>(x2);
      for (std::size_t k = 1; k <= m_; ++k) {
        const A2 u0 = Eigen::Map<const A2>(y0 + 2 * k), u1 = Eigen::Map<const A2>(y1 + 2 * k),
                 u2 = Eigen::Map<const A2>(y2 + 2 * k);
        const A2 q00 = u0 * u0, q11 = u1 * u1, q22 = u2 * u2;
        psd_[k] = (q00 + q11 + q22).sum() * (k == m_ ? 0.5 * norm : norm);
        const double wk = hcyc_[k] * hcyc_[k];  // > 0 for every k >= 1
        a00 += wk * q00;
        a01 += wk * (u0 * u1);
        a02 += wk * (u0 * u2);
        a11 += wk * q11;
        a12 += wk * (u1 * u2);
        a22 += wk * q22;
      }
      c00 = a00.sum();
      c01 = a01.sum();
      c02 = a02.sum();
      c11 = a11.sum();
      c12 = a12.sum();
      c22 = a22.sum();
    }
    const double p_band = band_sum(cfg_.band_lo, hi_);
    const double p_broad = band_sum(0.5, broad_hi_);
    const double p_low = band_sum(0.3, 3.5);
    const double p_lowbroad = band_sum(0.3, broad_hi_);
    const double f_dom = peak_in(cfg_.band_lo, hi_);
    const double f_broad = peak_in(0.5, broad_hi_);

    out[idx(Feature::log_band_power)] = std::log10(p_band + 1e-6);
    out[idx(Feature::rel_band_power)] = std::min(1.0, p_band / (p_broad + kPowerFloor));
    out[idx(Feature::log_low_power)] = std::log10(p_low + 1e-6);
    out[idx(Feature::rel_low_power)] = std::min(1.0, p_low / (p_lowbroad + kPowerFloor));
    out[idx(Feature::dominant_frequency)] = f_dom;
    out[idx(Feature::broad_peak_frequency)] = f_broad;
    out[idx(Feature::peak_concentration)] =
        std::min(1.0, band_sum(f_dom - 1.0, f_dom + 1.0) / (p_broad + kPowerFloor));
    {
      const auto lo = std::size_t(std::ceil(0.5 / df_ - 1e-9));
      const auto hi = std::size_t(std::min(double(m_), std::floor(broad_hi_ / df_ + 1e-9)));
      double tot = 0, h = 0;
      for (std::size_t k = lo; k <= hi; ++k) tot += psd_[k];
      if (tot * df_ > kPowerFloor && hi > lo) {
        for (std::size_t k = lo; k <= hi; ++k) {
          const double p = psd_[k] / tot;
          if (p > 0) h -= p * std::log(p);
        }
        h /= std::log(double(hi - lo + 1));
      }
      out[idx(Feature::spectral_entropy)] = std::clamp(h, 0.0, 1.0);
    }
    {
      const double p1 = band_sum(f_dom - 0.5, f_dom + 0.5);
      const double p2 = 2 * f_dom + 0.5 < 0.475 * fsi_ ? band_sum(2 * f_dom - 0.5, 2 * f_dom + 0.5) : 0.0;
      out[idx(Feature::harmonic_ratio)] = p2 / (p1 + p2 + kPowerFloor);
    }
    {
      const double om2 = std::pow(2 * std::numbers::pi * std::max(f_dom, 0.5), 2);
      out[idx(Feature::log_displacement)] = std::log10(std::sqrt(p_band) / om2 + 1e-9);
    }
    out[idx(Feature::log_trend)] = std::log10(trend + 1e-3);

    // 3. Principal axis of the cycle band and axis coherence at the peak.
    Eigen::Matrix3d ccyc = Eigen::Matrix3d::Zero();
    ccyc(0, 0) = c00;
    ccyc(0, 1) = c01;
    ccyc(0, 2) = c02;
    ccyc(1, 1) = c11;
    ccyc(1, 2) = c12;
    ccyc(2, 2) = c22;
    const auto [pfrac, v] = principal_of(ccyc);
    out[idx(Feature::principal_fraction)] = pfrac;
    {
      // Bins within f_dom +- 1 Hz (one bin of slack each side; the test below decides).
      const double klo = std::floor((f_dom - 1.0) / df_) - 1.0, khi = std::ceil((f_dom + 1.0) / df_) + 1.0;
      const auto k0 = std::size_t(std::max(1.0, klo));
      const auto k1 = std::size_t(std::clamp(khi, 0.0, double(m_)));
      out[idx(Feature::axis_coherence)] =
          principal([&](std::size_t k) { return std::abs(double(k) * df_ - f_dom) <= 1.0 ? 1.0 : 0.0; }, k0, k1, false)
              .first;
    }

    // 4. Principal component -> band-passed analytic signal. Projection is linear, so the component's
    //    spectrum is the same projection of the axis spectra (no extra FFT). The analytic signal holds only
    //    positive frequencies inside the cycle band, so it is synthesised with an inverse FFT of only
    //    zl_ <= nfft bins, i.e. directly at the reduced rate fs_z = zl_ * df (no aliasing: the mask is ~0
    //    above 2.5 * the cycle band's upper edge). The Tukey taper is flat outside its 5 % ends, which lie
    //    inside the discarded margins.
    auto& pc = pc_[std::size_t(slot)];
    // zin_[0] and zin_[k >= m_] stay 0 (set at construction).
    const double inv_n = 1.0 / double(nfft_);
    const std::size_t kz = std::min(zl_, m_);
    for (std::size_t k = 0; k <= m_; ++k) {
      pc[k] = v(0) * spec_[0][k] + v(1) * spec_[1][k] + v(2) * spec_[2][k];
      if (k >= 1 && k < kz) zin_[k] = (2.0 * inv_n * hcyc_[k]) * pc[k];
    }
    inv_.transform(zin_.data(), z_.data());
    const double fz = fs_z_;
    const std::size_t m0 = zmargin_, m1 = zlen_ - zmargin_;
    const double cnt = double(m1 - m0);

    // Envelope statistics.
    double es = 0, es2 = 0;
    for (std::size_t i = m0; i < m1; ++i) {
      const double e2 = detail::norm2(z_[i]);
      env_[i] = std::sqrt(e2);
      es += env_[i];
      es2 += e2;
    }
    const double emean = es / cnt;
    if (!(emean * emean > kPowerFloor)) {
      // No oscillation in the cycle band (numerically): cycle features are undefined; report 0.
      for (Feature f : {Feature::envelope_cv, Feature::pause_fraction, Feature::if_spread, Feature::freq_drift,
                        Feature::amp_freq_coupling, Feature::cycle_freq_cv, Feature::tremor_stability_index,
                        Feature::autocorr_regularity})
        out[idx(f)] = 0.0;
      return;
    }
    const double evar = std::max(0.0, es2 / cnt - emean * emean);
    out[idx(Feature::envelope_cv)] = emean > tiny ? std::sqrt(evar) / emean : 0.0;
    {
      std::size_t low = 0;
      for (std::size_t i = m0; i < m1; ++i) low += env_[i] < 0.3 * emean;
      out[idx(Feature::pause_fraction)] = emean > tiny ? double(low) / cnt : 0.0;
    }

    // Instantaneous frequency from the phase advance between samples (weighted by e[n]*e[n+1]); the
    // unwrapped phase also locates the zero crossings of the real part (phase = -pi/2 + j*pi), which is far
    // more precise than interpolating the signal itself at a low sample rate.
    std::size_t nu = 0, nd = 0;
    {
      const double k_if = fz / (2 * std::numbers::pi);
      const std::size_t mid = (m0 + m1) / 2;
      double sw[2] = {0, 0}, sf[2] = {0, 0}, sff = 0, a_s = 0, f_s = 0, af = 0;
      std::size_t nn = 0;
      double ph = detail::atan2_fast(z_[m0].imag(), z_[m0].real());
      // Index of the last zero-crossing level (-pi/2 + j*pi) at or below the unwrapped phase.
      auto level_below = [](double phase) { return detail::floor_exact((phase + std::numbers::pi / 2) / std::numbers::pi); };
      double kcur = level_below(ph);
      for (std::size_t i = m0; i + 1 < m1; ++i) {
        const std::complex<double> d = detail::mul_conj(z_[i + 1], z_[i]);
        const double wt = env_[i] * env_[i + 1];
        const double dph = detail::atan2_fast(d.imag(), d.real());
        const double f = dph * k_if;
        const int h = i < mid ? 0 : 1;
        sw[h] += wt;
        sf[h] += wt * f;
        sff += wt * f * f;
        a_s += env_[i];
        f_s += f;
        af += env_[i] * f;
        ++nn;
        const double knew = level_below(ph + dph);
        if (wt > 0 && dph != 0) {
          // Levels -pi/2 + j*pi passed by this step: j in (kcur, knew] going up, (knew, kcur] going down.
          const double j0 = dph > 0 ? kcur + 1 : knew + 1, j1 = dph > 0 ? knew : kcur;
          for (double j = j0; j <= j1; j += 1) {
            const double lev = -std::numbers::pi / 2 + j * std::numbers::pi;
            const double tcross = double(i) + (lev - ph) / dph;
            const bool even = static_cast<long long>(j) % 2 == 0;
            // (bounds: at most one level per step, see the constructor; the checks only guard rounding)
            if (even == (dph > 0)) {
              if (nu < cross_up_.size()) cross_up_[nu++] = tcross;
            } else if (nd < cross_dn_.size()) {
              cross_dn_[nd++] = tcross;
            }
          }
        }
        kcur = knew;
        ph += dph;
      }
      const double wtot = sw[0] + sw[1];
      if (wtot > tiny && sw[0] > tiny && sw[1] > tiny) {
        const double fm = (sf[0] + sf[1]) / wtot;
        out[idx(Feature::if_spread)] = std::sqrt(std::max(0.0, sff / wtot - fm * fm));
        out[idx(Feature::freq_drift)] = std::abs(sf[1] / sw[1] - sf[0] / sw[0]);
      } else {
        out[idx(Feature::if_spread)] = 0.0;
        out[idx(Feature::freq_drift)] = 0.0;
      }
      // Covariance of the relative envelope with the instantaneous frequency (Hz): near 0 for steady
      // oscillation, large when amplitude and frequency drift together (typical of wilful shaking).
      const double dn = double(std::max<std::size_t>(nn, 1));
      const double em = a_s / dn;
      const double cov = em > tiny ? (af / dn - em * (f_s / dn)) / em : 0.0;
      out[idx(Feature::amp_freq_coupling)] = std::abs(cov);
    }

    // Cycle-to-cycle frequencies between crossings of the same direction; both directions are used so
    // the result does not depend on the eigenvector's sign.
    {
      std::size_t nf = 0, ndf = 0;
      auto cycles = [&](const std::vector<double>& t, std::size_t n) {
        double prev = 0;
        for (std::size_t j = 0; j + 1 < n && nf < fcyc_.size(); ++j) {
          const double f = fz / std::max(t[j + 1] - t[j], 1e-9);
          fcyc_[nf++] = f;
          if (j > 0) dcyc_[ndf++] = f - prev;
          prev = f;
        }
      };
      cycles(cross_up_, nu);
      cycles(cross_dn_, nd);
      double fs1 = 0, fs2 = 0;
      for (std::size_t j = 0; j < nf; ++j) {
        fs1 += fcyc_[j];
        fs2 += fcyc_[j] * fcyc_[j];
      }
      if (nf >= 2) {
        const double fm = fs1 / double(nf);
        out[idx(Feature::cycle_freq_cv)] = std::sqrt(std::max(0.0, fs2 / double(nf) - fm * fm)) / fm;
      } else {
        out[idx(Feature::cycle_freq_cv)] = 0.0;
      }
      out[idx(Feature::tremor_stability_index)] = detail::iqr_inplace(std::span<double>(dcyc_.data(), ndf));
    }

    // Regularity: autocorrelation of the analytic band-passed component at a lag of one dominant period,
    // |sum z[n+L] z*[n]| / sqrt(E_a E_b) with linear interpolation between integer lags. Its magnitude is
    // the envelope of the real autocorrelation, i.e. the height of its first peak, and is smooth in L
    // (so the reduced sample rate does not bias it).
    {
      const std::size_t len = m1 - m0;
      const double l0 = fz / std::max(f_dom, 1.0);
      const auto L = std::size_t(l0);
      const double fr = l0 - double(L);
      auto rho = [&](std::size_t lag) {
        if (lag == 0 || lag + 2 > len) return 0.0;
        double sr = 0, si = 0, ea = 0, eb = 0;
        for (std::size_t i = m0; i + lag < m1; ++i) {
          const std::complex<double> p = detail::mul_conj(z_[i + lag], z_[i]);
          sr += p.real();
          si += p.imag();
          ea += env_[i] * env_[i];
          eb += env_[i + lag] * env_[i + lag];
        }
        return (ea > tiny && eb > tiny) ? std::sqrt(sr * sr + si * si) / std::sqrt(ea * eb) : 0.0;
      };
      const double r = L == 0 ? rho(1) : (1 - fr) * rho(L) + fr * rho(L + 1);
      out[idx(Feature::autocorr_regularity)] = std::clamp(r, 0.0, 1.0);
    }
  }

  FeatureConfig cfg_;
  AxisLines lines_{};
  std::size_t n_ = 0, hop_ = 0, nfft_ = 0, m_ = 0, zl_ = 0, zlen_ = 0, zmargin_ = 0;
  std::size_t dec_ = 1, ni_ = 0, off_ = 0, fir_c_ = 0, jlo_ = 0, jhi_ = 0, fir_k0_ = 0, fir_ntaps_ = 0;
  bool half_band_ = false;
  std::size_t hb_par_ = 0, hb_n_ = 0;
  std::ptrdiff_t hb_ib0_ = 0;
  double fir_mid_ = 1;
  double fsi_ = 100, fir_sum_ = 1, fir_m1_ = 0;
  double fs_z_ = 1;
  double df_ = 1, hi_ = 12, broad_hi_ = 20, cyc_lo_ = 3, cyc_hi_ = 15, s2_ = 1;
  kissfft<double> fwd_, inv_;
  std::vector<double> fir_, fir3_, edge_g_, taper_, hcyc_, real_, psd_, cross_up_, cross_dn_, fcyc_, dcyc_, env_;
  std::vector<std::complex<double>> zin_, z_;
  std::array<std::vector<std::complex<double>>, 3> spec_;
  std::array<std::vector<std::complex<double>>, 2> pc_;
};

}  // namespace tremorlab
