"""Synthetic subjects (personal parameters) and datasets."""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from .params import _REST_SUPPORTS, KINDS, PARAM_RANGES, TREMOR_TYPES, _TREMOR_TYPE_P
from .render import SynthRecording, generate
from .signals import _random_rotation, _unit


def subject_params(subject_seed: Any) -> dict[str, dict[str, Any]]:
    """Personal parameter set of one synthetic subject: own sensor mount/noise, tremor frequency, amplitude and
    axis, imitation frequency and irregularity, walking cadence, bounce rate. Per class, the overrides passed
    to :func:`generate` (with small per-recording variation added by :func:`dataset`)."""
    rng = np.random.default_rng(np.random.SeedSequence(subject_seed))
    T, M, V, S = (PARAM_RANGES[k] for k in ("tremor", "mimicked", "voluntary", "sensor"))
    sensor = {"mount": _random_rotation(rng).tolist(), "noise_rms": float(rng.uniform(*S["noise_rms"][:2])),
              "bias": rng.normal(0, 0.02, 3).tolist()}
    trem_axis = _unit(rng).tolist()
    # Drawn last so the other personal parameters keep their values from before tremor types existed.
    names = list(TREMOR_TYPES)
    ttype = str(np.random.default_rng(np.random.SeedSequence(subject_seed).spawn(1)[0]).choice(
        names, p=[_TREMOR_TYPE_P[n] for n in names]))
    TT = TREMOR_TYPES[ttype]
    mim_axis = _unit(rng).tolist()
    R = PARAM_RANGES["rest"]
    # Physiological tremor size is personal (Wade et al. 1982: 0.0015-0.035 g across healthy people); own
    # stream so the other personal parameters keep their values.
    prng = np.random.default_rng(np.random.SeedSequence(subject_seed).spawn(2)[1])
    physio = float(np.clip(R["physio_amp_median"][0] * math.exp(R["physio_amp_sigma"][0] * prng.normal()),
                           *R["physio_amp"][:2]))
    return {
        "sensor": sensor,
        "rest": {"micro_f0": float(rng.uniform(*R["micro_f0"][:2])), "physio_amp": physio,
                 "physio_f0": float(prng.uniform(*R["physio_f0"][:2]))},
        "tremor": {"tremor_type": ttype, "f0": float(rng.uniform(*TT["f0"])),
                   "amplitude": float(np.clip(T["amplitude_median"][0] * math.exp(T["amplitude_sigma"][0] * rng.normal()),
                                              *TT.get("amplitude", T["amplitude"][:2]))),
                   "cycle_cv": float(rng.uniform(*TT["cycle_cv"])), "axis": trem_axis},
        "mimicked": {"f0": float(rng.uniform(*M["f0"][:2])),
                     "amplitude": float(np.clip(2.0 * math.exp(0.7 * rng.normal()), *M["amplitude"][:2])),
                     "cycle_cv": float(rng.uniform(*M["cycle_cv"][:2])), "axis": mim_axis},
        "voluntary": {"step_hz": float(rng.uniform(*V["step_hz"][:2])),
                      "bounce_hz": float(rng.uniform(*V["bounce_hz"][:2]))},
    }


def dataset(n_per_class: int, duration_s: float = 10.0, fs: float = 100.0, seed: Any = 0, *,
            n_subjects: int | None = None, classes: Sequence[str] = KINDS) -> list[SynthRecording]:
    """``n_per_class`` recordings of each class, spread over synthetic subjects.

    Each subject (``subject`` = 'syn000', 'syn001', ...) has its own personal parameters
    (:func:`subject_params`); each recording varies them slightly (f0 +- N(0, 0.2 Hz) for tremor and
    +- N(0, 0.3 Hz) for mimicked, amplitude and held-still physiological tremor x log-normal(0, 0.3)); rest
    recordings are supported or held still, half each. Default ``n_subjects``:
    ``min(max(n_per_class, 2), 10)``. Split train/test by subject
    (``tremorlab.datasets.split_by_subject``) so a classifier never sees a test subject's personal parameters.
    """
    if n_per_class < 1:
        raise ValueError(f"n_per_class must be >= 1, got {n_per_class}")
    for c in classes:
        if c not in KINDS:
            raise ValueError(f"unknown class {c!r}; expected a subset of {KINDS}")
    ns = n_subjects if n_subjects is not None else min(max(n_per_class, 2), 10)
    if ns < 1:
        raise ValueError(f"n_subjects must be >= 1, got {ns}")
    base = seed if isinstance(seed, (list, tuple)) else [seed]
    subjects = [subject_params(list(base) + [1, s]) for s in range(ns)]
    out = []
    for ci, kind in enumerate(classes):
        for j in range(n_per_class):
            s = j % ns
            sp = subjects[s]
            rng = np.random.default_rng(np.random.SeedSequence(list(base) + [2, ci, j]))
            ov = dict(sp.get(kind, {}))
            if "f0" in ov:
                lo, hi = PARAM_RANGES[kind]["f0"][:2]
                ov["f0"] = float(np.clip(ov["f0"] + rng.normal(0, 0.2 if kind == "tremor" else 0.3), lo, hi))
            if "amplitude" in ov:
                lo, hi = PARAM_RANGES[kind]["amplitude"][:2]
                if kind == "tremor":
                    lo, hi = TREMOR_TYPES[ov["tremor_type"]].get("amplitude", (lo, hi))
                ov["amplitude"] = float(np.clip(ov["amplitude"] * math.exp(0.3 * rng.normal()), lo, hi))
            if "physio_amp" in ov:
                lo, hi = PARAM_RANGES["rest"]["physio_amp"][:2]
                ov["physio_amp"] = float(np.clip(ov["physio_amp"] * math.exp(0.3 * rng.normal()), lo, hi))
            if kind == "rest":
                # Supported (lap, table) or held still against gravity (phone in the hand), half each.
                ov["support"] = str(rng.choice(_REST_SUPPORTS))
            if kind == "tremor":
                # Hand/limb contexts, and leg shaking in wall sit / bridge (a fifth of the recordings).
                ov["context"] = str(rng.choice(("posture", "rest", "slow_movement", "shaking_practice"),
                                               p=[0.3, 0.3, 0.2, 0.2]))
            rec = generate(kind, duration_s, fs, list(base) + [3, ci, j], **ov, **sp["sensor"])
            rec.subject = f"syn{s:03d}"
            rec.params["subject"] = rec.subject
            out.append(rec)
    return out
