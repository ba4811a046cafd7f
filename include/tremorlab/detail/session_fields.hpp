#pragma once
// Names of SessionConfig's numeric fields, for the bindings that read or set them by name (Python's
// session_defaults(), the WebAssembly options object): one table, so a field added to the struct is added
// here once. first_session (bool) and body_axis are not numbers and stay with each binding.
#include <utility>

#include "tremorlab/session_types.hpp"

namespace tremorlab::detail {

using SessionField = std::pair<const char*, double SessionConfig::*>;

inline constexpr SessionField session_number_fields[] = {
    {"first_session_max_s", &SessionConfig::first_session_max_s},
    {"continuous_notice_s", &SessionConfig::continuous_notice_s},
    {"continuous_limit_s", &SessionConfig::continuous_limit_s},
    {"session_shaking_max_s", &SessionConfig::session_shaking_max_s},
    {"pause_join_s", &SessionConfig::pause_join_s},
    {"still_motion_rms", &SessionConfig::still_motion_rms},
    {"still_gyro_rms", &SessionConfig::still_gyro_rms},
    {"lying_max_tilt_deg", &SessionConfig::lying_max_tilt_deg},
};

}  // namespace tremorlab::detail
