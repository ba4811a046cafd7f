"""docs/synthetic_model.md's real PADS rows ("Checked against real tremor and real imitation", "Checked against
real stillness") are the 5/50/95 % window-feature percentiles that ``benchmarks/synth_vs_real_features.py``
prints for the train pool's rule-labelled PADS windows today (model v10's pool: true acceleration), recomputed
here from ``tremorlab.train.pads_windows``. Skips without ../shared."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from tremorlab import train as T
from tremorlab.classify import feature_names

DOC = Path(__file__).resolve().parents[2] / "docs" / "synthetic_model.md"
ROWS = {  # docs row start -> (window label, features of its columns)
    "| real tremor, PADS (30 people, true acceleration) |": (
        "tremor", ["cycle_freq_cv", "tremor_stability_index", "envelope_cv", "freq_drift", "autocorr_regularity"]),
    "| real tremor, PADS (true acceleration) |": (
        "tremor", ["log_band_power", "peak_concentration", "log_low_power", "cycle_freq_cv"]),
    "| real rest, PADS healthy (true acceleration) |": (
        "rest", ["log_band_power", "peak_concentration", "log_low_power", "cycle_freq_cv"]),
}


@pytest.fixture(scope="module")
def pads(shared_data):
    return T.pads_windows(str(shared_data))


@pytest.mark.parametrize("start", list(ROWS))
def test_docs_real_pads_rows_are_current(pads, start):
    label, keys = ROWS[start]
    line = next(ln for ln in DOC.read_text(encoding="utf-8").splitlines() if ln.startswith(start))
    cells = [c.strip() for c in line.strip("|").split("|")[1:]]
    X = pads.X[pads.y == label]
    assert int(cells[0]) == len(X)
    for cell, key in zip(cells[1:], keys):
        shown = [float(v) for v in re.findall(r"-?\d+\.\d+", cell)]
        want = np.percentile(X[:, feature_names().index(key)], [5, 50, 95])
        assert shown == pytest.approx(want, abs=0.006), key
