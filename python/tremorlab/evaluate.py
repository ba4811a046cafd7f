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
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from . import _core
from . import datasets as _datasets
from . import metrics as _m
from . import realtremor as _rt
from .train import (BAND, CLASSES, DEFAULTS, MODEL_KINDS, WINDOW_S, WindowSet, _softmax, window_turns,
                    calibration_windows, fit_calibrated, fit_windows, l2_for, logits, model_dict,
                    pads_window_sets, real_windows, subject_folds, synthetic_windows)

__all__ = ["evaluate", "window_report", "main", "RECORDING_THRESHOLD"]

#: A recording is called "tremor" when at least this fraction of its windows are labelled tremor.
RECORDING_THRESHOLD = 0.5


def _core_model(fit: dict, decision: dict[str, float] | None = None) -> Any:
    return _core.Classifier.from_json(json.dumps(model_dict(fit, {"note": "evaluation fold"}, decision=decision)))


def _predict(fit: dict, X: np.ndarray) -> np.ndarray:
    """Probabilities through the C++ classifier (same code path as tremorlab.classify)."""
    return _core_model(fit).predict_proba(X) if len(X) else np.zeros((0, len(CLASSES)))


def _bal(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Binary balanced accuracy; nan when a class is absent."""
    return _m.balanced_accuracy(np.asarray(y_true, bool), np.asarray(y_pred, bool), labels=[False, True],
                                undefined_if_absent=True)


def _decide(decider: Any, proba: np.ndarray, X: np.ndarray, turn: np.ndarray | None) -> np.ndarray:
    """The C++ window decision of ``decider`` (a ``_core.Classifier``) on probabilities ``proba`` with each
    window's band-passed RMS, strongest rhythm and band share (from its features ``X``) and posture ``turn``."""
    if not len(proba):
        return np.zeros(0, dtype=str)
    return np.asarray(decider.decide(proba, _core.band_rms_of_features(X), _core.rhythm_of_features(X), turn,
                                     _core.band_share_of_features(X)), dtype=str).reshape(-1)


def window_report(ws: WindowSet, proba: np.ndarray, decider: Any = None, *,
                  labels: np.ndarray | None = None) -> dict[str, Any]:
    """Window- and recording-level metrics of predictions ``proba`` for windows ``ws``.

    Window labels come from the C++ decision (``decider.decide``, a ``_core.Classifier``; default: the shipped
    model's thresholds) with each window's amplitude, rhythm, posture and band share, as
    :func:`decision_labels` gives them, so a window can be ``shaking`` (kind uncertain): it counts as wrong for
    every true class in ``balanced_accuracy`` and ``accuracy``; ``balanced_accuracy_decided`` leaves it out,
    ``balanced_accuracy_argmax`` is the model's most probable class, and ``shaking_share`` reports its share
    overall and per true class. ``labels``: those window labels, already computed by the caller
    (:func:`decision_labels` of the same model and windows), instead of ``decider``'s."""
    classes = list(CLASSES)
    if labels is not None:
        pred = np.asarray(labels, dtype=str).reshape(-1)
        if len(pred) != len(ws):
            raise ValueError(f"labels must have one entry per window ({len(ws)}), got {len(pred)}")
    else:
        pred = _decide(decider if decider is not None else _core.Classifier.default_model(), proba, ws.X,
                       ws.turn if len(ws.turn) == len(ws) else None)
    present = [c for c in classes if np.any(ws.y == c)]
    prf = _m.precision_recall_f1(ws.y, pred, labels=classes)
    rep: dict[str, Any] = {
        "n_windows": int(len(ws)), "n_recordings": int(len(np.unique(ws.recording))),
        "classes_present": present,
        # Every decision label in the confusion matrix, so a `shaking` window counts as wrong (a matrix of the
        # four classes alone would drop it, and more `shaking` would look like better accuracy).
        "balanced_accuracy": _m.balanced_accuracy(ws.y, pred, labels=list(DECISION_LABELS)),
        # The windows the decision gives one of the four classes (shaking_share says how many it does not).
        "balanced_accuracy_decided": _m.balanced_accuracy(ws.y, pred, labels=present),
        # The model alone: each window's most probable class.
        "balanced_accuracy_argmax": _m.balanced_accuracy(
            ws.y, np.asarray(classes)[np.argmax(proba, axis=1)] if len(proba) else np.array([], dtype=str),
            labels=present),
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


#: Window labels of the decision rule, in report order: the C++ core's (decision.hpp, tremorlab.labels()).
DECISION_LABELS: tuple[str, ...] = tuple(_core.labels())

#: The suffix of the report groups of the held-out people's recordings with three true accelerations
#: (tests/data/pads_cmp and pads_probe; :func:`_true_acc`).
TRUE_ACC = " (true acceleration, held-out people)"

#: Issue 12 targets per real source: (label, max or min, fraction).
TARGETS = {
    "real clear tremor (PADS, rule-labelled windows)": [("tremor", ">=", 0.80), ("mimicked", "<=", 0.10)],
    "real healthy rest (PADS rest tasks, rule-negative)": [("tremor", "<=", 0.01)],
    "real clear tremor (PADS people/wrists never trained on)": [("tremor", ">=", 0.80), ("mimicked", "<=", 0.10)],
    "real healthy rest (PADS, never trained on)": [("tremor", "<=", 0.01)],
    "real motionless (phone)": [("tremor", "<=", 0.01)],
    "everyday: PADS voluntary tasks (healthy)": [("tremor", "<=", 0.01)],
    "everyday: phone movement": [("tremor", "<=", 0.01)],
    "CloudUPDRS rest task (PD, slight tremor)": [],
    "CloudUPDRS voluntary tasks (PD)": [("tremor", "<=", 0.01)],
    "real imitation (phone)": [("tremor", "<=", 0.10)],
    "PADS healthy people, every rest/posture window": [("tremor", "<=", 0.01)],
    "PADS healthy people, every rest/posture window (never trained on)": [("tremor", "<=", 0.01)],
    "PADS people with tremor, every rest/posture window": [],
    "PADS people with tremor, every rest/posture window (never trained on)": [],
    # The same windows grouped by the recording's label under the evidence rule (whatever the diagnosis):
    # how the targets read on whole recordings.
    "PADS rest recordings the rule calls clear tremor, every window": [("tremor", ">=", 0.80), ("mimicked", "<=", 0.10)],
    "PADS rest recordings the rule calls clear tremor, every window (never trained on)":
        [("tremor", ">=", 0.80), ("mimicked", "<=", 0.10)],
    "PADS rest recordings the rule calls tremor-free, every window": [("tremor", "<=", 0.01)],
    "PADS rest recordings the rule calls tremor-free, every window (never trained on)": [("tremor", "<=", 0.01)],
    "PADS rest recordings the rule leaves unscored, every window": [],
    "PADS rest recordings the rule leaves unscored, every window (never trained on)": [],
}

_FILE_RULE = {"positive": "calls clear tremor", "negative": "calls tremor-free", "unscored": "leaves unscored"}

#: The held-out clear-tremor windows again, split by person: the held-out PADS files include the other wrist of
#: people whose first wrist is in the train pool (tests/data/pads_heldout/SOURCE.txt), and a model may know a
#: person's tremor from one wrist, so only the first group measures people the model has never seen.
HELD_OUT_BY_PERSON = ("real clear tremor, held out: people new to the project",
                      "real clear tremor, held out: other wrist of a train-pool person")
HELD_OUT_POOLED = "real clear tremor (PADS people/wrists never trained on)"
for _g in HELD_OUT_BY_PERSON:
    TARGETS[_g] = TARGETS[HELD_OUT_POOLED]
# The held-out people's recordings with three true accelerations (pads_cmp, pads_probe) answer to the same targets.
TARGETS["real clear tremor" + TRUE_ACC] = TARGETS[HELD_OUT_POOLED]
TARGETS["real healthy rest" + TRUE_ACC] = TARGETS["real healthy rest (PADS, never trained on)"]
TARGETS["PADS healthy people, every rest/posture window" + TRUE_ACC] = \
    TARGETS["PADS healthy people, every rest/posture window"]


def held_out_person_groups(pooled: np.ndarray, subject: np.ndarray, train_subjects: np.ndarray
                           ) -> list[tuple[str, np.ndarray]]:
    """HELD_OUT_BY_PERSON: the windows of the pooled held-out clear-tremor row (mask ``pooled``) split by
    whether their person (``subject``, the same id for both wrists: realtremor's 'padsET_302') has windows
    among ``train_subjects``."""
    seen = np.isin(np.asarray(subject, dtype=str), np.unique(np.asarray(train_subjects, dtype=str)))
    return [(HELD_OUT_BY_PERSON[0], pooled & ~seen), (HELD_OUT_BY_PERSON[1], pooled & seen)]


def _never_trained_on(recording: str) -> bool:
    """A recording of tests/data/pads_heldout (its name as realtremor gives it)."""
    return recording.replace("\\", "/").startswith("pads_heldout/")


def _true_acc(recording: str) -> bool:
    """A held-out person's recording with three true accelerations (tests/data/pads_cmp or pads_probe,
    realtremor.HELD_OUT_TIMESERIES; the pads_heldout copies hold acceleration z and two rotation rates:
    docs/evaluation.md)."""
    return recording.replace("\\", "/").split("/")[0] in _rt.HELD_OUT_TIMESERIES


def source_of(recording: str, label: str) -> str:
    """The report group of a real window (recording path + its label)."""
    r = recording.replace("\\", "/")
    group = label.split(":")[0]
    if group in ("healthy", "tremor_person"):  # pads_every_window: '<group>:<file rule>', not a class
        who = "healthy people" if group == "healthy" else "people with tremor"
        return f"PADS {who}, every rest/posture window" + (
            TRUE_ACC if _true_acc(r) else " (never trained on)" if _never_trained_on(r) else "")
    if _true_acc(r):
        return {"tremor": "real clear tremor", "rest": "real healthy rest"}[label] + TRUE_ACC
    if _never_trained_on(r):
        return {"tremor": "real clear tremor (PADS people/wrists never trained on)",
                "rest": "real healthy rest (PADS, never trained on)",
                "voluntary": "everyday: PADS voluntary tasks (healthy)"}[label]
    if r.startswith("pads_"):
        return {"tremor": "real clear tremor (PADS, rule-labelled windows)",
                "rest": "real healthy rest (PADS rest tasks, rule-negative)",
                "voluntary": "everyday: PADS voluntary tasks (healthy)"}[label]
    if "phone_mimicked_shaking" in r or "/Simulation/" in r:
        return {"mimicked": "real imitation (phone)", "voluntary": "everyday: phone movement",
                "rest": "real motionless (phone)"}[label]
    if "cloudupdrs" in r or "KINETIC" in r or "T_-_" in r:
        return "CloudUPDRS rest task (PD, slight tremor)" if label == "rest" else "CloudUPDRS voluntary tasks (PD)"
    return f"other ({label})"


def file_rule_group(recording: str, label: str) -> str | None:
    """The second report group of a window of :func:`~tremorlab.train.pads_every_window` (label
    '<group>:<file rule>'): its recording's label under the evidence rule, whatever the diagnosis. None for
    any other window."""
    rule = label.split(":")[1] if label.count(":") == 1 else ""
    if rule not in _FILE_RULE:
        return None
    return (f"PADS rest recordings the rule {_FILE_RULE[rule]}, every window"
            + (TRUE_ACC if _true_acc(recording) else " (never trained on)" if _never_trained_on(recording) else ""))


def _groups(recording: np.ndarray, y: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """(report group, window mask) pairs: every window's source_of group, and the every-window rows' second
    grouping by their recording's rule label (file_rule_group)."""
    first = np.array([source_of(r, v) for r, v in zip(recording, y)])
    second = np.array([file_rule_group(r, v) or "" for r, v in zip(recording, y)])
    return ([(g, first == g) for g in sorted(set(first))] +
            [(g, second == g) for g in sorted(set(second) - {""})])


def _check_min_amplitude(v: float | None) -> None:
    """Refuses a floor DecisionConfig.validate() (C++) would refuse, before any work: ValueError."""
    if v is not None:
        _core.decide(np.zeros((0, 4)), {"min_amplitude": v})


def _check_init_seed(v: int | None) -> None:
    """Refuses an initial-weights seed numpy's seeding would refuse, or take silently (True as 1): ValueError."""
    if v is not None and (isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0):
        raise ValueError(f"init_seed must be a non-negative integer, got {v!r}")


def with_floor(decision: dict[str, float], min_amplitude: float | None) -> dict[str, float]:
    """``decision`` with its still-hand floor replaced by ``min_amplitude`` (m/s^2; None: unchanged). For
    ``evaluate --min-amplitude``: what another floor would do, every fold and report alike."""
    return decision if min_amplitude is None else {**decision, "min_amplitude": float(min_amplitude)}


def decision_labels(fit: dict, decision: dict[str, float], X: np.ndarray, turn: np.ndarray | None = None
                    ) -> np.ndarray:
    """Window labels of the C++ core: probabilities, then the decision rule of decision.hpp with ``decision``
    and each window's band-passed RMS and strongest rhythm (from its log_band_power and broad_peak_frequency)
    and posture ``turn`` (deg/s, WindowSet.turn; None or NaN: not known)."""
    if not len(X):
        return np.zeros(0, dtype=str)
    core = _core_model(fit, decision)
    return _decide(core, core.predict_proba(X), X, turn)


def _held_out_group(name: str, labels: np.ndarray, subject: np.ndarray, mask: np.ndarray) -> dict[str, Any]:
    """One group of the held-out report's ``by_source``: its windows, label fractions, targets, per person."""
    fr = label_fractions(labels[mask])
    return {"n_windows": int(mask.sum()), "fractions": fr, "targets": check_targets(name, fr),
            "per_subject": per_subject_fractions(labels, subject, mask)}


def label_fractions(labels: np.ndarray) -> dict[str, float]:
    n = max(1, len(labels))
    return {c: round(float(np.sum(labels == c)) / n, 4) for c in DECISION_LABELS}


def per_subject_fractions(labels: np.ndarray, subject: np.ndarray, mask: np.ndarray) -> dict[str, dict[str, float]]:
    """label_fractions of the windows in ``mask``, per subject (the JSON rows' ``per_subject``)."""
    return {s: label_fractions(labels[mask & (subject == s)]) for s in sorted(set(subject[mask]))}


def check_targets(name: str, fr: dict[str, float]) -> list[dict[str, Any]]:
    out = []
    for lab, op, v in TARGETS.get(name, []):
        ok = fr[lab] >= v if op == ">=" else fr[lab] <= v
        out.append({"label": lab, "op": op, "target": v, "value": fr[lab], "met": bool(ok)})
    return out


#: tremor_min_share values of the decision trade-off report (:func:`real_sources_report`).
TRADEOFF_SHARES: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9)
#: The leave-subjects-out groups the trade-off report follows: what a lower or higher tremor share buys and costs.
TRADEOFF_GROUPS: tuple[str, ...] = ("real clear tremor (PADS, rule-labelled windows)", "real imitation (phone)",
                                    "real healthy rest (PADS rest tasks, rule-negative)",
                                    "everyday: PADS voluntary tasks (healthy)", "CloudUPDRS voluntary tasks (PD)")


def real_sources_report(syn_train: WindowSet, real: WindowSet, cal: WindowSet, lam: float,
                        log: Any = None, fit_kw: dict[str, Any] | None = None,
                        every: WindowSet | None = None, min_amplitude: float | None = None
                        ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Leave-subjects-out over the real train pool: each fold trains on synthetic data + the other real
    subjects (``fit_kw``: model kind, hidden units, seed for :func:`fit_windows`), calibrates (temperature,
    decision thresholds on out-of-fold predictions of those other subjects, as train does) without the fold,
    labels the fold's windows. ``every``: more windows of the same
    people to report, never trained on (:func:`~tremorlab.train.pads_every_window`), each labelled by the
    model of its person's fold (a person with no labelled window: by the first fold's model).

    Returns (the report per group, the decision trade-off): the same windows labelled again with each fold's
    decision but its ``tremor_min_share`` set to each of :data:`TRADEOFF_SHARES`, for the groups of
    :data:`TRADEOFF_GROUPS` (what calling more `shaking` windows `tremor` gains on real tremor and costs on
    imitation and everyday movement)."""
    # The report's windows: the train pool's, then ``every``'s, each in the fold of its person.
    every = every if every is not None else WindowSet.concat([])
    subject = np.concatenate([real.subject, every.subject])
    X = np.vstack([real.X, every.X])
    turn = np.concatenate([real.turn, every.turn])
    orphan = ~np.isin(subject, real.subject)
    labels = np.empty(len(subject), dtype=object)
    shares = {v: np.empty(len(subject), dtype=object) for v in TRADEOFF_SHARES}
    amplitude, rhythm, share = _core.band_rms_of_features(X), _core.rhythm_of_features(X), _core.band_share_of_features(X)
    def fit_of(w: WindowSet) -> dict:
        return fit_windows(w, lam, **(fit_kw or {}))

    for k, fold in enumerate(subject_folds(real.subject.tolist())):
        test = np.isin(real.subject, fold)
        tr = real.select(~test)
        _, fit, rec = fit_calibrated(syn_train, tr, cal, fit_of)
        mine = np.isin(subject, fold) | (orphan & (k == 0))
        decision = with_floor(rec["decision"], min_amplitude)
        labels[mine] = decision_labels(fit, decision, X[mine], turn[mine])
        P = _predict(fit, X[mine])
        for v, lab in shares.items():
            lab[mine] = _core.decide(P, {**decision, "tremor_min_share": v}, amplitude[mine], rhythm[mine], turn[mine],
                                     share[mine])
        if log:
            log(f"real fold {fold} done")
    labels = labels.astype(str)
    recording = np.concatenate([real.recording, every.recording])
    ys = np.concatenate([real.y, every.y])
    out: dict[str, Any] = {}
    tradeoff: dict[str, Any] = {"tremor_min_share": list(TRADEOFF_SHARES), "groups": {}}
    for g, m in _groups(recording, ys):
        fr = label_fractions(labels[m])
        per_subject = per_subject_fractions(labels, subject, m)
        out[g] = {"n_windows": int(m.sum()), "n_subjects": len(per_subject), "fractions": fr,
                  "targets": check_targets(g, fr), "per_subject": per_subject}
        if g in TRADEOFF_GROUPS:
            tradeoff["groups"][g] = [label_fractions(shares[v][m].astype(str)) for v in TRADEOFF_SHARES]
    return out, tradeoff


def ppp_report(fit: dict, decision: dict[str, float], real_root: str | None = None) -> dict[str, Any] | None:
    """ParaDigMa's PPP recording, check only (never trained on): our labels inside the 4 s windows ParaDigMa
    calls tremor and inside the others (weak labels, a peer's output)."""
    try:
        pred = _datasets.paradigma_predictions(Path(real_root) / "paradigma_ppp" if real_root else None)
    except FileNotFoundError:
        return None
    infos = [i for i in (_datasets.catalogue(real_root) if real_root else _datasets.catalogue())
             if i.dataset == "paradigma_ppp"]
    if not infos:
        return None
    rec = _datasets.load(infos[0])
    vals, win, hop = _core.batch_features(np.ascontiguousarray(rec.acc, dtype=np.float64), float(rec.fs), WINDOW_S,
                                          DEFAULTS["real_hop_s"], rec.units, *BAND)
    labels = decision_labels(fit, decision, vals, window_turns(rec.acc, rec.units, win, hop, rec.fs))
    t = np.asarray(rec.t)
    mid = np.array([t[min(len(t) - 1, i * hop + win // 2)] for i in range(len(labels))]) - t[0]
    starts = pred["window_start_s"]
    flag = pred["pred_tremor_checked"] > 0.5
    out: dict[str, Any] = {}
    for name, sel in (("paradigma_tremor_windows", flag), ("paradigma_other_windows", ~flag)):
        inside = np.zeros(len(labels), bool)
        for s0 in starts[sel]:
            inside |= (mid >= s0) & (mid < s0 + 4.0)
        out[name] = {"n_paradigma_windows": int(sel.sum()), "n_windows": int(inside.sum()),
                     "fractions": label_fractions(labels[inside])}
    return out


def reliability(P: np.ndarray, y: np.ndarray, n_bins: int = 10) -> dict[str, Any]:
    """Reliability of the top-class probability: per bin mean confidence, accuracy, count; and the expected
    calibration error (count-weighted |accuracy - confidence|)."""
    conf = P.max(axis=1)
    correct = np.array(CLASSES, dtype=object)[np.argmax(P, axis=1)].astype(str) == y
    edges = np.linspace(0.25, 1.0, n_bins + 1)
    rows = []
    ece = 0.0
    for i in range(n_bins):
        m = (conf >= edges[i]) & ((conf < edges[i + 1]) if i < n_bins - 1 else (conf <= 1.0))
        if m.any():
            rows.append({"lo": round(float(edges[i]), 3), "hi": round(float(edges[i + 1]), 3),
                         "confidence": round(float(conf[m].mean()), 4), "accuracy": round(float(correct[m].mean()), 4),
                         "n": int(m.sum())})
            ece += m.sum() / len(y) * abs(correct[m].mean() - conf[m].mean())
    return {"bins": rows, "ece": round(float(ece), 4)}


def evaluate(seed: int = 0, test_seed: int = 1000, *, real_root: str | None = None, n_per_class: int | None = None,
             n_test_per_class: int = 24, l2: float | None = None, include_held_out: bool = True,
             verbose: bool = False, model: str = DEFAULTS["model"], hidden: int = DEFAULTS["hidden"],
             min_amplitude: float | None = None, init_seed: int | None = None) -> dict[str, Any]:
    """Run the evaluations; returns a JSON-serialisable dict. ``model``/``hidden``: the model kind every fit
    uses (as ``python -m tremorlab.train --model``). ``min_amplitude``: label every report with this still-hand
    floor (m/s^2) instead of the decision's own (what-if; the models are the same). ``init_seed``: seed of the
    networks' initial weights only (default ``seed``); the synthetic subjects stay ``seed``'s, so a run with
    another ``init_seed`` shows how much of a figure's swing between seeds is the network's starting point."""
    _check_min_amplitude(min_amplitude)
    _check_init_seed(init_seed)
    t0 = time.time()
    npc = n_per_class or DEFAULTS["n_per_class"]
    if model not in MODEL_KINDS:
        raise ValueError(f"model must be one of {MODEL_KINDS}, got {model!r}")
    lam = l2_for(model, l2)
    fit_kw: dict[str, Any] = {"model": model, "hidden": hidden, "seed": seed if init_seed is None else int(init_seed)}

    def log(msg: str) -> None:
        if verbose:
            print(f"[{time.time() - t0:5.1f}s] {msg}", file=sys.stderr)

    syn_train = synthetic_windows(npc, DEFAULTS["duration_s"], DEFAULTS["synth_fs"], seed, DEFAULTS["n_subjects"],
                                  DEFAULTS["synth_hop_s"])
    syn_test = synthetic_windows(n_test_per_class, DEFAULTS["duration_s"], DEFAULTS["synth_fs"], test_seed,
                                 max(6, DEFAULTS["n_subjects"] // 2), DEFAULTS["synth_hop_s"])
    cal = calibration_windows(seed, n_per_class=max(8, npc // 2))
    assert not set(syn_train.subject) & set(syn_test.subject) and not set(cal.subject) & set(syn_test.subject)
    log(f"synthetic: {len(syn_train)} train / {len(cal)} calibration / {len(syn_test)} test windows")
    infos = _datasets.catalogue(real_root) if real_root else _datasets.catalogue()
    pool = _datasets.train_pool(infos, labelled_only=True)
    pads, pads_every = pads_window_sets(real_root, DEFAULTS["real_hop_s"])
    real = WindowSet.concat([real_windows(pool, DEFAULTS["real_hop_s"]), pads])
    log(f"real train pool: {len(real)} windows from {len(np.unique(real.recording)) if len(real) else 0} recordings")

    out: dict[str, Any] = {"seed": seed, "init_seed": fit_kw["seed"], "test_seed": test_seed, "n_per_class": npc,
                           "l2": lam, "model": model,
                           **({"hidden": hidden} if model == "mlp" else {}),
                           "window_s": WINDOW_S, "hop_s_eval": DEFAULTS["synth_hop_s"]}
    raw, full, calib = fit_calibrated(syn_train, real, cal, lambda w: fit_windows(w, lam, **fit_kw))
    calib["decision"] = with_floor(calib["decision"], min_amplitude)
    out["calibration"] = calib
    P = _predict(full, syn_test.X)
    # Its own decision's thresholds, not the installed default model's (which may be another model).
    lab = decision_labels(full, calib["decision"], syn_test.X, syn_test.turn)
    rep = window_report(syn_test, P, labels=lab)
    rep["decision_fractions_by_true_class"] = {c: label_fractions(lab[syn_test.y == c]) for c in CLASSES}
    out["synthetic_held_out_subjects"] = rep
    out["reliability_held_out_synthetic"] = {"uncalibrated": reliability(_softmax(logits(raw, syn_test.X)), syn_test.y),
                                             "calibrated": reliability(P, syn_test.y)}
    log("synthetic report done")

    if len(real):
        out["real_train_pool_leave_subjects_out"], out["decision_tradeoff_leave_subjects_out"] = real_sources_report(
            syn_train, real, cal, lam, log, fit_kw, every=pads_every, min_amplitude=min_amplitude)
    ppp = ppp_report(full, calib["decision"], real_root)
    if ppp is not None:
        out["ppp_weak_labels"] = ppp
    log("real reports done")

    if include_held_out:
        held_pads, held_every = pads_window_sets(real_root, DEFAULTS["real_hop_s"], held_out=True)
        held = WindowSet.concat([real_windows(_datasets.held_out_set(infos, labelled_only=True), DEFAULTS["real_hop_s"]),
                                 held_pads])
        if len(held):
            # The every-window rows only add to the per-source table: their y is a person's group, not a class.
            hl = decision_labels(full, calib["decision"], np.vstack([held.X, held_every.X]),
                                 np.concatenate([held.turn, held_every.turn]))
            hr = window_report(held, _predict(full, held.X), labels=hl[:len(held)])
            groups = _groups(np.concatenate([held.recording, held_every.recording]),
                             np.concatenate([held.y, held_every.y]))
            subject = np.concatenate([held.subject, held_every.subject])
            pooled = dict(groups).get(HELD_OUT_POOLED)  # absent without tests/data/pads_heldout
            if pooled is not None:
                groups += held_out_person_groups(pooled, subject, pads.subject)
            hr["by_source"] = {g: _held_out_group(g, hl, subject, m) for g, m in groups}
            # The held-out people's recordings with three true accelerations: their own groups (TRUE_ACC).
            true_l, true_e = pads_window_sets(real_root, DEFAULTS["real_hop_s"], true_acc=True)
            tw = WindowSet.concat([true_l, true_e])
            if len(tw):
                tl = decision_labels(full, calib["decision"], tw.X, tw.turn)
                tg = _groups(tw.recording, tw.y)
                pooled_t = dict(tg).get("real clear tremor" + TRUE_ACC)
                if pooled_t is not None:  # split by person as the copies' row is
                    tg += [(g + TRUE_ACC, m) for g, m in held_out_person_groups(pooled_t, tw.subject, pads.subject)
                           if m.any()]
                hr["by_source"].update({g: _held_out_group(g, tl, tw.subject, m) for g, m in tg})
            hr["files"] = sorted(set(held.recording.tolist()))
            out["real_held_out_files"] = hr
        log("held-out report done")
    out["seconds"] = round(time.time() - t0, 1)
    return out


def _fmt(x: Any) -> str:
    return "n/a" if x is None or (isinstance(x, float) and not np.isfinite(x)) else f"{x:.3f}"


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def summary(res: dict[str, Any]) -> str:
    """A short Markdown summary of :func:`evaluate`'s result."""
    r = res["synthetic_held_out_subjects"]
    c = res["calibration"]
    kind = res.get("model", "linear") + (f", {res['hidden']} hidden units" if "hidden" in res else "")
    lines = [f"Model: {kind}, l2 {res['l2']}", "",
             f"Decision thresholds (model JSON \"decision\"): {c['decision']}; temperature {c['temperature']}; "
             f"window amplitude floor (min_amplitude) "
             f"{c['decision'].get('min_amplitude', _core.decision_defaults()['min_amplitude']):.4f} m/s^2",
             "",
             "| synthetic held-out subjects | value | target |", "|---|---|---|",
             f"| 4-class balanced accuracy, most probable class | {_fmt(r['balanced_accuracy_argmax'])} | >= 0.90 |",
             f"| 4-class balanced accuracy, decision labels (`shaking` counts as wrong) | {_fmt(r['balanced_accuracy'])} | |",
             f"| the same, windows given a class (`shaking` left out: {_pct(r['shaking_share']['all'])} of all) | "
             f"{_fmt(r['balanced_accuracy_decided'])} | |",
             f"| tremor vs mimicked balanced accuracy | {_fmt(r.get('mimicked_vs_tremor', {}).get('balanced_accuracy'))} "
             "| >= 0.95 |"]
    rel = res["reliability_held_out_synthetic"]
    lines.append(f"| expected calibration error, before / after temperature | {rel['uncalibrated']['ece']:.3f} / "
                 f"{rel['calibrated']['ece']:.3f} | |")
    dfr = r["decision_fractions_by_true_class"]
    lines += ["", "| synthetic true class | " + " | ".join(DECISION_LABELS) + " |",
              "|---|" + "---|" * len(DECISION_LABELS)]
    for k, fr in dfr.items():
        lines.append(f"| {k} | " + " | ".join(_pct(fr[x]) for x in DECISION_LABELS) + " |")

    def table(title: str, rows: dict[str, Any]) -> None:
        lines.extend(["", f"| {title} | windows | subjects | " + " | ".join(DECISION_LABELS) + " | targets |",
                      "|---|---|---|" + "---|" * len(DECISION_LABELS) + "---|"])
        for g, v in rows.items():
            tg = "; ".join(f"{t['label']} {t['op']} {_pct(t['target'])}: {'met' if t['met'] else 'NOT met'}"
                           for t in v.get("targets", []))
            lines.append(f"| {g} | {v['n_windows']} | {v.get('n_subjects', '')} | "
                         + " | ".join(_pct(v['fractions'][x]) for x in DECISION_LABELS) + f" | {tg} |")

    if "real_train_pool_leave_subjects_out" in res:
        table("real train pool, leave-subjects-out", res["real_train_pool_leave_subjects_out"])
    if "decision_tradeoff_leave_subjects_out" in res:
        to = res["decision_tradeoff_leave_subjects_out"]
        lines.extend(["", "| leave-subjects-out, tremor_min_share -> | "
                      + " | ".join(f"{v:g}" for v in to["tremor_min_share"]) + " |",
                      "|---|" + "---|" * len(to["tremor_min_share"])])
        for g, frs in to["groups"].items():
            lines.append(f"| {g}: tremor / mimicked / shaking | "
                         + " | ".join(f"{_pct(f['tremor'])} / {_pct(f['mimicked'])} / {_pct(f['shaking'])}"
                                      for f in frs) + " |")
    if "ppp_weak_labels" in res:
        table("PPP (ParaDigMa weak labels, check only)", res["ppp_weak_labels"])
    if "real_held_out_files" in res:
        table("real held-out files (final, report only)", res["real_held_out_files"]["by_source"])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tremorlab.evaluate", description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--init-seed", type=int, default=None,
                   help="seed of the networks' initial weights only (default: --seed; the data stay --seed's)")
    p.add_argument("--test-seed", type=int, default=1000)
    p.add_argument("--data", default=None, help="shared real-data folder")
    p.add_argument("--json", default=None, help="write the full result here")
    p.add_argument("--no-held-out", action="store_true", help="skip the final held-out-file report")
    p.add_argument("--figure", default=None, help="write the reliability curve (held-out synthetic subjects) here (PNG)")
    p.add_argument("--model", choices=MODEL_KINDS, default=DEFAULTS["model"],
                   help="model kind every fold trains (as python -m tremorlab.train --model)")
    p.add_argument("--hidden", type=int, default=DEFAULTS["hidden"], help="hidden units of --model mlp")
    p.add_argument("--l2", type=float, default=None, help="L2 penalty (default: the model kind's)")
    p.add_argument("--min-amplitude", type=float, default=None,
                   help="still-hand floor (m/s^2) for every report instead of the decision's (what-if)")
    p.add_argument("-v", "--verbose", action="store_true")
    a = p.parse_args(argv)
    try:
        _check_min_amplitude(a.min_amplitude)
    except ValueError as e:
        p.error(f"--min-amplitude: {e}")
    try:
        _check_init_seed(a.init_seed)
    except ValueError as e:
        p.error(f"--init-seed: {e}")
    res = evaluate(a.seed, a.test_seed, real_root=a.data, include_held_out=not a.no_held_out, verbose=a.verbose,
                   model=a.model, hidden=a.hidden, l2=a.l2, min_amplitude=a.min_amplitude, init_seed=a.init_seed)
    print(summary(res))
    print(f"\n({res['seconds']} s)")
    if a.figure:
        from .plot import reliability_figure

        reliability_figure(res["reliability_held_out_synthetic"], a.figure)
        print(f"wrote {a.figure}")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1, default=float)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
