#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <span>
#include <vector>
#include <type_traits>

#include "tremorlab/filter_design.hpp"
#include "tremorlab/sos_filter.hpp"

using namespace tremorlab;

namespace {
template <class T>
std::vector<T> randv(std::size_t n, unsigned seed) {
  std::mt19937 g(seed);
  std::normal_distribution<double> d;
  std::vector<T> v(n);
  for (auto& x : v) x = T(d(g) + 2.0);
  return v;
}
template <class T>
bool bit_equal(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}
}  // namespace

template <class T>
class StreamFilterT : public ::testing::Test {};
using Types = ::testing::Types<double, float>;
TYPED_TEST_SUITE(StreamFilterT, Types);

TYPED_TEST(StreamFilterT, ChunkingInvariantBitForBit) {
  using T = TypeParam;
  const Sos sos = butter(4, {4.0, 12.0}, BandType::bandpass, 100.0);
  std::mt19937 g(42);
  for (std::size_t C : {1u, 2u, 3u, 4u, 6u}) {
    const std::size_t n = 1234;
    const auto x = randv<T>(n * C, unsigned(C));
    std::vector<T> whole(n * C);
    SosFilter<T> fw(sos, C);
    fw.process(x, whole);

    // Random chunk sizes (including 1 and 0).
    SosFilter<T> fc(sos, C);
    std::vector<T> chunked(n * C);
    std::uniform_int_distribution<std::size_t> d(0, 97);
    for (std::size_t i = 0; i < n;) {
      const std::size_t k = std::min(n - i, d(g));
      fc.process(std::span<const T>(x.data() + i * C, k * C), std::span<T>(chunked.data() + i * C, k * C));
      i += k;
    }
    EXPECT_TRUE(bit_equal(whole, chunked)) << "C=" << C;

    // Frame by frame.
    SosFilter<T> ff(sos, C);
    std::vector<T> frames(n * C);
    for (std::size_t i = 0; i < n; ++i)
      ff.process_frame(std::span<const T>(x.data() + i * C, C), std::span<T>(frames.data() + i * C, C));
    EXPECT_TRUE(bit_equal(whole, frames)) << "C=" << C;
    EXPECT_EQ(0, std::memcmp(fw.state().data(), ff.state().data(), fw.state().size() * sizeof(T)));
    EXPECT_EQ(0, std::memcmp(fw.state().data(), fc.state().data(), fw.state().size() * sizeof(T)));
  }
}

TYPED_TEST(StreamFilterT, CopyContinuesIndependently) {
  using T = TypeParam;
  static_assert(std::is_copy_constructible_v<SosFilter<T>> && std::is_copy_assignable_v<SosFilter<T>>);
  const Sos sos = butter(3, 0.2, BandType::highpass);
  const std::size_t C = 3, n = 400;
  const auto x = randv<T>(2 * n * C, 5);
  SosFilter<T> a(sos, C);
  std::vector<T> ya(2 * n * C);
  a.process(std::span<const T>(x.data(), n * C), std::span<T>(ya.data(), n * C));
  SosFilter<T> b = a;  // copy mid-stream
  std::vector<T> yb(n * C), junk(n * C);
  b.process(std::span<const T>(x.data() + n * C, n * C), yb);
  // Perturbing the copy further must not touch the original.
  b.process(std::span<const T>(x.data(), n * C), junk);
  a.process(std::span<const T>(x.data() + n * C, n * C), std::span<T>(ya.data() + n * C, n * C));
  EXPECT_TRUE(bit_equal(std::vector<T>(ya.begin() + long(n * C), ya.end()), yb));
  SosFilter<T> c(butter(1, 0.5, BandType::lowpass), 1);
  c = a;  // copy assignment takes sections, channels and state
  EXPECT_EQ(c.sections(), a.sections());
  EXPECT_EQ(c.channels(), C);
  EXPECT_EQ(0, std::memcmp(c.state().data(), a.state().data(), a.state().size() * sizeof(T)));
}

TYPED_TEST(StreamFilterT, ResetMatchesFreshFilter) {
  using T = TypeParam;
  const Sos sos = butter(5, {0.1, 0.3}, BandType::bandstop);
  const auto x = randv<T>(600, 8);
  SosFilter<T> f(sos, 2), fresh(sos, 2);
  std::vector<T> y1(600), y2(600);
  f.process(x, y1);
  f.reset();
  for (T v : f.state()) EXPECT_EQ(v, T(0));
  f.process(x, y1);
  fresh.process(x, y2);
  EXPECT_TRUE(bit_equal(y1, y2));
}

TYPED_TEST(StreamFilterT, SteadyStateInitGivesConstantOutputForLowpass) {
  using T = TypeParam;
  const Sos sos = butter(4, 5.0, BandType::lowpass, 100.0);
  const std::size_t C = 3;
  const std::vector<T> frame{T(9.81), T(-0.3), T(0.0)};
  SosFilter<T> f(sos, C);
  f.init_steady_state(frame);
  const double tol = std::is_same_v<T, float> ? 1e-5 : 1e-12;
  for (int i = 0; i < 200; ++i) {
    std::vector<T> out(C);
    f.process_frame(frame, out);
    for (std::size_t c = 0; c < C; ++c) EXPECT_NEAR(double(out[c]), double(frame[c]), tol * 10) << i;
  }
  // Band-pass from steady state: constant input gives (near) zero output, no start-up transient.
  SosFilter<T> bp(butter(2, {4.0, 12.0}, BandType::bandpass, 100.0), C);
  bp.init_steady_state(frame);
  std::vector<T> out(C);
  bp.process_frame(frame, out);
  for (std::size_t c = 0; c < C; ++c) EXPECT_NEAR(double(out[c]), 0.0, tol * 10);
}

TEST(StreamFilter, StateLayoutIsSectionChannelPair) {
  // Section 0 of channel 1 must depend on channel 1's input only.
  const Sos sos = butter(2, {0.1, 0.2}, BandType::bandpass);
  SosFilter<double> f(sos, 2);
  ASSERT_EQ(f.state().size(), f.sections() * 2 * 2);
  const std::vector<double> frame{0.0, 1.0};
  std::vector<double> out(2);
  f.process_frame(frame, out);
  // [section][channel][2]: channel 0 entries stay 0, channel 1 entries of section 0 become non-zero.
  EXPECT_EQ(f.state()[0], 0.0);
  EXPECT_EQ(f.state()[1], 0.0);
  EXPECT_NE(f.state()[2], 0.0);
  EXPECT_NE(f.state()[3], 0.0);
}

TEST(StreamFilter, BadSpansAreIgnoredNotCrashing) {
  const Sos sos = butter(2, 0.3, BandType::lowpass);
  SosFilter<double> f(sos, 3);
  std::vector<double> in{1.0, 2.0}, out{-7.0, -7.0};
  f.process_frame(in, out);  // too small: no-op
  for (double v : f.state()) EXPECT_EQ(v, 0.0);
  EXPECT_EQ(out, (std::vector<double>{-7.0, -7.0}));
  // 7 values: the 2 whole frames are filtered (as frame by frame), the trailing value is left untouched.
  const std::vector<double> in7{1.0, -2.0, 3.0, 0.5, 4.0, -1.0, 9.0};
  std::vector<double> out7(7, -7.0);
  f.process(in7, out7);
  SosFilter<double> ref(sos, 3);
  std::vector<double> r(3);
  for (std::size_t k = 0; k < 2; ++k) {
    ref.process_frame(std::span<const double>(in7).subspan(3 * k, 3), r);
    for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ(out7[3 * k + c], r[c]) << "frame " << k << " channel " << c;
  }
  EXPECT_NE(out7[0], 0.0);
  EXPECT_EQ(out7[6], -7.0);
  EXPECT_EQ(std::vector<double>(f.state().begin(), f.state().end()),
            std::vector<double>(ref.state().begin(), ref.state().end()));
}
