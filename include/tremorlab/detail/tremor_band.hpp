#pragma once
// The default tremor band (Hz), written once: FeatureConfig's analysis band (features.hpp) and the decision's
// mimicked rhythm guard (decision.hpp: the band's lower edge) both start from it.

namespace tremorlab {

inline constexpr double tremor_band_low_hz = 4.0;
inline constexpr double tremor_band_high_hz = 12.0;

}  // namespace tremorlab
