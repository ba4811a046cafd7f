"""The array-argument rules shared by the scipy-mirroring functions (filtering and spectral)."""
from __future__ import annotations

import operator
from typing import Any

import numpy as np


def real_array(x: Any, name: str, *, to_float: bool = False) -> np.ndarray:
    """np.asarray of real numbers (bool, int, uint, float); TypeError for complex, object, strings.

    ``to_float``: bool/int/uint become float64 (scipy's filters compute in floating point)."""
    a = np.asarray(x)
    kind = a.dtype.kind
    if kind not in "biuf":
        raise TypeError(f"{name}: dtype {a.dtype} is not supported; expected real numbers (float, int or bool)")
    if to_float and kind != "f":
        return a.astype(np.float64)
    return a


def normalize_axis(axis: Any, ndim: int) -> int:
    """``axis`` as an index into ``ndim`` dimensions. Like numpy: TypeError for a non-integer (bool included),
    ValueError when out of bounds."""
    if ndim == 0:
        raise ValueError("x must have at least one dimension")
    if isinstance(axis, (bool, np.bool_)):
        raise TypeError(f"axis must be an integer, got {axis!r}")
    try:
        ax = operator.index(axis)
    except TypeError:
        raise TypeError(f"axis must be an integer, got {axis!r}") from None
    if not -ndim <= ax < ndim:
        raise ValueError(f"axis {ax} is out of bounds for an array of dimension {ndim}")
    return ax % ndim
