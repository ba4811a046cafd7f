"""tremorlab.Detector from Python: shapes, errors, chunking invariance, timestamps, gaps, reset."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

import tremorlab
from tremorlab import _core
from tremorlab.detector import Detector, Event

FS = 100.0




from _models import band_power_model  # noqa: E402

MODEL = band_power_model()


def shake_signal(rest_s=4.0, shake_s=10.0, rest2_s=5.0, amp=3.0, f=6.0, seed=0):
    rng = np.random.default_rng(seed)
    n = int((rest_s + shake_s + rest2_s) * FS)
    t = np.arange(n) / FS
    s = np.where((t >= rest_s) & (t < rest_s + shake_s), amp * np.sin(2 * np.pi * f * t), 0.0)
    x = np.stack([0.3 + s, 0.5 + 0.6 * s, 9.78 + 0.3 * s], axis=1) + rng.normal(0, 0.02, (n, 3))
    return t, x


def collect(det, x, t=None, chunk=None):
    n = len(x)
    chunk = chunk or n
    out = []
    for i in range(0, n, chunk):
        out += det.push(x[i:i + chunk], None if t is None else t[i:i + chunk])
    return out + det.flush()


def test_exported_from_package():
    assert tremorlab.Detector is Detector
    assert tremorlab.Event is Event


def test_bout_events_and_fields():
    t, x = shake_signal()
    det = Detector(fs=FS, model=MODEL)
    ev = collect(det, x, t)
    kinds = [e.kind for e in ev if e.kind != "relabel"]
    assert kinds == ["onset", "offset"], ev
    on, off = ev[0], ev[-1]
    assert on.label in ("shaking", "tremor", "mimicked")
    # The offset carries the kind last reported (onset or relabel); relabels only name a settled kind.
    assert off.label == ev[-2].label
    assert all(e.label in ("tremor", "mimicked") for e in ev[1:-1])
    assert abs(on.time - 4.0) < 1.5 and abs(off.time - 14.0) < 1.5
    assert on.detected_at > on.time
    assert off.frequency_hz == pytest.approx(6.0, abs=0.3)
    assert 0 < off.confidence <= 1
    assert off.duration == pytest.approx(off.time - on.time)
    d = on.to_dict()
    assert set(d) >= {"kind", "time", "label", "confidence", "frequency_hz", "amplitude", "detected_at"}
    assert "onset" in repr(on)
    lat = det.latest()
    assert lat["t_end"] == pytest.approx(t[-1])
    assert math.isclose(sum(lat["proba"].values()), 1.0, rel_tol=1e-9)
    # The window label is the C++ decision on the 4 model probabilities (may be "shaking").
    m = tremorlab.Classifier.from_json(MODEL) if isinstance(MODEL, str) else tremorlab.Classifier.default()
    p = [lat["proba"][c] for c in m.classes]
    assert lat["label"] == m.decide([p], [lat["amplitude"]], [lat["rhythm_hz"]], [lat["turn_deg_s"]],
                                    [lat["band_share"]])[0] and lat["label"] in tremorlab.labels()


@pytest.mark.parametrize("chunk", [1, 7, 250])
def test_chunking_invariance(chunk):
    t, x = shake_signal(3, 6, 3)
    whole = collect(Detector(fs=FS, model=MODEL), x)
    assert collect(Detector(fs=FS, model=MODEL), x, chunk=chunk) == whole


def test_single_sample_and_list_input():
    det = Detector(fs=FS, model=MODEL)
    assert det.push([0.0, 0.0, 9.81]) == []
    assert det.push([[0.0, 0.0, 9.81]] * 5, t=np.arange(1, 6) * 0.01) == []
    assert det.counters()["frames_accepted"] == 6


def test_bad_input_raises_and_stream_goes_on():
    t, x = shake_signal(3, 6, 3)
    ref = collect(Detector(fs=FS, model=MODEL), x, t, chunk=100)
    det = Detector(fs=FS, model=MODEL)
    out = []
    for i in range(0, len(x), 100):
        xb, tb = x[i:i + 100], t[i:i + 100]
        if i == 500:
            bad = xb.copy()
            bad[3, 1] = np.nan
            with pytest.raises(ValueError, match="NaN"):
                det.push(bad, tb)
            tbad = tb.copy()
            tbad[10] = tbad[9]
            with pytest.raises(ValueError, match="increasing"):
                det.push(xb, tbad)
            with pytest.raises(ValueError):
                det.push(xb[:, :2], tb)
            with pytest.raises(ValueError):
                det.push(xb, tb[:-1])
            with pytest.raises(ValueError, match=r"every interval between the 100 timestamps is longer than 0.2 s"):
                det.push(xb, tb * 1000.0)  # milliseconds: it used to emit a gap event per frame
            with pytest.raises(ValueError, match=r"step a mean 0.02 s \(50 Hz, gaps left out\) but fs is 100"):
                det.push(xb, tb[0] + 0.02 * np.arange(len(tb)))  # a 50 Hz stream: every frequency would double
            with pytest.raises(TypeError):
                det.push(np.array([["a", "b", "c"]]))
            with pytest.raises(TypeError):
                det.push(xb.astype(complex), tb)
        out += det.push(xb, tb)
    out += det.flush()
    assert out == ref
    c = det.counters()
    assert c["frames_pushed"] == c["frames_accepted"] + c["frames_rejected"]
    assert c["frames_accepted"] == len(x)


def test_bad_construction():
    with pytest.raises(ValueError):
        Detector(fs=FS, units="furlongs")
    with pytest.raises(ValueError):
        Detector(fs=FS, channels=4)
    with pytest.raises(ValueError):
        Detector(fs=FS, enter_threshold=0.3, exit_threshold=0.5)
    with pytest.raises(ValueError):
        Detector(fs=-1.0)
    with pytest.raises(ValueError):
        Detector(model="/nonexistent/model.json")
    with pytest.raises(ValueError):
        Detector(model="{not json")
    with pytest.raises(TypeError):
        Detector(model=42)


def test_gap_event_and_restart():
    t, x = shake_signal(6, 0, 6)
    t = t.copy()
    t[550:] += 1.5
    det = Detector(fs=FS, model=MODEL)
    ev = collect(det, x, t, chunk=64)
    gaps = [e for e in ev if e.kind == "gap"]
    assert len(gaps) == 1
    assert gaps[0].time == pytest.approx(t[549])
    assert gaps[0].duration == pytest.approx(1.51)
    assert gaps[0].label is None
    assert det.counters()["gaps"] == 1


def test_g_units():
    t, x = shake_signal(3, 6, 3)
    a = collect(Detector(fs=FS, model=MODEL), x)
    b = collect(Detector(fs=FS, units="g", model=MODEL), x / 9.80665)
    assert [e.kind for e in a] == [e.kind for e in b]
    for ea, eb in zip(a, b):
        assert ea.time == eb.time
        assert ea.amplitude == pytest.approx(eb.amplitude, rel=1e-6)


def test_gyro_channels():
    t, x = shake_signal(3, 6, 3)
    x6 = np.hstack([x, np.tile([0.3, 0.4, 0.0], (len(x), 1))])
    det = Detector(fs=FS, channels=6, model=MODEL)
    assert collect(det, x6) == collect(Detector(fs=FS, model=MODEL), x)
    assert det.latest()["gyro_rms"] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        det.push(x)


def test_reset_equals_fresh():
    t, x = shake_signal(3, 6, 3)
    det = Detector(fs=FS, model=MODEL)
    collect(det, x, chunk=33)
    det.reset()
    assert det.latest() is None
    assert collect(det, x, chunk=33) == collect(Detector(fs=FS, model=MODEL), x, chunk=33)


def test_memory_bound():
    d = Detector(fs=FS, model=MODEL)
    assert d.state_bytes() <= 64 * 1024
    # ring of 2 x 250 frames x 3 doubles at least; total adds the feature extractor's FFT buffers
    assert 2 * 250 * 3 * 8 < d.state_bytes() < d.memory_bytes() < 160 * 1024


def test_hysteresis_gates_by_name():
    d = tremorlab.hysteresis_defaults()
    assert set(d) == {"mimicked_min_on_s", "mimicked_min_band_share", "min_amplitude", "min_band_share", "weak_share",
                      "weak_share_enter", "early_enter", "early_rise_decades", "early_rise_s", "early_mimicked",
                      "early_hop_rise_decades", "onset_tremor_share", "kind_llr_offset", "kind_llr_clip", "kind_fill_s",
                      "tremor_settle_llr", "mimicked_settle_llr", "tremor_max_turn_deg_s", "tremor_min_steady_share",
                      "tremor_min_called_s"}
    assert d["tremor_max_turn_deg_s"] == pytest.approx(5.0) and d["tremor_min_steady_share"] == pytest.approx(0.5)
    assert d["tremor_min_called_s"] == 0.0
    assert d["mimicked_min_band_share"] == pytest.approx(0.25) and d["early_hop_rise_decades"] == pytest.approx(0.1)
    assert d["tremor_settle_llr"] == pytest.approx(3.0) and d["mimicked_settle_llr"] == pytest.approx(40.0)
    assert d["kind_llr_offset"] == pytest.approx(-2.0) and d["kind_llr_clip"] == pytest.approx(1.5)
    assert d["kind_fill_s"] == pytest.approx(1.5) and d["onset_tremor_share"] == pytest.approx(0.45)
    assert d["min_amplitude"] == pytest.approx(_core.decision_defaults()["min_amplitude"])  # one floor, 12 mg
    assert d["mimicked_min_on_s"] == pytest.approx(2.75)
    t, x = shake_signal(amp=3.0)
    base = [e for e in collect(Detector(fs=FS, model=MODEL), x) if e.kind == "onset"]
    assert len(base) == 1
    # The 6 Hz shake's band-passed RMS is ~2.4 m/s^2: a rest floor above it means no bout can start.
    none = collect(Detector(fs=FS, model=MODEL, hysteresis={"min_amplitude": 5.0}), x)
    assert [e for e in none if e.kind == "onset"] == []
    # Explicitly passing the defaults changes nothing.
    same = collect(Detector(fs=FS, model=MODEL, hysteresis=d), x)
    assert [(e.kind, e.time) for e in same] == [(e.kind, e.time) for e in collect(Detector(fs=FS, model=MODEL), x)]
    s = tremorlab.Session(fs=FS, model=MODEL, hysteresis={"min_amplitude": 5.0})
    s.push(x)
    s.flush()
    assert s.summary()["bouts"] == []


@pytest.mark.parametrize("bad, exc, match", [
    ({"no_such_gate": 1.0}, ValueError, "unknown hysteresis setting 'no_such_gate'"),
    ({"enter_threshold": 0.4}, ValueError, "keywords of their own"),
    ({"early_enter": "high"}, TypeError, "must be a number"),
    ({"early_enter": 1.5}, ValueError, "thresholds must be in"),
    ({"early_rise_s": -1.0}, ValueError, "early_rise_s"),
    ({"mimicked_min_band_share": 1.5}, ValueError, "mimicked_min_band_share"),
    ({"early_hop_rise_decades": float("nan")}, ValueError, "early_hop_rise_decades"),
    ([("min_amplitude", 1.0)], TypeError, "mapping"),
    ({"tremor_settle_s": 0.25}, ValueError, "unknown hysteresis setting 'tremor_settle_s'"),
    ({"tremor_settle_llr": 0.0}, ValueError, "tremor_settle_llr"),
    ({"mimicked_settle_llr": 1.0}, ValueError, "mimicked_settle_llr must be >= tremor_settle_llr"),
    ({"kind_llr_offset": float("inf")}, ValueError, "kind_llr_offset"),
    ({"kind_llr_clip": -1.0}, ValueError, "kind_llr_clip"),
    ({"kind_fill_s": float("nan")}, ValueError, "kind_fill_s"),
    ({"onset_tremor_share": -0.1}, ValueError, "onset_tremor_share"),
    ({"tremor_max_turn_deg_s": 0.0}, ValueError, "tremor_max_turn_deg_s"),
    ({"tremor_max_turn_deg_s": float("inf")}, ValueError, "tremor_max_turn_deg_s"),
    ({"tremor_min_steady_share": 1.5}, ValueError, "tremor_min_steady_share"),
    ({"tremor_min_called_s": 2.5}, ValueError, "tremor_min_called_s"),
    ({"tremor_min_called_s": -0.25}, ValueError, "tremor_min_called_s"),
    ({"relabel_s": 0.75}, ValueError, "unknown hysteresis setting 'relabel_s'"),
    ({"early_mimicked": 0.0}, ValueError, "thresholds must be in"),
])
def test_hysteresis_bad_settings(bad, exc, match):
    with pytest.raises(exc, match=match):
        Detector(fs=FS, model=MODEL, hysteresis=bad)


def _mimicked_model() -> str:
    """Like band_power_model, but the band power drives the 'mimicked' class: every shaking window is mimicked-led."""
    j = json.loads(MODEL)
    j["weights"] = [[3.0 if (c == "mimicked" and f == "log_band_power") else 0.0 for f in j["feature_names"]]
                    for c in j["classes"]]
    j["bias"] = [4.5 if c == "mimicked" else 0.0 for c in j["classes"]]
    # Its own decision thresholds (P(mimicked) reaches ~0.94 here), not the shipped model's.
    j["decision"] = {"mimicked_min_p": 0.8, "mimicked_min_share": 0.85, "tremor_min_share": 0.7}
    return json.dumps(j)


@pytest.mark.parametrize("slow_amp, share_gate, expect_onset", [
    (0.0, 0.25, True),    # 6 Hz shaking alone: the band carries the movement
    (3.0, 0.25, False),   # the same 6 Hz riding on a 9x stronger 3.4 Hz movement: band share ~0.1
    (3.0, 0.0, True),     # ... which starts a bout once the band-share rule is off
])
def test_mimicked_onset_needs_the_band_to_carry_the_movement(slow_amp, share_gate, expect_onset):
    # 3.4 Hz: below the band, but not slower than any tremor (3 Hz), so the window keeps its rhythm
    # (FeatureExtractor::rhythm_of) and only the onset's band-share gate is at work.
    # The movement fades in and out over 1 s: a sudden start would spread its own broadband transient into
    # the band.
    n = int(20 * FS)
    t = np.arange(n) / FS
    on = np.clip(np.minimum(t - 4.0, 16.0 - t), 0.0, 1.0)
    on = 0.5 - 0.5 * np.cos(np.pi * on)
    fast = 1.0 * np.sin(2 * np.pi * 6.0 * t) * on
    slow = slow_amp * np.sin(2 * np.pi * 3.4 * t) * on
    x = np.stack([0.3 + fast + slow, 0.5 + 0.5 * (fast + slow), 9.78 + 0 * t], axis=1)
    x += np.random.default_rng(1).normal(0, 0.02, (n, 3))
    det = Detector(fs=FS, model=_mimicked_model(), hysteresis={"mimicked_min_band_share": share_gate})
    ev = collect(det, x)
    onsets = [e for e in ev if e.kind == "onset"]
    if expect_onset:
        # A shaking onset (while the windows fill, the kind is not yet clear), then the kind settles.
        assert len(onsets) == 1 and onsets[0].label in ("shaking", "mimicked")
        assert 4.0 < onsets[0].detected_at < 16.0
        # With the 3.4 Hz movement the strongest rhythm lies below the band: the decision's rhythm guard
        # leaves every mimicked-led window `shaking`, so the bout is never named mimicked.
        assert [e.label for e in ev if e.kind == "offset"] == ["mimicked" if slow_amp == 0 else "shaking"]
    else:
        assert onsets == []


def _pair(fb, n=1500, seed=3):
    rng = np.random.default_rng(seed)
    t = np.arange(n) / FS
    shake = (t >= 3) & (t < 12)
    a = np.c_[0.3 + 2 * np.sin(2 * np.pi * 6 * t) * shake, 0.5 + 0 * t, 9.78 + 0 * t] + rng.normal(0, 0.02, (n, 3))
    b = np.c_[-9.7 + 0 * t, 1.5 * np.sin(2 * np.pi * fb * t + 0.4) * shake, 0.8 + 0 * t] + rng.normal(0, 0.02, (n, 3))
    return a, b


@pytest.mark.parametrize("fb, coherent", [(6.0, True), (7.7, False)])
def test_second_sensor_stream_equals_batch(fb, coherent):
    a, b = _pair(fb)
    det = Detector(fs=FS, channels=6, second_sensor=True)
    ab = np.c_[a, b]
    for i in range(0, len(ab), 70):
        det.push(ab[i:i + 70])
    res = tremorlab.classify(a, fs=FS, other=b)
    ic = res.feature_names.index("inter_sensor_coherence")
    last = det.latest()
    assert last["index"] == len(res) - 1
    assert last["coherence"] == res.features[-1, ic]
    np.testing.assert_array_equal([last["proba"][c] for c in res.classes], res.proba[-1])
    mid = res.features[len(res) // 2, ic]  # a window inside the shake
    assert (mid > 0.95) if coherent else (mid < 0.3), mid
    # The other features describe the first sensor alone.
    single = tremorlab.classify(a, fs=FS)
    others = [i for i in range(len(res.feature_names)) if i != ic]
    np.testing.assert_array_equal(res.features[:, others], single.features[:, others])
    assert np.all(single.features[:, ic] == 0)


def test_second_sensor_bad_input():
    a, b = _pair(6.0)
    with pytest.raises(ValueError, match="channels=6"):
        Detector(fs=FS, second_sensor=True)
    with pytest.raises(TypeError, match="second_sensor"):
        Detector(fs=FS, channels=6, second_sensor="yes")
    with pytest.raises(ValueError, match="share one clock"):
        tremorlab.features(a, fs=FS, other=b[:-1])
    with pytest.raises(ValueError, match=r"other must have shape \(n, 3\)"):
        tremorlab.features(a, fs=FS, other=b[:, :2])
    bad = b.copy()
    bad[100, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        tremorlab.classify(a, fs=FS, other=bad)
    rec = tremorlab.Recording(t=np.arange(len(b)) / 50.0, acc=b, units="m/s^2", fs=50.0)
    with pytest.raises(ValueError, match="share rate and units"):
        tremorlab.features(a, fs=FS, other=rec)
    det = Detector(fs=FS)
    det.push(a)
    assert det.latest()["coherence"] is None


def test_shaking_onset_then_the_kind_by_relabel():
    """Shipped model, synthetic sessions: each tremor bout starts as a shaking onset (or as tremor when its
    triggering windows already settle the kind), and a relabel names it tremor before the offset, unless the
    evidence stays mixed (then it stays shaking: kind uncertain); it is never named mimicked on these seeds. With settling switched off (bounds of 1e9) the onsets and offsets
    are the same events, all labelled shaking, and there is no relabel: the kind logic never moves a bout."""
    from tremorlab import synth

    pending = bouts = unsettled = 0
    for seed in (5001, 5002, 5003):
        rec = synth.session(seed=seed, scale=0.25)
        ev = collect(Detector(fs=rec.fs), rec.acc, rec.t, chunk=50)
        frozen = collect(Detector(fs=rec.fs, hysteresis={"tremor_settle_llr": 1e9, "mimicked_settle_llr": 1e9}),
                         rec.acc, rec.t, chunk=50)
        assert [e for e in frozen if e.kind == "relabel"] == []
        assert all(e.label == "shaking" for e in frozen if e.kind in ("onset", "offset"))
        assert [(e.kind, e.time, e.detected_at) for e in ev if e.kind != "relabel"] == \
            [(e.kind, e.time, e.detected_at) for e in frozen]
        for a, b, lab in rec.segments:
            if lab != "tremor":
                continue
            bout = [e for e in ev if a <= e.detected_at <= b + 2.0]
            assert bout and bout[0].kind == "onset"
            end = next(i for i, e in enumerate(bout) if e.kind == "offset") if any(
                e.kind == "offset" for e in bout) else len(bout)
            steps = bout[:end]
            assert all(e.kind == "relabel" for e in steps[1:])
            assert steps[0].label in ("shaking", "tremor")
            bouts += 1
            kinds = [e.label for e in steps if e.label != "shaking"]
            assert "mimicked" not in kinds, steps
            if not kinds:
                unsettled += 1  # seed 5002's second bout: its windows lean mimicked with one tremor run
                continue
            assert steps[-1].label == "tremor", steps
            if steps[0].label == "shaking":
                pending += 1
                r = steps[1]
                # The kind settles by a relabel before the offset; how fast (target p95 <= 3 s after the true
                # onset) is measured by benchmarks/latency.py over 80 bouts, not asserted on three.
                assert r.kind == "relabel" and r.detected_at > steps[0].detected_at
                assert r.duration == pytest.approx(r.time - steps[0].time)
                # mean P(tremor) over the settling run: a window adds tremor evidence once P(tremor) exceeds
                # e^kind_llr_offset * P(mimicked) (e^-2 = 0.14 with model v4), so the mean may be well below 0.5
                assert 0.1 <= r.confidence <= 1.0
                assert "relabel" in repr(r)
    assert pending >= 1  # the kind-pending case does occur with these seeds
    assert bouts == 6 and unsettled <= 1


@pytest.mark.parametrize("guard_hz, band_guard, expect", [(None, 0.0, "shaking"), (0.0, 0.0, "mimicked"),
                                                           (0.0, None, "shaking")])
def test_rhythm_guard_reaches_batch_and_stream_alike(guard_hz, band_guard, expect):
    """A 6 Hz oscillation on a 1.5x stronger 1.5 Hz movement, under a model that calls every shaking window
    mimicked: the strongest rhythm (1.5 Hz) lies below the band, so the window decision says `shaking`, in
    classify() and in the Detector's windows alike; with the guard off (mimicked_min_rhythm_hz 0) `mimicked`.
    (The band keeps ~30 % of the power: with less, a rhythm that slow is a slower movement's and no rhythm at
    all, FeatureExtractor::rhythm_of.) The band-share guard (mimicked_min_band_share, default 0.8: the
    oscillation is not the window's movement) says `shaking` too, in both, even with the rhythm guard off."""
    j = json.loads(_mimicked_model())
    j["decision"] = {k: v for k, v in (("mimicked_min_rhythm_hz", guard_hz), ("mimicked_min_band_share", band_guard))
                     if v is not None}
    model = json.dumps(j)
    t = np.arange(int(12 * FS)) / FS
    move = 1.0 * np.sin(2 * np.pi * 6.0 * t) + 1.5 * np.sin(2 * np.pi * 1.5 * t)
    x = np.stack([0.3 + move, 0.5 + 0.5 * move, 9.78 + 0 * t], axis=1)
    res = tremorlab.classify(x, fs=FS, model=tremorlab.Classifier.from_json(model))
    rhythm = res.features[:, list(tremorlab.feature_names()).index("broad_peak_frequency")]
    assert np.all(rhythm < 2.0) and np.array_equal(res.rhythm_hz, rhythm) and set(res.labels) == {expect}
    det = Detector(fs=FS, model=model)
    labels = []
    for k in range(0, len(x), 25):
        det.push(x[k:k + 25], t[k:k + 25])
        lat = det.latest()
        if lat:
            labels.append(lat["label"])
            assert lat["rhythm_hz"] < 2.0
    assert labels == list(res.labels)


@pytest.mark.parametrize("cls", [Detector, tremorlab.Session])
def test_explain_latest_explains_the_latest_label(cls):
    """Detector/Session.explain_latest(k) is Classifier.explain of the latest window's features for the label
    that window got (the C++ Detector::explain_latest); ValueError before the first window and after reset."""
    det = cls(fs=FS)  # the shipped model (an MLP): explanations are not the linear weights
    with pytest.raises(ValueError, match="no window yet"):
        det.explain_latest()
    assert det.latest_features() is None
    t, x = shake_signal(3, 6, 0)
    det.push(x, t)
    lat, feats = det.latest(), det.latest_features()
    assert feats.shape == (len(tremorlab.feature_names()),)
    want = tremorlab.Classifier.default().explain(feats, k=4, label=lat["label"])
    got = det.explain_latest(4)
    assert [n for n, _ in got] == [n for n, _ in want]
    np.testing.assert_allclose([v for _, v in got], [v for _, v in want], rtol=1e-12, atol=1e-15)
    assert len(det.explain_latest()) == 3 and det.explain_latest(0) == []
    assert len(det.explain_latest(1000)) == len(tremorlab.feature_names())
    with pytest.raises(TypeError):
        det.explain_latest("3")
    with pytest.raises(ValueError):
        det.explain_latest(-1)
    det.reset()
    with pytest.raises(ValueError, match="no window yet"):
        det.explain_latest()


def test_posture_turns_is_the_cores_measure_and_refuses_bad_input():
    # Gravity turning 8 deg/s about x at 100 Hz: each 2 s window's Hann-weighted mean points where gravity was
    # at the window's centre, so every window's own 1 s turn (hold_s 0) and the largest of the last 2 s both
    # read 8 deg/s; the first window is not known.
    fs = 100.0
    ang = np.radians(8.0) * np.arange(int(8 * fs)) / fs
    acc = 9.80665 * np.stack([np.zeros_like(ang), np.sin(ang), np.cos(ang)], axis=1)
    for hold in (0.0, 2.0):
        turn = _core.posture_turns(acc, 200, 25, fs, "m/s^2", hold)
        assert len(turn) == (len(acc) - 200) // 25 + 1
        assert np.isnan(turn[0]) and turn[1:] == pytest.approx(8.0, abs=1e-6)
    # The same in g; without gravity (a tenth of it) the turn is not known; shorter than a window: none.
    assert _core.posture_turns(acc / 9.80665, 200, 25, fs, "g")[1:] == pytest.approx(8.0, abs=1e-6)
    assert np.isnan(_core.posture_turns(0.1 * acc, 200, 25, fs)).all()
    assert _core.posture_turns(acc[:150], 200, 25, fs).shape == (0,)
    # It is what classify gives its windows (the default model's 2 s window, 0.25 s hop).
    res = tremorlab.classify(acc, fs=fs)
    np.testing.assert_array_equal(res.turn_deg_s, _core.posture_turns(acc, 200, 25, fs))
    with pytest.raises(ValueError, match="shape"):
        _core.posture_turns(acc[:, :2], 200, 25, fs)
    with pytest.raises(ValueError, match="NaN"):
        _core.posture_turns(np.full((300, 3), np.nan), 200, 25, fs)
    with pytest.raises(ValueError, match="fs"):
        _core.posture_turns(acc, 200, 25, 0.0)
    with pytest.raises(ValueError, match="hop"):
        _core.posture_turns(acc, 200, 0, fs)
    with pytest.raises(ValueError, match="hold_s"):
        _core.posture_turns(acc, 200, 25, fs, "m/s^2", -1.0)
    with pytest.raises(ValueError):
        _core.posture_turns(acc, 200, 25, fs, "furlongs")
    with pytest.raises(TypeError):
        _core.posture_turns([["a", "b", "c"]], 200, 25, fs)
