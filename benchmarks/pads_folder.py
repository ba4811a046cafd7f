#!/usr/bin/env python3
"""What tremorlab says about a folder of PADS recordings, by diagnosis and task: for evaluators with PADS data.

PADS (Parkinson's Disease Smartwatch dataset, Varghese et al., npj Parkinson's Disease 10:9, 2024; PhysioNet
doi:10.13026/m0w9-zx22) recorded 469 people (Parkinson's disease, essential tremor, other movement disorders,
healthy) doing 11 tasks with an Apple Watch on each wrist. This script reads every PADS file under ROOT with
tremorlab's own loaders (``tremorlab.io``: ``movement/timeseries/<id>_<task>_<wrist>.txt``, the
``<DX>_<id>_Relaxed_<wrist>.txt`` copies, ``<id>_ml.bin``), labels every window with ``tremorlab.classify``
(default model, 2 s windows, hop 0.5 s, the acceleration as PADS gives it: gravity removed), and reports per
diagnosis group and task kind (rest/posture: Relaxed, RelaxedTask, StretchHold, HoldWeight; voluntary: the
others) the share of each label, plus what the signal says of each window by the evidence rule of
``tremorlab.realtremor`` (clear tremor: a strong narrow-band 3-12 Hz oscillation; clearly none). The rows that
matter most: windows of clear tremor named ``mimicked`` (the worst error), and ``tremor`` in healthy people's
windows the rule calls tremor-free (the second worst).

A participant's group comes from ``patient_<id>.json`` ("condition") anywhere under ROOT, else from the file
name's ET/PD/N prefix, else it is "unknown". The first 0.5 s of a text file (the watch's vibration cue) is
skipped, as PADS's preprocessing and ``tremorlab.realtremor`` do; ``_ml.bin`` files have it removed already.

The participants that ``../shared/data/README.md`` reserves for the project's final evaluation are refused
unless ``--allow-reserved`` is given: the project never reads them; whoever runs that evaluation does.

Task kinds: rest/posture is Relaxed, RelaxedTask, StretchHold and HoldWeight, the tasks the project's evidence
rule labels (``tremorlab.realtremor``); every other task (LiftHold and PointFinger, which hold a posture too,
DrinkGlas, CrossArms, TouchIndex, TouchNose, Entrainment) counts as voluntary. ``--by-task`` gives a row per
task instead.

Usage: python benchmarks/pads_folder.py ROOT [ROOT ...] [--markdown] [--json FILE] [--by-task] [--allow-reserved]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import numpy as np

import tremorlab
from tremorlab import realtremor
from tremorlab.io import pads_task_base, parse_pads_bin_name, parse_pads_name, read_pads_bin, read_recording

LABELS = tuple(tremorlab.labels())
HOP_S = 0.5
CUE_S = 0.5  # the watch's vibration cue at the start of a text file (PADS drops 48 samples)
_CONDITION_GROUP = {"healthy": "healthy", "parkinson's": "PD", "essential tremor": "ET"}
_NAME_GROUP = {"N": "healthy", "PD": "PD", "ET": "ET"}
RESERVED_IDS = {i for _, i in realtremor.RESERVED}


@dataclass
class PadsFile:
    participant: str  # '002'
    task: str         # 'HoldWeight', 'Relaxed1', ...
    wrist: str        # 'LeftWrist' / 'RightWrist'
    name_group: str   # from the file name ('' when it has none)
    acc: np.ndarray   # g, gravity removed
    fs: float
    path: str

    @property
    def base_task(self) -> str:
        """The task without the .bin's half number (Relaxed1 -> Relaxed)."""
        return pads_task_base(self.task)

    @property
    def kind(self) -> str:
        return "rest/posture" if realtremor.is_rest_posture(self.task) else "voluntary"


def _refuse(pid: str, path: Path, allow: bool) -> None:
    if int(pid) in RESERVED_IDS and not allow:
        raise SystemExit(f"{path}: participant {pid} is reserved for the project's final evaluation "
                         f"(../shared/data/README.md); give --allow-reserved to read it")


def pads_files(root: Path, allow_reserved: bool = False, seen: dict[str, set] | None = None) -> Iterator[PadsFile]:
    """Every PADS recording under ``root`` (sorted paths), read with tremorlab.io. ``seen`` (shared across
    roots) drops a recording met before: the same text file in two folders, or a text file whose recording an
    ``_ml.bin`` already gave (or the other way round); PADS ids are unique across diagnoses."""
    seen = {"bin": set(), "text": set()} if seen is None else seen

    def new(kind: str, pid: str, task: str, wrist: str) -> bool:
        key = (pid, pads_task_base(task), wrist)  # Relaxed1/Relaxed2 of a .bin are the halves of Relaxed
        other = "text" if kind == "bin" else "bin"
        if key in seen[other] or (kind == "text" and key in seen["text"]):
            return False
        seen[kind].add(key)
        return True

    for p in sorted(root.rglob("*")):
        if (pid := parse_pads_bin_name(p.name)) is not None:
            _refuse(pid, p, allow_reserved)
            for (task, wrist), rec in read_pads_bin(p).items():
                if new("bin", pid, task, wrist):
                    yield PadsFile(pid, task, wrist, "", rec.acc, rec.fs, f"{p}[{task},{wrist}]")
        elif (info := parse_pads_name(p.name)) is not None:
            _refuse(info["id"], p, allow_reserved)
            if not new("text", info["id"], info["task"], info["wrist"]):
                continue
            rec = read_recording(p, format="pads")
            keep = rec.t >= CUE_S - 1e-9
            yield PadsFile(info["id"], info["task"], info["wrist"], _NAME_GROUP[info["group"]] if "group" in info else "",
                           rec.acc[keep], rec.fs, str(p))


def conditions(root: Path) -> dict[str, str]:
    """participant id -> group ('healthy', 'PD', 'ET' or PADS's own condition text) from patient_<id>.json."""
    out = {}
    for p in sorted(root.rglob("patient_*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        cond = str(d.get("condition", "")).strip()
        out[str(d.get("id", p.stem.split("_")[-1]))] = _CONDITION_GROUP.get(cond.lower(), cond or "unknown")
    return out


def window_rule(acc: np.ndarray, fs: float, start_s: np.ndarray, window_s: float) -> np.ndarray:
    """Per window: 'tremor' (the evidence rule's clear tremor), 'rest' (clearly none) or '' (neither)."""
    return realtremor.window_rules(acc, fs, np.round(np.asarray(start_s) * fs).astype(int), int(round(window_s * fs)))


def label_file(f: PadsFile) -> tuple[np.ndarray, np.ndarray]:
    """(tremorlab's window labels, the evidence rule's window labels) of one recording."""
    res = tremorlab.classify(f.acc, fs=f.fs, units="g", hop_s=HOP_S)
    return np.asarray(res.labels, dtype=str), window_rule(f.acc, f.fs, np.asarray(res.start), res.window_s)


def run(roots: list[Path], allow_reserved: bool = False, by_task: bool = False) -> dict[str, Any]:
    """The report of every PADS recording under ``roots``: rows per (group, task kind), or per (group, task)
    with ``by_task``."""
    groups: dict[str, str] = {}
    for r in roots:
        groups.update(conditions(r))
    cells: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"files": 0, "people": set(), "labels": [], "rule": [], "mimicked_people": set(),
                 "tremor_on_rule_rest_people": set()})
    skipped: list[str] = []
    seen: dict[str, set] = {"bin": set(), "text": set()}
    for r in roots:
        for f in pads_files(r, allow_reserved, seen):
            group = groups.get(f.participant) or f.name_group or "unknown"
            if f.acc.shape[0] < int(round(2.0 * f.fs)):
                skipped.append(f.path)
                continue
            lab, rule = label_file(f)
            c = cells[(group, f.base_task if by_task else f.kind)]
            c["files"] += 1
            c["people"].add(f.participant)
            c["labels"].append(lab)
            c["rule"].append(rule)
            if np.any((rule == "tremor") & (lab == "mimicked")):
                c["mimicked_people"].add(f.participant)
            if np.any((rule == "rest") & (lab == "tremor")):
                c["tremor_on_rule_rest_people"].add(f.participant)
    rows = []
    for (group, kind), c in sorted(cells.items()):
        lab = np.concatenate(c["labels"])
        rule = np.concatenate(c["rule"])

        def share(m: np.ndarray) -> dict[str, float]:
            k = max(1, int(m.sum()))
            return {x: round(100.0 * float(np.sum(lab[m] == x)) / k, 1) for x in LABELS}

        every = np.ones(len(lab), dtype=bool)
        rows.append({"group": group, "task_kind": kind, "files": c["files"], "people": len(c["people"]),
                     "windows": int(len(lab)), "labels_pct": share(every),
                     "rule_tremor_windows": int((rule == "tremor").sum()),
                     "rule_tremor_labels_pct": share(rule == "tremor"),
                     "rule_rest_windows": int((rule == "rest").sum()),
                     "rule_rest_labels_pct": share(rule == "rest"),
                     "people_with_clear_tremor_named_mimicked": len(c["mimicked_people"]),
                     "people_with_tremor_on_clear_rest": len(c["tremor_on_rule_rest_people"])})
    return {"roots": [str(r) for r in roots], "hop_s": HOP_S, "by_task": by_task, "rows": rows,
            "skipped_short": skipped}


def markdown(out: dict[str, Any]) -> str:
    head = (f"| group | {'task' if out.get('by_task') else 'task kind'} | files | people | windows | " + " | ".join(f"{x} %" for x in LABELS)
            + " | clear-tremor windows (rule) | of them tremor / mimicked % | people: clear tremor named mimicked "
              "| clearly tremor-free windows (rule) | of them tremor % | people: tremor on clearly tremor-free |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in out["rows"]:
        p, t, z = r["labels_pct"], r["rule_tremor_labels_pct"], r["rule_rest_labels_pct"]
        lines.append(f"| {r['group']} | {r['task_kind']} | {r['files']} | {r['people']} | {r['windows']} | "
                     + " | ".join(f"{p[x]:.1f}" for x in LABELS)
                     + f" | {r['rule_tremor_windows']} | {t['tremor']:.1f} / {t['mimicked']:.1f} | "
                       f"{r['people_with_clear_tremor_named_mimicked']} | {r['rule_rest_windows']} | "
                       f"{z['tremor']:.1f} | {r['people_with_tremor_on_clear_rest']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("roots", nargs="+", type=Path, help="folders searched recursively for PADS files")
    ap.add_argument("--markdown", action="store_true", help="print a markdown table (default: plain lines)")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument("--by-task", action="store_true",
                    help="a row per task (Relaxed, HoldWeight, DrinkGlas, ...) instead of per task kind")
    ap.add_argument("--allow-reserved", action="store_true",
                    help="read the participants reserved for the project's final evaluation (evaluators only)")
    a = ap.parse_args(argv)
    for r in a.roots:
        if not r.is_dir():
            ap.error(f"{r}: not a folder")
    out = run(a.roots, a.allow_reserved, a.by_task)
    if not out["rows"]:
        print(f"no PADS recording found under {', '.join(map(str, a.roots))}", file=sys.stderr)
        return 1
    if a.markdown:
        print(markdown(out))
    else:
        for r in out["rows"]:
            print(f"{r['group']:>8} {r['task_kind']:<13} files {r['files']:3d} people {r['people']:3d} windows "
                  f"{r['windows']:5d}  " + "  ".join(f"{x} {r['labels_pct'][x]:5.1f} %" for x in LABELS)
                  + f"  | clear tremor {r['rule_tremor_windows']}: tremor {r['rule_tremor_labels_pct']['tremor']:.1f} %"
                    f", mimicked {r['rule_tremor_labels_pct']['mimicked']:.1f} %"
                    f" | clearly tremor-free {r['rule_rest_windows']}: tremor {r['rule_rest_labels_pct']['tremor']:.1f} %")
    if out["skipped_short"]:
        print(f"skipped (shorter than one window): {len(out['skipped_short'])}", file=sys.stderr)
    if a.json:
        a.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
