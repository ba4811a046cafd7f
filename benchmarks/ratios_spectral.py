"""tremorlab vs scipy.signal timing for welch and periodogram on a 3 x 360,000 float64 array
(one hour of 3-axis accelerometer data at 100 Hz), measured in the same run.

Prints, per function, the median of `repeats` timings for each library and the speed-up
(scipy time / tremorlab time; > 1 means tremorlab is faster). Results are also checked for agreement.

    python3 benchmarks/ratios_spectral.py [--repeats N]
"""
from __future__ import annotations

import argparse
import time
from typing import Callable, Dict, List, Optional

import numpy as np


def _median_time(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up (imports, caches, first-touch of pages)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def run(repeats: int = 7, seed: int = 0) -> List[Dict[str, float]]:
    import scipy.signal as ss

    import tremorlab as tl

    rng = np.random.default_rng(seed)
    t = np.arange(360_000) / 100.0
    x = rng.standard_normal((3, t.size)) * 0.2 + np.sin(2 * np.pi * 5.5 * t)
    cases = [
        ("welch fs=100 (nperseg 256)", lambda: ss.welch(x, fs=100), lambda: tl.welch(x, fs=100)),
        ("welch fs=100 nperseg=200", lambda: ss.welch(x, fs=100, nperseg=200),
         lambda: tl.welch(x, fs=100, nperseg=200)),
        ("welch median", lambda: ss.welch(x, fs=100, average="median"),
         lambda: tl.welch(x, fs=100, average="median")),
        ("periodogram fs=100", lambda: ss.periodogram(x, fs=100), lambda: tl.periodogram(x, fs=100)),
    ]
    rows = []
    for name, ref, ours in cases:
        p_ref, p_ours = ref()[1], ours()[1]
        err = float(np.max(np.abs(p_ours - p_ref) / (np.abs(p_ref) + 1e-12 * np.abs(p_ref).max())))
        t_ref = _median_time(ref, repeats)
        t_ours = _median_time(ours, repeats)
        rows.append({"name": name, "scipy_s": t_ref, "tremorlab_s": t_ours, "ratio": t_ref / t_ours,
                     "max_rel_err": err})
    return rows


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args(argv)
    rows = run(args.repeats)
    print(f"{'case':30s} {'scipy ms':>10s} {'tremorlab ms':>13s} {'speed-up':>9s} {'max rel err':>12s}")
    for r in rows:
        print(f"{r['name']:30s} {1e3 * r['scipy_s']:10.1f} {1e3 * r['tremorlab_s']:13.1f} "
              f"{r['ratio']:8.2f}x {r['max_rel_err']:12.1e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
