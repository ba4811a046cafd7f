"""tremorlab vs scipy.signal on the issue's workload: 3 x 360,000 float64 samples (one hour of 3-axis
IMU data at 100 Hz), 4th-order 4-12 Hz Butterworth band-pass (4 sections).

Both libraries are timed in the same run, alternating calls, and the median over repeats is reported.
Two extra rows time a short input (3 x 1,000 samples) as the mean of 200 calls in a row.
CPU time of this process (time.process_time) is used by default because the benchmark machine is shared;
pass --wall for wall-clock time. The `workers=2` rows (opt-in threads) are always wall-clock time, scipy
included (the process CPU time of two threads is not what a caller waits for).
Run: python benchmarks/ratios_filter.py [--repeats N] [--wall]
"""
from __future__ import annotations

import argparse
import statistics
import time
from typing import Callable, Dict, List

import numpy as np


def _time(fn: Callable[[], object], clock: Callable[[], float], calls: int = 1) -> float:
    t0 = clock()
    for _ in range(calls):
        fn()
    return (clock() - t0) / calls


def measure(repeats: int = 15, wall: bool = False, channels: int = 3, n: int = 360_000) -> Dict[str, Dict[str, float]]:
    """Returns {case: {'tremorlab': s, 'scipy': s, 'ratio': scipy/tremorlab}} (median seconds)."""
    import scipy.signal as sig

    import tremorlab

    clock = time.perf_counter if wall else time.process_time
    rng = np.random.default_rng(0)
    x = rng.standard_normal((channels, n))
    sos = tremorlab.butter(4, [4.0, 12.0], btype="bandpass", fs=100.0, output="sos")
    sos_ref = sig.butter(4, [4.0, 12.0], btype="bandpass", fs=100.0, output="sos")
    cases = {
        "sosfilt": (lambda: tremorlab.sosfilt(sos, x), lambda: sig.sosfilt(sos_ref, x), clock),
        "sosfiltfilt": (lambda: tremorlab.sosfiltfilt(sos, x), lambda: sig.sosfiltfilt(sos_ref, x), clock),
        "sosfilt w=2": (lambda: tremorlab.sosfilt(sos, x, workers=2), lambda: sig.sosfilt(sos_ref, x),
                        time.perf_counter),
        "sosfiltfilt w=2": (lambda: tremorlab.sosfiltfilt(sos, x, workers=2), lambda: sig.sosfiltfilt(sos_ref, x),
                            time.perf_counter),
    }
    # Short inputs (10 s of 3-axis data, as when filtering many windows one by one): the per-call cost.
    xs = x[:, :1000]
    short = {
        "sosfilt 3x1000": (lambda: tremorlab.sosfilt(sos, xs), lambda: sig.sosfilt(sos_ref, xs), clock),
        "sosfiltfilt 3x1000": (lambda: tremorlab.sosfiltfilt(sos, xs), lambda: sig.sosfiltfilt(sos_ref, xs), clock),
    }
    out: Dict[str, Dict[str, float]] = {}
    for name, (ours, ref, case_clock) in list(cases.items()) + list(short.items()):
        calls = 200 if name in short else 1  # a short call is timed as the mean of 200 in a row
        # Same answer first: a benchmark of a wrong result is meaningless.
        a, b = ours(), ref()
        err = float(np.max(np.abs(a - b)) / np.sqrt(np.mean(b**2)))
        if err > 1e-9:
            raise AssertionError(f"{name}: tremorlab differs from scipy by {err:.3g} (relative to RMS)")
        t_ours: List[float] = []
        t_ref: List[float] = []
        for _ in range(repeats):
            t_ours.append(_time(ours, case_clock, calls))
            t_ref.append(_time(ref, case_clock, calls))
        mo, mr = statistics.median(t_ours), statistics.median(t_ref)
        out[name] = {"tremorlab": mo, "scipy": mr, "ratio": mr / mo, "max_rel_err": err}
    return out


def main(argv: List[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--wall", action="store_true", help="wall-clock time instead of process CPU time")
    args = ap.parse_args(argv)
    res = measure(repeats=args.repeats, wall=args.wall)
    kind = "wall" if args.wall else "cpu"
    print(f"3 x 360000 float64, butter(4, [4, 12], 'bandpass', fs=100) -> 4 sections; median of {args.repeats} ({kind} time)")
    print(f"{'function':<18} {'tremorlab ms':>13} {'scipy ms':>10} {'speed-up':>9}  max|diff|/rms")
    for name, r in res.items():
        print(f"{name:<18} {r['tremorlab'] * 1e3:13.3f} {r['scipy'] * 1e3:10.3f} {r['ratio']:8.2f}x  {r['max_rel_err']:.1e}"
              + ("  (wall, 2 threads)" if "w=2" in name else "") + ("  (mean of 200 calls)" if "x1000" in name else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
