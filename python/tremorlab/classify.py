"""Per-window tremor features and movement classification (rest / voluntary / tremor / mimicked).

The numerical work (windowing, features, model) runs in the C++ core in one call per recording with the GIL
released; this module only shapes inputs and outputs. Windowing: window ``k`` covers frames
``[k*hop, k*hop + W)``, only full windows are produced, ``times`` are window centres in seconds from the first
frame (plus the recording's start time when a DataFrame / Recording carries one).

tremorlab classifies movement; it makes no medical claim and gives no diagnosis.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from . import _core
from .filtering import _workers
from .units import normalize_units

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FeatureTable", "ClassificationResult", "Classifier", "features", "classify", "feature_names",
           "DEFAULT_MODEL_PATH"]

DEFAULT_MODEL_PATH = os.path.join(os.path.dirname(__file__), "models", "default.json")



def feature_names() -> list[str]:
    """Names of the per-window features, in column order (definitions: docs/features.md)."""
    return list(_core.feature_names())


def _positive(name: str, v: Any) -> float:
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(v).__name__}")
    v = float(v)
    if not np.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {v}")
    return v


#: What an (n, 3) array is taken to be when fs / units are not given (a DataFrame or Recording brings its own).
ARRAY_FS, ARRAY_UNITS = 100.0, "m/s^2"


def _agrees(where: str, rec: Any, fs: Any, units: Any) -> None:
    """A DataFrame or Recording brings its own rate and units: an fs or units given with it must agree (fs
    within the reader's FS_TOLERANCE), never be dropped silently."""
    from .io import check_fs

    if fs is not None:
        check_fs(where, _positive("fs", fs), float(rec.fs))
    if units is not None and normalize_units(units) != normalize_units(rec.units):
        raise ValueError(f"{where}: units={units!r} contradicts the recording's units {rec.units!r} (tremorlab "
                         f"does not rescale silently); leave units out")


def _as_input(acc: Any, fs: Any, units: Any, array_fs: float = ARRAY_FS, array_units: str = ARRAY_UNITS
              ) -> tuple[np.ndarray, float, str, float]:
    """(acc (n,3) array-like, fs, units, t0) from an array, a pandas DataFrame (t/ax/ay/az) or a Recording.
    ``fs`` / ``units`` None: ``array_fs`` / ``array_units`` for an array, a DataFrame's attrs['units'], a
    Recording's own."""
    t0 = 0.0
    if hasattr(acc, "acc") and hasattr(acc, "fs") and hasattr(acc, "units") and hasattr(acc, "t"):
        rec = acc
        _agrees("Recording", rec, fs, units)
        t = np.asarray(rec.t)
        return rec.acc, float(rec.fs), rec.units, float(t[0]) if t.size else 0.0
    # A DataFrame can only exist once pandas is imported; importing it here for a plain array cost
    # 0.4-2 s on the first call (pandas pulls in much of its stack).
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(acc, pd.DataFrame):
        from .io import from_dataframe

        declared = acc.attrs.get("units")  # what Recording.to_pandas() writes
        if units is not None and declared is not None and normalize_units(units) != normalize_units(declared):
            raise ValueError(f"DataFrame: units={units!r} contradicts its attrs['units'] {declared!r}; leave "
                             f"units out")
        rec = from_dataframe(acc, units=normalize_units(units if units is not None else declared or array_units))
        _agrees("DataFrame", rec, fs, None)
        tcol = acc["t"] if "t" in acc.columns else None
        if tcol is not None and pd.api.types.is_numeric_dtype(tcol) and len(tcol):
            t0 = float(tcol.iloc[0])
        return rec.acc, float(rec.fs), rec.units, t0
    if isinstance(acc, (str, bytes)):
        raise TypeError("acc must be an (n, 3) array of numbers, a pandas DataFrame or a Recording")
    return (acc, _positive("fs", array_fs if fs is None else fs),
            normalize_units(array_units if units is None else units), t0)


@dataclass
class FeatureTable:
    """Per-window features: ``values`` (n_windows, n_features), ``names``, window ``times`` (centres), ``start``,
    ``end`` (s), ``fs``, ``window_s``, ``hop_s``."""

    values: np.ndarray
    names: list[str]
    times: np.ndarray
    start: np.ndarray
    end: np.ndarray
    fs: float
    window_s: float
    hop_s: float

    def __len__(self) -> int:
        return int(self.values.shape[0])

    def column(self, name: str) -> np.ndarray:
        """One feature as a 1-D array."""
        try:
            return self.values[:, self.names.index(name)]
        except ValueError:
            raise KeyError(f"no feature {name!r}; have {self.names}") from None

    def to_pandas(self) -> pd.DataFrame:
        """DataFrame indexed by window centre time (s), one column per feature, plus start/end."""
        import pandas as pd

        df = pd.DataFrame(self.values, columns=self.names)
        df.insert(0, "end", self.end)
        df.insert(0, "start", self.start)
        df.index = pd.Index(self.times, name="time")
        return df


def _same_sensor_clock(fs: float, units: str, fs2: float, units2: str) -> None:
    if abs(fs2 - fs) > 1e-9 * fs or units2 != units:
        raise ValueError(f"other is at {fs2} Hz in {units2}, acc at {fs} Hz in {units}: the sensors must share rate and units")


def features(acc: Any, fs: float | None = None, units: str | None = None, window_s: float | None = None,
             hop_s: float | None = None, band: tuple[float, float] = _core.default_band, other: Any = None, *,
             workers: int | None = None) -> FeatureTable:
    """Per-window features of a tri-axial recording.

    Parameters
    ----------
    acc : (n, 3) array_like, pandas DataFrame (columns t, ax, ay, az) or tremorlab.Recording
        Acceleration with gravity, columns x, y, z.
    fs : float, optional
        Sampling rate of an array, Hz (25..1000; default 100). A DataFrame/Recording brings its own from its
        timestamps; an fs given with it must agree within 5 % (ValueError).
    units : {'m/s^2', 'g'}, optional
        Default 'm/s^2' for an array, a DataFrame's ``attrs['units']`` when set; a Recording brings its own, and
        units given with it must match (no silent rescaling). Units that contradict the recording's gravity
        are refused (docs/recording_format.md).
    window_s, hop_s : float, optional
        Window length and step in seconds; default: the default model's (2.0 s, 0.25 s).
    band : (lo, hi)
        Tremor band in Hz (capped at 0.45 * fs).
    other : optional, same kinds as ``acc``
        A second sensor on the same clock (e.g. the other leg; same frame count, rate and units). Each window
        then gets its ``inter_sensor_coherence`` (0 without it); the other features describe ``acc``.
    workers : int, optional
        Threads, as in ``scipy.fft`` (None/1: none; -1: all cores). Windows are independent, so the values
        are the same for any number; long recordings (hundreds of windows per thread) get faster.

    Frames are taken as uniformly sampled at ``fs`` (the nominal rate of a DataFrame/Recording); gaps in
    the timestamps are not interpolated here (the streaming ``Detector`` handles gaps).

    Raises
    ------
    TypeError for non-numeric data; ValueError for a wrong shape, NaN/Inf, a recording shorter than one
    window, or parameters out of range.
    """
    arr, fs_, u, t0 = _as_input(acc, fs, units)
    arr2 = None
    if other is not None:
        arr2, fs2, u2, _ = _as_input(other, None, None, fs_, u)  # an array is on acc's clock and units
        _same_sensor_clock(fs_, u, fs2, u2)
    w = _positive("window_s", window_s) if window_s is not None else Classifier.default().window_s
    h = _positive("hop_s", hop_s) if hop_s is not None else Classifier.default().hop_s
    nw = _workers(workers)
    vals, wf, hf = _core.batch_features(arr, fs_, w, h, u, float(band[0]), float(band[1]), arr2, nw)
    start, end, centre = _core.window_times(vals.shape[0], wf, hf, fs_)  # the C++ rule, as classify()'s
    return FeatureTable(values=vals, names=feature_names(), times=t0 + centre, start=t0 + start, end=t0 + end,
                        fs=fs_, window_s=w, hop_s=h)


def _rows(feats: Any) -> np.ndarray:
    if isinstance(feats, FeatureTable):
        return feats.values
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(feats, pd.DataFrame):
        return feats[feature_names()].to_numpy(dtype=np.float64)
    return feats


class Classifier:
    """Window classifier (standardisation + multinomial logistic regression, or a one-hidden-layer MLP),
    backed by the C++ model.

    ``Classifier.default()`` is the shipped model; ``Classifier.load(path)`` reads a model JSON file
    (format 'tremorlab-model', version 1 linear or 2 MLP). C++ ``tremorlab::Classifier`` gives identical probabilities for the
    same file."""

    _default: "Classifier | None" = None

    def __init__(self, core: Any):
        if not isinstance(core, _core.Classifier):
            raise TypeError("use Classifier.load(path), Classifier.from_json(text) or Classifier.default()")
        self._c = core

    @classmethod
    def load(cls, path: "str | os.PathLike[str]") -> "Classifier":
        return cls(_core.Classifier.load(os.fspath(path)))

    @classmethod
    def from_json(cls, text: "str | dict") -> "Classifier":
        if isinstance(text, dict):
            text = json.dumps(text)
        return cls(_core.Classifier.from_json(text))

    @classmethod
    def default(cls) -> "Classifier":
        """The model embedded in the library (identical to models/default.json)."""
        if cls._default is None:
            cls._default = cls(_core.Classifier.default_model())
        return cls._default

    def to_json(self) -> str:
        return self._c.to_json()

    def save(self, path: "str | os.PathLike[str]") -> None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.to_json() + "\n")

    @property
    def classes(self) -> list[str]:
        return list(self._c.classes)

    @property
    def feature_names(self) -> list[str]:
        return list(self._c.feature_names)

    @property
    def window_s(self) -> float:
        return float(self._c.window_s)

    @property
    def hop_s(self) -> float:
        return float(self._c.hop_s)

    @property
    def band(self) -> tuple[float, float]:
        lo, hi = self._c.band
        return (lo, hi)

    @property
    def provenance(self) -> dict:
        return json.loads(self._c.provenance_json)

    def predict_proba(self, feats: Any) -> np.ndarray:
        """(n, n_classes) probabilities for feature rows (FeatureTable, DataFrame or (n, n_features) array)."""
        return self._c.predict_proba(_rows(feats))

    @property
    def decision(self) -> dict[str, float]:
        """Thresholds of the window decision carried by the model (``mimicked_min_p``, ``mimicked_min_share``,
        ``tremor_min_share``, ``min_amplitude`` in m/s^2, ``mimicked_min_rhythm_hz``, ``tremor_max_turn_deg_s``,
        ``mimicked_min_band_share``, ``mimicked_max_amplitude`` in m/s^2; the C++ fallback defaults for what the
        model JSON's ``"decision"`` object does not set)."""
        return dict(self._c.decision)

    def decide(self, proba: Any, amplitude: Any = None, rhythm_hz: Any = None, turn_deg_s: Any = None,
               band_share: Any = None) -> np.ndarray:
        """Window labels (str array) for probability rows in model order, by the C++ decision rule: ``rest`` or
        ``voluntary`` when P(tremor) + P(mimicked) is smaller than both, or when the window's band-passed RMS
        ``amplitude`` (m/s^2, one per row) is below ``decision['min_amplitude']`` (12 mg: no larger than a
        still healthy hand's own tremor) or, at a ``rhythm_hz`` of 8 Hz or more, below the 24.7 mg that
        tremor reaches there (the C++ ``still_hand_floor``; ``min_amplitude`` 0 switches both off), or when the window has no rhythm (``rhythm_hz`` 0: a flat spectrum,
        see below); ``mimicked`` only with a high P(mimicked), a clear share of the
        shaking evidence and the window's strongest rhythm ``rhythm_hz`` (Hz, one per row: its
        ``broad_peak_frequency``, or 0 when its ``spectral_entropy`` is above ``_core.no_rhythm_entropy(fs)`` or it
        is slower than 3 Hz with under a quarter of the power in the band: a slower movement's harmonics)
        inside the band, at or above ``decision['mimicked_min_rhythm_hz']`` (below it
        the band holds only harmonics, and the window is ``shaking``); ``tremor`` when tremor holds enough of
        the evidence and the limb held its posture (``turn_deg_s``, deg/s, one per row: the largest turn of
        gravity's direction over the last 2 s, ``_core.posture_turns``; NaN where not known; above
        ``decision['tremor_max_turn_deg_s']`` the window is ``shaking``, never ``mimicked`` for turning);
        ``mimicked`` also asks that the oscillation be the window's movement (``band_share``, one per row: the
        tremor band's share of the 0.5-20 Hz movement power, the ``rel_band_power`` feature; below
        ``decision['mimicked_min_band_share']``, 0.8, the window is ``shaking``: a rhythm riding on a reach or
        a drink may be a kinetic tremor) and that the window be no larger than any imitation the project recorded
        (``amplitude`` above ``decision['mimicked_max_amplitude']``, 8.5 m/s^2: ``shaking``); otherwise
        ``shaking`` (rhythmic shaking whose kind is not clear).
        Without ``amplitude``, ``rhythm_hz``, ``turn_deg_s`` or ``band_share`` the floor and the size guard, the
        rhythm rules, the posture rule or the band-share guard are not applied; :func:`classify` and the Detector
        always pass all four (``tremorlab._core.band_rms_of_features``, ``rhythm_of_features`` and ``band_share_of_features``
        read them, the turn apart, from feature rows)."""
        # The core checks the values (TypeError for non-numbers, ValueError for a bad shape or value).
        return np.asarray(self._c.decide(np.asarray(proba, dtype=np.float64), amplitude, rhythm_hz, turn_deg_s,
                                         band_share), dtype=str).reshape(-1)

    def predict(self, feats: Any) -> np.ndarray:
        """Class names (str array) of the most probable model class per row (no decision rule: never
        ``shaking``; :func:`classify` labels windows with :meth:`decide`)."""
        idx = np.atleast_1d(self._c.predict(_rows(feats)))
        return np.array(self.classes, dtype=object)[idx].astype(str)

    def explain(self, row: Any, k: int = 3, label: str | None = None) -> list[tuple[str, float]]:
        """The k features contributing most to the predicted class's logit: gradient x input for the
        standardised value (weight x standardised value for the linear model). With ``label`` (a window label,
        ``tremorlab.labels()``), the evidence for that label instead: its class's logit, or for ``shaking`` the
        merged logit of tremor and mimicked (ValueError for an unknown label)."""
        r = np.asarray(_rows(row))
        if r.ndim == 2 and r.shape[0] == 1:
            r = r[0]
        if label is not None and not isinstance(label, str):
            raise TypeError(f"label must be a string, got {type(label).__name__}")
        return [(n, float(v)) for n, v in self._c.explain(r, check_k(k), label)]

    def __repr__(self) -> str:
        return f"Classifier(classes={self.classes}, n_features={len(self.feature_names)}, window_s={self.window_s})"


def check_k(k: Any) -> int:
    """The ``k`` of an explain call: an integer >= 0 (TypeError, ValueError otherwise)."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an integer, got {type(k).__name__}")
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    return int(k)


@dataclass
class ClassificationResult:
    """Per-window classification of a recording (see :func:`classify`)."""

    times: np.ndarray
    start: np.ndarray
    end: np.ndarray
    labels: np.ndarray
    proba: np.ndarray
    classes: list[str]
    features: np.ndarray
    feature_names: list[str]
    model: Classifier = field(repr=False)
    fs: float
    window_s: float
    hop_s: float
    band_rms: np.ndarray = field(repr=False)
    #: Strongest rhythm per window, Hz: the broad_peak_frequency, or 0 when the window has none (its spectrum
    #: is flat: ``_core.no_rhythm_entropy(fs)``; or it is slower than 3 Hz with under a quarter of the power in
    #: the band: a slower movement's harmonics), which the decision never calls shaking of any kind.
    rhythm_hz: np.ndarray = field(repr=False)
    #: The limb's posture per window, deg/s: the largest turn of gravity's direction (over 1 s steps) of the
    #: windows of the last 2 s (``_core.posture_turns``); NaN when not known (no gravity in the input, the
    #: first window). Above ``decision['tremor_max_turn_deg_s']`` a window is not called tremor, only shaking.
    turn_deg_s: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def _col(self, name: str) -> np.ndarray:
        return self.features[:, self.feature_names.index(name)]

    @property
    def tremor_probability(self) -> np.ndarray:
        """P(tremor) per window."""
        return self.proba[:, self.classes.index("tremor")] if "tremor" in self.classes else np.zeros(len(self))

    @property
    def dominant_frequency(self) -> np.ndarray:
        """Dominant frequency in the tremor band, Hz."""
        return self._col("dominant_frequency")

    @property
    def frequency(self) -> np.ndarray:
        """Frequency of each window's shaking, Hz, as the Detector's events and bouts report it: the dominant
        frequency in the band, or the window's rhythm when that is a tremor slower than the band (3-4 Hz by
        default) whose flank or 2nd or 3rd harmonic the in-band peak is (``_core.shaking_frequency``)."""
        return _core.shaking_frequency(self.dominant_frequency, self.rhythm_hz, self.model.band[0])

    @property
    def amplitude(self) -> np.ndarray:
        """Band-passed (tremor band) RMS acceleration, m/s^2 (all three axes)."""
        return self.band_rms

    @property
    def displacement(self) -> np.ndarray:
        """Estimated RMS displacement at the dominant frequency, m."""
        return np.maximum(10.0 ** self._col("log_displacement") - 1e-9, 0.0)

    def explain(self, i: int, k: int = 3) -> list[tuple[str, float]]:
        """Top-k features behind window i's label (the decision's, ``labels[i]``): for ``shaking`` the evidence
        for tremor and mimicked together, whose split the decision found unclear (Classifier.explain)."""
        return self.model.explain(self.features[int(i)], k, label=str(self.labels[int(i)]))

    def to_pandas(self) -> pd.DataFrame:
        """DataFrame indexed by window centre time: start, end, label, p_<class>..., tremor_probability,
        dominant_frequency, frequency, amplitude, rhythm_hz, turn_deg_s, then every feature."""
        import pandas as pd

        df = pd.DataFrame({"start": self.start, "end": self.end, "label": self.labels})
        for j, c in enumerate(self.classes):
            df[f"p_{c}"] = self.proba[:, j]
        df["tremor_probability"] = self.tremor_probability
        df["dominant_frequency"] = self.dominant_frequency
        df["frequency"] = self.frequency
        df["amplitude"] = self.amplitude
        df["rhythm_hz"] = self.rhythm_hz
        df["turn_deg_s"] = self.turn_deg_s
        for j, n in enumerate(self.feature_names):
            if n not in df.columns:
                df[n] = self.features[:, j]
        df.index = pd.Index(self.times, name="time")
        return df


def classify(acc: Any, fs: float | None = None, units: str | None = None, window_s: float | None = None,
             hop_s: float | None = None, model: "Classifier | str | os.PathLike[str] | None" = None,
             other: Any = None, *, workers: int | None = None) -> ClassificationResult:
    """Label every window of a tri-axial recording: rest / voluntary / tremor / mimicked / shaking.

    ``tremor``: involuntary rhythmic shaking (4-12 Hz) of a limb that holds its posture (``turn_deg_s``).
    ``mimicked``: voluntary rhythmic oscillation, shaking
    produced on purpose; deliberate imitation of tremor is one kind, brisk rhythmic everyday movements are
    others. It is never a verdict on a person, and the decision asks for strong evidence before saying it.
    ``shaking``: rhythmic shaking whose kind (tremor vs mimicked) the evidence does not make clear, or that the
    model calls tremor while the limb moves about. The model's
    probabilities (``proba``) stay its 4 classes; the labels come from the C++ decision rule
    (:meth:`Classifier.decide`, thresholds in :attr:`Classifier.decision`). No medical claim or diagnosis.

    Parameters
    ----------
    acc : (n, 3) array_like, pandas DataFrame (columns t, ax, ay, az) or tremorlab.Recording
    fs : float, optional
        Sampling rate of an array, Hz (25..1000; default 100); a DataFrame/Recording supplies its own, and an
        fs given with it must agree within 5 %.
    units : {'m/s^2', 'g'}, optional
        As for :func:`features`.
    window_s, hop_s : float, optional
        Default: the model's (2.0 s window, 0.25 s hop). The default model was trained with 2.0 s windows.
    model : Classifier or path to a model JSON, optional
        Default: :meth:`Classifier.default`.
    other : optional
        A second sensor on the same clock (see :func:`features`): its inter-sensor coherence reaches the model
        (the shipped model was trained on single sensors and saw that feature only as 0).
    workers : int, optional
        Threads for the feature extraction (see :func:`features`); results do not depend on it.

    Returns
    -------
    ClassificationResult with ``times`` (window centres, s), ``start``, ``end``, ``labels`` (str, any of
    :func:`tremorlab.labels`), ``proba`` (n_windows, n_classes: the model's classes), ``classes``, ``tremor_probability``, ``features``, ``feature_names``,
    ``dominant_frequency`` (Hz, the band's peak), ``frequency`` (Hz, the shaking frequency events and bouts
    report: the rhythm of a tremor slower than the band, else the band's peak), ``amplitude`` (m/s^2),
    ``to_pandas()``, ``explain(i)``.
    """
    if model is None:
        m = Classifier.default()
    elif isinstance(model, Classifier):
        m = model
    elif isinstance(model, (str, os.PathLike)):
        m = Classifier.load(model)
    else:
        raise TypeError(f"model must be a Classifier or a path, got {type(model).__name__}")
    # The model's window/hop (0 = "the model's"), the labels and the window times come from C++
    # (tremorlab::classify_recording), as for a C++ caller.
    w = _positive("window_s", window_s) if window_s is not None else 0.0
    h = _positive("hop_s", hop_s) if hop_s is not None else 0.0
    arr, fs_, u, t0 = _as_input(acc, fs, units)
    arr2 = None
    if other is not None:
        arr2, fs2, u2, _ = _as_input(other, None, None, fs_, u)  # an array is on acc's clock and units
        _same_sensor_clock(fs_, u, fs2, u2)
    r = _core.classify_recording(arr, fs_, u, m._c, w, h, arr2, _workers(workers))
    return _result(r, m, fs_, t0)


def _result(r: dict, model: Classifier, fs: float, t0: float = 0.0) -> ClassificationResult:
    """A ClassificationResult from the C++ per-window table (tremorlab::classify_recording, or a Session's
    tremorlab::run_session); ``t0`` is added to its times."""
    return ClassificationResult(times=t0 + r["centre"], start=t0 + r["start"], end=t0 + r["end"],
                                labels=np.asarray(r["labels"], dtype=str), proba=r["proba"], classes=model.classes,
                                features=r["features"], feature_names=feature_names(), model=model, fs=fs,
                                window_s=r["window_s"], hop_s=r["hop_s"], band_rms=r["amplitude"],
                                rhythm_hz=r["rhythm_hz"], turn_deg_s=r["turn_deg_s"])
