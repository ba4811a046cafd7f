#pragma once
// Measures on one window's one-sided PSD and cross-spectral matrix (FeatureExtractor's steps 2-3): band
// power, refined peak frequency, principal-axis share. Internal: no API stability.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
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

}  // namespace tremorlab::detail
