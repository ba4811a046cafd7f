// The private extension module tremorlab._core; the Python package re-exports it.
#include "common.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "tremorlab C++ core (private; use the tremorlab package)";
  m.attr("__version__") = TREMORLAB_PY_VERSION;

  // tremorlab errors are the caller's bad input or options: Python sees ValueError with the same message.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const tremorlab::Error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });

  tremorlab::py_bind::bind_filter(m);
  tremorlab::py_bind::bind_spectral(m);
  tremorlab::py_bind::bind_features(m);
  tremorlab::py_bind::bind_detector(m);
}
