// SOS filter throughput: per-frame streaming cost and block throughput for the 4-section
// 4-12 Hz band-pass at 100 Hz (butter(4, [4, 12], 'bandpass', fs=100)). items/s = samples (frames x channels).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "tremorlab/filter_design.hpp"
#include "tremorlab/sos_filter.hpp"

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

void BM_SosfiltfiltOneChannel(benchmark::State& st) {
  const auto x = noise(std::size_t(st.range(0)));
  for (auto _ : st) benchmark::DoNotOptimize(tremorlab::sosfiltfilt(band_pass(), x));
  st.SetItemsProcessed(std::int64_t(st.iterations() * st.range(0)));
}
BENCHMARK(BM_SosfiltfiltOneChannel)->Arg(360000);
}  // namespace
