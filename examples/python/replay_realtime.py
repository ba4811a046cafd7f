#!/usr/bin/env python3
"""Replay a recording through tremorlab.Detector in (scaled) real time and print events as they happen.

    python examples/python/replay_realtime.py recording.csv --speed 10
    python examples/python/replay_realtime.py --synthetic --speed 20     # a synthetic shaking session

Samples are pushed in small blocks (--block, default 0.1 s of data) at the pace of their timestamps divided
by --speed, as a sensor driver would deliver them. tremorlab classifies movement; it makes no medical claim.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

import tremorlab


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", help="recording (any format tremorlab.read_recording understands)")
    ap.add_argument("--synthetic", action="store_true", help="replay tremorlab.synth.session(seed) instead")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--speed", type=float, default=1.0, help="replay speed factor (1 = real time)")
    ap.add_argument("--block", type=float, default=0.1, help="seconds of data per push")
    ap.add_argument("--json", action="store_true", help="print events as JSON lines")
    a = ap.parse_args(argv)
    if a.speed <= 0:
        ap.error("--speed must be > 0")
    if a.synthetic:
        rec = tremorlab.synth.session(seed=a.seed, scale=0.3).to_recording()
    elif a.path:
        rec = tremorlab.read_recording(a.path)
    else:
        ap.error("give a recording path or --synthetic")
    t = np.asarray(rec.t, dtype=float)
    acc = np.asarray(rec.acc, dtype=float)
    det = tremorlab.Detector(fs=float(rec.fs), units=rec.units)
    step = max(1, int(round(a.block * rec.fs)))
    wall0, t0 = time.monotonic(), t[0]

    def show(events):
        for e in events:
            if a.json:
                print(json.dumps(e.to_dict()), flush=True)
            else:
                print(f"[{time.monotonic() - wall0:7.2f} s wall] {e}", flush=True)

    try:
        for i in range(0, len(t), step):
            j = min(i + step, len(t))
            due = (t[j - 1] - t0) / a.speed - (time.monotonic() - wall0)
            if due > 0:
                time.sleep(due)
            show(det.push(acc[i:j], t[i:j]))
        show(det.flush())
    except KeyboardInterrupt:
        show(det.flush())
    c = det.counters()
    print(f"# {c['frames_accepted']} samples, {c['windows']} windows, {c['gaps']} gaps", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
