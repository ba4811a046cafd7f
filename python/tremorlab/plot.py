"""Figures for researchers: signal, spectrogram, class timeline, PSD and a session summary.

matplotlib is an optional extra (``pip install tremorlab[plot]``) imported only when a function here is
called. Every function returns the matplotlib Figure; those drawing a single panel accept ``ax=``.
All filtering and spectra come from tremorlab itself (butter/sosfiltfilt, welch/periodogram).
"""
from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from . import _core
from .units import to_ms2
from .report import TREMOR_BAND, DISCLAIMER, band_passed, peak_of, rolling_band_rms, tremor_band_psd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    from .report import Report

__all__ = [
    "plot_signal", "plot_spectrogram", "plot_timeline", "plot_psd", "plot_session", "plot_report",
    "spectrogram", "CLASS_COLORS", "reliability_figure",
]

CLASS_COLORS = {
    "rest": "#9e9e9e",
    "voluntary": "#1f77b4",
    "tremor": "#d62728",
    "mimicked": "#9467bd",
    "shaking": "#ff7f0e",  # kind uncertain: between tremor red and mimicked purple, on its own hue
}
_FALLBACK_COLORS = ["#2ca02c", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]


def _plt() -> ModuleType:
    try:
        import matplotlib

        if matplotlib.get_backend().lower() not in ("agg",) and not _has_display():
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - exercised only without matplotlib
        raise ImportError(
            "tremorlab.plot needs matplotlib: pip install 'tremorlab[plot]' (or pip install matplotlib)"
        ) from e
    return plt


def _has_display() -> bool:
    import os
    import sys

    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or "ipykernel" in sys.modules


def _fig_ax(ax: Axes | None, figsize: tuple[float, float] = (8, 3)) -> tuple[Figure | SubFigure, Axes]:
    plt = _plt()
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        return fig, ax
    return ax.figure, ax


def _class_color(name: str, i: int) -> str:
    return CLASS_COLORS.get(str(name), _FALLBACK_COLORS[i % len(_FALLBACK_COLORS)])


def _as_acc_ms2(acc: ArrayLike, units: str) -> np.ndarray:
    a = to_ms2(acc, units)
    return a[:, None] if a.ndim == 1 else a


# ---------------------------------------------------------------------------------------------------------
# Spectrogram computed with tremorlab.periodogram on overlapping Hann segments


def spectrogram(acc: ArrayLike, fs: float, *, segment_s: float = _core.default_window_s,
                hop_s: float = _core.default_hop_s) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Short-time PSD of the acceleration summed over axes.

    Returns (t, f, S): segment-centre times from the first sample (s), frequencies (Hz) and S with shape
    (len(f), len(t)) in (input units)^2/Hz. Each segment is tremorlab.periodogram with a Hann window and
    constant detrend, i.e. scipy.signal.spectrogram's defaults for one segment.
    """
    import tremorlab

    a = np.asarray(acc, dtype=float)
    if a.ndim == 1:
        a = a[:, None]
    n = a.shape[0]
    nseg = int(min(n, max(8, round(segment_s * fs))))
    hop = max(1, int(round(hop_s * fs)))
    starts = np.arange(0, n - nseg + 1, hop)
    f = None
    S = None
    for j, s0 in enumerate(starts):
        seg = a[s0:s0 + nseg]
        tot = None
        for k in range(seg.shape[1]):
            fk, pk = tremorlab.periodogram(seg[:, k], fs=fs, window="hann")
            pk = np.asarray(pk, dtype=float)
            tot = pk if tot is None else tot + pk
        if S is None:
            f = np.asarray(fk, dtype=float)
            S = np.empty((f.size, starts.size))
        S[:, j] = tot
    # nseg <= n, so `starts` always holds at least one segment and the loop has set f and S
    assert f is not None and S is not None
    t = (starts + nseg / 2.0) / fs
    return t, f, S


# ---------------------------------------------------------------------------------------------------------
# Panels


def plot_signal(t: ArrayLike, acc: ArrayLike, fs: float, *, units: str = "m/s^2",
                band: tuple[float, float] = TREMOR_BAND, ax: Axes | list[Axes] | tuple[Axes, ...] | np.ndarray | None = None,
                title: str | None = None) -> Figure | SubFigure:
    """Raw acceleration (gravity removed per axis) and the tremor-band signal.

    ``ax``: None (new figure with two panels), a sequence of two Axes, or one Axes (both drawn there).
    Values are shown in m/s^2 whatever the input units (``units`` tells them).
    """
    plt = _plt()
    t = np.asarray(t, dtype=float)
    a = _as_acc_ms2(acc, units)
    t = t - t[0] if t.size else t
    if ax is None:
        fig, axes = plt.subplots(2, 1, figsize=(9, 4.2), sharex=True, layout="constrained")
    elif isinstance(ax, (list, tuple, np.ndarray)):
        axes = list(ax)
        fig = axes[0].figure
    else:
        axes = [ax, ax]
        fig = ax.figure
    raw = a - a.mean(axis=0)
    for k, name in enumerate("xyz"[: raw.shape[1]]):
        axes[0].plot(t, raw[:, k], lw=0.6, alpha=0.8, label=name)
    axes[0].set_ylabel("acceleration - mean (m/s$^2$)")
    axes[0].legend(loc="upper right", ncol=3, fontsize="small", frameon=False)
    bp = band_passed(a, fs, (band[0], min(band[1], 0.45 * fs)))
    mag = np.sqrt(np.sum(bp ** 2, axis=1))
    axes[1].plot(t, bp, lw=0.5, alpha=0.45)
    axes[1].plot(t, mag, lw=0.9, color="k", label="|band-passed|")
    axes[1].set_ylabel(f"{band[0]:g}-{band[1]:g} Hz (m/s$^2$)")
    axes[1].legend(loc="upper right", fontsize="small", frameon=False)
    axes[-1].set_xlabel("time (s)")
    for x in axes:
        x.margins(x=0)
        x.grid(True, lw=0.3, alpha=0.5)
    if title:
        axes[0].set_title(title)
    return fig


def plot_spectrogram(acc: ArrayLike, fs: float, *, units: str = "m/s^2", band: tuple[float, float] = TREMOR_BAND,
                     fmax: float = 20.0, segment_s: float = _core.default_window_s, hop_s: float = _core.default_hop_s, ax: Axes | None = None,
                     colorbar: bool = True) -> Figure | SubFigure:
    """Spectrogram (dB of (m/s^2)^2/Hz, summed over axes) with the tremor band marked."""
    a = _as_acc_ms2(acc, units)
    a = a - a.mean(axis=0)
    fig, ax = _fig_ax(ax)
    t, f, S = spectrogram(a, fs, segment_s=segment_s, hop_s=hop_s)
    keep = f <= min(fmax, fs / 2)
    Sd = 10 * np.log10(np.maximum(S[keep], 1e-12))
    vmax = float(np.percentile(Sd, 99.5))
    mesh = ax.pcolormesh(t, f[keep], Sd, shading="nearest", cmap="magma", vmin=vmax - 50, vmax=vmax,
                         rasterized=True)
    for edge in band:
        ax.axhline(edge, color="cyan", lw=1.0, ls="--")
    ax.text(0.005, (band[1] + 0.3) / f[keep][-1], f"tremor band {band[0]:g}-{band[1]:g} Hz",
            transform=ax.transAxes, color="cyan", fontsize="small", va="bottom")
    ax.set_ylabel("frequency (Hz)")
    ax.set_xlabel("time (s)")
    if colorbar:
        fig.colorbar(mesh, ax=ax, label="PSD (dB re 1 (m/s$^2$)$^2$/Hz)", pad=0.01)
    return fig


def plot_timeline(result: Any, *, ax: Axes | None = None, window_s: float | None = None, t0: float = 0.0,
                  legend: str | None = "right") -> Figure | SubFigure:
    """Per-window class probabilities (stacked) with the predicted class as a strip on top.

    ``result`` is what tremorlab.classify returns (times = window centres, labels, proba, classes); ``legend`` is "right",
    "top" or None.
    """
    plt = _plt()
    fig, ax = _fig_ax(ax)
    times = np.asarray(result.times, dtype=float) - t0
    proba = np.asarray(result.proba, dtype=float)
    classes = [str(c) for c in result.classes]
    labels = np.asarray(result.labels).astype(str)
    if window_s is None:
        window_s = float(getattr(result, "window_s", 0) or 0) or (
            float(np.median(np.diff(times))) if times.size > 1 else 1.0)
    centre = times  # classify() reports window centres
    colors = [_class_color(c, i) for i, c in enumerate(classes)]
    if times.size:
        ax.stackplot(centre, proba.T, colors=colors, alpha=0.75, labels=classes, step="mid")
        hop = float(np.median(np.diff(centre))) if centre.size > 1 else window_s
        # The label strip shows the decision, which has one label more than the model ("shaking").
        for i, c in enumerate(dict.fromkeys(classes + sorted(set(labels.tolist()) - set(classes)))):
            m = labels == c
            if np.any(m):
                ax.broken_barh([(x - hop / 2, hop) for x in centre[m]], (1.02, 0.08), color=_class_color(c, i),
                               label=None if c in classes else c)
    ax.set_ylim(0, 1.12)
    ax.set_yticks([0, 0.5, 1.0])
    ax.set_ylabel("class probability")
    ax.set_xlabel("time (s)")
    ax.margins(x=0)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colors[i]) for i in range(len(classes))]
    if legend == "right":
        ax.legend(handles, classes, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small", frameon=False)
    elif legend == "top":
        ax.legend(handles, classes, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(classes),
                  fontsize="small", frameon=False, borderaxespad=0.1)
    return fig


def plot_psd(f: ArrayLike, pxx: ArrayLike, *, dominant: float | None = None,
             band: tuple[float, float] = TREMOR_BAND, fmax: float = 20.0, ax: Axes | None = None,
             units: str = "(m/s$^2$)$^2$/Hz") -> Figure | SubFigure:
    """PSD on a log scale with the tremor band shaded and the dominant frequency marked."""
    fig, ax = _fig_ax(ax, figsize=(5, 3))
    f = np.asarray(f, dtype=float)
    pxx = np.asarray(pxx, dtype=float)
    keep = (f > 0) & (f <= fmax)
    ax.semilogy(f[keep], np.maximum(pxx[keep], 1e-14), color="k", lw=1.0)
    ax.axvspan(band[0], band[1], color="tab:orange", alpha=0.15, label=f"tremor band {band[0]:g}-{band[1]:g} Hz")
    if dominant is None and np.any((f >= band[0]) & (f <= band[1])):
        dominant, _ = peak_of(f, pxx, band[0], min(band[1], f[-1]))
    if dominant is not None and np.isfinite(dominant):
        ax.axvline(dominant, color="tab:red", lw=1.2, ls="--", label=f"dominant {dominant:.1f} Hz")
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel(f"PSD {units}")
    ax.set_xlim(0, fmax)
    ax.grid(True, which="both", lw=0.3, alpha=0.5)
    ax.legend(fontsize="small", frameon=False, loc="upper right")
    return fig


def plot_session(report: Report | Mapping[str, Any], *, ax: Axes | list[Axes] | tuple[Axes, ...] | np.ndarray | None = None) -> Figure | SubFigure:
    """Session summary: tremor bouts on the time axis, class shares and the key numbers.

    ``report`` is a tremorlab.report.Report or its ``to_dict()``.
    """
    plt = _plt()
    d = report.to_dict() if hasattr(report, "to_dict") else dict(report)
    if ax is None:
        fig, axes = plt.subplots(1, 2, figsize=(9, 2.8), width_ratios=[3, 1.4], layout="constrained")
    elif isinstance(ax, (list, tuple, np.ndarray)):
        axes = list(ax)
        fig = axes[0].figure
    else:
        axes = [ax]
        fig = ax.figure
    ax0 = axes[0]
    dur = float(d["duration_s"])
    ax0.broken_barh([(0, dur)], (0.2, 0.6), color="#eeeeee")
    bouts = d.get("bouts") or []
    if bouts:
        ax0.broken_barh([(b["start_s"], b["duration_s"]) for b in bouts], (0.2, 0.6),
                        color=[CLASS_COLORS.get(b.get("label", "tremor"), "0.5") for b in bouts])
        for b in bouts:
            if b.get("frequency_hz") is not None and b["duration_s"] > 0.06 * dur:
                ax0.text(b["start_s"] + b["duration_s"] / 2, 0.87, f"{b.get('label', 'tremor')} {b['frequency_hz']:.1f} Hz", ha="center",
                         va="bottom", fontsize="small")
    ax0.set_xlim(0, dur)
    ax0.set_ylim(0, 1.2)
    ax0.set_yticks([])
    ax0.set_ylabel("bouts")
    ax0.set_xlabel("time (s)")
    tt = d.get("tremor_time_s")
    dom = d.get("dominant_frequency_hz")
    lines = [f"duration {dur:.1f} s"]
    if tt is not None:
        n_tr = sum(1 for b in bouts if b.get("label", "tremor") == "tremor")
        n_sh = sum(1 for b in bouts if b.get("label") == "shaking")
        lines.append(f"tremor time {tt:.1f} s in {n_tr} bout(s)" + (f", {n_sh} of unclear kind" if n_sh else ""))
    lines.append(f"dominant {dom:.1f} Hz" if dom is not None else "dominant n/a")
    lines.append(f"intensity {d['intensity_ms2']:.3f} m/s$^2$ RMS ({TREMOR_BAND[0]:g}-{TREMOR_BAND[1]:g} Hz)")
    ax0.set_title(" | ".join(lines), fontsize="medium", loc="left")
    if len(axes) > 1:
        ax1 = axes[1]
        shares = d.get("class_shares") or {}
        if shares:
            names = list(shares)
            vals = [100 * shares[n] for n in names]
            ax1.barh(names, vals, color=[_class_color(n, i) for i, n in enumerate(names)])
            ax1.set_xlim(0, 100)
            ax1.set_xlabel("share of windows (%)")
            ax1.invert_yaxis()
        else:
            ax1.text(0.5, 0.5, "no classification\n(band-power report)", ha="center", va="center",
                     transform=ax1.transAxes)
            ax1.set_xticks([])
            ax1.set_yticks([])
    _footer(fig)
    return fig


def plot_report(report: Report, *, fmax: float = 20.0, title: str | None = None) -> Figure:
    """The multi-panel figure of ``tremorlab analyze --plot``: raw and band-passed signal, spectrogram with
    the tremor band, class timeline with probabilities (or tremor-band RMS without a classifier) and the PSD
    with the dominant frequency."""
    plt = _plt()
    rec = report.recording
    fs = float(report.fs)
    t = np.asarray(rec.t, dtype=float)
    t = t - t[0]
    a = to_ms2(rec.acc, report.units)
    fig = plt.figure(figsize=(11, 9), layout="constrained")
    gs = fig.add_gridspec(4, 2, width_ratios=[3, 1.25], height_ratios=[1, 1, 1.3, 1.1])
    ax_raw = fig.add_subplot(gs[0, 0])
    ax_bp = fig.add_subplot(gs[1, 0], sharex=ax_raw)
    ax_sp = fig.add_subplot(gs[2, 0], sharex=ax_raw)
    ax_tl = fig.add_subplot(gs[3, 0], sharex=ax_raw)
    ax_psd = fig.add_subplot(gs[0:2, 1])
    ax_txt = fig.add_subplot(gs[2:4, 1])
    plot_signal(t, a, fs, ax=[ax_raw, ax_bp])
    ax_raw.set_xlabel("")
    ax_bp.set_xlabel("")
    plot_spectrogram(a, fs, ax=ax_sp, fmax=fmax, colorbar=False)
    ax_sp.set_xlabel("")
    if report.result is not None:
        # classify() was given rec.acc: its window times count from the first sample, like t here.
        plot_timeline(report.result, ax=ax_tl, window_s=report.window_s, legend="top")
        for b in report.bouts:
            ax_bp.axvspan(b["start_s"], b["end_s"], color=CLASS_COLORS.get(b.get("label", "tremor"), "0.5"),
                          alpha=0.12, lw=0)
    else:
        bp = band_passed(a - a.mean(axis=0), fs, (TREMOR_BAND[0], min(TREMOR_BAND[1], 0.45 * fs)))
        tc, rms = rolling_band_rms(bp, fs)
        ax_tl.plot(tc, rms, color="tab:orange")
        ax_tl.set_ylabel("tremor-band RMS (m/s$^2$)")
        ax_tl.set_xlabel("time (s)")
        ax_tl.text(0.01, 0.95, "band-power report: no classification", transform=ax_tl.transAxes,
                   va="top", fontsize="small", color="0.3")
        ax_tl.grid(True, lw=0.3, alpha=0.5)
    ax_tl.set_xlim(0, t[-1] if t.size else 1)
    f, pxx = report.psd if report.psd is not None else tremor_band_psd(a - a.mean(axis=0), fs)
    plot_psd(f, pxx, dominant=report.dominant_frequency_hz, ax=ax_psd, fmax=fmax)
    ax_psd.set_title("PSD (sum of axes)", fontsize="medium")
    ax_txt.axis("off")
    ax_txt.text(0.0, 1.0, _summary_text(report), va="top", ha="left", family="monospace", fontsize=8.5,
                transform=ax_txt.transAxes)
    import os

    fig.suptitle(title or f"tremorlab: {os.path.basename(report.source)}", fontsize="medium")
    _footer(fig)
    return fig


def _footer(fig: Figure | SubFigure) -> None:
    """The disclaimer under the panels, with room reserved so it never overlaps an axis label."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine, TightLayoutEngine

    eng = fig.get_layout_engine()
    if isinstance(eng, (ConstrainedLayoutEngine, TightLayoutEngine)):  # the engines that take a rect
        try:
            eng.set(rect=(0, 0.03, 1, 0.97))
        except TypeError:  # pragma: no cover - older matplotlib without rect
            pass
    fig.text(0.995, 0.004, DISCLAIMER, ha="right", va="bottom", fontsize="x-small", color="0.4")


def _summary_text(report: Report) -> str:
    d = report.to_dict()
    L = [f"duration   {d['duration_s']:.1f} s @ {d['fs']:.0f} Hz"]
    if d.get("tremor_time_s") is not None:
        n_tr = sum(1 for b in d["bouts"] if b.get("label", "tremor") == "tremor")
        L.append(f"tremor     {d['tremor_time_s']:.1f} s, {n_tr} bout(s)")
        for kind, name in (("shaking", "kind unclear"), ("mimicked", "mimicked")):
            others = [b for b in d["bouts"] if b.get("label", "tremor") == kind]
            if others:
                L.append(f"{name:<10} {sum(b['duration_s'] for b in others):.1f} s shaking, {len(others)} bout(s)")
    dom = d.get("dominant_frequency_hz")
    L.append(f"dominant   {dom:.1f} Hz (PSD peak)" if dom is not None else "dominant   n/a")
    if d.get("bout_frequency_hz") is not None:
        L.append(f"bouts at   {d['bout_frequency_hz']:.1f} Hz")
    L.append(f"intensity  {d['intensity_ms2']:.3f} m/s^2 RMS")
    L.append(f"band share {100 * d['band_fraction']:.0f} % of power")
    if d.get("class_shares"):
        L.append("classes")
        for k, v in d["class_shares"].items():
            L.append(f"  {k:<10} {100 * v:5.1f} %")
    for a in d.get("advisories") or []:
        L.append(_wrap("! " + a, 40))
    return "\n".join(L)


def _wrap(s: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(s, width, subsequent_indent="  "))


def reliability_figure(rel: Mapping[str, Any], path: str) -> None:
    """Reliability curve (top-class probability vs accuracy) before and after temperature scaling, from
    :func:`tremorlab.evaluate.reliability` results ``{'uncalibrated': ..., 'calibrated': ...}``; saved to ``path``."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(4.6, 4.2))
    ax.plot([0, 1], [0, 1], color="0.6", lw=1, ls="--", label="perfect calibration")
    for key, style in (("uncalibrated", "o-"), ("calibrated", "s-")):
        bins = rel[key]["bins"]
        ax.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], style, ms=4,
                label=f"{key} (ECE {rel[key]['ece']:.3f})")
    ax.set_xlim(0.25, 1.0)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("predicted probability of the top class")
    ax.set_ylabel("fraction of windows where it is the true class")
    ax.set_title("Held-out synthetic subjects", fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
