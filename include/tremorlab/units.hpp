#pragma once
// Acceleration units: the one place that spells them, holds standard gravity and converts to m/s^2.
// The Python layer (tremorlab.units) and the bindings ask these functions instead of keeping tables.
#include <array>
#include <string>
#include <string_view>

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

}  // namespace tremorlab
