"""Metrics against hand-computed values (and scikit-learn when it happens to be installed)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from tremorlab import metrics as M

Y_TRUE = ["rest", "rest", "tremor", "tremor", "tremor", "mimicked", "voluntary", "voluntary"]
Y_PRED = ["rest", "tremor", "tremor", "tremor", "mimicked", "mimicked", "voluntary", "rest"]
LABELS = ["rest", "voluntary", "tremor", "mimicked"]


def test_confusion_matrix_hand():
    c = M.confusion_matrix(Y_TRUE, Y_PRED, LABELS)
    # rows true, cols predicted: rest voluntary tremor mimicked
    expected = np.array([[1, 0, 1, 0],
                         [1, 1, 0, 0],
                         [0, 0, 2, 1],
                         [0, 0, 0, 1]])
    np.testing.assert_array_equal(c, expected)
    assert c.dtype == np.int64
    # default labels = sorted union
    c2 = M.confusion_matrix([1, 0, 1], [1, 1, 1])
    np.testing.assert_array_equal(c2, [[0, 1], [0, 2]])
    # values outside `labels` are ignored
    np.testing.assert_array_equal(M.confusion_matrix(["a", "b", "z"], ["a", "z", "a"], ["a", "b"]), [[1, 0], [0, 0]])


def test_precision_recall_f1_hand():
    r = M.precision_recall_f1(Y_TRUE, Y_PRED, LABELS)
    # rest: tp 1, predicted 3 (rest, rest by voluntary... ) -> col sum 2; support 2
    np.testing.assert_allclose(r["precision"], [1 / 2, 1 / 1, 2 / 3, 1 / 2])
    np.testing.assert_allclose(r["recall"], [1 / 2, 1 / 2, 2 / 3, 1 / 1])
    f1 = [2 * p * q / (p + q) for p, q in zip([0.5, 1, 2 / 3, 0.5], [0.5, 0.5, 2 / 3, 1])]
    np.testing.assert_allclose(r["f1"], f1)
    np.testing.assert_array_equal(r["support"], [2, 2, 3, 1])
    assert r["macro_f1"] == pytest.approx(np.mean(f1))
    # a class never predicted: precision 0 (not nan), as in scikit-learn's zero_division=0
    r2 = M.precision_recall_f1(["a", "b"], ["a", "a"], ["a", "b"])
    np.testing.assert_allclose(r2["precision"], [0.5, 0.0])
    np.testing.assert_allclose(r2["f1"], [2 / 3, 0.0])


def test_balanced_accuracy_hand():
    assert M.balanced_accuracy(Y_TRUE, Y_PRED, LABELS) == pytest.approx((0.5 + 0.5 + 2 / 3 + 1) / 4)
    # classes absent from y_true do not count
    assert M.balanced_accuracy([0, 0, 0, 1], [0, 0, 1, 1], [0, 1, 2]) == pytest.approx((2 / 3 + 1) / 2)
    assert M.accuracy(Y_TRUE, Y_PRED) == pytest.approx(5 / 8)
    # ... unless a binary score asks for both classes (evaluate.py's tremor-vs-not and mimicked-vs-tremor)
    assert np.isnan(M.balanced_accuracy([True, True], [True, False], [False, True], undefined_if_absent=True))
    t, p = [True, True, True, False], [True, False, True, True]
    assert M.balanced_accuracy(t, p, [False, True], undefined_if_absent=True) == pytest.approx((2 / 3 + 0) / 2)


def test_binary_sensitivity_specificity_hand():
    t = np.array([1, 1, 1, 0, 0, 0, 0, 1], bool)
    p = np.array([1, 0, 1, 0, 1, 0, 0, 1], bool)
    r = M.binary_sensitivity_specificity(t, p)
    assert (r["tp"], r["fn"], r["tn"], r["fp"]) == (3, 1, 3, 1)
    assert r["sensitivity"] == pytest.approx(0.75) and r["specificity"] == pytest.approx(0.75)
    r2 = M.binary_sensitivity_specificity([True, True], [True, False])
    assert r2["sensitivity"] == 0.5 and math.isnan(r2["specificity"])
    with pytest.raises(ValueError, match="boolean"):
        M.binary_sensitivity_specificity([2, 0], [1, 0])
    with pytest.raises(ValueError, match="same length"):
        M.binary_sensitivity_specificity([True], [True, False])


def test_recording_level():
    wins = [np.array([1, 1, 0, 0], bool), np.array([1, 0, 0, 0], bool), np.array([1, 1, 1, 0], bool)]
    np.testing.assert_array_equal(M.recording_level(wins, 0.5), [True, False, True])
    np.testing.assert_array_equal(M.recording_level(wins, 0.75), [False, False, True])
    assert M.recording_level({"a": ["tremor", "rest"], "b": ["rest", "rest"]}, 0.5, positive="tremor") == \
        {"a": True, "b": False}
    ids, dec = M.recording_level(np.array([1, 0, 1, 1, 0]), 0.5, positive=1, groups=["x", "x", "y", "y", "z"])
    assert ids.tolist() == ["x", "y", "z"] and dec.tolist() == [True, True, False]
    with pytest.raises(ValueError, match="no windows"):
        M.recording_level([np.array([], bool)])
    with pytest.raises(ValueError, match="threshold"):
        M.recording_level(wins, 1.5)


def test_against_sklearn_if_installed():
    sk = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(0)
    t = rng.integers(0, 4, 200)
    p = np.where(rng.random(200) < 0.6, t, rng.integers(0, 4, 200))
    np.testing.assert_array_equal(M.confusion_matrix(t, p, [0, 1, 2, 3]), sk.confusion_matrix(t, p, labels=[0, 1, 2, 3]))
    assert M.balanced_accuracy(t, p) == pytest.approx(sk.balanced_accuracy_score(t, p))
    pr, rc, f1, sup = sk.precision_recall_fscore_support(t, p, labels=[0, 1, 2, 3], zero_division=0)
    r = M.precision_recall_f1(t, p, [0, 1, 2, 3])
    np.testing.assert_allclose(r["precision"], pr)
    np.testing.assert_allclose(r["recall"], rc)
    np.testing.assert_allclose(r["f1"], f1)
