#pragma once
// Acceleration units: the one place that spells them, holds standard gravity and converts to m/s^2.
// The Python layer (tremorlab.units) and the bindings ask these functions instead of keeping tables.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tremorlab/error.hpp"

namespace tremorlab {

enum class Units { m_per_s2, g };
inline constexpr double standard_gravity = 9.80665;  // m/s^2 per g (CGPM 1901 conventional value)

/// Factor that turns a value in `u` into m/s^2 (standard_gravity for g, 1 for m/s^2).
constexpr double to_m_per_s2(Units u) noexcept { return u == Units::g ? standard_gravity : 1.0; }

/// Canonical spelling: "m/s^2" or "g".
constexpr const char* to_string(Units u) noexcept { return u == Units::g ? "g" : "m/s^2"; }

namespace detail {
struct UnitSpelling {
  std::string_view text;
  Units units;
};
// Accepted spellings after normalisation (see normalize_units_spelling).
inline constexpr std::array<UnitSpelling, 15> unit_spellings{{{"m/s^2", Units::m_per_s2},
                                                              {"m/s2", Units::m_per_s2},
                                                              {"m/s**2", Units::m_per_s2},
                                                              {"m/s/s", Units::m_per_s2},
                                                              {"ms^-2", Units::m_per_s2},
                                                              {"ms-2", Units::m_per_s2},
                                                              {"mps2", Units::m_per_s2},
                                                              {"ms2", Units::m_per_s2},
                                                              {"m_per_s2", Units::m_per_s2},
                                                              {"mpers2", Units::m_per_s2},
                                                              {"g", Units::g},
                                                              {"gs", Units::g},
                                                              {"g0", Units::g},
                                                              {"gravity", Units::g},
                                                              {"standard_gravity", Units::g}}};

// Case, spaces and a superscript two do not matter: "M/S²", "m s^-2" and "m/s^2" are one spelling.
inline std::string normalize_units_spelling(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xB2) {  // UTF-8 superscript 2
      out += "^2";
      ++i;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : char(c);
    }
  }
  return out;
}
}  // namespace detail

/// Parses a unit spelling: "m/s^2" and its usual variants ("m/s2", "ms2", "mps2", "m/s²", "m s^-2", ...) or
/// "g" ("G", "g0", "gravity"); case and spaces do not matter. Anything else throws InvalidArgument.
inline Units parse_units(std::string_view s) {
  const std::string key = detail::normalize_units_spelling(s);
  for (const auto& u : detail::unit_spellings)
    if (u.text == key) return u.units;
  throw InvalidArgument("units must be 'm/s^2' or 'g', got '" + std::string(s) + "'");
}

/// The gravity a recording carries, as the median over consecutive blocks of `block_frames` frames of the
/// norm of the block's mean acceleration (frames of `stride` values whose first three are x,y,z, in the
/// recording's own units; stride 6 for a detector's frames with a second sensor). The mean
/// of a few seconds of acceleration is gravity whatever the movement (the velocity change over a block is
/// small), so a sensor that reports gravity gives ~1 in g and ~9.81 in m/s^2, and a stream with gravity
/// removed (linear acceleration, PADS) gives ~0. A last partial block counts when it is at least half a block.
inline double gravity_norm_median(std::span<const double> acc, std::size_t block_frames, std::size_t stride = 3) {
  if (stride < 3) throw InvalidArgument("gravity_norm_median: a frame holds at least x, y, z");
  const std::size_t frames = acc.size() / stride;
  if (frames == 0 || block_frames == 0) return 0.0;
  std::vector<double> norms;
  for (std::size_t f0 = 0; f0 < frames; f0 += block_frames) {
    const std::size_t n = std::min(block_frames, frames - f0);
    if (f0 > 0 && 2 * n < block_frames) break;
    double m[3] = {0, 0, 0};
    for (std::size_t f = f0; f < f0 + n; ++f)
      for (std::size_t c = 0; c < 3; ++c) m[c] += acc[stride * f + c];
    norms.push_back(std::sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]) / static_cast<double>(n));
  }
  auto mid = norms.begin() + static_cast<std::ptrdiff_t>(norms.size() / 2);
  std::nth_element(norms.begin(), mid, norms.end());
  return *mid;
}

/// Throws InvalidInput when a recording's gravity says its declared units are wrong: declared m/s^2 but its
/// gravity is 1 within 25 % (g data), declared g but its gravity is 9.81 within 25 % (m/s^2 data), or a
/// gravity above 3 g in the declared units (raw sensor counts). Each would otherwise pass silently with every
/// amplitude off by a factor of 9.81 or more, which moves windows across the rest floor and the classes. A
/// recording whose gravity was removed (near 0) cannot be checked this way.
/// `block_frames`: the analysis window, `stride`: values per frame (see gravity_norm_median).
inline void check_units_against_gravity(std::span<const double> acc, std::size_t block_frames, Units units,
                                        std::size_t stride = 3) {
  const double g = gravity_norm_median(acc, block_frames, stride);
  char buf[320];
  const double expect_wrong = units == Units::g ? standard_gravity : 1.0;
  if (!(g >= expect_wrong / 1.25 && g <= expect_wrong * 1.25)) {
    // Raw sensor counts (e.g. 1024 per g) pass as neither unit: no sensor worn by a person feels a mean
    // acceleration of 3 g for most of a recording.
    if (g * to_m_per_s2(units) > 3 * standard_gravity) {
      std::snprintf(buf, sizeof buf,
                    "acceleration declared in %s has a gravity (median norm of the %zu-frame block means) of "
                    "%.4g %s, %.3g g: no sensor worn by a person feels that; raw sensor counts? convert them to "
                    "m/s^2 or g",
                    to_string(units), block_frames, g, to_string(units), g * to_m_per_s2(units) / standard_gravity);
      throw InvalidInput(buf);
    }
    return;
  }
  std::snprintf(buf, sizeof buf,
                "acceleration declared in %s looks like it is in %s: its gravity (median norm of the "
                "%zu-frame block means) is %.2f, which is %s; declare the units as %s",
                to_string(units), units == Units::g ? "m/s^2" : "g", block_frames, g,
                units == Units::g ? "standard gravity in m/s^2 read as g" : "1 g read as m/s^2",
                units == Units::g ? "m/s^2" : "g");
  throw InvalidInput(buf);
}

}  // namespace tremorlab
