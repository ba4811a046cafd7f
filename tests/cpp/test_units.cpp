// The rules written once: unit spellings and gravity (units.hpp), class names (decision.hpp), the gap rule
// (timestamps.hpp find_gaps, the detector's TimestampTracker rule).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "tremorlab/tremorlab.hpp"

using namespace tremorlab;

TEST(Units, EverySpellingThePythonLayerAndBindingsUsedToAccept) {
  for (const char* s : {"m/s^2", "m/s2", "m/s**2", "mps2", "ms2", "m_per_s2", "m s-2", "m s^-2", "ms^-2", "m/s/s",
                        "M/S^2", " m/s^2 ", "m/s\xc2\xb2"})
    EXPECT_EQ(parse_units(s), Units::m_per_s2) << s;
  for (const char* s : {"g", "G", "gs", "g0", "gravity"}) EXPECT_EQ(parse_units(s), Units::g) << s;
  for (const char* s : {"", "m/s", "kg", "mg", "m/s^3", "gg"}) EXPECT_THROW(parse_units(s), InvalidArgument) << s;
  EXPECT_STREQ(to_string(parse_units("ms2")), "m/s^2");
  EXPECT_STREQ(to_string(Units::g), "g");
}

TEST(Units, StandardGravityOnce) {
  EXPECT_EQ(standard_gravity, 9.80665);
  EXPECT_EQ(to_m_per_s2(Units::g), standard_gravity);
  EXPECT_EQ(to_m_per_s2(Units::m_per_s2), 1.0);
}

namespace {
// `frames` frames of gravity `g` along a tilted axis plus a 6 Hz shake of peak `shake` and a 1 Hz sway, at
// 100 Hz: the block means stay near gravity however large the movement.
std::vector<double> with_gravity(std::size_t frames, double g, double shake) {
  std::vector<double> acc;
  const double ux = 0.6, uy = 0.0, uz = 0.8;
  for (std::size_t f = 0; f < frames; ++f) {
    const double t = static_cast<double>(f) / 100.0;
    const double s = shake * std::sin(2 * std::numbers::pi * 6 * t);
    const double w = 0.3 * shake * std::sin(2 * std::numbers::pi * t);
    acc.insert(acc.end(), {g * ux + s, g * uy + w, g * uz - s});
  }
  return acc;
}
}  // namespace

TEST(Units, GravityNormMedianOfBlockMeans) {
  // Closed form: a constant vector (3, 4, 0) has norm 5 in every block; the shake (whole cycles) averages out.
  std::vector<double> c;
  for (int f = 0; f < 1000; ++f) c.insert(c.end(), {3.0, 4.0, 0.0});
  EXPECT_DOUBLE_EQ(gravity_norm_median(c, 200), 5.0);
  EXPECT_NEAR(gravity_norm_median(with_gravity(1000, 9.80665, 20.0), 200), 9.80665, 1e-9);
  // Median, not mean: one block of a jolt (norm 100) among four still ones does not move it.
  for (int f = 0; f < 200; ++f) c[3 * f] = 100.0;
  EXPECT_DOUBLE_EQ(gravity_norm_median(c, 200), 5.0);
  // A short tail (< half a block) is left out; a longer one counts.
  std::vector<double> tail(3 * 250, 0.0);
  for (int f = 200; f < 250; ++f) tail[3 * f + 2] = 7.0;
  EXPECT_DOUBLE_EQ(gravity_norm_median(tail, 200), 0.0);
  EXPECT_DOUBLE_EQ(gravity_norm_median({}, 200), 0.0);
}

TEST(Units, GravityContradictingTheDeclaredUnitsIsRefused) {
  const auto in_g = with_gravity(1000, 1.0, 0.5);            // a sensor reporting g (0.5 g shake)
  const auto in_ms2 = with_gravity(1000, 9.80665, 5.0);      // the same in m/s^2
  EXPECT_NO_THROW(check_units_against_gravity(in_g, 200, Units::g));
  EXPECT_NO_THROW(check_units_against_gravity(in_ms2, 200, Units::m_per_s2));
  EXPECT_THROW(check_units_against_gravity(in_g, 200, Units::m_per_s2), InvalidInput);
  EXPECT_THROW(check_units_against_gravity(in_ms2, 200, Units::g), InvalidInput);
  try {
    check_units_against_gravity(in_g, 200, Units::m_per_s2);
  } catch (const InvalidInput& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("declared in m/s^2 looks like it is in g"), std::string::npos) << m;
    EXPECT_NE(m.find("declare the units as g"), std::string::npos) << m;
  }
  // The 25 % margins: gravity 0.79 or 1.26 declared m/s^2 passes, 0.81 and 1.24 do not.
  for (double g : {0.79, 1.26, 7.8, 12.3})
    EXPECT_NO_THROW(check_units_against_gravity(with_gravity(400, g, 0), 200, Units::m_per_s2)) << g;
  for (double g : {0.81, 1.24})
    EXPECT_THROW(check_units_against_gravity(with_gravity(400, g, 0), 200, Units::m_per_s2), InvalidInput) << g;
  // Raw counts (1024 per g): refused in either unit; 2.9 g still passes (a median that large is odd, not proof).
  for (Units u : {Units::m_per_s2, Units::g})
    EXPECT_THROW(check_units_against_gravity(with_gravity(1000, 1024.0, 50.0), 200, u), InvalidInput);
  EXPECT_NO_THROW(check_units_against_gravity(with_gravity(400, 2.9 * 9.80665, 0), 200, Units::m_per_s2));
  EXPECT_THROW(check_units_against_gravity(with_gravity(400, 3.1 * 9.80665, 0), 200, Units::m_per_s2), InvalidInput);
  // Gravity removed (PADS, linear acceleration): nothing to check, in either unit.
  const auto none = with_gravity(1000, 0.0, 3.0);
  EXPECT_NO_THROW(check_units_against_gravity(none, 200, Units::m_per_s2));
  EXPECT_NO_THROW(check_units_against_gravity(none, 200, Units::g));
  // Batch entry points run it: features and classification of g data declared as m/s^2.
  FeatureConfig cfg;
  FeatureExtractor fx(cfg);
  std::vector<double> out(100 * FeatureExtractor::size());
  EXPECT_THROW(batch_features(fx, in_g, out), InvalidInput);
  EXPECT_THROW(classify_recording(in_g, 100.0, Units::m_per_s2, Classifier::default_model()), InvalidInput);
  EXPECT_NO_THROW(classify_recording(in_g, 100.0, Units::g, Classifier::default_model()));
}

TEST(Labels, TheModelsClassesAreTheFirstLabels) {
  const std::vector<std::string> want{"rest", "voluntary", "tremor", "mimicked"};
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(to_string(all_labels[i]), want[i]);
  EXPECT_EQ(Classifier::default_model().classes(), want);
}

TEST(Timestamps, RateMustMatchTheMedianInterval) {
  // 100 Hz whose clock alternates 14 ms and 6 ms steps (no interval is 10 ms; the median would say 71 Hz),
  // with a 0.5 s hole: the mean of the intervals up to the gap threshold is 0.01 s.
  std::vector<double> t{0.0};
  for (int i = 1; i < 501; ++i) t.push_back(t.back() + (i == 250 ? 0.5 : (i % 2 ? 0.014 : 0.006)));
  EXPECT_NO_THROW(check_rate_against_timestamps(t, 100.0));
  EXPECT_NO_THROW(check_rate_against_timestamps(t, 104.0));  // 4 % off: inside rate_tolerance
  EXPECT_THROW(check_rate_against_timestamps(t, 106.0), InvalidInput);
  EXPECT_THROW(check_rate_against_timestamps(t, 50.0), InvalidInput);
  std::vector<double> ms(t);
  for (double& v : ms) v *= 1000.0;
  try {
    check_rate_against_timestamps(ms, 100.0);
    ADD_FAILURE() << "milliseconds accepted";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("timestamps is longer than 0.2 s (a gap)"),
              std::string::npos) << e.what();
  }
  // Too few, or not increasing: left to validate_timestamps.
  EXPECT_NO_THROW(check_rate_against_timestamps(std::vector<double>{0.0, 10.0}, 100.0));
  EXPECT_NO_THROW(check_rate_against_timestamps(std::vector<double>{0.0, 0.0, 0.0, 0.0}, 100.0));
  EXPECT_EQ(rate_tolerance, 0.05);
}

TEST(Gaps, OneRuleForRecordingsAndTheDetector) {
  // 100 Hz with a 0.16 s hole (no gap: not above 0.2 s) and a 0.3 s hole (a gap), as the detector sees them.
  std::vector<double> t;
  for (int i = 0; i < 100; ++i) t.push_back(i * 0.01);
  for (int i = 0; i < 100; ++i) t.push_back(0.99 + 0.16 + i * 0.01);
  for (int i = 0; i < 100; ++i) t.push_back(t.back() + (i == 0 ? 0.3 : 0.01));
  EXPECT_EQ(find_gaps(t), (std::vector<std::size_t>{199}));
  EXPECT_EQ(find_gaps(t, 0.15), (std::vector<std::size_t>{99, 199}));
  EXPECT_THROW(find_gaps(t, 0.0), InvalidArgument);

  TimestampTracker tr(TimestampConfig{});
  std::vector<std::size_t> seen;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (tr.step(t[i]) == Step::gap) seen.push_back(i - 1);
  EXPECT_EQ(seen, find_gaps(t));
}
