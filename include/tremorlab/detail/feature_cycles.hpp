#pragma once
// Cycle analysis of one window's analytic, band-passed principal component (FeatureExtractor's step 4):
// envelope statistics, instantaneous frequency, zero crossings -> cycle-by-cycle frequencies, and the
// autocorrelation regularity. Internal: no API stability.
#include <algorithm>
#include <complex>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>

#include "tremorlab/detail/feature_math.hpp"

namespace tremorlab::detail {

/// The cycle features of one window (0 when the cycle band holds no oscillation).
struct CycleFeatures {
  double envelope_cv = 0, pause_fraction = 0, if_spread = 0, freq_drift = 0, amp_freq_coupling = 0;
  double cycle_freq_cv = 0, tremor_stability_index = 0, autocorr_regularity = 0;
};

/// Buffers for analytic signals of up to `len` samples; analyse() does not allocate.
class CycleAnalysis {
 public:
  CycleAnalysis() = default;
  /// `len`: analytic samples held; `used`: the most samples analysed (m1 - m0 <= used <= len).
  CycleAnalysis(std::size_t len, std::size_t used) {
    env_.resize(len);
    // Each phase step (|dphase| <= pi) crosses at most one zero-crossing level, so a window of `used`
    // analytic samples has fewer than `used` crossings and cycles in all.
    cross_up_.resize(used + 1);
    cross_dn_.resize(used + 1);
    fcyc_.resize(used + 1);
    dcyc_.resize(used + 1);
  }
  std::size_t state_doubles() const noexcept {
    return env_.capacity() + cross_up_.capacity() + cross_dn_.capacity() + fcyc_.capacity() + dcyc_.capacity();
  }

  /// `z`: the analytic signal at rate `fz` Hz; samples [m0, m1) are analysed. `f_dom`: the window's
  /// dominant frequency (Hz, sets the autocorrelation lag). Envelopes whose mean square is not above
  /// `power_floor` count as no oscillation.
  CycleFeatures analyse(const std::complex<double>* z, std::size_t m0, std::size_t m1, double fz, double f_dom,
                        double power_floor) noexcept {
    CycleFeatures r;
    const double tiny = 1e-300;
    const double cnt = double(m1 - m0);

    // Envelope statistics.
    double es = 0, es2 = 0;
    for (std::size_t i = m0; i < m1; ++i) {
      const double e2 = norm2(z[i]);
      env_[i] = std::sqrt(e2);
      es += env_[i];
      es2 += e2;
    }
    const double emean = es / cnt;
    if (!(emean * emean > power_floor)) {
      // No oscillation in the cycle band (numerically): cycle features are undefined; report 0.
      return r;
    }
    const double evar = std::max(0.0, es2 / cnt - emean * emean);
    r.envelope_cv = emean > tiny ? std::sqrt(evar) / emean : 0.0;
    {
      std::size_t low = 0;
      for (std::size_t i = m0; i < m1; ++i) low += env_[i] < 0.3 * emean;
      r.pause_fraction = emean > tiny ? double(low) / cnt : 0.0;
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
      double ph = atan2_fast(z[m0].imag(), z[m0].real());
      // Index of the last zero-crossing level (-pi/2 + j*pi) at or below the unwrapped phase.
      auto level_below = [](double phase) { return floor_exact((phase + std::numbers::pi / 2) / std::numbers::pi); };
      double kcur = level_below(ph);
      for (std::size_t i = m0; i + 1 < m1; ++i) {
        const std::complex<double> d = mul_conj(z[i + 1], z[i]);
        const double wt = env_[i] * env_[i + 1];
        const double dph = atan2_fast(d.imag(), d.real());
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
        r.if_spread = std::sqrt(std::max(0.0, sff / wtot - fm * fm));
        r.freq_drift = std::abs(sf[1] / sw[1] - sf[0] / sw[0]);
      } else {
        r.if_spread = 0.0;
        r.freq_drift = 0.0;
      }
      // Covariance of the relative envelope with the instantaneous frequency (Hz): near 0 for steady
      // oscillation, large when amplitude and frequency drift together (typical of wilful shaking).
      const double dn = double(std::max<std::size_t>(nn, 1));
      const double em = a_s / dn;
      const double cov = em > tiny ? (af / dn - em * (f_s / dn)) / em : 0.0;
      r.amp_freq_coupling = std::abs(cov);
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
        r.cycle_freq_cv = std::sqrt(std::max(0.0, fs2 / double(nf) - fm * fm)) / fm;
      } else {
        r.cycle_freq_cv = 0.0;
      }
      r.tremor_stability_index = iqr_inplace(std::span<double>(dcyc_.data(), ndf));
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
          const std::complex<double> p = mul_conj(z[i + lag], z[i]);
          sr += p.real();
          si += p.imag();
          ea += env_[i] * env_[i];
          eb += env_[i + lag] * env_[i + lag];
        }
        return (ea > tiny && eb > tiny) ? std::sqrt(sr * sr + si * si) / std::sqrt(ea * eb) : 0.0;
      };
      const double reg = L == 0 ? rho(1) : (1 - fr) * rho(L) + fr * rho(L + 1);
      r.autocorr_regularity = std::clamp(reg, 0.0, 1.0);
    }
    return r;
  }

 private:
  std::vector<double> env_, cross_up_, cross_dn_, fcyc_, dcyc_;
};

}  // namespace tremorlab::detail
