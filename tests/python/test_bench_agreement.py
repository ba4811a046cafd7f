"""tremorlab.bench.span_majority (a peer's 4 s windows in tremorlab's terms) by hand, and the PPP agreement table
(tremorlab vs ParaDigMa's shipped predictions) recomputed from its own counts."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import tremorlab
from tremorlab.bench import paradigma_agreement, span_majority

PPP = Path(__file__).resolve().parents[2] / "data" / "paradigma_ppp"


def test_span_majority_by_hand():
    centres = np.array([0.5, 1.0, 1.5, 4.5, 5.0, 9.0])
    is_x = np.array([True, True, False, False, True, True])
    values = np.array([1.0, 2.0, 3.0, 4.0, 6.0, 8.0])
    covered, major, mean = span_majority(centres, is_x, [0.0, 4.0, 8.0, 12.0], 4.0, values)
    assert covered.tolist() == [True, True, True, False]
    assert major.tolist() == [True, False, True, False]  # 2 of 3; 1 of 2 is not more than half; 1 of 1
    np.testing.assert_allclose(mean[:3], [2.0, 5.0, 8.0])
    assert np.isnan(mean[3])
    assert span_majority(centres, is_x, [], 4.0)[0].size == 0


@pytest.mark.skipif(not PPP.is_dir(), reason="data/paradigma_ppp not bundled")
def test_ppp_agreement_counts_and_kappa():
    r = paradigma_agreement(str(PPP))
    for name in ("all", "arm_at_rest"):
        t = r[name]
        n = t["windows"]
        a, b, c, d = t["both_tremor"], t["tremorlab_only"], t["paradigma_only"], t["neither"]
        assert a + b + c + d == n
        assert t["agreement"] == pytest.approx((a + d) / n)
        po, pe = (a + d) / n, ((a + b) * (a + c) + (c + d) * (b + d)) / n ** 2
        assert t["kappa"] == pytest.approx((po - pe) / (1 - pe) if pe < 1 else 0.0, abs=1e-12)
    assert r["all"]["windows"] == r["covered_windows"] <= r["paradigma_windows"]
    pred = tremorlab.datasets.paradigma_predictions(str(PPP))
    assert r["paradigma_windows"] == len(pred["window_start_s"])
    assert r["all"]["both_tremor"] + r["all"]["paradigma_only"] == int(np.sum(np.asarray(pred["pred_tremor_checked"]) > 0.5))
