"""tremorlab.io.gravity_from_gyro (gravity put back into PADS's acceleration from its gyroscope) against scipy's
rotations and a closed form, its refusals, and the PADS folder report's ``--gravity gyro`` that uses it."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import tremorlab
from tremorlab import cli, pads_folder
from tremorlab.io import gravity_from_gyro

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "tests" / "data" / "pads_timeseries"


def test_matches_scipy_rotations_for_every_start():
    Rotation = pytest.importorskip("scipy.spatial.transform").Rotation
    rng = np.random.default_rng(3)
    fs = 100.0
    gyro = rng.normal(0.0, 60.0, (400, 3))  # deg/s
    starts = rng.normal(size=(3, 3))
    got = gravity_from_gyro(gyro, fs, starts)
    # The sensor's orientation composed step by step; a fixed direction seen from it is the inverse applied.
    r = [Rotation.identity()]
    for step in Rotation.from_rotvec(np.radians(gyro[:-1]) / fs):
        r.append(r[-1] * step)
    back = Rotation.concatenate(r).inv()
    unit = starts / np.linalg.norm(starts, axis=1, keepdims=True)
    want = np.stack([back.apply(u) for u in unit])
    assert got.shape == (3, 400, 3)
    np.testing.assert_allclose(got, want, atol=1e-12)
    np.testing.assert_allclose(gravity_from_gyro(gyro, fs, starts[1]), want[1], atol=1e-12)


def test_constant_turn_about_x_closed_form():
    # A sensor turning at w about its x axis sees a fixed +z direction move as dv/dt = -w x v: (0, sin wt, cos wt).
    fs, w_deg = 50.0, 30.0
    n = 301
    g = gravity_from_gyro(np.tile([w_deg, 0.0, 0.0], (n, 1)), fs)
    t = np.arange(n) / fs
    w = np.radians(w_deg)
    np.testing.assert_allclose(g, np.column_stack([np.zeros(n), np.sin(w * t), np.cos(w * t)]), atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(g, axis=1), 1.0, atol=1e-12)


def test_a_still_gyroscope_keeps_the_start_scaled_to_one_g():
    g = gravity_from_gyro(np.zeros((5, 3)), 100.0, (0.0, 3.0, 4.0))
    np.testing.assert_allclose(g, np.tile([0.0, 0.6, 0.8], (5, 1)))
    assert gravity_from_gyro(np.zeros((1, 3)), 100.0).shape == (1, 3)


@pytest.mark.parametrize("gyro, fs, start, msg", [
    (np.zeros((4, 2)), 100.0, (0, 0, 1), "shape"),
    (np.zeros((0, 3)), 100.0, (0, 0, 1), "shape"),
    (np.array([[0.0, np.nan, 0.0]]), 100.0, (0, 0, 1), "NaN"),
    (np.array([[0.0, np.inf, 0.0]]), 100.0, (0, 0, 1), "NaN"),
    (np.zeros((4, 3)), 0.0, (0, 0, 1), "fs"),
    (np.zeros((4, 3)), float("nan"), (0, 0, 1), "fs"),
    (np.zeros((4, 3)), "100", (0, 0, 1), "fs"),
    (np.zeros((4, 3)), 100.0, (0, 0, 0), "zero"),
    (np.zeros((4, 3)), 100.0, (0, 1), "start"),
    (np.zeros((4, 3)), 100.0, (0, np.nan, 1), "start"),
])
def test_refusals(gyro, fs, start, msg):
    with pytest.raises(ValueError, match=msg):
        gravity_from_gyro(gyro, fs, start)


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "pads"
    d.mkdir()
    for name in ("002_HoldWeight_RightWrist.txt", "002_Entrainment_RightWrist.txt"):
        shutil.copy(TS / name, d / name)
    copy = next((ROOT / "tests" / "data" / "pads_more").glob("*_Relaxed_*.txt"))  # 3 columns: no gyroscope
    shutil.copy(copy, d / copy.name)
    return d


def test_pads_folder_labels_the_signal_with_gravity_rebuilt(tmp_path, capsys):
    d = _folder(tmp_path)
    assert cli.main(["evaluate", str(d), "--json", "--no-progress", "--gravity", "gyro", "--by-task"]) == 0
    out = json.loads(capsys.readouterr().out)["pads"]
    assert out["gravity"] == "gyro"
    assert [Path(p).name for p in out["gravity_not_rebuilt"]] == [next(d.glob("*_Relaxed_*")).name]
    rows = {r["task_kind"]: r for r in out["rows"]}
    # Recomputed here: numpy reads the file (t, acc g, gyro rad/s), the cue skipped, the mean rate taken off.
    a = np.loadtxt(d / "002_HoldWeight_RightWrist.txt", delimiter=",")
    a = a[a[:, 0] >= 0.5 - 1e-9]
    fs = 1.0 / float(np.median(np.diff(a[:, 0])))
    gyro = np.degrees(a[:, 4:7])
    acc = a[:, 1:4] + gravity_from_gyro(gyro - gyro.mean(axis=0), fs)
    lab = np.asarray(tremorlab.classify(acc, fs=fs, units="g", hop_s=0.5).labels)
    r = rows["HoldWeight"]
    assert r["windows"] == lab.size
    for c in tremorlab.labels():
        assert r["labels_pct"][c] == round(100.0 * float(np.mean(lab == c)), 1), c
    # The evidence rule reads the acceleration as PADS gives it, whatever the labels read.
    removed = {r["task_kind"]: r for r in pads_folder.run([d], by_task=True)["rows"]}
    assert r["rule_tremor_windows"] == removed["HoldWeight"]["rule_tremor_windows"]
    assert cli.main(["evaluate", str(d), "--no-progress", "--gravity", "gyro"]) == 0
    text = capsys.readouterr().out
    assert "gravity rebuilt from each recording's gyroscope" in text and "gravity not rebuilt (no gyroscope): 1" in text


def test_pads_folder_refuses_an_unknown_gravity(tmp_path, capsys):
    d = _folder(tmp_path)
    with pytest.raises(ValueError, match="gravity must be one of"):
        pads_folder.run([d], gravity="rebuilt")
    with pytest.raises(SystemExit) as e:
        cli.main(["evaluate", str(d), "--gravity", "rebuilt"])
    assert e.value.code == 2 and "--gravity" in capsys.readouterr().err


def test_each_start_is_the_same_alone_or_among_others():
    gyro = np.random.default_rng(5).normal(0.0, 20.0, (150, 3))
    starts = np.random.default_rng(6).normal(size=(4, 3))
    every = gravity_from_gyro(gyro, 100.0, starts)
    for u, g in zip(starts, every):
        assert np.array_equal(g, gravity_from_gyro(gyro, 100.0, u))
