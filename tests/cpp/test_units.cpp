// The rules written once: unit spellings and gravity (units.hpp), class names (decision.hpp), the gap rule
// (timestamps.hpp find_gaps, the detector's TimestampTracker rule).
#include <gtest/gtest.h>

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

TEST(Labels, TheModelsClassesAreTheFirstLabels) {
  const std::vector<std::string> want{"rest", "voluntary", "tremor", "mimicked"};
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(to_string(all_labels[i]), want[i]);
  EXPECT_EQ(Classifier::default_model().classes(), want);
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
