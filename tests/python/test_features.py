"""tremorlab.features: closed forms, invariances, input validation (the C++ core via the Python layer)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

import tremorlab as tl

FS = 100.0


def sine(f, a, fs=FS, dur=10.0, axis=0, g_axis=2):
    t = np.arange(int(dur * fs)) / fs
    acc = np.zeros((t.size, 3))
    acc[:, axis] = a * np.sin(2 * np.pi * f * t + 0.2)
    acc[:, g_axis] += 9.80665
    return acc


def col(ft, name):
    return ft.column(name)


@pytest.mark.parametrize("f,a,fs", [(5.0, 1.0, 100.0), (8.3, 0.3, 50.0), (10.5, 2.0, 200.0), (6.0, 0.5, 1000.0)])
def test_pure_sinusoid_closed_form(f, a, fs):
    ft = tl.features(sine(f, a, fs, dur=5.0), fs=fs)
    rms = a / np.sqrt(2)
    np.testing.assert_allclose(col(ft, "dominant_frequency"), f, atol=0.05)
    np.testing.assert_allclose(np.sqrt(10 ** col(ft, "log_band_power") - 1e-6), rms, rtol=0.02)
    np.testing.assert_allclose(10 ** col(ft, "log_displacement") - 1e-9, rms / (2 * np.pi * f) ** 2, rtol=0.03)
    assert np.all(col(ft, "peak_concentration") > 0.95)
    assert np.all(col(ft, "spectral_entropy") < 0.45)
    assert np.all(col(ft, "cycle_freq_cv") < 0.01)
    assert np.all(col(ft, "tremor_stability_index") < 0.05)
    assert np.all(col(ft, "autocorr_regularity") > 0.98)
    res = tl.classify(sine(f, a, fs, dur=5.0), fs=fs)
    np.testing.assert_allclose(res.amplitude, rms, rtol=0.02)
    np.testing.assert_allclose(res.dominant_frequency, f, atol=0.05)


def test_white_noise_is_irregular():
    rng = np.random.default_rng(0)
    acc = rng.normal(size=(3000, 3)) + [0, 0, 9.8]
    ft = tl.features(acc, fs=FS)
    assert col(ft, "spectral_entropy").mean() > 0.9
    assert col(ft, "autocorr_regularity").mean() < 0.5
    assert col(ft, "cycle_freq_cv").mean() > 0.15


def test_chirp_has_high_frequency_variability():
    t = np.arange(250) / FS
    ph = 2 * np.pi * (4.5 * t + 0.5 * 6.0 / 2.5 * t ** 2)  # 4.5 -> 10.5 Hz over the window
    acc = np.c_[np.sin(ph), 0 * t, 9.8 + 0 * t]
    ft = tl.features(acc, fs=FS, window_s=2.5)
    assert len(ft) == 1
    assert col(ft, "cycle_freq_cv")[0] > 0.12
    assert col(ft, "freq_drift")[0] > 2.0


def test_constant_gravity_and_step_have_no_tremor_power():
    acc = np.tile([0.3, -9.7, 1.0], (500, 1))
    ft = tl.features(acc, fs=FS)
    np.testing.assert_allclose(col(ft, "log_band_power"), -6.0, atol=1e-9)
    t = np.arange(500) / FS
    s = np.clip((t - 2.5) / 0.3, 0, 1)
    s = s * s * (3 - 2 * s)
    step = np.c_[9.80665 * np.sin(s * np.pi / 2), 0 * t, 9.80665 * np.cos(s * np.pi / 2)]
    ft = tl.features(step, fs=FS)
    # Windows that contain the whole (smooth) posture change; one cut by a window edge is abrupt there.
    inside = (ft.start <= 2.2) & (ft.end >= 3.1)
    assert inside.sum() >= 3
    assert np.all(col(ft, "rel_band_power")[inside] < 0.05)
    assert np.all(col(ft, "rel_band_power") < 0.2)


def test_invariant_to_sensor_orientation():
    rec = tl.synth.generate("tremor", 8.0, FS, seed=4, noise_rms=0.01)
    ref = tl.features(rec.acc, fs=FS).values
    rng = np.random.default_rng(1)
    for _ in range(5):
        R = Rotation.random(random_state=rng).as_matrix()  # scipy: independent of synth's own rotation helper
        got = tl.features(rec.acc @ R.T, fs=FS).values
        np.testing.assert_allclose(got, ref, rtol=1e-6, atol=1e-6)


def test_similar_across_sampling_rates():
    # Same continuous movement (synth is continuous-time) at 50/100/200 Hz, noise-free.
    out = {}
    for fs in (50.0, 100.0, 200.0):
        rec = tl.synth.generate("tremor", 6.0, fs, seed=9, noise_rms=0.0, f0=6.5, amplitude=1.0)
        out[fs] = tl.features(rec.acc, fs=fs, hop_s=0.5)
    n = min(len(v) for v in out.values())
    for name, tol in [("dominant_frequency", 0.1), ("log_band_power", 0.05), ("rel_band_power", 0.02),
                      ("peak_concentration", 0.03), ("cycle_freq_cv", 0.02), ("autocorr_regularity", 0.03),
                      ("principal_fraction", 0.01), ("envelope_cv", 0.03)]:
        for fs in (50.0, 200.0):
            np.testing.assert_allclose(out[fs].column(name)[:n], out[100.0].column(name)[:n], atol=tol, err_msg=name)


def test_units_g():
    acc = sine(6.0, 0.1, dur=4.0)
    a = tl.features(acc / 9.80665, fs=FS, units="g").values
    b = tl.features(acc, fs=FS, units="m/s^2").values
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9)


def test_windowing_and_table():
    acc = sine(6.0, 1.0, dur=10.0)  # 1000 frames
    ft = tl.features(acc, fs=FS, window_s=2.0, hop_s=0.5)
    assert len(ft) == (1000 - 200) // 50 + 1
    np.testing.assert_allclose(ft.start[:3], [0.0, 0.5, 1.0])
    np.testing.assert_allclose(ft.times, ft.start + 1.0)
    np.testing.assert_allclose(ft.end, ft.start + 2.0)
    assert ft.names == tl.feature_names() and ft.values.shape == (len(ft), len(ft.names))
    df = ft.to_pandas()
    assert list(df.columns[2:]) == ft.names and df.index.name == "time"


def test_bad_input():
    acc = sine(6.0, 1.0, dur=5.0)
    with pytest.raises(ValueError, match="shorter than one window"):
        tl.features(acc[:100], fs=FS)
    bad = acc.copy()
    bad[17, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        tl.features(bad, fs=FS)
    with pytest.raises(ValueError, match=r"shape \(n, 3\)"):
        tl.features(acc[:, :2], fs=FS)
    with pytest.raises(ValueError, match=r"shape \(n, 3\)"):
        tl.features(acc.ravel(), fs=FS)
    with pytest.raises(TypeError):
        tl.features(acc.astype(complex), fs=FS)
    with pytest.raises(TypeError):
        tl.features(np.array([["a", "b", "c"]] * 600), fs=FS)
    with pytest.raises(ValueError, match="fs"):
        tl.features(acc, fs=5.0)
    with pytest.raises(ValueError):
        tl.features(acc, fs=FS, units="furlongs")
    with pytest.raises(ValueError):
        tl.features(acc, fs=FS, window_s=-1)
    # Integer input is converted like scipy does (whole m/s^2 here); integers that are raw sensor counts
    # (gravity ~980) are refused by the units check.
    assert len(tl.features(np.round(acc).astype(np.int32), fs=FS)) > 0
    with pytest.raises(ValueError, match="raw sensor counts"):
        tl.features((acc * 100).astype(np.int32), fs=FS)


def test_pair_coherence_binding():
    fx = tl._core.FeatureExtractor(fs=FS)
    n = fx.window_samples
    a = sine(7.0, 1.0, dur=n / FS)
    b = sine(7.0, 0.5, dur=n / FS, axis=1)
    o = fx.compute_pair(a, b)
    assert o[tl.feature_names().index("inter_sensor_coherence")] > 0.95
    np.testing.assert_array_equal(fx.compute(a)[:-1], o[:-1])
