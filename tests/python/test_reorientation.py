"""docs/evaluation.md's tables "The posture, measured" and "A held posture for tremor" are what
``python benchmarks/reorientation.py`` prints: the PADS rows need ../shared and tests/data/pads_gyro (skip without ../shared), the HMP rows a local HMP copy (skip without it, as
test_everyday_hmp.py does). Also a closed-form check of the measure itself."""
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
SCRIPT = REPO / "benchmarks" / "reorientation.py"
NUM = r"(\d+(?:\.\d+)?)"


def _module():
    return load("benchmarks/reorientation.py")


def test_turn_of_a_rotating_gravity_is_its_angle_and_an_oscillation_leaks_little():
    mod = _module()
    fs = 50.0
    t = np.arange(int(4 * fs)) / fs
    # Gravity turning at 10 deg/s about x: the two half-window means (centres 1 s apart) are 10 deg apart.
    ang = np.radians(10.0) * t
    acc = np.stack([np.zeros_like(t), np.sin(ang), np.cos(ang)], axis=1)
    assert mod.reorientation_deg(acc, fs, np.array([0.5]))[0] == pytest.approx(10.0, abs=0.05)
    # A 1 g, 4.5 Hz oscillation across gravity in a still posture: under 0.5 deg of apparent turn.
    shake = np.stack([np.sin(2 * np.pi * 4.5 * t), np.zeros_like(t), np.ones_like(t)], axis=1)
    assert mod.reorientation_deg(shake, fs, np.array([0.0, 0.5, 1.0])).max() < 0.5
    # A window running past the end is NaN, not a shorter window.
    assert np.isnan(mod.reorientation_deg(acc, fs, np.array([3.0]))[0])


def _doc_rows() -> dict[str, list[float]]:
    rows = table_rows((REPO / "docs" / "evaluation.md").read_text(encoding="utf-8"),
                      "| windows | count | turn in 1 s, deg | max |")
    return {k: [float(v) for v in re.findall(NUM, " ".join(cells))] for k, cells in rows.items()}


@pytest.fixture(scope="module")
def printed(shared_data) -> str:
    hmp = os.environ.get("TREMORLAB_HMP_DATA") or str(REPO.parent / "HMP_Dataset")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, str(SCRIPT), "--data", str(shared_data), "--hmp", hmp], check=True, env=env,
                          capture_output=True, text=True).stdout


def test_docs_table_is_current(printed):
    out = printed
    rows = _doc_rows()
    pct = rf"{NUM} / {NUM} / {NUM} / {NUM} / {NUM}"

    def close(shown, got):
        # The first value is a window count: a window whose label sits on a threshold may flip on another CPU
        # (the HMP rows count the windows classify calls tremor), so counts +-2 and degrees +-0.3.
        assert len(shown) == len(got)
        for i, (s, g) in enumerate(zip(shown, got)):
            assert s == pytest.approx(g, abs=2.0 if i == 0 else 0.3), (shown, got)

    g = re.search(rf"\): (\d+) windows, {pct}, max {NUM}", out).groups()
    close(next(v for k, v in rows.items() if k.startswith("real tremor with gravity")), [float(v) for v in g])
    f = re.search(rf"1 g added\): {pct}, max {NUM}", out).groups()
    close(next(v for k, v in rows.items() if k.startswith("the same windows as PADS")), [float(g[0])] + [float(v) for v in f])
    m = re.search(rf"\(pads_gyro: 10 recordings of 5 people, worst of 10 starts\): (\d+) windows, {pct}, max {NUM}", out)
    close(next(v for k, v in rows.items() if k.startswith("real tremor with gravity from the gyroscope: `tests/data/pads_gyro`")),
          [float(v) for v in m.groups()])
    text = (REPO / "docs" / "evaluation.md").read_text(encoding="utf-8")
    et423 = re.search(rf"ET_423_HoldWeight_LeftWrist: \d+ windows, median {NUM}, max {NUM}", out)
    assert float(re.search(rf"ET 423 holding a weight turns\s+up to {NUM} degrees", text).group(1)) == \
        pytest.approx(float(et423.group(2)), abs=0.3)
    if "HMP copy not found" in out:
        pytest.skip("no local HMP copy (TREMORLAB_HMP_DATA or ../HMP_Dataset): the brushing rows are not checked")
    e = re.search(rf"every window: (\d+) windows, {pct}", out).groups()
    close(next(v for k, v in rows.items() if k.startswith("HMP brushing teeth, every window")), [float(v) for v in e])
    c = re.search(rf"called tremor without the posture rule: (\d+) windows, {pct}; above PADS 002's maximum \({NUM}\): {NUM} %; "
                  rf"above every real tremor window's \({NUM}\): {NUM} %", out).groups()
    close(next(v for k, v in rows.items() if k.startswith("HMP brushing teeth, the windows")), [float(v) for v in c[:6]])
    assert float(re.search(rf"and only {NUM} % of the brushing windows called tremor turn further", text).group(1)) == \
        pytest.approx(float(c[9]), abs=1.0)
    assert float(re.search(rf"would take {NUM} % of brushing's `tremor` windows", text).group(1)) == \
        pytest.approx(float(c[7]), abs=1.0)


def test_detector_measure_matches_the_gate_and_the_posture_table_is_current(printed):
    """docs/evaluation.md "A held posture for tremor": the posture measures, the rule's effect on windows and
    bouts, and the synthetic held drift beside real held arms, as the script prints them (real tremor rows need
    ../shared; the brushing rows a local HMP copy)."""
    mod = _module()
    # The printout's measure is the Detector's (detail/gravity_turn.hpp): gravity turning at 8 deg/s about x,
    # 2 s window means 0.25 s apart, compared 1 s back (fewer hops at the start), reads 8 deg/s.
    fs = 100.0
    t = np.arange(int(6 * fs)) / fs
    ang = np.radians(8.0) * t
    acc = np.stack([np.zeros_like(t), np.sin(ang), np.cos(ang)], axis=1)
    turn = mod.detector_turn(acc, fs, "g")
    assert np.isnan(turn[0]) and turn[1:] == pytest.approx(8.0, abs=1e-6)
    # The same in m/s^2; without gravity (the 1 g taken off) the turn is not known.
    assert mod.detector_turn(acc * 9.80665, fs, "m/s^2")[1:] == pytest.approx(8.0, abs=1e-6)
    assert np.isnan(mod.detector_turn(0.01 * acc, fs, "g")).all()
    # The held measure: the largest of the last 2 s; a turn that stops is remembered for 2 s more.
    t10 = np.arange(int(10 * fs)) / fs  # still from 3 s: the last windows' means (from 6 s) held for 2 s
    stop = np.radians(8.0) * np.minimum(t10, 3.0)
    acc2 = np.stack([np.zeros_like(t10), np.sin(stop), np.cos(stop)], axis=1)
    one, hold = mod.detector_turn(acc2, fs, "g"), mod.detector_hold(acc2, fs, "g")
    assert hold[1:] == pytest.approx([np.max(one[max(1, k - 8):k + 1]) for k in range(1, len(one))], abs=1e-9)
    assert one[-1] == pytest.approx(0.0, abs=1e-4) and hold[-1] == pytest.approx(0.0, abs=1e-4)

    rows = {k: [float(v) for v in re.findall(NUM, " ".join(cells))] for k, cells in table_rows(
        (REPO / "docs" / "evaluation.md").read_text(encoding="utf-8"),
        "| recordings | windows | deg/s: median / 95th / 99th percentile / max | windows above 5 deg/s |"
        " Detector onsets | bouts named tremor: posture rule / switched off |").items()}
    four = rf"{NUM} / {NUM} / {NUM} / {NUM}"

    def turns(what: str, measure: str = "turn") -> list[float]:
        m = re.search(rf"  {measure}, {re.escape(what)}: (\d+) windows, {four}; above the limit {NUM} %", printed)
        assert m, what
        return [float(v) for v in m.groups()]

    def bouts(what: str) -> list[float]:
        m = re.search(rf"bouts, {re.escape(what)}: (\d+) onsets, (\d+) named tremor; rule switched off: (\d+) onsets, "
                      rf"(\d+) named tremor", printed)
        assert m, what
        return [float(v) for v in m.groups()]

    def close(shown: list[float], got: list[float], counts: int) -> None:
        # Counts (windows, onsets, bouts) +-2 across CPUs, degrees and percentages +-0.3.
        assert len(shown) == len(got), (shown, got)
        for i, (s, g) in enumerate(zip(shown, got)):
            assert s == pytest.approx(g, abs=2.0 if i < counts or i >= len(shown) - 3 else 0.3), (shown, got)

    what = "real tremor, gravity rebuilt (PADS 002 + pads_gyro, rule-tremor windows, worst of 10 starts)"
    one_row = next(v for k, v in rows.items() if k.startswith("real tremor, gravity rebuilt, turn over 1 s"))
    # Row: windows, 4 degrees, percent.
    close(one_row, turns(what), 1)
    held_row = next(v for k, v in rows.items() if k.startswith("real tremor, gravity rebuilt, held"))
    b = bouts("real tremor, gravity rebuilt (every start)")
    # Row: windows, 4 degrees, percent, onsets, named with the rule / switched off.
    close(held_row, turns(what, "held") + [b[0], b[1], b[3]], 1)
    assert b[0] == b[2] and b[1] == b[3], "the posture rule changed a real tremor bout"
    prose = " ".join((REPO / "docs" / "evaluation.md").read_text(encoding="utf-8").split())
    said = re.search(r"\((\d+) of the (\d+) onsets named tremor, with the rule and without it;", prose)
    assert said, "the sentence on the real tremor bouts"
    close([float(said.group(2)), float(said.group(1))], [b[0], b[1]], 2)
    # The synthetic held drift is checked against real arms held up: each percentile within a factor 2 (it
    # drifts a little more than they do at the median, as much at the 90th and 95th percentiles).
    m = re.search(rf"real arms held up \(HoldWeight, StretchHold; every window, every start\): {NUM} / {NUM} / {NUM}; "
                  rf"synthetic held rest \(synth held_drift_deg\): {NUM} / {NUM} / {NUM}; with the former 1-4 degrees: "
                  rf"{NUM} / {NUM} / {NUM}", printed)
    real, syn, former = [float(v) for v in m.groups()[:3]], [float(v) for v in m.groups()[3:6]], \
        [float(v) for v in m.groups()[6:]]
    text = (REPO / "docs" / "evaluation.md").read_text(encoding="utf-8")
    assert f"turned {former[0]:.2f} / {former[1]:.2f} / {former[2]:.2f} deg/s" in text
    assert f"1-4 deg, {former[0]:.2f} / {former[1]:.2f} / {former[2]:.2f}:" in \
        (REPO / "docs" / "synthetic_model.md").read_text(encoding="utf-8")
    assert f"this range {syn[0]:.2f}/{syn[1]:.2f}/{syn[2]:.2f}; the former assumption, 1-4 deg, turned " \
           f"{former[0]:.2f}/{former[1]:.2f}/{former[2]:.2f}" in " ".join(
               (REPO / "python" / "tremorlab" / "synth" / "params.py").read_text(encoding="utf-8").replace('"', "").split())
    for r, y in zip(real, syn):
        assert r / 2 <= y <= r * 2, (real, syn)
    doc = table_rows((REPO / "docs" / "evaluation.md").read_text(encoding="utf-8"),
                     "| held still, turn over 1 s, deg/s | median | 90th | 95th percentile |")
    got = {k: [float(v) for v in re.findall(NUM, " ".join(c))] for k, c in doc.items()}
    close(next(v for k, v in got.items() if k.startswith("real arms held up")), real, 0)
    close(next(v for k, v in got.items() if k.startswith("synthetic held rest"))[-3:], syn, 0)
    pads = re.search(r"windows called tremor with the rule / without it: train pool (\d+) / (\d+); held out (\d+) / (\d+)",
                     printed)
    assert pads and int(pads.group(1)) <= int(pads.group(2)) and int(pads.group(3)) <= int(pads.group(4))
    if "HMP copy not found" in printed:
        pytest.skip("no local HMP copy: the brushing rows are not checked")
    bb = bouts("HMP brushing teeth")
    close(next(v for k, v in rows.items() if k.startswith("HMP brushing teeth, every window")),
          turns("HMP brushing teeth, every window", "held") + [bb[0], bb[1], bb[3]], 1)
    called = next(v for k, v in rows.items() if k.startswith("HMP brushing teeth, the windows the model calls tremor"))
    close(called, turns("HMP brushing teeth, windows called tremor without the rule", "held"), 1)
    n = re.search(r"HMP brushing teeth, windows called tremor: (\d+) with the rule, (\d+) without it", printed)
    assert re.search(rf"Of brushing's {n.group(2)} windows? the model calls tremor, {n.group(1)} held", text)


def test_synthetic_held_drift_turns_like_real_arms_held_up():
    """The generator's held-still limbs (synth params rest/held_drift_deg) turn as fast as real arms held up:
    the bundled PADS HoldWeight/StretchHold recordings of tests/data/pads_gyro with gravity rebuilt from the
    gyroscope (3 starting orientations). Each of the median, 90th and 95th percentile of the 1 s turn within a
    factor 2 (the shared-data test above adds PADS 002's posture tasks; the former 1-4 degree drift was about
    3-5x too fast here)."""
    mod = _module()
    real = []
    for name, lin, gyro, fs in mod.read_gyro_files(REPO / "tests" / "data" / "pads_gyro"):
        if any(k in name for k in mod.HELD_TASKS):
            for g in mod.gravity_directions(gyro, fs, mod.STARTS[:3]):
                t = mod.detector_turn(lin + g, fs, "g")
                real.append(t[~np.isnan(t)])
    assert len(real) >= 15
    r = np.percentile(np.concatenate(real), [50, 90, 95])
    y = np.percentile(mod.synthetic_held_turns(n=30), [50, 90, 95])
    assert np.all(y >= r / 2) and np.all(y <= r * 2), (r, y)
