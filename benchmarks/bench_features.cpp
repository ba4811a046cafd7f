// Features + classification of one hour of 100 Hz tri-axial data (target < 0.2 s on one core).
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <tremorlab/batch.hpp>

namespace {

std::vector<double> make_recording(double fs, double seconds) {
  const auto n = std::size_t(fs * seconds);
  std::vector<double> acc(3 * n);
  std::mt19937_64 rng(42);
  std::normal_distribution<double> noise(0.0, 0.02);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = double(i) / fs;
    // Alternating minutes of rest, 6 Hz oscillation and slow movement, on top of gravity.
    const int phase = int(t / 60.0) % 3;
    const double osc = phase == 1 ? 0.8 * std::sin(2 * std::numbers::pi * 6.0 * t) : 0.0;
    const double slow = phase == 2 ? 1.5 * std::sin(2 * std::numbers::pi * 0.8 * t) : 0.0;
    acc[3 * i] = osc + noise(rng);
    acc[3 * i + 1] = slow + 0.3 * osc + noise(rng);
    acc[3 * i + 2] = tremorlab::standard_gravity + noise(rng);
  }
  return acc;
}

void BM_FeaturesAndClassify_1h_100Hz(benchmark::State& state) {
  const auto acc = make_recording(100.0, 3600.0);
  const auto model = tremorlab::Classifier::default_model();
  tremorlab::FeatureExtractor fx(model.feature_config(100.0));
  const std::size_t nw = tremorlab::count_windows(acc.size() / 3, fx.window_samples(), fx.hop_samples());
  std::vector<double> feats(nw * tremorlab::FeatureExtractor::size()), proba(nw * model.n_classes());
  for (auto _ : state) {
    tremorlab::batch_features(fx, acc, feats);
    tremorlab::batch_predict_proba(model, feats, nw, proba);
    benchmark::DoNotOptimize(proba.data());
    benchmark::ClobberMemory();
  }
  state.counters["windows"] = double(nw);
  state.counters["us_per_window"] =
      benchmark::Counter(double(nw), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_FeaturesAndClassify_1h_100Hz)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void BM_OneWindow(benchmark::State& state) {
  const double fs = double(state.range(0));
  const auto acc = make_recording(fs, 63.0);
  tremorlab::FeatureConfig cfg;
  cfg.fs = fs;
  tremorlab::FeatureExtractor fx(cfg);
  std::vector<double> out(tremorlab::FeatureExtractor::size());
  const std::size_t off = 3 * std::size_t(61.0 * fs);  // inside the oscillating minute
  for (auto _ : state) {
    fx.compute(std::span<const double>(acc).subspan(off, 3 * fx.window_samples()), out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_OneWindow)->Arg(50)->Arg(100)->Arg(200)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace
