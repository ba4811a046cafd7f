#!/usr/bin/env python3
"""How the window labels of a genuine synthetic tremor change with its size: the larger, the more `mimicked`.

A shaking practice (wall sit, bridge) can make a leg shake hard, and parkinsonian rest tremor reaches several
m/s^2 (docs/synthetic_model.md, amplitude). For each amplitude (peak of the fundamental, m/s^2) and two kinds of
tremor, ``synth.generate('tremor', ...)`` draws every other parameter as the training data does (seeds 0..N-1,
30 s at 100 Hz, the amplitude overridden) and ``tremorlab.classify`` labels the windows (default hop). A
`mimicked` window is the worst error; `shaking` says the kind is uncertain.

Until model v12 the generator turned the limb 0-0.5 of the linear acceleration at any frequency, far more than a
real limb turns (benchmarks/tremor_rotation.py), and that turning made most of the practice's large tremor
`mimicked` (25.4 % at 13 m/s^2 with model v11 on 4 recordings). Since v12 it turns as a rigid segment, g /
(omega^2 r) (docs/synthetic_model.md, direction); what remains grows with the size itself: the model's
P(mimicked) rises with amplitude, beyond the size of any real tremor or imitation it was trained on
(docs/evaluation.md, "Model v12").

Usage: python benchmarks/large_tremor.py [--seeds N] [--model MODEL.json] [--set KEY=VALUE ...] [--markdown]
  (--set: any synth.generate tremor parameter, fixed for every recording, e.g. rot_frac=0)
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

import tremorlab
from tremorlab import synth

# The project's fetched PADS recordings (real_sweep) are read from this checkout's tests/data unless told otherwise.
os.environ.setdefault("TREMORLAB_PADS_DATA", str(Path(__file__).resolve().parents[1] / "tests" / "data"))

AMPLITUDES = (1.0, 2.0, 4.0, 8.0, 13.0, 20.0, 30.0)
#: (row label, synth.generate overrides): the practice's tremor (drawn as the physiological type, legs) and a
#: parkinsonian rest tremor.
KINDS = (("shaking practice", {"context": "shaking_practice"}),
         ("parkinsonian, rest", {"context": "rest", "tremor_type": "parkinsonian"}))
LABELS = ("tremor", "mimicked", "shaking")
#: Recordings per row: with 4 (until model v12) one recording moved a row by up to 25 points.
SEEDS = 16


def sweep(seeds: int = SEEDS, model: Any = None, **fixed: Any) -> list[dict[str, Any]]:
    """One row per (kind, amplitude): windows and the share of each label in LABELS; ``fixed`` overrides more
    tremor parameters."""
    rows = []
    for name, ov in KINDS:
        for amp in AMPLITUDES:
            labels = []
            for seed in range(seeds):
                rec = synth.generate("tremor", 30.0, 100.0, seed, amplitude=amp, **ov, **fixed)
                labels.append(np.asarray(tremorlab.classify(rec.acc, fs=rec.fs, units="m/s^2", model=model).labels))
            lab = np.concatenate(labels)
            rows.append({"kind": name, "amplitude": amp, "windows": int(lab.size),
                         **{c: float(np.mean(lab == c)) for c in LABELS}})
    return rows


#: Factors the real tremor's acceleration is multiplied by (real_sweep).
SCALES = (1.0, 2.0, 3.0, 5.0, 8.0)


def _real_groups() -> list[tuple[str, list[Any]]]:
    """(group name, PADS recordings): the rest/posture recordings of people with a tremor diagnosis, read from the
    train pool's and the held-out people's movement/timeseries folders of tests/data (absent folders give none)."""
    from tremorlab import realtremor

    return [(name, [r for r in recs if r.tremor_person and r.task_kind != "voluntary"])
            for name, recs in (("PADS train pool (trained on)", realtremor.train_timeseries_recordings()),
                               ("PADS held-out people", realtremor.pads_true_recordings()))]


def real_sweep(scales: tuple[float, ...] = SCALES, model: Any = None) -> list[dict[str, Any]]:
    """One row per (group, scale): the windows the evidence rule calls clear tremor on the unscaled recording, and
    the share of each label in LABELS that tremorlab.classify (default hop) gives them once the acceleration is
    multiplied by the scale, and the median and 90th percentile of their band-passed RMS (m/s^2, the window's
    `amplitude`). No row for a group without recordings."""
    from tremorlab import realtremor

    rows = []
    for name, recs in _real_groups():
        if not recs:
            continue
        labels: dict[float, list[np.ndarray]] = {k: [] for k in scales}
        amps: dict[float, list[np.ndarray]] = {k: [] for k in scales}
        for r in recs:
            lin = r.without_gravity()
            clear = None  # the rule's clear-tremor windows of the unscaled recording: the same for every scale
            for k in scales:
                res = tremorlab.classify(lin * k + [0.0, 0.0, 1.0], fs=r.fs, units="g", model=model)
                if clear is None:
                    first = np.round(np.asarray(res.start) * r.fs).astype(int)
                    clear = realtremor.window_rules(lin, r.fs, first, int(round(res.window_s * r.fs))) == "tremor"
                labels[k].append(np.asarray(res.labels)[clear])
                amps[k].append(np.asarray(res.amplitude)[clear])
        for k in scales:
            lab, amp = np.concatenate(labels[k]), np.concatenate(amps[k])
            rows.append({"group": name, "scale": k, "windows": int(lab.size),
                         "amplitude_p50_p90": (tuple(float(v) for v in np.percentile(amp, [50, 90])) if amp.size
                                               else (0.0, 0.0)),
                         **{c: float(np.mean(lab == c)) if lab.size else 0.0 for c in LABELS}})
    return rows


def real_markdown(rows: list[dict[str, Any]]) -> str:
    out = ["| real tremor | acceleration x | windows | band RMS, m/s^2, median / p90 | `tremor` % | `mimicked` % | "
           "`shaking` % |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['group']} | {r['scale']:g} | {r['windows']} | "
                   f"{r['amplitude_p50_p90'][0]:.2f} / {r['amplitude_p50_p90'][1]:.2f} | "
                   + " | ".join(f"{100 * r[c]:.1f}" for c in LABELS) + " |")
    return "\n".join(out)


def markdown(rows: list[dict[str, Any]]) -> str:
    out = ["| tremor | amplitude, m/s^2 peak | windows | `tremor` % | `mimicked` % | `shaking` % |",
           "|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['kind']} | {r['amplitude']:g} | {r['windows']} | "
                   + " | ".join(f"{100 * r[c]:.1f}" for c in LABELS) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=SEEDS, help=f"recordings per amplitude and kind (default {SEEDS})")
    ap.add_argument("--model", help="a model JSON instead of the default model")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="fix a synth.generate tremor parameter (a number) for every recording")
    ap.add_argument("--real", action="store_true", help="also the real tremor, scaled (second table)")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args(argv)
    model = tremorlab.Classifier.load(a.model) if a.model else None
    fixed = {}
    for kv in a.set:
        key, sep, val = kv.partition("=")
        if not sep:
            ap.error(f"--set wants KEY=VALUE, got {kv!r}")
        fixed[key] = float(val)
    rows = sweep(a.seeds, model, **fixed)
    real = real_sweep(model=model) if a.real else []
    if a.markdown:
        print(markdown(rows))
        if real:
            print("\n" + real_markdown(real))
    else:
        for r in rows:
            print(f"{r['kind']}, {r['amplitude']:g} m/s^2: {r['windows']} windows, "
                  + ", ".join(f"{c} {100 * r[c]:.1f} %" for c in LABELS))
        for r in real:
            print(f"{r['group']}, x{r['scale']:g}: {r['windows']} windows, "
                  + ", ".join(f"{c} {100 * r[c]:.1f} %" for c in LABELS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
