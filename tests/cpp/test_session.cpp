// Session bookkeeping driven by hand-made window results and events (test double of the detector).
#include <gtest/gtest.h>

#include <limits>
#include <utility>
#include <nlohmann/json.hpp>

#include "tremorlab/session_tracker.hpp"

using namespace tremorlab;

namespace {
constexpr double kHop = 0.25;

WindowResult still_window(double t_end, double motion, std::array<double, 3> g = {0, 0, 9.81}) {
  WindowResult w;
  w.valid = true;
  w.t_start = t_end - 2.0;
  w.t_end = t_end;
  w.motion_rms = motion;
  w.gravity = g;
  return w;
}

Event ev(EventKind k, double time, double dur = 0, double amp = 1, double peak = 2, double f = 6,
         MovementClass lab = MovementClass::tremor) {
  Event e;
  e.kind = k;
  e.time = time;
  e.detected_at = time + 0.5;
  e.duration = dur;
  e.amplitude = amp;
  e.peak_amplitude = peak;
  e.frequency_hz = f;
  e.label = lab;
  e.confidence = 0.8;
  return e;
}
}  // namespace

TEST(SessionTracker, BoutsTotalsAndWeightedMeans) {
  SessionTracker s(SessionConfig{}, kHop);
  s.on_event(ev(EventKind::onset, 10));
  s.on_event(ev(EventKind::offset, 40, 30, 1.0, 2.0, 5.0));
  s.on_event(ev(EventKind::onset, 50, 0, 1, 1, 6, MovementClass::mimicked));
  s.on_event(ev(EventKind::offset, 60, 10, 3.0, 4.0, 9.0, MovementClass::mimicked));
  const auto sum = s.summary();
  ASSERT_EQ(sum.bouts.size(), 2u);
  EXPECT_DOUBLE_EQ(sum.bouts[0].start, 10);
  EXPECT_DOUBLE_EQ(sum.bouts[0].duration, 30);
  EXPECT_DOUBLE_EQ(sum.shaking_s, 40);
  EXPECT_DOUBLE_EQ(sum.tremor_s, 30);
  EXPECT_DOUBLE_EQ(sum.mimicked_s, 10);
  EXPECT_DOUBLE_EQ(sum.longest_bout_s, 30);
  EXPECT_DOUBLE_EQ(sum.mean_amplitude, (1.0 * 30 + 3.0 * 10) / 40);
  EXPECT_DOUBLE_EQ(sum.mean_frequency_hz, (5.0 * 30 + 9.0 * 10) / 40);
  EXPECT_DOUBLE_EQ(sum.peak_amplitude, 4.0);
  EXPECT_FALSE(sum.flags.rest_suggested);
  EXPECT_FALSE(sum.flags.long_session);
}

TEST(SessionTracker, Flags) {
  SessionConfig c;
  c.first_session = true;
  SessionTracker s(c, kHop);
  s.on_event(ev(EventKind::onset, 0));
  s.on_event(ev(EventKind::offset, 130, 130));
  auto f = s.summary().flags;
  EXPECT_TRUE(f.rest_suggested);  // 130 s >= 120 s continuous
  EXPECT_FALSE(f.rest_strongly_suggested);
  EXPECT_FALSE(f.first_session_long);  // 130 <= 180
  s.on_event(ev(EventKind::onset, 200));
  s.on_event(ev(EventKind::offset, 510, 310));
  f = s.summary().flags;
  EXPECT_TRUE(f.rest_strongly_suggested);
  EXPECT_TRUE(f.first_session_long);
  EXPECT_FALSE(f.long_session);  // 440 s <= 900 s
  s.on_event(ev(EventKind::onset, 600));
  s.on_event(ev(EventKind::offset, 1100, 500));
  EXPECT_TRUE(s.summary().flags.long_session);
  // not a first session: no first-session flag
  SessionTracker s2(SessionConfig{}, kHop);
  s2.on_event(ev(EventKind::onset, 0));
  s2.on_event(ev(EventKind::offset, 200, 200));
  EXPECT_FALSE(s2.summary().flags.first_session_long);
}

TEST(SessionTracker, ShortPausesDoNotEndContinuousShaking) {
  // Bouts 0-70 s, 73-140 s (a 3 s dip) and 150-160 s (after a 10 s pause): with the default 5 s join the
  // first two are one stretch of 140 s (>= 120 s: rest suggested) though neither bout reaches 120 s.
  auto run = [](double join) {
    SessionConfig c;
    c.pause_join_s = join;
    SessionTracker s(c, kHop);
    for (auto [a, b] : {std::pair{0.0, 70.0}, {73.0, 140.0}, {150.0, 160.0}}) {
      s.on_event(ev(EventKind::onset, a));
      s.on_event(ev(EventKind::offset, b, b - a));
    }
    return s.summary();
  };
  const auto joined = run(SessionConfig{}.pause_join_s);
  EXPECT_DOUBLE_EQ(joined.longest_bout_s, 70);
  EXPECT_DOUBLE_EQ(joined.longest_continuous_s, 140);
  EXPECT_TRUE(joined.flags.rest_suggested);
  EXPECT_DOUBLE_EQ(joined.shaking_s, 70 + 67 + 10);  // the bouts themselves are unchanged
  ASSERT_EQ(joined.bouts.size(), 3u);
  const auto wide = run(11);  // the 10 s pause is joined too: 0-160 s
  EXPECT_DOUBLE_EQ(wide.longest_continuous_s, 160);
  const auto none = run(0);
  EXPECT_DOUBLE_EQ(none.longest_continuous_s, 70);
  EXPECT_FALSE(none.flags.rest_suggested);
  const auto exact = run(3);  // a pause exactly as long as pause_join_s ends the stretch
  EXPECT_DOUBLE_EQ(exact.longest_continuous_s, 70);
  SessionConfig bad;
  bad.pause_join_s = -1;
  EXPECT_THROW(bad.validate(), tremorlab::InvalidArgument);
  bad.pause_join_s = std::numeric_limits<double>::infinity();
  EXPECT_THROW(bad.validate(), tremorlab::InvalidArgument);
  // the JSON carries both numbers and the threshold
  SessionTracker s(SessionConfig{}, kHop);
  s.on_event(ev(EventKind::onset, 0));
  s.on_event(ev(EventKind::offset, 10, 10));
  s.on_event(ev(EventKind::onset, 12));
  s.on_event(ev(EventKind::offset, 20, 8));
  const auto j = nlohmann::json::parse(s.summary_json());
  EXPECT_DOUBLE_EQ(j["longest_continuous_s"].get<double>(), 20);
  EXPECT_DOUBLE_EQ(j["longest_bout_s"].get<double>(), 10);
  EXPECT_DOUBLE_EQ(j["thresholds"]["pause_join_s"].get<double>(), 5);
}

TEST(SessionTracker, OpenBoutCountsUpToLastWindow) {
  SessionTracker s(SessionConfig{}, kHop);
  s.on_event(ev(EventKind::onset, 5));
  for (int k = 0; k < 8; ++k) {
    WindowResult w = still_window(8 + k * kHop, 2.0);
    w.amplitude = 1.5;
    w.frequency_hz = 7;
    w.p_tremor = 0.9;
    s.on_window(w);
  }
  const auto sum = s.summary();
  ASSERT_EQ(sum.bouts.size(), 1u);
  EXPECT_TRUE(sum.bouts[0].open);
  const double last_centre = 8 + 7 * kHop - 1.0;
  EXPECT_DOUBLE_EQ(sum.bouts[0].end, last_centre);
  EXPECT_DOUBLE_EQ(sum.shaking_s, last_centre - 5);
  EXPECT_DOUBLE_EQ(sum.bouts[0].mean_amplitude, 1.5);
  EXPECT_DOUBLE_EQ(sum.bouts[0].mean_frequency_hz, 7);
  EXPECT_NEAR(sum.bouts[0].confidence, 0.9, 1e-12);
}

TEST(SessionTracker, RestAfterShakingStillnessOnly) {
  SessionTracker s(SessionConfig{}, kHop);
  // still before any bout: counts as still, not as rest after shaking
  for (int k = 0; k < 4; ++k) s.on_window(still_window(2 + k * kHop, 0.01));
  s.on_event(ev(EventKind::onset, 3));
  s.on_event(ev(EventKind::offset, 10, 7));
  // 40 still windows (10 s) and 8 moving ones after the bout
  double t = 12;
  for (int k = 0; k < 40; ++k, t += kHop) s.on_window(still_window(t, 0.02));
  for (int k = 0; k < 8; ++k, t += kHop) s.on_window(still_window(t, 0.5));
  const auto sum = s.summary();
  EXPECT_NEAR(sum.rest_after_last_bout_s, 40 * kHop, 1e-9);
  EXPECT_NEAR(sum.rest_after_shaking_s, 40 * kHop, 1e-9);
  EXPECT_NEAR(sum.still_s, 44 * kHop, 1e-9);
  // a new bout resets the "after the last bout" counter but not the cumulative one
  s.on_event(ev(EventKind::onset, t));
  EXPECT_DOUBLE_EQ(s.summary().rest_after_last_bout_s, 0);
  EXPECT_NEAR(s.summary().rest_after_shaking_s, 40 * kHop, 1e-9);
}

TEST(SessionTracker, RestNeedsLyingWhenPlacementKnown) {
  SessionConfig c;
  c.body_axis = {0, 1, 0};  // long axis along sensor y
  SessionTracker s(c, kHop);
  // upright: gravity along the body axis -> not lying
  EXPECT_FALSE(s.is_resting(still_window(1, 0.01, {0, 9.81, 0})));
  // lying: gravity perpendicular to the body axis
  EXPECT_TRUE(s.is_resting(still_window(1, 0.01, {0, 0, 9.81})));
  // 20 degrees from horizontal: still lying (limit 30)
  const double d = 20 * 3.14159265358979 / 180;
  EXPECT_TRUE(s.is_resting(still_window(1, 0.01, {0, 9.81 * std::sin(d), 9.81 * std::cos(d)})));
  const double d2 = 40 * 3.14159265358979 / 180;
  EXPECT_FALSE(s.is_resting(still_window(1, 0.01, {0, 9.81 * std::sin(d2), 9.81 * std::cos(d2)})));
  // moving while lying: not rest
  EXPECT_FALSE(s.is_resting(still_window(1, 1.0, {0, 0, 9.81})));
  // unknown placement: stillness alone
  SessionTracker u(SessionConfig{}, kHop);
  EXPECT_TRUE(u.is_resting(still_window(1, 0.01, {0, 9.81, 0})));
}

TEST(SessionTracker, GyroStillness) {
  SessionConfig c;
  c.still_gyro_rms = 0.1;
  SessionTracker s(c, kHop);
  auto w = still_window(1, 0.01);
  w.gyro_rms = 0.5;
  EXPECT_FALSE(s.is_resting(w));
  w.gyro_rms = 0.05;
  EXPECT_TRUE(s.is_resting(w));
  w.gyro_rms = -1;  // no gyroscope: ignored
  EXPECT_TRUE(s.is_resting(w));
}

TEST(SessionTracker, JsonHasDisclaimerBoutsAndFlags) {
  SessionTracker s(SessionConfig{}, kHop);
  s.on_event(ev(EventKind::onset, 1));
  s.on_event(ev(EventKind::offset, 4, 3));
  Event g = ev(EventKind::gap, 6, 2.5);
  s.on_event(g);
  const auto j = nlohmann::json::parse(s.summary_json());
  EXPECT_NE(j["disclaimer"].get<std::string>().find("no medical"), std::string::npos);
  ASSERT_EQ(j["bouts"].size(), 1u);
  EXPECT_EQ(j["bouts"][0]["label"], "tremor");
  EXPECT_DOUBLE_EQ(j["bouts"][0]["duration_s"].get<double>(), 3.0);
  EXPECT_EQ(j["gaps"], 1);
  EXPECT_DOUBLE_EQ(j["gap_time_s"].get<double>(), 2.5);
  EXPECT_TRUE(j["flags"].contains("long_session"));
}

TEST(SessionTracker, ResetAndValidation) {
  SessionTracker s(SessionConfig{}, kHop);
  s.on_event(ev(EventKind::onset, 1));
  s.on_event(ev(EventKind::offset, 4, 3));
  s.reset();
  EXPECT_EQ(s.summary().bouts.size(), 0u);
  EXPECT_EQ(s.summary().shaking_s, 0.0);
  SessionConfig c;
  c.continuous_limit_s = 60;  // below notice
  EXPECT_THROW(SessionTracker(c, kHop), InvalidArgument);
  c = {};
  c.lying_max_tilt_deg = 100;
  EXPECT_THROW(SessionTracker(c, kHop), InvalidArgument);
}

TEST(SessionTracker, OpenBoutKeepsTheDetectorsKind) {
  // An open bout is reported with the kind the detector last gave (onset, then relabels), and the mean
  // probability of that kind over its windows so far (shaking: P(tremor) + P(mimicked)).
  SessionTracker s(SessionConfig{}, kHop);
  s.on_event(ev(EventKind::onset, 5, 0, 1, 0.6, 6, MovementClass::shaking));
  for (int k = 0; k < 8; ++k) {
    WindowResult w = still_window(8 + k * kHop, 2.0);
    w.amplitude = 0.5 + 0.1 * k;
    w.p_tremor = k < 2 ? 0.2 : 0.9;
    w.p_mimicked = k < 2 ? 0.7 : 0.05;
    s.on_window(w);
  }
  auto b = s.summary().bouts.at(0);
  EXPECT_EQ(b.label, MovementClass::shaking);
  EXPECT_NEAR(b.confidence, (2 * 0.9 + 6 * 0.95) / 8, 1e-12);
  EXPECT_NEAR(b.mean_amplitude, 0.5 + 0.1 * 3.5, 1e-12);
  EXPECT_NEAR(b.peak_amplitude, 1.2, 1e-12);
  EXPECT_DOUBLE_EQ(s.summary().unsettled_s, b.duration);
  EXPECT_DOUBLE_EQ(s.summary().tremor_s, 0);
  s.on_event(ev(EventKind::relabel, 8, 3, 1, 0.6, 6, MovementClass::tremor));
  b = s.summary().bouts.at(0);
  EXPECT_EQ(b.label, MovementClass::tremor);
  EXPECT_NEAR(b.confidence, (2 * 0.2 + 6 * 0.9) / 8, 1e-12);
  // The whole bout counts as tremor time (the seconds before the kind settled were the same shaking).
  EXPECT_DOUBLE_EQ(s.summary().tremor_s, b.duration);
  EXPECT_DOUBLE_EQ(s.summary().unsettled_s, 0);
}

TEST(SessionTracker, TimeSplitByKind) {
  SessionTracker s(SessionConfig{}, kHop);
  s.on_event(ev(EventKind::onset, 0, 0, 1, 2, 6, MovementClass::shaking));
  s.on_event(ev(EventKind::relabel, 1, 1, 1, 2, 6, MovementClass::tremor));
  s.on_event(ev(EventKind::offset, 10, 10, 1, 2, 6, MovementClass::tremor));
  s.on_event(ev(EventKind::onset, 20, 0, 1, 2, 6, MovementClass::shaking));
  s.on_event(ev(EventKind::offset, 24, 4, 1, 2, 6, MovementClass::shaking));  // never settled
  s.on_event(ev(EventKind::onset, 30, 0, 1, 2, 6, MovementClass::shaking));
  s.on_event(ev(EventKind::relabel, 33, 3, 1, 2, 6, MovementClass::mimicked));
  s.on_event(ev(EventKind::offset, 36, 6, 1, 2, 6, MovementClass::mimicked));
  const auto sum = s.summary();
  EXPECT_DOUBLE_EQ(sum.shaking_s, 20);
  EXPECT_DOUBLE_EQ(sum.tremor_s, 10);
  EXPECT_DOUBLE_EQ(sum.unsettled_s, 4);
  EXPECT_DOUBLE_EQ(sum.mimicked_s, 6);
  const auto j = nlohmann::json::parse(s.summary_json());
  EXPECT_DOUBLE_EQ(j["unsettled_s"].get<double>(), 4);
  EXPECT_EQ(j["bouts"][1]["label"], "shaking");
}

TEST(SessionTracker, RelabelUpdatesTheOpenBout) {
  SessionTracker s(SessionConfig{}, kHop);
  s.on_event(ev(EventKind::onset, 5, 0, 1, 0.6, 6, MovementClass::mimicked));
  EXPECT_EQ(s.summary().bouts.at(0).label, MovementClass::mimicked);
  s.on_event(ev(EventKind::relabel, 7, 2, 1, 0.6, 6, MovementClass::tremor));
  const auto sum = s.summary();
  ASSERT_EQ(sum.bouts.size(), 1u);
  EXPECT_EQ(sum.bouts[0].label, MovementClass::tremor);
  EXPECT_DOUBLE_EQ(sum.bouts[0].start, 5);  // a relabel does not start a new bout
  // The offset closes it with the detector's final label.
  s.on_event(ev(EventKind::offset, 20, 15, 1, 0.6, 6, MovementClass::tremor));
  ASSERT_EQ(s.summary().bouts.size(), 1u);
  EXPECT_EQ(s.summary().bouts[0].label, MovementClass::tremor);
}
