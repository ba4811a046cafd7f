#pragma once
// Names of the HysteresisConfig fields, for the bindings that set them by name (Python's
// Detector(hysteresis={...}), the WebAssembly options object): one table, so a field added to the struct is
// added here once. The first five have keywords of their own in Python.
#include <utility>

#include "tremorlab/bout_tracker.hpp"

namespace tremorlab::detail {

using HysteresisField = std::pair<const char*, double HysteresisConfig::*>;

inline constexpr HysteresisField hysteresis_keyword_fields[] = {
    {"enter_threshold", &HysteresisConfig::enter_threshold},
    {"exit_threshold", &HysteresisConfig::exit_threshold},
    {"min_on_s", &HysteresisConfig::min_on_s},
    {"min_off_s", &HysteresisConfig::min_off_s},
    {"mimicked_enter_threshold", &HysteresisConfig::mimicked_enter_threshold},
};

inline constexpr HysteresisField hysteresis_gate_fields[] = {
    {"mimicked_min_on_s", &HysteresisConfig::mimicked_min_on_s},
    {"mimicked_min_band_share", &HysteresisConfig::mimicked_min_band_share},
    {"min_amplitude", &HysteresisConfig::min_amplitude},
    {"min_band_share", &HysteresisConfig::min_band_share},
    {"weak_share", &HysteresisConfig::weak_share},
    {"weak_share_enter", &HysteresisConfig::weak_share_enter},
    {"early_enter", &HysteresisConfig::early_enter},
    {"early_rise_decades", &HysteresisConfig::early_rise_decades},
    {"early_rise_s", &HysteresisConfig::early_rise_s},
    {"early_mimicked", &HysteresisConfig::early_mimicked},
    {"early_hop_rise_decades", &HysteresisConfig::early_hop_rise_decades},
    {"onset_tremor_share", &HysteresisConfig::onset_tremor_share},
    {"kind_llr_offset", &HysteresisConfig::kind_llr_offset},
    {"kind_llr_clip", &HysteresisConfig::kind_llr_clip},
    {"kind_fill_s", &HysteresisConfig::kind_fill_s},
    {"tremor_settle_llr", &HysteresisConfig::tremor_settle_llr},
    {"mimicked_settle_llr", &HysteresisConfig::mimicked_settle_llr},
    {"tremor_max_turn_deg_s", &HysteresisConfig::tremor_max_turn_deg_s},
    {"tremor_min_steady_share", &HysteresisConfig::tremor_min_steady_share},
    {"tremor_min_called_s", &HysteresisConfig::tremor_min_called_s},
};

}  // namespace tremorlab::detail
