"""Real-time tremor detection on IMU streams: :class:`Detector` and its :class:`Event` objects.

The work is done by the C++ core (``tremorlab/detector.hpp``); this module only shapes arguments and
results. tremorlab classifies movement; it makes no medical claim and gives no diagnosis.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Optional

import numpy as np

from . import _core
from .classify import check_k
from .units import normalize_units

# Keyword defaults of Detector and Session, from the C++ DetectorConfig (no number repeated here).
_DEF: dict[str, float] = _core.detector_defaults()

__all__ = ["Event", "Detector", "hysteresis_defaults"]



class Event:
    """One detector event.

    Attributes
    ----------
    kind : {'onset', 'relabel', 'offset', 'gap'}
        A bout of shaking is ``onset``, zero or more ``relabel`` (its kind settled or changed), ``offset``.
    time : float
        onset: estimated start of the bout (back-dated to the first window whose tremor-band power rose);
        relabel: centre of the first window of the run that settled the kind (not before the onset);
        offset: estimated end; gap: last timestamp before the gap (s).
    label : {'shaking', 'tremor', 'mimicked'} or None
        The bout's kind of shaking (None for gaps). An onset names no kind it cannot support: it says
        ``'shaking'`` (kind pending) unless its windows already settle the kind. A ``relabel`` reports the kind
        when it settles (a running sum of the windows' ln(P(tremor)/P(mimicked)) evidence reaches
        ``tremor_settle_llr`` for ``'tremor'``, or the much larger ``-mimicked_settle_llr`` for ``'mimicked'``,
        on a window the decision itself calls that kind; ``'tremor'`` also needs a limb that held its posture
        in most of the bout's windows; see ``HysteresisConfig`` in bout_tracker.hpp) and again if it changes;
        it never
        goes back to ``'shaking'``. The offset carries the bout's final kind (``'shaking'`` if it never
        settled). ``'tremor'``: involuntary rhythmic shaking; ``'mimicked'``: voluntary rhythmic oscillation
        (deliberate imitation of tremor is one kind), never a verdict on a person. All names:
        :func:`tremorlab.labels`.
    confidence : float
        Mean probability of ``label`` over the deciding windows (onset, relabel) or the whole bout (offset);
        for ``'shaking'`` that is P(tremor) + P(mimicked).
    frequency_hz : float
        Mean dominant frequency in the tremor band (Hz).
    amplitude, peak_amplitude : float
        Mean and peak band-passed RMS acceleration, m/s^2.
    duration : float
        offset: bout duration; relabel: time since the onset; gap: gap length; onset: 0 (s).
    detected_at : float
        Stream time at which the event was emitted (detection delay = detected_at - true onset).
    """

    __slots__ = ("kind", "label", "time", "detected_at", "confidence", "frequency_hz", "amplitude",
                 "peak_amplitude", "duration")

    def __init__(self, kind: str, label: Optional[str], time: float, detected_at: float, confidence: float = 0.0,
                 frequency_hz: float = 0.0, amplitude: float = 0.0, peak_amplitude: float = 0.0,
                 duration: float = 0.0) -> None:
        self.kind = kind
        self.label = label
        self.time = float(time)
        self.detected_at = float(detected_at)
        self.confidence = float(confidence)
        self.frequency_hz = float(frequency_hz)
        self.amplitude = float(amplitude)
        self.peak_amplitude = float(peak_amplitude)
        self.duration = float(duration)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Event) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        if self.kind == "gap":
            return f"Event(kind='gap', time={self.time:.3f}, duration={self.duration:.3f})"
        extra = f", duration={self.duration:.2f}" if self.kind == "offset" else ""
        return (f"Event(kind={self.kind!r}, time={self.time:.3f}, label={self.label!r}, "
                f"confidence={self.confidence:.2f}, frequency_hz={self.frequency_hz:.2f}, "
                f"amplitude={self.amplitude:.3g}{extra}, detected_at={self.detected_at:.3f})")


def _events(raw: list) -> list[Event]:
    return [Event(*r) for r in raw]


def _model_json(model: Any) -> Optional[str]:
    """None -> default model; a Classifier-like object (has ``to_json()``); a path to a JSON file; JSON text."""
    if model is None:
        return None
    if hasattr(model, "to_json"):
        return str(model.to_json())
    if isinstance(model, (str, os.PathLike)):
        s = os.fspath(model)
        if not s.lstrip().startswith("{"):
            if not os.path.exists(s):
                raise ValueError(f"model: no such file {s!r}")
            with open(s, encoding="utf-8") as fh:
                return fh.read()
        return s
    raise TypeError(f"model: expected None, a Classifier, a path or JSON text, got {type(model).__name__}")


def _channels(channels: int) -> int:
    if isinstance(channels, bool) or not isinstance(channels, (int, np.integer)):
        raise TypeError("channels must be an int (3 or 6)")
    if channels not in (3, 6):
        raise ValueError(f"channels must be 3 (accelerometer) or 6 (accelerometer + gyroscope), got {channels}")
    return int(channels)


def _hysteresis(h: Any) -> dict[str, float]:
    if h is None:
        return {}
    if not isinstance(h, Mapping):
        raise TypeError(f"hysteresis must be a mapping of gate name -> number, got {type(h).__name__}")
    return dict(h)


def hysteresis_defaults() -> dict[str, float]:
    """Defaults of the detector gates that ``Detector(hysteresis={...})`` accepts (see ``HysteresisConfig``)."""
    return dict(_core.hysteresis_defaults())


def _detector_kwargs(fs: float, channels: int, units: str, window_s: Optional[float], hop_s: Optional[float],
                     enter_threshold: float, exit_threshold: float, min_on_s: float, min_off_s: float,
                     jitter_tolerance: float, max_gap_s: float, mimicked_enter_threshold: float,
                     hysteresis: Optional[Mapping[str, float]] = None, second_sensor: bool = False
                     ) -> dict[str, Any]:
    if not isinstance(second_sensor, (bool, np.bool_)):
        raise TypeError(f"second_sensor must be True or False, got {type(second_sensor).__name__}")
    return dict(hysteresis=_hysteresis(hysteresis), second_sensor=bool(second_sensor), fs=float(fs), channels=_channels(channels), units=normalize_units(units),
                window_s=0.0 if window_s is None else float(window_s), hop_s=0.0 if hop_s is None else float(hop_s),
                enter_threshold=float(enter_threshold), exit_threshold=float(exit_threshold),
                min_on_s=float(min_on_s), min_off_s=float(min_off_s), jitter_tolerance=float(jitter_tolerance),
                max_gap_s=float(max_gap_s), mimicked_enter_threshold=float(mimicked_enter_threshold))


class _Stream:
    """What Detector and Session share: both wrap a C++ object that takes samples and returns events."""

    _core: Any

    def push(self, samples: Any, t: Any = None) -> list[Event]:
        """Processes samples (n, channels) with optional timestamps; returns the events they produced."""
        return _events(self._core.push(samples, t))

    def flush(self) -> list[Event]:
        """End of stream: closes an active bout (offset event)."""
        return _events(self._core.flush())

    def latest(self) -> Optional[dict[str, Any]]:
        """The latest window's classification (dict), or None before the first window."""
        return self._core.latest() or None

    def latest_features(self) -> Optional[np.ndarray]:
        """The latest window's features (``tremorlab.feature_names()`` order), or None before the first window."""
        return self._core.latest_features() if self._core.latest() else None

    def explain_latest(self, k: int = 3) -> list[tuple[str, float]]:
        """Why the latest window got its label (``latest()["label"]``): the ``k`` features that pushed hardest
        towards it, ``(name, contribution)`` largest first (:meth:`Classifier.explain` with that label).
        ValueError before the first window."""
        return [(n, float(v)) for n, v in self._core.explain_latest(check_k(k))]

    def reset(self) -> None:
        """Back to a freshly constructed state (same settings and model)."""
        self._core.reset()

    def memory_bytes(self) -> int:
        """Heap + object bytes owned by the detector (state + feature-extractor work buffers + model)."""
        return int(self._core.memory_bytes())

    def counters(self) -> dict[str, Any]:
        """Sample accounting: frames_pushed == frames_accepted + frames_rejected."""
        return dict(self._core.counters())


class Detector(_Stream):
    """Streaming shaking detector: push samples, get onset/relabel/offset/gap events (see :class:`Event`).

    Parameters
    ----------
    fs : float
        Nominal sampling rate (Hz).
    units : {'m/s^2', 'g'}
        Acceleration units (gravity included).
    model : Classifier, path, JSON text or None
        Window classifier; None uses the model shipped with tremorlab.
    channels : {3, 6}
        3: ax, ay, az; 6: plus gx, gy, gz (the gyroscope is carried for stillness, not classified), or,
        with ``second_sensor=True``, plus bx, by, bz of a second accelerometer.
    second_sensor : bool
        Channels 4-6 are a second accelerometer on the same clock (e.g. the other leg): every window's
        ``inter_sensor_coherence`` feature is computed and reaches the classifier (``latest()['coherence']``);
        the shipped model was trained on single sensors and saw that feature only as 0.
    window_s, hop_s : float or None
        Analysis window and hop; None takes the feature extractor's defaults.
    enter_threshold, exit_threshold, min_on_s, min_off_s : float
        Hysteresis: a bout starts when P(tremor) + P(mimicked) >= enter_threshold over windows spanning
        min_on_s, and ends after windows below exit_threshold spanning min_off_s.
    mimicked_enter_threshold : float
        Windows where P(mimicked) > P(tremor) only start a bout when P(mimicked) reaches this over a run of
        about 2.75 s, with the tremor band holding >= 25 % of the movement power (a guard against false
        onsets from rhythmic voluntary movement; the onset names no kind either way). A band power that rose
        over the last second and still rises in the latest hop lets an onset fire at P(tremor) + P(mimicked)
        >= 0.3 (mimicked-led windows: P(mimicked) >= 0.8 there). Onsets also need a
        tremor-band amplitude of at least 12 mg (0.118 m/s^2: larger than a still healthy hand's own tremor,
        the window decision's ``min_amplitude`` floor too) and a band share of the movement power >= 5 %.
        These further gates are set with ``hysteresis``.
    hysteresis : mapping or None
        Overrides of the other gates of ``HysteresisConfig`` (C++), by name: ``mimicked_min_on_s``,
        ``mimicked_min_band_share``, ``min_amplitude``, ``min_band_share``, ``weak_share``, ``weak_share_enter``,
        ``early_enter``, ``early_rise_decades``, ``early_rise_s``, ``early_mimicked``, ``early_hop_rise_decades``,
        and the kind settling test ``kind_llr_offset``, ``kind_llr_clip``, ``kind_fill_s``,
        ``tremor_settle_llr`` and ``mimicked_settle_llr`` (must be >= tremor_settle_llr), and the held posture
        naming a bout tremor needs, ``tremor_max_turn_deg_s`` and ``tremor_min_steady_share``, and
        ``tremor_min_called_s``, how long the window decision must have called tremor within the last 2 s;
        :func:`hysteresis_defaults` lists their defaults. Unknown names raise ValueError.
    jitter_tolerance, max_gap_s : float
        Timestamp policy (no resampling; dt > max_gap_s is a gap: ``gap`` event and window restart).

    Samples go in as ``(n, channels)`` (or one ``(channels,)`` sample) with optional timestamps ``t`` (n,),
    strictly increasing; without ``t`` the clock advances by 1/fs per sample. A bad block raises
    ValueError/TypeError and leaves the detector unchanged, so the stream can go on.
    """

    def __init__(self, fs: float = 100.0, units: str = "m/s^2", model: Any = None, *, channels: int = 3,
                 window_s: Optional[float] = None, hop_s: Optional[float] = None, enter_threshold: float = _DEF["enter_threshold"],
                 exit_threshold: float = _DEF["exit_threshold"], min_on_s: float = _DEF["min_on_s"],
                 min_off_s: float = _DEF["min_off_s"], jitter_tolerance: float = _DEF["jitter_tolerance"],
                 max_gap_s: float = _DEF["max_gap_s"],
                 mimicked_enter_threshold: float = _DEF["mimicked_enter_threshold"],
                 hysteresis: Optional[Mapping[str, float]] = None, second_sensor: bool = False) -> None:
        kw = _detector_kwargs(fs, channels, units, window_s, hop_s, enter_threshold, exit_threshold, min_on_s,
                              min_off_s, jitter_tolerance, max_gap_s, mimicked_enter_threshold, hysteresis,
                              second_sensor)
        self._core = _core.DetectorCore(**kw, model_json=_model_json(model))
        self.fs = kw["fs"]
        self.units = kw["units"]
        self.channels = kw["channels"]

    def state_bytes(self) -> int:
        """Per-stream state only: sample ring, window-start times, feature and event storage, the object."""
        return int(self._core.state_bytes())

    @property
    def window_samples(self) -> int:
        return int(self._core.window_samples)

    @property
    def hop_samples(self) -> int:
        return int(self._core.hop_samples)

    @property
    def classes(self) -> list[str]:
        return list(self._core.classes)

    @property
    def in_bout(self) -> bool:
        return bool(self._core.in_bout)

    def __repr__(self) -> str:
        return (f"Detector(fs={self.fs}, units={self.units!r}, channels={self.channels}, "
                f"window_samples={self.window_samples}, hop_samples={self.hop_samples})")
