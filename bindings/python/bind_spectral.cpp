#include "common.hpp"

namespace tremorlab::py_bind {
void bind_spectral(py::module_& m) { (void)m; }
}  // namespace tremorlab::py_bind
