#pragma once
// Event and per-window result types of the streaming detector, and the hysteresis state machine that
// turns per-window class probabilities into onset/offset events.
//
// The state machine only sees WindowResult values, so it can be driven (and tested) without the
// feature extractor or the classifier.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "tremorlab/classifier.hpp"
#include "tremorlab/error.hpp"

namespace tremorlab {

/// Name of a class without needing the classifier's compiled code (same strings as to_string).
inline const char* class_name(MovementClass c) noexcept {
  switch (c) {
    case MovementClass::rest: return "rest";
    case MovementClass::voluntary: return "voluntary";
    case MovementClass::tremor: return "tremor";
    case MovementClass::mimicked: return "mimicked";
  }
  return "?";
}

/// Upper bound on the classes of a model used by the detector (fixed-size storage on the hot path).
inline constexpr std::size_t detector_max_classes = 8;

enum class EventKind : std::uint8_t { onset, offset, gap };
inline const char* to_string(EventKind k) noexcept {
  switch (k) {
    case EventKind::onset: return "onset";
    case EventKind::offset: return "offset";
    case EventKind::gap: return "gap";
  }
  return "?";
}

/// One detector event. Times are on the stream clock (the caller's timestamps, or frame / fs).
struct Event {
  EventKind kind = EventKind::onset;
  /// onset/offset: MovementClass::tremor or MovementClass::mimicked (which kind of shaking the bout is).
  /// gap: MovementClass::rest, meaningless.
  MovementClass label = MovementClass::rest;
  /// onset: estimated start of the bout (centre of the first window of the run that triggered it);
  /// offset: estimated end (centre of the last window still above the exit threshold);
  /// gap: timestamp of the last frame before the gap.
  double time = 0;
  /// Stream time at which the event was emitted (timestamp of the frame that completed the deciding
  /// window); detected_at - time is the reporting delay, detected_at - true onset the detection latency.
  double detected_at = 0;
  /// onset: mean probability of `label` over the triggering run; offset: over the whole bout; gap: 0.
  double confidence = 0;
  double frequency_hz = 0;   ///< mean dominant frequency of the run/bout windows (Hz); gap: 0
  double amplitude = 0;      ///< mean band-passed RMS acceleration of the run/bout windows, m/s^2; gap: 0
  double peak_amplitude = 0; ///< max of the windows' band-passed RMS, m/s^2 (onset: over the run)
  /// offset: bout duration (time - onset time); gap: length of the gap in s; onset: 0.
  double duration = 0;
};

/// Classification of one analysis window (what `Detector::latest()` returns).
struct WindowResult {
  std::uint64_t index = 0;  ///< window number since the stream started (counts across gaps)
  std::uint64_t segment = 0;  ///< number of gap restarts before this window
  double t_start = 0;       ///< timestamp of the window's first frame
  double t_end = 0;         ///< timestamp of the window's last frame
  std::array<double, detector_max_classes> proba{};  ///< class probabilities, model order
  std::size_t n_classes = 0;
  std::size_t predicted = 0;   ///< index of the most probable class (model order)
  MovementClass label = MovementClass::rest;  ///< `predicted` mapped by name (unknown names: rest)
  double p_tremor = 0;      ///< probability of the model's "tremor" class
  double p_mimicked = 0;    ///< probability of the model's "mimicked" class (0 if the model has none)
  double frequency_hz = 0;  ///< dominant frequency in the tremor band, Hz
  double amplitude = 0;     ///< band-passed RMS acceleration, m/s^2
  std::array<double, 3> gravity{};  ///< mean acceleration vector over the window, m/s^2
  double motion_rms = 0;    ///< sqrt of the summed per-axis variance of acceleration, m/s^2
  double gyro_rms = -1;     ///< RMS angular rate magnitude (caller's gyro units); -1 without gyroscope
  bool valid = false;       ///< false until the first window completes
};

/// Hysteresis and minimum durations of the bout state machine.
struct HysteresisConfig {
  double enter_threshold = 0.6;  ///< a window is "on" when p_tremor + p_mimicked >= this
  double exit_threshold = 0.4;   ///< an active bout stays on while p_tremor + p_mimicked >= this
  double min_on_s = 0.25;        ///< on-windows must span this long (window-end to window-end) before onset
  double min_off_s = 1.0;        ///< off-windows must span this long before offset

  void validate() const {
    auto prob = [](double p) { return std::isfinite(p) && p > 0 && p <= 1; };
    if (!prob(enter_threshold) || !prob(exit_threshold))
      throw InvalidArgument("HysteresisConfig: thresholds must be in (0, 1]");
    if (exit_threshold > enter_threshold)
      throw InvalidArgument("HysteresisConfig: exit_threshold must be <= enter_threshold");
    if (!(std::isfinite(min_on_s) && min_on_s >= 0 && min_on_s <= 3600) ||
        !(std::isfinite(min_off_s) && min_off_s >= 0 && min_off_s <= 3600))
      throw InvalidArgument("HysteresisConfig: min_on_s and min_off_s must be in [0, 3600] s");
  }
};

/// Turns per-window results into onset/offset events. Windows are counted, not timed, so the decision
/// does not depend on clock jitter: a bout starts after 1 + ceil(min_on_s / hop) consecutive on-windows
/// and ends after ceil(min_off_s / hop) consecutive off-windows (at least 1).
/// Value type, no allocation, never throws after construction.
class BoutTracker {
 public:
  BoutTracker() = default;
  BoutTracker(const HysteresisConfig& cfg, double hop_s) : cfg_(cfg) {
    cfg_.validate();
    if (!(std::isfinite(hop_s) && hop_s > 0)) throw InvalidArgument("BoutTracker: hop_s must be > 0");
    on_windows_ = 1 + static_cast<std::uint32_t>(std::ceil(cfg_.min_on_s / hop_s - 1e-9));
    const auto off = static_cast<std::uint32_t>(std::ceil(cfg_.min_off_s / hop_s - 1e-9));
    off_windows_ = off < 1 ? 1 : off;
  }

  const HysteresisConfig& config() const noexcept { return cfg_; }
  std::uint32_t on_windows_required() const noexcept { return on_windows_; }
  std::uint32_t off_windows_required() const noexcept { return off_windows_; }
  bool active() const noexcept { return active_; }
  MovementClass active_label() const noexcept { return label_; }
  /// Estimated start of the active bout (valid while active()).
  double active_since() const noexcept { return onset_time_; }

  /// Feeds one window; calls `emit(const Event&)` for each event (0 or 1). Returns the number emitted.
  template <class Emit>
  int on_window(const WindowResult& w, Emit&& emit) noexcept {
    const double p = w.p_tremor + w.p_mimicked;
    const double centre = 0.5 * (w.t_start + w.t_end);
    if (!active_) {
      if (p >= cfg_.enter_threshold) {
        if (run_ == 0) {
          run_start_ = centre;
          acc_ = {};
        }
        ++run_;
        acc_.add(w);
        if (run_ >= on_windows_) {
          active_ = true;
          label_ = acc_.sum_tremor >= acc_.sum_mimicked ? MovementClass::tremor : MovementClass::mimicked;
          onset_time_ = run_start_;
          last_on_centre_ = centre;
          off_run_ = 0;
          emit(make(EventKind::onset, onset_time_, w.t_end, 0.0));
          return 1;
        }
      } else {
        run_ = 0;
      }
      return 0;
    }
    if (p >= cfg_.exit_threshold) {
      off_run_ = 0;
      last_on_centre_ = centre;
      acc_.add(w);
      return 0;
    }
    if (++off_run_ >= off_windows_) {
      end_bout(w.t_end, emit);
      return 1;
    }
    return 0;
  }

  /// Ends an active bout now (end of stream or a gap); `now` is the current stream time. Returns 1 if an
  /// offset was emitted. A run that has not reached onset yet is discarded.
  template <class Emit>
  int close(double now, Emit&& emit) noexcept {
    run_ = 0;
    if (!active_) return 0;
    end_bout(now, emit);
    return 1;
  }

  void reset() noexcept { *this = BoutTracker(cfg_, on_windows_, off_windows_); }

 private:
  struct Acc {
    double n = 0, sum_tremor = 0, sum_mimicked = 0, sum_f = 0, sum_a = 0, peak_a = 0;
    void add(const WindowResult& w) noexcept {
      n += 1;
      sum_tremor += w.p_tremor;
      sum_mimicked += w.p_mimicked;
      sum_f += w.frequency_hz;
      sum_a += w.amplitude;
      if (w.amplitude > peak_a) peak_a = w.amplitude;
    }
  };
  BoutTracker(const HysteresisConfig& cfg, std::uint32_t on, std::uint32_t off)
      : cfg_(cfg), on_windows_(on), off_windows_(off) {}

  Event make(EventKind kind, double time, double now, double duration) const noexcept {
    Event e;
    e.kind = kind;
    e.label = label_;
    e.time = time;
    e.detected_at = now;
    const double n = acc_.n > 0 ? acc_.n : 1;
    e.confidence = (label_ == MovementClass::tremor ? acc_.sum_tremor : acc_.sum_mimicked) / n;
    e.frequency_hz = acc_.sum_f / n;
    e.amplitude = acc_.sum_a / n;
    e.peak_amplitude = acc_.peak_a;
    e.duration = duration;
    return e;
  }
  template <class Emit>
  void end_bout(double now, Emit& emit) noexcept {
    const double end = last_on_centre_ > onset_time_ ? last_on_centre_ : onset_time_;
    emit(make(EventKind::offset, end, now, end - onset_time_));
    active_ = false;
    run_ = 0;
    off_run_ = 0;
    acc_ = {};
  }

  HysteresisConfig cfg_{};
  std::uint32_t on_windows_ = 2, off_windows_ = 4;
  bool active_ = false;
  MovementClass label_ = MovementClass::rest;
  std::uint32_t run_ = 0, off_run_ = 0;
  double run_start_ = 0, onset_time_ = 0, last_on_centre_ = 0;
  Acc acc_{};
};

}  // namespace tremorlab
