"""What `tremorlab analyze` spends on classification: one pass (Session.run: the session's detector computes
each window's features once and keeps the window table) vs the two passes analyze made before (classify() for
the table, then a Session over the same samples), on the bundled recordings.

Both are timed in the same run, alternating calls; the median over repeats is reported, in CPU time of this
process (the benchmark machine is shared; --wall for wall-clock time). The whole analyze (spectral summary
included) is timed too.
Run: python benchmarks/ratios_analyze.py [--repeats N] [--wall]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Callable

import tremorlab as tl
from tremorlab import report

ROOT = Path(__file__).resolve().parents[1]
RECORDINGS = [
    ROOT / "data/cloudupdrs/2458/T_-_REST_TREMOR_AMPLITUDE_-_RIGHT_HAND_-_2016-10-14_10-52-04_-_f73512ccfc_-_2458.csv",
    ROOT / "data/paradigma_ppp/1.prepared_data/imu",
]


def _time(fn: Callable[[], object], clock: Callable[[], float]) -> float:
    t0 = clock()
    fn()
    return clock() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--wall", action="store_true", help="wall-clock instead of process CPU time")
    args = ap.parse_args()
    clock = time.perf_counter if args.wall else time.process_time
    print(f"{'recording':<44} {'samples':>8} {'two passes':>11} {'one pass':>9} {'ratio':>6} {'analyze':>9}")
    for path in RECORDINGS:
        rec = tl.read_recording(path)

        def two_passes() -> None:
            tl.classify(rec.acc, fs=rec.fs, units=rec.units)
            s = tl.Session(fs=rec.fs, units=rec.units)
            s.push(rec.acc, rec.t)
            s.flush()
            s.summary()

        def one_pass() -> None:
            s = tl.Session(fs=rec.fs, units=rec.units)
            s.run(rec.acc, rec.t)
            s.summary()

        two_passes(), one_pass()  # warm-up (model load, FFT plans)
        a, b, c = [], [], []
        for _ in range(args.repeats):
            a.append(_time(two_passes, clock))
            b.append(_time(one_pass, clock))
            c.append(_time(lambda: report.analyze(rec), clock))
        ta, tb, tc = statistics.median(a), statistics.median(b), statistics.median(c)
        name = path.name if path.is_file() else f"{path.parent.parent.name}/{path.name}"
        print(f"{name[:44]:<44} {rec.acc.shape[0]:>8} {1e3 * ta:>9.1f}ms {1e3 * tb:>7.1f}ms {ta / tb:>6.2f} "
              f"{1e3 * tc:>7.1f}ms")
    print("(ratio = two passes / one pass; analyze = the whole tremorlab.report.analyze, spectral summary included)")


if __name__ == "__main__":
    main()
