"""Recording format, loaders and writer for tri-axial accelerometer (and optional gyroscope) recordings.

One in-memory type, :class:`Recording`, and one entry point, :func:`read_recording`, which auto-detects:

* the tremorlab CSV format (``docs/recording_format.md``): optional ``# key: value`` metadata lines, then a
  header ``t,ax,ay,az[,gx,gy,gz]``;
* CloudUPDRS / pdkit accelerometer CSV (no header: ``timestamp_ns,x,y,z[,accuracy]``, m/s^2);
* mPower tremor JSON (list of ``{timestamp, x, y, z}``, seconds and g);
* ParaDigMa TSDF (``imu_meta.json`` + ``imu_time.bin`` + ``imu_values.bin``; accelerometer g, gyroscope deg/s);
* the semicolon phone CSV (``timestamp; x; y; z;`` with a trailing ``;``, seconds and g);
* the HMP / "ADL Recognition with Wrist-worn Accelerometer" files (Bruno et al. 2013): ``NN NN NN`` rows of
  6-bit codes 0-63 at 32 Hz, no timestamps, named ``Accelerometer-<start>-<activity>-<volunteer>.txt``;
* the PADS smartwatch text files (Varghese et al. 2024): ``movement/timeseries/<id>_<task>_<wrist>.txt`` (time,
  accelerometer g, gyroscope rad/s; acceleration with gravity removed) and the ``<DX>_<id>_Relaxed_<wrist>.txt``
  copies (3 columns, 100 Hz), which are described as three accelerations but hold the timeseries file's columns
  3-5, acceleration z (g) and rotation rates x, y (rad/s): they are read as given, with a
  :class:`PadsCopyWarning` and ``meta['pads_copy_columns']`` (``benchmarks/pads_columns.py``).
  :func:`read_pads_bin` reads PADS's preprocessed ``<id>_ml.bin`` (every task and wrist of one participant).

Loaders never drop, reorder or invent samples: NaN/Inf values, non-finite or non-increasing timestamps, wrong
column counts, empty files and unknown units raise :class:`ValueError` naming the file and the problem. Gaps
(an interval longer than ``max_gap_s``, by default the detector's 0.2 s) are not errors; they are reported in
``Recording.gaps`` and ``Recording.meta['n_gaps']``.
"""
from __future__ import annotations

import json
import math
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

import numpy as np

from . import _core
from .units import STANDARD_GRAVITY, UNITS, normalize_units, to_ms2

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Recording",
    "read_recording",
    "OptionError",
    "write_recording",
    "from_dataframe",
    "read_metadata",
    "read_pads_bin",
    "PADS_TASKS",
    "PadsCopyWarning",
    "after_pads_cue",
    "gravity_from_gyro",
    "STANDARD_GRAVITY",
    "UNITS",
]

MIN_SAMPLES = 2

PathLike = "str | os.PathLike[str]"


# How far a caller's fs may sit from the rate of the recording's own timestamps: clocks drift by well under
# 1 %; beyond this the rate is wrong, and every frequency and duration computed with it would be. The C++ core's
# rule (timestamps.hpp rate_tolerance, which Session.run applies too).
FS_TOLERANCE: float = _core.rate_tolerance


class OptionError(ValueError):
    """A ValueError about one option the caller gave (``units``, ``fs``) that contradicts the recording.

    ``str(exc)`` names the Python argument; ``for_flag(flag)`` gives the same message naming a command-line
    flag instead, so the CLI never tells its user to "pass units=None".
    """

    def __init__(self, template: str, option: str, value: Any) -> None:
        # template: the message with "{opt}" where the option and its value go, "{name}" for the bare name.
        self.template, self.option, self.value = template, option, value
        super().__init__(template.format(opt=f"{option}={value!r}", name=f"{option}="))

    def for_flag(self, flag: str) -> str:
        return self.template.format(opt=f"{flag} {self.value}", name=flag)


def _esc(where: str) -> str:
    return where.replace("{", "{{").replace("}", "}}")


def check_fs(where: str, fs: float, fs_timestamps: float, tolerance: float = FS_TOLERANCE) -> None:
    """Raises OptionError when a caller's ``fs`` differs from the timestamps' rate by more than ``tolerance``."""
    if abs(float(fs) / float(fs_timestamps) - 1.0) > tolerance:
        raise OptionError(f"{_esc(where)}: {{opt}} Hz disagrees with the recording's timestamps "
                          f"({float(fs_timestamps):.4g} Hz from the median interval) by more than "
                          f"{100 * tolerance:g} %; leave {{name}} out to use the timestamps' rate",
                          "fs", float(fs))


def _norm_units(units: Any, where: str) -> str:
    if not isinstance(units, str):  # a file's or DataFrame's units: a bad value is bad data (ValueError)
        raise ValueError(f"{where}: unknown units {units!r}; expected one of {UNITS}")
    return normalize_units(units, where)


@dataclass
class Recording:
    """A tri-axial accelerometer recording (optionally with gyroscope).

    Attributes
    ----------
    t : (n,) float64
        Sample times in seconds from the first sample (``t[0] == 0``); the original offset is in
        ``meta['t0']`` when the source had absolute timestamps.
    acc : (n, 3) float64
        Accelerometer x, y, z in ``units``, as the sensor reported it: gravity included, except where the
        source had removed it (PADS: ``meta['gravity_removed']``).
    units : str
        ``'m/s^2'`` or ``'g'``.
    fs : float
        Nominal sampling rate in Hz (from the file's metadata, the ``fs`` argument, or 1 / median interval).
    gyro : (n, 3) float64 or None
        Gyroscope x, y, z in deg/s, when the source has one.
    meta : dict
        ``source`` (format), ``path``, ``subject``, ``task``, ``label``, ``placement``, ... when known.
    gaps : list of (t_start, t_end)
        Intervals between consecutive samples longer than ``max_gap_s`` (the detector's gap rule).
    """

    t: np.ndarray
    acc: np.ndarray
    units: str = "m/s^2"
    fs: float = float("nan")
    gyro: np.ndarray | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    gaps: list[tuple[float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        where = str(self.meta.get("path", "Recording"))
        self.t = np.ascontiguousarray(self.t, dtype=np.float64)
        self.acc = np.ascontiguousarray(self.acc, dtype=np.float64)
        if self.t.ndim != 1:
            raise ValueError(f"{where}: t must be 1-D, got shape {self.t.shape}")
        if self.acc.ndim != 2 or self.acc.shape[1] != 3 or self.acc.shape[0] != self.t.shape[0]:
            raise ValueError(f"{where}: acc must have shape ({self.t.shape[0]}, 3), got {self.acc.shape}")
        if self.gyro is not None:
            self.gyro = np.ascontiguousarray(self.gyro, dtype=np.float64)
            if self.gyro.shape != self.acc.shape:
                raise ValueError(f"{where}: gyro must have shape {self.acc.shape}, got {self.gyro.shape}")
        self.units = _norm_units(self.units, where)
        self.fs = float(self.fs)

    @property
    def n(self) -> int:
        """Number of samples."""
        return int(self.t.shape[0])

    @property
    def duration(self) -> float:
        """Time from the first to the last sample, in seconds."""
        return float(self.t[-1] - self.t[0]) if self.t.size else 0.0

    def acc_ms2(self) -> np.ndarray:
        """Accelerometer in m/s^2 (a copy; from g via units.STANDARD_GRAVITY when needed)."""
        return to_ms2(self.acc, self.units)

    def to_pandas(self) -> pd.DataFrame:
        """A pandas DataFrame with columns t, ax, ay, az (and gx, gy, gz); needs the optional pandas."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("Recording.to_pandas() needs pandas: pip install 'tremorlab[pandas]'") from exc
        data = {"t": self.t, "ax": self.acc[:, 0], "ay": self.acc[:, 1], "az": self.acc[:, 2]}
        if self.gyro is not None:
            data.update(gx=self.gyro[:, 0], gy=self.gyro[:, 1], gz=self.gyro[:, 2])
        df = pd.DataFrame(data)
        df.attrs.update({"units": self.units, "fs": self.fs, **{k: v for k, v in self.meta.items()}})
        return df

    def __repr__(self) -> str:
        g = ", gyro" if self.gyro is not None else ""
        return (f"Recording(n={self.n}, duration={self.duration:.2f} s, fs={self.fs:.4g} Hz, units={self.units!r}"
                f"{g}, gaps={len(self.gaps)}, source={self.meta.get('source')!r})")


# ----------------------------------------------------------------------------------------------------------
# Validation shared by every loader


def _finalize(where: str, t: np.ndarray, acc: np.ndarray, *, units: str, fs: float | None,
              gyro: np.ndarray | None, meta: dict[str, Any], max_gap_s: float | None,
              line_offset: int | None = None, min_samples: int = MIN_SAMPLES) -> Recording:
    """Check timestamps/values, shift t to start at 0, infer fs and gaps, and build the Recording.

    ``line_offset``: file line number (1-based) of sample 0, for messages about text files.
    """
    def loc(i: int) -> str:
        return f"sample {i} (line {i + line_offset})" if line_offset is not None else f"sample {i}"

    t = np.asarray(t, dtype=np.float64)
    acc = np.asarray(acc, dtype=np.float64)
    n = t.shape[0]
    if n == 0:
        raise ValueError(f"{where}: no samples (empty recording)")
    if n < min_samples:
        raise ValueError(f"{where}: too short: {n} sample(s), need at least {min_samples}")
    bad_t = ~np.isfinite(t)
    if bad_t.any():
        i = int(np.flatnonzero(bad_t)[0])
        raise ValueError(f"{where}: non-finite timestamp {float(t[i])!r} at {loc(i)} ({int(bad_t.sum())} in total)")
    for name, arr in (("accelerometer", acc), ("gyroscope", gyro)):
        if arr is None:
            continue
        bad = ~np.isfinite(arr)
        if bad.any():
            i, j = (int(v) for v in np.argwhere(bad)[0])
            raise ValueError(f"{where}: non-finite {name} value {float(arr[i, j])!r} (axis {'xyz'[j]}) at {loc(i)} "
                             f"({int(bad.sum())} in total)")
    dt = np.diff(t)
    nonpos = dt <= 0
    if nonpos.any():
        i = int(np.flatnonzero(nonpos)[0])
        kind = "duplicate" if dt[i] == 0 else "decreasing"
        raise ValueError(f"{where}: timestamps must strictly increase: {kind} timestamp at {loc(i + 1)} "
                         f"(t={float(t[i + 1])!r} after t={float(t[i])!r}; {int(nonpos.sum())} such place(s))")
    med = float(np.median(dt))
    # The detector's gap rule (C++ tremorlab::find_gaps), so Recording.gaps, the report and the Session agree.
    gap = _core.default_max_gap_s if max_gap_s is None else max_gap_s
    if not (isinstance(gap, (int, float, np.integer, np.floating)) and not isinstance(gap, bool)
            and math.isfinite(gap) and gap > 0):
        raise ValueError(f"{where}: max_gap_s must be a positive finite number of seconds, got {max_gap_s!r}")
    gap_idx = _core.find_gaps(t, float(gap))
    t0 = float(t[0])
    t = t - t0
    gaps = [(float(t[i]), float(t[i + 1])) for i in gap_idx]
    meta = dict(meta)
    meta.setdefault("t0", t0)
    meta["fs_median"] = 1.0 / med
    meta["n_gaps"] = len(gaps)
    meta["max_gap_s"] = float(gap)  # the threshold of `gaps`; tremorlab.report.analyze's Session uses it too
    if fs is None:
        # Timestamps such as i / fs carry float rounding (~1e-13 relative in the median interval); no sampling
        # clock is specified to 10 significant digits, so rounding there removes only that noise and lets a
        # DataFrame or file at exactly 100 Hz be analysed at exactly 100 Hz, like the same array with fs=100.
        fs_val = float(f"{1.0 / med:.10g}")
    else:
        fs_val = float(fs)
        if not (math.isfinite(fs_val) and fs_val > 0):
            raise ValueError(f"{where}: fs must be a positive finite number, got {fs!r}")
    return Recording(t=t, acc=acc, units=units, fs=fs_val, gyro=gyro, meta=meta, gaps=gaps)


def _resolve_units(where: str, declared: str | None, requested: str | None) -> str:
    req = _norm_units(requested, where) if requested is not None else None
    dec = _norm_units(declared, where) if declared is not None else None
    if dec is not None and req is not None and dec != req:
        raise OptionError(f"{_esc(where)}: the file declares units {dec!r} but {{opt}} was requested; leave "
                          f"{{name}} out (tremorlab does not rescale silently)", "units", req)
    u = dec or req
    if u is None:
        raise OptionError(f"{_esc(where)}: units unknown: the file has no 'units' metadata; give them with "
                          f"{{name}} ('m/s^2' or 'g')", "units", None)
    return u


def _parse_float_rows(where: str, rows: list[list[str]], ncols: Sequence[int], first_line: int) -> np.ndarray:
    """Convert split text rows to a float array, checking column counts row by row."""
    if not rows:
        return np.empty((0, max(ncols)))
    lens = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    width = int(lens[0])
    if width not in ncols:
        raise ValueError(f"{where}: line {first_line}: expected {' or '.join(map(str, ncols))} columns, got {width}")
    badw = np.flatnonzero(lens != width)
    if badw.size:
        i = int(badw[0])
        raise ValueError(f"{where}: line {first_line + i}: expected {width} columns like the first data row, "
                         f"got {int(lens[i])} ({badw.size} such line(s))")
    try:
        return np.array(rows, dtype=np.float64)
    except ValueError:
        for i, r in enumerate(rows):
            for tok in r:
                try:
                    float(tok)
                except ValueError:
                    raise ValueError(f"{where}: line {first_line + i}: not a number: {tok!r}") from None
        raise


# ----------------------------------------------------------------------------------------------------------
# Format detection and loaders

# The HMP dataset's own conventions (its MANUAL.txt, sections 3 and 4): a right-wrist accelerometer read at
# 32 Hz with 6 bits per axis over [-1.5 g, +1.5 g], coded 0..63, real = -1.5 g + code / 63 * 3 g; no timestamps.
HMP_FS: float = 32.0
HMP_RANGE_G: float = 1.5
HMP_MAX_CODE: int = 63
_HMP_NAME_RE = re.compile(r"^Accelerometer-(?P<date>\d{4}(?:-\d{2}){5})-(?P<activity>[a-z_]+)-(?P<volunteer>[mf]\d+)"
                          r"\.txt$")
_HMP_ROW_RE = re.compile(r"^\s*\d+\s+\d+\s+\d+\s*$")

_CLOUD_RE = re.compile(r"^T_-_(?P<task>[A-Z_]+?)_-_(?P<side>[A-Z_]+?)_-_(?P<date>[0-9_-]+?)_-_(?P<id>[0-9a-f]+)_-_"
                       r"(?P<subject>[^_.]+)\.csv$")


def _detect(path: Path) -> str:
    if path.is_dir():
        metas = sorted(path.glob("*_meta.json"))
        if metas:
            return "tsdf"
        raise ValueError(f"{path}: a directory without a TSDF *_meta.json file; cannot read it as a recording")
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head.strip():
        raise ValueError(f"{path}: empty file")
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if path.suffix.lower() == ".json" or text[:1] in "[{":
        if text.startswith("["):
            return "mpower"
        if text.startswith("{"):
            return "tsdf"
        raise ValueError(f"{path}: JSON file that is neither an mPower sample list nor TSDF metadata")
    first = text.splitlines()[0].strip()
    if first.startswith("#"):
        return "tremorlab"
    low = first.lower().replace(" ", "")
    if low.startswith("timestamp;"):
        return "phone"
    if _HMP_NAME_RE.match(path.name) and _HMP_ROW_RE.match(first):
        return "hmp"
    cells = [c for c in re.split(r"[,;\t]", low) if c]
    if cells and cells[0] in ("t", "time", "ax", "acc_x"):
        return "tremorlab"
    if parse_pads_name(path.name):
        return "pads"
    if "," in first:
        try:
            [float(c) for c in first.split(",")]
        except ValueError:
            pass
        else:
            return "cloudupdrs"
    raise ValueError(f"{path}: unrecognised recording format (first line {first[:80]!r}); see "
                     f"docs/recording_format.md for the supported formats")


def read_recording(path: "str | os.PathLike[str]", *, units: str | None = None, fs: float | None = None,
                   format: str | None = None, max_gap_s: float | None = None) -> Recording:
    """Read a recording from any supported format (auto-detected).

    Parameters
    ----------
    path : path-like
        A CSV/JSON file, a TSDF ``*_meta.json`` file or the directory that holds it.
    units : {'m/s^2', 'g'}, optional
        Accelerometer units. Needed only when the file does not say (a tremorlab CSV without ``units``
        metadata); if the file or format does say, a different value raises ``ValueError`` (no silent rescale).
    fs : float, optional
        Nominal sampling rate in Hz. Overrides the file's ``fs`` metadata; default: the metadata, else
        1 / median interval. A tremorlab CSV without a ``t`` column needs it to build ``t = i / fs``.
    format : str, optional
        Force a loader: ``'tremorlab'``, ``'cloudupdrs'``, ``'mpower'``, ``'tsdf'``, ``'phone'``, ``'hmp'``,
        ``'pads'``.
    max_gap_s : float, optional
        An interval longer than this is reported as a gap; default: the detector's (0.2 s,
        ``tremorlab.Detector(max_gap_s=...)``), so the gaps a Recording reports are those the detector
        restarts its windows at.

    Returns
    -------
    Recording

    Raises
    ------
    ValueError
        Naming the file and the problem: NaN/Inf values, non-finite, duplicate or decreasing timestamps (with
        the sample and line), empty or too-short files, wrong column counts, unknown or conflicting units,
        an ``fs`` more than 5 % (``FS_TOLERANCE``) away from the rate of the file's timestamps
        (:class:`OptionError` for the last two).
    """
    p = Path(path)
    fmt = format or _detect(p)
    loaders = {"tremorlab": _read_tremorlab, "cloudupdrs": _read_cloudupdrs, "mpower": _read_mpower,
               "tsdf": _read_tsdf, "phone": _read_phone, "hmp": _read_hmp, "pads": _read_pads}
    if fmt not in loaders:
        raise ValueError(f"{p}: unknown format {fmt!r}; expected one of {sorted(loaders)}")
    rec = loaders[fmt](p, units=units, fs=fs, max_gap_s=max_gap_s)
    if fs is not None:
        check_fs(str(p), fs, rec.meta["fs_median"])
    return rec


def _read_lines(path: Path) -> list[str]:
    with open(path, "r", encoding="utf-8-sig", newline=None) as fh:
        return fh.read().splitlines()


def _read_data_lines(path: Path, where: str) -> list[str]:
    """Lines of a header-less data file without trailing blank lines; ValueError if nothing is left."""
    lines = _read_lines(path)
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise ValueError(f"{where}: empty file")
    return lines


_META_RE = re.compile(r"^#\s*([A-Za-z_][A-Za-z0-9_ .-]*?)\s*:\s*(.*?)\s*$")


_STRING_META = {"subject", "label", "task", "placement", "source", "session", "date", "side", "device", "id"}


def _coerce_meta(key: str, value: str) -> Any:
    v = value.strip()
    if key in _STRING_META:
        return v
    for conv in (int, float):
        try:
            return conv(v)
        except ValueError:
            pass
    return v


_HEADERS = {("t", "ax", "ay", "az"), ("t", "ax", "ay", "az", "gx", "gy", "gz"),
            ("ax", "ay", "az"), ("ax", "ay", "az", "gx", "gy", "gz")}


def read_metadata(path: "str | os.PathLike[str]") -> dict[str, Any] | None:
    """The ``# key: value`` metadata of a tremorlab CSV (keys lower-case, values as :func:`read_recording`
    gives them in ``meta``), reading only the lines before its header row; None when the file is not a
    tremorlab CSV (its first line that is not a comment is not a ``t,ax,ay,az``-style header) or cannot be
    read as text. For cataloguing a folder without loading every sample."""
    meta: dict[str, Any] = {}
    try:
        with open(path, "r", encoding="utf-8-sig", newline=None) as fh:
            for line in fh:
                line = line.rstrip("\r\n")
                if line.startswith("#") or not line.strip():
                    m = _META_RE.match(line)
                    if m:
                        key = m.group(1).strip().lower().replace(" ", "_")
                        meta[key] = _coerce_meta(key, m.group(2))
                    continue
                return meta if tuple(h.strip().lower() for h in line.split(",")) in _HEADERS else None
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _read_tremorlab(path: Path, *, units: str | None, fs: float | None, max_gap_s: float | None) -> Recording:
    where = str(path)
    lines = _read_lines(path)
    meta: dict[str, Any] = {}
    i = 0
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip()):
        m = _META_RE.match(lines[i])
        if m:
            key = m.group(1).strip().lower().replace(" ", "_")
            meta[key] = _coerce_meta(key, m.group(2))
        i += 1
    if i >= len(lines):
        raise ValueError(f"{where}: no header row (expected 't,ax,ay,az'); the file has only metadata")
    header = [h.strip().lower() for h in lines[i].split(",")]
    hline = i + 1
    if tuple(header) not in _HEADERS:
        raise ValueError(f"{where}: line {hline}: header {lines[i]!r} is not one of 't,ax,ay,az' or "
                         f"'t,ax,ay,az,gx,gy,gz' (the 't' column may be omitted when fs is given)")
    body = [ln for ln in lines[i + 1:]]
    # Trailing blank lines are layout, not samples; blank lines inside the data are an error.
    while body and not body[-1].strip():
        body.pop()
    rows = [ln.split(",") for ln in body]
    for k, r in enumerate(rows):
        if len(r) == 1 and not r[0].strip():
            raise ValueError(f"{where}: line {hline + 1 + k}: empty line inside the data")
    data = _parse_float_rows(where, rows, (len(header),), hline + 1)
    if data.shape[0] == 0:
        raise ValueError(f"{where}: no samples after the header (empty recording)")
    declared_units = meta.get("units")
    u = _resolve_units(where, str(declared_units) if declared_units is not None else None, units)
    meta_fs = meta.get("fs")
    if meta_fs is not None and not isinstance(meta_fs, (int, float)):
        raise ValueError(f"{where}: metadata fs {meta_fs!r} is not a number")
    fs_nominal = fs if fs is not None else (float(meta_fs) if meta_fs is not None else None)
    if header[0] == "t":
        t = data[:, 0]
        cols = data[:, 1:]
    else:
        if fs_nominal is None:
            raise ValueError(f"{where}: no 't' column and no fs (metadata or argument) to build timestamps")
        t = np.arange(data.shape[0], dtype=np.float64) / fs_nominal
        cols = data
    gyro = cols[:, 3:6] if cols.shape[1] == 6 else None
    meta.pop("units", None)
    meta.pop("fs", None)
    meta.update(path=where, source=meta.get("source", "tremorlab"), format="tremorlab")
    return _finalize(where, t, cols[:, :3], units=u, fs=fs_nominal, gyro=gyro, meta=meta,
                     max_gap_s=max_gap_s, line_offset=hline + 1)


def parse_cloudupdrs_name(name: str) -> dict[str, str] | None:
    """Task, side, date, session id and subject from a CloudUPDRS file name, or None if it does not match."""
    m = _CLOUD_RE.match(name)
    return m.groupdict() if m else None


def _read_cloudupdrs(path: Path, *, units: str | None, fs: float | None, max_gap_s: float | None) -> Recording:
    where = str(path)
    u = _resolve_units(where, "m/s^2", units)
    lines = _read_data_lines(path, where)
    data = _parse_float_rows(where, [ln.split(",") for ln in lines], (4, 5), 1)
    meta: dict[str, Any] = {"path": where, "source": "cloudupdrs", "format": "cloudupdrs",
                            "timestamp_unit": "ns"}
    info = parse_cloudupdrs_name(path.name)
    if info:
        meta.update(task=info["task"], side=info["side"], subject=info["subject"], session=info["id"],
                    date=info["date"])
        meta["placement"] = "phone in hand" if info["side"].endswith("HAND") else "phone on leg"
    # Nanosecond device-clock counts: converted to seconds after validation-friendly float64 parsing.
    t = data[:, 0] * 1e-9
    if data.shape[1] == 5:
        meta["accuracy_flags"] = sorted({int(v) for v in np.unique(data[:, 4]) if np.isfinite(v)})
    return _finalize(where, t, data[:, 1:4], units=u, fs=fs, gyro=None, meta=meta, max_gap_s=max_gap_s,
                     line_offset=1)


def _read_mpower(path: Path, *, units: str | None, fs: float | None, max_gap_s: float | None) -> Recording:
    where = str(path)
    u = _resolve_units(where, "g", units)
    try:
        with open(path, "r", encoding="utf-8") as fh:
            items = json.load(fh)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: invalid JSON: {exc}") from None
    if not isinstance(items, list):
        raise ValueError(f"{where}: mPower JSON must be a list of {{timestamp, x, y, z}} objects")
    if not items:
        raise ValueError(f"{where}: no samples (empty list)")
    arr = np.empty((len(items), 4))
    for i, it in enumerate(items):
        if not isinstance(it, dict):
            raise ValueError(f"{where}: item {i} is not an object")
        try:
            arr[i] = [float(it["timestamp"]), float(it["x"]), float(it["y"]), float(it["z"])]
        except KeyError as exc:
            raise ValueError(f"{where}: item {i} lacks key {exc.args[0]!r} (need timestamp, x, y, z)") from None
        except (TypeError, ValueError):
            raise ValueError(f"{where}: item {i} has a non-numeric field: {it!r}") from None
    meta = {"path": where, "source": "mpower", "format": "mpower", "task": "tremor"}
    return _finalize(where, arr[:, 0], arr[:, 1:], units=u, fs=fs, gyro=None, meta=meta, max_gap_s=max_gap_s)


def _read_tsdf(path: Path, *, units: str | None, fs: float | None, max_gap_s: float | None) -> Recording:
    if path.is_dir():
        metas = sorted(path.glob("*_meta.json"))
        imu = [m for m in metas if m.name == "imu_meta.json"]
        path = imu[0] if imu else metas[0]
    where = str(path)
    try:
        meta_json = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: invalid JSON: {exc}") from None
    try:
        rows = int(meta_json["rows"])
        sensors = meta_json["sensors"]
        endian = "<" if meta_json.get("endianness", "little") == "little" else ">"
        dtype_name = meta_json.get("data_type", "float")
        bits = int(meta_json.get("bits", 64))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{where}: not TSDF metadata (missing {exc})") from None
    if dtype_name != "float" or bits not in (32, 64):
        raise ValueError(f"{where}: unsupported TSDF data type {dtype_name}{bits}")
    dt = np.dtype(f"{endian}f{bits // 8}")
    channels: dict[str, tuple[np.ndarray, str]] = {}
    for s in sensors:
        f = path.parent / s["file_name"]
        if not f.exists():
            raise ValueError(f"{where}: binary file {s['file_name']!r} is missing")
        names = list(s["channels"])
        unit_list = list(s.get("units", [""] * len(names)))
        raw = np.fromfile(f, dtype=dt)
        if raw.size != rows * len(names):
            raise ValueError(f"{f}: holds {raw.size} values, expected rows x channels = {rows} x {len(names)}")
        block = raw.reshape(rows, len(names)).astype(np.float64)
        for k, name in enumerate(names):
            channels[name] = (block[:, k], unit_list[k] if k < len(unit_list) else "")
    if "time" not in channels:
        raise ValueError(f"{where}: no 'time' channel")
    t, tunit = channels["time"]
    if tunit not in ("relative_s", "s", ""):
        raise ValueError(f"{where}: time unit {tunit!r} not supported (expected relative_s)")
    acc_names = ["accelerometer_x", "accelerometer_y", "accelerometer_z"]
    if not all(n in channels for n in acc_names):
        raise ValueError(f"{where}: no accelerometer_x/y/z channels")
    acc_units = {channels[n][1] for n in acc_names}
    if len(acc_units) != 1:
        raise ValueError(f"{where}: mixed accelerometer units {sorted(acc_units)}")
    u = _resolve_units(where, acc_units.pop(), units)
    acc = np.column_stack([channels[n][0] for n in acc_names])
    gyro = None
    gyr_names = ["gyroscope_x", "gyroscope_y", "gyroscope_z"]
    if all(n in channels for n in gyr_names):
        gu = {channels[n][1] for n in gyr_names}
        if gu != {"deg/s"}:
            raise ValueError(f"{where}: gyroscope units {sorted(gu)} not supported (expected deg/s)")
        gyro = np.column_stack([channels[n][0] for n in gyr_names])
    meta = {"path": str(path.parent), "source": "tsdf", "format": "tsdf",
            "subject": meta_json.get("subject_id"), "device": meta_json.get("device_id"),
            "study": meta_json.get("study_id"), "start_iso8601": meta_json.get("start_iso8601"),
            "placement": "wrist" if "watch" in str(meta_json.get("device_id", "")).lower() else None}
    return _finalize(where, t, acc, units=u, fs=fs, gyro=gyro, meta=meta, max_gap_s=max_gap_s)


def _read_phone(path: Path, *, units: str | None, fs: float | None, max_gap_s: float | None) -> Recording:
    where = str(path)
    u = _resolve_units(where, "g", units)
    lines = _read_data_lines(path, where)
    header = [c.strip().lower() for c in lines[0].split(";") if c.strip()]
    if header != ["timestamp", "x", "y", "z"]:
        raise ValueError(f"{where}: line 1: expected header 'timestamp; x; y; z;', got {lines[0]!r}")
    rows = []
    for ln in lines[1:]:
        cells = ln.split(";")
        # The format ends every row with ';' -> one empty trailing cell, which is layout, not a column.
        if cells and not cells[-1].strip():
            cells = cells[:-1]
        rows.append(cells)
    data = _parse_float_rows(where, rows, (4,), 2)
    if data.shape[0] == 0:
        raise ValueError(f"{where}: no samples after the header (empty recording)")
    meta = {"path": where, "source": "phone", "format": "phone", "placement": "phone in hand"}
    return _finalize(where, data[:, 0], data[:, 1:4], units=u, fs=fs, gyro=None, meta=meta,
                     max_gap_s=max_gap_s, line_offset=2)


def parse_hmp_name(name: str) -> dict[str, str] | None:
    """Start time, activity and volunteer from an HMP file name, or None if it does not match."""
    m = _HMP_NAME_RE.match(name)
    return m.groupdict() if m else None


def _read_hmp(path: Path, *, units: str | None, fs: float | None, max_gap_s: float | None) -> Recording:
    where = str(path)
    u = _resolve_units(where, "g", units)
    lines = _read_data_lines(path, where)
    codes = _parse_float_rows(where, [ln.split() for ln in lines], (3,), 1)
    # Codes are integers 0..63: anything else is not this format, and converting it would invent values.
    bad = (codes != np.round(codes)) | (codes < 0) | (codes > HMP_MAX_CODE)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise ValueError(f"{where}: line {i + 1}: axis {'xyz'[j]} holds {float(codes[i, j]):g}, not an HMP code "
                         f"(an integer 0..{HMP_MAX_CODE}); {int(bad.any(axis=1).sum())} such line(s)")
    acc = -HMP_RANGE_G + codes * (2.0 * HMP_RANGE_G / HMP_MAX_CODE)
    meta: dict[str, Any] = {"path": where, "source": "hmp", "format": "hmp", "placement": "right wrist",
                            "range_g": HMP_RANGE_G,
                            # A code at either end is a reading the sensor's range cut off.
                            "n_clipped": int(np.any((codes == 0) | (codes == HMP_MAX_CODE), axis=1).sum())}
    info = parse_hmp_name(path.name)
    if info:
        meta.update(task=info["activity"], subject=info["volunteer"], date=info["date"])
    t = np.arange(codes.shape[0]) / HMP_FS
    return _finalize(where, t, acc, units=u, fs=fs, gyro=None, meta=meta, max_gap_s=max_gap_s, line_offset=1)


# PADS - Parkinson's Disease Smartwatch dataset (Varghese et al., npj Parkinson's Disease 10:9, 2024; PhysioNet
# doi:10.13026/m0w9-zx22): two Apple Watches at 100 Hz, acceleration in g with gravity removed by the watch
# (CoreMotion user acceleration) or by PADS's preprocessing, rotation rate in rad/s.
PADS_FS: float = 100.0
#: The task order of PADS's preprocessed <id>_ml.bin (its scripts/preprocessing.py): Relaxed and RelaxedTask
#: were one 20.48 s recording each, split in two halves.
PADS_TASKS: tuple[str, ...] = ("Relaxed1", "Relaxed2", "RelaxedTask1", "RelaxedTask2", "StretchHold", "HoldWeight",
                               "DrinkGlas", "CrossArms", "TouchNose", "Entrainment1", "Entrainment2")
_PADS_WRISTS = ("LeftWrist", "RightWrist")


def pads_task_base(task: str) -> str:
    """A PADS task without the .bin's half number ('Relaxed1' -> 'Relaxed'): the name its text files carry."""
    return task.rstrip("0123456789")

_PADS_BIN_SAMPLES = 976  # 1024 per task less the 48 of the watch's vibration cue PADS drops
_PADS_NAME_RE = re.compile(r"^(?:(?P<group>ET|PD|N)_)?(?P<id>\d{3})_(?P<task>[A-Za-z]+\d?)_(?P<wrist>LeftWrist|RightWrist)"
                           r"\.txt$")


class PadsCopyWarning(UserWarning):
    """A PADS ``<DX>_<id>_Relaxed_<wrist>.txt`` copy was read: its three columns are acceleration z (g) and
    rotation rates x, y (rad/s) of the recording's movement/timeseries file (its columns 3-5, checked sample for
    sample on every pair in ``tests/data``: ``benchmarks/pads_columns.py``), not three axes of acceleration.
    They are returned as given, in the acceleration slot, because that is what a caller of these files
    analyses; the timeseries file (or ``<id>_ml.bin``) has the three accelerations."""


#: The watch's vibration cue at the start of a PADS text file, s (PADS's own preprocessing drops 48 samples).
PADS_CUE_S = 0.5


def after_pads_cue(t: np.ndarray) -> np.ndarray:
    """The samples of a PADS text file after its vibration cue: ``t >= PADS_CUE_S`` on the file's own clock
    (less a nanosecond, so a sample stamped exactly 0.5 s stays)."""
    return np.asarray(t, dtype=float) >= PADS_CUE_S - 1e-9


def gravity_from_gyro(gyro_deg_s: Any, fs: float, start: Any = (0.0, 0.0, 1.0)) -> np.ndarray:
    """Gravity (g) in the frame of a sensor that turns as its gyroscope says, from ``start`` (gravity's direction
    in the sensor at the first sample; normalised to 1 g) on: what PADS's preprocessing took out of its watch
    acceleration, to be put back so that the posture rule (decision.hpp, ``held_posture_max_turn_deg_s``) has a
    gravity to read. ``gyro_deg_s``: (n, 3) rotation rate, deg/s, the sensor frame, one sample every 1 / ``fs`` s.
    ``start``: (3,) -> (n, 3); (k, 3) starts -> (k, n, 3), integrated once.

    A fixed direction seen from a turning sensor moves as dv/dt = -omega x v: each step turns it by
    -omega / fs (Rodrigues' formula, exact for a rate constant over the step). The watch's true starting
    orientation is unknown (the default puts gravity on +z, watch face up, where ``tremorlab.realtremor``
    adds its fixed 1 g), and a gyroscope's bias turns the rebuilt gravity slowly (PADS 002's mean rates reach
    0.9 deg/s: benchmarks/reorientation.py), so this is a watch like the one recorded, not the recording's own
    gravity. ValueError for a wrong shape, a non-finite value, fs <= 0 or a zero start."""
    w = np.asarray(gyro_deg_s, dtype=np.float64)
    if w.ndim != 2 or w.shape[1] != 3 or w.shape[0] < 1:
        raise ValueError(f"gravity_from_gyro: gyro_deg_s must have shape (n, 3) with n >= 1, got {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError("gravity_from_gyro: gyro_deg_s holds NaN or Inf")
    if not (isinstance(fs, (int, float, np.integer, np.floating)) and math.isfinite(fs) and fs > 0):
        raise ValueError(f"gravity_from_gyro: fs must be a finite number > 0, got {fs!r}")
    v = np.array(start, dtype=np.float64)
    one = v.ndim == 1
    v = np.atleast_2d(v)
    if v.ndim != 2 or v.shape[1] != 3 or not np.all(np.isfinite(v)):
        raise ValueError(f"gravity_from_gyro: start must be finite with shape (3,) or (k, 3), got {np.shape(start)}")
    norm = np.linalg.norm(v, axis=1)
    if np.any(norm == 0):
        raise ValueError("gravity_from_gyro: a start direction is zero")
    v = v / norm[:, None]
    # Each step's rotation matrix at once (turning by -omega / fs); only their product is sequential.
    r = -np.radians(w[:-1]) / float(fs)
    theta = np.linalg.norm(r, axis=1)
    axis = np.divide(r, theta[:, None], out=np.zeros_like(r), where=theta[:, None] > 0)
    kx = np.zeros((len(r), 3, 3))
    kx[:, 0, 1], kx[:, 0, 2], kx[:, 1, 2] = -axis[:, 2], axis[:, 1], -axis[:, 0]
    kx[:, 1, 0], kx[:, 2, 0], kx[:, 2, 1] = axis[:, 2], -axis[:, 1], axis[:, 0]
    steps = (np.eye(3) + np.sin(theta)[:, None, None] * kx
             + (1.0 - np.cos(theta))[:, None, None] * (kx @ kx))
    out = np.empty((v.shape[0], w.shape[0], 3))
    out[:, 0] = v
    for k, st in enumerate(steps):
        # Written out rather than v @ st.T, so that each start's result is the same to the bit whether it is
        # integrated alone or among others (a matrix product may take another summation path by shape).
        v = v[:, 0:1] * st[:, 0] + v[:, 1:2] * st[:, 1] + v[:, 2:3] * st[:, 2]
        out[:, k + 1] = v
    return out[0] if one else out


#: What the three columns of a PADS Relaxed copy are (meta['pads_copy_columns'] of a Recording read from one).
PADS_COPY_COLUMNS = "acc_z_g,gyro_x_rad_s,gyro_y_rad_s"


def parse_pads_name(name: str) -> dict[str, str] | None:
    """Participant id, task, wrist (and the diagnosis group ET/PD/N of the ``pads_relaxed`` copies) from a PADS
    text file's name (``001_HoldWeight_LeftWrist.txt``, ``PD_071_Relaxed_RightWrist.txt``), or None."""
    m = _PADS_NAME_RE.match(name)
    return {k: v for k, v in m.groupdict().items() if v is not None} if m else None


def _pads_meta(where: str, info: dict[str, str]) -> dict[str, Any]:
    # Gravity is not in PADS acceleration: the posture and units checks that read gravity say nothing here
    # (docs/recording_format.md, "Units against gravity").
    meta: dict[str, Any] = {"path": where, "source": "pads", "format": "pads", "subject": info["id"],
                            "task": info["task"], "placement": info["wrist"].replace("Wrist", " wrist").lower(),
                            "gravity_removed": True}
    if "group" in info:
        meta["group"] = info["group"]
    return meta


def _read_pads(path: Path, *, units: str | None, fs: float | None, max_gap_s: float | None) -> Recording:
    where = str(path)
    u = _resolve_units(where, "g", units)
    info = parse_pads_name(path.name)
    if info is None:
        raise ValueError(f"{where}: not a PADS file name (<id>_<task>_<LeftWrist|RightWrist>.txt or "
                         f"<ET|PD|N>_<id>_Relaxed_<wrist>.txt)")
    lines = _read_data_lines(path, where)
    data = _parse_float_rows(where, [ln.split(",") for ln in lines], (7, 3), 1)
    if data.shape[1] == 7:  # movement/timeseries: time (s), acceleration (g), rotation rate (rad/s)
        t, acc, gyro = data[:, 0], data[:, 1:4], np.degrees(data[:, 4:7])
        meta = _pads_meta(where, info)
    else:  # the pads_relaxed copies, at PADS's 100 Hz: az (g), gx, gy (rad/s), returned as given
        t, acc, gyro = np.arange(data.shape[0]) / PADS_FS, data, None
        meta = {**_pads_meta(where, info), "pads_copy_columns": PADS_COPY_COLUMNS}
        # One message for every copy, so Python shows it once per call site rather than once per file of a
        # batch; meta['pads_copy_columns'] marks each Recording.
        warnings.warn("a PADS Relaxed copy holds acceleration z (g) and rotation rates x, y (rad/s), not three "
                      "accelerations; read as given (meta['pads_copy_columns']; the movement/timeseries file has "
                      "all three)", PadsCopyWarning, stacklevel=3)
    return _finalize(where, t, acc, units=u, fs=fs, gyro=gyro, meta=meta, max_gap_s=max_gap_s, line_offset=1)


def parse_pads_bin_name(name: str) -> str | None:
    """The participant id of a PADS preprocessed file's name (``002_ml.bin`` -> ``'002'``), or None."""
    m = re.match(r"^(\d{3})_ml\.bin$", name)
    return m.group(1) if m else None


def read_pads_bin(path: "str | os.PathLike[str]") -> dict[tuple[str, str], Recording]:
    """Every task and wrist of one participant's preprocessed PADS file ``<id>_ml.bin``: float32 little endian,
    11 tasks (:data:`PADS_TASKS`) x 2 wrists x 6 channels (acceleration x, y, z in g; rotation rate x, y, z in
    rad/s) x 976 samples at 100 Hz. Returns ``{(task, 'LeftWrist' | 'RightWrist'): Recording}`` with the
    gyroscope in deg/s like every Recording. PADS dropped the watch's vibration cue (the first 48 samples) and
    subtracted an L1 trend, gravity with it, from the acceleration. ValueError for a file of another size or
    holding NaN/Inf."""
    p = Path(path)
    where = str(p)
    if not p.is_file():
        raise FileNotFoundError(f"{where}: no such file")
    shape = (len(PADS_TASKS), len(_PADS_WRISTS), 6, _PADS_BIN_SAMPLES)
    want = 4 * int(np.prod(shape))
    size = p.stat().st_size
    if size != want:
        raise ValueError(f"{where}: {size} bytes; a PADS <id>_ml.bin holds {want} (float32 {shape})")
    raw = np.fromfile(p, dtype="<f4").reshape(shape).astype(np.float64)
    pid = parse_pads_bin_name(p.name) or p.stem
    out: dict[tuple[str, str], Recording] = {}
    t = np.arange(_PADS_BIN_SAMPLES) / PADS_FS
    for ti, task in enumerate(PADS_TASKS):
        for wi, wrist in enumerate(_PADS_WRISTS):
            w = f"{where} [{task}, {wrist}]"
            info = {"id": pid, "task": task, "wrist": wrist}
            out[(task, wrist)] = _finalize(w, t, raw[ti, wi, :3].T, units="g", fs=PADS_FS,
                                           gyro=np.degrees(raw[ti, wi, 3:].T), meta=_pads_meta(w, info),
                                           max_gap_s=None)
    return out


# ----------------------------------------------------------------------------------------------------------
# Writer and pandas bridge

_META_ORDER = ("fs", "units", "placement", "subject", "label", "task", "source")


def _meta_value_ok(v: Any) -> bool:
    return isinstance(v, (str, int, float, bool, np.integer, np.floating)) and "\n" not in str(v)


def write_recording(path: "str | os.PathLike[str]", rec: Recording, *, precision: int = 10) -> None:
    """Write ``rec`` in the tremorlab CSV format (docs/recording_format.md).

    Metadata lines ``# key: value`` come first (fs, units, then scalar ``rec.meta`` entries), then the header
    ``t,ax,ay,az`` (``,gx,gy,gz`` with a gyroscope) and one row per sample. Values are written with
    ``precision`` significant digits (t with ``precision + 3``), so a read-back matches to that precision.
    """
    if not isinstance(rec, Recording):
        raise TypeError(f"write_recording expects a Recording, got {type(rec).__name__}")
    p = Path(path)
    meta: dict[str, Any] = {"fs": repr(float(rec.fs)), "units": rec.units}
    skip = {"path", "format", "t0", "fs_median", "n_gaps", "max_gap_s", "accuracy_flags", "fs", "units",
            "timestamp_unit"}
    for k in _META_ORDER:
        v = rec.meta.get(k)
        if k not in meta and v is not None and _meta_value_ok(v):
            meta[k] = v
    for k, v in rec.meta.items():
        if k not in meta and k not in skip and v is not None and _meta_value_ok(v) and re.match(r"^[A-Za-z_]\w*$", k):
            meta[k] = v
    cols = [rec.t[:, None], rec.acc]
    header = "t,ax,ay,az"
    if rec.gyro is not None:
        cols.append(rec.gyro)
        header += ",gx,gy,gz"
    data = np.hstack(cols)
    fmt = [f"%.{precision + 3}g"] + [f"%.{precision}g"] * (data.shape[1] - 1)
    with open(p, "w", encoding="utf-8", newline="\n") as fh:
        for k, v in meta.items():
            fh.write(f"# {k}: {v}\n")
        fh.write(header + "\n")
        np.savetxt(fh, data, fmt=fmt, delimiter=",")


def from_dataframe(df: Any, time_col: str = "t", cols: Sequence[str] = ("ax", "ay", "az"), *,
                   units: str = "m/s^2", fs: float | None = None, gyro_cols: Sequence[str] | None = None,
                   meta: dict[str, Any] | None = None, max_gap_s: float | None = None) -> Recording:
    """Build a :class:`Recording` from a pandas DataFrame.

    ``time_col`` may hold float seconds or ``datetime64`` values (converted to seconds from the first row);
    ``time_col=None`` uses the index (a DatetimeIndex or numeric index). The same validation as
    :func:`read_recording` applies.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover
        raise ImportError("from_dataframe needs pandas: pip install 'tremorlab[pandas]'") from exc
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"from_dataframe expects a pandas DataFrame, got {type(df).__name__}")
    where = "DataFrame"
    cols = list(cols)
    if len(cols) != 3:
        raise ValueError(f"{where}: cols must name 3 accelerometer columns, got {cols}")
    missing = [c for c in cols + list(gyro_cols or []) + ([time_col] if time_col is not None else [])
               if c not in df.columns]
    if missing:
        raise ValueError(f"{where}: missing column(s) {missing}; have {list(df.columns)}")
    tser = df.index.to_series() if time_col is None else df[time_col]
    if pd.api.types.is_datetime64_any_dtype(tser):
        if tser.isna().any():
            i = int(np.flatnonzero(tser.isna().to_numpy())[0])
            raise ValueError(f"{where}: non-finite timestamp (NaT) at sample {i}")
        ns = tser.to_numpy().astype("datetime64[ns]").astype(np.int64)
        t = (ns - ns[0]).astype(np.float64) * 1e-9 if ns.size else np.empty(0)
    elif pd.api.types.is_timedelta64_dtype(tser):
        t = tser.dt.total_seconds().to_numpy(dtype=np.float64)
    elif pd.api.types.is_numeric_dtype(tser):
        t = tser.to_numpy(dtype=np.float64)
    else:
        raise TypeError(f"{where}: time column {time_col!r} must be numeric seconds or datetime64, "
                        f"got dtype {tser.dtype}")
    try:
        acc = df[cols].to_numpy(dtype=np.float64)
        gyro = df[list(gyro_cols)].to_numpy(dtype=np.float64) if gyro_cols else None
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{where}: accelerometer/gyroscope columns must be numeric: {exc}") from None
    u = _resolve_units(where, None, units)
    m = {"source": "dataframe", "path": where}
    m.update(meta or {})
    return _finalize(where, t, acc, units=u, fs=fs, gyro=gyro, meta=m, max_gap_s=max_gap_s)


def iter_recordings(paths: Iterable["str | os.PathLike[str]"], **kwargs: Any) -> Iterator[Recording]:
    """Yield ``read_recording(p, **kwargs)`` for each path (a convenience for batch evaluation)."""
    for p in paths:
        yield read_recording(p, **kwargs)
