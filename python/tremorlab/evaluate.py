"""Subject-held-out evaluation of the window classifier: ``python -m tremorlab.evaluate [--json out.json]``.

Three reports, each trained with :mod:`tremorlab.train`'s routine (same features, solver and weights):

1. **synthetic, held-out subjects**: train on synthetic subjects of ``seed`` (+ the real train pool), test on
   a synthetic dataset drawn with another seed (``test_seed``: different synthetic subjects, personal
   parameters and recordings) -> 4-class metrics, tremor-vs-not, mimicked-vs-tremor.
2. **real, leave-one-subject-out over the train pool**: for each real subject, train on synthetic data + the
   other real subjects, test on that subject's labelled recordings (never held-out files).
3. **final, held-out files**: train on synthetic data + the whole real train pool (exactly the default
   model's recipe), test once on the held-out real files and the held-out synthetic subjects.

No public recording has confirmed involuntary tremor: on real data "tremor" positives do not exist, so
tremor-vs-not there reduces to specificity (window and recording level). The tremor class is checked on
synthetic data only. tremorlab classifies movement; it makes no medical claim and gives no diagnosis.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, Sequence

import numpy as np

from . import _core
from . import datasets as _datasets
from . import metrics as _m
from .train import (CLASSES, DEFAULTS, WINDOW_S, WindowSet, fit_windows, model_dict, real_windows, synthetic_windows)

__all__ = ["evaluate", "window_report", "main", "RECORDING_THRESHOLD"]

#: A recording is called "tremor" when at least this fraction of its windows are labelled tremor.
RECORDING_THRESHOLD = 0.5


def _predict(fit: dict, X: np.ndarray) -> np.ndarray:
    """Probabilities through the C++ classifier (same code path as tremorlab.classify)."""
    core = _core.Classifier.from_json(json.dumps(model_dict(fit, {"note": "evaluation fold"})))
    return core.predict_proba(X) if len(X) else np.zeros((0, len(CLASSES)))


def _bal(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Binary balanced accuracy; nan when a class is absent."""
    return _m.balanced_accuracy(np.asarray(y_true, bool), np.asarray(y_pred, bool), labels=[False, True],
                                undefined_if_absent=True)


def window_report(ws: WindowSet, proba: np.ndarray, decider: Any = None) -> dict[str, Any]:
    """Window- and recording-level metrics of predictions ``proba`` for windows ``ws``.

    Window labels come from the C++ decision (``decider.decide``, a ``_core.Classifier``; default: the shipped
    model's thresholds), so a window can be ``shaking`` (kind uncertain): it counts as wrong for every true
    class in the accuracies, and ``shaking_share`` reports its share overall and per true class."""
    classes = list(CLASSES)
    if decider is None:
        decider = _core.Classifier.default_model()
    pred = np.asarray(decider.decide(proba), dtype=str).reshape(-1) if len(proba) else np.array([], dtype=str)
    present = [c for c in classes if np.any(ws.y == c)]
    prf = _m.precision_recall_f1(ws.y, pred, labels=classes)
    rep: dict[str, Any] = {
        "n_windows": int(len(ws)), "n_recordings": int(len(np.unique(ws.recording))),
        "classes_present": present,
        "balanced_accuracy": _m.balanced_accuracy(ws.y, pred, labels=present),
        "accuracy": _m.accuracy(ws.y, pred),
        "per_class": {c: {k: (float(prf[k][i]) if np.isfinite(prf[k][i]) else None) for k in ("precision", "recall", "f1")}
                      | {"support": int(np.sum(ws.y == c))} for i, c in enumerate(classes)},
        "confusion": {"labels": classes, "matrix": _m.confusion_matrix(ws.y, pred, labels=classes).tolist()},
        "shaking_share": {"all": float(np.mean(pred == "shaking")) if len(pred) else None}
        | {c: float(np.mean(pred[ws.y == c] == "shaking")) for c in present},
    }
    is_t, pred_t = ws.y == "tremor", pred == "tremor"
    ss = _m.binary_sensitivity_specificity(is_t, pred_t)
    rep["tremor_vs_not"] = {"balanced_accuracy": _bal(is_t, pred_t), "sensitivity": ss["sensitivity"],
                            "specificity": ss["specificity"]}
    tm = (ws.y == "tremor") | (ws.y == "mimicked")
    if tm.any():
        it, im = classes.index("tremor"), classes.index("mimicked")
        says_t = proba[tm, it] >= proba[tm, im]
        rep["mimicked_vs_tremor"] = {"balanced_accuracy": _bal(ws.y[tm] == "tremor", says_t),
                                     "n_windows": int(tm.sum())}
    ids, rec_pred = _m.recording_level(pred == "tremor", RECORDING_THRESHOLD, groups=ws.recording)
    rec_true = np.array([bool(np.all(ws.y[ws.recording == i] == "tremor")) for i in ids])
    rs = _m.binary_sensitivity_specificity(rec_true, rec_pred)
    rep["recording_level_tremor"] = {"threshold_fraction": RECORDING_THRESHOLD, "sensitivity": rs["sensitivity"],
                                     "specificity": rs["specificity"], "n_positive": int(rec_true.sum()),
                                     "n_negative": int((~rec_true).sum()), "false_positive_recordings":
                                     [str(i) for i, t, p in zip(ids, rec_true, rec_pred) if p and not t]}
    return rep


def evaluate(seed: int = 0, test_seed: int = 1000, *, real_root: str | None = None, n_per_class: int | None = None,
             n_test_per_class: int = 24, l2: float | None = None, include_held_out: bool = True,
             verbose: bool = False) -> dict[str, Any]:
    """Run the three evaluations; returns a JSON-serialisable dict."""
    t0 = time.time()
    npc = n_per_class or DEFAULTS["n_per_class"]
    lam = DEFAULTS["l2"] if l2 is None else l2

    def log(msg: str) -> None:
        if verbose:
            print(f"[{time.time() - t0:5.1f}s] {msg}", file=sys.stderr)

    syn_train = synthetic_windows(npc, DEFAULTS["duration_s"], DEFAULTS["synth_fs"], seed, DEFAULTS["n_subjects"],
                                  DEFAULTS["synth_hop_s"])
    syn_test = synthetic_windows(n_test_per_class, DEFAULTS["duration_s"], DEFAULTS["synth_fs"], test_seed,
                                 max(6, DEFAULTS["n_subjects"] // 2), DEFAULTS["synth_hop_s"])
    assert not set(syn_train.subject) & set(syn_test.subject)
    log(f"synthetic: {len(syn_train)} train / {len(syn_test)} test windows")
    infos = _datasets.catalogue(real_root) if real_root else _datasets.catalogue()
    pool = _datasets.train_pool(infos, labelled_only=True)
    real = real_windows(pool, DEFAULTS["real_hop_s"])
    log(f"real train pool: {len(real)} windows from {len(np.unique(real.recording)) if len(real) else 0} recordings")

    out: dict[str, Any] = {"seed": seed, "test_seed": test_seed, "n_per_class": npc, "l2": lam,
                           "window_s": WINDOW_S, "hop_s_eval": DEFAULTS["synth_hop_s"]}
    full = fit_windows(WindowSet.concat([syn_train, real]), lam)
    out["synthetic_held_out_subjects"] = window_report(syn_test, _predict(full, syn_test.X))
    log("synthetic report done")

    loso = {}
    if len(real):
        for subj, _, _ in _datasets.leave_one_subject_out(
                [type("S", (), {"subject": s, "held_out": False})() for s in np.unique(real.subject)]):
            test = real.select(real.subject == subj)
            fit = fit_windows(WindowSet.concat([syn_train, real.select(real.subject != subj)]), lam)
            loso[subj] = window_report(test, _predict(fit, test.X))
            log(f"LOSO {subj} done")
        allp = np.concatenate([_predict(fit_windows(WindowSet.concat([syn_train, real.select(real.subject != s)]), lam),
                                        real.X[real.subject == s]) for s in loso])
        order = np.concatenate([np.flatnonzero(real.subject == s) for s in loso])
        loso["pooled"] = window_report(real.select(order), allp)
    out["real_leave_one_subject_out"] = loso

    if include_held_out:
        held = real_windows(_datasets.held_out_set(infos, labelled_only=True), DEFAULTS["real_hop_s"])
        if len(held):
            out["real_held_out_files"] = window_report(held, _predict(full, held.X))
            out["real_held_out_files"]["files"] = sorted(set(held.recording.tolist()))
        log("held-out report done")
    out["seconds"] = round(time.time() - t0, 1)
    return out


def _fmt(x: Any) -> str:
    return "n/a" if x is None or (isinstance(x, float) and not np.isfinite(x)) else f"{x:.3f}"


def summary(res: dict[str, Any]) -> str:
    """A short Markdown summary of :func:`evaluate`'s result."""
    lines = ["| evaluation | windows | balanced acc. (classes present) | tremor-vs-not bal. acc. | window specificity "
             "(not tremor) | mimicked-vs-tremor | recording-level specificity |", "|---|---|---|---|---|---|---|"]

    def row(name: str, r: dict[str, Any]) -> None:
        lines.append(f"| {name} | {r['n_windows']} | {_fmt(r['balanced_accuracy'])} ({', '.join(r['classes_present'])}) "
                     f"| {_fmt(r['tremor_vs_not']['balanced_accuracy'])} | {_fmt(r['tremor_vs_not']['specificity'])} "
                     f"| {_fmt(r.get('mimicked_vs_tremor', {}).get('balanced_accuracy'))} "
                     f"| {_fmt(r['recording_level_tremor']['specificity'])} "
                     f"({r['recording_level_tremor']['n_negative']} rec.) |")

    row("synthetic, held-out subjects", res["synthetic_held_out_subjects"])
    for s, r in res.get("real_leave_one_subject_out", {}).items():
        row(f"real LOSO: {s}" if s != "pooled" else "real LOSO: pooled", r)
    if "real_held_out_files" in res:
        row("real held-out files (final)", res["real_held_out_files"])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tremorlab.evaluate", description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--test-seed", type=int, default=1000)
    p.add_argument("--data", default=None, help="shared real-data folder")
    p.add_argument("--json", default=None, help="write the full result here")
    p.add_argument("--no-held-out", action="store_true", help="skip the final held-out-file report")
    p.add_argument("-v", "--verbose", action="store_true")
    a = p.parse_args(argv)
    res = evaluate(a.seed, a.test_seed, real_root=a.data, include_held_out=not a.no_held_out, verbose=a.verbose)
    print(summary(res))
    for name, r in [("synthetic held-out subjects", res["synthetic_held_out_subjects"])] + \
            [(f"real LOSO {s}", r) for s, r in res.get("real_leave_one_subject_out", {}).items()] + \
            ([("real held-out files", res["real_held_out_files"])] if "real_held_out_files" in res else []):
        print(f"\n{name}: confusion (rows true, cols predicted; {', '.join(CLASSES)})")
        for c, rowv in zip(CLASSES, r["confusion"]["matrix"]):
            print(f"  {c:>9}: {rowv}")
    print(f"\n({res['seconds']} s)")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1, default=float)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
