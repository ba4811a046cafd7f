#include "common.hpp"

namespace tremorlab::py_bind {
void bind_filter(py::module_& m) { (void)m; }
}  // namespace tremorlab::py_bind
