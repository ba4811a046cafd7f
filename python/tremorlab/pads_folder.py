"""What tremorlab says about a folder of PADS recordings, by diagnosis group and task: for evaluators with PADS data.

PADS (Parkinson's Disease Smartwatch dataset, Varghese et al., npj Parkinson's Disease 10:9, 2024; PhysioNet
doi:10.13026/m0w9-zx22) recorded 469 people (Parkinson's disease, essential tremor, other movement disorders,
healthy) doing 11 tasks with an Apple Watch on each wrist. :func:`run` reads every PADS file under the given
folders with tremorlab's own loaders (:mod:`tremorlab.io`: ``movement/timeseries/<id>_<task>_<wrist>.txt``, the
``<DX>_<id>_Relaxed_<wrist>.txt`` copies, ``<id>_ml.bin``), labels every window with :func:`tremorlab.classify`
(default model, 2 s windows, hop 0.5 s, the acceleration as PADS gives it: gravity removed, so the posture rule
has nothing to read), and reports per diagnosis group and task kind the share of each label, beside what the
signal says of each window by the evidence rule of :mod:`tremorlab.realtremor` (clear tremor: a strong
narrow-band 3-12 Hz oscillation; clearly none). The figures that matter most: windows of clear tremor named
``mimicked`` (the worst error) and ``tremor`` in windows the rule calls tremor-free (the second worst). Each
recording also goes through the live :class:`tremorlab.Detector` (default settings, 100 Hz sample clock): its
bouts and the bouts it names tremor or mimicked, what an app would have shown.

* A participant's group comes from ``patient_<id>.json`` ("condition") anywhere under the folders, else from
  the file name's ET/PD/N prefix, else it is "unknown".
* Task kinds: rest/posture is Relaxed, RelaxedTask, StretchHold and HoldWeight, the tasks the evidence rule
  labels; every other task (LiftHold and PointFinger, which hold a posture too, DrinkGlas, CrossArms,
  TouchIndex, TouchNose, Entrainment) counts as voluntary. ``by_task=True`` gives a row per task instead.
* The first 0.5 s of a text file (the watch's vibration cue) is skipped, as PADS's preprocessing and
  :mod:`tremorlab.realtremor` do; ``_ml.bin`` files have it removed already. A recording met twice (the same
  file in two folders, a text file and the .bin slot of the same recording, a Relaxed copy and its timeseries
  file) counts once, with its true accelerations where a folder has them.
* The 3-column Relaxed copies hold acceleration z and two rotation rates, not three accelerations
  (:class:`tremorlab.io.PadsCopyWarning`); they are labelled as given and counted in ``relaxed_copies``.
* ``gravity="gyro"`` (``--gravity gyro``) puts gravity back before labelling: rebuilt from each recording's own
  gyroscope (:func:`tremorlab.io.gravity_from_gyro`, gravity on +z at the first sample, as a watch lying face
  up starts; the mean rotation rate taken off as a bias), so the labels see what a watch that keeps gravity
  sees: the posture rule reads how the wrist turned, and the tremor's own rotation swings gravity between the
  axes (``benchmarks/raw_watch.py`` measures that on the rest/posture tasks); the evidence
  rule still reads the acceleration as PADS gives it. A recording without a gyroscope (a Relaxed copy) is
  labelled as given and listed in ``gravity_not_rebuilt``.
* Nothing is skipped silently: a file that cannot be read is listed in ``failed``, one shorter than a window in
  ``skipped_short``.
* The participants that ``../shared/data/README.md`` reserves for the project's final evaluation are refused
  (``ValueError``, before any file is read) unless ``allow_reserved=True``: the project never reads them;
  whoever runs that evaluation does.

Used by ``tremorlab evaluate DIR`` (for the PADS files under DIR) and ``benchmarks/pads_folder.py``.
tremorlab classifies movement; it makes no medical claim and gives no diagnosis.
"""
from __future__ import annotations

import argparse
import json
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from . import _core, realtremor
from .io import (PADS_CUE_S, PadsCopyWarning, after_pads_cue, gravity_from_gyro, pads_task_base, parse_pads_bin_name,
                 parse_pads_name, read_pads_bin, read_recording)

__all__ = ["HOP_S", "CUE_S", "GRAVITY", "PadsFile", "pads_paths", "pads_files", "conditions", "window_rule",
           "label_file", "detector_bouts", "run", "markdown", "plain", "add_folder_arguments", "add_gravity_argument",
           "check_folders"]

HOP_S = 0.5
CUE_S = PADS_CUE_S  # the watch's vibration cue at the start of a text file
_CONDITION_GROUP = {"healthy": "healthy", "parkinson's": "PD", "essential tremor": "ET"}
_NAME_GROUP = {"N": "healthy", "PD": "PD", "ET": "ET"}
RESERVED_IDS = {i for _, i in realtremor.RESERVED}
#: What the labels read (``run(gravity=...)``, ``--gravity``): the acceleration as PADS gives it, gravity removed,
#: or with gravity rebuilt from the recording's gyroscope.
GRAVITY = ("removed", "gyro")

Progress = Callable[..., Iterable[Any]]


@dataclass
class PadsFile:
    participant: str  # '002'
    task: str         # 'HoldWeight', 'Relaxed1', ...
    wrist: str        # 'LeftWrist' / 'RightWrist'
    name_group: str   # from the file name ('' when it has none)
    acc: np.ndarray   # g, gravity removed
    fs: float
    path: str
    t: np.ndarray | None = None     # s, the file's own clock (None: i / fs)
    gyro: np.ndarray | None = None  # deg/s, where the file has it (timeseries files, .bin slots)
    relaxed_copy: bool = False      # a 3-column Relaxed copy: acc holds az (g), gx, gy (rad/s); io.PadsCopyWarning
    # model_input("gyro"), integrated once: run() hands the same recording to label_file and detector_bouts.
    _with_gravity: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def base_task(self) -> str:
        """The task without the .bin's half number (Relaxed1 -> Relaxed)."""
        return pads_task_base(self.task)

    @property
    def kind(self) -> str:
        return "rest/posture" if realtremor.is_rest_posture(self.task) else "voluntary"

    def model_input(self, gravity: str = "removed") -> np.ndarray:
        """What the classifier and the Detector read (g): ``acc`` as given, or with ``gravity="gyro"`` and a
        gyroscope, ``acc`` plus the gravity :func:`tremorlab.io.gravity_from_gyro` rebuilds from it, the
        recording's mean rotation rate taken off first (a gyroscope's bias: a still watch does not turn; as
        ``benchmarks/raw_watch.py`` rebuilds it)."""
        _check_gravity(gravity)
        if gravity == "removed" or self.gyro is None:
            return self.acc
        if self._with_gravity is None:
            self._with_gravity = self.acc + gravity_from_gyro(self.gyro - self.gyro.mean(axis=0), self.fs)
        return self._with_gravity


def _check_gravity(gravity: str) -> None:
    if gravity not in GRAVITY:
        raise ValueError(f"gravity must be one of {GRAVITY}, got {gravity!r}")


def _participant(p: Path) -> str | None:
    if (pid := parse_pads_bin_name(p.name)) is not None:
        return pid
    info = parse_pads_name(p.name)
    return None if info is None else info["id"]


def _is_relaxed_copy(p: Path) -> bool:
    """A 3-column Relaxed copy (acceleration z and two rotation rates), by its first line: the name alone does not
    tell, since timeseries files may carry the copies' <DX>_ prefix too (tests/data/pads_cmp)."""
    if p.suffix != ".txt":
        return False
    try:
        with open(p, encoding="utf-8", errors="replace") as fh:
            return len(fh.readline().split(",")) == 3
    except OSError:  # the reader says what is wrong with it, as a failed file
        return False


def pads_paths(root: "str | Path", allow_reserved: bool = False) -> list[Path]:
    """Every PADS file under ``root`` (recursively, sorted), by its name. ValueError when one belongs to a
    reserved participant and ``allow_reserved`` is False, before anything is read."""
    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"not a folder: {root}")
    found = [(p, pid) for p in sorted(root.rglob("*")) if p.is_file() and (pid := _participant(p)) is not None]
    if not allow_reserved:
        for p, pid in found:
            if int(pid) in RESERVED_IDS:
                raise ValueError(f"{p}: participant {pid} is reserved for the project's final evaluation "
                                 f"(../shared/data/README.md); give --allow-reserved (allow_reserved=True) to read it")
    return [p for p, _ in found]


def _true_first(paths: Iterable[Path]) -> list[Path]:
    """``paths`` with the files of true accelerations (``_ml.bin``, timeseries) first and the 3-column Relaxed
    copies last, each group in its given order: where a recording is there both ways, its true accelerations
    are read and the copy is the duplicate (``_read``)."""
    return sorted(paths, key=_is_relaxed_copy)


def _read(p: Path, seen: dict[str, set]) -> list[PadsFile]:
    """The recordings of one PADS file not met before (``seen``, shared across files and folders): the same
    text file twice, or a text file whose recording a ``_ml.bin`` already gave (or the other way round); PADS
    ids are unique across diagnoses."""
    def new(kind: str, pid: str, task: str, wrist: str) -> bool:
        key = (pid, pads_task_base(task), wrist)  # Relaxed1/Relaxed2 of a .bin are the halves of Relaxed
        other = "text" if kind == "bin" else "bin"
        if key in seen[other] or (kind == "text" and key in seen["text"]):
            return False
        seen[kind].add(key)
        return True

    if (pid := parse_pads_bin_name(p.name)) is not None:
        return [PadsFile(pid, task, wrist, "", rec.acc, rec.fs, f"{p}[{task},{wrist}]", rec.t, rec.gyro)
                for (task, wrist), rec in read_pads_bin(p).items() if new("bin", pid, task, wrist)]
    info = parse_pads_name(p.name)
    if info is None or not new("text", info["id"], info["task"], info["wrist"]):
        return []
    with warnings.catch_warnings():  # a Relaxed copy: counted in run()'s "relaxed_copies" instead
        warnings.simplefilter("ignore", PadsCopyWarning)
        rec = read_recording(p, format="pads")
    keep = after_pads_cue(rec.t)
    return [PadsFile(info["id"], info["task"], info["wrist"], _NAME_GROUP[info["group"]] if "group" in info else "",
                     rec.acc[keep], rec.fs, str(p), rec.t[keep], None if rec.gyro is None else rec.gyro[keep],
                     "pads_copy_columns" in rec.meta)]


def pads_files(root: "str | Path", allow_reserved: bool = False, seen: dict[str, set] | None = None
               ) -> Iterator[PadsFile]:
    """Every PADS recording under ``root`` (sorted paths, true accelerations before the Relaxed copies), read
    with tremorlab.io; a recording met before (``seen``, shared across roots) is dropped. A file that cannot be
    read raises."""
    seen = {"bin": set(), "text": set()} if seen is None else seen
    for p in _true_first(pads_paths(root, allow_reserved)):
        yield from _read(p, seen)


def conditions(root: "str | Path") -> dict[str, str]:
    """participant id -> group ('healthy', 'PD', 'ET' or PADS's own condition text) from patient_<id>.json."""
    out = {}
    for p in sorted(Path(root).rglob("patient_*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        cond = str(d.get("condition", "")).strip()
        out[str(d.get("id", p.stem.split("_")[-1]))] = _CONDITION_GROUP.get(cond.lower(), cond or "unknown")
    return out


def window_rule(acc: np.ndarray, fs: float, start_s: np.ndarray, window_s: float) -> np.ndarray:
    """Per window: 'tremor' (the evidence rule's clear tremor), 'rest' (clearly none) or '' (neither)."""
    return realtremor.window_rules(acc, fs, np.round(np.asarray(start_s) * fs).astype(int), int(round(window_s * fs)))


def label_file(f: PadsFile, hop_s: float = HOP_S, window_s: float | None = None, gravity: str = "removed"
               ) -> tuple[np.ndarray, np.ndarray]:
    """(tremorlab's window labels of :meth:`PadsFile.model_input`, the evidence rule's window labels of the
    acceleration as PADS gives it) of one recording."""
    import tremorlab

    res = tremorlab.classify(f.model_input(gravity), fs=f.fs, units="g", window_s=window_s, hop_s=hop_s)
    return np.asarray(res.labels, dtype=str), window_rule(f.acc, f.fs, np.asarray(res.start), res.window_s)


def detector_bouts(f: PadsFile, gravity: str = "removed") -> dict[str, int]:
    """The live Detector (default settings) over one recording (:meth:`PadsFile.model_input`), on the sample
    clock ``i / fs`` as :func:`label_file` labels it: its bouts (onsets) and how many of them it names tremor and
    mimicked (by the onset or a later relabel)."""
    import tremorlab

    det = tremorlab.Detector(fs=f.fs, units="g")
    ev = det.push(f.model_input(gravity), np.arange(f.acc.shape[0]) / f.fs) + det.flush()
    named = {k: sum(1 for e in ev if e.kind in ("onset", "relabel") and e.label == k) for k in ("tremor", "mimicked")}
    return {"bouts": sum(1 for e in ev if e.kind == "onset"), "named_tremor": named["tremor"],
            "named_mimicked": named["mimicked"]}


def run(roots: Sequence["str | Path"], allow_reserved: bool = False, by_task: bool = False, *,
        hop_s: float = HOP_S, window_s: float | None = None, gravity: str = "removed",
        progress: Progress | None = None) -> dict[str, Any]:
    """The report of every PADS recording under ``roots``: rows per (group, task kind), or per (group, task)
    with ``by_task``; ``failed`` (path, error) and ``skipped_short`` list what was not counted. ``gravity``:
    one of :data:`GRAVITY` (the module docstring); with "gyro", ``gravity_not_rebuilt`` lists the recordings
    labelled without it (no gyroscope)."""
    import tremorlab

    _check_gravity(gravity)
    labels_all = tuple(tremorlab.labels())
    roots = [Path(r) for r in roots]
    # Every refusal before any work; true accelerations before the copies across all roots.
    paths = _true_first([p for r in roots for p in pads_paths(r, allow_reserved)])
    groups: dict[str, str] = {}
    for r in roots:
        groups.update(conditions(r))
    cells: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"files": 0, "people": set(), "labels": [], "rule": [], "mimicked_people": set(),
                 "tremor_on_rule_rest_people": set(), "seconds": 0.0, "bouts": 0, "named_tremor": 0,
                 "named_mimicked": 0})
    skipped: list[str] = []
    failed: list[dict[str, str]] = []
    copies = 0
    not_rebuilt: list[str] = []
    seen: dict[str, set] = {"bin": set(), "text": set()}
    for p in (progress(paths, total=len(paths)) if progress else paths):
        try:
            done = []
            for f in _read(p, seen):
                if f.acc.shape[0] < int(round((window_s or _core.default_window_s) * f.fs)):
                    skipped.append(f.path)
                    continue
                done.append((f, *label_file(f, hop_s, window_s, gravity), detector_bouts(f, gravity)))
        except (ValueError, OSError) as exc:  # listed, the others still counted
            failed.append({"path": str(p), "error": f"{type(exc).__name__}: {exc}"})
            continue
        for f, lab, rule, bouts in done:
            copies += f.relaxed_copy
            if gravity == "gyro" and f.gyro is None:
                not_rebuilt.append(f.path)
            group = groups.get(f.participant) or f.name_group or "unknown"
            c = cells[(group, f.base_task if by_task else f.kind)]
            c["files"] += 1
            c["people"].add(f.participant)
            c["labels"].append(lab)
            c["rule"].append(rule)
            c["seconds"] += f.acc.shape[0] / f.fs
            for k, v in bouts.items():
                c[k] += v
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
            return {x: round(100.0 * float(np.sum(lab[m] == x)) / k, 1) for x in labels_all}

        rows.append({"group": group, "task_kind": kind, "files": c["files"], "people": len(c["people"]),
                     "windows": int(len(lab)), "labels_pct": share(np.ones(len(lab), dtype=bool)),
                     "rule_tremor_windows": int((rule == "tremor").sum()),
                     "rule_tremor_labels_pct": share(rule == "tremor"),
                     "rule_rest_windows": int((rule == "rest").sum()),
                     "rule_rest_labels_pct": share(rule == "rest"),
                     "people_with_clear_tremor_named_mimicked": len(c["mimicked_people"]),
                     "people_with_tremor_on_clear_rest": len(c["tremor_on_rule_rest_people"]),
                     "seconds": round(c["seconds"], 2), "bouts": c["bouts"], "bouts_named_tremor": c["named_tremor"],
                     "bouts_named_mimicked": c["named_mimicked"]})
    return {"roots": [str(r) for r in roots], "hop_s": hop_s, "by_task": by_task, "rows": rows,
            "skipped_short": skipped, "failed": failed, "relaxed_copies": copies, "gravity": gravity,
            "gravity_not_rebuilt": not_rebuilt}


def add_folder_arguments(ap: argparse.ArgumentParser) -> None:
    """The arguments of a script over PADS folders: ROOT... (checked to be folders after parsing, by
    :func:`check_folders`) and --allow-reserved."""
    ap.add_argument("roots", nargs="+", type=Path, help="folders searched recursively for PADS files")
    ap.add_argument("--allow-reserved", action="store_true",
                    help="read the participants reserved for the project's final evaluation (evaluators only)")


def add_gravity_argument(ap: argparse.ArgumentParser) -> None:
    """--gravity {removed,gyro}: what the labels read (:data:`GRAVITY`, the module docstring)."""
    ap.add_argument("--gravity", choices=GRAVITY, default="removed",
                    help="label the acceleration as PADS gives it (removed, default) or with gravity rebuilt from "
                         "each recording's gyroscope (gyro), so the posture rule reads how the wrist turned")


def check_folders(ap: argparse.ArgumentParser, roots: Sequence[Path]) -> None:
    """A usage error (exit 2) for a ROOT that is not a folder."""
    for r in roots:
        if not r.is_dir():
            ap.error(f"{r}: not a folder")


def markdown(out: dict[str, Any]) -> str:
    """The report as a markdown table."""
    import tremorlab

    labels_all = tuple(tremorlab.labels())
    head = (f"| group | {'task' if out.get('by_task') else 'task kind'} | files | people | windows | "
            + " | ".join(f"{x} %" for x in labels_all)
            + " | clear-tremor windows (rule) | of them tremor / mimicked % | people: clear tremor named mimicked "
              "| clearly tremor-free windows (rule) | of them tremor % | people: tremor on clearly tremor-free "
              "| minutes | Detector bouts / named tremor / named mimicked |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in out["rows"]:
        p, t, z = r["labels_pct"], r["rule_tremor_labels_pct"], r["rule_rest_labels_pct"]
        lines.append(f"| {r['group']} | {r['task_kind']} | {r['files']} | {r['people']} | {r['windows']} | "
                     + " | ".join(f"{p[x]:.1f}" for x in labels_all)
                     + f" | {r['rule_tremor_windows']} | {t['tremor']:.1f} / {t['mimicked']:.1f} | "
                       f"{r['people_with_clear_tremor_named_mimicked']} | {r['rule_rest_windows']} | "
                       f"{z['tremor']:.1f} | {r['people_with_tremor_on_clear_rest']} | {r['seconds'] / 60:.1f} | "
                       f"{r['bouts']} / {r['bouts_named_tremor']} / {r['bouts_named_mimicked']} |")
    return "\n".join(lines)


def plain(out: dict[str, Any]) -> str:
    """The report as one line per row."""
    import tremorlab

    labels_all = tuple(tremorlab.labels())
    gw = max([8] + [len(r["group"]) for r in out["rows"]])
    kw = max([13] + [len(r["task_kind"]) for r in out["rows"]])
    return "\n".join(
        f"{r['group']:>{gw}} {r['task_kind']:<{kw}} files {r['files']:3d} people {r['people']:3d} windows "
        f"{r['windows']:5d}  " + "  ".join(f"{x} {r['labels_pct'][x]:5.1f} %" for x in labels_all)
        + f"  | clear tremor {r['rule_tremor_windows']}: tremor {r['rule_tremor_labels_pct']['tremor']:.1f} %"
          f", mimicked {r['rule_tremor_labels_pct']['mimicked']:.1f} % (people: {r['people_with_clear_tremor_named_mimicked']})"
          f" | clearly tremor-free {r['rule_rest_windows']}: tremor {r['rule_rest_labels_pct']['tremor']:.1f} %"
          f" (people: {r['people_with_tremor_on_clear_rest']})"
          f" | {r['seconds'] / 60:.1f} min, Detector bouts {r['bouts']}: named tremor {r['bouts_named_tremor']},"
          f" mimicked {r['bouts_named_mimicked']}"
        for r in out["rows"])
