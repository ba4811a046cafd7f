#!/usr/bin/env python3
"""What the PADS "Relaxed copies" hold: acceleration z and two rotation rates, not three axes of acceleration.

The 3-column copies ``<DX>_<ID>_Relaxed_<Wrist>.txt`` (the public repository yxteo2/TremorClassification2,
folder pads_relaxed/; ``../shared/data/pads_relaxed``, ``tests/data/pads_more``, ``tests/data/pads_heldout``)
are described as "ax, ay, az in g". The same recordings' ``movement/timeseries`` files ("t, ax, ay, az, gx, gy,
gz": acceleration in g, rotation rate in rad/s) show what they are: for every pair here, the copy's three columns
equal the timeseries file's columns 3-5, i.e. az, gx, gy, to the copies' 6 decimals. Two of the three "axes"
every tremorlab figure on those copies read as acceleration are rotation rates, in rad/s read as g.

For each pair (a timeseries file of tests/data/pads_cmp or tests/data/pads_gyro, its copy in tests/data or the
shared folder) this prints the largest difference between the copy and the timeseries columns 3-5 and 1-3,
the evidence rule's 3-12 Hz RMS and file label (``tremorlab.realtremor.file_evidence``) on the copy and on the
true acceleration (columns 1-3), and the share of windows tremorlab names ``tremor`` and ``mimicked`` on each
(``tremorlab.pads_folder.label_file``: default model, 2 s windows, hop 0.5 s, the first 0.5 s skipped, gravity
removed as PADS gives it).

Usage: python benchmarks/pads_columns.py [--shared DIR] [--markdown]
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from tremorlab import pads_folder, realtremor
from tremorlab.io import PadsCopyWarning, after_pads_cue, read_recording

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
TIMESERIES = (DATA / "pads_cmp", DATA / "pads_gyro", DATA / "pads_true")
COPIES = (DATA / "pads_heldout", DATA / "pads_more")
_NAME = re.compile(r"^(ET|PD|N)_(\d{3})_Relaxed_(LeftWrist|RightWrist)\.txt$")


def pairs(shared: Path | None = None) -> list[tuple[Path, Path]]:
    """(timeseries file, its Relaxed copy) for every Relaxed timeseries file here that has a copy."""
    copies: dict[str, Path] = {}
    for d in [*COPIES, *([shared / "pads_relaxed"] if shared else [])]:
        for f in sorted(d.glob("*_Relaxed_*.txt")) if d.is_dir() else []:
            copies.setdefault(f.name, f)
    out = []
    for d in TIMESERIES:
        for f in sorted(d.glob("*_Relaxed_*.txt")):
            if _NAME.match(f.name) and f.name in copies:
                out.append((f, copies[f.name]))
    return out


def _labels(name: str, acc: np.ndarray, t: np.ndarray, fs: float) -> np.ndarray:
    keep = after_pads_cue(t)
    m = _NAME.match(name)
    assert m is not None
    f = pads_folder.PadsFile(m.group(2), "Relaxed", m.group(3), m.group(1), acc[keep], fs, name)
    return pads_folder.label_file(f)[0]


def compare(ts: Path, copy: Path) -> dict[str, Any]:
    full = read_recording(ts, format="pads")
    with warnings.catch_warnings():  # what the copy holds is what this script measures
        warnings.simplefilter("ignore", PadsCopyWarning)
        cp = read_recording(copy, format="pads")
    if full.gyro is None:
        raise ValueError(f"{ts}: no gyroscope columns")
    cols = np.column_stack([full.acc[:, 2], np.radians(full.gyro[:, :2])])  # az (g), gx, gy (rad/s)
    n = min(len(cp.acc), len(cols))
    lab_copy = _labels(copy.name, cp.acc, cp.t, cp.fs)
    lab_true = _labels(ts.name, full.acc, full.t, full.fs)
    ev_copy = realtremor.file_evidence(cp.acc[after_pads_cue(cp.t)], cp.fs)
    ev_true = realtremor.file_evidence(full.acc[after_pads_cue(full.t)], full.fs)

    def pct(lab: np.ndarray, c: str) -> float:
        return round(100.0 * float(np.mean(lab == c)), 1)

    return {"recording": ts.stem, "group": _NAME.match(ts.name).group(1),  # type: ignore[union-attr]
            "copy": os.path.relpath(copy, REPO) if copy.is_relative_to(REPO) else str(copy),
            "max_diff_cols_az_gx_gy": float(np.max(np.abs(cp.acc[:n] - cols[:n]))),
            "max_diff_cols_ax_ay_az": float(np.max(np.abs(cp.acc[:n] - full.acc[:n]))),
            "rms_mg_copy": ev_copy["rms_3_12hz_mg"], "rule_copy": ev_copy["label_by_rule"],
            "rms_mg_acc": ev_true["rms_3_12hz_mg"], "rule_acc": ev_true["label_by_rule"],
            "tremor_pct_copy": pct(lab_copy, "tremor"), "tremor_pct_acc": pct(lab_true, "tremor"),
            "mimicked_pct_copy": pct(lab_copy, "mimicked"), "mimicked_pct_acc": pct(lab_true, "mimicked")}


def markdown(rows: list[dict[str, Any]]) -> str:
    head = ("| recording | copy - (az, gx, gy), max | copy - (ax, ay, az), max | 3-12 Hz RMS, copy / acceleration (mg) "
            "| evidence rule, copy / acceleration | `tremor` %, copy / acceleration | `mimicked` %, copy / acceleration |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        lines.append(f"| {r['recording']} | {r['max_diff_cols_az_gx_gy']:.1e} | {r['max_diff_cols_ax_ay_az']:.2f} | "
                     f"{r['rms_mg_copy']} / {r['rms_mg_acc']} | {r['rule_copy']} / {r['rule_acc']} | "
                     f"{r['tremor_pct_copy']} / {r['tremor_pct_acc']} | {r['mimicked_pct_copy']} / {r['mimicked_pct_acc']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=None,
                    help="the shared data folder, for its pads_relaxed copies too (default: none)")
    ap.add_argument("--markdown", action="store_true", help="print a markdown table")
    a = ap.parse_args(argv)
    found = pairs(a.shared)
    if not found:
        print("no timeseries file with a Relaxed copy found", file=sys.stderr)
        return 1
    rows = [compare(ts, cp) for ts, cp in found]
    if a.markdown:
        print(markdown(rows))
    else:
        for r in rows:
            print(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
