#pragma once
// Event and per-window result types of the streaming detector (value types only; the state machine that
// produces events is BoutTracker in bout_tracker.hpp).
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "tremorlab/decision.hpp"

namespace tremorlab {

/// Upper bound on the classes of a model used by the detector (fixed-size storage on the hot path).
inline constexpr std::size_t detector_max_classes = 8;

/// onset: shaking started; relabel: an active bout's kind settled (shaking -> tremor or mimicked) or changed
/// (tremor <-> mimicked) before its offset; offset: the bout ended; gap: the stream had a gap.
enum class EventKind : std::uint8_t { onset, offset, gap, relabel };
inline const char* to_string(EventKind k) noexcept {
  switch (k) {
    case EventKind::onset: return "onset";
    case EventKind::offset: return "offset";
    case EventKind::gap: return "gap";
    case EventKind::relabel: return "relabel";
  }
  return "unknown";  // out of range: the same spelling as an unknown label (decision.hpp)
}

/// Whether events of this kind carry a label. A gap has none: the Python binding gives None, JavaScript
/// null, the C ABI label -1 and label_name "" (the Event field itself then holds rest, meaningless).
constexpr bool has_label(EventKind k) noexcept { return k != EventKind::gap; }

/// One detector event. Times are on the stream clock (the caller's timestamps, or frame / fs).
struct Event {
  EventKind kind = EventKind::onset;
  /// onset/offset/relabel: the bout's kind of shaking. An onset names no kind it cannot support: it is
  /// MovementClass::shaking (kind pending) unless the triggering windows already settle the kind (see
  /// HysteresisConfig, "Kind settling"). A relabel gives the kind once it settles
  /// (tremor or mimicked) and again whenever it changes; it never goes back to shaking. The offset carries
  /// the bout's final kind (the last one settled; shaking if it never settled).
  /// gap: MovementClass::rest, meaningless (has_label(): gaps have no label).
  MovementClass label = MovementClass::rest;
  /// onset: estimated start of the bout: the first window whose band power rose (walking back from the
  /// triggering run) ends within one hop after the shaking began, so time = that window's end - hop/2;
  /// offset: estimated end (centre of the last window still above the exit threshold, at least one hop
  /// after the onset time: every bout lasts at least the hop its first window stands for);
  /// relabel: centre of the first window of the run that led to the new label (the windows counted towards
  /// the kind since its evidence last sat at a settling bound; not before the onset);
  /// gap: timestamp of the last frame before the gap.
  double time = 0;
  /// Stream time at which the event was emitted (timestamp of the frame that completed the deciding
  /// window); detected_at - time is the reporting delay, detected_at - true onset the detection latency.
  double detected_at = 0;
  /// onset: mean probability of `label` over the triggering run; relabel: over the run that settled the
  /// kind; offset: over the whole bout; gap: 0. For `shaking` that probability is P(tremor) + P(mimicked).
  double confidence = 0;
  double frequency_hz = 0;   ///< mean shaking frequency (WindowResult::frequency_hz) of the windows, Hz; gap: 0
  double amplitude = 0;      ///< mean band-passed RMS acceleration of the run/bout windows, m/s^2; gap: 0
  double peak_amplitude = 0; ///< max of the windows' band-passed RMS, m/s^2 (onset: over the run)
  /// offset: bout duration (time - onset time); relabel: time - onset time; gap: length of the gap in s;
  /// onset: 0.
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
  /// The window's label: decide() with the model's DecisionConfig (may be `shaking`, kind uncertain).
  MovementClass label = MovementClass::rest;
  double p_tremor = 0;      ///< probability of the model's "tremor" class
  double p_mimicked = 0;    ///< probability of the model's "mimicked" class (0 if the model has none)
  /// Shaking frequency, Hz (FeatureExtractor::shaking_frequency): the band's dominant frequency, or the rhythm
  /// of a tremor slower than the band.
  double frequency_hz = 0;
  double amplitude = 0;     ///< band-passed RMS acceleration, m/s^2 (sqrt of the tremor-band power P)
  /// Strongest rhythm, Hz (broad_peak_frequency, 0.5-20 Hz; 0: none, a flat spectrum or a slower movement's
  /// harmonics, FeatureExtractor::rhythm_of): decide()'s rhythm.
  double rhythm_hz = 0;
  /// The window's log_band_power feature, log10(P + 1e-6): the band-power trend BoutTracker follows, passed
  /// as the extractor computed it (not re-derived from `amplitude`). -6 is P = 0.
  double log_band_power = -6;
  double band_share = 0;    ///< tremor-band share of the window's 0.5-20 Hz power (0..1)
  std::array<double, 3> gravity{};  ///< mean acceleration vector over the window, m/s^2
  /// Largest turn of gravity's direction (deg/s, over 1 s steps) of the windows of the last posture_hold_s
  /// (detail::PostureHold): decide()'s posture; NaN when not known (no gravity in the input, first window).
  double turn_deg_s = std::numeric_limits<double>::quiet_NaN();
  double motion_rms = 0;    ///< sqrt of the summed per-axis variance of acceleration, m/s^2
  double gyro_rms = -1;     ///< RMS angular rate magnitude (caller's gyro units); -1 without gyroscope
  double coherence = -1;    ///< inter-sensor coherence at the dominant frequency (0..1); -1 without a second sensor
  bool valid = false;       ///< false until the first window completes
};

}  // namespace tremorlab
