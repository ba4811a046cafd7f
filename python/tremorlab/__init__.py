"""tremorlab: band-pass filtering of IMU streams and tremor classification.

tremorlab classifies movement; it makes no medical claim and gives no diagnosis.
"""
from __future__ import annotations

from . import _core
from ._core import __version__

__all__ = ["__version__"]

# --- spectral ---
from .spectral import *  # noqa: E402,F401,F403
from . import spectral as _spectral  # noqa: E402

__all__ += _spectral.__all__
