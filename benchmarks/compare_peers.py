#!/usr/bin/env python3
"""tremorlab vs its peers, pdkit (TremorProcessor) and ParaDigMa (tremor pipeline), in the same run.

1. Same recordings: hours of data per second for each tool and the ratio to tremorlab
   - the 12 bundled CloudUPDRS recordings (accelerometer only): tremorlab classify vs pdkit
     TremorProcessor.extract_features (ParaDigMa's tremor pipeline needs a gyroscope: not applicable);
   - the bundled ParaDigMa PPP recording (12 min, accelerometer + gyroscope): all three tools.
2. Issue 4's target: tremorlab features + classification of one hour of 100 Hz tri-axial data vs pdkit's
   TremorProcessor.extract_features on the same data (target >= 50x).
3. Agreement of tremorlab's per-window tremor calls with ParaDigMa's own shipped predictions for the PPP
   recording (an agreement table, not accuracy: there is no ground truth).

The peers are optional: when one cannot be imported or run, the script says exactly why and goes on.
Install them in a throwaway environment that also sees tremorlab, e.g.
    python3 -m venv --system-site-packages /tmp/peers && /tmp/peers/bin/pip install pdkit paradigma tsfresh future
    PYTHONPATH=python /tmp/peers/bin/python benchmarks/compare_peers.py
pdkit 1.4.4 needs two compatibility steps on current Python stacks, done here and reported in the output:
its package __init__ imports voice/finger-tapping modules (parselmouth, soundfile) unrelated to tremor, so
pdkit.tremor_processor is imported on its own; and it uses scipy.integrate.cumtrapz and scipy.signal.hann,
removed in scipy 1.14/1.13, which are aliased to their replacements (cumulative_trapezoid, windows.hann).
Two more pdkit quirks are handled where the data frame is built: the sampling rate is passed as the nominal
integer rate (pandas cannot parse a resampling period such as 0.0099998 s), and the last timestamp is moved by
1 microsecond (pdkit's resampler is off by one on a perfectly regular clock). pdkit's extract_features catches
its own exceptions and logs them: the script checks that every feature
came back, so a timing of a failed run is never reported as a result.

usage: python benchmarks/compare_peers.py [--hours 1] [--repeat 3] [--pdkit-timeout 600] [--json OUT]
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import logging
import os
import sys
import tempfile
import time
import types
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
NOTES: list[str] = []


# ---------------------------------------------------------------------------------------------------------
# Loading the peers (each returns (module-or-callable, None) or (None, reason))


def load_pdkit():
    try:
        import scipy.integrate as si

        if not hasattr(si, "cumtrapz") and hasattr(si, "cumulative_trapezoid"):
            si.cumtrapz = si.cumulative_trapezoid
            NOTES.append("pdkit: aliased scipy.integrate.cumtrapz -> cumulative_trapezoid (removed in scipy 1.14)")
        import scipy.signal as ssig

        if not hasattr(ssig, "hann"):
            ssig.hann = ssig.windows.hann
            NOTES.append("pdkit: aliased scipy.signal.hann -> scipy.signal.windows.hann (removed in scipy 1.13)")
        spec = importlib.util.find_spec("pdkit")
        if spec is None:
            return None, "pdkit is not installed (pip install pdkit)"
        if "pdkit" not in sys.modules:
            pkg = types.ModuleType("pdkit")
            pkg.__path__ = list(spec.submodule_search_locations or [])
            sys.modules["pdkit"] = pkg
            NOTES.append("pdkit: imported pdkit.tremor_processor alone (the package __init__ also imports voice "
                         "and finger-tapping modules needing parselmouth/soundfile)")
        from pdkit.tremor_processor import TremorProcessor

        version = _dist_version("pdkit")
        return (TremorProcessor, version), None
    except Exception as exc:  # noqa: BLE001 - report exactly why
        return None, f"pdkit cannot be imported: {type(exc).__name__}: {exc}"


def load_paradigma():
    try:
        from paradigma.config import IMUConfig, TremorConfig  # noqa: F401
        from paradigma.pipelines.tremor_pipeline import run_tremor_pipeline  # noqa: F401

        return _dist_version("paradigma"), None
    except Exception as exc:  # noqa: BLE001
        return None, f"paradigma cannot be imported: {type(exc).__name__}: {exc}"


def _dist_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # noqa: BLE001
        return "unknown"


# ---------------------------------------------------------------------------------------------------------
# Data


def cloudupdrs_recordings():
    import tremorlab

    out = []
    for p in sorted((ROOT / "data" / "cloudupdrs" / "2458").glob("T_-_*.csv")):
        rec = tremorlab.read_recording(p)
        out.append((p.name, rec))
    return out


def ppp_recording():
    import tremorlab

    return tremorlab.read_recording(ROOT / "data" / "paradigma_ppp" / "1.prepared_data" / "imu")


def synthetic_hour(hours: float, fs: float = 100.0):
    import tremorlab

    scale = hours * 3600.0 / 630.0
    syn = tremorlab.synth.session(seed=7, fs=fs, scale=scale)
    return syn.to_recording()


def pdkit_frame(rec):
    """The data frame pdkit's loaders build: datetime index, td (s), x, y, z, mag_sum_acc."""
    import pandas as pd

    t = np.asarray(rec.t, float)
    acc = rec.acc_ms2()  # m/s^2, as pdkit's CloudUPDRS loader gives for the CloudUPDRS files
    mag = np.sqrt(np.sum(acc ** 2, axis=1))
    t = t - t[0]
    # pdkit's resample_signal builds np.arange(td[0], td[-1], 1/fs), which on a perfectly regular clock has one
    # value fewer than the resampled index and fails ("Length of values ... does not match"); real phone clocks
    # are irregular. Moving the last timestamp by 1 microsecond makes both lengths agree.
    t[-1] += 1e-6
    idx = pd.to_datetime(t * 1e9)
    return pd.DataFrame({"td": t, "x": acc[:, 0], "y": acc[:, 1], "z": acc[:, 2], "mag_sum_acc": mag},
                        index=idx, columns=["td", "x", "y", "z", "mag_sum_acc"])


def paradigma_frame(rec):
    import pandas as pd

    from tremorlab.units import STANDARD_GRAVITY

    acc_g = rec.acc_ms2() / STANDARD_GRAVITY
    d = {"time": np.asarray(rec.t, float) - rec.t[0]}
    for k, ax in enumerate("xyz"):
        d[f"accelerometer_{ax}"] = acc_g[:, k]
    for k, ax in enumerate("xyz"):
        d[f"gyroscope_{ax}"] = rec.gyro[:, k]
    return pd.DataFrame(d)


# ---------------------------------------------------------------------------------------------------------
# Runners (each processes one recording; data conversion is done before timing)


def run_tremorlab(rec):
    import tremorlab

    return tremorlab.classify(rec.acc, fs=rec.fs, units=rec.units)


def pdkit_memory_hazard(n: int) -> str | None:
    """pdkit's approximate entropy (tsfresh) builds an (n-1) x (n-1) x 2 float64 array. Far beyond RAM numpy
    fails at once (pdkit catches the MemoryError and reports 0); but a size that merely approaches RAM is
    granted by the kernel and then exhausts the machine, so such sizes are refused here."""
    need = 16.0 * (n - 1) ** 2
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover
        ram = 16 * 2 ** 30
    if 2 * 2 ** 30 < need < 1.5 * ram:
        return (f"pdkit's approximate entropy would allocate {need / 2 ** 30:.0f} GiB for {n} samples "
                f"(RAM {ram / 2 ** 30:.0f} GiB): not run; use --hours >= 1 (allocation refused at once) "
                "or recordings < 10000 samples")
    return None


def run_pdkit(TremorProcessor, df, fs):
    hazard = pdkit_memory_hazard(len(df))
    if hazard:
        raise MemoryError(hazard)
    tp = TremorProcessor(sampling_frequency=float(round(fs)))  # the nominal rate, as pdkit expects
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = tp.extract_features(df)
    # pdkit logs and swallows its own errors, returning None: never time a failed run as a result.
    if out is None:
        raise RuntimeError("pdkit TremorProcessor.extract_features failed (it returned None; see its log)")
    return out


def run_paradigma(df, fs):
    from paradigma.config import IMUConfig, TremorConfig
    from paradigma.pipelines.tremor_pipeline import run_tremor_pipeline

    with tempfile.TemporaryDirectory() as out, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run_tremor_pipeline(df, out, tremor_config=TremorConfig(), imu_config=IMUConfig(),
                                  logging_level=logging.ERROR, run_steps=["preprocessing", "classification"],
                                  return_intermediate=["classification"])
    if res.get("_error"):
        raise RuntimeError(res["_error"])
    return res["classification"]


def timed(fn, *args, repeat: int = 1):
    best, out = None, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    return best, out


def fmt_rate(hours: float, seconds: float | None) -> str:
    return "n/a" if not seconds else f"{hours / seconds:10.2f} h/s"


# ---------------------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hours", type=float, default=1.0, help="hours of synthetic data for the issue-4 target")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions for tremorlab timings (best kept)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    args = ap.parse_args(argv)
    logging.disable(logging.ERROR)

    import tremorlab
    from tremorlab.bench import paradigma_agreement

    results: dict = {"tremorlab": tremorlab.__version__, "python": sys.version.split()[0]}
    pdk, pdk_why = load_pdkit()
    pdg, pdg_why = load_paradigma()
    print(f"tremorlab {tremorlab.__version__}, Python {results['python']}")
    print(f"pdkit:     {'version ' + pdk[1] if pdk else 'UNAVAILABLE - ' + pdk_why}")
    print(f"paradigma: {'version ' + pdg if pdg else 'UNAVAILABLE - ' + pdg_why}")
    results["pdkit"] = pdk[1] if pdk else {"unavailable": pdk_why}
    results["paradigma"] = pdg if pdg else {"unavailable": pdg_why}

    # 1a. CloudUPDRS recordings: tremorlab vs pdkit (both timed on the recordings pdkit can process)
    recs = cloudupdrs_recordings()
    ok = list(recs)
    pk_times, pk_failed = {}, []
    if pdk:
        for name, r in recs:
            try:
                pk_times[name] = timed(run_pdkit, pdk[0], pdkit_frame(r), r.fs)[0]
            except Exception as exc:  # noqa: BLE001 - listed, the others still compared
                pk_failed.append((name, f"{type(exc).__name__}: {exc}"))
        ok = [(n, r) for n, r in recs if n in pk_times]
    hours = sum(r.duration for _, r in ok) / 3600.0
    t_tl = sum(timed(run_tremorlab, r, repeat=args.repeat)[0] for _, r in ok)
    t_pk = sum(pk_times.values()) if pk_times else None
    results["cloudupdrs"] = {"recordings": len(ok), "hours": hours, "tremorlab_s": t_tl, "pdkit_s": t_pk,
                             "pdkit_failed": pk_failed}
    print(f"\n1a. {len(ok)} of {len(recs)} bundled CloudUPDRS recordings ({hours * 3600:.0f} s of data, "
          "accelerometer only)")
    print(f"    tremorlab classify                     {fmt_rate(hours, t_tl)}")
    if t_pk:
        print(f"    pdkit TremorProcessor.extract_features {fmt_rate(hours, t_pk)}   tremorlab is {t_pk / t_tl:.0f}x faster")
    for name, why in pk_failed:
        print(f"    pdkit failed on {name[:60]}: {why}")
    print("    ParaDigMa tremor pipeline              not applicable (needs a gyroscope)")

    # 1b. ParaDigMa PPP recording: all three
    ppp = ppp_recording()
    h_ppp = ppp.duration / 3600.0
    t_tl_ppp, _ = timed(run_tremorlab, ppp, repeat=args.repeat)
    line = {"hours": h_ppp, "tremorlab_s": t_tl_ppp}
    print(f"\n1b. ParaDigMa PPP recording ({ppp.duration:.0f} s, wrist, accelerometer + gyroscope)")
    t_tl_ppp4, _ = timed(lambda r: __import__("tremorlab").classify(r.acc, fs=r.fs, units=r.units, window_s=4.0,
                                                                    hop_s=4.0), ppp, repeat=args.repeat)
    line["tremorlab_4s_windows_s"] = t_tl_ppp4
    dm = __import__("tremorlab").Classifier.default()
    print(f"    tremorlab classify ({dm.window_s:g} s windows, {dm.hop_s:g} s hop; the default) {fmt_rate(h_ppp, t_tl_ppp)}")
    print(f"    tremorlab classify (4 s windows, no overlap, as ParaDigMa) {fmt_rate(h_ppp, t_tl_ppp4)}")
    if pdk:
        try:
            t, _ = timed(run_pdkit, pdk[0], pdkit_frame(ppp), ppp.fs)
            line["pdkit_s"] = t
            print(f"    pdkit TremorProcessor.extract_features {fmt_rate(h_ppp, t)}   tremorlab is {t / t_tl_ppp:.0f}x faster")
        except Exception as exc:  # noqa: BLE001
            line["pdkit_error"] = f"{type(exc).__name__}: {exc}"
            print(f"    pdkit failed: {line['pdkit_error']}")
    if pdg:
        try:
            t, pred = timed(run_paradigma, paradigma_frame(ppp), ppp.fs)
            line["paradigma_s"] = t
            print(f"    ParaDigMa tremor pipeline (gyro, 4 s windows) {fmt_rate(h_ppp, t)}   ratio ParaDigMa time / "
                  f"tremorlab time: {t / t_tl_ppp:.2f}x (same windows: {t / t_tl_ppp4:.2f}x)")
            shipped = tremorlab.datasets.paradigma_predictions(ROOT / "data" / "paradigma_ppp")
            col = "pred_tremor_checked"
            if col in pred.columns:
                n_run = int((pred[col] > 0.5).sum())
                n_ship = int((shipped[col] > 0.5).sum())
                line["paradigma_rerun_tremor_windows"] = n_run
                print(f"    (sanity: this ParaDigMa run flags {n_run} of {len(pred)} windows as tremor; "
                      f"its shipped predictions flag {n_ship} of {len(shipped[col])})")
        except Exception as exc:  # noqa: BLE001
            line["paradigma_error"] = f"{type(exc).__name__}: {exc}"
            print(f"    ParaDigMa failed: {line['paradigma_error']}")
    else:
        print(f"    ParaDigMa: {pdg_why}")
    results["ppp"] = line

    # 2. Issue 4: one hour of 100 Hz tri-axial data
    syn = synthetic_hour(args.hours)
    t_tl_h, res = timed(run_tremorlab, syn, repeat=args.repeat)
    line = {"hours": args.hours, "tremorlab_s": t_tl_h, "windows": int(len(res.labels))}
    print(f"\n2. issue 4: {args.hours:g} h of 100 Hz tri-axial data (tremorlab.synth session, {syn.n} samples)")
    print(f"    tremorlab features + classification  {t_tl_h:8.3f} s  ({len(res.labels)} windows)")
    if pdk:
        try:
            t_pk_h, _ = timed(run_pdkit, pdk[0], pdkit_frame(syn), syn.fs)
            line["pdkit_s"] = t_pk_h
            ratio = t_pk_h / t_tl_h
            line["ratio"] = ratio
            print(f"    pdkit TremorProcessor.extract_features {t_pk_h:8.3f} s")
            print(f"    ratio: tremorlab is {ratio:.0f}x faster (target >= 50x): {'MET' if ratio >= 50 else 'NOT MET'}")
        except Exception as exc:  # noqa: BLE001
            line["pdkit_error"] = f"{type(exc).__name__}: {exc}"
            print(f"    pdkit failed: {line['pdkit_error']}")
    else:
        print(f"    pdkit: {pdk_why}")
    results["issue4"] = line

    # 3. Agreement with ParaDigMa's shipped predictions
    agree = paradigma_agreement(str(ROOT / "data" / "paradigma_ppp"))
    print("\n3. " + agree["text"])
    results["agreement"] = {k: v for k, v in agree.items() if k != "text"}

    if NOTES:
        print("\nnotes:")
        for n in NOTES:
            print(f"  - {n}")
    results["notes"] = NOTES
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
