#!/usr/bin/env python3
"""The windows' kind evidence, ln(P(tremor) / P(mimicked)), by time since a synthetic shaking began.

What the Detector's kind settling (HysteresisConfig "Kind settling" in bout_tracker.hpp) has to work with:
per second after the true onset of the genuine tremor segments (synth.session default plan) and of the
mimicked segments (benchmarks/latency.py's imitation plan), over the windows of shaking evidence
P(tremor) + P(mimicked) >= the exit threshold: their count, mean ln ratio and share above 0 and above
kind_llr_offset. Use it to choose kind_llr_offset and kind_fill_s for a model (seeds that are not held out).

Usage: python benchmarks/kind_evidence.py [--sessions N] [--seed0 S] [--seconds K]
"""
from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

import numpy as np

import tremorlab
from tremorlab import synth

sys.path.insert(0, str(Path(__file__).resolve().parent))
from latency import MIMICKED_PLAN  # noqa: E402  (the same imitation plan as the latency report)


def windows(rec) -> list[dict]:
    """Every window of a Detector run over the recording (pushed one hop at a time: one window per push)."""
    det = tremorlab.Detector(fs=rec.fs)
    hop = det.hop_samples
    out: list[dict] = []
    for i in range(0, len(rec.t), hop):
        det.push(rec.acc[i:i + hop], rec.t[i:i + hop])
        w = det.latest()
        if w and (not out or out[-1]["index"] != w["index"]):
            out.append(w)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=40)
    ap.add_argument("--seed0", type=int, default=5000)
    ap.add_argument("--seconds", type=int, default=5, help="per-second bins; the last holds the rest of the segment")
    a = ap.parse_args(argv)
    h = tremorlab.hysteresis_defaults()
    exit_threshold = inspect.signature(tremorlab.Detector).parameters["exit_threshold"].default
    offset = h["kind_llr_offset"]
    bins: dict[str, list[list[float]]] = {k: [[] for _ in range(a.seconds + 1)] for k in ("tremor", "mimicked")}
    for plan in (None, MIMICKED_PLAN):
        for s in range(a.seed0, a.seed0 + a.sessions):
            rec = synth.session(seed=s) if plan is None else synth.session(seed=s, plan=plan)
            ws = windows(rec)
            for start, end, lab in rec.segments:
                if lab not in bins:
                    continue
                for w in ws:
                    pt, pm = w["p_tremor"], w["p_mimicked"]
                    if not (start <= w["t_end"] <= end) or pt + pm < exit_threshold or pt <= 0 or pm <= 0:
                        continue
                    k = min(a.seconds, int((w["t_end"] - start) // 1.0))
                    bins[lab][k].append(float(np.log(pt / pm)))
    print(f"seeds {a.seed0}..{a.seed0 + a.sessions - 1}; windows with P(tremor) + P(mimicked) >= {exit_threshold}; "
          f"kind_llr_offset {offset}")
    for lab, rows in bins.items():
        print(f"{lab} segments:")
        for k, v in enumerate(rows):
            x = np.asarray(v)
            span = f"{k}-{k + 1} s" if k < a.seconds else f">= {k} s"
            if not x.size:
                print(f"  windows ending {span} after the onset: none")
                continue
            print(f"  windows ending {span} after the onset: {x.size:6d}, mean ln(Pt/Pm) {x.mean():+.2f}, "
                  f"> 0: {100 * np.mean(x > 0):4.1f} %, > offset: {100 * np.mean(x > offset):4.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
