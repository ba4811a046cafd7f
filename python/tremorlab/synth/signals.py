"""Continuous-time random building blocks (independent of the sampling rate)."""
from __future__ import annotations

import math
from typing import Any, Callable, Mapping

import numpy as np

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
        out[:, d] = a * _sum_cos(t, f, ph)
    return out[:, 0] if dims == 1 else out


def _sum_cos(t: np.ndarray, f: np.ndarray, ph: np.ndarray) -> np.ndarray:
    """sum_i cos(2 pi f_i t + ph_i), (n,); chunked so memory stays bounded for long, high-rate sessions."""
    out = np.empty(t.size)
    for s in range(0, t.size, 200_000):
        out[s:s + 200_000] = np.cos(2 * np.pi * np.outer(t[s:s + 200_000], f) + ph).sum(axis=1)
    return out


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
