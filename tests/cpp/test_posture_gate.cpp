// Naming a bout tremor needs a held posture (HysteresisConfig::tremor_max_turn_deg_s and
// tremor_min_steady_share), and the gravity-turn measure behind it (detail/gravity_turn.hpp). Windows are
// made by hand; their gravity is a unit vector turned about x at a known rate, times 1 g.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "tremorlab/bout_tracker.hpp"
#include "tremorlab/decision.hpp"
#include "tremorlab/detail/gravity_turn.hpp"
#include "tremorlab/events.hpp"
#include "hysteresis_configs.hpp"

using namespace tremorlab;
using tremorlab::testing::classic;

namespace {
constexpr double kHop = 0.25, kWin = 2.0, kG = 9.80665;

std::array<double, 3> gravity_at(double deg) {
  const double r = deg * std::numbers::pi / 180.0;
  return {0.0, kG * std::sin(r), kG * std::cos(r)};
}

/// A window whose mean acceleration is `g`: decided tremor (P(tremor) 0.9, P(mimicked) 0.05) or, with
/// `shaking` false, rest (no bout).
WindowResult window(std::uint64_t k, const std::array<double, 3>& g, bool shaking = true) {
  WindowResult w;
  w.index = k;
  w.t_start = k * kHop;
  w.t_end = k * kHop + kWin - 0.01;
  w.p_tremor = shaking ? 0.9 : 0.0;
  w.p_mimicked = shaking ? 0.05 : 0.0;
  w.frequency_hz = w.rhythm_hz = 6;
  w.amplitude = 1;
  w.log_band_power = 0;
  w.band_share = 0.5;
  w.valid = true;
  w.label = decide(1 - w.p_tremor - w.p_mimicked, 0, w.p_tremor, w.p_mimicked, 1, 6, DecisionConfig{});
  w.gravity = g;
  return w;
}

constexpr int kPreroll = 8;  // rest windows before the shaking: the limb's turn is known when it starts

/// Events of kPreroll rest windows and then n tremor windows; window k's gravity has turned by deg(k) degrees.
template <class Deg>
std::vector<Event> run(const HysteresisConfig& c, int n, Deg deg) {
  BoutTracker bt(c, kHop);
  std::vector<Event> ev;
  for (int k = 0; k < kPreroll + n; ++k)
    bt.on_window(window(static_cast<std::uint64_t>(k), gravity_at(deg(k)), k >= kPreroll),
                 [&](const Event& e) { ev.push_back(e); });
  return ev;
}

int named_tremor(const std::vector<Event>& ev) {
  int n = 0;
  for (const Event& e : ev)
    n += (e.kind == EventKind::onset || e.kind == EventKind::relabel) && e.label == MovementClass::tremor;
  return n;
}

/// When the bout was named tremor (detected_at), or -1.
double named_at(const std::vector<Event>& ev) {
  for (const Event& e : ev)
    if ((e.kind == EventKind::onset || e.kind == EventKind::relabel) && e.label == MovementClass::tremor)
      return e.detected_at;
  return -1;
}
}  // namespace

TEST(GravityTurn, MeasuresTheTurnOverTheLag) {
  detail::GravityTurn t(4, kHop);  // 1 s
  EXPECT_EQ(t.lag(), 4u);
  // The first window: unknown; then the turn over the windows there are until the lag is filled.
  EXPECT_TRUE(std::isnan(t.push(gravity_at(0))));
  EXPECT_NEAR(t.push(gravity_at(1)), 4.0, 1e-9);  // 1 deg in one hop of 0.25 s
  EXPECT_NEAR(t.push(gravity_at(1)), 2.0, 1e-9);  // 1 deg in two hops
  // 3 deg a hop: 12 deg over the last 4 hops, 12 deg/s.
  double deg = 0, got = 0;
  for (int k = 0; k < 8; ++k) got = t.push(gravity_at(deg += 3));
  EXPECT_NEAR(got, 12.0, 1e-9);
  // The size of the vector does not matter, its direction does (a 2 g mean turns the same).
  detail::GravityTurn u(2, 0.5);
  auto scaled = [](std::array<double, 3> g, double s) { return std::array<double, 3>{g[0] * s, g[1] * s, g[2] * s}; };
  u.push(scaled(gravity_at(0), 2.0));
  u.push(scaled(gravity_at(5), 0.6));
  EXPECT_NEAR(u.push(gravity_at(10)), 10.0, 1e-9);  // 10 deg over 2 hops of 0.5 s
  // After clear(), the first window is unknown again.
  u.clear();
  EXPECT_TRUE(std::isnan(u.push(gravity_at(10))));
  EXPECT_NEAR(u.push(gravity_at(12)), 4.0, 1e-9);
}

TEST(GravityTurn, WithoutGravityTheTurnIsUnknown) {
  detail::GravityTurn t(1, kHop);
  EXPECT_TRUE(std::isnan(t.push(gravity_at(0))));
  // A mean under half of 1 g (gravity removed from the input): unknown, and so is the next window's turn.
  EXPECT_TRUE(std::isnan(t.push({0.01, -0.02, 0.03})));
  EXPECT_TRUE(std::isnan(t.push(gravity_at(0))));
  EXPECT_DOUBLE_EQ(t.push(gravity_at(0)), 0.0);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isnan(t.push({nan, 0.0, kG})));
  // The lag is clamped to what the ring holds.
  EXPECT_EQ(detail::GravityTurn(0, kHop).lag(), 1u);
  EXPECT_EQ(detail::GravityTurn(1000, kHop).lag(), detail::GravityTurn::capacity - 1);
}

TEST(PostureGate, HeldPostureIsNamedTremor) {
  // Still: named tremor at the onset, as without the gate (classic(): the second on-window, kPreroll + 1).
  const auto still = run(classic(), 24, [](int) { return 0.0; });
  EXPECT_EQ(named_tremor(still), 1);
  EXPECT_DOUBLE_EQ(named_at(still), window(kPreroll + 1, {}).t_end);
  // 4 deg/s, under the default 5, is held too.
  EXPECT_EQ(named_tremor(run(classic(), 24, [](int k) { return 4.0 * kHop * k; })), 1);
}

TEST(PostureGate, ATurningLimbStaysShaking) {
  // 10 deg/s throughout: a bout starts (the onset needs no posture) but is never named tremor or mimicked.
  auto turning = [](int k) { return 10.0 * kHop * k; };
  const auto ev = run(classic(), 40, turning);
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].kind, EventKind::onset);
  for (const Event& e : ev) EXPECT_EQ(e.label, MovementClass::shaking);
  // Switched off, the same windows are named tremor at once.
  HysteresisConfig off = classic();
  off.tremor_max_turn_deg_s = 1e9;
  EXPECT_DOUBLE_EQ(named_at(run(off, 40, turning)), window(kPreroll + 1, {}).t_end);
}

TEST(PostureGate, MostOfTheBoutMustHaveHeldItsPosture) {
  // The limb turns at 10 deg/s until window 19 (the bout's run starts at window 8, its onset on window 9
  // counts both), then holds still. The turn over the last second is 7.5 deg/s at window 20, 5 at window 21
  // and less after; with the limit at 6 deg/s (no turn sits on it, so rounding cannot flip a window) windows
  // 8..20 are counted and not held (13), and the kind is named on the held window that makes the held ones
  // half of the counted ones (tremor_min_steady_share 0.5): h >= 0.5 * (13 + h) at h = 13, window 33.
  auto deg = [](int k) { return 2.5 * (std::min(k, 19) + 1); };
  HysteresisConfig half = classic();
  half.tremor_max_turn_deg_s = 6;
  const auto ev = run(half, 40, deg);
  EXPECT_EQ(named_tremor(ev), 1);
  EXPECT_DOUBLE_EQ(named_at(ev), window(33, {}).t_end);
  // With a share of 0 the first held window names it: window 21.
  HysteresisConfig any = half;
  any.tremor_min_steady_share = 0;
  EXPECT_DOUBLE_EQ(named_at(run(any, 40, deg)), window(21, {}).t_end);
}

TEST(PostureGate, InputWithoutGravityIsNotHeldBack) {
  // Gravity removed from the input (PADS's): the mean acceleration is ~0, its turn unknown, and the bout is
  // named as without the gate.
  BoutTracker bt(classic(), kHop);
  std::vector<Event> ev;
  for (int k = 0; k < kPreroll + 24; ++k)
    bt.on_window(window(static_cast<std::uint64_t>(k), {0.01 * k, -0.02, 0.0}, k >= kPreroll),
                 [&](const Event& e) { ev.push_back(e); });
  EXPECT_DOUBLE_EQ(named_at(ev), window(kPreroll + 1, {}).t_end);
}

TEST(PostureGate, AGapForgetsThePosture) {
  // A gap (close()) forgets the turn history: the first window after it has no known turn (held).
  BoutTracker bt(classic(), kHop);
  std::vector<Event> ev;
  auto emit = [&](const Event& e) { ev.push_back(e); };
  for (int k = 0; k < kPreroll; ++k) bt.on_window(window(static_cast<std::uint64_t>(k), gravity_at(10.0 * k), false), emit);
  bt.close(10.0, emit);
  bt.on_window(window(100, gravity_at(90.0)), emit);
  bt.on_window(window(101, gravity_at(90.0)), emit);
  EXPECT_DOUBLE_EQ(named_at(ev), window(101, {}).t_end);
}

TEST(PostureGate, DefaultsAndRefusals) {
  const HysteresisConfig d;
  EXPECT_DOUBLE_EQ(d.tremor_max_turn_deg_s, 5.0);
  EXPECT_DOUBLE_EQ(d.tremor_min_steady_share, 0.5);
  for (double bad : {0.0, -1.0, std::numeric_limits<double>::infinity(), std::nan("")}) {
    HysteresisConfig c;
    c.tremor_max_turn_deg_s = bad;
    EXPECT_THROW(c.validate(), InvalidArgument) << bad;
  }
  for (double bad : {-0.1, 1.5, std::nan("")}) {
    HysteresisConfig c;
    c.tremor_min_steady_share = bad;
    EXPECT_THROW(c.validate(), InvalidArgument) << bad;
  }
}
