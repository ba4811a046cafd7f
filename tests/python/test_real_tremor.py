"""The shipped model on the real recordings of the shared folder (skips when absent): issue 12's targets.

Real tremor windows are labelled by the classifier-independent signal rule of ``tremorlab.realtremor``; the
model's window label is the decision rule with the model's own "decision" thresholds. These recordings are in
the model's train pool, so these are in-sample figures: the test keeps a future model change from silently
regressing them; the honest leave-subjects-out figures are in docs/evaluation.md. Targets the model does not
meet yet are strict xfails: they fail the day the target is met, so the xfail is then removed.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tremorlab import _core
from tremorlab import datasets as D
from tremorlab import evaluate as E
from tremorlab import realtremor as R
from tremorlab import train as T
from tremorlab.classify import DEFAULT_MODEL_PATH

CLEAR = "real clear tremor (PADS, rule-labelled windows)"
HEALTHY_REST = "real healthy rest (PADS rest tasks, rule-negative)"


@pytest.fixture(scope="module")
def labelled(shared_data):
    model = json.loads(open(DEFAULT_MODEL_PATH, encoding="utf-8").read())
    assert set(model["decision"]) == {"mimicked_min_p", "mimicked_min_share", "tremor_min_share", "min_amplitude",
                                      "mimicked_min_rhythm_hz", "tremor_max_turn_deg_s", "mimicked_min_band_share",
                                      "mimicked_max_amplitude"}
    core = _core.Classifier.from_json(json.dumps(model))
    pool = D.train_pool(D.catalogue(str(shared_data)), labelled_only=True)
    ws = T.WindowSet.concat([T.real_windows(pool), T.pads_windows(str(shared_data))])
    labels = np.array(core.decide(core.predict_proba(ws.X), _core.band_rms_of_features(ws.X),
                                  _core.rhythm_of_features(ws.X), ws.turn, _core.band_share_of_features(ws.X)))
    groups = np.array([E.source_of(r, y) for r, y in zip(ws.recording, ws.y)])
    return {g: E.label_fractions(labels[groups == g]) for g in set(groups)}


def test_rule_labels_the_documented_tremor_files(shared_data):
    """The window rule agrees with the per-file evidence: every evidence-positive PADS file has rule-tremor
    windows, no healthy participant's rest task of pads_subset has any."""
    pos, healthy_hits = set(), 0
    for rec in R.pads_recordings(shared_data):
        n = rec.acc.shape[0]
        hits = [R.tremor_rule(R.window_evidence(rec.acc[i:i + 200] - [0, 0, 1])) for i in range(0, n - 200, 50)]
        if rec.evidence == "positive" and any(hits):
            pos.add(rec.name)
        if rec.subject in ("pads001", "pads003") and rec.task_kind == "rest_posture":
            healthy_hits += sum(hits)
    n_positive = sum(1 for rec in R.pads_recordings(shared_data) if rec.evidence == "positive")
    assert len(pos) == n_positive and healthy_hits == 0


def test_real_tremor_windows_have_a_rhythm(shared_data):
    """No rule-labelled real tremor window of the train pool is flat enough to count as having no rhythm
    (FeatureExtractor::no_rhythm_bandwidth_hz: docs/evaluation.md "No rhythm, no shaking"), so the rule never
    takes a label from real tremor: their highest spectral entropy is 0.874 against 0.88 (model v10's train pool,
    true acceleration: 1181 windows of 30 people, v9's 806 of 29, the highest a 9.4 Hz postural tremor of PD 269; v8's 668 of 21
    reached 0.867, when the threshold was 0.87, and this test is what moved it)."""
    ws = T.pads_windows(str(shared_data))
    X = ws.X[ws.y == "tremor"]
    entropy = X[:, _core.feature_names().index("spectral_entropy")]
    assert len(X) >= 500
    assert entropy.max() < _core.no_rhythm_entropy()
    assert np.all(_core.rhythm_of_features(X) > 0)  # every one keeps its rhythm


@pytest.mark.parametrize("fs, up, down", [(25.0, 1, 4), (32.0, 8, 25), (50.0, 1, 2)])
def test_real_tremor_keeps_its_rhythm_at_low_rates(shared_data, fs, up, down):
    """The same real tremor recordings streamed at a watch's lower rates (scipy's polyphase resampling): with
    fewer bins every spectrum's normalised entropy rises (at 25 Hz 15 % of these windows pass 0.87), which is
    why the rule is a bandwidth (FeatureExtractor::no_rhythm_bandwidth_hz); no window the decision would
    call tremor loses the label to it."""
    from scipy.signal import resample_poly

    from tremorlab import classify

    col = _core.feature_names().index("broad_peak_frequency")
    n = lost = 0
    for rec in R.pads_recordings(str(shared_data)):
        if rec.task_kind != "rest_posture" or not rec.tremor_person or rec.rule_label() != "positive":
            continue
        res = classify(resample_poly(rec.acc, up, down, axis=0), fs=fs, units="g", hop_s=0.5)
        without = res.model.decide(res.proba, res.amplitude, res.features[:, col], res.turn_deg_s)
        n += int(np.sum(without == "tremor"))
        lost += int(np.sum((without == "tremor") & (np.asarray(res.labels) != "tremor")))
    assert n > 300
    assert lost == 0


def test_window_evidence_of_a_sine_matches_closed_form():
    """A 6 Hz sine of amplitude A g: 3-12 Hz RMS = A/sqrt(2), all power in the band, concentrated at 6 Hz."""
    t = np.arange(200) / 100.0
    acc = np.zeros((200, 3))
    acc[:, 1] = 0.05 * np.sin(2 * np.pi * 6.0 * t)
    ev = R.window_evidence(acc)
    assert ev["rms_mg"] == pytest.approx(1000 * 0.05 / np.sqrt(2), rel=0.03)
    assert ev["share"] > 0.99 and ev["concentration"] > 0.95 and ev["peak_hz"] == pytest.approx(6.0)
    assert R.tremor_rule(ev) and not R.rest_rule(ev)


def test_window_rules_label_each_window_by_hand_values():
    """Three 2 s windows side by side: a 6 Hz sine of 50 mg RMS (tremor: >= 20 mg, all in band), one of
    15 mg (between the rules: under the tremor rule's 20 mg, over the rest rule's 12 mg) and stillness (rest);
    then the same windows read from other starts, and refusals of a window outside the samples."""
    t = np.arange(200) / 100.0
    acc = np.zeros((600, 3))
    acc[:200, 0] = 0.05 * np.sqrt(2) * np.sin(2 * np.pi * 6.0 * t)
    acc[200:400, 2] = 0.015 * np.sqrt(2) * np.sin(2 * np.pi * 6.0 * t)
    assert R.window_rules(acc, 100.0, [0, 200, 400], 200).tolist() == ["tremor", "", "rest"]
    assert R.window_rules(acc, 100.0, np.array([400, 0]), 200).tolist() == ["rest", "tremor"]
    assert R.window_rules(acc, 100.0, [], 200).tolist() == []
    with pytest.raises(ValueError, match="outside"):
        R.window_rules(acc, 100.0, [401], 200)
    with pytest.raises(ValueError, match="outside"):
        R.window_rules(acc, 100.0, [-1], 200)
    with pytest.raises(ValueError, match="at least 2"):
        R.window_rules(acc, 100.0, [0], 1)


def test_real_tremor_is_rarely_called_mimicked(labelled):
    assert labelled[CLEAR]["mimicked"] <= 0.10  # issue 12 target


def test_real_tremor_is_shaking(labelled):
    """Tremor, or shaking of uncertain kind: the detector's shaking onset fires on these windows."""
    fr = labelled[CLEAR]
    assert fr["tremor"] + fr["shaking"] >= 0.80


def test_real_tremor_target(labelled):
    # In-sample (these windows are in the model's train pool): met since model v4. Leave-subjects-out, the
    # honest figure, is 77.1 % (docs/evaluation.md), so issue 12's target is not met out of sample yet.
    assert labelled[CLEAR]["tremor"] >= 0.80


@pytest.mark.parametrize("source", ["everyday: PADS voluntary tasks (healthy)", "everyday: phone movement"])
def test_everyday_movement_is_not_tremor(labelled, source):
    assert labelled[source]["tremor"] <= 0.01  # issue 12 target


@pytest.mark.parametrize("source", [HEALTHY_REST, "real motionless (phone)"])
def test_healthy_rest_is_not_tremor(labelled, source):
    # Met since the still-hand amplitude floor (decision.hpp, 12 mg); model v4 alone gave 1.1 % and 1.3 %.
    assert labelled[source]["tremor"] <= 0.01


def test_imitation_is_rarely_tremor(labelled):
    assert labelled["real imitation (phone)"]["tremor"] <= 0.10  # issue 12 target


def _evidence_rows(folder):
    import csv

    with open(folder / "evidence.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _check_evidence_file(folder):
    rows = _evidence_rows(folder)
    assert rows
    for row in rows:
        acc = np.loadtxt(folder / row["file"], delimiter=",", dtype=np.float64)
        assert acc.shape == (2048, 3)
        got = R.file_evidence(acc)
        assert got == {"rms_3_12hz_mg": float(row["rms_3_12hz_mg"]), "share_3_12hz": float(row["share_3_12hz"]),
                       "peak_hz": float(row["peak_hz"]), "label_by_rule": row["label_by_rule"]}, row["file"]


def test_file_evidence_reproduces_the_shared_evidence_csv(shared_data):
    """file_evidence (tremorlab's butter/sosfiltfilt/welch) gives every value the shared folder's evidence.csv
    prints, which were computed independently (scipy) when the folder was made."""
    _check_evidence_file(shared_data / "pads_relaxed")


@pytest.mark.parametrize("name", ["pads_more", "pads_heldout"])
def test_fetched_pads_evidence_is_recomputed_from_its_files(name):
    """The evidence.csv committed beside each folder of fetched PADS recordings is what file_evidence gives."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "data" / name
    _check_evidence_file(folder)
    # Every file there is listed, and every listed file is there.
    assert {r["file"] for r in _evidence_rows(folder)} == {p.name for p in folder.glob("*_Relaxed_*.txt")}


def test_held_out_pads_recordings_never_reach_the_train_pool(shared_data):
    """pads_recordings() (what train and the leave-subjects-out evaluation read) holds no held-out file, and
    held_out=True yields exactly the files of tests/data/pads_heldout (the conftest points the installed
    package at tests/data)."""
    from pathlib import Path

    train = [r.name for r in R.pads_recordings(shared_data)]
    held = [r.name for r in R.pads_recordings(shared_data, held_out=True)]
    assert train and held
    assert not any("pads_heldout" in n for n in train)
    assert all(n.startswith("pads_heldout/") for n in held)
    folder = Path(__file__).resolve().parents[1] / "data" / "pads_heldout"
    assert {n.split("/")[-1] for n in held} == {p.name for p in folder.glob("*_Relaxed_*.txt")}
    assert {n.split("/")[-1] for n in train}.isdisjoint({n.split("/")[-1] for n in held})


def test_every_window_report_covers_whole_recordings(shared_data):
    """pads_every_window (evaluate's "every rest/posture window" rows) holds every window of each rest or
    posture recording, the rule's unlabelled ones included, with the participant's group as y; the windows
    pads_windows keeps are among them with the same features; evaluate.source_of names the rows by group and
    says when they are held out."""
    hop = T.DEFAULTS["real_hop_s"]
    every = T.pads_every_window(str(shared_data), hop, held_out=True)
    kept = T.pads_windows(str(shared_data), hop, held_out=True)
    recs = list(R.pads_recordings(shared_data, held_out=True))
    win, step = int(round(T.WINDOW_S * R.FS)), int(round(hop * R.FS))
    assert len(every) == sum((len(r.acc) - win) // step + 1 for r in recs if r.task_kind != "voluntary")
    # y: '<group>:<the recording's evidence-rule label>' (its evidence.csv row for these recordings)
    assert {y.split(":")[0] for y in every.y} == {"healthy", "tremor_person"}
    for r in recs:
        m = every.recording == r.name
        if r.task_kind != "voluntary":
            assert set(every.y[m]) == {("tremor_person" if r.tremor_person else "healthy") + ":" + r.evidence}
            assert r.evidence in ("positive", "negative", "unscored")
    assert len(kept) < len(every)  # the rule leaves some windows unlabelled
    rows = {tuple(np.round(x, 12)) for x in every.X}
    assert all(tuple(np.round(x, 12)) in rows for x in kept.X)
    assert E.source_of("pads_heldout/N_141_Relaxed_LeftWrist.txt", "healthy") == \
        "PADS healthy people, every rest/posture window (never trained on)"
    assert E.source_of("pads_relaxed/ET_222_Relaxed_RightWrist.txt", "tremor_person") == \
        "PADS people with tremor, every rest/posture window"
    assert E.check_targets("PADS healthy people, every rest/posture window", {"tremor": 0.02})[0]["met"] is False
    # the second grouping: by the recording's rule label, whatever the diagnosis
    assert E.source_of("pads_relaxed/N_134_Relaxed_LeftWrist.txt", "healthy:positive") == \
        "PADS healthy people, every rest/posture window"
    assert E.file_rule_group("pads_relaxed/N_134_Relaxed_LeftWrist.txt", "healthy:positive") == \
        "PADS rest recordings the rule calls clear tremor, every window"
    assert E.file_rule_group("pads_heldout/PD_999_Relaxed_LeftWrist.txt", "tremor_person:negative") == \
        "PADS rest recordings the rule calls tremor-free, every window (never trained on)"
    assert E.file_rule_group("pads_relaxed/x.txt", "tremor") is None
    assert E.check_targets("PADS rest recordings the rule calls tremor-free, every window", {"tremor": 0.02})[0]["met"] is False


def test_missing_fetched_pads_folders_warn(shared_data, tmp_path, monkeypatch):
    """Without tests/data/pads_true and pads_gyro (an installed package that cannot find the checkout) the train
    pool is pads_subset alone: pads_recordings says so instead of silently reading fewer recordings; same for
    pads_more (the copies) and pads_heldout."""
    monkeypatch.setenv("TREMORLAB_PADS_DATA", str(tmp_path))
    with pytest.warns(RuntimeWarning, match="pads_true not found"):
        names = [r.name for r in R.pads_recordings(shared_data)]
    assert names and all(n.startswith("pads_subset/") for n in names)
    with pytest.warns(RuntimeWarning, match="pads_more not found"):
        names = [r.name for r in R.pads_recordings(shared_data, copies=True)]
    assert names and not any(n.startswith("pads_more/") for n in names)
    assert any(n.startswith("pads_relaxed/") for n in names)
    with pytest.warns(RuntimeWarning, match="pads_heldout not found"):
        assert list(R.pads_recordings(shared_data, held_out=True)) == []


def test_pads_subset_recordings_carry_the_gyroscope(shared_data):
    """pads_subset_recordings: the 3 participants x 11 tasks x 2 wrists that pads_recordings starts with (same
    acceleration), each with the file's rotation rate beside it (deg/s, as every Recording; the file's rad/s),
    read straight from the float32 file."""
    import numpy as np

    sub = list(R.pads_subset_recordings(shared_data))
    assert len(sub) == 66
    pooled = [r for r in R.pads_recordings(shared_data) if r.name.startswith("pads_subset/")]
    assert [r.name for r in pooled] == [r.name for r in sub]
    raw = np.fromfile(shared_data / "pads_subset" / "002_ml.bin", dtype="<f4").reshape(11, 2, 6, 976)
    for a, b in zip(pooled, sub):
        np.testing.assert_array_equal(a.acc, b.acc)
        assert b.gyro is not None and b.gyro.shape == b.acc.shape
    # 002, HoldWeight (task 5), RightWrist: channels 3..5 are the gyroscope.
    r = next(r for r in sub if r.name == "pads_subset/002/HoldWeight/RightWrist")
    np.testing.assert_array_equal(r.gyro, np.degrees(raw[5, 1, 3:].T.astype(np.float64)))
    np.testing.assert_array_equal(r.acc, raw[5, 1, :3].T.astype(np.float64) + [0.0, 0.0, 1.0])


def _pd400_stretch_hold():
    """PD 400's right-arm StretchHold (tests/data/pads_probe, never trained on) from the watch's cue on: (its
    acceleration in g with gravity removed, as PADS gives it; its times; its rate)."""
    import tremorlab as tl

    rec = tl.read_recording(Path(__file__).resolve().parents[1] / "data" / "pads_probe" /
                            "PD_400_StretchHold_RightWrist.txt", format="pads")
    keep = tl.io.after_pads_cue(rec.t)
    return rec.acc[keep], rec.t[keep], rec.fs


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "models v7-v12: 3 of the 16 windows (t 1.0-4.0 s, at the start of the task: 8.1-8.5 Hz, "
    "1.8-1.9 m/s^2, envelope_cv 0.76-1.03, P(mimicked) 0.98-0.995) are called mimicked; docs/evaluation.md, 'Model v7'"))
def test_clear_postural_tremor_of_a_new_person_is_not_called_mimicked():
    """PD 400 (tests/data/pads_probe, never trained on), stretching the right arm out and holding it: a clear
    5.9 Hz postural tremor by the evidence rule (178 mg, 0.90 of the power in 3-12 Hz). No window may be
    `mimicked`, the worst error; the tremor itself must be seen (at least a third of the windows `tremor`)."""
    import tremorlab as tl

    lin, _, fs = _pd400_stretch_hold()
    assert R.file_evidence(lin, fs)["label_by_rule"] == "positive"
    acc = lin + [0.0, 0.0, 1.0]  # PADS removed gravity; 1 g back on z, as realtremor does
    labels = np.asarray(tl.classify(acc, fs=fs, units="g", hop_s=0.5).labels)
    assert len(labels) == 16 and (labels == "tremor").sum() >= 5
    assert not (labels == "mimicked").any()


def test_detector_names_the_new_persons_postural_tremor_tremor():
    """The same recording through the real-time Detector: its sequential test does not let the three windows
    `classify` calls mimicked name the bout (an accusation needs far more evidence), so the bout starts as
    `shaking` and is named `tremor`, never `mimicked`."""
    import tremorlab as tl

    lin, t, fs = _pd400_stretch_hold()
    det = tl.Detector(fs=fs, units="g")
    events = det.push(lin + [0.0, 0.0, 1.0], t) + det.flush()
    assert [e.kind for e in events][:1] == ["onset"] and events[0].label == "shaking"
    assert "mimicked" not in {e.label for e in events}
    assert any(e.kind == "relabel" and e.label == "tremor" for e in events)


@pytest.mark.parametrize("name", [
    pytest.param("382_DrinkGlas_LeftWrist.txt", marks=pytest.mark.xfail(strict=True, reason=(
        "models v6-v12: 1 of the 16 windows (t 3.0-5.0 s: 6.75 Hz, 1.8 m/s^2, band share 0.85, P(mimicked) 0.95-0.97) "
        "passes every gate of the accusation; docs/evaluation.md, 'Model v6' and 'Model v7'"))),
    "423_DrinkGlas_LeftWrist.txt"])
def test_kinetic_tremor_while_drinking_is_not_called_mimicked(name):
    """Real essential tremor while drinking from a glass (PADS DrinkGlas, tests/data/pads_timeseries): a 6-8 Hz
    shaking riding on the drinking movement, which a model trained on imitations with their arm motion leans
    towards `mimicked`. The accusation asks that the oscillation be the window's movement (band share >= 0.8,
    decision.hpp mimicked_min_band_share), so no window is `mimicked`, in classify and in the Detector; with
    that guard off the same model accuses several."""
    import tremorlab as tl

    rec = tl.read_recording(Path(__file__).resolve().parents[1] / "data" / "pads_timeseries" / name)
    acc = rec.acc[rec.t >= 0.5]  # the watch's vibration cue
    res = tl.classify(acc, fs=rec.fs, units="g", hop_s=0.5)
    labels = np.asarray(res.labels)
    assert not (labels == "mimicked").any() and (labels == "shaking").sum() >= 8
    j = json.loads(tl.Classifier.default().to_json())
    j["decision"]["mimicked_min_band_share"] = 0.0
    off = np.asarray(tl.classify(acc, fs=rec.fs, units="g", hop_s=0.5, model=tl.Classifier.from_json(j)).labels)
    assert (off == "mimicked").sum() >= 4
    assert set(np.flatnonzero(off == "mimicked")) <= set(np.flatnonzero(labels == "shaking"))
    det = tl.Detector(fs=rec.fs, units="g")
    seen = []
    for i in range(0, len(acc), 25):
        det.push(acc[i:i + 25])
        if det.latest():
            seen.append(det.latest()["label"])
    assert "mimicked" not in seen


@pytest.mark.parametrize("name", ["382_DrinkGlas_LeftWrist.txt", "423_DrinkGlas_LeftWrist.txt"])
def test_detector_never_names_the_drinking_tremor_mimicked(name):
    """Whatever single windows `classify` calls, the Detector's bouts of these kinetic tremors are never named
    `mimicked` (onset, relabel or offset): the README says so of ET 382's."""
    import tremorlab as tl

    rec = tl.read_recording(Path(__file__).resolve().parents[1] / "data" / "pads_timeseries" / name)
    keep = rec.t >= 0.5  # the watch's vibration cue
    det = tl.Detector(fs=rec.fs, units="g")
    events = det.push(rec.acc[keep], rec.t[keep]) + det.flush()
    assert events and "mimicked" not in {e.label for e in events}


def test_train_pool_reads_true_accelerations(shared_data):
    """Since model v6 the train pool holds no 3-column Relaxed copy (acceleration z and two rotation rates):
    besides pads_subset's .bin files it reads the movement/timeseries files of tests/data/pads_true and
    pads_gyro, whose three acceleration columns (2-4) it returns as given from the watch's cue on (1 g added on
    z), with each file's evidence label computed on that acceleration."""
    from pathlib import Path

    base = Path(__file__).resolve().parents[1] / "data"
    recs = list(R.pads_recordings(shared_data))
    assert not any(r.name.startswith(("pads_relaxed/", "pads_more/", "pads_heldout/")) for r in recs)
    ts = [r for r in recs if r.name.split("/")[0] in R.TRAIN_TIMESERIES]
    assert len(ts) >= 28
    for r in ts:
        raw = np.loadtxt(base / r.name, delimiter=",")
        np.testing.assert_allclose(r.without_gravity(), raw[-len(r.acc):, 1:4], rtol=0, atol=1e-12)
        assert len(raw) - len(r.acc) < 60  # only the cue's first ~0.5 s is skipped
        assert r.evidence == R.file_evidence(r.without_gravity(), r.fs)["label_by_rule"]


def test_held_out_people_clear_tremor_is_never_called_mimicked():
    """The worst error, on people the model never saw: every recording of the held-out people on true
    acceleration (tests/data/pads_cmp, pads_probe) that the evidence rule calls a clear tremor gets no
    `mimicked` window (classify, hop 0.5 s), and most of its windows are `tremor`. PD 400's stretch-and-hold is
    the known exception (3 windows, the strict xfail above) and is left out here. Model v9: 12 recordings of 7
    people, none with a `mimicked` window, the probe's batch 3 `tremor` in every window (v8 met them the same way
    before v9 was trained); 15 of 10 since the postural tremors of ET 302, 386 and 423 (pads_cmp batch 3, pads_probe
    batch 4) joined after v9 was trained, which v9 met the same way."""
    import tremorlab as tl

    seen, people = 0, set()
    for rec in R.pads_true_recordings():
        if rec.rule_label() != "positive" or rec.subject == "padsPD_400":
            continue
        labels = np.asarray(tl.classify(rec.acc, fs=rec.fs, units="g", hop_s=0.5).labels)
        assert not (labels == "mimicked").any(), rec.name
        seen += 1
        people.add(rec.subject)
        if rec.name.startswith("pads_probe/"):
            assert (labels == "tremor").mean() >= 0.5, rec.name
    assert seen >= 15 and len(people) >= 10


def test_held_out_people_are_never_in_the_train_pool(shared_data):
    """tests/data/pads_cmp and pads_probe (realtremor.HELD_OUT_TIMESERIES) are read only as the held-out people's
    true accelerations, which evaluate reports as such: every one of their files is in pads_true_recordings, none
    is in the train pool, and no probe person is (pads_cmp holds ET 302's right wrist, whose left is trained on:
    evaluate's person split says so)."""
    from pathlib import Path

    from tremorlab import evaluate as E

    assert not set(R.HELD_OUT_TIMESERIES) & set(R.TRAIN_TIMESERIES)
    base = Path(__file__).resolve().parents[1] / "data"
    held = list(R.pads_true_recordings())
    names = {r.name for r in held}
    want = {f"{d}/{p.name}" for d in R.HELD_OUT_TIMESERIES for p in (base / d).glob("*.txt")
            if p.name != "SOURCE.txt"}
    assert names == want and any(n.startswith("pads_probe/") for n in names)
    assert all(E._true_acc(n) for n in names)
    pool = list(R.pads_recordings(shared_data))
    assert not {r.name for r in pool} & names
    assert not {r.subject for r in pool} & {r.subject for r in held if r.name.startswith("pads_probe/")}


def test_train_timeseries_recordings_are_the_train_pools_true_accelerations():
    """realtremor.train_timeseries_recordings(): every data file of the TRAIN_TIMESERIES folders (listed by the
    file system here, independently), each read as its folder's recording with its acceleration's evidence label,
    and exactly what pads_recordings adds to the shared folder's pads_subset."""
    base = Path(__file__).resolve().parents[1] / "data"
    recs = list(R.train_timeseries_recordings())
    want = sorted(f"{d}/{p.name}" for d in R.TRAIN_TIMESERIES for p in (base / d).glob("*.txt")
                  if p.name != "SOURCE.txt")
    assert sorted(r.name for r in recs) == want and len(want) > 50
    first = recs[0]
    assert first.evidence == R.file_evidence(first.without_gravity(), first.fs)["label_by_rule"]
    assert first.gyro is not None and first.gyro.shape == first.acc.shape
    pool = [r.name for r in R.pads_recordings() if not r.name.startswith("pads_subset/")]
    assert pool == [r.name for r in recs]
