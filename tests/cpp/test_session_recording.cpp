// run_session (session_recording.hpp): one pass of a Session over a recording keeps every window's row.
// Without gaps the rows are classify_recording's (the detector's windows are the batch driver's); with a gap
// the windowing restarts after it, so each stretch's rows are classify_recording's of that stretch.
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <random>
#include <span>
#include <vector>

#include "tremorlab/batch.hpp"
#include "tremorlab/session_recording.hpp"

using namespace tremorlab;

namespace {
constexpr double kFs = 100.0;

// Gravity + sensor noise, with a 6 Hz shake of 1.5 m/s^2 from 8 s to 20 s (interleaved x, y, z).
std::vector<double> recording(std::size_t n, unsigned seed = 3) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.02);
  std::vector<double> x(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = double(i) / kFs;
    const double shake = (t >= 8 && t < 20) ? 1.5 * std::sin(2 * M_PI * 6.0 * t) : 0.0;
    x[3 * i] = noise(rng) + shake;
    x[3 * i + 1] = noise(rng) + 0.5 * shake;
    x[3 * i + 2] = 9.80665 + noise(rng);
  }
  return x;
}

// Row k of `a` equals row j of `b` (features, probabilities, label, amplitude and rhythm exactly: same
// arithmetic).
void expect_same_row(const BatchResult& a, std::size_t k, const BatchResult& b, std::size_t j) {
  for (std::size_t f = 0; f < a.n_features; ++f)
    ASSERT_EQ(a.features[k * a.n_features + f], b.features[j * b.n_features + f]) << "window " << k << " feature " << f;
  for (std::size_t c = 0; c < a.n_classes; ++c) ASSERT_EQ(a.proba[k * a.n_classes + c], b.proba[j * b.n_classes + c]);
  ASSERT_EQ(a.labels[k], b.labels[j]);
  ASSERT_EQ(a.amplitude[k], b.amplitude[j]);
  ASSERT_EQ(a.rhythm_hz[k], b.rhythm_hz[j]);
}
}  // namespace

TEST(RunSession, RowsAreTheBatchRowsAndTheSummaryTheSessions) {
  const std::size_t n = 3000;
  const auto x = recording(n);
  DetectorConfig dc;
  dc.fs = kFs;
  Session s(dc);
  const SessionRecording r = run_session(s, x);
  const BatchResult b = classify_recording(x, kFs, Units::m_per_s2, Classifier::default_model());
  ASSERT_EQ(r.windows.n_windows, b.n_windows);
  ASSERT_GT(b.n_windows, 100u);
  ASSERT_EQ(r.windows.rhythm_hz.size(), r.windows.n_windows);
  // The rhythm column is the extractor's rule on each feature row; the quiet noise before the shaking is flat.
  const FeatureExtractor fx(recording_feature_config(Classifier::default_model(), kFs, Units::m_per_s2));
  std::size_t none = 0;
  for (std::size_t k = 0; k < b.n_windows; ++k) {
    ASSERT_EQ(b.rhythm_hz[k], fx.rhythm_of(std::span<const double>(b.features).subspan(k * b.n_features)));
    none += b.rhythm_hz[k] == 0.0;
  }
  EXPECT_GT(none, 0u);
  EXPECT_EQ(r.windows.window_frames, b.window_frames);
  EXPECT_EQ(r.windows.hop_frames, b.hop_frames);
  EXPECT_EQ(r.windows.window_s, b.window_s);
  EXPECT_EQ(r.windows.hop_s, b.hop_s);
  for (std::size_t k = 0; k < b.n_windows; ++k) {
    expect_same_row(r.windows, k, b, k);
    EXPECT_NEAR(r.windows.start_s[k], b.start_s[k], 1e-12);
    EXPECT_NEAR(r.windows.end_s[k], b.end_s[k], 1e-12);
    EXPECT_NEAR(r.windows.centre_s[k], b.centre_s[k], 1e-12);
    EXPECT_EQ(r.segment[k], 0u);
  }
  // The same session fed by push + flush gives the same events and summary.
  Session ref(dc);
  std::vector<Event> ev;
  ref.push(x, {}, [&](const Event& e) { ev.push_back(e); });
  ref.flush([&](const Event& e) { ev.push_back(e); });
  ASSERT_EQ(r.events.size(), ev.size());
  ASSERT_GE(ev.size(), 2u);  // the shake is a bout: onset ... offset
  for (std::size_t i = 0; i < ev.size(); ++i) {
    EXPECT_EQ(r.events[i].kind, ev[i].kind);
    EXPECT_EQ(r.events[i].time, ev[i].time);
    EXPECT_EQ(r.events[i].amplitude, ev[i].amplitude);
  }
  EXPECT_EQ(s.summary_json(), ref.summary_json());
}

TEST(RunSession, WindowingRestartsAfterAGap) {
  // 12 s, a 0.5 s hole (over the 0.2 s gap rule), 14 s more.
  const std::size_t n1 = 1200, n2 = 1400;
  const auto x = recording(n1 + n2, 5);
  std::vector<double> t(n1 + n2);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = double(i) / kFs + (i >= n1 ? 0.5 : 0.0);
  DetectorConfig dc;
  dc.fs = kFs;
  Session s(dc);
  const SessionRecording r = run_session(s, x, t);
  const Classifier model = Classifier::default_model();
  const std::span<const double> all(x);
  const BatchResult b1 = classify_recording(all.first(3 * n1), kFs, Units::m_per_s2, model);
  const BatchResult b2 = classify_recording(all.subspan(3 * n1), kFs, Units::m_per_s2, model);
  ASSERT_EQ(r.windows.n_windows, b1.n_windows + b2.n_windows);
  for (std::size_t k = 0; k < b1.n_windows; ++k) {
    expect_same_row(r.windows, k, b1, k);
    EXPECT_EQ(r.segment[k], 0u);
    EXPECT_NEAR(r.windows.start_s[k], b1.start_s[k], 1e-9);
  }
  for (std::size_t j = 0; j < b2.n_windows; ++j) {
    const std::size_t k = b1.n_windows + j;
    expect_same_row(r.windows, k, b2, j);
    EXPECT_EQ(r.segment[k], 1u);
    EXPECT_NEAR(r.windows.start_s[k], t[n1] + b2.start_s[j], 1e-9);  // first window: the first frame after the gap
    EXPECT_NEAR(r.windows.end_s[k] - r.windows.start_s[k], b2.end_s[j] - b2.start_s[j], 1e-12);
  }
  std::size_t gaps = 0;
  for (const auto& e : r.events) gaps += e.kind == EventKind::gap;
  EXPECT_EQ(gaps, find_gaps(t).size());
  EXPECT_EQ(s.summary().gaps, 1u);
}

TEST(RunSession, BadInputThrowsAndLeavesTheSessionUsable) {
  DetectorConfig dc;
  dc.fs = kFs;
  Session s(dc);
  auto x = recording(500);
  x[30] = std::nan("");
  EXPECT_THROW(run_session(s, x), InvalidInput);
  x[30] = 0.0;
  const std::vector<double> t_bad(2, 0.0);
  EXPECT_THROW(run_session(s, x, t_bad), InvalidInput);  // 2 timestamps for 500 frames
  // The same recording in g given to a session declared m/s^2 (and the reverse): refused before any push.
  auto in_g = x;
  for (double& v : in_g) v /= standard_gravity;
  EXPECT_THROW(run_session(s, in_g), InvalidInput);
  DetectorConfig dg = dc;
  dg.units = Units::g;
  Session sg(dg);
  EXPECT_THROW(run_session(sg, x), InvalidInput);
  EXPECT_EQ(run_session(sg, in_g).windows.n_windows, count_windows(500, sg.detector().window_samples(),
                                                                    sg.detector().hop_samples()));
  // Timestamps in milliseconds (every interval a "gap"), or an fs twice the stream's rate: refused.
  std::vector<double> t_ms(500), t_50(500);
  for (std::size_t i = 0; i < 500; ++i) {
    t_ms[i] = 10.0 * double(i);
    t_50[i] = 0.02 * double(i);
  }
  EXPECT_THROW(run_session(s, x, t_ms), InvalidInput);
  EXPECT_THROW(run_session(s, x, t_50), InvalidInput);
  // A second sensor rides in frames of 6 values: the check reads the first sensor's x, y, z.
  DetectorConfig d6 = dc;
  d6.channels = 6;
  d6.second_sensor = true;
  std::vector<double> x6;
  for (std::size_t f = 0; f < 500; ++f)
    for (int rep = 0; rep < 2; ++rep)
      x6.insert(x6.end(), in_g.begin() + std::ptrdiff_t(3 * f), in_g.begin() + std::ptrdiff_t(3 * f + 3));
  Session s6(d6);
  EXPECT_THROW(run_session(s6, x6), InvalidInput);
  EXPECT_EQ(s6.summary().bouts.size(), 0u);
  EXPECT_EQ(s.summary().bouts.size(), 0u);
  const SessionRecording r = run_session(s, x);
  EXPECT_EQ(r.windows.n_windows, count_windows(500, r.windows.window_frames, r.windows.hop_frames));
}

TEST(WindowTimes, HandComputed) {
  // Window 3 of 200 frames stepped by 25 at 100 Hz: frames 75..274, i.e. [0.75 s, 2.75 s), centre 1.75 s.
  const WindowTimes w = window_times(3, 200, 25, 100.0);
  EXPECT_DOUBLE_EQ(w.start, 0.75);
  EXPECT_DOUBLE_EQ(w.end, 2.75);
  EXPECT_DOUBLE_EQ(w.centre, 1.75);
  const WindowTimes a = window_times_at(10.5, 50, 25.0);  // 50 frames at 25 Hz: 2 s
  EXPECT_DOUBLE_EQ(a.end, 12.5);
  EXPECT_DOUBLE_EQ(a.centre, 11.5);
}

TEST(RunSession, WindowsCarryTheExtractorsLogBandPower) {
  // The bout tracker's band-power trend is the log_band_power feature itself, passed on by the detector; the
  // amplitude is its linear counterpart sqrt(P) (log_band_power = log10(P + 1e-6)).
  const auto x = recording(2500, 9);
  DetectorConfig dc;
  dc.fs = kFs;
  Detector d(dc);
  std::size_t n = 0;
  d.push(x, {}, [](const Event&) {}, [&](const WindowResult& w) {
    const double lbp = d.latest_features()[static_cast<std::size_t>(Feature::log_band_power)];
    EXPECT_EQ(w.log_band_power, lbp);
    EXPECT_NEAR(std::log10(w.amplitude * w.amplitude + 1e-6), lbp, 1e-12);
    ++n;
  });
  EXPECT_GT(n, 50u);
}
