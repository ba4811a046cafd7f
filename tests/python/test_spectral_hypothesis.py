"""Property tests: tremorlab's welch/periodogram against scipy.signal over random shapes and options.
Differential: whenever scipy raises ValueError, tremorlab must too; otherwise results must agree."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import tremorlab as tl

ss = pytest.importorskip("scipy.signal")
hyp = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def signals(draw):
    ndim = draw(st.integers(1, 3))
    n = draw(st.integers(1, 300))
    other = [draw(st.integers(1, 3)) for _ in range(ndim - 1)]
    axis = draw(st.integers(-ndim, ndim - 1))
    shape = other[:]
    shape.insert(axis % ndim, n)
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int32, np.int16]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape) * 10 + rng.uniform(-5, 5) + np.linspace(0, rng.uniform(-3, 3), n).reshape(
        [n if i == axis % ndim else 1 for i in range(ndim)])
    x = x.astype(dtype)
    if draw(st.booleans()) and ndim > 1:
        x = np.asfortranarray(x)  # non-C-contiguous layout
    return x, axis, n


def _compare(ref, ours, x):
    """ref(a) runs scipy on array a, ours(a) runs tremorlab. float32 input: scipy keeps float32
    arithmetic, so the numerical reference is scipy on the exact float64 values, rounded to float32;
    the dtype and shape rules are checked against scipy on the original input."""
    x64 = x.astype(np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            f0, p0 = ref(x64)
        except ValueError:
            with pytest.raises(ValueError):
                ours(x)
            return
        f1, p1 = ours(x)
        want_dtype = ref(x)[1].dtype if x.dtype != np.float64 else p0.dtype
    assert p1.dtype == want_dtype and p1.shape == p0.shape
    np.testing.assert_allclose(f1, f0, rtol=1e-12, atol=0)
    p0 = p0.astype(want_dtype)
    rtol = 1e-9 if want_dtype == np.float64 else 1.2e-7
    scale = float(np.max(np.abs(p0))) if p0.size else 0.0
    # Per-bin relative tolerance; the tiny absolute floor only covers bins that are exactly zero in
    # exact arithmetic (DC after detrending, segments of 1-2 samples), i.e. rounding noise in both.
    floor = 1e-13 * scale + 1e-14 * float(np.mean(x64 ** 2))
    np.testing.assert_allclose(p1, p0, rtol=rtol, atol=floor)


@SETTINGS
@given(sig=signals(), data=st.data())
def test_welch_matches_scipy(sig, data):
    x, axis, n = sig
    nperseg = data.draw(st.one_of(st.none(), st.integers(1, 320)))
    nps_eff = min(256 if nperseg is None else nperseg, n)
    noverlap = data.draw(st.one_of(st.none(), st.integers(0, max(0, nps_eff))))
    nfft = data.draw(st.one_of(st.none(), st.integers(max(1, nps_eff - 2), nps_eff + 40)))
    if data.draw(st.booleans()):
        window = data.draw(st.sampled_from(["hann", "hamming", "blackman", "boxcar"]))
    else:
        m = data.draw(st.integers(1, max(1, n)))
        window = np.random.default_rng(m).uniform(0.1, 1.0, m)
        nperseg = data.draw(st.sampled_from([None, m]))
    kw = dict(fs=data.draw(st.sampled_from([1.0, 100.0, 7.5])), window=window, nperseg=nperseg,
              noverlap=noverlap, nfft=nfft, detrend=data.draw(st.sampled_from(["constant", "linear", False])),
              return_onesided=data.draw(st.booleans()), scaling=data.draw(st.sampled_from(["density", "spectrum"])),
              average=data.draw(st.sampled_from(["mean", "median"])), axis=axis)
    _compare(lambda a: ss.welch(a, **kw), lambda a: tl.welch(a, **kw), x)


@SETTINGS
@given(sig=signals(), data=st.data())
def test_periodogram_matches_scipy(sig, data):
    x, axis, n = sig
    kw = dict(fs=data.draw(st.sampled_from([1.0, 50.0])),
              window=data.draw(st.sampled_from(["hann", "hamming", "blackman", "boxcar"])),
              nfft=data.draw(st.one_of(st.none(), st.integers(1, 400))),
              detrend=data.draw(st.sampled_from(["constant", "linear", False])),
              return_onesided=data.draw(st.booleans()),
              scaling=data.draw(st.sampled_from(["density", "spectrum"])), axis=axis)
    _compare(lambda a: ss.periodogram(a, **kw), lambda a: tl.periodogram(a, **kw), x)


@settings(max_examples=80, deadline=None)
@given(n=st.integers(2, 200), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_band_power_is_additive_and_matches_trapezoid(n, seed, data):
    rng = np.random.default_rng(seed)
    f = np.cumsum(rng.uniform(0.1, 1.0, n))
    p = rng.uniform(0, 5, n)
    a, b = sorted(rng.uniform(f[0], f[-1], 2))
    mid = data.draw(st.floats(float(a), float(b)))
    whole = tl.band_power(f, p, (a, b))
    assert whole == pytest.approx(tl.band_power(f, p, (a, mid)) + tl.band_power(f, p, (mid, b)), rel=1e-10, abs=1e-12)
    # Bin-aligned band: exactly numpy's trapezoid over those bins.
    i, j = sorted(rng.integers(0, n, 2))
    assert tl.band_power(f, p, (f[i], f[j])) == pytest.approx(np.trapezoid(p[i:j + 1], f[i:j + 1]), rel=1e-12,
                                                              abs=1e-12)
