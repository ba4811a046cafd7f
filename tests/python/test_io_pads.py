"""The PADS loaders (tremorlab.io: format 'pads', read_pads_bin) on real PADS files: the bundled copies in
tests/data (pads_more: accelerometer-only Relaxed copies; pads_gyro: movement/timeseries files with time and
gyroscope) and the shared folder's preprocessed <id>_ml.bin files."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import tremorlab as tl
from tremorlab.io import (PADS_TASKS, PadsCopyWarning, after_pads_cue, pads_task_base, parse_pads_bin_name, parse_pads_name,
                          read_pads_bin)
from tremorlab.report import analyze

DATA = Path(__file__).resolve().parents[1] / "data"
RELAXED = DATA / "pads_more" / "PD_040_Relaxed_LeftWrist.txt"
TIMESERIES = DATA / "pads_gyro" / "ET_382_HoldWeight_LeftWrist.txt"


def _write(p: Path, text: str) -> Path:
    p.write_text(text, encoding="utf-8")
    return p


def test_names():
    assert parse_pads_name("001_HoldWeight_LeftWrist.txt") == {"id": "001", "task": "HoldWeight", "wrist": "LeftWrist"}
    assert parse_pads_name("PD_071_Relaxed_RightWrist.txt") == {"group": "PD", "id": "071", "task": "Relaxed",
                                                                 "wrist": "RightWrist"}
    for other in ("001_HoldWeight_Wrist.txt", "1_Relaxed_LeftWrist.txt", "XX_071_Relaxed_LeftWrist.txt",
                  "001_HoldWeight_LeftWrist.csv"):
        assert parse_pads_name(other) is None
    assert parse_pads_bin_name("002_ml.bin") == "002"
    for other in ("2_ml.bin", "002_ml.bin.bak", "002_ML.bin", "002_Relaxed_LeftWrist.txt"):
        assert parse_pads_bin_name(other) is None
    # The .bin's halves are their task's; the text files' names carry the task alone.
    assert [pads_task_base(t) for t in PADS_TASKS] == [
        "Relaxed", "Relaxed", "RelaxedTask", "RelaxedTask", "StretchHold", "HoldWeight", "DrinkGlas", "CrossArms",
        "TouchNose", "Entrainment", "Entrainment"]
    assert pads_task_base("HoldWeight") == "HoldWeight"
    from tremorlab import realtremor
    assert [t for t in PADS_TASKS if realtremor.is_rest_posture(t)] == list(PADS_TASKS[:6])
    assert not realtremor.is_rest_posture("LiftHold") and realtremor.is_rest_posture("RelaxedTask")


def test_relaxed_copy_reads_every_number_as_it_stands():
    """A pads_relaxed copy: 2048 rows of three numbers at 100 Hz, no time, read as given in the acceleration slot;
    what they are (acceleration z, rotation rates x and y: benchmarks/pads_columns.py) is said by a
    PadsCopyWarning and meta['pads_copy_columns']."""
    raw = np.loadtxt(RELAXED, delimiter=",")
    with pytest.warns(PadsCopyWarning, match="acceleration z .* rotation rates x, y"):
        r = tl.read_recording(RELAXED)  # detected by its name
    assert r.meta["pads_copy_columns"] == "acc_z_g,gyro_x_rad_s,gyro_y_rad_s"
    assert (r.units, r.fs, r.n, r.gyro) == ("g", 100.0, 2048, None)
    np.testing.assert_array_equal(r.acc, raw)
    np.testing.assert_array_equal(r.t, np.arange(2048) / 100.0)
    assert {k: r.meta[k] for k in ("source", "subject", "group", "task", "placement", "gravity_removed")} == {
        "source": "pads", "subject": "040", "group": "PD", "task": "Relaxed", "placement": "left wrist",
        "gravity_removed": True}
    assert r.meta["n_gaps"] == 0


def test_timeseries_file_keeps_its_time_and_converts_the_gyroscope():
    """A movement/timeseries file: time (s), acceleration (g), rotation rate (rad/s) -> Recording.gyro in deg/s."""
    raw = np.loadtxt(TIMESERIES, delimiter=",")
    with warnings.catch_warnings():
        warnings.simplefilter("error", PadsCopyWarning)  # three true accelerations: no warning
        r = tl.read_recording(TIMESERIES)
    assert "pads_copy_columns" not in r.meta
    assert r.n == raw.shape[0] == 1024 and r.meta["group"] == "ET" and r.meta["task"] == "HoldWeight"
    np.testing.assert_array_equal(r.t, raw[:, 0] - raw[0, 0])
    np.testing.assert_array_equal(r.acc, raw[:, 1:4])
    np.testing.assert_allclose(r.gyro, raw[:, 4:7] * 180.0 / np.pi, rtol=1e-15)
    assert r.fs == pytest.approx(100.0, rel=0.02)  # 1 / median interval of the watch's own timestamps


def test_a_pads_recording_is_analysed_without_a_gravity_to_check():
    """Gravity removed: the units check that reads gravity has nothing to say, the analysis still runs, and on
    true acceleration it sees what the evidence rule sees: PD 019's resting tremor (100 mg at 5.1 Hz,
    tests/data/pads_gyro). A Relaxed copy (PD 040's, acceleration z and two rotation rates) is analysed as
    given and says what it is; the model (v6, trained on true acceleration) is not asked to make sense of it:
    it calls 39 % of that copy's windows `mimicked` (docs/evaluation.md, "Model v6")."""
    true_rep = analyze(str(DATA / "pads_gyro" / "PD_019_Relaxed_LeftWrist.txt"))
    assert 4.5 <= true_rep.dominant_frequency_hz <= 5.5
    assert true_rep.tremor_time_s > 15.0 and true_rep.class_shares["mimicked"] == 0.0
    assert not [n for n in true_rep.notes if n.startswith("a PADS Relaxed copy")]
    assert [n for n in true_rep.notes if "no gravity" in n]
    with pytest.warns(PadsCopyWarning):
        rep = analyze(str(RELAXED))
    # What the copy's columns are is said in the report too, not only in a warning a script may hide.
    assert [n for n in rep.notes if n.startswith("a PADS Relaxed copy")] == [
        "a PADS Relaxed copy: its three columns are acceleration z (g) and rotation rates x, y (rad/s), analysed "
        "as if they were three accelerations; the movement/timeseries file of the same recording has all three"]
    assert (rep.n_samples, rep.units, rep.fs) == (2048, "g", 100.0)
    assert 4.0 <= rep.dominant_frequency_hz <= 5.0
    # The report says what the missing gravity costs (the posture rule reads nothing), once, in its notes ...
    assert [n for n in rep.notes if "no gravity" in n] == [
        "no gravity in the acceleration (removed by the source, as in PADS): the posture rule has nothing to "
        "read, so a shaking limb that moves about can still be called tremor"]
    assert "note: no gravity in the acceleration" in rep.to_text()
    # ... and not for the same samples with 1 g added back, nor for a recording too short to tell.
    with pytest.warns(PadsCopyWarning):
        rec = tl.read_recording(RELAXED)
    with_g = tl.Recording(t=rec.t, acc=rec.acc + [0.0, 0.0, 1.0], units="g", fs=rec.fs, meta={"path": "with_g"})
    assert not [n for n in analyze(with_g).notes if "no gravity" in n]
    short = tl.Recording(t=rec.t[:300], acc=rec.acc[:300], units="g", fs=rec.fs, meta={"path": "short"})
    assert not [n for n in analyze(short).notes if "no gravity" in n]


def test_refusals(tmp_path):
    name = "001_HoldWeight_LeftWrist.txt"
    with pytest.raises(ValueError, match="units 'g'"):
        tl.read_recording(RELAXED, units="m/s^2")
    for body, match in (("0.0,0.1,0.2,0.3,0.4\n0.01,0.1,0.2,0.3,0.4\n", "line 1: expected 7 or 3 columns, got 5"),
                        ("0.0,0.1,0.2,0.3,0.4,0.5,0.6\n0.01,0.1,0.2\n", "line 2: expected 7 columns"),
                        ("0.0,0.1,0.2,nan,0.4,0.5,0.6\n0.01,0.1,0.2,0.3,0.4,0.5,0.6\n", "non-finite accelerometer"),
                        ("0.0,0.1,0.2,0.3,0.4,0.5,0.6\n0.0,0.1,0.2,0.3,0.4,0.5,0.6\n", "duplicate timestamp"),
                        ("0.0,0.1,0.2,0.3,0.4,0.5,0.6\n", "too short"), ("\n", "empty")):
        with pytest.raises(ValueError, match=match):
            tl.read_recording(_write(tmp_path / name, body))
    with pytest.raises(ValueError, match="not a PADS file name"):
        tl.read_recording(_write(tmp_path / "mine.txt", "0.1,0.2,0.3\n0.1,0.2,0.3\n"), format="pads")
    short = tmp_path / "001_ml.bin"
    np.zeros(10, dtype="<f4").tofile(short)
    with pytest.raises(ValueError, match="40 bytes; a PADS <id>_ml.bin holds 515328"):
        read_pads_bin(short)
    bad = np.zeros((11, 2, 6, 976), dtype="<f4")
    bad[3, 1, 4, 7] = np.nan
    bad.tofile(short)
    with pytest.raises(ValueError, match=r"RelaxedTask2, RightWrist\]: non-finite gyroscope value"):
        read_pads_bin(short)
    with pytest.raises(FileNotFoundError):
        read_pads_bin(tmp_path / "002_ml.bin")


def test_ml_bin_layout(shared_data):
    """<id>_ml.bin: 11 tasks x 2 wrists x 6 channels x 976 float32 samples, read into 22 Recordings."""
    f = shared_data / "pads_subset" / "002_ml.bin"
    raw = np.fromfile(f, dtype="<f4").reshape(11, 2, 6, 976).astype(np.float64)
    recs = read_pads_bin(f)
    assert sorted(recs) == sorted((t, w) for t in PADS_TASKS for w in ("LeftWrist", "RightWrist"))
    r = recs[("HoldWeight", "RightWrist")]
    assert (r.n, r.fs, r.units, r.meta["subject"], r.meta["task"], r.meta["placement"]) == (
        976, 100.0, "g", "002", "HoldWeight", "right wrist")
    np.testing.assert_array_equal(r.acc, raw[5, 1, :3].T)
    np.testing.assert_allclose(r.gyro, np.degrees(raw[5, 1, 3:].T), rtol=1e-15)


@pytest.mark.parametrize("name, tasks", [
    ("002_HoldWeight_RightWrist.txt", ("HoldWeight",)),
    ("002_Entrainment_RightWrist.txt", ("Entrainment1", "Entrainment2")),
    ("003_Relaxed_LeftWrist.txt", ("Relaxed1", "Relaxed2")),
])
def test_timeseries_files_are_the_ml_bin_before_pads_preprocessing(shared_data, name, tasks):
    """PADS's own preprocessing as the reference (tests/data/pads_timeseries/SOURCE.txt): each 1024-sample block
    of a raw movement/timeseries file, less its first 48 samples, is the .bin's slot of that task (the 20.48 s
    tasks fill two), so both loaders give the same rotation rate there (float32 rounding apart) and the same
    acceleration up to PADS's slow L1 trend. A task name in the wrong slot, a column shifted, a unit left in
    rad/s or a sample dropped would break it."""
    from scipy.signal import butter, sosfiltfilt

    ts = tl.read_recording(DATA / "pads_timeseries" / name)
    info = parse_pads_name(name)
    bins = read_pads_bin(shared_data / "pads_subset" / f"{info['id']}_ml.bin")
    assert ts.n == 1024 * len(tasks) and ts.meta["subject"] == info["id"]
    hp = butter(4, 1.0, "highpass", fs=100.0, output="sos")
    for k, task in enumerate(tasks):
        b = bins[(task, info["wrist"])]
        assert b.n == 976 and b.meta["task"] == task
        lo = 1024 * k + 48
        np.testing.assert_allclose(ts.gyro[lo:lo + 976], b.gyro, rtol=0, atol=1e-6)  # deg/s; the signal: > 1
        assert np.abs(b.gyro).max() > 1.0
        trend = ts.acc[lo:lo + 976] - b.acc
        assert np.abs(trend).max() < 0.05  # g: slow, and small beside the ~0.2 g movement
        assert np.abs(sosfiltfilt(hp, trend, axis=0)).max() < 1e-3
        # One sample off, or the other slot, and the rotation rates no longer agree.
        assert np.abs(ts.gyro[lo - 1:lo + 975] - b.gyro).max() > 0.1
        for other in PADS_TASKS:
            if other != task:
                assert np.abs(bins[(other, info["wrist"])].gyro - b.gyro).max() > 0.1


def test_after_pads_cue_by_hand():
    """The vibration cue's 0.5 s on a file's own clock: a sample stamped exactly 0.5 s (or a rounding below it)
    stays, one before it goes; the timeseries files' jittery clocks keep their first sample at >= 0.5 s."""
    t = np.array([0.0, 0.49, 0.4999999999, 0.5, 0.51])
    assert after_pads_cue(t).tolist() == [False, False, True, True, True]
    r = tl.read_recording(TIMESERIES)
    assert r.t[after_pads_cue(r.t)][0] >= 0.5 - 1e-9 and r.t[~after_pads_cue(r.t)][-1] < 0.5
