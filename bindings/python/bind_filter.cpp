// Filter bindings: thin adapters from numpy arrays to the C++ kernels. Python (tremorlab/filtering.py)
// handles dtype promotion and axis movement; here every array is validated before the GIL is released,
// and each call runs ONE kernel over a (channels, n) block.
#include <complex>
#include <cstring>
#include <string>
#include <vector>

#include <pybind11/complex.h>

#include "common.hpp"
#include "tremorlab/filter_design.hpp"
#include "tremorlab/sos_filter.hpp"
#include "tremorlab/detail/sos_batch.hpp"

namespace tremorlab::py_bind {
namespace {

/// sos as given (any real dtype, any layout) -> validated tremorlab::Sos.
Sos sos_from_array(const py::handle& obj) {
  auto a = as_f64(obj, "sos");
  if (a.ndim() != 2 || a.shape(1) != 6)
    throw py::value_error("sos must be shape (n_sections, 6), got " + std::string(py::str(py::tuple(a.attr("shape")))));
  if (a.shape(0) < 1) throw py::value_error("sos must have at least one section");
  Sos sos(static_cast<std::size_t>(a.shape(0)));
  const double* p = a.data();
  for (std::size_t i = 0; i < sos.size(); ++i) {
    const double* r = p + i * 6;
    sos[i] = Section{r[0], r[1], r[2], r[3], r[4], r[5]};
    if (r[3] == 0.0) throw py::value_error("sos[" + std::to_string(i) + ", 3] (a0) must not be zero");
  }
  return sos;
}

py::array_t<double> sos_to_array(const Sos& sos) {
  py::array_t<double> out({py::ssize_t(sos.size()), py::ssize_t(6)});
  auto m = out.mutable_unchecked<2>();
  for (std::size_t i = 0; i < sos.size(); ++i) {
    const auto& s = sos[i];
    const double r[6] = {s.b0, s.b1, s.b2, s.a0, s.a1, s.a2};
    for (int k = 0; k < 6; ++k) m(py::ssize_t(i), k) = r[k];
  }
  return out;
}

template <class T>
std::ptrdiff_t elem_stride(const py::array& a, int dim) {
  const auto s = a.strides(dim);
  if (s % py::ssize_t(sizeof(T)) != 0) throw py::value_error("array strides must be multiples of the item size");
  return std::ptrdiff_t(s / py::ssize_t(sizeof(T)));
}

/// y = sosfilt(sos, x) on a 2-D (channels, n) array of dtype T with arbitrary strides; zi (optional) is
/// C-contiguous (sections, channels, 2) of dtype T. Returns (y, zf); zf is None without zi.
template <class T>
py::tuple sosfilt_2d(const Sos& sos, const py::array& x, const py::object& zi_obj, std::size_t workers) {
  if (x.ndim() != 2) throw py::value_error("_sosfilt: x must be 2-D (channels, n)");
  const auto channels = std::size_t(x.shape(0));
  const auto n = std::size_t(x.shape(1));
  const auto coef = detail::normalised_coefficients<T>(sos);
  const auto plan = detail::make_batch_plan<T>(detail::normalised_coefficients<double>(sos), n);
  const std::ptrdiff_t cs = elem_stride<T>(x, 0), fs = elem_stride<T>(x, 1);
  const T* in = static_cast<const T*>(x.data());
  // Keep the input's memory order so the kernel reads and writes with the same pattern.
  const bool frame_major = (fs != 1 && cs == 1) && channels > 1;
  std::vector<py::ssize_t> strides = frame_major
      ? std::vector<py::ssize_t>{py::ssize_t(sizeof(T)), py::ssize_t(sizeof(T) * channels)}
      : std::vector<py::ssize_t>{py::ssize_t(sizeof(T) * n), py::ssize_t(sizeof(T))};
  py::array_t<T> y({py::ssize_t(channels), py::ssize_t(n)}, strides);
  T* out = y.mutable_data();
  const std::ptrdiff_t ocs = frame_major ? 1 : std::ptrdiff_t(n), ofs = frame_major ? std::ptrdiff_t(channels) : 1;

  std::vector<T> state(coef.size() * channels * 2, T(0));
  const bool have_zi = !zi_obj.is_none();
  if (have_zi) {
    auto zi = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(zi_obj);
    if (!zi || zi.ndim() != 3 || std::size_t(zi.shape(0)) != coef.size() || std::size_t(zi.shape(1)) != channels ||
        zi.shape(2) != 2)
      throw py::value_error("_sosfilt: zi must be (sections, channels, 2)");
    std::memcpy(state.data(), zi.data(), state.size() * sizeof(T));
    if (!detail::all_finite(state.data(), state.size())) throw py::value_error("zi contains NaN or Inf");
  }
  bool input_finite = true;
  {
    py::gil_scoped_release nogil;
    bool finite;
    // Kernel wants one stride pair for in and out: copy first when the layouts differ.
    if (ocs == cs && ofs == fs) {
      finite = detail::sos_batch_parallel<T>(plan, coef, state.data(), channels, in, out, n, fs, cs, workers);
    } else {
      for (std::size_t c = 0; c < channels; ++c)
        for (std::size_t i = 0; i < n; ++i)
          out[std::ptrdiff_t(c) * ocs + std::ptrdiff_t(i) * ofs] = in[std::ptrdiff_t(c) * cs + std::ptrdiff_t(i) * fs];
      finite = detail::sos_batch_parallel<T>(plan, coef, state.data(), channels, out, out, n, ofs, ocs, workers);
    }
    // NaN/Inf in x always reaches the output or the final state, so x is scanned only when one of
    // them is non-finite (otherwise it was an overflow, which scipy also returns as is).
    if (!finite || !detail::all_finite(state.data(), state.size()))
      for (std::size_t c = 0; c < channels && input_finite; ++c)
        input_finite = detail::all_finite(in + std::ptrdiff_t(c) * cs, n, fs);
  }
  if (!input_finite) throw py::value_error("x contains NaN or Inf");
  if (!have_zi) return py::make_tuple(y, py::none());
  py::array_t<T> zf({py::ssize_t(coef.size()), py::ssize_t(channels), py::ssize_t(2)});
  std::memcpy(zf.mutable_data(), state.data(), state.size() * sizeof(T));
  return py::make_tuple(y, zf);
}

template <class T>
py::array_t<T> sosfiltfilt_2d(const Sos& sos, const py::array& xa, int padtype, long padlen, std::size_t workers) {
  auto x = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(xa);
  if (!x || x.ndim() != 2) throw py::value_error("_sosfiltfilt: x must be 2-D (channels, n)");
  const auto channels = std::size_t(x.shape(0));
  const auto n = std::size_t(x.shape(1));
  if (padtype < 0 || padtype > 3) throw py::value_error("_sosfiltfilt: bad padtype code");
  const auto pad = static_cast<PadType>(padtype);
  const long edge = pad == PadType::none ? 0 : (padlen < 0 ? detail::default_padlen(sos) : padlen);
  if (long(n) <= edge)
    throw py::value_error("The length of the input vector x must be greater than padlen, which is " +
                          std::to_string(edge) + ".");
  const auto coef = detail::normalised_coefficients<T>(sos);
  const auto zi = sosfilt_zi(sos);
  const auto plan = detail::make_batch_plan<T>(detail::normalised_coefficients<double>(sos), n);  // n: longest piece
  py::array_t<T> y({py::ssize_t(channels), py::ssize_t(n)});
  const T* in = x.data();
  T* out = y.mutable_data();
  bool input_finite = true;
  {
    py::gil_scoped_release nogil;
    // NaN/Inf in x always reaches the output, so x is scanned only when the output is non-finite.
    if (!detail::sosfiltfilt_planar<T>(plan, coef, zi, in, out, channels, n, pad, std::size_t(edge), workers))
      input_finite = detail::all_finite(in, channels * n);
  }
  if (!input_finite) throw py::value_error("x contains NaN or Inf");
  return y;
}

bool is_f32(const py::array& a) { return a.dtype().kind() == 'f' && a.dtype().itemsize() == 4; }
bool is_f64(const py::array& a) { return a.dtype().kind() == 'f' && a.dtype().itemsize() == 8; }

/// Streaming filter for Python: blocks are (n, channels) frame-major arrays.
template <class T>
class PyStream {
 public:
  PyStream(const Sos& sos, std::size_t channels) : f_(sos, channels) {}

  py::array_t<T> process(const py::handle& obj) {
    auto a = as_f64(obj, "block");  // validates dtype and finiteness; converted to T below
    const std::size_t C = f_.channels();
    std::size_t n;
    if (a.ndim() == 2 && std::size_t(a.shape(1)) == C)
      n = std::size_t(a.shape(0));
    else if (a.ndim() == 1 && C == 1)
      n = std::size_t(a.shape(0));
    else
      throw py::value_error("block must have shape (n, " + std::to_string(C) + ")" +
                            (C == 1 ? std::string(" or (n,)") : std::string()) + ", got " +
                            std::string(py::str(py::tuple(a.attr("shape")))));
    std::vector<py::ssize_t> shape(a.shape(), a.shape() + a.ndim());
    py::array_t<T> y(shape);
    T* out = y.mutable_data();
    const double* in = a.data();
    {
      py::gil_scoped_release nogil;
      for (std::size_t i = 0; i < n * C; ++i) out[i] = T(in[i]);
      f_.process(std::span<const T>(out, n * C), std::span<T>(out, n * C), Layout::interleaved);
    }
    return y;
  }

  void init_steady_state(const py::handle& obj) {
    auto a = as_f64(obj, "frame");
    if (a.ndim() > 1 || std::size_t(a.size()) != f_.channels())
      throw py::value_error("frame must have shape (" + std::to_string(f_.channels()) + ",)");
    std::vector<T> fr(f_.channels());
    for (std::size_t c = 0; c < fr.size(); ++c) fr[c] = T(a.data()[c]);
    f_.init_steady_state(fr);
  }

  py::array_t<T> get_state() const {
    py::array_t<T> z({py::ssize_t(f_.sections()), py::ssize_t(f_.channels()), py::ssize_t(2)});
    std::memcpy(z.mutable_data(), f_.state().data(), f_.state().size() * sizeof(T));
    return z;
  }

  void set_state(const py::handle& obj) {
    auto a = as_f64(obj, "state");
    if (a.ndim() != 3 || std::size_t(a.shape(0)) != f_.sections() || std::size_t(a.shape(1)) != f_.channels() ||
        a.shape(2) != 2)
      throw py::value_error("state must have shape (" + std::to_string(f_.sections()) + ", " +
                            std::to_string(f_.channels()) + ", 2)");
    auto st = f_.state();
    for (std::size_t i = 0; i < st.size(); ++i) st[i] = T(a.data()[i]);
  }

  void reset() { f_.reset(); }
  std::size_t channels() const { return f_.channels(); }
  std::size_t sections() const { return f_.sections(); }
  PyStream copy() const { return *this; }

 private:
  SosFilter<T> f_;
};

template <class T>
void bind_stream(py::module_& m, const char* name) {
  py::class_<PyStream<T>>(m, name)
      .def(py::init([](const py::handle& sos, long channels) {
             if (channels < 1) throw py::value_error("channels must be at least 1");
             return PyStream<T>(sos_from_array(sos), std::size_t(channels));
           }),
           py::arg("sos"), py::arg("channels"))
      .def("process", &PyStream<T>::process, py::arg("block"))
      .def("reset", &PyStream<T>::reset)
      .def("init_steady_state", &PyStream<T>::init_steady_state, py::arg("frame"))
      .def("get_state", &PyStream<T>::get_state)
      .def("set_state", &PyStream<T>::set_state, py::arg("state"))
      .def("copy", &PyStream<T>::copy)
      .def_property_readonly("channels", &PyStream<T>::channels)
      .def_property_readonly("sections", &PyStream<T>::sections);
}

}  // namespace

void bind_filter(py::module_& m) {
  m.def(
      "_butter",
      [](int order, const std::vector<double>& wn, const std::string& btype, bool analog, const std::string& output,
         double fs) -> py::object {
        const BandType bt = parse_band_type(btype.c_str());
        if (output != "ba" && output != "zpk" && output != "sos")
          throw py::value_error("'" + output + "' is not a valid output form.");
        auto f = detail::butter_zpk(order, wn, bt, analog, fs);
        if (output == "sos") {
          if (analog)
            throw py::value_error("butter: output='sos' is not supported with analog=True (tremorlab pairs poles "
                                  "and zeros for digital filters only); use output='zpk' or 'ba'");
          return sos_to_array(detail::zpk2sos(std::move(f.z), std::move(f.p), f.k));
        }
        if (output == "ba") {
          const auto tf = detail::zpk2tf(f);
          return py::make_tuple(py::array_t<double>(py::ssize_t(tf.b.size()), tf.b.data()),
                                py::array_t<double>(py::ssize_t(tf.a.size()), tf.a.data()));
        }
        // scipy's dtypes: the zeros of a low/high-pass design are real, of a band design complex.
        const bool band = bt == BandType::bandpass || bt == BandType::bandstop;
        py::array z;
        if (band) {
          z = py::array_t<std::complex<double>>(py::ssize_t(f.z.size()), f.z.data());
        } else {
          std::vector<double> zr;
          for (const auto& c : f.z) zr.push_back(c.real());
          z = py::array_t<double>(py::ssize_t(zr.size()), zr.data());
        }
        return py::make_tuple(z, py::array_t<std::complex<double>>(py::ssize_t(f.p.size()), f.p.data()), f.k);
      },
      py::arg("order"), py::arg("wn"), py::arg("btype"), py::arg("analog"), py::arg("output"), py::arg("fs"));

  m.def(
      "_sosfilt",
      [](const py::handle& sos_obj, const py::array& x, const py::object& zi, long workers) -> py::tuple {
        const std::size_t nworkers = workers_arg(workers, "_sosfilt");
        const Sos sos = sos_from_array(sos_obj);
        if (is_f64(x)) return sosfilt_2d<double>(sos, x, zi, nworkers);
        if (is_f32(x)) return sosfilt_2d<float>(sos, x, zi, nworkers);
        throw py::type_error("_sosfilt: x must be float32 or float64");
      },
      py::arg("sos"), py::arg("x"), py::arg("zi") = py::none(), py::arg("workers") = 1);

  m.def(
      "_sosfiltfilt",
      [](const py::handle& sos_obj, const py::array& x, int padtype, long padlen, long workers) -> py::array {
        const std::size_t nworkers = workers_arg(workers, "_sosfiltfilt");
        const Sos sos = sos_from_array(sos_obj);
        if (is_f64(x)) return sosfiltfilt_2d<double>(sos, x, padtype, padlen, nworkers);
        if (is_f32(x)) return sosfiltfilt_2d<float>(sos, x, padtype, padlen, nworkers);
        throw py::type_error("_sosfiltfilt: x must be float32 or float64");
      },
      py::arg("sos"), py::arg("x"), py::arg("padtype"), py::arg("padlen"), py::arg("workers") = 1);

  m.def(
      "_sosfilt_zi",
      [](const py::handle& sos_obj) {
        const auto zi = sosfilt_zi(sos_from_array(sos_obj));
        py::array_t<double> out({py::ssize_t(zi.size() / 2), py::ssize_t(2)});
        std::memcpy(out.mutable_data(), zi.data(), zi.size() * sizeof(double));
        return out;
      },
      py::arg("sos"));

  bind_stream<double>(m, "_StreamFilter64");
  bind_stream<float>(m, "_StreamFilter32");
}

}  // namespace tremorlab::py_bind
