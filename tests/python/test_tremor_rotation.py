"""benchmarks/tremor_rotation.py: the measure reads a rigid segment's turning right (closed form), the figures of
docs/synthetic_model.md "Turning, real against synthetic" are what it prints (skips without ../shared), and the
generator's tremor turns as the rigid-body formula says."""
from __future__ import annotations

import math
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
SCRIPT = REPO / "benchmarks" / "tremor_rotation.py"
G = 9.80665


@pytest.fixture(scope="module")
def mod():
    return load("benchmarks/tremor_rotation.py")


@pytest.mark.parametrize("f0, r", [(5.0, 0.08), (8.0, 0.03), (4.5, 0.3), (11.5, 0.15)])
def test_a_rigid_segment_gives_g_over_omega_squared_r(mod, f0, r):
    """A segment turning by theta(t) = theta0 sin(omega t) about an axis r from the sensor: tangential linear
    acceleration -omega^2 r theta0 sin(omega t), rotation rate theta0 omega cos(omega t) about the axis; the
    measure returns g / (omega^2 r) and the lever r back."""
    fs, n = 100.0, 200
    t = np.arange(n) / fs
    w, th0 = 2 * np.pi * f0, 0.02
    lin = np.zeros((n, 3))
    lin[:, 1] = -w ** 2 * r * th0 * np.sin(w * t)
    gyro = np.zeros((n, 3))
    gyro[:, 2] = th0 * w * np.cos(w * t)
    f, ratio = mod.rotation_ratio(lin, gyro, fs)
    assert f == f0  # each f0 lies on a bin of the 2 s window
    assert ratio == pytest.approx(G / (w ** 2 * r), rel=1e-6)
    assert mod.lever_m(f, ratio) == pytest.approx(r, rel=1e-6)


def test_the_generator_turns_as_a_rigid_segment():
    """synth: rot_frac = min(0.5, g / ((2 pi f0)^2 r)) with r drawn in lever_m (wrist) or lever_m_practice (legs);
    an override rot_frac is used as given and draws no r."""
    from tremorlab import synth
    from tremorlab.synth.params import PARAM_RANGES, ROT_FRAC_MAX

    for seed, ctx, key in ((1, "rest", "lever_m"), (2, "posture", "lever_m"), (3, "shaking_practice", "lever_m_practice")):
        p = synth.generate("tremor", 1.0, 100.0, seed, context=ctx).params
        lo, hi = PARAM_RANGES["tremor"][key][:2]
        assert lo <= p["lever_m"] <= hi
        assert p["rot_frac"] == pytest.approx(min(ROT_FRAC_MAX, G / ((2 * math.pi * p["f0"]) ** 2 * p["lever_m"])))
    p = synth.generate("tremor", 1.0, 100.0, 1, context="rest", rot_frac=0.2).params
    assert p["rot_frac"] == 0.2 and "lever_m" not in p


def test_docs_figures_are_current(shared_data):
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, str(SCRIPT), "--data", str(shared_data)], check=True, env=env,
                         capture_output=True, text=True).stdout
    doc = (REPO / "docs" / "synthetic_model.md").read_text(encoding="utf-8")
    header = "| recording | windows | f0 median, Hz | gravity term / linear acceleration, 5 / 50 / 95 % | lever r, m (median) |"
    shown, got = table_rows(doc, header), table_rows(out, header)
    assert list(shown) == list(got)
    num = r"\d+(?:\.\d+)?"

    def close(a: str, b: str, counts: int) -> None:
        # Window counts +-2 (a window on the evidence rule's threshold may flip with another CPU's rounding);
        # the figures of a row whose count moved are not compared, the others within their last digit.
        x, y = [float(v) for v in re.findall(num, a)], [float(v) for v in re.findall(num, b)]
        assert len(x) == len(y), (a, b)
        assert x[:counts] == pytest.approx(y[:counts], abs=2), (a, b)
        if x[:counts] == y[:counts]:
            assert x[counts:] == pytest.approx(y[counts:], abs=0.011), (a, b)

    for name, cells in got.items():
        close(" | ".join(shown[name][:1]), " | ".join(cells[:1]), 1)
        close(" | ".join(shown[name][1:]), " | ".join(cells[1:]), 0)
    lines = out.strip().splitlines()[-4:]
    bullets = [ln[2:] for ln in doc.splitlines() if ln.startswith("* real wrist tremor:") or ln.startswith("* generator")]
    assert len(bullets) == len(lines)
    for said, printed in zip(bullets, lines):
        assert re.sub(num, "#", said) == re.sub(num, "#", printed), (said, printed)
        close(said, printed, 2 if printed.startswith("real") else 1)
    # The generator's wrist range holds the real levers' 5-95 % (docs: "r 0.03 / 0.06 / 0.13 m").
    from tremorlab.synth.params import PARAM_RANGES

    lo, hi = PARAM_RANGES["tremor"]["lever_m"][:2]
    r5, r95 = (float(v) for v in re.search(r"lever r 5/50/95 % ([\d.]+) / [\d.]+ / ([\d.]+) m", out).groups())
    assert lo <= r5 and r95 <= hi
