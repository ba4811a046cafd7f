#include "common.hpp"

namespace tremorlab::py_bind {
void bind_detector(py::module_& m) { (void)m; }
}  // namespace tremorlab::py_bind
