"""Random vibration (a ride on a bus or a bicycle) has no rhythm, so it is never shaking of any kind
(FeatureExtractor::rhythm_of, decision.hpp): the rule on the windows themselves, and docs/evaluation.md's
table ("No rhythm, no shaking") against what ``benchmarks/vibration.py --no-rhythm-rule-off`` prints today.
Window percentages may differ by 0.5 points and Detector counts by one event in 10 min (6 /h) on another
CPU: a window whose entropy or probability sits on a threshold can flip."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from _scripts import load

import tremorlab
from tremorlab import _core

REPO = Path(__file__).resolve().parents[2]
vibration = load("benchmarks/vibration.py")
SHAKING = ("tremor", "mimicked", "shaking")


@pytest.mark.parametrize("band", vibration.BANDS)
def test_a_window_without_a_rhythm_is_never_shaking(band):
    acc = vibration.vibration(band, 1.0, 2.0, 100.0, np.random.default_rng(3))
    res = tremorlab.classify(acc, fs=100.0, units="m/s^2", hop_s=0.5)
    X = np.asarray(res.features)
    flat = X[:, tremorlab.feature_names().index("spectral_entropy")] > _core.no_rhythm_entropy(100.0)
    rhythm = _core.rhythm_of_features(X, fs=100.0)
    np.testing.assert_array_equal(rhythm[flat], 0.0)
    assert np.all(rhythm[~flat] >= 0.5)
    assert not np.isin(np.asarray(res.labels)[flat], SHAKING).any()
    # The same probabilities with a rhythm are what the decision alone would say: rest/voluntary only
    # because of the rule wherever those differ.
    with_rhythm = res.model.decide(res.proba, res.amplitude, np.full(len(X), 6.0))
    share = _core.band_share_of_features(X)
    np.testing.assert_array_equal(np.asarray(res.labels)[~flat], np.asarray(res.model.decide(
        res.proba[~flat], res.amplitude[~flat], rhythm[~flat], res.turn_deg_s[~flat], share[~flat])))
    if band != (0.5, 8.0):  # broadband: almost every window is flat; the rule is what keeps them unshaken
        assert flat.mean() > 0.9
        assert np.isin(with_rhythm[flat], SHAKING).mean() > 0.2
    # The live Detector starts no bout on a window without a rhythm.
    det = tremorlab.Detector(fs=100.0)
    t = np.arange(len(acc)) / 100.0
    for i in range(0, len(acc), 25):
        for e in det.push(acc[i:i + 25], t[i:i + 25]):
            if e.kind == "onset":
                assert det.latest()["rhythm_hz"] > 0


def _docs_rows() -> dict[str, list[float]]:
    text = (REPO / "docs" / "evaluation.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        m = re.match(r"\| ([\d.]+-[\d.]+ Hz, [\d.]+ m/s\^2) \|(.*)\|$", line)
        if m:
            rows[m.group(1)] = [float(v) for v in re.findall(r"\d+(?:\.\d+)?", m.group(2))]
    return rows


def test_docs_vibration_table_is_current():
    out = subprocess.run([sys.executable, str(REPO / "benchmarks" / "vibration.py"), "--no-rhythm-rule-off"],
                         check=True, capture_output=True, text=True).stdout
    rows = _docs_rows()
    assert len(rows) == 9
    seen = 0
    for line in out.splitlines():
        m = re.match(r"\s+([\d.]+-[\d.]+ Hz, [\d.]+) m/s\^2: (.*)$", line)
        if not m:
            continue
        seen += 1
        got = dict(re.findall(r"([a-z /()]+?) ([\d.]+)(?: %)?(?:,|$)", m.group(2)))
        got = {k.strip(): float(v) for k, v in got.items()}
        shown = rows[m.group(1) + " m/s^2"]
        windows = [got[c] for c in SHAKING] + [got[f"{c} (rule off)"] for c in SHAKING]
        detector = [got["onsets/h"], got["named tremor/h"], got["named mimicked/h"]]
        assert shown[:6] == pytest.approx(windows, abs=0.5), line
        assert shown[6:9] == pytest.approx(detector, abs=6.01), line
    assert seen == 9


def test_readme_quotes_the_docs_table():
    rows = _docs_rows()
    text = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    m = re.search(r"called shaking of some kind in up to (\d+) % of its windows, and broadband vibration \(1–20 or 2–30 Hz\) "
                  r"started up to (\d+) detector onsets an hour; now it gets no shaking label and starts no onset",
                  text)
    assert m, "README's vibration sentence"
    broadband = [r for k, r in rows.items() if not k.startswith("0.5-8 Hz")]
    assert int(m.group(1)) == int(max(r[3] + r[4] + r[5] for r in rows.values()))  # rule off: the decision before it
    assert int(m.group(2)) == int(max(r[9] for r in broadband))       # the Detector at d6a4b74
    assert all(r[:3] == [0, 0, 0] and r[6:9] == [0, 0, 0] for r in broadband)  # now: nothing


def test_readme_names_the_low_rumble_limit():
    """README, "What it cannot yet tell apart": the 0.5-8 Hz rows' largest share of shaking of any kind, their largest
    onset rate and tremor-named bout rate, as the docs table shows them."""
    rumble = [r for k, r in _docs_rows().items() if k.startswith("0.5-8 Hz")]
    assert len(rumble) == 3
    text = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    m = re.search(r"a low rumble vs a shaking \(random vibration confined below 8 Hz, .* is `shaking` of some kind in up "
                  r"to (\d+) % of its windows and starts up to (\d+) shaking onsets an hour, (\d+) of them named tremor at "
                  r"0.3 m/s²", text)
    assert m, "README's low-rumble limit"
    assert int(m.group(1)) == round(max(r[0] + r[1] + r[2] for r in rumble))
    assert int(m.group(2)) == max(r[6] for r in rumble)
    assert int(m.group(3)) == max(r[7] for r in rumble)
