#!/usr/bin/env python3
"""What tremorlab says about random vibration: rides on a bus, a train or a bicycle move a wrist with a
broadband random process, not with a rhythm of its own, and no recording the project holds contains one.

Input: band-limited Gaussian vibration (scipy.signal.butter order 2 band-pass of white noise per axis; the
axes scaled 1 / 0.6 / 0.4 because the vertical dominates on a seat or a handlebar; 1 g of gravity on z),
three bands (1-20, 0.5-8 and 2-30 Hz) and three levels, RMS per axis on the vertical axis 0.3, 1 and
3 m/s^2: road vehicles 0.1-1 m/s^2 on the seat (ISO 2631-1:1997 Annex C comfort scale: below 0.315 'not
uncomfortable', 0.8-1.6 'uncomfortable'), bicycles more (Arpinar-Avsar et al., J Sports Sci Med
2013;12:512-520: stem r.m.s. 2.6-10.8 m/s^2 on a mountain bike from asphalt to rough road).

Per case: the batch window labels (``tremorlab.classify``, hop 0.5 s) and the live Detector's events
(onsets, and bouts whose kind is named tremor or mimicked), per hour. Everything here is a wrong answer
except rest and voluntary: none of it is shaking. ``--no-rhythm-rule-off`` also labels the windows as the
decision did before a window without a rhythm was ruled out (rhythm = broad_peak_frequency), for the batch
labels only: the Detector's rule is built in.

Usage: python benchmarks/vibration.py [--minutes M] [--seed S] [--fs FS] [--no-rhythm-rule-off]
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np
from scipy import signal

import tremorlab
from tremorlab import _core

BANDS = ((1.0, 20.0), (0.5, 8.0), (2.0, 30.0))
LEVELS = (0.3, 1.0, 3.0)
AXES = np.array([1.0, 0.6, 0.4])
SHAKING = ("tremor", "mimicked", "shaking")


def vibration(band: tuple[float, float], level: float, minutes: float, fs: float, rng: np.random.Generator
              ) -> np.ndarray:
    """(n, 3) m/s^2: band-limited Gaussian vibration, vertical RMS ``level``, plus gravity on z."""
    sos = signal.butter(2, [band[0], min(band[1], 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    n = int(round(minutes * 60 * fs))
    y = signal.sosfilt(sos, rng.standard_normal((n + int(5 * fs), 3)), axis=0)[int(5 * fs):]  # 5 s settle
    y *= level * AXES / np.sqrt(np.mean(y ** 2, axis=0))
    return y + [0.0, 0.0, _core.standard_gravity]


def run_case(acc: np.ndarray, fs: float, rule_off: bool) -> dict[str, Any]:
    res = tremorlab.classify(acc, fs=fs, units="m/s^2", hop_s=0.5)
    labels = np.asarray(res.labels)
    out: dict[str, Any] = {"windows": len(labels), **{c: float(np.mean(labels == c)) for c in SHAKING}}
    if rule_off:
        X = np.asarray(res.features)
        old = res.model.decide(res.proba, _core.band_rms_of_features(X),
                               X[:, tremorlab.feature_names().index("broad_peak_frequency")], res.turn_deg_s,
                               _core.band_share_of_features(X))
        out.update({f"{c} (rule off)": float(np.mean(old == c)) for c in SHAKING})
    det = tremorlab.Detector(fs=fs, units="m/s^2")
    t = np.arange(len(acc)) / fs
    ev = []
    for i in range(0, len(acc), 50):
        ev += det.push(acc[i:i + 50], t[i:i + 50])
    ev += det.flush()
    hours = len(acc) / fs / 3600.0
    out["onsets/h"] = sum(e.kind == "onset" for e in ev) / hours
    for kind in ("tremor", "mimicked"):
        out[f"named {kind}/h"] = sum(e.kind in ("onset", "relabel") and e.label == kind for e in ev) / hours
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0, help="minutes of vibration per case (default 10)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--fs", type=float, default=100.0)
    ap.add_argument("--no-rhythm-rule-off", action="store_true",
                    help="also label the batch windows without the no-rhythm rule (rhythm = broad peak)")
    a = ap.parse_args(argv)
    rng = np.random.default_rng(a.seed)
    total: dict[str, float] = {}
    print(f"random vibration, {a.minutes:g} min per case at {a.fs:g} Hz (seed {a.seed}); window labels in % of "
          f"windows, Detector events per hour")
    for band in BANDS:
        for level in LEVELS:
            r = run_case(vibration(band, level, a.minutes, a.fs, rng), a.fs, a.no_rhythm_rule_off)
            for k, v in r.items():
                total[k] = total.get(k, 0.0) + v
            cells = [f"{k} {100 * v:.1f} %" for k, v in r.items() if k in SHAKING or "rule off" in k]
            cells += [f"{k} {v:.0f}" for k, v in r.items() if k.endswith("/h")]
            print(f"  {band[0]:g}-{band[1]:g} Hz, {level:g} m/s^2: " + ", ".join(cells))
    n = len(BANDS) * len(LEVELS)
    cells = [f"{k} {100 * v / n:.1f} %" for k, v in total.items() if k in SHAKING or "rule off" in k]
    cells += [f"{k} {v / n:.1f}" for k, v in total.items() if k.endswith("/h")]
    print("  mean over the cases: " + ", ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
