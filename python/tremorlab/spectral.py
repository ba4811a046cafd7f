"""Spectral estimation with scipy.signal semantics: Welch PSD, periodogram, windows, band measures.

The numerical work happens in the C++ core (``tremorlab._core``, KissFFT); this module only does the
numpy-side work scipy does in Python: dtype rules, moving the analysis axis last, stacking every other
axis into channels (one C++ call for all of them) and putting the result back.
"""
from __future__ import annotations

import numbers
import warnings
from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from ._arrays import normalize_axis, real_array

__all__ = ["welch", "periodogram", "get_window", "band_power", "peak_frequency"]

ArrayLike = Any
# Longest segment, FFT or window: 2**32 samples (32 GiB per float64 buffer). Longer requests are refused with
# a ValueError naming the argument, instead of overflowing the C++ signature (TypeError) or failing an
# allocation half-way (MemoryError).
_MAX_LEN = 2**32
WindowLike = Union[str, ArrayLike]


_real_array = real_array
_normalize_axis = normalize_axis


def _opt_int(v: Any, name: str) -> Optional[int]:
    """None or an integer (integral floats accepted, as scipy's int() does)."""
    if v is None:
        return None
    if isinstance(v, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer, got {v!r}")
    if isinstance(v, (numbers.Integral, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return int(v)
    raise TypeError(f"{name} must be an integer, got {v!r}")


def _fs(fs: Any) -> float:
    if isinstance(fs, (complex, np.complexfloating)):
        raise TypeError("fs must be a real number")
    fs = float(fs)
    if not np.isfinite(fs) or fs <= 0:
        raise ValueError(f"fs must be finite and > 0, got {fs}")
    return fs


def _out_dtype(x: np.ndarray) -> np.dtype:
    # scipy computes in np.result_type(x, complex64) and returns its real part: float32 for float32,
    # float16, bool, int8/16 and uint8/16 input, float64 otherwise.
    return np.empty(0, dtype=np.result_type(x.dtype, np.complex64)).real.dtype


def _check_str(v: Any, name: str, allowed: Sequence[str]) -> str:
    if not isinstance(v, str) or v not in allowed:
        raise ValueError(f"unknown {name} {v!r} (expected one of {', '.join(map(repr, allowed))})")
    return v


def _welch_impl(x: np.ndarray, fs: float, window: WindowLike, nperseg: Optional[int],
                noverlap: Optional[int], nfft: Optional[int], detrend: Any, return_onesided: bool,
                scaling: str, axis: int, average: str) -> Tuple[np.ndarray, np.ndarray]:
    n = x.shape[axis]
    if x.size == 0:
        raise ValueError(f"x is empty (shape {x.shape})")
    if nperseg is not None and nperseg < 1:
        raise ValueError(f"nperseg must be a positive integer, got {nperseg}")
    if noverlap is not None and noverlap < 0:
        raise ValueError(f"noverlap must be >= 0, got {noverlap}")
    if nfft is not None and nfft < 1:
        raise ValueError(f"nfft must be a positive integer, got {nfft}")
    for name, v in (("nperseg", nperseg), ("noverlap", noverlap), ("nfft", nfft)):
        if v is not None and v > _MAX_LEN:
            raise ValueError(f"{name} = {v} is too large (tremorlab's limit is 2**32 samples)")
    _check_str(scaling, "scaling", ("density", "spectrum"))
    _check_str(average, "average", ("mean", "median"))
    if isinstance(window, str):
        nps = 256 if nperseg is None else nperseg
        if nps > n:
            warnings.warn(f"nperseg = {nps} is greater than input length = {n}, using nperseg = {n}",
                          UserWarning, stacklevel=3)
            nps = n
        win: Any = window
    elif isinstance(window, tuple) or window is None:
        raise ValueError(f"unsupported window {window!r} (use 'hann', 'hamming', 'blackman', "
                         "'boxcar' or an array)")
    else:
        win = _real_array(window, "window")
        if win.ndim != 1:
            raise ValueError(f"window must be 1-D, got {win.ndim}-D")
        if win.size == 0:
            raise ValueError("window is empty")
        if win.size > n:
            raise ValueError(f"window ({win.size} samples) is longer than the input ({n})")
        if nperseg is not None and nperseg != win.size:
            raise ValueError(f"nperseg ({nperseg}) differs from the window length ({win.size})")
        nps = win.size
    if noverlap is not None and noverlap >= nps:
        raise ValueError(f"noverlap ({noverlap}) must be less than nperseg ({nps})")
    if nfft is not None and nfft < nps:
        raise ValueError(f"nfft ({nfft}) must be greater than or equal to nperseg ({nps})")

    moved = np.moveaxis(x, axis, -1)
    outer = moved.shape[:-1]
    x2 = np.ascontiguousarray(moved, dtype=np.float64).reshape(-1, n)
    f, p = _core._welch(x2, fs, win, nps, -1 if noverlap is None else noverlap,
                        0 if nfft is None else nfft, detrend, bool(return_onesided), scaling, average)
    p = np.moveaxis(p.reshape(outer + (p.shape[-1],)), -1, axis)
    return f, p.astype(_out_dtype(x), copy=False)


def welch(x: ArrayLike, fs: float = 1.0, window: WindowLike = "hann", nperseg: Optional[int] = None,
          noverlap: Optional[int] = None, nfft: Optional[int] = None, detrend: Any = "constant",
          return_onesided: bool = True, scaling: str = "density", axis: int = -1,
          average: str = "mean") -> Tuple[np.ndarray, np.ndarray]:
    """Estimate the power spectral density with Welch's method (as ``scipy.signal.welch``).

    Parameters
    ----------
    x : array_like
        Real time series; any number of dimensions. Integer and bool input is converted to float64.
    fs : float, optional
        Sampling frequency in Hz (> 0). Default 1.0.
    window : str or array_like, optional
        ``'hann'`` (default), ``'hamming'``, ``'blackman'`` or ``'boxcar'`` (periodic, as
        ``scipy.signal.get_window``), or a 1-D array of window values whose length sets `nperseg`.
    nperseg : int, optional
        Segment length. Default 256 for a named window; if longer than the input a ``UserWarning`` is
        issued and the input length is used (as scipy does).
    noverlap : int, optional
        Overlap between segments, ``0 <= noverlap < nperseg``. Default ``nperseg // 2``.
    nfft : int, optional
        FFT length (zero-padding), ``>= nperseg``. Default `nperseg`.
    detrend : {'constant', 'linear', False}, optional
        Per-segment detrending. Default ``'constant'``.
    return_onesided : bool, optional
        One-sided spectrum (default) or two-sided in ``numpy.fft.fftfreq`` order.
    scaling : {'density', 'spectrum'}, optional
        Power spectral density (units**2/Hz, default) or power spectrum (units**2).
    axis : int, optional
        Axis along which the PSD is computed. Default -1.
    average : {'mean', 'median'}, optional
        Segment averaging; the median is divided by scipy's bias factor. Default ``'mean'``.

    Returns
    -------
    f : ndarray
        Sample frequencies (float64).
    Pxx : ndarray
        PSD of `x`, with `axis` replaced by the frequency axis. float32 when scipy would return float32
        (float32/float16/small-integer input), float64 otherwise.

    Raises
    ------
    ValueError
        Empty input, NaN/Inf, invalid or unknown options, window array of wrong shape.
    TypeError
        Complex, object or string input.

    Notes
    -----
    Negative `noverlap`, tuple windows and callable `detrend` (accepted by scipy) are rejected.
    The computation runs in C++ with the GIL released, one call for all channels.
    """
    xa = _real_array(x, "x")
    ax = _normalize_axis(axis, xa.ndim)
    return _welch_impl(xa, _fs(fs), window, _opt_int(nperseg, "nperseg"), _opt_int(noverlap, "noverlap"),
                       _opt_int(nfft, "nfft"), detrend, return_onesided, scaling, ax, average)


def periodogram(x: ArrayLike, fs: float = 1.0, window: WindowLike = "boxcar", nfft: Optional[int] = None,
                detrend: Any = "constant", return_onesided: bool = True, scaling: str = "density",
                axis: int = -1) -> Tuple[np.ndarray, np.ndarray]:
    """Estimate the power spectral density with a periodogram (as ``scipy.signal.periodogram``).

    Parameters
    ----------
    x : array_like
        Real time series; any number of dimensions.
    fs : float, optional
        Sampling frequency in Hz (> 0). Default 1.0.
    window : str or array_like, optional
        Named window (``'boxcar'`` default, ``'hann'``, ``'hamming'``, ``'blackman'``) or a 1-D array
        whose length must equal the segment length (the input length, or `nfft` when smaller).
    nfft : int, optional
        FFT length. Larger than the input: zero-padding; smaller: only the first `nfft` samples are used.
    detrend : {'constant', 'linear', False}, optional
        Detrending of the segment. Default ``'constant'``.
    return_onesided : bool, optional
        One-sided (default) or two-sided spectrum in ``numpy.fft.fftfreq`` order.
    scaling : {'density', 'spectrum'}, optional
        Units**2/Hz (default) or units**2.
    axis : int, optional
        Axis along which the periodogram is computed. Default -1.

    Returns
    -------
    f : ndarray
        Sample frequencies.
    Pxx : ndarray
        Periodogram of `x` (dtype as in :func:`welch`).

    Raises
    ------
    ValueError
        Empty input, NaN/Inf, invalid options.
    TypeError
        Complex, object or string input.
    """
    xa = _real_array(x, "x")
    ax = _normalize_axis(axis, xa.ndim)
    fsv = _fs(fs)
    nfft_i = _opt_int(nfft, "nfft")
    if xa.size == 0:
        raise ValueError(f"x is empty (shape {xa.shape})")
    if nfft_i is not None and nfft_i < 1:
        raise ValueError(f"nfft must be a positive integer, got {nfft_i}")
    if nfft_i is not None and nfft_i > _MAX_LEN:
        raise ValueError(f"nfft = {nfft_i} is too large (tremorlab's limit is 2**32 samples)")
    if window is None:
        window = "boxcar"
    n = xa.shape[ax]
    if nfft_i is None or nfft_i >= n:
        nperseg = n
    else:
        xa = np.take(xa, np.arange(nfft_i), axis=ax)
        nperseg, nfft_i = nfft_i, None
    if not isinstance(window, (str, tuple)):
        w = np.asarray(window)
        if w.size != nperseg:
            raise ValueError("the size of the window must be the same size of the input on the specified axis "
                             f"(window {w.size}, segment {nperseg})")
    return _welch_impl(xa, fsv, window, nperseg, 0, nfft_i, detrend, return_onesided, scaling, ax, "mean")


def get_window(window: str, Nx: int) -> np.ndarray:
    """Periodic window of length `Nx` (as ``scipy.signal.get_window(window, Nx)``, fftbins=True).

    Parameters
    ----------
    window : {'hann', 'hamming', 'blackman', 'boxcar'}
        Window name.
    Nx : int
        Number of samples (>= 1).

    Returns
    -------
    ndarray
        float64 window values.

    Raises
    ------
    ValueError
        Unknown window name or ``Nx < 1`` (as scipy).
    TypeError
        `Nx` not an integer.
    """
    n = _opt_int(Nx, "Nx")
    if n is None:
        raise TypeError("Nx must be an integer")
    if n < 1:
        raise ValueError(f"Nx must be a positive integer, got {n}")
    if n > _MAX_LEN:
        raise ValueError(f"Nx = {n} is too large (tremorlab's limit is 2**32 samples)")
    if not isinstance(window, str):
        raise ValueError(f"unsupported window {window!r} (use 'hann', 'hamming', 'blackman', 'boxcar')")
    return _core._get_window(window, n)


def _psd_rows(f: ArrayLike, Pxx: ArrayLike, axis: int) -> Tuple[np.ndarray, np.ndarray, tuple]:
    fa = _real_array(f, "f")
    if fa.ndim != 1:
        raise ValueError(f"f must be 1-D, got {fa.ndim}-D")
    pa = _real_array(Pxx, "Pxx")
    ax = _normalize_axis(axis, pa.ndim)
    if pa.size == 0 or fa.size == 0:
        raise ValueError("f and Pxx must not be empty")
    if pa.shape[ax] != fa.size:
        raise ValueError(f"Pxx has {pa.shape[ax]} values along axis {axis} but f has {fa.size}")
    moved = np.moveaxis(pa, ax, -1)
    outer = moved.shape[:-1]
    rows = np.ascontiguousarray(moved, dtype=np.float64).reshape(-1, fa.size)
    return np.ascontiguousarray(fa, dtype=np.float64), rows, outer


def _band(band: Any, f: np.ndarray) -> Tuple[float, float]:
    if band is None:
        return float(f[0]), float(f[-1])
    try:
        b = np.asarray(band, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"band must be a pair (f1, f2), got {band!r}") from None
    if b.shape != (2,):
        raise ValueError(f"band must be a pair (f1, f2), got {band!r}")
    if not np.all(np.isfinite(b)) or b[0] > b[1]:
        raise ValueError(f"band must be finite with f1 <= f2, got {band!r}")
    return float(b[0]), float(b[1])


def band_power(f: ArrayLike, Pxx: ArrayLike, band: Sequence[float], axis: int = -1) -> Any:
    """Power in a frequency band: trapezoidal integral of `Pxx` over `f` within ``[f1, f2]``.

    The PSD is interpolated linearly at the band edges, so the result is continuous in the band edges.
    For a density-scaled PSD the result is the signal power in the band (units**2); a sine of
    amplitude A gives about ``A**2 / 2`` over a band holding its spectral peak.

    Parameters
    ----------
    f : array_like
        Strictly increasing frequencies (a one-sided spectrum), 1-D.
    Pxx : array_like
        PSD values; ``Pxx.shape[axis] == len(f)``.
    band : (float, float)
        ``(f1, f2)`` with ``f1 <= f2``. Clipped to ``[f[0], f[-1]]``; it must overlap that range.
    axis : int, optional
        Frequency axis of `Pxx`. Default -1.

    Returns
    -------
    float or ndarray
        Band power with the frequency axis removed (a numpy scalar for 1-D `Pxx`).

    Raises
    ------
    ValueError
        Empty/mismatched input, NaN/Inf, non-increasing `f`, bad band.
    TypeError
        Complex or object input.
    """
    if band is None:
        raise ValueError("band_power needs a band (f1, f2)")
    fa, rows, outer = _psd_rows(f, Pxx, axis)
    f1, f2 = _band(band, fa)
    return _core._band_power(fa, rows, f1, f2).reshape(outer)[()]


def peak_frequency(f: ArrayLike, Pxx: ArrayLike, band: Optional[Sequence[float]] = None,
                   axis: int = -1) -> Tuple[Any, Any]:
    """Dominant frequency of a PSD, refined by parabolic interpolation of the log-power.

    The largest bin inside ``band`` is refined with a parabola through the log-power of it and its two
    neighbours. For a sinusoid between bins the worst-case bias is about 0.016 bin with hann/hamming
    windows, 0.007 bin with blackman and 0.17 bin with boxcar.

    Parameters
    ----------
    f : array_like
        Strictly increasing frequencies, 1-D.
    Pxx : array_like
        PSD values; ``Pxx.shape[axis] == len(f)``.
    band : (float, float), optional
        Search range ``(f1, f2)``; default the whole spectrum. Must hold at least one bin.
    axis : int, optional
        Frequency axis of `Pxx`. Default -1.

    Returns
    -------
    frequency : float or ndarray
        Refined peak frequency (Hz) per channel.
    power : float or ndarray
        `Pxx` at the maximum bin per channel.

    Raises
    ------
    ValueError
        Empty/mismatched input, NaN/Inf, non-increasing `f`, band without bins.
    TypeError
        Complex or object input.
    """
    fa, rows, outer = _psd_rows(f, Pxx, axis)
    f1, f2 = _band(band, fa)
    freq, power = _core._peak_frequency(fa, rows, f1, f2)
    return freq.reshape(outer)[()], power.reshape(outer)[()]
