"""tremorlab.Session: bout bookkeeping, rest afterwards, flags and JSON, on a synthetic signal."""
from __future__ import annotations

import json

import numpy as np
import pytest

import tremorlab
from tremorlab.session import Session

FS = 100.0




from _models import band_power_model  # noqa: E402

MODEL = band_power_model()


def signal(rest_s, shake_s, still_s, amp=3.0, f=6.0, gravity=(0.0, 0.0, 9.81), seed=0):
    rng = np.random.default_rng(seed)
    n = int((rest_s + shake_s + still_s) * FS)
    t = np.arange(n) / FS
    s = np.where((t >= rest_s) & (t < rest_s + shake_s), amp * np.sin(2 * np.pi * f * t), 0.0)
    x = np.stack([gravity[0] + s, gravity[1] + 0.6 * s, gravity[2] + 0.3 * s], axis=1)
    return t, x + rng.normal(0, 0.01, (n, 3))


def test_exported():
    assert tremorlab.Session is Session


def test_one_bout_then_rest():
    t, x = signal(4, 20, 30)
    s = Session(fs=FS, model=MODEL)
    ev = s.push(x, t) + s.flush()
    assert [e.kind for e in ev if e.kind != "relabel"] == ["onset", "offset"]
    summ = s.summary()
    # Time by kind adds up to the shaking time; the bout's kind is the offset's.
    assert summ["shaking_s"] == pytest.approx(summ["tremor_s"] + summ["mimicked_s"] + summ["unsettled_s"])
    assert summ["bouts"][0]["label"] == ev[-1].label
    assert "medical" in summ["disclaimer"]
    assert len(summ["bouts"]) == 1
    b = summ["bouts"][0]
    assert b["duration_s"] == pytest.approx(20, abs=2.0)
    assert summ["shaking_s"] == pytest.approx(b["duration_s"])
    assert b["mean_frequency_hz"] == pytest.approx(6.0, abs=0.3)
    assert b["peak_amplitude"] >= b["mean_amplitude"] > 0
    # ~30 s of stillness after the bout, minus about one window of overlap with the shaking
    assert 25 <= summ["rest_after_last_bout_s"] <= 30.5
    assert summ["rest_after_shaking_s"] == pytest.approx(summ["rest_after_last_bout_s"])
    assert not any(summ["flags"].values())
    assert json.loads(s.to_json()) == summ


def test_flags_thresholds():
    t, x = signal(2, 40, 2)
    s = Session(fs=FS, model=MODEL, first_session=True, first_session_max_s=20, continuous_notice_s=15, continuous_limit_s=30,
                session_shaking_max_s=35)
    s.push(x, t)
    s.flush()
    f = s.summary()["flags"]
    assert f == {"first_session_long": True, "rest_suggested": True, "rest_strongly_suggested": True,
                 "long_session": True}


def test_open_bout_is_counted():
    t, x = signal(2, 15, 0)
    s = Session(fs=FS, model=MODEL)
    s.push(x, t)
    summ = s.summary()
    assert len(summ["bouts"]) == 1 and summ["bouts"][0]["open"]
    assert summ["shaking_s"] > 10


def test_lying_rest_needs_placement():
    # still, upright (gravity along y = the body axis): rest by stillness alone, not with placement known
    t, x = signal(2, 10, 20, gravity=(0.0, 9.81, 0.0))
    a = Session(fs=FS, model=MODEL)
    a.push(x, t)
    b = Session(fs=FS, model=MODEL, body_axis=(0, 1, 0))
    b.push(x, t)
    assert a.summary()["rest_after_last_bout_s"] > 15
    assert b.summary()["rest_after_last_bout_s"] == 0
    with pytest.raises(ValueError):
        Session(fs=FS, model=MODEL, body_axis=(1, 2))


def test_reset():
    t, x = signal(2, 10, 5)
    s = Session(fs=FS, model=MODEL)
    s.push(x, t)
    s.reset()
    assert s.summary()["bouts"] == []


@pytest.mark.parametrize("seed", [3, pytest.param(5, marks=pytest.mark.xfail(
    strict=True, reason="models v2-v12 (issue 12): the bridge bout of this session is split and partly "
                        "labelled mimicked or shaking; the shaking/relabel rule has not settled it"))])
def test_synthetic_session_bouts_match_window_classification(seed):
    """Bout intensity, label and confidence agree with tremorlab.classify's windows inside each bout (the same
    windows the detector classifies): regression for bouts reported with zero amplitude and for a tremor bout
    labelled "mimicked" with the mimicked class's tiny mean probability. The session's times split by kind
    (shaking_s = tremor_s + mimicked_s + unsettled_s)."""
    from tremorlab import synth

    rec = synth.session(seed=seed)
    s = Session(fs=rec.fs)
    s.push(rec.acc, rec.t)
    s.flush()
    bouts = s.summary()["bouts"]
    res = tremorlab.classify(rec.acc, fs=rec.fs)
    centres = np.asarray(res.times, float)
    amp = np.asarray(res.amplitude, float)
    proba = np.asarray(res.proba, float)
    classes = [str(c) for c in res.classes]
    it = classes.index("tremor")
    long_bouts = [b for b in bouts if b["duration_s"] >= 30]
    assert len(long_bouts) == 2  # the two tremor segments of synth.default_plan
    for b in long_bouts:
        inside = (centres >= b["start"]) & (centres <= b["end"])
        assert inside.sum() >= 100
        assert b["mean_amplitude"] > 0 and b["peak_amplitude"] >= b["mean_amplitude"]
        # The bout also holds the run windows just before its start: a few percent at most.
        assert b["mean_amplitude"] == pytest.approx(amp[inside].mean(), rel=0.05)
        assert b["peak_amplitude"] == pytest.approx(amp[inside].max(), rel=0.05)
        # A synthetic tremor segment: the bout's kind settles as tremor, and its confidence is the mean
        # P(tremor) over the bout's windows.
        st = proba[inside, it].sum()
        assert b["label"] == "tremor"
        assert b["confidence"] == pytest.approx(st / inside.sum(), abs=0.03)
        assert b["confidence"] >= 0.5
    summ = s.summary()
    assert summ["shaking_s"] == pytest.approx(summ["tremor_s"] + summ["mimicked_s"] + summ["unsettled_s"])
    assert summ["tremor_s"] >= sum(b["duration_s"] for b in long_bouts) - 1e-9
    for b in bouts:  # never a label whose mean probability is tiny
        assert b["confidence"] >= 0.3, b


def test_pause_join_joins_bouts_for_the_continuous_flags():
    """Two 6 Hz shakes with a still pause between them make two detector bouts. With the default
    pause_join_s (5 s) a 3 s pause is one stretch of continuous shaking (longest_continuous_s spans both bouts,
    pause included), a 6 s pause is not; pause_join_s=0 joins nothing. The bouts are the detector's either way."""
    fs = 100.0
    t = np.arange(int(45 * fs)) / fs

    def summary(pause, **kw):
        shake = ((t >= 5) & (t < 17)) | ((t >= 17 + pause) & (t < 32 + pause))
        acc = np.c_[0.8 * np.sin(2 * np.pi * 6 * t) * shake, 0.0 * t, 9.81 + 0.0 * t]
        acc += np.random.default_rng(3).normal(0, 0.01, acc.shape)
        s = Session(fs=fs, **kw)
        s.push(acc, t)
        s.flush()
        return s.summary()

    short, zero, long_ = summary(3.0), summary(3.0, pause_join_s=0.0), summary(6.0)
    assert short["thresholds"]["pause_join_s"] == tremorlab._core.session_defaults()["pause_join_s"] == 5.0
    for d in (short, zero, long_):
        assert len(d["bouts"]) == 2, d["bouts"]
    b0, b1 = short["bouts"]
    assert 0 < b1["start"] - b0["end"] < 5.0
    assert short["longest_continuous_s"] == pytest.approx(b1["end"] - b0["start"])
    assert short["longest_continuous_s"] > short["longest_bout_s"] + 10
    assert [b["start"] for b in zero["bouts"]] == [b["start"] for b in short["bouts"]]
    assert zero["longest_continuous_s"] == pytest.approx(zero["longest_bout_s"])
    b0, b1 = long_["bouts"]
    assert b1["start"] - b0["end"] > 5.0
    assert long_["longest_continuous_s"] == pytest.approx(long_["longest_bout_s"])
    with pytest.raises(ValueError, match="pause_join_s"):
        Session(fs=fs, pause_join_s=-1.0)


def test_run_refuses_timestamps_and_units_that_contradict_the_recording():
    """Session.run has the whole recording, so it checks what a live stream cannot: timestamps in milliseconds
    (every interval a gap: it used to return no window and no error), an fs that is not the timestamps' rate,
    and g data declared as m/s^2. Each is a ValueError, and the session is left usable."""
    rec = tremorlab.synth.session(seed=3)
    acc, t = rec.acc[:3000], rec.t[:3000]
    s = Session(fs=FS)
    with pytest.raises(ValueError, match=r"every interval between the \d+ timestamps is longer than 0.2 s"):
        s.run(acc, t * 1000.0)
    with pytest.raises(ValueError, match=r"timestamps step a mean 0.02 s \(50 Hz"):
        s.run(acc, t * 2.0)
    with pytest.raises(ValueError, match=r"declared in m/s\^2 looks like it is in g"):
        s.run(acc / tremorlab.units.STANDARD_GRAVITY, t)
    res, _ = s.run(acc, t)
    assert len(res) == tremorlab.classify(acc, fs=FS).proba.shape[0]
