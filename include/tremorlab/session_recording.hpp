#pragma once
// A whole recording through a Session, keeping every window's row (features, probabilities, decided label,
// amplitude, times): what `tremorlab analyze` reports. The features are computed once, by the session's
// detector, so the per-window table and the session summary describe the same windows, and both follow the
// detector's timestamp and gap policy (timestamps.hpp: windowing restarts after each gap).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "tremorlab/batch.hpp"
#include "tremorlab/session.hpp"

namespace tremorlab {

struct SessionRecording {
  /// One row per classified window, laid out as classify_recording's. Times are on the stream clock:
  /// start_s is the timestamp of the window's first frame, end_s and centre_s follow window_times_at.
  BatchResult windows;
  std::vector<std::uint64_t> segment;  ///< per window: gap restarts before it (WindowResult::segment)
  std::vector<Event> events;           ///< every event of the pushed frames and of the final flush
};

/// Pushes `frames` (with optional timestamps, see Detector::push) through `session`, flushes it, and returns
/// the rows of the windows these frames completed and the events. The session's summary() then covers the
/// recording. Throws what Session::push throws, InvalidInput when the recording's gravity contradicts the
/// declared units (check_units_against_gravity) and TimestampError when its timestamps contradict fs within
/// rate_tolerance (check_rate_against_timestamps): a whole recording can be held to more than a live block.
/// The session is left as it was.
inline SessionRecording run_session(Session& session, std::span<const double> frames,
                                    std::span<const double> t = {}) {
  const Detector& det = session.detector();
  const FeatureConfig& cfg = det.feature_config();
  check_units_against_gravity(frames, det.window_samples(), cfg.units, det.channels());
  check_rate_against_timestamps(t, cfg.fs, det.config().max_gap_s);
  SessionRecording out;
  BatchResult& r = out.windows;
  r.n_features = FeatureExtractor::size();
  r.n_classes = det.model().n_classes();
  r.window_s = cfg.window_s;
  r.hop_s = cfg.hop_s;
  r.window_frames = det.window_samples();
  r.hop_frames = det.hop_samples();
  // Without gaps there are count_windows() of them (fewer with gaps): one allocation per column.
  const std::size_t expect = count_windows(frames.size() / det.channels(), r.window_frames, r.hop_frames);
  for (auto* v : {&r.start_s, &r.end_s, &r.centre_s, &r.amplitude, &r.rhythm_hz, &r.turn_deg_s}) v->reserve(expect);
  r.features.reserve(expect * r.n_features);
  r.proba.reserve(expect * r.n_classes);
  r.labels.reserve(expect);
  out.segment.reserve(expect);
  auto on_event = [&](const Event& e) { out.events.push_back(e); };
  session.push(frames, t, on_event, [&](const WindowResult& w) {
    const WindowTimes wt = window_times_at(w.t_start, r.window_frames, cfg.fs);
    r.start_s.push_back(wt.start);
    r.end_s.push_back(wt.end);
    r.centre_s.push_back(wt.centre);
    const auto f = det.latest_features();
    r.features.insert(r.features.end(), f.begin(), f.end());
    r.proba.insert(r.proba.end(), w.proba.begin(), w.proba.begin() + static_cast<std::ptrdiff_t>(w.n_classes));
    r.labels.push_back(w.label);
    r.amplitude.push_back(w.amplitude);
    r.rhythm_hz.push_back(w.rhythm_hz);
    r.turn_deg_s.push_back(w.turn_deg_s);
    out.segment.push_back(w.segment);
  });
  session.flush(on_event);
  r.n_windows = r.labels.size();
  return out;
}

}  // namespace tremorlab
