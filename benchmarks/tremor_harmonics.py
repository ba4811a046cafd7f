#!/usr/bin/env python3
"""How far a tremor's waveform departs from a sine: its 2nd and 3rd harmonics, real against synthetic.

For every window of the train pool's real PADS rest/posture recordings that the evidence rule calls tremor
(``tremorlab.realtremor.tremor_rule``: 2 s, hop 0.5 s, gravity removed as PADS gives it) and for the synthetic
tremor windows of ``tremorlab.synth.dataset`` (seed 0, 100 Hz, the classes' own subjects), the script finds the
fundamental f1 (the largest bin of the Hann-windowed periodogram, summed over the 3 axes, in 3-12 Hz) and
prints the amplitude of the acceleration within +-0.5 Hz of 2 f1 and 3 f1 relative to that within +-0.5 Hz of
f1 (H2/H1, H3/H1; 3 f1 only below 25 Hz). docs/synthetic_model.md quotes the table
(tests/python/test_tremor_harmonics.py keeps it current). The model's `harmonic_ratio` feature measures
something narrower (band power at the harmonic of the tremor-band peak, within 4-12 Hz), so a window whose
fundamental lies below 4 Hz shows its harmonics there only partly.

Usage: python benchmarks/tremor_harmonics.py [--data ../shared/data] [--recordings 12]
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from tremorlab import datasets, realtremor, synth
from tremorlab.io import read_recording
from tremorlab.units import STANDARD_GRAVITY, to_ms2

HERE = Path(__file__).resolve().parent
WINDOW_S, HOP_S, HALF_HZ = 2.0, 0.5, 0.5
PCTS = (5, 25, 50, 75, 95)


def window_power(x: np.ndarray, fs: float) -> tuple[np.ndarray, np.ndarray]:
    """(frequencies, power summed over the axes) of one window (n, 3): its mean removed, Hann-weighted."""
    x = x - x.mean(axis=0)
    w = np.hanning(len(x))
    return np.fft.rfftfreq(len(x), 1.0 / fs), (np.abs(np.fft.rfft(x * w[:, None], axis=0)) ** 2).sum(axis=1)


def band_peak(f: np.ndarray, p: np.ndarray) -> float:
    """The frequency of the largest 3-12 Hz bin of a :func:`window_power` spectrum."""
    band = (f >= 3.0) & (f <= 12.0)
    return float(f[np.flatnonzero(band)[np.argmax(p[band])]])


def harmonics(x: np.ndarray, fs: float) -> tuple[float, float, float]:
    """(f1, H2/H1, H3/H1) of one window (n, 3); H3/H1 is NaN when 3 f1 + 0.5 Hz passes 25 Hz or Nyquist."""
    f, p = window_power(x, fs)
    f1 = band_peak(f, p)

    def amp(fc: float) -> float:
        return float(np.sqrt(p[np.abs(f - fc) <= HALF_HZ].sum()))

    top = min(25.0, fs / 2)
    h3 = amp(3 * f1) / amp(f1) if 3 * f1 + HALF_HZ <= top else float("nan")
    return f1, amp(2 * f1) / amp(f1), h3


def real_windows(data: Path) -> dict[str, np.ndarray]:
    """Per PADS person (train pool), the (f1, H2/H1, H3/H1) rows of their rule-tremor rest/posture windows."""
    per: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for rec in realtremor.pads_recordings(data):
        if rec.task_kind != "rest_posture" or not rec.tremor_person:
            continue
        x = rec.without_gravity()
        n, hop = int(round(WINDOW_S * rec.fs)), int(round(HOP_S * rec.fs))
        for s in range(0, len(x) - n + 1, hop):
            w = x[s:s + n]
            if realtremor.tremor_rule(realtremor.window_evidence(w, rec.fs)):
                per[rec.subject].append(harmonics(w, rec.fs))
    return {k: np.array(v) for k, v in sorted(per.items())}


def imitation_windows(data: Path) -> np.ndarray:
    """(f1, H2/H1, H3/H1) of the phone train pool's imitated-shaking windows whose 3-12 Hz share is at least the
    rule's (0.80), so that a rhythm is there to have harmonics (never the held-out files)."""
    rows = []
    for info in datasets.train_pool(datasets.catalogue(str(data)), labelled_only=True):
        if info.label != "mimicked":
            continue
        rec = read_recording(info.path)
        x = to_ms2(rec.acc, rec.units) / STANDARD_GRAVITY  # in g, as the evidence rule takes it
        n, hop = int(round(WINDOW_S * rec.fs)), int(round(HOP_S * rec.fs))
        for s in range(0, len(x) - n + 1, hop):
            w = x[s:s + n]
            if realtremor.window_evidence(w, rec.fs)["share"] >= realtremor.RULE["min_share"]:
                rows.append(harmonics(w, rec.fs))
    return np.array(rows)


def synthetic_windows(n_recordings: int, seed: int = 0, kind: str = "tremor") -> np.ndarray:
    rows = []
    for r in synth.dataset(n_recordings, 20.0, 100.0, seed=seed, classes=(kind,)):
        n, hop = int(round(WINDOW_S * r.fs)), int(round(HOP_S * r.fs))
        rows += [harmonics(r.acc[s:s + n], r.fs) for s in range(0, len(r.acc) - n + 1, hop)]
    return np.array(rows)


def _pct(v: np.ndarray) -> str:
    v = v[np.isfinite(v)]
    return " / ".join(f"{q:.2f}" for q in np.percentile(v, PCTS))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.environ.get("TREMORLAB_SHARED_DATA", str(HERE.parents[1] / "shared" / "data")))
    ap.add_argument("--recordings", type=int, default=12, help="synthetic tremor recordings (20 s each)")
    a = ap.parse_args(argv)
    real = real_windows(Path(a.data))
    if not real:
        print(f"no PADS recordings under {a.data}", file=sys.stderr)
        return 2
    allr = np.vstack(list(real.values()))
    syn = synthetic_windows(a.recordings)
    imit, syn_m = imitation_windows(Path(a.data)), synthetic_windows(a.recordings, kind="mimicked")
    print(f"percentiles {'/'.join(map(str, PCTS))} of the acceleration amplitude at 2 f1 and 3 f1 relative to f1")
    print(f"real tremor (PADS train pool, rule windows): {len(allr)} windows of {len(real)} people: "
          f"H2/H1 {_pct(allr[:, 1])}; H3/H1 {_pct(allr[:, 2])}")
    print(f"synthetic tremor (synth.dataset seed 0, {a.recordings} recordings): {len(syn)} windows: "
          f"H2/H1 {_pct(syn[:, 1])}; H3/H1 {_pct(syn[:, 2])}")
    if len(imit):
        print(f"real imitation (phone train pool, windows with >= 80 % of their power in 3-12 Hz): {len(imit)} windows: "
              f"H2/H1 {_pct(imit[:, 1])}; H3/H1 {_pct(imit[:, 2])}")
    print(f"synthetic imitation (mimicked, same seed): {len(syn_m)} windows: H2/H1 {_pct(syn_m[:, 1])}; "
          f"H3/H1 {_pct(syn_m[:, 2])}")
    med = np.array([np.median(v[:, 1]) for v in real.values()])
    top = float(np.percentile(syn[:, 1], 95))
    print(f"people whose median H2/H1 is above the synthetic 95th percentile ({top:.2f}): "
          f"{int(np.sum(med > top))} of {len(med)}: {', '.join(w for w, m in zip(real, med) if m > top)}")
    for who, v in real.items():
        print(f"  {who}: {len(v)} windows, f1 median {np.median(v[:, 0]):.2f} Hz, H2/H1 median {np.median(v[:, 1]):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
