// Streaming detector: chunking invariance, agreement with a direct window-by-window classification,
// timestamp policy (jitter, gaps, rejection without state corruption), reset, memory bound.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <thread>
#include <vector>

#include "tremorlab/batch.hpp"
#include "tremorlab/detector.hpp"
#include "detector_test_util.hpp"
#include <nlohmann/json.hpp>

using namespace tremorlab;

namespace {

constexpr double kFs = 100.0;
constexpr double kPi = 3.14159265358979323846;

using tremorlab::test::band_power_model;

/// rest (gravity + noise) for `rest_s`, then a 6 Hz oscillation of `amp` m/s^2 peak on all axes for
/// `shake_s`, then rest again. Interleaved x,y,z.
std::vector<double> make_signal(double rest_s, double shake_s, double rest2_s, double amp = 3.0,
                                double f = 6.0, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.02);
  const auto n = static_cast<std::size_t>((rest_s + shake_s + rest2_s) * kFs);
  std::vector<double> x(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / kFs;
    const double s = (t >= rest_s && t < rest_s + shake_s) ? amp * std::sin(2 * kPi * f * t) : 0.0;
    x[3 * i + 0] = 0.3 + s + noise(rng);
    x[3 * i + 1] = 0.5 + 0.6 * s + noise(rng);
    x[3 * i + 2] = 9.78 + 0.3 * s + noise(rng);
  }
  return x;
}

struct Recorded {
  std::vector<Event> events;
  std::vector<WindowResult> windows;
};

Recorded run_chunked(Detector& d, const std::vector<double>& x, const std::vector<double>& t, std::size_t chunk) {
  Recorded r;
  const std::size_t n = x.size() / 3;
  for (std::size_t i = 0; i < n; i += chunk) {
    const std::size_t m = std::min(chunk, n - i);
    std::span<const double> ts = t.empty() ? std::span<const double>{} : std::span<const double>(t.data() + i, m);
    d.push(std::span<const double>(x.data() + 3 * i, 3 * m), ts, [&](const Event& e) { r.events.push_back(e); },
           [&](const WindowResult& w) { r.windows.push_back(w); });
  }
  d.flush([&](const Event& e) { r.events.push_back(e); });
  return r;
}

void expect_same_events(const std::vector<Event>& a, const std::vector<Event>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].kind, b[i].kind) << i;
    EXPECT_EQ(a[i].label, b[i].label) << i;
    EXPECT_EQ(a[i].time, b[i].time) << i;
    EXPECT_EQ(a[i].detected_at, b[i].detected_at) << i;
    EXPECT_EQ(a[i].confidence, b[i].confidence) << i;
    EXPECT_EQ(a[i].frequency_hz, b[i].frequency_hz) << i;
    EXPECT_EQ(a[i].amplitude, b[i].amplitude) << i;
    EXPECT_EQ(a[i].duration, b[i].duration) << i;
  }
}

void expect_same_windows(const std::vector<WindowResult>& a, const std::vector<WindowResult>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].t_start, b[i].t_start) << i;
    EXPECT_EQ(a[i].t_end, b[i].t_end) << i;
    EXPECT_EQ(a[i].predicted, b[i].predicted) << i;
    for (std::size_t c = 0; c < a[i].n_classes; ++c) EXPECT_EQ(a[i].proba[c], b[i].proba[c]) << i;
  }
}

}  // namespace

TEST(Detector, ConstructionAndDefaults) {
  Detector d;
  FeatureExtractor fx(Classifier::default_model().feature_config(kFs));
  EXPECT_EQ(d.window_samples(), fx.window_samples());
  EXPECT_EQ(d.hop_samples(), fx.hop_samples());
  EXPECT_FALSE(d.latest().valid);
  DetectorConfig c;
  c.channels = 4;
  EXPECT_THROW(Detector{c}, InvalidArgument);
  c = {};
  c.hysteresis.exit_threshold = 0.9;
  EXPECT_THROW(Detector{c}, InvalidArgument);
  c = {};
  c.max_gap_s = 0.001;
  EXPECT_THROW(Detector{c}, InvalidArgument);
}

TEST(Detector, MemoryBoundAt100Hz) {
  // Per-stream state (sample ring, window-start times, features, event queue) stays inside 64 KiB; the
  // total adds the feature extractor's FFT work buffers (about 84 KB at a 2.5 s window, see docs/detector.md).
  Detector d;
  EXPECT_GE(d.state_bytes(), 2 * d.window_samples() * 3 * sizeof(double));
  EXPECT_LE(d.state_bytes(), 64u * 1024u) << d.state_bytes();
  EXPECT_GT(d.memory_bytes(), d.state_bytes());
  DetectorConfig c;
  c.channels = 6;
  Detector d6(c);
  EXPECT_LE(d6.state_bytes(), 64u * 1024u) << d6.state_bytes();
  EXPECT_GT(d6.state_bytes(), d.state_bytes());
}

TEST(Detector, ChunkingDoesNotChangeAnything) {
  const auto x = make_signal(5, 10, 6);
  Detector d1({}, band_power_model()), d7({}, band_power_model()), dall({}, band_power_model());
  const auto r1 = run_chunked(d1, x, {}, 1);
  const auto r7 = run_chunked(d7, x, {}, 7);
  const auto rall = run_chunked(dall, x, {}, x.size() / 3);
  expect_same_windows(r1.windows, rall.windows);
  expect_same_windows(r7.windows, rall.windows);
  expect_same_events(r1.events, rall.events);
  expect_same_events(r7.events, rall.events);
  const std::size_t n = x.size() / 3;
  EXPECT_EQ(rall.windows.size(), (n - d1.window_samples()) / d1.hop_samples() + 1);
}

TEST(Detector, WindowsMatchDirectClassification) {
  // Reference: window k = frames [k*hop, k*hop + W), features + classifier called directly.
  const auto x = make_signal(4, 8, 4);
  Detector d;
  const auto r = run_chunked(d, x, {}, 13);
  Classifier clf = Classifier::default_model();
  FeatureExtractor fx(clf.feature_config(kFs));
  std::vector<double> feat(FeatureExtractor::size()), p(clf.n_classes());
  const std::size_t W = fx.window_samples(), H = fx.hop_samples();
  ASSERT_FALSE(r.windows.empty());
  for (std::size_t k = 0; k < r.windows.size(); ++k) {
    fx.compute(std::span<const double>(x.data() + 3 * k * H, 3 * W), feat);
    clf.predict_proba(feat, p);
    for (std::size_t c = 0; c < p.size(); ++c) ASSERT_EQ(r.windows[k].proba[c], p[c]) << "window " << k;
    EXPECT_DOUBLE_EQ(r.windows[k].t_start, static_cast<double>(k * H) / kFs);
    EXPECT_DOUBLE_EQ(r.windows[k].t_end, static_cast<double>(k * H + W - 1) / kFs);
  }
}

TEST(Detector, SameWindowsAndLabelsAsBatchDriver) {
  const auto x = make_signal(4, 8, 5);
  Detector d;
  const auto r = run_chunked(d, x, {}, 1);
  const auto b = classify_recording(x, kFs, Units::m_per_s2, Classifier::default_model());
  ASSERT_EQ(r.windows.size(), b.n_windows);
  for (std::size_t k = 0; k < b.n_windows; ++k) {
    EXPECT_EQ(r.windows[k].label, b.labels[k]) << k;
    EXPECT_DOUBLE_EQ(r.windows[k].t_start, b.start_s[k]) << k;
    for (std::size_t c = 0; c < b.n_classes; ++c) EXPECT_EQ(r.windows[k].proba[c], b.proba[k * b.n_classes + c]) << k;
  }
}

TEST(Detector, MlpModelSameWindowsAndLabelsAsBatchDriver) {
  // The one-hidden-layer path: streaming in odd chunks and the batch driver give the same probabilities, bit
  // for bit, and the same labels.
  const auto x = make_signal(4, 8, 5);
  const Classifier mlp = tremorlab::test::mlp_model(24);
  Detector d({}, mlp);
  const auto r = run_chunked(d, x, {}, 7);
  const auto b = classify_recording(x, kFs, Units::m_per_s2, mlp);
  ASSERT_EQ(r.windows.size(), b.n_windows);
  std::size_t differ = 0;
  for (std::size_t k = 0; k < b.n_windows; ++k) {
    EXPECT_EQ(r.windows[k].label, b.labels[k]) << k;
    for (std::size_t c = 0; c < b.n_classes; ++c) EXPECT_EQ(r.windows[k].proba[c], b.proba[k * b.n_classes + c]) << k;
    differ += r.windows[k].proba[0] != r.windows[0].proba[0];
  }
  EXPECT_GT(differ, 0u);  // the model does respond to the signal
}

TEST(Detector, JitterIsNotResampled) {
  // Jittered timestamps (+-3 ms at 100 Hz) give the same windows and labels as the nominal clock.
  const auto x = make_signal(3, 6, 3);
  const std::size_t n = x.size() / 3;
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> j(-0.003, 0.003);
  std::vector<double> t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = 100.0 + static_cast<double>(i) / kFs + j(rng);
  Detector a, b;
  const auto ra = run_chunked(a, x, t, 17);
  const auto rb = run_chunked(b, x, {}, 17);
  ASSERT_EQ(ra.windows.size(), rb.windows.size());
  for (std::size_t k = 0; k < ra.windows.size(); ++k) {
    for (std::size_t c = 0; c < ra.windows[k].n_classes; ++c) EXPECT_EQ(ra.windows[k].proba[c], rb.windows[k].proba[c]);
    EXPECT_NEAR(ra.windows[k].t_start - 100.0, rb.windows[k].t_start, 0.0031);
  }
  EXPECT_EQ(a.counters().gaps, 0u);
  EXPECT_LE(a.timestamp_stats().max_abs_jitter_s, 0.0061);
}

TEST(Detector, GapRestartsWindowsAndIsReported) {
  const auto x = make_signal(6, 0, 6);
  const std::size_t n = x.size() / 3, cut = 550;
  std::vector<double> t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = static_cast<double>(i) / kFs + (i >= cut ? 1.5 : 0.0);
  Detector d;
  const auto r = run_chunked(d, x, t, 64);
  std::size_t gaps = 0;
  for (const auto& e : r.events)
    if (e.kind == EventKind::gap) {
      ++gaps;
      EXPECT_DOUBLE_EQ(e.time, t[cut - 1]);
      EXPECT_DOUBLE_EQ(e.detected_at, t[cut]);
      EXPECT_NEAR(e.duration, 1.51, 1e-9);
    }
  EXPECT_EQ(gaps, 1u);
  // first window after the gap starts at the first frame after it; none straddles the gap
  const std::size_t W = d.window_samples(), H = d.hop_samples();
  bool found = false;
  for (const auto& w : r.windows) {
    EXPECT_FALSE(w.t_start < t[cut] && w.t_end >= t[cut]) << "window straddles the gap";
    if (w.segment == 1 && !found) {
      found = true;
      EXPECT_DOUBLE_EQ(w.t_start, t[cut]);
      EXPECT_DOUBLE_EQ(w.t_end, t[cut + W - 1]);
    }
  }
  EXPECT_TRUE(found);
  const auto& c = d.counters();
  EXPECT_EQ(c.gaps, 1u);
  EXPECT_EQ(c.frames_unwindowed, (cut - W) % H);
  EXPECT_EQ(c.windows, (cut - W) / H + 1 + (n - cut - W) / H + 1);
}

TEST(Detector, GapClosesActiveBout) {
  const auto x = make_signal(2, 10, 0);
  const std::size_t n = x.size() / 3, cut = 900;
  std::vector<double> t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = static_cast<double>(i) / kFs + (i >= cut ? 5.0 : 0.0);
  Detector d({}, band_power_model());
  const auto r = run_chunked(d, x, t, 50);
  // onset ... offset (closed at the gap) then gap, all in that order
  std::size_t i_gap = r.events.size();
  for (std::size_t i = 0; i < r.events.size(); ++i)
    if (r.events[i].kind == EventKind::gap) i_gap = i;
  ASSERT_LT(i_gap, r.events.size());
  ASSERT_GE(i_gap, 2u) << "expected onset and offset before the gap";
  EXPECT_EQ(r.events[i_gap - 1].kind, EventKind::offset);
  EXPECT_DOUBLE_EQ(r.events[i_gap - 1].detected_at, t[cut - 1]);
  EXPECT_LE(r.events[i_gap - 1].time, t[cut - 1]);
}

TEST(Detector, RejectedBlocksLeaveStateUntouched) {
  const auto x = make_signal(3, 6, 3);
  const std::size_t n = x.size() / 3, half = n / 2;
  std::vector<double> t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = static_cast<double>(i) / kFs;
  Detector ref({}, band_power_model()), d({}, band_power_model());
  Recorded rr, rd;
  auto ev_r = [&](const Event& e) { rr.events.push_back(e); };
  auto w_r = [&](const WindowResult& w) { rr.windows.push_back(w); };
  auto ev_d = [&](const Event& e) { rd.events.push_back(e); };
  auto w_d = [&](const WindowResult& w) { rd.windows.push_back(w); };
  std::span<const double> xs(x), ts(t);
  ref.push(xs.subspan(0, 3 * half), ts.subspan(0, half), ev_r, w_r);
  ref.push(xs.subspan(3 * half), ts.subspan(half), ev_r, w_r);

  d.push(xs.subspan(0, 3 * half), ts.subspan(0, half), ev_d, w_d);
  // decreasing timestamp inside a block: whole block rejected
  std::vector<double> bad_t(ts.begin() + half, ts.begin() + half + 10);
  bad_t[6] = bad_t[5] - 0.001;
  EXPECT_THROW(d.push(xs.subspan(3 * half, 30), bad_t, ev_d, w_d), TimestampError);
  // timestamp going back to before the previous block
  std::vector<double> back_t(10, 0.5);
  for (int i = 0; i < 10; ++i) back_t[static_cast<std::size_t>(i)] = 0.5 + i * 0.01;
  EXPECT_THROW(d.push(xs.subspan(3 * half, 30), back_t, ev_d, w_d), TimestampError);
  // the same block's clock in milliseconds: every interval a gap, refused by name (not a gap per frame)
  std::vector<double> ms_t(ts.begin() + half, ts.begin() + half + 10);
  for (double& v : ms_t) v *= 1000.0;
  try {
    d.push(xs.subspan(3 * half, 30), ms_t, ev_d, w_d);
    ADD_FAILURE() << "milliseconds accepted";
  } catch (const TimestampError& e) {
    EXPECT_NE(std::string(e.what()).find("every interval between the 10 timestamps is longer than 0.2 s"),
              std::string::npos) << e.what();
  }
  // 30 frames stamped at 50 Hz into a 100 Hz detector: the rate is not fs, every frequency would double
  std::vector<double> t50(10);
  for (std::size_t i = 0; i < 10; ++i) t50[i] = ts[half] + 0.02 * double(i);
  EXPECT_NO_THROW(Detector(d).push(xs.subspan(3 * half, 30), t50));  // 9 intervals: too few to judge
  std::vector<double> x30(xs.begin() + 3 * half, xs.begin() + 3 * half + 90), t30(30);
  for (std::size_t i = 0; i < 30; ++i) t30[i] = ts[half] + 0.02 * double(i);
  try {
    d.push(x30, t30, ev_d, w_d);
    ADD_FAILURE() << "a 50 Hz block accepted at fs 100";
  } catch (const TimestampError& e) {
    EXPECT_NE(std::string(e.what()).find("timestamps step a mean 0.02 s (50 Hz, gaps left out) but fs is 100 Hz"),
              std::string::npos) << e.what();
  }
  // NaN / Inf samples
  std::vector<double> nan_x(xs.begin() + 3 * half, xs.begin() + 3 * half + 30);
  nan_x[17] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(d.push(nan_x, ts.subspan(half, 10), ev_d, w_d), InvalidInput);
  nan_x[17] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(d.push(nan_x, {}, ev_d, w_d), InvalidInput);
  // ragged block and mismatched timestamp count
  EXPECT_THROW(d.push(xs.subspan(3 * half, 31), {}, ev_d, w_d), InvalidInput);
  EXPECT_THROW(d.push(xs.subspan(3 * half, 30), ts.subspan(half, 9), ev_d, w_d), InvalidInput);
  d.push(xs.subspan(3 * half), ts.subspan(half), ev_d, w_d);

  expect_same_events(rd.events, rr.events);
  expect_same_windows(rd.windows, rr.windows);
  const auto& c = d.counters();
  EXPECT_EQ(c.frames_pushed, c.frames_accepted + c.frames_rejected);
  EXPECT_EQ(c.frames_accepted, n);
  EXPECT_EQ(c.frames_rejected, 10u + 10u + 10u + 30u + 10u + 10u + 11u + 10u);
}

TEST(Detector, ImpliedClockContinuesAfterTimestamps) {
  Detector d;
  std::vector<double> x(30, 1.0), t{5.0, 5.01, 5.02, 5.03, 5.04, 5.05, 5.06, 5.07, 5.08, 5.09};
  d.push(x, t);
  d.push(x);  // no timestamps: 5.10, 5.11, ...
  std::vector<double> t_old{5.15};
  EXPECT_THROW(d.push(std::span<const double>(x.data(), 3), t_old), TimestampError);  // 5.15 <= 5.19
  std::vector<double> t_ok{5.2};
  EXPECT_NO_THROW(d.push(std::span<const double>(x.data(), 3), t_ok));
}

TEST(Detector, ResetEqualsFreshDetector) {
  const auto x = make_signal(3, 8, 3);
  Detector used({}, band_power_model()), fresh({}, band_power_model());
  run_chunked(used, x, {}, 33);
  used.reset();
  EXPECT_FALSE(used.latest().valid);
  EXPECT_EQ(used.counters().frames_pushed, 0u);
  const auto a = run_chunked(used, x, {}, 33);
  const auto b = run_chunked(fresh, x, {}, 33);
  expect_same_events(a.events, b.events);
  expect_same_windows(a.windows, b.windows);
}

TEST(Detector, ShakeGivesOneBoutWithItsFrequency) {
  const auto x = make_signal(5, 12, 6, 3.0, 6.0);
  Detector d({}, band_power_model());
  const auto r = run_chunked(d, x, {}, 100);
  std::vector<Event> on, off;
  MovementClass last = MovementClass::rest;
  for (const auto& e : r.events) {
    if (e.kind == EventKind::onset) on.push_back(e);
    if (e.kind == EventKind::offset) off.push_back(e);
    if (e.kind == EventKind::onset || e.kind == EventKind::relabel) last = e.label;
  }
  ASSERT_EQ(on.size(), 1u) << "one bout expected";
  ASSERT_EQ(off.size(), 1u);
  EXPECT_TRUE(tremorlab::is_shaking(on[0].label));
  EXPECT_EQ(off[0].label, last);  // the offset carries the kind last reported
  EXPECT_NEAR(on[0].time, 5.0, 1.5);
  EXPECT_NEAR(off[0].time, 17.0, 1.5);
  EXPECT_GT(on[0].detected_at, on[0].time);
  EXPECT_NEAR(off[0].frequency_hz, 6.0, 0.3);
  EXPECT_GT(off[0].amplitude, 0.0);
}

TEST(Detector, ExplainLatestIsTheModelsExplanationOfTheLatestLabel) {
  Detector d({}, band_power_model());
  EXPECT_THROW(d.explain_latest(), tremorlab::InvalidArgument);  // no window yet
  const auto x = make_signal(2, 4, 6, 3.0, 6.0);
  run_chunked(d, x, {}, 100);
  ASSERT_TRUE(d.latest().valid);
  const auto got = d.explain_latest(5);
  const auto want = d.model().explain(d.latest_features(), d.latest().label, 5);
  ASSERT_EQ(got.size(), 5u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].feature, want[i].feature);
    EXPECT_EQ(got[i].value, want[i].value);
    EXPECT_EQ(tremorlab::FeatureExtractor::names()[got[i].index], got[i].feature);
    if (i) EXPECT_GE(std::abs(got[i - 1].value), std::abs(got[i].value));
  }
  EXPECT_EQ(d.explain_latest(100).size(), tremorlab::FeatureExtractor::size());
  EXPECT_TRUE(d.explain_latest(0).empty());
  d.reset();
  EXPECT_THROW(d.explain_latest(), tremorlab::InvalidArgument);
}

TEST(Detector, CallbackFreeQueue) {
  const auto x = make_signal(3, 8, 3);
  DetectorConfig c;
  c.event_capacity = 1;
  Detector d(c, band_power_model());
  std::size_t emitted = d.push(x);
  emitted += d.flush();
  EXPECT_EQ(emitted, d.counters().events);
  EXPECT_EQ(d.pending_events(), std::min<std::size_t>(1, emitted));
  EXPECT_EQ(d.events_dropped(), emitted > 1 ? emitted - 1 : 0);
  Event e;
  if (emitted) {
    ASSERT_TRUE(d.pop_event(e));
  }
  EXPECT_FALSE(d.pop_event(e));
}

TEST(Detector, GyroChannelsAreCarriedNotClassified) {
  const auto x3 = make_signal(3, 6, 3);
  const std::size_t n = x3.size() / 3;
  std::vector<double> x6(6 * n);
  for (std::size_t i = 0; i < n; ++i) {
    for (int c = 0; c < 3; ++c) x6[6 * i + c] = x3[3 * i + c];
    x6[6 * i + 3] = 0.3;
    x6[6 * i + 4] = 0.4;
    x6[6 * i + 5] = 0.0;
  }
  DetectorConfig c6;
  c6.channels = 6;
  Detector d3({}, band_power_model()), d6(c6, band_power_model());
  Recorded r3 = run_chunked(d3, x3, {}, 25), r6;
  for (std::size_t i = 0; i < n; i += 25) {
    const std::size_t m = std::min<std::size_t>(25, n - i);
    d6.push(std::span<const double>(x6.data() + 6 * i, 6 * m), {}, [&](const Event& e) { r6.events.push_back(e); },
            [&](const WindowResult& w) { r6.windows.push_back(w); });
  }
  d6.flush([&](const Event& e) { r6.events.push_back(e); });
  expect_same_windows(r3.windows, r6.windows);
  expect_same_events(r3.events, r6.events);
  EXPECT_NEAR(r6.windows.back().gyro_rms, 0.5, 1e-12);
  EXPECT_EQ(r3.windows.back().gyro_rms, -1.0);
}

/// Sensor A = make_signal's 6 Hz shake; sensor B shakes at `fb` Hz over the same span (B's own gravity, other
/// axes), interleaved as ax, ay, az, bx, by, bz.
std::vector<double> make_pair(double fb, std::vector<double>& a) {
  a = make_signal(3, 8, 3);
  const std::size_t n = a.size() / 3;
  std::vector<double> ab(6 * n), b(3 * n);
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 0.02);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / kFs;
    const double s = (t >= 3 && t < 11) ? 1.5 * std::sin(2 * kPi * fb * t + 0.4) : 0.0;
    b[3 * i] = -9.7 + 0.2 * s + noise(rng);
    b[3 * i + 1] = s + noise(rng);
    b[3 * i + 2] = 0.8 + noise(rng);
    for (int c = 0; c < 3; ++c) {
      ab[6 * i + c] = a[3 * i + c];
      ab[6 * i + 3 + c] = b[3 * i + c];
    }
  }
  a.insert(a.end(), b.begin(), b.end());  // a = A frames then B frames (split by the caller)
  return ab;
}

TEST(Detector, SecondSensorCoherenceMatchesBatchPair) {
  for (const double fb : {6.0, 7.7}) {
    std::vector<double> both;
    const auto ab = make_pair(fb, both);
    const std::size_t n = ab.size() / 6;
    const std::span<const double> a(both.data(), 3 * n), b(both.data() + 3 * n, 3 * n);
    DetectorConfig c;
    c.channels = 6;
    c.second_sensor = true;
    Detector d(c);
    std::vector<WindowResult> w;
    for (std::size_t i = 0; i < n; i += 33) {
      const std::size_t m = std::min<std::size_t>(33, n - i);
      d.push(std::span<const double>(ab.data() + 6 * i, 6 * m), {}, [](const Event&) {},
             [&](const WindowResult& r) { w.push_back(r); });
    }
    const auto br = classify_recording(a, kFs, Units::m_per_s2, Classifier::default_model(), 0, 0, b);
    ASSERT_EQ(w.size(), br.n_windows);
    const auto ic = static_cast<std::size_t>(Feature::inter_sensor_coherence);
    for (std::size_t k = 0; k < br.n_windows; ++k) {
      EXPECT_EQ(w[k].coherence, br.features[k * br.n_features + ic]) << k;
      for (std::size_t j = 0; j < br.n_classes; ++j) EXPECT_EQ(w[k].proba[j], br.proba[k * br.n_classes + j]) << k;
      EXPECT_EQ(w[k].gyro_rms, -1.0);
    }
    // A window inside the shake: a common 6 Hz drive is coherent; 6 vs 7.7 Hz is not (coherence at A's peak).
    const WindowResult& mid = w[w.size() / 2];
    if (fb == 6.0)
      EXPECT_GT(mid.coherence, 0.95);
    else
      EXPECT_LT(mid.coherence, 0.3);
    // Every other feature describes sensor A alone: the same as a single-sensor detector's.
    Detector d3;
    const auto r3 = run_chunked(d3, std::vector<double>(a.begin(), a.end()), {}, 50);
    ASSERT_EQ(r3.windows.size(), w.size());
    EXPECT_EQ(r3.windows[w.size() / 2].frequency_hz, mid.frequency_hz);
    EXPECT_EQ(r3.windows[w.size() / 2].amplitude, mid.amplitude);
    EXPECT_EQ(r3.windows[w.size() / 2].coherence, -1.0);
  }
}

TEST(Detector, SecondSensorNeedsSixChannels) {
  DetectorConfig c;
  c.second_sensor = true;
  EXPECT_THROW(Detector{c}, InvalidArgument);
  std::vector<double> a(3 * 300, 1.0), b(3 * 299, 1.0);
  FeatureConfig fc;
  FeatureExtractor fx(fc);
  std::vector<double> out(FeatureExtractor::size() * 10);
  EXPECT_THROW(batch_features(fx, a, out, b), InvalidInput);
}

TEST(Detector, OrientationAndStillnessPerWindow) {
  const auto x = make_signal(4, 0, 0);
  Detector d;
  const auto r = run_chunked(d, x, {}, 400);
  ASSERT_FALSE(r.windows.empty());
  const auto& w = r.windows.back();
  EXPECT_NEAR(w.gravity[2], 9.78, 0.01);
  EXPECT_NEAR(w.gravity[0], 0.3, 0.01);
  EXPECT_NEAR(w.motion_rms, 0.02 * std::sqrt(3.0), 0.005);  // three axes of N(0, 0.02)
}

TEST(Detector, GUnitsMatchMetres) {
  auto x = make_signal(3, 6, 3);
  std::vector<double> xg(x);
  for (auto& v : xg) v /= standard_gravity;
  DetectorConfig cg;
  cg.units = Units::g;
  Detector dm({}, band_power_model()), dg(cg, band_power_model());
  const auto rm = run_chunked(dm, x, {}, 50), rg = run_chunked(dg, xg, {}, 50);
  ASSERT_EQ(rm.windows.size(), rg.windows.size());
  for (std::size_t k = 0; k < rm.windows.size(); ++k) {
    EXPECT_NEAR(rm.windows[k].p_tremor, rg.windows[k].p_tremor, 1e-6);
    EXPECT_NEAR(rm.windows[k].amplitude, rg.windows[k].amplitude, 1e-6 * (1 + rm.windows[k].amplitude));
    EXPECT_NEAR(rm.windows[k].motion_rms, rg.windows[k].motion_rms, 1e-9);
  }
}

TEST(Detector, ThreadsWithDefaultModel) {
  // One detector per thread, each constructing the default model concurrently: same results as serial.
  const auto x = make_signal(3, 8, 3);
  Detector serial;
  const auto ref = run_chunked(serial, x, {}, 40);
  std::vector<Recorded> out(4);
  std::vector<std::thread> th;
  for (std::size_t i = 0; i < out.size(); ++i)
    th.emplace_back([&, i] {
      Detector d;
      out[i] = run_chunked(d, x, {}, 40);
    });
  for (auto& t : th) t.join();
  for (const auto& r : out) {
    expect_same_events(r.events, ref.events);
    expect_same_windows(r.windows, ref.windows);
  }
}
