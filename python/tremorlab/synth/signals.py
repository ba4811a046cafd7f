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
                 f_of_t: Callable[[np.ndarray], np.ndarray], cycle_cv: float, *, clocked: bool = False
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Phase (radians) of an oscillator whose cycles vary by cycle_cv of a period, and its instantaneous f(t).

    Cycle boundaries are laid out on the continuous time axis from t_lo to t_hi (independent of fs); the phase
    grows linearly by 2*pi within each cycle, so it is continuous.

    Free-running (``clocked=False``): period k is (1 + cycle_cv*eps_k) / f(t_k), so timing errors add up and the
    phase diffuses: over n cycles it strays by cycle_cv*sqrt(n) periods, and the spectral peak of a 2 s window
    wanders with it. That is how a voluntary rhythm behaves (each movement is timed from the previous one).

    Clocked (``clocked=True``): each boundary is jittered about the ticks of a clock that follows f(t), by
    cycle_cv/sqrt(2) of a period, so a period still varies by ~cycle_cv but the errors do not add up. That is
    an oscillator with a pacemaker: a tremor keeps its frequency over seconds (real PADS tremor: the dominant
    frequency of 8 successive 2 s windows spans a median 0.17-0.19 Hz, real imitation 0.86 Hz;
    benchmarks/frequency_steadiness.py), and tremor generators are paced, finely so in essential tremor
    (Brittain et al., J Neurosci 2015: frequency tolerance), while the frequency of imitated (functional)
    tremor is less consistent (O'Suilleabhain & Matsumoto, Brain 1998)."""
    # f is evaluated once on a 10 ms grid; the period of cycle k depends on where cycle k starts.
    step = 0.01
    g0 = t_lo - 3.0
    grid = g0 + step * np.arange(int(math.ceil((t_hi - t_lo + 6.0) / step)) + 1)
    fg = np.maximum(np.asarray(f_of_t(grid), dtype=np.float64), 0.2)
    t0 = t_lo - rng.uniform(0, 1.0 / fg[int(3.0 / step)])

    def f_at(c: float) -> float:
        return fg[min(int((c - g0) / step), fg.size - 1)]

    if clocked:
        ticks = [t0]
        c = t0
        while c <= t_hi + 2.0 / fg.min():
            c += 1.0 / f_at(c)
            ticks.append(c)
        tk = np.asarray(ticks)
        clock = np.diff(tk)
        clock = np.concatenate([clock, clock[-1:]])
        b = tk + cycle_cv / math.sqrt(2.0) * np.clip(rng.normal(size=tk.size), -3, 3) * clock
        for k in range(1, b.size):  # a cycle never shrinks below 0.3 of the clock's period
            b[k] = max(b[k], b[k - 1] + 0.3 * clock[k - 1])
        per = np.diff(b)
    else:
        bounds = [t0]
        periods = []
        c = t0
        eps = np.clip(rng.normal(size=int((t_hi - t0) * fg.max() * 2) + 8), -3, 3)
        k = 0
        while c <= t_hi:
            f = f_at(c)
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
