#pragma once
// The window decision: four model probabilities -> one label. Written once here; the batch classifier, the
// streaming detector, Python, the C ABI and JavaScript all call it (label names included), none repeats it.
//
// What the labels mean (movement classes, not diagnoses):
//   rest       no movement beyond sensor noise and posture;
//   voluntary  purposeful movement without a dominant 4-12 Hz rhythm;
//   tremor     involuntary rhythmic shaking (4-12 Hz);
//   mimicked   voluntary rhythmic oscillation: shaking produced on purpose. Deliberate imitation of tremor is
//              one kind; brisk rhythmic everyday movements (brushing teeth, clapping) are others. It is an
//              accusation when said of a person who means to report a tremor, so it needs strong evidence;
//   shaking    rhythmic shaking whose kind (tremor vs mimicked) is not clear from the evidence.
// Header-only, no dependencies beyond the standard library and error.hpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "tremorlab/error.hpp"

namespace tremorlab {

/// Labels of windows, bouts and events. The first four are the model's classes in model order (rest,
/// voluntary, tremor, mimicked); `shaking` is never a model class, only a decision ("kind uncertain").
enum class MovementClass { rest = 0, voluntary = 1, tremor = 2, mimicked = 3, shaking = 4 };

/// Every label, in enum order (what `tremorlab.labels()` and the C ABI list).
inline constexpr std::array<MovementClass, 5> all_labels{MovementClass::rest, MovementClass::voluntary,
                                                         MovementClass::tremor, MovementClass::mimicked,
                                                         MovementClass::shaking};

/// The one place a label's name is spelled. Out-of-range values give "unknown".
inline const char* to_string(MovementClass c) noexcept {
  switch (c) {
    case MovementClass::rest: return "rest";
    case MovementClass::voluntary: return "voluntary";
    case MovementClass::tremor: return "tremor";
    case MovementClass::mimicked: return "mimicked";
    case MovementClass::shaking: return "shaking";
  }
  return "unknown";
}
/// Same as to_string (the name the contract uses).
inline const char* label_name(MovementClass c) noexcept { return to_string(c); }

/// The label called `name`, or nothing for an unknown name.
inline std::optional<MovementClass> label_from_name(std::string_view name) noexcept {
  for (MovementClass c : all_labels)
    if (name == to_string(c)) return c;
  return std::nullopt;
}

/// True for the labels of rhythmic shaking (tremor, mimicked, shaking).
constexpr bool is_shaking(MovementClass c) noexcept {
  return c == MovementClass::tremor || c == MovementClass::mimicked || c == MovementClass::shaking;
}

/// Thresholds of the window decision. With pr, pv, pt, pm the model's rest, voluntary, tremor and mimicked
/// probabilities and s = pt + pm:
///   s < max(pr, pv)                                          -> rest or voluntary (the larger; a tie: rest)
///   pm >= mimicked_min_p and pm / s >= mimicked_min_share    -> mimicked
///   pt / s >= tremor_min_share                               -> tremor
///   otherwise                                                -> shaking (kind uncertain)
/// `mimicked` is an accusation, so it asks for a high probability AND a clear lead over tremor; the shipped
/// model carries its calibrated values in its JSON ("decision" object), these are the fallbacks.
struct DecisionConfig {
  double mimicked_min_p = 0.8;
  double mimicked_min_share = 0.85;
  double tremor_min_share = 0.5;

  /// Throws InvalidArgument naming the field: every value must be finite and in [0, 1]; mimicked_min_share
  /// must be >= 0.5 (mimicked must at least lead tremor: the stricter of the two kinds).
  void validate() const {
    auto in01 = [](double v) { return std::isfinite(v) && v >= 0 && v <= 1; };
    if (!in01(mimicked_min_p)) throw InvalidArgument("DecisionConfig: mimicked_min_p must be in [0, 1]");
    if (!in01(mimicked_min_share) || mimicked_min_share < 0.5)
      throw InvalidArgument("DecisionConfig: mimicked_min_share must be in [0.5, 1]");
    if (!in01(tremor_min_share)) throw InvalidArgument("DecisionConfig: tremor_min_share must be in [0, 1]");
  }
};

/// DecisionConfig's fields by name: the one table the model JSON reader ("decision" object) and the Python
/// bindings use, so a field is spelled once.
inline constexpr std::array<std::pair<const char*, double DecisionConfig::*>, 3> decision_fields{{
    {"mimicked_min_p", &DecisionConfig::mimicked_min_p},
    {"mimicked_min_share", &DecisionConfig::mimicked_min_share},
    {"tremor_min_share", &DecisionConfig::tremor_min_share},
}};

/// "mimicked_min_p, mimicked_min_share, tremor_min_share": the known names, for error messages.
inline std::string decision_field_names() {
  std::string s;
  for (const auto& f : decision_fields) s += std::string(s.empty() ? "" : ", ") + f.first;
  return s;
}

/// The window decision (see DecisionConfig). Probabilities in model order; a NaN anywhere gives rest, as an
/// argmax over NaN did before (NaN only arises from NaN features, which validated input never has).
inline MovementClass decide(double pr, double pv, double pt, double pm, const DecisionConfig& cfg) noexcept {
  if (std::isnan(pr) || std::isnan(pv) || std::isnan(pt) || std::isnan(pm)) return MovementClass::rest;
  const double s = pt + pm;
  if (s < std::max(pr, pv)) return pv > pr ? MovementClass::voluntary : MovementClass::rest;
  if (!(s > 0)) return MovementClass::rest;  // all four zero: nothing to decide on
  if (pm >= cfg.mimicked_min_p && pm / s >= cfg.mimicked_min_share) return MovementClass::mimicked;
  if (pt / s >= cfg.tremor_min_share) return MovementClass::tremor;
  return MovementClass::shaking;
}

/// decide() of every row of `proba` (rows of rest, voluntary, tremor, mimicked probabilities, row-major) into
/// `out` (proba.size() / 4 labels). Throws InvalidArgument when proba is not whole rows of 4 or out is short.
inline void decide(std::span<const double> proba, std::span<MovementClass> out, const DecisionConfig& cfg) {
  if (proba.size() % 4 != 0) throw InvalidArgument("decide: probabilities must be whole rows of 4 classes");
  const std::size_t n = proba.size() / 4;
  if (out.size() < n) throw InvalidArgument("decide: output buffer too small");
  for (std::size_t r = 0; r < n; ++r) {
    const double* p = proba.data() + 4 * r;
    out[r] = decide(p[0], p[1], p[2], p[3], cfg);
  }
}

}  // namespace tremorlab
