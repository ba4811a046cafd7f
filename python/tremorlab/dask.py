"""Scale-out analysis of many recordings with Dask: one task per recording, results as Dask DataFrames.

>>> from distributed import Client, LocalCluster
>>> import tremorlab.dask as tld
>>> with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
...     res = tld.analyze_many("data/cloudupdrs/2458", client=client)
...     print(res.recordings.compute())            # one row per recording (failed ones included)
...     res.windows.to_parquet("windows/")           # per-window rows written by the workers

Each task reads and analyses one recording on a worker, so the client holds only the task graph (a few
hundred bytes per recording) and memory stays flat in the number of recordings. Unreadable recordings are
rows with ``status == "failed"`` and the error message, never dropped. The same code runs on a local
cluster and on a distributed one (the recordings must be readable at the same path by the workers).

Needs the optional extra: ``pip install 'tremorlab[dask]'``.
"""
from __future__ import annotations

import os
import time
from collections import namedtuple
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from .report import Report

__all__ = ["analyze_many", "AnalyzeManyResult", "analyze_one", "find_recordings", "recording_meta", "window_meta"]

AnalyzeManyResult = namedtuple("AnalyzeManyResult", ["recordings", "windows"])
AnalyzeManyResult.__doc__ = """Per-recording and per-window Dask DataFrames of :func:`analyze_many`.

Compute both in one call (``dask.compute(res.recordings, res.windows)`` or ``client.persist``) to analyse
each recording once; they share their tasks."""

RECORDING_EXTENSIONS = (".csv", ".json", ".txt")


def _require() -> None:
    try:
        import dask  # noqa: F401
        import dask.dataframe  # noqa: F401
        import pandas  # noqa: F401
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("tremorlab.dask needs dask and pandas: pip install 'tremorlab[dask]'") from e


def find_recordings(paths_or_folder: Any) -> list[str]:
    """Expands a folder (recursively: CSV/JSON files and TSDF folders) or a list of paths, sorted.

    Paths given explicitly are kept even if they do not exist (they become failed rows).
    """
    if isinstance(paths_or_folder, (str, os.PathLike)):
        root = os.fspath(paths_or_folder)
        if os.path.isdir(root):
            return _scan(root)
        return [root]
    return [os.fspath(p) for p in paths_or_folder]


def _scan(root: str) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        metas = [f for f in filenames if f.endswith("_meta.json")]
        if metas:
            # A TSDF folder is one recording; read_recording takes the folder.
            if any(f.startswith("imu") or f.startswith("acc") for f in metas):
                out.append(dirpath)
            continue
        for f in sorted(filenames):
            low = f.lower()
            if not low.endswith(RECORDING_EXTENSIONS) or low.startswith(("readme", "license", "source")):
                continue
            out.append(os.path.join(dirpath, f))
    return sorted(out)


def _classes() -> list[str]:
    from .classify import Classifier

    return Classifier.default().classes


def recording_meta(classes: Iterable[str] | None = None) -> pd.DataFrame:
    """Empty pandas frame with the columns and dtypes of ``AnalyzeManyResult.recordings``."""
    import pandas as pd

    classes = list(_classes() if classes is None else classes)
    cols: dict[str, str] = {
        "path": "object", "status": "object", "error": "object", "mode": "object",
        "duration_s": "float64", "fs": "float64", "units": "object", "n_samples": "int64", "gaps": "int64",
        "n_windows": "int64", "tremor_time_s": "float64", "tremor_fraction": "float64", "n_bouts": "int64",
        "dominant_frequency_hz": "float64", "slow_rhythm_hz": "float64", "bout_frequency_hz": "float64",
        "intensity_ms2": "float64", "band_power": "float64", "band_fraction": "float64",
    }
    for c in classes:
        cols[f"share_{c}"] = "float64"
    cols["elapsed_s"] = "float64"
    return pd.DataFrame({k: pd.Series(dtype=v) for k, v in cols.items()})


def window_meta(classes: Iterable[str] | None = None, classified: bool | None = None) -> pd.DataFrame:
    """Empty pandas frame with the columns and dtypes of ``AnalyzeManyResult.windows``."""
    import pandas as pd

    classes = list(_classes() if classes is None else classes)
    classified = True if classified is None else classified
    cols: dict[str, str] = {"path": "object", "time_s": "float64"}
    if classified:
        cols["label"] = "object"
        for c in classes:
            cols[f"p_{c}"] = "float64"
        cols["tremor_probability"] = "float64"
        cols["dominant_frequency_hz"] = "float64"
        cols["frequency_hz"] = "float64"
        cols["amplitude"] = "float64"
    else:
        cols["band_rms_ms2"] = "float64"
    return pd.DataFrame({k: pd.Series(dtype=v) for k, v in cols.items()})


def analyze_one(path: str, window_s: float | None = None, hop_s: float | None = None,
                classes: list[str] | None = None,
                classified: bool | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Analyses one recording; returns (one-row recordings frame, windows frame). Never raises for a bad
    recording: the error goes into the row."""
    import pandas as pd

    from . import report as rp

    classes = list(_classes() if classes is None else classes)
    classified = True if classified is None else classified
    rmeta = recording_meta(classes)
    wmeta = window_meta(classes, classified)
    t0 = time.perf_counter()
    row: dict[str, Any] = {k: (np.nan if rmeta[k].dtype.kind == "f" else (0 if rmeta[k].dtype.kind == "i" else None))
                           for k in rmeta.columns}
    row["path"] = os.fspath(path)
    try:
        rep = rp.analyze(path, window_s=window_s, hop_s=hop_s, classify=classified)
    except Exception as exc:  # noqa: BLE001 - any failure of one file becomes a failed row
        row.update(status="failed", error=f"{type(exc).__name__}: {exc}", elapsed_s=time.perf_counter() - t0)
        return pd.DataFrame([row]).astype(rmeta.dtypes.to_dict()), wmeta
    d = rep.to_dict()
    row.update(status="ok", error="", mode=rep.mode, duration_s=rep.duration_s, fs=rep.fs, units=rep.units,
               n_samples=rep.n_samples, gaps=rep.gaps, n_bouts=len(rep.bouts),
               dominant_frequency_hz=_nan(rep.dominant_frequency_hz), slow_rhythm_hz=_nan(rep.slow_rhythm_hz),
               bout_frequency_hz=_nan(rep.bout_frequency_hz), intensity_ms2=rep.intensity_ms2,
               band_power=rep.band_power, band_fraction=rep.band_fraction,
               tremor_time_s=_nan(rep.tremor_time_s), tremor_fraction=_nan(d.get("tremor_fraction")))
    for c in classes:
        row[f"share_{c}"] = float(rep.class_shares.get(c, np.nan)) if rep.class_shares else np.nan
    win = _windows_frame(rep, classes, classified, wmeta)
    row["n_windows"] = len(win)
    row["elapsed_s"] = time.perf_counter() - t0
    return pd.DataFrame([row]).astype(rmeta.dtypes.to_dict()), win


def _nan(v: float | None) -> float:
    return float("nan") if v is None else float(v)


def _windows_frame(rep: Report, classes: list[str], classified: bool, wmeta: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    if classified and rep.result is not None:
        res = rep.result
        times = np.asarray(res.times, dtype=float)
        proba = np.asarray(res.proba, dtype=float)
        res_classes = [str(c) for c in res.classes]
        data: dict[str, Any] = {"path": [rep.source] * times.size, "time_s": times,
                                "label": np.asarray(res.labels).astype(str).astype(object)}
        for c in classes:
            data[f"p_{c}"] = proba[:, res_classes.index(c)] if c in res_classes else np.full(times.size, np.nan)
        data["tremor_probability"] = np.asarray(getattr(res, "tremor_probability", data.get("p_tremor")), float)
        data["dominant_frequency_hz"] = np.asarray(getattr(res, "dominant_frequency", np.full(times.size, np.nan)), float)
        data["frequency_hz"] = np.asarray(getattr(res, "frequency", np.full(times.size, np.nan)), float)
        data["amplitude"] = np.asarray(getattr(res, "amplitude", np.full(times.size, np.nan)), float)
    else:
        from .report import TREMOR_BAND, acc_ms2, band_passed, rolling_band_rms

        a = acc_ms2(rep.recording)
        bp = band_passed(a - a.mean(axis=0), rep.fs, (TREMOR_BAND[0], min(TREMOR_BAND[1], 0.45 * rep.fs)))
        tc, rms = rolling_band_rms(bp, rep.fs)
        data = {"path": [rep.source] * tc.size, "time_s": tc, "band_rms_ms2": rms}
    return pd.DataFrame(data)[list(wmeta.columns)].astype(wmeta.dtypes.to_dict())


def analyze_many(paths_or_folder: Any, client: Any = None, window_s: float | None = None,
                 hop_s: float | None = None) -> AnalyzeManyResult:
    """Analyses many recordings in parallel; returns Dask DataFrames ``recordings`` and ``windows``.

    Parameters
    ----------
    paths_or_folder : folder (scanned recursively) or iterable of paths
    client : distributed.Client, optional
        When given, both frames are persisted on its cluster (work starts now; results stay on the workers
        until computed). When None, the frames are lazy and run on whichever scheduler is active when they
        are computed (the default distributed Client if one exists, else Dask's local threads).
    window_s, hop_s : analysis window and hop in seconds (default: the classifier's).

    Returns
    -------
    AnalyzeManyResult(recordings, windows)
        ``recordings``: one row per input, ``status`` "ok" or "failed" and ``error``.
        ``windows``: one row per analysis window of every readable recording.
    """
    _require()
    import dask
    import dask.dataframe as dd

    paths = find_recordings(paths_or_folder)
    if not paths:
        raise ValueError(f"no recordings found in {paths_or_folder!r}")
    classes = _classes()
    classified = True
    rmeta = recording_meta(classes)
    wmeta = window_meta(classes, classified)
    parts = [dask.delayed(analyze_one, pure=True)(p, window_s, hop_s, classes, classified) for p in paths]
    rec_parts = [dask.delayed(_first, pure=True)(p) for p in parts]
    win_parts = [dask.delayed(_second, pure=True)(p) for p in parts]
    recordings = dd.from_delayed(rec_parts, meta=rmeta, verify_meta=False)
    windows = dd.from_delayed(win_parts, meta=wmeta, verify_meta=False)
    if client is not None:
        recordings, windows = client.persist([recordings, windows])
    return AnalyzeManyResult(recordings, windows)


def _first(pair: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    return pair[0]


def _second(pair: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    return pair[1]
