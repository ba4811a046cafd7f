#pragma once
// Anti-alias FIR and the window decimator FeatureExtractor uses to analyse each window at a reduced
// internal rate. Internal: no API stability.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "tremorlab/gravity.hpp"

namespace tremorlab::detail {

/// Modified Bessel function of the first kind, order 0 (power series; converges fast for the Kaiser betas
/// used here, < 10).
inline double bessel_i0(double x) noexcept {
  double sum = 1, term = 1;
  const double q = 0.25 * x * x;
  for (int k = 1; k < 200; ++k) {
    term *= q / (double(k) * double(k));
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum;
}

/// Odd-length, symmetric (linear-phase, integer delay) Kaiser-windowed-sinc low-pass for decimation by
/// `factor`: cutoff at half the output rate, flat (ripple ~1e-3) below `pass` * output rate and at least
/// `atten_db` down above (1 - `pass`) * output rate, so everything that folds onto [0, pass * output rate]
/// is suppressed. Taps sum to exactly 1 (up to rounding) so constants and lines pass unchanged.
inline std::vector<double> decimation_fir(std::size_t factor, double pass = 0.36, double atten_db = 60.0) {
  if (factor <= 1) return {1.0};
  // Kaiser's length/beta formulas fall short by up to ~1 dB: design for 2 dB more than promised.
  atten_db += 2.0;
  const double fo = 1.0 / double(factor);        // output rate / input rate
  const double width = (1.0 - 2.0 * pass) * fo;  // transition width, cycles per input sample
  const double beta = atten_db > 50 ? 0.1102 * (atten_db - 8.7) : 0.5842 * std::pow(atten_db - 21, 0.4) + 0.07886 * (atten_db - 21);
  auto len = std::size_t(std::ceil((atten_db - 7.95) / (2.285 * 2 * std::numbers::pi * width))) + 1;
  if (len % 2 == 0) ++len;
  const double c = 0.5 * double(len - 1);
  const double i0b = bessel_i0(beta);
  std::vector<double> h(len);
  double sum = 0;
  for (std::size_t k = 0; k < len; ++k) {
    const double m = double(k) - c;
    const double x = fo * m;  // ideal low-pass at fc = fo / 2: fo * sinc(fo * m)
    // The sinc is exactly zero at nonzero multiples of `factor` (for factor 2 every other tap: a
    // half-band filter); writing exact zeros lets the decimator skip those taps.
    const long long mi = (long long)(k) - (long long)(len / 2);
    const double sinc = mi == 0 ? 1.0 : mi % (long long)(factor) == 0 ? 0.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
    const double r = m / c;
    const double w = bessel_i0(beta * std::sqrt(std::max(0.0, 1.0 - r * r))) / i0b;
    h[k] = fo * sinc * w;
    sum += h[k];
  }
  for (auto& v : h) v /= sum;
  // Exact symmetry (the sum above may differ in the last bit between mirrored taps).
  for (std::size_t k = 0; k < len / 2; ++k) h[len - 1 - k] = h[k];
  return h;
}

/// Low-pass + decimation of one interleaved x,y,z window by an integer factor, with the per-axis fitted line
/// removed and a taper applied, into planar outputs (FeatureExtractor's step 1b). Windows are independent:
/// the FIR sees zeros beyond the window's ends. Allocates in the constructor / init() only.
class WindowDecimator {
 public:
  WindowDecimator() = default;
  /// Frames a window of `frames` frames keeps after decimation by `factor` (>= 1): (frames - 1) / D + 1.
  static constexpr std::size_t output_frames(std::size_t frames, std::size_t factor) noexcept {
    return (frames - 1) / factor + 1;
  }
  /// `factor` D >= 1 for windows of `frames` frames; the output has output_frames(frames, D) frames, centred.
  WindowDecimator(std::size_t factor, std::size_t frames)
      : dec_(factor), n_(frames), fir_(decimation_fir(factor)), fir_c_(fir_.size() / 2) {
    fir_sum_ = 0;
    fir_m1_ = 0;
    for (std::size_t k = 0; k < fir_.size(); ++k) {
      fir_sum_ += fir_[k];
      fir_m1_ += fir_[k] * (double(k) - double(fir_c_));
    }
    ni_ = output_frames(n_, dec_);
    off_ = ((n_ - 1) - (ni_ - 1) * dec_) / 2;  // centres the decimated grid in the window
  }

  std::size_t factor() const noexcept { return dec_; }
  std::size_t output_samples() const noexcept { return ni_; }
  /// Doubles held (taps and edge tables), for a state_bytes() figure.
  std::size_t state_doubles() const noexcept { return fir_.capacity() + fir3_.capacity() + edge_g_.capacity(); }

  /// Set-up for factor > 1; `scratch_per_axis`: doubles per axis the scratch passed to run() holds.
  // Interior outputs (the whole FIR inside the window) see the line through the tap sums
  // fir_sum_ and fir_m1_; the few outputs near the ends see partial sums g0, g1, tabulated here in the
  // order the former per-window loop summed them. Factor 2 (a half-band filter: every other tap is an
  // exact zero) keeps the folded nonzero taps; larger factors use the taps repeated per axis (fir3_), so
  // the interleaved x,y,z window is a plain contiguous dot product with independent lanes.
  void init(std::size_t scratch_per_axis) {
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
      if (hb_n_ > scratch_per_axis) half_band_ = false;  // cannot happen (callers pass >= 1.5 * ni_), kept as a guard
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

  /// `w`: the window (frames x 3, interleaved, input units); `lines`: its per-axis fitted lines; `sc`: the
  /// factor to m/s^2; `taper`: output_samples() weights. Writes axis a's output_samples() values to
  /// out[a * stride ..]. `scratch`: three arrays of scratch_per_axis doubles (used by factor 2), not
  /// overlapping `out`.
  void run(std::span<const double> w, const AxisLines& lines, double sc, const double* taper, double* out,
           std::size_t stride, double* const scratch[3]) const noexcept {
    if (dec_ == 1) {
      detrend_taper(w, lines, sc, taper, out, stride);
    } else {
      decimate(w, lines, sc, taper, out, stride, scratch);
    }
  }

 private:
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
  // planar outputs out[c * stride ..] (the FIR of a line is the same line where the FIR lies inside the
  // window; near the ends the partial tap sums g0, g1 give the FIR of the line exactly).
  void decimate(std::span<const double> w, const AxisLines& lines, double sc, const double* taper, double* out,
                std::size_t stride, double* const scratch[3]) const noexcept {
    const double* x = w.data();
    const std::size_t c = fir_c_, N = n_;
    const std::size_t L = 2 * c + 1;
    const double nc = 0.5 * double(N - 1);
    double* r0 = out;
    double* r1 = r0 + stride;
    double* r2 = r1 + stride;
    // Interior outputs: FIR sums into `out` first, then the line and taper per axis (elementwise loops).
    if (half_band_) {
      half_band_interior(x, out, stride, scratch);
    } else {
      for (std::size_t j = jlo_; j < jhi_; ++j)
        fir_dot3(fir3_.data(), x + 3 * (off_ + j * dec_ - c), L, r0[j], r1[j], r2[j]);
    }
    for (std::size_t a = 0; a < 3; ++a) {
      double* r = out + a * stride;
      const double ma = lines.mean[a], sa = lines.slope[a], g0 = fir_sum_;
      double dn = double(off_ + jlo_ * dec_);  // n as a double (exact integers)
      for (std::size_t j = jlo_; j < jhi_; ++j, dn += double(dec_)) {
        const double g1 = fir_sum_ * (dn - nc) + fir_m1_;
        r[j] = sc * (r[j] - ma * g0 - sa * g1) * taper[j];
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
      const double t = taper[j];
      r0[j] = sc * (a0 - lines.mean[0] * g0 - lines.slope[0] * g1) * t;
      r1[j] = sc * (a1 - lines.mean[1] * g0 - lines.slope[1] * g1) * t;
      r2[j] = sc * (a2 - lines.mean[2] * g0 - lines.slope[2] * g1) * t;
    }
  }

  // Half-band interior outputs into `out` (the FIR sums before the line is removed; decimate() finishes
  // them in place). The odd-offset taps all read frames of one parity: those frames are copied out planar,
  // so that blocks of 4 consecutive outputs are contiguous loads per tap (independent lanes, no reduction).
  void half_band_interior(const double* x, double* out, std::size_t stride, double* const scratch[3]) const noexcept {
    // The planar copy lives in the caller's scratch (each axis holds scratch_per_axis >= hb_n_ values, see init).
    const std::size_t no = hb_n_;
    double* o0 = scratch[0];
    double* o1 = scratch[1];
    double* o2 = scratch[2];
    for (std::size_t i = 0; i < no; ++i) {
      const double* f = x + 3 * (hb_par_ + 2 * i);
      o0[i] = f[0];
      o1[i] = f[1];
      o2[i] = f[2];
    }
    double* r0 = out;
    double* r1 = r0 + stride;
    double* r2 = r1 + stride;
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
  void detrend_taper(std::span<const double> w, const AxisLines& l, double sc, const double* taper, double* out,
                     std::size_t stride) const noexcept {
    const double nc = 0.5 * double(n_ - 1);
    for (std::size_t c = 0; c < 3; ++c) {
      double* d = out + c * stride;
      for (std::size_t i = 0; i < n_; ++i)
        d[i] = sc * (w[3 * i + c] - l.mean[c] - l.slope[c] * (double(i) - nc)) * taper[i];
    }
  }

  std::size_t dec_ = 1, n_ = 0;
  std::vector<double> fir_;
  std::size_t fir_c_ = 0;
  double fir_sum_ = 1, fir_m1_ = 0;
  std::size_t ni_ = 0, off_ = 0, jlo_ = 0, jhi_ = 0, fir_k0_ = 0, fir_ntaps_ = 0;
  bool half_band_ = false;
  std::size_t hb_par_ = 0, hb_n_ = 0;
  std::ptrdiff_t hb_ib0_ = 0;
  double fir_mid_ = 1;
  std::vector<double> fir3_, edge_g_;
};

}  // namespace tremorlab::detail
