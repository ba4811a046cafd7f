#pragma once
// Real-time tremor detector: samples in (one at a time or blocks of any size, optional timestamps),
// onset/relabel/offset/gap events out.
//
// Windowing is the batch driver's: after the stream starts (or restarts after a gap) window k covers
// frames [k*hop, k*hop + W), so the windows, features and labels are the same however the input is
// chunked and the same as a batch classification of the same frames. Timestamp policy: see
// timestamps.hpp (no resampling; jitter is measured, gaps restart the window buffer).
//
// Memory: everything is allocated in the constructor (ring of 2*W frames, feature and probability
// buffers, event queue); push()/flush()/reset() never allocate. One detector per thread; no global state.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tremorlab/classifier.hpp"
#include "tremorlab/detail/ring_buffer.hpp"
#include "tremorlab/error.hpp"
#include "tremorlab/bout_tracker.hpp"
#include "tremorlab/detail/gravity_turn.hpp"
#include "tremorlab/events.hpp"
#include "tremorlab/features.hpp"
#include "tremorlab/timestamps.hpp"

namespace tremorlab {

struct DetectorConfig {
  double fs = 100.0;            ///< nominal sampling rate, Hz
  std::size_t channels = 3;     ///< 3: ax, ay, az; 6: ax, ay, az, gx, gy, gz (gyroscope carried, not classified)
  /// With channels == 6: the last three channels are a second accelerometer (e.g. the other leg: ax, ay, az,
  /// bx, by, bz, same units) instead of a gyroscope. Each window's inter_sensor_coherence feature is then
  /// computed (FeatureExtractor::compute_pair) and reaches the classifier; every other feature describes the
  /// first sensor. A model trained on single-sensor windows (the shipped one) saw the feature only as 0.
  bool second_sensor = false;
  Units units = Units::m_per_s2;  ///< acceleration units (gravity included)
  double window_s = 0;          ///< analysis window, s; <= 0: the model's (Classifier::feature_config)
  double hop_s = 0;             ///< hop between windows, s; <= 0: the model's
  HysteresisConfig hysteresis{};
  double jitter_tolerance = TimestampConfig{}.jitter_tolerance;  ///< see TimestampConfig
  double max_gap_s = TimestampConfig{}.max_gap_s;  ///< see TimestampConfig; longer intervals are gaps
  std::size_t event_capacity = 64;  ///< queue of the callback-free push(); oldest events dropped (and counted) beyond
};

/// Sample accounting. Invariant: frames_pushed == frames_accepted + frames_rejected.
struct DetectorCounters {
  std::uint64_t frames_pushed = 0;    ///< every frame handed to push()
  std::uint64_t frames_accepted = 0;  ///< frames that entered the stream
  std::uint64_t frames_rejected = 0;  ///< frames of blocks rejected with an exception (nothing of them used)
  std::uint64_t frames_unwindowed = 0;  ///< accepted frames that never reached a window because a gap restarted the buffer
  std::uint64_t windows = 0;          ///< windows classified
  std::uint64_t gaps = 0;
  std::uint64_t events = 0;           ///< events emitted
};

class Detector {
 public:
  /// push() refuses a block of at least this many intervals (gaps left out) whose mean step is off 1/fs by
  /// more than the jitter tolerance: single steps wobble, the mean of 25 does not move that far.
  static constexpr std::size_t kRateCheckIntervals = 25;

  explicit Detector(const DetectorConfig& cfg = {}) : Detector(cfg, Classifier::default_model()) {}
  Detector(const DetectorConfig& cfg, Classifier model)
      : cfg_(cfg), clf_(std::move(model)), fx_(make_feature_config(cfg, clf_)) {
    if (cfg_.channels != 3 && cfg_.channels != 6)
      throw InvalidArgument("Detector: channels must be 3 (accelerometer) or 6 (accelerometer + gyroscope)");
    if (cfg_.second_sensor && cfg_.channels != 6)
      throw InvalidArgument("Detector: second_sensor needs channels=6 (ax, ay, az, bx, by, bz)");
    clock_ = TimestampTracker(TimestampConfig{cfg_.fs, cfg_.jitter_tolerance, cfg_.max_gap_s});
    win_ = fx_.window_samples();
    hop_ = fx_.hop_samples();
    if (win_ < 2 || hop_ < 1) throw InvalidArgument("Detector: window and hop must be at least 2 and 1 samples");
    hop_s_ = static_cast<double>(hop_) / cfg_.fs;
    bouts_ = BoutTracker(cfg_.hysteresis, hop_s_);
    if (clf_.n_features() != FeatureExtractor::size())
      throw ModelError("Detector: model expects " + std::to_string(clf_.n_features()) + " features, extractor gives " +
                       std::to_string(FeatureExtractor::size()));
    if (clf_.n_classes() < 2 || clf_.n_classes() > detector_max_classes)
      throw ModelError("Detector: model must have 2.." + std::to_string(detector_max_classes) + " classes");
    const auto& cls = clf_.classes();
    for (std::size_t i = 0; i < cls.size(); ++i) {
      if (cls[i] == "tremor") i_tremor_ = static_cast<int>(i);
      if (cls[i] == "mimicked") i_mimicked_ = static_cast<int>(i);
    }
    if (i_tremor_ < 0) throw ModelError("Detector: model has no \"tremor\" class");
    if (clf_.feature_names() != FeatureExtractor::names())
      throw ModelError("Detector: the model's feature names differ from the extractor's");
    acc_ = detail::MirrorRing<double>(win_, 3);
    // Only window-start timestamps are needed: one per hop, the last floor((W-1)/hop)+1 of them.
    starts_back_ = (win_ - 1) / hop_;
    times_ = detail::MirrorRing<double>(starts_back_ + 1, 1);
    if (cfg_.second_sensor)
      acc2_ = detail::MirrorRing<double>(win_, 3);
    else if (cfg_.channels == 6)
      gyro_ = detail::MirrorRing<double>(win_, 1);
    features_.assign(FeatureExtractor::size(), 0.0);
    queue_ = detail::BoundedQueue<Event>(cfg_.event_capacity);
    to_mps2_ = to_m_per_s2(cfg_.units);
    posture_ = detail::PostureTracker(win_, hop_s_, to_mps2_, posture_hold_s);
    clf_.drop_provenance();  // model() answers for prediction; the training record stays with the caller's copy
    model_bytes_ = estimate_model_bytes(clf_);
  }

  const DetectorConfig& config() const noexcept { return cfg_; }
  /// The model the detector predicts with (its provenance record dropped: provenance_json() is "{}").
  const Classifier& model() const noexcept { return clf_; }
  std::size_t channels() const noexcept { return cfg_.channels; }
  std::size_t window_samples() const noexcept { return win_; }
  std::size_t hop_samples() const noexcept { return hop_; }
  double hop_s() const noexcept { return hop_s_; }
  const DetectorCounters& counters() const noexcept { return counters_; }
  const TimestampStats& timestamp_stats() const noexcept { return clock_.stats(); }
  /// Events dropped by the callback-free push() because the queue was full and not drained.
  std::size_t events_dropped() const noexcept { return queue_.dropped(); }
  bool in_bout() const noexcept { return bouts_.active(); }

  /// The latest window's classification (valid == false before the first window).
  const WindowResult& latest() const noexcept { return latest_; }
  /// The latest window's features (FeatureExtractor::names() order; zeros before the first window). Valid
  /// until the next window completes.
  std::span<const double> latest_features() const noexcept { return features_; }
  /// Why the latest window got its label: Classifier::explain(latest_features(), latest().label, k), the k
  /// features that pushed hardest towards that label (for `shaking`: towards tremor and mimicked merged).
  /// Allocates: for a user interface, not the sample path. Throws InvalidArgument before the first window
  /// (and after reset()).
  std::vector<Contribution> explain_latest(std::size_t k = 3) const {
    if (!latest_.valid) throw InvalidArgument("explain_latest: no window yet");
    return clf_.explain(features_, latest_.label, k);
  }
  /// Window, hop, band and units of this detector's windows (the model's unless the config overrode them).
  const FeatureConfig& feature_config() const noexcept { return fx_.config(); }

  /// Bytes of the per-stream state: this object, the sample/timestamp rings, feature and event storage.
  std::size_t state_bytes() const noexcept {
    return sizeof(*this) + acc_.memory_bytes() + times_.memory_bytes() + gyro_.memory_bytes() + acc2_.memory_bytes() +
           features_.capacity() * sizeof(double) + queue_.memory_bytes() + posture_.heap_bytes();
  }
  /// Everything this detector owns: state_bytes() plus the heap of the feature extractor (its FFT plans and
  /// work buffers, as FeatureExtractor::state_bytes() reports them) and of the classifier (estimate). test_no_alloc checks
  /// this against the bytes actually allocated.
  std::size_t memory_bytes() const noexcept { return state_bytes() + extractor_bytes() + model_bytes(); }

  /// Processes frames (interleaved, channels() values each) with optional timestamps (one per frame, or
  /// empty: frames continue the clock at 1/fs). The whole block is validated first: NaN/Inf samples
  /// (InvalidInput), bad timestamps (TimestampError: not finite and increasing, a block of 3 or more whose
  /// every interval is a gap, i.e. not in seconds, or a block of kRateCheckIntervals or more whose mean step
  /// says another rate than fs) or a ragged block (InvalidInput) throw and leave the detector exactly as it
  /// was. Calls on_event(const Event&) for every event and on_window(const WindowResult&) for every classified
  /// window, in stream order. No allocation.
  template <class OnEvent, class OnWindow>
  void push(std::span<const double> frames, std::span<const double> t, OnEvent&& on_event, OnWindow&& on_window) {
    const std::size_t ch = cfg_.channels;
    if (frames.size() % ch != 0) {
      counters_.frames_pushed += frames.size() / ch + 1;
      counters_.frames_rejected += frames.size() / ch + 1;
      throw InvalidInput("Detector::push: block of " + std::to_string(frames.size()) +
                         " values is not a whole number of " + std::to_string(ch) + "-channel frames");
    }
    const std::size_t n = frames.size() / ch;
    counters_.frames_pushed += n;
    try {
      if (!t.empty() && t.size() != n)
        throw InvalidInput("Detector::push: " + std::to_string(t.size()) + " timestamps for " + std::to_string(n) +
                           " frames");
      validate_samples(frames, ch);
      validate_timestamps(t, clock_.has_last(), clock_.last());
      // Timestamps in ms or ns (a gap event per frame) or a rate that is not fs (every frequency off): a block
      // of 25+ intervals whose mean step is off by more than the jitter tolerance is no jitter.
      check_rate_against_timestamps(t, cfg_.fs, cfg_.max_gap_s, cfg_.jitter_tolerance, kRateCheckIntervals);
    } catch (...) {
      counters_.frames_rejected += n;
      throw;
    }
    counters_.frames_accepted += n;
    for (std::size_t i = 0; i < n; ++i)
      process_frame(frames.data() + i * ch, t.empty() ? clock_.next_implied() : t[i], t.empty(), on_event, on_window);
  }

  /// Same, with events only.
  template <class OnEvent>
  void push(std::span<const double> frames, std::span<const double> t, OnEvent&& on_event) {
    push(frames, t, on_event, [](const WindowResult&) noexcept {});
  }

  /// Callback-free form: events go to the internal fixed-capacity queue (drain with pop_event()).
  /// Returns the number of events emitted by this call.
  std::size_t push(std::span<const double> frames, std::span<const double> t = {}) {
    std::size_t k = 0;
    push(frames, t, [&](const Event& e) noexcept {
      queue_.push(e);
      ++k;
    });
    return k;
  }

  bool pop_event(Event& out) noexcept { return queue_.pop(out); }
  std::size_t pending_events() const noexcept { return queue_.size(); }

  /// End of stream: closes an active bout (offset at its estimated end, detected_at = last frame time).
  /// Frames of an incomplete window stay buffered and the stream may continue.
  template <class OnEvent>
  void flush(OnEvent&& on_event) noexcept {
    bouts_.close(clock_.has_last() ? clock_.last() : 0.0, [&](const Event& e) { emit(e, on_event); });
  }
  std::size_t flush() noexcept {
    std::size_t k = 0;
    flush([&](const Event& e) noexcept {
      queue_.push(e);
      ++k;
    });
    return k;
  }

  /// Back to the state of a freshly constructed detector (same config and model); no allocation.
  void reset() noexcept {
    acc_.clear();
    times_.clear();
    gyro_.clear();
    acc2_.clear();
    std::fill(features_.begin(), features_.end(), 0.0);
    queue_.clear();
    clock_.reset();
    bouts_.reset();
    posture_.clear();
    latest_ = {};
    counters_ = {};
    in_segment_ = 0;
    segment_ = 0;
  }

 private:
  static FeatureConfig make_feature_config(const DetectorConfig& c, const Classifier& model) {
    // Window, hop and band default to the model's (what it was trained with).
    FeatureConfig f = model.feature_config(c.fs, c.units);
    if (c.window_s > 0) f.window_s = c.window_s;
    if (c.hop_s > 0) f.hop_s = c.hop_s;
    if (!(std::isfinite(c.window_s) && std::isfinite(c.hop_s)))
      throw InvalidArgument("DetectorConfig: window_s and hop_s must be finite");
    return f;
  }
  std::size_t extractor_bytes() const noexcept { return fx_.state_bytes(); }
  std::size_t model_bytes() const noexcept { return model_bytes_; }
  // Heap of the classifier (Classifier::heap_bytes: its parameters, folded copies, names and provenance).
  // Computed once at construction.
  static std::size_t estimate_model_bytes(const Classifier& clf) { return clf.heap_bytes(); }

  template <class OnEvent>
  void emit(const Event& e, OnEvent& on_event) {
    ++counters_.events;
    on_event(e);
  }

  template <class OnEvent, class OnWindow>
  void process_frame(const double* f, double t, bool implied, OnEvent& on_event, OnWindow& on_window) {
    const double prev = clock_.last();
    if (clock_.step(t, implied) == Step::gap) {
      // Nothing is interpolated across a gap: close any bout at the last frame before it, report the gap,
      // and restart windowing so the next window starts at the first frame after it.
      bouts_.close(prev, [&](const Event& e) { emit(e, on_event); });
      posture_.clear();  // the windows after a gap do not continue the posture of those before it
      Event g;
      g.kind = EventKind::gap;
      g.time = prev;
      g.detected_at = t;
      g.duration = t - prev;
      emit(g, on_event);
      ++counters_.gaps;
      counters_.frames_unwindowed += in_segment_ < win_ ? in_segment_ : (in_segment_ - win_) % hop_;
      acc_.clear();
      times_.clear();
      gyro_.clear();
      acc2_.clear();
      in_segment_ = 0;
      ++segment_;
    }
    acc_.push(f);
    if (in_segment_ % hop_ == 0) times_.push(t);
    if (cfg_.second_sensor)
      acc2_.push(f + 3);
    else if (cfg_.channels == 6)
      gyro_.push(f[3] * f[3] + f[4] * f[4] + f[5] * f[5]);
    ++in_segment_;
    if (in_segment_ >= win_ && (in_segment_ - win_) % hop_ == 0) {
      classify_window();
      on_window(static_cast<const WindowResult&>(latest_));
      bouts_.on_window(latest_, [&](const Event& e) { emit(e, on_event); });
    }
  }

  void classify_window() noexcept {
    const auto x = acc_.view();
    // compute_pair analyses the second sensor first, so last_lines() below still describes the first.
    if (cfg_.second_sensor)
      fx_.compute_pair(x, acc2_.view(), features_);
    else
      fx_.compute(x, features_);
    WindowResult& w = latest_;
    w.valid = true;
    w.index = counters_.windows++;
    w.segment = segment_;
    w.t_start = times_.frame(times_.size() - 1 - starts_back_)[0];
    w.t_end = clock_.last();
    w.n_classes = clf_.n_classes();
    clf_.predict_proba(features_, std::span<double>(w.proba.data(), w.n_classes));
    w.predicted = static_cast<std::size_t>(std::max_element(w.proba.begin(), w.proba.begin() + w.n_classes) -
                                           w.proba.begin());
    w.amplitude = fx_.last_band_rms();
    w.rhythm_hz = fx_.rhythm_of(features_);
    w.p_tremor = w.proba[static_cast<std::size_t>(i_tremor_)];
    w.p_mimicked = i_mimicked_ >= 0 ? w.proba[static_cast<std::size_t>(i_mimicked_)] : 0.0;
    const double dominant = features_[static_cast<std::size_t>(Feature::dominant_frequency)];
    w.frequency_hz = FeatureExtractor::shaking_frequency(dominant, w.rhythm_hz, fx_.config().band_lo);
    w.log_band_power = features_[static_cast<std::size_t>(Feature::log_band_power)];
    w.band_share = FeatureExtractor::band_share_of(features_);
    w.coherence = cfg_.second_sensor ? features_[static_cast<std::size_t>(Feature::inter_sensor_coherence)] : -1.0;
    // Orientation and stillness for the session layer: mean vector (gravity) and total variance. The mean
    // is the extractor's (the same sum over the same window, divided by the frame count).
    double m[3], v = 0;
    for (int c = 0; c < 3; ++c) m[c] = fx_.last_lines().mean[static_cast<std::size_t>(c)];
    {
      // Two frames per step in six independent lanes (SIMD packets via Eigen), summed at the end.
      using A6 = Eigen::Array<double, 6, 1>;
      A6 m6, v6 = A6::Zero();
      m6 << m[0], m[1], m[2], m[0], m[1], m[2];
      std::size_t i = 0;
      for (; i + 2 <= win_; i += 2) v6 += (Eigen::Map<const A6>(x.data() + 3 * i) - m6).square();
      for (; i < win_; ++i)
        for (int c = 0; c < 3; ++c) {
          const double d = x[3 * i + static_cast<std::size_t>(c)] - m[c];
          v6(c) += d * d;
        }
      v = v6.sum();
    }
    for (int c = 0; c < 3; ++c) w.gravity[static_cast<std::size_t>(c)] = m[c] * to_mps2_;
    w.turn_deg_s = posture_.push(x);
    w.label = clf_.decide(std::span<const double>(w.proba.data(), w.n_classes), w.amplitude, w.rhythm_hz,
                          w.turn_deg_s, w.band_share);
    w.motion_rms = std::sqrt(v / static_cast<double>(win_)) * to_mps2_;
    if (cfg_.channels == 6 && !cfg_.second_sensor) {
      double s = 0;
      for (double g2 : gyro_.view()) s += g2;
      w.gyro_rms = std::sqrt(s / static_cast<double>(win_));
    } else {
      w.gyro_rms = -1;
    }
  }

  DetectorConfig cfg_;
  Classifier clf_;  // before fx_: the extractor is configured from the model
  FeatureExtractor fx_;
  TimestampTracker clock_{};
  BoutTracker bouts_{};
  detail::PostureTracker posture_{};
  std::size_t win_ = 0, hop_ = 0, starts_back_ = 0;
  double hop_s_ = 0, to_mps2_ = 1;
  int i_tremor_ = -1, i_mimicked_ = -1;
  detail::MirrorRing<double> acc_, times_, gyro_, acc2_;
  std::vector<double> features_;
  detail::BoundedQueue<Event> queue_;
  WindowResult latest_{};
  DetectorCounters counters_{};
  std::size_t in_segment_ = 0;
  std::uint64_t segment_ = 0;
  std::size_t model_bytes_ = 0;
};

}  // namespace tremorlab
