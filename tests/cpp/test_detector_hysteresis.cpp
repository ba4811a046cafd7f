// The bout state machine driven by hand-made window results (no feature extractor or classifier).
#include <gtest/gtest.h>

#include <vector>

#include "tremorlab/events.hpp"

using namespace tremorlab;

namespace {
constexpr double kHop = 0.25, kWin = 2.0;

WindowResult win(std::uint64_t k, double p_tremor, double p_mimicked = 0, double f = 6, double a = 1) {
  WindowResult w;
  w.index = k;
  w.t_start = k * kHop;
  w.t_end = k * kHop + kWin - 0.01;
  w.p_tremor = p_tremor;
  w.p_mimicked = p_mimicked;
  w.frequency_hz = f;
  w.amplitude = a;
  w.valid = true;
  return w;
}

std::vector<Event> run(BoutTracker& bt, const std::vector<double>& p, std::uint64_t k0 = 0) {
  std::vector<Event> ev;
  for (std::size_t i = 0; i < p.size(); ++i) bt.on_window(win(k0 + i, p[i]), [&](const Event& e) { ev.push_back(e); });
  return ev;
}
}  // namespace

TEST(BoutTracker, WindowCountsFromSeconds) {
  HysteresisConfig c;
  c.min_on_s = 0.5;
  c.min_off_s = 1.0;
  BoutTracker bt(c, kHop);
  EXPECT_EQ(bt.on_windows_required(), 3u);  // first window + two more hops
  EXPECT_EQ(bt.off_windows_required(), 4u);
  c.min_on_s = 0;
  c.min_off_s = 0;
  BoutTracker bt0(c, kHop);
  EXPECT_EQ(bt0.on_windows_required(), 1u);
  EXPECT_EQ(bt0.off_windows_required(), 1u);
}

TEST(BoutTracker, ConfigValidation) {
  HysteresisConfig c;
  c.exit_threshold = 0.7;  // above enter
  EXPECT_THROW(BoutTracker(c, kHop), InvalidArgument);
  c = {};
  c.enter_threshold = 0;
  EXPECT_THROW(BoutTracker(c, kHop), InvalidArgument);
  c = {};
  c.min_on_s = -1;
  EXPECT_THROW(BoutTracker(c, kHop), InvalidArgument);
  EXPECT_THROW(BoutTracker(HysteresisConfig{}, 0.0), InvalidArgument);
}

TEST(BoutTracker, OnsetAfterMinOnAndOffsetAfterMinOff) {
  HysteresisConfig c;  // enter .6, exit .4, min_on .25 -> 2 windows, min_off 1.0 -> 4 windows
  BoutTracker bt(c, kHop);
  //                      0    1    2    3    4    5    6    7    8    9   10   11
  std::vector<double> p{0.1, 0.7, 0.9, 0.9, 0.5, 0.3, 0.9, 0.2, 0.2, 0.2, 0.2, 0.1};
  auto ev = run(bt, p);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, EventKind::onset);
  EXPECT_EQ(ev[0].label, MovementClass::tremor);
  // onset time = centre of window 1 (first of the run); emitted at the end of window 2
  EXPECT_DOUBLE_EQ(ev[0].time, 0.5 * (win(1, 0).t_start + win(1, 0).t_end));
  EXPECT_DOUBLE_EQ(ev[0].detected_at, win(2, 0).t_end);
  EXPECT_NEAR(ev[0].confidence, 0.8, 1e-12);
  // window 5 (0.3) is off but window 6 resets the off run; windows 7..10 are off -> offset at window 10
  EXPECT_EQ(ev[1].kind, EventKind::offset);
  EXPECT_DOUBLE_EQ(ev[1].time, 0.5 * (win(6, 0).t_start + win(6, 0).t_end));
  EXPECT_DOUBLE_EQ(ev[1].detected_at, win(10, 0).t_end);
  EXPECT_DOUBLE_EQ(ev[1].duration, ev[1].time - ev[0].time);
  // bout windows: 1,2,3,4,6 (5 is off, not accumulated)
  EXPECT_NEAR(ev[1].confidence, (0.7 + 0.9 + 0.9 + 0.5 + 0.9) / 5, 1e-12);
  EXPECT_FALSE(bt.active());
}

TEST(BoutTracker, SingleSpikeDoesNotFlicker) {
  BoutTracker bt(HysteresisConfig{}, kHop);
  std::vector<double> p{0.1, 0.95, 0.1, 0.95, 0.1, 0.95, 0.1, 0.1};
  EXPECT_TRUE(run(bt, p).empty());
}

TEST(BoutTracker, HysteresisBandKeepsBoutOn) {
  BoutTracker bt(HysteresisConfig{}, kHop);
  // Between exit (.4) and enter (.6): stays on once on, never starts a bout.
  std::vector<double> p{0.5, 0.5, 0.5, 0.5};
  EXPECT_TRUE(run(bt, p).empty());
  std::vector<double> q{0.9, 0.9, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45};
  auto ev = run(bt, q, 4);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(bt.active());
}

TEST(BoutTracker, LabelFromRunMajority) {
  BoutTracker bt(HysteresisConfig{}, kHop);
  std::vector<Event> ev;
  auto emit = [&](const Event& e) { ev.push_back(e); };
  bt.on_window(win(0, 0.2, 0.6), emit);
  bt.on_window(win(1, 0.1, 0.8), emit);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].label, MovementClass::mimicked);
  EXPECT_NEAR(ev[0].confidence, 0.7, 1e-12);
  // close() ends it with the same label
  EXPECT_EQ(bt.close(10.0, emit), 1);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].kind, EventKind::offset);
  EXPECT_EQ(ev[1].label, MovementClass::mimicked);
  EXPECT_DOUBLE_EQ(ev[1].detected_at, 10.0);
  EXPECT_EQ(bt.close(11.0, emit), 0);
}

TEST(BoutTracker, FrequencyAndAmplitudeAreRunMeans) {
  BoutTracker bt(HysteresisConfig{}, kHop);
  std::vector<Event> ev;
  auto emit = [&](const Event& e) { ev.push_back(e); };
  bt.on_window(win(0, 0.9, 0, 5.0, 0.2), emit);
  bt.on_window(win(1, 0.9, 0, 7.0, 0.6), emit);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_NEAR(ev[0].frequency_hz, 6.0, 1e-12);
  EXPECT_NEAR(ev[0].amplitude, 0.4, 1e-12);
  EXPECT_NEAR(ev[0].peak_amplitude, 0.6, 1e-12);
}

TEST(BoutTracker, ResetRestoresCleanState) {
  BoutTracker bt(HysteresisConfig{}, kHop);
  std::vector<double> p{0.9, 0.9, 0.9};
  EXPECT_EQ(run(bt, p).size(), 1u);
  bt.reset();
  EXPECT_FALSE(bt.active());
  BoutTracker fresh(HysteresisConfig{}, kHop);
  std::vector<double> q{0.9, 0.1, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1};
  auto a = run(bt, q), b = run(fresh, q);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].kind, b[i].kind);
    EXPECT_EQ(a[i].time, b[i].time);
    EXPECT_EQ(a[i].detected_at, b[i].detected_at);
  }
}
