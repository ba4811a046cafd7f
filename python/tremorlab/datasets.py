"""Catalogue of the real recordings, their labels, and subject-held-out splits.

Where the data come from (``root``): the argument, else the environment variable ``TREMORLAB_SHARED_DATA``,
else ``<repo>/../shared/data``, else only the recordings bundled in ``<repo>/data`` (see data/README.md).

Labels (vocabulary ``LABELS``):

* phone_mimicked_shaking ``Simulation/data1..12`` ("Tremor" folder) -> ``'mimicked'``: one healthy person very
  probably shaking the phone on purpose (see its SOURCE.txt), so it is imitated, not involuntary tremor;
  ``data13..15`` ("Movement") -> ``'voluntary'``; ``data16`` ("Motionless") -> ``'rest'``; ``All/`` and
  ``Research/`` -> ``'unlabeled'``. Subject ``'phone1'`` (one device, one person).
* CloudUPDRS (pdkit): ``REST_TREMOR_AMPLITUDE`` -> ``'rest'``; ``POSTURAL_TREMOR_OF_THE_HANDS`` and
  ``KINETIC_TREMOR_OF_HANDS`` (posture holding / finger-to-nose) -> ``'voluntary'``; ``PRONATION_SUPINATION``
  and ``LEG_AGILITY`` -> ``'voluntary'``. Tremor-task recordings carry ``clinician_score`` (the MDS-UPDRS item
  score of the visit for that limb, when known) and ``weak_tremor=True`` when that score is > 0 or unknown: a
  slight tremor may be present (the rest-hand recordings show only ~0.03 m/s^2 in 3.5-12 Hz), so they are
  never tremor positives. Subjects ``'2458'``, ``'3037'``; ``kinetic_tremor_left_hand.csv`` has no subject id
  (``'pdkit_kinetic'``). ``mpower_tremor.json`` -> ``'unlabeled'`` (subject ``'mpower1'``).
* ParaDigMa PPP -> ``'unlabeled'`` (subject ``'ppp1'``; ParaDigMa's own per-window predictions are a peer's
  output, see :func:`paradigma_predictions`).

Held-out set (``held_out=True``; exactly /work/shared/data/README.md): phone ``Simulation/data9..data12``,
``data15``, the 7 files of ``data16`` whose names sort last, CloudUPDRS ``3037/`` and
``kinetic_tremor_left_hand.csv``. Never train or tune on them; use them only for a final evaluation.

Subject-held-out evaluation: the real data hold only two CloudUPDRS subjects, one phone user and one
ParaDigMa participant, so per-subject cross-validation is leave-one-subject-out over the train/tune pool
(:func:`leave_one_subject_out`); the held-out files are a final test only, evaluated once. Synthetic data
(:mod:`tremorlab.synth`) provide many synthetic subjects; split them with :func:`split_by_subject`.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence, TypeVar

import numpy as np

if TYPE_CHECKING:
    from .io import Recording

__all__ = [
    "LABELS",
    "DATASET_DIRS",
    "RecordingInfo",
    "catalogue",
    "default_root",
    "bundled_root",
    "split",
    "train_pool",
    "held_out_set",
    "leave_one_subject_out",
    "split_by_subject",
    "load",
    "paradigma_predictions",
    "CLOUDUPDRS_SCORES",
]

LABELS = ("rest", "voluntary", "tremor", "mimicked", "unlabeled")

#: Clinician MDS-UPDRS III item scores of the visit (pdkit tests/data/classification_clinical.csv, subject
#: 2458, OFF medication). Keys: (task, side). Subject 3037 has no row.
CLOUDUPDRS_SCORES: dict[str, dict[tuple[str, str], int]] = {
    "2458": {
        ("POSTURAL_TREMOR_OF_THE_HANDS", "RIGHT_HAND"): 1, ("POSTURAL_TREMOR_OF_THE_HANDS", "LEFT_HAND"): 1,
        ("KINETIC_TREMOR_OF_HANDS", "RIGHT_HAND"): 1, ("KINETIC_TREMOR_OF_HANDS", "LEFT_HAND"): 1,
        ("REST_TREMOR_AMPLITUDE", "RIGHT_HAND"): 2, ("REST_TREMOR_AMPLITUDE", "LEFT_HAND"): 1,
        ("REST_TREMOR_AMPLITUDE", "RIGHT_LEG"): 0, ("REST_TREMOR_AMPLITUDE", "LEFT_LEG"): 0,
    },
}
_CLINICAL_COLUMNS = {  # classification_clinical.csv column -> (task, side)
    "PTOTH-RH": ("POSTURAL_TREMOR_OF_THE_HANDS", "RIGHT_HAND"), "PTOTH-LH": ("POSTURAL_TREMOR_OF_THE_HANDS", "LEFT_HAND"),
    "KTOH-RH": ("KINETIC_TREMOR_OF_HANDS", "RIGHT_HAND"), "KTOH-LH": ("KINETIC_TREMOR_OF_HANDS", "LEFT_HAND"),
    "RTA-RH": ("REST_TREMOR_AMPLITUDE", "RIGHT_HAND"), "RTA-LH": ("REST_TREMOR_AMPLITUDE", "LEFT_HAND"),
    "RTA-RL": ("REST_TREMOR_AMPLITUDE", "RIGHT_LEG"), "RTA-LL": ("REST_TREMOR_AMPLITUDE", "LEFT_LEG"),
}
_TREMOR_TASKS = ("REST_TREMOR_AMPLITUDE", "POSTURAL_TREMOR_OF_THE_HANDS", "KINETIC_TREMOR_OF_HANDS")
_TASK_LABEL = {"REST_TREMOR_AMPLITUDE": "rest", "POSTURAL_TREMOR_OF_THE_HANDS": "voluntary",
               "KINETIC_TREMOR_OF_HANDS": "voluntary", "PRONATION_SUPINATION": "voluntary",
               "LEG_AGILITY": "voluntary"}
_PHONE_HELD_OUT_DIRS = {"data9", "data10", "data11", "data12", "data15"}
_PHONE_LAST_N_HELD_OUT = {"data16": 7}


@dataclass(frozen=True)
class RecordingInfo:
    """One catalogued recording: where it is and what it is (no samples loaded)."""

    path: str
    dataset: str
    subject: str
    label: str
    held_out: bool
    task: str | None = None
    side: str | None = None
    weak_tremor: bool = False
    clinician_score: int | None = None
    format: str | None = None
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def load(self, **kwargs: Any) -> Recording:
        """``tremorlab.read_recording(self.path)`` with label/subject/dataset added to ``meta``."""
        return load(self, **kwargs)


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def bundled_root() -> Path | None:
    """``<repo>/data`` if it exists (a source checkout), else None (an installed wheel has no data/)."""
    p = _repo_root() / "data"
    return p if p.is_dir() else None


def default_root() -> Path | None:
    """The shared data folder: env TREMORLAB_SHARED_DATA, else <repo>/../shared/data; None if neither exists."""
    env = os.environ.get("TREMORLAB_SHARED_DATA")
    if env:
        p = Path(env)
        return p if p.is_dir() else None
    p = _repo_root().parent / "shared" / "data"
    return p if p.is_dir() else None


def _data_num(name: str) -> int:
    m = re.fullmatch(r"data(\d+)", name)
    return int(m.group(1)) if m else -1


def _phone_infos(root: Path) -> list[RecordingInfo]:
    out = []
    sim = root / "Simulation"
    if sim.is_dir():
        for d in sorted((p for p in sim.iterdir() if p.is_dir()), key=lambda p: _data_num(p.name)):
            k = _data_num(d.name)
            if 1 <= k <= 12:
                label = "mimicked"
            elif 13 <= k <= 15:
                label = "voluntary"
            elif k == 16:
                label = "rest"
            else:
                label = "unlabeled"
            files = sorted(f.name for f in d.glob("*.csv"))
            last_n = _PHONE_LAST_N_HELD_OUT.get(d.name, 0)
            held_last = set(files[len(files) - last_n:]) if last_n else set()
            for f in files:
                held = d.name in _PHONE_HELD_OUT_DIRS or f in held_last
                out.append(RecordingInfo(path=str(d / f), dataset="phone_mimicked_shaking", subject="phone1",
                                         label=label, held_out=held, task=d.name, format="phone",
                                         notes="imitated tremor (healthy person shaking the phone)"
                                         if label == "mimicked" else ""))
    for sub in ("All", "Research"):
        for fp in sorted((root / sub).glob("*.csv")) if (root / sub).is_dir() else []:
            out.append(RecordingInfo(path=str(fp), dataset="phone_mimicked_shaking", subject="phone1",
                                     label="unlabeled", held_out=False, task=sub, format="phone"))
    return out


def _read_clinical(path: Path) -> dict[str, dict[tuple[str, str], int]]:
    scores: dict[str, dict[tuple[str, str], int]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        return scores
    header = [h.strip() for h in lines[0].split(",")]
    for ln in lines[1:]:
        cells = [c.strip() for c in ln.split(",")]
        if len(cells) != len(header):
            continue
        row = dict(zip(header, cells))
        sid = row.get("id")
        if not sid or sid in scores:  # first row per id (pdkit lists the OFF visit first for 2458)
            continue
        d = {}
        for col, key in _CLINICAL_COLUMNS.items():
            try:
                d[key] = int(row[col])
            except (KeyError, ValueError):
                pass
        scores[sid] = d
    return scores


def _cloudupdrs_infos(root: Path, *, bundled: bool) -> list[RecordingInfo]:
    from .io import parse_cloudupdrs_name

    scores = dict(CLOUDUPDRS_SCORES)
    clin = root / "classification_clinical.csv"
    if clin.is_file():
        scores.update(_read_clinical(clin))
    out = []
    for sub in sorted(p for p in root.iterdir() if p.is_dir()):
        for f in sorted(sub.glob("T_-_*.csv")):
            info = parse_cloudupdrs_name(f.name)
            if info is None:
                continue
            task, side, subj = info["task"], info["side"], info["subject"]
            score = scores.get(subj, {}).get((task, side))
            weak = task in _TREMOR_TASKS and (score is None or score > 0)
            out.append(RecordingInfo(path=str(f), dataset="cloudupdrs", subject=subj,
                                     label=_TASK_LABEL.get(task, "unlabeled"),
                                     held_out=(subj == "3037"), task=task, side=side, weak_tremor=weak,
                                     clinician_score=score if task in _TREMOR_TASKS else None,
                                     format="cloudupdrs",
                                     notes="bundled copy" if bundled else ""))
    kin = root / "kinetic_tremor_left_hand.csv"
    if kin.is_file():
        out.append(RecordingInfo(path=str(kin), dataset="cloudupdrs", subject="pdkit_kinetic", label="voluntary",
                                 held_out=True, task="KINETIC_TREMOR_OF_HANDS", side="LEFT_HAND", weak_tremor=True,
                                 clinician_score=None, format="cloudupdrs", notes="~50 Hz; subject unknown"))
    mp = root / "mpower_tremor.json"
    if mp.is_file():
        out.append(RecordingInfo(path=str(mp), dataset="mpower", subject="mpower1", label="unlabeled",
                                 held_out=False, task="tremor", format="mpower"))
    return out


def _paradigma_infos(root: Path) -> list[RecordingInfo]:
    imu = root / "1.prepared_data" / "imu"
    if not (imu / "imu_meta.json").is_file():
        return []
    return [RecordingInfo(path=str(imu), dataset="paradigma_ppp", subject="ppp1", label="unlabeled",
                          held_out=False, format="tsdf", notes="peer predictions: paradigma_predictions()")]


#: Sub-folders catalogue() reads with their own dataset rules (a file under one belongs to that dataset); the
#: generic tremorlab-CSV scan skips them.
DATASET_DIRS = ("phone_mimicked_shaking", "cloudupdrs_pdkit", "paradigma_ppp", "cloudupdrs")
_TRUE = ("1", "true", "yes", "y")


def _tremorlab_csv_infos(root: Path) -> list[RecordingInfo]:
    """Every tremorlab CSV under ``root`` (recursively, outside DATASET_DIRS), labelled by its own metadata:
    ``# label:`` (the file's class; missing: 'unlabeled'), ``# subject:`` (default: the file name without
    extension), ``# held_out: true`` to keep it out of a train pool. The label is kept as written (lower-case);
    tremorlab evaluate refuses one that is not a tremorlab label, naming the file."""
    from .io import read_metadata

    out = []
    for f in sorted(root.rglob("*.csv")):
        if any(part in DATASET_DIRS for part in f.relative_to(root).parts[:-1]):
            continue
        meta = read_metadata(f)
        if meta is None:
            continue
        label = str(meta.get("label", "")).strip().lower() or "unlabeled"
        out.append(RecordingInfo(path=str(f), dataset=str(meta.get("source", "tremorlab-csv")),
                                 subject=str(meta.get("subject", f.stem)), label=label,
                                 held_out=str(meta.get("held_out", "")).strip().lower() in _TRUE,
                                 task=str(meta["task"]) if "task" in meta else None,
                                 side=str(meta["side"]) if "side" in meta else None, format="tremorlab",
                                 notes="labelled by its own metadata"))
    return out


def catalogue(root: "str | os.PathLike[str] | None" = None, *, include_bundled: bool | None = None
              ) -> list[RecordingInfo]:
    """All known recordings under ``root`` (default :func:`default_root`), with labels and held-out flags.

    Recognised sub-folders: ``phone_mimicked_shaking/``, ``cloudupdrs_pdkit/``, ``paradigma_ppp/``; anywhere
    else under ``root``, every tremorlab CSV (docs/recording_format.md) with the label, subject and held-out
    flag of its own ``# label:``, ``# subject:``, ``# held_out:`` metadata, so a folder of one's own labelled
    recordings can be evaluated (``tremorlab evaluate DIR``). Without a shared data folder, the bundled
    ``<repo>/data`` (``cloudupdrs/``, ``paradigma_ppp/``) is catalogued instead; ``include_bundled=True`` adds
    it even when a shared root is found (duplicates are then possible). Returns an empty list when nothing is
    available.
    """
    r = Path(root) if root is not None else default_root()
    infos: list[RecordingInfo] = []
    if r is not None:
        if not r.is_dir():
            raise ValueError(f"{r}: data root is not a directory")
        if (r / "phone_mimicked_shaking").is_dir():
            infos += _phone_infos(r / "phone_mimicked_shaking")
        if (r / "cloudupdrs_pdkit").is_dir():
            infos += _cloudupdrs_infos(r / "cloudupdrs_pdkit", bundled=False)
        if (r / "paradigma_ppp").is_dir():
            infos += _paradigma_infos(r / "paradigma_ppp")
        # A root that is itself a bundled-style data folder.
        if (r / "cloudupdrs").is_dir():
            infos += _cloudupdrs_infos(r / "cloudupdrs", bundled=True)
        infos += _tremorlab_csv_infos(r)
    if include_bundled or (include_bundled is None and r is None):
        b = bundled_root()
        if b is not None:
            if (b / "cloudupdrs").is_dir():
                infos += _cloudupdrs_infos(b / "cloudupdrs", bundled=True)
            if (b / "paradigma_ppp").is_dir():
                infos += _paradigma_infos(b / "paradigma_ppp")
    return infos


def split(infos: Iterable[RecordingInfo], held_out: bool = False, *, labelled_only: bool = False
          ) -> list[RecordingInfo]:
    """``held_out=False``: the train/tune pool (never contains a held-out file); ``True``: the held-out set."""
    out = [i for i in infos if bool(i.held_out) == bool(held_out)]
    if labelled_only:
        out = [i for i in out if i.label != "unlabeled"]
    return out


def train_pool(infos: Iterable[RecordingInfo], *, labelled_only: bool = False) -> list[RecordingInfo]:
    """The recordings one may train and tune on (held-out files excluded)."""
    return split(infos, held_out=False, labelled_only=labelled_only)


def held_out_set(infos: Iterable[RecordingInfo], *, labelled_only: bool = False) -> list[RecordingInfo]:
    """The final-evaluation-only recordings."""
    return split(infos, held_out=True, labelled_only=labelled_only)


T = TypeVar("T")


def _subject_of(item: Any) -> str:
    s = getattr(item, "subject", None)
    if s is None and isinstance(item, dict):
        s = item.get("subject")
    if s is None:
        raise ValueError(f"{item!r} has no subject id")
    return str(s)


def leave_one_subject_out(items: Sequence[T]) -> Iterator[tuple[str, list[T], list[T]]]:
    """Yield ``(subject, train, test)`` for each subject: test = that subject's items, train = the others.

    Refuses held-out real recordings: pass ``train_pool(infos)``, never the held-out set."""
    for it in items:
        if getattr(it, "held_out", False):
            raise ValueError(f"{getattr(it, 'path', it)} is held out: leave-one-subject-out runs on the train pool")
    subjects = sorted({_subject_of(i) for i in items})
    for s in subjects:
        yield s, [i for i in items if _subject_of(i) != s], [i for i in items if _subject_of(i) == s]


def split_by_subject(items: Sequence[T], test_fraction: float = 0.25, seed: int = 0, *,
                     test_subjects: Iterable[str] | None = None) -> tuple[list[T], list[T]]:
    """Split anything with a ``subject`` (RecordingInfo, SynthRecording) so no subject is on both sides.

    ``test_subjects`` fixes the test subjects; otherwise ``round(test_fraction * n_subjects)`` (at least 1,
    at most n - 1) subjects are drawn with ``seed``."""
    subjects = sorted({_subject_of(i) for i in items})
    if test_subjects is None:
        if len(subjects) < 2:
            raise ValueError(f"need at least 2 subjects to split by subject, got {subjects}")
        if not (0 < test_fraction < 1):
            raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
        k = min(max(1, int(round(test_fraction * len(subjects)))), len(subjects) - 1)
        rng = np.random.default_rng(seed)
        chosen = set(rng.choice(subjects, size=k, replace=False).tolist())
    else:
        chosen = {str(s) for s in test_subjects}
        unknown = chosen - set(subjects)
        if unknown:
            raise ValueError(f"unknown test subject(s) {sorted(unknown)}; have {subjects}")
    train = [i for i in items if _subject_of(i) not in chosen]
    test = [i for i in items if _subject_of(i) in chosen]
    return train, test


def load(info: RecordingInfo, **kwargs: Any) -> Recording:
    """Read a catalogued recording; ``meta`` gains dataset, subject, label, held_out, weak_tremor, task."""
    from .io import read_recording

    rec = read_recording(info.path, **kwargs)
    rec.meta.update(dataset=info.dataset, subject=info.subject, label=info.label, held_out=info.held_out,
                    weak_tremor=info.weak_tremor, clinician_score=info.clinician_score)
    if info.task is not None:
        rec.meta["task"] = info.task
    if info.side is not None:
        rec.meta["side"] = info.side
    return rec


def paradigma_predictions(root: "str | os.PathLike[str] | None" = None) -> dict[str, np.ndarray]:
    """ParaDigMa's per-window tremor predictions for the PPP recording (a peer's output, not ground truth).

    Returns arrays ``window_start_s`` (4 s windows; the file's time channel says ms but steps by 4, so it is
    read as seconds), ``pred_tremor_proba``, ``pred_tremor_logreg``, ``pred_tremor_checked``,
    ``pred_arm_at_rest``. ``root``: a folder holding ``4.predictions/`` (default: shared, else bundled)."""
    import json

    cands = []
    if root is not None:
        cands.append(Path(root))
    d = default_root()
    if d is not None:
        cands.append(d / "paradigma_ppp")
    b = bundled_root()
    if b is not None:
        cands.append(b / "paradigma_ppp")
    for c in cands:
        meta_p = c / "4.predictions" / "tremor" / "tremor_meta.json"
        if meta_p.is_file():
            meta = json.loads(meta_p.read_text(encoding="utf-8"))
            rows = int(meta["rows"])
            out: dict[str, np.ndarray] = {}
            for s in meta["sensors"]:
                raw = np.fromfile(meta_p.parent / s["file_name"], dtype="<f8")
                names = list(s["channels"])
                if raw.size != rows * len(names):
                    raise ValueError(f"{meta_p.parent / s['file_name']}: {raw.size} values, expected "
                                     f"{rows} x {len(names)}")
                block = raw.reshape(rows, len(names))
                for k, n in enumerate(names):
                    out["window_start_s" if n == "time" else n] = block[:, k].copy()
            return out
    raise FileNotFoundError("ParaDigMa predictions not found (no shared data and no bundled data/paradigma_ppp)")
