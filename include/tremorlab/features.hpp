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
#include <limits>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include "tremorlab/detail/feature_cycles.hpp"
#include "tremorlab/detail/feature_decimate.hpp"
#include "tremorlab/detail/feature_plan.hpp"
#include "tremorlab/detail/feature_spectrum.hpp"
#include "tremorlab/detail/fft.hpp"
#include "tremorlab/detail/tremor_band.hpp"
#include "tremorlab/detail/feature_math.hpp"
#include "tremorlab/error.hpp"
#include "tremorlab/gravity.hpp"
#include "tremorlab/units.hpp"

namespace tremorlab {

struct FeatureConfig {
  double fs = 100.0;        ///< Hz, 25..1000
  double window_s = 2.0;    ///< analysis window length, s (1..60); the default model's
  double hop_s = 0.25;      ///< step between windows, s (used by the batch/stream drivers)
  Units units = Units::m_per_s2;
  double band_lo = tremor_band_low_hz;   ///< tremor band, Hz
  double band_hi = tremor_band_high_hz;  ///< capped at 0.45*fs
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

namespace detail {

// Powers below this (m^2/s^4, far below any accelerometer's noise) count as zero in ratios, so a motionless,
// noise-free input gives 0 rather than ratios of rounding residue.
inline constexpr double kPowerFloor = 1e-12;
/// Added inside the log of the log-power features (log_band_power, log_low_power): log10(P + this).
inline constexpr double kLogPowerOffset = 1e-6;

/// The features of one window's summed PSD `psd` (FeatureExtractor's step 2, plan `p`): writes log_band_power
/// .. log_displacement and log_trend (`p_band`: the tremor band's power, `trend`: the fitted line's change,
/// m/s^2) into `out` and returns the dominant frequency.
inline double spectral_features(const std::vector<double>& psd, const FeaturePlan& p, double band_lo, double p_band,
                                double trend, double* out) noexcept {
  auto band_sum = [&](double f1, double f2) { return band_power(psd, p.df, p.m, f1, f2); };
  auto peak_in = [&](double f1, double f2) { return peak_frequency(psd, p.df, p.m, f1, f2); };
  const double p_broad = band_sum(0.5, p.broad_hi);
  const double p_low = band_sum(0.3, 3.5);
  const double p_lowbroad = band_sum(0.3, p.broad_hi);
  const double f_dom = peak_in(band_lo, p.hi);
  const double f_broad = peak_in(0.5, p.broad_hi);

  out[std::size_t(Feature::log_band_power)] = std::log10(p_band + kLogPowerOffset);
  out[std::size_t(Feature::rel_band_power)] = std::min(1.0, p_band / (p_broad + kPowerFloor));
  out[std::size_t(Feature::log_low_power)] = std::log10(p_low + kLogPowerOffset);
  out[std::size_t(Feature::rel_low_power)] = std::min(1.0, p_low / (p_lowbroad + kPowerFloor));
  out[std::size_t(Feature::dominant_frequency)] = f_dom;
  out[std::size_t(Feature::broad_peak_frequency)] = f_broad;
  out[std::size_t(Feature::peak_concentration)] =
      std::min(1.0, band_sum(f_dom - 1.0, f_dom + 1.0) / (p_broad + kPowerFloor));
  {
    const std::size_t lo = p.ent_lo, hi = p.ent_hi;
    double tot = 0, h = 0;
    for (std::size_t k = lo; k <= hi; ++k) tot += psd[k];
    if (tot * p.df > kPowerFloor && hi > lo) {
      for (std::size_t k = lo; k <= hi; ++k) {
        const double q = psd[k] / tot;
        if (q > 0) h -= q * std::log(q);
      }
      h /= std::log(double(hi - lo + 1));
    }
    out[std::size_t(Feature::spectral_entropy)] = std::clamp(h, 0.0, 1.0);
  }
  {
    const double p1 = band_sum(f_dom - 0.5, f_dom + 0.5);
    const double p2 = 2 * f_dom + 0.5 < 0.475 * p.fsi ? band_sum(2 * f_dom - 0.5, 2 * f_dom + 0.5) : 0.0;
    out[std::size_t(Feature::harmonic_ratio)] = p2 / (p1 + p2 + kPowerFloor);
  }
  {
    const double om2 = std::pow(2 * std::numbers::pi * std::max(f_dom, 0.5), 2);
    out[std::size_t(Feature::log_displacement)] = std::log10(std::sqrt(p_band) / om2 + 1e-9);
  }
  out[std::size_t(Feature::log_trend)] = std::log10(trend + 1e-3);

  return f_dom;
}

}  // namespace detail

/// Computes the feature vector of one window. Each window is processed independently of the others
/// (no state carried between windows), so batch and streaming analyses give identical values.
/// Construction validates the config (InvalidArgument) and allocates every buffer; compute() does not allocate.
class FeatureExtractor {
 public:
  explicit FeatureExtractor(const FeatureConfig& cfg) : cfg_(cfg) {
    auto bad = [](const std::string& m) { throw InvalidArgument("FeatureConfig: " + m); };
    if (!std::isfinite(cfg.fs) || cfg.fs < 25.0 || cfg.fs > 1000.0) bad("fs must be in 25..1000 Hz (the 4-12 Hz band needs 25; resample a slower stream first)");
    if (!std::isfinite(cfg.window_s) || cfg.window_s < 1.0 || cfg.window_s > 60.0)
      bad("window_s must be in 1..60 s");
    if (!std::isfinite(cfg.hop_s) || cfg.hop_s <= 0.0 || cfg.hop_s > 3600.0) bad("hop_s must be in (0, 3600] s");
    if (cfg.units != Units::m_per_s2 && cfg.units != Units::g) bad("unknown units");
    if (!std::isfinite(cfg.band_lo) || !std::isfinite(cfg.band_hi) || cfg.band_lo < 1.0 ||
        cfg.band_hi <= cfg.band_lo)
      bad("tremor band needs 1 <= band_lo < band_hi");
    p_ = detail::plan_features(cfg.fs, cfg.window_s, cfg.hop_s, cfg.band_lo, cfg.band_hi, kTaper, kMinInternalRate,
                               no_rhythm_bandwidth_hz);
    if (p_.hi < cfg.band_lo + 1.0) bad("tremor band is too narrow once capped at 0.45*fs");
    if (p_.hop < 1) bad("hop_s * fs must be at least one frame");
    decim_ = detail::WindowDecimator(p_.dec, p_.n);
    fwd_ = detail::RealFft(p_.nfft);
    inv_ = detail::ComplexFft(p_.zl, true);
    taper_.resize(p_.ni);
    s2_ = 0;
    for (std::size_t i = 0; i < p_.ni; ++i) {
      taper_[i] = detail::tukey(i, p_.ni, kTaper);
      s2_ += taper_[i] * taper_[i];
    }
    hcyc_.resize(p_.m + 1);
    for (std::size_t k = 0; k <= p_.m; ++k) hcyc_[k] = detail::butter_band_mag(double(k) * p_.df, p_.cyc_lo, p_.cyc_hi, 4);
    real_.assign(3 * p_.nfft, 0.0);  // zero padding beyond p_.ni is never overwritten
    for (auto& v : spec_) v.resize(p_.m + 1);
    psd_.resize(p_.m + 1);
    pc_[0].resize(p_.m + 1);
    pc_[1].resize(p_.m + 1);
    zin_.assign(p_.zl, std::complex<double>(0.0, 0.0));
    z_.resize(p_.zl);
    cycles_ = detail::CycleAnalysis(p_.zl, p_.zlen);
    // The half-band decimator's planar scratch is the spectrum buffers, free until the FFTs
    // (std::complex<double> arrays may be accessed as arrays of double: 2 * (p_.m + 1) values each).
    if (p_.dec > 1) decim_.init(2 * (p_.m + 1));
  }

  const FeatureConfig& config() const noexcept { return cfg_; }
  std::size_t window_samples() const noexcept { return p_.n; }  ///< frames per window = round(window_s * fs)
  std::size_t hop_samples() const noexcept { return p_.hop; }   ///< frames per hop = round(hop_s * fs)
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
  std::size_t decimation() const noexcept { return p_.dec; }
  /// Internal analysis rate fs / D, Hz.
  double internal_rate() const noexcept { return p_.fsi; }
  /// Frames of the decimated window, (window_samples() - 1) / D + 1.
  std::size_t internal_samples() const noexcept { return p_.ni; }
  /// FFT length of the window's spectrum at the internal rate (>= 1.5 * internal_samples(), 2^k or 3*2^k);
  /// frequency step internal_rate() / nfft().
  std::size_t nfft() const noexcept { return p_.nfft; }
  /// Heap memory held by this extractor (buffers + FFT plans' twiddle tables), bytes. Constant after
  /// construction; lets a streaming detector report its footprint without mirroring these internals.
  std::size_t state_bytes() const noexcept {
    std::size_t d = decim_.state_doubles() + taper_.capacity() + hcyc_.capacity() + real_.capacity() + psd_.capacity() +
                    cycles_.state_doubles();
    std::size_t c = zin_.capacity() + z_.capacity() + p_.m + p_.zl;  // + twiddles of both plans
    for (const auto& v : spec_) c += v.capacity();
    for (const auto& v : pc_) c += v.capacity();
    return d * sizeof(double) + c * sizeof(std::complex<double>);
  }

  /// `window`: window_samples() frames of interleaved x,y,z in cfg.units (gravity included).
  /// `out`: size() values. Values are finite for finite input (NaN input gives NaN output; the batch
  /// driver rejects it first). Wrong span sizes leave `out` filled with NaN.
  void compute(std::span<const double> window, std::span<double> out) noexcept {
    if (out.size() < size()) return;
    if (window.size() != 3 * p_.n) {
      std::fill(out.begin(), out.begin() + std::ptrdiff_t(size()), std::nan(""));
      return;
    }
    analyse(window, out.data(), 0);
    out[idx(Feature::inter_sensor_coherence)] = 0.0;
  }

  /// Per-axis least-squares lines (input units) of the window last passed to compute() / compute_pair()
  /// (`mean` is the plain window mean, sum / frames). Lets a caller reuse them instead of another pass.
  const AxisLines& last_lines() const noexcept { return lines_; }
  /// Band-passed RMS acceleration (m/s^2, all three axes) of the window last passed to compute() /
  /// compute_pair(): sqrt(P) with P the tremor-band power that log_band_power reports as log10(P + 1e-6).
  double last_band_rms() const noexcept { return band_rms_; }
  /// The band-passed RMS acceleration (m/s^2) of a window from its feature row (size() values), by inverting
  /// log_band_power: what last_band_rms() gave for that window, to rounding. For callers that kept only the
  /// features (training, evaluation).
  static double band_rms_of(std::span<const double> features) noexcept {
    const double lp = features[idx(Feature::log_band_power)];
    return std::sqrt(std::max(0.0, std::pow(10.0, lp) - kLogPowerOffset));
  }
  /// Effective bandwidth (Hz) at and above which a window has no rhythm: the power of its 0.5-20 Hz spectrum
  /// spreads over so many bins (exp of the PSD's Shannon entropy, times the bin width) that no peak in it is
  /// an oscillation (random vibration of a ride, impacts, sensor noise). Chosen as spectral_entropy 0.88 at
  /// the default analysis (2 s window, 50 Hz internal rate: 75 bins of 50/192 Hz), above every tremor window the
  /// project has: the PADS rule-labelled tremor windows of model v9's and v10's train pools reach 0.874 (a 9.4 Hz postural
  /// tremor of 33 mg, PD 269; until v8 the pool's highest was 0.867 and the threshold 0.87, 11.14 Hz),
  /// synthetic tremor at 50-200 Hz 0.870. Band-limited Gaussian vibration (benchmarks/vibration.py) lies at
  /// 0.91 and above in 1-20 and 2-30 Hz, 0.80-0.90 in 0.5-8 Hz. A bandwidth, not an entropy, because the
  /// normalised entropy of the same spectrum rises when fewer bins are available: a 25 Hz stream (0.5-11 Hz,
  /// 35 bins) puts 15 % of those real tremor windows above 0.87, and there no window can reach 11.6 Hz, so
  /// the rule never fires (no_rhythm_entropy() > 1).
  static constexpr double no_rhythm_bandwidth_hz = 11.633829;
  /// The spectral_entropy above which this extractor's windows have no rhythm: no_rhythm_bandwidth_hz in the
  /// units of the feature (its bins, its bin width). 0.88 at the default analysis; above 1 (never) when the
  /// spectrum holds fewer than ~35 bins of its band.
  double no_rhythm_entropy() const noexcept { return p_.no_rhythm_entropy; }
  /// Share of the 0.5-20 Hz movement power (rel_band_power) below which the tremor band holds only the
  /// harmonics and skirts of a slower movement, when the window's strongest rhythm is slower than any tremor
  /// (slowest_tremor_hz). The same quarter below which the Detector already asks more of a window
  /// (HysteresisConfig::weak_share): 5-95 % of a jog's windows, strides at 2.5-2.9 Hz, hold 0.06-0.23 of their
  /// power in the band, while a tremor starting over a resting limb's sway (strongest rhythm ~0.5 Hz) holds
  /// 0.27-0.73 (docs/evaluation.md, "Jogging").
  static constexpr double harmonics_band_share = 0.25;
  /// The window's shaking rhythm (Hz) from its feature row: broad_peak_frequency, or 0 (no rhythm) when
  ///  * its spectral_entropy is above `no_rhythm_entropy` (the extractor's no_rhythm_entropy()): a flat
  ///    spectrum, no oscillation at all; or
  ///  * that rhythm is slower than any tremor (slowest_tremor_hz) and the tremor band holds less than
  ///    harmonics_band_share of the movement power: a slower movement (steps, a jog) whose impacts put their
  ///    harmonics in the band, not an oscillation of its own.
  /// The rhythm decide() takes: a window without one is not shaking of any kind.
  static double rhythm_of(std::span<const double> features, double no_rhythm_entropy) noexcept {
    const double f = features[idx(Feature::broad_peak_frequency)];
    if (features[idx(Feature::spectral_entropy)] > no_rhythm_entropy) return 0.0;
    if (f < slowest_tremor_hz && features[idx(Feature::rel_band_power)] < harmonics_band_share) return 0.0;
    return f;
  }
  /// The same with this extractor's threshold.
  double rhythm_of(std::span<const double> features) const noexcept { return rhythm_of(features, p_.no_rhythm_entropy); }
  /// The frequency (Hz) of a window's shaking, as events, bouts and sessions report it: the band's dominant
  /// frequency (`dominant_hz`, the dominant_frequency feature), unless the window's rhythm (`rhythm_hz`,
  /// rhythm_of) is a tremor slower than the analysis band (slowest_tremor_hz <= rhythm < band_lo_hz) and that
  /// peak is only this rhythm seen through the band: the upper flank of its own peak (less than
  /// shaking_flank_hz above it) or its 2nd or 3rd harmonic (within shaking_harmonic_tolerance of 2 or 3 times
  /// it). Then it is the rhythm. A 3.5 Hz parkinsonian rest tremor (PADS PD 179, Relaxed, right wrist) read
  /// 4.0-4.5 Hz in some windows and 7.0-7.5 Hz in others, a bout mean of 5.0 Hz where the recording has no
  /// power at all. An in-band oscillation of its own over a slower movement (a 7 Hz shaking over a 3 Hz one:
  /// not a harmonic) keeps its frequency. The model's features are unchanged.
  static double shaking_frequency(double dominant_hz, double rhythm_hz, double band_lo_hz) noexcept {
    if (!(rhythm_hz >= slowest_tremor_hz && rhythm_hz < band_lo_hz)) return dominant_hz;
    const bool flank = dominant_hz < rhythm_hz + shaking_flank_hz;
    bool harmonic = false;
    for (int k = 2; k <= 3; ++k)
      harmonic = harmonic || std::abs(dominant_hz - k * rhythm_hz) <= shaking_harmonic_tolerance * k * rhythm_hz;
    return flank || harmonic ? rhythm_hz : dominant_hz;
  }
  /// shaking_frequency: an in-band peak less than this above the rhythm is its flank (Hz; the 2 s window's
  /// spectrum has 0.5 Hz bins, and the band's 4 Hz edge moves a 3-4 Hz peak up by up to a bin and a half).
  static constexpr double shaking_flank_hz = 1.0;
  /// shaking_frequency: how far (relative) an in-band peak may lie from k times the rhythm to be its harmonic.
  static constexpr double shaking_harmonic_tolerance = 0.1;
  /// The window's band share from its feature row (rel_band_power: tremor-band share of the 0.5-20 Hz movement
  /// power): the band share decide() takes (DecisionConfig::mimicked_min_band_share).
  static double band_share_of(std::span<const double> features) noexcept {
    return features[idx(Feature::rel_band_power)];
  }

  /// Same, for a window of inter-sensor data: `other` is a second sensor (e.g. other leg), same layout.
  /// Every feature but inter_sensor_coherence describes `window` alone.
  void compute_pair(std::span<const double> window, std::span<const double> other, std::span<double> out) noexcept {
    if (out.size() < size()) return;
    if (window.size() != 3 * p_.n || other.size() != 3 * p_.n) {
      std::fill(out.begin(), out.begin() + std::ptrdiff_t(size()), std::nan(""));
      return;
    }
    std::array<double, std::size_t(Feature::count)> scratch{};
    analyse(other, scratch.data(), 1);
    analyse(window, out.data(), 0);
    const double f0 = out[idx(Feature::dominant_frequency)];
    std::complex<double> sxy = 0;
    double sxx = 0, syy = 0;
    for (std::size_t k = 1; k <= p_.m; ++k) {
      if (std::abs(double(k) * p_.df - f0) > 1.0) continue;
      sxy += detail::mul_conj(pc_[0][k], pc_[1][k]);
      sxx += detail::norm2(pc_[0][k]);
      syy += detail::norm2(pc_[1][k]);
    }
    out[idx(Feature::inter_sensor_coherence)] = (sxx > 0 && syy > 0) ? detail::norm2(sxy) / (sxx * syy) : 0.0;
  }

 private:
  static constexpr std::size_t idx(Feature f) noexcept { return std::size_t(f); }
  static constexpr double kPowerFloor = detail::kPowerFloor;
  static constexpr double kLogPowerOffset = detail::kLogPowerOffset;
  static constexpr double kTaper = 0.1;  // Tukey alpha: tapered fraction of the window (both ends)
  static constexpr double kMinInternalRate = 50.0;  // Hz

  // Largest-eigenvalue share and leading eigenvector of the cross-spectral matrix sum_k w_k Re(X X^H),
  // summed over bins k in [k0, k1] (bins outside get weight 0).
  template <class Weight>
  std::pair<double, Eigen::Vector3d> principal(Weight&& w, std::size_t k0, std::size_t k1, bool vector = true) const noexcept {
    Eigen::Matrix3d c = Eigen::Matrix3d::Zero();
    for (std::size_t k = std::max<std::size_t>(k0, 1); k <= std::min(k1, p_.m); ++k) {
      const double wk = w(k);
      if (wk <= 0) continue;
      for (int i = 0; i < 3; ++i)
        for (int j = i; j < 3; ++j) c(i, j) += wk * (spec_[i][k].real() * spec_[j][k].real() + spec_[i][k].imag() * spec_[j][k].imag());
    }
    return principal_of(c, vector);
  }
  std::pair<double, Eigen::Vector3d> principal_of(const Eigen::Matrix3d& c, bool vector = true) const noexcept {
    // tr in PSD units * Hz is the (weighted) power; numerically zero motion has no principal axis.
    return detail::principal_share(c, p_.fsi * s2_, p_.df, kPowerFloor, vector);
  }

  void analyse(std::span<const double> w, double* out, int slot) noexcept {
    const double sc = to_m_per_s2(cfg_.units);

    // 1. Gravity (window mean) and slow posture change (slope) per axis at the input rate; the decimated
    //    residual is the dynamic part.
    const AxisLines lines = fit_axis_lines(w, p_.n);
    lines_ = lines;
    const double trend = gravity_from_lines(lines, p_.n, sc).change_norm();
    {
      double* const scratch[3] = {reinterpret_cast<double*>(spec_[0].data()), reinterpret_cast<double*>(spec_[1].data()),
                                  reinterpret_cast<double*>(spec_[2].data())};
      decim_.run(w, lines, sc, taper_.data(), real_.data(), p_.nfft, scratch);
    }

    // 2. Tapered spectra and the orientation-invariant PSD (sum over axes), one-sided density.
    for (std::size_t c = 0; c < 3; ++c) fwd_.forward(real_.data() + c * p_.nfft, spec_[c].data());
    // The same pass accumulates the cycle-band cross-spectral matrix (weights hcyc^2) for step 3.
    const Eigen::Matrix3d ccyc = detail::psd_and_cycle_cross(spec_, hcyc_, p_.m, 2.0 / (p_.fsi * s2_), psd_);
    const double p_band = detail::band_power(psd_, p_.df, p_.m, cfg_.band_lo, p_.hi);
    if (slot == 0) band_rms_ = std::sqrt(p_band);
    const double f_dom = detail::spectral_features(psd_, p_, cfg_.band_lo, p_band, trend, out);

    // 3. Principal axis of the cycle band and axis coherence at the peak.
    const auto [pfrac, v] = principal_of(ccyc);
    out[idx(Feature::principal_fraction)] = pfrac;
    {
      // Bins within f_dom +- 1 Hz (one bin of slack each side; the test below decides).
      const double klo = std::floor((f_dom - 1.0) / p_.df) - 1.0, khi = std::ceil((f_dom + 1.0) / p_.df) + 1.0;
      const auto k0 = std::size_t(std::max(1.0, klo));
      const auto k1 = std::size_t(std::clamp(khi, 0.0, double(p_.m)));
      out[idx(Feature::axis_coherence)] =
          principal([&](std::size_t k) { return std::abs(double(k) * p_.df - f_dom) <= 1.0 ? 1.0 : 0.0; }, k0, k1, false)
              .first;
    }

    // 4. Principal component -> band-passed analytic signal. Projection is linear, so the component's
    //    spectrum is the same projection of the axis spectra (no extra FFT). The analytic signal holds only
    //    positive frequencies inside the cycle band, so it is synthesised with an inverse FFT of only
    //    p_.zl <= nfft bins, i.e. directly at the reduced rate fs_z = p_.zl * df (no aliasing: the mask is ~0
    //    above 2.5 * the cycle band's upper edge). The Tukey taper is flat outside its 5 % ends, which lie
    //    inside the discarded margins.
    auto& pc = pc_[std::size_t(slot)];
    // zin_[0] and zin_[k >= p_.m] stay 0 (set at construction).
    const double inv_n = 1.0 / double(p_.nfft);
    const std::size_t kz = std::min(p_.zl, p_.m);
    for (std::size_t k = 0; k <= p_.m; ++k) {
      pc[k] = v(0) * spec_[0][k] + v(1) * spec_[1][k] + v(2) * spec_[2][k];
      if (k >= 1 && k < kz) zin_[k] = (2.0 * inv_n * hcyc_[k]) * pc[k];
    }
    inv_.transform(zin_.data(), z_.data());
    const detail::CycleFeatures cf = cycles_.analyse(z_.data(), p_.zmargin, p_.zlen - p_.zmargin, p_.fs_z, f_dom, kPowerFloor);
    out[idx(Feature::envelope_cv)] = cf.envelope_cv;
    out[idx(Feature::pause_fraction)] = cf.pause_fraction;
    out[idx(Feature::if_spread)] = cf.if_spread;
    out[idx(Feature::freq_drift)] = cf.freq_drift;
    out[idx(Feature::amp_freq_coupling)] = cf.amp_freq_coupling;
    out[idx(Feature::cycle_freq_cv)] = cf.cycle_freq_cv;
    out[idx(Feature::tremor_stability_index)] = cf.tremor_stability_index;
    out[idx(Feature::autocorr_regularity)] = cf.autocorr_regularity;
  }

  FeatureConfig cfg_;
  AxisLines lines_{};
  double band_rms_ = 0;
  detail::FeaturePlan p_;
  double s2_ = 1;  // sum of the squared taper: the PSD's normalisation
  detail::WindowDecimator decim_;
  detail::CycleAnalysis cycles_;
  detail::RealFft fwd_{2};
  detail::ComplexFft inv_{1, true};
  std::vector<double> taper_, hcyc_, real_, psd_;
  std::vector<std::complex<double>> zin_, z_;
  std::array<std::vector<std::complex<double>>, 3> spec_;
  std::array<std::vector<std::complex<double>>, 2> pc_;
};

}  // namespace tremorlab
