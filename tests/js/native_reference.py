"""Native reference for the WebAssembly tests (tests/js/wasm.test.mjs): runs the native tremorlab (C++ via
the Python extension) on recordings and prints, as JSON, the samples it saw with what it produced.

usage: python tests/js/native_reference.py [--model FILE] SPEC...   SPEC: a recording file, or synth:SEED (a
synthetic shaking session, tremorlab.synth.session(SEED, scale=0.5)); --model: the detectors' model JSON
(default: the shipped model). The samples are the recordings' own, with their
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
    model = None
    if specs[:1] == ["--model"]:
        model, specs = specs[1], specs[2:]
    out = []
    for spec in specs:
        name, fs, t, acc = load(spec)
        det = tremorlab.Detector(fs=fs, model=model)
        events = det.push(acc, t)
        latest = det.latest()
        why = det.explain_latest(5)
        events += det.flush()
        ses = tremorlab.Session(fs=fs, first_session=True, model=model)
        ses.push(acc, t)
        ses.flush()
        res = tremorlab.classify(acc, fs=fs, model=model)
        batch = {"labels": [str(v) for v in res.labels], "proba": np.asarray(res.proba).reshape(-1).tolist(),
                 "start_s": np.asarray(res.start).tolist(), "amplitude": np.asarray(res.amplitude).tolist()}
        sos = tremorlab.butter(4, [4, 12], btype="bandpass", fs=fs, output="sos")
        filtered = tremorlab.sosfilt(sos, acc[:, 0])
        out.append({"name": name, "fs": fs, "t": t.tolist(), "acc": acc.reshape(-1).tolist(),
                    "events": [e.to_dict() for e in events], "summary": ses.summary(),
                    "latest_proba": {k: float(v) for k, v in latest["proba"].items()},
                    "latest_label": latest["label"], "latest_rhythm_hz": latest["rhythm_hz"],
                    # JSON has no NaN: a turn that is not known travels as null
                    "latest_turn_deg_s": None if np.isnan(latest["turn_deg_s"]) else latest["turn_deg_s"],
                    "latest_explain": [{"feature": n, "value": v} for n, v in why],
                    "sos": np.asarray(sos).tolist(), "filtered_x": filtered.tolist(), "classify": batch})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
