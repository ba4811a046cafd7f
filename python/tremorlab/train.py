"""Train the window classifier: ``python -m tremorlab.train --out model.json [--seed 0]``.

Data: synthetic recordings of all four classes (:mod:`tremorlab.synth`, synthetic subjects, 50/100/200 Hz)
plus the labelled real recordings of the *train pool* (:func:`tremorlab.datasets.train_pool`; held-out files
are never read). Features come from the C++ core (:func:`tremorlab.features`), so training and prediction use
the same code. Model (``--model``; ``mlp`` is the default since model v4): standardisation +
L2-regularised multinomial logistic regression, fitted with a plain numpy Newton solver (``linear``), or a
one-hidden-layer perceptron with tanh units (``mlp``, ``--hidden N``), fitted with analytic numpy gradients
and scipy's L-BFGS (scipy is needed for training only, never at run time); class-balanced sample weights,
temperature scaling and decision tuning are the same for both (the decision is tuned on out-of-fold
predictions of the real train pool, :func:`out_of_fold_proba`, since model v7). Output: a versioned model JSON (see
``tremorlab::Classifier``; version 1 linear, 2 MLP);
``--update-default`` also rewrites ``models/default.json`` and the embedded copy in ``src/default_model.cpp``.

tremorlab classifies movement; it makes no medical claim and gives no diagnosis.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TypedDict, Union

import numpy as np

from . import _core
from . import datasets as _datasets
from . import synth as _synth
from .classify import Classifier, DEFAULT_MODEL_PATH, feature_names

__all__ = ["CLASSES", "MODEL_KINDS", "WindowSet", "synthetic_windows", "real_windows", "fit_softmax", "fit_mlp",
           "train", "model_dict", "write_default", "main"]

CLASSES = ("rest", "voluntary", "tremor", "mimicked")
# The default model's window, hop and band are FeatureConfig's defaults (C++, written once). 2.0 s was chosen on
# synthetic + real LOSO scores and onset latency (docs/evaluation.md); 2.5 s gave ~0.3 s later onsets.
WINDOW_S: float = _core.default_window_s
HOP_S: float = _core.default_hop_s
BAND: tuple[float, float] = _core.default_band
#: Version of the shipped model (provenance.model_version): 2 = issue 12 (real tremor, calibrated, decision);
#: 3 = tremor amplitudes up to 30 m/s^2, the fetched PADS recordings (tests/data/pads_more), mimicked_min_p >= 0.8;
#: 4 = one-hidden-layer network, limbs held still, imitation with its arm motion; 5 = the synthetic held drift
#: checked against real arms held up (0.3-1.5 degrees), the decision tuned with each window's posture; 6 = the
#: PADS train pool read as three true accelerations (movement/timeseries files, 16 more recordings of 9 more
#: people) instead of the 3-column Relaxed copies (acceleration z, two rotation rates), the decision kept from
#: calling real rest and everyday windows tremor (MAX_OTHER_AS_TREMOR); 7 = the decision tuned on out-of-fold
#: predictions of the real train pool (out_of_fold_proba) with tremor_min_share up to 0.9, 5 more recordings of
#: 2 more people (PD 375, 398); 8 = 5 more recordings of 4 more people (PD 179, 223, 228, 441), each with a clear
#: tremor (the tuner then picks tremor_min_share 0.8); 9 = 15 more recordings: 12 of 8 more people with
#: Parkinson's disease and the postural tasks of 2 people with essential tremor, and the no-rhythm threshold
#: at spectral_entropy 0.88 (FeatureExtractor::no_rhythm_bandwidth_hz); 10 = 13 more recordings of train-pool
#: people with Parkinson's disease: their rest tremor during a mental task (RelaxedTask), up to 680 mg, larger
#: and often slower (3.1-5 Hz) than any real tremor the pool held, which v9 called `shaking` or `mimicked`;
#: 11 = the synthetic harmonics no longer the wrong way round (real tremor is the more harmonic class): tremor 2nd
#: harmonic 0.05-0.6 and 3rd 0.02-0.3 of the fundamental, imitation 0.03-0.25 and 0.01-0.07, so the two synthetic
#: classes are about as harmonic (until v10 tremor 0.02-0.3 and no 3rd, imitation 0.1-0.4 and 0.05-0.2, so a
#: strong harmonic read as intent); when no threshold set meets every
#: limit, the decision tuner breaks them least limit by limit (_fewer_broken), not only the worst one; 12 = the
#: synthetic tremor turns the limb as a rigid segment does, gravity term g / (omega^2 r) of the linear acceleration
#: with r drawn as measured on real wrist tremor (0.03-0.15 m) or for legs (0.2-0.45 m), instead of 0-0.5 at any
#: frequency, which made large synthetic tremor `mimicked`.
MODEL_VERSION = 12


class TrainDefaults(TypedDict):
    """Keys and value types of :data:`DEFAULTS` (a plain dict at run time)."""

    seed: int
    n_per_class: int
    duration_s: float
    n_subjects: int
    synth_fs: tuple[float, ...]
    real_hop_s: float
    synth_hop_s: float
    l2: float
    real_weight: float
    model: str
    hidden: int
    mlp_l2: float
    mlp_max_iter: int


DEFAULTS: TrainDefaults = dict(seed=0, n_per_class=48, duration_s=20.0, n_subjects=24,
                               synth_fs=(25.0, 50.0, 100.0, 200.0, 1000.0), real_hop_s=0.5, synth_hop_s=0.5, l2=3e-3,
                               real_weight=1.0, model="mlp", hidden=16, mlp_l2=1e-2,
                               mlp_max_iter=500)
#: The MLP defaults (16 units, l2 1e-2) are the best of the variants measured on train-pool leave-subjects-out and
#: synthetic subjects (docs/evaluation.md: l2 1e-3 over-fits the real imitation, 3e-2 loses the gain, 8 or 32
#: units behave like 16); the shipped model is this network since model v4.
#: Model kinds of ``--model``: "linear" (model JSON version 1) or "mlp" (one tanh hidden layer, version 2).
MODEL_KINDS = ("linear", "mlp")


def l2_for(model: str, l2: float | None = None) -> float:
    """The L2 penalty a fit of ``model`` uses: ``l2``, or the kind's default when it is None."""
    if l2 is not None:
        return l2
    return DEFAULTS["mlp_l2"] if model == "mlp" else DEFAULTS["l2"]


@dataclass
class WindowSet:
    """Feature rows with their labels and grouping (recording id, subject, source) and each window's posture
    (``turn``, deg/s: what the window decision takes, :func:`window_turns`; NaN where not known)."""

    X: np.ndarray
    y: np.ndarray          # class names
    recording: np.ndarray  # recording id per row
    subject: np.ndarray    # subject id per row
    source: np.ndarray     # 'synthetic' or 'real'
    meta: dict[str, Any] = field(default_factory=dict)
    turn: np.ndarray = field(default_factory=lambda: np.zeros(0))  # deg/s per row; empty: not known for any row

    def __post_init__(self) -> None:
        if len(self.turn) == 0:
            self.turn = np.full(self.X.shape[0], np.nan)
        elif len(self.turn) != self.X.shape[0]:
            raise ValueError(f"WindowSet: {len(self.turn)} turns for {self.X.shape[0]} windows")

    def __len__(self) -> int:
        return int(self.X.shape[0])

    @staticmethod
    def empty() -> "WindowSet":
        nf = len(feature_names())
        e = np.array([], dtype=object)
        return WindowSet(np.zeros((0, nf)), e.astype(str), e.astype(str), e.astype(str), e.astype(str))

    @staticmethod
    def concat(parts: Sequence["WindowSet"]) -> "WindowSet":
        parts = [p for p in parts if len(p)]
        if not parts:
            return WindowSet.empty()
        return WindowSet(np.vstack([p.X for p in parts]), np.concatenate([p.y for p in parts]),
                         np.concatenate([p.recording for p in parts]), np.concatenate([p.subject for p in parts]),
                         np.concatenate([p.source for p in parts]), turn=np.concatenate([p.turn for p in parts]))

    def select(self, mask: np.ndarray) -> "WindowSet":
        return WindowSet(self.X[mask], self.y[mask], self.recording[mask], self.subject[mask], self.source[mask],
                         turn=self.turn[mask])


def window_turns(acc: np.ndarray, units: str, window: int, hop: int, fs: float) -> np.ndarray:
    """The posture the window decision takes (deg/s per window; NaN where not known) of the windows of
    ``window`` frames every ``hop`` frames: the C++ measure (``_core.posture_turns``), as
    :func:`tremorlab.classify` and the Detector compute it."""
    return _core.posture_turns(np.ascontiguousarray(acc, dtype=np.float64), window, hop, float(fs), units)


def _feats(acc: np.ndarray, fs: float, units: str, hop_s: float) -> tuple[np.ndarray, np.ndarray]:
    """(features, posture turns) of every window."""
    vals, win, hop = _core.batch_features(np.ascontiguousarray(acc, dtype=np.float64), float(fs), WINDOW_S, hop_s,
                                          units, BAND[0], BAND[1])
    return vals, window_turns(acc, units, win, hop, fs)


def synthetic_windows(n_per_class: int, duration_s: float = 20.0, fs: Iterable[float] = (100.0,), seed: int = 0,
                      n_subjects: int = 10, hop_s: float = 0.5, subject_prefix: str = "") -> WindowSet:
    """Windows of ``tremorlab.synth.dataset`` recordings, one dataset per sampling rate (disjoint seeds, so
    disjoint synthetic subjects; subject ids are prefixed with the seed so they never collide)."""
    parts = []
    fs = list(fs)
    for i, f in enumerate(fs):
        n = max(1, int(round(n_per_class / len(fs))))
        recs = _synth.dataset(n, duration_s, f, seed=[int(seed), 17, i], n_subjects=max(2, n_subjects // len(fs)))
        for j, r in enumerate(recs):
            X, turn = _feats(r.acc, r.fs, "m/s^2", hop_s)
            k = X.shape[0]
            subj = f"{subject_prefix}s{seed}f{i}-{r.subject}"
            parts.append(WindowSet(X, np.full(k, r.kind, dtype=object).astype(str),
                                   np.full(k, f"{subj}/{r.kind}{j}", dtype=object).astype(str),
                                   np.full(k, subj, dtype=object).astype(str),
                                   np.full(k, "synthetic", dtype=object).astype(str), turn=turn))
    return WindowSet.concat(parts)


def real_windows(infos: Iterable[Any], hop_s: float = 0.5) -> WindowSet:
    """Windows of catalogued real recordings (labelled ones only). Callers pass the train pool (or, for the
    final evaluation only, the held-out set)."""
    parts = []
    for info in infos:
        if info.label not in CLASSES:
            continue
        rec = _datasets.load(info)
        if rec.n < int(round(WINDOW_S * rec.fs)) or not (25.0 <= rec.fs <= 1000.0):
            continue
        X, turn = _feats(rec.acc, rec.fs, rec.units, hop_s)
        k = X.shape[0]
        parts.append(WindowSet(X, np.full(k, info.label, dtype=object).astype(str),
                               np.full(k, info.path, dtype=object).astype(str),
                               np.full(k, info.subject, dtype=object).astype(str),
                               np.full(k, "real", dtype=object).astype(str), turn=turn))
    return WindowSet.concat(parts)


def _pads_labelled(root: str | None, hop_s: float, held_out: bool, true_acc: bool = False
                   ) -> Iterator[tuple[Any, np.ndarray, np.ndarray, np.ndarray]]:
    """(recording, features, rule labels, posture turns) of every PADS recording: the labels of
    :func:`pads_windows` ('' for a window the rule leaves unlabelled). ``true_acc``: the held-out people's
    recordings with three true accelerations instead (realtremor.pads_true_recordings)."""
    from . import realtremor as _rt

    for rec in (_rt.pads_true_recordings() if true_acc else _rt.pads_recordings(root, held_out=held_out)):
        # The feature windows' own sample counts (a timeseries file's clock gives ~99.3-100 Hz).
        win, hop = int(round(WINDOW_S * rec.fs)), int(round(hop_s * rec.fs))
        if rec.acc.shape[0] < win:
            continue
        X, turn = _feats(rec.acc, rec.fs, "g", hop_s)
        if rec.task_kind == "voluntary":
            yield rec, X, np.full(X.shape[0], "" if rec.tremor_person else "voluntary"), turn
            continue
        rule = _rt.window_rules(rec.without_gravity(), rec.fs, np.arange(X.shape[0]) * hop, win)
        # A tremor positive only from a person with tremor whose file the rule does not call tremor-free; a
        # rest window from a healthy person, or from a file it does.
        may_tremor = rec.tremor_person and rec.evidence != "negative"
        may_rest = not rec.tremor_person or rec.evidence == "negative"
        labels = np.where((rule == "tremor") & may_tremor, "tremor", np.where((rule == "rest") & may_rest, "rest", ""))
        yield rec, X, labels.astype(str), turn


def _window_set(X: np.ndarray, y: np.ndarray, recording: str, subject: str, turn: np.ndarray) -> WindowSet:
    k = len(y)
    return WindowSet(X, y, np.full(k, recording, dtype=object).astype(str), np.full(k, subject, dtype=object).astype(str),
                     np.full(k, "real", dtype=object).astype(str), turn=turn)


def pads_window_sets(root: str | None = None, hop_s: float = 0.5, *, held_out: bool = False, true_acc: bool = False
                     ) -> tuple[WindowSet, WindowSet]:
    """:func:`pads_windows` and :func:`pads_every_window` from one pass over the recordings (each file read and
    its features computed once). ``true_acc``: of the held-out people's recordings with three true
    accelerations (tests/data/pads_cmp), for evaluation only."""
    labelled, every = [], []
    for rec, X, y, turn in _pads_labelled(root, hop_s, held_out, true_acc):
        if np.any(y != ""):
            labelled.append(_window_set(X[y != ""], y[y != ""], rec.name, rec.subject, turn[y != ""]))
        if rec.task_kind != "voluntary":
            who = "tremor_person" if rec.tremor_person else "healthy"
            every.append(_window_set(X, np.full(len(X), f"{who}:{rec.rule_label()}", dtype=object).astype(str),
                                     rec.name, rec.subject, turn))
    return WindowSet.concat(labelled), WindowSet.concat(every)


def pads_windows(root: str | None = None, hop_s: float = 0.5, *, held_out: bool = False) -> WindowSet:
    """Windows of the PADS recordings (train pool: no reserved participant is ever read), labelled by the
    signal rule of :mod:`tremorlab.realtremor`, independent of the classifier:

    * rest/posture task of a person with tremor, window passes ``tremor_rule`` -> 'tremor';
    * rest/posture task, window passes ``rest_rule`` and the file is not tremor-positive -> 'rest'
      (healthy participants; PADS files whose evidence is negative);
    * voluntary task of a healthy participant -> 'voluntary';
    * anything else -> not used (ambiguous).

    ``held_out=True``: the held-out PADS recordings instead (tests/data/pads_heldout), for evaluation only."""
    return pads_window_sets(root, hop_s, held_out=held_out)[0]


def pads_every_window(root: str | None = None, hop_s: float = 0.5, *, held_out: bool = False) -> WindowSet:
    """EVERY window of the PADS rest and posture tasks, the rule's unlabelled ones included, for evaluation only
    (never training): ``y`` is not a movement class but '<group>:<file rule>': the participant's group,
    'healthy' or 'tremor_person', and the recording's label by the evidence rule
    (:func:`tremorlab.realtremor.file_evidence`: 'positive', 'negative' or 'unscored'). What a user sees on a
    whole recording of a person at rest, where :func:`pads_windows` keeps only the windows the signal rule is
    sure of."""
    return pads_window_sets(root, hop_s, held_out=held_out)[1]


def balanced_weights(ws: WindowSet, real_weight: float = 1.0) -> np.ndarray:
    """Each (source, class) cell gets the same total weight, so every class counts equally and synthetic
    and real data count equally where both have the class; ``real_weight`` scales the real cells."""
    w = np.zeros(len(ws))
    for src in np.unique(ws.source):
        for c in np.unique(ws.y):
            m = (ws.source == src) & (ws.y == c)
            if m.any():
                w[m] = (real_weight if src == "real" else 1.0) / m.sum()
    return w * len(ws) / w.sum()


def fit_softmax(X: np.ndarray, y: np.ndarray, classes: Sequence[str] = CLASSES, sample_weight: np.ndarray | None = None,
                l2: float = 3e-3, max_iter: int = 50, tol: float = 1e-9) -> dict[str, Any]:
    """L2-regularised multinomial logistic regression on standardised features by Newton's method with
    backtracking. Minimises sum_i w_i CE_i / sum_i w_i + l2/2 ||W||^2 (the bias is not penalised).
    Returns mean, scale, W (n_classes, n_features), b (n_classes,)."""
    X = np.asarray(X, dtype=np.float64)
    n, f = X.shape
    C = len(classes)
    idx = {c: i for i, c in enumerate(classes)}
    yi = np.array([idx[v] for v in y])
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    sw = sw / sw.sum()
    mean, scale = _standardise(X)
    Z = np.hstack([(X - mean) / scale, np.ones((n, 1))])
    Y = np.zeros((n, C))
    Y[np.arange(n), yi] = 1.0
    d = f + 1
    theta = np.zeros((C, d))
    reg = np.full(d, l2)
    reg[-1] = 1e-8  # tiny on the bias keeps the Hessian positive definite (softmax is over-parameterised)

    def loss_grad(th: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        L = Z @ th.T
        L -= L.max(axis=1, keepdims=True)
        P = np.exp(L)
        P /= P.sum(axis=1, keepdims=True)
        ce = -np.sum(sw * np.log(np.maximum(P[np.arange(n), yi], 1e-300)))
        loss = ce + 0.5 * np.sum(reg * th * th)
        G = ((P - Y) * sw[:, None]).T @ Z + reg * th
        return loss, G, P

    loss, G, P = loss_grad(theta)
    for _ in range(max_iter):
        H = np.zeros((C * d, C * d))
        for a in range(C):
            for b in range(a, C):
                coef = sw * P[:, a] * ((1.0 if a == b else 0.0) - P[:, b])
                blk = (Z * coef[:, None]).T @ Z
                H[a * d:(a + 1) * d, b * d:(b + 1) * d] = blk
                H[b * d:(b + 1) * d, a * d:(a + 1) * d] = blk.T
        H += np.diag(np.tile(reg, C))
        step = np.linalg.solve(H, G.ravel()).reshape(C, d)
        t = 1.0
        while True:
            new = theta - t * step
            nl, nG, nP = loss_grad(new)
            if nl <= loss - 1e-4 * t * np.sum(G * step) or t < 1e-6:
                break
            t *= 0.5
        done = loss - nl < tol
        theta, loss, G, P = new, nl, nG, nP
        if done:
            break
    return {"mean": mean, "scale": scale, "W": theta[:, :f], "b": theta[:, f], "loss": float(loss)}


def _standardise(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[~(scale > 1e-12)] = 1.0
    return mean, scale


def fit_mlp(X: np.ndarray, y: np.ndarray, classes: Sequence[str] = CLASSES, sample_weight: np.ndarray | None = None,
            l2: float = 1e-2, hidden: int = 16, seed: int = 0, max_iter: int = 500) -> dict[str, Any]:
    """One-hidden-layer perceptron on standardised features: logits = W tanh(W1 z + b1) + b. Minimises
    sum_i w_i CE_i / sum_i w_i + l2/2 (||W1||^2 + ||W||^2) (biases not penalised) with scipy's L-BFGS on the
    analytic gradient, from a seeded random start (same arguments -> same model on one machine; a BLAS with
    another thread count may round the sums differently). ``max_iter`` caps L-BFGS: a few hundred iterations
    fit this small network; more cost minutes per fit on a shared machine. Returns mean, scale, W1
    (hidden, n_features), b1, W (n_classes, hidden), b, loss."""
    from scipy.optimize import minimize  # type: ignore[import-untyped]  # training only: no scipy at run time

    X = np.asarray(X, dtype=np.float64)
    n, f = X.shape
    C, H = len(classes), int(hidden)
    if not 1 <= H <= _core.max_hidden_units:
        raise ValueError(f"hidden must be 1..{_core.max_hidden_units} units (the C++ classifier's limit), got {hidden}")
    idx = {c: i for i, c in enumerate(classes)}
    yi = np.array([idx[v] for v in y])
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    sw = sw / sw.sum()
    mean, scale = _standardise(X)
    Z = (X - mean) / scale
    Y = np.zeros((n, C))
    Y[np.arange(n), yi] = 1.0
    shapes = [(H, f), (H,), (C, H), (C,)]
    sizes = [int(np.prod(s)) for s in shapes]

    def unpack(th: np.ndarray) -> list[np.ndarray]:
        out, o = [], 0
        for s, k in zip(shapes, sizes):
            out.append(th[o:o + k].reshape(s))
            o += k
        return out

    def loss_grad(th: np.ndarray) -> tuple[float, np.ndarray]:
        W1, b1, W2, b2 = unpack(th)
        A = np.tanh(Z @ W1.T + b1)
        L = A @ W2.T + b2
        L -= L.max(axis=1, keepdims=True)
        P = np.exp(L)
        P /= P.sum(axis=1, keepdims=True)
        loss = -np.sum(sw * np.log(np.maximum(P[np.arange(n), yi], 1e-300)))
        loss += 0.5 * l2 * (np.sum(W1 * W1) + np.sum(W2 * W2))
        D = (P - Y) * sw[:, None]          # d loss / d logits
        gW2 = D.T @ A + l2 * W2
        gb2 = D.sum(axis=0)
        DA = (D @ W2) * (1.0 - A * A)      # back through tanh
        gW1 = DA.T @ Z + l2 * W1
        gb1 = DA.sum(axis=0)
        return float(loss), np.concatenate([gW1.ravel(), gb1, gW2.ravel(), gb2])

    rng = np.random.default_rng([int(seed), 29, H])
    th0 = np.concatenate([rng.normal(0.0, 1.0 / np.sqrt(f), H * f), np.zeros(H),
                          rng.normal(0.0, 1.0 / np.sqrt(H), C * H), np.zeros(C)])
    res = minimize(loss_grad, th0, jac=True, method="L-BFGS-B",
                   options={"maxiter": int(max_iter), "maxcor": 20, "ftol": 1e-12, "gtol": 1e-7})
    W1, b1, W2, b2 = unpack(res.x)
    return {"mean": mean, "scale": scale, "W1": W1.copy(), "b1": b1.copy(), "W": W2.copy(), "b": b2.copy(),
            "loss": float(res.fun), "iterations": int(res.nit)}


#: Seed offset of the synthetic *calibration* subjects (temperature and decision thresholds): distinct from the
#: training seed and from evaluate's test seed (1000).
CALIBRATION_SEED_OFFSET = 500
#: Tuning limits: share of genuine-tremor windows (synthetic calibration subjects; real tremor windows of the
#: train pool) that the decision may call mimicked, and of mimicked windows it may call tremor.
MAX_TREMOR_AS_MIMICKED = 0.02
MAX_MIMICKED_AS_TREMOR = 0.05
#: At most this share of the REAL rest and voluntary windows a threshold set may call tremor (issue #12's limit
#: for everyday movement and healthy rest): calling everyday movement tremor is the second-worst error.
MAX_OTHER_AS_TREMOR = 0.01
#: Guards of the window decision switched off while the thresholds are tuned (choose_decision): they only ever take
#: accusations away, and a tuner that saw them won the accusations back with a lower mimicked_min_p. The size guard
#: (decision.hpp, mimicked_max_amplitude) took the synthetic calibration tremor called mimicked from 2.5 % to
#: 1.4 %, within its limit, and the tuner answered with mimicked_min_p 0.8 instead of 0.95: real clear tremor
#: called mimicked out of fold 0.1 % -> 1.1 %, on held-out people's Relaxed copies 0.3 % -> 1.3 %.
TUNING_GUARDS_OFF: dict[str, float] = {"mimicked_max_amplitude": 1e9}
#: The tuner's grid of tremor_min_share (the share of P(tremor) in P(tremor) + P(mimicked) a window needs to be
#: called tremor rather than `shaking`).
TREMOR_MIN_SHARES: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
#: Subject folds of the out-of-fold predictions the decision tuner reads on the real train pool
#: (:func:`out_of_fold_proba`).
OOF_FOLDS = 4


def logits(fit: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Class scores of a fit (before softmax), for calibration only (prediction goes through C++)."""
    Z = (np.asarray(X, dtype=np.float64) - fit["mean"]) / fit["scale"]
    if "W1" in fit:
        Z = np.tanh(Z @ fit["W1"].T + fit["b1"])
    return Z @ fit["W"].T + fit["b"]


def _softmax(L: np.ndarray) -> np.ndarray:
    e = np.exp(L - L.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(L: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Temperature T minimising the weighted negative log-likelihood of softmax(L / T) (golden section on
    log T in [log 0.1, log 20]; the NLL is convex in 1/T)."""
    idx = {c: i for i, c in enumerate(CLASSES)}
    yi = np.array([idx[v] for v in y])
    w = np.ones(len(yi)) if weights is None else np.asarray(weights, dtype=np.float64)

    def nll(logt: float) -> float:
        P = _softmax(L / np.exp(logt))
        return float(-np.sum(w * np.log(np.maximum(P[np.arange(len(yi)), yi], 1e-300))) / w.sum())

    lo, hi = np.log(0.1), np.log(20.0)
    g = (np.sqrt(5.0) - 1) / 2
    c, d = hi - g * (hi - lo), lo + g * (hi - lo)
    for _ in range(60):
        if nll(c) < nll(d):
            hi = d
        else:
            lo = c
        c, d = hi - g * (hi - lo), lo + g * (hi - lo)
    return float(np.exp(0.5 * (lo + hi)))


def fold_temperature(fit: dict[str, np.ndarray], T: float) -> dict[str, np.ndarray]:
    """softmax(logits / T) as a plain model: output weights and bias divided by T (no format change)."""
    out = dict(fit)
    out["W"] = fit["W"] / T
    out["b"] = fit["b"] / T
    return out


DecisionSet = Union[tuple[np.ndarray, np.ndarray, str], tuple[np.ndarray, np.ndarray, str, np.ndarray],
                    tuple[np.ndarray, np.ndarray, str, np.ndarray, np.ndarray],
                    tuple[np.ndarray, np.ndarray, str, np.ndarray, np.ndarray, np.ndarray],
                    tuple[np.ndarray, np.ndarray, str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


def choose_decision(sets: Sequence[DecisionSet]) -> tuple[dict[str, float], dict[str, Any]]:
    """Thresholds for the decision rule: among the grid, those that call at most MAX_TREMOR_AS_MIMICKED of every
    genuine-tremor set mimicked, at most MAX_MIMICKED_AS_TREMOR of every mimicked set tremor (the first
    limit is the binding one: an accusation of faking needs strong evidence) and at most MAX_OTHER_AS_TREMOR of
    the rest and voluntary windows of every real set (name 'real...') tremor; of these, the one with the best mean of (tremor windows called tremor,
    mimicked windows called mimicked) over the sets. When no grid point meets every limit, the one that breaks
    them least (broken limits compared largest first, :func:`_fewer_broken`), then the best mean; the record says
    ``constraint_met`` False. ``sets``: (probabilities, true labels, name), optionally
    followed by the band-passed RMS per window in m/s^2, then its strongest rhythm in Hz, its posture turn in
    deg/s and its band share: with amplitudes the rule applies its still-hand floor (a window below it is rest
    or voluntary, whatever the thresholds), with rhythms its mimicked guard (a mimicked-led window whose rhythm
    lies below the band is shaking), with turns its posture rule (a limb that did not hold is not tremor), with
    band shares its band-share guard (a mimicked-led window whose oscillation is not its movement is shaking),
    as classify does. The size guard (``mimicked_max_amplitude``) is switched off here whatever the sets hold
    (:data:`TUNING_GUARDS_OFF` says why); :func:`calibrate` leaves the band-share guard out by passing no band
    shares."""
    best: tuple[float, dict[str, float], dict[str, Any]] | None = None
    fallback: tuple[tuple[float, ...], dict[str, float], dict[str, Any]] | None = None
    # mimicked_min_p starts at 0.8: the limits above are measured on windows the model was trained on, where
    # it is surer than on new people (PADS participants 040/068, ~1 g parkinsonian rest tremors, were called
    # mimicked at P 0.5-0.8 by a model that had not seen them), so an accusation needs P >= 0.8 whatever the
    # in-sample figures allow.
    for mp in (0.8, 0.85, 0.9, 0.95):
        for ms in (0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
            for ts in TREMOR_MIN_SHARES:
                cfg = {"mimicked_min_p": mp, "mimicked_min_share": ms, "tremor_min_share": ts}
                stats: dict[str, Any] = {}
                gains, ratios = [], []
                for st in sets:
                    P, y, name = st[0], st[1], st[2]
                    # The C++ rule (decision.hpp), vectorised, with the windows' amplitudes and rhythms when
                    # given: the still-hand floor and the rhythm guard are fixed rules, not thresholds tuned
                    # here, but the windows they decide must not weigh on the thresholds that are.
                    lab = _core.decide(P, {**cfg, **TUNING_GUARDS_OFF},
                                       *(st[k] if len(st) > k else None for k in (3, 4, 5, 6)))
                    for c in ("tremor", "mimicked"):
                        m = y == c
                        if m.any():
                            hit = float(np.mean(lab[m] == c))
                            gains.append(hit)
                            stats[f"{name}/{c}->{c}"] = round(hit, 4)
                    m = y == "tremor"
                    if m.any():
                        tm = float(np.mean(lab[m] == "mimicked"))
                        stats[f"{name}/tremor->mimicked"] = round(tm, 4)
                        ratios.append(tm / MAX_TREMOR_AS_MIMICKED)
                    if name.startswith("real"):
                        for c in ("rest", "voluntary"):
                            m = y == c
                            if m.any():
                                ot = float(np.mean(lab[m] == "tremor"))
                                stats[f"{name}/{c}->tremor"] = round(ot, 4)
                                ratios.append(ot / MAX_OTHER_AS_TREMOR)
                    m = y == "mimicked"
                    if m.any():
                        mt = float(np.mean(lab[m] == "tremor"))
                        stats[f"{name}/mimicked->tremor"] = round(mt, 4)
                        ratios.append(mt / MAX_MIMICKED_AS_TREMOR)
                score = float(np.mean(gains)) if gains else 0.0
                # Broken limits only, largest first: when no grid point meets every limit, the fallback breaks
                # them as little as possible, compared limit by limit. Comparing the worst one alone let a limit
                # no threshold can help (everyday windows called tremor at every point) tie the whole grid, and
                # the score then chose the weakest accusation threshold (model v11's first training:
                # mimicked_min_p 0.8, 6.6 % of the synthetic tremor called mimicked where 0.95 kept it lower).
                broken = tuple(sorted((r for r in ratios if r > 1.0), reverse=True))
                if not broken and (best is None or score > best[0]):
                    best = (score, cfg, stats)
                if fallback is None or _fewer_broken(broken, fallback[0]) or (
                        broken == fallback[0] and score > fallback[2]["score"]):
                    fallback = (broken, cfg, dict(stats, score=score))
    if best is not None:
        return best[1], dict(best[2], score=round(best[0], 4), constraint_met=True)
    assert fallback is not None
    return fallback[1], dict(fallback[2], constraint_met=False)


def _fewer_broken(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether broken-limit ratios ``a`` (sorted, largest first) break the limits less than ``b``: the larger
    first ratio, or at the first difference the larger ratio, loses; with equal leading ratios, fewer broken
    limits win. That is Python's lexicographic tuple order (a proper prefix sorts first)."""
    return a < b


def _git_commit() -> str | None:
    try:
        here = Path(__file__).resolve().parent
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or None if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def model_dict(fit: dict[str, np.ndarray], provenance: dict[str, Any], classes: Sequence[str] = CLASSES,
               decision: dict[str, float] | None = None) -> dict:
    """The versioned model JSON object (format 'tremorlab-model'; version 1 linear, 2 with the MLP's "hidden"
    layer; optional "decision" object)."""
    mlp = "W1" in fit
    d = {"format": "tremorlab-model", "version": 2 if mlp else 1, "feature_names": feature_names(),
         "classes": list(classes), "scaler": {"mean": fit["mean"].tolist(), "scale": fit["scale"].tolist()},
         "weights": fit["W"].tolist(), "bias": fit["b"].tolist(), "window_s": WINDOW_S, "hop_s": HOP_S,
         "band": list(BAND), "provenance": provenance}
    if mlp:
        d["hidden"] = {"weights": fit["W1"].tolist(), "bias": fit["b1"].tolist(), "activation": "tanh"}
    if decision is not None:
        # Every DecisionConfig field the caller set (names from the C++ table; a tuned decision has the three
        # thresholds, evaluate --min-amplitude adds the floor).
        d["decision"] = {k: float(decision[k]) for k in _core.decision_defaults() if k in decision}
    return d


def build_training_set(seed: int = 0, *, n_per_class: int = DEFAULTS["n_per_class"],
                       duration_s: float = DEFAULTS["duration_s"], n_subjects: int = DEFAULTS["n_subjects"],
                       synth_fs: Iterable[float] = DEFAULTS["synth_fs"], real_root: str | None = None,
                       include_real: bool = True, real_hop_s: float = DEFAULTS["real_hop_s"],
                       synth_hop_s: float = DEFAULTS["synth_hop_s"]) -> tuple[WindowSet, list[str]]:
    """Synthetic windows + the real train pool's windows; returns (windows, list of real files used)."""
    syn = synthetic_windows(n_per_class, duration_s, synth_fs, seed, n_subjects, synth_hop_s)
    files: list[str] = []
    parts = [syn]
    if include_real:
        infos = _datasets.catalogue(real_root) if real_root else _datasets.catalogue()
        pool = _datasets.train_pool(infos, labelled_only=True)
        assert not any(i.held_out for i in pool)
        real = WindowSet.concat([real_windows(pool, real_hop_s), pads_windows(real_root, real_hop_s)])
        files = sorted(set(real.recording.tolist()))
        parts.append(real)
    return WindowSet.concat(parts), files


def fit_windows(ws: WindowSet, l2: float | None = None, real_weight: float = DEFAULTS["real_weight"], *,
                model: str = DEFAULTS["model"], hidden: int = DEFAULTS["hidden"], seed: int = 0) -> dict:
    """Fit ``model`` ("linear" or "mlp") on ``ws`` with class-balanced weights; ``l2`` None: the kind's default."""
    w = balanced_weights(ws, real_weight)
    if model == "linear":
        return fit_softmax(ws.X, ws.y, CLASSES, w, l2=l2_for(model, l2))
    if model == "mlp":
        return fit_mlp(ws.X, ws.y, CLASSES, w, l2=l2_for(model, l2), hidden=hidden, seed=seed,
                       max_iter=DEFAULTS["mlp_max_iter"])
    raise ValueError(f"model must be one of {MODEL_KINDS}, got {model!r}")


def calibration_windows(seed: int, *, n_per_class: int, duration_s: float = DEFAULTS["duration_s"],
                        n_subjects: int = DEFAULTS["n_subjects"]) -> WindowSet:
    """Synthetic calibration subjects: seed + CALIBRATION_SEED_OFFSET, disjoint from the training subjects and
    from evaluate's test subjects."""
    return synthetic_windows(n_per_class, duration_s, DEFAULTS["synth_fs"], seed + CALIBRATION_SEED_OFFSET,
                             n_subjects, DEFAULTS["synth_hop_s"], subject_prefix="cal")


def _dataset_of(recording: str) -> str:
    """The dataset a real training window comes from: 'pads' for the PADS recordings (realtremor's names start
    with their folder: pads_subset/, pads_true/, ...), else the shared data folder its file lies in
    (datasets' folder names), else 'other'."""
    parts = Path(str(recording).replace("\\", "/")).parts
    if parts and parts[0].startswith("pads_"):
        return "pads"
    return next((q for q in parts if q in _datasets.DATASET_DIRS), "other")


def subject_folds(subjects: Sequence[str], k: int = 8) -> list[list[str]]:
    """Subjects split into k disjoint groups (sorted, round robin): leave-subjects-out folds."""
    u = sorted(set(subjects))
    k = max(1, min(k, len(u)))
    return [u[i::k] for i in range(k)]


def _temperature_scaled(fit: dict[str, np.ndarray], cal: WindowSet) -> tuple[float, dict[str, np.ndarray]]:
    """(T, the fit with softmax(logits / T) folded in): the temperature fitted on the calibration windows."""
    T = fit_temperature(logits(fit, cal.X), cal.y, balanced_weights(cal))
    return T, fold_temperature(fit, T)


def out_of_fold_proba(syn: WindowSet, real: WindowSet, cal: WindowSet,
                      fit: Callable[[WindowSet], dict[str, np.ndarray]], k: int = OOF_FOLDS) -> np.ndarray:
    """Class probabilities of every window of ``real`` by a model that never saw its person: the people split
    into ``k`` folds (:func:`subject_folds`), each fold's windows predicted by ``fit`` on ``syn`` + the other
    folds, temperature-scaled on ``cal`` as the final model is. What the decision tuner reads for the real
    sets: in-sample, the model is surest on exactly the real windows it was fitted on (it called the phone
    imitation it trained on `tremor` far less often than a model without its person did), so thresholds tuned
    in-sample let through more for new people (docs/evaluation.md, "Model v7")."""
    P = np.zeros((len(real), len(CLASSES)))
    for fold in subject_folds(real.subject.tolist(), k):
        test = np.isin(real.subject, fold)
        _, f = _temperature_scaled(fit(WindowSet.concat([syn, real.select(~test)])), cal)
        P[test] = _softmax(logits(f, real.X[test]))
    return P


def calibrate(fit: dict[str, np.ndarray], real: WindowSet, cal: WindowSet,
              real_proba: np.ndarray | None = None) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Temperature scaling on the synthetic calibration windows ``cal``, folded into the weights, then the
    decision thresholds (:func:`choose_decision`) on ``cal`` and on the real training windows ``real``:
    read through ``real_proba`` when given (:func:`out_of_fold_proba`, as :func:`train` and every fold of
    ``evaluate`` do), else through the calibrated fit itself (in-sample). Returns (calibrated fit, calibration
    record)."""
    T, out = _temperature_scaled(fit, cal)
    if real_proba is not None and np.shape(real_proba) != (len(real), len(CLASSES)):
        raise ValueError(f"real_proba must have shape ({len(real)}, {len(CLASSES)}), got {np.shape(real_proba)}")
    # The band-share guard (decision.hpp, mimicked_min_band_share) is left out of the tuning: it only ever takes
    # accusations away, and a tuner that saw it won them back by lowering mimicked_min_p (0.95 -> 0.8), which
    # called more real tremor mimicked (leave-subjects-out: 0.1 % -> 1.3 % of the clear tremor windows). So is
    # the size guard (TUNING_GUARDS_OFF).
    def decision_set(ws: WindowSet, name: str, P: np.ndarray | None = None) -> DecisionSet:
        return (_softmax(logits(out, ws.X)) if P is None else P, ws.y, name, _core.band_rms_of_features(ws.X),
                _core.rhythm_of_features(ws.X), ws.turn)

    sets: list[DecisionSet] = [decision_set(cal, "synthetic_calibration")]
    # One set per real dataset, so each meets the limits on its own (a few everyday windows called tremor in
    # one dataset are not hidden by many clean ones in another).
    source = np.array([_dataset_of(r) for r in real.recording], dtype=str)
    for src in sorted(set(source)):
        m = source == src
        sets.append(decision_set(real.select(m), f"real_{src}", None if real_proba is None else real_proba[m]))
    decision, stats = choose_decision(sets)
    return out, {"temperature": round(T, 4), "n_windows": int(len(cal)), "decision": decision,
                 "decision_tuning": stats, "real_predictions": "in-sample" if real_proba is None else
                 "out-of-fold", "max_tremor_as_mimicked": MAX_TREMOR_AS_MIMICKED,
                 "max_mimicked_as_tremor": MAX_MIMICKED_AS_TREMOR}


def fit_calibrated(syn: WindowSet, real: WindowSet, cal: WindowSet, fit: Callable[[WindowSet], dict[str, np.ndarray]]
                   ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, Any]]:
    """The recipe of the shipped model and of every fold of ``evaluate``: ``fit`` on ``syn`` + ``real``, then
    :func:`calibrate` with the decision tuned on :func:`out_of_fold_proba` of ``real`` (in-sample only when
    ``real`` is empty). Returns (raw fit, calibrated fit, calibration record)."""
    raw = fit(WindowSet.concat([syn, real]))
    calibrated, record = calibrate(raw, real, cal, out_of_fold_proba(syn, real, cal, fit) if len(real) else None)
    return raw, calibrated, record


def train(out: "str | os.PathLike[str] | None" = None, seed: int = 0, *, real_root: str | None = None,
          include_real: bool = True, n_per_class: int = DEFAULTS["n_per_class"],
          duration_s: float = DEFAULTS["duration_s"], n_subjects: int = DEFAULTS["n_subjects"],
          l2: float | None = None, real_weight: float = DEFAULTS["real_weight"], model: str = DEFAULTS["model"],
          hidden: int = DEFAULTS["hidden"], command: str | None = None) -> Classifier:
    """Train a model on synthetic data (+ the real train pool when available) and return it (and write it to
    ``out`` when given). Same arguments -> same model (every random draw is seeded)."""
    ws, files = build_training_set(seed, n_per_class=n_per_class, duration_s=duration_s, n_subjects=n_subjects,
                                   real_root=real_root, include_real=include_real)
    cal = calibration_windows(seed, n_per_class=max(8, n_per_class // 2), duration_s=duration_s,
                              n_subjects=n_subjects)
    l2 = l2_for(model, l2)

    def fit(w: WindowSet) -> dict[str, np.ndarray]:
        return fit_windows(w, l2, real_weight, model=model, hidden=hidden, seed=seed)

    real = ws.select(ws.source == "real")
    # ws is the synthetic windows, then the real ones: the same rows, in the same order, as fit_calibrated's.
    _, calibrated, calib = fit_calibrated(ws.select(ws.source != "real"), real, cal, fit)
    calib["seed"] = seed + CALIBRATION_SEED_OFFSET
    if len(real):
        calib["out_of_fold_subject_folds"] = OOF_FOLDS
    counts = {f"{s}/{c}": int(np.sum((ws.source == s) & (ws.y == c))) for s in ("synthetic", "real") for c in CLASSES}
    prov = {
        "model_version": MODEL_VERSION,
        "trainer": (f"tremorlab.train (numpy + scipy L-BFGS, one-hidden-layer perceptron, {hidden} tanh units)"
                    if model == "mlp" else
                    "tremorlab.train (numpy Newton, L2-regularised multinomial logistic regression)"),
        "model_kind": model,
        **({"hidden": hidden, "max_iter": DEFAULTS["mlp_max_iter"], "iterations": calibrated["iterations"]}
           if model == "mlp" else {}),
        "command": command or f"python -m tremorlab.train --seed {seed}",
        "seed": seed, "l2": l2, "real_weight": real_weight, "window_hop_s": {"synthetic": DEFAULTS["synth_hop_s"],
                                                                             "real": DEFAULTS["real_hop_s"]},
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git_commit": _git_commit(),
        "synthetic": {"generator": "tremorlab.synth.dataset", "n_per_class": n_per_class, "duration_s": duration_s,
                      "fs": list(DEFAULTS["synth_fs"]), "n_subjects": n_subjects,
                      "seeds": [[seed, 17, i] for i in range(len(DEFAULTS["synth_fs"]))]},
        "real_train_pool": [os.path.relpath(f, str(_datasets.default_root() or "")) if _datasets.default_root() else f
                            for f in files],
        "real_tremor_labels": "tremorlab.realtremor rule (strong narrow-band 3-12 Hz oscillation in rest/posture "
                              "tasks of PADS participants with tremor); see docs/evaluation.md",
        "held_out_used": False,
        "windows": counts, "final_loss": calibrated["loss"], "calibration": calib,
    }
    clf = Classifier.from_json(json.dumps(model_dict(calibrated, prov, decision=calib["decision"])))
    if out is not None:
        with open(out, "w", encoding="utf-8") as f:
            f.write(model_text(clf) + "\n")
    return clf


def model_text(model: Classifier) -> str:
    """The model JSON as the C++ writer prints it, plus its "decision" object (from the provenance's
    calibration record): a C++ reader without decision.hpp ignores the object and its writer drops it."""
    d = json.loads(model.to_json())
    dec = d.get("provenance", {}).get("calibration", {}).get("decision")
    if dec is not None and "decision" not in d:
        d["decision"] = dec
    return json.dumps(d, indent=1, sort_keys=True)


def write_default(model: Classifier, repo: "str | os.PathLike[str] | None" = None) -> list[str]:
    """Write ``model`` as the shipped default: python/tremorlab/models/default.json and src/default_model.cpp."""
    text = model_text(model)
    paths = [DEFAULT_MODEL_PATH]
    with open(DEFAULT_MODEL_PATH, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    root = Path(repo) if repo else Path(__file__).resolve().parents[2]
    cpp = root / "src" / "default_model.cpp"
    if cpp.parent.is_dir():
        cpp.write_text(
            "// generated by python -m tremorlab.train; do not edit\n"
            "// The default window-classifier model (same JSON as python/tremorlab/models/default.json).\n"
            "#include <string_view>\n\n#include \"tremorlab/classifier.hpp\"\n\n"
            "namespace tremorlab::detail {\nstd::string_view default_model_json() noexcept {\n"
            f"  static constexpr std::string_view json = R\"tlmodel({text})tlmodel\";\n"
            "  return json;\n}\n}  // namespace tremorlab::detail\n", encoding="utf-8")
        paths.append(str(cpp))
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tremorlab.train", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="model JSON to write")
    p.add_argument("--seed", type=int, default=DEFAULTS["seed"])
    p.add_argument("--data", default=None, help="shared real-data folder (default: TREMORLAB_SHARED_DATA or "
                                                "<repo>/../shared/data; bundled data/ otherwise)")
    p.add_argument("--synthetic-only", action="store_true", help="do not use real recordings")
    p.add_argument("--n-per-class", type=int, default=DEFAULTS["n_per_class"])
    p.add_argument("--model", choices=MODEL_KINDS, default=DEFAULTS["model"],
                   help="linear: multinomial logistic regression; mlp: one hidden layer of tanh units")
    p.add_argument("--hidden", type=int, default=DEFAULTS["hidden"], help=f"hidden units of --model mlp (1..{_core.max_hidden_units})")
    p.add_argument("--l2", type=float, default=None,
                   help=f"L2 penalty (default {DEFAULTS['l2']} linear, {DEFAULTS['mlp_l2']} mlp)")
    p.add_argument("--update-default", action="store_true",
                   help="also write models/default.json and src/default_model.cpp (rebuild to embed)")
    a = p.parse_args(argv)
    cmd = "python -m tremorlab.train " + " ".join(sys.argv[1:] if argv is None else list(argv))
    m = train(a.out, a.seed, real_root=a.data, include_real=not a.synthetic_only, n_per_class=a.n_per_class,
              l2=a.l2, model=a.model, hidden=a.hidden, command=cmd)
    print(f"wrote {a.out}: {len(m.classes)} classes, {len(m.feature_names)} features, "
          f"windows {m.provenance['windows']}")
    if a.update_default:
        for path in write_default(m):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
