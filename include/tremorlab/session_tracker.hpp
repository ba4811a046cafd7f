#pragma once
// Session bookkeeping on top of detector output (events + per-window results). Kept free of the
// detector itself so it can be driven by recorded or synthetic window results. The value types it
// produces (SessionConfig, Bout, SessionSummary) are in session_types.hpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tremorlab/events.hpp"
#include "tremorlab/session_types.hpp"

namespace tremorlab {

/// Accumulates a session from events and window results (in stream order). Allocates only when a bout is
/// added to the list (capacity reserved for 64 bouts at construction).
class SessionTracker {
 public:
  SessionTracker() : SessionTracker(SessionConfig{}, 0.25) {}
  SessionTracker(const SessionConfig& cfg, double hop_s) : cfg_(cfg), hop_(hop_s) {
    cfg_.validate();
    if (!(std::isfinite(hop_s) && hop_s > 0)) throw InvalidArgument("SessionTracker: hop_s must be > 0");
    const double n = std::sqrt(cfg_.body_axis[0] * cfg_.body_axis[0] + cfg_.body_axis[1] * cfg_.body_axis[1] +
                               cfg_.body_axis[2] * cfg_.body_axis[2]);
    has_axis_ = n > 0;
    for (int i = 0; i < 3; ++i) axis_[i] = has_axis_ ? cfg_.body_axis[i] / n : 0.0;
    bouts_.reserve(64);
  }

  const SessionConfig& config() const noexcept { return cfg_; }

  /// True when the window counts as integration rest (still and, with known placement, lying).
  bool is_resting(const WindowResult& w) const noexcept {
    if (!(w.motion_rms < cfg_.still_motion_rms)) return false;
    if (cfg_.still_gyro_rms >= 0 && w.gyro_rms >= 0 && !(w.gyro_rms < cfg_.still_gyro_rms)) return false;
    if (has_axis_) {
      const auto& g = w.gravity;
      const double gn = std::sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
      if (!(gn > 0)) return false;
      const double c = std::abs(g[0] * axis_[0] + g[1] * axis_[1] + g[2] * axis_[2]) / gn;
      // Lying: the body axis is within lying_max_tilt_deg of horizontal, i.e. its angle to gravity is
      // at least 90 - tilt degrees.
      const double pi = 3.14159265358979323846;
      if (c > std::sin(cfg_.lying_max_tilt_deg * pi / 180.0)) return false;
    }
    return true;
  }

  void on_window(const WindowResult& w) {
    if (!w.valid) return;
    if (!seen_) {
      seen_ = true;
      start_ = w.t_start;
    }
    // Each window stands for the time since the previous one (nominally one hop; measured on the clock
    // for consecutive windows, capped so clock glitches cannot inflate it).
    double dt = hop_;
    if (have_prev_ && w.segment == prev_segment_ && w.index == prev_index_ + 1)
      dt = std::clamp(w.t_end - prev_t_end_, 0.0, 2 * hop_);
    have_prev_ = true;
    prev_t_end_ = w.t_end;
    prev_segment_ = w.segment;
    prev_index_ = w.index;
    end_ = w.t_end;
    if (open_) {
      open_acc_n_ += 1;
      open_sum_a_ += w.amplitude;
      open_sum_f_ += w.frequency_hz;
      open_sum_t_ += w.p_tremor;
      open_sum_m_ += w.p_mimicked;
      open_peak_ = std::max(open_peak_, w.amplitude);
      open_.end = std::max(open_.start, 0.5 * (w.t_start + w.t_end));
      return;
    }
    if (is_resting(w)) {
      still_s_ += dt;
      if (!bouts_.empty() && w.t_end > bouts_.back().end) {
        rest_after_last_ += dt;
        rest_after_all_ += dt;
      }
    }
  }

  void on_event(const Event& e) {
    if (!seen_) {
      seen_ = true;
      start_ = e.time;
    }
    end_ = std::max(end_, e.detected_at);
    switch (e.kind) {
      case EventKind::onset:
        open_ = Bout{e.label, e.time, e.time, 0, e.amplitude, e.peak_amplitude, e.frequency_hz, e.confidence, true};
        open_acc_n_ = open_sum_a_ = open_sum_f_ = open_sum_t_ = open_sum_m_ = 0;
        open_peak_ = e.peak_amplitude;
        rest_after_last_ = 0;
        break;
      case EventKind::offset: {
        Bout b{e.label, e.time - e.duration, e.time, e.duration, e.amplitude, e.peak_amplitude, e.frequency_hz,
               e.confidence, false};
        if (open_) b.start = open_.start, b.duration = b.end - b.start;
        bouts_.push_back(b);
        open_ = Bout{};
        break;
      }
      case EventKind::relabel:
        if (open_) open_.label = e.label;
        break;
      case EventKind::gap:
        ++gaps_;
        gap_time_ += e.duration;
        break;
    }
  }

  SessionSummary summary() const {
    SessionSummary s;
    s.start_time = start_;
    s.end_time = end_;
    s.duration_s = seen_ ? end_ - start_ : 0;
    s.bouts = bouts_;
    if (open_) {
      Bout b = open_;
      if (open_acc_n_ > 0) {
        b.mean_amplitude = open_sum_a_ / open_acc_n_;
        b.mean_frequency_hz = open_sum_f_ / open_acc_n_;
        // The kind is the detector's (onset, then relabels); its mean probability over the bout so far, as
        // the offset's confidence will be.
        b.confidence = (b.label == MovementClass::tremor     ? open_sum_t_
                        : b.label == MovementClass::mimicked ? open_sum_m_
                                                             : open_sum_t_ + open_sum_m_) /
                       open_acc_n_;
        b.peak_amplitude = open_peak_;
      }
      b.duration = b.end - b.start;
      s.bouts.push_back(b);
    }
    double wa = 0, wf = 0;
    double run_start = 0, run_end = 0;  // the current stretch of joined bouts (bouts come in stream order)
    for (const auto& b : s.bouts) {
      if (&b == &s.bouts.front() || !(b.start - run_end < cfg_.pause_join_s)) run_start = b.start;
      run_end = std::max(run_end, b.end);
      s.longest_continuous_s = std::max(s.longest_continuous_s, run_end - run_start);
      s.shaking_s += b.duration;
      (b.label == MovementClass::tremor     ? s.tremor_s
       : b.label == MovementClass::mimicked ? s.mimicked_s
                                            : s.unsettled_s) += b.duration;
      s.longest_bout_s = std::max(s.longest_bout_s, b.duration);
      s.peak_amplitude = std::max(s.peak_amplitude, b.peak_amplitude);
      wa += b.mean_amplitude * b.duration;
      wf += b.mean_frequency_hz * b.duration;
    }
    if (s.shaking_s > 0) {
      s.mean_amplitude = wa / s.shaking_s;
      s.mean_frequency_hz = wf / s.shaking_s;
    }
    s.still_s = still_s_;
    s.rest_after_last_bout_s = open_ ? 0 : rest_after_last_;
    s.rest_after_shaking_s = rest_after_all_;
    s.gaps = gaps_;
    s.gap_time_s = gap_time_;
    s.flags.first_session_long = cfg_.first_session && s.shaking_s > cfg_.first_session_max_s;
    s.flags.rest_suggested = s.longest_continuous_s >= cfg_.continuous_notice_s;
    s.flags.rest_strongly_suggested = s.longest_continuous_s >= cfg_.continuous_limit_s;
    s.flags.long_session = s.shaking_s > cfg_.session_shaking_max_s;
    return s;
  }

  nlohmann::json summary_json_value() const {
    const SessionSummary s = summary();
    nlohmann::json j;
    j["disclaimer"] =
        "Advisory flags for the app's guidance only; tremorlab classifies movement, makes no medical claim and "
        "gives no medical advice or diagnosis.";
    j["start_time"] = s.start_time;
    j["end_time"] = s.end_time;
    j["duration_s"] = s.duration_s;
    j["shaking_s"] = s.shaking_s;
    j["tremor_s"] = s.tremor_s;
    j["mimicked_s"] = s.mimicked_s;
    j["unsettled_s"] = s.unsettled_s;
    j["longest_bout_s"] = s.longest_bout_s;
    j["longest_continuous_s"] = s.longest_continuous_s;
    j["mean_amplitude"] = s.mean_amplitude;
    j["peak_amplitude"] = s.peak_amplitude;
    j["mean_frequency_hz"] = s.mean_frequency_hz;
    j["still_s"] = s.still_s;
    j["rest_after_last_bout_s"] = s.rest_after_last_bout_s;
    j["rest_after_shaking_s"] = s.rest_after_shaking_s;
    j["gaps"] = s.gaps;
    j["gap_time_s"] = s.gap_time_s;
    j["amplitude_units"] = "m/s^2 RMS, band-passed";
    auto bouts = nlohmann::json::array();
    for (const auto& b : s.bouts)
      bouts.push_back({{"label", to_string(b.label)}, {"start", b.start}, {"end", b.end}, {"duration_s", b.duration},
                       {"mean_amplitude", b.mean_amplitude}, {"peak_amplitude", b.peak_amplitude},
                       {"mean_frequency_hz", b.mean_frequency_hz}, {"confidence", b.confidence}, {"open", b.open}});
    j["bouts"] = std::move(bouts);
    j["flags"] = {{"first_session_long", s.flags.first_session_long},
                  {"rest_suggested", s.flags.rest_suggested},
                  {"rest_strongly_suggested", s.flags.rest_strongly_suggested},
                  {"long_session", s.flags.long_session}};
    j["thresholds"] = {{"first_session", cfg_.first_session},
                       {"first_session_max_s", cfg_.first_session_max_s},
                       {"continuous_notice_s", cfg_.continuous_notice_s},
                       {"continuous_limit_s", cfg_.continuous_limit_s},
                       {"pause_join_s", cfg_.pause_join_s},
                       {"session_shaking_max_s", cfg_.session_shaking_max_s},
                       {"still_motion_rms", cfg_.still_motion_rms},
                       {"placement_known", has_axis_}};
    return j;
  }
  std::string summary_json(int indent = -1) const { return summary_json_value().dump(indent); }

  void reset() {
    SessionTracker fresh(cfg_, hop_);
    bouts_.clear();
    auto keep = std::move(bouts_);
    *this = std::move(fresh);
    bouts_ = std::move(keep);  // keeps the reserved capacity
  }

 private:
  struct OpenBout : Bout {
    explicit operator bool() const noexcept { return open; }
    OpenBout& operator=(const Bout& b) {
      static_cast<Bout&>(*this) = b;
      return *this;
    }
  };

  SessionConfig cfg_;
  double hop_;
  bool has_axis_ = false;
  std::array<double, 3> axis_{};
  std::vector<Bout> bouts_;
  OpenBout open_{};
  double open_acc_n_ = 0, open_sum_a_ = 0, open_sum_f_ = 0, open_sum_t_ = 0, open_sum_m_ = 0, open_peak_ = 0;
  bool seen_ = false, have_prev_ = false;
  double start_ = 0, end_ = 0, prev_t_end_ = 0;
  std::uint64_t prev_segment_ = 0, prev_index_ = 0;
  double still_s_ = 0, rest_after_last_ = 0, rest_after_all_ = 0;
  std::size_t gaps_ = 0;
  double gap_time_ = 0;
};

}  // namespace tremorlab
