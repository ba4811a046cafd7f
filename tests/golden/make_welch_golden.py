"""Write golden vectors from scipy.signal for the C++ spectral tests (tests/cpp/test_welch.cpp,
tests/cpp/test_windows.cpp).

Run from the repository root:  python3 tests/golden/make_welch_golden.py
Outputs tests/golden/welch_cases.json (welch + periodogram cases on one test signal) and
tests/golden/welch_windows.json (get_window values). Floats are written with repr, so they round-trip.
"""
from __future__ import annotations

import itertools
import json
import pathlib
import warnings

import numpy as np
import scipy
import scipy.signal as ss

HERE = pathlib.Path(__file__).resolve().parent


def signal(n: int, fs: float) -> np.ndarray:
    rng = np.random.default_rng(20240601)
    t = np.arange(n) / fs
    # noise + a tremor-band sine + offset and drift, so both detrend types matter
    return (rng.standard_normal(n) + 1.5 * np.sin(2 * np.pi * 5.3 * t + 0.4) + 0.7 + 0.05 * t)


def main() -> None:
    fs = 50.0
    x = signal(301, fs)
    custom_window = ss.get_window(("tukey", 0.3), 40)  # array window: nperseg = 40
    windows = ["hann", "hamming", "blackman", "boxcar", "custom"]
    detrends = [False, "constant", "linear"]
    scalings = ["density", "spectrum"]
    averages = ["mean", "median"]
    sides = [True, False]
    # (nperseg, noverlap, nfft): even/odd nperseg, even/odd nfft, zero padding, explicit overlaps
    segs = [(64, None, None), (63, None, None), (50, 10, 65), (41, 40, 128), (33, 0, 33), (256, None, 300)]
    cases = []
    for i, (win, det, sc, av, one) in enumerate(itertools.product(windows, detrends, scalings, averages, sides)):
        nperseg, noverlap, nfft = segs[i % len(segs)]
        if win == "custom":
            window, nperseg = custom_window, None
            if nfft is not None and nfft < 40:
                nfft = None
            if noverlap is not None and noverlap >= 40:
                noverlap = 39
        else:
            window = win
        f, p = ss.welch(x, fs=fs, window=window, nperseg=nperseg, noverlap=noverlap, nfft=nfft, detrend=det,
                        return_onesided=one, scaling=sc, average=av)
        cases.append({
            "window": win, "window_values": custom_window.tolist() if win == "custom" else [],
            "nperseg": nperseg or 0, "noverlap": -1 if noverlap is None else noverlap, "nfft": nfft or 0,
            "detrend": det or "none", "scaling": sc, "average": av, "return_onesided": one,
            "f": f.tolist(), "pxx": p.tolist(),
        })
    # nperseg larger than the input: scipy warns and uses the input length
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f, p = ss.welch(x[:100], fs=fs, nperseg=256)
    short_case = {"n": 100, "nperseg": 256, "f": f.tolist(), "pxx": p.tolist()}

    per = []
    for win, nfft, det, one, sc in [("boxcar", None, "constant", True, "density"),
                                    ("hann", None, "linear", False, "spectrum"),
                                    ("boxcar", 200, False, True, "density"),    # truncates x
                                    ("hamming", 512, "constant", True, "spectrum"),  # zero-pads
                                    ("blackman", 301, "constant", False, "density"),
                                    ("boxcar", 1001, False, True, "spectrum")]:
        f, p = ss.periodogram(x, fs=fs, window=win, nfft=nfft, detrend=det, return_onesided=one, scaling=sc)
        per.append({"window": win, "nfft": nfft or 0, "detrend": det or "none", "return_onesided": one,
                    "scaling": sc, "f": f.tolist(), "pxx": p.tolist()})

    out = {"generator": "tests/golden/make_welch_golden.py", "scipy": scipy.__version__,
           "numpy": np.__version__, "fs": fs, "x": x.tolist(), "welch": cases,
           "welch_short_input": short_case, "periodogram": per}
    (HERE / "welch_cases.json").write_text(json.dumps(out) + "\n")

    wins = {"generator": "tests/golden/make_welch_golden.py", "scipy": scipy.__version__, "windows": []}
    for name in ["hann", "hamming", "blackman", "boxcar"]:
        for n in [1, 2, 3, 8, 13, 256]:
            wins["windows"].append({"name": name, "n": n, "values": ss.get_window(name, n).tolist()})
    (HERE / "welch_windows.json").write_text(json.dumps(wins) + "\n")


if __name__ == "__main__":
    main()
