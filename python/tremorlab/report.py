"""Analyse one recording: per-window classification plus a session summary, as a dict and as text.

``analyze(path_or_recording)`` is what ``tremorlab analyze`` runs. It reports tremor-band power, intensity and
dominant frequency from tremorlab's own Welch PSD, and (unless ``classify=False``) tremor time, bouts, class
shares and advisories from one pass of the detector's Session over the recording (``Session.run``: each
window is classified once, and the window table, bouts and gaps follow one timestamp and gap rule).

tremorlab classifies movement; it is not a medical device and gives no diagnosis.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np
from numpy.typing import ArrayLike

from . import _core
from .units import normalize_units, to_ms2

if TYPE_CHECKING:
    from .io import Recording

DISCLAIMER = "tremorlab classifies movement; it is not a medical device and gives no diagnosis."
TREMOR_BAND: tuple[float, float] = _core.default_band

__all__ = ["Report", "analyze", "load", "tremor_band_psd", "band_passed", "bouts_from_windows", "DISCLAIMER"]


# ---------------------------------------------------------------------------------------------------------
# Loading


class _ReadOverrides(TypedDict, total=False):
    """Keyword overrides forwarded to tremorlab.read_recording."""

    units: str
    fs: float


class _WindowArgs(TypedDict, total=False):
    """Keywords of the tremorlab.Session that analyze runs."""

    fs: float
    units: str
    window_s: float
    hop_s: float
    max_gap_s: float


def _units_name(units: Any) -> str:
    """Normalises the units spelling used across tremorlab ('g' or 'm/s^2')."""
    return normalize_units(str(getattr(units, "name", units)))


def load(source: Any, *, units: str | None = None, fs: float | None = None) -> Recording:
    """Returns a tremorlab Recording for a path or an existing Recording, applying optional overrides.

    ``units`` overrides what the reader inferred (the file formats carry no unit field); ``fs`` is the
    nominal rate used for analysis (the reader estimates it from the timestamps otherwise).
    """
    import tremorlab

    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if not os.path.exists(path):
            raise FileNotFoundError(f"no such recording: {path}")
        kwargs: _ReadOverrides = {}
        if units is not None:
            kwargs["units"] = _units_name(units)
        if fs is not None:
            kwargs["fs"] = float(fs)
        try:
            rec = tremorlab.read_recording(path, **kwargs)
        except TypeError:
            # A reader without override keywords: apply them below.
            rec = tremorlab.read_recording(path)
    else:
        rec = source
    if units is not None and _units_name(getattr(rec, "units", units)) != _units_name(units):
        rec = _with(rec, units=_units_name(units))
    if fs is not None and not math.isclose(float(getattr(rec, "fs", fs)), float(fs)):
        t = np.asarray(getattr(rec, "t", ()), dtype=float)
        if t.size > 1:
            from .io import check_fs

            check_fs(str(getattr(rec, "meta", {}).get("path", "<recording>")), fs, 1.0 / float(np.median(np.diff(t))))
        rec = _with(rec, fs=float(fs))
    return rec


def _with(rec: Any, **changes: Any) -> Any:
    import dataclasses

    if dataclasses.is_dataclass(rec) and not isinstance(rec, type):
        return dataclasses.replace(rec, **changes)
    if hasattr(rec, "_replace"):
        return rec._replace(**changes)
    for k, v in changes.items():
        setattr(rec, k, v)
    return rec


def acc_ms2(rec: Any) -> np.ndarray:
    """Acceleration of a Recording in m/s^2, shape (n, 3), following ``rec.units`` (overrides included)."""
    return to_ms2(rec.acc, rec.units)


# ---------------------------------------------------------------------------------------------------------
# Signal measures built on tremorlab's own filtering and spectral functions


def band_passed(acc: np.ndarray, fs: float, band: tuple[float, float] = TREMOR_BAND, order: int = 4) -> np.ndarray:
    """Zero-phase Butterworth band-pass of each axis (tremorlab.butter + tremorlab.sosfiltfilt)."""
    import tremorlab

    acc = np.asarray(acc, dtype=float)
    hi = min(band[1], 0.45 * fs)
    # tremorlab.butter always returns second-order sections (scipy's output='sos').
    sos = tremorlab.butter(order, [band[0], hi], btype="bandpass", fs=fs, output="sos")
    return np.asarray(tremorlab.sosfiltfilt(sos, acc, axis=0))


def tremor_band_psd(acc: np.ndarray, fs: float, seconds_per_segment: float = 4.0) -> tuple[np.ndarray, np.ndarray]:
    """Welch PSD of the acceleration summed over axes (orientation-independent), in (m/s^2)^2/Hz."""
    import tremorlab

    acc = np.asarray(acc, dtype=float)
    if acc.ndim == 1:
        acc = acc[:, None]
    nperseg = int(min(acc.shape[0], round(seconds_per_segment * fs)))
    total = None
    f = None
    for k in range(acc.shape[1]):
        f, p = tremorlab.welch(acc[:, k], fs=fs, nperseg=nperseg)
        p = np.asarray(p, dtype=float)
        total = p if total is None else total + p
    if total is None:
        raise ValueError(f"acc has no axes (shape {acc.shape})")
    return np.asarray(f, dtype=float), total


def peak_of(f: np.ndarray, pxx: np.ndarray, f1: float, f2: float) -> tuple[float | None, float | None]:
    """(frequency, power) of the highest spectral peak strictly inside [f1, f2], or (None, None).

    A maximum sitting on a band edge is only the slope of a peak outside the band (e.g. the low-frequency
    voluntary-movement hump), not a tremor-band peak, so only local maxima count. The frequency is refined
    by tremorlab.peak_frequency (parabola through the log-power of the peak bin and its neighbours).
    """
    import tremorlab

    f = np.asarray(f, dtype=float)
    p = np.asarray(pxx, dtype=float)
    idx = np.flatnonzero((f >= f1) & (f <= f2))
    idx = idx[(idx > 0) & (idx < f.size - 1)]
    local = idx[(p[idx] > p[idx - 1]) & (p[idx] >= p[idx + 1])]
    if local.size == 0:
        return None, None
    i = int(local[np.argmax(p[local])])
    freq, power = tremorlab.peak_frequency(f, p, band=(f[i], f[i]))
    return float(freq), float(power)


def rolling_band_rms(bp: np.ndarray, fs: float, win_s: float = _core.default_window_s,
                     hop_s: float = _core.default_hop_s) -> tuple[np.ndarray, np.ndarray]:
    """Centre times (s) and RMS of the band-passed vector over sliding windows."""
    n = bp.shape[0]
    w = max(1, int(round(win_s * fs)))
    h = max(1, int(round(hop_s * fs)))
    e = np.concatenate([[0.0], np.cumsum(np.sum(bp ** 2, axis=1))])
    starts = np.arange(0, max(n - w + 1, 1), h)
    rms = np.sqrt((e[np.minimum(starts + w, n)] - e[starts]) / w)
    return (starts + w / 2) / fs, rms



# ---------------------------------------------------------------------------------------------------------
# Bouts


def bouts_from_windows(times: ArrayLike, labels: ArrayLike, window_s: float, hop_s: float, *,
                       frequency: ArrayLike | None = None, amplitude: ArrayLike | None = None,
                       target: str = "tremor", merge_gap_s: float = 0.5) -> list[dict]:
    """Groups windows labelled ``target`` into bouts.

    ``times`` are window start times (s). Each window stands for the hop-long slot at its centre, so the
    slots of consecutive windows tile the time axis without overlap and tremor time is the number of
    tremor windows times the hop. Runs of tremor slots separated by at most ``merge_gap_s`` are joined.
    Frequency and intensity of a bout are medians over its tremor windows.
    """
    times = np.asarray(times, dtype=float)
    labels = np.asarray(labels).astype(str)
    idx = np.flatnonzero(labels == target)
    lo = times + window_s / 2.0 - hop_s / 2.0
    hi = lo + hop_s
    groups: list[list[int]] = []
    for i in idx:
        if groups and lo[i] - hi[groups[-1][-1]] <= merge_gap_s + 1e-9:
            groups[-1].append(int(i))
        else:
            groups.append([int(i)])
    out = []
    for g in groups:
        start, end = float(lo[g[0]]), float(hi[g[-1]])
        d: dict[str, float | None] = {"start_s": start, "end_s": end, "duration_s": end - start, "windows": len(g)}
        if frequency is not None:
            fr = np.asarray(frequency, float)[g]
            fr = fr[np.isfinite(fr)]
            d["frequency_hz"] = float(np.median(fr)) if fr.size else None
        if amplitude is not None:
            am = np.asarray(amplitude, float)[g]
            am = am[np.isfinite(am)]
            d["intensity"] = float(np.median(am)) if am.size else None
        out.append(d)
    return out


# ---------------------------------------------------------------------------------------------------------
# The report


@dataclass
class Report:
    """Result of :func:`analyze`. ``to_dict()`` is JSON-safe; ``to_text()`` is what the CLI prints."""

    source: str
    mode: str  # "classification" or "band_power" (classify=False)
    duration_s: float
    fs: float
    units: str
    n_samples: int
    gaps: int
    dominant_frequency_hz: float | None  # highest local maximum of `psd` inside the tremor band
    intensity_ms2: float  # RMS of the band-passed acceleration vector, m/s^2
    band_power: float  # (m/s^2)^2 in the tremor band, summed over axes
    band_fraction: float  # share of 0.5 Hz..fs/2 power that lies in the tremor band
    tremor_time_s: float | None = None
    # The recording's rhythm (highest local maximum of `psd` over 0.5-20 Hz) when it lies below the band (3 Hz
    # to its lower edge) and the dominant frequency is only its flank or harmonic (C++
    # FeatureExtractor::shaking_frequency, the rule the Detector's windows and bouts follow); else None.
    slow_rhythm_hz: float | None = None
    bouts: list[dict] = field(default_factory=list)
    class_shares: dict[str, float] = field(default_factory=dict)
    advisories: list[str] = field(default_factory=list)
    window_s: float | None = None
    hop_s: float | None = None
    notes: list[str] = field(default_factory=list)
    session: dict | None = None  # the detector Session's summary (flags, thresholds), when available
    bout_frequency_hz: float | None = None  # duration-weighted mean frequency of the tremor bouts
    # Heavy members kept for plotting; not serialised.
    recording: Any = field(default=None, repr=False)
    result: Any = field(default=None, repr=False)
    psd: tuple | None = field(default=None, repr=False)

    def to_dict(self) -> dict:
        d = {
            "source": self.source,
            "mode": self.mode,
            "duration_s": self.duration_s,
            "fs": self.fs,
            "units": self.units,
            "n_samples": self.n_samples,
            "gaps": self.gaps,
            "tremor_band_hz": list(TREMOR_BAND),
            "dominant_frequency_hz": self.dominant_frequency_hz,
            "slow_rhythm_hz": self.slow_rhythm_hz,
            "bout_frequency_hz": self.bout_frequency_hz,
            "intensity_ms2": self.intensity_ms2,
            "band_power_ms2_sq": self.band_power,
            "band_fraction": self.band_fraction,
            "tremor_time_s": self.tremor_time_s,
            "tremor_fraction": (self.tremor_time_s / self.duration_s
                                if self.tremor_time_s is not None and self.duration_s > 0 else None),
            "bouts": self.bouts,
            "class_shares": self.class_shares,
            "advisories": self.advisories,
            "window_s": self.window_s,
            "hop_s": self.hop_s,
            "notes": self.notes,
            "session": self.session,
            "disclaimer": DISCLAIMER,
        }
        return _json_safe(d)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def to_text(self) -> str:
        L = []
        L.append(f"tremorlab report: {os.path.basename(self.source)}")
        L.append(f"  recording           {self.duration_s:.1f} s at {self.fs:.1f} Hz, {self.n_samples} samples, "
                 f"units {self.units}, {self.gaps} gap(s)")
        if self.mode == "classification" and self.tremor_time_s is not None:
            frac = 100.0 * self.tremor_time_s / self.duration_s if self.duration_s > 0 else 0.0
            n_tremor = sum(1 for b in self.bouts if b.get("label", "tremor") == "tremor")
            L.append(f"  tremor time         {self.tremor_time_s:.1f} s ({frac:.0f} % of the recording) "
                     f"in {n_tremor} tremor bout(s)")
            if self.session is not None:
                sh, un = float(self.session.get("shaking_s", 0.0)), float(self.session.get("unsettled_s", 0.0))
                L.append(f"  shaking time        {sh:.1f} s in all bouts, {un:.1f} s of it of unclear kind "
                         f"(shaking: tremor or mimicked not yet clear)")
            if self.bouts:
                L.append("  bouts                  #  label         start       end  duration  frequency    intensity")
                for i, b in enumerate(self.bouts, 1):
                    fr = b.get("frequency_hz")
                    am = b.get("intensity")
                    L.append(f"                      {i:3d}  {str(b.get('label', 'tremor')):<10} {b['start_s']:7.2f} s "
                             f"{b['end_s']:7.2f} s {b['duration_s']:7.2f} s  {_fmt(fr, '.1f', ' Hz'):>9}  "
                             f"{_fmt(am, '.3f', ' m/s^2'):>11}")
        dom = _fmt(self.dominant_frequency_hz, ".1f", " Hz")
        L.append(f"  dominant frequency  {dom} (highest spectral peak inside {TREMOR_BAND[0]:g}-{TREMOR_BAND[1]:g} Hz, "
                 f"whole recording)"
                 if self.dominant_frequency_hz is not None else
                 f"  dominant frequency  none (no spectral peak inside {TREMOR_BAND[0]:g}-{TREMOR_BAND[1]:g} Hz)")
        if self.slow_rhythm_hz is not None:
            L.append(f"  slow rhythm         {self.slow_rhythm_hz:.1f} Hz (the recording's strongest rhythm, below the band: "
                     f"the dominant frequency may be only its flank or harmonic; bouts of a tremor this slow are "
                     f"reported at its own frequency)")
        if self.bout_frequency_hz is not None:
            L.append(f"  bout frequency      {self.bout_frequency_hz:.1f} Hz (mean over the tremor bouts, "
                     f"weighted by duration)")
        L.append(f"  intensity           {self.intensity_ms2:.3f} m/s^2 RMS in {TREMOR_BAND[0]:g}-{TREMOR_BAND[1]:g} Hz "
                 f"({100 * self.band_fraction:.0f} % of the power above 0.5 Hz)")
        if self.class_shares:
            shares = ", ".join(f"{k} {100 * v:.0f} %" for k, v in self.class_shares.items())
            L.append(f"  classes             {shares}  (window {self.window_s:g} s, hop {self.hop_s:g} s)")
        if self.advisories:
            L.append("  advisories")
            for a in self.advisories:
                L.append(f"    - {a}")
        for n in self.notes:
            L.append(f"  note: {n}")
        L.append(DISCLAIMER)
        return "\n".join(L)

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.to_text()


def _fmt(v: float | None, spec: str, unit: str) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "n/a"
    return f"{format(v, spec)}{unit}"


def _json_safe(o: Any) -> Any:
    if isinstance(o, dict):
        return {str(k): _json_safe(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_json_safe(v) for v in o]
    if isinstance(o, (np.floating, float)):
        v = float(o)
        return v if math.isfinite(v) else None
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, np.bool_):
        return bool(o)
    if isinstance(o, np.ndarray):
        return _json_safe(o.tolist())
    return o


def analyze(source: Any, *, units: str | None = None, fs: float | None = None, window_s: float | None = None,
            hop_s: float | None = None, classify: bool | None = None) -> Report:
    """Analyses one recording (a path in any format tremorlab.read_recording reads, or a Recording).

    ``classify=False`` gives the band-power report only (no classifier, no session).
    """
    rec = load(source, units=units, fs=fs)
    fs_ = float(rec.fs)
    a = acc_ms2(rec)
    rec_meta = getattr(rec, "meta", None)
    meta = rec_meta if isinstance(rec_meta, dict) else {}
    src = (os.fspath(source) if isinstance(source, (str, os.PathLike))
           else str(meta.get("path") or meta.get("source") or "<recording>"))
    if a.ndim != 2 or a.shape[0] < 2:
        raise ValueError(f"{src}: recording holds no tri-axial acceleration samples")
    t = np.asarray(rec.t, dtype=float)
    duration = float(t[-1] - t[0] + 1.0 / fs_) if t.size else a.shape[0] / fs_
    # The one gap rule (C++ tremorlab::find_gaps) on the timestamps, with the threshold the recording was read
    # with: the report's gap count and the Session below (which restarts windowing at each gap) agree.
    max_gap_s = float(meta.get("max_gap_s", _core.default_max_gap_s))
    n_gaps = len(_core.find_gaps(t, max_gap_s)) if t.size > 1 else 0

    # Spectral summary (always): the band-power report and the PSD panel of the figure.
    detr = a - a.mean(axis=0)
    f, pxx = tremor_band_psd(detr, fs_)
    hi = min(TREMOR_BAND[1], 0.45 * fs_)
    import tremorlab

    bp = float(tremorlab.band_power(f, pxx, (TREMOR_BAND[0], hi)))
    broad = float(tremorlab.band_power(f, pxx, (0.5, f[-1])))
    dom, _ = peak_of(f, pxx, TREMOR_BAND[0], hi)
    # A tremor slower than the band shows there only as its flank or its harmonic: the report names that rhythm
    # (the highest peak over 0.5-20 Hz) beside the band's peak, by the rule the Detector's windows follow.
    rhythm, _ = peak_of(f, pxx, 0.5, min(20.0, 0.45 * fs_))
    slow = None
    if dom is not None and rhythm is not None:
        shaking = float(_core.shaking_frequency([dom], [rhythm], TREMOR_BAND[0])[0])
        slow = shaking if shaking != dom else None
    bpass = band_passed(a, fs_, (TREMOR_BAND[0], hi))
    intensity = float(np.sqrt(np.mean(np.sum(bpass ** 2, axis=1))))

    rep = Report(source=src, mode="band_power", duration_s=duration, fs=fs_, units=_units_name(rec.units),
                 n_samples=int(a.shape[0]), gaps=n_gaps, dominant_frequency_hz=dom, slow_rhythm_hz=slow,
                 intensity_ms2=intensity, band_power=bp, band_fraction=bp / broad if broad > 0 else 0.0,
                 recording=rec, psd=(f, pxx))

    if "pads_copy_columns" in getattr(rec, "meta", {}):
        # io.PadsCopyWarning: the numbers were read as given; the report must not pass them off as acceleration.
        rep.notes.append("a PADS Relaxed copy: its three columns are acceleration z (g) and rotation rates x, y "
                         "(rad/s), analysed as if they were three accelerations; the movement/timeseries file "
                         "of the same recording has all three")
    if classify is not None and not classify:
        rep.notes.append("classification skipped on request: band-power report only")
        return rep

    kw: _WindowArgs = {"fs": fs_, "units": _units_name(rec.units), "max_gap_s": max_gap_s}
    if window_s is not None:
        kw["window_s"] = float(window_s)
    if hop_s is not None:
        kw["hop_s"] = float(hop_s)
    # One pass: the detector's Session classifies every window once (features, probabilities, decided
    # labels) and tracks the bouts on the same windows, so the window table, the bouts and the gap count
    # follow one timestamp and gap rule (windowing restarts after each gap, C++ tremorlab::run_session).
    from .session import Session

    session = Session(**kw)
    try:
        res, _ = session.run(np.asarray(rec.acc, dtype=float), t)
    except ValueError as exc:  # e.g. a bad timestamp: say which recording
        raise ValueError(f"{src}: {exc}") from exc
    if len(res) == 0:
        raise ValueError(f"{src}: too short to classify: no stretch without gaps (intervals over "
                         f"{max_gap_s:g} s) is as long as one analysis window ({res.window_s:g} s)")
    rep.mode = "classification"
    rep.result = res
    rep.window_s, rep.hop_s = float(res.window_s), float(res.hop_s)
    labels = np.asarray(res.labels).astype(str)
    # Every label the decision can give (the model's classes and "shaking"), names from the C++ core.
    classes = list(tremorlab.labels())
    n = max(len(labels), 1)
    rep.class_shares = {c: float(np.count_nonzero(labels == c)) / n for c in classes}
    amp = np.asarray(res.amplitude, dtype=float)
    centres = np.asarray(res.times, dtype=float)

    # The Session's summary: hysteresis on the shaking evidence, bouts, advisory flags.
    summary = session.summary()
    rep.session = summary
    rep.tremor_time_s = float(summary.get("tremor_s", 0.0))
    rep.bouts = []
    for b in summary.get("bouts", []):
        start, end = float(b["start"]), float(b["end"])
        inside = (centres >= start) & (centres <= end)
        am = amp[inside]
        rep.bouts.append({"label": str(b.get("label", "tremor")), "start_s": start, "end_s": end,
                          "duration_s": float(b.get("duration_s", end - start)),
                          "frequency_hz": _finite_or_none(b.get("mean_frequency_hz")),
                          "intensity": float(np.median(am)) if am.size else None,
                          "confidence": _finite_or_none(b.get("confidence")),
                          "windows": int(np.count_nonzero(inside))})
    rep.advisories = _flag_advisories(summary) + _advisories(rep)
    turn = np.asarray(res.turn_deg_s, dtype=float)
    if turn.size >= NO_GRAVITY_MIN_WINDOWS and np.isnan(turn).all():
        # The Session's posture measure (C++ detail::PostureTracker) found no gravity in any window.
        rep.notes.append("no gravity in the acceleration (removed by the source, as in PADS): the posture rule "
                         "has nothing to read, so a shaking limb that moves about can still be called tremor")
    # The bouts' own frequency, beside (not instead of) the recording's spectral peak: the two differ when
    # the bouts are a small part of the recording or their frequency drifts.
    fr = [(b["frequency_hz"], b["duration_s"]) for b in rep.bouts
          if b.get("frequency_hz") and b.get("label", "tremor") == "tremor" and b["duration_s"] > 0]
    if fr:
        rep.bout_frequency_hz = float(np.average([x for x, _ in fr], weights=[w for _, w in fr]))
    return rep


#: Windows a recording needs before "no posture known in any window" says its acceleration has no gravity. With
#: gravity only the first window after the start or a gap has no posture (detail::GravityTurn); 8 keep a
#: recording cut into single-window pieces by gaps from being taken for one without gravity.
NO_GRAVITY_MIN_WINDOWS = 8


def _finite_or_none(v: Any) -> float | None:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) and v != 0.0 else None


_FLAG_TEXT = {
    "rest_suggested": "a continuous shaking bout passed the notice threshold: a rest is suggested",
    "rest_strongly_suggested": "a continuous shaking bout passed the limit: a rest is strongly suggested",
    "long_session": "cumulative shaking in this session passed the session maximum",
    "first_session_long": "shaking passed the first-session maximum",
}


def _flag_advisories(summary: dict) -> list[str]:
    flags = summary.get("flags") or {}
    return [_FLAG_TEXT.get(k, k.replace("_", " ")) for k, v in flags.items() if v]


def _advisories(rep: Report) -> list[str]:
    """Plain-language notes on what limits the reading of this recording (no clinical interpretation)."""
    adv = []
    if rep.duration_s < 20:
        adv.append(f"short recording ({rep.duration_s:.0f} s): tremor time and bout statistics are uncertain")
    if rep.gaps:
        adv.append(f"{rep.gaps} gap(s) in the timestamps: windows spanning a gap are less reliable")
    share = rep.class_shares
    if share.get("mimicked", 0.0) > 0.2:
        adv.append("much of the shaking looks voluntary (mimicked class: rhythmic movement made on purpose, e.g. "
                   "an imitation or a brisk everyday movement); re-record at rest if involuntary tremor is of "
                   "interest")
    if share.get("shaking", 0.0) > 0.2:
        adv.append("much of the shaking is of unclear kind (shaking class: tremor vs voluntary rhythm not clear)")
    if share.get("voluntary", 0.0) > 0.5:
        adv.append("mostly voluntary movement: tremor is easier to see in a recording at rest or in posture")
    if rep.tremor_time_s is not None and rep.tremor_time_s > 0 and rep.intensity_ms2 < 0.05:
        adv.append("tremor-band intensity is very small (< 0.05 m/s^2): check sensor placement")
    if rep.fs < 50:
        adv.append(f"low sampling rate ({rep.fs:.0f} Hz): the upper tremor band is poorly resolved")
    return adv
