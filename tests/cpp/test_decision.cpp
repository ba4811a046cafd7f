// The window decision (decision.hpp): hand-computed probability vectors at, just below and just above each
// threshold, the branch order, label names, and DecisionConfig validation. Thresholds in the boundary tests
// are dyadic fractions so "at the threshold" is exact in binary floating point.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <tremorlab/decision.hpp>

namespace {
using tremorlab::decide;
using tremorlab::DecisionConfig;
using M = tremorlab::MovementClass;

double below(double v) { return std::nextafter(v, 0.0); }
double above(double v) { return std::nextafter(v, 1.0); }

TEST(Decision, FallbackDefaultsAreTheContractValues) {
  const DecisionConfig d;
  EXPECT_EQ(d.mimicked_min_p, 0.8);
  EXPECT_EQ(d.mimicked_min_share, 0.85);
  EXPECT_EQ(d.tremor_min_share, 0.5);
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
  EXPECT_TRUE(tremorlab::is_shaking(M::shaking));
  EXPECT_TRUE(tremorlab::is_shaking(M::mimicked));
  EXPECT_FALSE(tremorlab::is_shaking(M::voluntary));
}

TEST(Decision, VectorisedFormIsTheScalarRuleRowByRow) {
  const DecisionConfig d{0.75, 0.875, 0.625};
  const std::vector<double> p = {0.5, 0.1, 0.2, 0.2,   0.0, 0.0, 0.125, 0.875,  0.0, 0.0, 0.625, 0.375,
                                 0.25, 0.125, 0.375, 0.25,  0.1, 0.5, 0.2, 0.2};
  std::vector<M> out(5, M::shaking);
  decide(p, out, d);
  EXPECT_EQ(out, (std::vector<M>{M::rest, M::mimicked, M::tremor, M::shaking, M::voluntary}));
  for (std::size_t r = 0; r < out.size(); ++r)
    EXPECT_EQ(out[r], decide(p[4 * r], p[4 * r + 1], p[4 * r + 2], p[4 * r + 3], d));
  std::vector<M> short_out(4);
  EXPECT_THROW(decide(p, short_out, d), tremorlab::InvalidArgument);
  const std::vector<double> ragged(7, 0.1);
  EXPECT_THROW(decide(ragged, out, d), tremorlab::InvalidArgument);
}

TEST(Decision, FieldTableNamesEveryField) {
  DecisionConfig c;
  double v = 0.5;
  for (const auto& [name, member] : tremorlab::decision_fields) c.*member = (v += 0.125);
  EXPECT_EQ(c.mimicked_min_p, 0.625);
  EXPECT_EQ(c.mimicked_min_share, 0.75);
  EXPECT_EQ(c.tremor_min_share, 0.875);
  EXPECT_EQ(tremorlab::decision_field_names(), "mimicked_min_p, mimicked_min_share, tremor_min_share");
}

}  // namespace
