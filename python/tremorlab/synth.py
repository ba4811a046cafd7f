"""Literature-grounded synthetic tri-axial accelerometer recordings (m/s^2, gravity included).

Four movement classes, whose parameter ranges come from the tremor literature and from the real recordings in
the shared data folder (full table with sources: ``docs/synthetic_model.md``; ``PARAM_RANGES`` below):

``'rest'``
    Stillness: sensor noise, physiological micro-tremor (8-12 Hz, 0.005-0.02 m/s^2; Elble & Deuschl) and a slow
    postural drift of the sensor orientation (rotating gravity by a fraction of a degree).
``'voluntary'``
    One or two of: walking (step rate 1.6-2.2 Hz with harmonics), reaching/gestures (minimum-jerk movements,
    Flash & Hogan 1985), standing bounce (1.5-3 Hz), posture changes (minimum-jerk rotations of gravity).
``'tremor'``
    Involuntary tremor: f0 4-12 Hz (Elble & Deuschl; Deuschl et al. 1998 consensus), slow frequency wander
    (std 0.1-0.3 Hz over seconds), amplitude 0.05-3 m/s^2 (log-normal), envelope modulation CV 0.1-0.3, small
    2nd harmonic, very small cycle-to-cycle period jitter (CV 0.005-0.03: organic tremor is a stable
    oscillator, low Tremor Stability Index, di Biase et al. Brain 2017), on a held posture with slow drift, at
    rest, during slow voluntary movement, or in the legs during shaking practices (wall sit, bridge, lunge:
    5-12 Hz).
``'mimicked'``
    Wilful imitation of tremor: f0 3-8.5 Hz (voluntary rhythmic movement tops out at ~5-7 Hz, Elble & Deuschl;
    the real imitated-tremor phone recordings peak at 5.5-8.4 Hz), cycle-to-cycle period jitter CV 0.05-0.15,
    larger frequency drift, amplitude-frequency covariation (entrainment-like), pauses/hesitations, stronger
    harmonics and stronger amplitude modulation (Schwingenschuh et al. 2011/2016; high TSI, di Biase 2017).

Frequency and amplitude ranges of 'tremor' and 'mimicked' overlap on purpose (both 4-8.5 Hz, 0.5-3 m/s^2):
the class evidence is the regularity (cycle-to-cycle jitter, frequency wander, envelope variability, pauses,
harmonics), exactly as in the clinical literature, not a frequency or amplitude artefact of the generator.

Every random process is defined in continuous time (sums of random sinusoids, cycle boundaries on a time axis),
so the same seed gives the same movement at any sampling rate from 25 to 1000 Hz; only the white sensor noise
depends on the sample count. tremorlab classifies movement; nothing here models or implies a diagnosis.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

import numpy as np

if TYPE_CHECKING:
    from .io import Recording

__all__ = [
    "KINDS",
    "GRAVITY",
    "PARAM_RANGES",
    "SynthRecording",
    "generate",
    "session",
    "default_plan",
    "dataset",
    "subject_params",
    "inject",
]

KINDS = ("rest", "voluntary", "tremor", "mimicked")
GRAVITY = 9.80665  # m/s^2
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
        "micro_f0": (8.0, 12.0, "physiological tremor 8-12 Hz (Elble & Deuschl 2011; Deuschl et al. 1998)"),
        "micro_amp": (0.005, 0.02, "physiological tremor of the hand ~0.01 m/s^2 scale, invisible "
                                   "(Elble & Deuschl; real motionless recordings)"),
        "drift_deg": (0.1, 1.0, "slow postural sway of a resting limb / device, fractions of a degree"),
    },
    "tremor": {
        "f0": (4.0, 12.0, "pathological tremor 4-12 Hz: parkinsonian rest 4-6 (up to 9) Hz, essential 4-12 Hz, "
                          "enhanced physiological 8-12 Hz (Elble & Deuschl 2011; Deuschl et al. 1998)"),
        "f0_practice": (5.0, 12.0, "leg shaking in wall sit / bridge / lunge (fatigue / 'neurogenic' "
                                   "shaking) at roughly 5-12 Hz: project brief; an assumption, no "
                                   "peer-reviewed accelerometry range was found"),
        "amplitude": (0.05, 3.0, "accelerometric tremor amplitude from barely visible to marked, log-normal "
                                 "spread (Elble & Deuschl; amplitude log-relates to rating, Elble 2006)"),
        "amplitude_median": (0.35, 0.35, "log-normal median (m/s^2), sigma 1.0 in log space, clipped"),
        "wander_std": (0.1, 0.3, "slow frequency variability of organic tremor, std 0.1-0.3 Hz over seconds "
                                 "(O'Suilleabhain & Matsumoto 1998; Brittain et al. 2015 frequency tolerance)"),
        "cycle_cv": (0.005, 0.03, "organic tremor is a stable oscillator: small cycle-to-cycle change, low "
                                  "Tremor Stability Index (di Biase et al. Brain 2017)"),
        "env_cv": (0.1, 0.3, "amplitude (envelope) modulation CV of sustained tremor"),
        "harmonic2": (0.02, 0.15, "small 2nd harmonic of a near-sinusoidal tremor"),
    },
    "mimicked": {
        "f0": (3.0, 8.5, "voluntary rhythmic movement can rarely exceed ~5-7 Hz (Elble & Deuschl); real "
                         "imitated-tremor phone recordings peak at 5.5-8.4 Hz (shared phone file_index.csv)"),
        "amplitude": (0.5, 8.0, "real imitated-tremor phone files: 3-12 Hz RMS 0.65-5 m/s^2"),
        "amplitude_median": (2.0, 2.0, "log-normal median (m/s^2), sigma 0.7 in log space, clipped"),
        "wander_std": (0.3, 0.8, "frequency drift of voluntary imitation, larger than organic tremor "
                                 "(Schwingenschuh et al. 2011/2016: variability of functional tremor)"),
        "cycle_cv": (0.05, 0.15, "cycle-to-cycle period jitter of a voluntary oscillation; high TSI "
                                 "(di Biase et al. 2017)"),
        "env_cv": (0.3, 0.7, "large amplitude modulation; real imitated files envelope CV ~0.4-0.7"),
        "amp_freq_exponent": (1.0, 2.0, "amplitude-frequency covariation (entrainment-like coupling): "
                                        "acceleration ~ (f/f0)^beta; generator assumption"),
        "pause_rate": (1 / 15, 1 / 5, "pauses / hesitations per second (Schwingenschuh et al. 2016: "
                                      "pauses and distractibility of functional tremor)"),
        "pause_s": (0.3, 1.5, "pause duration, s"),
        "harmonic2": (0.1, 0.4, "stronger harmonics: jerky, non-sinusoidal wilful shaking"),
        "harmonic3": (0.05, 0.2, "3rd harmonic"),
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
    },
}

_TREMOR_CONTEXTS = ("posture", "rest", "slow_movement", "shaking_practice")
_VOLUNTARY_ACTIVITIES = ("walking", "gestures", "bounce", "posture_changes")
_POSTURES = {"upright": (0.0, 0.0, 0.0), "sitting": (0.35, 0.0, 0.0), "lying": (math.pi / 2, 0.0, 0.0),
             "lying_side": (0.0, math.pi / 2, 0.0)}


@dataclass
class SynthRecording:
    """A synthetic recording with its ground truth.

    Attributes
    ----------
    t : (n,) float64 seconds; acc : (n, 3) float64 m/s^2 (gravity included, sensor frame);
    labels : (n,) str class per sample; segments : list of (start_s, end_s, label) with exact onsets/offsets;
    params : dict of every parameter used (sampled or overridden); fs : nominal rate; subject : id or None;
    kind : the class for single-kind recordings, 'session' for sessions.
    """

    t: np.ndarray
    acc: np.ndarray
    labels: np.ndarray
    segments: list[tuple[float, float, str]]
    params: dict[str, Any]
    fs: float
    subject: str | None = None
    kind: str | None = None
    seed: Any = None
    units: str = field(default="m/s^2")

    @property
    def duration(self) -> float:
        return float(self.segments[-1][1]) if self.segments else 0.0

    def label_at(self, times: Any) -> np.ndarray:
        """Class label at arbitrary times (seconds), from the exact segment boundaries."""
        tt = np.atleast_1d(np.asarray(times, dtype=np.float64))
        ends = np.array([s[1] for s in self.segments])
        idx = np.clip(np.searchsorted(ends, tt, side="right"), 0, len(self.segments) - 1)
        return np.array([self.segments[i][2] for i in idx], dtype=object)

    def to_recording(self) -> Recording:
        """As a :class:`tremorlab.io.Recording` (units m/s^2, meta with source 'synthetic')."""
        from .io import Recording

        meta = {"source": "synthetic", "subject": self.subject, "label": self.kind, "path": "synthetic",
                "placement": self.params.get("placement", "limb"), "seed": str(self.seed)}
        return Recording(t=self.t - self.t[0], acc=self.acc, units="m/s^2", fs=self.fs, meta=meta)


# ----------------------------------------------------------------------------------------------------------
# Continuous-time building blocks


def _slow(rng: np.random.Generator, t: np.ndarray, std: float, f_lo: float, f_hi: float, k: int = 16,
          dims: int = 1) -> np.ndarray:
    """Band-limited random process: a sum of k random-phase sinusoids in [f_lo, f_hi] Hz, given std.

    Continuous in time, so it is independent of the sampling rate. Returns (n,) or (n, dims)."""
    out = np.zeros((t.size, dims))
    if std == 0:
        return out[:, 0] if dims == 1 else out
    a = std * math.sqrt(2.0 / k)
    for d in range(dims):
        f = rng.uniform(f_lo, f_hi, k)
        ph = rng.uniform(0, 2 * np.pi, k)
        # Chunked outer product keeps memory bounded for long, high-rate sessions.
        for s in range(0, t.size, 200_000):
            tt = t[s:s + 200_000]
            out[s:s + 200_000, d] = a * np.cos(2 * np.pi * np.outer(tt, f) + ph).sum(axis=1)
    return out[:, 0] if dims == 1 else out


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _random_rotation(rng: np.random.Generator) -> np.ndarray:
    q = rng.normal(size=4)
    q /= np.linalg.norm(q)
    w, x, y, z = q
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def _rotate(v: np.ndarray, rotvec: np.ndarray) -> np.ndarray:
    """Rotate row vectors v (n,3) by rotation vectors (n,3) (Rodrigues)."""
    ang = np.linalg.norm(rotvec, axis=1, keepdims=True)
    safe = np.where(ang > 1e-15, ang, 1.0)
    k = rotvec / safe
    c, s = np.cos(ang), np.sin(ang)
    kxv = np.cross(k, v)
    kdv = np.sum(k * v, axis=1, keepdims=True)
    return v * c + kxv * s + k * kdv * (1 - c)


def _minjerk_pos(tau: np.ndarray) -> np.ndarray:
    tau = np.clip(tau, 0.0, 1.0)
    return tau ** 3 * (10 - 15 * tau + 6 * tau ** 2)


def _minjerk_acc(tau: np.ndarray) -> np.ndarray:
    """Second derivative of the minimum-jerk profile (per unit displacement, per unit time^2); 0 outside."""
    inside = (tau >= 0) & (tau <= 1)
    return np.where(inside, 60 * tau - 180 * tau ** 2 + 120 * tau ** 3, 0.0)


def _cycle_phase(rng: np.random.Generator, t: np.ndarray, t_lo: float, t_hi: float,
                 f_of_t: Callable[[np.ndarray], np.ndarray], cycle_cv: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Phase (radians) of an oscillator whose cycles have period (1 + cv*eps_k) / f(t_k).

    Cycle boundaries are laid out on the continuous time axis from t_lo to t_hi (independent of fs); the phase
    grows linearly by 2*pi within each cycle, so it is continuous. Returns (phase(t), instantaneous f(t))."""
    # f is evaluated once on a 10 ms grid; the period of cycle k depends on where cycle k starts.
    step = 0.01
    g0 = t_lo - 3.0
    grid = g0 + step * np.arange(int(math.ceil((t_hi - t_lo + 6.0) / step)) + 1)
    fg = np.maximum(np.asarray(f_of_t(grid), dtype=np.float64), 0.2)
    t0 = t_lo - rng.uniform(0, 1.0 / fg[int(3.0 / step)])
    bounds = [t0]
    periods = []
    c = t0
    eps = np.clip(rng.normal(size=int((t_hi - t0) * fg.max() * 2) + 8), -3, 3)
    k = 0
    while c <= t_hi:
        f = fg[min(int((c - g0) / step), fg.size - 1)]
        p = max((1.0 + cycle_cv * eps[k % eps.size]) / f, 0.3 / f)
        periods.append(p)
        c += p
        bounds.append(c)
        k += 1
    b = np.asarray(bounds)
    per = np.asarray(periods)
    cyc = np.clip(np.searchsorted(b, t, side="right") - 1, 0, per.size - 1)  # cycle index of each sample
    phase = 2 * np.pi * (cyc + (t - b[cyc]) / per[cyc])
    return phase, 1.0 / per[cyc]


def _pick(rng: np.random.Generator, ov: Mapping[str, Any], key: str, lo: float, hi: float, *,
          log: bool = False) -> Any:
    """The override ``ov[key]`` as given when set, else a uniform (or log-uniform) draw in [lo, hi]."""
    if key in ov and ov[key] is not None:
        return ov[key]
    if log:
        return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))
    return float(rng.uniform(lo, hi))


def _lognormal(rng: np.random.Generator, ov: Mapping[str, Any], key: str, median: float, sigma: float,
               lo: float, hi: float) -> float:
    if key in ov and ov[key] is not None:
        return float(ov[key])
    return float(np.clip(median * math.exp(sigma * rng.normal()), lo, hi))


# ----------------------------------------------------------------------------------------------------------
# Class renderers: each returns world-frame linear acceleration (n,3), a rotation-vector contribution (n,3)
# and the parameters it used. `t` is session time; the segment spans [t_lo, t_hi].

_KIND_KEYS = {
    "rest": {"micro_f0", "micro_amp", "drift_deg"},
    "tremor": {"f0", "amplitude", "wander_std", "cycle_cv", "env_cv", "harmonic2", "context", "axis",
               "ellipticity", "rot_frac", "drift_deg", "micro_amp", "micro_f0"},
    "mimicked": {"f0", "amplitude", "wander_std", "cycle_cv", "env_cv", "harmonic2", "harmonic3",
                 "amp_freq_exponent", "pause_rate", "pause_s", "pauses", "axis", "ellipticity", "rot_frac", "drift_deg",
                 "micro_amp", "micro_f0"},
    "voluntary": {"activities", "step_hz", "walk_amp", "bounce_hz", "bounce_amp", "reach_rate", "reach_m",
                  "reach_s", "posture_deg", "posture_s", "drift_deg", "micro_amp", "micro_f0"},
}
_SENSOR_KEYS = {"noise_rms", "bias", "mount", "jitter_s", "placement"}
_SEGMENT_KEYS = {"posture"}

# (world-frame linear acceleration (n, 3), rotation vector (n, 3), parameters used)
_Rendered = tuple[np.ndarray, np.ndarray, dict[str, Any]]


def _micro(rng: np.random.Generator, t: np.ndarray, ov: Mapping[str, Any], params: dict[str, Any]) -> np.ndarray:
    R = PARAM_RANGES["rest"]
    f0 = _pick(rng, ov, "micro_f0", R["micro_f0"][0], R["micro_f0"][1])
    amp = _pick(rng, ov, "micro_amp", R["micro_amp"][0], R["micro_amp"][1], log=True)
    params.update(micro_f0=f0, micro_amp=amp)
    # Physiological tremor is a narrow-band noise (not a clean oscillator): random band around f0.
    return _slow(rng, t, amp, max(f0 - 1.5, 6.0), f0 + 1.5, k=24, dims=3) / math.sqrt(3)


def _drift(rng: np.random.Generator, t: np.ndarray, ov: Mapping[str, Any], params: dict[str, Any], lo_deg: float,
           hi_deg: float) -> np.ndarray:
    deg = _pick(rng, ov, "drift_deg", lo_deg, hi_deg)
    params["drift_deg"] = deg
    return _slow(rng, t, math.radians(deg), 0.01, 0.2, k=12, dims=3)


def _render_rest(rng: np.random.Generator, t: np.ndarray, t_lo: float, t_hi: float, ov: Mapping[str, Any]) -> _Rendered:
    params: dict[str, Any] = {}
    lin = _micro(rng, t, ov, params)
    rot = _drift(rng, t, ov, params, *PARAM_RANGES["rest"]["drift_deg"][:2])
    return lin, rot, params


def _oscillation(rng: np.random.Generator, t: np.ndarray, t_lo: float, t_hi: float, *, f0: float, wander_std: float,
                 wander_band: tuple[float, float], cycle_cv: float, amplitude: float, env_cv: float,
                 env_band: tuple[float, float], harmonics: Sequence[tuple[int, float]], axis: np.ndarray,
                 ellipticity: float, amp_freq_exponent: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    wseed = int(rng.integers(2**63))
    fgrid_f = lambda tt: f0 + _slow(np.random.default_rng(wseed), tt, wander_std, *wander_band)  # noqa: E731
    phase, f_inst = _cycle_phase(rng, t, t_lo, t_hi, fgrid_f, cycle_cv)
    env = np.exp(env_cv * _slow(rng, t, 1.0, *env_band) - 0.5 * env_cv ** 2)
    amp = amplitude * env
    if amp_freq_exponent:
        amp = amp * np.clip(f_inst / f0, 0.3, 3.0) ** amp_freq_exponent
    u1 = axis
    u2 = np.cross(u1, _unit(rng))
    u2 /= np.linalg.norm(u2)
    delta = rng.uniform(0, np.pi)
    sig = np.outer(np.cos(phase), u1) + ellipticity * np.outer(np.cos(phase + delta), u2)
    for h, rel in harmonics:
        sig += rel * np.outer(np.cos(h * phase + rng.uniform(0, 2 * np.pi)), u1)
    return sig * amp[:, None], phase, amp


def _render_tremor(rng: np.random.Generator, t: np.ndarray, t_lo: float, t_hi: float, ov: Mapping[str, Any]) -> _Rendered:
    P = PARAM_RANGES["tremor"]
    params: dict[str, Any] = {}
    context = ov.get("context") or str(rng.choice(_TREMOR_CONTEXTS, p=[0.4, 0.25, 0.15, 0.2]))
    if context not in _TREMOR_CONTEXTS:
        raise ValueError(f"tremor context must be one of {_TREMOR_CONTEXTS}, got {context!r}")
    frange = P["f0_practice"] if context == "shaking_practice" else P["f0"]
    f0 = _pick(rng, ov, "f0", frange[0], frange[1])
    amp = _lognormal(rng, ov, "amplitude", P["amplitude_median"][0] * (2.0 if context == "shaking_practice" else 1),
                     1.0, P["amplitude"][0], P["amplitude"][1])
    wander = _pick(rng, ov, "wander_std", *P["wander_std"][:2])
    cyc = _pick(rng, ov, "cycle_cv", *P["cycle_cv"][:2])
    env_cv = _pick(rng, ov, "env_cv", *P["env_cv"][:2])
    h2 = _pick(rng, ov, "harmonic2", *P["harmonic2"][:2])
    axis = np.asarray(ov["axis"], float) / np.linalg.norm(ov["axis"]) if ov.get("axis") is not None else _unit(rng)
    ell = _pick(rng, ov, "ellipticity", 0.05, 0.5)
    rot_frac = _pick(rng, ov, "rot_frac", 0.0, 0.5)
    params.update(context=context, f0=f0, amplitude=amp, wander_std=wander, cycle_cv=cyc, env_cv=env_cv,
                  harmonic2=h2, axis=axis.tolist(), ellipticity=ell, rot_frac=rot_frac)
    osc, phase, a = _oscillation(rng, t, t_lo, t_hi, f0=f0, wander_std=wander, wander_band=(0.02, 0.3),
                                 cycle_cv=cyc, amplitude=amp, env_cv=env_cv, env_band=(0.03, 0.3),
                                 harmonics=[(2, h2)], axis=axis, ellipticity=ell)
    lin = osc + _micro(rng, t, ov, params)
    # Part of a limb tremor is rotational: it modulates the gravity projection (angle ~ rot_frac * a / g).
    rot_axis = _unit(rng)
    rot = np.outer(rot_frac * a / GRAVITY * np.sin(phase), rot_axis)
    if context == "rest":
        rot += _drift(rng, t, ov, params, *PARAM_RANGES["rest"]["drift_deg"][:2])
    else:
        rot += _drift(rng, t, ov, params, 1.0, 4.0)
    if context == "slow_movement":
        lin_v, rot_v, pv = _events(rng, t, t_lo, t_hi, rate=0.15, dist=(0.05, 0.3), dur=(1.0, 3.0),
                                   rot_deg=(2.0, 15.0))
        lin += lin_v
        rot += rot_v
        params["slow_movements"] = pv
    else:
        lin += _slow(rng, t, 0.05, 0.1, 1.0, dims=3)  # postural sway of the held limb
    return lin, rot, params


def _render_mimicked(rng: np.random.Generator, t: np.ndarray, t_lo: float, t_hi: float, ov: Mapping[str, Any]) -> _Rendered:
    P = PARAM_RANGES["mimicked"]
    params: dict[str, Any] = {}
    f0 = _pick(rng, ov, "f0", *P["f0"][:2])
    amp = _lognormal(rng, ov, "amplitude", P["amplitude_median"][0], 0.7, P["amplitude"][0], P["amplitude"][1])
    wander = _pick(rng, ov, "wander_std", *P["wander_std"][:2])
    cyc = _pick(rng, ov, "cycle_cv", *P["cycle_cv"][:2])
    env_cv = _pick(rng, ov, "env_cv", *P["env_cv"][:2])
    beta = _pick(rng, ov, "amp_freq_exponent", *P["amp_freq_exponent"][:2])
    h2 = _pick(rng, ov, "harmonic2", *P["harmonic2"][:2])
    h3 = _pick(rng, ov, "harmonic3", *P["harmonic3"][:2])
    prate = _pick(rng, ov, "pause_rate", *P["pause_rate"][:2])
    axis = np.asarray(ov["axis"], float) / np.linalg.norm(ov["axis"]) if ov.get("axis") is not None else _unit(rng)
    ell = _pick(rng, ov, "ellipticity", 0.1, 0.6)
    rot_frac = _pick(rng, ov, "rot_frac", 0.1, 0.6)
    osc, phase, a = _oscillation(rng, t, t_lo, t_hi, f0=f0, wander_std=wander, wander_band=(0.05, 0.5),
                                 cycle_cv=cyc, amplitude=amp, env_cv=env_cv, env_band=(0.1, 1.0),
                                 harmonics=[(2, h2), (3, h3)], axis=axis, ellipticity=ell,
                                 amp_freq_exponent=beta)
    # Pauses / hesitations: the shaking stops for a moment (smooth 0.15 s ramps), then resumes.
    gate = np.ones_like(t)
    pauses = []
    span = t_hi - t_lo
    if ov.get("pauses") is not None:
        starts = [(float(a), float(b)) for a, b in ov["pauses"]]
    else:
        n_p = int(rng.poisson(prate * span))
        starts = [(float(rng.uniform(t_lo, t_hi)), _pick(rng, ov, "pause_s", *P["pause_s"][:2])) for _ in range(n_p)]
    for s0, d in starts:
        depth = float(rng.uniform(0.8, 1.0))
        ramp = 0.15
        x = np.clip(np.minimum(t - s0, s0 + d - t) / ramp, 0.0, 1.0)
        gate *= 1.0 - depth * (0.5 - 0.5 * np.cos(np.pi * x))
        pauses.append((s0, d, depth))
    osc *= gate[:, None]
    params.update(f0=f0, amplitude=amp, wander_std=wander, cycle_cv=cyc, env_cv=env_cv, amp_freq_exponent=beta,
                  harmonic2=h2, harmonic3=h3, pause_rate=prate, pauses=pauses, axis=axis.tolist(),
                  ellipticity=ell, rot_frac=rot_frac)
    lin = osc + _micro(rng, t, ov, params) + _slow(rng, t, 0.1, 0.1, 1.0, dims=3)
    rot = np.outer(rot_frac * a * gate / GRAVITY * np.sin(phase), _unit(rng))
    rot += _drift(rng, t, ov, params, 1.0, 5.0)
    return lin, rot, params


def _events(rng: np.random.Generator, t: np.ndarray, t_lo: float, t_hi: float, *, rate: float, dist: tuple[float, float],
            dur: tuple[float, float], rot_deg: tuple[float, float], at_least_one: bool = False
            ) -> tuple[np.ndarray, np.ndarray, list[dict[str, float]]]:
    """Minimum-jerk reaches/gestures: displacement along a random direction + a wrist rotation."""
    span = t_hi - t_lo
    n_ev = int(rng.poisson(rate * span))
    if at_least_one:
        n_ev = max(n_ev, 1)
    lin = np.zeros((t.size, 3))
    rot = np.zeros((t.size, 3))
    evs = []
    for _ in range(n_ev):
        T = float(rng.uniform(*dur))
        t0 = float(rng.uniform(t_lo, max(t_lo, t_hi - T)))
        D = float(rng.uniform(*dist)) * (1 if rng.random() < 0.5 else -1)
        ang = math.radians(float(rng.uniform(*rot_deg)))
        u, r = _unit(rng), _unit(rng)
        tau = (t - t0) / T
        lin += np.outer(D / T ** 2 * _minjerk_acc(tau), u)
        # A gesture goes out and comes back: rotation rises then returns (sin-shaped min-jerk bump).
        rot += np.outer(ang * np.sin(np.pi * _minjerk_pos(tau)), r)
        evs.append({"t0": t0, "T": T, "D": D, "rot_deg": math.degrees(ang)})
    return lin, rot, evs


def _render_voluntary(rng: np.random.Generator, t: np.ndarray, t_lo: float, t_hi: float, ov: Mapping[str, Any]) -> _Rendered:
    P = PARAM_RANGES["voluntary"]
    params: dict[str, Any] = {}
    acts = ov.get("activities")
    if acts is None:
        k = int(rng.integers(1, 3))
        acts = tuple(str(a) for a in rng.choice(_VOLUNTARY_ACTIVITIES, size=k, replace=False))
    acts = tuple(acts)
    bad = [a for a in acts if a not in _VOLUNTARY_ACTIVITIES]
    if bad or not acts:
        raise ValueError(f"voluntary activities must be a non-empty subset of {_VOLUNTARY_ACTIVITIES}, got {acts}")
    params["activities"] = acts
    lin = _micro(rng, t, ov, params)
    rot = _drift(rng, t, ov, params, 0.5, 3.0)
    vert = np.array([0.0, 0.0, 1.0])
    if "walking" in acts:
        fs_ = _pick(rng, ov, "step_hz", *P["step_hz"][:2])
        A = _pick(rng, ov, "walk_amp", *P["walk_amp"][:2])
        seed_w = int(rng.integers(2**63))
        f_of = lambda tt: fs_ + _slow(np.random.default_rng(seed_w), tt, 0.05, 0.01, 0.1)  # noqa: E731
        # Healthy stride-time CV ~2-3 % (Hausdorff et al. 1995/1996).
        ph, _ = _cycle_phase(rng, t, t_lo, t_hi, f_of, 0.025)
        h = [(1, 1.0), (2, rng.uniform(0.3, 0.6)), (3, rng.uniform(0.1, 0.3))]
        v = sum(rel * np.cos(k * ph + rng.uniform(0, 2 * np.pi)) for k, rel in h)
        heading = rng.uniform(0, 2 * np.pi)
        ap = np.array([math.cos(heading), math.sin(heading), 0.0])
        ml = np.array([-ap[1], ap[0], 0.0])
        lin += A * (np.outer(v, vert) + 0.5 * np.outer(np.cos(ph + 1.0), ap)
                    + 0.3 * np.outer(np.cos(0.5 * ph), ml))
        rot += np.outer(math.radians(rng.uniform(2, 8)) * np.cos(0.5 * ph), vert)  # arm swing / trunk yaw
        params.update(step_hz=fs_, walk_amp=A)
    if "bounce" in acts:
        fb = _pick(rng, ov, "bounce_hz", *P["bounce_hz"][:2])
        A = _pick(rng, ov, "bounce_amp", *P["bounce_amp"][:2])
        seed_b = int(rng.integers(2**63))
        f_of = lambda tt: fb + _slow(np.random.default_rng(seed_b), tt, 0.08, 0.02, 0.2)  # noqa: E731
        ph, _ = _cycle_phase(rng, t, t_lo, t_hi, f_of, float(rng.uniform(0.03, 0.08)))
        env = np.exp(0.2 * _slow(rng, t, 1.0, 0.02, 0.2))
        v = np.cos(ph) + rng.uniform(0.1, 0.4) * np.cos(2 * ph + rng.uniform(0, 2 * np.pi))
        lin += A * np.outer(v * env, vert) + 0.2 * A * np.outer(np.cos(ph + 0.7) * env, _unit(rng))
        params.update(bounce_hz=fb, bounce_amp=A)
    if "gestures" in acts:
        rate = _pick(rng, ov, "reach_rate", *P["reach_rate"][:2])
        l2, r2, evs = _events(rng, t, t_lo, t_hi, rate=rate, dist=P["reach_m"][:2], dur=P["reach_s"][:2],
                              rot_deg=(5.0, 30.0), at_least_one=True)
        lin += l2
        rot += r2
        params.update(reach_rate=rate, gestures=evs)
    if "posture_changes" in acts:
        span = t_hi - t_lo
        n_ch = max(1, int(rng.poisson(0.08 * span)))
        changes = []
        for _ in range(n_ch):
            T = _pick(rng, ov, "posture_s", *P["posture_s"][:2])
            t0 = float(rng.uniform(t_lo, max(t_lo, t_hi - T)))
            ang = math.radians(_pick(rng, ov, "posture_deg", *P["posture_deg"][:2]))
            ax = _unit(rng)
            tau = (t - t0) / T
            rot += np.outer(ang * _minjerk_pos(tau), ax)
            # Moving the limb to the new posture also translates it a little.
            lin += np.outer(float(rng.uniform(0.1, 0.3)) / T ** 2 * _minjerk_acc(tau), _unit(rng))
            changes.append({"t0": t0, "T": T, "deg": math.degrees(ang)})
        params["posture_changes"] = changes
    return lin, rot, params


_RENDER = {"rest": _render_rest, "tremor": _render_tremor, "mimicked": _render_mimicked,
           "voluntary": _render_voluntary}


# ----------------------------------------------------------------------------------------------------------
# Assembly: segments + posture track + sensor model


def _check_fs(fs: float) -> float:
    fs = float(fs)
    if not (FS_MIN <= fs <= FS_MAX):
        raise ValueError(f"fs must be within [{FS_MIN:g}, {FS_MAX:g}] Hz, got {fs:g}")
    return fs


def _norm_plan(plan: Iterable[Any]) -> list[tuple[str, float, dict[str, Any]]]:
    out = []
    for i, item in enumerate(plan):
        if isinstance(item, Mapping):
            d = dict(item)
            kind = d.pop("kind")
            dur = d.pop("duration_s")
            ov = d
        else:
            kind, dur, *rest = item
            ov = dict(rest[0]) if rest else {}
        if kind not in KINDS:
            raise ValueError(f"plan item {i}: kind must be one of {KINDS}, got {kind!r}")
        dur = float(dur)
        if not (dur > 0 and math.isfinite(dur)):
            raise ValueError(f"plan item {i}: duration_s must be positive, got {dur!r}")
        allowed = _KIND_KEYS[kind] | _SEGMENT_KEYS
        unknown = sorted(set(ov) - allowed)
        if unknown:
            raise TypeError(f"plan item {i} ({kind}): unknown parameter(s) {unknown}; allowed: {sorted(allowed)}")
        if "posture" in ov and ov["posture"] not in _POSTURES:
            raise ValueError(f"plan item {i}: posture must be one of {sorted(_POSTURES)}, got {ov['posture']!r}")
        out.append((kind, dur, ov))
    if not out:
        raise ValueError("plan is empty")
    return out


def _render(plan: list[tuple[str, float, dict[str, Any]]], fs: float, seed: Any, sensor: Mapping[str, Any],
            join_ramp_s: float, posture_transition_s: float) -> SynthRecording:
    fs = _check_fs(fs)
    ss = np.random.SeedSequence(seed if not isinstance(seed, str) else [ord(c) for c in seed])
    s_sensor, s_time, *s_segs = ss.spawn(2 + len(plan))
    bounds = np.concatenate([[0.0], np.cumsum([d for _, d, _ in plan])])
    total = float(bounds[-1])
    n = int(math.floor(total * fs - 1e-9)) + 1
    if n < 2:
        raise ValueError(f"duration {total:g} s at fs={fs:g} Hz gives fewer than 2 samples")
    t = np.arange(n, dtype=np.float64) / fs
    rng_sensor = np.random.default_rng(s_sensor)
    rng_time = np.random.default_rng(s_time)
    jitter = float(sensor.get("jitter_s") or 0.0)
    if jitter < 0:
        raise ValueError(f"jitter_s must be >= 0, got {jitter}")
    if jitter > 0:
        # Clipped so the timestamps stay strictly increasing (a jittered clock never runs backwards).
        t = t + np.clip(rng_time.normal(0.0, jitter, n), -0.45 / fs, 0.45 / fs)
        t[0] = max(t[0], 0.0)

    lin = np.zeros((n, 3))
    rot = np.zeros((n, 3))
    seg_params = []
    r = max(0.0, float(join_ramp_s))
    for i, ((kind, dur, ov), sseq) in enumerate(zip(plan, s_segs)):
        lo, hi = bounds[i], bounds[i + 1]
        ext_lo = lo - r / 2 if i > 0 else lo
        ext_hi = hi + r / 2 if i < len(plan) - 1 else hi
        sel = (t >= ext_lo) & (t <= ext_hi)
        ts = t[sel]
        rng = np.random.default_rng(sseq)
        kov = {k: v for k, v in ov.items() if k not in _SEGMENT_KEYS}
        l_i, r_i, p_i = _RENDER[kind](rng, ts, lo, hi, kov)
        # Crossfade weights (raised cosine centred on each join): neighbours sum to 1, so the signal is
        # continuous and the class changes exactly at the join.
        w = np.ones_like(ts)
        if i > 0 and r > 0:
            w *= 0.5 - 0.5 * np.cos(np.pi * np.clip((ts - ext_lo) / r, 0, 1))
        if i < len(plan) - 1 and r > 0:
            w *= 0.5 - 0.5 * np.cos(np.pi * np.clip((ext_hi - ts) / r, 0, 1))
        lin[sel] += l_i * w[:, None]
        rot[sel] += r_i * w[:, None]
        p_i.update(kind=kind, start_s=float(lo), end_s=float(hi), posture=ov.get("posture"))
        seg_params.append(p_i)

    # Posture track: constant per segment, minimum-jerk transitions centred on the joins.
    rng_post = np.random.default_rng(s_sensor.spawn(1)[0])
    prev = np.zeros(3)
    bases = []
    for i, (_, _, ov) in enumerate(plan):
        if ov.get("posture") is not None:
            b = np.asarray(_POSTURES[ov["posture"]], float) + rng_post.normal(0, 0.05, 3)
        elif i == 0:
            b = rng_post.normal(0, 0.15, 3)
        else:
            b = prev
        bases.append(b)
        prev = b
    base = np.tile(bases[0], (n, 1))
    for i in range(1, len(plan)):
        d = bases[i] - bases[i - 1]
        if not np.any(d):
            continue
        T = min(posture_transition_s, 0.5 * plan[i - 1][1], 0.5 * plan[i][1])
        tau = (t - (bounds[i] - T / 2)) / T if T > 0 else (t >= bounds[i]).astype(float)
        base += np.outer(_minjerk_pos(tau), d)
    rot += base

    # Sensor model: fixed random mounting, white noise, constant bias.
    S = PARAM_RANGES["sensor"]
    mount = np.asarray(sensor["mount"], float) if sensor.get("mount") is not None else _random_rotation(rng_sensor)
    if mount.shape != (3, 3) or not np.allclose(mount @ mount.T, np.eye(3), atol=1e-6):
        raise ValueError("mount must be a 3x3 rotation matrix")
    noise_rms = float(sensor["noise_rms"]) if sensor.get("noise_rms") is not None else \
        float(rng_sensor.uniform(*S["noise_rms"][:2]))
    bias = np.asarray(sensor["bias"], float) if sensor.get("bias") is not None else \
        rng_sensor.normal(0, rng_sensor.uniform(*S["bias_std"][:2]), 3)
    specific = lin + np.array([0.0, 0.0, GRAVITY])  # specific force in the world frame
    body = _rotate(specific, -rot)  # world -> body: rotate by the inverse of the body orientation
    acc = body @ mount  # body -> sensor: rows times mount == (mount^T v) per row
    acc += bias + rng_sensor.normal(0.0, noise_rms, (n, 3))

    labels = np.empty(n, dtype=object)
    segs = []
    for i, (kind, _, _) in enumerate(plan):
        lo, hi = bounds[i], bounds[i + 1]
        m = (t >= lo) & ((t < hi) if i < len(plan) - 1 else (t <= hi))
        labels[m] = kind
        segs.append((float(lo), float(hi), kind))
    labels = labels.astype(str)
    params = {"fs": fs, "noise_rms": noise_rms, "bias": bias.tolist(), "mount": mount.tolist(),
              "jitter_s": jitter, "join_ramp_s": r, "segments": seg_params,
              "placement": sensor.get("placement") or "limb"}
    if len(plan) == 1:
        params.update({k: v for k, v in seg_params[0].items() if k not in ("start_s", "end_s")})
    return SynthRecording(t=t, acc=acc, labels=labels, segments=segs, params=params, fs=fs,
                          kind=plan[0][0] if len(plan) == 1 else "session", seed=seed)


def generate(kind: str, duration_s: float = 30.0, fs: float = 100.0, seed: Any = 0, **overrides: Any
             ) -> SynthRecording:
    """One synthetic recording of a single class.

    Parameters
    ----------
    kind : {'rest', 'voluntary', 'tremor', 'mimicked'}
    duration_s : float
        Length in seconds.
    fs : float
        Sampling rate, 25..1000 Hz.
    seed : int or sequence of int
        Same seed (and arguments) -> identical output.
    **overrides
        Fix any sampled parameter instead of drawing it from ``PARAM_RANGES``: e.g. ``f0``, ``amplitude``
        (m/s^2, peak of the fundamental), ``wander_std``, ``cycle_cv``, ``env_cv``, ``harmonic2``, ``context``
        ('posture' | 'rest' | 'slow_movement' | 'shaking_practice') for 'tremor'; ``pause_rate``, ``pauses``
        (list of (start_s, duration_s)), ``amp_freq_exponent`` for 'mimicked'; ``activities`` (subset of
        'walking', 'gestures', 'bounce', 'posture_changes') for 'voluntary'; sensor: ``noise_rms``, ``bias``
        (3,), ``mount`` (3x3 rotation), ``jitter_s`` (timestamp jitter std, s); segment: ``posture``.

    Returns
    -------
    SynthRecording
        ``params`` lists every value used, so a recording can be regenerated or inspected.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    sensor = {k: overrides.pop(k) for k in list(overrides) if k in _SENSOR_KEYS}
    plan = _norm_plan([(kind, duration_s, overrides)])
    return _render(plan, fs, seed, sensor, join_ramp_s=0.0, posture_transition_s=0.0)


def default_plan(scale: float = 1.0) -> list[tuple[str, float, dict[str, Any]]]:
    """A shaking-practice session: warm-up, rest, wall sit with leg shaking, lying rest, bridge, rest, walk.

    ``scale`` multiplies every duration (e.g. 0.05 for a fast test session of ~30 s)."""
    base: list[tuple[str, float, dict[str, Any]]] = [
        ("voluntary", 60.0, {"activities": ("bounce",), "posture": "upright"}),   # bounce warm-up
        ("rest", 60.0, {"posture": "upright"}),                                   # standing still
        ("tremor", 180.0, {"context": "shaking_practice", "posture": "sitting"}),  # wall sit: legs shake
        ("rest", 120.0, {"posture": "lying"}),                                    # lying still
        ("tremor", 90.0, {"context": "shaking_practice", "posture": "lying"}),    # bridge
        ("rest", 60.0, {"posture": "lying"}),
        ("voluntary", 60.0, {"activities": ("walking",), "posture": "upright"}),
    ]
    if not (scale > 0):
        raise ValueError(f"scale must be positive, got {scale}")
    return [(k, d * scale, dict(o)) for k, d, o in base]


def session(seed: Any = 0, fs: float = 100.0, plan: Sequence[Any] | None = None, *, scale: float = 1.0,
            join_ramp_s: float = 0.5, posture_transition_s: float = 2.0, **sensor: Any) -> SynthRecording:
    """A concatenation of segments with exact onset/offset times, continuous at the joins.

    ``plan``: sequence of ``(kind, duration_s[, overrides])`` or ``{'kind':..., 'duration_s':..., **overrides}``
    (default :func:`default_plan` with ``scale``). Adjacent segments are crossfaded over ``join_ramp_s``
    seconds centred on each join (raised cosine, weights summing to 1), and posture changes between segments
    follow a minimum-jerk rotation over ``posture_transition_s`` centred on the join, so the signal has no
    steps. ``segments`` hold the exact boundaries; ``labels`` switch exactly there. Sensor overrides:
    ``noise_rms``, ``bias``, ``mount``, ``jitter_s``.
    """
    unknown = sorted(set(sensor) - _SENSOR_KEYS)
    if unknown:
        raise TypeError(f"session: unknown sensor parameter(s) {unknown}; allowed: {sorted(_SENSOR_KEYS)}")
    p = _norm_plan(plan if plan is not None else default_plan(scale))
    return _render(p, fs, seed, sensor, join_ramp_s=join_ramp_s, posture_transition_s=posture_transition_s)


def inject(t: Any, acc: Any, start_s: float, duration_s: float | None = None, *, kind: str = "tremor",
           units: str = "m/s^2", seed: Any = 0, ramp_s: float = 0.5, **overrides: Any
           ) -> tuple[np.ndarray, tuple[float, float, str], dict[str, Any]]:
    """Adds a synthetic shaking bout to a recording, typically a real one: a known onset on a real background.

    No public recording holds involuntary tremor with a known onset, so detection latency on real data is
    measured semi-synthetically: the background (sensor noise, hand, posture, movement, timestamp jitter) is
    real and only the bout is synthetic. The bout is the part above 1 Hz of a noise-free, bias-free
    :func:`generate` recording of `kind` (the oscillation, its harmonics, the gravity modulation of its
    rotational part and the physiological micro-tremor; not its gravity, drift or sway), rendered at four
    times the recording's rate, interpolated onto `t` and faded in and out over `ramp_s` seconds centred on
    the boundaries (raised cosine), the convention of :func:`session`: `start_s` is the onset in that sense.

    Parameters
    ----------
    t : (n,) strictly increasing, finite timestamps, s.
    acc : (n, 3) finite acceleration in `units` ('m/s^2' or 'g'); not modified.
    start_s : onset time, t[0] <= start_s < t[-1].
    duration_s : length of the bout, s (default: to the end of the recording; cut there if longer).
    kind : 'tremor' or 'mimicked'.
    seed, **overrides : as for :func:`generate` (e.g. ``f0``, ``amplitude``, ``context``).

    Returns
    -------
    (acc + bout, (start_s, end_s, kind), params of the synthetic bout)
    """
    if kind not in ("tremor", "mimicked"):
        raise ValueError(f"inject: kind must be 'tremor' or 'mimicked', got {kind!r}")
    if units not in ("m/s^2", "g"):
        raise ValueError(f"inject: units must be 'm/s^2' or 'g', got {units!r}")
    unknown = sorted(set(overrides) & _SENSOR_KEYS)
    if unknown:
        raise TypeError(f"inject: sensor parameter(s) {unknown} do not apply (the background is the sensor)")
    from .filtering import _real_array, butter, sosfiltfilt

    # The library's dtype rule (bool/int -> float64; complex, object, str -> TypeError).
    ta = _real_array(t, "inject: t").astype(np.float64)
    aa = _real_array(acc, "inject: acc")
    if ta.ndim != 1 or ta.size < 2:
        raise ValueError(f"inject: t must be 1-D with at least 2 samples, got shape {ta.shape}")
    if aa.shape != (ta.size, 3):
        raise ValueError(f"inject: acc must have shape ({ta.size}, 3) to match t, got {aa.shape}")
    if not (np.all(np.isfinite(ta)) and np.all(np.isfinite(aa))):
        raise ValueError("inject: t and acc must be finite (NaN/Inf found)")
    if not np.all(np.diff(ta) > 0):
        raise ValueError("inject: t must be strictly increasing")
    start = float(start_s)
    if not (math.isfinite(start) and ta[0] <= start < ta[-1]):
        raise ValueError(f"inject: start_s must lie in [{ta[0]:g}, {ta[-1]:g}), got {start_s!r}")
    end = float(ta[-1]) if duration_s is None else start + float(duration_s)
    if not (math.isfinite(end) and end > start):
        raise ValueError(f"inject: duration_s must be positive, got {duration_s!r}")
    end = min(end, float(ta[-1]))
    r = float(ramp_s)
    if not (math.isfinite(r) and r >= 0):
        raise ValueError(f"inject: ramp_s must be >= 0, got {ramp_s!r}")

    fs = min(FS_MAX, max(FS_MIN, 4.0 * (ta.size - 1) / (ta[-1] - ta[0])))
    margin = 2.0  # s of bout rendered beyond each ramp, so the 1 Hz high-pass has no edge effect inside
    t0 = start - r / 2 - margin
    rec = generate(kind, duration_s=(end - start) + r + 2 * margin, fs=fs, seed=seed, noise_rms=0.0,
                   bias=[0.0, 0.0, 0.0], mount=np.eye(3), **overrides)
    bout = rec.acc - sosfiltfilt(butter(4, 1.0, "low", fs=fs, output="sos"), rec.acc, axis=0)
    if units == "g":
        bout = bout / GRAVITY
    sel = (ta > start - r / 2) & (ta < end + r / 2) if end < ta[-1] else ta > start - r / 2
    ts = ta[sel]
    w = np.ones_like(ts)
    if r > 0:
        w *= 0.5 - 0.5 * np.cos(np.pi * np.clip((ts - (start - r / 2)) / r, 0.0, 1.0))
        if end < ta[-1]:
            w *= 0.5 - 0.5 * np.cos(np.pi * np.clip(((end + r / 2) - ts) / r, 0.0, 1.0))
    add = np.stack([np.interp(ts - t0, rec.t, bout[:, k]) for k in range(3)], axis=1) * w[:, None]
    out = aa.astype(np.float64, copy=True)
    out[sel] += add
    return out, (start, end, kind), rec.params


# ----------------------------------------------------------------------------------------------------------
# Synthetic subjects and datasets


def subject_params(subject_seed: Any) -> dict[str, dict[str, Any]]:
    """Personal parameter set of one synthetic subject: own sensor mount/noise, tremor frequency, amplitude and
    axis, imitation frequency and irregularity, walking cadence, bounce rate. Per class, the overrides passed
    to :func:`generate` (with small per-recording variation added by :func:`dataset`)."""
    rng = np.random.default_rng(np.random.SeedSequence(subject_seed))
    T, M, V, S = (PARAM_RANGES[k] for k in ("tremor", "mimicked", "voluntary", "sensor"))
    sensor = {"mount": _random_rotation(rng).tolist(), "noise_rms": float(rng.uniform(*S["noise_rms"][:2])),
              "bias": rng.normal(0, 0.02, 3).tolist()}
    trem_axis = _unit(rng).tolist()
    mim_axis = _unit(rng).tolist()
    return {
        "sensor": sensor,
        "rest": {"micro_f0": float(rng.uniform(8, 12))},
        "tremor": {"f0": float(rng.uniform(*T["f0"][:2])),
                   "amplitude": float(np.clip(0.35 * math.exp(rng.normal()), *T["amplitude"][:2])),
                   "cycle_cv": float(rng.uniform(*T["cycle_cv"][:2])), "axis": trem_axis},
        "mimicked": {"f0": float(rng.uniform(*M["f0"][:2])),
                     "amplitude": float(np.clip(2.0 * math.exp(0.7 * rng.normal()), *M["amplitude"][:2])),
                     "cycle_cv": float(rng.uniform(*M["cycle_cv"][:2])), "axis": mim_axis},
        "voluntary": {"step_hz": float(rng.uniform(*V["step_hz"][:2])),
                      "bounce_hz": float(rng.uniform(*V["bounce_hz"][:2]))},
    }


def dataset(n_per_class: int, duration_s: float = 10.0, fs: float = 100.0, seed: Any = 0, *,
            n_subjects: int | None = None, classes: Sequence[str] = KINDS) -> list[SynthRecording]:
    """``n_per_class`` recordings of each class, spread over synthetic subjects.

    Each subject (``subject`` = 'syn000', 'syn001', ...) has its own personal parameters
    (:func:`subject_params`); each recording varies them slightly (f0 +- N(0, 0.2 Hz) for tremor and
    +- N(0, 0.3 Hz) for mimicked, amplitude x log-normal(0, 0.3)). Default ``n_subjects``:
    ``min(max(n_per_class, 2), 10)``. Split train/test by subject
    (``tremorlab.datasets.split_by_subject``) so a classifier never sees a test subject's personal parameters.
    """
    if n_per_class < 1:
        raise ValueError(f"n_per_class must be >= 1, got {n_per_class}")
    for c in classes:
        if c not in KINDS:
            raise ValueError(f"unknown class {c!r}; expected a subset of {KINDS}")
    ns = n_subjects if n_subjects is not None else min(max(n_per_class, 2), 10)
    if ns < 1:
        raise ValueError(f"n_subjects must be >= 1, got {ns}")
    base = seed if isinstance(seed, (list, tuple)) else [seed]
    subjects = [subject_params(list(base) + [1, s]) for s in range(ns)]
    out = []
    for ci, kind in enumerate(classes):
        for j in range(n_per_class):
            s = j % ns
            sp = subjects[s]
            rng = np.random.default_rng(np.random.SeedSequence(list(base) + [2, ci, j]))
            ov = dict(sp.get(kind, {}))
            if "f0" in ov:
                lo, hi = PARAM_RANGES[kind]["f0"][:2]
                ov["f0"] = float(np.clip(ov["f0"] + rng.normal(0, 0.2 if kind == "tremor" else 0.3), lo, hi))
            if "amplitude" in ov:
                lo, hi = PARAM_RANGES[kind]["amplitude"][:2]
                ov["amplitude"] = float(np.clip(ov["amplitude"] * math.exp(0.3 * rng.normal()), lo, hi))
            if kind == "tremor":
                # Only hand/limb contexts: the shaking-practice leg tremor keeps its own 5-12 Hz f0 range.
                ov["context"] = str(rng.choice(("posture", "rest", "slow_movement")))
            rec = generate(kind, duration_s, fs, list(base) + [3, ci, j], **ov, **sp["sensor"])
            rec.subject = f"syn{s:03d}"
            rec.params["subject"] = rec.subject
            out.append(rec)
    return out
