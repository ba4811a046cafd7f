"""Evaluation metrics for window- and recording-level classification (numpy only).

Conventions follow scikit-learn where one exists (``confusion_matrix`` rows = true class, columns = predicted
class, in the order of ``labels``; zero-division gives 0.0), so results can be compared directly.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np

__all__ = [
    "confusion_matrix",
    "precision_recall_f1",
    "balanced_accuracy",
    "accuracy",
    "binary_sensitivity_specificity",
    "recording_level",
]


def _as_1d(name: str, y: Any) -> np.ndarray:
    a = np.asarray(y)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {a.shape}")
    return a


def _pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    t = _as_1d("y_true", y_true)
    p = _as_1d("y_pred", y_pred)
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_pred must have the same length, got {t.size} and {p.size}")
    return t, p


def _labels(t: np.ndarray, p: np.ndarray, labels: Sequence[Any] | None) -> list[Any]:
    if labels is None:
        return sorted(set(t.tolist()) | set(p.tolist()), key=lambda v: (str(type(v)), v))
    lab = list(labels)
    if len(set(lab)) != len(lab):
        raise ValueError(f"labels must be unique, got {lab}")
    if not lab:
        raise ValueError("labels must not be empty")
    return lab


def confusion_matrix(y_true: Any, y_pred: Any, labels: Sequence[Any] | None = None) -> np.ndarray:
    """``C[i, j]`` = number of samples of true class ``labels[i]`` predicted as ``labels[j]`` (int64).

    ``labels`` default: the sorted union of both inputs. Samples whose true or predicted value is not in
    ``labels`` are ignored (as in scikit-learn)."""
    t, p = _pair(y_true, y_pred)
    lab = _labels(t, p, labels)
    index = {v: k for k, v in enumerate(lab)}
    ti = np.array([index.get(v, -1) for v in t.tolist()], dtype=np.int64)
    pi = np.array([index.get(v, -1) for v in p.tolist()], dtype=np.int64)
    keep = (ti >= 0) & (pi >= 0)
    k = len(lab)
    return np.bincount(ti[keep] * k + pi[keep], minlength=k * k).reshape(k, k).astype(np.int64)


def _safe_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    out = np.zeros(np.broadcast(a, b).shape)
    np.divide(a, b, out=out, where=b != 0)
    return out


def precision_recall_f1(y_true: Any, y_pred: Any, labels: Sequence[Any] | None = None) -> dict[str, Any]:
    """Per-class precision, recall, F1 and support (arrays in the order of ``labels``) plus macro averages.

    Returns ``{'labels', 'precision', 'recall', 'f1', 'support', 'macro_precision', 'macro_recall',
    'macro_f1'}``; a class with no predictions (or no samples) gets 0.0 for the undefined ratio."""
    t, p = _pair(y_true, y_pred)
    lab = _labels(t, p, labels)
    c = confusion_matrix(t, p, lab)
    tp = np.diag(c).astype(np.float64)
    pred_pos = c.sum(axis=0)
    support = c.sum(axis=1)
    prec = _safe_div(tp, pred_pos)
    rec = _safe_div(tp, support)
    f1 = _safe_div(2 * prec * rec, prec + rec)
    return {"labels": lab, "precision": prec, "recall": rec, "f1": f1, "support": support.astype(np.int64),
            "macro_precision": float(prec.mean()), "macro_recall": float(rec.mean()),
            "macro_f1": float(f1.mean())}


def accuracy(y_true: Any, y_pred: Any) -> float:
    """Fraction of equal entries."""
    t, p = _pair(y_true, y_pred)
    if t.size == 0:
        raise ValueError("accuracy of an empty set is undefined")
    return float(np.mean(t == p))


def balanced_accuracy(y_true: Any, y_pred: Any, labels: Sequence[Any] | None = None, *,
                      undefined_if_absent: bool = False) -> float:
    """Mean recall over the classes that occur in ``y_true`` (restricted to ``labels`` when given).

    ``undefined_if_absent``: ``nan`` when a class of ``labels`` does not occur in ``y_true`` (a binary
    balanced accuracy without one of its classes is not a balanced accuracy)."""
    t, p = _pair(y_true, y_pred)
    lab = _labels(t, p, labels)
    c = confusion_matrix(t, p, lab)
    support = c.sum(axis=1)
    present = support > 0
    if undefined_if_absent and not present.all():
        return float("nan")
    if not present.any():
        raise ValueError("balanced_accuracy: no true samples of the given labels")
    return float(np.mean(np.diag(c)[present] / support[present]))


def binary_sensitivity_specificity(y_true: Any, y_pred: Any) -> dict[str, float]:
    """Sensitivity (TP / P), specificity (TN / N) and the counts for boolean labels.

    Returns ``{'sensitivity', 'specificity', 'tp', 'fn', 'tn', 'fp'}``; an undefined ratio (no positives or
    no negatives in ``y_true``) is ``nan``, because 0 or 1 would both be a claim."""
    t, p = _pair(y_true, y_pred)
    for name, a in (("y_true", t), ("y_pred", p)):
        if a.dtype != bool and not np.isin(a, (0, 1)).all():
            raise ValueError(f"{name} must be boolean (or 0/1), got values {np.unique(a)[:5]}")
    t = t.astype(bool)
    p = p.astype(bool)
    tp = int(np.sum(t & p))
    fn = int(np.sum(t & ~p))
    tn = int(np.sum(~t & ~p))
    fp = int(np.sum(~t & p))
    sens = tp / (tp + fn) if tp + fn else float("nan")
    spec = tn / (tn + fp) if tn + fp else float("nan")
    return {"sensitivity": float(sens), "specificity": float(spec), "tp": tp, "fn": fn, "tn": tn, "fp": fp}


def recording_level(window_pred: Iterable[Any] | dict[Any, Any], threshold: float = 0.5, *,
                    positive: Any = True, groups: Any = None) -> Any:
    """Recording-level decision: positive when the fraction of positive windows is >= ``threshold``.

    Forms:

    * ``recording_level(list_of_window_arrays)`` -> bool array, one per recording;
    * ``recording_level({rec_id: window_array})`` -> ``{rec_id: bool}``;
    * ``recording_level(window_array, groups=rec_ids)`` -> ``(unique_ids, bool array)``.

    A window is positive when it equals ``positive`` (default ``True``; pass e.g. ``'tremor'`` for string
    labels). A recording without windows raises ``ValueError`` (no decision is invented)."""
    if not (0.0 <= threshold <= 1.0):
        raise ValueError(f"threshold must be within [0, 1], got {threshold}")

    def decide(key: Any, w: Any) -> bool:
        a = np.asarray(w)
        if a.ndim != 1:
            raise ValueError(f"recording {key!r}: window predictions must be 1-D, got shape {a.shape}")
        if a.size == 0:
            raise ValueError(f"recording {key!r}: no windows")
        return bool(np.mean(a == positive) >= threshold)

    if groups is not None:
        w = _as_1d("window_pred", window_pred)
        g = _as_1d("groups", groups)
        if g.shape != w.shape:
            raise ValueError(f"groups must have the same length as window_pred, got {g.size} and {w.size}")
        ids, inv = np.unique(g, return_inverse=True)
        return ids, np.array([decide(ids[k], w[inv == k]) for k in range(ids.size)], dtype=bool)
    if isinstance(window_pred, dict):
        return {k: decide(k, v) for k, v in window_pred.items()}
    return np.array([decide(i, w) for i, w in enumerate(window_pred)], dtype=bool)
