#pragma once
// Shared helpers of the pybind11 module: input validation that turns bad arrays into clear
// TypeError/ValueError before any C++ kernel sees them.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "tremorlab/error.hpp"

namespace tremorlab {
struct BatchResult;  // batch.hpp
}  // namespace tremorlab

namespace tremorlab::py_bind {
namespace py = pybind11;

/// The per-window table of classify_recording / run_session as a dict of arrays (features, proba, labels,
/// start, end, centre, amplitude, window_s, hop_s); defined in bind_features.cpp.
py::dict batch_result_dict(const BatchResult& r);

// One registration function per file, called once by module.cpp.
void bind_filter(py::module_& m);
void bind_spectral(py::module_& m);
void bind_features(py::module_& m);
void bind_detector(py::module_& m);

/// A thread count from Python (already resolved by filtering._workers) as the core's std::size_t; < 1 is
/// a ValueError naming `fn` (a negative long would otherwise wrap to a huge count).
inline std::size_t workers_arg(long workers, const char* fn) {
  if (workers < 1) throw py::value_error(std::string(fn) + ": workers must be >= 1, got " + std::to_string(workers));
  return std::size_t(workers);
}

// An array's shape as numpy prints it: "(1000, 4)", "(30,)", "()".
inline std::string shape_text(const py::array& a) {
  std::string out = "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) out += (i ? ", " : "") + std::to_string(a.shape(i));
  return out + (a.ndim() == 1 ? ",)" : ")");
}

/// True for the dtypes that are converted to float64 like scipy does (bool, signed/unsigned ints, floats).
inline bool is_real_numeric(const py::dtype& dt) {
  const char k = dt.kind();
  return k == 'f' || k == 'i' || k == 'u' || k == 'b';
}

/// Accepts any array-like of real numbers and returns a C-contiguous float64 array (copying only when
/// needed). Raises TypeError for complex/object/string dtypes and ValueError for NaN/Inf.
inline py::array_t<double, py::array::c_style | py::array::forcecast> as_f64(const py::handle& obj, const char* name,
                                                                            bool require_finite = true) {
  py::array arr = py::array::ensure(obj);
  if (!arr) throw py::type_error(std::string(name) + ": expected an array of real numbers");
  if (!is_real_numeric(arr.dtype()))
    throw py::type_error(std::string(name) + ": dtype " + std::string(py::str(arr.dtype())) +
                         " is not a real numeric type");
  auto out = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(arr);
  if (require_finite) {
    const double* p = out.data();
    for (py::ssize_t i = 0, n = out.size(); i < n; ++i)
      if (!std::isfinite(p[i])) throw py::value_error(std::string(name) + ": contains NaN or Inf (first at flat index " + std::to_string(i) + ")");
  }
  return out;
}

/// decide()'s optional per-window values (`amplitude` in m/s^2, `rhythm_hz` in Hz, `turn_deg_s`): None gives an
/// empty vector (not known), otherwise a 1-D array of `rows` values, each >= 0 (TypeError for non-numbers,
/// ValueError for another shape, NaN/Inf or < 0; with `nan_unknown` NaN is allowed, Inf still refused; `what`
/// names the quantity in the message).
inline std::vector<double> per_window_arg(const py::handle& values, py::ssize_t rows, const char* name,
                                          const char* what, bool nan_unknown = false) {
  if (values.is_none()) return {};
  auto a = as_f64(values, name, !nan_unknown);
  if (nan_unknown)
    for (py::ssize_t i = 0; i < a.size(); ++i)
      if (std::isinf(a.data()[i])) throw py::value_error(std::string(name) + ": contains Inf (NaN: not known)");
  if (a.ndim() != 1 || a.shape(0) != rows)
    throw py::value_error(std::string(name) + " must have shape (" + std::to_string(rows) +
                          ",) (one value per row), got shape " + shape_text(a));
  std::vector<double> out(a.data(), a.data() + a.size());
  for (double v : out)
    if (v < 0) throw py::value_error(std::string(name) + ": " + what);
  return out;
}
inline std::vector<double> amplitude_arg(const py::handle& amplitude, py::ssize_t rows) {
  return per_window_arg(amplitude, rows, "amplitude", "band-passed RMS must be >= 0 m/s^2");
}
inline std::vector<double> rhythm_arg(const py::handle& rhythm_hz, py::ssize_t rows) {
  return per_window_arg(rhythm_hz, rows, "rhythm_hz", "rhythm frequencies must be >= 0 Hz");
}
/// decide()'s optional posture per window (deg/s, detail::PostureHold): NaN is allowed and means not known.
inline std::vector<double> turn_arg(const py::handle& turn_deg_s, py::ssize_t rows) {
  return per_window_arg(turn_deg_s, rows, "turn_deg_s", "turns must be >= 0 deg/s", true);
}
/// decide()'s optional band share per window (0..1, rel_band_power): NaN is allowed and means not known.
inline std::vector<double> band_share_arg(const py::handle& band_share, py::ssize_t rows) {
  std::vector<double> out = per_window_arg(band_share, rows, "band_share", "band shares must be >= 0", true);
  for (double v : out)
    if (v > 1) throw py::value_error("band_share: band shares must be <= 1 (a share of the movement power)");
  return out;
}

}  // namespace tremorlab::py_bind
