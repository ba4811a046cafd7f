"""Butterworth design and second-order-section (SOS) filtering, compatible with scipy.signal.

The names, signatures, defaults, shapes and dtype rules follow ``scipy.signal.butter``,
``sosfilt``, ``sosfilt_zi`` and ``sosfiltfilt``; the arithmetic runs in tremorlab's C++ core (one
kernel call per array, with the GIL released). :class:`StreamFilter` filters a live multi-channel
stream block by block with results that do not depend on how the stream is cut into blocks.
"""
from __future__ import annotations

import numbers
import operator
import os
from typing import Any, Optional, Tuple, Union

import numpy as np

from . import _core
from ._arrays import normalize_axis, real_array

__all__ = ["butter", "sosfilt", "sosfilt_zi", "sosfiltfilt", "StreamFilter"]

_PADTYPES = {None: 0, "odd": 1, "even": 2, "constant": 3}


def _real_array(x: Any, name: str) -> np.ndarray:
    """scipy's dtype rules: bool/int -> float64, complex/object/str -> TypeError."""
    return real_array(x, name, to_float=True)


def _check_finite(a: np.ndarray, name: str) -> None:
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or Inf")


def _numeric_array(x: Any, name: str) -> np.ndarray:
    """np.asarray keeping the dtype (scipy promotes later with np.result_type); complex/object/str ->
    TypeError (tremorlab filters real signals only)."""
    a = np.asarray(x)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"{name}: dtype {a.dtype} is not supported; expected real numbers (float, int or bool)")
    return a


def _validate_sos(sos: Any, require_unit_a0: bool = True) -> np.ndarray:
    """sos as given (real dtype, shape (n_sections, 6), finite). sosfilt and sosfiltfilt require a0 == 1 as
    scipy does; sosfilt_zi (and StreamFilter) divide a0 out, as scipy's lfilter_zi does."""
    s = _numeric_array(sos, "sos")
    if s.ndim == 1 and s.shape[0] == 6:
        s = s[np.newaxis, :]
    if s.ndim != 2 or s.shape[1] != 6:
        raise ValueError(f"sos array must be shape (n_sections, 6), got {s.shape}")
    if s.shape[0] == 0:
        raise ValueError("sos array must have at least one section")
    _check_finite(s, "sos")
    if require_unit_a0 and not np.all(s[:, 3] == 1):
        raise ValueError("sos[:, 3] should be all ones")
    if np.any(s[:, 3] == 0):
        raise ValueError("sos[:, 3] (a0) must not be zero")
    return s


def _work_dtype(*arrays: np.ndarray) -> np.dtype:
    """scipy's rule: np.result_type of the inputs, which must be a float type (int/bool/float16 alone ->
    NotImplementedError, as in scipy). tremorlab's kernels run float32 and float64 only, so long double
    (which scipy filters in long double) is refused too rather than silently run in float64."""
    dt = np.result_type(*arrays)
    if dt.char in "fd":
        return np.dtype(dt)
    if dt.char == "g":
        raise NotImplementedError("input type 'longdouble' not supported by tremorlab (float32 and float64 only)")
    raise NotImplementedError(f"input type '{dt}' not supported")


_normalize_axis = normalize_axis


def _validate_x(x: Any) -> np.ndarray:
    a = _numeric_array(x, "x")
    if a.ndim == 0:
        raise ValueError("x must be at least 1-D")
    if a.size == 0:
        raise ValueError("x is empty")
    return a


def _workers(workers: Any) -> int:
    """scipy.fft's convention: None -> 1; a negative value counts back from os.cpu_count() (-1 = all)."""
    if workers is None:
        return 1
    if isinstance(workers, bool) or not isinstance(workers, (int, np.integer)):
        raise TypeError(f"workers must be an int or None, got {type(workers).__name__}")
    w = int(workers)
    if w < 0:
        w += (os.cpu_count() or 1) + 1
        if w <= 0:
            raise ValueError(f"workers value out of range; got {workers}, must not be less than {-(os.cpu_count() or 1)}")
    if w == 0:
        raise ValueError("workers must not be zero")
    return w


def butter(N: int, Wn: Union[float, Any], btype: str = "low", analog: bool = False, output: str = "ba",
           fs: Optional[float] = None) -> Any:
    """Butterworth filter design: ``scipy.signal.butter``'s signature, default and outputs.

    The design (prototype, band transform, bilinear transform, pole/zero pairing) runs in tremorlab's
    C++ core, a port of scipy's algorithm; the results agree with scipy to rounding (see the README for
    what "drop-in" covers).

    Parameters
    ----------
    N : int
        Order of the filter (>= 0). For band-pass and band-stop filters the filter order is 2*N.
    Wn : float or array_like of two floats
        Critical frequency (low/high) or [low, high] edges (band-pass/band-stop). Digital: in the units
        of `fs`, or normalised so that 1 is the Nyquist frequency when `fs` is None. Analog: rad/s.
    btype : {'lowpass', 'highpass', 'bandpass', 'bandstop'}, optional
        Filter type; scipy's aliases ('low', 'high', 'band', 'stop', 'bp', 'bs', ...) are accepted.
    analog : bool, optional
        Design an analog filter (outputs 'ba' and 'zpk' only).
    output : {'ba', 'zpk', 'sos'}, optional
        Form of the result. Default 'ba', as in scipy; pass ``output='sos'`` for tremorlab's filters
        (:func:`sosfilt`, :func:`sosfiltfilt`, :class:`StreamFilter`): high orders and narrow bands are
        numerically unsafe in 'ba' form.
    fs : float, optional
        Sampling frequency of the digital system (not allowed with ``analog=True``).

    Returns
    -------
    b, a : ndarray, ndarray
        Numerator and denominator polynomials (``output='ba'``).
    z, p, k : ndarray, ndarray, float
        Zeros, poles and gain (``output='zpk'``).
    sos : ndarray, shape (n_sections, 6)
        Second-order sections ``[b0, b1, b2, a0, a1, a2]`` with a0 == 1 (``output='sos'``).

    Raises
    ------
    ValueError
        A negative or non-integer order, an edge <= 0 (or >= fs/2 for a digital filter), low >= high,
        non-finite values, an unknown btype or output, the wrong number of edges for btype, `fs` with
        ``analog=True``, and ``output='sos'`` with ``analog=True`` (not supported by tremorlab).
    """
    if isinstance(N, (bool, np.bool_)):
        raise ValueError(f"Filter order must be a nonnegative integer, got {N!r}")
    try:
        order = operator.index(N)
    except TypeError:
        if isinstance(N, (float, np.floating)) and float(N).is_integer():
            order = int(N)
        else:
            raise ValueError(f"Filter order must be a nonnegative integer, got {N!r}") from None
    if order < 0:
        raise ValueError(f"Filter order must be a nonnegative integer, got {N!r}")
    if order > np.iinfo(np.int32).max:
        raise ValueError(f"Filter order {order} is too large")
    if not isinstance(btype, str):
        raise ValueError(f"btype must be a string, got {btype!r}")
    if not isinstance(output, str):
        raise ValueError(f"output must be a string, got {output!r}")
    w = _real_array(Wn, "Wn").astype(np.float64).ravel()
    if w.size not in (1, 2):
        raise ValueError(f"Wn must have one or two elements, got {w.size}")
    if fs is None:
        fs_val = 2.0
    else:
        if analog:
            raise ValueError("fs cannot be specified for an analog filter")
        if isinstance(fs, (bool, np.bool_)) or not isinstance(fs, numbers.Real):
            raise ValueError(f"Sampling frequency fs must be a single real scalar, got {fs!r}")
        fs_val = float(fs)
    return _core._butter(int(order), [float(v) for v in w], btype, bool(analog), output.lower(), fs_val)


def sosfilt_zi(sos: Any) -> np.ndarray:
    """Initial conditions for sosfilt giving the steady state of the step response.

    Parameters
    ----------
    sos : array_like, shape (n_sections, 6)
        Second-order sections.

    Returns
    -------
    zi : ndarray, shape (n_sections, 2)
        Multiply by the first input value to start :func:`sosfilt` in steady state, as in
        ``scipy.signal.sosfilt_zi``.
    """
    s = _validate_sos(sos, require_unit_a0=False)
    zi = _core._sosfilt_zi(s)
    return zi.astype(s.dtype) if s.dtype.kind == "f" else zi


def sosfilt(sos: Any, x: Any, axis: int = -1, zi: Any = None, *,
            workers: Optional[int] = None) -> Union[np.ndarray, Tuple[np.ndarray, np.ndarray]]:
    """Filter data along one dimension with cascaded second-order sections.

    Same semantics as ``scipy.signal.sosfilt``: transposed direct form II, output dtype
    ``np.result_type(sos, x, zi)`` (float32 when all are float32). Short inputs use scipy's update
    order (the same operations as scipy, so the same result up to how the two compiled kernels round);
    long ones (tens of thousands of samples) are cut into segments filtered in parallel SIMD lanes and
    then stitched exactly, which agrees with scipy to ~1e-15 of the signal RMS.

    Parameters
    ----------
    sos : array_like, shape (n_sections, 6)
        Second-order sections, e.g. from :func:`butter`.
    x : array_like
        N-dimensional input of real numbers (bool/int are converted to float64).
    axis : int, optional
        Axis of `x` along which to filter. Default -1.
    zi : array_like, optional
        Initial state, shape ``(n_sections, ..., 2, ...)`` where ``...`` is x.shape without `axis`
        and 2 sits at position axis+1.
    workers : int, optional
        Threads to use, as in ``scipy.fft``: None or 1 (default) runs in the calling thread only; a
        negative value counts back from ``os.cpu_count()`` (-1: all cores). A long input is cut into
        that many parts filtered at the same time and stitched like the SIMD segments (same accuracy;
        the last bits depend on the number of parts). Short inputs use fewer threads or none.

    Returns
    -------
    y : ndarray
        The filtered output, same shape as `x`.
    zf : ndarray, optional
        Final state, same shape as `zi`; returned only when `zi` is given.

    Raises
    ------
    ValueError
        NaN/Inf in the inputs, empty `x`, a bad sos shape, a0 == 0, or `zi` of the wrong shape.
    TypeError
        Complex, object or string arrays.
    """
    nw = _workers(workers)
    s = _validate_sos(sos)
    xa = _validate_x(x)
    ax = _normalize_axis(axis, xa.ndim)
    n_sections = s.shape[0]
    zi_a = None
    if zi is not None:
        zi_a = _numeric_array(zi, "zi")
    dtype = _work_dtype(s, xa, *(() if zi_a is None else (zi_a,)))

    xm = np.moveaxis(xa, ax, -1)
    n = xm.shape[-1]
    lead = xm.shape[:-1]
    if xm.ndim == 1:
        x2 = xm[np.newaxis, :]
    elif xm.ndim == 2:
        x2 = xm
    else:
        x2 = xm.reshape(-1, n)
    if x2.dtype != dtype:
        x2 = x2.astype(dtype)
    if any(st % x2.itemsize for st in x2.strides):
        x2 = np.ascontiguousarray(x2)
    channels = x2.shape[0]

    zi3 = None
    if zi_a is not None:
        zdims = list(xa.shape)
        zdims[ax] = 2
        zshape = tuple([n_sections] + zdims)
        if zi_a.shape != zshape:
            raise ValueError(
                f"Invalid zi shape. With axis={axis!r}, an input with shape {xa.shape!r}, and an sos array "
                f"with {n_sections} sections, zi must have shape {zshape!r}, got {zi_a.shape!r}."
            )
        _check_finite(zi_a, "zi")
        zi3 = np.ascontiguousarray(np.moveaxis(zi_a, ax + 1, -1).reshape(n_sections, channels, 2), dtype=dtype)

    y2, zf = _core._sosfilt(s, x2, zi3, nw)
    y = np.moveaxis(y2.reshape(lead + (n,)), -1, ax)
    if zi_a is None:
        return y
    zf_full = np.moveaxis(zf.reshape((n_sections,) + lead + (2,)), -1, ax + 1)
    return y, zf_full


def sosfiltfilt(sos: Any, x: Any, axis: int = -1, padtype: Optional[str] = "odd",
                padlen: Optional[int] = None, *, workers: Optional[int] = None) -> np.ndarray:
    """Zero-phase forward-backward filtering with second-order sections.

    Same semantics as ``scipy.signal.sosfiltfilt`` (method 'pad'): the signal is extended at both
    ends, filtered forward with steady-state initial conditions, then backward.

    Parameters
    ----------
    sos : array_like, shape (n_sections, 6)
        Second-order sections.
    x : array_like
        Input of real numbers.
    axis : int, optional
        Axis along which to filter. Default -1.
    padtype : {'odd', 'even', 'constant', None}, optional
        Extension type; None disables padding. Default 'odd'.
    padlen : int, optional
        Number of samples added at each end; default ``3 * (2 * n_sections + 1 - min(#(b2 == 0),
        #(a2 == 0)))``. Must be smaller than ``x.shape[axis]``.
    workers : int, optional
        Threads for the long forward and backward passes, as in :func:`sosfilt`. Default 1.

    Returns
    -------
    y : ndarray
        Filtered output, same shape as `x`; dtype as :func:`sosfilt`.

    Raises
    ------
    ValueError
        Unknown padtype, `x` not longer than padlen, NaN/Inf, bad sos.
    TypeError
        Complex, object or string arrays.
    """
    if padtype is not None and not isinstance(padtype, str) or padtype not in _PADTYPES:
        raise ValueError(f"Unknown value '{padtype}' given to padtype. padtype must be 'even', 'odd', "
                         "'constant', or None.")
    nw = _workers(workers)
    s = _validate_sos(sos)
    xa = _validate_x(x)
    ax = _normalize_axis(axis, xa.ndim)
    if padlen is None:
        plen = -1
    else:
        try:
            plen = operator.index(padlen)
        except TypeError:
            raise ValueError(f"padlen must be a non-negative integer, got {padlen!r}") from None
        if plen < 0:
            raise ValueError(f"padlen must be a non-negative integer, got {padlen!r}")
    dtype = _work_dtype(s, xa)
    xm = np.moveaxis(xa, ax, -1)
    n = xm.shape[-1]
    lead = xm.shape[:-1]
    if xm.dtype == dtype or padtype is None:
        x2 = np.ascontiguousarray(xm.reshape(-1, n), dtype=dtype)
        y2 = _core._sosfiltfilt(s, x2, _PADTYPES[padtype], plen, nw)
    else:
        # scipy extends x in its own dtype (e.g. float32) and promotes afterwards: do the same.
        ntaps = 2 * s.shape[0] + 1 - min(int(np.sum(s[:, 2] == 0)), int(np.sum(s[:, 5] == 0)))
        edge = 3 * ntaps if plen < 0 else plen
        if n <= edge:
            raise ValueError(f"The length of the input vector x must be greater than padlen, which is {edge}.")
        x2 = xm.reshape(-1, n)
        if edge > 0:
            x2 = _extend(x2, edge, padtype)
            # scipy filters the extended array, whose dtype can differ from x's (bool: 2 * x is int64).
            dtype = _work_dtype(s, x2)
        y2 = _core._sosfiltfilt(s, np.ascontiguousarray(x2, dtype=dtype), 0, 0, nw)
        if edge > 0:
            y2 = y2[:, edge:-edge]
    return np.moveaxis(y2.reshape(lead + (n,)), -1, ax)


def _extend(x: np.ndarray, n: int, padtype: str) -> np.ndarray:
    """scipy's odd_ext / even_ext / const_ext along the last axis, in x's dtype."""
    if padtype == "odd":
        left = 2 * x[:, :1] - x[:, n:0:-1]
        right = 2 * x[:, -1:] - x[:, -2:-(n + 2):-1]
    elif padtype == "even":
        left = x[:, n:0:-1]
        right = x[:, -2:-(n + 2):-1]
    else:
        left = np.repeat(x[:, :1], n, axis=1)
        right = np.repeat(x[:, -1:], n, axis=1)
    return np.concatenate((left, x, right), axis=1)


class StreamFilter:
    """Streaming SOS filter with per-channel state (wraps ``tremorlab::SosFilter<T>``).

    The output does not depend on how the stream is cut into blocks (bit for bit), and equals
    ``scipy.signal.sosfilt(sos, x, axis=0)`` on the concatenated stream to rounding (same operations);
    it equals :func:`sosfilt` bit for bit on short streams and to ~1e-15 relative on long ones (where
    :func:`sosfilt` uses its time-block kernel).

    Parameters
    ----------
    sos : array_like, shape (n_sections, 6)
        Second-order sections, e.g. from :func:`butter`.
    channels : int
        Number of channels (columns of each block).
    dtype : {numpy.float64, numpy.float32}, optional
        Arithmetic and output dtype. Default float64.

    Examples
    --------
    >>> import numpy as np, tremorlab
    >>> f = tremorlab.StreamFilter(tremorlab.butter(4, [4, 12], 'band', fs=100, output='sos'), channels=3)
    >>> y = f.process(np.zeros((10, 3)))
    """

    def __init__(self, sos: Any, channels: int, dtype: Any = np.float64) -> None:
        s = _validate_sos(sos, require_unit_a0=False)
        try:
            ch = operator.index(channels)
        except TypeError:
            raise TypeError(f"channels must be an integer, got {channels!r}") from None
        if ch < 1:
            raise ValueError(f"channels must be at least 1, got {ch}")
        dt = np.dtype(dtype)
        self._impl: _core._StreamFilter64 | _core._StreamFilter32
        if dt == np.float64:
            self._impl = _core._StreamFilter64(s, ch)
        elif dt == np.float32:
            self._impl = _core._StreamFilter32(s, ch)
        else:
            raise TypeError(f"dtype must be float32 or float64, got {dt}")
        self._dtype = dt

    @property
    def channels(self) -> int:
        """Number of channels."""
        return int(self._impl.channels)

    @property
    def sections(self) -> int:
        """Number of second-order sections."""
        return int(self._impl.sections)

    @property
    def dtype(self) -> np.dtype:
        """Arithmetic and output dtype."""
        return self._dtype

    def process(self, block: Any) -> np.ndarray:
        """Filter the next block of the stream.

        Parameters
        ----------
        block : array_like, shape (n, channels)
            Frames in time order (a 1-D array is accepted when channels == 1). Must be finite.

        Returns
        -------
        y : ndarray, same shape as `block`, dtype :attr:`dtype`.
        """
        b = _real_array(block, "block")
        return self._impl.process(b)

    def reset(self) -> None:
        """Zero the state."""
        self._impl.reset()

    def init_steady_state(self, frame: Any) -> None:
        """Set the state to the steady state of a constant input equal to `frame` (shape (channels,))."""
        self._impl.init_steady_state(_real_array(frame, "frame"))

    @property
    def state(self) -> np.ndarray:
        """Copy of the state, shape (sections, channels, 2); ``state.transpose(0, 2, 1)`` is the
        ``zi`` of ``sosfilt(sos, x, axis=0, zi=...)`` for x of shape (n, channels)."""
        return self._impl.get_state()

    @state.setter
    def state(self, value: Any) -> None:
        self._impl.set_state(_real_array(value, "state"))

    def copy(self) -> "StreamFilter":
        """Independent copy (same coefficients and state)."""
        new = StreamFilter.__new__(StreamFilter)
        new._impl = self._impl.copy()
        new._dtype = self._dtype
        return new

    def __copy__(self) -> "StreamFilter":
        return self.copy()

    def __deepcopy__(self, memo: Any) -> "StreamFilter":
        return self.copy()

    def __repr__(self) -> str:
        return f"StreamFilter(sections={self.sections}, channels={self.channels}, dtype={self._dtype})"
