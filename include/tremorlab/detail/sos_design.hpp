#pragma once
// Implementation of filter_design.hpp: a line-by-line port of scipy.signal's buttap -> lp2*_zpk ->
// bilinear_zpk -> zpk2sos(pairing='nearest') so that the section order and the gain placement match
// scipy.signal.butter(..., output='sos'). Included at the end of filter_design.hpp.
//
// Bit-for-bit agreement, not just closeness, is the goal: zpk2sos pairs poles with zeros by comparing
// distances and |p|, and a band symmetric about fs/4 makes those comparisons exact ties that the last
// ulp decides; 16th-24th order designs with an edge near 0 also amplify a 1-ulp coefficient change to
// ~1e-9 of the output. So every complex operation below reproduces what numpy does, not what
// std::complex does: numpy divides with Smith's algorithm using a reciprocal (np_div), its SIMD array
// multiply/square fuses (np_mul; numpy's AVX2/AVX-512/NEON dispatch), its reductions (np.prod,
// np.convolve) do not fuse (np_mul_nofma), and its SIMD |z| is max*sqrt(fma(r, r, 1)) (np_abs).
// On an x86-64 CPU without FMA numpy's array multiply does not fuse; there results may differ from
// scipy's by an ulp (the response still agrees to ~1e-15).
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <numeric>
#include <numbers>
#include <span>
#include <array>
#include <cctype>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace tremorlab::detail {

using cplx = std::complex<double>;

struct Zpk {
  std::vector<cplx> z, p;
  double k{1.0};
};

inline bool is_real(const cplx& c) noexcept { return c.imag() == 0.0; }

/// numpy's element-wise complex multiply (SIMD loop, fused).
inline cplx np_mul(cplx a, cplx b) noexcept {
  return {std::fma(a.real(), b.real(), -(a.imag() * b.imag())), std::fma(a.real(), b.imag(), a.imag() * b.real())};
}

/// numpy's scalar complex multiply (reductions, dot products): plain, one rounding per operation.
/// Separate statements keep compilers that contract within an expression from fusing.
inline cplx np_mul_nofma(cplx a, cplx b) noexcept {
  const double rr = a.real() * b.real();
  const double ii = a.imag() * b.imag();
  const double ri = a.real() * b.imag();
  const double ir = a.imag() * b.real();
  return {rr - ii, ri + ir};
}

/// numpy's complex division (Smith's algorithm with a reciprocal), for arrays and scalars alike.
inline cplx np_div(cplx a, cplx b) noexcept {
  const double ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
  if (std::abs(br) >= std::abs(bi)) {
    if (br == 0.0 && bi == 0.0) return {ar / std::abs(br), ai / std::abs(bi)};
    const double rat = bi / br;
    const double scl = 1.0 / (br + bi * rat);
    return {(ar + ai * rat) * scl, (ai - ar * rat) * scl};
  }
  const double rat = br / bi;
  const double scl = 1.0 / (bi + br * rat);
  return {(ar * rat + ai) * scl, (ai * rat - ar) * scl};
}

/// numpy's SIMD complex absolute value.
inline double np_abs(cplx c) noexcept {
  const double re = std::abs(c.real()), im = std::abs(c.imag());
  if (std::isinf(re) || std::isinf(im)) return std::numeric_limits<double>::infinity();
  if (std::isnan(re) || std::isnan(im)) return std::numeric_limits<double>::quiet_NaN();
  const double larger = std::max(re, im), smaller = std::min(re, im);
  if (larger == 0.0) return 0.0;
  const double ratio = smaller / larger;
  return std::sqrt(std::fma(ratio, ratio, 1.0)) * larger;
}

/// Python's float ** float, i.e. libm pow. The exponent goes through a volatile so that the compiler
/// cannot fold pow(x, 2.0) into x * x: glibc's pow is not always correctly rounded, and scipy uses it.
inline double py_pow(double x, double y) noexcept {
  volatile double vy = y;
  return std::pow(x, static_cast<double>(vy));
}

/// np.prod: a sequential, unfused reduction (1 for an empty array).
inline cplx prod(const std::vector<cplx>& v) {
  if (v.empty()) return cplx{1.0, 0.0};
  cplx r = v.front();
  for (std::size_t i = 1; i < v.size(); ++i) r = np_mul_nofma(r, v[i]);
  return r;
}

/// Analog Butterworth prototype (scipy.signal.buttap).
inline Zpk buttap(int n) {
  Zpk out;
  for (int m = -n + 1; m < n; m += 2) {
    // numpy: -exp(1j * pi * m / (2 * N)); numpy divides a complex array by the real 2N through the
    // reciprocal, so do the same.
    const double theta = (std::numbers::pi * double(m)) * (1.0 / double(2 * n));
    out.p.push_back(-std::exp(cplx(0.0, theta)));
  }
  return out;
}

inline Zpk lp2lp(Zpk f, double wo) {
  const auto degree = static_cast<int>(f.p.size() - f.z.size());
  for (auto& z : f.z) z = np_mul(cplx{wo, 0.0}, z);
  for (auto& p : f.p) p = np_mul(cplx{wo, 0.0}, p);
  f.k *= py_pow(wo, double(degree));
  return f;
}

inline Zpk lp2hp(Zpk f, double wo) {
  const auto degree = f.p.size() - f.z.size();
  std::vector<cplx> mz, mp;
  for (auto z : f.z) mz.push_back(-z);
  for (auto p : f.p) mp.push_back(-p);
  const double kk = f.k * np_div(prod(mz), prod(mp)).real();
  for (auto& z : f.z) z = np_div(cplx{wo, 0.0}, z);
  for (auto& p : f.p) p = np_div(cplx{wo, 0.0}, p);
  f.z.insert(f.z.end(), degree, cplx{0.0, 0.0});
  f.k = kk;
  return f;
}

inline Zpk lp2bp(const Zpk& f, double wo, double bw) {
  const auto degree = f.p.size() - f.z.size();
  const double wo2 = py_pow(wo, 2.0);  // Python's wo**2
  auto split = [&](const std::vector<cplx>& v) {
    std::vector<cplx> lo, out;
    // numpy: z * bw / 2 as complex operations; the signs of zero they produce decide the branch
    // csqrt takes for the real pole of odd orders.
    for (auto c : v) lo.push_back(np_div(np_mul(c, cplx{bw, 0.0}), cplx{2.0, 0.0}));
    for (auto c : lo) out.push_back(c + std::sqrt(np_mul(c, c) - wo2));
    for (auto c : lo) out.push_back(c - std::sqrt(np_mul(c, c) - wo2));
    return out;
  };
  Zpk o;
  o.z = split(f.z);
  o.p = split(f.p);
  o.z.insert(o.z.end(), degree, cplx{0.0, 0.0});
  o.k = f.k * py_pow(bw, double(degree));
  return o;
}

inline Zpk lp2bs(const Zpk& f, double wo, double bw) {
  const auto degree = f.p.size() - f.z.size();
  const double wo2 = py_pow(wo, 2.0);  // Python's wo**2
  auto split = [&](const std::vector<cplx>& v) {
    std::vector<cplx> hp, out;
    for (auto c : v) hp.push_back(np_div(cplx{bw / 2.0, 0.0}, c));
    for (auto c : hp) out.push_back(c + std::sqrt(np_mul(c, c) - wo2));
    for (auto c : hp) out.push_back(c - std::sqrt(np_mul(c, c) - wo2));
    return out;
  };
  Zpk o;
  o.z = split(f.z);
  o.p = split(f.p);
  o.z.insert(o.z.end(), degree, cplx{0.0, wo});
  o.z.insert(o.z.end(), degree, cplx{0.0, -wo});
  std::vector<cplx> mz, mp;
  for (auto z : f.z) mz.push_back(-z);
  for (auto p : f.p) mp.push_back(-p);
  o.k = f.k * np_div(prod(mz), prod(mp)).real();
  return o;
}

inline Zpk bilinear(const Zpk& f, double fs) {
  const auto degree = f.p.size() - f.z.size();
  const double fs2 = 2.0 * fs;
  Zpk o;
  std::vector<cplx> nz, np;
  // numpy promotes the scalar to fs2+0j, so the imaginary parts are 0 + im and 0 - im (signed zeros).
  auto plus = [fs2](cplx c) { return cplx{fs2 + c.real(), 0.0 + c.imag()}; };
  auto minus = [fs2](cplx c) { return cplx{fs2 - c.real(), 0.0 - c.imag()}; };
  for (auto z : f.z) {
    o.z.push_back(np_div(plus(z), minus(z)));
    nz.push_back(minus(z));
  }
  for (auto p : f.p) {
    o.p.push_back(np_div(plus(p), minus(p)));
    np.push_back(minus(p));
  }
  o.z.insert(o.z.end(), degree, cplx{-1.0, 0.0});
  o.k = f.k * np_div(prod(nz), prod(np)).real();
  return o;
}

/// scipy's _cplxreal followed by concatenate((zc, zr)): one representative (positive imaginary part)
/// per conjugate pair, sorted by real part, then the real values.
inline std::vector<cplx> cplxreal(std::vector<cplx> z) {
  if (z.empty()) return z;
  const double tol = 100 * std::numeric_limits<double>::epsilon();
  // np.lexsort((abs(z.imag), z.real)): primary key real part, secondary |imag|; stable.
  std::stable_sort(z.begin(), z.end(), [](const cplx& a, const cplx& b) {
    if (a.real() != b.real()) return a.real() < b.real();
    return std::abs(a.imag()) < std::abs(b.imag());
  });
  std::vector<cplx> zr, zp, zn;
  for (const auto& c : z) {
    if (std::abs(c.imag()) <= tol * np_abs(c))
      zr.push_back(cplx{c.real(), 0.0});
    else if (c.imag() > 0)
      zp.push_back(c);
    else
      zn.push_back(c);
  }
  if (zp.size() != zn.size()) throw InvalidArgument("zpk2sos: complex value without matching conjugate");
  // Runs of (nearly) equal real part are re-sorted by |imag| so that conjugates line up.
  std::size_t i = 0;
  while (i + 1 < zp.size() + 1 && i < zp.size()) {
    std::size_t j = i;
    while (j + 1 < zp.size() && zp[j + 1].real() - zp[j].real() <= tol * np_abs(zp[j])) ++j;
    if (j > i) {
      auto by_imag = [](const cplx& a, const cplx& b) { return std::abs(a.imag()) < std::abs(b.imag()); };
      std::stable_sort(zp.begin() + long(i), zp.begin() + long(j) + 1, by_imag);
      std::stable_sort(zn.begin() + long(i), zn.begin() + long(j) + 1, by_imag);
    }
    i = j + 1;
  }
  std::vector<cplx> out;
  for (std::size_t k = 0; k < zp.size(); ++k) {
    if (np_abs(zp[k] - std::conj(zn[k])) > tol * np_abs(zn[k]))
      throw InvalidArgument("zpk2sos: complex value without matching conjugate");
    out.push_back((zp[k] + std::conj(zn[k])) / 2.0);
  }
  out.insert(out.end(), zr.begin(), zr.end());
  return out;
}

enum class Which { real, complex, any };

/// scipy's _nearest_real_complex_idx: index of the element of `fro` closest to `to` with the given kind.
inline std::size_t nearest_idx(const std::vector<cplx>& fro, cplx to, Which which) {
  std::vector<std::size_t> order(fro.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return np_abs(fro[a] - to) < np_abs(fro[b] - to); });
  for (auto idx : order) {
    if (which == Which::any) return idx;
    if ((which == Which::real) == is_real(fro[idx])) return idx;
  }
  return order.front();  // unreachable for valid designs; keeps the function total
}

/// idx_worst for digital filters: the pole closest to the unit circle (first on ties, like argmin).
inline std::size_t idx_worst(const std::vector<cplx>& p) {
  std::size_t best = 0;
  double bv = std::abs(1.0 - np_abs(p[0]));
  for (std::size_t i = 1; i < p.size(); ++i) {
    const double v = std::abs(1.0 - np_abs(p[i]));
    if (v < bv) bv = v, best = i;
  }
  return best;
}

/// Polynomial with the given roots (highest power first), as numpy's poly: repeated convolution.
inline std::vector<cplx> poly(const std::vector<cplx>& roots) {
  std::vector<cplx> a{cplx{1.0, 0.0}};
  for (const auto& r : roots) {
    std::vector<cplx> n(a.size() + 1, cplx{0.0, 0.0});
    for (std::size_t i = 0; i < a.size(); ++i) {
      n[i] += a[i];
      n[i + 1] += np_mul_nofma(a[i], -r);
    }
    a = std::move(n);
  }
  return a;
}

inline Section single_zpksos(const std::vector<cplx>& z, const std::vector<cplx>& p) {
  const auto b = poly(z);
  const auto a = poly(p);
  double row[6] = {0, 0, 0, 0, 0, 0};
  for (std::size_t i = 0; i < b.size(); ++i) row[3 - b.size() + i] = b[i].real();
  for (std::size_t i = 0; i < a.size(); ++i) row[6 - a.size() + i] = a[i].real();
  return Section{row[0], row[1], row[2], row[3], row[4], row[5]};
}

inline std::size_t count_real(const std::vector<cplx>& v) {
  return static_cast<std::size_t>(std::count_if(v.begin(), v.end(), is_real));
}

/// scipy.signal.zpk2sos with pairing='nearest' (digital).
inline Sos zpk2sos(std::vector<cplx> z, std::vector<cplx> p, double k) {
  if (z.empty() && p.empty()) return Sos{Section{k, 0, 0, 1, 0, 0}};
  if (p.size() < z.size()) p.insert(p.end(), z.size() - p.size(), cplx{0, 0});
  if (z.size() < p.size()) z.insert(z.end(), p.size() - z.size(), cplx{0, 0});
  const std::size_t n_sections = (std::max(p.size(), z.size()) + 1) / 2;
  if (p.size() % 2 == 1) {
    p.push_back(cplx{0, 0});
    z.push_back(cplx{0, 0});
  }
  z = cplxreal(std::move(z));
  p = cplxreal(std::move(p));
  Sos sos(n_sections, Section{0, 0, 0, 0, 0, 0});
  auto take = [](std::vector<cplx>& v, std::size_t i) {
    const cplx c = v[i];
    v.erase(v.begin() + long(i));
    return c;
  };
  for (std::size_t si = n_sections; si-- > 0;) {
    const cplx p1 = take(p, idx_worst(p));
    if (is_real(p1) && count_real(p) == 0) {
      const cplx z1 = take(z, nearest_idx(z, p1, Which::real));
      sos[si] = single_zpksos({z1, cplx{0, 0}}, {p1, cplx{0, 0}});
    } else if (p.size() + 1 == z.size() && !is_real(p1) && count_real(p) == 1 && count_real(z) == 1) {
      const cplx z1 = take(z, nearest_idx(z, p1, Which::complex));
      sos[si] = single_zpksos({z1, std::conj(z1)}, {p1, std::conj(p1)});
    } else {
      cplx p2;
      if (is_real(p1)) {
        std::vector<std::size_t> real_idx;
        std::vector<cplx> reals;
        for (std::size_t i = 0; i < p.size(); ++i)
          if (is_real(p[i])) real_idx.push_back(i), reals.push_back(p[i]);
        p2 = take(p, real_idx[idx_worst(reals)]);
      } else {
        p2 = std::conj(p1);
      }
      if (!z.empty()) {
        const cplx z1 = take(z, nearest_idx(z, p1, Which::any));
        if (!is_real(z1)) {
          sos[si] = single_zpksos({z1, std::conj(z1)}, {p1, p2});
        } else if (!z.empty()) {
          const cplx z2 = take(z, nearest_idx(z, p1, Which::real));
          sos[si] = single_zpksos({z1, z2}, {p1, p2});
        } else {
          sos[si] = single_zpksos({z1}, {p1, p2});
        }
      } else {
        sos[si] = single_zpksos({}, {p1, p2});
      }
    }
  }
  sos[0].b0 *= k;
  sos[0].b1 *= k;
  sos[0].b2 *= k;
  return sos;
}

inline std::string fmt_double(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

inline void check_common(int order, double fs) {
  if (order < 1 || order > 12)
    throw InvalidArgument("butter: filter order must be in 1..12, got " + std::to_string(order));
  if (!std::isfinite(fs) || !(fs > 0))
    throw InvalidArgument("butter: sampling frequency fs must be a positive finite number, got " + fmt_double(fs));
}

inline double warp(double wn) {
  const double fs = 2.0;
  return 2.0 * fs * std::tan(std::numbers::pi * wn / fs);
}

/// scipy.signal.butter(order, wn, type, analog, output='zpk', fs): the whole design up to the zpk form, with
/// iirfilter's checks. Any order >= 0 (scipy has no upper limit; the public SOS butter() keeps 1..12). `wn`
/// holds one edge (low/high) or two (band-pass/-stop): in the units of `fs` for a digital filter (fs = 2.0:
/// Nyquist == 1), in rad/s for an analog one (fs is then ignored).
inline Zpk butter_zpk(int order, std::span<const double> wn, BandType type, bool analog, double fs = 2.0) {
  if (order < 0) throw InvalidArgument("butter: filter order must be a non-negative integer, got " + std::to_string(order));
  if (!analog && (!std::isfinite(fs) || !(fs > 0)))
    throw InvalidArgument("butter: sampling frequency fs must be a positive finite number, got " + fmt_double(fs));
  const bool band = type == BandType::bandpass || type == BandType::bandstop;
  if (!band && wn.size() != 1)
    throw InvalidArgument("butter: low-pass and high-pass filters take a single critical frequency");
  if (band && wn.size() != 2)
    throw InvalidArgument("butter: band-pass and band-stop filters need two critical frequencies [low, high]");
  std::array<double, 2> w{};
  for (std::size_t i = 0; i < wn.size(); ++i) {
    if (!std::isfinite(wn[i]))
      throw InvalidArgument("butter: critical frequency must be finite, got " + fmt_double(wn[i]));
    w[i] = analog ? wn[i] : wn[i] / (fs / 2.0);
    if (!(w[i] > 0.0)) throw InvalidArgument("butter: filter critical frequencies must be greater than 0, got " + fmt_double(wn[i]));
  }
  if (band && !(w[0] < w[1]))
    throw InvalidArgument("butter: Wn[0] must be less than Wn[1], got [" + fmt_double(wn[0]) + ", " + fmt_double(wn[1]) + "]");
  if (!analog)
    for (std::size_t i = 0; i < wn.size(); ++i)
      if (!(w[i] < 1.0))
        throw InvalidArgument("butter: digital filter critical frequencies must be 0 < Wn < fs/2 (fs=" + fmt_double(fs) +
                              " -> fs/2=" + fmt_double(fs / 2) + "), got " + fmt_double(wn[i]));
  auto edge = [analog](double v) { return analog ? v : warp(v); };
  auto proto = buttap(order);
  Zpk f;
  if (!band) {
    const double wo = edge(w[0]);
    f = type == BandType::lowpass ? lp2lp(std::move(proto), wo) : lp2hp(std::move(proto), wo);
  } else {
    const double w0 = edge(w[0]), w1 = edge(w[1]);
    f = type == BandType::bandpass ? lp2bp(proto, std::sqrt(w0 * w1), w1 - w0) : lp2bs(proto, std::sqrt(w0 * w1), w1 - w0);
  }
  return analog ? f : bilinear(f, 2.0);
}

/// scipy.signal.zpk2tf: b = k * poly(z), a = poly(p). A Butterworth design's zeros and poles come in
/// conjugate pairs, so the polynomials are real and only their real parts are kept (as scipy does then).
struct TransferFunction {
  std::vector<double> b, a;
};

inline TransferFunction zpk2tf(const Zpk& f) {
  TransferFunction tf;
  for (const auto& c : poly(f.z)) tf.b.push_back(f.k * c.real());
  for (const auto& c : poly(f.p)) tf.a.push_back(c.real());
  return tf;
}

}  // namespace tremorlab::detail

namespace tremorlab {

inline BandType parse_band_type(const char* name) {
  if (name == nullptr) throw InvalidArgument("butter: band type is null");
  std::string s(name);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "band" || s == "bandpass" || s == "pass" || s == "bp") return BandType::bandpass;
  if (s == "bs" || s == "bandstop" || s == "bands" || s == "stop") return BandType::bandstop;
  if (s == "l" || s == "low" || s == "lowpass" || s == "lp") return BandType::lowpass;
  if (s == "h" || s == "high" || s == "highpass" || s == "hp") return BandType::highpass;
  throw InvalidArgument("butter: '" + std::string(name) + "' is an invalid bandtype for filter");
}

inline Sos butter(int order, double wn, BandType type, double fs) {
  detail::check_common(order, fs);
  auto f = detail::butter_zpk(order, std::span<const double>(&wn, 1), type, false, fs);
  return detail::zpk2sos(std::move(f.z), std::move(f.p), f.k);
}

inline Sos butter(int order, std::array<double, 2> wn, BandType type, double fs) {
  detail::check_common(order, fs);
  auto f = detail::butter_zpk(order, wn, type, false, fs);
  return detail::zpk2sos(std::move(f.z), std::move(f.p), f.k);
}

}  // namespace tremorlab
