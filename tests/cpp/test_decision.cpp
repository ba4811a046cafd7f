// The window decision (decision.hpp): hand-computed probability vectors at, just below and just above each
// threshold, the branch order, label names, and DecisionConfig validation. Thresholds in the boundary tests
// are dyadic fractions so "at the threshold" is exact in binary floating point.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <tremorlab/decision.hpp>
#include <tremorlab/events.hpp>

namespace {
using tremorlab::DecisionConfig;
using M = tremorlab::MovementClass;

// The probability rule without an amplitude (no floor); the floor has its own tests below.
M decide(double pr, double pv, double pt, double pm, const DecisionConfig& d) {
  return tremorlab::decide(pr, pv, pt, pm, tremorlab::amplitude_unknown, d);
}

double below(double v) { return std::nextafter(v, 0.0); }

// validate() refuses each of `bad` set into `field`, naming the field in its message.
void expect_refused(double DecisionConfig::*field, const char* name, std::initializer_list<double> bad) {
  for (double v : bad) {
    DecisionConfig c;
    c.*field = v;
    try {
      c.validate();
      ADD_FAILURE() << "accepted " << name << " " << v;
    } catch (const tremorlab::InvalidArgument& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
}
double above(double v) { return std::nextafter(v, 1.0); }

TEST(Decision, FallbackDefaultsAreTheContractValues) {
  const DecisionConfig d;
  EXPECT_EQ(d.mimicked_min_p, 0.8);
  EXPECT_EQ(d.mimicked_min_share, 0.85);
  EXPECT_EQ(d.tremor_min_share, 0.5);
  EXPECT_EQ(d.min_amplitude, 0.012 * 9.80665);  // 12 mg: a still healthy hand's own tremor (decision.hpp)
  EXPECT_EQ(d.mimicked_min_rhythm_hz, 4.0);     // the lower edge of the 4-12 Hz band
  EXPECT_EQ(d.mimicked_min_band_share, 0.8);    // the evidence rule's clear oscillation
  EXPECT_EQ(d.mimicked_max_amplitude, 8.5);     // a little above the largest imitation recorded
  EXPECT_NO_THROW(d.validate());
}

TEST(Decision, RestOrVoluntaryWhenShakingEvidenceIsSmaller) {
  const DecisionConfig d;
  EXPECT_EQ(decide(0.5, 0.1, 0.2, 0.2, d), M::rest);       // s = 0.4 < 0.5
  EXPECT_EQ(decide(0.1, 0.5, 0.2, 0.2, d), M::voluntary);  // s = 0.4 < 0.5
  EXPECT_EQ(decide(0.4, 0.4, 0.1, 0.1, d), M::rest);       // tie of rest and voluntary: rest
  // s == max(pr, pv) is not smaller: the shaking branch decides (0.25 + 0.25 == 0.5 exactly).
  EXPECT_EQ(decide(0.5, 0.0, 0.25, 0.25, d), M::tremor);   // pt / s = 0.5 >= 0.5
  EXPECT_EQ(decide(above(0.5), 0.0, 0.25, 0.25, d), M::rest);
  // Shaking split between tremor and mimicked still beats rest when their SUM is larger, although each of
  // them is smaller than P(rest): argmax would have said rest.
  EXPECT_EQ(decide(0.34, 0.0, 0.33, 0.33, d), M::tremor);
}

TEST(Decision, MimickedNeedsBothTheProbabilityAndTheShare) {
  const DecisionConfig d{0.75, 0.875, 0.625};
  // pm at mimicked_min_p exactly, share 0.75 / 0.84375 = 0.888 >= 0.875.
  EXPECT_EQ(decide(0.15625, 0.0, 0.09375, 0.75, d), M::mimicked);
  // pm a hair below mimicked_min_p: not mimicked; pt / s = 0.111 < 0.625: kind uncertain.
  EXPECT_EQ(decide(0.15625, 0.0, 0.09375, below(0.75), d), M::shaking);
  // share at mimicked_min_share exactly (0.875 / 1.0), then the threshold a hair above it.
  EXPECT_EQ(decide(0.0, 0.0, 0.125, 0.875, d), M::mimicked);
  EXPECT_EQ(decide(0.0, 0.0, 0.125, 0.875, DecisionConfig{0.75, above(0.875), 0.625}), M::shaking);
  // High pm but tremor holds too much of the shaking: 0.8 / 0.96 = 0.833 < 0.875 -> not mimicked.
  EXPECT_EQ(decide(0.04, 0.0, 0.16, 0.8, d), M::shaking);
  // With the fallback defaults: pm 0.9, pt 0.1 -> mimicked; pm 0.78, pt 0.02 -> under 0.8 -> shaking.
  EXPECT_EQ(decide(0.0, 0.0, 0.1, 0.9, DecisionConfig{}), M::mimicked);
  EXPECT_EQ(decide(0.1, 0.1, 0.02, 0.78, DecisionConfig{}), M::shaking);
}

TEST(Decision, TremorAtAndAroundItsShare) {
  const DecisionConfig d{0.75, 0.875, 0.625};
  EXPECT_EQ(decide(0.0, 0.0, 0.625, 0.375, d), M::tremor);          // pt / s = 0.625 exactly
  EXPECT_EQ(decide(0.0, 0.0, 0.62, 0.38, d), M::shaking);           // just below (0.62)
  EXPECT_EQ(decide(0.0, 0.0, 0.5, 0.5, d), M::shaking);             // an even split: kind uncertain
  EXPECT_EQ(decide(0.2, 0.2, 0.3, 0.3, DecisionConfig{}), M::tremor);  // 0.5 >= 0.5 with the defaults
  EXPECT_EQ(decide(0.2, 0.2, 0.29, 0.31, DecisionConfig{}), M::shaking);
}

TEST(Decision, MimickedIsCheckedBeforeTremor) {
  // A (badly chosen but valid) tremor_min_share of 0 would call everything tremor; mimicked still wins
  // where its own evidence holds, and the order makes the rule unambiguous.
  const DecisionConfig d{0.5, 0.5, 0.0};
  EXPECT_EQ(decide(0.0, 0.0, 0.25, 0.75, d), M::mimicked);
  EXPECT_EQ(decide(0.0, 0.0, 0.75, 0.25, d), M::tremor);
}

TEST(Decision, DegenerateInputs) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const DecisionConfig d;
  EXPECT_EQ(decide(nan, nan, nan, nan, d), M::rest);
  EXPECT_EQ(decide(0.1, 0.1, nan, 0.8, d), M::rest);
  EXPECT_EQ(decide(0.0, 0.0, 0.0, 0.0, d), M::rest);
}

TEST(Decision, ValidateNamesTheField) {
  auto msg = [](DecisionConfig c) -> std::string {
    try {
      c.validate();
    } catch (const tremorlab::InvalidArgument& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(msg({1.1, 0.85, 0.5}).find("mimicked_min_p"), std::string::npos);
  EXPECT_NE(msg({-0.1, 0.85, 0.5}).find("mimicked_min_p"), std::string::npos);
  EXPECT_NE(msg({std::nan(""), 0.85, 0.5}).find("mimicked_min_p"), std::string::npos);
  EXPECT_NE(msg({0.8, 0.49, 0.5}).find("mimicked_min_share"), std::string::npos);
  EXPECT_NE(msg({0.8, 1.01, 0.5}).find("mimicked_min_share"), std::string::npos);
  EXPECT_NE(msg({0.8, 0.85, 1.5}).find("tremor_min_share"), std::string::npos);
  EXPECT_NE(msg({0.8, 0.85, INFINITY}).find("tremor_min_share"), std::string::npos);
  EXPECT_EQ(msg({0.0, 0.5, 0.0}), "");
  EXPECT_EQ(msg({1.0, 1.0, 1.0}), "");
}

TEST(Decision, LabelNamesComeFromOneFunction) {
  const char* expect[] = {"rest", "voluntary", "tremor", "mimicked", "shaking"};
  ASSERT_EQ(tremorlab::all_labels.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    const M c = tremorlab::all_labels[i];
    EXPECT_EQ(static_cast<std::size_t>(c), i);
    EXPECT_STREQ(tremorlab::to_string(c), expect[i]);
    EXPECT_STREQ(tremorlab::label_name(c), expect[i]);
    EXPECT_EQ(tremorlab::label_from_name(expect[i]), c);
  }
  EXPECT_FALSE(tremorlab::label_from_name("Tremor").has_value());
  EXPECT_FALSE(tremorlab::label_from_name("").has_value());
  EXPECT_STREQ(tremorlab::to_string(static_cast<M>(9)), "unknown");
  // Event kinds are spelled once too, and an out-of-range value the same way as an unknown label.
  using K = tremorlab::EventKind;
  EXPECT_STREQ(tremorlab::to_string(K::onset), "onset");
  EXPECT_STREQ(tremorlab::to_string(K::relabel), "relabel");
  EXPECT_STREQ(tremorlab::to_string(static_cast<K>(4)), "unknown");
  EXPECT_TRUE(tremorlab::is_shaking(M::shaking));
  EXPECT_TRUE(tremorlab::is_shaking(M::mimicked));
  EXPECT_FALSE(tremorlab::is_shaking(M::voluntary));
}

TEST(Decision, VectorisedFormIsTheScalarRuleRowByRow) {
  const DecisionConfig d{0.75, 0.875, 0.625};
  const std::vector<double> p = {0.5, 0.1, 0.2, 0.2,   0.0, 0.0, 0.125, 0.875,  0.0, 0.0, 0.625, 0.375,
                                 0.25, 0.125, 0.375, 0.25,  0.1, 0.5, 0.2, 0.2};
  std::vector<M> out(5, M::shaking);
  tremorlab::decide(p, {}, out, d);
  EXPECT_EQ(out, (std::vector<M>{M::rest, M::mimicked, M::tremor, M::shaking, M::voluntary}));
  for (std::size_t r = 0; r < out.size(); ++r)
    EXPECT_EQ(out[r], decide(p[4 * r], p[4 * r + 1], p[4 * r + 2], p[4 * r + 3], d));
  std::vector<M> short_out(4);
  EXPECT_THROW(tremorlab::decide(p, {}, short_out, d), tremorlab::InvalidArgument);
  const std::vector<double> ragged(7, 0.1);
  EXPECT_THROW(tremorlab::decide(ragged, {}, out, d), tremorlab::InvalidArgument);
  // With amplitudes: row by row with each row's amplitude; one per row, none negative or NaN.
  const std::vector<double> amp = {1.0, 0.05, 1.0, 0.0, 0.05};
  tremorlab::decide(p, amp, out, d);
  EXPECT_EQ(out, (std::vector<M>{M::rest, M::rest, M::tremor, M::rest, M::voluntary}));
  for (std::size_t r = 0; r < out.size(); ++r)
    EXPECT_EQ(out[r], tremorlab::decide(p[4 * r], p[4 * r + 1], p[4 * r + 2], p[4 * r + 3], amp[r], d));
  EXPECT_THROW(tremorlab::decide(p, std::vector<double>(4, 1.0), out, d), tremorlab::InvalidArgument);
  EXPECT_THROW(tremorlab::decide(p, std::vector<double>{1, 1, -0.1, 1, 1}, out, d), tremorlab::InvalidArgument);
  EXPECT_THROW(tremorlab::decide(p, std::vector<double>{1, 1, std::nan(""), 1, 1}, out, d),
               tremorlab::InvalidArgument);
}

TEST(Decision, NothingBelowTheStillHandFloorIsShaking) {
  // Probabilities that are tremor, mimicked and shaking above the floor become rest or voluntary (the
  // larger of the two, a tie rest) below it; exactly at the floor the probability rule decides.
  DecisionConfig d;
  d.min_amplitude = 0.125;
  const double t[4] = {0.1, 0.0, 0.9, 0.0}, m[4] = {0.0, 0.05, 0.0, 0.95}, s[4] = {0.05, 0.0, 0.45, 0.5};
  auto dec = [&](const double* p, double a) { return tremorlab::decide(p[0], p[1], p[2], p[3], a, d); };
  EXPECT_EQ(dec(t, 0.125), M::tremor);
  EXPECT_EQ(dec(t, below(0.125)), M::rest);
  EXPECT_EQ(dec(m, 0.125), M::mimicked);
  EXPECT_EQ(dec(m, below(0.125)), M::voluntary);  // pv 0.05 > pr 0
  EXPECT_EQ(dec(s, 0.125), M::shaking);
  EXPECT_EQ(dec(s, 0.0), M::rest);
  EXPECT_EQ(dec(t, std::nan("")), M::rest);        // an unknown-because-NaN amplitude is not shaking
  EXPECT_EQ(dec(t, tremorlab::amplitude_unknown), M::tremor);
  d.min_amplitude = 0.0;                            // floor off: only a NaN amplitude is refused
  EXPECT_EQ(dec(t, 0.0), M::tremor);
  // The default floor: 0.1 m/s^2 is below 12 mg, 0.12 m/s^2 above it.
  EXPECT_EQ(tremorlab::decide(0.1, 0.0, 0.9, 0.0, 0.1, DecisionConfig{}), M::rest);
  EXPECT_EQ(tremorlab::decide(0.1, 0.0, 0.9, 0.0, 0.12, DecisionConfig{}), M::tremor);
}

TEST(Decision, NoRhythmIsNoShaking) {
  // Rhythm 0 (FeatureExtractor::rhythm_of: a flat spectrum) makes every kind of shaking rest or voluntary,
  // the larger of the two, as the still-hand floor does; any rhythm above 0 lets the probabilities decide.
  const DecisionConfig d;
  for (double pt : {0.0, 0.45, 0.9}) {
    EXPECT_EQ(tremorlab::decide(0.02, 0.08, pt, 0.9 - pt, 1.0, 0.0, d), M::voluntary) << pt;
    EXPECT_EQ(tremorlab::decide(0.08, 0.02, pt, 0.9 - pt, 1.0, 0.0, d), M::rest) << pt;
    EXPECT_NE(tremorlab::decide(0.08, 0.02, pt, 0.9 - pt, 1.0, 0.5, d), M::rest) << pt;
  }
  EXPECT_EQ(tremorlab::decide(0.02, 0.08, 0.9, 0.0, 1.0, 6.0, d), M::tremor);
  EXPECT_EQ(tremorlab::decide(0.02, 0.08, 0.9, 0.0, 1.0, tremorlab::rhythm_unknown, d), M::tremor);
  // Vectorised alike (0 is a valid rhythm value, "none").
  const std::vector<double> p = {0.02, 0.08, 0.9, 0.0, 0.02, 0.08, 0.9, 0.0};
  std::vector<M> out(2);
  tremorlab::decide(p, std::vector<double>{1.0, 1.0}, std::vector<double>{0.0, 6.0}, out, d);
  EXPECT_EQ(out, (std::vector<M>{M::voluntary, M::tremor}));
}

TEST(Decision, PhysiologicalTremorFloor) {
  // At a rhythm of 8 Hz or more, where a healthy hand's own tremor is strongest (8-12 Hz), the still-hand
  // floor is the largest that tremor reaches in healthy adults: 0.035 g peak (Wade, Gresty & Findley 1982) as
  // the RMS of a sinusoid, 0.035 / sqrt(2) g = 0.24270 m/s^2; below 8 Hz it stays min_amplitude (12 mg).
  const double phys = 0.035 / std::sqrt(2.0) * 9.80665;
  EXPECT_NEAR(tremorlab::physiological_tremor_amplitude, phys, 1e-12);
  EXPECT_NEAR(phys, 0.2427, 1e-4);
  const double floor12 = tremorlab::still_hand_amplitude;
  EXPECT_EQ(tremorlab::still_hand_floor(floor12, 7.99), floor12);
  EXPECT_EQ(tremorlab::still_hand_floor(floor12, 8.0), tremorlab::physiological_tremor_amplitude);
  EXPECT_EQ(tremorlab::still_hand_floor(floor12, 11.5), tremorlab::physiological_tremor_amplitude);
  EXPECT_EQ(tremorlab::still_hand_floor(floor12, 0.0), floor12);                       // no rhythm: its own rule
  EXPECT_EQ(tremorlab::still_hand_floor(floor12, tremorlab::rhythm_unknown), floor12);  // unknown: plain floor
  EXPECT_EQ(tremorlab::still_hand_floor(0.0, 9.0), 0.0);  // min_amplitude 0 switches both off
  EXPECT_EQ(tremorlab::still_hand_floor(0.5, 9.0), 0.5);  // a floor set higher stays higher
  const DecisionConfig d;
  auto dec = [&](double amp, double hz) { return tremorlab::decide(0.02, 0.08, 0.9, 0.0, amp, hz, d); };
  EXPECT_EQ(dec(0.20, 8.5), M::voluntary);  // 20 mg at 8.5 Hz: what healthy hands do
  EXPECT_EQ(dec(0.20, 6.0), M::tremor);     // the same size at 6 Hz is above the still-hand floor
  EXPECT_EQ(dec(0.25, 8.5), M::tremor);     // above the physiological range
  const double at = tremorlab::physiological_tremor_amplitude;  // phys to rounding: the boundary itself
  EXPECT_EQ(dec(std::nextafter(at, 0.0), 8.0), M::voluntary);
  EXPECT_EQ(dec(at, 8.0), M::tremor);
  EXPECT_EQ(dec(0.20, tremorlab::rhythm_unknown), M::tremor);
  EXPECT_EQ(tremorlab::decide(0.08, 0.02, 0.9, 0.0, 0.20, 9.0, d), M::rest);  // the larger of rest and voluntary
  DecisionConfig off = d;
  off.min_amplitude = 0.0;
  EXPECT_EQ(tremorlab::decide(0.02, 0.08, 0.9, 0.0, 0.20, 9.0, off), M::tremor);
}

TEST(Decision, MimickedNeedsItsRhythmInsideTheBand) {
  // A window the probabilities call mimicked is `shaking` when its strongest rhythm lies below
  // mimicked_min_rhythm_hz (the band then holds only harmonics); exactly at it the probabilities decide.
  // Tremor, shaking, rest and voluntary are not gated by the rhythm, and the floor still comes first.
  const DecisionConfig d;  // guard at 4 Hz
  auto dec = [&](double pr, double pv, double pt, double pm, double amp, double hz) {
    return tremorlab::decide(pr, pv, pt, pm, amp, hz, d);
  };
  EXPECT_EQ(dec(0.0, 0.05, 0.0, 0.95, 1.0, 4.0), M::mimicked);
  EXPECT_EQ(dec(0.0, 0.05, 0.0, 0.95, 1.0, below(4.0)), M::shaking);
  EXPECT_EQ(dec(0.0, 0.05, 0.0, 0.95, 1.0, 0.5), M::shaking);
  EXPECT_EQ(dec(0.0, 0.05, 0.0, 0.95, 1.0, tremorlab::rhythm_unknown), M::mimicked);
  EXPECT_EQ(dec(0.0, 0.05, 0.0, 0.95, 1.0, std::nan("")), M::shaking);  // a NaN rhythm accuses no one
  EXPECT_EQ(dec(0.1, 0.0, 0.9, 0.0, 1.0, 3.5), M::tremor);              // a 3.5 Hz tremor stays tremor
  EXPECT_EQ(dec(0.05, 0.0, 0.45, 0.5, 1.0, 3.5), M::shaking);
  EXPECT_EQ(dec(0.0, 0.05, 0.0, 0.95, 0.1, 3.5), M::voluntary);         // below the still-hand floor
  EXPECT_EQ(dec(0.5, 0.1, 0.2, 0.2, 1.0, 3.5), M::rest);
  // The form without a rhythm is the rule unguarded; 0 switches the guard off.
  EXPECT_EQ(tremorlab::decide(0.0, 0.05, 0.0, 0.95, 1.0, d), M::mimicked);
  DecisionConfig off;
  off.mimicked_min_rhythm_hz = 0.0;
  EXPECT_EQ(tremorlab::decide(0.0, 0.05, 0.0, 0.95, 1.0, 0.5, off), M::mimicked);
  // Vectorised: one rhythm per row, none negative or NaN; without rhythms the rows are unguarded.
  const std::vector<double> p = {0.0, 0.05, 0.0, 0.95, 0.0, 0.05, 0.0, 0.95, 0.1, 0.0, 0.9, 0.0};
  const std::vector<double> amp = {1.0, 1.0, 1.0}, hz = {6.0, 3.0, 3.0};
  std::vector<M> out(3);
  tremorlab::decide(p, amp, hz, out, d);
  EXPECT_EQ(out, (std::vector<M>{M::mimicked, M::shaking, M::tremor}));
  tremorlab::decide(p, amp, {}, out, d);
  EXPECT_EQ(out, (std::vector<M>{M::mimicked, M::mimicked, M::tremor}));
  EXPECT_THROW(tremorlab::decide(p, amp, std::vector<double>{6.0, 3.0}, out, d), tremorlab::InvalidArgument);
  EXPECT_THROW(tremorlab::decide(p, amp, std::vector<double>{6.0, -1.0, 3.0}, out, d), tremorlab::InvalidArgument);
  EXPECT_THROW(tremorlab::decide(p, amp, std::vector<double>{6.0, std::nan(""), 3.0}, out, d),
               tremorlab::InvalidArgument);
  expect_refused(&DecisionConfig::mimicked_min_rhythm_hz, "mimicked_min_rhythm_hz",
                 {-0.5, 100.5, std::nan(""), std::numeric_limits<double>::infinity()});
}

TEST(Decision, FieldTableNamesEveryField) {
  DecisionConfig c;
  double v = 0.5;
  for (const auto& [name, member] : tremorlab::decision_fields) c.*member = (v += 0.125);
  EXPECT_EQ(c.mimicked_min_p, 0.625);
  EXPECT_EQ(c.mimicked_min_share, 0.75);
  EXPECT_EQ(c.tremor_min_share, 0.875);
  EXPECT_EQ(c.min_amplitude, 1.0);
  EXPECT_EQ(c.mimicked_min_rhythm_hz, 1.125);
  EXPECT_EQ(c.tremor_max_turn_deg_s, 1.25);
  EXPECT_EQ(c.mimicked_min_band_share, 1.375);
  EXPECT_EQ(c.mimicked_max_amplitude, 1.5);
  EXPECT_EQ(tremorlab::decision_field_names(),
            "mimicked_min_p, mimicked_min_share, tremor_min_share, min_amplitude, mimicked_min_rhythm_hz, "
            "tremor_max_turn_deg_s, mimicked_min_band_share, mimicked_max_amplitude");
}

TEST(Decision, NoWindowLargerThanAnyImitationIsMimicked) {
  // Above mimicked_max_amplitude (band-passed RMS, m/s^2) a mimicked-led window is `shaking`; at it, below it or
  // with the amplitude unknown the probabilities decide. Tremor is not gated; 1e9 switches the guard off.
  const DecisionConfig d;
  auto dec = [&](double pt, double pm, double amp, const DecisionConfig& c) {
    return tremorlab::decide(0.0, 1.0 - pt - pm, pt, pm, amp, 6.0, tremorlab::turn_unknown, 0.9, c);
  };
  EXPECT_EQ(dec(0.0, 0.95, 8.5, d), M::mimicked);
  EXPECT_EQ(dec(0.0, 0.95, std::nextafter(8.5, 9.0), d), M::shaking);
  EXPECT_EQ(dec(0.0, 0.95, std::nextafter(8.5, 8.0), d), M::mimicked);
  EXPECT_EQ(dec(0.0, 0.95, 30.0, d), M::shaking);
  EXPECT_EQ(dec(0.0, 0.95, tremorlab::amplitude_unknown, d), M::mimicked);
  EXPECT_EQ(dec(0.95, 0.0, 30.0, d), M::tremor);
  EXPECT_EQ(tremorlab::decide(0.0, 0.05, 0.0, 0.95, tremorlab::amplitude_unknown, d), M::mimicked);
  DecisionConfig off;
  off.mimicked_max_amplitude = 1e9;
  EXPECT_EQ(dec(0.0, 0.95, 30.0, off), M::mimicked);
  // Vectorised: one amplitude per row.
  const std::vector<double> p{0.0, 0.05, 0.0, 0.95, 0.0, 0.05, 0.0, 0.95}, amp{8.0, 9.0}, hz{6.0, 6.0};
  std::vector<M> out(2);
  tremorlab::decide(p, amp, hz, {}, {}, out, d);
  EXPECT_EQ(out, (std::vector<M>{M::mimicked, M::shaking}));
  expect_refused(&DecisionConfig::mimicked_max_amplitude, "mimicked_max_amplitude",
                 {0.0, -1.0, 1.1e9, std::nan(""), std::numeric_limits<double>::infinity()});
}

TEST(Decision, MimickedNeedsTheOscillationToBeTheMovement) {
  // A mimicked-led window whose band holds less than mimicked_min_band_share of its movement power is
  // `shaking` (a rhythm riding on another movement may be a kinetic tremor); at the share, or with the share
  // unknown (NaN), the probabilities decide. Tremor is not gated; 0 switches the guard off.
  const DecisionConfig d;
  auto dec = [&](double pt, double pm, double share, const DecisionConfig& c) {
    return tremorlab::decide(0.0, 1.0 - pt - pm, pt, pm, 1.0, 6.0, tremorlab::turn_unknown, share, c);
  };
  EXPECT_EQ(dec(0.0, 0.95, 0.8, d), M::mimicked);
  EXPECT_EQ(dec(0.0, 0.95, std::nextafter(0.8, 0.0), d), M::shaking);
  EXPECT_EQ(dec(0.0, 0.95, 0.1, d), M::shaking);
  EXPECT_EQ(dec(0.0, 0.95, tremorlab::band_share_unknown, d), M::mimicked);
  EXPECT_EQ(dec(0.9, 0.0, 0.1, d), M::tremor);
  DecisionConfig off;
  off.mimicked_min_band_share = 0.0;
  EXPECT_EQ(dec(0.0, 0.95, 0.1, off), M::mimicked);
  // The forms without a band share are unguarded; vectorised: one share per row, in [0, 1] or NaN.
  EXPECT_EQ(tremorlab::decide(0.0, 0.05, 0.0, 0.95, 1.0, 6.0, tremorlab::turn_unknown, d), M::mimicked);
  const std::vector<double> p{0.0, 0.05, 0.0, 0.95, 0.0, 0.05, 0.0, 0.95}, amp{1.0, 1.0}, hz{6.0, 6.0};
  std::vector<double> share{0.9, 0.5};
  std::vector<M> out(2);
  tremorlab::decide(p, amp, hz, {}, share, out, d);
  EXPECT_EQ(out, (std::vector<M>{M::mimicked, M::shaking}));
  for (double bad : {-0.1, 1.1}) {
    share[1] = bad;
    EXPECT_THROW(tremorlab::decide(p, amp, hz, {}, share, out, d), tremorlab::InvalidArgument);
  }
  const std::vector<double> one{0.5};
  EXPECT_THROW(tremorlab::decide(p, amp, hz, {}, one, out, d), tremorlab::InvalidArgument);
  expect_refused(&DecisionConfig::mimicked_min_band_share, "mimicked_min_band_share",
                 {-0.01, 1.01, std::nan(""), std::numeric_limits<double>::infinity()});
}

TEST(Decision, MinAmplitudeIsValidatedInMetresPerSecondSquared) {
  DecisionConfig c;
  c.min_amplitude = 5.0;  // above 1: not a probability, still valid
  EXPECT_NO_THROW(c.validate());
  expect_refused(&DecisionConfig::min_amplitude, "min_amplitude",
                 {-0.01, 1001.0, std::nan(""), std::numeric_limits<double>::infinity()});
}

}  // namespace
