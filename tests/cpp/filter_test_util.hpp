#pragma once
// Shared helpers of the filter tests: golden-file loading, frequency response, long-double reference.
#include <cmath>
#include <complex>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tremorlab/filter_design.hpp"

namespace filter_test {

inline nlohmann::json load_golden() {
  std::ifstream in(std::string(TREMORLAB_TEST_DATA_DIR) + "/filter_golden.json");
  return nlohmann::json::parse(in);
}

inline tremorlab::Sos sos_from_json(const nlohmann::json& j) {
  tremorlab::Sos s;
  for (const auto& r : j) s.push_back({r[0], r[1], r[2], r[3], r[4], r[5]});
  return s;
}

inline tremorlab::Sos design(const nlohmann::json& c) {
  const auto bt = tremorlab::parse_band_type(c["btype"].get<std::string>().c_str());
  const auto& w = c["wn"];
  if (w.size() == 1) return tremorlab::butter(c["order"].get<int>(), w[0].get<double>(), bt, c["fs"].get<double>());
  return tremorlab::butter(c["order"].get<int>(), std::array<double, 2>{w[0], w[1]}, bt, c["fs"].get<double>());
}

/// H(e^{j 2 pi f / fs}) of the cascade.
inline std::complex<double> response(const tremorlab::Sos& sos, double f, double fs) {
  const std::complex<double> zi = std::polar(1.0, -2.0 * M_PI * f / fs);  // z^-1
  std::complex<double> h{1.0, 0.0};
  for (const auto& s : sos) h *= (s.b0 + zi * (s.b1 + zi * s.b2)) / (s.a0 + zi * (s.a1 + zi * s.a2));
  return h;
}

/// Independent reference: each section as a direct-form-I difference equation in long double.
inline std::vector<double> reference_filter(const tremorlab::Sos& sos, const std::vector<double>& x) {
  std::vector<long double> v(x.begin(), x.end());
  for (const auto& s : sos) {
    std::vector<long double> y(v.size());
    const long double b0 = s.b0 / (long double)s.a0, b1 = s.b1 / (long double)s.a0, b2 = s.b2 / (long double)s.a0;
    const long double a1 = s.a1 / (long double)s.a0, a2 = s.a2 / (long double)s.a0;
    for (std::size_t n = 0; n < v.size(); ++n) {
      long double acc = b0 * v[n];
      if (n >= 1) acc += b1 * v[n - 1] - a1 * y[n - 1];
      if (n >= 2) acc += b2 * v[n - 2] - a2 * y[n - 2];
      y[n] = acc;
    }
    v = std::move(y);
  }
  return std::vector<double>(v.begin(), v.end());
}

inline double rms(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s / double(v.size()));
}

inline double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

}  // namespace filter_test
