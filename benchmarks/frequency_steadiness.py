#!/usr/bin/env python3
"""How steady a shaking's frequency is from one window to the next: real tremor, real imitation, synthetic.

Within a 2 s window the generator's tremor matches real tremor's cycle measures (docs/synthetic_model.md, "Checked
against real tremor and real imitation"). Across windows it need not: this script measures, for every run of 8
consecutive windows (the Detector's default hop, 0.25 s: the windows ending within 1.75 s of each other) that the
evidence rule (``tremorlab.realtremor.tremor_rule``, independent of the classifier) calls a clear oscillation,
how far the windows' ``dominant_frequency`` (tremorlab's feature: the 4-12 Hz spectral peak, interpolated)
moves: its range (max - min, Hz) over the run.

Sources: the rest/posture PADS recordings of people with a tremor diagnosis, true acceleration (the train pool's
movement/timeseries files, split by diagnosis, and the held-out people's, never trained on); the phone's imitated
shaking (train pool, with the shared data); synthetic tremor and imitation (``synth.dataset``, seed 0, 20 s at
100 Hz: the training data's mix of tremor types and contexts), the synthetic tremor of each type alone, and the
parkinsonian one with its slow frequency drift or its cycle-to-cycle jitter taken out (which of the two moves
the peak), and the tremor with its cycles paced by a clock (``synth.generate(..., pacing="clocked")``, not what
the shipped model is trained on).

Usage: python benchmarks/frequency_steadiness.py [--recordings N] [--markdown]
Env: TREMORLAB_SHARED_DATA for the phone recordings (the row is left out without them), TREMORLAB_PADS_DATA
(default <repo>/tests/data).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Iterable

import numpy as np

HERE = Path(__file__).resolve().parent
os.environ.setdefault("TREMORLAB_PADS_DATA", str(HERE.parent / "tests" / "data"))

import tremorlab  # noqa: E402
from tremorlab import datasets, realtremor, synth  # noqa: E402
from tremorlab.units import STANDARD_GRAVITY, to_ms2  # noqa: E402

HOP_S = 0.25
RUN = 8  # windows per run: 2 s of the default hop
RECORDINGS = 24  # synthetic recordings per row


def run_ranges(acc_g: np.ndarray, fs: float) -> np.ndarray:
    """The dominant frequency's range (Hz) over every run of RUN consecutive windows that all pass the rule."""
    f = np.asarray(tremorlab.classify(acc_g, fs=fs, units="g", hop_s=HOP_S).dominant_frequency)
    n, hop = int(round(2.0 * fs)), int(round(HOP_S * fs))
    ok = realtremor.window_rules(acc_g, fs, np.arange(len(f)) * hop, n) == "tremor"
    out = [np.ptp(f[i - RUN + 1:i + 1]) for i in range(RUN - 1, len(f)) if ok[i - RUN + 1:i + 1].all()]
    return np.asarray(out, dtype=float)


def _pads(recs: Iterable[Any], dx: str | None = None) -> list[np.ndarray]:
    return [run_ranges(r.without_gravity(), r.fs) for r in recs
            if r.tremor_person and r.task_kind != "voluntary" and (dx is None or f"pads{dx}_" in r.subject)]


def _synthetic(kind: str, n: int, **fixed: Any) -> list[np.ndarray]:
    if fixed:
        recs = [synth.generate(kind, 20.0, 100.0, [0, 29, i], **fixed) for i in range(n)]
    else:
        recs = list(synth.dataset(n, 20.0, 100.0, seed=0, classes=(kind,)))
    return [run_ranges(r.acc / STANDARD_GRAVITY, r.fs) for r in recs]


def _phone() -> list[np.ndarray] | None:
    root = datasets.default_root()
    if root is None:
        return None
    out = []
    for info in datasets.train_pool(datasets.catalogue(root)):
        if info.label == "mimicked" and info.dataset == "phone_mimicked_shaking":
            rec = info.load()
            out.append(run_ranges(to_ms2(rec.acc, rec.units) / STANDARD_GRAVITY, rec.fs))
    return out


def rows(n_recordings: int = RECORDINGS) -> list[dict[str, Any]]:
    """One row per source: recordings with at least one run, runs, range quartiles (Hz), share of runs over 1 Hz."""
    train = list(realtremor.train_timeseries_recordings())
    held = list(realtremor.pads_true_recordings())
    sources: list[tuple[str, list[np.ndarray] | None]] = [
        ("real tremor, PADS train pool, Parkinson's disease", _pads(train, "PD")),
        ("real tremor, PADS train pool, essential tremor", _pads(train, "ET")),
        ("real tremor, PADS held-out people", _pads(held)),
        ("real imitation, phone train pool", _phone()),
        ("synthetic tremor (the training mix)", _synthetic("tremor", n_recordings)),
        ("synthetic tremor, parkinsonian at rest", _synthetic("tremor", n_recordings, tremor_type="parkinsonian",
                                                              context="rest")),
        ("synthetic tremor, essential in a posture", _synthetic("tremor", n_recordings, tremor_type="essential",
                                                                context="posture")),
        ("synthetic tremor, physiological in a shaking practice", _synthetic(
            "tremor", n_recordings, tremor_type="physiological", context="shaking_practice")),
        ("synthetic tremor, parkinsonian at rest, no slow drift (wander_std 0)", _synthetic(
            "tremor", n_recordings, tremor_type="parkinsonian", context="rest", wander_std=0.0)),
        ("synthetic tremor, parkinsonian at rest, cycle CV 0.02", _synthetic(
            "tremor", n_recordings, tremor_type="parkinsonian", context="rest", cycle_cv=0.02)),
        ("synthetic tremor, parkinsonian at rest, neither", _synthetic(
            "tremor", n_recordings, tremor_type="parkinsonian", context="rest", wander_std=0.0, cycle_cv=0.02)),
        ("synthetic tremor, any type and context, paced (pacing 'clocked')", _synthetic(
            "tremor", n_recordings, pacing="clocked")),
        ("synthetic tremor, parkinsonian at rest, paced", _synthetic(
            "tremor", n_recordings, tremor_type="parkinsonian", context="rest", pacing="clocked")),
        ("synthetic tremor, parkinsonian at rest, paced, wander_std 0.15", _synthetic(
            "tremor", n_recordings, tremor_type="parkinsonian", context="rest", pacing="clocked", wander_std=0.15)),
        ("synthetic imitation (the training mix)", _synthetic("mimicked", n_recordings)),
    ]
    out = []
    for name, parts in sources:
        if not parts:
            continue
        v = np.concatenate(parts)
        if not v.size:
            continue
        q = np.percentile(v, [25, 50, 75])
        out.append({"source": name, "recordings": sum(p.size > 0 for p in parts), "runs": int(v.size),
                    "q25": float(q[0]), "median": float(q[1]), "q75": float(q[2]), "over_1hz": float(np.mean(v > 1.0))})
    return out


def markdown(rs: list[dict[str, Any]]) -> str:
    out = ["| windows the evidence rule calls a clear oscillation | recordings | runs of 8 windows | dominant frequency's "
           "range over the run, Hz: 25 / 50 / 75 % | runs over 1 Hz % |", "|---|---|---|---|---|"]
    for r in rs:
        out.append(f"| {r['source']} | {r['recordings']} | {r['runs']} | {r['q25']:.2f} / {r['median']:.2f} / "
                   f"{r['q75']:.2f} | {100 * r['over_1hz']:.1f} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--recordings", type=int, default=RECORDINGS, help="synthetic recordings per row")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args(argv)
    rs = rows(a.recordings)
    if a.markdown:
        print(markdown(rs))
        return 0
    for r in rs:
        print(f"{r['source']}: {r['recordings']} recordings, {r['runs']} runs, range {r['q25']:.2f} / {r['median']:.2f}"
              f" / {r['q75']:.2f} Hz (25/50/75 %), {100 * r['over_1hz']:.1f} % over 1 Hz")
    return 0


if __name__ == "__main__":
    sys.exit(main())
