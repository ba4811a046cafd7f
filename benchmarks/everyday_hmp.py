#!/usr/bin/env python3
"""What tremorlab says about other people's everyday activities: the HMP dataset's wrist recordings.

The "Dataset for ADL Recognition with Wrist-worn Accelerometer" (HMP; Bruno, Mastrogiovanni, Sgorbissa,
Vernazza, Zaccaria, ICRA 2013 pp. 1602-1607; UCI Machine Learning Repository) holds short recordings of 16
volunteers (aged 19-81) brushing their teeth, combing their hair, eating, drinking, pouring, walking, using
stairs, a telephone, a bed and a chair, from a right-wrist accelerometer at 32 Hz, 6 bits per axis over
+-1.5 g. None of it is tremor; no recording of it was used to build or tune anything here. Its terms let
users use it for research but leave redistribution to be arranged with the authors, so the project holds
no copy: point this script at yours (``--root``, or ``TREMORLAB_HMP_DATA``, or ``HMP_Dataset/`` beside the
checkout; the activity folders as the dataset ships them). A public copy with all 81 listed recordings (every
sha256 matching) is the GitHub repository wchill/HMP_Dataset at commit db57ba54ca90 (activity folders at its
root); the figures of model v12 in docs/evaluation.md were made from it. The table in docs/evaluation.md is of the 81
recordings listed with their sha256 in everyday_hmp_files.sha256 (all 12 of brushing teeth, 10 of combing
hair from 5 volunteers, and for the other activities the earliest recording of each volunteer, up to 9,
chosen by name and time before any was looked at);
``--every`` runs whatever the copy holds.

Per activity: the batch window labels (``tremorlab.classify``, hop 0.5 s) and the live Detector's events:
onsets, bouts whose kind is named tremor (an onset or relabel saying tremor), bouts named mimicked. For
everyday movement `tremor` is the wrong answer (issue 12's target: <= 1 % of windows, <= 1 tremor onset per
hour); `mimicked` (voluntary rhythmic oscillation) is what brisk rhythmic activities such as brushing teeth
are, and `shaking` leaves the kind open.

``--compare-real DATA`` also prints, for the windows called tremor here, the 5th/50th/95th percentiles of
the features that describe a rhythm, next to the same for the train pool's rule-labelled real tremor windows
(PADS, ``DATA`` = the shared data folder) whose band RMS exceeds 3 m/s^2: whether anything in a window tells
the two apart. A side with no windows prints its count (0) and n/a; with no real window above 3 m/s^2 it says
how large the train pool's real tremor windows get, and with neither side it prints no percentile rows.

Usage: python benchmarks/everyday_hmp.py [--root HMP_Dataset] [--every] [--markdown] [--shares] [--compare-real ../shared/data]
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

import tremorlab
from tremorlab import _core
from tremorlab.evaluate import TRADEOFF_SHARES
from tremorlab.io import read_recording

LABELS = tuple(tremorlab.labels())
SHARES = TRADEOFF_SHARES  # the decision's trade-off, as evaluate reports it for the real tremor and imitation
COMPARED = ("broad_peak_frequency", "peak_concentration", "cycle_freq_cv", "envelope_cv", "harmonic_ratio",
            "autocorr_regularity", "principal_fraction")


def default_root() -> Path | None:
    env = os.environ.get("TREMORLAB_HMP_DATA")
    p = Path(env) if env else Path(__file__).resolve().parents[2] / "HMP_Dataset"
    return p if p.is_dir() else None


MANIFEST = Path(__file__).with_name("everyday_hmp_files.sha256")


def recordings(root: Path, every: bool = False) -> list[Path]:
    """The recordings docs/evaluation.md's table was made from (MANIFEST: sha256 and path of each, as
    ``sha256sum`` prints them), or with ``every`` all of them under ``root`` (activity folders; the dataset's
    *_MODEL folders are not recordings). ValueError when a listed file is missing or holds other bytes."""
    if every:
        return sorted(p for p in root.glob("*/Accelerometer-*.txt") if not p.parent.name.endswith("_MODEL"))
    out = []
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        digest, rel = line.split(maxsplit=1)
        p = root / rel
        if not p.is_file():
            raise ValueError(f"{p}: listed in {MANIFEST.name} but not in this copy of the dataset")
        if hashlib.sha256(p.read_bytes()).hexdigest() != digest:
            raise ValueError(f"{p}: its bytes differ from the recording listed in {MANIFEST.name}")
        out.append(p)
    return out


def run_file(path: Path) -> dict[str, Any]:
    rec = read_recording(path)
    res = tremorlab.classify(rec)
    det = tremorlab.Detector(fs=rec.fs, units=rec.units)
    ev = det.push(rec.acc, rec.t) + det.flush()
    labels = np.asarray(res.labels)
    proba, amplitude, rhythm = np.asarray(res.proba), np.asarray(res.amplitude), np.asarray(res.rhythm_hz)
    by_share = {sh: Counter(np.asarray(_core.decide(proba, dict(res.model.decision, tremor_min_share=sh), amplitude,
                                                    rhythm, res.turn_deg_s,
                                                    _core.band_share_of_features(res.features))).tolist())
                for sh in SHARES}
    named = {k: sum(e.kind in ("onset", "relabel") and e.label == k for e in ev) for k in ("tremor", "mimicked")}
    return {"activity": rec.meta["task"], "volunteer": rec.meta["subject"], "seconds": rec.n / rec.fs,
            "labels": Counter(labels.tolist()), "features": np.asarray(res.features), "tremor_mask": labels == "tremor",
            "clipped": rec.meta["n_clipped"] / rec.n, "share": float(res.model.decision["tremor_min_share"]),
            "by_share": by_share, "onsets": sum(e.kind == "onset" for e in ev),
            "named tremor": named["tremor"], "named mimicked": named["mimicked"]}


def table(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per activity and a last row 'all'."""
    rows = []
    for act in sorted({r["activity"] for r in runs}) + ["all"]:
        rs = [r for r in runs if act in ("all", r["activity"])]
        lab = sum((r["labels"] for r in rs), Counter())
        n = sum(lab.values())
        rows.append({"activity": act, "files": len(rs), "volunteers": len({r["volunteer"] for r in rs}),
                     "minutes": sum(r["seconds"] for r in rs) / 60.0, "windows": n,
                     **{c: lab[c] / n for c in LABELS},
                     **{k: sum(r[k] for r in rs) for k in ("onsets", "named tremor", "named mimicked")}})
    return rows


BIG_TREMOR_MS2 = 3.0


@functools.lru_cache(maxsize=4)
def _real_tremor_windows(data: str) -> tuple[np.ndarray, np.ndarray]:
    """(features, subject) of the train pool's rule-labelled real tremor windows (PADS, ``data`` = the shared
    data folder), read once per folder for compare_real and real_tremor_band_rms."""
    from tremorlab import train

    # The train pool includes the PADS recordings the project fetched (tests/data/pads_true, pads_gyro).
    os.environ.setdefault("TREMORLAB_PADS_DATA", str(Path(__file__).resolve().parents[1] / "tests" / "data"))
    lab = train.pads_windows(data)
    tremor = lab.y == "tremor"
    return lab.X[tremor], lab.subject[tremor]


def compare_real(runs: list[dict[str, Any]], data: str) -> tuple[list[str], int, int, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """(people, real windows, brushing windows, {feature: (real 5/50/95th percentiles, brushing's)}): the
    brush_teeth windows called tremor against the train pool's rule-labelled real tremor windows above
    BIG_TREMOR_MS2 band RMS."""
    names = tremorlab.feature_names()
    X, subject = _real_tremor_windows(data)
    big_mask = _core.band_rms_of_features(X) > BIG_TREMOR_MS2
    big = X[big_mask]
    people = sorted({str(v).removeprefix("pads") for v in subject[big_mask]})
    B = np.vstack([r["features"][r["tremor_mask"]] for r in runs if r["activity"] == "brush_teeth"]
                  or [np.empty((0, len(names)))])
    rows = {}
    for n in ("band RMS m/s^2",) + COMPARED:
        a, b = ((_core.band_rms_of_features(big), _core.band_rms_of_features(B)) if n == "band RMS m/s^2"
                else (big[:, names.index(n)], B[:, names.index(n)]))
        rows[n] = (_percentiles(a), _percentiles(b))
    return people, len(big), len(B), rows


def _percentiles(v: np.ndarray) -> np.ndarray:
    """5th / 50th / 95th percentiles; NaN for a side with no windows (no brushing window called tremor, or no
    real tremor window above BIG_TREMOR_MS2)."""
    v = np.asarray(v, dtype=float).ravel()
    return np.percentile(v, [5, 50, 95]) if len(v) else np.full(3, np.nan)


def real_tremor_band_rms(data: str) -> np.ndarray:
    """Band RMS (m/s^2) of every rule-labelled real tremor window of the train pool (PADS), whatever its size:
    what --compare-real reports when none exceeds BIG_TREMOR_MS2."""
    return np.asarray(_core.band_rms_of_features(_real_tremor_windows(data)[0]), dtype=float)


def share_table(runs: list[dict[str, Any]]) -> dict[str, list[float]]:
    """{activity: fraction of windows `tremor` at each of SHARES}."""
    out = {}
    for act in sorted({r["activity"] for r in runs}):
        counts = [sum((r["by_share"][sh] for r in runs if r["activity"] == act), Counter()) for sh in SHARES]
        out[act] = [c["tremor"] / sum(c.values()) for c in counts]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=None, help="the HMP_Dataset folder (default: TREMORLAB_HMP_DATA, else "
                    "HMP_Dataset beside the checkout)")
    ap.add_argument("--every", action="store_true",
                    help=f"every recording under the root, not only those listed in {MANIFEST.name}")
    ap.add_argument("--shares", action="store_true",
                    help="also print each activity's tremor %% with the decision's tremor_min_share at 0.5-0.9")
    ap.add_argument("--markdown", action="store_true", help="also print the table as docs/evaluation.md has it")
    ap.add_argument("--compare-real", default=None, metavar="DATA",
                    help="also compare brushing windows called tremor with real PADS tremor (shared data folder)")
    a = ap.parse_args(argv)
    root = Path(a.root) if a.root else default_root()
    if root is None or not root.is_dir():
        ap.error("no HMP_Dataset folder: give --root or set TREMORLAB_HMP_DATA")
    try:
        files = recordings(root, a.every)
    except ValueError as exc:
        ap.error(f"{exc} (--every runs whatever the copy holds)")
    if not files:
        ap.error(f"{root}: no Accelerometer-*.txt recordings in its activity folders")
    runs = [run_file(f) for f in files]
    rows = table(runs)
    print(f"HMP everyday activities, {len(files)} recordings from {root.name}; window labels in % of windows "
          f"(rest / voluntary / tremor / mimicked / shaking), Detector onsets and bouts named tremor / mimicked "
          f"(counts)")
    for row in rows:
        print(f"  {row['activity']}: {row['files']} files, {row['volunteers']} volunteers, {row['minutes']:.1f} min, "
              f"{row['windows']} windows: " + " / ".join(f"{100 * row[c]:.1f}" for c in LABELS) + " %; "
              f"onsets {row['onsets']}, named tremor {row['named tremor']}, named mimicked {row['named mimicked']}")
    if a.markdown:
        print("\n| activity | files | volunteers | minutes | windows | rest % | voluntary % | tremor % | mimicked % | "
              "shaking % | Detector onsets | bouts named tremor | bouts named mimicked |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for row in rows:
            name = f"`{row['activity']}`" if row["activity"] != "all" else "all"
            print(f"| {name} | {row['files']} | {row['volunteers']} | {row['minutes']:.1f} | {row['windows']} | "
                  + " | ".join(f"{100 * row[c]:.1f}" for c in LABELS)
                  + f" | {row['onsets']} | {row['named tremor']} | {row['named mimicked']} |")
    if a.shares:
        print("\n`tremor` % of windows with tremor_min_share = " + " / ".join(f"{sh:g}" for sh in SHARES)
              + f" (the shipped model: {runs[0]['share']:g})")
        for act, v in share_table(runs).items():
            print(f"  {act}: " + " / ".join(f"{100 * x:.1f}" for x in v) + " %")
    clipped = np.mean([r["clipped"] for r in runs if r["activity"] == "brush_teeth"] or [0.0])
    print(f"  samples at the sensor's +-1.5 g limit, brush_teeth recordings: {100 * clipped:.1f} % (mean)")
    if a.compare_real:
        people, n_real, n_brush, ranges = compare_real(runs, a.compare_real)
        print(f"\nfeature 5th / 50th / 95th percentile: real PADS tremor windows > {BIG_TREMOR_MS2:g} m/s^2 ({n_real} "
              f"windows of {len(people)} people: {', '.join(people)}) | brush_teeth windows called tremor ({n_brush})")
        if n_real == 0:
            rms = real_tremor_band_rms(a.compare_real)
            print(f"  no real tremor window above {BIG_TREMOR_MS2:g} m/s^2: the train pool's {len(rms)} real tremor "
                  f"windows reach {np.max(rms) if len(rms) else float('nan'):.2f} m/s^2 band RMS at most")
        if n_brush == 0:
            print("  no brush_teeth window is called tremor: nothing to compare on that side")
        if n_real or n_brush:
            def cells(v: np.ndarray) -> str:
                return " ".join("   n/a" if np.isnan(x) else f"{x:6.2f}" for x in v)

            for n, (pa, pb) in ranges.items():
                print(f"  {n:22s} {cells(pa)} | {cells(pb)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
