"""Acceleration units: the one Python place that names them (the rule itself is C++'s, units.hpp).

Every function that takes ``units=`` (features, classify, Detector, Session, read_recording, report, plots)
normalises it here, so they accept the same spellings: ``'m/s^2'`` and its usual variants (``'m/s2'``,
``'ms2'``, ``'mps2'``, ``'m/s²'``, ...) or ``'g'``; case and spaces do not matter.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import _core

__all__ = ["STANDARD_GRAVITY", "UNITS", "normalize_units", "to_ms2"]

STANDARD_GRAVITY: float = _core.standard_gravity  # m/s^2 per g (CGPM 1901 conventional value)
UNITS = ("m/s^2", "g")


def normalize_units(units: Any, where: str | None = None) -> str:
    """Canonical spelling (``'m/s^2'`` or ``'g'``); TypeError for a non-string, ValueError for an unknown one.

    ``where`` (a file name, say) prefixes the message."""
    pre = f"{where}: " if where else ""
    if not isinstance(units, str):
        raise TypeError(f"{pre}units must be a string ('m/s^2' or 'g'), got {type(units).__name__}")
    try:
        return _core.parse_units(units)
    except ValueError as exc:
        raise ValueError(f"{pre}{exc}") from None


def to_ms2(acc: Any, units: Any) -> np.ndarray:
    """Acceleration in m/s^2 as a new float64 array (``acc`` in ``units``, gravity included or not)."""
    a = np.array(acc, dtype=np.float64)
    return a * STANDARD_GRAVITY if normalize_units(units) == "g" else a
