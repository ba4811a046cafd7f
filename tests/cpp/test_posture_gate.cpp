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

#include "tremorlab/batch.hpp"
#include "tremorlab/bout_tracker.hpp"
#include "tremorlab/decision.hpp"
#include "tremorlab/detail/gravity_turn.hpp"
#include "tremorlab/detector.hpp"
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

/// A window whose mean acceleration is `g` and posture `turn` (deg/s, PostureHold's): decided (with the
/// posture limit `limit`, as a Detector configured alike would) tremor or, when it did not hold, shaking
/// (P(tremor) 0.9, P(mimicked) 0.05); with `shaking` false, rest (no bout).
WindowResult window(std::uint64_t k, const std::array<double, 3>& g, bool shaking = true,
                    double turn = turn_unknown, double limit = held_posture_max_turn_deg_s) {
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
  DecisionConfig d;
  d.tremor_max_turn_deg_s = limit;
  w.label = decide(1 - w.p_tremor - w.p_mimicked, 0, w.p_tremor, w.p_mimicked, 1, 6, turn, d);
  w.gravity = g;
  w.turn_deg_s = turn;
  return w;
}

constexpr int kPreroll = 8;  // rest windows before the shaking: the limb's turn is known when it starts

/// Events of kPreroll rest windows and then n shaking windows; window k's gravity has turned by deg(k) degrees.
/// Each window's turn is PostureHold's, as the Detector computes it; the decision's limit is c's.
template <class Deg>
std::vector<Event> run(const HysteresisConfig& c, int n, Deg deg) {
  BoutTracker bt(c, kHop);
  detail::PostureHold hold(posture_hold_s, kHop);
  std::vector<Event> ev;
  for (int k = 0; k < kPreroll + n; ++k) {
    const auto g = gravity_at(deg(k));
    bt.on_window(window(static_cast<std::uint64_t>(k), g, k >= kPreroll, hold.push(g), c.tremor_max_turn_deg_s),
                 [&](const Event& e) { ev.push_back(e); });
  }
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

TEST(PostureGate, MostOfTheLastTwoSecondsMustHaveHeldThePosture) {
  // The limb turns at 10 deg/s until window 19 (the bout's run starts at window 8, its onset on window 9
  // counts both), then holds still. The turn over the last second is 7.5 deg/s at window 20, 5 at window 21
  // and less after; a window holds when the 9 turns of the last 2 s (PostureHold) are all within the limit,
  // 6 deg/s (no turn sits on it, so rounding cannot flip a window): from window 29. Windows 8..28 are counted
  // (their label is shaking, not tremor) and not held, and the kind is named on the held window that makes
  // the held ones half of the counted windows ending within the last 2 s (posture_hold_s; window k's span
  // holds windows k-7..k, k-8 ending exactly 2 s before it): 29..32 held, 25..28 not, window 32. Over the
  // whole bout (the rule until model v12) the held ones would outnumber the 21 turning ones only at window 49.
  auto deg = [](int k) { return 2.5 * (std::min(k, 19) + 1); };
  HysteresisConfig half = classic();
  half.tremor_max_turn_deg_s = 6;
  const auto ev = run(half, 60, deg);
  EXPECT_EQ(named_tremor(ev), 1);
  EXPECT_DOUBLE_EQ(named_at(ev), window(32, {}).t_end);
  // With a share of 0 the first held window names it: window 29; with a share of 1, the first whose last
  // 2 s all held: window 36 (29..36).
  HysteresisConfig any = half;
  any.tremor_min_steady_share = 0;
  EXPECT_DOUBLE_EQ(named_at(run(any, 60, deg)), window(29, {}).t_end);
  HysteresisConfig all = half;
  all.tremor_min_steady_share = 1;
  EXPECT_DOUBLE_EQ(named_at(run(all, 60, deg)), window(36, {}).t_end);
}

/// Events of kPreroll rest windows and n shaking windows whose turn (deg/s) is turn(k), given directly.
template <class Turn>
std::vector<Event> run_turns(const HysteresisConfig& c, int n, Turn turn) {
  BoutTracker bt(c, kHop);
  std::vector<Event> ev;
  for (int k = 0; k < kPreroll + n; ++k)
    bt.on_window(window(static_cast<std::uint64_t>(k), gravity_at(0), k >= kPreroll, turn(k), c.tremor_max_turn_deg_s),
                 [&](const Event& e) { ev.push_back(e); });
  return ev;
}

TEST(PostureGate, ALimbHeldNowAndThenIsNotNamed) {
  // Brushing teeth holds still for a moment now and then: one window in four held (1 deg/s), the others
  // turning (20 deg/s). Each held window is decided tremor, but at most 2 of the 8 counted windows of any
  // 2 s held, under half: the bout stays shaking however long it lasts.
  const auto sometimes = [](int k) { return k % 4 == 0 ? 1.0 : 20.0; };
  const auto ev = run_turns(classic(), 200, sometimes);
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(named_tremor(ev), 0);
  // Three windows in four held: 6 of any 8, and the bout is named.
  EXPECT_EQ(named_tremor(run_turns(classic(), 200, [](int k) { return k % 4 == 0 ? 20.0 : 1.0; })), 1);
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

TEST(PostureHold, TheLargestTurnOfTheLastTwoSeconds) {
  detail::PostureHold h(posture_hold_s, kHop);
  EXPECT_EQ(h.span(), 9u);  // 2 s at 0.25 s: this window and the 8 before it
  EXPECT_TRUE(std::isnan(h.push(gravity_at(0))));  // the first window: unknown
  EXPECT_NEAR(h.push(gravity_at(1)), 4.0, 1e-9);   // 1 deg in one hop
  // Still from now on: the 4 deg/s stays the largest for 8 more windows, then leaves the span, and the 1 s
  // turns after it (the 1 deg over 2, 3 and 4 hops) leave one by one.
  double got = 0;
  for (int k = 0; k < 8; ++k) got = h.push(gravity_at(1));
  EXPECT_NEAR(got, 4.0, 1e-9);
  EXPECT_NEAR(h.push(gravity_at(1)), 2.0, 1e-9);
  EXPECT_NEAR(h.push(gravity_at(1)), 4.0 / 3.0, 1e-9);
  EXPECT_NEAR(h.push(gravity_at(1)), 1.0, 1e-9);
  EXPECT_NEAR(h.push(gravity_at(1)), 0.0, 1e-5);  // acos near 1 rounds to a few 1e-6 deg
  // Unknown turns (no gravity) are skipped; only unknown ones give NaN.
  detail::PostureHold g(posture_hold_s, kHop);
  g.push(gravity_at(0));
  EXPECT_NEAR(g.push(gravity_at(2)), 8.0, 1e-9);
  EXPECT_NEAR(g.push({0.0, 0.01, 0.02}), 8.0, 1e-9);
  // clear() (a gap): the first window after it is unknown again.
  g.clear();
  EXPECT_TRUE(std::isnan(g.push(gravity_at(40))));
  EXPECT_NEAR(g.push(gravity_at(40)), 0.0, 1e-5);
  // Other hops: 2 s is round(2 / hop) + 1 windows, at most the turn ring's capacity.
  EXPECT_EQ(detail::PostureHold(posture_hold_s, 0.5).span(), 5u);
  EXPECT_EQ(detail::PostureHold(posture_hold_s, 2.0).span(), 2u);
  EXPECT_EQ(detail::PostureHold(posture_hold_s, 0.01).span(), detail::GravityTurn::capacity);
}

TEST(PostureGate, TheWindowDecisionCallsATurningLimbShaking) {
  // decide(): a window the model calls tremor is tremor only when its limb held (turn <= limit, or unknown);
  // it becomes shaking, never mimicked, and nothing else changes.
  const DecisionConfig d;
  EXPECT_DOUBLE_EQ(d.tremor_max_turn_deg_s, held_posture_max_turn_deg_s);
  auto label = [&](double pt, double pm, double turn) { return decide(1 - pt - pm, 0, pt, pm, 1, 6, turn, d); };
  EXPECT_EQ(label(0.9, 0.05, turn_unknown), MovementClass::tremor);
  EXPECT_EQ(label(0.9, 0.05, 4.9), MovementClass::tremor);
  EXPECT_EQ(label(0.9, 0.05, 5.0), MovementClass::tremor);  // at the limit: held
  EXPECT_EQ(label(0.9, 0.05, 5.1), MovementClass::shaking);
  EXPECT_EQ(label(0.05, 0.94, 50.0), MovementClass::mimicked);  // mimicked is not the posture rule's
  EXPECT_EQ(label(0.5, 0.44, 50.0), MovementClass::shaking);
  EXPECT_EQ(decide(0.9, 0.05, 0.03, 0.02, 1, 6, 50.0, d), MovementClass::rest);
  DecisionConfig off;
  off.tremor_max_turn_deg_s = 1e9;
  EXPECT_EQ(decide(0.05, 0, 0.9, 0.05, 1, 6, 50.0, off), MovementClass::tremor);
  // The span form: turns per row, NaN unknown; a negative or infinite turn or a wrong length is refused.
  const std::vector<double> p{0.05, 0, 0.9, 0.05, 0.05, 0, 0.9, 0.05};
  std::vector<MovementClass> out(2);
  const std::vector<double> amp{1, 1}, rhythm{6, 6};
  decide(p, amp, rhythm, std::vector<double>{std::nan(""), 7.0}, out, d);
  EXPECT_EQ(out[0], MovementClass::tremor);
  EXPECT_EQ(out[1], MovementClass::shaking);
  for (double bad : {-1.0, std::numeric_limits<double>::infinity()})
    EXPECT_THROW(decide(p, amp, rhythm, std::vector<double>{0.0, bad}, out, d), InvalidArgument) << bad;
  EXPECT_THROW(decide(p, amp, rhythm, std::vector<double>{0.0}, out, d), InvalidArgument);
  for (double bad : {0.0, -1.0, 2e9, std::numeric_limits<double>::infinity(), std::nan("")}) {
    DecisionConfig c;
    c.tremor_max_turn_deg_s = bad;
    EXPECT_THROW(c.validate(), InvalidArgument) << bad;
  }
}

/// Events of kPreroll rest windows and n shaking windows without gravity (posture unknown) at hop `hop`: window
/// k is decided tremor when called(k) (P(tremor) 0.9, P(mimicked) 0.05), else shaking (0.45 / 0.5, a
/// tremor share of 0.47: not tremor, and it moves the evidence by ln(0.9) only).
template <class Called>
std::vector<Event> run_called(const HysteresisConfig& c, int n, Called called, double hop = kHop) {
  BoutTracker bt(c, hop);
  std::vector<Event> ev;
  for (int k = 0; k < kPreroll + n; ++k) {
    WindowResult w = window(static_cast<std::uint64_t>(k), {}, k >= kPreroll);
    w.t_start = k * hop;
    w.t_end = k * hop + kWin - 0.01;
    if (k >= kPreroll && !called(k)) {
      w.p_tremor = 0.45;
      w.p_mimicked = 0.5;
    }
    w.label = decide(1 - w.p_tremor - w.p_mimicked, 0, w.p_tremor, w.p_mimicked, 1, 6, DecisionConfig{});
    bt.on_window(w, [&](const Event& e) { ev.push_back(e); });
  }
  return ev;
}

TEST(PostureGate, OneWindowCalledTremorDoesNotNameABout) {
  // tremor_min_called_s: the decision must have called tremor for that long (its tremor windows' hops) within
  // the last posture_hold_s. Every 4th window called tremor: 2 of any 8 windows of 2 s, 0.5 s at a 0.25 s hop,
  // short of 0.75 s, so the bout stays shaking however long it lasts; with the rule off (0) the first one
  // (window kPreroll) settles the kind, named with the onset one window later (min_on_s).
  const auto every4 = [](int k) { return (k - kPreroll) % 4 == 0; };
  HysteresisConfig c = classic();
  c.tremor_min_called_s = 0.75;
  const auto ev = run_called(c, 80, every4);
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(named_tremor(ev), 0);
  c.tremor_min_called_s = 0;
  EXPECT_DOUBLE_EQ(named_at(run_called(c, 80, every4)), window(kPreroll + 1, {}).t_end);
  // Every 2nd window: the third of them (kPreroll + 4) brings the last 2 s to 0.75 s and names the bout.
  c.tremor_min_called_s = 0.75;
  const auto every2 = [](int k) { return (k - kPreroll) % 2 == 0; };
  EXPECT_DOUBLE_EQ(named_at(run_called(c, 80, every2)), window(kPreroll + 4, {}).t_end);
  // The time is the windows' hops, so at a 0.5 s hop two windows called tremor make 1 s: every 2nd window
  // (kPreroll, kPreroll + 2) names it at the second, which ends at (kPreroll + 2) * 0.5 + 1.99 s.
  EXPECT_DOUBLE_EQ(named_at(run_called(c, 80, every2, 0.5)), (kPreroll + 2) * 0.5 + kWin - 0.01);
  // Off by default: a real tremor named comes first (bout_tracker.hpp says what 0.75 s trades).
  EXPECT_DOUBLE_EQ(HysteresisConfig{}.tremor_min_called_s, 0.0);
  for (double bad : {-0.1, 2.5, std::numeric_limits<double>::infinity(), std::nan("")}) {
    HysteresisConfig b;
    b.tremor_min_called_s = bad;
    EXPECT_THROW(b.validate(), InvalidArgument) << bad;
  }
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

TEST(PostureGate, DetectorAndBatchAgreeOnATurningLimb) {
  // A 6 Hz shake of 1 m/s^2 on every axis throughout, while gravity turns at 20 deg/s about x between 10 and
  // 16 s: the windows that did not hold are not tremor, and the Detector and classify_recording compute the
  // same turns and labels window by window (the posture is written once: detail::PostureHold).
  const double fs = 100;
  const std::size_t n = 3000;
  std::vector<double> acc(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = double(i) / fs;
    const auto g = gravity_at(20.0 * std::clamp(t - 10.0, 0.0, 6.0));
    const double s = std::sin(2 * std::numbers::pi * 6.0 * t);
    for (std::size_t c = 0; c < 3; ++c) acc[3 * i + c] = g[c] + s;
  }
  DetectorConfig cfg;
  cfg.fs = fs;
  Detector det(cfg);
  std::vector<WindowResult> w;
  det.push(acc, {}, [](const Event&) {}, [&](const WindowResult& r) { w.push_back(r); });
  const BatchResult b = classify_recording(acc, fs, Units::m_per_s2, Classifier::default_model(), 0, det.hop_s());
  ASSERT_EQ(w.size(), b.n_windows);
  int turned = 0, tremor = 0;
  for (std::size_t k = 0; k < w.size(); ++k) {
    EXPECT_EQ(w[k].label, b.labels[k]) << k;
    if (std::isnan(b.turn_deg_s[k])) {
      EXPECT_TRUE(std::isnan(w[k].turn_deg_s)) << k;
    } else {
      EXPECT_NEAR(w[k].turn_deg_s, b.turn_deg_s[k], 1e-9) << k;
    }
    if (w[k].turn_deg_s > held_posture_max_turn_deg_s) {
      ++turned;
      EXPECT_NE(w[k].label, MovementClass::tremor) << k;
    }
    tremor += w[k].label == MovementClass::tremor;
  }
  // The turning stretch: 20 deg/s over 6 s, seen by the windows that end from 10 s to 16 s + 2 s + 1 s.
  EXPECT_GE(turned, 30);
  EXPECT_GE(tremor, 20);  // the shake is called tremor where the limb held (before and after)
}

TEST(PostureGate, AGapForgetsThePosture) {
  // A limb turning at 20 deg/s with a 6 Hz shake, then a 3 s gap in the timestamps, then the same limb still:
  // the first window after the gap has no known turn (the windows after a gap do not continue the posture of
  // those before it), and the ones after it measure only what came after the gap.
  const double fs = 100;
  std::vector<double> acc, t;
  auto add = [&](double t0, double seconds, double rate_deg_s) {
    for (std::size_t i = 0; i < std::size_t(seconds * fs); ++i) {
      const double ti = t0 + double(i) / fs;
      const auto g = gravity_at(rate_deg_s * (ti - t0));
      const double s = std::sin(2 * std::numbers::pi * 6.0 * ti);
      for (std::size_t c = 0; c < 3; ++c) acc.push_back(g[c] + s);
      t.push_back(ti);
    }
  };
  add(0.0, 10.0, 20.0);
  add(13.0, 6.0, 0.0);
  DetectorConfig cfg;
  cfg.fs = fs;
  Detector det(cfg);
  std::vector<WindowResult> w;
  det.push(acc, t, [](const Event&) {}, [&](const WindowResult& r) { w.push_back(r); });
  auto first_after = std::find_if(w.begin(), w.end(), [](const WindowResult& r) { return r.segment == 1; });
  ASSERT_NE(first_after, w.end());
  ASSERT_GT(first_after - w.begin(), 8);
  EXPECT_GT((first_after - 1)->turn_deg_s, 10.0);  // before the gap: turning
  EXPECT_TRUE(std::isnan(first_after->turn_deg_s));
  for (auto it = first_after + 1; it != w.end(); ++it) EXPECT_LT(it->turn_deg_s, 0.5) << it->index;
}

TEST(PostureGate, PostureTurnsRefusesBadArguments) {
  const std::vector<double> acc(3 * 300, 1.0);
  EXPECT_EQ(posture_turns(acc, 200, 25, 100.0, Units::m_per_s2).size(), 5u);  // count_windows' windows
  EXPECT_TRUE(posture_turns(std::span<const double>(acc).first(3 * 150), 200, 25, 100.0, Units::m_per_s2).empty());
  EXPECT_THROW(posture_turns(std::span<const double>(acc).first(10), 2, 1, 100.0, Units::m_per_s2), InvalidArgument);
  EXPECT_THROW(posture_turns(acc, 0, 25, 100.0, Units::m_per_s2), InvalidArgument);
  EXPECT_THROW(posture_turns(acc, 200, 0, 100.0, Units::m_per_s2), InvalidArgument);
  for (double fs : {0.0, -100.0, std::numeric_limits<double>::infinity(), std::nan("")})
    EXPECT_THROW(posture_turns(acc, 200, 25, fs, Units::m_per_s2), InvalidArgument) << fs;
  for (double hold : {-1.0, std::numeric_limits<double>::infinity(), std::nan("")})
    EXPECT_THROW(posture_turns(acc, 200, 25, 100.0, Units::m_per_s2, hold), InvalidArgument) << hold;
}
