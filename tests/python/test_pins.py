"""Pinned results of two bundled recordings (tests/golden/pins.json, written by tests/golden/make_pins.py).

A refactor must not change them. Only a deliberate change of results (new default model, changed feature
or decision rule) regenerates the pins, in a commit of its own, with `python tests/golden/make_pins.py`.
Floats are compared to 1e-9 relative (they hold across CPUs: no numpy arithmetic is involved, but libm and
compilers may round the last bits differently); labels, event kinds and counts exactly.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from _scripts import load

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
PINS = json.loads((GOLDEN / "pins.json").read_text(encoding="utf-8"))
RTOL, ATOL = 1e-9, 1e-12

make_pins = load("tests/golden/make_pins.py")


@pytest.fixture(scope="module", params=PINS["recordings"], ids=lambda r: r["name"])
def pinned(request):
    pin = request.param
    t, acc, fs, units, first = make_pins.load(pin["path"], pin["start_s"], pin["seconds"])
    assert (len(t), fs, units, first) == (pin["n_samples"], pin["fs"], pin["units"], pin["first_sample"])
    return pin, make_pins.compute(t, acc, fs, units)


def test_pins_cover_something():
    # The pins must exercise the parts they hold still: several classes and at least one bout.
    labels = {s for r in PINS["recordings"] for s in r["labels"]}
    kinds = [e[0] for r in PINS["recordings"] for e in r["events"]]
    assert len(labels) >= 2 and "onset" in kinds and "offset" in kinds


def test_features_pinned(pinned):
    pin, got = pinned
    assert got["feature_names"] == pin["feature_names"]
    assert got["n_windows"] == pin["n_windows"]
    np.testing.assert_allclose(got["features"], pin["features"], rtol=RTOL, atol=ATOL)


def test_labels_pinned(pinned):
    pin, got = pinned
    assert got["classes"] == pin["classes"]
    np.testing.assert_allclose(got["proba"], pin["proba"], rtol=RTOL, atol=ATOL)
    assert got["labels"] == pin["labels"]


def test_events_pinned(pinned):
    pin, got = pinned
    assert [e[:2] for e in got["events"]] == [e[:2] for e in pin["events"]]
    for g, p in zip(got["events"], pin["events"]):
        np.testing.assert_allclose(g[2:], p[2:], rtol=RTOL, atol=ATOL)
