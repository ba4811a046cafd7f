#!/usr/bin/env python3
"""What tremorlab says about walking and jogging: the WISDM smartwatch recordings bundled in tests/data/wisdm.

The WISDM Smartphone and Smartwatch Activity and Biometrics Dataset (Weiss, UCI Machine Learning Repository
2019, CC BY 4.0) recorded 51 people doing 18 everyday activities with an LG G Watch on the dominant wrist
(accelerometer, 20 Hz, m/s^2, range about +-2 g). tests/data/wisdm holds 2 minutes of walking and 2 of jogging
of subjects 1600-1608 (SOURCE.txt). None of it is tremor and nothing here was trained on it. Steps and a jog's
strides (1-3 Hz) are slower than any tremor, but each footfall is an impact whose harmonics reach the 4-12 Hz
band.

tremorlab analyses 25-1000 Hz, so each recording is resampled to 100 Hz first (scipy.signal.resample_poly,
x5: band-limited, nothing added above the watch's 10 Hz). Per activity and subject: the batch window labels
(``tremorlab.classify``, 2 s windows, hop 0.25 s), the same windows labelled without the slower-movement rule
of ``FeatureExtractor::rhythm_of`` (a window whose strongest rhythm is slower than 3 Hz, with under a quarter
of its movement power in the band, has no shaking rhythm; ``--markdown`` prints both), and the live
Detector's onsets and bouts named tremor or mimicked. Issue 12's target for everyday movement: <= 1 % of
windows `tremor`, <= 1 tremor onset per hour.

``--root tests/data/wisdm_1600``: 15 more everyday activities of one person (subject 1600: stairs, sitting,
standing, typing, brushing teeth, eating, drinking, kicking, catch, dribbling, writing, clapping; the raw file's
lines, with their timestamps; SOURCE.txt there), among them the hand's own quick rhythms, the everyday movements
nearest to a shaking hand; the activities are the ones the folder holds, in WISDM's order.

Usage: python benchmarks/everyday_wisdm.py [--root tests/data/wisdm | tests/data/wisdm_1600] [--markdown]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from scipy.signal import resample_poly

import tremorlab
from tremorlab import _core

LABELS = tuple(tremorlab.labels())
ROOT = Path(__file__).resolve().parents[1] / "tests" / "data" / "wisdm"
ONE_PERSON = ROOT.parent / "wisdm_1600"
#: WISDM's activities (codes A-S, without N), in the dataset's order, by the names the files here use.
ALL_ACTIVITIES = ("walking", "jogging", "stairs", "sitting", "standing", "typing", "brushing_teeth", "eating_soup",
                  "eating_chips", "eating_pasta", "drinking", "eating_sandwich", "kicking", "catch", "dribbling",
                  "writing", "clapping", "folding")
WISDM_FS = 20.0  # the dataset's stated rate (this copy has no timestamps)
UP = 5           # resampled to 100 Hz
CLIP_MS2 = 19.0  # an axis peaking at or above this sits at the watch's +-2 g limit


def read_wisdm(path: Path) -> tuple[str, np.ndarray]:
    """(subject, (n, 3) m/s^2) of a file of 'subject,activity,x,y,z;' lines (the course copy of tests/data/wisdm)
    or of the raw files' 'subject,activity,timestamp,x,y,z;' lines (tests/data/wisdm_1600), one kind per file.
    ValueError on any other line, and on raw timestamps that do not increase."""
    rows, subjects, stamps, width = [], set(), [], None
    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.strip().rstrip(";").split(",")
        if len(parts) not in (5, 6) or (width is not None and len(parts) != width):
            raise ValueError(f"{path.name}:{k}: expected 'subject,activity,x,y,z;' or "
                             f"'subject,activity,timestamp,x,y,z;' on every line, got {line!r}")
        width = len(parts)
        subjects.add(parts[0])
        rows.append([float(v) for v in parts[-3:]])
        if width == 6:
            stamps.append(int(parts[2]))
    if len(subjects) != 1 or not rows:
        raise ValueError(f"{path.name}: expected the lines of one subject")
    if stamps and not np.all(np.diff(stamps) > 0):
        raise ValueError(f"{path.name}: the timestamps must increase")
    return subjects.pop(), np.asarray(rows)


def rhythm_without_rule(features: np.ndarray, fs: float, window_s: float) -> np.ndarray:
    """The windows' rhythm without the slower-movement rule: broad_peak_frequency, 0 only for a flat spectrum
    (spectral_entropy above the analysis' no-rhythm threshold). For the comparison column only."""
    names = tremorlab.feature_names()
    flat = features[:, names.index("spectral_entropy")] > _core.no_rhythm_entropy(fs, window_s)
    return np.where(flat, 0.0, features[:, names.index("broad_peak_frequency")])


def activities(root: Path) -> tuple[str, ...]:
    """The activities of ALL_ACTIVITIES that ``root`` holds a <subject>_<activity>.txt of, in WISDM's order
    (walking and jogging for the bundled ROOT)."""
    return tuple(a for a in ALL_ACTIVITIES if any(Path(root).glob(f"*_{a}.txt")))


def recordings(root: Path) -> list[Path]:
    """The <subject>_<activity>.txt files of ``root``, activity by activity (:func:`activities` order), then by
    subject."""
    return [p for a in activities(root) for p in sorted(Path(root).glob(f"*_{a}.txt"))]


def run_file(path: Path) -> dict[str, Any]:
    subject, acc = read_wisdm(path)
    activity = path.stem.split("_", 1)[1]  # brushing_teeth: the name keeps its underscore
    fs = WISDM_FS * UP
    x = resample_poly(acc, UP, 1, axis=0)
    res = tremorlab.classify(x, fs=fs, units="m/s^2")
    det = tremorlab.Detector(fs=fs, units="m/s^2")
    ev = det.push(x) + det.flush()
    feats = np.asarray(res.features)
    without = _core.decide(np.asarray(res.proba), res.model.decision, np.asarray(res.amplitude),
                           rhythm_without_rule(feats, fs, res.window_s), res.turn_deg_s,
                           _core.band_share_of_features(feats))
    # The watch saturates near 2 g (19.2-19.8 m/s^2 per axis, per unit): an axis whose largest magnitude is there
    # and repeats is clipped; an axis that never reaches 19 m/s^2 is not.
    limit = np.abs(acc).max(axis=0)
    limit[limit < CLIP_MS2] = np.inf
    named = {k: sum(e.kind in ("onset", "relabel") and e.label == k for e in ev) for k in ("tremor", "mimicked")}
    return {"subject": subject, "activity": activity, "seconds": len(acc) / WISDM_FS, "labels": Counter(np.asarray(res.labels).tolist()),
            "without": Counter(np.asarray(without).tolist()),
            "stride_hz": float(np.median(feats[:, tremorlab.feature_names().index("broad_peak_frequency")])),
            "clipped": float(np.mean(np.any(np.abs(acc) >= limit - 1e-9, axis=1))),
            "onsets": sum(e.kind == "onset" for e in ev), "named tremor": named["tremor"],
            "named mimicked": named["mimicked"]}


def rows(runs: list[dict[str, Any]], by: str = "activity") -> list[dict[str, Any]]:
    """One row per value of ``by`` ("activity" or "subject", in the order met) and a last row 'all'."""
    out = []
    for key in list(dict.fromkeys(r[by] for r in runs)) + ["all"]:
        rs = [r for r in runs if key in ("all", r[by])]
        lab, wo = sum((r["labels"] for r in rs), Counter()), sum((r["without"] for r in rs), Counter())
        n = sum(lab.values())
        out.append({by: key, "people": len({r["subject"] for r in rs}), "minutes": sum(r["seconds"] for r in rs) / 60.0,
                    "windows": n, **{c: lab[c] / n for c in LABELS}, **{f"without {c}": wo[c] / n for c in LABELS},
                    "stride_hz": float(np.median([r["stride_hz"] for r in rs])),
                    "clipped": float(np.mean([r["clipped"] for r in rs])),
                    **{k: sum(r[k] for r in rs) for k in ("onsets", "named tremor", "named mimicked")}})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=str(ROOT), help="folder of <subject>_<activity>.txt files (default: the bundled ones)")
    ap.add_argument("--markdown", action="store_true", help="also print the table as docs/evaluation.md has it")
    a = ap.parse_args(argv)
    files = recordings(Path(a.root))
    if not files:
        ap.error(f"{a.root}: no <subject>_<activity>.txt files ({', '.join(ALL_ACTIVITIES)})")
    acts = activities(Path(a.root))
    runs = [run_file(f) for f in files]
    print(f"WISDM {', '.join(acts)}, {len({r['subject'] for r in runs})} people, resampled 20 -> 100 Hz; "
          f"window labels in % of windows (rest / voluntary / tremor / mimicked / shaking), without the "
          f"slower-movement rule in brackets; Detector onsets and bouts named tremor / mimicked (counts)")
    for act in acts:
        for r in rows([x for x in runs if x["activity"] == act], by="subject"):
            print(f"  {act} {r['subject']}: {r['minutes']:.1f} min, {r['windows']} windows, rhythm {r['stride_hz']:.2f} Hz, "
                  f"{100 * r['clipped']:.1f} % of samples at the range limit: "
                  + " / ".join(f"{100 * r[c]:.1f} ({100 * r['without ' + c]:.1f})" for c in LABELS)
                  + f" %; onsets {r['onsets']}, named tremor {r['named tremor']}, named mimicked {r['named mimicked']}")
    if a.markdown:
        print("\n| activity | people | minutes | windows | strongest rhythm, Hz (median) | at the range limit % | rest % | "
              "voluntary % | tremor % | mimicked % | shaking % | tremor / shaking % without the rule | Detector onsets | "
              "bouts named tremor | bouts named mimicked |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in rows(runs):
            name = f"`{r['activity']}`" if r["activity"] != "all" else "all"
            print(f"| {name} | {r['people']} | {r['minutes']:.1f} | {r['windows']} | {r['stride_hz']:.2f} | "
                  f"{100 * r['clipped']:.1f} | " + " | ".join(f"{100 * r[c]:.1f}" for c in LABELS)
                  + f" | {100 * r['without tremor']:.1f} / {100 * r['without shaking']:.1f} | {r['onsets']} | "
                  f"{r['named tremor']} | {r['named mimicked']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
