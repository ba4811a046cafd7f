#!/usr/bin/env python3
"""How much a real tremor turns the wrist: the gravity term of the turning relative to the linear acceleration.

A segment turning by a small angle theta about an axis at distance r from the sensor moves the sensor by
omega^2 r theta and gravity's projection by at most g theta, so the ratio of the two is g / (omega^2 r). The
synthetic generator's tremor parameter ``rot_frac`` is that ratio (angle = rot_frac * a / g,
``synth/classes._lever_rot_frac``). PADS kept the watch's gyroscope next to its linear acceleration (gravity
removed by the watch), so for real tremor the ratio is measured directly: in each 2 s window the evidence rule
of ``tremorlab.realtremor`` calls tremor (hop 0.5 s), at the acceleration's 3-12 Hz peak f0, over f0 +- 1 Hz of
Hann-windowed spectra summed over the axes (``tremor_harmonics.window_power``, the harmonics measure's),

    ratio = g * (rotation rate RMS / omega) / (linear acceleration RMS),   omega = 2 pi f0,

an upper bound of the gravity term (turning about the vertical moves no gravity), the same bound the generator
uses (its turning axis is drawn apart from the vertical). The lever r = g / (omega^2 ratio) follows.
Recordings: PADS 002's rest/posture tasks (``pads_subset`` of the shared data, both wrists) and
``tests/data/pads_gyro`` (10 recordings of 5 more people with tremor, SOURCE.txt there). Nothing here is
trained on; the generator's ``lever_m`` range was chosen from the per-person figures printed here.

The last rows are the generator's own ratio (``rot_frac`` of ``synth.generate('tremor', ...)``, seeds 0..N-1,
drawn context): for wrist contexts and for the shaking practice's legs, and what it drew up to model v11 (0-0.5
uniform at any frequency).

Usage: python benchmarks/tremor_rotation.py [--data ../shared/data] [--gyro tests/data/pads_gyro] [--seeds N]
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from tremorlab import _core, synth  # noqa: E402

import reorientation  # noqa: E402
import tremor_harmonics  # noqa: E402

G = float(_core.standard_gravity)
HOP_S = 0.5
HALF_BAND_HZ = 1.0
PCTS = (5, 50, 95)


def rotation_ratio(lin: np.ndarray, gyro: np.ndarray, fs: float) -> tuple[float, float]:
    """(f0 in Hz, gravity term / linear acceleration) of one window: ``lin`` linear acceleration (n, 3) in m/s^2,
    ``gyro`` rotation rate (n, 3) in rad/s."""
    f, pa = tremor_harmonics.window_power(lin, fs)
    pg = tremor_harmonics.window_power(gyro, fs)[1]
    f0 = tremor_harmonics.band_peak(f, pa)
    sel = np.abs(f - f0) <= HALF_BAND_HZ
    return f0, G * float(np.sqrt(pg[sel].sum())) / (2.0 * np.pi * f0) / float(np.sqrt(pa[sel].sum()))


def lever_m(f0: float, ratio: float) -> float:
    """The distance (m) of the turning axis from the sensor that gives ``ratio`` at ``f0``: g / (omega^2 ratio)."""
    return G / ((2.0 * np.pi * f0) ** 2 * ratio)


def person(name: str) -> str:
    """PADS participant of a recording name ('pads_subset/002/...' or 'ET_382_HoldWeight_LeftWrist')."""
    m = re.search(r"pads_subset/(\d+)/", name) or re.match(r"[A-Z]+_(\d+)_", name)
    if not m:
        raise ValueError(f"no PADS participant in {name!r}")
    return m.group(1)


def real_windows(data: Path | None, gyro_folder: Path) -> list[tuple[str, str, float, float]]:
    """(recording, person, f0, ratio) of every rule-tremor window of the gyroscope recordings."""
    recs = (reorientation.pads002_rest(data) if data is not None else []) + reorientation.read_gyro_files(gyro_folder)
    out = []
    for name, lin_g, gyro, fs in recs:
        first, keep = reorientation.rule_windows(lin_g, fs, HOP_S)
        n = int(round(reorientation.WINDOW_S * fs))
        for i in first[keep]:
            f0, ratio = rotation_ratio(lin_g[i:i + n] * G, gyro[i:i + n], fs)
            out.append((name, person(name), f0, ratio))
    return out


def generator_ratios(seeds: int, practice: bool) -> np.ndarray:
    """(f0, rot_frac) of the generator's tremor for seeds 0..N-1: the shaking practice, or its drawn wrist context."""
    out = []
    for seed in range(seeds):
        ctx = "shaking_practice" if practice else ("posture", "rest", "slow_movement")[seed % 3]
        p = synth.generate("tremor", 1.0, 100.0, seed, context=ctx).params
        out.append((p["f0"], p["rot_frac"]))
    return np.asarray(out)


def pct(v: np.ndarray) -> str:
    return " / ".join(f"{x:.2f}" for x in np.percentile(v, PCTS))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_data = Path(os.environ.get("TREMORLAB_SHARED_DATA", HERE.parent.parent / "shared" / "data"))
    ap.add_argument("--data", type=Path, default=default_data, help="the shared data folder (pads_subset)")
    ap.add_argument("--gyro", type=Path, default=HERE.parent / "tests" / "data" / "pads_gyro")
    ap.add_argument("--seeds", type=int, default=300, help="generator recordings per row")
    a = ap.parse_args(argv)
    data = a.data if (a.data / "pads_subset").is_dir() else None
    if data is None:
        print(f"no pads_subset under {a.data}: PADS 002 left out", file=sys.stderr)
    rows = real_windows(data, a.gyro)
    if not rows:
        raise SystemExit("no rule-tremor window with a gyroscope found")
    f0 = np.array([r[2] for r in rows])
    ratio = np.array([r[3] for r in rows])
    rec = np.array([r[0] for r in rows])
    who = np.array([r[1] for r in rows])
    print("| recording | windows | f0 median, Hz | gravity term / linear acceleration, 5 / 50 / 95 % | lever r, m (median) |")
    print("|---|---|---|---|---|")
    for name in dict.fromkeys(rec):
        s = rec == name
        print(f"| {name} | {s.sum()} | {np.median(f0[s]):.1f} | {pct(ratio[s])} | "
              f"{lever_m(float(np.median(f0[s])), float(np.median(ratio[s]))):.3f} |")
    lev = np.array([lever_m(a_, b_) for a_, b_ in zip(f0, ratio)])
    people = list(dict.fromkeys(who))
    med_person = np.array([np.median(lev[who == p]) for p in people])
    print()
    print(f"real wrist tremor: {len(rows)} windows of {len(people)} people: gravity term / linear acceleration "
          f"5/50/95 % {pct(ratio)} (largest {ratio.max():.2f}); lever r 5/50/95 % {pct(lev)} m; "
          f"per-person median r {np.min(med_person):.3f}-{np.max(med_person):.3f} m")
    for label, practice in (("wrist contexts", False), ("shaking practice (legs)", True)):
        g = generator_ratios(a.seeds, practice)
        print(f"generator, {label}: {a.seeds} recordings, f0 5/50/95 % {pct(g[:, 0])} Hz; "
              f"rot_frac 5/50/95 % {pct(g[:, 1])}")
    print(f"generator until model v11 (0-0.5 uniform, any frequency): rot_frac 5/50/95 % "
          f"{pct(np.random.default_rng(0).uniform(0.0, 0.5, a.seeds))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
