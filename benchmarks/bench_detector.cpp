// Cost of the streaming detector per tri-axial sample (target <= 200 ns amortised on one core, i.e. one
// hour of 100 Hz data in < 0.1 s) for several block sizes, and its memory per instance (target <= 64 KiB).
// Reported counters: ns_per_sample, hour_of_100Hz_s (time to process 360 000 frames), memory_bytes.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "tremorlab/detector.hpp"

namespace {

std::vector<double> make_stream(std::size_t n) {
  std::mt19937 rng(42);
  std::normal_distribution<double> noise(0, 0.05);
  std::vector<double> x(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / 100.0;
    // alternate 30 s of rest and 30 s of 6 Hz shaking so bouts start and end
    const double s = (static_cast<long>(t / 30.0) % 2) ? 2.0 * std::sin(2 * 3.14159265358979 * 6.0 * t) : 0.0;
    x[3 * i] = 0.3 + s + noise(rng);
    x[3 * i + 1] = 0.2 + 0.5 * s + noise(rng);
    x[3 * i + 2] = 9.8 + 0.2 * s + noise(rng);
  }
  return x;
}

void BM_DetectorPush(benchmark::State& state) {
  const std::size_t block = static_cast<std::size_t>(state.range(0));
  const std::size_t n = 60 * 100 * 10;  // 10 minutes per iteration
  const auto x = make_stream(n);
  tremorlab::Detector d;
  std::size_t events = 0;
  for (auto _ : state) {
    d.reset();
    for (std::size_t i = 0; i < n; i += block) {
      const std::size_t m = std::min(block, n - i);
      d.push(std::span<const double>(x.data() + 3 * i, 3 * m), {}, [&](const tremorlab::Event&) noexcept { ++events; });
    }
    benchmark::DoNotOptimize(events);
  }
  const double frames = static_cast<double>(n) * static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(frames));
  state.counters["ns_per_sample"] = benchmark::Counter(frames * 1e-9, benchmark::Counter::kIsRate |
                                                                          benchmark::Counter::kInvert);
  state.counters["hour_of_100Hz_s"] =
      benchmark::Counter(frames / 360000.0, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["memory_bytes"] = static_cast<double>(d.memory_bytes());
}
BENCHMARK(BM_DetectorPush)->Arg(1)->Arg(32)->Arg(1000)->Arg(60000)->Unit(benchmark::kMillisecond);

void BM_DetectorPushTimestamps(benchmark::State& state) {
  const std::size_t n = 60 * 100 * 10;
  const auto x = make_stream(n);
  std::vector<double> t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = i * 0.01 + 0.002 * std::sin(0.37 * i);
  tremorlab::Detector d;
  for (auto _ : state) {
    d.reset();
    for (std::size_t i = 0; i < n; i += 50)
      d.push(std::span<const double>(x.data() + 3 * i, 150), std::span<const double>(t.data() + i, 50),
             [](const tremorlab::Event&) noexcept {});
  }
  const double frames = static_cast<double>(n) * static_cast<double>(state.iterations());
  state.counters["ns_per_sample"] = benchmark::Counter(frames * 1e-9, benchmark::Counter::kIsRate |
                                                                          benchmark::Counter::kInvert);
}
BENCHMARK(BM_DetectorPushTimestamps)->Unit(benchmark::kMillisecond);

}  // namespace
