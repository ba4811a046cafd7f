"""A synthetic shaking bout on a (real) recording."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .params import FS_MAX, FS_MIN, GRAVITY, _SENSOR_KEYS
from .render import generate


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
    from ..filtering import _real_array, butter, sosfiltfilt

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
