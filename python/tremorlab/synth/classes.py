"""Class renderers: each returns world-frame linear acceleration (n,3), a rotation-vector contribution (n,3)
and the parameters it used. `t` is session time; the segment spans [t_lo, t_hi]."""
from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

import numpy as np

from .params import (GRAVITY, PARAM_RANGES, ROT_FRAC_MAX, TREMOR_TYPES, _REST_SUPPORTS, _TREMOR_CONTEXTS,
                     _TREMOR_PACINGS, _TREMOR_TYPE_P,
                     _VOLUNTARY_ACTIVITIES)
from .signals import _cycle_phase, _lognormal, _minjerk_acc, _minjerk_pos, _pick, _slow, _sum_cos, _unit


# (world-frame linear acceleration (n, 3), rotation vector (n, 3), parameters used)
_Rendered = tuple[np.ndarray, np.ndarray, dict[str, Any]]


def _micro(rng: np.random.Generator, t: np.ndarray, ov: Mapping[str, Any], params: dict[str, Any],
           held: bool = False) -> np.ndarray:
    """Physiological tremor of a still limb. Supported (lap, table): an invisible narrow-band background of
    vector RMS ``micro_amp`` around ``micro_f0``. Held against gravity: the postural physiological tremor,
    ``physio_amp`` (log-normal around Wade et al.'s mode), mechanical component at ``physio_f0`` lowered by
    a device's inertia (``device_inertia``), central 8-12 Hz component (``physio_central``)."""
    R = PARAM_RANGES["rest"]
    if not held:
        f0 = _pick(rng, ov, "micro_f0", R["micro_f0"][0], R["micro_f0"][1])
        amp = _pick(rng, ov, "micro_amp", R["micro_amp"][0], R["micro_amp"][1], log=True)
        params.update(micro_f0=f0, micro_amp=amp)
        return _slow(rng, t, amp, max(f0 - 1.5, 6.0), f0 + 1.5, k=24, dims=3) / math.sqrt(3)
    f0 = _pick(rng, ov, "physio_f0", R["physio_f0"][0], R["physio_f0"][1])
    amp = _lognormal(rng, ov, "physio_amp", R["physio_amp_median"][0], R["physio_amp_sigma"][0],
                     R["physio_amp"][0], R["physio_amp"][1])
    ratio = ov.get("device_inertia")
    if ratio is None:
        ratio = float(rng.uniform(*R["device_inertia"][:2])) if rng.random() < R["device_held_p"][0] else 0.0
    params.update(physio_f0=f0, physio_amp=amp, device_inertia=float(ratio))
    if ov.get("physio_central") is not None:
        params["physio_central"] = float(ov["physio_central"])
    # A device in the hand loads the hand's resonance: its frequencies fall by sqrt(I_h / (I_h + I_d)).
    return _physiological(rng, t, f0, amp, params, load=1.0 / math.sqrt(1.0 + float(ratio)))


def _physiological(rng: np.random.Generator, t: np.ndarray, f0: float, rms: float,
                   params: dict[str, Any], load: float = 1.0) -> np.ndarray:
    """A linear stochastic tremor (Timmer et al.): white-noise-driven resonances, i.e. random sinusoids whose
    frequencies follow each resonance's Lorentzian spectrum (half-width ``bw * f``, truncated to 0.6-1.5 f),
    continuous in time.
    The mechanical resonance at ``load * f0`` (lowered when a device in the hand adds inertia) and, in 2/3 of
    the draws (or as ``params['physio_central']`` says), a central 8-12 Hz component that no load shifts;
    mostly along one axis (flexion-extension) with weaker (0.1-0.6), independent motion on the other two."""
    R = PARAM_RANGES["rest"]
    bw = float(rng.uniform(*R["physio_bw"][:2]))
    peaks = [(load * f0, 1.0)]
    central = params.get("physio_central")
    if central is None:
        central = float(rng.uniform(*R["physio_central"][:2])) if rng.random() < 2 / 3 else 0.0
    if central > 0:
        peaks.append((float(rng.uniform(*R["central_f0"][:2])), float(central)))
    params.update(physio_bw=bw, physio_peaks=peaks, physio_central=float(central))
    k = 24
    w = rng.uniform(0.1, 0.6, 2)
    basis = np.linalg.qr(rng.normal(size=(3, 3)))[0]
    out = np.zeros((t.size, 3))
    for d, wd in enumerate((1.0, *w)):
        comp = np.zeros(t.size)
        for fc, rel in peaks:
            # Inverse CDF of the Lorentzian, truncated to [0.6, 1.5] * fc (no mass piles up at the bounds).
            u_lo, u_hi = (0.5 + math.atan((r - 1.0) / bw) / math.pi for r in (0.6, 1.5))
            f = fc + bw * fc * np.tan(np.pi * (rng.uniform(u_lo, u_hi, k) - 0.5))
            comp += rel * _sum_cos(t, f, rng.uniform(0, 2 * np.pi, k))
        out += np.outer(wd * comp, basis[:, d])
    # Scale to the requested vector RMS (expected power of the random sinusoids: k/2 per unit amplitude).
    power = (k / 2) * sum(rel * rel for _, rel in peaks) * (1.0 + float(w @ w))
    return out * (rms / math.sqrt(power))


def _drift(rng: np.random.Generator, t: np.ndarray, ov: Mapping[str, Any], params: dict[str, Any], lo_deg: float,
           hi_deg: float) -> np.ndarray:
    deg = _pick(rng, ov, "drift_deg", lo_deg, hi_deg)
    params["drift_deg"] = deg
    return _slow(rng, t, math.radians(deg), 0.01, 0.2, k=12, dims=3)


def _support_motion(rng: np.random.Generator, t: np.ndarray, ov: Mapping[str, Any], params: dict[str, Any],
                    held: bool, sway: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Slow motion of a limb that is not moving on purpose, the same for rest and tremor so that it never tells
    them apart: supported, a fraction-of-a-degree drift; held against gravity, a drift of a few degrees and
    (``sway``) a slow translational postural sway. Returns (linear acceleration, rotation vector)."""
    R = PARAM_RANGES["rest"]
    rot = _drift(rng, t, ov, params, *R["held_drift_deg" if held else "drift_deg"][:2])
    lin = _slow(rng, t, R["held_sway"][0], 0.1, 1.0, dims=3) if held and sway else np.zeros((t.size, 3))
    return lin, rot


def _render_rest(rng: np.random.Generator, t: np.ndarray, t_lo: float, t_hi: float, ov: Mapping[str, Any]) -> _Rendered:
    params: dict[str, Any] = {}
    # A limb "at rest" is supported unless told otherwise; dataset() draws both for training.
    support = ov.get("support") or "supported"
    if support not in _REST_SUPPORTS:
        raise ValueError(f"rest support must be one of {_REST_SUPPORTS}, got {support!r}")
    params["support"] = support
    lin = _micro(rng, t, ov, params, held=support == "held")
    lin_s, rot = _support_motion(rng, t, ov, params, held=support == "held")
    return lin + lin_s, rot, params


def _oscillation(rng: np.random.Generator, t: np.ndarray, t_lo: float, t_hi: float, *, f0: float, wander_std: float,
                 wander_band: tuple[float, float], cycle_cv: float, amplitude: float, env_cv: float,
                 env_band: tuple[float, float], harmonics: Sequence[tuple[int, float]], axis: np.ndarray,
                 ellipticity: float, amp_freq_exponent: float = 0.0, clocked: bool = False
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    wseed = int(rng.integers(2**63))
    fgrid_f = lambda tt: f0 + _slow(np.random.default_rng(wseed), tt, wander_std, *wander_band)  # noqa: E731
    phase, f_inst = _cycle_phase(rng, t, t_lo, t_hi, fgrid_f, cycle_cv, clocked=clocked)
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


def _direction(rng: np.random.Generator, ov: Mapping[str, Any], ell: tuple[float, float]
               ) -> tuple[np.ndarray, float]:
    """Oscillation axis (unit) and ellipticity: overrides or draws in the given range."""
    axis = np.asarray(ov["axis"], float) / np.linalg.norm(ov["axis"]) if ov.get("axis") is not None else _unit(rng)
    return axis, _pick(rng, ov, "ellipticity", *ell)


def _lever_rot_frac(rng: np.random.Generator, ov: Mapping[str, Any], f0: float, lever: tuple[float, float],
                    params: dict[str, Any]) -> float:
    """The gravity term of a rigid segment's turning relative to its linear acceleration, g / (omega^2 r), for a
    turning axis at a log-uniform distance r (m) from the sensor: a segment turning by a small angle theta about
    an axis at r moves the sensor by omega^2 r theta and gravity's projection by g theta. An override
    ``rot_frac`` is used as given (no r drawn); capped at 0.5, the top of the range measured on real tremor."""
    if ov.get("rot_frac") is not None:
        return float(ov["rot_frac"])
    r = _pick(rng, ov, "lever_m", *lever, log=True)
    params["lever_m"] = r
    return min(ROT_FRAC_MAX, GRAVITY / ((2.0 * math.pi * f0) ** 2 * r))


def _gate(t: np.ndarray, episodes: Sequence[tuple[float, float, float]],
          ramp: float) -> np.ndarray:
    """Multiplicative gate: each (start, duration, depth) episode lowers the amplitude by `depth`, with
    raised-cosine ramps of `ramp` s."""
    g = np.ones_like(t)
    for s0, d, depth in episodes:
        x = np.clip(np.minimum(t - s0, s0 + d - t) / ramp, 0.0, 1.0)
        g *= 1.0 - depth * (0.5 - 0.5 * np.cos(np.pi * x))
    return g


def _render_tremor(rng: np.random.Generator, t: np.ndarray, t_lo: float, t_hi: float, ov: Mapping[str, Any]) -> _Rendered:
    P = PARAM_RANGES["tremor"]
    params: dict[str, Any] = {}
    context = ov.get("context") or str(rng.choice(_TREMOR_CONTEXTS, p=[0.4, 0.25, 0.15, 0.2]))
    if context not in _TREMOR_CONTEXTS:
        raise ValueError(f"tremor context must be one of {_TREMOR_CONTEXTS}, got {context!r}")
    names = list(TREMOR_TYPES)
    ttype = ov.get("tremor_type") or ("physiological" if context == "shaking_practice" else
                                      str(rng.choice(names, p=[_TREMOR_TYPE_P[n] for n in names])))
    if ttype not in TREMOR_TYPES:
        raise ValueError(f"tremor_type must be one of {names}, got {ttype!r}")
    T = TREMOR_TYPES[ttype]
    frange = P["f0_practice"] if context == "shaking_practice" else T["f0"]
    f0 = _pick(rng, ov, "f0", frange[0], frange[1])
    a_lo, a_hi = T.get("amplitude", P["amplitude"][:2])
    amp = _lognormal(rng, ov, "amplitude", P["amplitude_median"][0] * (2.0 if context == "shaking_practice" else 1),
                     P["amplitude_sigma"][0], a_lo, a_hi)
    wander = _pick(rng, ov, "wander_std", *T["wander_std"])
    cyc = _pick(rng, ov, "cycle_cv", *T["cycle_cv"])
    env_cv = _pick(rng, ov, "env_cv", *T["env_cv"])
    # "free" (the default, what the shipped model is trained on): each cycle timed from the last, like a voluntary
    # rhythm; "clocked": cycles jittered about a pacing clock, so the frequency holds across windows as real
    # tremor's does (signals._cycle_phase; docs/synthetic_model.md, "Checked across windows").
    pacing = ov.get("pacing") or "free"
    if pacing not in _TREMOR_PACINGS:
        raise ValueError(f"tremor pacing must be one of {_TREMOR_PACINGS}, got {pacing!r}")
    brate = _pick(rng, ov, "burst_rate", *T["burst_rate"])
    bdepth = _pick(rng, ov, "burst_depth", *P["burst_depth"][:2])
    h2 = _pick(rng, ov, "harmonic2", *P["harmonic2"][:2], log=True)
    h3 = _pick(rng, ov, "harmonic3", *P["harmonic3"][:2], log=True)
    axis, ell = _direction(rng, ov, P["ellipticity"][:2])
    rot_frac = _lever_rot_frac(rng, ov, f0, P["lever_m_practice" if context == "shaking_practice" else "lever_m"][:2],
                               params)
    osc, phase, a = _oscillation(rng, t, t_lo, t_hi, f0=f0, wander_std=wander, wander_band=(0.02, 0.5),
                                 cycle_cv=cyc, amplitude=amp, env_cv=env_cv, env_band=(0.05, 0.8),
                                 harmonics=[(2, h2), (3, h3)], axis=axis, ellipticity=ell,
                                 clocked=pacing == "clocked")
    # Waning episodes of an intermittent tremor: the oscillation weakens (never stops fully) and returns.
    n_b = int(rng.poisson(brate * (t_hi - t_lo)))
    episodes = [(float(rng.uniform(t_lo, t_hi)), float(rng.uniform(0.5, 3.0)), bdepth) for _ in range(n_b)]
    gate = _gate(t, episodes, 0.3)
    osc *= gate[:, None]
    a = a * gate
    params.update(context=context, tremor_type=ttype, pacing=pacing, f0=f0, amplitude=amp, wander_std=wander, cycle_cv=cyc,
                  env_cv=env_cv, burst_rate=brate, burst_depth=bdepth, bursts=episodes, harmonic2=h2,
                  harmonic3=h3, axis=axis.tolist(), ellipticity=ell, rot_frac=rot_frac)
    # The physiological background stays at the supported level: the labelled tremor is the oscillation that
    # dominates the window.
    lin = osc + _micro(rng, t, ov, params)
    # Part of a limb tremor is rotational: it modulates the gravity projection (angle = rot_frac * a / g, the
    # rigid-body ratio of _lever_rot_frac; checked against real wrist tremor with a gyroscope,
    # benchmarks/tremor_rotation.py).
    rot = np.outer(rot_frac * a / GRAVITY * np.sin(phase), _unit(rng))
    # Drift and sway of the rest class for the same support: a resting tremor's limb is supported, a postural
    # one's held (issue 12: a resting tremor used to sway as if held, so slow motion read as tremor).
    lin_s, rot_s = _support_motion(rng, t, ov, params, held=context != "rest", sway=context != "slow_movement")
    lin += lin_s
    rot += rot_s
    if context == "slow_movement":
        lin_v, rot_v, pv = _events(rng, t, t_lo, t_hi, rate=0.15, dist=(0.05, 0.3), dur=(1.0, 3.0),
                                   rot_deg=(2.0, 15.0))
        lin += lin_v
        rot += rot_v
        params["slow_movements"] = pv
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
    h2 = _pick(rng, ov, "harmonic2", *P["harmonic2"][:2], log=True)
    h3 = _pick(rng, ov, "harmonic3", *P["harmonic3"][:2], log=True)
    prate = _pick(rng, ov, "pause_rate", *P["pause_rate"][:2])
    axis, ell = _direction(rng, ov, P["ellipticity"][:2])
    rot_frac = _pick(rng, ov, "rot_frac", *P["rot_frac"][:2])
    osc, phase, a = _oscillation(rng, t, t_lo, t_hi, f0=f0, wander_std=wander, wander_band=(0.05, 0.5),
                                 cycle_cv=cyc, amplitude=amp, env_cv=env_cv, env_band=(0.1, 1.0),
                                 harmonics=[(2, h2), (3, h3)], axis=axis, ellipticity=ell,
                                 amp_freq_exponent=beta)
    # Pauses / hesitations: the shaking stops for a moment (smooth 0.15 s ramps), then resumes.
    span = t_hi - t_lo
    if ov.get("pauses") is not None:
        starts = [(float(a), float(b)) for a, b in ov["pauses"]]
    else:
        n_p = int(rng.poisson(prate * span))
        starts = [(float(rng.uniform(t_lo, t_hi)), _pick(rng, ov, "pause_s", *P["pause_s"][:2])) for _ in range(n_p)]
    pauses = [(s0, d, float(rng.uniform(0.8, 1.0))) for s0, d in starts]
    gate = _gate(t, pauses, 0.15)
    osc *= gate[:, None]
    params.update(f0=f0, amplitude=amp, wander_std=wander, cycle_cv=cyc, env_cv=env_cv, amp_freq_exponent=beta,
                  harmonic2=h2, harmonic3=h3, pause_rate=prate, pauses=pauses, axis=axis.tolist(),
                  ellipticity=ell, rot_frac=rot_frac)
    lin = osc + _micro(rng, t, ov, params) + _slow(rng, t, 0.1, 0.1, 1.0, dims=3)
    rot = np.outer(rot_frac * a * gate / GRAVITY * np.sin(phase), _unit(rng))
    rot += _drift(rng, t, ov, params, 1.0, 5.0)
    # Wilful shaking is driven from the elbow and shoulder: the arm also moves slowly while it shakes (drawn
    # last, so the other draws of a seed are unchanged).
    sway = _pick(rng, ov, "arm_sway", *P["arm_sway"][:2], log=True)
    params["arm_sway"] = sway
    lin += _slow(rng, t, sway, 0.2, 2.0, dims=3)
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


#: Everyday rhythmic activities: (frequency key, amplitude key, cycle-CV range, harmonics (order, rel. range)).
#: Voluntary rhythm is less regular than a tremor oscillator only on average: the ranges overlap on purpose.
_RHYTHMIC = {
    "jogging": ("jog_hz", "jog_amp", (0.02, 0.06), ((2, (0.3, 0.7)), (3, (0.1, 0.4)))),
    "brushing": ("brush_hz", "brush_amp", (0.05, 0.2), ((2, (0.2, 0.6)), (3, (0.1, 0.4)))),
    "clapping": ("clap_hz", "clap_amp", (0.02, 0.08), ((2, (0.5, 0.9)), (3, (0.4, 0.8)), (4, (0.3, 0.7)))),
    "stirring": ("stir_hz", "stir_amp", (0.05, 0.15), ((2, (0.05, 0.3)),)),
}


def _rhythmic(rng: np.random.Generator, t: np.ndarray, t_lo: float, t_hi: float, f0: float, amp: float,
              cycle_cv: float, harmonics: Sequence[tuple[int, tuple[float, float]]]) -> np.ndarray:
    """A voluntary rhythmic movement: cycle-by-cycle oscillation with harmonics (impulsive for clapping),
    stop-and-go bouts (the hand repositions every few seconds) and a new direction per bout."""
    seed_f = int(rng.integers(2**63))
    f_of = lambda tt: f0 + _slow(np.random.default_rng(seed_f), tt, 0.1 * f0, 0.02, 0.3)  # noqa: E731
    ph, _ = _cycle_phase(rng, t, t_lo, t_hi, f_of, cycle_cv)
    v = np.cos(ph)
    for k, (lo, hi) in harmonics:
        v = v + rng.uniform(lo, hi) * np.cos(k * ph + rng.uniform(0, 2 * np.pi))
    env = np.exp(0.3 * _slow(rng, t, 1.0, 0.05, 0.5))
    out = np.zeros((t.size, 3))
    # Bouts of 2-8 s with short repositioning breaks; each bout moves along its own direction.
    c = t_lo - rng.uniform(0, 4.0)
    while c < t_hi:
        d = float(rng.uniform(2.0, 8.0))
        brk = float(rng.uniform(0.2, 1.0))
        x = np.clip(np.minimum(t - c, c + d - t) / 0.2, 0.0, 1.0)
        w = 0.5 - 0.5 * np.cos(np.pi * x)
        out += np.outer(amp * env * v * w, _unit(rng))
        c += d + brk
    return out


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
    for act, (hz_key, amp_key, cv, harmonics) in _RHYTHMIC.items():
        if act in acts:
            f = _pick(rng, ov, hz_key, *P[hz_key][:2])
            A = _pick(rng, ov, amp_key, *P[amp_key][:2], log=True)
            lin += _rhythmic(rng, t, t_lo, t_hi, f, A, float(rng.uniform(*cv)), harmonics)
            params.update({hz_key: f, amp_key: A})
    if "jogging" in acts:
        # The arm swings once per stride (half the step rate) while the body bounces at the step rate.
        lin += 0.5 * params["jog_amp"] * np.outer(np.cos(np.pi * params["jog_hz"] * (t - t_lo)
                                                         + rng.uniform(0, 2 * np.pi)), _unit(rng))
        rot += np.outer(math.radians(rng.uniform(10, 30)) * np.cos(np.pi * params["jog_hz"] * (t - t_lo)), _unit(rng))
    if "typing" in acts:
        rate = _pick(rng, ov, "type_rate", *P["type_rate"][:2])
        A = _pick(rng, ov, "type_amp", *P["type_amp"][:2], log=True)
        # Keystrokes: irregular (Poisson) short taps, a damped 15-25 Hz transient each.
        taps = np.sort(rng.uniform(t_lo, t_hi, int(rng.poisson(rate * (t_hi - t_lo)))))
        u = _unit(rng)
        for t0 in taps:
            dt = t - t0
            m = (dt >= 0) & (dt < 0.2)
            fk = rng.uniform(15, 25)
            lin[m] += np.outer(A * np.exp(-dt[m] / 0.03) * np.sin(2 * np.pi * fk * dt[m]), u)
        params.update(type_rate=rate, type_amp=A)
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
