#pragma once
// Per-window tremor features from tri-axial acceleration.
//
// CONTRACT (implementation pending in this skeleton; names and signatures are fixed, the feature list
// and the config fields may grow):
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "tremorlab/error.hpp"

namespace tremorlab {

enum class Units { m_per_s2, g };
inline constexpr double standard_gravity = 9.80665;  // m/s^2 per g

struct FeatureConfig {
  double fs = 100.0;        ///< Hz, 25..1000
  double window_s = 2.0;    ///< analysis window length, s
  double hop_s = 0.25;      ///< step between windows, s (used by the batch/stream drivers)
  Units units = Units::m_per_s2;
  double band_lo = 4.0;     ///< tremor band, Hz
  double band_hi = 12.0;
};

/// Computes the feature vector of one window. Each window is processed independently of the others
/// (no state carried between windows), so batch and streaming analyses give identical values.
/// Construction validates the config (InvalidArgument) and allocates every buffer; compute() does not allocate.
class FeatureExtractor {
 public:
  explicit FeatureExtractor(const FeatureConfig& cfg);
  const FeatureConfig& config() const noexcept;
  std::size_t window_samples() const noexcept;  ///< frames per window = round(window_s * fs)
  std::size_t hop_samples() const noexcept;     ///< frames per hop = round(hop_s * fs)
  static const std::vector<std::string>& names();  ///< feature names, in output order
  static std::size_t size() noexcept;
  /// `window`: window_samples() frames of interleaved x,y,z in cfg.units (gravity included).
  /// `out`: size() values. Values are finite for finite input.
  void compute(std::span<const double> window, std::span<double> out) noexcept;
  /// Same, for a window of inter-sensor data: `other` is a second sensor (e.g. other leg), same layout.
  void compute_pair(std::span<const double> window, std::span<const double> other, std::span<double> out) noexcept;
};

}  // namespace tremorlab
