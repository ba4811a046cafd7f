"""Throughput and evaluation drivers behind ``tremorlab bench`` and ``tremorlab evaluate``.

Throughput is reported in hours of recorded data processed per second of wall time; memory as the
process's peak resident set size and the peak of Python/numpy allocations (tracemalloc).
"""
from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc
from typing import Any, Callable, Iterable, Sequence, TypeVar

import numpy as np

from .units import STANDARD_GRAVITY

__all__ = ["synthetic_acc", "analyse_acc", "bench_synthetic", "bench_files", "evaluate_folder",
           "format_bench", "format_evaluation", "peak_rss_mb"]

Progress = Callable[..., Iterable]
_T = TypeVar("_T")


def _no_progress(it: Iterable[_T], total: int | None = None, desc: str = "") -> Iterable[_T]:
    return it


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB."""
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024.0 * 1024.0) if sys.platform == "darwin" else r / 1024.0


def synthetic_acc(hours: float, fs: float = 100.0, seed: int = 0) -> np.ndarray:
    """(n, 3) m/s^2: gravity, slow voluntary drift, an intermittent 5.5 Hz component and sensor noise.

    The content only has to look like a wrist recording to exercise every code path; values are not
    used for accuracy.
    """
    n = int(round(hours * 3600.0 * fs))
    rng = np.random.default_rng(seed)
    t = np.arange(n) / fs
    acc = np.empty((n, 3))
    gate = (np.sin(2 * np.pi * t / 60.0) > 0.3).astype(float)  # tremor on ~40 % of the time
    for k, g in enumerate((0.0, 0.0, STANDARD_GRAVITY)):
        acc[:, k] = (g + 0.3 * np.sin(2 * np.pi * 0.3 * t + k) + 0.8 * gate * np.sin(2 * np.pi * 5.5 * t + 0.7 * k)
                     + 0.05 * rng.standard_normal(n))
    return acc


def analyse_acc(acc: np.ndarray, fs: float, units: str = "m/s^2", workers: int = 1) -> tuple[str, int]:
    """The benchmarked work: classification (features + classifier) when available, else the band-power
    analysis (band-pass filter + Welch PSD). Returns (mode, number of windows or PSD bins). ``workers``:
    threads for the feature extraction (tremorlab.classify's argument)."""
    import tremorlab

    if callable(getattr(tremorlab, "classify", None)):
        res = tremorlab.classify(acc, fs=fs, units=units, workers=workers)
        return "classification", int(len(res.labels))
    from .report import band_passed, tremor_band_psd

    a = np.asarray(acc, float)
    band_passed(a, fs)
    f, _ = tremor_band_psd(a - a.mean(axis=0), fs)
    return "band_power", int(f.size)


def bench_synthetic(hours: float = 1.0, fs: float = 100.0, repeat: int = 3,
                    progress: Progress | None = None, workers: int = 1) -> dict[str, Any]:
    """Best-of-``repeat`` wall time for ``hours`` of synthetic tri-axial data at ``fs``."""
    progress = progress or _no_progress
    acc = synthetic_acc(hours, fs)
    rss_before = peak_rss_mb()
    times = []
    mode, n_out = "", 0
    tracemalloc.start()
    try:
        for _ in progress(range(repeat), total=repeat, desc="bench"):
            t0 = time.perf_counter()
            mode, n_out = analyse_acc(acc, fs, workers=workers)
            times.append(time.perf_counter() - t0)
            tracemalloc.stop() if len(times) == 1 else None  # trace only the first run: tracing slows numpy
    finally:
        if tracemalloc.is_tracing():
            tracemalloc.stop()
    best = min(times)
    return {
        "input": "synthetic",
        "mode": mode,
        "hours": hours,
        "fs": fs,
        "samples": int(acc.shape[0]),
        "outputs": n_out,
        "repeat": repeat,
        "workers": workers,
        "seconds_best": best,
        "seconds_median": float(np.median(times)),
        "hours_per_second": hours / best,
        "peak_rss_mb": peak_rss_mb(),
        "peak_rss_before_mb": rss_before,
        "input_mb": acc.nbytes / 2 ** 20,
        "failed": [],
    }


def bench_files(files: Sequence[str], repeat: int = 3, progress: Progress | None = None,
                workers: int = 1) -> dict[str, Any]:
    """Reads each recording once (not timed), then times its analysis; unreadable files are listed."""
    import tremorlab

    from .report import acc_ms2

    progress = progress or _no_progress
    loaded, failed = [], []
    for path in progress(files, total=len(files), desc="read"):
        try:
            rec = tremorlab.read_recording(path)
            loaded.append((path, acc_ms2(rec), float(rec.fs), float(rec.n) / float(rec.fs)))
        except Exception as exc:  # noqa: BLE001 - report every failure, keep going
            failed.append({"path": os.fspath(path), "error": f"{type(exc).__name__}: {exc}"})
    best = float("inf")
    mode = ""
    for _ in progress(range(repeat), total=repeat, desc="bench"):
        t0 = time.perf_counter()
        for _, a, fs, _ in loaded:
            mode, _n = analyse_acc(a, fs, workers=workers)
        best = min(best, time.perf_counter() - t0)
    hours = sum(d for *_, d in loaded) / 3600.0
    return {
        "input": "files",
        "mode": mode,
        "files": len(loaded),
        "hours": hours,
        "repeat": repeat,
        "workers": workers,
        "seconds_best": best if loaded else float("nan"),
        "hours_per_second": hours / best if loaded and best > 0 else float("nan"),
        "peak_rss_mb": peak_rss_mb(),
        "failed": failed,
    }


def format_bench(r: dict[str, Any]) -> str:
    lines = [f"tremorlab bench ({r['mode'] or 'nothing run'}, {r['input']})"]
    if r["input"] == "synthetic":
        lines.append(f"  data              {r['hours']:g} h of tri-axial data at {r['fs']:g} Hz "
                     f"({r['samples']} samples, {r['input_mb']:.0f} MiB)")
    else:
        lines.append(f"  data              {r['files']} file(s), {r['hours'] * 3600:.0f} s of data")
    lines.append(f"  best of {r['repeat']:<3}       {r['seconds_best']:.3f} s"
                 + (f"  ({r['workers']} threads for the features)" if r.get("workers", 1) != 1 else ""))
    lines.append(f"  throughput        {r['hours_per_second']:.1f} hours of data per second")
    lines.append(f"  peak memory (RSS) {r['peak_rss_mb']:.0f} MiB")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# Evaluation on a labelled dataset folder


def _entry_get(e: Any, *names: str, default: Any = None) -> Any:
    for n in names:
        if isinstance(e, dict) and n in e:
            return e[n]
        if hasattr(e, n):
            return getattr(e, n)
    return default


def evaluate_folder(root: str, *, held_out: str = "include", window_s: float | None = None,
                    hop_s: float | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Classifies every labelled recording of ``tremorlab.datasets.catalogue(root)``.

    Every window of a recording carries the recording's label (the datasets label whole files). Returns
    window-level accuracy, per-class precision/recall, the confusion matrix (rows: true, columns:
    predicted), a per-recording table and the list of files that failed.
    """
    import tremorlab

    progress = progress or _no_progress
    if not callable(getattr(tremorlab, "classify", None)):
        raise ValueError("this tremorlab build has no classifier (tremorlab.classify): cannot evaluate")
    cat = tremorlab.datasets.catalogue(root)
    entries = list(cat.itertuples(index=False)) if hasattr(cat, "itertuples") else list(cat)
    chosen = []
    for e in entries:
        label = _entry_get(e, "label")
        if label is None or (isinstance(label, float) and np.isnan(label)) or \
                str(label).strip().lower() in ("", "none", "unknown", "unlabeled", "unlabelled", "nan"):
            continue
        ho = bool(_entry_get(e, "held_out", default=False))
        if (held_out == "exclude" and ho) or (held_out == "only" and not ho):
            continue
        chosen.append(e)

    kw: dict[str, Any] = {}
    if window_s is not None:
        kw["window_s"] = window_s
    if hop_s is not None:
        kw["hop_s"] = hop_s
    classes: list[str] = []
    y_true: list[str] = []
    y_pred: list[str] = []
    table, failed = [], []
    known = set(tremorlab.labels())
    for e in progress(chosen, total=len(chosen)):
        path = os.fspath(_entry_get(e, "path"))
        label = str(_entry_get(e, "label"))
        if label not in known:  # a file's own "# label:" line, say: refused by name, the others still scored
            failed.append({"path": path, "error": f"ValueError: label {label!r} is not a tremorlab label "
                                                  f"({', '.join(tremorlab.labels())})"})
            continue
        try:
            rec = tremorlab.read_recording(path)
            res = tremorlab.classify(rec.acc, fs=rec.fs, units=rec.units, **kw)
        except Exception as exc:  # noqa: BLE001 - listed as failed, the others still processed
            failed.append({"path": path, "error": f"{type(exc).__name__}: {exc}"})
            continue
        classes = classes or list(tremorlab.labels())  # the decision can say "shaking" too
        labels = np.asarray(res.labels).astype(str)
        y_true += [label] * labels.size
        y_pred += labels.tolist()
        vals, counts = np.unique(labels, return_counts=True)
        majority = str(vals[np.argmax(counts)]) if labels.size else ""
        table.append({"path": path, "label": label, "held_out": bool(_entry_get(e, "held_out", default=False)),
                      "windows": int(labels.size), "majority": majority,
                      "agreement": float(np.mean(labels == label)) if labels.size else float("nan")})
    # Predicted labels come from decide() and may include "shaking" (kind uncertain), which no file is labelled.
    all_classes = list(dict.fromkeys(classes + sorted((set(y_true) | set(y_pred)) - set(classes))))
    idx = {c: i for i, c in enumerate(all_classes)}
    cm = np.zeros((len(all_classes), len(all_classes)), dtype=int)
    for t_, p_ in zip(y_true, y_pred):
        cm[idx[t_], idx[p_]] += 1
    per_class = {}
    for c, i in idx.items():
        tp = cm[i, i]
        pred = cm[:, i].sum()
        true = cm[i, :].sum()
        per_class[c] = {"precision": float(tp / pred) if pred else None, "recall": float(tp / true) if true else None,
                        "support": int(true)}
    n = int(cm.sum())
    return {
        "root": os.fspath(root),
        "held_out": held_out,
        "n_recordings": len(table),
        "n_windows": n,
        "accuracy": float(np.trace(cm) / n) if n else None,
        "classes": all_classes,
        "confusion_matrix": cm.tolist(),
        "per_class": per_class,
        "recordings": table,
        "failed": failed,
    }


def format_evaluation(r: dict[str, Any]) -> str:
    from .report import DISCLAIMER

    L = [f"tremorlab evaluate {r['root']} ({r['n_recordings']} recordings, {r['n_windows']} windows, "
         f"held-out: {r['held_out']})"]
    acc = r["accuracy"]
    L.append(f"  window accuracy  {acc:.3f}" if acc is not None else "  window accuracy  n/a")
    L.append("  per class        precision  recall  support")
    for c, m in r["per_class"].items():
        p = "n/a" if m["precision"] is None else f"{m['precision']:.3f}"
        rc = "n/a" if m["recall"] is None else f"{m['recall']:.3f}"
        L.append(f"    {c:<14} {p:>9} {rc:>7} {m['support']:>8}")
    cls = r["classes"]
    w = max([len(c) for c in cls] + [6])
    L.append("  confusion matrix (rows true, columns predicted)")
    L.append("    " + " " * w + " " + " ".join(f"{c[:w]:>{w}}" for c in cls))
    for c, row in zip(cls, r["confusion_matrix"]):
        L.append("    " + f"{c:<{w}} " + " ".join(f"{v:>{w}d}" for v in row))
    L.append("  per recording")
    for t in r["recordings"]:
        ho = " (held-out)" if t["held_out"] else ""
        # The path comes last and whole: CloudUPDRS names carry the task in the middle, a cut hides it.
        name = os.path.relpath(t["path"], r["root"])
        L.append(f"    {t['label']:<10} -> {t['majority']:<10} "
                 f"{100 * t['agreement']:5.1f} % of {t['windows']:>4} windows  {name}{ho}")
    if r["failed"]:
        L.append(f"  failed: {len(r['failed'])} recording(s) (see stderr)")
    L.append(DISCLAIMER)
    return "\n".join(L)


# ---------------------------------------------------------------------------------------------------------
# Side-by-side with a peer's own output: ParaDigMa's shipped tremor predictions


def _kappa(a: np.ndarray, b: np.ndarray) -> float | None:
    a = np.asarray(a, bool)
    b = np.asarray(b, bool)
    n = a.size
    if n == 0:
        return None
    po = float(np.mean(a == b))
    pe = float(np.mean(a) * np.mean(b) + np.mean(~a) * np.mean(~b))
    return None if pe >= 1.0 else (po - pe) / (1.0 - pe)


def span_majority(centres: np.ndarray, is_x: np.ndarray, starts: np.ndarray, span_s: float,
                  values: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A peer's windows [s, s + span_s) in tremorlab's terms: (covered: some tremorlab window is centred in
    it; majority: more than half of those windows have ``is_x``; mean of ``values`` over them, NaN if none)."""
    starts = np.asarray(starts, float)
    covered = np.zeros(starts.size, bool)
    major = np.zeros(starts.size, bool)
    mean = np.full(starts.size, np.nan)
    for i, s in enumerate(starts):
        m = (centres >= s) & (centres < s + span_s)
        if np.any(m):
            covered[i] = True
            major[i] = np.mean(is_x[m]) > 0.5
            if values is not None:
                mean[i] = float(np.mean(values[m]))
    return covered, major, mean


def paradigma_agreement(folder: str, *, window_s: float | None = None, hop_s: float | None = None) -> dict[str, Any]:
    """Agreement between tremorlab's per-window tremor calls and ParaDigMa's shipped predictions.

    ``folder`` holds ``1.prepared_data/imu`` (TSDF) and ``4.predictions/tremor``. A ParaDigMa 4 s window
    [s, s + 4) counts as tremor for tremorlab when more than half of the tremorlab windows centred in it are
    labelled tremor. Neither is ground truth: this is an agreement table (counts, percent agreement, Cohen's
    kappa), overall and for the windows ParaDigMa judged arm-at-rest.
    """
    import tremorlab

    folder = os.fspath(folder)
    pred = tremorlab.datasets.paradigma_predictions(folder)
    rec = tremorlab.read_recording(os.path.join(folder, "1.prepared_data", "imu"))
    kw: dict[str, Any] = {}
    if window_s is not None:
        kw["window_s"] = window_s
    if hop_s is not None:
        kw["hop_s"] = hop_s
    res = tremorlab.classify(rec.acc, fs=rec.fs, units=rec.units, **kw)
    centres = np.asarray(res.times, float)
    is_tremor = np.asarray(res.labels).astype(str) == "tremor"
    p_tremor = np.asarray(res.tremor_probability, float)
    starts = np.asarray(pred["window_start_s"], float)
    pd_tremor = np.asarray(pred["pred_tremor_checked"], float) > 0.5
    pd_rest = np.asarray(pred["pred_arm_at_rest"], float) > 0.5
    covered, tl_tremor, tl_p = span_majority(centres, is_tremor, starts, 4.0, p_tremor)

    def table(mask: np.ndarray) -> dict[str, Any]:
        a, b = tl_tremor[mask], pd_tremor[mask]
        return {
            "windows": int(mask.sum()),
            "both_tremor": int(np.sum(a & b)),
            "tremorlab_only": int(np.sum(a & ~b)),
            "paradigma_only": int(np.sum(~a & b)),
            "neither": int(np.sum(~a & ~b)),
            "agreement": float(np.mean(a == b)) if a.size else None,
            "kappa": _kappa(a, b),
        }

    out = {
        "recording": os.path.join(folder, "1.prepared_data", "imu"),
        "paradigma_windows": int(starts.size),
        "covered_windows": int(covered.sum()),
        "all": table(covered),
        "arm_at_rest": table(covered & pd_rest),
        "tremorlab_mean_p_tremor_in_paradigma_tremor": float(np.nanmean(tl_p[covered & pd_tremor])) if np.any(covered & pd_tremor) else None,
        "tremorlab_mean_p_tremor_elsewhere": float(np.nanmean(tl_p[covered & ~pd_tremor])) if np.any(covered & ~pd_tremor) else None,
        "tremorlab_class_shares": {str(c): float(np.mean(np.asarray(res.labels).astype(str) == str(c))) for c in res.classes},
    }
    out["text"] = format_agreement(out)
    return out


def format_agreement(r: dict[str, Any]) -> str:
    L = [f"tremorlab vs ParaDigMa's shipped predictions ({r['covered_windows']} of {r['paradigma_windows']} "
         "4 s windows; a peer's output, not ground truth)"]
    L.append("  subset          windows  both  tremorlab-only  paradigma-only  neither  agreement  kappa")
    for name in ("all", "arm_at_rest"):
        t = r[name]
        ag = "n/a" if t["agreement"] is None else f"{100 * t['agreement']:.1f} %"
        kp = "n/a" if t["kappa"] is None else f"{t['kappa']:.2f}"
        L.append(f"  {name:<15} {t['windows']:>7} {t['both_tremor']:>5} {t['tremorlab_only']:>15} "
                 f"{t['paradigma_only']:>15} {t['neither']:>8} {ag:>10} {kp:>6}")
    a, b = r["tremorlab_mean_p_tremor_in_paradigma_tremor"], r["tremorlab_mean_p_tremor_elsewhere"]
    if a is not None and b is not None:
        L.append(f"  tremorlab mean P(tremor): {a:.3f} in ParaDigMa-tremor windows, {b:.3f} elsewhere")
    return "\n".join(L)
