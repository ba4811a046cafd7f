"""Shared pytest fixtures for tremorlab's Python tests."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

try:  # CI runs are reproducible: hypothesis derives its examples from the test itself, not a random seed.
    from hypothesis import settings as _hyp_settings

    _hyp_settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        _hyp_settings.load_profile("ci")
except ImportError:  # hypothesis is a test extra; tests that need it import it themselves
    pass

REPO = Path(__file__).resolve().parents[2]
# The tests run against the installed package, which cannot see the checkout's extra PADS recordings by its
# own path: point it at them, so the tests read the same real windows as train/evaluate from the checkout.
os.environ.setdefault("TREMORLAB_PADS_DATA", str(REPO / "tests" / "data"))


def shared_data_path() -> Path | None:
    """<repo>/../shared/data or env TREMORLAB_SHARED_DATA, if it exists."""
    env = os.environ.get("TREMORLAB_SHARED_DATA")
    cands = [Path(env)] if env else []
    cands.append(REPO.parent / "shared" / "data")
    for c in cands:
        if c.is_dir():
            return c
    return None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of the shared real-recording folder; skips the test when it is absent."""
    p = shared_data_path()
    if p is None:
        pytest.skip("shared data not found (set TREMORLAB_SHARED_DATA or place shared/data beside the repo)")
    return p


@pytest.fixture(scope="session")
def bundled_data() -> Path:
    """The repository's bundled data/ folder (skips when running from an installed package without it)."""
    p = REPO / "data"
    if not (p / "cloudupdrs").is_dir():
        pytest.skip("bundled data/ folder not present")
    return p
