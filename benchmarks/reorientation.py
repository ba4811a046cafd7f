#!/usr/bin/env python3
"""How far a wrist turns while it shakes: real tremor against brushing teeth, and the posture rule built on it.

Brushing teeth is the everyday activity tremorlab called tremor (docs/evaluation.md, "Everyday activities of
other people"): no feature of a 2 s window tells its strokes from a severe real tremor. One thing does: a
tremor shakes a hand held in a posture, while a toothbrush is carried round the mouth, turning the wrist.
The first part measures that turn as the angle between the Hann-weighted mean acceleration of a window's first
and second half (gravity's direction in the sensor, 1 s apart; the Hann weights keep a 4-12 Hz oscillation
out of the means: its leakage at 4.5 Hz is under 0.4 %).

Real tremor with gravity is rare: PADS removed gravity from its accelerometer. Its gyroscope was kept, so for
PADS participant 002 (a resting and postural tremor, ``pads_subset`` of the shared data) the script puts
gravity back by integrating the rotation rate: the sensor-frame gravity of a watch starting in each of 10
orientations, plus PADS's linear acceleration, and the largest angle over the 10 starts (a worst case; a
gyroscope bias adds to it too: 002's mean rotation rates reach 0.015 rad/s, 0.9 deg per second). Windows are the rest/posture tasks' windows the evidence rule calls
tremor (``tremorlab.realtremor.tremor_rule``), both wrists. The same windows as PADS gives them (gravity
removed, 1 g added back on +z, what ``evaluate`` and a gravity-free evaluation see) are printed beside.
``tests/data/pads_gyro`` (SOURCE.txt there) adds 10 recordings of 5 more PADS participants with tremor (rest,
holding a weight, arms stretched), their full files with the gyroscope: the same measure on their
rule-tremor windows (the first 0.5 s, the watch's vibration cue, skipped as for the other PADS files).
HMP brushing teeth (a local copy, as benchmarks/everyday_hmp.py reads it): every window, and the windows the
model calls tremor without the posture rule.

The second part is the posture rule itself (decision.hpp: ``held_posture_max_turn_deg_s``, ``posture_hold_s``;
``DecisionConfig::tremor_max_turn_deg_s`` for window labels, ``HysteresisConfig::tremor_max_turn_deg_s`` and
``tremor_min_steady_share`` for naming a bout): the turn between the mean acceleration of a 2 s window and of
the window 1 s before it, per second, each mean Hann-weighted (detail/gravity_turn.hpp, ``detector_turn``
through ``tremorlab._core.posture_turns`` with hold_s 0), and the largest of those over the last 2 s
(``detector_hold``: what a window label and the Detector use). It prints both for the same real tremor
windows, the Detector's bouts on that tremor (every start) and on brushing teeth with the rule and switched
off, the PADS rest/posture recordings' ``tremor`` windows with the rule and without it, and real arms held up
(PADS HoldWeight/StretchHold with gravity rebuilt) beside the synthetic generator's held-still limbs (the
range its ``rest/held_drift_deg`` parameter was checked against).

Usage: python benchmarks/reorientation.py [--data ../shared/data] [--gyro tests/data/pads_gyro] [--hmp HMP_Dataset]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import tremorlab  # noqa: E402
from tremorlab import _core, realtremor  # noqa: E402
from tremorlab.io import gravity_from_gyro, read_recording  # noqa: E402

import everyday_hmp  # noqa: E402

WINDOW_S, HOP_S = 2.0, 0.5
STARTS = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, 0, 0], [0, -1, 0], [0, 0, -1],
                   [1, 1, 1], [1, -1, 1], [-1, 1, 1], [1, 1, -1]], dtype=float)
STARTS /= np.linalg.norm(STARTS, axis=1, keepdims=True)
PCTS = (5, 25, 50, 75, 95)


def reorientation_deg(acc: np.ndarray, fs: float, starts: np.ndarray) -> np.ndarray:
    """Angle (deg) between the Hann-weighted mean acceleration of the first and second half of each window
    starting at ``starts`` (s); NaN where the window runs past the end."""
    n = int(round(WINDOW_S * fs))
    h = n // 2
    w = np.hanning(h + 2)[1:-1]
    w /= w.sum()
    out = np.full(len(starts), np.nan)
    for k, s in enumerate(starts):
        i = int(round(s * fs))
        seg = acc[i:i + n]
        if len(seg) < n:
            continue
        a, b = w @ seg[:h], w @ seg[n - h:]
        c = float(a @ b) / (np.linalg.norm(a) * np.linalg.norm(b))
        out[k] = np.degrees(np.arccos(np.clip(c, -1.0, 1.0)))
    return out


def gravity_directions(gyro: np.ndarray, fs: float, starts: np.ndarray) -> np.ndarray:
    """(len(starts), n, 3): the sensor-frame gravity (unit vectors) of a watch whose orientation follows the
    integrated rotation rate (rad/s), from each initial gravity direction of ``starts`` (unit vectors, sensor frame):
    :func:`tremorlab.io.gravity_from_gyro`, which integrates the orientation once for all the starts."""
    return gravity_from_gyro(np.degrees(gyro), fs, np.atleast_2d(starts))


Gyro = tuple[str, np.ndarray, np.ndarray, float]  # (name, linear acceleration in g, rotation rate rad/s, fs)


def pads002_rest(data: Path) -> list[Gyro]:
    """PADS 002's rest/posture tasks (pads_subset, both wrists), as PADS gives them: gravity removed."""
    return [(p.name, p.without_gravity(), np.radians(p.gyro), p.fs) for p in realtremor.pads_subset_recordings(data)
            if p.subject == "pads002" and p.task_kind == "rest_posture"]


def read_gyro_files(folder: Path) -> list[Gyro]:
    """Each PADS movement/timeseries file of ``folder`` (tests/data/pads_gyro: time, acceleration, rotation
    rate), its first 0.5 s (the watch's vibration cue) skipped."""
    out = []
    for f in sorted(folder.glob("*_*.txt")):
        r = read_recording(f, format="pads")
        t, lin, gyro = r.t[50:], r.acc[50:], np.radians(r.gyro[50:])
        fs = float(1.0 / np.median(np.diff(t)))
        fs = realtremor.FS if abs(fs - realtremor.FS) < 2.0 else fs  # PADS: 100 Hz; timestamps jitter
        out.append((f.stem, lin, gyro, fs))
    return out


def rule_windows(lin: np.ndarray, fs: float, hop_s: float) -> tuple[np.ndarray, np.ndarray]:
    """(first sample of each 2 s window at hop ``hop_s``, whether the evidence rule calls it tremor)."""
    n, hop = int(round(WINDOW_S * fs)), int(round(hop_s * fs))
    first = np.arange(0, len(lin) - n + 1, hop)
    return first, realtremor.window_rules(lin, fs, first, n) == "tremor"


def real_tremor(data: Path) -> tuple[np.ndarray, np.ndarray]:
    """(gyro-reconstructed, gravity-free + 1 g) reorientation of PADS 002's rule-tremor rest/posture windows."""
    turns = [rule_tremor_turns(lin, gyro, fs) for _, lin, gyro, fs in pads002_rest(data)]
    return np.concatenate([r for r, _ in turns]), np.concatenate([f for _, f in turns])


def rule_tremor_turns(lin: np.ndarray, gyro: np.ndarray, fs: float) -> tuple[np.ndarray, np.ndarray]:
    """(worst-case turn of each rule-tremor window with gravity rebuilt, the same as PADS gives it + 1 g)."""
    first, keep = rule_windows(lin, fs, HOP_S)
    if not keep.any():
        return np.empty(0), np.empty(0)
    starts = first[keep] / fs
    worst = np.max([reorientation_deg(lin + g, fs, starts) for g in gravity_directions(gyro, fs, STARTS)], axis=0)
    return worst, reorientation_deg(lin + [0.0, 0.0, 1.0], fs, starts)


def gyro_files(folder: Path) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(name, rule-tremor turns, the same + 1 g) of each "t,ax,ay,az,gx,gy,gz" file of ``folder``."""
    return [(name, *rule_tremor_turns(lin, gyro, fs)) for name, lin, gyro, fs in read_gyro_files(folder)]


def brushing_recordings(root: Path) -> list[Any]:
    """The manifest's brushing-teeth recordings of the HMP copy at ``root`` (everyday_hmp.recordings)."""
    return [read_recording(p) for p in everyday_hmp.recordings(root) if p.parent.name == "Brush_teeth"]


def brushing(root: Path) -> tuple[np.ndarray, np.ndarray]:
    """(every window, windows called tremor without the posture rule) reorientation of the manifest's
    brushing-teeth recordings: what the measure says of the windows the model alone calls tremor."""
    every, called = [], []
    off = model_without_posture_rule()
    for r in brushing_recordings(root):
        res = tremorlab.classify(r, hop_s=HOP_S)
        deg = reorientation_deg(np.asarray(r.acc), r.fs, np.asarray(res.start))
        every.append(deg)
        called.append(deg[np.asarray(off.decide(res.proba, res.amplitude, res.rhythm_hz)) == "tremor"])
    return np.concatenate(every), np.concatenate(called)


TURN_HOP_S = 0.25  # the Detector's default hop, at which its posture measure runs


def detector_turn(acc: np.ndarray, fs: float, units: str, window_s: float = WINDOW_S, hop_s: float = TURN_HOP_S
                  ) -> np.ndarray:
    """The Detector's turn per window (deg/s): the angle between each window's Hann-weighted mean acceleration
    (``window_s``, hop ``hop_s``) and the one 1 s before, per second, through the C++ measure
    (``_core.posture_turns`` with hold_s 0: detail::PostureMean, detail::GravityTurn). NaN where it is not known."""
    return detector_hold(acc, fs, units, window_s, hop_s, hold_s=0.0)


def detector_hold(acc: np.ndarray, fs: float, units: str, window_s: float = WINDOW_S, hop_s: float = TURN_HOP_S,
                  hold_s: float = _core.posture_hold_s) -> np.ndarray:
    """The posture the window decision and the Detector use (deg/s): the largest :func:`detector_turn` of the
    windows of the last ``hold_s`` (2 s; ``_core.posture_turns``, detail::PostureHold). NaN where none is known."""
    n, hop = int(round(window_s * fs)), int(round(hop_s * fs))
    return _core.posture_turns(np.ascontiguousarray(acc, dtype=np.float64), n, hop, fs, units, hold_s)


def model_without_posture_rule(model: "tremorlab.Classifier | None" = None) -> "tremorlab.Classifier":
    """``model`` (default: the shipped model) with the window decision's posture rule switched off
    (tremor_max_turn_deg_s 1e9)."""
    j = json.loads((model if model is not None else tremorlab.Classifier.default()).to_json())
    j["decision"]["tremor_max_turn_deg_s"] = 1e9
    return tremorlab.Classifier.from_json(j)


def _named(det: "tremorlab.Detector", acc: np.ndarray, t: "np.ndarray | None" = None) -> tuple[int, int]:
    ev = det.push(acc, t) + det.flush()
    return (sum(e.kind == "onset" for e in ev),
            sum(e.kind in ("onset", "relabel") and e.label == "tremor" for e in ev))


HELD_TASKS = ("HoldWeight", "StretchHold")  # PADS tasks whose arm is held against gravity


#: The generator's held drift before it was checked against real arms held up (degrees; an assumption).
FORMER_HELD_DRIFT_DEG = (1.0, 4.0)


def synthetic_held_turns(n: int = 60, seed0: int = 9100, drift_deg: "tuple[float, float] | None" = None
                         ) -> np.ndarray:
    """1 s turns (:func:`detector_turn`) of synthetic held-still limbs (``synth.generate('rest', support='held')``,
    20 s at 100 Hz, seeds seed0..seed0+n-1): the generator's held drift (synth params rest/held_drift_deg), or
    with ``drift_deg`` one drawn uniformly from that range (degrees) per recording."""
    from tremorlab import synth

    out = []
    pick = np.random.default_rng(seed0)
    for s in range(seed0, seed0 + n):
        kw = {"drift_deg": float(pick.uniform(*drift_deg))} if drift_deg else {}
        r = synth.generate("rest", 20.0, 100.0, seed=s, support="held", **kw)
        t = detector_turn(np.asarray(r.acc), r.fs, "m/s^2")
        out.append(t[~np.isnan(t)])
    return np.concatenate(out)


def posture_gate(data: Path, gyro_dir: Path, hmp: "Path | None") -> None:
    """The second part of the printout (module docstring)."""
    limit = tremorlab.Classifier.default().decision["tremor_max_turn_deg_s"]
    off_model, off = model_without_posture_rule(), {"tremor_max_turn_deg_s": 1e9}
    turns, holds, held, bouts = [], [], [], {"gate": [0, 0], "off": [0, 0]}
    for name, lin, gyro, fs in pads002_rest(data) + (read_gyro_files(gyro_dir) if gyro_dir.is_dir() else []):
        _, rule = rule_windows(lin, fs, TURN_HOP_S)
        worst, worst_hold = np.zeros(len(rule)), np.zeros(len(rule))
        for g in gravity_directions(gyro, fs, STARTS):
            acc = lin + g
            one = detector_turn(acc, fs, "g")
            worst = np.fmax(worst, one)
            worst_hold = np.fmax(worst_hold, detector_hold(acc, fs, "g"))
            if any(k in name for k in HELD_TASKS):
                held.append(one[~np.isnan(one)])
            for key, m, h in (("gate", None, None), ("off", off_model, off)):
                o, t = _named(tremorlab.Detector(fs=fs, units="g", model=m, hysteresis=h), acc)
                bouts[key][0] += o
                bouts[key][1] += t
        turns.append(worst[1:][rule[1:]])
        holds.append(worst_hold[1:][rule[1:]])
    print(f"the posture measures (deg/s): 'turn', 2 s window means 1 s apart; 'held', the largest turn of the "
          f"windows of the last 2 s (what the window decision and the Detector use); percentiles 50/95/99 and "
          f"max, and the windows above tremor_max_turn_deg_s ({limit:g}); bouts with the posture rule and switched "
          f"off (window decision and Detector)")
    what = "real tremor, gravity rebuilt (PADS 002 + pads_gyro, rule-tremor windows, worst of 10 starts)"
    _turns(what, np.concatenate(turns), limit)
    _turns(what, np.concatenate(holds), limit, "held")
    _bouts("real tremor, gravity rebuilt (every start)", bouts)
    pads = []
    for held_out in (False, True):
        n = [0, 0]
        for rec in realtremor.pads_recordings(str(data), held_out=held_out):
            if rec.task_kind == "voluntary" or rec.acc.shape[0] < int(WINDOW_S * rec.fs):
                continue
            res = tremorlab.classify(rec.acc, fs=rec.fs, units="g", hop_s=HOP_S)
            n[0] += int(np.sum(np.asarray(res.labels) == "tremor"))
            n[1] += int(np.sum(np.asarray(off_model.decide(res.proba, res.amplitude, res.rhythm_hz)) == "tremor"))
        pads.append(f"{'held out' if held_out else 'train pool'} {n[0]} / {n[1]}")
    print(f"  PADS rest/posture recordings as evaluate reads them (gravity removed, 1 g added; hop {HOP_S} s), "
          f"windows called tremor with the rule / without it: {'; '.join(pads)}")
    if held:
        real, syn = np.concatenate(held), synthetic_held_turns()
        print(f"  held still, turn percentiles 50/90/95: real arms held up ({', '.join(HELD_TASKS)}; every window, "
              f"every start): {_p3(real)}; synthetic held rest (synth held_drift_deg): {_p3(syn)}; with the former "
              f"{FORMER_HELD_DRIFT_DEG[0]:g}-{FORMER_HELD_DRIFT_DEG[1]:g} degrees: "
              f"{_p3(synthetic_held_turns(drift_deg=FORMER_HELD_DRIFT_DEG))}")
    if hmp is None:
        return
    every, called, called_off, named = [], [], [], {"gate": [0, 0], "off": [0, 0]}
    for rec in brushing_recordings(hmp):
        res = tremorlab.classify(rec, hop_s=TURN_HOP_S)
        lab_off = np.asarray(off_model.decide(res.proba, res.amplitude, res.rhythm_hz))
        hold = np.asarray(res.turn_deg_s)
        every.append(hold[1:])
        called.append(hold[1:][np.asarray(res.labels)[1:] == "tremor"])
        called_off.append(hold[1:][lab_off[1:] == "tremor"])
        for key, m, h in (("gate", None, None), ("off", off_model, off)):
            o, t = _named(tremorlab.Detector(fs=rec.fs, units=rec.units, model=m, hysteresis=h), rec.acc, rec.t)
            named[key][0] += o
            named[key][1] += t
    _turns("HMP brushing teeth, every window", np.concatenate(every), limit, "held")
    _turns("HMP brushing teeth, windows called tremor without the rule", np.concatenate(called_off), limit, "held")
    print(f"  HMP brushing teeth, windows called tremor: {len(np.concatenate(called))} with the rule, "
          f"{len(np.concatenate(called_off))} without it")
    _bouts("HMP brushing teeth", named)


def _turns(what: str, v: np.ndarray, limit: float, measure: str = "turn") -> None:
    p = np.percentile(v, [50, 95, 99])
    print(f"  {measure}, {what}: {len(v)} windows, {p[0]:.2f} / {p[1]:.2f} / {p[2]:.2f} / {v.max():.2f}; "
          f"above the limit {100 * np.mean(v > limit):.1f} %")


def _p3(v: np.ndarray) -> str:
    return " / ".join(f"{x:.2f}" for x in np.percentile(v, [50, 90, 95]))


def _bouts(what: str, b: dict[str, list[int]]) -> None:
    print(f"  bouts, {what}: {b['gate'][0]} onsets, {b['gate'][1]} named tremor; rule switched off: "
          f"{b['off'][0]} onsets, {b['off'][1]} named tremor")


def _pct(v: np.ndarray) -> str:
    return " / ".join(f"{x:.1f}" for x in np.percentile(v, PCTS))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.environ.get("TREMORLAB_SHARED_DATA", str(HERE.parents[1] / "shared" / "data")))
    ap.add_argument("--gyro", default=str(HERE.parent / "tests" / "data" / "pads_gyro"))
    ap.add_argument("--hmp", default=None, help="HMP copy (default: TREMORLAB_HMP_DATA or ../HMP_Dataset)")
    a = ap.parse_args(argv)
    data = Path(a.data)
    if not (data / "pads_subset" / "002_ml.bin").is_file():
        print(f"no pads_subset/002_ml.bin under {data}", file=sys.stderr)
        return 2
    rec, flat = real_tremor(data)
    print(f"percentiles {'/'.join(map(str, PCTS))}, deg of turn in 1 s (2 s windows, hop {HOP_S} s)")
    print(f"real tremor with gravity from the gyroscope (PADS 002, rest/posture, both wrists, worst of "
          f"{len(STARTS)} starts): {len(rec)} windows, {_pct(rec)}, max {rec.max():.1f}")
    print(f"the same windows as PADS gives them (gravity removed, 1 g added): {_pct(flat)}, max {flat.max():.1f}")
    top = rec.max()
    more = gyro_files(Path(a.gyro)) if Path(a.gyro).is_dir() else []
    if more:
        g = np.concatenate([r for _, r, _ in more])
        people = sorted({"_".join(n.split("_")[:2]) for n, r, _ in more if len(r)})
        print(f"real tremor with gravity from the gyroscope ({Path(a.gyro).name}: {len(more)} recordings of {len(people)} people, "
              f"worst of {len(STARTS)} starts): {len(g)} windows, {_pct(g)}, max {g.max():.1f}")
        for name, r, f in more:
            if len(r):
                print(f"  {name}: {len(r)} windows, median {np.median(r):.1f}, max {r.max():.1f} "
                      f"(gravity removed + 1 g: max {f.max():.1f})")
        top = max(top, g.max())
    root = Path(a.hmp) if a.hmp else everyday_hmp.default_root()
    if root is None or not root.is_dir():
        print("HMP copy not found: brushing teeth skipped")
        posture_gate(data, Path(a.gyro), None)
        return 0
    every, called = brushing(root)
    print(f"HMP brushing teeth, every window: {len(every)} windows, {_pct(every)}")
    print(f"HMP brushing teeth, windows called tremor without the posture rule: {len(called)} windows, {_pct(called)}; "
          f"above PADS 002's maximum ({rec.max():.1f}): {100 * np.mean(called > rec.max()):.1f} %; "
          f"above every real tremor window's ({top:.1f}): {100 * np.mean(called > top):.1f} %")
    posture_gate(data, Path(a.gyro), root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
