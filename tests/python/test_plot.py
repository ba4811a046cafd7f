"""tremorlab.plot: every figure renders to PNG with labelled axes (units) and non-empty content."""
from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import scipy.signal as ss

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import tremorlab  # noqa: E402
from tremorlab import plot as tp  # noqa: E402
from tremorlab import report as rp  # noqa: E402

FS = 100.0


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _acc(seconds=20.0, f0=6.0, amp=0.5):
    n = int(seconds * FS)
    t = np.arange(n) / FS
    acc = 0.01 * np.random.default_rng(2).standard_normal((n, 3))
    acc[:, 2] += 9.80665
    acc[:, 0] += amp * np.sin(2 * np.pi * f0 * t)
    return t, acc


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)
    return buf.getvalue()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _has_artists(ax) -> bool:
    return bool(ax.lines or ax.collections or ax.images or ax.patches)


def _fake_result(n=40, hop=0.25, window=2.0):
    classes = ["rest", "voluntary", "tremor", "mimicked"]
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(4), size=n)
    return SimpleNamespace(times=np.arange(n) * hop, proba=p, classes=classes,
                           labels=np.asarray(classes)[p.argmax(1)], window_s=window, hop_s=hop)


def test_spectrogram_matches_scipy():
    t, acc = _acc(seconds=8.0)
    a = acc - acc.mean(axis=0)
    tt, f, S = tp.spectrogram(a, FS, segment_s=2.0, hop_s=0.5)
    fr, tr, Sr = ss.spectrogram(a.T, fs=FS, window="hann", nperseg=200, noverlap=150, detrend="constant")
    np.testing.assert_allclose(f, fr)
    np.testing.assert_allclose(tt, tr)
    np.testing.assert_allclose(S, Sr.sum(axis=0), rtol=1e-9, atol=1e-15)


def test_plot_signal_two_panels_with_units():
    t, acc = _acc()
    fig = tp.plot_signal(t, acc, FS)
    axes = fig.axes
    assert len(axes) == 2 and all(_has_artists(a) for a in axes)
    assert "m/s$^2$" in axes[0].get_ylabel() and "4-12 Hz" in axes[1].get_ylabel()
    assert axes[1].get_xlabel() == "time (s)"
    # the band-passed magnitude line: peaks near the sine amplitude
    mag = axes[1].lines[-1].get_ydata()
    assert np.percentile(mag, 90) == pytest.approx(0.5, rel=0.1)
    w, h = _png_size(_png(fig))
    assert w > 300 and h > 150


def test_plot_signal_on_given_axes_and_g_units():
    t, acc = _acc()
    fig, ax = plt.subplots()
    out = tp.plot_signal(t, acc / 9.80665, FS, units="g", ax=ax)
    assert out is fig and len(ax.lines) >= 4
    # converted to m/s^2 for display
    assert np.max(np.abs(ax.lines[0].get_ydata())) == pytest.approx(0.5, rel=0.1)


def test_plot_spectrogram_marks_band():
    t, acc = _acc()
    fig, ax = plt.subplots()
    tp.plot_spectrogram(acc, FS, ax=ax)
    assert ax.get_ylabel() == "frequency (Hz)" and ax.get_xlabel() == "time (s)"
    assert ax.collections, "no mesh"
    hlines = sorted(l.get_ydata()[0] for l in ax.lines)
    assert hlines == [4.0, 12.0]
    assert any("tremor band" in tx.get_text() for tx in ax.texts)
    _png(fig)


def test_plot_timeline_and_psd():
    res = _fake_result()
    fig = tp.plot_timeline(res)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "class probability" and ax.get_xlabel() == "time (s)"
    assert len(ax.collections) >= 4
    assert [t.get_text() for t in ax.get_legend().get_texts()] == res.classes
    _png(fig)

    t, acc = _acc()
    f, pxx = rp.tremor_band_psd(acc - acc.mean(0), FS)
    fig = tp.plot_psd(f, pxx)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "frequency (Hz)" and "Hz" in ax.get_ylabel() and "m/s" in ax.get_ylabel()
    vlines = [l for l in ax.lines if l.get_linestyle() == "--"]
    assert vlines and vlines[0].get_xdata()[0] == pytest.approx(6.0, abs=0.15)
    _png(fig)


def test_plot_session_and_report(tmp_path):
    t, acc = _acc(seconds=30.0)
    p = tmp_path / "r.csv"
    tremorlab.write_recording(p, tremorlab.Recording(t=t, acc=acc, units="m/s^2", fs=FS))
    rep = rp.analyze(p)
    fig = tp.plot_session(rep)
    assert fig.axes[0].get_xlabel() == "time (s)"
    _png(fig)
    fig = tp.plot_report(rep)
    labels = " ".join(a.get_ylabel() + a.get_xlabel() for a in fig.axes)
    for unit in ("(m/s$^2$)", "(Hz)", "(s)"):
        assert unit in labels
    assert sum(_has_artists(a) for a in fig.axes) >= 5
    data = _png(fig)
    w, h = _png_size(data)
    assert w >= 600 and h >= 450 and len(data) > 30_000


def test_missing_matplotlib_gives_clear_import_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_mpl(name, *a, **k):
        if name.startswith("matplotlib"):
            raise ImportError("No module named 'matplotlib'")
        return real_import(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_mpl)
    with pytest.raises(ImportError, match=r"tremorlab\[plot\]"):
        tp.plot_psd([0, 1, 2], [1, 1, 1])
