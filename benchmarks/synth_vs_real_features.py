"""Window-feature percentiles (5/50/95 %) of real tremor, real imitation and the synthetic classes.

``python benchmarks/synth_vs_real_features.py [n_per_class]`` (needs the shared real recordings): the table of
docs/synthetic_model.md, "Checked against real tremor and real imitation", and the stillness figures of its
rest section. Real tremor windows are labelled by the rule of ``tremorlab.realtremor``; real imitation and
motionless = the phone train pool (never the held-out files).
"""
from __future__ import annotations

import sys

import numpy as np

from tremorlab import datasets as D
from tremorlab import train as T
from tremorlab.classify import feature_names

KEYS = ["cycle_freq_cv", "tremor_stability_index", "envelope_cv", "freq_drift", "autocorr_regularity",
        "harmonic_ratio", "peak_concentration", "pause_fraction", "log_band_power", "rel_band_power", "log_low_power"]


def show(name: str, X: np.ndarray) -> None:
    idx = [feature_names().index(k) for k in KEYS]
    q = np.percentile(X[:, idx], [5, 50, 95], axis=0)
    print(f"{name:24s} n={len(X):5d} " + "  ".join(f"{k}={q[0, i]:.2f}/{q[1, i]:.2f}/{q[2, i]:.2f}"
                                                  for i, k in enumerate(KEYS)))


def main(n_per_class: int = 16) -> None:
    pads = T.pads_windows()
    real = T.real_windows(D.train_pool(D.catalogue(), labelled_only=True))
    syn = T.synthetic_windows(n_per_class, 20.0, (100.0,), 0, 12, 0.5)
    show("real tremor (PADS)", pads.X[pads.y == "tremor"])
    show("real imitation (phone)", real.X[real.y == "mimicked"])
    # Stillness: rule-negative PADS rest windows of healthy people and the phone's motionless files (held).
    show("real rest (PADS healthy)", pads.X[pads.y == "rest"])
    show("real motionless (phone)", real.X[(real.y == "rest") & np.char.startswith(real.subject.astype(str), "phone")])
    for c in ("tremor", "mimicked", "rest"):
        show(f"synthetic {c}", syn.X[syn.y == c])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 16)
