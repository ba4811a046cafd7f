"""benchmarks/paradigma_pads.py: tremorlab and ParaDigMa on the same PADS recordings, from ParaDigMa's windows
kept in tests/data/paradigma_pads (ParaDigMa itself is not a dependency). Keeps the table in
docs/evaluation.md current against tremorlab's labels of today, and recomputes one recording by hand."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from _scripts import load

import tremorlab
from tremorlab import realtremor

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
ROOTS = [DATA / "pads_gyro", DATA / "pads_timeseries", DATA / "pads_cmp"]
DOC = REPO / "docs" / "evaluation.md"


@pytest.fixture(scope="module")
def pp():
    return load("benchmarks/paradigma_pads.py")


@pytest.fixture(scope="module")
def cached(pp):
    version, peer = pp.read_cache(pp.DEFAULT_CACHE)
    return version, peer, pp.recordings([r for r in ROOTS if r.is_dir()])


def test_cache_covers_every_bundled_recording_in_paradigmas_4s_windows(pp, cached):
    version, peer, recs = cached
    assert version.count(".") == 2  # "1.1.2": the version that wrote it
    assert sorted(peer) == sorted(pp.key_of(f) for f in recs)
    for f in recs:
        w = peer[pp.key_of(f)]
        dur = f.acc.shape[0] / f.fs
        # ParaDigMa cuts non-overlapping 4 s windows from the start (TremorConfig: window_length_s 4, step 4).
        assert [x["window_start_s"] for x in w] == [4.0 * k for k in range(int(dur // 4.0))], pp.key_of(f)
        assert all(x["pred_tremor_checked"] in (0, 1) and 0.0 <= x["pred_tremor_proba"] <= 1.0 for x in w)
        # A checked tremor call needs the arm at rest (ParaDigMa's own rule).
        assert all(x["pred_arm_at_rest"] == 1 for x in w if x["pred_tremor_checked"] == 1)


def test_one_recording_scored_by_hand(pp, cached):
    """PADS 002 holding a weight: each 4 s window's rule label and tremorlab's majority call, recomputed."""
    _, peer, recs = cached
    f = next(f for f in recs if pp.key_of(f) == "002_HoldWeight_RightWrist")
    got = pp.score_recording(f, peer[pp.key_of(f)])
    res = tremorlab.classify(f.acc, fs=f.fs, units="g")
    lab, centres = np.asarray(res.labels, dtype=str), np.asarray(res.times)
    want_rule, want_tl = [], []
    for w in peer[pp.key_of(f)]:
        s = w["window_start_s"]
        i, n = int(round(s * f.fs)), int(round(4.0 * f.fs))
        ev = realtremor.window_evidence(f.acc[i:i + n], f.fs)
        want_rule.append("tremor" if realtremor.tremor_rule(ev) else "rest" if realtremor.rest_rule(ev) else "")
        inside = (centres >= s) & (centres < s + 4.0)
        want_tl.append(np.sum(lab[inside] == "tremor") * 2 > inside.sum())
    assert got["rule"].tolist() == want_rule and got["tremorlab_tremor"].tolist() == want_tl
    assert got["paradigma_tremor"].tolist() == [w["pred_tremor_checked"] == 1 for w in peer[pp.key_of(f)]]


def test_docs_table_is_current(pp, cached):
    _, peer, recs = cached
    table = pp.markdown(pp.compare(recs, peer)).splitlines()
    doc = DOC.read_text(encoding="utf-8").splitlines()
    i = doc.index(table[0])  # the header is in the docs
    assert doc[i:i + len(table)] == table
