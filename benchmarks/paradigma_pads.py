#!/usr/bin/env python3
"""tremorlab and ParaDigMa on the same real tremor: PADS smartwatch recordings with the gyroscope.

ParaDigMa (Apache-2.0, PyPI ``paradigma``; Timmermans et al., npj Parkinson's Disease 2025) detects
parkinsonian rest tremor from a wrist gyroscope: 4 s windows, MFCC features and logistic regression, checked by
an "arm at rest" rule (``pred_tremor_checked``). tremorlab reads the accelerometer. Both run here on the same
PADS recordings (``movement/timeseries`` files and ``_ml.bin`` slots, which carry the gyroscope; read with
:mod:`tremorlab.pads_folder`), and each 4 s ParaDigMa window [s, s + 4) is scored against the evidence rule of
:mod:`tremorlab.realtremor` applied to the same 4 s of acceleration (``window_rules``): clear tremor (a strong
narrow-band 3-12 Hz oscillation), clearly tremor-free, or neither. tremorlab calls a 4 s window tremor when more
than half of its 2 s windows centred in it are labelled ``tremor`` (as ``tremorlab.bench.paradigma_agreement``
does on ParaDigMa's own PPP recording), and ``mimicked`` likewise.

Neither tool is ground truth and the rule is a signal rule, not a clinician: this says how often each tool
names the oscillations the rule calls clear tremor, and how often it names tremor where the rule sees none, by
task kind (rest: Relaxed, RelaxedTask; posture: StretchHold, HoldWeight; voluntary: the others). ParaDigMa is
built for rest tremor; posture and voluntary tasks are outside what it claims.

ParaDigMa needs Python packages tremorlab does not depend on, so it runs in a throwaway environment:
    python3 -m venv --system-site-packages /tmp/peers && /tmp/peers/bin/pip install paradigma
    PYTHONPATH=.venv/lib/python3.11/site-packages /tmp/peers/bin/python benchmarks/paradigma_pads.py \\
        tests/data/pads_gyro tests/data/pads_timeseries --write-cache tests/data/paradigma_pads/predictions.csv
Its per-window output for the bundled recordings is kept in ``tests/data/paradigma_pads/predictions.csv`` (the version
is in its first line), so the comparison is repeated without ParaDigMa (``--cache``, the default when that
file exists and ParaDigMa cannot be imported) and ``tests/python/test_paradigma_pads.py`` keeps the table in
``docs/evaluation.md`` current against tremorlab's labels of today.

Usage: python benchmarks/paradigma_pads.py ROOT [ROOT ...] [--cache F | --write-cache F] [--markdown] [--json F]
"""
from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

import tremorlab
from tremorlab import pads_folder, realtremor
from tremorlab.bench import _kappa, span_majority

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # compare_peers, beside this script
import compare_peers  # noqa: E402  (its ParaDigMa loader and runner, the PPP comparison's)
DEFAULT_CACHE = REPO / "tests" / "data" / "paradigma_pads" / "predictions.csv"
SPAN_S = 4.0  # ParaDigMa's window (TremorConfig().window_length_s)
KINDS = {"Relaxed": "rest", "RelaxedTask": "rest", "StretchHold": "posture", "HoldWeight": "posture"}


def kind_of(f: pads_folder.PadsFile) -> str:
    return KINDS.get(f.base_task, "voluntary")


def key_of(f: pads_folder.PadsFile) -> str:
    """A recording's name in the cache: participant, task (the .bin's halves keep their number) and wrist."""
    return f"{f.participant}_{f.task}_{f.wrist}"


def recordings(roots: list[Path], allow_reserved: bool = False) -> list[pads_folder.PadsFile]:
    """Every PADS recording under ``roots`` that has the gyroscope and at least one 4 s window."""
    seen: dict[str, set] = {"bin": set(), "text": set()}
    out = []
    for r in roots:
        for f in pads_folder.pads_files(r, allow_reserved, seen):
            if f.gyro is not None and f.acc.shape[0] >= int(round(SPAN_S * f.fs)):
                out.append(f)
    return out


def run_paradigma(f: pads_folder.PadsFile) -> list[dict[str, float]]:
    """ParaDigMa's tremor pipeline (defaults, preprocessing + classification; compare_peers.py runs it the same
    way on the PPP recording) on one recording: per 4 s window its start (s from the recording's first sample),
    P(tremor), the checked tremor call and arm-at-rest."""
    t = np.arange(f.acc.shape[0]) / f.fs if f.t is None else np.asarray(f.t, float)
    c = compare_peers.run_paradigma(
        compare_peers.paradigma_frame(tremorlab.Recording(t=t, acc=f.acc, units="g", fs=f.fs, gyro=f.gyro)), f.fs)
    return [{"window_start_s": float(r.time), "pred_tremor_proba": float(r.pred_tremor_proba),
             "pred_tremor_checked": int(r.pred_tremor_checked), "pred_arm_at_rest": int(r.pred_arm_at_rest)}
            for r in c.itertuples(index=False)]


def read_cache(path: Path) -> tuple[str, dict[str, list[dict[str, float]]]]:
    """(ParaDigMa version, recording -> its windows) of a cache file written by --write-cache."""
    with open(path, encoding="utf-8") as fh:
        first = fh.readline()
        if not first.startswith("# paradigma "):
            raise ValueError(f"{path}: not a paradigma_pads cache (first line {first.strip()!r})")
        out: dict[str, list[dict[str, float]]] = defaultdict(list)
        for row in csv.DictReader(fh):
            out[row["recording"]].append({"window_start_s": float(row["window_start_s"]),
                                          "pred_tremor_proba": float(row["pred_tremor_proba"]),
                                          "pred_tremor_checked": int(row["pred_tremor_checked"]),
                                          "pred_arm_at_rest": int(row["pred_arm_at_rest"])})
    return first.split()[2], dict(out)


def write_cache(path: Path, version: str, peer: dict[str, list[dict[str, float]]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(f"# paradigma {version} run_tremor_pipeline(TremorConfig(), IMUConfig()) on the PADS recordings "
                 "of benchmarks/paradigma_pads.py; window_start_s from each recording's first sample after "
                 "the vibration cue\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["recording", "window_start_s", "pred_tremor_proba", "pred_tremor_checked", "pred_arm_at_rest"])
        for k in sorted(peer):
            for r in peer[k]:
                w.writerow([k, f"{r['window_start_s']:g}", f"{r['pred_tremor_proba']:.6f}", r["pred_tremor_checked"],
                            r["pred_arm_at_rest"]])


def score_recording(f: pads_folder.PadsFile, windows: list[dict[str, float]]) -> dict[str, np.ndarray]:
    """Per 4 s ParaDigMa window inside the recording: the rule's label and both tools' calls."""
    starts = np.array([w["window_start_s"] for w in windows], float)
    n = int(round(SPAN_S * f.fs))
    first = np.round(starts * f.fs).astype(int)
    inside = first + n <= f.acc.shape[0]
    res = tremorlab.classify(f.acc, fs=f.fs, units="g")
    lab = np.asarray(res.labels, dtype=str)
    centres = np.asarray(res.times, float)
    covered, tl_tremor, _ = span_majority(centres, lab == "tremor", starts, SPAN_S)
    _, tl_mimicked, _ = span_majority(centres, lab == "mimicked", starts, SPAN_S)
    keep = inside & covered
    return {"rule": realtremor.window_rules(f.acc, f.fs, first[keep], n),
            "tremorlab_tremor": tl_tremor[keep], "tremorlab_mimicked": tl_mimicked[keep],
            "paradigma_tremor": np.array([w["pred_tremor_checked"] == 1 for w in windows], bool)[keep],
            "paradigma_rest": np.array([w["pred_arm_at_rest"] == 1 for w in windows], bool)[keep]}


def compare(recs: list[pads_folder.PadsFile], peer: dict[str, list[dict[str, float]]]) -> dict[str, Any]:
    """Rows per task kind (and all): windows, the rule's clear-tremor and tremor-free windows, and the share of
    them each tool calls tremor; agreement and Cohen's kappa between the tools over every window."""
    cells: dict[str, list[dict[str, np.ndarray]]] = defaultdict(list)
    missing = []
    for f in recs:
        if key_of(f) not in peer:
            missing.append(key_of(f))
            continue
        s = score_recording(f, peer[key_of(f)])
        cells[kind_of(f)].append(s)
        cells["all"].append(s)
    rows = []
    for kind in [k for k in ("rest", "posture", "voluntary", "all") if k in cells]:
        c = {k: np.concatenate([s[k] for s in cells[kind]]) for k in cells[kind][0]}
        tr, free = c["rule"] == "tremor", c["rule"] == "rest"

        def pct(x: np.ndarray, m: np.ndarray) -> float | None:
            return round(100.0 * float(np.mean(x[m])), 1) if m.any() else None

        a, b = c["tremorlab_tremor"], c["paradigma_tremor"]
        rows.append({"task_kind": kind, "recordings": len(cells[kind]), "windows": int(a.size),
                     "rule_tremor_windows": int(tr.sum()), "rule_free_windows": int(free.sum()),
                     "tremorlab_tremor_on_rule_tremor_pct": pct(a, tr),
                     "paradigma_tremor_on_rule_tremor_pct": pct(b, tr),
                     "tremorlab_mimicked_on_rule_tremor_pct": pct(c["tremorlab_mimicked"], tr),
                     "tremorlab_tremor_on_rule_free_pct": pct(a, free),
                     "paradigma_tremor_on_rule_free_pct": pct(b, free),
                     "paradigma_arm_at_rest_pct": pct(c["paradigma_rest"], np.ones(a.size, bool)),
                     "agreement_pct": pct(a == b, np.ones(a.size, bool)),
                     "kappa": None if (k := _kappa(a, b)) is None else round(k, 2)})
    return {"rows": rows, "missing_from_peer": missing}


def _cell(v: Any) -> str:
    return "n/a" if v is None else f"{v}"


def markdown(out: dict[str, Any]) -> str:
    head = ("| task kind | recordings | 4 s windows | clear tremor (rule) | named tremor: tremorlab / ParaDigMa % "
            "| tremorlab `mimicked` % | clearly tremor-free (rule) | named tremor there: tremorlab / ParaDigMa % "
            "| ParaDigMa arm at rest % | agreement % | kappa |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in out["rows"]:
        lines.append(f"| {r['task_kind']} | {r['recordings']} | {r['windows']} | {r['rule_tremor_windows']} | "
                     f"{_cell(r['tremorlab_tremor_on_rule_tremor_pct'])} / {_cell(r['paradigma_tremor_on_rule_tremor_pct'])} | "
                     f"{_cell(r['tremorlab_mimicked_on_rule_tremor_pct'])} | {r['rule_free_windows']} | "
                     f"{_cell(r['tremorlab_tremor_on_rule_free_pct'])} / {_cell(r['paradigma_tremor_on_rule_free_pct'])} | "
                     f"{_cell(r['paradigma_arm_at_rest_pct'])} | {_cell(r['agreement_pct'])} | {_cell(r['kappa'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    pads_folder.add_folder_arguments(ap)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--cache", type=Path, help="ParaDigMa's windows from this file instead of running it")
    g.add_argument("--write-cache", type=Path, help="run ParaDigMa and write its windows to this file")
    ap.add_argument("--markdown", action="store_true", help="print a markdown table")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    a = ap.parse_args(argv)
    pads_folder.check_folders(ap, a.roots)
    try:
        recs = recordings(a.roots, a.allow_reserved)
    except ValueError as exc:
        ap.exit(2, f"{ap.prog}: error: {exc}\n")
    if not recs:
        print(f"no PADS recording with the gyroscope under {', '.join(map(str, a.roots))}", file=sys.stderr)
        return 1
    version, why = compare_peers.load_paradigma()
    cache = a.cache or (DEFAULT_CACHE if version is None and a.write_cache is None and DEFAULT_CACHE.is_file() else None)
    if cache is not None:
        version, peer = read_cache(cache)
        source = f"ParaDigMa {version}, its windows read from {cache}"
    elif version is None:
        print(f"{why} (see this script's docstring) and no --cache was given", file=sys.stderr)
        return 1
    else:
        logging.disable(logging.ERROR)
        peer = {key_of(f): run_paradigma(f) for f in recs}
        source = f"ParaDigMa {version}, run now"
        if a.write_cache:
            write_cache(a.write_cache, version, peer)
    out = {"paradigma": source, **compare(recs, peer)}
    print(f"# {source}; {len(recs)} PADS recordings with the gyroscope", file=sys.stderr)
    if out["missing_from_peer"]:
        print(f"not in ParaDigMa's windows (left out): {', '.join(out['missing_from_peer'])}", file=sys.stderr)
    if a.markdown:
        print(markdown(out))
    else:
        for r in out["rows"]:
            print(json.dumps(r))
    if a.json:
        a.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
