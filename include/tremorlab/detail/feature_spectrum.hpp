#pragma once
// Measures on one window's one-sided PSD and cross-spectral matrix (FeatureExtractor's steps 2-3): the PSD
// and cycle-band matrix themselves, band power, refined peak frequency, principal-axis share. Internal: no API
// stability.
#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <utility>
#include <vector>

#include "tremorlab/detail/feature_math.hpp"

namespace tremorlab::detail {

/// Power in [f1, f2] (rectangle rule over the bins 0..m inside the band), PSD units * Hz.
inline double band_power(const std::vector<double>& psd, double df, std::size_t m, double f1, double f2) noexcept {
  const double lo = std::max(0.0, std::ceil(f1 / df - 1e-9));
  const double hi = std::min(double(m), std::floor(f2 / df + 1e-9));
  double s = 0;
  for (auto k = std::size_t(lo); double(k) <= hi; ++k) s += psd[k];
  return s * df;
}

/// Refined frequency of the PSD maximum inside [f1, f2] (parabolic interpolation; f1 for an empty band,
/// 0 for an all-zero band).
inline double peak_frequency(const std::vector<double>& psd, double df, std::size_t m, double f1, double f2) noexcept {
  const auto lo = std::size_t(std::max(1.0, std::ceil(f1 / df - 1e-9)));
  const auto hi = std::size_t(std::min(double(m - 1), std::floor(f2 / df + 1e-9)));
  if (hi < lo) return f1;
  std::size_t best = lo;
  for (std::size_t k = lo; k <= hi; ++k)
    if (psd[k] > psd[best]) best = k;
  if (!(psd[best] > 0)) return 0.0;
  const double off = parabolic_offset(psd[best - 1], psd[best], psd[best + 1]);
  return std::clamp((double(best) + off) * df, f1, f2);
}

/// Largest-eigenvalue share and leading eigenvector of a symmetric 3x3 matrix given by its upper triangle.
/// trace * 2 / `den` * `df` is the matrix's power (a one-sided PSD sum with normalisation den = fs * sum(taper^2));
/// at or below `power_floor` there is no principal axis (share 0, vector x). vector == false: the share only (same eigenvalues: Eigen's direct 3x3 solver
/// computes them before, and independently of, the eigenvectors).
inline std::pair<double, Eigen::Vector3d> principal_share(Eigen::Matrix3d c, double den, double df, double power_floor,
                                                          bool vector = true) noexcept {
  c(1, 0) = c(0, 1);
  c(2, 0) = c(0, 2);
  c(2, 1) = c(1, 2);
  const double tr = c.trace();
  if (!(tr * 2.0 / den * df > power_floor)) return {0.0, Eigen::Vector3d(1, 0, 0)};
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> es;
  es.computeDirect(c / tr, vector ? Eigen::ComputeEigenvectors : Eigen::EigenvaluesOnly);
  return {std::clamp(es.eigenvalues()(2), 0.0, 1.0), vector ? Eigen::Vector3d(es.eigenvectors().col(2)) : Eigen::Vector3d(1, 0, 0)};
}

/// One pass over the three axes' spectra `spec` (bins 0..m): the one-sided PSD summed over the axes into `psd`
/// (`norm` = 2 / (fs * sum(taper^2)); the DC and last bins count once), and the upper triangle of the
/// cycle-band cross-spectral matrix sum_{k >= 1} hcyc[k]^2 Re(X_k X_k^H), accumulated in the same pass and bin
/// order as a separate pass would.
inline Eigen::Matrix3d psd_and_cycle_cross(const std::array<std::vector<std::complex<double>>, 3>& spec,
                                           const std::vector<double>& hcyc, std::size_t m, double norm,
                                           std::vector<double>& psd) noexcept {
  const std::complex<double>* x0 = spec[0].data();
  const std::complex<double>* x1 = spec[1].data();
  const std::complex<double>* x2 = spec[2].data();
  psd[0] = (norm2(x0[0]) + norm2(x1[0]) + norm2(x2[0])) * (0.5 * norm);
  // (re, im) pairs as 2-lane packets; each lane sums its own part over the bins, the two lanes are added at
  // the end.
  using A2 = Eigen::Array2d;
  A2 a00 = A2::Zero(), a01 = A2::Zero(), a02 = A2::Zero(), a11 = A2::Zero(), a12 = A2::Zero(), a22 = A2::Zero();
  const double* y0 = reinterpret_cast<const double*>(x0);
  const double* y1 = reinterpret_cast<const double*>(x1);
  const double* y2 = reinterpret_cast<const double*>(x2);
  for (std::size_t k = 1; k <= m; ++k) {
    const A2 u0 = Eigen::Map<const A2>(y0 + 2 * k), u1 = Eigen::Map<const A2>(y1 + 2 * k),
             u2 = Eigen::Map<const A2>(y2 + 2 * k);
    const A2 q00 = u0 * u0, q11 = u1 * u1, q22 = u2 * u2;
    psd[k] = (q00 + q11 + q22).sum() * (k == m ? 0.5 * norm : norm);
    const double wk = hcyc[k] * hcyc[k];  // > 0 for every k >= 1
    a00 += wk * q00;
    a01 += wk * (u0 * u1);
    a02 += wk * (u0 * u2);
    a11 += wk * q11;
    a12 += wk * (u1 * u2);
    a22 += wk * q22;
  }
  Eigen::Matrix3d c = Eigen::Matrix3d::Zero();
  c(0, 0) = a00.sum();
  c(0, 1) = a01.sum();
  c(0, 2) = a02.sum();
  c(1, 1) = a11.sum();
  c(1, 2) = a12.sum();
  c(2, 2) = a22.sum();
  return c;
}

}  // namespace tremorlab::detail
