#pragma once
// The window decision: four model probabilities -> one label. Written once here; the batch classifier, the
// streaming detector, Python, the C ABI and JavaScript all call it (label names included), none repeats it.
//
// What the labels mean (movement classes, not diagnoses):
//   rest       no movement beyond sensor noise, posture and a still hand's own physiological tremor;
//   voluntary  purposeful movement without a dominant 4-12 Hz rhythm;
//   tremor     involuntary rhythmic shaking (4-12 Hz) of a limb that holds its posture;
//   mimicked   voluntary rhythmic oscillation: shaking produced on purpose. Deliberate imitation of tremor is
//              one kind; brisk rhythmic everyday movements (brushing teeth, clapping) are others. It is an
//              accusation when said of a person who means to report a tremor, so it needs strong evidence;
//   shaking    rhythmic shaking whose kind (tremor vs mimicked) is not clear from the evidence, or that the
//              model calls tremor while the limb moves about (it did not hold its posture).
// Header-only, no dependencies beyond the standard library, error.hpp, units.hpp and detail/tremor_band.hpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "tremorlab/detail/tremor_band.hpp"
#include "tremorlab/error.hpp"
#include "tremorlab/units.hpp"

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

/// Band-passed RMS acceleration (m/s^2) that a still, healthy hand's own tremor stays below in most people:
/// 12 mg. Physiological postural tremor of the hand has a mode of 0.01 g peak (~0.07 m/s^2 RMS as a vector)
/// and spans 0.0015-0.035 g peak across healthy adults (Wade, Gresty & Findley, Clin Phys Physiol Meas
/// 1982); 12 mg is the 3-12 Hz RMS below which the PADS evidence rule (shared/data pads_relaxed) calls a rest
/// recording clearly tremor-free, and about the 80th percentile of the log-normal fitted to Wade et al.
/// (synth parameter physio_amp). The rule-labelled tremor windows of the PADS people with tremor are >= 20 mg.
inline constexpr double still_hand_amplitude = 0.012 * standard_gravity;

/// Band-passed RMS acceleration (m/s^2) that a healthy hand's own tremor reaches at the frequencies where it is
/// strongest: the largest physiological postural tremor of Wade, Gresty & Findley's healthy adults, 0.035 g
/// peak, as the RMS of a sinusoid (0.035 g / sqrt 2 = 24.7 mg).
inline constexpr double physiological_tremor_amplitude = 0.035 * 0.70710678118654752 * standard_gravity;
/// Physiological tremor, the tremor every healthy hand has, is strongest at 8-12 Hz (its mechanical-reflex
/// peak: Elble, Clin Neurophysiol 2003;114:624-635; Deuschl et al., Mov Disord 1998: enhanced physiological
/// tremor is a high-frequency tremor); parkinsonian and essential tremor lie mostly at 3-8 Hz.
inline constexpr double physiological_tremor_low_hz = 8.0;

/// The still-hand floor at a window's rhythm (Hz; 0, none, or rhythm_unknown: the plain floor): `min_amplitude`
/// (the floor a still healthy hand's tremor stays below in most people), raised at a rhythm of 8 Hz or more to
/// what it reaches at most there (physiological_tremor_amplitude), since a shaking that small at those
/// frequencies is what every healthy hand does. min_amplitude 0 switches both off. The window decision uses
/// it; the Detector's onset gate keeps the plain floor (bout_tracker.hpp, HysteresisConfig::min_amplitude).
constexpr double still_hand_floor(double min_amplitude, double rhythm_hz) noexcept {
  const bool physiological = min_amplitude > 0 && rhythm_hz >= physiological_tremor_low_hz &&
                             rhythm_hz < std::numeric_limits<double>::infinity();
  return physiological && physiological_tremor_amplitude > min_amplitude ? physiological_tremor_amplitude
                                                                          : min_amplitude;
}

/// How fast (deg/s) gravity's direction may turn in the sensor while a limb still counts as holding its posture:
/// the window decision's and the Detector's default (DecisionConfig::tremor_max_turn_deg_s,
/// HysteresisConfig::tremor_max_turn_deg_s). A tremor shakes a limb that stays where it is; brisk rhythmic
/// everyday movements carry the hand around (brushing teeth turns the wrist by a median 6.8 deg/s, HMP).
/// Real tremor with its gravity rebuilt from the gyroscope (benchmarks/reorientation.py: PADS 002 and 5 more
/// people, rest and posture tasks, the worst of 10 starting orientations) turned 2.09 deg/s at the 95th
/// percentile and 3.56 at the 99th over one second (plain window means; 2.23 and 3.96 with the Hann-weighted
/// means used now, detail::PostureMean); the value was set from that, not from everyday data.
inline constexpr double held_posture_max_turn_deg_s = 5.0;
/// The span (s) over which a window's posture must have held (detail::PostureHold): every 1 s turn of the
/// windows that ended in the last 2 s, so a window covers the 3 s of means before it. A brushing stroke holds
/// still for a second now and then; a tremor holds for as long as it lasts. benchmarks/reorientation.py: on the
/// real tremor above, 2.3 % of the rule-tremor windows of every start (one person's arm holding a weight,
/// ET 423) turned past 5 deg/s within 2 s (0.9 % within the window's own second); of the HMP brushing windows
/// the model calls tremor without the rule, 6 % held that long (benchmarks/reorientation.py).
inline constexpr double posture_hold_s = 2.0;
/// Band-passed RMS acceleration (m/s^2) above which a window is never called mimicked: a little above the
/// largest voluntary rhythmic shaking in the project's recordings. The real imitations of the phone train pool
/// reach 1.55 / 7.05 / 8.41 m/s^2 (median / 99th percentile / largest window), the synthetic ones 6.9 (their
/// generator stops at 8 m/s^2 peak); real tremor reaches 7.2 (PADS) and severe tremor is larger still
/// (MDS-UPDRS 3.17: rest tremor over 10 cm), and a person can shake on purpose harder than anyone recorded
/// here. Above the largest imitation the model has no evidence of intent, and its P(mimicked) grows with the
/// size there instead (benchmarks/large_tremor.py: a synthetic shaking-practice tremor of 30 m/s^2 peak was
/// `mimicked` in 19 % of its windows without this guard), so such a window is `shaking`, kind uncertain. Set
/// from the imitation recordings, not from tremor.
inline constexpr double imitation_max_amplitude = 8.5;

/// decide()'s turn when the window's posture is not known (no gravity in the input, the first window of a
/// stream or after a gap): the posture rule does not apply.
inline constexpr double turn_unknown = std::numeric_limits<double>::quiet_NaN();

/// Share of a window's 0.5-20 Hz movement power in the tremor band (the rel_band_power feature) at and above
/// which its oscillation is the movement, not something riding on another one. An accusation needs that: a
/// rhythm riding on a reach, a lift or a drink may be a kinetic tremor, which essential tremor is by
/// definition (a postural and kinetic tremor: Deuschl et al., Mov Disord 1998 consensus), and it looks like an
/// imitation with its arm motion. Real essential tremor while drinking (PADS DrinkGlas, ET 382 and 423) was
/// `mimicked` in 5 and 6 of 16 windows at band shares of 0.53-0.66. 80 % is the share the project's evidence
/// rule asks of a clear tremor (tremorlab.realtremor RULE min_share), set from that rule, not from those files.
inline constexpr double clear_oscillation_band_share = 0.8;
/// decide()'s band share when the window's is not known: the accusation is not gated on it.
inline constexpr double band_share_unknown = std::numeric_limits<double>::quiet_NaN();

/// Thresholds of the window decision. With pr, pv, pt, pm the model's rest, voluntary, tremor and mimicked
/// probabilities, s = pt + pm, a the window's band-passed RMS acceleration and r its strongest rhythm (the
/// broad_peak_frequency feature: PSD maximum over 0.5-20 Hz; 0 when the window has no rhythm,
/// FeatureExtractor::rhythm_of):
///   s < max(pr, pv), or a < still_hand_floor(min_amplitude, r),
///     or r = 0                                                -> rest or voluntary (the larger; a tie: rest)
///   pm >= mimicked_min_p and pm / s >= mimicked_min_share
///     and r >= mimicked_min_rhythm_hz and not b < mimicked_min_band_share
///     and not a > mimicked_max_amplitude                      -> mimicked
///   pt / s >= tremor_min_share and not turn > tremor_max_turn_deg_s -> tremor
///   otherwise                                                -> shaking (kind uncertain)
/// with turn the largest gravity turn (deg/s) of the last posture_hold_s (detail::PostureHold; NaN unknown)
/// and b the window's band share (rel_band_power; NaN unknown). A mimicked-led window that fails the rhythm
/// guard, the band share or the size guard is `shaking`.
/// mimicked_max_amplitude: imitation_max_amplitude says why no window larger than any imitation seen is accused
/// (an unknown amplitude, amplitude_unknown, is not guarded).
/// mimicked_min_band_share: clear_oscillation_band_share says why an accusation needs the oscillation to be
/// the window's movement.
/// tremor_max_turn_deg_s: a limb that did not hold its posture is not called tremor, only shaking; it is
/// never called mimicked for turning (held_posture_max_turn_deg_s says where 5 deg/s comes from).
/// `mimicked` is an accusation, so it asks for a high probability AND a clear lead over tremor; the shipped
/// model carries its calibrated values in its JSON ("decision" object), these are the fallbacks.
/// min_amplitude: a window whose shaking is no larger than a still healthy hand's own tremor is not called
/// shaking of any kind, whatever its rhythm; at a rhythm of 8 Hz or more, where that tremor is strongest, the
/// floor is the largest it reaches (still_hand_floor: 24.7 mg). Real tremor smaller than that exists (the PPP free-living
/// recording's tremor windows, mostly ~0.06 m/s^2), but an accelerometer cannot tell it from the
/// physiological tremor of a healthy hand holding a phone still: docs/evaluation.md shows both.
/// r = 0: shaking is an oscillation, so a window whose spectrum has no peak (random vibration on a bus or a
/// bicycle, knocks, noise) is not shaking of any kind, whatever the model's probabilities; the model never
/// saw such input and called a third of band-limited random vibration `mimicked` (docs/evaluation.md). Nor is a
/// window whose rhythm is a slower movement's (slower than any tremor, with little power in the band: a jog's
/// strides, whose impacts put harmonics in it): rhythm_of gives it 0 as well.
/// mimicked_min_rhythm_hz: the features that tell a wilful rhythm from an involuntary one (cycle-to-cycle
/// variability, stability index, envelope, drift) are measured on the band-passed signal. When the movement's
/// strongest rhythm lies below the band, the band holds only its harmonics and the skirts of its peak, and
/// their irregularity says little about intent; real tremor can be that slow (parkinsonian tremor 3-8 Hz,
/// Deuschl et al., Mov Disord 1998; real PADS resting tremors peak at 3.5-7.0 Hz, and the 3.5 Hz tremor of
/// PADS participant ET_396 was called `mimicked` in 19 % of its windows without this guard). Such a window is
/// `shaking` (kind uncertain), never `mimicked`: an accusation needs in-band evidence. Tremor is not gated.
struct DecisionConfig {
  double mimicked_min_p = 0.8;
  double mimicked_min_share = 0.85;
  double tremor_min_share = 0.5;
  double min_amplitude = still_hand_amplitude;  ///< m/s^2, band-passed RMS; 0 switches the floor off
  double mimicked_min_rhythm_hz = tremor_band_low_hz;  ///< Hz, the default band's lower edge; 0: guard off
  double tremor_max_turn_deg_s = held_posture_max_turn_deg_s;  ///< deg/s; 1e9 switches the posture rule off
  double mimicked_min_band_share = clear_oscillation_band_share;  ///< 0..1; 0 switches the guard off
  double mimicked_max_amplitude = imitation_max_amplitude;  ///< m/s^2, band-passed RMS; 1e9 switches the guard off

  /// Throws InvalidArgument naming the field: probabilities and shares must be finite and in [0, 1],
  /// mimicked_min_share >= 0.5 (mimicked must at least lead tremor: the stricter of the two kinds),
  /// min_amplitude finite and in [0, 1000] m/s^2, mimicked_min_rhythm_hz finite and in [0, 100] Hz,
  /// tremor_max_turn_deg_s finite and in (0, 1e9] deg/s, mimicked_min_band_share in [0, 1],
  /// mimicked_max_amplitude finite and in (0, 1e9] m/s^2.
  void validate() const {
    auto in01 = [](double v) { return std::isfinite(v) && v >= 0 && v <= 1; };
    if (!in01(mimicked_min_p)) throw InvalidArgument("DecisionConfig: mimicked_min_p must be in [0, 1]");
    if (!in01(mimicked_min_share) || mimicked_min_share < 0.5)
      throw InvalidArgument("DecisionConfig: mimicked_min_share must be in [0.5, 1]");
    if (!in01(tremor_min_share)) throw InvalidArgument("DecisionConfig: tremor_min_share must be in [0, 1]");
    if (!(std::isfinite(min_amplitude) && min_amplitude >= 0 && min_amplitude <= 1000))
      throw InvalidArgument("DecisionConfig: min_amplitude must be in [0, 1000] m/s^2");
    if (!(std::isfinite(mimicked_min_rhythm_hz) && mimicked_min_rhythm_hz >= 0 && mimicked_min_rhythm_hz <= 100))
      throw InvalidArgument("DecisionConfig: mimicked_min_rhythm_hz must be in [0, 100] Hz");
    if (!(std::isfinite(tremor_max_turn_deg_s) && tremor_max_turn_deg_s > 0 && tremor_max_turn_deg_s <= 1e9))
      throw InvalidArgument("DecisionConfig: tremor_max_turn_deg_s must be in (0, 1e9] deg/s");
    if (!in01(mimicked_min_band_share))
      throw InvalidArgument("DecisionConfig: mimicked_min_band_share must be in [0, 1]");
    if (!(std::isfinite(mimicked_max_amplitude) && mimicked_max_amplitude > 0 && mimicked_max_amplitude <= 1e9))
      throw InvalidArgument("DecisionConfig: mimicked_max_amplitude must be in (0, 1e9] m/s^2");
  }
};

/// DecisionConfig's fields by name: the one table the model JSON reader ("decision" object) and the Python
/// bindings use, so a field is spelled once.
inline constexpr std::array<std::pair<const char*, double DecisionConfig::*>, 8> decision_fields{{
    {"mimicked_min_p", &DecisionConfig::mimicked_min_p},
    {"mimicked_min_share", &DecisionConfig::mimicked_min_share},
    {"tremor_min_share", &DecisionConfig::tremor_min_share},
    {"min_amplitude", &DecisionConfig::min_amplitude},
    {"mimicked_min_rhythm_hz", &DecisionConfig::mimicked_min_rhythm_hz},
    {"tremor_max_turn_deg_s", &DecisionConfig::tremor_max_turn_deg_s},
    {"mimicked_min_band_share", &DecisionConfig::mimicked_min_band_share},
    {"mimicked_max_amplitude", &DecisionConfig::mimicked_max_amplitude},
}};

/// "mimicked_min_p, mimicked_min_share, ...": the known names, for error messages.
inline std::string decision_field_names() {
  std::string s;
  for (const auto& f : decision_fields) s += std::string(s.empty() ? "" : ", ") + f.first;
  return s;
}

/// decide()'s amplitude when the window's amplitude is not known (probabilities alone): neither the floor nor the
/// size guard applies.
inline constexpr double amplitude_unknown = std::numeric_limits<double>::infinity();
/// decide()'s rhythm when the window's strongest rhythm is not known: neither the mimicked guard nor the
/// no-rhythm rule applies.
inline constexpr double rhythm_unknown = std::numeric_limits<double>::infinity();

/// The window decision (see DecisionConfig). Probabilities in model order, `amplitude` the window's
/// band-passed RMS acceleration (m/s^2; amplitude_unknown skips the floor), `rhythm_hz` its strongest rhythm
/// (FeatureExtractor::rhythm_of: 0 for none; rhythm_unknown skips the rhythm rules), `turn_deg_s` the largest
/// gravity turn of the last posture_hold_s (detail::PostureHold; turn_unknown, NaN, skips the posture rule) and
/// `band_share` its share of the movement power in the band (FeatureExtractor::band_share_of; band_share_unknown,
/// NaN, skips the band-share guard).
/// A NaN probability gives rest, as an argmax over NaN did before (NaN only arises from NaN features, which
/// validated input never has).
inline MovementClass decide(double pr, double pv, double pt, double pm, double amplitude, double rhythm_hz,
                            double turn_deg_s, double band_share, const DecisionConfig& cfg) noexcept {
  if (std::isnan(pr) || std::isnan(pv) || std::isnan(pt) || std::isnan(pm)) return MovementClass::rest;
  const double s = pt + pm;
  if (s < std::max(pr, pv) || !(amplitude >= still_hand_floor(cfg.min_amplitude, rhythm_hz)) || rhythm_hz <= 0)
    return pv > pr ? MovementClass::voluntary : MovementClass::rest;
  if (!(s > 0)) return MovementClass::rest;  // all four zero: nothing to decide on
  if (pm >= cfg.mimicked_min_p && pm / s >= cfg.mimicked_min_share)
    return rhythm_hz >= cfg.mimicked_min_rhythm_hz && !(band_share < cfg.mimicked_min_band_share) &&
                   !(amplitude > cfg.mimicked_max_amplitude && amplitude != amplitude_unknown)
               ? MovementClass::mimicked
               : MovementClass::shaking;
  if (pt / s >= cfg.tremor_min_share && !(turn_deg_s > cfg.tremor_max_turn_deg_s)) return MovementClass::tremor;
  return MovementClass::shaking;
}
/// The same without the window's band share (band_share_unknown).
inline MovementClass decide(double pr, double pv, double pt, double pm, double amplitude, double rhythm_hz,
                            double turn_deg_s, const DecisionConfig& cfg) noexcept {
  return decide(pr, pv, pt, pm, amplitude, rhythm_hz, turn_deg_s, band_share_unknown, cfg);
}
/// The same without the window's posture (turn_unknown).
inline MovementClass decide(double pr, double pv, double pt, double pm, double amplitude, double rhythm_hz,
                            const DecisionConfig& cfg) noexcept {
  return decide(pr, pv, pt, pm, amplitude, rhythm_hz, turn_unknown, cfg);
}
/// The same without the window's rhythm (rhythm_unknown) and posture.
inline MovementClass decide(double pr, double pv, double pt, double pm, double amplitude,
                            const DecisionConfig& cfg) noexcept {
  return decide(pr, pv, pt, pm, amplitude, rhythm_unknown, turn_unknown, cfg);
}

/// decide() of every row of `proba` (rows of rest, voluntary, tremor, mimicked probabilities, row-major) into
/// `out` (proba.size() / 4 labels), with `amplitude` one value per row (m/s^2), `rhythm_hz` one value per
/// row (Hz), `turn_deg_s` one value per row (deg/s, NaN where not known) and `band_share` one value per row
/// (0..1, NaN where not known), each empty when not known (no floor, no guard, no posture rule, no band-share
/// guard). Throws InvalidArgument when proba is not whole rows of 4, amplitude, rhythm_hz, turn_deg_s or
/// band_share has another length, amplitude or rhythm_hz holds a negative or NaN value, turn_deg_s a negative
/// or infinite one, band_share one outside [0, 1], or out is short.
inline void decide(std::span<const double> proba, std::span<const double> amplitude,
                   std::span<const double> rhythm_hz, std::span<const double> turn_deg_s,
                   std::span<const double> band_share, std::span<MovementClass> out, const DecisionConfig& cfg) {
  if (proba.size() % 4 != 0) throw InvalidArgument("decide: probabilities must be whole rows of 4 classes");
  const std::size_t n = proba.size() / 4;
  if (!amplitude.empty() && amplitude.size() != n)
    throw InvalidArgument("decide: amplitude must hold one value (m/s^2) per row of probabilities");
  for (double a : amplitude)
    if (!(a >= 0)) throw InvalidArgument("decide: amplitudes must be >= 0 m/s^2 (not NaN)");
  if (!rhythm_hz.empty() && rhythm_hz.size() != n)
    throw InvalidArgument("decide: rhythm_hz must hold one value (Hz) per row of probabilities");
  for (double f : rhythm_hz)
    if (!(f >= 0)) throw InvalidArgument("decide: rhythm frequencies must be >= 0 Hz (not NaN)");
  if (!turn_deg_s.empty() && turn_deg_s.size() != n)
    throw InvalidArgument("decide: turn_deg_s must hold one value (deg/s) per row of probabilities");
  for (double t : turn_deg_s)
    if (t < 0 || std::isinf(t)) throw InvalidArgument("decide: turns must be >= 0 deg/s and finite (NaN: not known)");
  if (!band_share.empty() && band_share.size() != n)
    throw InvalidArgument("decide: band_share must hold one value (0..1) per row of probabilities");
  for (double b : band_share)
    if (b < 0 || b > 1) throw InvalidArgument("decide: band shares must be in [0, 1] (NaN: not known)");
  if (out.size() < n) throw InvalidArgument("decide: output buffer too small");
  for (std::size_t r = 0; r < n; ++r) {
    const double* p = proba.data() + 4 * r;
    out[r] = decide(p[0], p[1], p[2], p[3], amplitude.empty() ? amplitude_unknown : amplitude[r],
                    rhythm_hz.empty() ? rhythm_unknown : rhythm_hz[r], turn_deg_s.empty() ? turn_unknown : turn_deg_s[r],
                    band_share.empty() ? band_share_unknown : band_share[r], cfg);
  }
}
/// The same without band shares.
inline void decide(std::span<const double> proba, std::span<const double> amplitude,
                   std::span<const double> rhythm_hz, std::span<const double> turn_deg_s, std::span<MovementClass> out,
                   const DecisionConfig& cfg) {
  decide(proba, amplitude, rhythm_hz, turn_deg_s, {}, out, cfg);
}
/// The same without turns.
inline void decide(std::span<const double> proba, std::span<const double> amplitude,
                   std::span<const double> rhythm_hz, std::span<MovementClass> out, const DecisionConfig& cfg) {
  decide(proba, amplitude, rhythm_hz, {}, out, cfg);
}
/// The same without rhythms.
inline void decide(std::span<const double> proba, std::span<const double> amplitude, std::span<MovementClass> out,
                   const DecisionConfig& cfg) {
  decide(proba, amplitude, {}, out, cfg);
}

}  // namespace tremorlab
