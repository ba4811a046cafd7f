#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "tremorlab/detail/ring_buffer.hpp"
#include "tremorlab/timestamps.hpp"

using namespace tremorlab;

TEST(Timestamps, ValidateAcceptsIncreasing) {
  std::vector<double> t{0.0, 0.01, 0.02, 0.5};
  EXPECT_NO_THROW(validate_timestamps(t, false, 0));
  EXPECT_NO_THROW(validate_timestamps(t, true, -1.0));
  EXPECT_NO_THROW(validate_timestamps({}, true, 5.0));
}

TEST(Timestamps, ValidateRejectsDecreasingEqualAndNonFinite) {
  std::vector<double> dec{0.0, 0.02, 0.01};
  EXPECT_THROW(validate_timestamps(dec, false, 0), TimestampError);
  std::vector<double> eq{0.0, 0.01, 0.01};
  EXPECT_THROW(validate_timestamps(eq, false, 0), TimestampError);
  std::vector<double> nan{0.0, std::nan(""), 0.02};
  EXPECT_THROW(validate_timestamps(nan, false, 0), TimestampError);
  std::vector<double> inf{0.0, std::numeric_limits<double>::infinity()};
  EXPECT_THROW(validate_timestamps(inf, false, 0), TimestampError);
  // the first value is checked against the previous block
  std::vector<double> ok{1.0, 1.01};
  EXPECT_THROW(validate_timestamps(ok, true, 1.0), TimestampError);
  EXPECT_NO_THROW(validate_timestamps(ok, true, 0.99));
  try {
    validate_timestamps(dec, false, 0);
  } catch (const TimestampError& e) {
    EXPECT_NE(std::string(e.what()).find("index 2"), std::string::npos) << e.what();
  }
  // TimestampError is an InvalidInput is an Error
  EXPECT_THROW(validate_timestamps(dec, false, 0), InvalidInput);
}

TEST(Timestamps, ValidateSamplesNamesFrameAndChannel) {
  std::vector<double> x{1, 2, 3, 4, std::nan(""), 6};
  try {
    validate_samples(x, 3);
    FAIL() << "no throw";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("frame 1, channel 1"), std::string::npos) << e.what();
  }
}

TEST(Timestamps, ConfigValidation) {
  TimestampConfig c;
  EXPECT_NO_THROW(c.validate());
  c.max_gap_s = 0.005;  // shorter than one period at 100 Hz
  EXPECT_THROW(c.validate(), InvalidArgument);
  c = {};
  c.fs = 0;
  EXPECT_THROW(c.validate(), InvalidArgument);
  c = {};
  c.jitter_tolerance = 1.0;
  EXPECT_THROW(c.validate(), InvalidArgument);
}

TEST(Timestamps, TrackerClassifiesSteps) {
  TimestampConfig c;
  c.fs = 100;
  c.jitter_tolerance = 0.2;
  c.max_gap_s = 0.1;
  TimestampTracker tr(c);
  EXPECT_DOUBLE_EQ(tr.next_implied(), 0.0);
  EXPECT_EQ(tr.step(1.0), Step::first);
  EXPECT_DOUBLE_EQ(tr.next_implied(), 1.01);
  EXPECT_EQ(tr.step(1.011), Step::regular);    // 10 % jitter
  EXPECT_EQ(tr.step(1.025), Step::irregular);  // dt 14 ms: 40 %
  EXPECT_EQ(tr.step(1.12), Step::irregular);  // below max_gap: not a gap, but 9.5 periods long
  EXPECT_EQ(tr.step(1.295), Step::gap);
  const auto& s = tr.stats();
  EXPECT_EQ(s.steps, 4u);
  EXPECT_EQ(s.gaps, 1u);
  EXPECT_NEAR(s.gap_time_s, 0.175, 1e-9);
  EXPECT_NEAR(s.max_abs_jitter_s, 0.085, 1e-9);
  tr.reset();
  EXPECT_FALSE(tr.has_last());
  EXPECT_EQ(tr.stats().steps, 0u);
}

TEST(RingBuffer, MirrorRingGivesContiguousOldestFirst) {
  detail::MirrorRing<double> r(4, 2);
  EXPECT_EQ(r.size(), 0u);
  for (int i = 0; i < 11; ++i) {
    const double f[2] = {double(i), 100.0 + i};
    r.push(f);
    const auto v = r.view();
    const std::size_t n = std::min<std::size_t>(i + 1, 4);
    ASSERT_EQ(v.size(), n * 2);
    for (std::size_t k = 0; k < n; ++k) {
      const double expect = double(i + 1 - n + k);
      EXPECT_EQ(v[2 * k], expect);
      EXPECT_EQ(v[2 * k + 1], 100 + expect);
      EXPECT_EQ(r.frame(k)[0], expect);
    }
  }
  r.clear();
  EXPECT_EQ(r.size(), 0u);
  EXPECT_EQ(r.view().size(), 0u);
  EXPECT_EQ(r.memory_bytes(), 2 * 4 * 2 * sizeof(double));
}

TEST(RingBuffer, BoundedQueueDropsOldestAndCounts) {
  detail::BoundedQueue<int> q(3);
  for (int i = 0; i < 5; ++i) q.push(i);
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.dropped(), 2u);
  int v = -1;
  ASSERT_TRUE(q.pop(v));
  EXPECT_EQ(v, 2);
  ASSERT_TRUE(q.pop(v));
  EXPECT_EQ(v, 3);
  q.push(9);
  ASSERT_TRUE(q.pop(v));
  EXPECT_EQ(v, 4);
  ASSERT_TRUE(q.pop(v));
  EXPECT_EQ(v, 9);
  EXPECT_FALSE(q.pop(v));
}
