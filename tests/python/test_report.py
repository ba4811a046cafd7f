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
assert BUNDLED, "the bundled CloudUPDRS recording is part of the repository"


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


def test_bundled_recording_report():
    rep = rp.analyze(BUNDLED[0])
    assert 30 < rep.duration_s < 34
    assert 4.0 <= rep.dominant_frequency_hz <= 12.0
    # That peak (7.6 Hz) lies within 10 % of twice the recording's strongest rhythm, 3.7 Hz: named beside it.
    assert 3.0 <= rep.slow_rhythm_hz < 4.0
    assert rep.dominant_frequency_hz == pytest.approx(2 * rep.slow_rhythm_hz, rel=0.1)
    assert 0 < rep.intensity_ms2 < 1.0
    d = rep.to_dict()
    json.dumps(d)
    assert rep.mode == "classification"
    assert sum(d["class_shares"].values()) == pytest.approx(1.0)
    assert 0 <= d["tremor_time_s"] <= d["duration_s"]
    # The report's bouts are the Session's (this rest-tremor phone recording has none: pinned in
    # tests/golden/pins.json, so the bounds are checked on the synthetic bout below).
    assert len(d["bouts"]) == len(rep.session["bouts"])


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
    for b in rep.bouts:
        assert 0 <= b["start_s"] < b["end_s"] <= rep.duration_s + 1e-6 and b["windows"] > 0
    longest = max(rep.bouts, key=lambda b: b["duration_s"])
    assert longest["start_s"] == pytest.approx(20, abs=2.5) and longest["end_s"] == pytest.approx(40, abs=2.5)
    assert longest["frequency_hz"] == pytest.approx(5.5, abs=0.5)
    assert rep.tremor_time_s == pytest.approx(20, abs=5)
    assert sum(rep.class_shares.values()) == pytest.approx(1.0)


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


PPP = ROOT / "data" / "paradigma_ppp" / "1.prepared_data" / "imu"


def test_dominant_frequency_is_the_highest_psd_peak_the_plot_marks():
    """The report's dominant frequency is the highest local maximum of the PSD it keeps for the figure
    (scipy.signal.find_peaks on the same PSD, independently), and the figure marks that value."""
    pytest.importorskip("matplotlib")
    from tremorlab import plot

    rep = rp.analyze(tremorlab.synth.session(seed=3))
    f, pxx = rep.psd
    inside = (f >= 4) & (f <= 12)
    peaks, _ = ss.find_peaks(pxx)
    peaks = peaks[inside[peaks]]
    k = peaks[np.argmax(pxx[peaks])]
    assert abs(rep.dominant_frequency_hz - f[k]) <= (f[1] - f[0]) / 2  # parabolic refinement stays in the bin
    assert rep.bouts and rep.bout_frequency_hz is not None  # the bouts' own frequency is reported beside it
    fig = plot.plot_report(rep)
    labels = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert f"dominant {rep.dominant_frequency_hz:.1f} Hz" in labels
    assert f"dominant frequency  {rep.dominant_frequency_hz:.1f} Hz" in rep.to_text()
    assert not any(ax.get_ylabel() == "acceleration (m/s$^2$)" for ax in fig.axes)  # the signal is mean-removed
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_ppp_report_has_no_zero_length_bout():
    assert PPP.exists(), f"the bundled ParaDigMa PPP recording is part of the repository: {PPP}"
    rep = rp.analyze(PPP)
    assert rep.bouts
    for b in rep.bouts:
        assert b["duration_s"] >= rep.hop_s - 1e-9 and b["windows"] >= 1 and b["intensity"] is not None, b


def test_analyze_classifies_each_window_once(monkeypatch):
    """analyze runs one pass (the Session's detector): no batch classification beside it. On a recording
    without gaps its window table is classify()'s (same features, probabilities, labels, window times) and its
    session summary is that of a Session fed the same samples."""
    rec = tremorlab.read_recording(BUNDLED[0])
    assert not rec.gaps
    ref = tremorlab.classify(rec.acc, fs=rec.fs, units=rec.units)
    s = tremorlab.Session(fs=rec.fs, units=rec.units)
    s.push(rec.acc, rec.t)
    s.flush()

    def boom(*a, **k):
        raise AssertionError("analyze classified the recording a second time")

    monkeypatch.setattr(tremorlab._core, "classify_recording", boom)
    monkeypatch.setattr(tremorlab._core, "batch_features", boom)
    rep = rp.analyze(rec)
    res = rep.result
    assert len(res) == len(ref) > 0
    np.testing.assert_allclose(res.features, ref.features, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(res.proba, ref.proba, rtol=1e-12, atol=1e-15)
    assert list(res.labels) == list(ref.labels)
    np.testing.assert_allclose(res.amplitude, ref.amplitude, rtol=1e-12)
    # Window starts are the first frames' timestamps (here on the 1/fs grid up to the file's rounding).
    np.testing.assert_allclose(res.start, ref.start, atol=2e-3)
    np.testing.assert_allclose(res.end - res.start, ref.end - ref.start, rtol=1e-12)
    assert rep.session == s.summary()


def test_analyze_windows_and_bouts_follow_the_one_gap_rule(tmp_path):
    """A 0.5 s hole (over the 0.2 s gap rule) in the middle of a tremor stretch: the report counts one gap, as
    its session does; no window spans the hole (windowing restarts at the first frame after it, so the
    windows before it are classify()'s of the frames before it); the bout ends at the gap and a new one
    starts after it, and each bout's intensity comes from its own windows."""
    fs = 100.0
    acc = _sine_acc(fs=fs, seconds=60.0, f0=5.5, amp=0.0, seed=7)
    t = np.arange(acc.shape[0]) / fs
    on = (t >= 10) & (t < 50)
    acc[on, 0] += 0.8 * np.sin(2 * np.pi * 5.5 * t[on])
    keep = (t < 30.0) | (t >= 30.5)
    rec = tremorlab.Recording(t=t[keep], acc=acc[keep], units="m/s^2", fs=fs)
    p = tmp_path / "gap.csv"
    tremorlab.write_recording(p, rec)
    rep = rp.analyze(p)
    assert rep.gaps == 1 and rep.session["gaps"] == 1
    res = rep.result
    before = res.end <= 30.0 + 1e-9
    assert np.all(before | (res.start >= 30.5 - 1e-9)), "a window spans the gap"
    assert res.start[~before][0] == pytest.approx(30.5, abs=1e-6)
    back = tremorlab.read_recording(p)  # the file's rounding of the samples
    ref = tremorlab.classify(back.acc[back.t < 30.0], fs=fs)
    assert before.sum() == len(ref)
    np.testing.assert_allclose(res.features[before], ref.features, rtol=1e-12, atol=1e-12)
    assert list(res.labels[before]) == list(ref.labels)
    assert len(rep.bouts) >= 2
    first_after = min(b["start_s"] for b in rep.bouts if b["start_s"] >= 30.0)
    assert max(b["end_s"] for b in rep.bouts if b["start_s"] < 30.0) <= 30.0 and first_after >= 30.5
    for b in rep.bouts:
        inside = (res.times >= b["start_s"]) & (res.times <= b["end_s"])
        assert b["windows"] == inside.sum() > 0
        assert b["intensity"] == pytest.approx(float(np.median(res.amplitude[inside])))


def test_report_gaps_and_session_use_one_threshold(tmp_path):
    """The report counts gaps with the one rule (tremorlab::find_gaps) on the timestamps, with the threshold the
    recording was read with, and its Session uses the same threshold: a Recording built by hand (no gaps list)
    still reports its hole, and read with max_gap_s=1.0 a 0.5 s hole is no gap for either (and windows run on
    across it, as the Session's windowing only restarts at gaps)."""
    fs = 100.0
    acc = _sine_acc(fs=fs, seconds=30.0, f0=6.0, amp=0.3, seed=2)
    t = np.arange(acc.shape[0]) / fs
    keep = (t < 15.0) | (t >= 15.5)
    by_hand = tremorlab.Recording(t=t[keep], acc=acc[keep], units="m/s^2", fs=fs)
    assert by_hand.gaps == []  # the dataclass does not compute them
    rep = rp.analyze(by_hand)
    assert rep.gaps == 1 and rep.session["gaps"] == 1
    p = tmp_path / "hole.csv"
    tremorlab.write_recording(p, by_hand)
    assert "max_gap_s" not in p.read_text()[:500]  # a reading parameter, not written into the file
    lenient = tremorlab.read_recording(p, max_gap_s=1.0)
    assert lenient.gaps == [] and lenient.meta["max_gap_s"] == 1.0
    rep = rp.analyze(lenient)
    assert rep.gaps == 0 and rep.session["gaps"] == 0
    res = rep.result
    assert np.any((res.start < 15.0) & (res.end > 15.5))  # no restart: windows span the hole


def test_analyze_refuses_a_file_whose_gravity_contradicts_its_units(tmp_path):
    """A recording in g written with units m/s^2 (and the reverse) used to be analysed with every amplitude off
    by 9.81; the report now stops with the file named and the units to declare (C++
    check_units_against_gravity, run by the Session's whole-recording pass)."""
    acc = _sine_acc(seconds=20.0)
    wrong = _write(tmp_path, "g_as_ms2.csv", acc / tremorlab.units.STANDARD_GRAVITY, 100.0, units="m/s^2")
    with pytest.raises(ValueError, match=r"g_as_ms2\.csv: acceleration declared in m/s\^2 looks like it is in g"):
        rp.analyze(wrong)
    with pytest.raises(ValueError, match=r"declared in g looks like it is in m/s\^2"):
        rp.analyze(_write(tmp_path, "ms2_as_g.csv", acc, 100.0, units="g"))
    right = rp.analyze(_write(tmp_path, "g.csv", acc / tremorlab.units.STANDARD_GRAVITY, 100.0, units="g"))
    same = rp.analyze(_write(tmp_path, "ms2.csv", acc, 100.0))
    assert right.class_shares == same.class_shares


PD_179 = ROOT / "tests" / "data" / "pads_true" / "PD_179_Relaxed_RightWrist.txt"


def test_a_tremor_slower_than_the_band_is_reported_at_its_own_frequency():
    """PADS PD 179 (Relaxed, right wrist): a parkinsonian rest tremor at ~3.6 Hz, below the 4-12 Hz band. The
    whole recording's PSD (scipy.signal.welch here, independently) peaks at 3.4-3.8 Hz, its highest local maximum
    inside the band is the 2nd harmonic near 7.2 Hz, and the windows' in-band peaks jump between that and the
    fundamental's flank at 4-4.5 Hz. The bout and the Detector's events give the tremor's own frequency, the
    same rule (C++ FeatureExtractor::shaking_frequency) for classify's windows and the Detector's; the report
    keeps the band's peak as its dominant frequency and names the slow rhythm beside it."""
    rec = tremorlab.read_recording(PD_179)
    a = rec.acc - rec.acc.mean(axis=0)
    f, p = ss.welch(a, fs=rec.fs, nperseg=512, axis=0)
    p = p.sum(axis=1)
    fundamental = f[np.argmax(p)]
    assert 3.3 <= fundamental <= 3.9
    rep = rp.analyze(PD_179)
    assert rep.dominant_frequency_hz == pytest.approx(2 * fundamental, abs=0.6)  # the band's peak: the harmonic
    assert rep.slow_rhythm_hz == pytest.approx(fundamental, abs=0.3)
    assert f"slow rhythm         {rep.slow_rhythm_hz:.1f} Hz" in rep.to_text()
    assert rep.to_dict()["slow_rhythm_hz"] == rep.slow_rhythm_hz
    assert [b["label"] for b in rep.bouts] == ["tremor"]
    assert rep.bout_frequency_hz == pytest.approx(fundamental, abs=0.4)
    # Window by window: the in-band peaks are both the flank and the harmonic; the shaking frequency is neither.
    res = tremorlab.classify(rec)
    shaking = np.isin(res.labels, ["tremor", "shaking", "mimicked"])
    dom = res.dominant_frequency[shaking]
    assert np.any(dom > 6.5) and np.any(dom < 5.0)
    assert np.median(np.abs(res.frequency[shaking] - fundamental)) < 0.3
    assert np.array_equal(res.to_pandas()["frequency"].to_numpy(), res.frequency)
    # The Detector's windows are classify's windows, frequency included.
    det = tremorlab.Detector(fs=rec.fs, units=rec.units)
    got = []
    for i in range(0, len(rec.t), 40):
        det.push(rec.acc[i:i + 40], rec.t[i:i + 40])
        w = det.latest()
        if w and (not got or got[-1]["index"] != w["index"]):
            got.append(w)
    assert len(got) > 40 and got[-1]["index"] < len(res)
    np.testing.assert_allclose([w["frequency_hz"] for w in got], res.frequency[[w["index"] for w in got]],
                               rtol=1e-9, atol=1e-9)


def test_shaking_frequency_binding_refuses_bad_shapes():
    from tremorlab import _core

    np.testing.assert_array_equal(_core.shaking_frequency([7.2, 6.0, 4.3], [3.6, 5.0, 2.5]), [3.6, 6.0, 4.3])
    with pytest.raises(ValueError, match="one length"):
        _core.shaking_frequency([7.2, 6.0], [3.6])
    with pytest.raises(ValueError, match="1-D"):
        _core.shaking_frequency([[7.2]], [[3.6]])
    with pytest.raises(TypeError, match="dominant_hz"):
        _core.shaking_frequency(["a"], ["b"])
