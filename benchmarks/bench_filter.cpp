// SOS filter throughput: per-frame streaming cost and block throughput for the 4-section
// 4-12 Hz band-pass at 100 Hz (butter(4, [4, 12], 'bandpass', fs=100)). items/s = samples (frames x channels).
#include <benchmark/benchmark.h>

#include <cstring>
#include <random>
#include <vector>

#include "tremorlab/filter_design.hpp"
#include "tremorlab/sos_filter.hpp"
#include "tremorlab/detail/sos_batch.hpp"

namespace {
const tremorlab::Sos& band_pass() {
  static const tremorlab::Sos sos = tremorlab::butter(4, {4.0, 12.0}, tremorlab::BandType::bandpass, 100.0);
  return sos;
}
std::vector<double> noise(std::size_t n) {
  std::mt19937 g(1);
  std::normal_distribution<double> d;
  std::vector<double> v(n);
  for (auto& x : v) x = d(g);
  return v;
}

void BM_ProcessFrame(benchmark::State& st) {
  const auto C = std::size_t(st.range(0));
  tremorlab::SosFilter<double> f(band_pass(), C);
  const auto x = noise(4096 * C);
  std::vector<double> y(C);
  std::size_t i = 0;
  for (auto _ : st) {
    f.process_frame(std::span<const double>(x.data() + i * C, C), y);
    benchmark::DoNotOptimize(y.data());
    i = (i + 1) & 4095;
  }
  st.SetItemsProcessed(std::int64_t(st.iterations() * C));
}
BENCHMARK(BM_ProcessFrame)->Arg(1)->Arg(3);

void BM_ProcessBlock(benchmark::State& st) {
  const auto C = std::size_t(st.range(0));
  const auto n = std::size_t(st.range(1));
  const auto layout = st.range(2) ? tremorlab::Layout::planar : tremorlab::Layout::interleaved;
  tremorlab::SosFilter<double> f(band_pass(), C);
  const auto x = noise(n * C);
  std::vector<double> y(n * C);
  for (auto _ : st) {
    f.process(x, y, layout);
    benchmark::DoNotOptimize(y.data());
  }
  st.SetItemsProcessed(std::int64_t(st.iterations() * n * C));
}
BENCHMARK(BM_ProcessBlock)->Args({1, 4096, 0})->Args({3, 4096, 0})->Args({3, 4096, 1})->Args({3, 360000, 1});

void BM_ProcessBlockFloat(benchmark::State& st) {
  const auto C = std::size_t(st.range(0));
  const std::size_t n = 4096;
  tremorlab::SosFilter<float> f(band_pass(), C);
  const auto xd = noise(n * C);
  std::vector<float> x(xd.begin(), xd.end()), y(n * C);
  for (auto _ : st) {
    f.process(x, y);
    benchmark::DoNotOptimize(y.data());
  }
  st.SetItemsProcessed(std::int64_t(st.iterations() * n * C));
}
BENCHMARK(BM_ProcessBlockFloat)->Arg(1)->Arg(3);

// Whole-array path of sosfilt: time-block kernel (detail/sos_batch.hpp) vs the serial kernel, planar
// (channels, n) as numpy hands it over. Arg(1) = 1 selects the batch kernel.
void BM_BatchVsSerial(benchmark::State& st) {
  const auto C = std::size_t(st.range(0));
  const std::size_t n = 360000;
  const auto coef = tremorlab::detail::normalised_coefficients<double>(band_pass());
  const auto plan = tremorlab::detail::make_batch_plan<double>(coef);
  const auto x = noise(n * C);
  std::vector<double> y(n * C), state(coef.size() * C * 2);
  for (auto _ : st) {
    std::fill(state.begin(), state.end(), 0.0);
    if (st.range(1))
      tremorlab::detail::sos_batch<double>(plan, coef, state.data(), C, x.data(), y.data(), n, 1, std::ptrdiff_t(n));
    else
      tremorlab::detail::sos_block<double>(coef.data(), coef.size(), state.data(), C, x.data(), y.data(), n, 1,
                                           std::ptrdiff_t(n));
    benchmark::DoNotOptimize(y.data());
  }
  st.SetItemsProcessed(std::int64_t(st.iterations() * n * C));
}
BENCHMARK(BM_BatchVsSerial)->Args({1, 0})->Args({1, 1})->Args({3, 0})->Args({3, 1});

// The arithmetic alone of the time-block path: the two 2-section passes over one L1-resident chunk of
// kBatchChunk (128) frames x 8 lanes, as batch_lanes runs them; items = lane-samples. The difference to
// BM_BatchVsSerial/1/1 per sample is the data movement between the segments and the lane buffer.
#if defined(TREMORLAB_SOS_BATCH_AVX2)
[[gnu::target("avx2,fma")]] void two_passes(const tremorlab::detail::BatchPlan<double>& p, double* z0, double* z1,
                                            double* buf) {
  namespace d = tremorlab::detail;
  constexpr int K = 4 * d::kBatchVectors;
  d::batch_avx2::batch_pass<d::OpsAvx2D, d::kBatchVectors, 2, true>(p.coef.data(), z0, z1, buf, d::kBatchChunk, true,
                                                                    p.gain);
  d::batch_avx2::batch_pass<d::OpsAvx2D, d::kBatchVectors, 2, true>(p.coef.data() + 2, z0 + 2 * K, z1 + 2 * K, buf,
                                                                    d::kBatchChunk, false, p.gain);
}
#endif
void BM_BatchPassesOnly(benchmark::State& st) {
#if defined(TREMORLAB_SOS_BATCH_AVX2)
  namespace d = tremorlab::detail;
  if (!d::cpu_has_avx2_fma()) {
    st.SkipWithError("needs AVX2+FMA");
    return;
  }
  const auto plan = d::make_batch_plan<double>(d::normalised_coefficients<double>(band_pass()));
  constexpr int K = 4 * d::kBatchVectors;
  const auto x = noise(d::kBatchChunk * K);
  auto buf = x;
  std::vector<double> z(4 * 2 * K, 0.0);  // [z0 | z1] x [section][lane]
  std::size_t i = 0;
  for (auto _ : st) {
    two_passes(plan, z.data(), z.data() + 4 * K, buf.data());
    benchmark::DoNotOptimize(buf.data());
    if (++i % 64 == 0) {  // fresh input now and then: the filter output is not meant to be filtered forever
      st.PauseTiming();
      buf = x;
      st.ResumeTiming();
    }
  }
  st.SetItemsProcessed(std::int64_t(st.iterations() * d::kBatchChunk * K));
#else
  st.SkipWithError("AVX2 path not compiled");
#endif
}
BENCHMARK(BM_BatchPassesOnly);

// The array (3 x 360,000) as a Python call meets it: input and output not in any cache (a 64 MiB
// buffer is written between iterations, outside the timing). Arg 0: the whole sosfilt kernel (plan made once);
// Arg 1: a plain copy of the same bytes (memcpy into the same output buffer), the memory floor of any filter
// that reads x once and writes y once. The difference is the time the filter passes do not overlap with
// memory traffic.
void BM_ColdWholeArray(benchmark::State& st) {
  const std::size_t C = 3, n = 360000;
  const auto coef = tremorlab::detail::normalised_coefficients<double>(band_pass());
  const auto plan = tremorlab::detail::make_batch_plan<double>(coef);
  const auto x = noise(n * C);
  std::vector<double> y(n * C), state(coef.size() * C * 2), junk(std::size_t(8) << 20, 1.0);
  for (auto _ : st) {
    st.PauseTiming();
    for (auto& v : junk) v += 1.0;
    benchmark::DoNotOptimize(junk.data());
    std::fill(state.begin(), state.end(), 0.0);
    st.ResumeTiming();
    if (st.range(0) == 0)
      tremorlab::detail::sos_batch<double>(plan, coef, state.data(), C, x.data(), y.data(), n, 1, std::ptrdiff_t(n));
    else
      std::memcpy(y.data(), x.data(), n * C * sizeof(double));
    benchmark::DoNotOptimize(y.data());
  }
  st.SetItemsProcessed(std::int64_t(st.iterations() * n * C));
}
BENCHMARK(BM_ColdWholeArray)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_SosfiltfiltOneChannel(benchmark::State& st) {
  const auto x = noise(std::size_t(st.range(0)));
  for (auto _ : st) benchmark::DoNotOptimize(tremorlab::sosfiltfilt(band_pass(), x));
  st.SetItemsProcessed(std::int64_t(st.iterations() * st.range(0)));
}
BENCHMARK(BM_SosfiltfiltOneChannel)->Arg(360000);
}  // namespace
