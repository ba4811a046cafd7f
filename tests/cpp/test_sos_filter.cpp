#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "filter_test_util.hpp"
#include "tremorlab/filter_design.hpp"
#include "tremorlab/sos_filter.hpp"

using namespace tremorlab;

namespace {
std::vector<double> randn(std::size_t n, unsigned seed) {
  std::mt19937 g(seed);
  std::normal_distribution<double> d;
  std::vector<double> v(n);
  for (auto& x : v) x = d(g);
  return v;
}
std::vector<double> filter_one(const Sos& sos, const std::vector<double>& x) {
  SosFilter<double> f(sos, 1);
  std::vector<double> y(x.size());
  f.process(x, y);
  return y;
}
}  // namespace

TEST(SosFilter, MatchesScipyGoldenOutputs) {
  const auto g = filter_test::load_golden();
  const std::vector<double> x = g["x"].get<std::vector<double>>();
  for (const auto& c : g["cases"]) {
    SCOPED_TRACE(::testing::Message() << c["btype"] << " order " << c["order"]);
    const Sos sos = filter_test::sos_from_json(c["sos"]);
    const auto ref = c["sosfilt"].get<std::vector<double>>();
    const auto y = filter_one(sos, x);
    EXPECT_LE(filter_test::max_abs_diff(y, ref), 1e-9 * filter_test::rms(ref));
    // Our own design filtered: same answer within the same tolerance.
    const auto y2 = filter_one(filter_test::design(c), x);
    EXPECT_LE(filter_test::max_abs_diff(y2, ref), 1e-9 * filter_test::rms(ref));

    const auto ffref = c["sosfiltfilt"].get<std::vector<double>>();
    const auto ff = sosfiltfilt(sos, x);
    EXPECT_LE(filter_test::max_abs_diff(ff, ffref), 1e-9 * filter_test::rms(ffref));

    const auto zi = sosfilt_zi(sos);
    const auto& zref = c["sosfilt_zi"];
    ASSERT_EQ(zi.size(), 2 * zref.size());
    for (std::size_t s = 0; s < zref.size(); ++s)
      for (int k = 0; k < 2; ++k) EXPECT_NEAR(zi[2 * s + std::size_t(k)], zref[s][k].get<double>(), 1e-10);
  }
}

TEST(SosFilter, MatchesLongDoubleDirectFormReference) {
  const Sos designs[] = {butter(4, {4.0, 12.0}, BandType::bandpass, 100.0), butter(8, 0.1, BandType::lowpass),
                         butter(5, 30.0, BandType::highpass, 200.0), butter(6, {0.2, 0.3}, BandType::bandstop)};
  const auto x = randn(3000, 7);
  for (const auto& sos : designs) {
    const auto ref = filter_test::reference_filter(sos, x);
    const auto y = filter_one(sos, x);
    EXPECT_LE(filter_test::max_abs_diff(y, ref), 1e-9 * filter_test::rms(ref));
  }
}

TEST(SosFilter, ChannelsAreIndependentAndBitIdenticalToSingleChannel) {
  // 1..9 channels exercise every lane grouping (4-lane, 2-lane, scalar) and both layouts.
  const Sos sos = butter(5, {3.0, 15.0}, BandType::bandpass, 100.0);
  const std::size_t n = 777;
  for (std::size_t C = 1; C <= 9; ++C) {
    std::vector<std::vector<double>> ch(C), ref(C);
    for (std::size_t c = 0; c < C; ++c) ch[c] = randn(n, unsigned(100 + c)), ref[c] = filter_one(sos, ch[c]);
    std::vector<double> inter(n * C), planar(n * C);
    for (std::size_t c = 0; c < C; ++c)
      for (std::size_t i = 0; i < n; ++i) inter[i * C + c] = planar[c * n + i] = ch[c][i];
    SosFilter<double> fi(sos, C), fp(sos, C);
    std::vector<double> yi(n * C), yp(n * C);
    fi.process(inter, yi, Layout::interleaved);
    fp.process(planar, yp, Layout::planar);
    for (std::size_t c = 0; c < C; ++c)
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(yi[i * C + c], ref[c][i]) << "C=" << C << " c=" << c << " i=" << i;
        ASSERT_EQ(yp[c * n + i], ref[c][i]) << "C=" << C << " c=" << c << " i=" << i;
      }
    EXPECT_EQ(0, std::memcmp(fi.state().data(), fp.state().data(), fi.state().size() * sizeof(double)));
  }
}

TEST(SosFilter, InPlaceProcessing) {
  const Sos sos = butter(3, 0.2, BandType::lowpass);
  auto x = randn(500, 3);
  const auto ref = filter_one(sos, x);
  SosFilter<double> f(sos, 1);
  f.process(x, x);
  EXPECT_EQ(x, ref);
}

TEST(SosFilter, Float32CloseToDouble) {
  const Sos sos = butter(4, {4.0, 12.0}, BandType::bandpass, 100.0);
  const auto x = randn(5000, 11);
  const auto ref = filter_one(sos, x);
  for (std::size_t C : {1u, 2u, 3u, 4u, 5u}) {
    std::vector<float> xf(x.size() * C), yf(x.size() * C);
    for (std::size_t i = 0; i < x.size(); ++i)
      for (std::size_t c = 0; c < C; ++c) xf[i * C + c] = float(x[i]);
    SosFilter<float> f(sos, C);
    f.process(xf, yf);
    double err = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
      for (std::size_t c = 0; c < C; ++c) err = std::max(err, std::abs(double(yf[i * C + c]) - ref[i]));
    EXPECT_LT(err, 1e-4 * filter_test::rms(ref)) << "C=" << C;
    EXPECT_GT(err, 0.0);  // really float arithmetic, not a double path in disguise
  }
}

TEST(SosFilter, SosfiltZiGivesSteadyStepResponse) {
  const Sos sos = butter(6, 0.25, BandType::lowpass);
  const auto zi = sosfilt_zi(sos);
  SosFilter<double> f(sos, 1);
  auto st = f.state();
  for (std::size_t i = 0; i < st.size(); ++i) st[i] = zi[i];
  std::vector<double> x(100, 1.0), y(100);
  f.process(x, y);
  for (double v : y) EXPECT_NEAR(v, 1.0, 1e-12);
}

TEST(SosFilter, SosfiltfiltPadTypesAndErrors) {
  const Sos sos = butter(4, {4.0, 12.0}, BandType::bandpass, 100.0);
  const auto x = randn(200, 5);
  // padlen default 3 * (2 * 4 + 1 - 0) = 27 (band-pass b2 != 0): 27 samples too short, 28 ok.
  EXPECT_THROW(sosfiltfilt(sos, std::span<const double>(x.data(), 27)), InvalidInput);
  EXPECT_NO_THROW(sosfiltfilt(sos, std::span<const double>(x.data(), 28)));
  EXPECT_THROW(sosfiltfilt(sos, x, PadType::odd, 200), InvalidInput);
  EXPECT_NO_THROW(sosfiltfilt(sos, x, PadType::none));
  // Zero-phase: a sinusoid in the pass band keeps its phase.
  std::vector<double> s(1000);
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = std::sin(2 * M_PI * 8.0 * double(i) / 100.0);
  for (PadType p : {PadType::odd, PadType::even, PadType::constant}) {
    const auto y = sosfiltfilt(sos, s, p);
    for (std::size_t i = 300; i < 700; ++i) EXPECT_NEAR(y[i], s[i], 2e-3);
  }
  std::vector<double> bad = x;
  bad[10] = std::nan("");
  EXPECT_THROW(sosfiltfilt(sos, bad), InvalidInput);
}

TEST(SosFilter, ConstructorValidates) {
  const Sos ok = butter(4, 0.3, BandType::lowpass);  // 2 sections
  ASSERT_EQ(ok.size(), 2u);
  EXPECT_THROW(SosFilter<double>(Sos{}, 1), InvalidArgument);
  EXPECT_THROW(SosFilter<double>(ok, 0), InvalidArgument);
  Sos bad = ok;
  bad[0].a0 = 0.0;
  EXPECT_THROW(SosFilter<double>(bad, 1), InvalidArgument);
  bad = ok;
  bad[1].b1 = std::nan("");
  EXPECT_THROW(SosFilter<float>(bad, 1), InvalidArgument);
  bad = ok;
  bad[0].a2 = INFINITY;
  EXPECT_THROW(SosFilter<double>(bad, 2), InvalidArgument);
}

TEST(SosFilter, NonUnitA0IsNormalised) {
  const Sos sos = butter(3, {0.1, 0.4}, BandType::bandpass);
  Sos scaled = sos;
  for (auto& s : scaled) s = {2 * s.b0, 2 * s.b1, 2 * s.b2, 2 * s.a0, 2 * s.a1, 2 * s.a2};
  const auto x = randn(300, 9);
  const auto a = filter_one(sos, x), b = filter_one(scaled, x);
  EXPECT_LE(filter_test::max_abs_diff(a, b), 1e-12 * filter_test::rms(a));
}

TEST(SosFilter, PoleAtOneHasNoSteadyState) {
  // An integrator y[n] = y[n-1] + x[n]: scipy's sosfilt_zi raises (singular matrix), so does ours, and so
  // does sosfiltfilt, which needs it. A stream through it is still valid (its state starts at zero).
  const Sos integrator{Section{1, 0, 0, 1, -1, 0}};
  EXPECT_THROW(sosfilt_zi(integrator), InvalidArgument);
  const std::vector<double> x(50, 1.0);
  EXPECT_THROW(sosfiltfilt(integrator, x), InvalidArgument);
  SosFilter<double> f(integrator, 1);
  const std::vector<double> frame{2.0};
  f.init_steady_state(frame);
  std::vector<double> y(4);
  f.process(std::span<const double>(x.data(), 4), y);
  EXPECT_EQ(y, (std::vector<double>{1, 2, 3, 4}));
}
