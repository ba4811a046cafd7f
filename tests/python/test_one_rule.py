"""Each rule written once: units, gravity, the axis argument rule, window/hop defaults, the gap rule."""
from __future__ import annotations

import numpy as np
import pytest

import tremorlab as tl
from tremorlab import units as U

FS = 100.0


def _shake(seconds=6.0):
    t = np.arange(int(seconds * FS)) / FS
    return np.c_[0.8 * np.sin(2 * np.pi * 6 * t), 0.2 * np.sin(2 * np.pi * 6 * t + 1), 9.81 + 0 * t]


@pytest.mark.parametrize("spelling", ["m/s^2", "m/s2", "ms2", "mps2", "m/s**2", "M/S²", "m s^-2"])
def test_classify_and_detector_accept_the_same_spellings(spelling):
    acc = _shake()
    ref = tl.classify(acc, fs=FS, units="m/s^2")
    got = tl.classify(acc, fs=FS, units=spelling)
    np.testing.assert_array_equal(got.proba, ref.proba)
    assert tl.Detector(fs=FS, units=spelling).units == "m/s^2"
    tl.Session(fs=FS, units=spelling)  # accepted too (same normalisation)


def test_g_spellings_and_unknown_units():
    acc = _shake()
    ref = tl.classify(acc, fs=FS)
    for s in ("g", "G"):
        got = tl.classify(acc / U.STANDARD_GRAVITY, fs=FS, units=s)
        np.testing.assert_allclose(got.features, ref.features, rtol=1e-9, atol=1e-12)
        assert tl.Detector(fs=FS, units=s).units == "g"
    for bad in ("kg", "m/s", ""):
        with pytest.raises(ValueError, match="units"):
            tl.classify(acc, fs=FS, units=bad)
        with pytest.raises(ValueError, match="units"):
            tl.Detector(fs=FS, units=bad)
    with pytest.raises(TypeError):
        tl.classify(acc, fs=FS, units=9.8)
    for bad in (None, 9.8):
        with pytest.raises(TypeError):
            tl.Detector(fs=FS, units=bad)
    # classify's units=None is "not given": an array's default, m/s^2 (a DataFrame/Recording brings its own).
    np.testing.assert_array_equal(tl.classify(acc, fs=FS, units=None).features, ref.features)


def test_standard_gravity_comes_from_the_core():
    assert U.STANDARD_GRAVITY == tl._core.standard_gravity == 9.80665
    assert tl.io.STANDARD_GRAVITY is U.STANDARD_GRAVITY
    np.testing.assert_array_equal(U.to_ms2([[1.0, 0.0, -0.5]], "g"), [[9.80665, 0.0, -0.5 * 9.80665]])


@pytest.mark.parametrize("axis", [True, False, np.bool_(True), 1.0, "0"])
def test_filtering_and_spectral_reject_the_same_axis_values(axis):
    # numpy's rule: an axis is an integer; a bool is not (np.sum(x, axis=True) raises TypeError).
    x = np.random.default_rng(0).standard_normal((2, 256))
    sos = np.array([[0.5, 0.0, 0.0, 1.0, -0.5, 0.0]])  # a one-pole low-pass
    for fn in (lambda: tl.sosfilt(sos, x, axis=axis), lambda: tl.sosfiltfilt(sos, x, axis=axis),
               lambda: tl.welch(x, fs=FS, axis=axis), lambda: tl.periodogram(x, fs=FS, axis=axis)):
        with pytest.raises(TypeError, match="axis"):
            fn()


def test_window_defaults_are_the_models():
    m = tl.Classifier.default()
    r = tl.classify(_shake(), fs=FS)
    assert (r.window_s, r.hop_s) == (m.window_s, m.hop_s) == (2.0, 0.25)
    ft = tl.features(_shake(), fs=FS)
    assert (ft.window_s, ft.hop_s) == (m.window_s, m.hop_s)
    np.testing.assert_array_equal(ft.values, r.features)
    np.testing.assert_array_equal(ft.times, r.times)
    np.testing.assert_array_equal(ft.start, r.start)


def test_band_and_window_defaults_come_from_the_core():
    from tremorlab import _core, report, train
    from tremorlab.plot import spectrogram

    m = tl.Classifier.default()
    assert tuple(_core.default_band) == m.band == report.TREMOR_BAND == train.BAND == (4.0, 12.0)
    assert (_core.default_window_s, _core.default_hop_s) == (m.window_s, m.hop_s) == (train.WINDOW_S, train.HOP_S)
    # features() with no band uses the core's band: the same values as asking for it explicitly.
    acc = _shake()
    np.testing.assert_array_equal(tl.features(acc, fs=FS).values, tl.features(acc, fs=FS, band=(4.0, 12.0)).values)
    assert not np.array_equal(tl.features(acc, fs=FS).values, tl.features(acc, fs=FS, band=(3.0, 12.0)).values)
    # the display helpers' segment/hop defaults are the analysis window and hop
    t, _, _ = spectrogram(acc, FS)
    assert t[1] - t[0] == pytest.approx(_core.default_hop_s)
    tc, _ = report.rolling_band_rms(np.ones((int(10 * FS), 3)), FS)
    assert tc[0] == pytest.approx(_core.default_window_s / 2) and tc[1] - tc[0] == pytest.approx(_core.default_hop_s)


def test_classification_amplitude_is_the_linear_band_rms():
    # The band RMS comes from C++ in m/s^2 (not a log inverted): it equals sqrt of 10**log_band_power - 1e-6
    # to rounding, and the streaming detector reports the same value per window.
    r = tl.classify(_shake(), fs=FS)
    p = 10.0 ** r.features[:, r.feature_names.index("log_band_power")] - 1e-6
    np.testing.assert_allclose(r.amplitude, np.sqrt(p), rtol=1e-9)
    assert np.all(r.amplitude > 0.3)


def test_gap_rule_is_the_detectors():
    t = np.r_[np.arange(100) * 0.01, 1.15 + np.arange(100) * 0.01, 2.45 + np.arange(100) * 0.01]
    acc = np.c_[0 * t, 0 * t, 9.81 + 0 * t]
    import pandas as pd

    rec = tl.from_dataframe(pd.DataFrame({"t": t, "ax": acc[:, 0], "ay": acc[:, 1], "az": acc[:, 2]}))
    assert len(rec.gaps) == 1 and rec.gaps[0] == pytest.approx((2.14, 2.45))
    s = tl.Session(fs=FS)
    s.push(acc, t)
    s.flush()
    assert s.summary()["gaps"] == len(rec.gaps)


def test_detector_and_session_keyword_defaults_come_from_the_core():
    """Detector/Session keyword defaults are the C++ DetectorConfig/SessionConfig values, nothing repeated."""
    import inspect

    from tremorlab import _core

    det, ses = _core.detector_defaults(), _core.session_defaults()
    # the documented C++ defaults (bout_tracker.hpp, timestamps.hpp, session_types.hpp)
    assert det == {"enter_threshold": 0.5, "exit_threshold": 0.35, "min_on_s": 0.0, "min_off_s": 1.0,
                   "mimicked_enter_threshold": 0.9, "jitter_tolerance": 0.5, "max_gap_s": _core.default_max_gap_s}
    assert ses["continuous_notice_s"] == 120 and ses["continuous_limit_s"] == 300 and ses["first_session_max_s"] == 180
    for cls, table in ((tl.Detector, det), (tl.Session, {**det, **ses})):
        params = inspect.signature(cls.__init__).parameters
        for name, value in table.items():
            assert params[name].default == value, (cls.__name__, name)


def test_standard_gravity_is_written_once_in_the_code():
    # The value lives in include/tremorlab/units.hpp; every other piece of code (C++, bindings, Python,
    # benchmarks, examples) reads it from there (tests state it independently, docs may quote it).
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if not (root / "include" / "tremorlab" / "units.hpp").exists():
        pytest.fail(f"not a checkout: {root}")
    found = []
    for sub in ("include", "src", "bindings", "python", "benchmarks", "examples"):
        for p in (root / sub).rglob("*"):
            if p.suffix in {".hpp", ".h", ".cpp", ".py", ".pyi", ".mjs", ".js"} and "9.80665" in p.read_text(errors="replace"):
                found.append(str(p.relative_to(root)))
    assert found == ["include/tremorlab/units.hpp"]


def test_shape_errors_print_shapes_as_numpy_does():
    # one formatter (bindings/python/common.hpp shape_text) for every shape message of the bindings
    with pytest.raises(ValueError, match=r"got shape \(1000, 4\)$"):
        tl.classify(np.zeros((1000, 4)), fs=FS)
    with pytest.raises(ValueError, match=r"got \(30,\)$"):
        tl.Detector(fs=FS).push(np.zeros(30))
    with pytest.raises(ValueError, match=r"got \(10, 2\)$"):
        tl.Detector(fs=FS).push(np.zeros((10, 2)))
    with pytest.raises(ValueError, match=r"got \(2, 3, 4\)$"):
        tl.Detector(fs=FS).push(np.zeros((2, 3, 4)))
