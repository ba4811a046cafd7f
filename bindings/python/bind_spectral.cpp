// Spectral core for Python: Welch/periodogram over many channels in one call, windows, band measures.
// The Python layer (python/tremorlab/spectral.py) does the scipy-style axis/dtype handling and hands
// over C-contiguous float64 (channels, samples) arrays; everything numerical and every option check
// happens here, in the C++ core, with the GIL released during the computation.
#include <string>
#include <utility>
#include <vector>

#include "common.hpp"
#include "tremorlab/band_measures.hpp"
#include "tremorlab/welch.hpp"

namespace tremorlab::py_bind {
namespace {

using Arr = py::array_t<double, py::array::c_style | py::array::forcecast>;

// Real numeric array -> C-contiguous float64 of the given ndim; finiteness is left to the C++ core.
Arr as_f64_nd(const py::handle& obj, const char* name, py::ssize_t ndim) {
  auto out = as_f64(obj, name, /*require_finite=*/false);
  if (out.ndim() != ndim)
    throw py::value_error(std::string(name) + ": expected a " + std::to_string(ndim) + "-D array, got " +
                          std::to_string(out.ndim()) + "-D");
  return out;
}

std::size_t to_size(long long v, const char* name, long long min) {
  if (v < min)
    throw py::value_error(std::string(name) + " must be >= " + std::to_string(min) + ", got " + std::to_string(v));
  return static_cast<std::size_t>(v);
}

Detrend parse_detrend(const py::object& d) {
  if (d.is_none() || (py::isinstance<py::bool_>(d) && !d.cast<bool>())) return Detrend::none;
  if (py::isinstance<py::str>(d)) {
    const auto s = d.cast<std::string>();
    if (s == "constant") return Detrend::constant;
    if (s == "linear") return Detrend::linear;
  }
  throw py::value_error("unknown detrend " + std::string(py::repr(d)) +
                        " (expected 'constant', 'linear' or False)");
}

Scaling parse_scaling(const std::string& s) {
  if (s == "density") return Scaling::density;
  if (s == "spectrum") return Scaling::spectrum;
  throw py::value_error("unknown scaling '" + s + "' (expected 'density' or 'spectrum')");
}

Average parse_average(const std::string& s) {
  if (s == "mean") return Average::mean;
  if (s == "median") return Average::median;
  throw py::value_error("unknown average '" + s + "' (expected 'mean' or 'median')");
}

// (channels, n) -> (f, (channels, nfreq)).
py::tuple welch_channels(const py::handle& x_obj, double fs, const py::object& window, long long nperseg,
                         long long noverlap, long long nfft, const py::object& detrend, bool onesided,
                         const std::string& scaling, const std::string& average) {
  Arr x = as_f64_nd(x_obj, "x", 2);
  WelchOptions o;
  o.fs = fs;
  if (py::isinstance<py::str>(window)) {
    o.window = window.cast<std::string>();
  } else {
    Arr w = as_f64_nd(window, "window", 1);
    if (w.size() == 0) throw py::value_error("window: empty window array");
    o.window_values.assign(w.data(), w.data() + w.size());
  }
  o.nperseg = to_size(nperseg, "nperseg", 0);
  o.noverlap = noverlap < 0 ? -1 : static_cast<long>(noverlap);
  o.nfft = to_size(nfft, "nfft", 0);
  o.detrend = parse_detrend(detrend);
  o.return_onesided = onesided;
  o.scaling = parse_scaling(scaling);
  o.average = parse_average(average);
  const auto channels = static_cast<std::size_t>(x.shape(0));
  const auto n = static_cast<std::size_t>(x.shape(1));
  if (channels == 0 || n == 0) throw py::value_error("x: empty input");
  o.max_input_length = n;
  WelchEstimator est(o);
  Arr f(static_cast<py::ssize_t>(est.nfreq()));
  std::copy(est.frequencies().begin(), est.frequencies().end(), f.mutable_data());
  Arr p({static_cast<py::ssize_t>(channels), static_cast<py::ssize_t>(est.nfreq())});
  const std::span<const double> xs(x.data(), channels * n);
  const std::span<double> ps(p.mutable_data(), channels * est.nfreq());
  {
    py::gil_scoped_release nogil;
    est.compute_channels(xs, channels, ps);
  }
  return py::make_tuple(f, p);
}

py::array band_power_channels(const py::handle& f_obj, const py::handle& p_obj, double f1, double f2) {
  Arr f = as_f64_nd(f_obj, "f", 1);
  Arr p = as_f64_nd(p_obj, "Pxx", 2);
  const auto rows = static_cast<std::size_t>(p.shape(0));
  const auto nf = static_cast<std::size_t>(p.shape(1));
  Arr out(static_cast<py::ssize_t>(rows));
  const std::span<const double> fs(f.data(), static_cast<std::size_t>(f.size()));
  const double* pp = p.data();
  double* o = out.mutable_data();
  {
    py::gil_scoped_release nogil;
    for (std::size_t r = 0; r < rows; ++r) o[r] = band_power(fs, {pp + r * nf, nf}, f1, f2);
  }
  return out;
}

py::tuple peak_frequency_channels(const py::handle& f_obj, const py::handle& p_obj, double f1, double f2) {
  Arr f = as_f64_nd(f_obj, "f", 1);
  Arr p = as_f64_nd(p_obj, "Pxx", 2);
  const auto rows = static_cast<std::size_t>(p.shape(0));
  const auto nf = static_cast<std::size_t>(p.shape(1));
  Arr freq(static_cast<py::ssize_t>(rows)), power(static_cast<py::ssize_t>(rows));
  const std::span<const double> fs(f.data(), static_cast<std::size_t>(f.size()));
  const double* pp = p.data();
  double* fo = freq.mutable_data();
  double* po = power.mutable_data();
  {
    py::gil_scoped_release nogil;
    for (std::size_t r = 0; r < rows; ++r) {
      const Peak pk = peak_frequency(fs, {pp + r * nf, nf}, f1, f2);
      fo[r] = pk.frequency;
      po[r] = pk.power;
    }
  }
  return py::make_tuple(freq, power);
}

}  // namespace

void bind_spectral(py::module_& m) {
  m.def("_welch", &welch_channels, py::arg("x"), py::arg("fs"), py::arg("window"), py::arg("nperseg"),
        py::arg("noverlap"), py::arg("nfft"), py::arg("detrend"), py::arg("return_onesided"),
        py::arg("scaling"), py::arg("average"),
        "Welch PSD of each row of a C-contiguous float64 (channels, n) array -> (f, Pxx (channels, nfreq)). "
        "nperseg/nfft 0 and noverlap < 0 mean the defaults. Use tremorlab.welch.");
  m.def(
      "_get_window",
      [](const std::string& name, long long n) {
        const auto v = get_window(name, to_size(n, "Nx", 0));
        Arr out(static_cast<py::ssize_t>(v.size()));
        std::copy(v.begin(), v.end(), out.mutable_data());
        return out;
      },
      py::arg("window"), py::arg("Nx"), "Periodic window (hann, hamming, blackman, boxcar). Use tremorlab.get_window.");
  m.def("_band_power", &band_power_channels, py::arg("f"), py::arg("Pxx"), py::arg("f1"), py::arg("f2"),
        "Band power of each row of a (rows, nfreq) PSD. Use tremorlab.band_power.");
  m.def("_peak_frequency", &peak_frequency_channels, py::arg("f"), py::arg("Pxx"), py::arg("f1"), py::arg("f2"),
        "Peak frequency and power of each row of a (rows, nfreq) PSD. Use tremorlab.peak_frequency.");
}

}  // namespace tremorlab::py_bind
