// Welch PSD and periodogram: scipy golden vectors, a long-double naive-DFT reference, closed forms
// (Parseval, white-noise level, sine peak), error handling and the allocation-free compute().
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <complex>
#include <cstdlib>
#include <fstream>
#include <new>
#include <nlohmann/json.hpp>
#include <numbers>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "tremorlab/welch.hpp"

// Counting global allocator: lets a test prove that compute() does not allocate.
namespace {
std::atomic<long> g_allocs{0};
}
void* operator new(std::size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {
using namespace tremorlab;
using json = nlohmann::json;

json load(const std::string& name) {
  std::ifstream in(std::string(TREMORLAB_TEST_DATA_DIR) + "/" + name);
  EXPECT_TRUE(in.good()) << "missing golden file " << name;
  return json::parse(in);
}

Detrend detrend_of(const std::string& s) {
  return s == "none" ? Detrend::none : s == "linear" ? Detrend::linear : Detrend::constant;
}

// |a - b| <= rtol*|b| + atol, with atol a floor tied to the signal's power (bins that are zero in
// exact arithmetic, e.g. DC after detrending, only hold rounding noise in both implementations).
void expect_close(const std::vector<double>& got, const std::vector<double>& want, double rtol, double atol,
                  const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i)
    ASSERT_NEAR(got[i], want[i], rtol * std::abs(want[i]) + atol) << what << " at " << i;
}

double mean_square(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v * v;
  return s / static_cast<double>(x.size());
}

TEST(WelchGolden, MatchesScipyForAllOptionCombinations) {
  const json g = load("welch_cases.json");
  const auto x = g["x"].get<std::vector<double>>();
  const double fs = g["fs"].get<double>();
  const double floor = 1e-12 * mean_square(x);
  int n = 0;
  for (const auto& c : g["welch"]) {
    WelchOptions o;
    o.fs = fs;
    const auto win = c["window"].get<std::string>();
    if (win == "custom")
      o.window_values = c["window_values"].get<std::vector<double>>();
    else
      o.window = win;
    o.nperseg = c["nperseg"].get<std::size_t>();
    o.noverlap = c["noverlap"].get<long>();
    o.nfft = c["nfft"].get<std::size_t>();
    o.detrend = detrend_of(c["detrend"].get<std::string>());
    o.scaling = c["scaling"] == "density" ? Scaling::density : Scaling::spectrum;
    o.average = c["average"] == "mean" ? Average::mean : Average::median;
    o.return_onesided = c["return_onesided"].get<bool>();
    const Psd r = welch(x, o);
    const std::string what = c.dump().substr(0, 200);
    expect_close(r.f, c["f"].get<std::vector<double>>(), 1e-12, 0.0, "f " + what);
    expect_close(r.pxx, c["pxx"].get<std::vector<double>>(), 1e-9, floor, "pxx " + what);
    ++n;
  }
  EXPECT_EQ(n, 120);
}

TEST(WelchGolden, ShortInputReducesNpersegLikeScipy) {
  const json g = load("welch_cases.json");
  auto x = g["x"].get<std::vector<double>>();
  const auto& c = g["welch_short_input"];
  x.resize(c["n"].get<std::size_t>());
  WelchOptions o;
  o.fs = g["fs"].get<double>();
  o.nperseg = c["nperseg"].get<std::size_t>();
  const Psd r = welch(x, o);
  expect_close(r.f, c["f"].get<std::vector<double>>(), 1e-12, 0.0, "f");
  expect_close(r.pxx, c["pxx"].get<std::vector<double>>(), 1e-9, 1e-12 * mean_square(x), "pxx");
}

TEST(PeriodogramGolden, MatchesScipy) {
  const json g = load("welch_cases.json");
  const auto x = g["x"].get<std::vector<double>>();
  for (const auto& c : g["periodogram"]) {
    const Psd r = periodogram(x, g["fs"].get<double>(), c["window"].get<std::string>(), c["nfft"].get<std::size_t>(),
                              detrend_of(c["detrend"].get<std::string>()), c["return_onesided"].get<bool>(),
                              c["scaling"] == "density" ? Scaling::density : Scaling::spectrum);
    const std::string what = c.dump().substr(0, 120);
    expect_close(r.f, c["f"].get<std::vector<double>>(), 1e-12, 0.0, "f " + what);
    expect_close(r.pxx, c["pxx"].get<std::vector<double>>(), 1e-9, 1e-12 * mean_square(x), "pxx " + what);
  }
}

// Independent reference: textbook Welch in long double with a naive O(n^2) DFT.
std::vector<long double> naive_welch(const std::vector<double>& x, std::size_t nperseg, std::size_t noverlap,
                                     std::size_t nfft, double fs, bool median) {
  const long double pi = std::numbers::pi_v<long double>;
  std::vector<long double> w(nperseg);
  long double s2 = 0;
  for (std::size_t i = 0; i < nperseg; ++i) {
    w[i] = 0.5L - 0.5L * std::cos(2 * pi * static_cast<long double>(i) / static_cast<long double>(nperseg));
    s2 += w[i] * w[i];
  }
  const std::size_t step = nperseg - noverlap, nseg = (x.size() - nperseg) / step + 1, nb = nfft / 2 + 1;
  std::vector<std::vector<long double>> per(nb);
  for (std::size_t s = 0; s < nseg; ++s) {
    long double mean = 0;
    for (std::size_t i = 0; i < nperseg; ++i) mean += x[s * step + i];
    mean /= static_cast<long double>(nperseg);
    for (std::size_t k = 0; k < nb; ++k) {
      long double re = 0, im = 0;
      for (std::size_t i = 0; i < nperseg; ++i) {
        const long double v = (x[s * step + i] - mean) * w[i];
        const long double ph = -2 * pi * static_cast<long double>(k * i % nfft) / static_cast<long double>(nfft);
        re += v * std::cos(ph);
        im += v * std::sin(ph);
      }
      long double p = (re * re + im * im) / (static_cast<long double>(fs) * s2);
      if (k != 0 && !(nfft % 2 == 0 && k == nfft / 2)) p *= 2;
      per[k].push_back(p);
    }
  }
  std::vector<long double> out(nb);
  for (std::size_t k = 0; k < nb; ++k) {
    auto v = per[k];
    if (!median) {
      long double s = 0;
      for (auto p : v) s += p;
      out[k] = s / static_cast<long double>(v.size());
    } else {
      std::sort(v.begin(), v.end());
      const std::size_t m = v.size();
      long double med = m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
      long double bias = 1;  // Allen et al. 2012, appendix B
      for (std::size_t i = 1; i <= (m - 1) / 2; ++i) bias += 1.0L / (2.0L * i + 1) - 1.0L / (2.0L * i);
      out[k] = med / bias;
    }
  }
  return out;
}

TEST(WelchReference, MatchesLongDoubleNaiveDft) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<double> x(97);
  for (double& v : x) v = u(rng) + 0.3;
  struct Cfg { std::size_t nperseg, noverlap, nfft; bool median; };
  for (const Cfg c : {Cfg{16, 8, 16, false}, Cfg{16, 8, 20, true}, Cfg{15, 5, 15, false}, Cfg{15, 3, 31, true},
                      Cfg{14, 0, 14, false}, Cfg{24, 20, 27, true}}) {
    WelchOptions o;
    o.fs = 3.0;
    o.nperseg = c.nperseg;
    o.noverlap = static_cast<long>(c.noverlap);
    o.nfft = c.nfft;
    o.average = c.median ? Average::median : Average::mean;
    const Psd r = welch(x, o);
    const auto ref = naive_welch(x, c.nperseg, c.noverlap, c.nfft, 3.0, c.median);
    ASSERT_EQ(r.pxx.size(), ref.size());
    for (std::size_t k = 0; k < ref.size(); ++k) {
      EXPECT_NEAR(r.pxx[k], static_cast<double>(ref[k]), 1e-12 * static_cast<double>(ref[k]) + 1e-16)
          << "nperseg " << c.nperseg << " nfft " << c.nfft << " k " << k;
      EXPECT_DOUBLE_EQ(r.f[k], 3.0 * static_cast<double>(k) / static_cast<double>(c.nfft));
    }
  }
}

TEST(RealFft, MatchesLongDoubleDftIncludingBluesteinLengths) {
  // 256/255/200 use KissFFT directly; 151, 302 (= 2 * 151) and 1009 have a prime factor > 150 and
  // go through Bluestein's algorithm.
  for (std::size_t n : {1u, 2u, 3u, 7u, 200u, 255u, 256u, 151u, 302u, 1009u}) {
    detail::RealFft fft(n);
    EXPECT_EQ(fft.uses_bluestein(), detail::largest_prime_factor(n % 2 ? n : n / 2) > 150) << n;
    std::mt19937_64 rng(n);
    std::normal_distribution<double> nd;
    std::vector<double> x(n);
    for (double& v : x) v = nd(rng);
    std::vector<std::complex<double>> out(fft.nbins());
    fft.forward(x.data(), out.data());
    const long double pi = std::numbers::pi_v<long double>;
    long double scale = 0;
    for (double v : x) scale += std::abs(v);
    for (std::size_t k = 0; k < fft.nbins(); ++k) {
      long double re = 0, im = 0;
      for (std::size_t j = 0; j < n; ++j) {
        const long double ph = -2 * pi * static_cast<long double>(k * j % n) / static_cast<long double>(n);
        re += x[j] * std::cos(ph);
        im += x[j] * std::sin(ph);
      }
      EXPECT_NEAR(out[k].real(), static_cast<double>(re), 1e-14 * static_cast<double>(scale)) << n << " " << k;
      EXPECT_NEAR(out[k].imag(), static_cast<double>(im), 1e-14 * static_cast<double>(scale)) << n << " " << k;
    }
  }
  EXPECT_EQ(detail::largest_prime_factor(1), 1u);
  EXPECT_EQ(detail::largest_prime_factor(360000), 5u);
  EXPECT_EQ(detail::largest_prime_factor(2 * 100003), 100003u);
}

TEST(WelchClosedForm, ParsevalTwoSidedBoxcarSpectrum) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> nd(0.5, 2.0);
  for (std::size_t n : {64u, 63u, 1000u, 1u}) {
    std::vector<double> x(n);
    for (double& v : x) v = nd(rng);
    const Psd r = periodogram(x, 10.0, "boxcar", 0, Detrend::none, /*return_onesided=*/false, Scaling::spectrum);
    ASSERT_EQ(r.pxx.size(), n);
    double sum = 0;
    for (double p : r.pxx) sum += p;
    EXPECT_NEAR(sum, mean_square(x), 1e-12 * mean_square(x)) << n;
    // The one-sided density integrates to the same power: sum(P) * df.
    const Psd d = periodogram(x, 10.0, "boxcar", 0, Detrend::none, true, Scaling::density);
    double sd = 0;
    for (double p : d.pxx) sd += p;
    if (n > 1) EXPECT_NEAR(sd * 10.0 / static_cast<double>(n), mean_square(x), 1e-12 * mean_square(x)) << n;
  }
}

TEST(WelchClosedForm, WhiteNoiseDensityIsTwoSigmaSquaredOverFs) {
  std::mt19937_64 rng(11);
  const double sigma = 1.7, fs = 100.0;
  std::normal_distribution<double> nd(0.0, sigma);
  std::vector<double> x(400000);
  for (double& v : x) v = nd(rng);
  WelchOptions o;
  o.fs = fs;
  o.nperseg = 256;
  for (Average a : {Average::mean, Average::median}) {
    o.average = a;
    const Psd r = welch(x, o);
    double m = 0;
    for (std::size_t k = 1; k + 1 < r.pxx.size(); ++k) m += r.pxx[k];
    m /= static_cast<double>(r.pxx.size() - 2);
    // 3125 segments x 127 bins: the average is within ~0.5% of its expectation.
    EXPECT_NEAR(m, 2 * sigma * sigma / fs, 0.02 * 2 * sigma * sigma / fs);
  }
}

TEST(WelchClosedForm, SineOnABinPeaksThereWithPowerASquaredOverTwo) {
  const double fs = 128.0, A = 3.0;
  const std::size_t n = 4096, nperseg = 256, k0 = 37;  // f0 = 18.5 Hz exactly on bin 37
  const double f0 = fs * static_cast<double>(k0) / static_cast<double>(nperseg);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = A * std::sin(2 * std::numbers::pi * f0 * static_cast<double>(i) / fs + 0.2);
  WelchOptions o;
  o.fs = fs;
  o.nperseg = nperseg;
  o.window = "boxcar";
  o.scaling = Scaling::spectrum;
  const Psd r = welch(x, o);
  const auto kmax = static_cast<std::size_t>(std::max_element(r.pxx.begin(), r.pxx.end()) - r.pxx.begin());
  EXPECT_EQ(kmax, k0);
  EXPECT_NEAR(r.f[kmax], f0, 1e-12);
  EXPECT_NEAR(r.pxx[k0], A * A / 2, 1e-9);
  // Hann: same bin; the spectrum-scaled peak is still A^2/2 (coherent gain is divided out).
  o.window = "hann";
  const Psd h = welch(x, o);
  EXPECT_EQ(std::max_element(h.pxx.begin(), h.pxx.end()) - h.pxx.begin(), static_cast<long>(k0));
  EXPECT_NEAR(h.pxx[k0], A * A / 2, 1e-9);
}

TEST(WelchEstimator, ComputeChannelsEqualsPerChannelAndIsRepeatable) {
  WelchOptions o;
  o.nperseg = 50;
  o.nfft = 70;
  o.average = Average::median;
  o.max_input_length = 500;
  WelchEstimator est(o);
  std::mt19937_64 rng(5);
  std::normal_distribution<double> nd;
  std::vector<double> x(3 * 500);
  for (double& v : x) v = nd(rng);
  std::vector<double> all(3 * est.nfreq()), one(est.nfreq());
  est.compute_channels(x, 3, all);
  for (std::size_t c = 0; c < 3; ++c) {
    est.compute(std::span<const double>(x).subspan(c * 500, 500), one);
    for (std::size_t k = 0; k < one.size(); ++k) EXPECT_EQ(one[k], all[c * est.nfreq() + k]);
  }
  EXPECT_EQ(est.nsegments(500), (500u - 50u) / 25u + 1u);
}

TEST(WelchEstimator, ComputeDoesNotAllocate) {
  std::vector<double> x(3000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.1 * static_cast<double>(i)) + 0.01 * static_cast<double>(i % 7);
  // Even nfft (real plan), odd nfft (complex plan), a generic prime radix (plan size 7), median.
  for (auto [np, nfft, med] : {std::tuple{256u, 256u, false}, std::tuple{200u, 201u, false},
                               std::tuple{14u, 14u, false}, std::tuple{97u, 194u, true},
                               std::tuple{302u, 302u, false}}) {  // 302 = 2 * 151: Bluestein
    WelchOptions o;
    o.nperseg = np;
    o.nfft = nfft;
    o.average = med ? Average::median : Average::mean;
    o.detrend = Detrend::linear;
    o.max_input_length = x.size();
    WelchEstimator est(o);
    std::vector<double> out(est.nfreq());
    const long before = g_allocs.load();
    est.compute(x, out);
    est.compute(std::span<const double>(x).first(1000), out);
    EXPECT_EQ(g_allocs.load() - before, 0) << "nperseg " << np << " nfft " << nfft;
  }
}

TEST(WelchErrors, InvalidOptionsThrowInvalidArgument) {
  auto make = [](auto edit) {
    WelchOptions o;
    edit(o);
    return WelchEstimator(o);
  };
  EXPECT_THROW(make([](WelchOptions& o) { o.window = "kaiser"; }), InvalidArgument);
  EXPECT_THROW(make([](WelchOptions& o) { o.noverlap = 256; }), InvalidArgument);
  EXPECT_THROW(make([](WelchOptions& o) { o.nfft = 100; }), InvalidArgument);
  EXPECT_THROW(make([](WelchOptions& o) { o.fs = 0; }), InvalidArgument);
  EXPECT_THROW(make([](WelchOptions& o) { o.fs = std::nan(""); }), InvalidArgument);
  EXPECT_THROW(make([](WelchOptions& o) { o.window_values = {1, 2, 3}; o.nperseg = 4; }), InvalidArgument);
  EXPECT_THROW(make([](WelchOptions& o) { o.window_values = {1, INFINITY}; }), InvalidArgument);
  EXPECT_THROW(make([](WelchOptions& o) { o.window_values = {0, 0, 0}; }), InvalidArgument);
  EXPECT_THROW(make([](WelchOptions& o) { o.window_values = {1, -1}; o.scaling = Scaling::spectrum; }), InvalidArgument);
  EXPECT_NO_THROW(make([](WelchOptions& o) { o.window_values = {1, -1}; }));
  EXPECT_THROW(get_window("hanning", 8), InvalidArgument);
}

TEST(WelchErrors, BadInputThrowsInvalidInputBeforeWriting) {
  WelchOptions o;
  o.nperseg = 8;
  WelchEstimator est(o);
  std::vector<double> out(est.nfreq(), -7.0);
  std::vector<double> x(32, 1.0);
  x[20] = std::nan("");
  EXPECT_THROW(est.compute(x, out), InvalidInput);
  x[20] = -INFINITY;
  EXPECT_THROW(est.compute(x, out), InvalidInput);
  EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](double v) { return v == -7.0; }));
  EXPECT_THROW(est.compute(std::vector<double>(7, 1.0), out), InvalidInput);
  EXPECT_THROW(est.compute(std::vector<double>{}, out), InvalidInput);
  std::vector<double> small(3);
  EXPECT_THROW(est.compute(std::vector<double>(32, 1.0), small), InvalidArgument);
  std::vector<double> two(2 * est.nfreq());
  x[20] = 0;
  std::vector<double> xx(x.begin(), x.end());
  xx.insert(xx.end(), x.begin(), x.end());
  xx[40] = std::nan("");
  EXPECT_THROW(est.compute_channels(xx, 2, two), InvalidInput);  // NaN in the second channel
  EXPECT_THROW(est.compute_channels(xx, 3, two), InvalidInput);  // 64 samples are not 3 channels
  EXPECT_THROW(welch(std::vector<double>{}), InvalidInput);
  EXPECT_THROW(periodogram(std::vector<double>{}), InvalidInput);
  WelchOptions ow;
  ow.window_values = std::vector<double>(16, 1.0);
  EXPECT_THROW(welch(std::vector<double>(10, 1.0), ow), InvalidInput);
}

}  // namespace
