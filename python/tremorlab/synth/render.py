"""Assembly: segments + posture track + sensor model; generate(), session(), default_plan()."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import numpy as np

from .classes import _RENDER
from .params import (FS_MAX, FS_MIN, GRAVITY, KINDS, PARAM_RANGES, _KIND_KEYS, _POSTURES, _SEGMENT_KEYS,
                     _SENSOR_KEYS)
from .signals import _minjerk_pos, _random_rotation, _rotate

if TYPE_CHECKING:
    from ..io import Recording


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
        from ..io import Recording

        meta = {"source": "synthetic", "subject": self.subject, "label": self.kind, "path": "synthetic",
                "placement": self.params.get("placement", "limb"), "seed": str(self.seed)}
        return Recording(t=self.t - self.t[0], acc=self.acc, units="m/s^2", fs=self.fs, meta=meta)


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
        ('posture' | 'rest' | 'slow_movement' | 'shaking_practice'), ``pacing`` ('free', the default and the
        training data's: each cycle timed from the last; 'clocked': cycles jittered about a pacing clock, so the
        frequency holds across windows as real tremor's does) for 'tremor'; ``pause_rate``, ``pauses``
        (list of (start_s, duration_s)), ``amp_freq_exponent``, ``arm_sway`` for 'mimicked'; ``support``
        ('supported', the default, or 'held'), ``micro_amp``, ``physio_amp`` (held: vector RMS m/s^2),
        ``physio_f0``, ``device_inertia``, ``physio_central`` for 'rest'; ``activities`` (subset of
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
