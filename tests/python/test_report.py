"""tremorlab.report: the analysis behind `tremorlab analyze` (band-power measures, bouts, report dict/text)."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import scipy.signal as ss

import tremorlab
from tremorlab import report as rp

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "data" / "cloudupdrs" / "2458").glob("T_-_REST_TREMOR_AMPLITUDE_-_RIGHT_HAND_-_*.csv"))


def _write(tmp_path: Path, name: str, acc: np.ndarray, fs: float, units: str = "m/s^2") -> Path:
    t = np.arange(acc.shape[0]) / fs
    rec = tremorlab.Recording(t=t, acc=acc, units=units, fs=fs)
    p = tmp_path / name
    tremorlab.write_recording(p, rec)
    return p


def _sine_acc(fs=100.0, seconds=30.0, f0=6.0, amp=0.5, seed=1):
    n = int(fs * seconds)
    t = np.arange(n) / fs
    rng = np.random.default_rng(seed)
    acc = 0.01 * rng.standard_normal((n, 3))
    acc[:, 2] += 9.80665
    acc[:, 0] += amp * np.sin(2 * np.pi * f0 * t)
    return acc


def test_band_power_report_matches_scipy_reference(tmp_path):
    fs, f0, amp = 100.0, 6.3, 0.5
    acc = _sine_acc(fs=fs, f0=f0, amp=amp)
    p = _write(tmp_path, "sine.csv", acc, fs)
    rep = rp.analyze(p, classify=False)
    assert rep.mode == "band_power"
    assert rep.fs == pytest.approx(fs)
    assert rep.duration_s == pytest.approx(30.0, abs=0.02)
    # Dominant frequency: the sine's, within the 0.25 Hz bin spacing of a 4 s Welch segment.
    assert rep.dominant_frequency_hz == pytest.approx(f0, abs=0.15)
    # Intensity: RMS of a sine of amplitude A is A/sqrt(2) (noise adds ~0.01*sqrt(3*8/50)).
    assert rep.intensity_ms2 == pytest.approx(amp / math.sqrt(2), rel=0.03)
    # Band power against scipy's Welch + trapezoid on the same segmenting.
    ref = 0.0
    for k in range(3):
        f, pxx = ss.welch(acc[:, k] - acc[:, k].mean(), fs=fs, nperseg=400)
        m = (f >= 4) & (f <= 12)
        ref += np.trapezoid(pxx[m], f[m])
    assert rep.band_power == pytest.approx(ref, rel=1e-6)
    assert rep.band_power == pytest.approx(amp ** 2 / 2, rel=0.05)
    assert rep.band_fraction > 0.95


def test_report_dict_is_json_and_text_is_complete(tmp_path):
    p = _write(tmp_path, "sine.csv", _sine_acc(), 100.0)
    rep = rp.analyze(p, classify=False)
    d = json.loads(rep.to_json())
    for key in ("duration_s", "dominant_frequency_hz", "intensity_ms2", "bouts", "class_shares", "advisories",
                "disclaimer", "tremor_band_hz"):
        assert key in d
    assert d["disclaimer"] == rp.DISCLAIMER
    text = rep.to_text()
    assert "dominant frequency" in text and "6.0 Hz" in text
    assert text.rstrip().endswith(rp.DISCLAIMER)
    assert "diagnos" not in text.replace(rp.DISCLAIMER, "")


def test_units_g_recording_is_converted(tmp_path):
    acc = _sine_acc(amp=0.5)
    p = _write(tmp_path, "g.csv", acc / 9.80665, 100.0, units="g")
    rep = rp.analyze(p, classify=False)
    assert rep.units == "g"
    assert rep.intensity_ms2 == pytest.approx(0.5 / math.sqrt(2), rel=0.03)


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        rp.analyze(tmp_path / "nope.csv")


def test_bouts_from_windows_hand_computed():
    # 2 s windows, 0.5 s hop: window i starts at 0.5 i and stands for the slot [0.5 i + 0.75, 0.5 i + 1.25).
    labels = ["rest", "tremor", "tremor", "rest", "tremor", "rest", "rest", "rest", "tremor"]
    times = 0.5 * np.arange(len(labels))
    freq = np.array([0, 5.0, 6.0, 0, 7.0, 0, 0, 0, 4.0])
    amp = np.array([0, 0.1, 0.3, 0, 0.2, 0, 0, 0, 0.5])
    b = rp.bouts_from_windows(times, labels, 2.0, 0.5, frequency=freq, amplitude=amp, merge_gap_s=0.5)
    # windows 1,2 (slots 1.25..2.25) and 4 (2.75..3.25): gap 0.5 -> joined; window 8 (4.75..5.25) separate.
    assert [(x["start_s"], x["end_s"]) for x in b] == [(1.25, 3.25), (4.75, 5.25)]
    assert b[0]["frequency_hz"] == 6.0 and b[0]["intensity"] == 0.2 and b[0]["windows"] == 3
    b2 = rp.bouts_from_windows(times, labels, 2.0, 0.5, merge_gap_s=0.0)
    assert [(x["start_s"], x["end_s"]) for x in b2] == [(1.25, 2.25), (2.75, 3.25), (4.75, 5.25)]
    assert rp.bouts_from_windows(times, ["rest"] * len(labels), 2.0, 0.5) == []


@pytest.mark.skipif(not BUNDLED, reason="bundled CloudUPDRS recording not found")
@pytest.mark.xfail(strict=True, reason="model v2 (issue 12) finds a tremor bout of zero duration in this recording "
                                       "(start == end from the C++ Session's bouts): a Session defect to fix there")
def test_bundled_recording_report():
    rep = rp.analyze(BUNDLED[0])
    assert 30 < rep.duration_s < 34
    assert 4.0 <= rep.dominant_frequency_hz <= 12.0
    assert 0 < rep.intensity_ms2 < 1.0
    d = rep.to_dict()
    json.dumps(d)
    if rep.mode == "classification":
        assert sum(d["class_shares"].values()) == pytest.approx(1.0)
        assert 0 <= d["tremor_time_s"] <= d["duration_s"]
        for b in d["bouts"]:
            assert 0 <= b["start_s"] < b["end_s"] <= d["duration_s"] + 1e-6


@pytest.mark.skipif(not callable(getattr(tremorlab, "classify", None)), reason="classifier not in this build")
def test_classification_report_finds_tremor_segment(tmp_path):
    fs = 100.0
    n = int(60 * fs)
    t = np.arange(n) / fs
    rng = np.random.default_rng(3)
    acc = 0.02 * rng.standard_normal((n, 3))
    acc[:, 2] += 9.80665
    on = (t >= 20) & (t < 40)
    acc[on, 0] += 0.8 * np.sin(2 * np.pi * 5.5 * t[on])
    acc[on, 1] += 0.4 * np.sin(2 * np.pi * 5.5 * t[on] + 0.5)
    p = _write(tmp_path, "bout.csv", acc, fs)
    rep = rp.analyze(p)
    assert rep.mode == "classification"
    assert rep.bouts, rep.to_text()
    longest = max(rep.bouts, key=lambda b: b["duration_s"])
    assert longest["start_s"] == pytest.approx(20, abs=2.5) and longest["end_s"] == pytest.approx(40, abs=2.5)
    assert longest["frequency_hz"] == pytest.approx(5.5, abs=0.5)
    assert rep.tremor_time_s == pytest.approx(20, abs=5)
    assert sum(rep.class_shares.values()) == pytest.approx(1.0)


@pytest.mark.skipif(not callable(getattr(tremorlab, "classify", None)), reason="classifier not in this build")
def test_classify_accepts_dataframe_with_time_column_and_converts_back():
    pd = pytest.importorskip("pandas")
    fs = 100.0
    acc = _sine_acc(fs=fs, seconds=10.0, f0=5.0, amp=0.6)
    df = pd.DataFrame({"t": np.arange(acc.shape[0]) / fs, "ax": acc[:, 0], "ay": acc[:, 1], "az": acc[:, 2]})
    res_df = tremorlab.classify(df, fs=fs, units="m/s^2")
    res_np = tremorlab.classify(acc, fs=fs, units="m/s^2")
    np.testing.assert_array_equal(np.asarray(res_df.labels), np.asarray(res_np.labels))
    np.testing.assert_allclose(np.asarray(res_df.proba), np.asarray(res_np.proba), rtol=1e-12)
    out = res_df.to_pandas()
    assert len(out) == len(res_np.labels)
