#pragma once
// How fast gravity's direction turns in the sensor frame, window by window: the angle between the mean
// acceleration of the latest window and of the window `lag` hops before it, per second. A window's
// Hann-weighted mean over 2 s (PostureMean) keeps a 4-12 Hz oscillation out, so what is left is gravity's
// direction, i.e. the limb's posture. PostureHold keeps the largest turn of the last seconds: whether a shaking limb held its
// posture (decision.hpp, DecisionConfig::tremor_max_turn_deg_s; bout_tracker.hpp). Value types; noexcept and
// allocation-free after construction (PostureMean allocates its weights there).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

#include "tremorlab/units.hpp"

namespace tremorlab::detail {

class GravityTurn {
 public:
  /// Windows remembered; the lag is at most capacity - 1.
  static constexpr std::size_t capacity = 17;
  /// A window mean shorter than this (m/s^2, half of 1 g) carries no gravity: input with gravity removed
  /// (PADS's, a phone's "linear acceleration") or free fall. Its direction is noise, so its turn is unknown.
  static constexpr double min_gravity = 0.5 * standard_gravity;

  GravityTurn() = default;
  /// lag_hops: windows between the two compared (clamped to 1..capacity-1); hop_s: seconds per hop.
  GravityTurn(std::size_t lag_hops, double hop_s) noexcept
      : lag_(std::clamp<std::size_t>(lag_hops, 1, capacity - 1)), hop_s_(hop_s) {}

  /// The Detector's measure (BoutTracker): the turn over the last second at hop `hop_s` (> 0), i.e. a lag of
  /// round(1 s / hop_s) windows, at least one.
  static GravityTurn over_one_second(double hop_s) noexcept {
    return GravityTurn(static_cast<std::size_t>(std::max(1.0, std::round(1.0 / hop_s))), hop_s);
  }

  std::size_t lag() const noexcept { return lag_; }

  /// Feeds the next window's mean acceleration (m/s^2, sensor frame). Returns the turn over the last lag hops
  /// (over all the windows there are, when fewer) in degrees per second, or NaN when unknown: the first
  /// window since construction or clear(), or either window without gravity.
  double push(const std::array<double, 3>& mean) noexcept {
    const double n = std::sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
    Slot& now = slots_[count_ % capacity];
    now.known = n >= min_gravity;  // also false for NaN
    for (std::size_t c = 0; c < 3; ++c) now.u[c] = now.known ? mean[c] / n : 0.0;
    ++count_;
    if (count_ < 2 || !now.known) return std::numeric_limits<double>::quiet_NaN();
    const std::size_t lag = std::min(lag_, count_ - 1);
    const Slot& then = slots_[(count_ - 1 - lag) % capacity];
    if (!then.known) return std::numeric_limits<double>::quiet_NaN();
    const double dot = std::clamp(now.u[0] * then.u[0] + now.u[1] * then.u[1] + now.u[2] * then.u[2], -1.0, 1.0);
    return std::acos(dot) * (180.0 / std::numbers::pi) / (static_cast<double>(lag) * hop_s_);
  }

  /// Forgets every window (after a gap the next windows do not continue the ones before it).
  void clear() noexcept { count_ = 0; }

 private:
  struct Slot {
    std::array<double, 3> u{};
    bool known = false;
  };
  std::array<Slot, capacity> slots_{};
  std::size_t lag_ = 4, count_ = 0;
  double hop_s_ = 0.25;
};

/// Gravity's direction over one window: the Hann-weighted mean of its interleaved x,y,z frames. A plain mean
/// keeps sin(pi f T) / (pi f T) of an oscillation at f over a window of T seconds (3.5 % of a 4.3 Hz tremor in
/// 2 s, enough for a 1 g tremor to turn the mean several degrees from window to window); the Hann weights keep
/// under 0.1 % of any oscillation of 2 cycles or more per window, and centre the estimate in the window, so a
/// turning wrist shows sooner. Weights w_k = 0.5 - 0.5 cos(2 pi (k + 1) / (n + 1)), k = 0..n-1 (numpy's
/// hanning(n + 2)[1:-1]), normalised to sum 1. Allocates its n weights at construction only.
class PostureMean {
 public:
  PostureMean() = default;
  explicit PostureMean(std::size_t frames) : w_(frames) {
    double sum = 0;
    for (std::size_t k = 0; k < frames; ++k) {
      w_[k] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * double(k + 1) / double(frames + 1));
      sum += w_[k];
    }
    for (double& v : w_) v /= sum;
  }
  std::size_t frames() const noexcept { return w_.size(); }
  std::size_t heap_bytes() const noexcept { return w_.capacity() * sizeof(double); }
  /// The weighted mean of `xyz` (frames() interleaved x,y,z frames), in its units.
  std::array<double, 3> mean(std::span<const double> xyz) const noexcept {
    std::array<double, 3> m{};
    for (std::size_t k = 0; k < w_.size(); ++k)
      for (std::size_t c = 0; c < 3; ++c) m[c] += w_[k] * xyz[3 * k + c];
    return m;
  }

 private:
  std::vector<double> w_;
};

/// Whether a limb held its posture lately: the largest GravityTurn::over_one_second over the windows of the
/// last `hold_s` seconds (round(hold_s / hop_s) + 1 windows, at most GravityTurn::capacity). Unknown turns
/// (NaN: no gravity in the input, the first window) are skipped; NaN when none is known. The window decision
/// (decision.hpp, DecisionConfig::tremor_max_turn_deg_s) and the Detector's bout naming read this one value.
class PostureHold {
 public:
  PostureHold() = default;
  PostureHold(double hold_s, double hop_s) noexcept
      : turn_(GravityTurn::over_one_second(hop_s)),
        span_(static_cast<std::size_t>(std::clamp(std::round(hold_s / hop_s), 0.0, double(GravityTurn::capacity - 1))) +
              1) {}

  std::size_t span() const noexcept { return span_; }

  /// Feeds the next window's mean acceleration (m/s^2); returns the largest known turn (deg/s) of the last
  /// span() windows, this one included, or NaN.
  double push(const std::array<double, 3>& mean) noexcept {
    recent_[count_ % GravityTurn::capacity] = turn_.push(mean);
    ++count_;
    double worst = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t k = 0; k < std::min(span_, count_); ++k) {
      const double t = recent_[(count_ - 1 - k) % GravityTurn::capacity];
      if (!std::isnan(t) && !(t <= worst)) worst = t;
    }
    return worst;
  }

  /// Forgets every window (a gap).
  void clear() noexcept {
    turn_.clear();
    count_ = 0;
  }

 private:
  GravityTurn turn_{};
  std::array<double, GravityTurn::capacity> recent_{};
  std::size_t span_ = 9, count_ = 0;
};

/// The posture of consecutive windows as the window decision takes it, written once: each window's PostureMean,
/// in m/s^2, through a PostureHold. The Detector feeds it window by window, tremorlab::posture_turns (batch.hpp)
/// a whole recording's windows in order.
class PostureTracker {
 public:
  PostureTracker() = default;
  /// window_frames: frames per window; hop_s: seconds between windows; to_mps2: input units to m/s^2; hold_s:
  /// the span of PostureHold (posture_hold_s for the decision, 0 for each window's own 1 s turn).
  PostureTracker(std::size_t window_frames, double hop_s, double to_mps2, double hold_s)
      : mean_(window_frames), hold_(hold_s, hop_s), to_mps2_(to_mps2) {}

  /// Feeds the next window (window_frames interleaved x,y,z frames, input units); returns its turn_deg_s.
  double push(std::span<const double> xyz) noexcept {
    std::array<double, 3> m = mean_.mean(xyz);
    for (double& v : m) v *= to_mps2_;
    return hold_.push(m);
  }
  /// Forgets every window (a gap).
  void clear() noexcept { hold_.clear(); }
  std::size_t heap_bytes() const noexcept { return mean_.heap_bytes(); }

 private:
  PostureMean mean_{};
  PostureHold hold_{};
  double to_mps2_ = 1;
};

}  // namespace tremorlab::detail
