#!/usr/bin/env python3
"""How far a wrist turns while it shakes: real tremor against brushing teeth (evidence for a future rule).

Brushing teeth is the everyday activity tremorlab calls tremor (docs/evaluation.md, "Everyday activities of
other people"): no feature of a 2 s window tells its strokes from a severe real tremor. One thing might: a
tremor shakes a hand held in a posture, while a toothbrush is carried round the mouth, turning the wrist.
This script measures that turn as the angle between the Hann-weighted mean acceleration of a window's first
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

HMP brushing teeth (a local copy, as benchmarks/everyday_hmp.py reads it): every window, and the windows
``tremorlab.classify`` calls tremor.

Nothing here changes a window's label. A rule "a turning wrist is not shaking" is not safe: a real postural
tremor (holding a weight) turns as far as brushing does (docs/evaluation.md).

The Detector's posture gate (``HysteresisConfig::tremor_max_turn_deg_s`` and ``tremor_min_steady_share``,
bout_tracker.hpp) uses a related measure: the angle between the mean acceleration of a 2 s window and of the
window 1 s before it, per second (detail/gravity_turn.hpp, which ``detector_turn`` calls through
``tremorlab._core.gravity_turn``). The second part prints it for the same real tremor windows and brushing windows, and the
Detector's bouts on the real tremor with gravity rebuilt (every start) and on brushing teeth, with the gate
and switched off: whether it keeps a real tremor's bout from being named tremor, and how many brushing bouts
it leaves unnamed (``shaking``).

Usage: python benchmarks/reorientation.py [--data ../shared/data] [--gyro tests/data/pads_gyro] [--hmp HMP_Dataset]
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import tremorlab  # noqa: E402
from tremorlab import _core, realtremor  # noqa: E402
from tremorlab.units import to_ms2  # noqa: E402
from tremorlab.io import read_recording  # noqa: E402

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


def with_gravity(lin_g: np.ndarray, gyro: np.ndarray, fs: float, start: np.ndarray) -> np.ndarray:
    """PADS's linear acceleration (g) plus the sensor-frame gravity of a watch whose orientation follows the
    integrated rotation rate (rad/s) from an initial gravity direction ``start`` (unit vector, sensor frame)."""
    from scipy.spatial.transform import Rotation  # type: ignore[import-untyped]

    steps = Rotation.from_rotvec(gyro[:-1] / fs)
    r = [Rotation.identity()]
    for s in steps:
        r.append(r[-1] * s)
    return lin_g + Rotation.concatenate(r).inv().apply(start)


Gyro = tuple[str, np.ndarray, np.ndarray, float]  # (name, linear acceleration in g, rotation rate rad/s, fs)


def pads002_rest(data: Path) -> list[Gyro]:
    """PADS 002's rest/posture tasks (pads_subset, both wrists), as PADS gives them: gravity removed."""
    return [(p.name, p.without_gravity(), p.gyro, p.fs) for p in realtremor.pads_subset_recordings(data)
            if p.subject == "pads002" and p.task_kind == "rest_posture"]


def read_gyro_files(folder: Path) -> list[Gyro]:
    """Each "t,ax,ay,az,gx,gy,gz" file of ``folder`` (tests/data/pads_gyro), its first 0.5 s (the watch's
    vibration cue) skipped."""
    out = []
    for f in sorted(folder.glob("*_*.txt")):
        d = np.loadtxt(f, delimiter=",")[50:]
        fs = float(1.0 / np.median(np.diff(d[:, 0])))
        fs = realtremor.FS if abs(fs - realtremor.FS) < 2.0 else fs  # PADS: 100 Hz; timestamps jitter
        out.append((f.stem, d[:, 1:4], d[:, 4:7], fs))
    return out


def rule_windows(lin: np.ndarray, fs: float, hop_s: float) -> tuple[np.ndarray, np.ndarray]:
    """(first sample of each 2 s window at hop ``hop_s``, whether the evidence rule calls it tremor)."""
    n, hop = int(round(WINDOW_S * fs)), int(round(hop_s * fs))
    first = np.arange(0, len(lin) - n + 1, hop)
    keep = np.array([realtremor.tremor_rule(realtremor.window_evidence(lin[i:i + n], fs)) for i in first], dtype=bool)
    return first, keep


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
    worst = np.max([reorientation_deg(with_gravity(lin, gyro, fs, u), fs, starts) for u in STARTS], axis=0)
    return worst, reorientation_deg(lin + [0.0, 0.0, 1.0], fs, starts)


def gyro_files(folder: Path) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(name, rule-tremor turns, the same + 1 g) of each "t,ax,ay,az,gx,gy,gz" file of ``folder``."""
    return [(name, *rule_tremor_turns(lin, gyro, fs)) for name, lin, gyro, fs in read_gyro_files(folder)]


def brushing_recordings(root: Path) -> list[Any]:
    """The manifest's brushing-teeth recordings of the HMP copy at ``root`` (everyday_hmp.recordings)."""
    return [read_recording(p) for p in everyday_hmp.recordings(root) if p.parent.name == "Brush_teeth"]


def brushing(root: Path) -> tuple[np.ndarray, np.ndarray]:
    """(every window, windows called tremor) reorientation of the manifest's brushing-teeth recordings."""
    every, called = [], []
    for r in brushing_recordings(root):
        res = tremorlab.classify(r, hop_s=HOP_S)
        deg = reorientation_deg(np.asarray(r.acc), r.fs, np.asarray(res.start))
        every.append(deg)
        called.append(deg[np.asarray(res.labels) == "tremor"])
    return np.concatenate(every), np.concatenate(called)


TURN_HOP_S = 0.25  # the Detector's default hop, at which its posture measure runs


def detector_turn(acc: np.ndarray, fs: float, units: str, window_s: float = WINDOW_S, hop_s: float = TURN_HOP_S
                  ) -> np.ndarray:
    """The Detector's turn per window (deg/s): the mean acceleration of each window (``window_s``, hop
    ``hop_s``), in m/s^2, through the C++ measure (``_core.gravity_turn``, detail/gravity_turn.hpp). NaN where it
    is not known."""
    n, hop = int(round(window_s * fs)), int(round(hop_s * fs))
    means = np.array([acc[i:i + n].mean(axis=0) for i in range(0, len(acc) - n + 1, hop)])
    return _core.gravity_turn(to_ms2(means, units), hop / fs)


def _named(det: "tremorlab.Detector", acc: np.ndarray, t: "np.ndarray | None" = None) -> tuple[int, int]:
    ev = det.push(acc, t) + det.flush()
    return (sum(e.kind == "onset" for e in ev),
            sum(e.kind in ("onset", "relabel") and e.label == "tremor" for e in ev))


def posture_gate(data: Path, gyro_dir: Path, hmp: "Path | None") -> None:
    """The second part of the printout (module docstring)."""
    limit = tremorlab.hysteresis_defaults()["tremor_max_turn_deg_s"]
    off = {"tremor_max_turn_deg_s": 1e9}
    turns, bouts = [], {"gate": [0, 0], "off": [0, 0]}
    for _, lin, gyro, fs in pads002_rest(data) + (read_gyro_files(gyro_dir) if gyro_dir.is_dir() else []):
        _, rule = rule_windows(lin, fs, TURN_HOP_S)
        worst = np.zeros(len(rule))
        for u in STARTS:
            acc = with_gravity(lin, gyro, fs, u)
            worst = np.fmax(worst, detector_turn(acc, fs, "g"))
            for key, h in (("gate", None), ("off", off)):
                o, t = _named(tremorlab.Detector(fs=fs, units="g", hysteresis=h), acc)
                bouts[key][0] += o
                bouts[key][1] += t
        turns.append(worst[1:][rule[1:]])
    print(f"the Detector's posture measure (deg/s: 2 s window means 1 s apart), percentiles 50/95/99 and max, and "
          f"the windows above tremor_max_turn_deg_s ({limit:g}); its bouts with the posture gate and switched off")
    _turns("real tremor, gravity rebuilt (PADS 002 + pads_gyro, rule-tremor windows, worst of 10 starts)",
           np.concatenate(turns), limit)
    _bouts("real tremor, gravity rebuilt (every start)", bouts)
    if hmp is None:
        return
    every, called, named = [], [], {"gate": [0, 0], "off": [0, 0]}
    for rec in brushing_recordings(hmp):
        res = tremorlab.classify(rec, hop_s=TURN_HOP_S)
        turn = detector_turn(np.asarray(rec.acc), rec.fs, rec.units)[:len(res.labels)]
        every.append(turn[1:])
        called.append(turn[1:][np.asarray(res.labels)[1:len(turn)] == "tremor"])
        for key, h in (("gate", None), ("off", off)):
            o, t = _named(tremorlab.Detector(fs=rec.fs, units=rec.units, hysteresis=h), rec.acc, rec.t)
            named[key][0] += o
            named[key][1] += t
    _turns("HMP brushing teeth, every window", np.concatenate(every), limit)
    _turns("HMP brushing teeth, windows called tremor", np.concatenate(called), limit)
    _bouts("HMP brushing teeth", named)


def _turns(what: str, v: np.ndarray, limit: float) -> None:
    p = np.percentile(v, [50, 95, 99])
    print(f"  turn, {what}: {len(v)} windows, {p[0]:.2f} / {p[1]:.2f} / {p[2]:.2f} / {v.max():.2f}; "
          f"above the limit {100 * np.mean(v > limit):.1f} %")


def _bouts(what: str, b: dict[str, list[int]]) -> None:
    print(f"  bouts, {what}: {b['gate'][0]} onsets, {b['gate'][1]} named tremor; gate switched off: "
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
    print(f"HMP brushing teeth, windows called tremor: {len(called)} windows, {_pct(called)}; "
          f"above PADS 002's maximum ({rec.max():.1f}): {100 * np.mean(called > rec.max()):.1f} %; "
          f"above every real tremor window's ({top:.1f}): {100 * np.mean(called > top):.1f} %")
    posture_gate(data, Path(a.gyro), root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
