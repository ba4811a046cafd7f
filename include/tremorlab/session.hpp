#pragma once
// A shaking session: a Detector plus the session bookkeeping (bouts, cumulative shaking time, intensity,
// frequency, integration rest afterwards) and advisory flags.
//
// The flags are guidance for the user's app (e.g. "first sessions 2-3 minutes", "rest after 2-5 minutes of
// continuous shaking", "more than 15 minutes of shaking in a session is a lot"); they are not medical
// advice, and tremorlab makes no medical claim.
//
// Integration rest heuristic: a window outside any bout is "resting" when the acceleration is still
// (motion RMS = sqrt of summed per-axis variance below SessionConfig::still_motion_rms, and the gyroscope's
// RMS below still_gyro_rms when both are available) and, if the placement is known
// (SessionConfig::body_axis), the body's long axis is within lying_max_tilt_deg of horizontal (lying down).
// Without placement, stillness alone counts. Each resting window adds one hop of time.
#include <span>
#include <string>

#include "tremorlab/detector.hpp"
#include "tremorlab/session_tracker.hpp"
#include "tremorlab/session_types.hpp"

namespace tremorlab {

class Session {
 public:
  explicit Session(const DetectorConfig& dcfg = {}, const SessionConfig& scfg = {})
      : det_(dcfg), tracker_(scfg, det_.hop_s()) {}
  Session(const DetectorConfig& dcfg, const SessionConfig& scfg, Classifier model)
      : det_(dcfg, std::move(model)), tracker_(scfg, det_.hop_s()) {}

  /// Feeds frames (see Detector::push); events are passed to on_event after the session has seen them, and
  /// each classified window to on_window(const WindowResult&) (detector().latest_features() holds its
  /// features during the call). Not allocation-free: the bout list grows by one entry per finished bout.
  template <class OnEvent, class OnWindow>
  void push(std::span<const double> frames, std::span<const double> t, OnEvent&& on_event, OnWindow&& on_window) {
    det_.push(
        frames, t,
        [&](const Event& e) {
          tracker_.on_event(e);
          on_event(e);
        },
        [&](const WindowResult& w) {
          tracker_.on_window(w);
          on_window(w);
        });
  }
  template <class OnEvent>
  void push(std::span<const double> frames, std::span<const double> t, OnEvent&& on_event) {
    push(frames, t, on_event, [](const WindowResult&) noexcept {});
  }
  void push(std::span<const double> frames, std::span<const double> t = {}) {
    push(frames, t, [](const Event&) {});
  }
  /// Closes an active bout (end of the session).
  template <class OnEvent>
  void flush(OnEvent&& on_event) {
    det_.flush([&](const Event& e) {
      tracker_.on_event(e);
      on_event(e);
    });
  }
  void flush() {
    flush([](const Event&) {});
  }

  SessionSummary summary() const { return tracker_.summary(); }
  /// JSON object with totals, bouts, flags, the thresholds used and a disclaimer.
  std::string summary_json(int indent = -1) const { return tracker_.summary_json(indent); }

  const Detector& detector() const noexcept { return det_; }
  const SessionTracker& tracker() const noexcept { return tracker_; }
  void reset() {
    det_.reset();
    tracker_.reset();
  }

 private:
  Detector det_;
  SessionTracker tracker_;
};

}  // namespace tremorlab
