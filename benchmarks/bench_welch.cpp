// Welch PSD of one hour of 100 Hz data (360,000 samples) per channel: nperseg 256 (power of two,
// real-FFT plan of 128) and nperseg 200 (not a power of two: plan of 100 = 4*5*5), hann, 50 % overlap.
// The estimator is built once outside the timed loop, as a streaming/app user would.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "tremorlab/welch.hpp"

namespace {

std::vector<double> hour_of_data(std::size_t channels) {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> nd(0.0, 0.2);
  std::vector<double> x(channels * 360000);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = std::sin(2 * 3.141592653589793 * 5.5 * static_cast<double>(i % 360000) / 100.0) + nd(rng);
  return x;
}

void BM_Welch(benchmark::State& state) {
  const auto nperseg = static_cast<std::size_t>(state.range(0));
  const auto channels = static_cast<std::size_t>(state.range(1));
  const auto avg = state.range(2) == 0 ? tremorlab::Average::mean : tremorlab::Average::median;
  const auto x = hour_of_data(channels);
  tremorlab::WelchOptions o;
  o.fs = 100.0;
  o.nperseg = nperseg;
  o.average = avg;
  o.max_input_length = 360000;
  tremorlab::WelchEstimator est(o);
  std::vector<double> pxx(channels * est.nfreq());
  for (auto _ : state) {
    est.compute_channels(x, channels, pxx);
    benchmark::DoNotOptimize(pxx.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * x.size()));
  state.counters["segments"] = static_cast<double>(channels * est.nsegments(360000));
}

void BM_Periodogram(benchmark::State& state) {
  const auto x = hour_of_data(1);
  for (auto _ : state) {
    auto r = tremorlab::periodogram(x, 100.0);
    benchmark::DoNotOptimize(r.pxx.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * x.size()));
}

}  // namespace

// args: nperseg, channels, average (0 mean, 1 median)
BENCHMARK(BM_Welch)->Args({256, 1, 0})->Args({200, 1, 0})->Args({256, 3, 0})->Args({200, 3, 0})
    ->Args({256, 1, 1})->Unit(benchmark::kMillisecond);
// 360,000 = 2^6 * 3^2 * 5^4: mixed-radix plan of 180,000.
BENCHMARK(BM_Periodogram)->Unit(benchmark::kMillisecond);
