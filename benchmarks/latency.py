#!/usr/bin/env python3
"""Detection latency and false onsets of tremorlab.Detector.

* Onsets are shaking onsets (label `shaking`, kind pending, unless the kind is already clear); the kind
  arrives by `relabel`. Per genuine tremor segment: the shaking onset delay, the time until the kind is
  settled as tremor for good, and the FIRST kind named (tremor, mimicked, or none before the bout ended).
  Targets (issue 12): shaking onset median <= 1 s, p95 <= 2 s; tremor kind settled median <= 2 s, p95 <= 3 s;
  first kind `mimicked` in <= 10 % of genuine tremor bouts.
* Latency: synthetic shaking sessions (tremorlab.synth.session) with exact onset times. Two numbers per
  shaking segment, from the first `onset` event emitted inside it:
  - detection delay = onset `detected_at` (when the event was emitted) - true start. This is the latency
    the targets refer to (median <= 1.0 s, 95th percentile <= 2.0 s); back-dating cannot improve it.
  - onset-time error = onset `time` (the detector's estimate of the start) - true start.
* False onsets per hour of non-shaking data (target <= 1/h): `onset` events emitted outside shaking
  segments (plus one window length of tail, while windows still hold shaking) in the synthetic sessions,
  in long synthetic rest/voluntary recordings, and in the real non-held-out rest/movement recordings
  (phone_mimicked_shaking Movement/Motionless train files, CloudUPDRS 2458).
* Real tremor without known onsets: every PADS recording (clear tremor / tremor-free by the evidence rule)
  through the Detector: bouts, the first kind each is named, the kind it ends with (the worst error is a
  genuine tremor named `mimicked`).
* The real data hold no recording with confirmed involuntary tremor and known onset, so real-data latency
  can only be measured on the phone's *imitated* shaking files (onset unknown; reported as time to the first
  onset from the file start, an upper bound that includes the person starting to shake).

Usage: python benchmarks/latency.py [--sessions N] [--scale S] [--rest-minutes M] [--no-real] [--held-out]
       [--set KEY=VALUE ...]   (any tremorlab.Detector keyword, e.g. window_s, mimicked_min_on_s)
Env: TREMORLAB_SHARED_DATA (default <repo>/../shared/data) for the real recordings; TREMORLAB_PADS_DATA
(default <repo>/tests/data) for the project's fetched PADS recordings (pads_more, pads_heldout).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any, Iterable

import numpy as np

import tremorlab
from tremorlab import synth

# An installed package cannot find the checkout's fetched PADS recordings by itself (realtremor.pads_extra_dir).
os.environ.setdefault("TREMORLAB_PADS_DATA", str(Path(__file__).resolve().parents[1] / "tests" / "data"))

SHAKING = ("tremor", "mimicked")


#: synth.inject's fade in and out (its default), centred on the bout's start and end.
INJECT_RAMP_S = 0.5


def run_detector(t: np.ndarray, acc: np.ndarray, fs: float, units: str = "m/s^2", chunk: int = 50,
                 **kw: Any) -> list:
    det = tremorlab.Detector(fs=fs, units=units, **kw)
    ev: list = []
    for i in range(0, len(t), chunk):
        ev += det.push(acc[i:i + chunk], t[i:i + chunk])
    return ev + det.flush()


def score_session(events: list, segments: Iterable[tuple[float, float, str]], window_s: float = 2.0,
                  lead_s: float = 0.0) -> dict[str, Any]:
    """Latencies of the shaking segments, false onsets outside them, exposure (s) of non-shaking time.
    ``lead_s``: how long before its nominal start a segment's signal begins (synth.session and synth.inject
    cross-fade over a ramp centred on the boundary, so half the ramp): an onset detected then is the bout's,
    with a negative delay, not a false onset and a missed bout."""
    segs = list(segments)
    shaking = [(a, b) for a, b, lab in segs if lab in SHAKING]
    onsets = [e for e in events if e.kind == "onset"]
    lat, terr, missed, extra = [], [], 0, 0
    lat_by: dict[str, list[float]] = {lab: [] for lab in SHAKING}
    # Label: the kind of shaking the bout is reported as after each onset/relabel event of the first bout.
    label_delay: dict[str, list[float]] = {lab: [] for lab in SHAKING}  # until the label is right for good
    label_at_onset: dict[str, int] = {lab: 0 for lab in SHAKING}  # onsets with the right label
    never_right: dict[str, int] = {lab: 0 for lab in SHAKING}
    wrong_relabels = 0  # relabel events that switch away from the true label
    # The first kind (tremor/mimicked) the first bout names, by onset or relabel; "none": it stayed shaking.
    first_kind: dict[str, dict[str, int]] = {lab: {"tremor": 0, "mimicked": 0, "none": 0} for lab in SHAKING}
    for a, b, lab in segs:
        if lab not in SHAKING:
            continue
        inside = [e for e in onsets if a - lead_s <= e.detected_at <= b]
        if inside:
            first = min(inside, key=lambda e: e.detected_at)
            lat.append(first.detected_at - a)
            lat_by[lab].append(first.detected_at - a)
            terr.append(first.time - a)
            extra += len(inside) - 1
            label_at_onset[lab] += first.label == lab
            later = [e for e in events if e.kind in ("relabel", "offset") and e.detected_at >= first.detected_at]
            end = next((e.detected_at for e in later if e.kind == "offset"), float("inf"))
            steps = [first] + [e for e in later if e.kind == "relabel" and e.detected_at < min(end, b)]
            wrong_relabels += sum(e.label != lab for e in steps[1:])
            kinds = [e.label for e in steps if e.label in SHAKING]
            first_kind[lab][kinds[0] if kinds else "none"] += 1
            if steps[-1].label == lab:
                k = len(steps) - 1
                while k > 0 and steps[k - 1].label == lab:
                    k -= 1
                label_delay[lab].append(steps[k].detected_at - a)
            else:
                never_right[lab] += 1
        else:
            missed += 1
    false = [e for e in onsets if not any(a - lead_s <= e.detected_at <= b + window_s for a, b in shaking)]
    total = segs[-1][1] - segs[0][0] if segs else 0.0
    exposure = total - sum(b - a for a, b in shaking)
    return {"latencies": lat, "latency_by_label": lat_by, "time_errors": terr, "missed": missed, "n_segments": len(shaking), "false_onsets": len(false),
            "false_times": [round(e.detected_at, 2) for e in false], "exposure_s": exposure,
            "refires": extra, "label_delay": label_delay, "label_at_onset": label_at_onset,
            "label_never_right": never_right, "wrong_relabels": wrong_relabels, "first_kind": first_kind}


# Deliberate (imitated) shaking between rest and voluntary movement: synth.default_plan has no mimicked
# segment, so the mimicked onsets are measured on this plan (same seeds as the tremor sessions).
MIMICKED_PLAN: list[tuple[str, float, dict[str, Any]]] = [
    ("rest", 60.0, {"posture": "upright"}),
    ("mimicked", 60.0, {"posture": "upright"}),
    ("voluntary", 60.0, {"activities": ("gestures",), "posture": "upright"}),
    ("mimicked", 30.0, {"posture": "sitting"}),
    ("rest", 60.0, {"posture": "sitting"}),
]


def synthetic_sessions(n: int, scale: float, seed0: int = 1000, plan: Any = None, **kw: Any) -> dict[str, Any]:
    lat: list[float] = []
    terr: list[float] = []
    by: dict[str, list[float]] = {lab: [] for lab in SHAKING}
    out: dict[str, Any] = {"missed": 0, "n_segments": 0, "false_onsets": 0, "exposure_s": 0.0, "refires": 0,
                           "wrong_relabels": 0}
    lab_delay: dict[str, list[float]] = {lab: [] for lab in SHAKING}
    lab_onset = {lab: 0 for lab in SHAKING}
    lab_never = {lab: 0 for lab in SHAKING}
    first_kind: dict[str, dict[str, int]] = {lab: {"tremor": 0, "mimicked": 0, "none": 0} for lab in SHAKING}
    for s in range(seed0, seed0 + n):
        rec = synth.session(seed=s, scale=scale) if plan is None else synth.session(
            seed=s, plan=[(k, d * scale, o) for k, d, o in plan])
        r = score_session(run_detector(rec.t, rec.acc, rec.fs, **kw), rec.segments,
                          lead_s=rec.params["join_ramp_s"] / 2)
        lat += r["latencies"]
        terr += r["time_errors"]
        for lab in SHAKING:
            by[lab] += r["latency_by_label"][lab]
            lab_delay[lab] += r["label_delay"][lab]
            lab_onset[lab] += r["label_at_onset"][lab]
            lab_never[lab] += r["label_never_right"][lab]
            for k2, v in r["first_kind"][lab].items():
                first_kind[lab][k2] += v
        for k in out:
            out[k] += r[k]
    out["latencies"] = lat
    out["latency_by_label"] = by
    out["label_delay"] = lab_delay
    out["label_at_onset"] = lab_onset
    out["label_never_right"] = lab_never
    out["first_kind"] = first_kind
    out["time_errors"] = terr
    return out


def synthetic_nonshaking(kind: str, minutes: float, n: int = 4, seed0: int = 2000, overrides: dict | None = None,
                         **kw: Any) -> dict[str, Any]:
    false, exposure = 0, 0.0
    for s in range(seed0, seed0 + n):
        rec = synth.generate(kind, duration_s=60.0 * minutes / n, seed=s, **(overrides or {}))
        ev = run_detector(rec.t, rec.acc, rec.fs, **kw)
        false += sum(e.kind == "onset" for e in ev)
        exposure += rec.t[-1] - rec.t[0]
    return {"false_onsets": false, "exposure_s": exposure}


def _real_rest_movement(held_out: bool) -> list | None:
    """The real rest/movement recordings (phone and CloudUPDRS): the train pool, or the held-out files
    (report only); None without the shared data."""
    from tremorlab import datasets

    root = datasets.default_root()
    if root is None:
        return None
    infos = datasets.catalogue(root)
    files = datasets.held_out_set(infos) if held_out else datasets.train_pool(infos)
    return [i for i in files if i.label in ("rest", "voluntary")
            and (i.dataset == "phone_mimicked_shaking" or "cloudupdrs" in i.dataset)]


def real_nonshaking(held_out: bool = False, **kw: Any) -> dict[str, dict[str, Any]]:
    """False onsets on the real rest/movement recordings: the train pool (used to tune the detector's
    defaults) or, with ``held_out``, the held-out files (report only: never used to choose a setting)."""
    pool = _real_rest_movement(held_out)
    if pool is None:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for info in pool:
        rec = info.load()
        key = f"{info.dataset}:{info.label}" + (f":{info.task}" if info.task else "")
        ev = run_detector(rec.t, rec.acc, rec.fs, units=rec.units, **kw)
        d = out.setdefault(key, {"files": 0, "false_onsets": 0, "tremor_onsets": 0, "exposure_s": 0.0, "where": []})
        d["files"] += 1
        n_on = sum(e.kind == "onset" for e in ev)
        d["false_onsets"] += n_on
        d["tremor_onsets"] += _tremor_bouts(ev)
        d["exposure_s"] += float(rec.t[-1] - rec.t[0])
        if n_on:
            d["where"].append(info.path.rsplit("/", 1)[-1][:40])
    return out


def _bouts(ev: list) -> list[dict[str, Any]]:
    """Each bout of an event list: when its onset was emitted, the kinds it was named, in order (by its onset
    unless that says `shaking`, then by relabels) with the times they were emitted, and its final label (the
    offset's; None while it is still open)."""
    out: list[dict[str, Any]] = []
    for e in ev:
        if e.kind == "onset":
            named = e.label != "shaking"
            out.append({"onset_at": e.detected_at, "named": [e.label] if named else [],
                        "named_at": [e.detected_at] if named else [], "final": None})
        elif e.kind == "relabel" and out:
            out[-1]["named"].append(e.label)
            out[-1]["named_at"].append(e.detected_at)
        elif e.kind == "offset" and out:
            out[-1]["final"] = e.label
    return out


def _tremor_bouts(ev: list) -> int:
    """Bouts named tremor at any time (by their onset or a relabel): 'tremor onsets' in the targets' sense."""
    return sum("tremor" in b["named"] for b in _bouts(ev))


def real_imitated(**kw: Any) -> dict[str, Any]:
    from tremorlab import datasets

    root = datasets.default_root()
    if root is None:
        return {}
    pool = [i for i in datasets.train_pool(datasets.catalogue(root)) if i.label == "mimicked"]
    first, none, tremor_bouts, bouts = [], 0, 0, 0
    for info in pool:
        rec = info.load()
        allev = run_detector(rec.t, rec.acc, rec.fs, units=rec.units, **kw)
        ev = [e for e in allev if e.kind == "onset"]
        bouts += len(ev)
        tremor_bouts += _tremor_bouts(allev)
        if ev:
            first.append(ev[0].detected_at - float(rec.t[0]))
        else:
            none += 1
    return {"files": len(pool), "no_onset": none, "first_onset_s": first, "bouts": bouts, "tremor_bouts": tremor_bouts}


def real_pads(held_out: bool = False, root: Any = None, true_acc: bool = False, **kw: Any) -> dict[str, dict[str, Any]]:
    """Every PADS rest/posture recording through the Detector, grouped by the evidence rule's file label as
    `tremorlab.evaluate` groups them (``PadsRecording.rule_label()``: the evidence.csv row, or the rule run on
    the file's signal for the pads_subset tasks): clear tremor (positive) and tremor-free (negative); unscored
    files are left out. Real tremor, but no known onset: per group the bouts, the FIRST kind each bout is named
    (tremor, mimicked or none) and the kind it ends with. The train pool is in the shipped model's training
    data (in-sample); ``held_out``: tests/data/pads_heldout instead (never trained on; report only). ``root``:
    the shared data folder (default: realtremor's, i.e. TREMORLAB_SHARED_DATA or <repo>/../shared/data).
    ``true_acc``: the held-out people's recordings with three true accelerations (tests/data/pads_cmp,
    pads_probe) instead; the others (the Relaxed copies) hold acceleration z and two rotation rates
    (docs/evaluation.md)."""
    from tremorlab import realtremor

    out: dict[str, dict[str, Any]] = {}
    groups = {"positive": "clear tremor", "negative": "tremor-free"}
    recs = realtremor.pads_true_recordings() if true_acc else realtremor.pads_recordings(root, held_out=held_out)
    for r in recs:
        group = groups.get(r.rule_label()) if r.task_kind == "rest_posture" else None
        if group is None:
            continue
        t = np.arange(len(r.acc)) / r.fs
        ev = run_detector(t, r.acc, r.fs, units="g", **kw)
        d = out.setdefault(group, {"files": 0, "seconds": 0.0, "bouts": 0,
                                   "first": {"tremor": 0, "mimicked": 0, "none": 0}, "final": {},
                                   "tremor_after_onset_s": []})
        d["files"] += 1
        d["seconds"] += len(t) / r.fs
        for b in _bouts(ev):
            d["bouts"] += 1
            d["first"][b["named"][0] if b["named"] else "none"] += 1
            d["final"][b["final"]] = d["final"].get(b["final"], 0) + 1
            if "tremor" in b["named"]:  # how long the kind took on real tremor: from the shaking onset
                d["tremor_after_onset_s"].append(b["named_at"][b["named"].index("tremor")] - b["onset_at"])
    return out


def real_injected(n_seeds: int = 3, seed0: int = 7000, context: str | None = "shaking_practice",
                  held_out: bool = False, **kw: Any) -> dict[str, dict[str, Any]]:
    """Delay on real backgrounds with a known onset: a synthetic tremor bout (synth.inject) added to each
    train-pool rest/movement recording of >= 20 s, `n_seeds` draws per file, onset 6-10 s after the start,
    15 s long (shorter when the file ends). `context` None draws it like synth.generate does. `held_out`:
    the held-out rest/movement files as backgrounds instead (report only).
    Returns per background label: bouts, delays (s, first onset inside the bout, any label), missed,
    as_tremor (first onset labelled tremor), label_delays (s until the bout is labelled tremor for good, by
    its onset or a relabel), early (onsets before the bout: false onsets of the background)."""
    pool = _real_rest_movement(held_out)
    if pool is None:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for fi, info in enumerate(pool):
        rec = info.load()
        t = np.asarray(rec.t, float)
        if t[-1] - t[0] < 20.0:
            continue
        d = out.setdefault(info.label, {"bouts": 0, "delays": [], "missed": 0, "as_tremor": 0, "early": 0,
                                        "label_delays": []})
        for j in range(n_seeds):
            rng = np.random.default_rng([seed0, fi, j])
            start = float(t[0] + 6.0 + 4.0 * rng.random())
            dur = min(15.0, float(t[-1]) - start - 1.0)
            ov = {} if context is None else {"context": context}
            acc, (a, b, _), _ = synth.inject(t, rec.acc, start, dur, units=rec.units, seed=[seed0, fi, j],
                                             ramp_s=INJECT_RAMP_S, **ov)
            ev = run_detector(t, acc, rec.fs, units=rec.units, **kw)
            r = score_session(ev, [(float(t[0]), a, "rest"), (a, b, "tremor"), (b, float(t[-1]), "rest")],
                              lead_s=INJECT_RAMP_S / 2)
            d["bouts"] += 1
            d["early"] += sum(e.kind == "onset" and e.detected_at < a - INJECT_RAMP_S / 2 for e in ev)
            d["missed"] += r["missed"]
            d["delays"] += r["latencies"]
            d["as_tremor"] += r["label_at_onset"]["tremor"]
            d["label_delays"] += r["label_delay"]["tremor"]
    return out


def per_hour(false: int, exposure_s: float) -> float:
    return false / (exposure_s / 3600.0) if exposure_s > 0 else float("nan")


def _value(text: str) -> Any:
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return text


def _rate(kind: str, lat: np.ndarray) -> str:
    if not lat.size:
        return f"  {kind}: no segments"
    return (f"  {kind} segments ({lat.size}): detection delay (detected_at - true onset) median {np.median(lat):.2f} s, "
            f"p95 {np.percentile(lat, 95):.2f} s, max {lat.max():.2f} s")


def _label_line(lab: str, r: dict[str, Any]) -> str:
    d = np.asarray(r["label_delay"][lab], float)
    n = len(r["latency_by_label"][lab])
    txt = (f"  label: onset labelled {lab} in {r['label_at_onset'][lab]} of {n}; labelled {lab} for good (onset "
           f"or relabel) in {d.size}")
    if d.size:
        txt += f", median {np.median(d):.2f} s, p95 {np.percentile(d, 95):.2f} s after the true onset"
    fk = r["first_kind"][lab]
    nb = sum(fk.values())
    txt += (f"; first kind named: tremor {fk['tremor']}, mimicked {fk['mimicked']}, none {fk['none']} of {nb}"
            + (f" (mimicked first {100 * fk['mimicked'] / nb:.1f} %)" if nb else ""))
    return txt + f"; relabels away from the true kind {r['wrong_relabels']}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seed0", type=int, default=1000, help="first synthetic session seed")
    ap.add_argument("--scale", type=float, default=1.0, help="synth.default_plan duration scale")
    ap.add_argument("--rest-minutes", type=float, default=30.0)
    ap.add_argument("--no-real", action="store_true")
    ap.add_argument("--held-out", action="store_true",
                    help="also report false onsets on the held-out real rest/movement files (report only)")
    ap.add_argument("--inject-seeds", type=int, default=3, help="synthetic bouts per real background file")
    ap.add_argument("--inject-seed0", type=int, default=7000)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="a tremorlab.Detector keyword or hysteresis gate, e.g. --set window_s=2.5 --set mimicked_min_on_s=4")
    a = ap.parse_args(argv)
    kw: dict[str, Any] = {}
    for item in a.set:
        key, sep, val = item.partition("=")
        if not sep or not key:
            ap.error(f"--set expects KEY=VALUE, got {item!r}")
        if key in tremorlab.hysteresis_defaults():
            kw.setdefault("hysteresis", {})[key] = _value(val)
        else:
            kw[key] = _value(val)
    t0 = time.perf_counter()
    s = synthetic_sessions(a.sessions, a.scale, seed0=a.seed0, **kw)
    lat = np.array(s["latencies"])
    probe = tremorlab.Detector(**kw)
    print(f"detector settings: {kw or 'defaults'} (window {probe.window_samples} samples at 100 Hz)")
    print(f"synthetic sessions: {a.sessions} x scale {a.scale} (seeds {a.seed0}..{a.seed0 + a.sessions - 1}); shaking segments {s['n_segments']}, "
          f"missed {s['missed']}, re-fired onsets inside segments {s['refires']}")
    print(_rate("tremor", np.array(s["latency_by_label"]["tremor"])) + "  <- shaking onset; targets: median <= 1.0 s, p95 <= 2.0 s")
    print(_rate("mimicked", np.array(s["latency_by_label"]["mimicked"])))
    if lat.size:
        te = np.array(s["time_errors"])
        print(f"  all shaking: delay median {np.median(lat):.2f} s, p95 {np.percentile(lat, 95):.2f} s; "
              f"onset-time error (event time - true onset): median {np.median(te):+.2f} s, "
              f"median |error| {np.median(np.abs(te)):.2f} s, p5 {np.percentile(te, 5):+.2f} s, "
              f"p95 {np.percentile(te, 95):+.2f} s")
    print(_label_line("tremor", s) + "  <- targets: settled median <= 2 s, p95 <= 3 s; mimicked first <= 10 %")
    print(f"  false onsets outside shaking: {s['false_onsets']} in {s['exposure_s'] / 3600:.2f} h -> "
          f"{per_hour(s['false_onsets'], s['exposure_s']):.2f} /h (target <= 1)")
    m = synthetic_sessions(a.sessions, a.scale, seed0=a.seed0, plan=MIMICKED_PLAN, **kw)
    print(f"synthetic imitation sessions (rest, mimicked 60 s, gestures, mimicked 30 s, rest; same seeds): "
          f"shaking segments {m['n_segments']}, missed {m['missed']}")
    print(_rate("mimicked", np.array(m["latency_by_label"]["mimicked"])))
    print(_label_line("mimicked", m))
    print(f"  false onsets outside shaking: {m['false_onsets']} in {m['exposure_s'] / 3600:.2f} h -> "
          f"{per_hour(m['false_onsets'], m['exposure_s']):.2f} /h")
    # Rest supported (lap, table) and held still against gravity (phone in the hand: physiological tremor at
    # published sizes, docs/synthetic_model.md).
    for name, kind, ov in (("rest", "rest", {}), ("rest held still", "rest", {"support": "held"}),
                           ("voluntary", "voluntary", {})):
        r = synthetic_nonshaking(kind, a.rest_minutes, overrides=ov, **kw)
        print(f"synthetic {name}: {r['false_onsets']} onsets in {r['exposure_s'] / 3600:.2f} h -> "
              f"{per_hour(r['false_onsets'], r['exposure_s']):.2f} /h")
    if not a.no_real:
        for held in ([False, True] if a.held_out else [False]):
            which = "held-out files, report only" if held else "train-pool files"
            real = real_nonshaking(held_out=held, **kw)
            if not real:
                print("real recordings: not found (set TREMORLAB_SHARED_DATA)")
                break
            tot_f, tot_t, tot_e = 0, 0, 0.0
            for k, d in sorted(real.items()):
                tot_f += d["false_onsets"]
                tot_t += d["tremor_onsets"]
                tot_e += d["exposure_s"]
                print(f"real ({which}) {k}: {d['files']} files, {d['false_onsets']} onsets "
                      f"({d['tremor_onsets']} tremor) in {d['exposure_s'] / 60:.1f} min"
                      + (f" ({', '.join(d['where'][:4])})" if d["where"] else ""))
            print(f"real rest/movement ({which}) total: {tot_f} shaking onsets in {tot_e / 3600:.2f} h -> "
                  f"{per_hour(tot_f, tot_e):.2f} /h; bouts named tremor (onset or relabel) {tot_t} -> "
                  f"{per_hour(tot_t, tot_e):.2f} /h")
        im = real_imitated(**kw)
        if im:
            fo = np.array(im["first_onset_s"])
            print(f"real imitated shaking (phone, train files; true onset unknown): {im['files']} files, "
                  f"{im['no_onset']} without onset; first onset after file start: median "
                  f"{np.median(fo) if fo.size else float('nan'):.2f} s; {im['bouts']} bouts, "
                  f"{im['tremor_bouts']} named tremor")
        which_of = {(False, False): "train pool, in the model's training data",
                    (True, False): "tests/data/pads_heldout, never trained on, report only",
                    (True, True): "tests/data/pads_cmp, pads_probe: held-out people, true acceleration, report only"}
        for held, true_acc in ([(False, False), (True, False), (True, True)] if a.held_out else [(False, False)]):
            which = which_of[(held, true_acc)]
            for group, d in sorted(real_pads(held_out=held, true_acc=true_acc, **kw).items()):
                f = d["first"]
                ta = np.array(d["tremor_after_onset_s"])
                kind_delay = (f"; named tremor (onset or relabel) in {ta.size} bouts, median {np.median(ta):.2f} s, "
                              f"p95 {np.percentile(ta, 95):.2f} s after the shaking onset") if ta.size else ""
                print(f"real PADS recordings ({which}), {group}: {d['files']} files, {d['seconds'] / 60:.1f} min, "
                      f"{d['bouts']} bouts; first kind named tremor {f['tremor']}, mimicked {f['mimicked']}, "
                      f"none {f['none']}; final kinds {dict(sorted(d['final'].items()))}{kind_delay}")
        cases = [(ctx, False) for ctx in ("shaking_practice", None)] + ([("shaking_practice", True)] if a.held_out else [])
        for ctx, held in cases:
            inj = real_injected(a.inject_seeds, seed0=a.inject_seed0, context=ctx, held_out=held, **kw)
            if not inj:
                break
            what = "shaking-practice tremor" if ctx else "tremor of any synthetic context"
            files = "held-out rest/movement files >= 20 s, report only" if held else "train-pool rest/movement files >= 20 s"
            print(f"real backgrounds + injected {what} ({files}, {a.inject_seeds} bouts each, seeds {a.inject_seed0}):")
            for bg, d in sorted(inj.items()):
                print(f"  on real {bg}: {d['bouts']} bouts, missed {d['missed']}, onset labelled tremor "
                      f"{d['as_tremor']}, onsets before the bout {d['early']}")
                print("  " + _rate(f"on {bg}", np.asarray(d["delays"], float)))
                ld = np.asarray(d["label_delays"], float)
                if ld.size:
                    print(f"    labelled tremor for good (onset or relabel) in {ld.size} bouts: median "
                          f"{np.median(ld):.2f} s, p95 {np.percentile(ld, 95):.2f} s after the true onset")
        print("note: no real recording has confirmed involuntary tremor with a known onset; the injected bouts "
              "are synthetic (synth.inject), their backgrounds real.")
    print(f"[{time.perf_counter() - t0:.1f} s]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
