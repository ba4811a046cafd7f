#pragma once
// The default tremor band (Hz), written once: FeatureConfig's analysis band (features.hpp) and the decision's
// mimicked rhythm guard (decision.hpp: the band's lower edge) both start from it; and the slowest tremor
// rhythm, below which a window's rhythm is a slower movement's (features.hpp, rhythm_of).

namespace tremorlab {

inline constexpr double tremor_band_low_hz = 4.0;
inline constexpr double tremor_band_high_hz = 12.0;
/// The slowest rhythm a tremor has: pathological tremor lies at 3-12 Hz (parkinsonian 3-8 Hz, essential 4-12
/// Hz, physiological 8-12 Hz: Deuschl et al., Mov Disord 1998 consensus; Elble & Deuschl, Handb Clin Neurol
/// 2011); the real PADS resting tremors peak at 3.5-7.0 Hz. Steps (1.6-2 Hz), a jog's strides (2.5-3 Hz)
/// and arm swing are slower (FeatureExtractor::rhythm_of).
inline constexpr double slowest_tremor_hz = 3.0;

}  // namespace tremorlab
