// FeatureExtractor: closed-form checks of every feature, invariance to orientation and sampling rate,
// validation, allocation-free compute(), and the batch driver.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <numbers>
#include <random>
#include <vector>

#include <tremorlab/batch.hpp>
#include <tremorlab/features.hpp>

// Counting global allocator: compute() must not allocate.
static std::atomic<long> g_allocs{0};
void* operator new(std::size_t n) {
  ++g_allocs;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {
using tremorlab::Feature;
using tremorlab::FeatureConfig;
using tremorlab::FeatureExtractor;
constexpr double kPi = std::numbers::pi;

double F(const std::vector<double>& f, Feature k) { return f[std::size_t(k)]; }

// n frames of interleaved x,y,z from a function of time returning {x,y,z}.
template <class Fn>
std::vector<double> make(std::size_t n, double fs, Fn fn) {
  std::vector<double> w(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto v = fn(double(i) / fs);
    w[3 * i] = v[0];
    w[3 * i + 1] = v[1];
    w[3 * i + 2] = v[2];
  }
  return w;
}

std::vector<double> features_of(FeatureExtractor& fx, const std::vector<double>& w) {
  std::vector<double> out(FeatureExtractor::size());
  fx.compute(w, out);
  return out;
}

// The closed-form checks and their tolerances below were written for 2.5 s windows (10 cycles at 4 Hz);
// they pin it rather than follow FeatureConfig's default.
FeatureConfig cfg_at(double fs) {
  FeatureConfig c;
  c.fs = fs;
  c.window_s = 2.5;
  return c;
}

TEST(Features, DefaultConfigIsTheDefaultModels) {
  // A FeatureExtractor built from FeatureConfig{} must produce what the shipped model was trained on.
  const auto m = tremorlab::Classifier::default_model().feature_config(100.0);
  const FeatureConfig d;
  EXPECT_DOUBLE_EQ(d.window_s, m.window_s);
  EXPECT_DOUBLE_EQ(d.hop_s, m.hop_s);
  EXPECT_DOUBLE_EQ(d.band_lo, m.band_lo);
  EXPECT_DOUBLE_EQ(d.band_hi, m.band_hi);
}

TEST(Features, NamesMatchEnum) {
  EXPECT_EQ(FeatureExtractor::names().size(), FeatureExtractor::size());
  EXPECT_EQ(FeatureExtractor::names()[std::size_t(Feature::dominant_frequency)], "dominant_frequency");
  EXPECT_EQ(FeatureExtractor::names()[std::size_t(Feature::tremor_stability_index)], "tremor_stability_index");
  EXPECT_EQ(FeatureExtractor::names().back(), "inter_sensor_coherence");
}

struct SineCase {
  double fs, f, a;
};
class PureSine : public ::testing::TestWithParam<SineCase> {};

// Sinusoid of amplitude A at f on one axis, gravity on another: closed-form values.
TEST_P(PureSine, ClosedForm) {
  const SineCase p = GetParam();
  const double fs = p.fs, f = p.f, A = p.a;
  FeatureExtractor fx(cfg_at(fs));
  const auto w = make(fx.window_samples(), fs, [&](double t) {
    return std::array<double, 3>{A * std::sin(2 * kPi * f * t + 0.3), 0.0, 9.80665};
  });
  const auto o = features_of(fx, w);
  const double rms = A / std::sqrt(2.0);
  EXPECT_NEAR(F(o, Feature::dominant_frequency), f, 0.05);
  EXPECT_NEAR(F(o, Feature::broad_peak_frequency), f, 0.05);
  // Band power A^2/2 -> RMS A/sqrt(2) within 2 % (tones >= 0.8 Hz inside the band edges: leakage of the
  // 2.5 s window, resolution 0.4 Hz, takes part of a tone right at an edge out of the band).
  EXPECT_NEAR(std::sqrt(std::pow(10.0, F(o, Feature::log_band_power)) - 1e-6), rms, 0.02 * rms);
  // Displacement A / (2 pi f)^2 / sqrt(2).
  const double disp = rms / std::pow(2 * kPi * f, 2);
  EXPECT_NEAR(std::pow(10.0, F(o, Feature::log_displacement)) - 1e-9, disp, 0.03 * disp);
  EXPECT_GT(F(o, Feature::rel_band_power), 0.95);
  EXPECT_LT(F(o, Feature::rel_low_power), 0.02);
  EXPECT_GT(F(o, Feature::peak_concentration), 0.95);
  EXPECT_LT(F(o, Feature::spectral_entropy), 0.45);
  EXPECT_EQ(fx.rhythm_of(o), F(o, Feature::broad_peak_frequency));  // a tone is a rhythm
  EXPECT_LT(F(o, Feature::harmonic_ratio), 0.01);
  EXPECT_LT(F(o, Feature::cycle_freq_cv), 0.01);
  EXPECT_LT(F(o, Feature::tremor_stability_index), 0.05);
  EXPECT_LT(F(o, Feature::freq_drift), 0.05);
  EXPECT_LT(F(o, Feature::if_spread), 0.1);
  EXPECT_LT(F(o, Feature::envelope_cv), 0.03);
  EXPECT_EQ(F(o, Feature::pause_fraction), 0.0);
  EXPECT_LT(F(o, Feature::amp_freq_coupling), 0.01);
  EXPECT_GT(F(o, Feature::autocorr_regularity), 0.98);
  EXPECT_NEAR(F(o, Feature::axis_coherence), 1.0, 1e-6);
  EXPECT_NEAR(F(o, Feature::principal_fraction), 1.0, 1e-6);
  EXPECT_EQ(F(o, Feature::inter_sensor_coherence), 0.0);
  for (double v : o) EXPECT_TRUE(std::isfinite(v));
}
INSTANTIATE_TEST_SUITE_P(Grid, PureSine,
                         ::testing::Values(SineCase{100, 6.3, 0.5}, SineCase{100, 4.8, 2.0}, SineCase{100, 9.7, 0.2},
                                           SineCase{50, 5.2, 1.0}, SineCase{200, 7.9, 0.8}, SineCase{1000, 11.2, 0.3},
                                           SineCase{25, 8.0, 1.0}));

TEST(Features, NoRhythmIsABandwidth) {
  // The rule is an effective bandwidth (no_rhythm_bandwidth_hz), so its threshold in spectral_entropy units
  // depends on the bins the analysis has: 0.88 at the default (2 s, 50 Hz internal rate: 75 bins of 50/192 Hz,
  // and 11.633829 Hz = 75^0.88 * 50/192), the same at every rate that decimates to exactly 50 Hz, higher with
  // fewer bins, and above 1 (never) at 25 Hz, where the spectrum ends at 11.25 Hz.
  auto at = [](double fs) {
    FeatureConfig c;  // the default analysis: 2 s window
    c.fs = fs;
    return FeatureExtractor(c);
  };
  EXPECT_NEAR(at(100).no_rhythm_entropy(), 0.88, 1e-6);
  for (double fs : {50.0, 200.0}) EXPECT_NEAR(at(fs).no_rhythm_entropy(), 0.88, 1e-6) << fs;
  EXPECT_NEAR(at(1000).no_rhythm_entropy(), 0.88, 0.02);  // decimated by 21 to 47.6 Hz: other bins, nearly so
  const double at32 = at(32).no_rhythm_entropy();
  EXPECT_GT(at32, 0.9);
  EXPECT_LT(at32, 1.0);
  EXPECT_GT(at(25).no_rhythm_entropy(), 1.0);
  // A longer window has more, narrower bins, and every spectrum's normalised entropy rises towards 1 with
  // them; the threshold of the same bandwidth rises alike (log(B/df) / log(W/df) as df falls).
  FeatureConfig four = FeatureConfig{};
  four.window_s = 4.0;
  EXPECT_GT(FeatureExtractor(four).no_rhythm_entropy(), 0.875);
  // Closed form at the default: log(B / df) / log(bins).
  EXPECT_NEAR(std::log(FeatureExtractor::no_rhythm_bandwidth_hz / (50.0 / 192.0)) / std::log(75.0), 0.88, 1e-6);
  // The static form takes any threshold; the member uses the extractor's.
  std::vector<double> row(FeatureExtractor::size(), 0.0);
  row[std::size_t(Feature::broad_peak_frequency)] = 6.0;
  row[std::size_t(Feature::spectral_entropy)] = 0.9;
  EXPECT_EQ(FeatureExtractor::rhythm_of(row, 0.87), 0.0);
  EXPECT_EQ(FeatureExtractor::rhythm_of(row, 0.95), 6.0);
  EXPECT_EQ(at(100).rhythm_of(row), 0.0);
  EXPECT_EQ(at(25).rhythm_of(row), 6.0);
}

TEST(Features, SlowerMovementHarmonicsAreNoRhythm) {
  // rhythm_of gives 0 when the strongest rhythm is slower than any tremor (slowest_tremor_hz, 3 Hz) and the
  // tremor band holds less than harmonics_band_share (a quarter) of the 0.5-20 Hz power: a jog's strides,
  // whose impacts put harmonics in the band. A slower rhythm with a strong band, or any rhythm from 3 Hz on,
  // is kept.
  EXPECT_EQ(tremorlab::slowest_tremor_hz, 3.0);
  EXPECT_EQ(FeatureExtractor::harmonics_band_share, 0.25);
  std::vector<double> row(FeatureExtractor::size(), 0.0);
  auto rhythm = [&](double hz, double share) {
    row[std::size_t(Feature::broad_peak_frequency)] = hz;
    row[std::size_t(Feature::rel_band_power)] = share;
    row[std::size_t(Feature::spectral_entropy)] = 0.5;
    return FeatureExtractor::rhythm_of(row, 0.87);
  };
  EXPECT_EQ(rhythm(2.8, 0.2), 0.0);
  EXPECT_EQ(rhythm(std::nextafter(3.0, 0.0), 0.1), 0.0);
  EXPECT_EQ(rhythm(2.8, 0.25), 2.8);   // a quarter of the power in the band: its own oscillation may be there
  EXPECT_EQ(rhythm(3.0, 0.1), 3.0);    // from 3 Hz on a rhythm can be a tremor's
  EXPECT_EQ(rhythm(0.55, 0.5), 0.55);  // a resting limb's sway under a tremor that holds half the power
  // The same from signals: strides at 2.7 Hz with harmonics at 5.4 and 8.1 Hz (amplitudes 4, 1.5, 1 m/s^2:
  // (1.5^2 + 1) / (16 + 1.5^2 + 1) = 17 % of the power in the band) have no shaking rhythm; with the
  // fundamental at 2 m/s^2 the band holds 45 % and the rhythm stays; at 3.3 Hz strides it stays too.
  FeatureExtractor fx(cfg_at(100));
  auto strides = [&](double f, double a1) {
    const auto w = make(fx.window_samples(), 100, [&](double t) {
      const double v = a1 * std::sin(2 * kPi * f * t) + 1.5 * std::sin(2 * kPi * 2 * f * t + 0.4) +
                       std::sin(2 * kPi * 3 * f * t + 1.1);
      return std::array<double, 3>{v, 0.3 * v, 9.80665};
    });
    const auto o = features_of(fx, w);
    return std::pair{F(o, Feature::rel_band_power), fx.rhythm_of(o)};
  };
  const auto [share_jog, rhythm_jog] = strides(2.7, 4.0);
  EXPECT_NEAR(share_jog, 3.25 / 19.25, 0.03);
  EXPECT_EQ(rhythm_jog, 0.0);
  const auto [share_weak, rhythm_weak] = strides(2.7, 2.0);
  EXPECT_NEAR(share_weak, 3.25 / 7.25, 0.03);
  EXPECT_NEAR(rhythm_weak, 2.7, 0.1);
  EXPECT_NEAR(strides(3.3, 4.0).second, 3.3, 0.1);
}

TEST(Features, HarmonicRatioOfKnownMix) {
  // Fundamental A1 and second harmonic A2: ratio = A2^2 / (A1^2 + A2^2).
  FeatureExtractor fx(cfg_at(100));
  const double a1 = 1.0, a2 = 0.5, f = 5.0;
  const auto w = make(fx.window_samples(), 100, [&](double t) {
    return std::array<double, 3>{a1 * std::sin(2 * kPi * f * t) + a2 * std::sin(4 * kPi * f * t + 1), 0.0, 9.8};
  });
  const auto o = features_of(fx, w);
  EXPECT_NEAR(F(o, Feature::harmonic_ratio), a2 * a2 / (a1 * a1 + a2 * a2), 0.02);
}

TEST(Features, WhiteNoiseIsIrregular) {
  FeatureExtractor fx(cfg_at(100));
  std::mt19937_64 rng(7);
  std::normal_distribution<double> nd(0.0, 1.0);
  double ent = 0, reg = 0, cv = 0, conc = 0;
  const int reps = 20;
  int none = 0;
  for (int r = 0; r < reps; ++r) {
    const auto w = make(fx.window_samples(), 100, [&](double) {
      return std::array<double, 3>{nd(rng), nd(rng), 9.8 + nd(rng)};
    });
    const auto o = features_of(fx, w);
    ent += F(o, Feature::spectral_entropy) / reps;
    reg += F(o, Feature::autocorr_regularity) / reps;
    cv += F(o, Feature::cycle_freq_cv) / reps;
    conc += F(o, Feature::peak_concentration) / reps;
    EXPECT_LT(F(o, Feature::principal_fraction), 0.7);  // isotropic noise: ~1/3 per axis
    // Its spectrum is flat: no rhythm (rhythm_of 0) whenever the entropy says so, never otherwise.
    const bool flat = F(o, Feature::spectral_entropy) > fx.no_rhythm_entropy();
    EXPECT_EQ(fx.rhythm_of(o), flat ? 0.0 : F(o, Feature::broad_peak_frequency));
    none += flat ? 1 : 0;
  }
  EXPECT_GE(none, reps - 2);  // white noise over 0.5-20 Hz: entropy ~0.95, almost never near 0.87
  EXPECT_GT(ent, 0.9);
  EXPECT_LT(reg, 0.5);
  EXPECT_GT(cv, 0.15);
  EXPECT_LT(conc, 0.2);
}

TEST(Features, ChirpHasHighFrequencyVariability) {
  FeatureExtractor fx(cfg_at(100));
  const double T = fx.config().window_s, f0 = 4.5, f1 = 10.5;
  const auto chirp = make(fx.window_samples(), 100, [&](double t) {
    const double ph = 2 * kPi * (f0 * t + 0.5 * (f1 - f0) / T * t * t);
    return std::array<double, 3>{std::sin(ph), 0.0, 9.8};
  });
  const auto steady = make(fx.window_samples(), 100, [&](double t) {
    return std::array<double, 3>{std::sin(2 * kPi * 7.5 * t), 0.0, 9.8};
  });
  const auto oc = features_of(fx, chirp);
  const auto os = features_of(fx, steady);
  EXPECT_GT(F(oc, Feature::cycle_freq_cv), 0.12);
  EXPECT_GT(F(oc, Feature::cycle_freq_cv), 20 * F(os, Feature::cycle_freq_cv));
  // The two halves differ by about half the sweep over the analysed span.
  EXPECT_GT(F(oc, Feature::freq_drift), 2.0);
  EXPECT_GT(F(oc, Feature::if_spread), 1.0);
  EXPECT_LT(F(oc, Feature::peak_concentration), F(os, Feature::peak_concentration));
}

TEST(Features, StepHasNoTremorPower) {
  // A posture change: gravity moves from z to x in 0.3 s in the middle of the window.
  FeatureExtractor fx(cfg_at(100));
  const double T = fx.config().window_s;
  const auto w = make(fx.window_samples(), 100, [&](double t) {
    const double u = std::clamp((t - T / 2) / 0.3, 0.0, 1.0);
    const double s = u * u * (3 - 2 * u);  // smoothstep
    return std::array<double, 3>{9.80665 * std::sin(s * kPi / 2), 0.0, 9.80665 * std::cos(s * kPi / 2)};
  });
  const auto o = features_of(fx, w);
  EXPECT_LT(F(o, Feature::rel_band_power), 0.05);
  EXPECT_GT(F(o, Feature::log_low_power), F(o, Feature::log_band_power) + 1.5);
  EXPECT_GT(F(o, Feature::log_trend), 0.5);  // > 3 m/s^2 change over the window
}

TEST(Features, ConstantGravityHasZeroBandPower) {
  FeatureExtractor fx(cfg_at(100));
  const auto w = make(fx.window_samples(), 100, [](double) { return std::array<double, 3>{1.2, -3.4, 8.9}; });
  const auto o = features_of(fx, w);
  EXPECT_NEAR(F(o, Feature::log_band_power), -6.0, 1e-9);  // log10(0 + 1e-6)
  EXPECT_NEAR(F(o, Feature::log_low_power), -6.0, 1e-9);
  EXPECT_NEAR(F(o, Feature::rel_band_power), 0.0, 1e-12);
  EXPECT_NEAR(F(o, Feature::log_trend), -3.0, 1e-9);
  for (double v : o) EXPECT_TRUE(std::isfinite(v));
}

TEST(Features, UnitsGMatchesMetresPerSecondSquared) {
  FeatureConfig cg = cfg_at(100);
  cg.units = tremorlab::Units::g;
  FeatureExtractor fg(cg), fm(cfg_at(100));
  const auto wg = make(fg.window_samples(), 100, [](double t) {
    return std::array<double, 3>{0.05 * std::sin(2 * kPi * 6 * t), 0.02 * std::cos(2 * kPi * 1.1 * t), 1.0};
  });
  std::vector<double> wm(wg);
  for (double& v : wm) v *= tremorlab::standard_gravity;
  const auto og = features_of(fg, wg), om = features_of(fm, wm);
  for (std::size_t i = 0; i < og.size(); ++i) EXPECT_NEAR(og[i], om[i], 1e-9 * (1 + std::abs(om[i]))) << i;
}

// Rotation matrix from an axis-angle.
std::array<double, 9> rotation(double ax, double ay, double az, double angle) {
  const double n = std::sqrt(ax * ax + ay * ay + az * az);
  ax /= n, ay /= n, az /= n;
  const double c = std::cos(angle), s = std::sin(angle), C = 1 - c;
  return {c + ax * ax * C,      ax * ay * C - az * s, ax * az * C + ay * s, ay * ax * C + az * s, c + ay * ay * C,
          ay * az * C - ax * s, az * ax * C - ay * s, az * ay * C + ax * s, c + az * az * C};
}

TEST(Features, InvariantToSensorOrientation) {
  FeatureExtractor fx(cfg_at(100));
  std::mt19937_64 rng(3);
  std::normal_distribution<double> nd(0.0, 0.03);
  // Tremor-like oscillation along a tilted axis + slow movement + noise + gravity.
  const auto base = make(fx.window_samples(), 100, [&](double t) {
    const double osc = 0.7 * (1 + 0.2 * std::sin(2 * kPi * 0.7 * t)) * std::sin(2 * kPi * (6 * t + 0.1 * t * t));
    const double slow = 0.8 * std::sin(2 * kPi * 0.9 * t);
    return std::array<double, 3>{0.8 * osc + nd(rng), 0.5 * osc + slow + nd(rng), 9.8 + 0.2 * osc + nd(rng)};
  });
  const auto ref = features_of(fx, base);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int r = 0; r < 10; ++r) {
    const auto R = rotation(u(rng), u(rng), u(rng) + 0.01, 3.0 * u(rng));
    std::vector<double> w(base.size());
    for (std::size_t i = 0; i < base.size() / 3; ++i)
      for (int a = 0; a < 3; ++a)
        w[3 * i + a] = R[3 * a] * base[3 * i] + R[3 * a + 1] * base[3 * i + 1] + R[3 * a + 2] * base[3 * i + 2];
    const auto o = features_of(fx, w);
    for (std::size_t i = 0; i < o.size(); ++i)
      EXPECT_NEAR(o[i], ref[i], 1e-6 * (1 + std::abs(ref[i]))) << FeatureExtractor::names()[i] << " rotation " << r;
  }
}

TEST(Features, SimilarAcrossSamplingRates) {
  // The same continuous movement sampled at 50..1000 Hz (internal decimation by 1, 2, 3, 4, 20) gives
  // similar features.
  auto sig = [](double t) {
    const double osc = 0.9 * (1 + 0.3 * std::sin(2 * kPi * 0.6 * t)) * std::sin(2 * kPi * (6.5 * t + 0.15 * t * t));
    return std::array<double, 3>{0.7 * osc + 0.5 * std::sin(2 * kPi * 1.2 * t), 0.6 * osc, 9.8 - 0.3 * osc};
  };
  std::vector<std::vector<double>> res;
  for (double fs : {50.0, 100.0, 150.0, 200.0, 1000.0}) {
    FeatureExtractor fx(cfg_at(fs));
    res.push_back(features_of(fx, make(fx.window_samples(), fs, sig)));
  }
  // Absolute tolerances per feature (log10 powers, Hz, fractions).
  const std::vector<double> tol = {0.05, 0.02, 0.05, 0.02, 0.05, 0.05, 0.02, 0.03, 0.01, 0.05, 0.01,
                                   0.05, 0.05, 0.05, 0.02, 0.01, 0.05, 0.02, 0.01, 0.01, 0.05, 1e-9};
  ASSERT_EQ(tol.size(), FeatureExtractor::size());
  for (std::size_t k = 1; k < res.size(); ++k)
    for (std::size_t i = 0; i < tol.size(); ++i)
      EXPECT_NEAR(res[k][i], res[1][i], tol[i]) << FeatureExtractor::names()[i] << " fs index " << k;
}

TEST(Features, PairCoherence) {
  FeatureExtractor fx(cfg_at(100));
  std::mt19937_64 rng(11);
  std::normal_distribution<double> nd(0.0, 0.05);
  const auto a = make(fx.window_samples(), 100, [&](double t) {
    return std::array<double, 3>{std::sin(2 * kPi * 7 * t) + nd(rng), nd(rng), 9.8 + nd(rng)};
  });
  // Same oscillation seen by a second sensor mounted differently (other axis, scaled, phase shifted).
  const auto b = make(fx.window_samples(), 100, [&](double t) {
    return std::array<double, 3>{nd(rng), 0.5 * std::sin(2 * kPi * 7 * t + 1.0) + nd(rng), 9.8 + nd(rng)};
  });
  std::normal_distribution<double> big(0.0, 1.0);
  const auto c = make(fx.window_samples(), 100, [&](double) {
    return std::array<double, 3>{big(rng), big(rng), 9.8 + big(rng)};
  });
  std::vector<double> o(FeatureExtractor::size()), single(FeatureExtractor::size());
  fx.compute_pair(a, b, o);
  EXPECT_GT(F(o, Feature::inter_sensor_coherence), 0.95);
  fx.compute(a, single);
  for (std::size_t i = 0; i + 1 < o.size(); ++i) EXPECT_DOUBLE_EQ(o[i], single[i]) << i;
  fx.compute_pair(a, c, o);
  EXPECT_LT(F(o, Feature::inter_sensor_coherence), 0.5);
}

TEST(Features, ComputeDoesNotAllocate) {
  for (double fs : {25.0, 100.0, 1000.0}) {
    FeatureExtractor fx(cfg_at(fs));
    std::mt19937_64 rng(1);
    std::normal_distribution<double> nd(0.0, 1.0);
    const auto w = make(fx.window_samples(), fs, [&](double t) {
      return std::array<double, 3>{std::sin(2 * kPi * 5 * t) + 0.1 * nd(rng), nd(rng), 9.8};
    });
    std::vector<double> out(FeatureExtractor::size());
    const long before = g_allocs.load();
    fx.compute(w, out);
    fx.compute_pair(w, w, out);
    EXPECT_EQ(g_allocs.load(), before) << "fs " << fs;
  }
}

TEST(Features, WrongSizesGiveNaN) {
  FeatureExtractor fx(cfg_at(100));
  std::vector<double> w(3 * fx.window_samples() - 3, 1.0), out(FeatureExtractor::size(), 0.0);
  fx.compute(w, out);
  for (double v : out) EXPECT_TRUE(std::isnan(v));
}

TEST(Features, ConfigValidation) {
  auto bad = [](auto mutate) {
    FeatureConfig c;
    mutate(c);
    EXPECT_THROW(FeatureExtractor{c}, tremorlab::InvalidArgument);
  };
  bad([](FeatureConfig& c) { c.fs = 10; });
  bad([](FeatureConfig& c) { c.fs = 2000; });
  bad([](FeatureConfig& c) { c.fs = NAN; });
  bad([](FeatureConfig& c) { c.window_s = 0.5; });
  bad([](FeatureConfig& c) { c.hop_s = 0; });
  bad([](FeatureConfig& c) { c.band_lo = 12; c.band_hi = 4; });
  bad([](FeatureConfig& c) { c.fs = 25; c.band_lo = 11; c.band_hi = 20; });  // capped band too narrow
  FeatureConfig ok;
  ok.fs = 25;  // band_hi 12 is capped at 11.25
  EXPECT_NO_THROW(FeatureExtractor{ok});
  FeatureExtractor fx(cfg_at(100));
  EXPECT_EQ(fx.window_samples(), 250u);
  EXPECT_EQ(fx.hop_samples(), 25u);
}

TEST(Batch, WindowsMatchSingleCompute) {
  const double fs = 100;
  FeatureExtractor fx(cfg_at(fs));
  std::mt19937_64 rng(5);
  std::normal_distribution<double> nd(0.0, 0.05);
  const auto acc = make(1234, fs, [&](double t) {
    return std::array<double, 3>{std::sin(2 * kPi * 5 * t) + nd(rng), nd(rng), 9.8 + nd(rng)};
  });
  const std::size_t nw = tremorlab::count_windows(1234, fx.window_samples(), fx.hop_samples());
  EXPECT_EQ(nw, (1234u - 250u) / 25u + 1u);
  std::vector<double> all(nw * FeatureExtractor::size());
  EXPECT_EQ(tremorlab::batch_features(fx, acc, all), nw);
  for (std::size_t k : {std::size_t(0), nw / 2, nw - 1}) {
    std::vector<double> w(acc.begin() + std::ptrdiff_t(3 * k * 25), acc.begin() + std::ptrdiff_t(3 * (k * 25 + 250)));
    const auto o = features_of(fx, w);
    for (std::size_t i = 0; i < o.size(); ++i) EXPECT_EQ(all[k * o.size() + i], o[i]);
  }
}

TEST(Batch, RejectsBadInput) {
  FeatureExtractor fx(cfg_at(100));
  std::vector<double> out(1000 * FeatureExtractor::size());
  std::vector<double> shortrec(3 * 100, 0.0);
  EXPECT_THROW(tremorlab::batch_features(fx, shortrec, out), tremorlab::InvalidInput);
  std::vector<double> nan(3 * 300, 0.0);
  nan[3 * 120 + 1] = NAN;
  EXPECT_THROW(tremorlab::batch_features(fx, nan, out), tremorlab::InvalidInput);
  std::vector<double> ragged(3 * 300 + 1, 0.0);
  EXPECT_THROW(tremorlab::batch_features(fx, ragged, out), tremorlab::InvalidInput);
  EXPECT_EQ(tremorlab::count_windows(249, 250, 25), 0u);
}

TEST(Batch, WorkersGiveTheSameFeaturesBitForBit) {
  // Windows are independent, so splitting them over threads (each with a copy of the extractor) must not
  // change a single bit; 900 windows give 1..3 parts of >= 256 windows.
  const double fs = 100;
  std::mt19937_64 rng(6);
  std::normal_distribution<double> nd(0.0, 0.05);
  const std::size_t frames = 250 + 899 * 25;
  const auto acc = make(frames, fs, [&](double t) {
    const double s = std::fmod(t, 40.0) < 20.0 ? std::sin(2 * kPi * 6 * t) : 0.0;
    return std::array<double, 3>{s + nd(rng), 0.5 * s + nd(rng), 9.8 + nd(rng)};
  });
  const auto other = make(frames, fs, [&](double t) {
    return std::array<double, 3>{0.3 * std::sin(2 * kPi * 6 * t + 0.4) + nd(rng), nd(rng), 9.8 + nd(rng)};
  });
  FeatureExtractor fx(cfg_at(fs));
  const std::size_t nw = tremorlab::count_windows(frames, fx.window_samples(), fx.hop_samples());
  ASSERT_EQ(nw, 900u);
  for (bool pair : {false, true}) {
    const std::span<const double> o2 = pair ? std::span<const double>(other) : std::span<const double>();
    std::vector<double> one(nw * FeatureExtractor::size());
    tremorlab::batch_features(fx, acc, one, o2, 1);
    for (std::size_t workers : {2u, 3u, 8u}) {
      std::vector<double> many(one.size(), -1.0);
      EXPECT_EQ(tremorlab::batch_features(fx, acc, many, o2, workers), nw);
      EXPECT_EQ(many, one) << "workers=" << workers << " pair=" << pair;
    }
  }
  std::vector<double> out(nw * FeatureExtractor::size());
  EXPECT_THROW(tremorlab::batch_features(fx, acc, out, {}, 0), tremorlab::InvalidArgument);
}

}  // namespace

namespace {
TEST(Features, StateBytesIndependentOfRate) {
  // The window is analysed at an internal rate of 50..100 Hz, so only the anti-alias FIR grows with fs.
  const tremorlab::FeatureExtractor fa(cfg_at(50)), f100(cfg_at(100)), fb(cfg_at(1000));
  EXPECT_GT(fa.state_bytes(), 3 * fa.window_samples() * sizeof(double));  // at least the detrended window
  EXPECT_LT(fb.state_bytes(), fa.state_bytes() + 8 * 1024);
  EXPECT_LE(f100.state_bytes(), 40u * 1024u) << f100.state_bytes();
  for (const auto* f : {&fa, &f100, &fb}) EXPECT_GE(f->nfft(), 3 * f->internal_samples() / 2);
}

TEST(Features, InternalRate) {
  struct Case {
    double fs;
    std::size_t d;
  };
  // Nominal rates estimated from timestamps (99.97 Hz for "100 Hz") keep the nominal rate's factor.
  for (const Case c : {Case{25, 1}, Case{50, 1}, Case{94, 1}, Case{95, 2}, Case{99.97, 2}, Case{100, 2},
                       Case{100.03, 2}, Case{142, 2}, Case{143, 3}, Case{150, 3}, Case{200, 4}, Case{256, 5},
                       Case{1000, 21}}) {
    const FeatureExtractor fx(cfg_at(c.fs));
    EXPECT_EQ(fx.decimation(), c.d) << c.fs;
    EXPECT_DOUBLE_EQ(fx.internal_rate(), c.fs / double(c.d));
    EXPECT_EQ(fx.internal_samples(), (fx.window_samples() - 1) / c.d + 1);
  }
  // A wider tremor band keeps a higher internal rate (band_hi stays inside the FIR's flat passband).
  FeatureConfig wide = cfg_at(1000);
  wide.band_hi = 30;
  EXPECT_EQ(FeatureExtractor(wide).decimation(), 11u);  // 1000 / (0.95 * 2.95 * 30) = 11.9
}

TEST(Features, DecimationFirResponse) {
  // |H(f)| of the anti-alias FIR from its taps (direct DTFT): flat below 0.36 * fs_i, >= 60 dB down above
  // 0.64 * fs_i (everything that would fold onto 0..0.36 fs_i), linear phase (symmetric), DC gain 1.
  for (std::size_t d : {2u, 3u, 4u, 5u, 21u}) {
    const auto h = tremorlab::detail::decimation_fir(d);
    ASSERT_EQ(h.size() % 2, 1u);
    long double sum = 0;
    for (std::size_t k = 0; k < h.size(); ++k) {
      sum += h[k];
      EXPECT_EQ(h[k], h[h.size() - 1 - k]);
    }
    EXPECT_NEAR(double(sum), 1.0, 1e-12);
    const double c = 0.5 * double(h.size() - 1);
    auto mag = [&](double f) {  // f in cycles per input sample; real response of the zero-phase filter
      long double r = 0;
      for (std::size_t k = 0; k < h.size(); ++k) r += h[k] * std::cos(2 * kPi * f * (double(k) - c));
      return std::abs(double(r));
    };
    const double fo = 1.0 / double(d);
    for (double f = 0; f <= 0.36 * fo; f += 0.002 * fo) EXPECT_NEAR(mag(f), 1.0, 2e-3) << "d " << d << " f " << f;
    for (double f = 0.64 * fo; f <= 0.5; f += 0.002 * fo) EXPECT_LT(mag(f), 1e-3) << "d " << d << " f " << f;
  }
}

TEST(Features, NoAliasingFromHighFrequencies) {
  // A strong vibration above the internal Nyquist rate would fold into the tremor band without the
  // anti-alias filter: 38 Hz at 100 Hz (-> 12 Hz at 50 Hz), 468 Hz at 1000 Hz (-> 8.2 Hz at 47.6 Hz).
  for (const auto [fs_case, f_case] : {std::pair{100.0, 38.0}, std::pair{1000.0, 468.0}, std::pair{150.0, 44.0}}) {
    const double fs = fs_case, f = f_case;  // (clang cannot capture structured bindings)
    FeatureExtractor fx(cfg_at(fs));
    ASSERT_GT(fx.decimation(), 1u);
    const auto w = make(fx.window_samples(), fs, [&](double t) {
      return std::array<double, 3>{2.0 * std::sin(2 * kPi * f * t), 1.0 * std::cos(2 * kPi * f * t), 9.8};
    });
    const auto o = features_of(fx, w);
    // The tone holds 2.5 m^2/s^4; what lands in 4..12 Hz must be ~60 dB below it.
    EXPECT_LT(std::pow(10.0, F(o, Feature::log_band_power)) - 1e-6, 2.5e-5) << fs;
  }
}
}  // namespace

namespace {
TEST(FeatureMath, Atan2FastMatchesLibm) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::uniform_real_distribution<double> e(-30.0, 30.0);
  double worst = 0;
  for (int i = 0; i < 200000; ++i) {
    const double s = std::pow(10.0, e(rng));
    const double y = u(rng) * s, x = u(rng) * s;
    worst = std::max(worst, std::abs(tremorlab::detail::atan2_fast(y, x) - std::atan2(y, x)));
  }
  EXPECT_LT(worst, 1e-15);
  // Axes, octant boundaries, signed zeros and non-finite values.
  const double inf = INFINITY;
  for (const auto [y, x] : {std::pair{0.0, 1.0}, std::pair{-0.0, 1.0}, std::pair{0.0, -1.0}, std::pair{-0.0, -1.0},
                            std::pair{1.0, 0.0}, std::pair{-1.0, 0.0}, std::pair{1.0, 1.0}, std::pair{-1.0, -1.0},
                            std::pair{1.0, -1.0}, std::pair{0.0, 0.0}, std::pair{-0.0, -0.0}, std::pair{inf, 1.0},
                            std::pair{1.0, -inf}, std::pair{1e-310, 3e-310}}) {
    const double a = tremorlab::detail::atan2_fast(y, x), b = std::atan2(y, x);
    EXPECT_NEAR(a, b, 1e-15) << y << " " << x;
    EXPECT_EQ(std::signbit(a), std::signbit(b)) << y << " " << x;
  }
  EXPECT_TRUE(std::isnan(tremorlab::detail::atan2_fast(std::nan(""), 1.0)));
}
}  // namespace

TEST(ShakingFrequency, TheRhythmOfATremorBelowTheBandReplacesItsFlankOrHarmonic) {
  // In-band peaks (default band 4-12 Hz) and rhythms by hand.
  const double lo = FeatureConfig{}.band_lo;
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(4.3, 3.5, lo), 3.5);  // flank: < 1 Hz above the rhythm
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(7.3, 3.5, lo), 3.5);  // 2nd harmonic 7.0, within 10 %
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(10.2, 3.5, lo), 3.5); // 3rd harmonic 10.5, within 10 %
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(6.0, 3.0, lo), 3.0);  // 2nd harmonic, exactly
  // An oscillation of its own over a slower rhythm: neither flank (>= 1 Hz above) nor harmonic.
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(4.5, 3.5, lo), 4.5);  // 1.0 Hz above: not the flank
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(7.0, 3.03, lo), 7.0); // 2 x 3.03 = 6.06, 0.94 away
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(8.5, 3.5, lo), 8.5);
  // Rhythms that are no tremor below the band: slower than 3 Hz, none (0), or inside the band.
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(5.6, 2.8, lo), 5.6);  // a jog's stride and its harmonic
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(6.0, 0.0, lo), 6.0);
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(6.0, 5.0, lo), 6.0);
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(12.0, 4.0, lo), 12.0);  // 4 Hz is the band's, not below it
  // The band's lower edge is the caller's: with a 3-12 Hz band a 3.5 Hz rhythm is inside it.
  EXPECT_DOUBLE_EQ(FeatureExtractor::shaking_frequency(7.0, 3.5, 3.0), 7.0);
}

TEST(ShakingFrequency, ATremorBelowTheBandWithAHarmonicIsReadAtItsRhythm) {
  // 3.5 Hz, 1 m/s^2, with a 2nd harmonic at 0.6 of it: the band (4-12 Hz) passes the harmonic at full size and
  // the fundamental's flank, so the band's dominant frequency is one of them; the rhythm is the tone.
  FeatureExtractor fx(cfg_at(100.0));
  const auto w = make(fx.window_samples(), 100.0, [&](double t) {
    return std::array<double, 3>{std::sin(2 * kPi * 3.5 * t) + 0.6 * std::sin(2 * kPi * 7.0 * t + 0.4), 0.0, 9.80665};
  });
  const auto o = features_of(fx, w);
  const double dominant = F(o, Feature::dominant_frequency), rhythm = fx.rhythm_of(o);
  EXPECT_NEAR(rhythm, 3.5, 0.1);
  EXPECT_GT(dominant, 4.0);  // the band's peak is not the tremor's frequency ...
  EXPECT_NEAR(FeatureExtractor::shaking_frequency(dominant, rhythm, fx.config().band_lo), 3.5, 0.1);  // ... this is
}
