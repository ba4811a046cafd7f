// The opt-in multi-threaded paths (sosfilt/sosfiltfilt workers, batch_features workers) against their
// single-thread results. Kept apart from the other tests because scripts/test.sh also builds this file under
// ThreadSanitizer (TREMORLAB_SANITIZE_THREAD), which the tests with a counting global operator new cannot use.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <span>
#include <vector>

#include "tremorlab/batch.hpp"
#include "tremorlab/detail/sos_batch.hpp"
#include "tremorlab/filter_design.hpp"
#include "tremorlab/sos_filter.hpp"

namespace {
using namespace tremorlab;

std::vector<double> noise(std::size_t n, unsigned seed) {
  std::mt19937 g(seed);
  std::normal_distribution<double> d;
  std::vector<double> v(n);
  for (auto& x : v) x = d(g) + 1.0;
  return v;
}

double max_rel(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0, s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    m = std::max(m, std::abs(a[i] - b[i]));
    s += b[i] * b[i];
  }
  return m / std::sqrt(s / double(b.size()));
}

TEST(Threads, SosfiltPartsAgreeWithOneThreadInPlaceAndBackward) {
  const Sos sos = butter(4, {4.0, 12.0}, BandType::bandpass, 100.0);
  const auto coef = detail::normalised_coefficients<double>(sos);
  const auto plan = detail::make_batch_plan<double>(coef);
  const std::size_t C = 3, n = 120000;
  const auto x = noise(C * n, 3);
  for (int dir : {1, -1}) {
    std::vector<double> y1(x), s1(coef.size() * C * 2, 0.5);
    double* p1 = dir == 1 ? y1.data() : y1.data() + (n - 1);
    ASSERT_TRUE(detail::sos_batch_parallel<double>(plan, coef, s1.data(), C, p1, p1, n, dir, std::ptrdiff_t(n), 1));
    for (std::size_t workers : {2u, 4u}) {
      std::vector<double> yw(x), sw(coef.size() * C * 2, 0.5);
      double* pw = dir == 1 ? yw.data() : yw.data() + (n - 1);
      ASSERT_TRUE(detail::sos_batch_parallel<double>(plan, coef, sw.data(), C, pw, pw, n, dir, std::ptrdiff_t(n), workers));
      EXPECT_LE(max_rel(yw, y1), 1e-12) << "dir=" << dir << " workers=" << workers;
      EXPECT_LE(max_rel(sw, s1), 1e-12) << "dir=" << dir << " workers=" << workers;
    }
  }
  const auto one = sosfiltfilt(sos, std::span<const double>(x.data(), n));
  const auto two = sosfiltfilt(sos, std::span<const double>(x.data(), n), PadType::odd, -1, 3);
  EXPECT_LE(max_rel(two, one), 1e-12);
}

TEST(Threads, BatchFeaturesWorkersBitForBit) {
  FeatureConfig cfg;
  cfg.fs = 100;
  FeatureExtractor fx(cfg);
  const std::size_t frames = 30000;
  auto acc = noise(3 * frames, 5);
  for (std::size_t i = 0; i < frames; ++i) acc[3 * i] += 2.0 * std::sin(0.377 * double(i));  // 6 Hz at 100 Hz
  const std::size_t nw = count_windows(frames, fx.window_samples(), fx.hop_samples());
  std::vector<double> one(nw * FeatureExtractor::size()), many(one.size());
  batch_features(fx, acc, one, {}, 1);
  batch_features(fx, acc, many, {}, 4);
  EXPECT_EQ(many, one);
  const auto r1 = classify_recording(acc, 100.0, Units::m_per_s2, Classifier::default_model());
  const auto r2 = classify_recording(acc, 100.0, Units::m_per_s2, Classifier::default_model(), 0, 0, {}, 3);
  EXPECT_EQ(r2.proba, r1.proba);
  EXPECT_EQ(r2.labels, r1.labels);
}

}  // namespace
