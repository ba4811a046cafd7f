"""Native reference for the WebAssembly tests (tests/js/wasm.test.mjs): runs the native tremorlab (C++ via
the Python extension) on recordings and prints, as JSON, the samples it saw with what it produced.

usage: python tests/js/native_reference.py SPEC...   SPEC: a recording file, or synth:SEED (a synthetic
shaking session, tremorlab.synth.session(SEED, scale=0.5)). The samples are the recordings' own, with their
real, jittery timestamps.
"""
import json
import sys

import numpy as np

import tremorlab


def load(spec):
    if spec.startswith("synth:"):
        rec = tremorlab.synth.session(int(spec[6:]), scale=0.5)
        return spec, rec.fs, np.asarray(rec.t, dtype=float), np.asarray(rec.acc, dtype=float)
    rec = tremorlab.read_recording(spec)
    return spec, rec.fs, np.asarray(rec.t, dtype=float), np.asarray(rec.acc_ms2(), dtype=float)


def main(specs):
    out = []
    for spec in specs:
        name, fs, t, acc = load(spec)
        det = tremorlab.Detector(fs=fs)
        events = det.push(acc, t) + det.flush()
        ses = tremorlab.Session(fs=fs, first_session=True)
        ses.push(acc, t)
        ses.flush()
        sos = tremorlab.butter(4, [4, 12], btype="bandpass", fs=fs, output="sos")
        filtered = tremorlab.sosfilt(sos, acc[:, 0])
        out.append({"name": name, "fs": fs, "t": t.tolist(), "acc": acc.reshape(-1).tolist(),
                    "events": [e.to_dict() for e in events], "summary": ses.summary(),
                    "sos": np.asarray(sos).tolist(), "filtered_x": filtered.tolist()})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
