#include <gtest/gtest.h>

#include <cmath>
#include <complex>

#include "filter_test_util.hpp"
#include "tremorlab/filter_design.hpp"

using namespace tremorlab;
using filter_test::response;

// Bit-for-bit, not approximately: zpk2sos pairs by comparing distances and |p|, so for a band symmetric
// about fs/4 (golden case (8, [0.25, 0.75])) the last ulp decides the pairing, and 16th-order band-stops
// with an edge near 0 turn a 1-ulp coefficient change into ~1e-9 of the output. sos_design.hpp replays
// numpy's complex arithmetic to get identical sections (golden made with numpy's FMA dispatch on glibc).
TEST(FilterDesign, MatchesScipyGoldenSectionsBitForBit) {
  const auto g = filter_test::load_golden();
  ASSERT_GE(g["cases"].size(), 19u);
  for (const auto& c : g["cases"]) {
    const Sos ref = filter_test::sos_from_json(c["sos"]);
    const Sos got = filter_test::design(c);
    ASSERT_EQ(got.size(), ref.size()) << c["btype"] << " order " << c["order"];
    for (std::size_t i = 0; i < ref.size(); ++i) {
      const double r[6] = {ref[i].b0, ref[i].b1, ref[i].b2, ref[i].a0, ref[i].a1, ref[i].a2};
      const double o[6] = {got[i].b0, got[i].b1, got[i].b2, got[i].a0, got[i].a1, got[i].a2};
      for (int k = 0; k < 6; ++k)
        EXPECT_EQ(o[k], r[k]) << c["btype"] << " order " << c["order"] << " wn " << c["wn"] << " section " << i
                              << " coef " << k;
    }
  }
}

TEST(FilterDesign, ResponseMatchesScipyGolden) {
  const auto g = filter_test::load_golden();
  for (const auto& c : g["cases"]) {
    const Sos ref = filter_test::sos_from_json(c["sos"]);
    const Sos got = filter_test::design(c);
    const double fs = c["fs"];
    for (int i = 1; i < 200; ++i) {
      const double f = fs / 2 * i / 200.0;
      EXPECT_NEAR(std::abs(response(got, f, fs) - response(ref, f, fs)), 0.0, 1e-9);
    }
  }
}

struct Case {
  int order;
  double lo, hi;
  BandType type;
  double fs;
};

TEST(FilterDesign, AnalyticDcGainAndCutoffs) {
  const Case cases[] = {{1, 5, 0, BandType::lowpass, 100},     {4, 10, 0, BandType::lowpass, 100},
                        {12, 0.3, 0, BandType::lowpass, 2},    {2, 1, 0, BandType::highpass, 50},
                        {7, 40, 0, BandType::highpass, 1000},  {4, 4, 12, BandType::bandpass, 100},
                        {12, 4, 12, BandType::bandpass, 100},  {3, 0.1, 0.9, BandType::bandpass, 2},
                        {2, 45, 55, BandType::bandstop, 200},  {9, 10, 30, BandType::bandstop, 100}};
  for (const auto& c : cases) {
    SCOPED_TRACE(::testing::Message() << "order " << c.order << " type " << int(c.type));
    const bool two = c.type == BandType::bandpass || c.type == BandType::bandstop;
    const Sos sos = two ? butter(c.order, {c.lo, c.hi}, c.type, c.fs) : butter(c.order, c.lo, c.type, c.fs);
    EXPECT_EQ(sos.size(), two ? std::size_t(c.order) : std::size_t((c.order + 1) / 2));
    const double dc = std::abs(response(sos, 0.0, c.fs));
    if (c.type == BandType::lowpass || c.type == BandType::bandstop)
      EXPECT_NEAR(dc, 1.0, 1e-9);
    else
      EXPECT_NEAR(dc, 0.0, 1e-9);
    // Butterworth: |H|^2 = 1/2 at every cut-off.
    EXPECT_NEAR(std::norm(response(sos, c.lo, c.fs)), 0.5, 1e-9);
    if (two) EXPECT_NEAR(std::norm(response(sos, c.hi, c.fs)), 0.5, 1e-9);
    if (c.type == BandType::bandpass) {
      // Peak gain 1 at the geometric centre of the pre-warped band.
      const double w0 = std::tan(M_PI * c.lo / c.fs), w1 = std::tan(M_PI * c.hi / c.fs);
      const double fc = std::atan(std::sqrt(w0 * w1)) * c.fs / M_PI;
      EXPECT_NEAR(std::abs(response(sos, fc, c.fs)), 1.0, 1e-9);
    }
    for (const auto& s : sos) {
      EXPECT_EQ(s.a0, 1.0);
      // Poles of 1 + a1 z^-1 + a2 z^-2: roots of z^2 + a1 z + a2.
      const std::complex<double> disc = std::sqrt(std::complex<double>(s.a1 * s.a1 - 4 * s.a2));
      EXPECT_LT(std::abs((-s.a1 + disc) / 2.0), 1.0);
      EXPECT_LT(std::abs((-s.a1 - disc) / 2.0), 1.0);
    }
  }
}

TEST(FilterDesign, ParseBandTypeAliases) {
  EXPECT_EQ(parse_band_type("low"), BandType::lowpass);
  EXPECT_EQ(parse_band_type("LP"), BandType::lowpass);
  EXPECT_EQ(parse_band_type("highpass"), BandType::highpass);
  EXPECT_EQ(parse_band_type("band"), BandType::bandpass);
  EXPECT_EQ(parse_band_type("pass"), BandType::bandpass);
  EXPECT_EQ(parse_band_type("stop"), BandType::bandstop);
  EXPECT_EQ(parse_band_type("bs"), BandType::bandstop);
  EXPECT_THROW(parse_band_type("notch"), InvalidArgument);
  EXPECT_THROW(parse_band_type(""), InvalidArgument);
  EXPECT_THROW(parse_band_type(nullptr), InvalidArgument);
}

TEST(FilterDesign, InvalidDesignsThrow) {
  const double nan = std::nan(""), inf = INFINITY;
  EXPECT_THROW(butter(0, 10.0, BandType::lowpass, 100), InvalidArgument);
  EXPECT_THROW(butter(13, 10.0, BandType::lowpass, 100), InvalidArgument);
  EXPECT_THROW(butter(-1, 10.0, BandType::lowpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, 0.0, BandType::lowpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, -1.0, BandType::highpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, 50.0, BandType::lowpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, 60.0, BandType::lowpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, nan, BandType::lowpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, inf, BandType::lowpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, 10.0, BandType::lowpass, nan), InvalidArgument);
  EXPECT_THROW(butter(4, 10.0, BandType::lowpass, 0.0), InvalidArgument);
  EXPECT_THROW(butter(4, 10.0, BandType::lowpass, -100.0), InvalidArgument);
  EXPECT_THROW(butter(4, 10.0, BandType::bandpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, {4.0, 12.0}, BandType::lowpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, {12.0, 4.0}, BandType::bandpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, {4.0, 4.0}, BandType::bandstop, 100), InvalidArgument);
  EXPECT_THROW(butter(4, {0.0, 4.0}, BandType::bandpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, {4.0, 50.0}, BandType::bandpass, 100), InvalidArgument);
  EXPECT_THROW(butter(4, {nan, 12.0}, BandType::bandpass, 100), InvalidArgument);
  // Every tremorlab error is catchable as the common base.
  EXPECT_THROW(butter(0, 10.0, BandType::lowpass, 100), Error);
}

TEST(FilterDesign, ZpkAndTransferFunctionClosedForms) {
  // Analog prototype at 1 rad/s: |p| = 1 for every pole, gain 1; order 2: a = s^2 + sqrt(2) s + 1.
  const double one = 1.0;
  const auto f = detail::butter_zpk(2, std::span<const double>(&one, 1), BandType::lowpass, true);
  ASSERT_EQ(f.p.size(), 2u);
  EXPECT_TRUE(f.z.empty());
  for (const auto& p : f.p) EXPECT_NEAR(std::abs(p), 1.0, 1e-15);
  const auto tf = detail::zpk2tf(f);
  ASSERT_EQ(tf.a.size(), 3u);
  EXPECT_NEAR(tf.a[1], std::sqrt(2.0), 1e-15);
  EXPECT_NEAR(tf.a[2], 1.0, 1e-15);
  ASSERT_EQ(tf.b.size(), 1u);
  EXPECT_NEAR(tf.b[0], 1.0, 1e-15);
  // Order 0 is a pass-through, as in scipy; a digital first-order low-pass at 0.5 (fs = 2): bilinear of
  // s = -tan(pi/4) * 2 * 2 ... gives b = [0.5, 0.5], a = [1, 0] (pole at z = 0, zero at z = -1).
  const double half = 0.5;
  const auto f0 = detail::butter_zpk(0, std::span<const double>(&half, 1), BandType::lowpass, false);
  EXPECT_TRUE(f0.z.empty() && f0.p.empty());
  EXPECT_EQ(f0.k, 1.0);
  const auto t1 = detail::zpk2tf(detail::butter_zpk(1, std::span<const double>(&half, 1), BandType::lowpass, false));
  ASSERT_EQ(t1.b.size(), 2u);
  EXPECT_NEAR(t1.b[0], 0.5, 1e-15);
  EXPECT_NEAR(t1.b[1], 0.5, 1e-15);
  EXPECT_NEAR(t1.a[1], 0.0, 1e-15);
  // Refusals as scipy's iirfilter: edge <= 0, digital edge >= Nyquist, negative order.
  const double bad[] = {0.0, 1.0};
  EXPECT_THROW(detail::butter_zpk(2, std::span<const double>(bad, 1), BandType::lowpass, true), InvalidArgument);
  EXPECT_THROW(detail::butter_zpk(2, std::span<const double>(bad + 1, 1), BandType::lowpass, false), InvalidArgument);
  EXPECT_THROW(detail::butter_zpk(-1, std::span<const double>(&half, 1), BandType::lowpass, false), InvalidArgument);
}
