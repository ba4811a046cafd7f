"""Writes tests/golden/filter_golden.json: Butterworth designs from scipy.signal.butter(output='sos') and
the scipy.signal.sosfilt / sosfiltfilt outputs of a fixed input. Run once from the repo root:
    python tests/golden/make_filter_golden.py
"""
import json
import pathlib

import numpy as np
import scipy
import scipy.signal as sig

DESIGNS = [
    # (order, Wn, btype, fs)
    (1, 10.0, "lowpass", 100.0),
    (2, 0.3, "lowpass", None),
    (5, 30.0, "lowpass", 250.0),
    (8, 2.0, "highpass", 50.0),
    (12, 0.6, "highpass", None),
    (1, [4.0, 12.0], "bandpass", 100.0),
    (2, [4.0, 12.0], "bandpass", 100.0),
    (4, [4.0, 12.0], "bandpass", 100.0),
    (5, [0.5, 20.0], "bandpass", 60.0),
    (8, [100.0, 300.0], "bandpass", 1000.0),
    (12, [0.2, 0.4], "bandpass", None),
    (2, [45.0, 55.0], "bandstop", 200.0),
    (5, [0.1, 0.7], "bandstop", None),
    (8, [3.0, 9.0], "bandstop", 32.0),
    # zpk2sos pairing ties: a band symmetric about fs/4 gives poles p and -conj(p) with the same |p|
    (8, [0.25, 0.75], "bandpass", None),
    (6, [10.0, 40.0], "bandpass", 100.0),
    # ill-conditioned: 16th-order band-stop with an edge near 0 amplifies a 1-ulp change to ~1e-9
    (8, [0.0234375, 0.75], "bandstop", None),
    # odd orders: the real prototype pole's signed zero decides csqrt's branch; wo**2 is libm pow
    (3, [19.536143037838997, 20.092142941077306], "bandstop", 50.0),
    (5, [0.603937331530146, 0.6164517826099831], "bandpass", None),
]


def main() -> None:
    rng = np.random.default_rng(20240601)
    n = 400
    x = rng.standard_normal(n) + 0.5 * np.sin(2 * np.pi * 0.05 * np.arange(n)) + 1.0
    cases = []
    for order, wn, btype, fs in DESIGNS:
        sos = sig.butter(order, wn, btype=btype, fs=fs, output="sos")
        cases.append({
            "order": order,
            "wn": wn if isinstance(wn, list) else [wn],
            "btype": btype,
            "fs": 2.0 if fs is None else fs,
            "sos": sos.tolist(),
            "sosfilt": sig.sosfilt(sos, x).tolist(),
            "sosfiltfilt": sig.sosfiltfilt(sos, x).tolist(),
            "sosfilt_zi": sig.sosfilt_zi(sos).tolist(),
        })
    out = {"generator": "tests/golden/make_filter_golden.py", "scipy": scipy.__version__, "x": x.tolist(),
           "cases": cases}
    path = pathlib.Path(__file__).with_name("filter_golden.json")
    path.write_text(json.dumps(out, indent=1))
    print(f"wrote {path} ({len(cases)} designs)")


if __name__ == "__main__":
    main()
