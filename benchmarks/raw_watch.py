#!/usr/bin/env python3
"""Real tremor as a watch records it: PADS's recordings with gravity put back from their own gyroscope.

PADS removed gravity from its accelerometer, and every real tremor tremorlab trains on and is checked on comes
that way (plus a constant 1 g, docs/evaluation.md). A watch on a wrist gives gravity too, and a wrist that
turns, with the tremor's own rotation and with the slow drift of a resting arm, moves gravity between the axes:
the acceleration holds a slow, posture-borne part that PADS's does not. PADS kept the gyroscope, so that part
can be rebuilt: the sensor-frame gravity of a watch whose orientation follows the integrated rotation rate
(``reorientation.gravity_directions``; the recording's mean rotation rate taken off first, a gyroscope's bias, so a
still watch does not turn), from each of 10 starting orientations (``reorientation.STARTS``), plus PADS's
linear acceleration.

Per group of recordings (the train pool's movement/timeseries files, trained on; the held-out
people's, never trained on), the rest/posture recordings only: the windows the evidence rule calls clear
tremor in the recordings of people with a tremor diagnosis (as ``large_tremor.py --real`` takes them), and
every window of the healthy people. Labels from ``tremorlab.classify`` (default model, hop 0.5 s), as PADS
gives the signal (gravity removed, 1 g added back on +z) and with gravity rebuilt (every start; each window
counts once per start). Beside them, where the windows that leave `tremor` go and why: the share still
`tremor` with the posture rule switched off (``reorientation.model_without_posture_rule``), and the median
``log_trend`` (log10 of the change of a window's fitted line, m/s^2: a slow movement's, or gravity's as a wrist
turns) of the clear-tremor windows called `tremor` as PADS gives them, split by whether they stay `tremor` with
gravity rebuilt.

Usage: python benchmarks/raw_watch.py [--model MODEL.json] [--markdown]
Env: TREMORLAB_PADS_DATA (default <repo>/tests/data): the movement/timeseries folders.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Iterable

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("TREMORLAB_PADS_DATA", str(HERE.parent / "tests" / "data"))

import tremorlab  # noqa: E402
from tremorlab import _core, realtremor  # noqa: E402

from reorientation import STARTS, gravity_directions, model_without_posture_rule  # noqa: E402

HOP_S = 0.5
LABELS = ("tremor", "mimicked", "shaking")
SIGNALS = ("as PADS gives it", "gravity rebuilt")


def groups() -> list[tuple[str, list[Any]]]:
    """(group name, rest/posture PADS recordings with a gyroscope) for the train pool and the held-out people."""
    def keep(recs: Iterable[Any]) -> list[Any]:
        return [r for r in recs if r.gyro is not None and r.task_kind != "voluntary"]
    return [("PADS train pool (trained on)", keep(realtremor.train_timeseries_recordings())),
            ("PADS held-out people", keep(realtremor.pads_true_recordings()))]


def _windows(acc: np.ndarray, fs: float, model: Any, off: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(labels, labels without the posture rule, log_trend) of every window."""
    res = tremorlab.classify(acc, fs=fs, units="g", hop_s=HOP_S, model=model)
    X = np.asarray(res.features)
    no_rule = np.asarray(off.decide(res.proba, res.amplitude, res.rhythm_hz, res.turn_deg_s,
                                    _core.band_share_of_features(X)))
    return np.asarray(res.labels), no_rule, X[:, list(res.feature_names).index("log_trend")]


def measure(recs: list[Any], model: Any = None) -> dict[str, Any]:
    """Per signal, the clear-tremor windows' labels ('tremor'), labels without the posture rule ('no_rule') and
    log_trend ('trend'), and the healthy windows' labels ('healthy'); a rebuilt window once per start. Beside
    each clear-tremor window, the label ('was') and log_trend ('trend_was') of the same window as PADS gives it."""
    off = model_without_posture_rule(model)
    keys = ("tremor", "no_rule", "trend", "healthy", "was", "trend_was")
    out: dict[str, dict[str, list[np.ndarray]]] = {s: {k: [] for k in keys} for s in SIGNALS}
    for r in recs:
        lin = r.without_gravity()
        gyro = np.radians(r.gyro)
        gyro = gyro - gyro.mean(axis=0)
        signals = [(SIGNALS[0], r.acc)] + [(SIGNALS[1], lin + g) for g in gravity_directions(gyro, r.fs, STARTS)]
        first = None
        for s, acc in signals:
            lab, no_rule, trend = _windows(acc, r.fs, model, off)
            if first is None:
                first = (lab, trend)
                win, hop = int(round(2.0 * r.fs)), int(round(HOP_S * r.fs))
                pick = (realtremor.window_rules(lin, r.fs, np.arange(len(lab)) * hop, win) == "tremor"
                        if r.tremor_person else np.ones(len(lab), dtype=bool))
            if not r.tremor_person:
                out[s]["healthy"].append(lab[pick])
                continue
            for k, v in (("tremor", lab), ("no_rule", no_rule), ("trend", trend), ("was", first[0]),
                         ("trend_was", first[1])):
                out[s][k].append(v[pick])
    return {s: {k: np.concatenate(v) if v else np.empty(0) for k, v in d.items()} for s, d in out.items()}


def _share(v: np.ndarray, what: "str | tuple[str, ...]") -> float:
    return float(np.mean(np.isin(v, what))) if v.size else 0.0


def rows(model: Any = None) -> list[dict[str, Any]]:
    """One row per (group, signal): window counts and label shares of the clear tremor and the healthy windows,
    the clear tremor's `tremor` share without the posture rule, and (rebuilt rows) the median log_trend as PADS
    gives them of the windows `tremor` there that stay `tremor` / leave it."""
    out = []
    for name, recs in groups():
        if not recs:
            continue
        m = measure(recs, model)
        for s in SIGNALS:
            t, h = m[s]["tremor"], m[s]["healthy"]
            was = m[s]["was"] == "tremor"
            stay, leave = was & (t == "tremor"), was & (t != "tremor")
            med = (lambda v, k: float(np.median(v[k])) if k.any() else float("nan"))
            out.append({"group": name, "signal": s, "tremor_windows": int(t.size), "healthy_windows": int(h.size),
                        **{c: _share(t, c) for c in LABELS}, "tremor_no_posture_rule": _share(m[s]["no_rule"], "tremor"),
                        "healthy_tremor": _share(h, "tremor"), "healthy_shaking": _share(h, LABELS),
                        "trend_stay": (med(m[s]["trend_was"], stay), med(m[s]["trend"], stay)),
                        "trend_leave": (med(m[s]["trend_was"], leave), med(m[s]["trend"], leave))})
    return out


def markdown(rs: list[dict[str, Any]]) -> str:
    out = ["| PADS rest/posture recordings | signal | clear-tremor windows | `tremor` % | `mimicked` % | `shaking` % "
           "| `tremor` % without the posture rule | healthy windows | healthy `tremor` % | healthy shaking of any kind % |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rs:
        out.append(f"| {r['group']} | {r['signal']} | {r['tremor_windows']} | "
                   + " | ".join(f"{100 * r[c]:.1f}" for c in LABELS)
                   + f" | {100 * r['tremor_no_posture_rule']:.1f} | {r['healthy_windows']} | {100 * r['healthy_tremor']:.1f}"
                   f" | {100 * r['healthy_shaking']:.1f} |")
    return "\n".join(out)


def trend_lines(rs: list[dict[str, Any]]) -> list[str]:
    """The log_trend sentence of each rebuilt row."""
    return [f"{r['group']}: clear-tremor windows `tremor` as PADS gives them, median log_trend as given -> "
            f"rebuilt: those that stay `tremor` {r['trend_stay'][0]:.2f} -> {r['trend_stay'][1]:.2f}, those that "
            f"leave it {r['trend_leave'][0]:.2f} -> {r['trend_leave'][1]:.2f}" for r in rs if r["signal"] == SIGNALS[1]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="a model JSON instead of the default model")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args(argv)
    model = tremorlab.Classifier.load(a.model) if a.model else None
    rs = rows(model)
    if not rs:
        print("no PADS recording with a gyroscope found (TREMORLAB_SHARED_DATA, TREMORLAB_PADS_DATA)", file=sys.stderr)
        return 1
    if a.markdown:
        print(markdown(rs))
        print()
        print("\n".join(f"* {ln}" for ln in trend_lines(rs)))
        return 0
    for r in rs:
        print(f"{r['group']}, {r['signal']}: clear tremor {r['tremor_windows']} windows, "
              + ", ".join(f"{c} {100 * r[c]:.1f} %" for c in LABELS)
              + f" (without the posture rule: tremor {100 * r['tremor_no_posture_rule']:.1f} %)"
              + f"; healthy {r['healthy_windows']} windows, tremor {100 * r['healthy_tremor']:.1f} %, "
              f"shaking of any kind {100 * r['healthy_shaking']:.1f} %")
    print("\n".join(trend_lines(rs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
