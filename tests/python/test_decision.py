"""tremorlab._core.decide: the C++ window decision (include/tremorlab/decision.hpp) on (n, 4) probability rows,
checked against the documented rule on hand-computed rows (dyadic thresholds, so "at the threshold" is exact),
and its input validation."""
from __future__ import annotations

import json

import numpy as np
import pytest

import tremorlab as tl
from tremorlab import _core

# mimicked needs P(mimicked) >= 0.75 and a share of P(tremor) + P(mimicked) >= 0.875; tremor a share >= 0.625.
CFG = {"mimicked_min_p": 0.75, "mimicked_min_share": 0.875, "tremor_min_share": 0.625}

# (rest, voluntary, tremor, mimicked) -> label under CFG, worked out by hand from the rule in decision.hpp:
#   s = pt + pm; s < max(pr, pv) -> rest / voluntary (tie: rest); all zero -> rest;
#   pm >= 0.75 and pm / s >= 0.875 -> mimicked; pt / s >= 0.625 -> tremor; otherwise shaking.
HAND = [
    ([0.5, 0.1, 0.2, 0.2], "rest"),            # s = 0.4 < 0.5
    ([0.1, 0.5, 0.2, 0.2], "voluntary"),       # s = 0.4 < 0.5, pv > pr
    ([0.4, 0.4, 0.1, 0.1], "rest"),            # tie of rest and voluntary
    ([0.5, 0.0, 0.25, 0.25], "shaking"),       # s = 0.5 is not < 0.5; pt / s = 0.5 < 0.625; pm < 0.75
    ([0.0, 0.0, 0.125, 0.875], "mimicked"),    # pm 0.875 >= 0.75, share 0.875 at the threshold
    ([0.15625, 0.0, 0.09375, 0.75], "mimicked"),  # pm at 0.75 exactly, share 0.75 / 0.84375 = 0.889
    ([0.0, 0.0, 0.25, 0.75], "shaking"),       # pm 0.75 but share 0.75 < 0.875; pt / s = 0.25
    ([0.0, 0.0, 0.625, 0.375], "tremor"),      # pt / s = 0.625 at the threshold
    ([0.25, 0.125, 0.375, 0.25], "shaking"),   # s = 0.625 > 0.25; pt / s = 0.6 < 0.625
    ([0.125, 0.0, 0.875, 0.0], "tremor"),      # pt / s = 1
    ([0.0, 0.0, 0.0, 0.0], "rest"),            # nothing to decide on
]


def test_hand_computed_rows():
    P = np.array([p for p, _ in HAND])
    got = _core.decide(P, CFG)
    assert isinstance(got, np.ndarray) and got.shape == (len(HAND),)
    assert list(got) == [lab for _, lab in HAND]


def test_fallback_defaults_are_the_documented_ones():
    assert _core.decision_defaults() == {"mimicked_min_p": 0.8, "mimicked_min_share": 0.85, "tremor_min_share": 0.5,
                                         "min_amplitude": pytest.approx(0.012 * 9.80665), "mimicked_min_rhythm_hz": 4.0,
                                         "tremor_max_turn_deg_s": 5.0, "mimicked_min_band_share": 0.8,
                                         "mimicked_max_amplitude": 8.5}
    # With the fallbacks (tremor share 0.5) the split row is tremor, and P(mimicked) 0.75 is not enough.
    P = np.array([[0.5, 0.0, 0.25, 0.25], [0.0, 0.0, 0.125, 0.875], [0.15625, 0.0, 0.09375, 0.75]])
    assert list(_core.decide(P)) == ["tremor", "mimicked", "shaking"]
    assert list(_core.decide(P, {})) == list(_core.decide(P))
    # A partial config takes the other fields' fallbacks.
    assert list(_core.decide(P, {"mimicked_min_p": 0.75})) == ["tremor", "mimicked", "mimicked"]


def test_same_labels_as_a_model_carrying_the_config():
    """The free function and Classifier.decide (model order = rest, voluntary, tremor, mimicked) agree."""
    rng = np.random.default_rng(4)
    P = rng.dirichlet(np.full(4, 0.6), size=3000)
    m = json.loads(tl.Classifier.default().to_json())
    m["decision"] = CFG
    model = tl.Classifier.from_json(m)
    assert model.classes == ["rest", "voluntary", "tremor", "mimicked"]
    np.testing.assert_array_equal(_core.decide(P, CFG), model.decide(P))


def test_empty_input_gives_no_labels():
    assert _core.decide(np.zeros((0, 4)), CFG).shape == (0,)


@pytest.mark.parametrize("bad", [np.zeros((3, 3)), np.zeros(4), np.zeros((2, 4, 1)), [[0.1, 0.2, 0.3]]])
def test_bad_shape_is_a_value_error(bad):
    with pytest.raises(ValueError, match=r"\(n, 4\)"):
        _core.decide(bad, CFG)


@pytest.mark.parametrize("v", [np.nan, np.inf])
def test_non_finite_probability_is_a_value_error(v):
    P = np.full((2, 4), 0.25)
    P[1, 2] = v
    with pytest.raises(ValueError, match="NaN or Inf"):
        _core.decide(P, CFG)


def test_non_numeric_input_is_a_type_error():
    with pytest.raises(TypeError):
        _core.decide(np.array([["a", "b", "c", "d"]]), CFG)
    with pytest.raises(TypeError):
        _core.decide(np.zeros((1, 4), dtype=complex), CFG)


def test_bad_config():
    P = np.full((1, 4), 0.25)
    with pytest.raises(ValueError, match="unknown decision setting 'tremor_share'"):
        _core.decide(P, {"tremor_share": 0.5})
    with pytest.raises(ValueError, match="mimicked_min_share must be in"):
        _core.decide(P, {"mimicked_min_share": 0.4})  # mimicked must at least lead tremor
    with pytest.raises(ValueError, match="mimicked_min_p"):
        _core.decide(P, {"mimicked_min_p": 1.5})
    with pytest.raises(ValueError, match="tremor_min_share"):
        _core.decide(P, {"tremor_min_share": float("nan")})
    with pytest.raises(TypeError, match="must be a number"):
        _core.decide(P, {"tremor_min_share": "0.5"})
    with pytest.raises(TypeError, match="must be a number"):
        _core.decide(P, {"tremor_min_share": True})
    with pytest.raises(TypeError, match="mapping"):
        _core.decide(P, [0.8, 0.85, 0.5])


def test_amplitude_floor_makes_small_shaking_rest_or_voluntary():
    """Below min_amplitude (m/s^2, band-passed RMS) no window is shaking of any kind: the larger of rest and
    voluntary (a tie: rest); at the floor the probability rule decides; without amplitudes no floor."""
    P = np.array([p for p, _ in HAND])
    cfg = dict(CFG, min_amplitude=0.125)
    above = _core.decide(P, cfg, np.full(len(HAND), 0.125))
    assert list(above) == [lab for _, lab in HAND] == list(_core.decide(P, cfg))
    below = _core.decide(P, cfg, np.full(len(HAND), np.nextafter(0.125, 0)))
    assert list(below) == ["voluntary" if p[1] > p[0] else "rest" for p, _ in HAND]
    assert list(_core.decide(P, dict(CFG, min_amplitude=0.0), np.zeros(len(HAND)))) == [lab for _, lab in HAND]
    # The default floor is 12 mg: 0.11 m/s^2 under it, 0.12 over it.
    row = np.array([[0.1, 0.0, 0.9, 0.0]])
    assert list(_core.decide(row, None, [0.11])) == ["rest"] and list(_core.decide(row, None, [0.12])) == ["tremor"]


@pytest.mark.parametrize("amp, err", [([0.1, 0.2], ValueError), ([[0.1]], ValueError), ([-0.1], ValueError),
                                      ([np.nan], ValueError), ([np.inf], ValueError), (["a"], TypeError),
                                      ([1 + 1j], TypeError)])
def test_bad_amplitudes_are_refused(amp, err):
    with pytest.raises(err, match="amplitude"):
        _core.decide(np.array([[0.1, 0.0, 0.9, 0.0]]), None, amp)
    with pytest.raises(err, match="amplitude"):
        tl.Classifier.default().decide(np.array([[0.1, 0.0, 0.9, 0.0]]), amp)


def test_mimicked_needs_its_rhythm_inside_the_band():
    """A mimicked-led window whose strongest rhythm (broad_peak_frequency) lies below mimicked_min_rhythm_hz
    is shaking; tremor is not gated; without rhythms (None) or with the guard at 0 the probabilities decide."""
    P = np.array([[0.0, 0.05, 0.0, 0.95], [0.0, 0.05, 0.0, 0.95], [0.1, 0.0, 0.9, 0.0], [0.0, 0.05, 0.0, 0.95]])
    amp = np.ones(4)
    hz = np.array([4.0, np.nextafter(4.0, 0), 3.5, 12.0])
    assert list(_core.decide(P, None, amp, hz)) == ["mimicked", "shaking", "tremor", "mimicked"]
    assert list(_core.decide(P, None, amp)) == ["mimicked", "mimicked", "tremor", "mimicked"]
    assert list(_core.decide(P, {"mimicked_min_rhythm_hz": 0.0}, amp, hz)) == ["mimicked"] * 2 + ["tremor", "mimicked"]
    assert list(_core.decide(P, {"mimicked_min_rhythm_hz": 5.0}, amp, hz)) == ["shaking"] * 2 + ["tremor", "mimicked"]
    assert _core.decision_defaults()["mimicked_min_rhythm_hz"] == 4.0
    assert list(tl.Classifier.default().decide(P, amp, hz)) == ["mimicked", "shaking", "tremor", "mimicked"]


def test_mimicked_needs_the_oscillation_to_be_the_movement():
    """A mimicked-led window whose band holds less than mimicked_min_band_share (0.8) of its movement power is
    shaking: a rhythm riding on a reach or a drink may be a kinetic tremor (decision.hpp,
    clear_oscillation_band_share). Tremor is not gated; NaN or None: not known, no guard; 0 switches it off."""
    P = np.array([[0.0, 0.05, 0.0, 0.95]] * 4 + [[0.1, 0.0, 0.9, 0.0]])
    amp, hz = np.ones(5), np.full(5, 6.0)
    share = np.array([0.8, np.nextafter(0.8, 0), 0.3, np.nan, 0.3])
    assert list(_core.decide(P, None, amp, hz, None, share)) == ["mimicked", "shaking", "shaking", "mimicked", "tremor"]
    assert list(_core.decide(P, None, amp, hz)) == ["mimicked"] * 4 + ["tremor"]
    assert list(_core.decide(P, {"mimicked_min_band_share": 0.0}, amp, hz, None, share)) == ["mimicked"] * 4 + ["tremor"]
    assert list(_core.decide(P, {"mimicked_min_band_share": 0.2}, amp, hz, None, share)) == ["mimicked"] * 4 + ["tremor"]
    assert list(tl.Classifier.default().decide(P, amp, hz, None, share)) == [
        "mimicked", "shaking", "shaking", "mimicked", "tremor"]
    # The same share the evidence rule asks of a clear tremor (tremorlab.realtremor).
    from tremorlab import realtremor
    assert _core.decision_defaults()["mimicked_min_band_share"] == realtremor.RULE["min_share"]


@pytest.mark.parametrize("share, err", [([0.5, 0.5], ValueError), ([[0.5]], ValueError), ([-0.1], ValueError),
                                        ([1.5], ValueError), ([np.inf], ValueError), (["a"], TypeError)])
def test_bad_band_shares_are_refused(share, err):
    with pytest.raises(err, match="band_share"):
        _core.decide(np.array([[0.0, 0.05, 0.0, 0.95]]), None, None, None, None, share)
    with pytest.raises(err, match="band_share"):
        tl.Classifier.default().decide(np.array([[0.0, 0.05, 0.0, 0.95]]), None, None, None, share)


def test_no_window_larger_than_any_imitation_is_mimicked():
    """A mimicked-led window whose band-passed RMS exceeds mimicked_max_amplitude (8.5 m/s^2, a little above the
    largest real imitation window of the train pool, decision.hpp imitation_max_amplitude) is shaking; at it, or
    with the amplitude unknown, the probabilities decide. Tremor is not gated; 1e9 switches the guard off."""
    P = np.array([[0.0, 0.05, 0.0, 0.95]] * 3 + [[0.0, 0.05, 0.95, 0.0]])
    amp, hz = np.array([8.5, np.nextafter(8.5, 9.0), 30.0, 30.0]), np.full(4, 6.0)
    assert list(_core.decide(P, None, amp, hz)) == ["mimicked", "shaking", "shaking", "tremor"]
    assert list(_core.decide(P)) == ["mimicked"] * 3 + ["tremor"]
    assert list(_core.decide(P, {"mimicked_max_amplitude": 1e9}, amp, hz)) == ["mimicked"] * 3 + ["tremor"]
    assert list(tl.Classifier.default().decide(P, amp, hz)) == ["mimicked", "shaking", "shaking", "tremor"]


def test_size_guard_lies_just_above_every_real_imitation(shared_data):
    """decision.hpp: "The real imitations of the phone train pool reach 1.55 / 7.05 / 8.41 m/s^2 (median / 99th
    percentile / largest window)", and the guard sits a little above the largest."""
    from tremorlab import datasets as D
    from tremorlab import train as T

    real = T.real_windows(D.train_pool(D.catalogue(str(shared_data)), labelled_only=True))
    amp = _core.band_rms_of_features(real.X[real.y == "mimicked"])
    assert [round(float(v), 2) for v in (np.median(amp), np.percentile(amp, 99), amp.max())] == [1.55, 7.05, 8.41]
    assert amp.max() < _core.decision_defaults()["mimicked_max_amplitude"] < 1.05 * amp.max()


@pytest.mark.parametrize("bad", [0.0, -1.0, 1.1e9, float("nan"), float("inf")])
def test_bad_mimicked_max_amplitude_is_refused(bad):
    with pytest.raises(ValueError, match="mimicked_max_amplitude"):
        _core.decide(np.array([[0.1, 0.0, 0.9, 0.0]]), {"mimicked_max_amplitude": bad})


@pytest.mark.parametrize("bad", [-0.5, 1.5, float("nan")])
def test_bad_mimicked_min_band_share_is_refused(bad):
    with pytest.raises(ValueError, match="mimicked_min_band_share"):
        _core.decide(np.array([[0.1, 0.0, 0.9, 0.0]]), {"mimicked_min_band_share": bad})


@pytest.mark.parametrize("hz, err", [([4.0, 5.0], ValueError), ([[4.0]], ValueError), ([-1.0], ValueError),
                                     ([np.nan], ValueError), ([np.inf], ValueError), (["a"], TypeError)])
def test_bad_rhythms_are_refused(hz, err):
    with pytest.raises(err, match="rhythm_hz"):
        _core.decide(np.array([[0.0, 0.05, 0.0, 0.95]]), None, None, hz)
    with pytest.raises(err, match="rhythm_hz"):
        tl.Classifier.default().decide(np.array([[0.0, 0.05, 0.0, 0.95]]), None, hz)


@pytest.mark.parametrize("bad", [-0.5, 100.5, float("nan")])
def test_bad_mimicked_min_rhythm_is_refused(bad):
    with pytest.raises(ValueError, match="mimicked_min_rhythm_hz"):
        _core.decide(np.array([[0.1, 0.0, 0.9, 0.0]]), {"mimicked_min_rhythm_hz": bad})


@pytest.mark.parametrize("bad", [-0.01, 1001.0, float("nan")])
def test_bad_min_amplitude_is_refused(bad):
    with pytest.raises(ValueError, match="min_amplitude"):
        _core.decide(np.array([[0.1, 0.0, 0.9, 0.0]]), {"min_amplitude": bad})


def test_features_give_the_amplitude_and_rhythm_classify_used():
    """The amplitude a features-only caller gives decide() is the one classify() measured, to rounding, and the
    rhythm is the broad_peak_frequency column, or 0 where the spectral entropy says the window has none or where
    it is slower than any tremor (3 Hz) with under a quarter of the power in the band (a slower movement's
    harmonics)."""
    from tremorlab import synth

    rec = synth.session(seed=5004, scale=0.25)
    res = tl.classify(rec.acc, fs=rec.fs)
    got = _core.band_rms_of_features(res.features)
    np.testing.assert_allclose(got, res.amplitude, rtol=1e-9, atol=1e-12)
    names = list(tl.feature_names())
    flat = res.features[:, names.index("spectral_entropy")] > _core.no_rhythm_entropy(rec.fs)
    assert flat.any() and not flat.all()  # the session's quiet stretches have a flat spectrum
    peak = res.features[:, names.index("broad_peak_frequency")]
    harmonics = (peak < 3.0) & (res.features[:, names.index("rel_band_power")] < 0.25)
    assert (harmonics & ~flat).any()  # the session's slow voluntary movement
    np.testing.assert_array_equal(_core.rhythm_of_features(res.features),
                                  np.where(flat | harmonics, 0.0, peak))
    with pytest.raises(ValueError):
        _core.rhythm_of_features(np.zeros((2, 3)))
    with pytest.raises(ValueError):
        _core.band_rms_of_features(np.zeros((2, 3)))


def test_size_guard_holds_in_classify_and_the_detector():
    """A synthetic wilful shaking of 20 m/s^2 peak (seed 5; mostly above the guard): with the guard switched off
    (mimicked_max_amplitude 1e9) 46 of its windows are `mimicked` and the Detector names the bout `mimicked`; with the
    shipped model no window above 8.5 m/s^2 is `mimicked` (1 below it is), and the Detector, which settles the kind only on a
    window the decision calls mimicked, names no kind."""
    from tremorlab import synth

    rec = synth.generate("mimicked", 30.0, 100.0, 5, amplitude=20.0)
    j = json.loads(tl.Classifier.default().to_json())
    j["decision"]["mimicked_max_amplitude"] = 1e9
    off = tl.Classifier.from_json(j)

    def named(model):
        ev = tl.Detector(fs=rec.fs, model=model).push(rec.acc)
        return [e.label for e in ev if e.kind in ("onset", "relabel")]

    res = tl.classify(rec.acc, fs=rec.fs, units="m/s^2")
    mim = np.asarray(res.labels) == "mimicked"
    assert not (np.asarray(res.amplitude)[mim] > 8.5).any() and mim.sum() <= 3
    assert (np.asarray(tl.classify(rec.acc, fs=rec.fs, units="m/s^2", model=off).labels) == "mimicked").sum() >= 40
    assert "mimicked" in named(off) and "mimicked" not in named(None)
