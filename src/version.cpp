// Keeps the static library non-empty and lets a linked binary report the version it was built with.
#include "tremorlab/version.hpp"

namespace tremorlab {
const char* version() noexcept { return TREMORLAB_VERSION_STRING; }
}  // namespace tremorlab
