// Time-block batch path (detail/sos_batch.hpp): long inputs against the long-double reference and
// against the serial kernel; lengths around the threshold; state in/out; backward stride; fallbacks;
// the multi-threaded driver (sos_batch_parallel) against the serial kernel.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "filter_test_util.hpp"
#include "tremorlab/detail/sos_batch.hpp"
#include "tremorlab/filter_design.hpp"
#include "tremorlab/sos_filter.hpp"

namespace {
using namespace tremorlab;
using namespace filter_test;

Sos band_pass() { return butter(4, {4.0, 12.0}, BandType::bandpass, 100.0); }

std::vector<double> noise(std::size_t n, unsigned seed) {
  std::mt19937 g(seed);
  std::normal_distribution<double> d;
  std::vector<double> v(n);
  for (auto& x : v) x = d(g) + 3.0;  // offset: the states carry a large DC part
  return v;
}

/// Minimum length that takes the batch path for this plan.
template <class T>
std::size_t threshold(const detail::BatchPlan<T>& p) {
  const std::size_t K = detail::batch_segments<T>();
  return K * std::max<std::size_t>(2 * p.settle, 256);
}

TEST(SosBatch, PlanForButterworthIsUsable) {
  const auto p = detail::make_batch_plan<double>(detail::normalised_coefficients<double>(band_pass()));
  ASSERT_TRUE(p.usable);
  EXPECT_TRUE(p.unit_b2);
  // Slowest pole radius ~0.95: 0.95^n < 1e-20 needs ~900 frames; the bound must not be absurd either.
  EXPECT_GT(p.settle, 500u);
  EXPECT_LT(p.settle, 5000u);
}

TEST(SosBatch, PlanForAKnownLengthIsTheSamePlanOrNone) {
  // The settle search of a plan made for n frames stops where n could no longer use it; whenever the full
  // plan fits n, the limited plan is the same, and filtering with either gives identical outputs.
  const auto coef = detail::normalised_coefficients<double>(band_pass());
  const auto full = detail::make_batch_plan<double>(coef);
  const std::size_t at = threshold(full);
  for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(100), std::size_t(2047), at - 1, at, at + 7, 5 * at}) {
    const auto lim = detail::make_batch_plan<double>(coef, n);
    const bool fits = n > 0 && detail::batch_fits(full, n, detail::batch_segments<double>());
    if (n == 0 || fits) {
      ASSERT_TRUE(lim.usable) << n;
      EXPECT_EQ(lim.settle, full.settle) << n;
    } else {
      EXPECT_FALSE(detail::batch_fits(lim, n, detail::batch_segments<double>())) << n;
    }
    if (n == 0) continue;
    const auto x = noise(n, 11);
    std::vector<double> y1(n), y2(n), s1(coef.size() * 2, 0.0), s2(coef.size() * 2, 0.0);
    detail::sos_batch<double>(full, coef, s1.data(), 1, x.data(), y1.data(), n, 1, std::ptrdiff_t(n));
    detail::sos_batch<double>(lim, coef, s2.data(), 1, x.data(), y2.data(), n, 1, std::ptrdiff_t(n));
    EXPECT_EQ(y1, y2) << n;
    EXPECT_EQ(s1, s2) << n;
  }
}

TEST(SosBatch, MatchesLongDoubleReferenceAcrossLengthsAndChannels) {
  const Sos sos = band_pass();
  const auto coef = detail::normalised_coefficients<double>(sos);
  const auto plan = detail::make_batch_plan<double>(coef);
  const std::size_t n0 = threshold(plan);
  for (std::size_t n : {n0 - 1, n0, n0 + 5, 3 * n0 + 7}) {
    for (std::size_t C : {1u, 3u, 9u}) {
      std::vector<double> x(C * n), y(C * n);
      for (std::size_t c = 0; c < C; ++c) {
        const auto xc = noise(n, unsigned(c + 7 * n));
        std::copy(xc.begin(), xc.end(), x.begin() + long(c * n));
      }
      std::vector<double> st(coef.size() * C * 2, 0.0);
      ASSERT_TRUE(detail::sos_batch<double>(plan, coef, st.data(), C, x.data(), y.data(), n, 1, std::ptrdiff_t(n)));
      for (std::size_t c = 0; c < C; ++c) {
        const std::vector<double> xc(x.begin() + long(c * n), x.begin() + long((c + 1) * n));
        const std::vector<double> yc(y.begin() + long(c * n), y.begin() + long((c + 1) * n));
        const auto ref = reference_filter(sos, xc);
        EXPECT_LE(max_abs_diff(yc, ref) / rms(ref), 1e-12) << "n=" << n << " C=" << C << " c=" << c;
      }
    }
  }
}

TEST(SosBatch, LargeOutputAtEveryAlignmentAndInPlace) {
  // Outputs of kStreamBytes or more use streaming stores; sos_batch first filters the few frames that put
  // the rows on a cache line (stream_peel) and cuts whole-line segments. Every start offset within a line
  // (0..7 doubles), rows whose stride is or is not a multiple of a line, and in place: same values as the
  // serial kernel to 1e-12 of the RMS, same final state to 1e-12.
  const Sos sos = band_pass();
  const auto coef = detail::normalised_coefficients<double>(sos);
  const auto plan = detail::make_batch_plan<double>(coef);
  for (std::size_t n : {std::size_t(200000), std::size_t(200003)}) {
    const std::size_t C = 3;
    ASSERT_GE(C * n * sizeof(double), detail::kStreamBytes);
    std::vector<double> x(C * n);
    for (std::size_t c = 0; c < C; ++c) {
      const auto xc = noise(n, unsigned(31 + c));
      std::copy(xc.begin(), xc.end(), x.begin() + long(c * n));
    }
    std::vector<double> ref(C * n), zref(coef.size() * C * 2, 0.5);
    detail::sos_block<double>(coef.data(), coef.size(), zref.data(), C, x.data(), ref.data(), n, 1, std::ptrdiff_t(n));
    const double scale = rms(ref);
    std::vector<double> buf(C * n + 8);
    for (std::size_t off = 0; off < 8; ++off) {
      for (bool in_place : {false, true}) {
        double* y = buf.data() + off;
        if (in_place) std::copy(x.begin(), x.end(), y);
        std::vector<double> z(coef.size() * C * 2, 0.5);
        ASSERT_TRUE(detail::sos_batch<double>(plan, coef, z.data(), C, in_place ? y : x.data(), y, n, 1,
                                              std::ptrdiff_t(n)));
        double worst = 0;
        for (std::size_t i = 0; i < C * n; ++i) worst = std::max(worst, std::abs(y[i] - ref[i]));
        EXPECT_LE(worst / scale, 1e-12) << "n=" << n << " off=" << off << " in_place=" << in_place;
        EXPECT_LE(max_abs_diff(z, zref), 1e-12) << "n=" << n << " off=" << off;
      }
    }
  }
}

TEST(SosBatch, StateInOutAndInPlaceAndBackwardStride) {
  const Sos sos = band_pass();
  const auto coef = detail::normalised_coefficients<double>(sos);
  const auto plan = detail::make_batch_plan<double>(coef);
  const std::size_t n = threshold(plan) * 2 + 3, C = 2;
  std::vector<double> x(C * n);
  for (std::size_t c = 0; c < C; ++c) {
    const auto xc = noise(n, unsigned(11 + c));
    std::copy(xc.begin(), xc.end(), x.begin() + long(c * n));
  }
  std::vector<double> st0(coef.size() * C * 2);
  std::mt19937 g(5);
  std::normal_distribution<double> d;
  for (auto& v : st0) v = d(g);
  // Serial kernel (scipy's rounding) as the reference for both the output and the final state.
  for (int dir : {1, -1}) {
    std::vector<double> ys(x), yb(x), ss(st0), sb(st0);
    double* ps = dir == 1 ? ys.data() : ys.data() + (n - 1);
    double* pb = dir == 1 ? yb.data() : yb.data() + (n - 1);
    detail::sos_block<double>(coef.data(), coef.size(), ss.data(), C, ps, ps, n, dir, std::ptrdiff_t(n));
    ASSERT_TRUE(detail::sos_batch<double>(plan, coef, sb.data(), C, pb, pb, n, dir, std::ptrdiff_t(n)));
    EXPECT_LE(max_abs_diff(ys, yb) / rms(ys), 1e-12) << "dir=" << dir;
    double smax = 0;
    for (double v : ss) smax = std::max(smax, std::abs(v));
    EXPECT_LE(max_abs_diff(ss, sb) / smax, 1e-12) << "dir=" << dir;
  }
}

TEST(SosBatch, FloatMatchesDoubleReference) {
  const Sos sos = band_pass();
  const auto coef = detail::normalised_coefficients<float>(sos);
  const auto plan = detail::make_batch_plan<float>(detail::normalised_coefficients<double>(sos));
  ASSERT_TRUE(plan.usable);
  const std::size_t n = threshold(plan) + 13;
  const auto xd = noise(n, 3);
  std::vector<float> x(xd.begin(), xd.end()), y(n);
  std::vector<float> st(coef.size() * 2, 0.0f);
  ASSERT_TRUE(detail::sos_batch<float>(plan, coef, st.data(), 1, x.data(), y.data(), n, 1, 1));
  const auto ref = reference_filter(sos, std::vector<double>(x.begin(), x.end()));
  EXPECT_LE(max_abs_diff(std::vector<double>(y.begin(), y.end()), ref) / rms(ref), 1e-4);
}

TEST(SosBatch, NonUnitNumeratorAndFallbacks) {
  // Generic numerators (b2/b0 != 1) take the general kernel; a zero b0 cannot be factored -> serial.
  const Sos general = {{0.2, 0.1, -0.05, 1.0, -1.2, 0.5}, {1.0, 0.3, 0.7, 1.0, 0.4, 0.3}};
  const Sos zero_b0 = {{0.0, 0.5, 0.25, 1.0, -0.9, 0.2}};
  const auto pg = detail::make_batch_plan<double>(detail::normalised_coefficients<double>(general));
  ASSERT_TRUE(pg.usable);
  EXPECT_FALSE(pg.unit_b2);
  EXPECT_FALSE(detail::make_batch_plan<double>(detail::normalised_coefficients<double>(zero_b0)).usable);
  // Pole on the unit circle: never settles -> serial.
  const Sos marginal = {{1.0, 0.0, 0.0, 1.0, -1.0, 0.0}};
  EXPECT_FALSE(detail::make_batch_plan<double>(detail::normalised_coefficients<double>(marginal)).usable);
  for (const Sos* s : {&general, &zero_b0}) {
    const auto coef = detail::normalised_coefficients<double>(*s);
    const auto plan = detail::make_batch_plan<double>(coef);
    const std::size_t n = 40000;
    const auto x = noise(n, 9);
    std::vector<double> y(n), st(coef.size() * 2, 0.0);
    ASSERT_TRUE(detail::sos_batch<double>(plan, coef, st.data(), 1, x.data(), y.data(), n, 1, 1));
    const auto ref = reference_filter(*s, x);
    EXPECT_LE(max_abs_diff(y, ref) / rms(ref), 1e-12);
  }
}

TEST(SosBatch, NonFiniteInputIsReported) {
  const auto coef = detail::normalised_coefficients<double>(band_pass());
  const auto plan = detail::make_batch_plan<double>(coef);
  const std::size_t n = threshold(plan) + 1;
  auto x = noise(n, 4);
  x[n / 2] = NAN;
  std::vector<double> y(n), st(coef.size() * 2, 0.0);
  EXPECT_FALSE(detail::sos_batch<double>(plan, coef, st.data(), 1, x.data(), y.data(), n, 1, 1));
}

TEST(SosBatch, NonFiniteInputIsReportedWhereverItIs) {
  // With feedback in every section the lanes' final states carry a NaN/Inf to the end of the call; without
  // (a pure-FIR section last) the outputs are swept. Either way: the first and last frame, each segment's
  // first and last frame, the leftover frames after the last whole segment, a large (streamed) output.
  Sos fir_last = band_pass();
  fir_last.push_back({0.5, 0.25, 0.25, 1.0, 0.0, 0.0});
  for (const Sos& sos : {band_pass(), fir_last}) {
    const auto coef = detail::normalised_coefficients<double>(sos);
    const auto plan = detail::make_batch_plan<double>(coef);
    ASSERT_TRUE(plan.usable);
    EXPECT_EQ(plan.feedback, sos.size() == band_pass().size());
    const std::size_t K = detail::batch_segments<double>();
    for (std::size_t n : {threshold(plan) + 5, std::size_t(600007)}) {
      const std::size_t L = n / K;
      std::vector<std::size_t> where{0, n - 1, n - 3};
      for (std::size_t k = 1; k < K; ++k) {
        where.push_back(k * L - 1);
        where.push_back(k * L);
      }
      const auto clean = noise(n, 5);
      std::vector<double> y(n), st(coef.size() * 2, 0.0);
      ASSERT_TRUE(detail::sos_batch<double>(plan, coef, st.data(), 1, clean.data(), y.data(), n, 1, 1));
      for (std::size_t i : where) {
        for (double bad : {double(NAN), double(INFINITY), -double(INFINITY)}) {
          auto x = clean;
          x[i] = bad;
          std::fill(st.begin(), st.end(), 0.0);
          EXPECT_FALSE(detail::sos_batch<double>(plan, coef, st.data(), 1, x.data(), y.data(), n, 1, 1))
              << "sections=" << sos.size() << " n=" << n << " i=" << i << " bad=" << bad;
        }
      }
    }
  }
}

TEST(SosBatch, SosfiltfiltMatchesReferenceOnLongInput) {
  const Sos sos = band_pass();
  const auto x = noise(50000, 21);
  const auto y = sosfiltfilt(sos, x);
  // Reference: odd extension + long-double forward/backward with scipy's steady-state initial conditions.
  const std::size_t edge = 27, m = x.size() + 2 * edge;
  std::vector<double> e(m);
  for (std::size_t i = 0; i < x.size(); ++i) e[edge + i] = x[i];
  for (std::size_t i = 1; i <= edge; ++i) {
    e[edge - i] = 2 * x[0] - x[i];
    e[edge + x.size() - 1 + i] = 2 * x.back() - x[x.size() - 1 - i];
  }
  // Serial kernel with zi (its rounding is scipy's), forward then backward.
  const auto coef = detail::normalised_coefficients<double>(sos);
  const auto zi = sosfilt_zi(sos);
  std::vector<double> st(coef.size() * 2);
  for (std::size_t k = 0; k < st.size(); ++k) st[k] = zi[k] * e[0];
  detail::sos_block<double>(coef.data(), coef.size(), st.data(), 1, e.data(), e.data(), m, 1, 1);
  for (std::size_t k = 0; k < st.size(); ++k) st[k] = zi[k] * e[m - 1];
  detail::sos_block<double>(coef.data(), coef.size(), st.data(), 1, e.data() + m - 1, e.data() + m - 1, m, -1, 1);
  const std::vector<double> ref(e.begin() + long(edge), e.begin() + long(edge + x.size()));
  EXPECT_LE(max_abs_diff(y, ref) / rms(ref), 1e-12);
}

TEST(SosBatch, PartsNeedALongEnoughInput) {
  const auto plan = detail::make_batch_plan<double>(detail::normalised_coefficients<double>(band_pass()));
  const std::size_t n0 = threshold(plan);
  EXPECT_EQ(detail::batch_parts(plan, 100 * n0, 1), 1u);
  EXPECT_EQ(detail::batch_parts(plan, 100 * n0, 4), 4u);
  EXPECT_EQ(detail::batch_parts(plan, 2 * n0, 4), 2u);  // each part must take the batch path itself
  EXPECT_EQ(detail::batch_parts(plan, 2 * n0 - 1, 4), 1u);
  EXPECT_EQ(detail::batch_parts(detail::BatchPlan<double>{}, 100 * n0, 4), 1u);  // unusable plan: serial
}

TEST(SosBatch, ParallelMatchesSerialKernelWithStateInPlaceAndBackward) {
  const Sos sos = band_pass();
  const auto coef = detail::normalised_coefficients<double>(sos);
  const auto plan = detail::make_batch_plan<double>(coef);
  const std::size_t C = 3;
  std::mt19937 g(8);
  std::normal_distribution<double> d;
  for (std::size_t n : {threshold(plan) * 2, threshold(plan) * 5 + 17}) {
    std::vector<double> x(C * n);
    for (std::size_t c = 0; c < C; ++c) {
      const auto xc = noise(n, unsigned(31 + c));
      std::copy(xc.begin(), xc.end(), x.begin() + long(c * n));
    }
    std::vector<double> st0(coef.size() * C * 2);
    for (auto& v : st0) v = 10.0 * d(g);
    for (int dir : {1, -1}) {
      std::vector<double> ys(x), ss(st0);
      double* ps = dir == 1 ? ys.data() : ys.data() + (n - 1);
      detail::sos_block<double>(coef.data(), coef.size(), ss.data(), C, ps, ps, n, dir, std::ptrdiff_t(n));
      double smax = 0;
      for (double v : ss) smax = std::max(smax, std::abs(v));
      for (std::size_t workers : {2u, 3u, 5u}) {
        // In place (the parts' first inputs must have been saved before the others overwrote them).
        std::vector<double> yb(x), sb(st0);
        double* pb = dir == 1 ? yb.data() : yb.data() + (n - 1);
        ASSERT_TRUE(detail::sos_batch_parallel<double>(plan, coef, sb.data(), C, pb, pb, n, dir, std::ptrdiff_t(n), workers));
        EXPECT_LE(max_abs_diff(ys, yb) / rms(ys), 1e-12) << "n=" << n << " dir=" << dir << " workers=" << workers;
        EXPECT_LE(max_abs_diff(ss, sb) / smax, 1e-12) << "n=" << n << " dir=" << dir << " workers=" << workers;
        // Separate output: same values.
        std::vector<double> yo(C * n), so(st0);
        const double* pi = dir == 1 ? x.data() : x.data() + (n - 1);
        double* po = dir == 1 ? yo.data() : yo.data() + (n - 1);
        ASSERT_TRUE(detail::sos_batch_parallel<double>(plan, coef, so.data(), C, pi, po, n, dir, std::ptrdiff_t(n), workers));
        EXPECT_EQ(max_abs_diff(yo, yb), 0.0);
      }
    }
  }
}

TEST(SosBatch, ParallelReportsNonFiniteInputInAnyPart) {
  const auto coef = detail::normalised_coefficients<double>(band_pass());
  const auto plan = detail::make_batch_plan<double>(coef);
  const std::size_t n = threshold(plan) * 4;
  for (std::size_t at : {std::size_t(5), n / 2 + 3, n - 2}) {
    auto x = noise(n, 4);
    x[at] = INFINITY;
    std::vector<double> y(n), st(coef.size() * 2, 0.0);
    EXPECT_FALSE(detail::sos_batch_parallel<double>(plan, coef, st.data(), 1, x.data(), y.data(), n, 1, 1, 4)) << at;
  }
}

TEST(SosBatch, SosfiltfiltWorkersAgreeAndZeroIsRejected) {
  const Sos sos = band_pass();
  const auto x = noise(200000, 22);
  const auto y1 = sosfiltfilt(sos, x);
  const auto y2 = sosfiltfilt(sos, x, PadType::odd, -1, 2);
  EXPECT_LE(max_abs_diff(y1, y2) / rms(y1), 1e-12);
  EXPECT_THROW(sosfiltfilt(sos, x, PadType::odd, -1, 0), InvalidArgument);
}

}  // namespace
