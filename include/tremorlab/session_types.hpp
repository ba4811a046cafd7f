#pragma once
// Value types of a shaking session: its configuration (advisory thresholds, stillness heuristic), the
// bouts and the summary. Produced by SessionTracker (session_tracker.hpp) / Session (session.hpp).
#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "tremorlab/decision.hpp"
#include "tremorlab/error.hpp"

namespace tremorlab {

/// Advisory thresholds and the stillness heuristic of a shaking session. The flags are guidance for the
/// user's app, not medical advice.
struct SessionConfig {
  bool first_session = false;           ///< the user's first sessions: flag shaking beyond first_session_max_s
  double first_session_max_s = 180;     ///< "first sessions 2-3 minutes"
  double continuous_notice_s = 120;     ///< continuous shaking this long: suggest a rest soon
  double continuous_limit_s = 300;      ///< continuous shaking this long: suggest a rest now
  double session_shaking_max_s = 900;   ///< more shaking than this in one session is a lot
  /// A pause shorter than this between two bouts (one's end to the next one's start) does not end continuous
  /// shaking: the continuous_* flags measure bouts joined across such pauses (longest_continuous_s). A few
  /// calmer seconds in a wall sit are not the rest the flags ask for; 0 joins nothing. Model choice: about
  /// two analysis windows, so that one dip of the detector's evidence cannot reset the count.
  double pause_join_s = 5;
  /// Stillness: a window (outside any bout) is still when the acceleration's motion RMS (sqrt of the summed
  /// per-axis variance, m/s^2) is below this and, with a gyroscope, the angular-rate RMS is below
  /// still_gyro_rms (ignored when < 0).
  double still_motion_rms = 0.15;
  double still_gyro_rms = -1;
  /// Placement: unit vector of the body's long axis (head to feet) in sensor coordinates when known, e.g.
  /// {0, 1, 0} for a phone strapped upright on the thigh. With it, "integration rest" also requires lying:
  /// the gravity direction is within lying_max_tilt_deg of perpendicular to that axis. Zero vector: unknown
  /// placement, stillness alone counts.
  std::array<double, 3> body_axis{0, 0, 0};
  double lying_max_tilt_deg = 30;

  void validate() const {
    auto pos = [](double v) { return std::isfinite(v) && v > 0; };
    if (!pos(first_session_max_s) || !pos(continuous_notice_s) || !pos(continuous_limit_s) ||
        !pos(session_shaking_max_s) || !pos(still_motion_rms))
      throw InvalidArgument("SessionConfig: durations and still_motion_rms must be finite and > 0");
    if (!(std::isfinite(pause_join_s) && pause_join_s >= 0))
      throw InvalidArgument("SessionConfig: pause_join_s must be finite and >= 0");
    if (continuous_limit_s < continuous_notice_s)
      throw InvalidArgument("SessionConfig: continuous_limit_s must be >= continuous_notice_s");
    if (!std::isfinite(still_gyro_rms)) throw InvalidArgument("SessionConfig: still_gyro_rms must be finite");
    for (double v : body_axis)
      if (!std::isfinite(v)) throw InvalidArgument("SessionConfig: body_axis must be finite");
    if (!(std::isfinite(lying_max_tilt_deg) && lying_max_tilt_deg >= 0 && lying_max_tilt_deg <= 90))
      throw InvalidArgument("SessionConfig: lying_max_tilt_deg must be in [0, 90]");
  }
};

struct Bout {
  /// The bout's kind: tremor, mimicked, or shaking when it never settled (see BoutTracker).
  MovementClass label = MovementClass::shaking;
  double start = 0, end = 0, duration = 0;  ///< s, stream clock
  double mean_amplitude = 0;   ///< m/s^2 band-passed RMS, mean over the bout's windows
  double peak_amplitude = 0;   ///< m/s^2, max over the bout's windows
  double mean_frequency_hz = 0;
  double confidence = 0;       ///< mean probability of `label`
  bool open = false;           ///< still going (no offset yet)
};

struct SessionFlags {
  bool first_session_long = false;    ///< first session and shaking_s > first_session_max_s
  bool rest_suggested = false;        ///< continuous shaking (longest_continuous_s) reached continuous_notice_s
  bool rest_strongly_suggested = false;  ///< continuous shaking reached continuous_limit_s
  bool long_session = false;          ///< shaking_s > session_shaking_max_s
};

struct SessionSummary {
  double start_time = 0, end_time = 0, duration_s = 0;  ///< span of the data seen
  /// Cumulative bout time (open bout included). shaking_s counts every bout; tremor_s, mimicked_s and
  /// unsettled_s split it by each bout's kind, the kind it settled on last (an open bout: its current kind).
  /// A bout counts whole towards its kind: the seconds before the kind settled were the same shaking, only
  /// not yet recognised. So for a practice app "tremor time" is the time of bouts recognised as tremor, and
  /// unsettled_s is shaking whose kind the evidence never made clear (shaking_s = the sum of the three).
  double shaking_s = 0, tremor_s = 0, mimicked_s = 0, unsettled_s = 0;
  double longest_bout_s = 0;
  /// Longest stretch of continuous shaking: consecutive bouts whose pauses are all shorter than
  /// SessionConfig::pause_join_s, first start to last end (the short pauses included); >= longest_bout_s.
  double longest_continuous_s = 0;
  double mean_amplitude = 0, peak_amplitude = 0, mean_frequency_hz = 0;  ///< duration-weighted over bouts
  double still_s = 0;                   ///< still time outside bouts over the whole session
  double rest_after_last_bout_s = 0;    ///< integration rest after the most recent bout ended
  double rest_after_shaking_s = 0;      ///< integration rest accumulated after the first bout ended
  std::size_t gaps = 0;
  double gap_time_s = 0;
  std::vector<Bout> bouts;
  SessionFlags flags;
};

}  // namespace tremorlab
