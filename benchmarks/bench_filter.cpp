// SOS filter throughput: per-frame streaming cost and block throughput for the 4-section
// 4-12 Hz band-pass at 100 Hz (butter(4, [4, 12], 'bandpass', fs=100)). items/s = samples (frames x channels).
#include <benchmark/benchmark.h>

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

void BM_SosfiltfiltOneChannel(benchmark::State& st) {
  const auto x = noise(std::size_t(st.range(0)));
  for (auto _ : st) benchmark::DoNotOptimize(tremorlab::sosfiltfilt(band_pass(), x));
  st.SetItemsProcessed(std::int64_t(st.iterations() * st.range(0)));
}
BENCHMARK(BM_SosfiltfiltOneChannel)->Arg(360000);
}  // namespace
