#!/usr/bin/env python3
"""Quick start: read a bundled recording, filter it, look at its spectrum, classify it and plot the report.

    python examples/python/quickstart.py [RECORDING] [--out quickstart.png]

tremorlab classifies movement; it is not a medical device and gives no diagnosis.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import tremorlab
from tremorlab import report

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = next(iter(sorted((ROOT / "data" / "cloudupdrs" / "2458").glob("T_-_REST_TREMOR_AMPLITUDE_-_RIGHT_HAND_-_*.csv"))), None)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("recording", nargs="?", default=DEFAULT, help="recording (default: a bundled CloudUPDRS file)")
    ap.add_argument("--out", default="quickstart.png", help="figure to write (needs matplotlib)")
    args = ap.parse_args()
    if args.recording is None:
        ap.error("no recording given and the bundled data/ folder was not found")

    # 1. Read: any supported format; acceleration (n, 3) with its units, timestamps and sampling rate.
    rec = tremorlab.read_recording(args.recording)
    acc = rec.acc_ms2()
    print(rec)

    # 2. Band-pass the tremor band with the scipy-compatible filter functions.
    sos = tremorlab.butter(4, [4, 12], btype="bandpass", fs=rec.fs, output="sos")
    band = tremorlab.sosfiltfilt(sos, acc - acc.mean(axis=0), axis=0)
    print(f"tremor-band RMS {np.sqrt(np.mean(np.sum(band ** 2, axis=1))):.3f} m/s^2")

    # 3. Spectrum: Welch PSD per axis, summed; power in the band and its peak.
    f, pxx = tremorlab.welch(acc - acc.mean(axis=0), fs=rec.fs, nperseg=400, axis=0)
    psd = pxx.sum(axis=1)
    freq, _ = tremorlab.peak_frequency(f, psd, band=(4, 12))  # (frequency, power) of the largest bin in the band
    peak, _ = report.peak_of(f, psd, 4, 12)  # the report's "dominant frequency": local maxima only
    edge = min(abs(freq - 4), abs(freq - 12)) <= f[1] - f[0]
    print(f"4-12 Hz power {tremorlab.band_power(f, psd, (4, 12)):.4f} (m/s^2)^2; largest bin in the band at "
          f"{freq:.2f} Hz" + (" (a band edge: the slope of slower movement, not a peak)" if edge else "")
          + "; highest peak inside the band (the report's dominant frequency) at "
          + (f"{peak:.2f} Hz" if peak is not None else "none"))

    # 4. Classify every window; the result converts to pandas.
    res = tremorlab.classify(rec.acc, fs=rec.fs, units=rec.units)
    labels, counts = np.unique(res.labels, return_counts=True)
    print("windows:", ", ".join(f"{l} {c}" for l, c in zip(labels, counts)))

    # 5. The report of `tremorlab analyze`, and its figure.
    rep = report.analyze(rec)
    print(rep.to_text())
    try:
        from tremorlab import plot

        plot.plot_report(rep).savefig(args.out, dpi=100)
        print(f"figure written to {args.out}")
    except ImportError as exc:
        print(f"no figure: {exc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
