#pragma once
// Timestamp policy of the streaming detector: validation, jitter bookkeeping and gap detection.
//
// Policy (the same for batch and stream): samples are used as they come, WITHOUT resampling. Each frame
// counts as one step of the nominal grid 1/fs; real IMU clocks wobble (phones: +-70 % of dt is common),
// and linear interpolation would add a low-pass of its own and make the stream disagree with the batch
// driver, which also indexes frames, not seconds. Intervals are only *measured*: dt outside
// [(1 - jitter_tolerance)/fs, (1 + jitter_tolerance)/fs] is counted as irregular, and dt > max_gap_s is a
// gap: the window buffer restarts there (nothing is interpolated across it) and a `gap` event is emitted.
// Timestamps must be finite and strictly increasing; a block that breaks this is rejected as a whole with
// TimestampError before any of it is used, so the stream stays valid and can go on.
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "tremorlab/error.hpp"

namespace tremorlab {

struct TimestampConfig {
  double fs = 100.0;              ///< nominal sampling rate, Hz
  double jitter_tolerance = 0.5;  ///< accepted relative deviation of dt from 1/fs before a step counts as irregular
  double max_gap_s = 0.2;         ///< dt above this is a gap (buffer restart + `gap` event); must be > 1/fs

  void validate() const {
    if (!(std::isfinite(fs) && fs > 0)) throw InvalidArgument("TimestampConfig: fs must be finite and > 0");
    if (!(std::isfinite(jitter_tolerance) && jitter_tolerance >= 0 && jitter_tolerance < 1))
      throw InvalidArgument("TimestampConfig: jitter_tolerance must be in [0, 1)");
    if (!(std::isfinite(max_gap_s) && max_gap_s > 1.0 / fs))
      throw InvalidArgument("TimestampConfig: max_gap_s must be finite and longer than one sample period 1/fs");
  }
};

/// How far a recording's rate may be from the declared fs: the mean interval of its timestamps (gaps left out)
/// must be within 5 % of 1/fs. Clock wobble moves single intervals, not their mean (a phone that alternates 6 ms
/// and 14 ms steps has a bimodal interval distribution whose median says nothing, but a mean of 10 ms). The
/// Python reader's --fs check uses the same tolerance.
inline constexpr double rate_tolerance = 0.05;

/// Throws TimestampError when the timestamps `t` (s) contradict `fs`: 3 or more timestamps whose every interval
/// is a gap (longer than `max_gap_s`), or, over at least `min_intervals` intervals up to `max_gap_s`, a mean
/// interval more than `tolerance` away from 1/fs. Catches timestamps in milliseconds or nanoseconds (a stream in
/// ms is nothing but gaps) and an fs that is not the stream's rate (windows, bands and every frequency would be
/// off by that factor). Timestamps that are not finite and increasing are left to validate_timestamps.
/// A whole recording (run_session) is held to rate_tolerance; a live block (Detector::push) to the detector's
/// jitter tolerance over at least 25 intervals, since a few jittery steps say little about the rate.
inline void check_rate_against_timestamps(std::span<const double> t, double fs,
                                          double max_gap_s = TimestampConfig{}.max_gap_s,
                                          double tolerance = rate_tolerance, std::size_t min_intervals = 2) {
  if (t.size() < 3 || !(std::isfinite(fs) && fs > 0)) return;
  double sum = 0;
  std::size_t n = 0;  // intervals up to max_gap_s
  for (std::size_t i = 1; i < t.size(); ++i) {
    const double dt = t[i] - t[i - 1];
    if (!(std::isfinite(dt) && dt > 0)) return;
    if (dt <= max_gap_s) {
      sum += dt;
      ++n;
    }
  }
  char buf[320];
  if (n == 0) {  // no stream the detector accepts (fs >= 25 Hz) looks like that; timestamps in ms or ns do
    std::snprintf(buf, sizeof buf,
                  "every interval between the %zu timestamps is longer than %g s (a gap): timestamps must be in "
                  "seconds (the first step is %.6g)", t.size(), max_gap_s, t[1] - t[0]);
    throw TimestampError(buf);
  }
  if (n < min_intervals) return;
  const double mean = sum / static_cast<double>(n);
  if (std::abs(mean * fs - 1.0) <= tolerance) return;
  std::snprintf(buf, sizeof buf,
                "timestamps step a mean %.6g s (%.6g Hz, gaps left out) but fs is %.6g Hz (%.6g s): timestamps "
                "must be in seconds and fs the rate they show (within %g %%)",
                mean, 1.0 / mean, fs, 1.0 / fs, 100 * tolerance);
  throw TimestampError(buf);
}

/// Throws TimestampError unless `t` is finite and strictly increasing, and t[0] > `previous` when
/// `has_previous`. The message names the first offending index.
inline void validate_timestamps(std::span<const double> t, bool has_previous, double previous) {
  double prev = previous;
  bool have = has_previous;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!std::isfinite(t[i]))
      throw TimestampError("timestamps: non-finite value at index " + std::to_string(i));
    if (have && !(t[i] > prev))
      throw TimestampError("timestamps: not strictly increasing at index " + std::to_string(i) + " (" +
                           std::to_string(t[i]) + " after " + std::to_string(prev) + ")");
    prev = t[i];
    have = true;
  }
}

/// Throws InvalidInput unless every value is finite; the message names the first bad frame and channel.
inline void validate_samples(std::span<const double> frames, std::size_t channels) {
  for (std::size_t i = 0; i < frames.size(); ++i)
    if (!std::isfinite(frames[i]))
      throw InvalidInput("samples: NaN or Inf at frame " + std::to_string(i / channels) + ", channel " +
                         std::to_string(i % channels));
}

/// The gap rule, for a whole recording: indices i with t[i + 1] - t[i] > max_gap_s (the TimestampTracker's
/// rule, so a recording's reported gaps are the ones the detector restarts at). `t` must be valid
/// (validate_timestamps). Throws InvalidArgument for a max_gap_s that is not finite and > 0.
inline std::vector<std::size_t> find_gaps(std::span<const double> t, double max_gap_s = TimestampConfig{}.max_gap_s) {
  if (!(std::isfinite(max_gap_s) && max_gap_s > 0)) throw InvalidArgument("max_gap_s must be finite and > 0");
  std::vector<std::size_t> gaps;
  for (std::size_t i = 1; i < t.size(); ++i)
    if (t[i] - t[i - 1] > max_gap_s) gaps.push_back(i - 1);
  return gaps;
}

/// Classification of one inter-sample step.
enum class Step : std::uint8_t { first, regular, irregular, gap };

/// Counts what the clock did. Value type, no allocation.
struct TimestampStats {
  std::uint64_t steps = 0;       ///< intervals seen
  std::uint64_t irregular = 0;   ///< intervals outside the jitter tolerance (but not gaps)
  std::uint64_t gaps = 0;
  double gap_time_s = 0;         ///< total time inside gaps
  double max_abs_jitter_s = 0;   ///< max |dt - 1/fs| over non-gap steps
};

/// Tracks the last timestamp and classifies each new one. Call `validate_timestamps` on a whole block
/// first; `step()` assumes valid input and never throws.
class TimestampTracker {
 public:
  TimestampTracker() = default;
  explicit TimestampTracker(const TimestampConfig& cfg) : cfg_(cfg) {
    cfg_.validate();
    dt_ = 1.0 / cfg_.fs;
  }

  const TimestampConfig& config() const noexcept { return cfg_; }
  bool has_last() const noexcept { return has_last_; }
  double last() const noexcept { return last_; }
  double nominal_dt() const noexcept { return dt_; }
  const TimestampStats& stats() const noexcept { return stats_; }

  /// The timestamp implied for a frame that comes without one: one nominal step after the last frame
  /// (0 for the very first frame of the stream).
  /// Computed as anchor + k/fs from the last explicit timestamp, so long implied runs do not accumulate
  /// rounding error and match i/fs exactly.
  double next_implied() const noexcept {
    return has_last_ ? anchor_ + static_cast<double>(since_anchor_ + 1) * dt_ : 0.0;
  }

  /// `implied`: t came from next_implied() (no caller timestamp); otherwise t becomes the new anchor.
  Step step(double t, bool implied = false) noexcept {
    if (implied) {
      ++since_anchor_;
    } else {
      anchor_ = t;
      since_anchor_ = 0;
    }
    if (!has_last_) {
      if (implied) {
        anchor_ = t;
        since_anchor_ = 0;
      }
      has_last_ = true;
      last_ = t;
      return Step::first;
    }
    const double dt = t - last_;
    last_ = t;
    ++stats_.steps;
    if (dt > cfg_.max_gap_s) {
      ++stats_.gaps;
      stats_.gap_time_s += dt;
      return Step::gap;
    }
    const double j = std::abs(dt - dt_);
    if (j > stats_.max_abs_jitter_s) stats_.max_abs_jitter_s = j;
    if (j > cfg_.jitter_tolerance * dt_) {
      ++stats_.irregular;
      return Step::irregular;
    }
    return Step::regular;
  }

  void reset() noexcept {
    has_last_ = false;
    last_ = 0;
    anchor_ = 0;
    since_anchor_ = 0;
    stats_ = {};
  }

 private:
  TimestampConfig cfg_{};
  double dt_ = 0.01;
  double last_ = 0, anchor_ = 0;
  std::uint64_t since_anchor_ = 0;
  bool has_last_ = false;
  TimestampStats stats_{};
};

}  // namespace tremorlab
