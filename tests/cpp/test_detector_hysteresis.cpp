// The bout state machine driven by hand-made window results (no feature extractor or classifier).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "tremorlab/bout_tracker.hpp"
#include "tremorlab/decision.hpp"
#include "tremorlab/events.hpp"
#include "hysteresis_configs.hpp"

using namespace tremorlab;
using tremorlab::testing::classic;

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
  w.log_band_power = std::log10(a * a + 1e-6);  // as the extractor reports it for band power a^2
  w.band_share = 0.5;
  w.rhythm_hz = f;  // a shaking window's strongest rhythm is its tremor-band one
  w.valid = true;
  // The window's label is what the Detector gives it: the decision with the fallback thresholds (tremor
  // share 0.5; mimicked needs P >= 0.8 and 85 % of the shaking evidence), the rest of the mass on rest.
  w.label = decide(std::max(0.0, 1 - p_tremor - p_mimicked), 0, p_tremor, p_mimicked, a, w.rhythm_hz, DecisionConfig{});
  return w;
}

// The events a tracker emits, kept: pass it where the tracker wants its `emit` callback.
struct Events : std::vector<Event> {
  void operator()(const Event& e) { push_back(e); }
};

Events run(BoutTracker& bt, const std::vector<double>& p, std::uint64_t k0 = 0) {
  Events ev;
  for (std::size_t i = 0; i < p.size(); ++i) bt.on_window(win(k0 + i, p[i]), ev);
  return ev;
}
}  // namespace

TEST(BoutTracker, WindowCountsFromSeconds) {
  HysteresisConfig c = classic();
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
  HysteresisConfig c = classic();
  c.exit_threshold = 0.7;  // above enter
  EXPECT_THROW(BoutTracker(c, kHop), InvalidArgument);
  c = classic();
  c.enter_threshold = 0;
  EXPECT_THROW(BoutTracker(c, kHop), InvalidArgument);
  c = classic();
  c.min_on_s = -1;
  EXPECT_THROW(BoutTracker(c, kHop), InvalidArgument);
  EXPECT_THROW(BoutTracker(classic(), 0.0), InvalidArgument);
}

TEST(BoutTracker, OnsetAfterMinOnAndOffsetAfterMinOff) {
  HysteresisConfig c = classic();  // enter .6, exit .4, min_on .25 -> 2 windows, min_off 1.0 -> 4 windows
  BoutTracker bt(c, kHop);
  //                      0    1    2    3    4    5    6    7    8    9   10   11
  std::vector<double> p{0.1, 0.7, 0.9, 0.9, 0.5, 0.3, 0.9, 0.2, 0.2, 0.2, 0.2, 0.1};
  auto ev = run(bt, p);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, EventKind::onset);
  EXPECT_EQ(ev[0].label, MovementClass::tremor);
  // constant band power, nothing to walk back over: onset time = centre of window 1 (first of the run);
  // emitted at the end of window 2
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

TEST(BoutTracker, OneWindowBoutLastsOneHop) {
  // A bout that fires on a single window (min_on 0) and whose start estimate is that window's centre (flat
  // band power): its offset is one hop later, not at its own start (the PPP recording gave a 0.00 s bout).
  HysteresisConfig c = classic();
  c.min_on_s = 0;
  BoutTracker bt(c, kHop);
  auto ev = run(bt, {0.1, 0.9, 0.1, 0.1, 0.1, 0.1});
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, EventKind::onset);
  EXPECT_DOUBLE_EQ(ev[0].time, 0.5 * (win(1, 0).t_start + win(1, 0).t_end));
  EXPECT_EQ(ev[1].kind, EventKind::offset);
  EXPECT_DOUBLE_EQ(ev[1].time, ev[0].time + kHop);
  EXPECT_DOUBLE_EQ(ev[1].duration, kHop);
}

TEST(BoutTracker, SingleSpikeDoesNotFlicker) {
  BoutTracker bt(classic(), kHop);
  std::vector<double> p{0.1, 0.95, 0.1, 0.95, 0.1, 0.95, 0.1, 0.1};
  EXPECT_TRUE(run(bt, p).empty());
}

TEST(BoutTracker, HysteresisBandKeepsBoutOn) {
  BoutTracker bt(classic(), kHop);
  // Between exit (.4) and enter (.6): stays on once on, never starts a bout.
  std::vector<double> p{0.5, 0.5, 0.5, 0.5};
  EXPECT_TRUE(run(bt, p).empty());
  std::vector<double> q{0.9, 0.9, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45};
  auto ev = run(bt, q, 4);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(bt.active());
}

TEST(BoutTracker, FrequencyAndAmplitudeAreRunMeans) {
  BoutTracker bt(classic(), kHop);
  Events ev;
  bt.on_window(win(0, 0.9, 0, 5.0, 0.2), ev);
  bt.on_window(win(1, 0.9, 0, 7.0, 0.6), ev);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_NEAR(ev[0].frequency_hz, 6.0, 1e-12);
  EXPECT_NEAR(ev[0].amplitude, 0.4, 1e-12);
  EXPECT_NEAR(ev[0].peak_amplitude, 0.6, 1e-12);
}

TEST(BoutTracker, ResetRestoresCleanState) {
  BoutTracker bt(classic(), kHop);
  std::vector<double> p{0.9, 0.9, 0.9};
  EXPECT_EQ(run(bt, p).size(), 1u);
  bt.reset();
  EXPECT_FALSE(bt.active());
  BoutTracker fresh(classic(), kHop);
  std::vector<double> q{0.9, 0.1, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1};
  auto a = run(bt, q), b = run(fresh, q);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].kind, b[i].kind);
    EXPECT_EQ(a[i].time, b[i].time);
    EXPECT_EQ(a[i].detected_at, b[i].detected_at);
  }
}

TEST(BoutTracker, OnsetIsShakingUntilTheKindSettles) {
  BoutTracker bt(classic(), kHop);
  Events ev;
  // Two mimicked-led windows start a bout (mimicked_min_on_s 0 here); their evidence, ln(0.05/0.86) and
  // ln(0.02/0.9) clamped to -2 each, sums to -4: short of the -6 that settles mimicked, so no kind is named.
  bt.on_window(win(0, 0.05, 0.86), ev);
  bt.on_window(win(1, 0.02, 0.9), ev);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, EventKind::onset);
  EXPECT_EQ(ev[0].label, MovementClass::shaking);
  EXPECT_EQ(bt.active_label(), MovementClass::shaking);
  EXPECT_DOUBLE_EQ(bt.kind_evidence(), -4.0);
  EXPECT_NEAR(ev[0].confidence, (0.91 + 0.92) / 2, 1e-12);  // shaking: mean P(tremor) + P(mimicked)
  // close() ends it: never settled, so the offset says shaking too.
  EXPECT_EQ(bt.close(10.0, ev), 1);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].kind, EventKind::offset);
  EXPECT_EQ(ev[1].label, MovementClass::shaking);
  EXPECT_DOUBLE_EQ(ev[1].detected_at, 10.0);
  EXPECT_EQ(bt.close(11.0, ev), 0);
  EXPECT_DOUBLE_EQ(bt.kind_evidence(), 0.0);
  // Windows that favour neither kind (P(tremor) = P(mimicked): evidence 0) never settle it.
  for (std::uint64_t k = 20; k < 60; ++k) bt.on_window(win(k, 0.45, 0.45), ev);
  bt.close(20.0, ev);
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[2].label, MovementClass::shaking);
  EXPECT_EQ(ev[3].label, MovementClass::shaking);
}

TEST(BoutTracker, OnsetNamesTheKindWhenTheTriggerAlreadySettlesIt) {
  HysteresisConfig c = classic();
  c.min_on_s = 0.5;  // 3 on-windows
  BoutTracker bt(c, kHop);
  Events ev;
  // Evidence ln(0.4/0.4) + ln(0.6/0.3) + ln(0.7/0.2) = 0 + 0.693 + 1.253 >= 1 when the onset fires: tremor.
  bt.on_window(win(0, 0.4, 0.4), ev);
  bt.on_window(win(1, 0.6, 0.3), ev);
  bt.on_window(win(2, 0.7, 0.2), ev);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].label, MovementClass::tremor);
  EXPECT_DOUBLE_EQ(bt.kind_evidence(), 1.0);  // kept at the bound
  EXPECT_NEAR(ev[0].confidence, (0.4 + 0.6 + 0.7) / 3, 1e-12);  // P(tremor) over the trigger run
}

TEST(BoutTracker, ConfidentVoluntaryRhythmNeedsASustainedRun) {
  HysteresisConfig c = classic();  // enter .6, min_on 2 windows
  c.mimicked_enter_threshold = 0.85;
  c.mimicked_min_on_s = 1.0;  // 5 windows
  Events ev;
  {
    BoutTracker bt(c, kHop);
    // Confident voluntary rhythm (P(mimicked) 0.9), 4 windows: nothing.
    for (int k = 0; k < 4; ++k) bt.on_window(win(k, 0.05, 0.9), ev);
    EXPECT_TRUE(ev.empty());
    bt.on_window(win(4, 0.05, 0.9), ev);  // the 5th: onset; five windows of -2 reach -6: mimicked
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].label, MovementClass::mimicked);
    EXPECT_DOUBLE_EQ(ev[0].detected_at, win(4, 0).t_end);
  }
  ev.clear();
  {
    // Mimicked leads below mimicked_enter_threshold (0.7 < 0.85): not on, however long (p = 0.9 >= enter).
    BoutTracker bt(c, kHop);
    for (int k = 0; k < 20; ++k) bt.on_window(win(k, 0.2, 0.7), ev);
    EXPECT_TRUE(ev.empty());
    // Tremor-led windows with the same sum start a bout after min_on_s. The estimated start is the centre of
    // window 20 (no band-power rise), so windows 17..19, which end after it, hold the shaking too: their
    // evidence ln(0.2/0.7) counts with that of windows 20 and 21, ln(0.5/0.4) each.
    bt.on_window(win(20, 0.5, 0.4), ev);
    bt.on_window(win(21, 0.5, 0.4), ev);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].label, MovementClass::shaking);
    EXPECT_NEAR(bt.kind_evidence(), 3 * std::log(0.2 / 0.7) + 2 * std::log(0.5 / 0.4), 1e-12);
  }
  c.mimicked_enter_threshold = 0;
  EXPECT_THROW(BoutTracker(c, kHop), InvalidArgument);
}

TEST(BoutTracker, SettlesToTremorThenReportsAChange) {
  BoutTracker bt(classic(), kHop);  // tremor at +1, mimicked at -6
  Events ev;
  const double lean_m = std::log(0.4 / 0.5);  // -0.223: leans mimicked, decided shaking
  bt.on_window(win(0, 0.4, 0.5), ev);
  bt.on_window(win(1, 0.4, 0.5), ev);  // onset: shaking, evidence -0.446
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].label, MovementClass::shaking);
  bt.on_window(win(2, 0.6, 0.3), ev);  // +0.693: 0.247
  EXPECT_EQ(ev.size(), 1u);
  bt.on_window(win(3, 0.7, 0.2), ev);  // +1.253: 1.50 >= 1: tremor
  ASSERT_EQ(ev.size(), 2u);
  const Event& r = ev[1];
  EXPECT_EQ(r.kind, EventKind::relabel);
  EXPECT_EQ(r.label, MovementClass::tremor);
  // The run the relabel reports: the windows counted since the onset (the trigger run is the onset's).
  EXPECT_DOUBLE_EQ(r.time, 0.5 * (win(2, 0).t_start + win(2, 0).t_end));
  EXPECT_DOUBLE_EQ(r.detected_at, win(3, 0).t_end);
  EXPECT_DOUBLE_EQ(r.duration, r.time - ev[0].time);
  EXPECT_NEAR(r.confidence, (0.6 + 0.7) / 2, 1e-12);
  EXPECT_EQ(bt.active_label(), MovementClass::tremor);
  EXPECT_DOUBLE_EQ(bt.kind_evidence(), 1.0);
  // Windows leaning mimicked lower the sum but do not take the kind back to shaking.
  for (int k = 4; k < 10; ++k) bt.on_window(win(k, 0.4, 0.5), ev);
  EXPECT_EQ(ev.size(), 2u);
  EXPECT_NEAR(bt.kind_evidence(), 1 + 6 * lean_m, 1e-12);
  // Changing to mimicked needs the whole span from +1 to -6: two windows of -2 and an uncertain one do not
  // restart anything, the next -2 crosses.
  bt.on_window(win(10, 0.05, 0.9), ev);
  bt.on_window(win(11, 0.05, 0.9), ev);
  bt.on_window(win(12, 0.3, 0.6), ev);  // ln(0.5)
  EXPECT_EQ(ev.size(), 2u);
  EXPECT_NEAR(bt.kind_evidence(), 1 + 6 * lean_m - 4 + std::log(0.5), 1e-12);
  bt.on_window(win(13, 0.05, 0.9), ev);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[2].kind, EventKind::relabel);
  EXPECT_EQ(ev[2].label, MovementClass::mimicked);
  EXPECT_DOUBLE_EQ(bt.kind_evidence(), -6.0);
  // Its run starts where the evidence left the tremor bound (window 4), P(mimicked) averaged over 4..13.
  EXPECT_DOUBLE_EQ(ev[2].time, 0.5 * (win(4, 0).t_start + win(4, 0).t_end));
  EXPECT_NEAR(ev[2].confidence, (0.5 * 6 + 0.9 * 2 + 0.6 + 0.9) / 10, 1e-12);
  // The offset carries the last settled kind, with its mean probability over the whole bout.
  for (int k = 14; k < 18; ++k) bt.on_window(win(k, 0.0, 0.0), ev);
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[3].kind, EventKind::offset);
  EXPECT_EQ(ev[3].label, MovementClass::mimicked);
  const double sum_m = 0.5 * 2 + 0.3 + 0.2 + 0.5 * 6 + 0.9 * 2 + 0.6 + 0.9;
  EXPECT_NEAR(ev[3].confidence, sum_m / 14, 1e-12);
}

TEST(BoutTracker, InterleavedUncertainWindowsStillSettle) {
  // Tremor-decided windows never two in a row (every other one is uncertain): the sum still reaches the
  // bound on the third window; windows that disagree slow it down instead of restarting it.
  BoutTracker bt(classic(), kHop);
  Events ev;
  bt.on_window(win(0, 0.6, 0.3), ev);
  bt.on_window(win(1, 0.45, 0.45), ev);  // onset (2 on-windows): evidence ln 2 = 0.693
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].label, MovementClass::shaking);
  bt.on_window(win(2, 0.6, 0.3), ev);  // 1.386 >= 1
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].label, MovementClass::tremor);
  // The same windows with a mimicked-leaning window in between: 0.693 - 0.405 + 0.693 = 0.981 < 1, one more.
  BoutTracker bt2(classic(), kHop);
  Events ev2;
  bt2.on_window(win(0, 0.6, 0.3), ev2);
  bt2.on_window(win(1, 0.4, 0.6), ev2);
  bt2.on_window(win(2, 0.6, 0.3), ev2);
  EXPECT_EQ(ev2.size(), 1u);
  EXPECT_NEAR(bt2.kind_evidence(), 2 * std::log(2.0) + std::log(0.4 / 0.6), 1e-12);
  bt2.on_window(win(3, 0.45, 0.45), ev2);  // neutral: no change
  EXPECT_EQ(ev2.size(), 1u);
  bt2.on_window(win(4, 0.55, 0.45), ev2);
  ASSERT_EQ(ev2.size(), 2u);
  EXPECT_EQ(ev2[1].label, MovementClass::tremor);
}

TEST(BoutTracker, EvidenceOffsetClipAndFill) {
  // kind_llr_offset shifts the neutral level, kind_llr_clip bounds one window's say and kind_fill_s leaves
  // out the windows the shaking only partly fills.
  HysteresisConfig c = classic();
  c.kind_llr_offset = -1.0;  // a model that leans mimicked on genuine tremor: ln(pt/pm) = -1 is neutral
  c.kind_llr_clip = 0.5;
  c.tremor_settle_llr = 1.2;
  BoutTracker bt(c, kHop);
  Events ev;
  const double e = std::log(0.3 / 0.6) + 1.0;  // 0.307: towards tremor, below the clip
  bt.on_window(win(0, 0.3, 0.6), ev);
  bt.on_window(win(1, 0.3, 0.6), ev);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_NEAR(bt.kind_evidence(), 2 * e, 1e-12);
  bt.on_window(win(2, 0.9, 0.01), ev);  // ln(90) + 1 clipped to 0.5
  EXPECT_NEAR(bt.kind_evidence(), 2 * e + 0.5, 1e-12);
  EXPECT_EQ(ev.size(), 1u);
  // 3e + 0.5 = 1.42 >= 1.2, but the window itself is of uncertain kind (shaking): it cannot name the bout.
  ASSERT_EQ(win(3, 0.3, 0.6).label, MovementClass::shaking);
  bt.on_window(win(3, 0.3, 0.6), ev);
  EXPECT_EQ(ev.size(), 1u);
  EXPECT_DOUBLE_EQ(bt.kind_evidence(), 1.2);  // kept at the bound
  bt.on_window(win(4, 0.6, 0.3), ev);  // a window the decision calls tremor: the kind settles
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].label, MovementClass::tremor);

  // kind_fill_s 1.0: the estimated start is the centre of window 0 (0.995 s); only windows ending at
  // >= 1.995 s count (window 0 ends at 1.99 s, window 1 at 2.24 s).
  c = classic();
  c.kind_fill_s = 1.0;
  BoutTracker bf(c, kHop);
  Events evf;
  bf.on_window(win(0, 0.9, 0.05), evf);
  bf.on_window(win(1, 0.6, 0.3), evf);  // onset: only window 1 counts, ln 2 < 1
  ASSERT_EQ(evf.size(), 1u);
  EXPECT_EQ(evf[0].label, MovementClass::shaking);
  EXPECT_NEAR(bf.kind_evidence(), std::log(2.0), 1e-12);
}

TEST(BoutTracker, OnlyAWindowCalledAKindCanNameIt) {
  // The default offset -2 makes every window with P(tremor) > P(mimicked) / e^2 evidence for tremor; a run of
  // windows the decision calls shaking (0.2 vs 0.7: 22 % of the shaking evidence) fills the sum to the bound
  // but never names the bout.
  HysteresisConfig c = classic();
  c.kind_llr_offset = -2.0;
  c.tremor_settle_llr = 1.0;
  BoutTracker bt(c, kHop);
  Events ev;
  ASSERT_EQ(win(0, 0.2, 0.7).label, MovementClass::shaking);
  for (std::uint64_t k = 0; k < 12; ++k) bt.on_window(win(k, 0.2, 0.7), ev);
  ASSERT_EQ(ev.size(), 1u);  // the onset only
  EXPECT_EQ(ev[0].label, MovementClass::shaking);
  EXPECT_EQ(bt.active_label(), MovementClass::shaking);
  EXPECT_DOUBLE_EQ(bt.kind_evidence(), 1.0);
  bt.on_window(win(12, 0.6, 0.3), ev);  // called tremor: settles at once (the sum is at the bound)
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].kind, EventKind::relabel);
  EXPECT_EQ(ev[1].label, MovementClass::tremor);

  // At onset too: history windows of uncertain kind that reach the bound name nothing.
  BoutTracker bo(c, kHop);
  Events evo;
  bo.on_window(win(0, 0.2, 0.7), evo);
  bo.on_window(win(1, 0.2, 0.7), evo);
  ASSERT_EQ(evo.size(), 1u);
  EXPECT_EQ(evo[0].label, MovementClass::shaking);
  EXPECT_NEAR(bo.kind_evidence(), 1.0, 1e-12);  // 2 x 0.747, clamped at the bound

  // The mimicked side: a model leaning to tremor (offset +3) makes 0.4 vs 0.5 strong evidence for mimicked
  // (ln 0.8 - 3, clipped to -2), but only a window the decision calls mimicked can settle it.
  c = classic();
  c.kind_llr_offset = 3.0;
  BoutTracker bm(c, kHop);
  Events evm;
  for (std::uint64_t k = 0; k < 6; ++k) bm.on_window(win(k, 0.4, 0.5), evm);
  ASSERT_EQ(evm.size(), 1u);
  EXPECT_DOUBLE_EQ(bm.kind_evidence(), -6.0);
  ASSERT_EQ(win(6, 0.05, 0.9).label, MovementClass::mimicked);
  bm.on_window(win(6, 0.05, 0.9), evm);
  ASSERT_EQ(evm.size(), 2u);
  EXPECT_EQ(evm[1].label, MovementClass::mimicked);
}

TEST(BoutTracker, KindEvidenceNeedsOnWindowsAndResetsWithTheBout) {
  BoutTracker bt(classic(), kHop);  // exit 0.4
  Events ev;
  bt.on_window(win(0, 0.4, 0.5), ev);
  bt.on_window(win(1, 0.4, 0.5), ev);  // onset: shaking, -0.446
  bt.on_window(win(2, 0.6, 0.3), ev);  // 0.247
  bt.on_window(win(3, 0.2, 0.1), ev);  // off-window (0.3 < exit): its ln 2 does not count
  EXPECT_NEAR(bt.kind_evidence(), 2 * std::log(0.8) + std::log(2.0), 1e-12);
  // An on-window (0.45 >= exit) the decision calls rest (P(rest) 0.55 > 0.45) keeps the bout on but says
  // nothing about its kind: its ln 8 does not count either.
  ASSERT_EQ(win(3, 0.4, 0.05).label, MovementClass::rest);
  bt.on_window(win(3, 0.4, 0.05), ev);
  EXPECT_NEAR(bt.kind_evidence(), 2 * std::log(0.8) + std::log(2.0), 1e-12);
  bt.on_window(win(4, 0.6, 0.3), ev);  // 0.940
  ASSERT_EQ(ev.size(), 1u);
  bt.on_window(win(5, 0.6, 0.3), ev);  // 1.633: tremor
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].label, MovementClass::tremor);
  bt.on_window(win(6, 0.6, 0.3), ev);  // already tremor: nothing
  EXPECT_EQ(ev.size(), 2u);
  bt.close(win(6, 0).t_end, ev);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[2].kind, EventKind::offset);
  EXPECT_EQ(ev[2].label, MovementClass::tremor);
  // A new bout starts from nothing: the windows before the close do not carry over.
  bt.on_window(win(7, 0.4, 0.5), ev);
  bt.on_window(win(8, 0.4, 0.5), ev);
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[3].kind, EventKind::onset);
  EXPECT_EQ(ev[3].label, MovementClass::shaking);
  EXPECT_NEAR(bt.kind_evidence(), 2 * std::log(0.8), 1e-12);
}

TEST(BoutTracker, KindSettingsValidated) {
  auto refused = [](HysteresisConfig c, const char* field) {
    try {
      BoutTracker bt(c, kHop);
      ADD_FAILURE() << "accepted a bad " << field;
    } catch (const InvalidArgument& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  HysteresisConfig c = classic();
  c.kind_llr_offset = std::nan("");
  refused(c, "kind_llr_offset");
  c = classic();
  c.kind_llr_clip = 0;
  refused(c, "kind_llr_clip");
  c = classic();
  c.kind_fill_s = -0.5;
  refused(c, "kind_fill_s");
  c = classic();
  c.tremor_settle_llr = 0;
  refused(c, "tremor_settle_llr");
  c = classic();
  c.mimicked_settle_llr = INFINITY;
  refused(c, "mimicked_settle_llr");
  c = classic();
  c.tremor_settle_llr = 5;
  c.mimicked_settle_llr = 4;  // an accusation on less evidence than tremor: refused
  refused(c, "mimicked_settle_llr must be >= tremor_settle_llr");
  c.mimicked_settle_llr = 5;  // equal is allowed
  EXPECT_NO_THROW(BoutTracker(c, kHop));
}

namespace {
WindowResult gated(std::uint64_t k, double pt, double pm, double amp, double share) {
  WindowResult w = win(k, pt, pm, 6, amp);
  w.band_share = share;
  return w;
}
}  // namespace

TEST(BoutTracker, RestNoiseFloorGatesOnsets) {
  HysteresisConfig c;  // defaults: min_amplitude 12 mg = 0.118 m/s^2, the decision's still-hand floor
  EXPECT_EQ(c.min_amplitude, tremorlab::DecisionConfig{}.min_amplitude);
  c.early_enter = c.enter_threshold;
  BoutTracker quiet(c, kHop), loud(c, kHop);
  Events a, b;
  for (std::uint64_t k = 0; k < 20; ++k) {
    // 0.1 m/s^2: a healthy hand held still (Wade et al.'s range reaches 0.24); 0.15 m/s^2 is above the floor.
    quiet.on_window(gated(k, 0.9, 0, 0.1, 0.6), a);
    loud.on_window(gated(k, 0.9, 0, 0.15, 0.6), b);
  }
  EXPECT_TRUE(a.empty());
  // Onset on the first window (min_on_s 0), kind pending. The kind counts windows ending kind_fill_s after
  // the estimated start (window 0's centre, 0.995 s): windows 3 and 4, each at the clip (P(mimicked) = 0),
  // reach tremor_settle_llr.
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].kind, EventKind::onset);
  EXPECT_EQ(b[0].label, MovementClass::shaking);
  EXPECT_DOUBLE_EQ(b[0].detected_at, win(0, 0).t_end);
  EXPECT_EQ(b[1].kind, EventKind::relabel);
  EXPECT_EQ(b[1].label, MovementClass::tremor);
  const double fill = c.kind_fill_s, clip = c.kind_llr_clip;
  const auto first = static_cast<std::uint64_t>(std::ceil((0.995 + fill - 1.99) / kHop));
  const auto settle = first + static_cast<std::uint64_t>(std::ceil(c.tremor_settle_llr / clip)) - 1;
  EXPECT_DOUBLE_EQ(b[1].detected_at, win(settle, 0).t_end);
}

TEST(BoutTracker, AWindowWithoutARhythmStartsNothing) {
  // Rhythm 0 (a flat spectrum, FeatureExtractor::rhythm_of): no onset by the firm path, the mimicked run or
  // the early path, however high P(tremor) or P(mimicked); the same windows with a rhythm start a bout.
  for (const bool early : {false, true}) {
    HysteresisConfig c;
    if (!early) c.early_enter = c.enter_threshold;
    for (const auto& probs : {std::pair{0.95, 0.0}, std::pair{0.0, 0.97}}) {
      const double pt = probs.first, pm = probs.second;  // (a lambda may not capture structured bindings)
      auto onsets = [&](double rhythm) {
        BoutTracker bt(c, kHop);
        int n = 0;
        for (std::uint64_t k = 0; k < 24; ++k) {
          // Band power rising 0.2 decade a hop for the first 8 windows, so the early path's trend is there.
          WindowResult w = gated(k, pt, pm, 0.2 * std::pow(10.0, 0.1 * double(std::min<std::uint64_t>(k, 8))), 0.6);
          w.rhythm_hz = rhythm;
          w.label = decide(std::max(0.0, 1 - pt - pm), 0, pt, pm, w.amplitude, rhythm, DecisionConfig{});
          bt.on_window(w, [&](const Event& e) { n += e.kind == EventKind::onset; });
        }
        return n;
      };
      EXPECT_EQ(onsets(0.0), 0) << pt << " " << pm << " early " << early;
      EXPECT_EQ(onsets(6.0), 1) << pt << " " << pm << " early " << early;
    }
  }
}

TEST(BoutTracker, BandShareGatesAndRaisesTheEnterThreshold) {
  HysteresisConfig c;  // min_band_share 0.05; below weak_share 0.25 the enter threshold is 0.6
  c.early_enter = c.enter_threshold;
  auto onsets = [&](double p, double share) {
    BoutTracker bt(c, kHop);
    int n = 0;
    for (std::uint64_t k = 0; k < 12; ++k)
      bt.on_window(gated(k, p, 0, 0.5, share), [&](const Event& e) { n += e.kind == EventKind::onset; });
    return n;
  };
  EXPECT_EQ(onsets(0.95, 0.03), 0);  // tremor band holds 3 % of the movement (walking): never
  EXPECT_EQ(onsets(0.55, 0.10), 0);  // weak share needs 0.6
  EXPECT_EQ(onsets(0.65, 0.10), 1);
  EXPECT_EQ(onsets(0.55, 0.30), 1);  // ordinary share: 0.5
}

TEST(BoutTracker, EarlyPathOnRisingBandPowerWithBackDatedTime) {
  HysteresisConfig c;  // early: p >= 0.3 and rising, band power +0.5 decade over 1 s (4 hops)
  c.min_amplitude = 0.025;  // the trend below is set in small band powers; the floor has its own test
  BoutTracker bt(c, kHop), flat(c, kHop);
  // Windows 0..5 at the floor, shaking enters from window 6: band power climbs by 0.25 decade per hop.
  std::vector<double> lbp{-3, -3, -3, -3, -3, -3, -2.75, -2.5, -2.25, -2.0, -1.75};
  std::vector<double> p{0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.2, 0.35, 0.45, 0.6};
  Events ev, ev_flat;
  for (std::uint64_t k = 0; k < p.size(); ++k) {
    const double amp = std::sqrt(std::pow(10.0, lbp[k]) - 1e-6);
    bt.on_window(gated(k, p[k], 0, amp, 0.5), ev);
    flat.on_window(gated(k, p[k], 0, std::sqrt(std::pow(10.0, -1.75)), 0.5), ev_flat);
  }
  // Window 8: p 0.35 >= 0.3 and rising, band power -2.25 vs -3.0 four windows back (+0.75): onset there,
  // two windows before p reaches 0.5.
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_DOUBLE_EQ(ev[0].detected_at, win(8, 0).t_end);
  // Back-dated to the first window whose band power rose (window 6): its end - hop/2.
  EXPECT_NEAR(ev[0].time, win(6, 0).t_end - 0.5 * kHop, 1e-9);
  // Same probabilities without the band-power rise: only the firm path, at window 10 (p 0.6 >= 0.5).
  ASSERT_EQ(ev_flat.size(), 1u);
  EXPECT_DOUBLE_EQ(ev_flat[0].detected_at, win(10, 0).t_end);
}

TEST(BoutTracker, MimickedLedOnsetNeedsASustainedRun) {
  HysteresisConfig c;  // mimicked_min_on_s 2.75 s -> 12 windows at 0.25 s
  c.early_enter = c.enter_threshold;
  BoutTracker bt(c, kHop);
  EXPECT_EQ(bt.mimicked_on_windows_required(), 12u);
  Events ev;
  for (std::uint64_t k = 0; k < 11; ++k) bt.on_window(gated(k, 0.03, 0.95, 0.5, 0.6), ev);
  EXPECT_TRUE(ev.empty());
  bt.on_window(gated(11, 0.03, 0.95, 0.5, 0.6), ev);
  ASSERT_EQ(ev.size(), 1u);
  // A sustained run starts a bout; naming it mimicked takes the much larger evidence of mimicked_settle_llr.
  EXPECT_EQ(ev[0].label, MovementClass::shaking);
  EXPECT_NEAR(ev[0].confidence, 0.98, 1e-12);
  // A run broken by one window below the enter threshold starts over.
  BoutTracker bt2(c, kHop);
  int n = 0;
  for (std::uint64_t k = 0; k < 20; ++k)  // windows 9..19: 11 in a row, one short
    n += bt2.on_window(gated(k, 0.03, k == 8 ? 0.3 : 0.95, 0.5, 0.6), [](const Event&) {});
  EXPECT_EQ(n, 0);
  n += bt2.on_window(gated(20, 0.03, 0.95, 0.5, 0.6), [](const Event&) {});
  EXPECT_EQ(n, 1);
}

TEST(BoutTracker, GapClearsTheTrend) {
  HysteresisConfig c;
  BoutTracker bt(c, kHop);
  Events ev;
  auto feed = [&](std::uint64_t k, double p, double lbp) {
    bt.on_window(gated(k, p, 0, std::sqrt(std::pow(10.0, lbp) - 1e-6), 0.5), ev);
  };
  for (std::uint64_t k = 0; k < 6; ++k) feed(k, 0.05, -3);
  bt.close(10.0, ev);  // gap: no bout open, history dropped
  // After the gap the rise over the first windows cannot be judged against windows before the gap.
  feed(6, 0.2, -2.0);
  feed(7, 0.35, -1.9);
  feed(8, 0.45, -1.8);
  EXPECT_TRUE(ev.empty());
}

namespace {
/// Feeds windows with the given P(tremor) and log10 band power (tremor-led, band share 0.5); returns the
/// index of the window that emitted an onset, or -1.
int early_onset_window(const HysteresisConfig& c, const std::vector<double>& p, const std::vector<double>& lbp) {
  BoutTracker bt(c, kHop);
  int at = -1;
  for (std::uint64_t k = 0; k < p.size(); ++k) {
    const double amp = std::sqrt(std::pow(10.0, lbp[k]) - 1e-6);
    bt.on_window(gated(k, p[k], 0, amp, 0.5), [&](const Event& e) {
      if (e.kind == EventKind::onset && at < 0) at = static_cast<int>(k);
    });
  }
  return at;
}
}  // namespace

TEST(BoutTracker, EarlyPathNeedsBandPowerStillRisingInTheLatestHop) {
  HysteresisConfig c;  // early_hop_rise_decades 0.1: the latest hop must add more than 0.1 decade
  EXPECT_DOUBLE_EQ(c.early_hop_rise_decades, 0.1);
  c.min_amplitude = 0.025;  // the band powers below are small; the floor has its own test
  // P stays below enter_threshold (0.5), so only the early path could start a bout.
  const std::vector<double> p{0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.2, 0.35, 0.4, 0.45, 0.48};
  // A jolt: the band power jumps by 2 decades within two hops, then stays flat while the jolt is inside
  // the window. Over 1 s it rose by 2 decades (the trend test passes), but the latest hop adds nothing.
  const std::vector<double> jolt{-3, -3, -3, -3, -3, -3, -2, -1, -1, -1, -1, -1};
  EXPECT_EQ(early_onset_window(c, p, jolt), -1);
  // A jump that then creeps up by 0.05 decade per hop: still not the rise of a window filling up.
  const std::vector<double> creep{-3, -3, -3, -3, -3, -3, -2, -1.5, -1.45, -1.4, -1.35, -1.3};
  EXPECT_EQ(early_onset_window(c, p, creep), -1);
  // A shaking filling the window: +0.25 decade per hop. Window 8 (p 0.35, rising) starts the bout.
  const std::vector<double> fill{-3, -3, -3, -3, -3, -3, -2.75, -2.5, -2.25, -2.0, -1.75, -1.5};
  EXPECT_EQ(early_onset_window(c, p, fill), 8);
  // The rule is what stops the jolt and the creep: without it they start a bout at window 8, and a
  // threshold below the creep's 0.05 decade lets the creep through while the flat top stays out.
  HysteresisConfig off = c;
  off.early_hop_rise_decades = -1.0;
  EXPECT_EQ(early_onset_window(off, p, jolt), 8);
  EXPECT_EQ(early_onset_window(off, p, creep), 8);
  HysteresisConfig low = c;
  low.early_hop_rise_decades = 0.02;
  EXPECT_EQ(early_onset_window(low, p, creep), 8);
  EXPECT_EQ(early_onset_window(low, p, jolt), -1);
}

TEST(BoutTracker, MimickedLedWindowsNeedTheBandToCarryTheMovement) {
  HysteresisConfig c;  // mimicked_min_band_share 0.25, 12 windows of P(mimicked) >= 0.9
  c.early_enter = c.enter_threshold;
  EXPECT_DOUBLE_EQ(c.mimicked_min_band_share, 0.25);
  auto first_onset = [&](const HysteresisConfig& cfg, auto share_of, double pt, double pm) {
    BoutTracker bt(cfg, kHop);
    Events ev;
    for (std::uint64_t k = 0; k < 30; ++k) bt.on_window(gated(k, pt, pm, 1.5, share_of(k)), ev);
    return ev.empty() ? -1.0 : ev[0].detected_at;
  };
  auto constant = [](double s) { return [s](std::uint64_t) { return s; }; };
  // A large rhythmic movement whose 4-12 Hz part is 20 % of the power (pronation-supination): the model's
  // P(mimicked) 0.95 over 30 windows (7.5 s) starts nothing.
  EXPECT_EQ(first_onset(c, constant(0.20), 0.03, 0.95), -1.0);
  // The same windows with the band carrying 30 %: onset after the 12-window run.
  EXPECT_DOUBLE_EQ(first_onset(c, constant(0.30), 0.03, 0.95), win(11, 0).t_end);
  // One window below the share breaks the run, which starts over after it (windows 6..17).
  EXPECT_DOUBLE_EQ(first_onset(c, [](std::uint64_t k) { return k == 5 ? 0.2 : 0.3; }, 0.03, 0.95), win(17, 0).t_end);
  // Tremor-led windows keep their own rule (enter 0.6 below weak_share): P(tremor) 0.65 at 20 % starts a bout.
  EXPECT_DOUBLE_EQ(first_onset(c, constant(0.20), 0.65, 0.30), win(0, 0).t_end);
  // Setting the share to 0 restores the former behaviour.
  HysteresisConfig any = c;
  any.mimicked_min_band_share = 0;
  EXPECT_DOUBLE_EQ(first_onset(any, constant(0.20), 0.03, 0.95), win(11, 0).t_end);
}

TEST(BoutTracker, NewGateValidation) {
  HysteresisConfig c;
  c.mimicked_min_band_share = 1.5;
  EXPECT_THROW(BoutTracker(c, kHop), InvalidArgument);
  c = HysteresisConfig{};
  c.early_hop_rise_decades = std::nan("");
  EXPECT_THROW(BoutTracker(c, kHop), InvalidArgument);
  c.early_hop_rise_decades = -0.5;  // any finite value: negative ones accept a falling band power
  EXPECT_NO_THROW(BoutTracker(c, kHop));
}

TEST(BoutTracker, OnsetTremorShareDecidesWhichWindowsAreTremorLed) {
  // A fresh shaking of uncertain kind leaning a little to mimicked: P(tremor) 0.35 of 0.95 (0.37).
  HysteresisConfig c = classic();
  c.mimicked_enter_threshold = 0.9;  // the sustained mimicked path as shipped: P(mimicked) >= 0.9 ...
  c.mimicked_min_on_s = 2.75;        // ... for 12 windows
  auto onsets = [&](double share) {
    c.onset_tremor_share = share;
    BoutTracker bt(c, kHop);
    Events ev;
    for (std::uint64_t k = 0; k < 8; ++k) bt.on_window(win(k, 0.35, 0.6), ev);
    return ev;
  };
  EXPECT_TRUE(onsets(0.5).empty());  // mimicked-led, below 0.9: not on (the kind evidence, -0.54 a window, stays above -6)
  const auto ev = onsets(0.3);       // tremor-led: onset after min_on_s (2 windows), kind pending
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, EventKind::onset);
  EXPECT_EQ(ev[0].label, MovementClass::shaking);
  EXPECT_DOUBLE_EQ(ev[0].detected_at, win(1, 0).t_end);
  EXPECT_EQ(onsets(0.368).size(), 1u);  // 0.35 / 0.95 = 0.3684 ...
  EXPECT_TRUE(onsets(0.369).empty());   // ... the share is compared, not the probability
  c.onset_tremor_share = 1.5;
  try {
    BoutTracker bt(c, kHop);
    ADD_FAILURE() << "accepted onset_tremor_share 1.5";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("onset_tremor_share"), std::string::npos);
  }
}
