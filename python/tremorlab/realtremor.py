"""Real recordings with involuntary tremor (PADS smartwatch data) and the rule that labels their windows.

No public recording here carries per-window tremor labels. A window of a *rest or posture task* is labelled
``'tremor'`` by a rule on the signal alone, independent of the classifier (:func:`tremor_rule`): a strong,
narrow-band 3-12 Hz oscillation, i.e.

* 3-12 Hz RMS of the 3-axis acceleration >= ``RULE['min_rms_mg']`` (20 mg, the rule of
  ``pads_relaxed/evidence.csv``),
* >= ``RULE['min_share']`` (0.80) of the 0.5-20 Hz power in 3-12 Hz (same source), and
* >= ``RULE['min_concentration']`` (0.40) of the 3-12 Hz power within +-1 Hz of its peak (one oscillation,
  not a broadband jitter).

Windows of healthy participants' rest tasks (and of PADS rest files whose evidence is negative) that fail a
looser rule (3-12 Hz RMS < 12 mg or share < 0.60: ``negative`` in ``evidence.csv``) are labelled ``'rest'``;
voluntary tasks of healthy participants are ``'voluntary'``; everything else (rest windows between the two
rules, voluntary tasks of the participant with tremor) is left unlabelled and never used.

The 3-column Relaxed copies (``pads_relaxed``, ``tests/data/pads_more``, ``tests/data/pads_heldout``) hold
acceleration z (g) and the rotation rates x, y (rad/s) of their recording, not three accelerations
(``benchmarks/pads_columns.py``; :class:`tremorlab.io.PadsCopyWarning`): the windows read from them, and every
figure on them, describe the copies. The train pool is therefore read from the recordings' movement/timeseries
files (three true accelerations: tests/data/pads_true, tests/data/pads_gyro) and pads_subset's .bin files; the
copies only on request (``pads_recordings(copies=True)``). PADS acceleration is in g with gravity removed by the PADS preprocessing;
1 g is added back on the axis where the watch's mean orientation is unknown (+z), as a user's recording would
carry it. PADS terms: tests and
evaluation only, never shipped in the package (the files stay in the shared data folder). Reserved PADS
participants (``../shared/data/README.md``) are refused. tremorlab makes no medical claim.
"""
from __future__ import annotations

import csv
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from .io import (PADS_TASKS, PadsCopyWarning, after_pads_cue, pads_task_base, parse_pads_name, read_pads_bin,
                 read_recording)

__all__ = ["BANDS", "RULE", "RESERVED", "REST_POSTURE_TASKS", "TRAIN_TIMESERIES", "HELD_OUT_TIMESERIES",
           "is_rest_posture", "PadsRecording", "window_evidence", "file_evidence", "tremor_rule", "rest_rule",
           "window_rules", "pads_true_recordings", "train_timeseries_recordings", "pads_recordings",
           "pads_subset_recordings"]

FS = 100.0

#: The window-labelling rule (bands in Hz, thresholds); see the module docstring.
BANDS: dict[str, tuple[float, float]] = {"band": (3.0, 12.0), "total": (0.5, 20.0)}
RULE: dict[str, float] = {"min_rms_mg": 20.0, "min_share": 0.80, "min_concentration": 0.40, "neg_rms_mg": 12.0,
                          "neg_share": 0.60, "peak_halfwidth_hz": 1.0}

#: PADS participants reserved for the project's final evaluation (../shared/data/README.md): never read.
RESERVED = {("ET", i) for i in (66, 70, 72, 79, 88, 91, 100, 104, 112, 124, 126, 143, 171, 188, 200)} | \
    {("PD", i) for i in (4, 5, 6, 8, 9, 10, 12)} | \
    {("N", i) for i in (21, 27, 34, 45, 46, 52, 54, 62, 78, 80)}

#: The PADS tasks whose windows the evidence rule labels: rest (arms in the lap, with and without a mental task)
#: and posture (arms stretched out, holding a weight). Task names as in PADS's file names; the .bin's halves
#: (Relaxed1, Relaxed2) are their task's.
REST_POSTURE_TASKS: tuple[str, ...] = ("Relaxed", "RelaxedTask", "StretchHold", "HoldWeight")

#: The folders of tests/data holding train-pool PADS movement/timeseries files (three true accelerations and
#: the gyroscope): what :func:`pads_recordings` reads besides pads_subset.
TRAIN_TIMESERIES: tuple[str, ...] = ("pads_true", "pads_gyro")
#: The tests/data folders of held-out people's movement/timeseries files (:func:`pads_true_recordings`): never
#: trained or tuned on, reported by ``python -m tremorlab.evaluate`` as "true acceleration, held-out people".
HELD_OUT_TIMESERIES: tuple[str, ...] = ("pads_cmp", "pads_probe")


def is_rest_posture(task: str) -> bool:
    """Whether a PADS task (a file name's, or a .bin slot's such as 'Relaxed1') is one of REST_POSTURE_TASKS."""
    return pads_task_base(task) in REST_POSTURE_TASKS


@dataclass
class PadsRecording:
    """One PADS wrist recording: acc (n, 3) in g *with* 1 g added back on +z, 100 Hz."""

    acc: np.ndarray
    subject: str          # e.g. 'pads002', 'padsET_222'
    name: str             # file/task/wrist id
    task_kind: str        # 'rest_posture' or 'voluntary'
    tremor_person: bool   # participant with a tremor diagnosis or clinician note
    evidence: str         # evidence.csv label for pads_relaxed files ('' for pads_subset)
    fs: float = FS
    gyro: np.ndarray | None = None  # rotation rate (n, 3), deg/s as in every Recording, where the file holds it

    def without_gravity(self) -> np.ndarray:
        """The signal as PADS gave it (the 1 g on +z taken off again): what the evidence rule is defined on."""
        return self.acc - [0.0, 0.0, 1.0]

    def rule_label(self) -> str:
        """The recording's label by the evidence rule ('positive', 'negative' or 'unscored'): its evidence.csv
        row, or for a file without one (pads_subset tasks) :func:`file_evidence` of its signal."""
        return self.evidence or str(file_evidence(self.without_gravity(), self.fs)["label_by_rule"])


def window_evidence(acc_g: np.ndarray, fs: float = FS) -> dict[str, float]:
    """3-12 Hz RMS (mg, 3-axis), its share of the 0.5-20 Hz power, the concentration of that power within
    +-1 Hz of its peak, and the peak frequency, from a Hann-windowed periodogram of the mean-removed window."""
    x = np.asarray(acc_g, dtype=np.float64)
    x = x - x.mean(axis=0)
    n = x.shape[0]
    w = np.hanning(n)
    spec = np.abs(np.fft.rfft(x * w[:, None], axis=0)) ** 2
    p = spec.sum(axis=1) * 2.0 / (fs * np.sum(w * w))  # one-sided PSD, summed over axes, g^2/Hz
    f = np.fft.rfftfreq(n, 1.0 / fs)
    df = f[1] - f[0]
    b = (f >= BANDS["band"][0]) & (f <= BANDS["band"][1])
    tot = (f >= BANDS["total"][0]) & (f <= BANDS["total"][1])
    pb = float(p[b].sum() * df)
    pt = float(p[tot].sum() * df)
    k = int(np.flatnonzero(b)[np.argmax(p[b])])
    near = b & (np.abs(f - f[k]) <= RULE["peak_halfwidth_hz"])
    return {"rms_mg": 1000.0 * np.sqrt(pb), "share": pb / pt if pt > 0 else 0.0,
            "concentration": float(p[near].sum() * df) / pb if pb > 0 else 0.0, "peak_hz": float(f[k])}


def file_evidence(acc_g: np.ndarray, fs: float = FS) -> dict[str, "float | str"]:
    """The per-file evidence of ``pads_relaxed/evidence.csv`` (and ``tests/data/pads_more/evidence.csv``),
    recomputed: 3-12 Hz RMS (mg) of the 3-axis signal after a 4th-order Butterworth band-pass run forwards
    and backwards, its share of the 0.5-20 Hz power (Welch, nperseg 256, the axes' PSDs summed), the peak
    frequency, and the label of the window rule's thresholds (``positive``, ``negative`` or ``unscored``),
    rounded as the CSV files print them."""
    from .filtering import butter, sosfiltfilt
    from .spectral import welch

    x = np.asarray(acc_g, dtype=np.float64)
    y = sosfiltfilt(butter(4, list(BANDS["band"]), btype="bandpass", fs=fs, output="sos"), x, axis=0)
    rms = 1000.0 * float(np.sqrt(np.sum(np.mean(y ** 2, axis=0))))
    f, P = welch(x, fs=fs, nperseg=256, axis=0)
    p = P.sum(axis=1)
    b = (f >= BANDS["band"][0]) & (f <= BANDS["band"][1])
    tot = (f >= BANDS["total"][0]) & (f <= BANDS["total"][1])
    share = float(p[b].sum() / p[tot].sum())
    positive = rms >= RULE["min_rms_mg"] and share >= RULE["min_share"]
    negative = rms < RULE["neg_rms_mg"] or share < RULE["neg_share"]
    return {"rms_3_12hz_mg": round(rms, 1), "share_3_12hz": round(share, 3),
            "peak_hz": round(float(f[b][np.argmax(p[b])]), 2),
            "label_by_rule": "positive" if positive else "negative" if negative else "unscored"}


def tremor_rule(ev: dict[str, float]) -> bool:
    """A strong narrow-band 3-12 Hz oscillation (see the module docstring)."""
    return (ev["rms_mg"] >= RULE["min_rms_mg"] and ev["share"] >= RULE["min_share"]
            and ev["concentration"] >= RULE["min_concentration"])


def rest_rule(ev: dict[str, float]) -> bool:
    """Clearly no tremor: small or broadband 3-12 Hz content (the 'negative' rule of evidence.csv)."""
    return ev["rms_mg"] < RULE["neg_rms_mg"] or ev["share"] < RULE["neg_share"]


def window_rules(acc_g: np.ndarray, fs: float, first: "np.ndarray | list[int]", n: int) -> np.ndarray:
    """What the evidence rule says of each window ``acc_g[i:i + n]``, ``i`` in ``first`` (sample indices):
    ``'tremor'`` (:func:`tremor_rule`), ``'rest'`` (:func:`rest_rule`; the two never both hold: the tremor
    rule asks for 20 mg and a 0.8 share, the rest rule for less than 12 mg or 0.6) or ``''`` (neither). Who
    may carry which label (a healthy person's windows are never tremor positives) is the caller's rule."""
    if n < 2:
        raise ValueError(f"window_rules: a window needs at least 2 samples, got n={n}")
    out = np.full(len(first), "", dtype=object)
    for k, i in enumerate(first):
        i = int(i)
        if i < 0 or i + n > len(acc_g):
            raise ValueError(f"window_rules: window [{i}, {i + n}) lies outside the {len(acc_g)} samples")
        ev = window_evidence(acc_g[i:i + n], fs)
        out[k] = "tremor" if tremor_rule(ev) else "rest" if rest_rule(ev) else ""
    return out.astype(str)


def _root(root: "str | os.PathLike[str] | None") -> Path | None:
    if root is not None:
        return Path(root)
    from .datasets import default_root

    return default_root()


def _with_gravity(acc_g: np.ndarray) -> np.ndarray:
    out = np.asarray(acc_g, dtype=np.float64).copy()
    out[:, 2] += 1.0
    return out


def pads_recordings(root: "str | os.PathLike[str] | None" = None, *, held_out: bool = False,
                    copies: bool = False) -> Iterator[PadsRecording]:
    """Every readable PADS recording of the train pool: pads_subset under ``root`` (default: the shared data
    folder; 3 people, 11 tasks x 2 wrists) and the train-pool recordings WITH three true accelerations of
    tests/data/pads_true and tests/data/pads_gyro (movement/timeseries files; each file's ``evidence`` is
    :func:`file_evidence`'s label of its acceleration). ``copies=True`` reads the train pool's 3-column
    Relaxed copies instead of those files (pads_relaxed with evidence.csv, tests/data/pads_more: acceleration z
    and two rotation rates, see the module docstring), as models up to v5 were trained. ``held_out=True``
    yields only the held-out copies of tests/data/pads_heldout instead (never trained or tuned on; ``python -m
    tremorlab.evaluate`` reports them last; :func:`pads_true_recordings` gives those people's true
    accelerations). Yields nothing from a folder that is absent."""
    if held_out:
        d = pads_extra_dir("pads_heldout")
        if d is not None:
            yield from _relaxed(d, "pads_heldout")
        else:
            _warn_missing("pads_heldout", "no held-out PADS recording is read")
        return
    r = _root(root)
    if r is not None:
        yield from pads_subset_recordings(r)
    if copies:
        if r is not None:
            yield from _relaxed(r / "pads_relaxed", "pads_relaxed")
        # More PADS Relaxed copies fetched for the project (tests/data/pads_more/SOURCE.txt; not shipped in
        # the package: PhysioNet terms).
        more = pads_extra_dir("pads_more")
        if more is not None:
            yield from _relaxed(more, "pads_more")
        else:
            _warn_missing("pads_more", "the train pool lacks the project's fetched PADS recordings")
        return
    if not any((_pads_data_base() / name / "SOURCE.txt").is_file() for name in TRAIN_TIMESERIES):
        _warn_missing("pads_true", "the train pool lacks the project's fetched PADS recordings")
    yield from train_timeseries_recordings()


def train_timeseries_recordings() -> Iterator[PadsRecording]:
    """The train pool's recordings WITH three true accelerations (:data:`TRAIN_TIMESERIES`: the
    movement/timeseries files of tests/data/pads_true and tests/data/pads_gyro), without pads_subset: what
    :func:`pads_recordings` reads besides the shared folder. Each ``evidence`` is :func:`file_evidence`'s label
    of the file's acceleration. Nothing from a folder that is absent."""
    for name in TRAIN_TIMESERIES:
        if (_pads_data_base() / name / "SOURCE.txt").is_file():
            yield from _timeseries(name, rule_evidence=True)


def pads_true_recordings() -> Iterator[PadsRecording]:
    """The held-out people's recordings WITH three true accelerations (:data:`HELD_OUT_TIMESERIES`): the
    movement/timeseries files of tests/data/pads_cmp (Relaxed recordings of people whose Relaxed copies are in
    pads_heldout, and one HoldWeight) and tests/data/pads_probe (people found after a model was made and kept out
    of training); never trained or tuned on. Their ``evidence`` is '' (each file's label is
    :func:`file_evidence`'s, through :meth:`PadsRecording.rule_label`). Nothing from a folder that is absent."""
    for name in HELD_OUT_TIMESERIES:
        yield from _timeseries(name, rule_evidence=False)


def _timeseries(folder: str, *, rule_evidence: bool) -> Iterator[PadsRecording]:
    """The movement/timeseries files ``<DX>_<ID>_<Task>_<Wrist>.txt`` of tests/data/<folder>, the watch's cue
    skipped (:func:`tremorlab.io.after_pads_cue`). ``rule_evidence``: each recording's ``evidence`` is its
    :func:`file_evidence` label, as evidence.csv gives it for a copy (so a tremor person's rule-negative file
    may give 'rest' windows); else ''."""
    d = _pads_data_base() / folder
    for f in sorted(d.glob("*.txt")) if d.is_dir() else []:
        info = parse_pads_name(f.name)  # SOURCE.txt is not one
        if info is None:
            continue
        dx, pid, task = info["group"], info["id"], info["task"]
        if (dx, int(pid)) in RESERVED:
            raise ValueError(f"{f.name}: reserved PADS participant, never read")
        rec = read_recording(f, format="pads")
        keep = after_pads_cue(rec.t)
        acc = rec.acc[keep]
        evidence = str(file_evidence(acc, rec.fs)["label_by_rule"]) if rule_evidence else ""
        yield PadsRecording(_with_gravity(acc), f"pads{dx}_{pid}", f"{folder}/{f.name}",
                            "rest_posture" if is_rest_posture(task) else "voluntary", dx != "N", evidence,
                            fs=rec.fs, gyro=rec.gyro[keep] if rec.gyro is not None else None)


def pads_subset_recordings(root: "str | os.PathLike[str] | None" = None) -> Iterator[PadsRecording]:
    """The shared folder's pads_subset: participants 001 and 003 (healthy) and 002 (tremor), 11 tasks x 2
    wrists each, with the gyroscope (``gyro``, deg/s) the files also hold. Nothing when the folder is absent."""
    r = _root(root)
    if r is None:
        return
    sub = r / "pads_subset"
    for pid, tremor in (("001", False), ("002", True), ("003", False)):
        f = sub / f"{pid}_ml.bin"
        if not f.is_file():
            continue
        recs = read_pads_bin(f)
        for task in PADS_TASKS:
            for wrist in ("LeftWrist", "RightWrist"):
                rec = recs[(task, wrist)]
                yield PadsRecording(_with_gravity(rec.acc), f"pads{pid}", f"pads_subset/{pid}/{task}/{wrist}",
                                    "rest_posture" if is_rest_posture(task) else "voluntary", tremor, "",
                                    gyro=rec.gyro)


def _warn_missing(name: str, what: str) -> None:
    # Not silent: without these folders train and evaluate still run, on fewer real recordings, and their
    # figures differ from the documented ones.
    warnings.warn(f"tests/data/{name} not found ({what}): set TREMORLAB_PADS_DATA to a tremorlab checkout's "
                  "tests/data folder", RuntimeWarning, stacklevel=3)


def pads_extra_dir(name: str) -> Path | None:
    """tests/data/<name> (``pads_more`` or ``pads_heldout``) of the project's fetched PADS recordings: env
    ``TREMORLAB_PADS_DATA`` (the folder that holds them) if set, else tests/data of the checkout this module
    sits in (python/tremorlab/realtremor.py); None when it is not there (an installed package without a
    checkout: train/evaluate then read the shared folders only)."""
    cand = _pads_data_base() / name
    return cand if (cand / "evidence.csv").is_file() else None


def _pads_data_base() -> Path:
    """Env TREMORLAB_PADS_DATA, else tests/data of the checkout this module sits in."""
    env = os.environ.get("TREMORLAB_PADS_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "tests" / "data"


def _relaxed(folder: Path, name: str) -> Iterator[PadsRecording]:
    """The Relaxed recordings of one folder with an evidence.csv (pads_relaxed's format)."""
    ev_file = folder / "evidence.csv"
    if not ev_file.is_file():
        return
    with open(ev_file, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        dx, pid = row["file"].split("_")[:2]
        if (dx, int(pid)) in RESERVED:
            raise ValueError(f"{row['file']}: reserved PADS participant, never read")
        # The first ~0.3 s may hold the watch's vibration cue (SOURCE.txt): skipped. These copies hold
        # acceleration z and two rotation rates (io.PadsCopyWarning): the project's figures on them say so.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PadsCopyWarning)
            acc = read_recording(folder / row["file"], format="pads").acc[50:]
        yield PadsRecording(_with_gravity(acc), f"pads{dx}_{pid}", f"{name}/{row['file']}",
                            "rest_posture", dx != "N", row["label_by_rule"])
