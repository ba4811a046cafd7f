"""Parameter ranges of the synthetic model, each with its source (table: docs/synthetic_model.md)."""
from __future__ import annotations

import math
from typing import Any

from ..units import STANDARD_GRAVITY as GRAVITY  # m/s^2 per g, the C++ core's (units.hpp)

KINDS = ("rest", "voluntary", "tremor", "mimicked")
FS_MIN, FS_MAX = 25.0, 1000.0

#: (low, high) ranges used when a parameter is not overridden, with the source of each range.
#: Amplitudes are peak accelerations of the fundamental in m/s^2 unless stated otherwise.
PARAM_RANGES: dict[str, dict[str, tuple[Any, Any, str]]] = {
    "sensor": {
        "noise_rms": (0.005, 0.02, "MEMS phone/watch accelerometer noise density ~100-300 ug/sqrt(Hz) "
                                    "(e.g. Bosch BMI160/ST LSM6 datasheets) over a 50 Hz band; "
                                    "real motionless phone files: 3-12 Hz RMS ~0.04-0.06 m/s^2 incl. hand"),
        "bias_std": (0.0, 0.03, "residual per-axis offset after factory calibration, a few tens of mg at most"),
    },
    "rest": {
        # Physiological tremor is the background of every still hand (issue 12, #floor): a linear stochastic
        # process (Timmer et al.), the mechanical resonance of the hand driven by irregular motor-unit firing
        # (Elble, Handb Clin Neurophysiol 2003, ch. 22) plus an 8-12 Hz neurogenic component. Its size depends on
        # whether the limb is *supported* (arm in the lap, watch or phone on a table) or *held* against gravity
        # (phone in the hand, outstretched arm): real held-still windows (phone motionless files, PADS healthy
        # postural tasks) reach 0.05-0.13 m/s^2 in 4-12 Hz, far above a supported limb.
        "micro_f0": (8.0, 12.0, "supported limb: centre of the invisible narrow-band background, physiological "
                                "tremor 8-12 Hz (Elble & Deuschl 2011; Deuschl et al. 1998)"),
        "physio_f0": (6.0, 12.0, "held limb: mechanical (resonant) component of the unloaded hand: physiological "
                                 "hand tremor peaks between 6 and 12 Hz (Lakie et al., J Physiol "
                                 "2015;593:4411); modal 7 Hz up to age 70, ~6 Hz after (Wade, Gresty & Findley, "
                                 "Arch Neurol 1982;39:358, 97 healthy people)"),
        "micro_amp": (0.005, 0.02, "supported limb / device: vector RMS of the physiological tremor, ~0.01 m/s^2 "
                                   "scale, invisible (Elble & Deuschl); PADS healthy Relaxed task (arms in the "
                                   "lap): 3-12 Hz RMS 2-17 mg incl. watch noise (pads_relaxed/evidence.csv)"),
        "physio_amp": (0.0104, 0.243, "held limb / device: vector RMS of postural physiological tremor. Wade, "
                                     "Gresty & Findley (Arch Neurol 1982) measured the postural hand tremor of 97 "
                                     "healthy people (15-80 y) by accelerometry: 0.0015-0.035 g peak at the "
                                     "dominant frequency, modal 0.01 g, 'visible tremor' from 0.007 g; "
                                     "sinusoid-equivalent RMS = peak/sqrt(2): 0.0104-0.243 m/s^2, modal "
                                     "0.069 m/s^2"),
        "physio_amp_median": (0.069, 0.069, "log-normal median (m/s^2 RMS): Wade et al.'s modal 0.01 g peak"),
        "physio_amp_sigma": (0.6, 0.6, "log-space spread: Wade et al.'s range spans x0.15-x3.5 of the mode "
                                       "(about -3 to +2 sigma)"),
        "physio_bw": (0.05, 0.3, "damping ratio of the hand's resonance (half-power half-width / f0): spectra "
                                 "range from 'a single finely tuned peak to multiple broad peaks', over two "
                                 "thirds with more than one significant peak (Wade et al. 1982); the dominant "
                                 "frequency varied by 2.5 Hz within a subject"),
        "physio_central": (0.0, 1.0, "relative size of the central 8-12 Hz component beside the mechanical one, "
                                     "drawn for 2/3 of the recordings: postural tremor of the finger, hand, "
                                     "forearm and whole arm shows two peaks, one at 8-12 Hz whatever the segment, "
                                     "the other falling as the segment's mass grows ('Physiological tremor of the "
                                     "upper limb segments', abstract); over two thirds of healthy spectra have "
                                     "several peaks (Wade et al. 1982)"),
        "central_f0": (8.0, 12.0, "central (supraspinal) component, 8-12 Hz, independent of the segment and load "
                                  "(same sources)"),
        "device_inertia": (0.2, 1.0, "a device held in the hand adds inertia I_d to the hand's I_h; the "
                                     "mechanical tremor frequency is sqrt(K/I) (Elble, Handb Clin Neurophysiol "
                                     "2003, ch. 22; Lakie et al. 1986/2015: adding mass lowers it), so it falls "
                                     "by sqrt(I_h/(I_h+I_d)). Ratio I_d/I_h estimated here: a 0.15-0.2 kg phone "
                                     "~9 cm from the wrist (~0.0015 kg m^2) vs a 0.45 kg hand (~0.003 kg m^2) "
                                     "-> ~0.5; 0.2-1.0 spans small phones to tablets: 6-12 Hz becomes 4.2-11 Hz"),
        "device_held_p": (0.5, 0.5, "share of held-still recordings with a device in the hand (phone) rather "
                                    "than worn on the wrist (watch: no load on the hand): model choice"),
        "drift_deg": (0.1, 1.0, "slow postural sway of a resting limb / device, fractions of a degree"),
        "held_drift_deg": (0.3, 1.5, "slow orientation drift of a held limb / hand-held device, degrees (the "
                                     "same for held rest and held tremor, so drift never tells them apart). "
                                     "Checked against real held postures: PADS StretchHold/HoldWeight tasks with "
                                     "gravity rebuilt from the gyroscope turn 0.47/1.48/1.93 deg/s (p50/p90/p95, "
                                     "1 s steps of 2 s window means; benchmarks/reorientation.py), this range "
                                     "0.72/1.63/1.97; the former assumption, 1-4 deg, turned 1.88/4.15/4.89"),
        "held_sway": (0.05, 0.05, "slow (0.1-1 Hz) translational postural sway of a held limb, std m/s^2: "
                                  "~5 mm at 0.5 Hz (assumption; same for held rest and held tremor)"),
    },
    "tremor": {
        # Organic tremor waxes, wanes and drifts: the ranges below were re-derived in issue 12 from published
        # measurements and checked against the real tremor recordings (docs/synthetic_model.md, "Checked
        # against real tremor"). Per-type ranges (parkinsonian, essential, enhanced physiological / fatigue)
        # are in TREMOR_TYPES; these are their union.
        "f0": (3.5, 12.0, "parkinsonian 3-8 Hz, essential 4-12 Hz, physiological 8-12 Hz (Elble & Deuschl, "
                          "Handb Clin Neurol 2011; Deuschl et al., Mov Disord 1998 consensus; restated by "
                          "Ghassemi/Wijnen et al., Sensors 2019 PMC6806079); real resting tremor in PADS "
                          "(pads_relaxed evidence.csv): peaks 3.5-7.0 Hz"),
        "f0_practice": (4.0, 12.0, "fatigue tremor: enhanced physiological 8-12 Hz plus a large 4-6 Hz "
                                   "tremor after sustained sub-maximal effort (Lippold, Ciba Found Symp 82, "
                                   "1981); wall sit / bridge leg shaking itself: no accelerometry source found"),
        # The PADS figures quoted below (evidence.csv, pads_more) are of the Relaxed copies, whose columns are
        # acceleration z and two rotation rates in rad/s (docs/evaluation.md, "The PADS Relaxed copies are not
        # three accelerations"): the true accelerations are mostly 1.2-7x smaller; the range's bounds come from the
        # clinical sources, which it still spans.
        "amplitude": (0.15, 30.0, "visible to severe (a 5 Hz tremor of 1 cm displacement is ~10 m/s^2 peak: "
                                 "(2*pi*f)^2 * x); log-relates to clinical rating (Elble et al. 2006; "
                                 "Elble, Hellriegel, Raethjen & Deuschl, Mov Disord Clin Pract 2016: "
                                 "log(T) = a*rating + b); real PADS resting tremor 3-12 Hz RMS 20-650 mg "
                                 "(0.2-6.3 m/s^2, evidence.csv), new PADS participants up to ~1.1 g RMS (tests/data/pads_more). "
                                 "Ceiling 30 m/s^2 peak: MDS-UPDRS 3.17 rates rest tremor of 3-10 cm "
                                 "displacement as 3 (Goetz et al., Mov Disord 2008), i.e. ~24 m/s^2 at 4.5 Hz "
                                 "for 3 cm. Floor 0.15 m/s^2 peak (~11 mg RMS): below "
                                 "it a tremor cannot be told from the rest background of healthy wrists "
                                 "(PADS healthy rest: 2-17 mg, evidence.csv); a model choice, not a "
                                 "physiological bound"),
        "amplitude_median": (0.8, 0.8, "log-normal median (m/s^2), clipped: large tremors are rarer than "
                                       "small ones, but real (PADS: 477-1107 mg RMS)"),
        "amplitude_sigma": (1.4, 1.4, "log-space spread of the amplitude: wide enough that tremors as large as "
                                      "deliberate shaking (0.5-8 m/s^2) and larger are as common in the training "
                                      "data as in PADS, so amplitude alone never reads as imitation (model v1/v2 "
                                      "called 1 g parkinsonian rest tremors mimicked)"),
        "wander_std": (0.1, 0.6, "slow frequency drift over seconds; parkinsonian tremor frequency is less "
                                 "stable than essential (di Biase et al., Brain 2017; Farkas et al., "
                                 "Parkinsonism Relat Disord 2006: frequency dispersion); PADS 002 windows: "
                                 "freq_drift up to 0.65 Hz"),
        "cycle_cv": (0.02, 0.30, "cycle-to-cycle period variability. di Biase et al. (Brain 2017) tremor "
                                 "stability index (IQR of cycle-to-cycle frequency change) separates PD "
                                 "(higher) from ET at 1.05 Hz: at 5 Hz an IQR of 1.05 Hz is a period CV of "
                                 "~0.11 (IQR = 1.35*sqrt(2)*cv*f0), so organic tremor spans ~0.02-0.15 and "
                                 "beyond for PD; the upper end 0.30 covers the real PADS tremor windows "
                                 "(measured cycle_freq_cv 5/50/95 %: 0.02/0.10/0.49, docs/synthetic_model.md): "
                                 "the literature gives the direction, the real windows the bound"),
        "env_cv": (0.1, 0.7, "tremor waxes and wanes: PD rest tremor intensity rose 65 % within 30 s and is "
                             "often intermittent (Malling et al., J NeuroEng Rehabil 2019); PADS 002 "
                             "envelope_cv 0.30-0.48"),
        "burst_rate": (0.0, 0.15, "waning episodes per second of intermittent (rest) tremor (Malling et al. "
                                  "2019: 'intermittent' vs 'continuous' PD tremor; rate is this model's "
                                  "assumption, no measured rate found)"),
        "burst_depth": (0.3, 0.85, "fraction by which the amplitude falls in a waning episode (assumption)"),
        # Harmonics relative to the fundamental (log-uniform). Measured on the real tremor windows of the train
        # pool (benchmarks/tremor_harmonics.py: PADS rule windows, true acceleration, 31 people) the waveform is
        # far from a sine: H2/H1 5/50/95 % 0.07/0.24/0.68, H3/H1 0.04/0.11/0.32. Until model v10 the tremor had
        # a 2nd harmonic of 0.02-0.3 only and the imitation 0.1-0.4 plus a 3rd, the other way round from the
        # recordings, so a model could read a strong harmonic as a sign of intent. With the ranges below the two
        # synthetic classes are about as harmonic as each other (measured over 60 recordings, 2nd 5/50/95 %: tremor
        # 0.05/0.12/0.41, imitation 0.05/0.14/0.43), both less than real tremor; the generator's measured ratio is
        # below its tremor parameter (ellipticity, cycle jitter). The full real range (2nd up to 1.0, 3rd up to
        # 0.6, measured 0.08/0.20/0.67) was tried for
        # model v11 and called random 0.5-8 Hz vibration `tremor` 4x as often and the voluntary tasks of the
        # CloudUPDRS person, left out, 11.5 % instead of 7.9 % (docs/evaluation.md, "Model v11"), for 0.4 points
        # more real clear tremor.
        "harmonic2": (0.05, 0.6, "2nd harmonic, log-uniform: real PADS tremor windows H2/H1 5/50/95 % "
                                 "0.07/0.24/0.68 (benchmarks/tremor_harmonics.py, docs/synthetic_model.md); "
                                 "parkinsonian rest tremor is often non-sinusoidal"),
        "harmonic3": (0.02, 0.3, "3rd harmonic, log-uniform: real PADS tremor windows H3/H1 5/50/95 % "
                                 "0.04/0.11/0.32 (same table)"),
        # The limb's turning: the gravity term is g / (omega^2 r) of the linear acceleration for a segment turning
        # about an axis r from the sensor (classes._lever_rot_frac). Until model v12 the ratio was drawn 0-0.5 at
        # any frequency, on average twice the real wrist's and 6-60 times a leg's, and large synthetic tremor
        # was called mimicked for it (benchmarks/large_tremor.py).
        "lever_m": (0.03, 0.15, "distance (m) of the turning axis from a wrist sensor, log-uniform: real PADS "
                                "wrist tremor with the gyroscope (292 rule-tremor windows of 6 people, rest and "
                                "postural) has a gravity term of 5/50/95 % 0.05/0.11/0.27 of its linear "
                                "acceleration, r 0.03/0.06/0.13 m (benchmarks/tremor_rotation.py); a watch over the "
                                "forearm's pronation axis ~0.03 m, the hand about the wrist ~0.08 m"),
        "ellipticity": (0.05, 0.5, "minor/major axis of the oscillation's path: assumption (a limb segment "
                                   "oscillates mostly along one axis)"),
        "lever_m_practice": (0.2, 0.45, "shaking practice (legs): a sensor on the thigh or shank turning about "
                                        "the hip or knee, segment lengths ~0.25 of body height (Winter, "
                                        "Biomechanics and Motor Control of Human Movement, 2009, fig. 4.1); "
                                        "not measured"),
    },
    "mimicked": {
        "f0": (3.0, 8.5, "voluntary rhythmic movement can rarely exceed ~5-7 Hz (Elble & Deuschl); real "
                         "imitated-tremor phone recordings peak at 5.5-8.4 Hz (shared phone file_index.csv)"),
        "amplitude": (0.5, 8.0, "real imitated-tremor phone files: 3-12 Hz RMS 0.65-5 m/s^2"),
        "amplitude_median": (2.0, 2.0, "log-normal median (m/s^2), sigma 0.7 in log space, clipped"),
        "wander_std": (0.3, 0.8, "frequency drift of voluntary imitation, larger than organic tremor "
                                 "(Schwingenschuh et al. 2011/2016: variability of functional tremor)"),
        "cycle_cv": (0.06, 0.30, "cycle-to-cycle period jitter of a voluntary oscillation; functional "
                                 "tremor is variable (Schwingenschuh et al. 2011/2016); real imitation "
                                 "windows of the phone train pool: cycle_freq_cv 5/50/95 % 0.08/0.21/0.43 "
                                 "(overlaps real tremor: docs/synthetic_model.md)"),
        "env_cv": (0.3, 0.8, "large amplitude modulation; real imitation windows envelope_cv 0.27/0.50/0.75"),
        "amp_freq_exponent": (1.0, 2.0, "amplitude-frequency covariation (entrainment-like coupling): "
                                        "acceleration ~ (f/f0)^beta; generator assumption"),
        "pause_rate": (1 / 15, 1 / 5, "pauses / hesitations per second (Schwingenschuh et al. 2016: "
                                      "pauses and distractibility of functional tremor)"),
        "pause_s": (0.3, 1.5, "pause duration, s"),
        "arm_sway": (0.1, 0.6, "slow (0.2-2 Hz) arm movement while shaking on purpose, std per axis m/s^2, "
                               "on top of a 0.1-1 Hz base of 0.1, "
                               "log-uniform: real imitation windows of the phone train pool carry 0.3-3.5 Hz power "
                               "log10 5/50/95 % -1.28/-0.21/0.60 ((m/s^2)^2), synthetic now -1.28/-0.42/0.56; "
                               "the base alone sat a decade lower (benchmarks/synth_vs_real_features.py)"),
        "harmonic2": (0.03, 0.25, "2nd harmonic, log-uniform: real imitation windows of the phone train pool "
                                 "(>= 80 % of their power in 3-12 Hz) H2/H1 5/50/95 % 0.05/0.12/0.27, nearer a "
                                 "sine than real tremor (benchmarks/tremor_harmonics.py); until model v11 "
                                 "0.1-0.4 uniform, an assumption of jerky wilful shaking the recordings "
                                 "contradicted"),
        "harmonic3": (0.01, 0.07, "3rd harmonic, log-uniform: real imitation H3/H1 5/50/95 % 0.02/0.04/0.09"),
        "ellipticity": (0.1, 0.6, "minor/major axis of the oscillation's path: assumption"),
        "rot_frac": (0.1, 0.6, "gravity term of the hand's turning relative to its linear acceleration, at any "
                               "frequency: assumption, the imitation recordings hold no gyroscope. Indirect "
                               "support: the rigid-body draw of the wrist tremor instead (model v12, tried) made "
                               "the real imitation left out of training `tremor` in 12.6 % of its windows, "
                               "not 7.6 % (docs/evaluation.md, 'Model v12')"),
    },
    "voluntary": {
        "step_hz": (1.6, 2.2, "walking step rate ~1.6-2.2 Hz (Pachi & Ji 2005: mean 1.87 Hz, sd ~0.19 Hz)"),
        "walk_amp": (1.5, 4.0, "vertical trunk/hand acceleration at step frequency while walking"),
        "bounce_hz": (1.5, 3.0, "standing bounce / heel bounce warm-up"),
        "bounce_amp": (1.0, 5.0, "bounce vertical acceleration"),
        "reach_m": (0.1, 0.5, "reach/gesture amplitude, m (minimum-jerk, Flash & Hogan 1985)"),
        "reach_s": (0.4, 1.5, "reach/gesture duration, s"),
        "reach_rate": (0.2, 0.6, "gestures per second"),
        "posture_deg": (20.0, 90.0, "posture change: rotation of the limb/device, degrees"),
        "posture_s": (0.5, 2.0, "posture change duration, s"),
        # Everyday rhythmic activities (issue 12: real brushing, jogging and clapping were called mimicked).
        # Frequencies: (lo, hi) of the fundamental of the wrist acceleration.
        "jog_hz": (2.3, 3.2, "running cadence ~140-190 steps/min (coaching/wearable figures; Tudor-Locke et al., "
                             "IJBNPA 2019 measured walking-to-running cadences > 130 steps/min); the wrist "
                             "also swings at half the step rate"),
        "jog_amp": (4.0, 15.0, "wrist acceleration while jogging: assumption (no source found here)"),
        "brush_hz": (2.5, 5.5, "tooth brushing strokes ~3-5 Hz (project brief; wrist-watch brushing studies, "
                               "e.g. Huang & Lin, SenSys 2016, give no stroke rate): assumption"),
        "brush_amp": (2.0, 10.0, "wrist acceleration of brushing strokes: assumption"),
        "clap_hz": (1.5, 5.0, "clapping rate: two modes, fast asynchronous and ~2x slower synchronized "
                              "(Neda et al., Nature 2000); exact Hz not retrieved here: assumption"),
        "clap_amp": (5.0, 30.0, "impulsive palm contact, peaks of several g: assumption"),
        "stir_hz": (0.8, 2.5, "stirring / wiping circles: assumption"),
        "stir_amp": (0.5, 4.0, "stirring acceleration: assumption"),
        "type_rate": (2.0, 7.0, "keystrokes per second for ~25-80 words/min (5 characters per word)"),
        "type_amp": (0.1, 1.0, "wrist acceleration per keystroke: assumption"),
    },
}

#: Largest gravity term of a tremor's turning relative to its linear acceleration (classes._lever_rot_frac): real
#: wrist tremor with the gyroscope reaches 0.36 (benchmarks/tremor_rotation.py); a slow tremor under a watch close
#: to the forearm's axis would exceed it, where the small-angle model no longer holds anyway.
ROT_FRAC_MAX = 0.5

#: Tremor types: each overrides the ranges above (the type is drawn per synthetic subject).
TREMOR_TYPES: dict[str, dict[str, tuple[float, float]]] = {
    # Parkinsonian rest tremor: 3-8 Hz (PMC6806079; Deuschl 1998), less stable (TSI > 1.05 more often,
    # di Biase 2017), intermittent and waxing (Malling 2019).
    "parkinsonian": {"f0": (3.5, 7.5), "cycle_cv": (0.04, 0.30), "env_cv": (0.2, 0.7), "wander_std": (0.15, 0.6),
                     "burst_rate": (0.0, 0.15)},
    # Essential tremor: 4-12 Hz, mostly postural/kinetic, more stable (TSI < 1.05, di Biase 2017).
    "essential": {"f0": (4.0, 12.0), "cycle_cv": (0.02, 0.15), "env_cv": (0.1, 0.5), "wander_std": (0.1, 0.4),
                  "burst_rate": (0.0, 0.05)},
    # Enhanced physiological / fatigue tremor: 8-12 Hz (4-6 Hz after long sub-maximal effort, Lippold 1981);
    # physiological tremor is a stochastic, narrow-band process rather than a clean oscillator (Timmer et al.,
    # tremor time-series analysis): larger cycle and envelope variability.
    # Amplitude: *enhanced* physiological tremor is the visible, symptomatic excess of a physiological tremor
    # (Elble, Handb Clin Neurophysiol 2003, ch. 22), so its floor is the top of the healthy range: 0.035 g peak
    # = 0.34 m/s^2 (Wade, Gresty & Findley 1982; the held-still `rest` class covers 0.0015-0.035 g).
    "physiological": {"f0": (7.0, 12.0), "cycle_cv": (0.10, 0.30), "env_cv": (0.35, 0.7), "wander_std": (0.2, 0.6),
                      "burst_rate": (0.0, 0.1), "amplitude": (0.34, 30.0)},
}
_TREMOR_TYPE_P = {"parkinsonian": 0.4, "essential": 0.4, "physiological": 0.2}

_TREMOR_CONTEXTS = ("posture", "rest", "slow_movement", "shaking_practice")
#: How a tremor's cycles are timed (classes._render_tremor, signals._cycle_phase): "free" (the default) or "clocked".
_TREMOR_PACINGS = ("free", "clocked")
#: Rest: limb / device supported (lap, table) or held still against gravity (phone in the hand, arm held out).
_REST_SUPPORTS = ("supported", "held")
_VOLUNTARY_ACTIVITIES = ("walking", "gestures", "bounce", "posture_changes", "jogging", "brushing", "clapping",
                         "stirring", "typing")
_POSTURES = {"upright": (0.0, 0.0, 0.0), "sitting": (0.35, 0.0, 0.0), "lying": (math.pi / 2, 0.0, 0.0),
             "lying_side": (0.0, math.pi / 2, 0.0)}


_KIND_KEYS = {
    "rest": {"micro_f0", "micro_amp", "physio_f0", "physio_amp", "physio_central", "device_inertia", "support",
             "drift_deg"},
    "tremor": {"f0", "amplitude", "wander_std", "cycle_cv", "env_cv", "harmonic2", "harmonic3", "context", "axis", "tremor_type",
               "pacing",
               "burst_rate", "burst_depth",
               "ellipticity", "rot_frac", "lever_m", "drift_deg", "micro_amp", "micro_f0"},
    "mimicked": {"f0", "amplitude", "wander_std", "cycle_cv", "env_cv", "harmonic2", "harmonic3",
                 "amp_freq_exponent", "pause_rate", "pause_s", "pauses", "axis", "ellipticity", "rot_frac", "drift_deg", "arm_sway",
                 "micro_amp", "micro_f0"},
    "voluntary": {"activities", "step_hz", "walk_amp", "bounce_hz", "bounce_amp", "reach_rate", "reach_m",
                  "reach_s", "posture_deg", "posture_s", "drift_deg", "micro_amp", "micro_f0", "jog_hz", "jog_amp",
                  "brush_hz", "brush_amp", "clap_hz", "clap_amp", "stir_hz", "stir_amp", "type_rate", "type_amp"},
}
_SENSOR_KEYS = {"noise_rms", "bias", "mount", "jitter_s", "placement"}
_SEGMENT_KEYS = {"posture"}
