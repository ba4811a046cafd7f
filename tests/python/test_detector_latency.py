"""Small fixed-seed version of benchmarks/latency.py with the shipped model and default hysteresis.

Bounds are looser than the benchmark targets (median <= 1.0 s, p95 <= 2.0 s, <= 1 false onset/h) because the
sample is small; benchmarks/latency.py prints the full numbers."""
from __future__ import annotations


import numpy as np
import pytest
from _scripts import load

L = load("benchmarks/latency.py", "tl_latency")


def test_score_session_rules():
    from tremorlab.detector import Event

    segs = [(0.0, 10.0, "rest"), (10.0, 20.0, "tremor"), (20.0, 40.0, "rest")]
    ev = [Event("onset", "tremor", 9.5, 11.0), Event("offset", "tremor", 20.0, 21.5),
          Event("onset", "tremor", 21.0, 21.9),   # inside the one-window tail: not false
          Event("onset", "mimicked", 30.0, 31.0)]  # false
    r = L.score_session(ev, segs, window_s=2.5)
    assert r["latencies"] == [1.0]
    assert r["latency_by_label"] == {"tremor": [1.0], "mimicked": []}
    assert r["time_errors"] == [-0.5]  # onset time 9.5 vs true start 10.0: scored separately from the delay
    assert r["missed"] == 0 and r["false_onsets"] == 1
    assert r["exposure_s"] == pytest.approx(30.0)
    assert r["label_at_onset"] == {"tremor": 1, "mimicked": 0} and r["label_delay"]["tremor"] == [1.0]


def test_score_session_counts_an_onset_in_the_lead_in_ramp_as_the_bouts():
    """synth.session cross-fades segments over a ramp centred on the boundary, so a bout's oscillation starts
    half a ramp early: an onset detected then belongs to the bout (negative delay), not a false onset and a
    missed bout (model v11, seed 9018: an onset 0.01 s early hid a bout whose kind was named `mimicked`)."""
    from tremorlab.detector import Event

    segs = [(0.0, 10.0, "rest"), (10.0, 20.0, "tremor"), (20.0, 40.0, "rest")]
    ev = [Event("onset", "shaking", 9.6, 9.9), Event("relabel", "mimicked", 9.6, 12.0),
          Event("offset", "mimicked", 20.0, 21.5)]
    r = L.score_session(ev, segs)
    assert r["missed"] == 1 and r["false_onsets"] == 1 and r["latencies"] == []
    r = L.score_session(ev, segs, lead_s=0.25)
    assert r["missed"] == 0 and r["false_onsets"] == 0
    assert r["latencies"] == [pytest.approx(-0.1)]
    assert r["first_kind"]["tremor"] == {"tremor": 0, "mimicked": 1, "none": 0}
    assert L.score_session(ev, segs, lead_s=0.05)["missed"] == 1  # earlier than the ramp: still false


def test_score_session_label_rules():
    from tremorlab.detector import Event

    segs = [(0.0, 10.0, "rest"), (10.0, 30.0, "tremor"), (30.0, 40.0, "rest"), (40.0, 60.0, "mimicked")]
    ev = [Event("onset", "mimicked", 10.2, 11.0), Event("relabel", "tremor", 11.5, 12.5),
          Event("relabel", "mimicked", 15.0, 16.0),   # away from the truth
          Event("relabel", "tremor", 17.0, 18.0),     # right for good from here
          Event("offset", "tremor", 30.0, 31.0),
          Event("onset", "tremor", 40.5, 41.0), Event("offset", "tremor", 59.0, 60.0)]  # never right
    r = L.score_session(ev, segs)
    assert r["label_at_onset"] == {"tremor": 0, "mimicked": 0}
    assert r["label_delay"] == {"tremor": [8.0], "mimicked": []}
    assert r["label_never_right"] == {"tremor": 0, "mimicked": 1}
    assert r["wrong_relabels"] == 1


@pytest.fixture(scope="module")
def small_sessions():
    return L.synthetic_sessions(4, 0.4, seed0=1000)


def test_latency_max_small(small_sessions):
    assert np.max(small_sessions["latencies"]) <= 2.0


def test_latency_and_false_onsets_small(small_sessions):
    # Issue 5's targets (median <= 1.0 s, p95 <= 2.0 s) on 8 fixed synthetic onsets; measured when written with
    # the 2.0 s default window: median 0.99 s, max 1.74 s (2.5 s windows gave a median of 1.24 s); model v2
    # (issue 12): median 0.24 s, max 2.24 s; model v3 missed one and made one false onset (strict xfails until
    # model v4, which passes both; benchmarks/latency.py, seeds 9000-9039: p95 1.99 s).
    s = small_sessions
    lat = np.array(s["latencies"])
    assert s["missed"] == 0, s
    assert lat.size == s["n_segments"] == 8
    assert np.median(lat) <= 1.0, lat
    assert s["latency_by_label"]["tremor"] == s["latencies"]  # the synthetic sessions shake with tremor only
    # The back-dated onset time lands near the true start (within about a second either way).
    err = np.array(s["time_errors"])
    assert np.all(np.abs(err) <= 1.5), err
    assert s["false_onsets"] == 0, s
    rest = L.synthetic_nonshaking("rest", 2.0, n=2)
    assert rest["false_onsets"] == 0


def test_real_pads_tremor_bouts_are_never_named_mimicked_first(shared_data):
    """benchmarks/latency.py's real-tremor check on the train-pool PADS recordings (tests/data/pads_more is in
    the repository; ../shared adds pads_relaxed and pads_subset): the Detector never names a bout in a file
    with clear tremor `mimicked` first (the worst error), and names most of them tremor. Measured when written
    (with ../shared): 32 files, 38 bouts, 36 named tremor first, 0 mimicked, 2 never named. The train pool is
    read only with ../shared (realtremor.pads_recordings), so the test skips without it."""
    pads = L.real_pads(root=shared_data)
    clear = pads["clear tremor"]
    assert clear["files"] >= 8
    assert sum(clear["first"].values()) == clear["bouts"] == sum(clear["final"].values())
    assert clear["first"]["mimicked"] == 0, clear
    assert clear["first"]["tremor"] >= 0.8 * clear["bouts"] > 0, clear


def test_true_acceleration_tremor_bouts_are_never_named_mimicked_first():
    """The same on the held-out people's recordings with three true accelerations (tests/data/pads_cmp, in the
    repository): no bout in a file with clear tremor is named `mimicked` first, and most are named tremor.
    Measured when written: 4 files, 4 bouts, all named tremor first."""
    clear = L.real_pads(true_acc=True)["clear tremor"]
    assert clear["files"] >= 4
    assert sum(clear["first"].values()) == clear["bouts"] == sum(clear["final"].values())
    assert clear["first"]["mimicked"] == 0, clear
    assert clear["first"]["tremor"] >= 0.8 * clear["bouts"] > 0, clear
