"""tremorlab.classify / tremorlab.Classifier: API, model files, and C++/Python prediction identity."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import tremorlab as tl
from tremorlab.classify import DEFAULT_MODEL_PATH

FS = 100.0


def fixed_rows(model: dict) -> np.ndarray:
    """The same fixed feature vectors as tests/cpp/test_classifier.cpp::fixed_row."""
    mean = np.array(model["scaler"]["mean"])
    scale = np.array(model["scaler"]["scale"])
    j = np.arange(mean.size)
    return np.array([mean + scale * np.sin(1.7 * j + 0.9 * k) * (k % 3 + 1) for k in range(12)])


def numpy_reference(model: dict, X: np.ndarray) -> np.ndarray:
    z = (X - np.array(model["scaler"]["mean"])) / np.array(model["scaler"]["scale"])
    if "hidden" in model:  # format version 2: one tanh hidden layer
        z = np.tanh(z @ np.array(model["hidden"]["weights"]).T + np.array(model["hidden"]["bias"]))
    L = z @ np.array(model["weights"]).T + np.array(model["bias"])
    L -= L.max(axis=1, keepdims=True)
    P = np.exp(L)
    return P / P.sum(axis=1, keepdims=True)


def test_cpp_python_identity_on_shipped_model_file():
    model = json.loads(Path(DEFAULT_MODEL_PATH).read_text())
    X = fixed_rows(model)
    clf = tl.Classifier.load(DEFAULT_MODEL_PATH)
    P = clf.predict_proba(X)
    np.testing.assert_allclose(P, numpy_reference(model, X), rtol=0, atol=1e-12)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-12)
    assert list(clf.predict(X)) == [model["classes"][i] for i in np.argmax(numpy_reference(model, X), axis=1)]
    # The embedded default is the same model.
    np.testing.assert_array_equal(tl.Classifier.default().predict_proba(X), P)
    # One row -> 1-D probabilities.
    np.testing.assert_array_equal(clf.predict_proba(X[0]), P[0])


def test_model_round_trip_and_version_check(tmp_path):
    clf = tl.Classifier.default()
    p = tmp_path / "m.json"
    clf.save(p)
    back = tl.Classifier.load(p)
    X = fixed_rows(json.loads(p.read_text()))
    np.testing.assert_array_equal(back.predict_proba(X), clf.predict_proba(X))
    assert back.provenance == clf.provenance
    d = json.loads(p.read_text())
    d["version"] = 99
    with pytest.raises(ValueError, match="unsupported format version 99"):
        tl.Classifier.from_json(d)
    d["version"] = 1
    d["feature_names"] = d["feature_names"][::-1]
    with pytest.raises(ValueError, match="feature_names differ"):
        tl.Classifier.from_json(d)
    with pytest.raises(ValueError, match="malformed"):
        tl.Classifier.from_json("{")
    with pytest.raises(ValueError, match="cannot open"):
        tl.Classifier.load(tmp_path / "missing.json")
    with pytest.raises(ValueError, match="columns"):
        clf.predict_proba(np.zeros((2, 5)))


def test_default_model_metadata():
    clf = tl.Classifier.default()
    assert clf.classes == ["rest", "voluntary", "tremor", "mimicked"]
    assert clf.feature_names == tl.feature_names()
    assert clf.window_s == 2.0 and clf.hop_s == 0.25 and clf.band == (4.0, 12.0)
    prov = clf.provenance
    assert prov["held_out_used"] is False and "command" in prov and prov["seed"] == 0


def test_classify_result_api():
    # Gestures and walking: the voluntary class also holds rhythmic everyday activities (clapping, brushing)
    # that may fairly be called voluntary rhythmic oscillation ('mimicked'); this test is about the API.
    rec = tl.synth.session(seed=3, fs=FS, plan=[("rest", 10.0), ("tremor", 12.0, {"f0": 6.0, "amplitude": 1.0}),
                                                 ("voluntary", 10.0, {"activities": ("gestures", "walking")})])
    res = tl.classify(rec.acc, fs=FS)
    n = len(res)
    win = round(tl.Classifier.default().window_s * FS)
    assert n == (rec.acc.shape[0] - win) // 25 + 1
    assert res.proba.shape == (n, 4) and res.features.shape == (n, len(res.feature_names))
    np.testing.assert_allclose(res.proba.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(res.times, res.start + win / FS / 2)  # window centres
    assert res.labels.dtype.kind == "U" and set(res.labels) <= set(tl.labels())
    np.testing.assert_array_equal(res.tremor_probability, res.proba[:, 2])
    truth = rec.label_at(res.times)
    inside = (res.start >= 10.5) & (res.end <= 21.5)  # windows fully inside the tremor segment
    # Tremor, or shaking of unclear kind; never an accusation of faking (model v3: 81 % tremor here).
    assert np.mean(res.labels[inside] == "tremor") >= 0.75
    assert np.mean(np.isin(res.labels[inside], ["tremor", "shaking"])) >= 0.95
    assert not np.any(res.labels[inside] == "mimicked")
    rest = res.end <= 9.5
    assert np.mean(res.labels[rest] == "rest") >= 0.9
    assert np.mean(res.labels == truth) > 0.75
    ex = res.explain(int(np.flatnonzero(inside)[0]))
    assert len(ex) == 3 and all(isinstance(n_, str) and isinstance(v, float) for n_, v in ex)
    assert abs(ex[0][1]) >= abs(ex[1][1]) >= abs(ex[2][1])
    df = res.to_pandas()
    assert {"label", "tremor_probability", "dominant_frequency", "amplitude", "p_mimicked"} <= set(df.columns)


def test_classify_accepts_dataframe_recording_and_model_path():
    pd = pytest.importorskip("pandas")
    rec = tl.synth.generate("tremor", 6.0, FS, seed=2)
    df = pd.DataFrame({"t": 100.0 + rec.t, "ax": rec.acc[:, 0], "ay": rec.acc[:, 1], "az": rec.acc[:, 2]})
    a = tl.classify(df)
    b = tl.classify(rec.acc, fs=FS, model=DEFAULT_MODEL_PATH)
    np.testing.assert_allclose(a.proba, b.proba, atol=1e-6)  # fs estimated from timestamps
    assert a.times[0] == pytest.approx(100.0 + tl.Classifier.default().window_s / 2)
    c = tl.classify(rec.to_recording())
    np.testing.assert_allclose(c.proba, b.proba, atol=1e-6)


def test_options_given_with_a_dataframe_or_recording_must_agree_with_it():
    """A DataFrame or Recording brings its own rate and units: an fs or units that contradicts them was
    dropped silently (fs=50 on a 100 Hz frame analysed at 100 Hz); now a ValueError, while agreeing ones pass
    and a DataFrame's attrs['units'] (what Recording.to_pandas writes) is used."""
    pd = pytest.importorskip("pandas")
    rec = tl.synth.generate("tremor", 8.0, FS, seed=5).to_recording()
    df = pd.DataFrame({"t": rec.t, "ax": rec.acc[:, 0], "ay": rec.acc[:, 1], "az": rec.acc[:, 2]})
    for src, name in ((df, "DataFrame"), (rec, "Recording")):
        with pytest.raises(ValueError, match=rf"{name}: fs=50.0 Hz disagrees with the recording's timestamps"):
            tl.classify(src, fs=50)
        with pytest.raises(ValueError, match=rf"{name}: fs=50.0 Hz disagrees"):
            tl.features(src, fs=50)
        ok = tl.classify(src, fs=101.0)  # within 5 %: the recording's own rate is used
        assert ok.fs == pytest.approx(FS)
    with pytest.raises(ValueError, match=r"Recording: units='g' contradicts the recording's units 'm/s\^2'"):
        tl.classify(rec, units="g")
    g = tl.Recording(t=rec.t, acc=rec.acc / tl.units.STANDARD_GRAVITY, units="g", fs=rec.fs)
    gdf = g.to_pandas()
    assert gdf.attrs["units"] == "g"
    np.testing.assert_allclose(tl.classify(gdf).proba, tl.classify(rec).proba, atol=1e-9)
    with pytest.raises(ValueError, match=r"units='m/s\^2' contradicts its attrs\['units'\] 'g'"):
        tl.classify(gdf, units="m/s^2")


def test_classify_bad_input():
    with pytest.raises(ValueError, match="shorter than one window"):
        tl.classify(np.zeros((10, 3)), fs=FS)
    with pytest.raises(TypeError):
        tl.classify(np.zeros((600, 3)), fs=FS, model=42)
    with pytest.raises(TypeError):
        tl.classify("not an array", fs=FS)
    with pytest.raises(ValueError):
        tl.classify(np.full((600, 3), np.inf), fs=FS)


def test_units_that_contradict_the_recordings_gravity_are_refused():
    # A synthetic tremor recording (m/s^2, gravity included) handed over in g without saying so, and the
    # reverse: both used to pass silently with every amplitude off by 9.81 (the g data then read as rest).
    rec = tl.synth.generate("tremor", 8.0, FS, seed=4)
    in_g = rec.acc / tl.units.STANDARD_GRAVITY
    for call in (lambda: tl.classify(in_g, fs=FS), lambda: tl.features(in_g, fs=FS)):
        with pytest.raises(ValueError, match=r"declared in m/s\^2 looks like it is in g.*declare the units as g"):
            call()
    with pytest.raises(ValueError, match=r"declared in g looks like it is in m/s\^2"):
        tl.classify(rec.acc, fs=FS, units="g")
    counts = np.round(in_g * 1024).astype(np.int16)  # a 12-bit sensor's raw counts, +-2 g range
    for units in ("m/s^2", "g"):
        with pytest.raises(ValueError, match="raw sensor counts"):
            tl.classify(counts, fs=FS, units=units)
    # Declared right, both give the same windows; gravity removed (PADS-style) cannot be checked and passes.
    a, b = tl.classify(in_g, fs=FS, units="g"), tl.classify(rec.acc, fs=FS)
    np.testing.assert_allclose(a.proba, b.proba, atol=1e-9)
    assert list(a.labels) == list(b.labels)
    tl.classify(in_g - in_g.mean(axis=0), fs=FS)


def test_workers_give_identical_features_and_labels():
    # 20 min at 100 Hz: 4793 windows, so 2 and 3 threads really split them; windows are independent.
    rng = np.random.default_rng(12)
    n = 120_000
    t = np.arange(n) / 100.0
    shake = np.sin(2 * np.pi * 6.5 * t) * ((t % 120) < 60)
    acc = np.c_[0.3 + shake, 0.2 + 0.4 * shake, 9.8 * np.ones(n)] + 0.05 * rng.standard_normal((n, 3))
    one = tl.features(acc, fs=100.0)
    for w in (2, 3, -1):
        many = tl.features(acc, fs=100.0, workers=w)
        assert np.array_equal(many.values, one.values)
    r1 = tl.classify(acc, fs=100.0)
    r2 = tl.classify(acc, fs=100.0, workers=2)
    assert np.array_equal(r1.proba, r2.proba) and list(r1.labels) == list(r2.labels)
    assert "tremor" in set(r1.labels)  # the shaking halves are found, so the comparison covers real bouts


@pytest.mark.parametrize("bad,exc", [(0, ValueError), (2.0, TypeError), ("all", TypeError)])
def test_workers_bad_values_in_features_and_classify(bad, exc):
    acc = np.zeros((1000, 3)) + [0, 0, 9.8]
    with pytest.raises(exc, match="workers"):
        tl.features(acc, fs=100.0, workers=bad)
    with pytest.raises(exc, match="workers"):
        tl.classify(acc, fs=100.0, workers=bad)


def test_labels_come_from_the_core():
    assert tl.labels() == ["rest", "voluntary", "tremor", "mimicked", "shaking"]
    assert tl.labels() == list(tl._core.labels())


def _turns(acc, window, hop, fs, hold_s=2.0):
    """Independent statement of the posture the decision takes (detail/gravity_turn.hpp): the angle between
    each window's Hann-weighted mean acceleration (numpy's hanning(window + 2)[1:-1], normalised) and the one
    1 s before it (fewer windows back at the start), per second, NaN for the first window; then the largest of
    the windows of the last 2 s."""
    n = (len(acc) - window) // hop + 1
    w = np.hanning(window + 2)[1:-1]
    w /= w.sum()
    means = np.array([w @ acc[k * hop:k * hop + window] for k in range(n)])
    u = means / np.linalg.norm(means, axis=1, keepdims=True)
    lag = max(1, round(fs / hop))
    one = np.full(n, np.nan)
    for k in range(1, n):
        b = min(lag, k)
        one[k] = np.degrees(np.arccos(np.clip(u[k] @ u[k - b], -1, 1))) / (b * hop / fs)
    span = round(hold_s * fs / hop) + 1
    return np.array([np.nan if k == 0 else np.nanmax(one[max(1, k - span + 1):k + 1]) for k in range(n)])


def _rule(p, d, amplitude=float("inf"), rhythm_hz=float("inf"), turn=float("nan"), band_share=float("nan")):
    """Independent Python statement of the contract's decision rule (decision.hpp), for checking the core."""
    pr, pv, pt, pm = p
    s = pt + pm
    floor = d["min_amplitude"]
    if floor > 0 and 8.0 <= rhythm_hz < float("inf"):  # a healthy hand's tremor: up to 0.035 g peak at 8-12 Hz
        floor = max(floor, 0.035 / np.sqrt(2.0) * 9.80665)
    if s < max(pr, pv) or amplitude < floor or rhythm_hz <= 0:  # rhythm 0: none (a flat spectrum)
        return "voluntary" if pv > pr else "rest"
    if pm >= d["mimicked_min_p"] and pm / s >= d["mimicked_min_share"]:
        # An accusation needs in-band evidence and an oscillation that is the window's movement.
        clear = rhythm_hz >= d["mimicked_min_rhythm_hz"] and not band_share < d["mimicked_min_band_share"]
        return "mimicked" if clear else "shaking"
    if pt / s >= d["tremor_min_share"] and not turn > d["tremor_max_turn_deg_s"]:  # a limb that held (or unknown)
        return "tremor"
    return "shaking"


def test_window_labels_are_the_decision_rule():
    """classify() labels are the C++ decision on its 4-class probabilities, which stay the model's classes;
    checked against the rule written out here, on a recording and on constructed probability rows at and
    around each threshold."""
    from tremorlab import synth

    rec = synth.session(seed=5004, scale=0.25)
    res = tl.classify(rec.acc, fs=rec.fs)
    m = tl.Classifier.default()
    assert res.classes == ["rest", "voluntary", "tremor", "mimicked"] and res.proba.shape[1] == 4
    assert set(res.labels) <= set(tl.labels())
    d = m.decision
    assert set(d) == {"mimicked_min_p", "mimicked_min_share", "tremor_min_share", "min_amplitude",
                      "mimicked_min_rhythm_hz", "tremor_max_turn_deg_s", "mimicked_min_band_share",
                      "mimicked_max_amplitude"}
    assert d["mimicked_min_band_share"] == 0.8  # the evidence rule's clear oscillation (decision.hpp)
    assert d["mimicked_max_amplitude"] == 8.5  # a little above the largest imitation recorded (decision.hpp)
    assert d["tremor_max_turn_deg_s"] == 5.0  # the held posture (decision.hpp), not in the model JSON
    assert d["min_amplitude"] == pytest.approx(0.012 * 9.80665)  # 12 mg, the still-hand floor
    assert d["mimicked_min_rhythm_hz"] == 4.0  # the band's lower edge
    # The window's rhythm: its broad peak, or none (0) when the spectrum is flat (entropy above 0.88) or the
    # peak is slower than any tremor (3 Hz) with under a quarter of the power in the band.
    names = list(tl.feature_names())
    assert tl._core.no_rhythm_entropy(rec.fs) == pytest.approx(0.88, abs=1e-6)
    flat = res.features[:, names.index("spectral_entropy")] > tl._core.no_rhythm_entropy(rec.fs)
    peak = res.features[:, names.index("broad_peak_frequency")]
    harmonics = (peak < 3.0) & (res.features[:, names.index("rel_band_power")] < 0.25)
    rhythm = np.where(flat | harmonics, 0.0, peak)
    # The posture: the session moves between poses, so some windows turn past the limit.
    turn = _turns(rec.acc, 200, 25, rec.fs)
    np.testing.assert_allclose(res.turn_deg_s, turn, rtol=1e-6, atol=1e-4)
    assert (turn > d["tremor_max_turn_deg_s"]).any() and (turn <= d["tremor_max_turn_deg_s"]).any()
    share = res.features[:, names.index("rel_band_power")]
    assert list(res.labels) == [_rule(p, d, a, f, t, b)
                                for p, a, f, t, b in zip(res.proba, res.amplitude, rhythm, turn, share)]
    np.testing.assert_array_equal(res.to_pandas()["turn_deg_s"], res.turn_deg_s)
    # The result carries that rhythm (the C++ rule's), and so does a Session's run over the same samples.
    np.testing.assert_array_equal(res.rhythm_hz, rhythm)
    assert flat.any() and list(res.to_pandas()["rhythm_hz"]) == list(rhythm)
    run, _ = tl.Session(fs=rec.fs).run(rec.acc)
    np.testing.assert_array_equal(run.rhythm_hz, rhythm)
    # The session's quiet stretches put windows on both sides of the floor (the rule is exercised).
    assert (res.amplitude < d["min_amplitude"]).any() and (res.amplitude >= d["min_amplitude"]).any()
    assert list(res.to_pandas()["label"]) == list(res.labels)
    rows = np.array([[0.5, 0.1, 0.2, 0.2], [0.1, 0.5, 0.2, 0.2], [0.5, 0.0, 0.25, 0.25], [0.0, 0.0, 0.125, 0.875],
                     [0.04, 0.0, 0.16, 0.8], [0.0, 0.0, 0.5, 0.5], [0.0, 0.0, 0.45, 0.55], [0.1, 0.1, 0.02, 0.78]])
    assert list(m.decide(rows)) == [_rule(p, d) for p in rows]
    amp = np.array([0.5, 0.05, 0.11, 0.2, 0.0, 1.0, 0.117, 3.0])
    assert list(m.decide(rows, amp)) == [_rule(p, d, a) for p, a in zip(rows, amp)]
    assert list(m.decide(rows, amp)) != list(m.decide(rows))  # some rows fall under the floor
    hz = np.array([6.0, 2.0, 5.0, 3.9, 8.0, 0.5, 4.0, 1.0])
    assert list(m.decide(rows, amp, hz)) == [_rule(p, d, a, f) for p, a, f in zip(rows, amp, hz)]
    # The physiological floor: the rows above it at 6 Hz fall under it at 9 Hz (0.2 m/s^2 < 0.2427).
    hz9 = np.full(len(rows), 9.0)
    assert list(m.decide(rows, amp, hz9)) == [_rule(p, d, a, f) for p, a, f in zip(rows, amp, hz9)]
    assert m.decide(rows[3:4], amp[3:4], [6.0])[0] != m.decide(rows[3:4], amp[3:4], [9.0])[0]
    assert list(m.decide(rows, None, hz)) == [_rule(p, d, rhythm_hz=f) for p, f in zip(rows, hz)]
    # The posture rule: a window past the limit is not tremor (shaking instead); NaN is not known.
    tt = np.array([0.0, 9.0, np.nan, 50.0, 5.0, 5.01, 0.0, 7.0])
    assert list(m.decide(rows, amp, hz, tt)) == [_rule(p, d, a, f, t) for p, a, f, t in zip(rows, amp, hz, tt)]
    held = np.array([[0.05, 0.0, 0.9, 0.05]])  # tremor by any of the thresholds, unless the limb turned
    assert list(m.decide(held)) == ["tremor"] and list(m.decide(held, None, None, [5.01])) == ["shaking"]
    assert list(m.decide(held, None, None, [np.nan])) == ["tremor"]
    with pytest.raises(ValueError, match="turn"):
        m.decide(rows, amp, hz, np.full(len(rows), np.inf))
    with pytest.raises(ValueError, match="turn"):
        m.decide(rows, amp, hz, -tt)
    sure = np.array([[0.0, 0.02, 0.0, 0.98]] * 3)  # mimicked by the shipped thresholds, whatever the rhythm ...
    assert list(m.decide(sure, None, [4.0, 3.9, 12.0])) == ["mimicked", "shaking", "mimicked"]  # ... but 3.9 Hz
    # With the fallback defaults (0.8 / 0.85 / 0.5) these are, by hand:
    fallback = tl.Classifier.from_json({k: v for k, v in json.loads(m.to_json()).items() if k != "decision"})
    assert fallback.decision == {"mimicked_min_p": 0.8, "mimicked_min_share": 0.85, "tremor_min_share": 0.5,
                                 "min_amplitude": pytest.approx(0.012 * 9.80665), "mimicked_min_rhythm_hz": 4.0,
                                 "tremor_max_turn_deg_s": 5.0, "mimicked_min_band_share": 0.8,
                                 "mimicked_max_amplitude": 8.5}
    assert list(fallback.decide(rows)) == ["rest", "voluntary", "tremor", "mimicked", "shaking", "tremor",
                                           "shaking", "shaking"]


@pytest.mark.parametrize("decision, match", [
    ({"mimicked_min_p": 0.9, "bogus": 1}, 'unknown key "bogus"'),
    ({"mimicked_min_p": 1.5}, "mimicked_min_p"),
    ({"mimicked_min_share": 0.2}, "mimicked_min_share"),
    ({"tremor_min_share": "half"}, "must be a number"),
    ({"mimicked_min_rhythm_hz": -1.0}, "mimicked_min_rhythm_hz"),
    ({"mimicked_min_rhythm_hz": 250.0}, "mimicked_min_rhythm_hz"),
    ({"tremor_max_turn_deg_s": 0.0}, "tremor_max_turn_deg_s"),
    ({"tremor_max_turn_deg_s": -5.0}, "tremor_max_turn_deg_s"),
])
def test_bad_decision_object_is_rejected(decision, match):
    j = json.loads(tl.Classifier.default().to_json())
    j["decision"] = decision
    with pytest.raises(ValueError, match=match):
        tl.Classifier.from_json(j)


def _linear_model(seed: int = 4) -> tuple[tl.Classifier, dict]:
    """A random linear model (format version 1) on the default model's features: logits = W z + b with
    z the standardised features, so every explanation has a closed form to check against."""
    j = json.loads(tl._core.Classifier.default_model().to_json())
    j.pop("hidden", None)
    j["version"] = 1
    rng = np.random.default_rng(seed)
    nf, nc = len(j["feature_names"]), len(j["classes"])
    j["scaler"] = {"mean": rng.normal(0, 1, nf).tolist(), "scale": rng.uniform(0.5, 2, nf).tolist()}
    j["weights"] = rng.normal(0, 1, (nc, nf)).tolist()
    j["bias"] = rng.normal(0, 0.5, nc).tolist()
    return tl.Classifier.from_json(json.dumps(j)), j


def test_explain_a_label_is_the_evidence_for_it():
    """explain(row, label=...): a model class's logit, or for 'shaking' the merged logit
    log(exp(l_tremor) + exp(l_mimicked)), whose gradient for a linear model is the P-weighted mean of the
    two weight rows: contributions = (P_t W_t + P_m W_m) / (P_t + P_m) * z, computed here in numpy."""
    model, j = _linear_model()
    W, b = np.array(j["weights"]), np.array(j["bias"])
    mean, scale = np.array(j["scaler"]["mean"]), np.array(j["scaler"]["scale"])
    names, classes = j["feature_names"], j["classes"]
    rng = np.random.default_rng(5)
    for _ in range(5):
        x = mean + scale * rng.normal(0, 1, len(names))
        z = (x - mean) / scale
        logit = W @ z + b
        p = np.exp(logit - logit.max())
        p /= p.sum()
        it, im = classes.index("tremor"), classes.index("mimicked")
        expect = {c: W[classes.index(c)] * z for c in classes}
        expect["shaking"] = (p[it] * W[it] + p[im] * W[im]) / (p[it] + p[im]) * z
        for label, want in expect.items():
            got = dict(model.explain(x, k=len(names), label=label))
            np.testing.assert_allclose([got[n] for n in names], want, rtol=1e-10, atol=1e-12, err_msg=label)
        got = dict(model.explain(x, k=len(names)))  # no label: the most probable class
        np.testing.assert_allclose([got[n] for n in names], expect[classes[int(np.argmax(logit))]], rtol=1e-10,
                                   atol=1e-12)
    with pytest.raises(ValueError, match="unknown label"):
        model.explain(x, label="faking")
    with pytest.raises(TypeError):
        model.explain(x, label=3)
    bad = x.copy()
    bad[2] = np.nan
    for label in (None, "shaking"):
        with pytest.raises(ValueError, match="finite"):
            model.explain(bad, label=label)
    with pytest.raises(ValueError, match="k must be"):
        model.explain(x, k=-1)
    with pytest.raises(TypeError, match="k must be"):
        model.explain(x, k=2.5)
    assert model.explain(x, k=0, label="rest") == []


def test_result_explain_explains_the_window_label():
    # tremor and mimicked with the same logit row and a head start: P(tremor) = P(mimicked), so every window
    # above the still-hand floor is 'shaking', and its explanation is the merged evidence, not one class's
    _, j = _linear_model()
    it, im = j["classes"].index("tremor"), j["classes"].index("mimicked")
    j["weights"][im] = list(j["weights"][it])
    j["bias"] = [3.0 if c in ("tremor", "mimicked") else 0.0 for c in j["classes"]]
    # tremor needs a lead over mimicked here (P(tremor) / (P(tremor) + P(mimicked)) = 0.5 < 0.7); the default
    # model's tuned share may be lower, when an even split is called tremor
    j["decision"]["tremor_min_share"] = 0.7
    model = tl.Classifier.from_json(json.dumps(j))
    t = np.arange(1200) / 100.0
    acc = np.c_[0.6 * np.sin(2 * np.pi * 6 * t), 0.1 * np.sin(2 * np.pi * 0.3 * t), 9.81 + 0 * t]
    res = tl.classify(acc, fs=100.0, model=model)
    assert np.count_nonzero(res.labels == "shaking") >= len(res) // 2
    for i in range(len(res)):
        assert res.explain(i, k=4) == model.explain(res.features[i], k=4, label=str(res.labels[i]))
    i = int(np.flatnonzero(res.labels == "shaking")[0])
    # equal rows: the merged gradient is that row, so the shaking explanation equals the tremor one
    assert res.explain(i, k=4) == model.explain(res.features[i], k=4, label="tremor")
