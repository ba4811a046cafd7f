"""Shaking sessions: bouts, cumulative shaking time, intensity, rest afterwards and advisory flags.

The flags are guidance for the user's app, not medical advice; tremorlab makes no medical claim.
The work is done by the C++ core (``tremorlab/session.hpp``).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Optional, Sequence

from . import _core
from .classify import ClassificationResult, Classifier, _result
from .detector import _DEF, Event, _detector_kwargs, _events, _model_json, _Stream

# Keyword defaults of Session's advisory settings, from the C++ SessionConfig.
_SES: dict[str, float] = _core.session_defaults()

__all__ = ["Session"]


class Session(_Stream):
    """A shaking session on top of :class:`tremorlab.Detector`.

    Detector parameters are those of :class:`tremorlab.Detector`. Session parameters:

    first_session : bool
        Flag ``first_session_long`` when shaking exceeds ``first_session_max_s`` (default 180 s).
    continuous_notice_s, continuous_limit_s : float
        Continuous shaking this long raises ``rest_suggested`` / ``rest_strongly_suggested`` (120 s / 300 s).
    pause_join_s : float
        Bouts separated by a pause shorter than this (5 s) are one stretch of continuous shaking for those
        flags (summary ``longest_continuous_s``); 0 joins nothing.
    session_shaking_max_s : float
        More cumulative shaking than this raises ``long_session`` (900 s).
    still_motion_rms, still_gyro_rms : float
        Stillness thresholds (m/s^2 motion RMS; gyro RMS in the caller's units, < 0 disables).
    body_axis : 3 floats or None
        Body long axis in sensor coordinates if the placement is known; then rest also requires lying
        (axis within ``lying_max_tilt_deg`` of horizontal).
    """

    def __init__(self, fs: float = 100.0, units: str = "m/s^2", model: Any = None, *, channels: int = 3,
                 window_s: Optional[float] = None, hop_s: Optional[float] = None, enter_threshold: float = _DEF["enter_threshold"],
                 exit_threshold: float = _DEF["exit_threshold"], min_on_s: float = _DEF["min_on_s"],
                 min_off_s: float = _DEF["min_off_s"], jitter_tolerance: float = _DEF["jitter_tolerance"],
                 max_gap_s: float = _DEF["max_gap_s"],
                 mimicked_enter_threshold: float = _DEF["mimicked_enter_threshold"],
                 first_session: bool = bool(_SES["first_session"]),
                 first_session_max_s: float = _SES["first_session_max_s"],
                 continuous_notice_s: float = _SES["continuous_notice_s"],
                 continuous_limit_s: float = _SES["continuous_limit_s"],
                 session_shaking_max_s: float = _SES["session_shaking_max_s"],
                 pause_join_s: float = _SES["pause_join_s"],
                 still_motion_rms: float = _SES["still_motion_rms"], still_gyro_rms: float = _SES["still_gyro_rms"],
                 body_axis: Optional[Sequence[float]] = None,
                 lying_max_tilt_deg: float = _SES["lying_max_tilt_deg"],
                 hysteresis: Optional[Mapping[str, float]] = None, second_sensor: bool = False) -> None:
        kw = _detector_kwargs(fs, channels, units, window_s, hop_s, enter_threshold, exit_threshold, min_on_s,
                              min_off_s, jitter_tolerance, max_gap_s, mimicked_enter_threshold, hysteresis,
                              second_sensor)
        axis = None
        if body_axis is not None:
            axis = [float(v) for v in body_axis]
            if len(axis) != 3:
                raise ValueError(f"body_axis: expected 3 values, got {len(axis)}")
        self._core = _core.SessionCore(
            **kw, model_json=_model_json(model), first_session=bool(first_session), body_axis=axis,
            session={"first_session_max_s": float(first_session_max_s),
                     "continuous_notice_s": float(continuous_notice_s),
                     "continuous_limit_s": float(continuous_limit_s),
                     "session_shaking_max_s": float(session_shaking_max_s), "pause_join_s": float(pause_join_s),
                     "still_motion_rms": float(still_motion_rms), "still_gyro_rms": float(still_gyro_rms),
                     "lying_max_tilt_deg": float(lying_max_tilt_deg)})
        self.fs = kw["fs"]
        self.channels = kw["channels"]

    def run(self, samples: Any, t: Any = None) -> tuple[ClassificationResult, list[Event]]:
        """Pushes a whole recording (as :meth:`push`), flushes, and returns every window's classification and
        the events. The windows are the session's own (computed once, by its detector): they follow its
        timestamp policy, restarting after each gap (an interval longer than ``max_gap_s``), and their times
        are on the timestamps' clock (``start``: the window's first frame; ``end``/``times``: a window /
        half a window later, as in :func:`tremorlab.classify`). :meth:`summary` then covers the recording."""
        r = self._core.run(samples, t)
        events = _events(r.pop("events"))
        return _result(r, Classifier(self._core.model), self.fs), events

    def summary(self) -> dict[str, Any]:
        """Totals, bout list, flags, thresholds and a disclaimer, as a dict.

        ``shaking_s`` is the time of all bouts; ``tremor_s``, ``mimicked_s`` and ``unsettled_s`` split it by
        each bout's kind (the last kind settled; an open bout: its current kind). A bout counts whole towards
        its kind, because the seconds before the kind settled were the same shaking. So ``tremor_s`` is the
        practice's tremor time: bouts recognised as involuntary tremor; ``unsettled_s`` is shaking whose kind
        never became clear (bouts labelled ``'shaking'``)."""
        return json.loads(self._core.summary_json())

    def to_json(self, indent: Optional[int] = None) -> str:
        return json.dumps(self.summary(), indent=indent)

    def __repr__(self) -> str:
        s = self.summary()
        return f"Session(shaking_s={s['shaking_s']:.1f}, bouts={len(s['bouts'])})"
