"""tremorlab: band-pass filtering of IMU streams and tremor classification.

tremorlab classifies movement; it makes no medical claim and gives no diagnosis.
"""
from __future__ import annotations

from . import _core
from ._core import __version__

__all__ = ["__version__"]

# --- filtering ---
from .filtering import *  # noqa: E402,F401,F403
from .filtering import __all__ as _filtering_all  # noqa: E402

__all__ += _filtering_all

# --- data ---
from .io import Recording, read_recording, write_recording, from_dataframe  # noqa: E402
from . import synth, datasets, metrics  # noqa: E402

__all__ += ["Recording", "read_recording", "write_recording", "from_dataframe", "synth", "datasets", "metrics"]

# --- spectral ---
from .spectral import *  # noqa: E402,F401,F403
from . import spectral as _spectral  # noqa: E402

__all__ += _spectral.__all__

# --- features ---
from .classify import Classifier, ClassificationResult, FeatureTable, classify, features, feature_names  # noqa: E402


def labels() -> list[str]:
    """Every label a window, bout or event can get, from the C++ core: rest, voluntary, tremor, mimicked
    (voluntary rhythmic oscillation; deliberate imitation of tremor is one kind) and shaking (rhythmic
    shaking whose kind is not clear)."""
    return list(_core.labels())


__all__ += ["Classifier", "ClassificationResult", "FeatureTable", "classify", "features", "feature_names", "labels"]

# --- detector ---
from .detector import Detector, Event, hysteresis_defaults  # noqa: E402
from .session import Session  # noqa: E402

__all__ += ["Detector", "Event", "Session", "hysteresis_defaults"]
