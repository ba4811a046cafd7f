#pragma once
// Batch windowing driver: a whole recording of interleaved x,y,z frames -> per-window features and class
// probabilities. Window k covers frames [k*hop, k*hop + window); only full windows are produced.
// The Python functions tremorlab.features / tremorlab.classify call these (one call for all windows).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "tremorlab/classifier.hpp"
#include "tremorlab/detail/gravity_turn.hpp"
#include "tremorlab/detail/parallel.hpp"
#include "tremorlab/error.hpp"
#include "tremorlab/features.hpp"

namespace tremorlab {

/// Number of full windows of `window` frames stepped by `hop` frames in `frames` frames.
inline std::size_t count_windows(std::size_t frames, std::size_t window, std::size_t hop) noexcept {
  if (window == 0 || hop == 0 || frames < window) return 0;
  return (frames - window) / hop + 1;
}

/// Times of one window, s. A frame stands for the 1/fs that starts at its sample instant, so a window of
/// `window_frames` frames whose first frame is at `first_frame_s` spans [start, end) with end = start +
/// window_frames / fs, and its centre is half a window after its start. The one rule for window times: batch
/// windows (window_times below, Python's features() and classify()) and the rows a Session keeps
/// (session_recording.hpp) use it.
struct WindowTimes {
  double start = 0, end = 0, centre = 0;
};
inline WindowTimes window_times_at(double first_frame_s, std::size_t window_frames, double fs) noexcept {
  const double len = double(window_frames) / fs;
  return {first_frame_s, first_frame_s + len, first_frame_s + 0.5 * len};
}
/// Times of batch window k (frames [k*hop_frames, k*hop_frames + window_frames)) relative to the first frame.
inline WindowTimes window_times(std::size_t k, std::size_t window_frames, std::size_t hop_frames, double fs) noexcept {
  return window_times_at(double(k * hop_frames) / fs, window_frames, fs);
}

/// Throws InvalidInput when `acc` is not a whole number of x,y,z frames, holds NaN/Inf, is shorter than one
/// window, or carries a gravity that contradicts its declared `units` (check_units_against_gravity).
inline void validate_recording(std::span<const double> acc, std::size_t window_frames, Units units) {
  if (acc.size() % 3 != 0)
    throw InvalidInput("acceleration must be whole x,y,z frames (size " + std::to_string(acc.size()) +
                       " is not a multiple of 3)");
  for (std::size_t i = 0; i < acc.size(); ++i)
    if (!std::isfinite(acc[i]))
      throw InvalidInput("acceleration contains NaN or Inf (first at frame " + std::to_string(i / 3) + ", axis " +
                         std::to_string(i % 3) + ")");
  if (acc.size() / 3 < window_frames)
    throw InvalidInput("recording has " + std::to_string(acc.size() / 3) + " frames, shorter than one window (" +
                       std::to_string(window_frames) + " frames)");
  check_units_against_gravity(acc, window_frames, units);
}

namespace detail {
/// What batch_features checks before any work: `workers`, `acc` and the second sensor `other` (validate_recording
/// each; the same frame count). classify_recording and the C ABI check once, then call batch_features_validated.
inline void validate_batch(const FeatureExtractor& fx, std::span<const double> acc, std::span<const double> other,
                           std::size_t workers) {
  if (workers == 0) throw InvalidArgument("batch_features: workers must be at least 1");
  validate_recording(acc, fx.window_samples(), fx.config().units);
  if (!other.empty()) {
    if (other.size() != acc.size())
      throw InvalidInput("second sensor has " + std::to_string(other.size() / 3) + " frames, the first " +
                         std::to_string(acc.size() / 3) + " (they must share one clock)");
    validate_recording(other, fx.window_samples(), fx.config().units);
  }
}

/// batch_features' work on input validate_batch accepted.
inline std::size_t batch_features_validated(FeatureExtractor& fx, std::span<const double> acc, std::span<double> out,
                                            std::span<const double> other, std::size_t workers,
                                            std::span<double> band_rms) {
  const std::size_t nw = count_windows(acc.size() / 3, fx.window_samples(), fx.hop_samples());
  const std::size_t nf = FeatureExtractor::size();
  if (out.size() < nw * nf || (!band_rms.empty() && band_rms.size() < nw))
    throw InvalidArgument("batch_features: output buffer too small");
  auto run = [&](FeatureExtractor& x, std::size_t k0, std::size_t k1) noexcept {
    for (std::size_t k = k0; k < k1; ++k) {
      const std::size_t at = 3 * k * x.hop_samples(), len = 3 * x.window_samples();
      if (other.empty())
        x.compute(acc.subspan(at, len), out.subspan(k * nf, nf));
      else
        x.compute_pair(acc.subspan(at, len), other.subspan(at, len), out.subspan(k * nf, nf));
      if (!band_rms.empty()) band_rms[k] = x.last_band_rms();
    }
  };
  // A thread is worth its start-up (~50 us) and its extractor (~30 KB) only for a few hundred windows.
  constexpr std::size_t kMinWindowsPerPart = 256;
  const std::size_t parts = std::max<std::size_t>(1, std::min(workers, nw / kMinWindowsPerPart));
  std::vector<FeatureExtractor> copies(parts - 1, fx);  // made here, so an allocation failure throws here
  detail::run_parts(parts, [&](std::size_t t) {
    run(t == 0 ? fx : copies[t - 1], t * nw / parts, (t + 1) * nw / parts);
  });
  return nw;
}
}  // namespace detail

/// Features of every window into `out` (n_windows * FeatureExtractor::size(), row-major).
/// Returns the number of windows. Validates `acc` first (InvalidInput). `other`, when not empty, is a second
/// sensor recorded on the same clock (same frame count and layout): each window then also gets its
/// inter_sensor_coherence (FeatureExtractor::compute_pair), as the streaming Detector computes it with
/// DetectorConfig::second_sensor. `workers` > 1 spreads the windows over that many threads (the caller's
/// included), each with its own copy of `fx`; windows are independent, so the values do not change.
/// `band_rms`, when not empty (n_windows values), receives each window's FeatureExtractor::last_band_rms().
inline std::size_t batch_features(FeatureExtractor& fx, std::span<const double> acc, std::span<double> out,
                                  std::span<const double> other = {}, std::size_t workers = 1,
                                  std::span<double> band_rms = {}) {
  detail::validate_batch(fx, acc, other, workers);
  return detail::batch_features_validated(fx, acc, out, other, workers, band_rms);
}

/// Probabilities for `n_rows` feature rows (row-major, model.n_features() each) into `proba`
/// (n_rows * model.n_classes()).
inline void batch_predict_proba(const Classifier& model, std::span<const double> features, std::size_t n_rows,
                                std::span<double> proba) {
  const std::size_t nf = model.n_features(), nc = model.n_classes();
  if (features.size() != n_rows * nf) throw InvalidInput("batch_predict_proba: feature matrix has the wrong size");
  if (proba.size() < n_rows * nc) throw InvalidArgument("batch_predict_proba: output buffer too small");
  for (std::size_t r = 0; r < n_rows; ++r) model.predict_proba(features.subspan(r * nf, nf), proba.subspan(r * nc, nc));
}

/// Everything a caller needs about a recording, in one pass.
struct BatchResult {
  std::size_t n_windows = 0;
  std::size_t n_features = 0;
  std::size_t n_classes = 0;
  double window_s = 0, hop_s = 0;          ///< the window and hop used (the model's unless overridden)
  std::size_t window_frames = 0, hop_frames = 0;
  std::vector<double> start_s;   ///< window start time relative to the first frame, s (window_times)
  std::vector<double> end_s;     ///< start_s + window_frames / fs
  std::vector<double> centre_s;  ///< start_s + window_frames / (2 fs)
  std::vector<double> features;  ///< n_windows * n_features, row-major
  std::vector<double> proba;     ///< n_windows * n_classes, row-major
  std::vector<double> amplitude; ///< band-passed RMS acceleration per window, m/s^2 (FeatureExtractor::last_band_rms)
  /// Strongest rhythm per window, Hz (FeatureExtractor::rhythm_of with the analysis' threshold; 0: none).
  std::vector<double> rhythm_hz;
  /// Largest gravity turn of the last posture_hold_s per window, deg/s (detail::PostureHold over the windows in
  /// order, as the Detector computes it; NaN: not known): decide()'s posture.
  std::vector<double> turn_deg_s;
  std::vector<MovementClass> labels;  ///< decide() of each window (model.decision(), amplitude, rhythm, turn, band share): may be `shaking`
};

/// turn_deg_s of every full window of a recording (interleaved x,y,z frames in `units`; windows of
/// `window_frames` frames every `hop_frames` at `fs` Hz, as count_windows counts them): each window's
/// detail::PostureTracker (PostureMean in m/s^2, then PostureHold over `hold_s`: posture_hold_s is what the
/// decision takes, 0 each window's own 1 s turn), as the Detector feeds it window by window. NaN where not known.
inline std::vector<double> posture_turns(std::span<const double> acc, std::size_t window_frames, std::size_t hop_frames,
                                         double fs, Units units, double hold_s = posture_hold_s) {
  if (acc.size() % 3 != 0) throw InvalidArgument("posture_turns: acceleration must be whole x,y,z frames");
  if (window_frames < 1 || hop_frames < 1) throw InvalidArgument("posture_turns: window and hop must be >= 1 frame");
  if (!(std::isfinite(fs) && fs > 0)) throw InvalidArgument("posture_turns: fs must be finite and > 0");
  if (!(std::isfinite(hold_s) && hold_s >= 0)) throw InvalidArgument("posture_turns: hold_s must be finite and >= 0");
  const std::size_t nw = count_windows(acc.size() / 3, window_frames, hop_frames);
  detail::PostureTracker posture(window_frames, double(hop_frames) / fs, to_m_per_s2(units), hold_s);
  std::vector<double> out(nw);
  for (std::size_t k = 0; k < nw; ++k) out[k] = posture.push(acc.subspan(3 * k * hop_frames, 3 * window_frames));
  return out;
}

/// The feature configuration classify_recording uses: `model`'s window/hop/band unless `window_s`/`hop_s`
/// are > 0.
inline FeatureConfig recording_feature_config(const Classifier& model, double fs, Units units, double window_s = 0,
                                              double hop_s = 0) noexcept {
  FeatureConfig cfg = model.feature_config(fs, units);
  if (window_s > 0) cfg.window_s = window_s;
  if (hop_s > 0) cfg.hop_s = hop_s;
  return cfg;
}

/// Features + classification of a recording (interleaved x,y,z frames) with recording_feature_config.
/// `other`: optional second sensor, `workers`: threads; see batch_features.
inline BatchResult classify_recording(std::span<const double> acc, double fs, Units units, const Classifier& model,
                                      double window_s = 0, double hop_s = 0, std::span<const double> other = {},
                                      std::size_t workers = 1) {
  const FeatureConfig cfg = recording_feature_config(model, fs, units, window_s, hop_s);
  FeatureExtractor fx(cfg);
  BatchResult r;
  r.n_features = FeatureExtractor::size();
  r.n_classes = model.n_classes();
  detail::validate_batch(fx, acc, other, workers);
  r.n_windows = count_windows(acc.size() / 3, fx.window_samples(), fx.hop_samples());
  r.features.resize(r.n_windows * r.n_features);
  r.proba.resize(r.n_windows * r.n_classes);
  r.labels.resize(r.n_windows);
  r.window_s = cfg.window_s;
  r.hop_s = cfg.hop_s;
  r.window_frames = fx.window_samples();
  r.hop_frames = fx.hop_samples();
  r.start_s.resize(r.n_windows);
  r.end_s.resize(r.n_windows);
  r.centre_s.resize(r.n_windows);
  r.amplitude.resize(r.n_windows);
  r.rhythm_hz.resize(r.n_windows);
  detail::batch_features_validated(fx, acc, r.features, other, workers, r.amplitude);
  r.turn_deg_s = posture_turns(acc, r.window_frames, r.hop_frames, fs, units);
  batch_predict_proba(model, r.features, r.n_windows, r.proba);
  for (std::size_t k = 0; k < r.n_windows; ++k) {
    const WindowTimes wt = window_times(k, r.window_frames, r.hop_frames, fs);
    r.start_s[k] = wt.start;
    r.end_s[k] = wt.end;
    r.centre_s[k] = wt.centre;
    r.rhythm_hz[k] = fx.rhythm_of(std::span<const double>(r.features).subspan(k * r.n_features));
    r.labels[k] = model.decide(std::span<const double>(r.proba).subspan(k * r.n_classes, r.n_classes), r.amplitude[k],
                               r.rhythm_hz[k], r.turn_deg_s[k],
                               FeatureExtractor::band_share_of(std::span<const double>(r.features).subspan(k * r.n_features)));
  }
  return r;
}

}  // namespace tremorlab
