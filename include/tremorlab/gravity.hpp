#pragma once
// Gravity and orientation handling for one analysis window of tri-axial acceleration.
//
// Within a window, gravity is estimated as the per-axis mean (the 0 Hz low-pass of the window) and slow
// posture change as the per-axis least-squares slope; both are removed, leaving the dynamic acceleration.
// A fitted line rather than a plain mean keeps slow re-orientation (a wrist turning over seconds) from
// leaking into the tremor band as a spectral ramp. Orientation invariance downstream comes from using the
// trace of the 3x3 cross-spectral matrix (the summed axis PSDs) and its principal axis (PCA), both of
// which are unchanged by any rotation of the sensor.
#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstddef>
#include <span>

namespace tremorlab {

struct GravityFit {
  std::array<double, 3> gravity{};  ///< per-axis window mean, output units (m/s^2 after `scale`)
  std::array<double, 3> change{};   ///< per-axis change of the fitted line across the window
  /// |gravity|, ~9.81 m/s^2 for a sensor that is not accelerating.
  double gravity_norm() const noexcept {
    return std::sqrt(gravity[0] * gravity[0] + gravity[1] * gravity[1] + gravity[2] * gravity[2]);
  }
  /// Norm of the posture/orientation change over the window (m/s^2).
  double change_norm() const noexcept {
    return std::sqrt(change[0] * change[0] + change[1] * change[1] + change[2] * change[2]);
  }
};

/// Least-squares line of each axis over `frames` interleaved x,y,z frames, in input units: value at frame i
/// is mean + slope * (i - (frames - 1) / 2).
struct AxisLines {
  std::array<double, 3> mean{};
  std::array<double, 3> slope{};  ///< per frame
};

inline AxisLines fit_axis_lines(std::span<const double> window, std::size_t frames) noexcept {
  AxisLines l;
  if (frames == 0 || window.size() < 3 * frames) return l;
  const double nc = 0.5 * double(frames - 1);
  const double sxx = double(frames) * (double(frames) * double(frames) - 1.0) / 12.0;
  // One contiguous pass for the three axes: sum x and sum (i - nc) x (the centred time sums to zero, so
  // the mean need not be subtracted for the slope). Two frames per step in six independent lanes (even and
  // odd frames summed separately, then added), which Eigen maps to SIMD packets.
  using A6 = Eigen::Array<double, 6, 1>;
  A6 s6 = A6::Zero(), sx6 = A6::Zero();
  A6 t6;
  t6 << -nc, -nc, -nc, 1.0 - nc, 1.0 - nc, 1.0 - nc;  // i - nc of the two frames (exact: half-integers)
  std::size_t i = 0;
  for (; i + 2 <= frames; i += 2) {
    const Eigen::Map<const A6> f(window.data() + 3 * i);
    s6 += f;
    sx6 += t6 * f;
    t6 += 2.0;
  }
  double sum[3], sxy[3];
  for (std::size_t c = 0; c < 3; ++c) {
    sum[c] = s6(Eigen::Index(c)) + s6(Eigen::Index(c + 3));
    sxy[c] = sx6(Eigen::Index(c)) + sx6(Eigen::Index(c + 3));
  }
  if (i < frames) {
    const double ti = double(i) - nc;
    for (std::size_t c = 0; c < 3; ++c) {
      sum[c] += window[3 * i + c];
      sxy[c] += ti * window[3 * i + c];
    }
  }
  for (std::size_t c = 0; c < 3; ++c) {
    l.mean[c] = sum[c] / double(frames);
    l.slope[c] = sxx > 0 ? sxy[c] / sxx : 0.0;
  }
  return l;
}

/// Gravity (window mean) and posture change (line change over the window) of fitted lines, times `scale`.
inline GravityFit gravity_from_lines(const AxisLines& l, std::size_t frames, double scale) noexcept {
  GravityFit fit;
  for (std::size_t c = 0; c < 3; ++c) {
    fit.gravity[c] = scale * l.mean[c];
    fit.change[c] = frames > 0 ? scale * l.slope[c] * double(frames - 1) : 0.0;
  }
  return fit;
}

/// Splits `frames` interleaved x,y,z frames into gravity + slow change (returned) and the dynamic residual,
/// written planar into `dynamic` (axis-major: dynamic[c * frames + n]), multiplied by `scale`
/// (standard_gravity for input in g). `dynamic` must hold 3 * frames values. No allocation.
inline GravityFit remove_gravity(std::span<const double> window, std::size_t frames, double scale,
                                 std::span<double> dynamic) noexcept {
  if (frames == 0 || window.size() < 3 * frames || dynamic.size() < 3 * frames) return {};
  const AxisLines l = fit_axis_lines(window, frames);
  const double nc = 0.5 * double(frames - 1);
  for (std::size_t c = 0; c < 3; ++c) {
    double* d = dynamic.data() + c * frames;
    for (std::size_t i = 0; i < frames; ++i)
      d[i] = scale * (window[3 * i + c] - l.mean[c] - l.slope[c] * (double(i) - nc));
  }
  return gravity_from_lines(l, frames, scale);
}

}  // namespace tremorlab
