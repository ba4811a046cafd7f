#pragma once
// Butterworth filter design to second-order sections (SOS), following scipy.signal.butter(output='sos'):
// analog prototype -> band transform -> bilinear transform (with pre-warping) -> zpk2sos pairing.
// Pure functions: they return coefficients and hold no state.
#include <array>
#include <cstddef>
#include <vector>

#include "tremorlab/error.hpp"

namespace tremorlab {

enum class BandType { lowpass, highpass, bandpass, bandstop };

/// One biquad, laid out like a row of scipy's sos array: [b0, b1, b2, a0, a1, a2]; a0 == 1 after design.
struct Section {
  double b0{1}, b1{0}, b2{0}, a0{1}, a1{0}, a2{0};
  friend bool operator==(const Section&, const Section&) = default;
};

using Sos = std::vector<Section>;

/// Low- or high-pass Butterworth of `order` (1..12). `wn` is the cut-off in the units of `fs`;
/// fs = 2.0 means normalised frequency as in scipy with fs=None (Nyquist == 1).
/// Throws InvalidArgument for order outside 1..12, wn outside (0, fs/2), non-finite values,
/// or a band type that needs two edges.
inline Sos butter(int order, double wn, BandType type, double fs = 2.0);

/// Band-pass or band-stop Butterworth; the prototype order is `order`, so the result has `order`
/// sections (filter order 2*order), as in scipy. Throws InvalidArgument when low >= high or an edge is
/// outside (0, fs/2), or for a type that takes one edge.
inline Sos butter(int order, std::array<double, 2> wn, BandType type, double fs = 2.0);

/// Parses "low"/"lowpass"/"high"/"highpass"/"band"/"bandpass"/"pass"/"bandstop"/"stop"/"bs"/... as scipy.
/// Throws InvalidArgument for anything else.
inline BandType parse_band_type(const char* name);

}  // namespace tremorlab

#include "tremorlab/detail/sos_design.hpp"
