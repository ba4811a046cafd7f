"""The PADS "Relaxed copies" are columns 3-5 (acceleration z, rotation rates x and y) of the movement/timeseries
files of the same recordings (benchmarks/pads_columns.py), checked with numpy on the bundled pairs and on the
shared pads_relaxed copies; docs/evaluation.md's table is what the script prints."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from _scripts import load

REPO = Path(__file__).resolve().parents[2]
pc = load("benchmarks/pads_columns.py")


def _check(ts: Path, copy: Path) -> None:
    a = np.loadtxt(copy, delimiter=",")
    b = np.loadtxt(ts, delimiter=",")
    assert a.shape == (b.shape[0], 3) and b.shape[1] == 7
    assert np.max(np.abs(a - b[:, 3:6])) <= 5.0000001e-7, ts.name  # the copy's 6 decimals
    assert np.max(np.abs(a - b[:, 1:4])) > 0.1, ts.name           # and not the three accelerations


def test_every_bundled_copy_is_az_gx_gy():
    found = pc.pairs()
    assert len(found) >= 12
    for ts, copy in found:
        _check(ts, copy)


def test_shared_copies_too(shared_data):
    extra = [p for p in pc.pairs(shared_data) if "pads_relaxed" in str(p[1])]
    assert extra  # ET 382 left, PD 019 left (tests/data/pads_gyro)
    for ts, copy in extra:
        _check(ts, copy)


def test_docs_table_is_current():
    table = pc.markdown([pc.compare(ts, cp) for ts, cp in pc.pairs()]).splitlines()
    doc = (REPO / "docs" / "evaluation.md").read_text(encoding="utf-8").splitlines()
    i = doc.index(table[0])
    assert doc[i:i + len(table)] == table
