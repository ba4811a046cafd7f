"""docs/synthetic_model.md's table "Harmonics, real against synthetic" is what ``python
benchmarks/tremor_harmonics.py`` prints (needs ../shared and tests/data/pads_more; skips without ../shared), and
the measure itself reads a known waveform right."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from _docs import table_rows
from _scripts import load

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "tremor_harmonics.py"
NUM = r"(\d+(?:\.\d+)?)"


def _module():
    return load("benchmarks/tremor_harmonics.py")


def test_harmonics_of_a_known_waveform():
    mod = _module()
    fs = 100.0
    t = np.arange(200) / fs
    # 5 Hz fundamental of 1, 2nd harmonic 0.3, 3rd 0.1 on one axis, plus a little on another: the ratios come back.
    x = np.cos(2 * np.pi * 5 * t) + 0.3 * np.cos(2 * np.pi * 10 * t + 0.4) + 0.1 * np.cos(2 * np.pi * 15 * t + 1.0)
    acc = np.stack([x, 0.2 * x, np.zeros_like(t)], axis=1)
    f1, h2, h3 = mod.harmonics(acc, fs)
    assert f1 == pytest.approx(5.0)
    assert h2 == pytest.approx(0.3, abs=0.01) and h3 == pytest.approx(0.1, abs=0.01)
    # A 9 Hz fundamental has no 3rd harmonic below 25 Hz to measure.
    assert np.isnan(mod.harmonics(np.stack([np.cos(2 * np.pi * 9 * t)] * 3, axis=1), fs)[2])


def test_docs_table_is_current(shared_data):
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, str(SCRIPT), "--data", str(shared_data)], check=True, env=env,
                         capture_output=True, text=True).stdout
    rows = {k: [float(v) for v in re.findall(NUM, " ".join(cells))] for k, cells in table_rows(
        (REPO / "docs" / "synthetic_model.md").read_text(encoding="utf-8"), "| windows | n | H2/H1 | H3/H1 |").items()}
    five = r" / ".join([NUM] * 5)
    for row, line in (("real tremor", r"real tremor \(PADS train pool, rule windows\): (\d+) windows of \d+ people"),
                      ("synthetic tremor", r"synthetic tremor \(synth\.dataset seed 0, 12 recordings\): (\d+) windows"),
                      ("real imitation", r"real imitation \(phone train pool, [^)]*\): (\d+) windows"),
                      ("synthetic imitation", r"synthetic imitation \(mimicked, same seed\): (\d+) windows")):
        m = re.search(line + rf": H2/H1 {five}; H3/H1 {five}", out)
        assert m, row
        got = [float(v) for v in m.groups()]
        shown = next(v for k, v in rows.items() if k.startswith(row))
        assert len(shown) == len(got), (row, shown, got)
        # Window counts +-2 (a window on the rule's threshold may flip with another CPU's rounding); ratios +-0.01.
        assert shown[0] == pytest.approx(got[0], abs=2), (row, shown, got)
        assert shown[1:] == pytest.approx(got[1:], abs=0.011), (row, shown, got)
    people = re.search(r"above the synthetic 95th percentile \((\d\.\d+)\): (\d+) of (\d+)", out).groups()
    text = (REPO / "docs" / "synthetic_model.md").read_text(encoding="utf-8")
    assert f"{people[1]} of the {people[2]} people's median H2/H1 lies above the synthetic tremor's 95th" in text
    assert f"percentile, {people[0]}:" in text
