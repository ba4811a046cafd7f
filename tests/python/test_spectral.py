"""tremorlab.welch / periodogram / get_window / band_power / peak_frequency against scipy.signal and
closed forms, plus bad-input handling of every public spectral function."""
from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest

import tremorlab as tl

ss = pytest.importorskip("scipy.signal")

WINDOWS = ["hann", "hamming", "blackman", "boxcar"]


def _rng(seed=0):
    return np.random.default_rng(seed)


def assert_psd_close(got, want, rtol=1e-9):
    """rtol relative per bin; the absolute floor only covers bins that are zero in exact arithmetic
    (e.g. DC after detrending), which hold rounding noise in both implementations."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape
    assert got.dtype == want.dtype
    scale = float(np.max(np.abs(want))) if want.size else 0.0
    np.testing.assert_allclose(got, want, rtol=rtol, atol=1e-13 * scale + 1e-300)


def both_welch(x, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f0, p0 = ss.welch(x, **kw)
        f1, p1 = tl.welch(x, **kw)
    return (f0, p0), (f1, p1)


# ----------------------------------------------------------------------------------------- welch
@pytest.mark.parametrize("window,detrend,scaling,average,onesided",
                         list(itertools.product(WINDOWS, ["constant", "linear", False], ["density", "spectrum"],
                                                ["mean", "median"], [True, False])))
def test_welch_option_grid_matches_scipy(window, detrend, scaling, average, onesided):
    x = _rng(1).standard_normal((2, 700)) + np.linspace(0, 3, 700)
    for nperseg, nfft in [(64, None), (63, 63), (50, 75), (41, 128)]:
        (f0, p0), (f1, p1) = both_welch(x, fs=20.0, window=window, nperseg=nperseg, nfft=nfft, detrend=detrend,
                                        scaling=scaling, average=average, return_onesided=onesided)
        np.testing.assert_allclose(f1, f0, rtol=1e-13)
        assert_psd_close(p1, p0)


def test_welch_defaults_and_large_multichannel():
    x = _rng(2).standard_normal((3, 36000))
    (f0, p0), (f1, p1) = both_welch(x, fs=100)
    assert f1.dtype == np.float64 and p1.shape == (3, 129)
    np.testing.assert_allclose(f1, f0, rtol=1e-14)
    assert_psd_close(p1, p0)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_welch_any_axis_of_3d(axis):
    x = _rng(3).standard_normal((40, 33, 50))
    (f0, p0), (f1, p1) = both_welch(x, nperseg=16, axis=axis, average="median")
    assert p1.shape == p0.shape
    assert_psd_close(p1, p0)


def test_welch_noncontiguous_inputs():
    base = _rng(4).standard_normal((6, 2000))
    for x, axis in [(base[::2, ::3], -1), (base.T, 0), (np.asfortranarray(base), -1), (base[:, ::-1], 1)]:
        assert not x.flags.c_contiguous
        (f0, p0), (f1, p1) = both_welch(x, nperseg=100, noverlap=30, axis=axis)
        assert_psd_close(p1, p0)


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.int8, np.int16, np.int32, np.int64, np.uint8,
                                   np.bool_, np.float64])
def test_welch_dtype_rules_match_scipy(dtype):
    x = (_rng(5).standard_normal(500) * 20).astype(dtype)
    (f0, p0), (f1, p1) = both_welch(x, nperseg=64)
    assert p1.dtype == p0.dtype, (dtype, p1.dtype, p0.dtype)
    assert f1.dtype == f0.dtype
    if dtype == np.float16:
        # scipy keeps part of the arithmetic in float16 (1.6e-4 relative off its own float64 result);
        # tremorlab computes in float64 from the float16 values and only rounds the output.
        p0 = ss.welch(x.astype(np.float64), nperseg=64)[1].astype(np.float32)
    rtol = 1e-9 if p0.dtype == np.float64 else 2e-6
    np.testing.assert_allclose(p1, p0, rtol=rtol, atol=rtol * 1e-3 * float(np.max(p0)))


def test_welch_list_input_and_integer_values():
    x = [1, 5, 2, 8, 3, 9, 4, 0, 7, 7, 1, 2]
    f1, p1 = tl.welch(x, nperseg=5)
    f0, p0 = ss.welch(np.asarray(x), nperseg=5)  # scipy 1.17's welch fails on a plain list
    assert_psd_close(p1, p0)


def test_welch_nperseg_larger_than_input_warns_and_shrinks():
    x = _rng(6).standard_normal(100)
    with pytest.warns(UserWarning, match="nperseg"):
        f1, p1 = tl.welch(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f0, p0 = ss.welch(x)
    assert_psd_close(p1, p0)


def test_welch_window_array_and_two_sided_frequency_order():
    x = _rng(7).standard_normal((2, 300))
    win = ss.get_window(("tukey", 0.4), 45)
    (f0, p0), (f1, p1) = both_welch(x, window=win, nfft=50, return_onesided=False, fs=3.0)
    np.testing.assert_allclose(f1, np.fft.fftfreq(50, 1 / 3.0), rtol=1e-14)
    np.testing.assert_allclose(f1, f0, rtol=1e-14)
    assert_psd_close(p1, p0)
    (f0, p0), (f1, p1) = both_welch(x, window=list(win), nperseg=45)
    assert_psd_close(p1, p0)


def test_welch_single_sample_and_tiny_segments():
    for x, kw in [(np.array([3.0]), {}), (np.arange(5.0), {"nperseg": 1}), (np.arange(6.0) ** 2, {"nperseg": 2}),
                  (np.arange(7.0), {"nperseg": 3, "nfft": 4, "detrend": False})]:
        (f0, p0), (f1, p1) = both_welch(x, **kw)
        np.testing.assert_allclose(f1, f0)
        np.testing.assert_allclose(p1, p0, rtol=1e-9, atol=1e-20)


def test_welch_white_noise_level():
    sigma, fs = 0.8, 50.0
    x = _rng(8).normal(0, sigma, 200_000)
    f, p = tl.welch(x, fs=fs, nperseg=256)
    assert abs(np.mean(p[1:-1]) / (2 * sigma**2 / fs) - 1) < 0.02


# ----------------------------------------------------------------------------------- periodogram
@pytest.mark.parametrize("nfft", [None, 100, 333, 999, 1000])
@pytest.mark.parametrize("window", WINDOWS)
def test_periodogram_matches_scipy(nfft, window):
    x = _rng(9).standard_normal((2, 333)) + 1.0
    for kw in [{}, {"detrend": "linear", "scaling": "spectrum"}, {"detrend": False, "return_onesided": False}]:
        f0, p0 = ss.periodogram(x, fs=7.0, window=window, nfft=nfft, **kw)
        f1, p1 = tl.periodogram(x, fs=7.0, window=window, nfft=nfft, **kw)
        np.testing.assert_allclose(f1, f0, rtol=1e-13)
        assert_psd_close(p1, p0)


def test_periodogram_of_prime_length_is_fast_and_matches_scipy():
    # 100,003 is prime: KissFFT alone would be O(n^2) (minutes); Bluestein keeps it O(n log n).
    x = _rng(11).standard_normal(100_003)
    f0, p0 = ss.periodogram(x, fs=100.0, window="hann")
    f1, p1 = tl.periodogram(x, fs=100.0, window="hann")
    np.testing.assert_allclose(f1, f0, rtol=1e-13)
    assert_psd_close(p1, p0)


def test_periodogram_axis_window_array_and_parseval():
    x = _rng(10).standard_normal((64, 3))
    w = np.hanning(64)
    f0, p0 = ss.periodogram(x, window=w, axis=0)
    f1, p1 = tl.periodogram(x, window=w, axis=0)
    assert_psd_close(p1, p0)
    f, p = tl.periodogram(x[:, 0], window="boxcar", detrend=False, return_onesided=False, scaling="spectrum")
    assert np.sum(p) == pytest.approx(np.mean(x[:, 0] ** 2), rel=1e-12)
    with pytest.raises(ValueError):
        tl.periodogram(x, window=np.hanning(10), axis=0)


# ------------------------------------------------------------------------------------ get_window
@pytest.mark.parametrize("name", WINDOWS)
@pytest.mark.parametrize("n", [1, 2, 7, 64, 255])
def test_get_window_matches_scipy(name, n):
    np.testing.assert_allclose(tl.get_window(name, n), ss.get_window(name, n), rtol=0, atol=1e-15)


def test_get_window_bad_input():
    with pytest.raises(ValueError):
        tl.get_window("kaiser", 8)
    with pytest.raises(ValueError):
        tl.get_window("hann", 0)
    with pytest.raises(ValueError):
        tl.get_window("hann", -3)
    with pytest.raises(ValueError):
        tl.get_window(("tukey", 0.5), 8)
    with pytest.raises(TypeError):
        tl.get_window("hann", 2.5)


# --------------------------------------------------------------------------------- band measures
def _sine(A, f0, fs=100.0, n=30000, phase=0.7):
    return A * np.sin(2 * np.pi * f0 * np.arange(n) / fs + phase)


@pytest.mark.parametrize("A,f0", [(1.0, 5.0), (0.3, 6.37), (4.0, 10.91)])
def test_band_power_of_a_sine_is_A_squared_over_two(A, f0):
    f, p = tl.welch(_sine(A, f0), fs=100.0, nperseg=256, window="hann")
    assert tl.band_power(f, p, (3.0, 12.0)) == pytest.approx(A**2 / 2, rel=5e-3)
    # A band far from the sine holds (almost) nothing.
    assert tl.band_power(f, p, (30.0, 40.0)) < 1e-6 * A**2


def test_band_power_closed_form_and_multichannel_axis():
    f = np.linspace(0, 25, 51)
    p = 2.0 + 0.3 * f
    a, b = 3.77, 11.13
    want = 2.0 * (b - a) + 0.15 * (b * b - a * a)
    assert tl.band_power(f, p, (a, b)) == pytest.approx(want, rel=1e-12)
    stack = np.stack([p, 2 * p, 3 * p], axis=0)[:, :, None].repeat(2, axis=2)  # (3, 51, 2), freq axis 1
    bp = tl.band_power(f, stack, [a, b], axis=1)
    assert bp.shape == (3, 2)
    np.testing.assert_allclose(bp, want * np.array([[1, 1], [2, 2], [3, 3]]), rtol=1e-12)
    assert isinstance(tl.band_power(f, p, (a, b)), (float, np.floating))


def test_peak_frequency_of_sine_between_bins():
    fs, nperseg = 100.0, 256
    df = fs / nperseg
    x = np.stack([_sine(1.0, (20 + d) * df) for d in (0.0, 0.25, 0.5, 0.8)])
    f, p = tl.welch(x, fs=fs, nperseg=nperseg)
    freq, power = tl.peak_frequency(f, p, band=(4, 12))
    np.testing.assert_allclose(freq, [(20 + d) * df for d in (0.0, 0.25, 0.5, 0.8)], atol=0.02 * df)
    np.testing.assert_allclose(power, p.max(axis=1), rtol=0)
    fr, pw = tl.peak_frequency(f, p[2])
    assert fr == pytest.approx(20.5 * df, abs=0.02 * df)
    freq_t, _ = tl.peak_frequency(f, p.T, axis=0)
    np.testing.assert_array_equal(freq_t, freq)


# ------------------------------------------------------------------------------------- bad input
GOOD = np.linspace(0, 1, 600) + np.sin(np.arange(600))


@pytest.mark.parametrize("func", [tl.welch, tl.periodogram])
def test_psd_bad_arrays(func):
    for bad in [np.array([1.0, np.nan, 2.0] * 100), np.array([1.0, np.inf] * 150), np.array([-np.inf] * 300)]:
        with pytest.raises(ValueError, match="NaN or Inf"):
            func(bad)
    for empty in [np.array([]), np.zeros((3, 0)), np.zeros((0, 10)), []]:
        with pytest.raises(ValueError):
            func(empty)
    for bad_type in [GOOD.astype(complex), np.array([object()] * 10), np.array(["a", "b"]), ["x", 1.0]]:
        with pytest.raises(TypeError):
            func(bad_type)
    with pytest.raises(ValueError):
        func(np.float64(3.0))  # 0-d
    with pytest.raises(ValueError):
        func(GOOD, axis=1)
    with pytest.raises(TypeError):
        func(GOOD, axis=0.5)
    with pytest.raises(ValueError):
        func(GOOD, fs=0.0)
    with pytest.raises(ValueError):
        func(GOOD, fs=np.nan)
    with pytest.raises(ValueError):
        func(GOOD, window="kaiser")
    with pytest.raises(ValueError):
        func(GOOD, window=("tukey", 0.25))
    with pytest.raises(ValueError):
        func(GOOD, detrend="quadratic")
    with pytest.raises(ValueError):
        func(GOOD, detrend=lambda s: s)
    with pytest.raises(ValueError):
        func(GOOD, scaling="power")
    with pytest.raises(ValueError):
        func(GOOD, nfft=0)
    with pytest.raises(ValueError):
        func(GOOD, window=np.ones((10, 2)))
    with pytest.raises(TypeError):
        func(GOOD, window=np.ones(600, dtype=complex) if func is tl.periodogram else np.ones(10, dtype=complex))
    with pytest.raises(ValueError):
        func(GOOD, window=np.r_[np.ones(599), np.nan] if func is tl.periodogram else np.r_[np.ones(9), np.nan])


def test_welch_bad_options():
    for kw in [{"nperseg": 0}, {"nperseg": -4}, {"nperseg": 64, "noverlap": 64}, {"nperseg": 64, "noverlap": 100},
               {"noverlap": -1}, {"nperseg": 64, "nfft": 63}, {"average": "mode"}, {"window": np.ones(700)},
               {"window": np.ones(16), "nperseg": 15}, {"window": np.array([])}, {"window": np.zeros(16)},
               {"window": np.array([1.0, -1.0]), "scaling": "spectrum"}, {"window": None}, {"nfft": 10**20},
               {"noverlap": 10**20}]:
        with pytest.raises(ValueError):
            tl.welch(GOOD, **kw)
    for kw in [{"nperseg": 10.5}, {"nfft": "64"}, {"noverlap": True}, {"fs": 1j}]:
        with pytest.raises(TypeError):
            tl.welch(GOOD, **kw)
    # Numeric but integral floats are accepted like scipy's int().
    f, p = tl.welch(GOOD, nperseg=64.0)
    assert p.shape == (33,)


def test_band_measures_bad_input():
    f = np.linspace(0, 10, 11)
    p = np.ones(11)
    for func in (tl.band_power, tl.peak_frequency):
        with pytest.raises(ValueError):
            func(f, np.ones(10), (1, 2))
        with pytest.raises(ValueError):
            func(f[::-1], p, (1, 2))
        with pytest.raises(ValueError):
            func(f, np.r_[p[:-1], np.nan], (1, 2))
        with pytest.raises(ValueError):
            func(np.r_[f[:-1], np.inf], p, (1, 2))
        with pytest.raises(ValueError):
            func(f, p, (5, 1))
        with pytest.raises(ValueError):
            func(f, p, (1, 2, 3))
        with pytest.raises(ValueError):
            func(f, p, (np.nan, 2))
        with pytest.raises(ValueError):
            func([], [], (1, 2))
        with pytest.raises(ValueError):
            func(np.ones((2, 11)), p, (1, 2))
        with pytest.raises(ValueError):
            func(f, p, (1, 2), axis=3)
        with pytest.raises(TypeError):
            func(f, p.astype(complex), (1, 2))
        with pytest.raises(TypeError):
            func(f.astype(object), p, (1, 2))
        # non-contiguous PSD works
        pp = np.ones((11, 4))[:, ::2]
        func(f, pp, (1, 2), axis=0)
    with pytest.raises(ValueError):
        tl.band_power(f, p, (20, 30))
    with pytest.raises(ValueError):
        tl.peak_frequency(f, p, (1.2, 1.8))
    with pytest.raises(ValueError):
        tl.band_power(f, p, None)


def test_concurrent_calls_from_threads_give_serial_results():
    # The C++ computation runs without the GIL; each call has its own estimator, so threads are safe.
    from concurrent.futures import ThreadPoolExecutor

    xs = [_rng(20 + i).standard_normal((2, 20000)) for i in range(6)]
    serial = [tl.welch(x, fs=50.0, average="median")[1] for x in xs]
    with ThreadPoolExecutor(max_workers=3) as ex:
        threaded = list(ex.map(lambda x: tl.welch(x, fs=50.0, average="median")[1], xs))
    for a, b in zip(serial, threaded):
        np.testing.assert_array_equal(a, b)
